package dev.gramian.objectives.fish.data;

import dev.gramian.api.GramianException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One IDX file of unsigned bytes, the format of the MNIST distribution: two zero bytes, the type
 * code {@code 0x08} (unsigned byte), the number of dimensions, each dimension as a big-endian
 * 32-bit integer, then the data in row-major order.
 *
 * @param file       where it was read from (for messages)
 * @param dimensions the dimensions, e.g. {@code [60000, 28, 28]}
 * @param data       the elements (not copied)
 */
public record IdxFile(Path file, int[] dimensions, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    public IdxFile {
        dimensions = dimensions.clone();
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /**
     * Reads and checks {@code file}: the magic number must say unsigned bytes with
     * {@code expectedRank} dimensions, and the file's length must be exactly header plus data.
     *
     * @throws GramianException (input) naming the file for a missing, unreadable, mistyped or truncated file
     */
    public static IdxFile read(Path file, int expectedRank) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw GramianException.input(file.toString(), 0, "no such file");
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot read: " + e.getMessage());
        }
        if (bytes.length < 4) {
            throw GramianException.input(file.toString(), 0, "truncated: " + bytes.length
                    + " bytes, shorter than the 4-byte IDX magic number");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = buffer.getInt();
        int expectedMagic = (UNSIGNED_BYTE << 8) | expectedRank;
        if (magic != expectedMagic) {
            throw GramianException.input(file.toString(), 0, String.format(
                    "bad IDX magic number 0x%08X; expected 0x%08X (unsigned bytes, %d dimensions)",
                    magic, expectedMagic, expectedRank));
        }
        int header = 4 + 4 * expectedRank;
        if (bytes.length < header) {
            throw GramianException.input(file.toString(), 0, "truncated IDX header: " + bytes.length
                    + " bytes, need " + header);
        }
        int[] dims = new int[expectedRank];
        long size = 1;
        for (int i = 0; i < expectedRank; i++) {
            dims[i] = buffer.getInt();
            if (dims[i] < 0) {
                throw GramianException.input(file.toString(), 0, "negative IDX dimension " + dims[i]);
            }
            size *= dims[i];
        }
        if (bytes.length - header != size) {
            throw GramianException.input(file.toString(), 0, (bytes.length - header < size ? "truncated" : "too long")
                    + ": dimensions " + Arrays.toString(dims) + " need " + size + " data bytes, file has "
                    + (bytes.length - header));
        }
        return new IdxFile(file, dims, Arrays.copyOfRange(bytes, header, bytes.length));
    }
}
