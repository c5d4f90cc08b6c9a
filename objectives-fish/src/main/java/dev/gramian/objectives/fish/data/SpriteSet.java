package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.LabeledBatch;

/**
 * Coloured sprites held compactly: one binary mask and one RGB colour per example, expanded to
 * {@code [3, side, side]} floats (mask × colour, channels first) only when a batch is taken.
 */
final class SpriteSet implements ExampleSet {
    private final int side;
    private final byte[] masks;
    private final float[] colours;
    private final int[] labels;

    /**
     * @param side    the image side
     * @param masks   {@code labels.length × side²} mask values, 0 or 1 (not copied)
     * @param colours {@code labels.length × 3} RGB values (not copied)
     * @param labels  one class id per example (not copied)
     */
    SpriteSet(int side, byte[] masks, float[] colours, int[] labels) {
        if (masks.length != labels.length * side * side || colours.length != 3 * labels.length) {
            throw new IllegalArgumentException("masks or colours do not fit " + labels.length + " examples of side "
                    + side);
        }
        this.side = side;
        this.masks = masks;
        this.colours = colours;
        this.labels = labels;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] exampleShape() {
        return new int[] {3, side, side};
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The RGB colour of example {@code index}. */
    float[] colour(int index) {
        return new float[] {colours[3 * index], colours[3 * index + 1], colours[3 * index + 2]};
    }

    @Override
    public LabeledBatch batch(int[] indices) {
        int plane = side * side;
        float[] x = new float[indices.length * 3 * plane];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int example = indices[i];
            if (example < 0 || example >= labels.length) {
                throw new IndexOutOfBoundsException("example " + example + " of " + labels.length);
            }
            y[i] = labels[example];
            for (int c = 0; c < 3; c++) {
                float colour = colours[3 * example + c];
                int base = (i * 3 + c) * plane;
                for (int p = 0; p < plane; p++) {
                    x[base + p] = masks[example * plane + p] * colour;
                }
            }
        }
        return new LabeledBatch(x, y);
    }
}
