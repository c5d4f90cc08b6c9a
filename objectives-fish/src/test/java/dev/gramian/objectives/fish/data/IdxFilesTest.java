package dev.gramian.objectives.fish.data;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFilesTest {
    @TempDir
    Path dir;

    /** Writes an IDX file of unsigned bytes with the given dimensions and data. */
    static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(0x0800 | dims.length);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(data);
        Files.write(file, buffer.array());
    }

    /** Writes the four MNIST files with {@code train} and {@code test} digits whose pixels encode their index. */
    static void writeMnist(Path dir, int train, int test) throws IOException {
        for (boolean isTrain : new boolean[] {true, false}) {
            int n = isTrain ? train : test;
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                pixels[i * 784] = (byte) (isTrain ? i : train + i);
                labels[i] = (byte) (i % 10);
            }
            String prefix = isTrain ? "train" : "t10k";
            writeIdx(dir.resolve(prefix + "-images-idx3-ubyte"), new int[] {n, 28, 28}, pixels);
            writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte"), new int[] {n}, labels);
        }
    }

    @Test
    void readsDimensionsAndData() throws IOException {
        Path file = dir.resolve("x-idx3-ubyte");
        writeIdx(file, new int[] {2, 1, 3}, new byte[] {1, 2, 3, 4, 5, (byte) 250});
        IdxFile idx = IdxFile.read(file, 3);
        assertArrayEquals(new int[] {2, 1, 3}, idx.dimensions());
        assertEquals(250, idx.data()[5] & 0xFF);
    }

    @Test
    void badMagicNamesTheFileAndBothNumbers() throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte");
        writeIdx(file, new int[] {3, 1, 1}, new byte[3]);
        var e = assertThrows(GramianException.class, () -> IdxFile.read(file, 1));
        assertEquals(GramianException.Category.INPUT, e.category());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000803") && e.getMessage().contains("0x00000801"), e.getMessage());
    }

    @Test
    void truncatedFileNamesTheFileAndTheSizes() throws IOException {
        Path file = dir.resolve("images-idx3-ubyte");
        writeIdx(file, new int[] {2, 28, 28}, new byte[2 * 784 - 5]);
        var e = assertThrows(GramianException.class, () -> IdxFile.read(file, 3));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("truncated")
                && e.getMessage().contains("1568") && e.getMessage().contains("1563"), e.getMessage());
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {0, 8});
        assertTrue(assertThrows(GramianException.class, () -> IdxFile.read(tiny, 1)).getMessage().contains("truncated"));
    }

    @Test
    void readsAndPoolsTheFourMnistFiles() throws IOException {
        writeMnist(dir, 30, 12);
        MnistDigits digits = MnistDigits.read(dir);
        assertEquals(42, digits.count());
        assertEquals(35, digits.pixels()[35 * 784]);
        assertEquals(5, digits.labels()[35], "the 6th test digit follows the 30 training digits");
    }

    @Test
    void missingFilesSayHowToGetThem() throws IOException {
        writeMnist(dir, 10, 10);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        var e = assertThrows(GramianException.class, () -> MnistDigits.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("t10k-labels-idx1-ubyte").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("gramian data fetch mnist") && e.getMessage().contains("--mnist-dir"),
                e.getMessage());
    }

    @Test
    void labelCountMustMatchImages() throws IOException {
        writeMnist(dir, 10, 10);
        writeIdx(dir.resolve("train-labels-idx1-ubyte"), new int[] {9}, new byte[9]);
        var e = assertThrows(GramianException.class, () -> MnistDigits.read(dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte") && e.getMessage().contains("9 labels for 10"),
                e.getMessage());
    }
}
