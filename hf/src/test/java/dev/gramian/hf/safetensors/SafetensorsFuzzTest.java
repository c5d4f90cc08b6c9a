package dev.gramian.hf.safetensors;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of generated and mutated safetensors files: each either opens and reads completely or
 * fails with an input error; nothing else is thrown, nothing hangs, and a lying header never makes
 * the reader allocate what the file does not hold.
 */
class SafetensorsFuzzTest {

    private static final Dtype[] TYPES = Dtype.values();
    private static final int CASES = 4000;

    @TempDir
    Path dir;

    @Test
    void generatedAndMutatedFilesOpenOrFailWithAnInputError() {
        Random random = new Random(20261203);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] valid = generate(random);
                byte[] input = i % 5 == 0 ? valid : mutate(valid, random);
                outcomes[check(input, i)]++;
            }
        });
        assertEquals(CASES, outcomes[0] + outcomes[1]);
        assertTrue(outcomes[0] > CASES / 10, "some inputs open: " + Arrays.toString(outcomes));
        assertTrue(outcomes[1] > CASES / 3, "most mutations are caught: " + Arrays.toString(outcomes));
    }

    /** 0 when the file opened and every floating tensor was read, 1 when it failed with an input error. */
    private int check(byte[] input, int index) throws IOException {
        Path p = dir.resolve("case.safetensors");
        Files.write(p, input);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            for (TensorEntry e : f.tensors().values()) {
                if (e.dtype().isFloating()) {
                    assertEquals(e.elements(), f.readFloats(e.name()).length);
                }
            }
            return 0;
        } catch (GramianException e) {
            if (e.category() != GramianException.Category.INPUT || !e.getMessage().startsWith(p.toString())) {
                fail("case " + index + ": " + e.category() + " " + e.getMessage());
            }
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("case " + index + " threw " + e + " for header "
                    + new String(input, 8, Math.min(200, Math.max(0, input.length - 8)), StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] generate(Random random) {
        int count = random.nextInt(6);
        StringBuilder header = new StringBuilder("{");
        if (random.nextBoolean()) {
            header.append("\"__metadata__\":{\"format\":\"pt\"}");
        }
        long offset = 0;
        for (int t = 0; t < count; t++) {
            Dtype dtype = TYPES[random.nextInt(TYPES.length)];
            int rank = random.nextInt(4);
            long[] shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = random.nextInt(5);
                elements *= shape[d];
            }
            long end = offset + elements * dtype.bytes();
            if (header.length() > 1) {
                header.append(',');
            }
            header.append("\"t").append(t).append("\":{\"dtype\":\"").append(dtype).append("\",\"shape\":")
                    .append(Arrays.toString(shape).replace(" ", "")).append(",\"data_offsets\":[").append(offset)
                    .append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] data = new byte[(int) offset];
        random.nextBytes(data);
        return SafetensorsFileTest.raw(header.toString(), data);
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] out = valid.clone();
        switch (random.nextInt(7)) {
            case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
            case 2 -> out = Arrays.copyOf(out, out.length + 1 + random.nextInt(16));
            case 3 -> ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lyingLength(random, out.length));
            case 4 -> {
                int headerEnd = (int) Math.min(out.length, 8 + ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
                for (int k = 8; k < headerEnd; k++) {
                    if (Character.isDigit(out[k]) && random.nextInt(3) == 0) {
                        out[k] = (byte) ('0' + random.nextInt(10));
                    }
                }
            }
            case 5 -> {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    int at = 8 + random.nextInt(Math.max(1, out.length - 8));
                    if (at < out.length) {
                        out[at] = (byte) "{}[],:\"0123456789-eE.\\ x".charAt(random.nextInt(24));
                    }
                }
            }
            default -> {
                String text = new String(out, StandardCharsets.ISO_8859_1)
                        .replaceFirst("F32|F16|BF16|I64|U8", random.nextBoolean() ? "F64" : "X9")
                        .replaceFirst("data_offsets", random.nextBoolean() ? "data_offset" : "shape");
                out = text.getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return out;
    }

    private static long lyingLength(Random random, int fileLength) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> fileLength + random.nextInt(1 << 20);
            case 2 -> SafetensorsFile.MAX_HEADER - random.nextInt(10);
            default -> random.nextInt(Math.max(1, fileLength));
        };
    }
}
