package dev.gramian.api.generation;

/**
 * How a {@link Generator} picks and stops. With {@code temperature} 0 every token is the most
 * likely one (greedy, ties to the lowest id) and {@code topK}, {@code topP} and {@code seed} play no
 * part; otherwise tokens are sampled from the logits divided by the temperature, restricted to the
 * {@code topK} largest (0: all) and then to the nucleus of probability {@code topP} (1: all), the
 * order and tie rules of Hugging Face's {@code generate}.
 *
 * @param maxNewTokens the most tokens generated per prompt, at least 1
 * @param temperature  0 for greedy decoding, otherwise positive and finite
 * @param topK         keep the k largest logits; 0 keeps all
 * @param topP         keep the smallest set of most likely tokens whose probability reaches p, in (0, 1]
 * @param seed         the sampling seed (prompt i draws from stream i of it)
 * @param stopAtEos    whether an end token ends a completion (it is kept as its last token)
 */
public record GenerationSettings(int maxNewTokens, double temperature, int topK, double topP, long seed,
                                 boolean stopAtEos) {
    public GenerationSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 (greedy) or positive and finite, got "
                    + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 (off) or positive, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
    }

    /** Greedy decoding of at most {@code maxNewTokens} tokens, stopping at an end token. */
    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, 0, 0, 1, 0, true);
    }

    /** Whether every token is the most likely one. */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
