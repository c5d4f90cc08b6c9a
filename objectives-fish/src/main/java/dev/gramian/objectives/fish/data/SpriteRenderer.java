package dev.gramian.objectives.fish.data;

/**
 * Draws dSprites-style shapes into an n×n binary mask: a square or an ellipse (semi-axes r and
 * r/2) at one of 6 scales in [0.5, 1], 40 orientations over a full turn and 32×32 positions, as
 * in dSprites, whose images are binary too. The half-size is {@code r = 0.18·n·scale}, positions
 * keep every orientation at least a pixel away from the border, and a pixel is on when its centre
 * lies inside the shape.
 */
final class SpriteRenderer {
    static final int SCALES = 6;
    static final int ORIENTATIONS = 40;
    static final int POSITIONS = 32;

    /** The two shapes; the ordinal is the class label. */
    enum Shape {
        SQUARE, ELLIPSE
    }

    private final int size;

    SpriteRenderer(int size) {
        this.size = size;
    }

    /** The mask, row-major, of one sprite: 1 inside the shape, 0 outside. */
    byte[] render(Shape shape, int scale, int orientation, int x, int y) {
        double r = 0.18 * size * (0.5 + 0.1 * scale);
        double angle = 2 * Math.PI * orientation / ORIENTATIONS;
        double low = 0.18 * size * Math.sqrt(2) + 1;
        double span = size - 2 * low;
        double cx = low + span * x / (POSITIONS - 1.0);
        double cy = low + span * y / (POSITIONS - 1.0);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        byte[] mask = new byte[size * size];
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                double px = col + 0.5 - cx;
                double py = row + 0.5 - cy;
                double u = cos * px + sin * py;
                double v = -sin * px + cos * py;
                boolean in = shape == Shape.SQUARE
                        ? Math.abs(u) <= r && Math.abs(v) <= r
                        : (u * u) / (r * r) + (v * v) / (0.25 * r * r) <= 1;
                mask[row * size + col] = (byte) (in ? 1 : 0);
            }
        }
        return mask;
    }
}
