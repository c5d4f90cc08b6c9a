package dev.gramian.hf.config;

/**
 * Rotary position settings of a Llama-family config: θ and one of the rope types Gramian builds.
 * {@link #inverseFrequencies} applies the type's scaling as transformers'
 * {@code modeling_rope_utils} does; every supported type keeps the attention scale at 1.
 *
 * @param type          {@code default}, {@code linear} or {@code llama3}
 * @param theta         the base θ
 * @param factor        the scaling factor (linear, llama3; 1 for default)
 * @param lowFreqFactor llama3's {@code low_freq_factor}
 * @param highFreqFactor llama3's {@code high_freq_factor}
 * @param originalContext llama3's {@code original_max_position_embeddings}
 */
public record RopeScaling(String type, double theta, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalContext) {

    /** The rope types Gramian builds. */
    public static final java.util.List<String> SUPPORTED = java.util.List.of("default", "linear", "llama3");

    /** The unscaled default with base {@code theta}. */
    public static RopeScaling plain(double theta) {
        return new RopeScaling("default", theta, 1, 0, 0, 0);
    }

    /**
     * The {@code headDim / 2} inverse frequencies {@code θ^(−2j/headDim)}, scaled as the type says,
     * each rounded to float32 as transformers computes and stores them.
     */
    public double[] inverseFrequencies(int headDim) {
        double[] f = new double[headDim / 2];
        for (int j = 0; j < f.length; j++) {
            float exponent = (float) (2 * j) / (float) headDim;
            f[j] = 1.0f / (float) Math.pow((float) theta, exponent);
        }
        switch (type) {
            case "default" -> {
            }
            case "linear" -> {
                for (int j = 0; j < f.length; j++) {
                    f[j] /= factor;
                }
            }
            case "llama3" -> {
                double lowWavelength = originalContext / lowFreqFactor;
                double highWavelength = originalContext / highFreqFactor;
                for (int j = 0; j < f.length; j++) {
                    double wavelength = 2 * Math.PI / f[j];
                    if (wavelength > lowWavelength) {
                        f[j] /= factor;
                    } else if (wavelength >= highWavelength) {
                        double s = (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                        f[j] = (1 - s) * f[j] / factor + s * f[j];
                    }
                }
            }
            default -> throw new IllegalStateException("rope type " + type);
        }
        for (int j = 0; j < f.length; j++) {
            f[j] = (float) f[j];
        }
        return f;
    }
}
