package dev.gramian.api.checkpoint;

import dev.gramian.api.GramianException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file all at once: the content goes to a temporary file in the target's directory
 * (named {@code .<target name>.<random>.tmp}), is forced to the storage device, and is then renamed
 * over the target in one atomic step. Readers see either the previous file or the complete new one,
 * never a mixture; if writing fails, the temporary file is removed and the previous file is
 * untouched. A process killed mid-write may leave a temporary file behind, but never a damaged
 * target. Checkpoints use it, and so can any run file ({@code config.json}, reports).
 */
public final class AtomicFile {

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content to {@code out}; the caller buffers, flushes and closes it.
         *
         * @throws IOException when writing fails; the target file is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code content} writes.
     *
     * @throws GramianException (input) naming {@code target} when the file cannot be written; an
     *                          unchecked exception thrown by {@code content} propagates unchanged.
     *                          Either way the previous file is intact and no temporary file remains.
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temp = directory.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard(temp, e);
            throw new GramianException(GramianException.Category.INPUT,
                    "cannot write " + target + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } catch (RuntimeException | Error e) {
            discard(temp, e);
            throw e;
        }
        syncDirectory(directory);
    }

    private static void discard(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /**
     * Makes the rename itself durable across a power loss by syncing the directory entry. The new
     * file is already complete and in place when this runs, so a platform that cannot open a
     * directory for syncing (Windows, which makes renames durable itself) loses nothing by skipping it.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupportedOnThisPlatform) {
            // See the method comment: the file is complete; only the directory sync is skipped.
        }
    }
}
