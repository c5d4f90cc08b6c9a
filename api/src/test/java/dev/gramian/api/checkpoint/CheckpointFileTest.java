package dev.gramian.api.checkpoint;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.param.ParameterSet.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointFileTest {
    @TempDir
    Path dir;

    private static ParameterSet parameters(double scale) {
        return new ParameterSet(List.of(
                new Parameter("layer0/w", new int[] {2, 3}, new double[] {
                        scale, -0.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY,
                        Double.longBitsToDouble(0x7ff8_0000_0000_0123L), -scale / 3}),
                new Parameter("layer0/b", new int[] {3}, new double[] {1e-300, 2, 3}),
                new Parameter("scalar", new int[] {}, new double[] {Math.PI}),
                new Parameter("empty", new int[] {0, 4}, new double[0])));
    }

    private static Checkpoint sample(double scale) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("layers", "4");
        config.put("width", "256");
        config.put("tokenizer", "bytes ✓ ü");
        Map<String, ParameterSet> slots = new LinkedHashMap<>();
        slots.put("m", parameters(scale * 0.1));
        slots.put("v", parameters(scale * 0.01));
        return new Checkpoint(config, 1234, 0xDEADBEEFCAFEL, parameters(scale),
                new OptimizerState(1234, slots), Map.of("objective", "dpo"));
    }

    private static void assertBitExact(ParameterSet expected, ParameterSet actual) {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            assertArrayEquals(expected.get(name).shape(), actual.get(name).shape(), name);
            assertArrayEquals(rawBits(expected.values(name)), rawBits(actual.values(name)), name);
        }
    }

    private static long[] rawBits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    private static GramianException assertInputError(Path file, String expectedPhrase) {
        var e = assertThrows(GramianException.class, () -> CheckpointFile.read(file));
        assertEquals(GramianException.Category.INPUT, e.category());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedPhrase), e.getMessage());
        return e;
    }

    @Test
    void roundTripIsBitExactAndKeepsOrder() {
        Path file = dir.resolve("step-1234.ckpt");
        Checkpoint written = sample(1.5);
        CheckpointFile.write(file, written);
        Checkpoint read = CheckpointFile.read(file);

        assertEquals(List.copyOf(written.modelConfig().entrySet()), List.copyOf(read.modelConfig().entrySet()));
        assertEquals(written.metadata(), read.metadata());
        assertEquals(1234, read.step());
        assertEquals(0xDEADBEEFCAFEL, read.rngState());
        assertBitExact(written.parameters(), read.parameters());
        assertEquals(1234, read.optimizer().steps());
        assertEquals(List.of("m", "v"), List.copyOf(read.optimizer().slots().keySet()));
        assertBitExact(written.optimizer().slots().get("v"), read.optimizer().slots().get("v"));
        assertEquals(written, read);
    }

    /** The bytes on disk are exactly those the package documentation describes. */
    @Test
    void bytesFollowTheDocumentedLayout() throws IOException {
        var checkpoint = new Checkpoint(Map.of("k", "v"), 3, -2,
                new ParameterSet(List.of(new Parameter("w", new int[] {2}, new double[] {0.5, -1}))),
                new OptimizerState(3, Map.of()), Map.of());
        var payload = new ByteArrayOutputStream();
        var out = new DataOutputStream(payload);
        out.writeInt(1);
        writeText(out, "k");
        writeText(out, "v");
        out.writeLong(3);
        out.writeLong(-2);
        out.writeInt(1);
        writeText(out, "w");
        out.writeInt(1);
        out.writeInt(2);
        out.writeLong(Double.doubleToRawLongBits(0.5));
        out.writeLong(Double.doubleToRawLongBits(-1));
        out.writeLong(3);
        out.writeInt(0);
        out.writeInt(0);
        byte[] expected = withHeader(1, payload.toByteArray());

        Path file = dir.resolve("golden.ckpt");
        CheckpointFile.write(file, checkpoint);
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** A header as documented: magic, version, CRC32 of the payload, payload length. */
    private static byte[] withHeader(int version, byte[] payload) throws IOException {
        var crc = new CRC32();
        crc.update(payload);
        var file = new ByteArrayOutputStream();
        var out = new DataOutputStream(file);
        out.write(new byte[] {(byte) 0x89, 'G', 'R', 'M', 'C', 'K', 'P', '\n'});
        out.writeInt(version);
        out.writeInt((int) crc.getValue());
        out.writeLong(payload.length);
        out.write(payload);
        return file.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.34, 0.5, 0.9, 0.999})
    void truncatedFilesAreRejected(double fraction) throws IOException {
        Path file = dir.resolve("full.ckpt");
        CheckpointFile.write(file, sample(2));
        byte[] bytes = Files.readAllBytes(file);
        int cut = Math.max(8, (int) (bytes.length * fraction));
        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, Arrays.copyOf(bytes, cut));
        assertInputError(truncated, "truncated");
    }

    @Test
    void filesShorterThanTheMagicAreNotCheckpoints() throws IOException {
        Path file = dir.resolve("tiny.ckpt");
        Files.write(file, new byte[] {(byte) 0x89, 'G', 'R'});
        assertInputError(file, "not a Gramian checkpoint");
    }

    @Test
    void everySingleFlippedByteIsDetected() throws IOException {
        // A small checkpoint that still has every section: flipping each of its bytes stays fast.
        var w = new ParameterSet(List.of(new Parameter("w", new int[] {2}, new double[] {0.5, -3})));
        Path file = dir.resolve("ok.ckpt");
        CheckpointFile.write(file, new Checkpoint(Map.of("layers", "1"), 7, 99, w,
                new OptimizerState(7, Map.of("momentum", w)), Map.of("seed", "1")));
        byte[] bytes = Files.readAllBytes(file);
        Path damaged = dir.resolve("damaged.ckpt");
        for (int i = 0; i < bytes.length; i++) {
            byte[] copy = bytes.clone();
            copy[i] ^= (byte) 0x5A;
            Files.write(damaged, copy);
            var e = assertThrows(GramianException.class, () -> CheckpointFile.read(damaged), "byte " + i);
            assertEquals(GramianException.Category.INPUT, e.category());
        }
        byte[] payloadFlip = bytes.clone();
        payloadFlip[bytes.length / 2] ^= 1;
        Files.write(damaged, payloadFlip);
        assertInputError(damaged, "corrupted checkpoint: payload CRC32");
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        Path file = dir.resolve("model.json");
        Files.writeString(file, "{\"layers\": 4, \"width\": 256, \"heads\": 4}");
        assertInputError(file, "not a Gramian checkpoint");
    }

    @Test
    void unsupportedVersionIsNamed() throws IOException {
        Path file = dir.resolve("future.ckpt");
        Files.write(file, withHeader(2, new byte[40]));
        assertInputError(file, "unsupported checkpoint format version 2; this build reads version 1");
    }

    @Test
    void forgedCountsWithAValidChecksumAreRejectedWithoutAllocating() throws IOException {
        Path file = dir.resolve("forged.ckpt");
        var payload = new ByteArrayOutputStream();
        new DataOutputStream(payload).writeInt(Integer.MAX_VALUE);
        Files.write(file, withHeader(1, payload.toByteArray()));
        assertInputError(file, "malformed checkpoint payload");

        var trailing = new ByteArrayOutputStream();
        var out = new DataOutputStream(trailing);
        out.writeInt(0);
        out.writeLong(0);
        out.writeLong(0);
        out.writeInt(0);
        out.writeLong(0);
        out.writeInt(0);
        out.writeInt(0);
        out.writeByte(7);
        Files.write(file, withHeader(1, trailing.toByteArray()));
        assertInputError(file, "unexpected bytes");
    }

    @Test
    void missingFileIsNamed() {
        assertInputError(dir.resolve("absent.ckpt"), "no such checkpoint file");
    }

    @Test
    void replacingLeavesOnlyTheTarget() throws IOException {
        Path file = dir.resolve("last.ckpt");
        CheckpointFile.write(file, sample(1));
        CheckpointFile.write(file, sample(2));
        assertEquals(List.of(file), files());
        assertEquals(sample(2), CheckpointFile.read(file));
    }

    @Test
    void crashMidWriteLeavesThePreviousCheckpointAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("last.ckpt");
        CheckpointFile.write(file, sample(1));
        Path scratch = dir.resolve("scratch.ckpt");
        CheckpointFile.write(scratch, sample(2));
        byte[] next = Files.readAllBytes(scratch);
        Files.delete(scratch);

        var crash = new IllegalStateException("simulated crash");
        var thrown = assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, out -> {
            out.write(next, 0, next.length / 2);
            out.flush();
            throw crash;
        }));
        assertEquals(crash, thrown);
        assertEquals(sample(1), CheckpointFile.read(file));
        assertEquals(List.of(file), files());

        var ioFailure = assertThrows(GramianException.class, () -> AtomicFile.write(file, out -> {
            out.write(next, 0, 100);
            throw new IOException("No space left on device");
        }));
        assertEquals(GramianException.Category.INPUT, ioFailure.category());
        assertTrue(ioFailure.getMessage().contains(file.toString()), ioFailure.getMessage());
        assertTrue(ioFailure.getMessage().contains("No space left on device"), ioFailure.getMessage());
        assertEquals(sample(1), CheckpointFile.read(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void unwritableTargetIsNamed() {
        Path file = dir.resolve("no-such-dir").resolve("last.ckpt");
        var e = assertThrows(GramianException.class, () -> CheckpointFile.write(file, sample(1)));
        assertEquals(GramianException.Category.INPUT, e.category());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void checkpointIsASnapshot() {
        ParameterSet live = parameters(1);
        var checkpoint = new Checkpoint(Map.of(), 0, 0, live, OptimizerState.empty(), Map.of());
        live.values("layer0/b")[0] = 42;
        checkpoint.parameters().values("layer0/b")[1] = 42;
        assertEquals(1e-300, checkpoint.parameters().values("layer0/b")[0]);
        assertEquals(2, checkpoint.parameters().values("layer0/b")[1]);
        assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(Map.of(), -1, 0, live, OptimizerState.empty(), Map.of()));
    }
}
