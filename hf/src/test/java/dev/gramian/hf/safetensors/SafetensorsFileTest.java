package dev.gramian.hf.safetensors;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** A file of the given header text and data bytes, with the 8-byte length in front. */
    static byte[] raw(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path file(byte[] bytes) throws IOException {
        Path p = dir.resolve("t" + System.nanoTime() + ".safetensors");
        Files.write(p, bytes);
        return p;
    }

    private String openFailure(byte[] bytes) throws IOException {
        Path p = file(bytes);
        GramianException e = assertThrows(GramianException.class, () -> SafetensorsFile.open(p).close());
        assertEquals(GramianException.Category.INPUT, e.category());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @EnumSource(value = Dtype.class, names = {"F32", "F16", "BF16", "F64"})
    void writtenTensorsReadBackWithinTheTypesPrecision(Dtype dtype) throws IOException {
        double[] a = {1.5, -2.25, 3.0e-3, 0, 1024.75, -7.125};
        double[] b = {0.1};
        Path p = dir.resolve("w.safetensors");
        SafetensorsWriter.write(p, List.of(new SafetensorsWriter.Tensor("a", new int[]{2, 3}, a),
                new SafetensorsWriter.Tensor("b.weight", new int[]{1}, b)), dtype, Map.of("format", "pt"));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(List.of("a", "b.weight"), List.copyOf(f.tensors().keySet()));
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertArrayEquals(new long[]{2, 3}, f.entry("a").shape());
            assertEquals(dtype, f.entry("a").dtype());
            double tolerance = switch (dtype) {
                case F64 -> 0;
                case F32 -> 1e-7;
                case F16 -> 1e-3;
                default -> 8e-3;
            };
            double[] read = f.readDoubles("a");
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], read[i], tolerance * Math.max(1, Math.abs(a[i])), "element " + i);
            }
            assertEquals(0.1, f.readFloats("b.weight")[0], Math.max(tolerance, 1e-7));
        }
    }

    @Test
    void theFixtureOpensWithEveryTensorTilingTheBuffer() {
        Path p = Path.of("src/test/resources/hf-tiny/tiny-gpt2/model.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(28, f.tensors().size());
            assertArrayEquals(new long[]{384, 32}, f.entry("transformer.wte.weight").shape());
            assertEquals(384 * 32, f.readFloats("transformer.wte.weight").length);
        }
    }

    @Test
    void truncatedAndLyingLengthsAreRejectedBeforeAnythingIsAllocated() throws IOException {
        assertTrue(openFailure(new byte[]{1, 2, 3}).contains("truncated"));
        byte[] huge = raw("{}", new byte[0]);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        assertTrue(openFailure(huge).contains("outside"));
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertTrue(openFailure(huge).contains("outside"));
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 50_000_000L);
        assertTrue(openFailure(huge).contains("runs past the end"));
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
        assertTrue(openFailure(huge).contains("100000000"));
    }

    @Test
    void headerDefectsNameWhatIsWrong() throws IOException {
        byte[] four = new byte[4];
        assertTrue(openFailure(raw("{\"a\":", four)).contains("not valid JSON"));
        assertTrue(openFailure(raw("[1, 2]", four)).contains("not a JSON object"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", four))
                .contains("unknown dtype 'Q7'"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", four))
                .contains("needs 8 bytes"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", new byte[6])).contains("overlaps"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]))
                .contains("belong to no tensor"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[6]))
                .contains("tensors end at 4"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", four))
                .contains("truncated"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", four))
                .contains("non-negative"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", four))
                .contains("end before"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8])).contains("twice"));
        assertTrue(openFailure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}",
                four)).contains("too large"));
        byte[] badUtf8 = raw("{\"a\":1}", new byte[0]);
        badUtf8[10] = (byte) 0xff;
        assertTrue(openFailure(badUtf8).contains("UTF-8"));
    }

    @Test
    void anIntegerTensorOpensButIsNotReadAsNumbers() throws IOException {
        Path p = file(raw("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            GramianException e = assertThrows(GramianException.class, () -> f.readFloats("ids"));
            assertTrue(e.getMessage().contains("I64") && e.getMessage().contains("BF16"), e.getMessage());
            assertTrue(assertThrows(GramianException.class, () -> f.entry("nope")).getMessage().contains("'nope'"));
        }
    }
}
