package dev.gramian.hf.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gramian.api.checkpoint.AtomicFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files atomically ({@link AtomicFile}): the header with the tensors in the
 * given order, padded with spaces to a multiple of 8 bytes as the reference writer does, then the
 * tensors' bytes, converted from doubles to the chosen floating type (rounding to nearest even).
 */
public final class SafetensorsWriter {

    /**
     * One tensor to write.
     *
     * @param name   its key
     * @param shape  its dimensions
     * @param values its elements, row-major (not copied)
     */
    public record Tensor(String name, int[] shape, double[] values) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(name + ": shape holds " + n + " elements, got " + values.length);
            }
        }
    }

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} stored as {@code dtype} to {@code target}, replacing it atomically.
     *
     * @throws IllegalArgumentException when {@code dtype} is not a floating type
     */
    public static void write(Path target, List<Tensor> tensors, Dtype dtype, Map<String, String> metadata) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("cannot write " + dtype + "; write one of " + Dtype.floatingNames());
        }
        byte[] header = header(tensors, dtype, metadata);
        AtomicFile.write(target, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(length.array());
            out.write(header);
            for (Tensor t : tensors) {
                writeValues(out, t.values(), dtype);
            }
        });
    }

    /** The bytes {@code tensors} need in {@code dtype}: the sum of their sizes. */
    public static long dataBytes(List<Tensor> tensors, Dtype dtype) {
        long total = 0;
        for (Tensor t : tensors) {
            total += (long) t.values().length * dtype.bytes();
        }
        return total;
    }

    private static byte[] header(List<Tensor> tensors, Dtype dtype, Map<String, String> metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Tensor t : tensors) {
                long end = offset + (long) t.values().length * dtype.bytes();
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", dtype.name());
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        StringBuilder text = new StringBuilder(bytes.toString(StandardCharsets.UTF_8));
        byte[] encoded = text.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (8 - encoded.length % 8) % 8;
        return (text + " ".repeat(padding)).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValues(OutputStream out, double[] values, Dtype dtype) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (buffer.remaining() < 8) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            switch (dtype) {
                case F64 -> buffer.putDouble(v);
                case F32 -> buffer.putFloat((float) v);
                case F16 -> buffer.putShort((short) HalfFloats.floatToHalf((float) v));
                case BF16 -> buffer.putShort((short) HalfFloats.floatToBfloat16((float) v));
                default -> throw new IllegalStateException(dtype.name());
            }
        }
        out.write(buffer.array(), 0, buffer.position());
    }
}
