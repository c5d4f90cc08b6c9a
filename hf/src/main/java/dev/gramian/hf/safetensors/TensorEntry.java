package dev.gramian.hf.safetensors;

import java.util.Arrays;

/**
 * One tensor of a safetensors header: its type, shape and byte range within the data buffer.
 *
 * @param name  the tensor's key
 * @param dtype its element type
 * @param shape its dimensions (empty for a scalar)
 * @param begin first byte, relative to the data buffer
 * @param end   one past the last byte
 */
public record TensorEntry(String name, Dtype dtype, long[] shape, long begin, long end) {

    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements (the product of the shape). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as ints (every dimension of a tensor Gramian reads fits one). */
    public int[] intShape() {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = Math.toIntExact(shape[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
