package dev.gramian.runs.generate;

import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.DecodingState;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.objectives.margin.probing.PretrainedStepBenchmark;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code gramian bench generate}: greedy-style decoding on a decoder of random weights (GPT-2 small's
 * shape by default), timed three ways in one process: the prompt's prefill, the generated tokens
 * with the key/value cache (one position per model call), and the same tokens without it (the
 * whole prefix run again for every token, as a model without a cache must). The tokens fed are
 * fixed random ids, so the timings do not depend on what random weights would pick.
 *
 * @param spec         the decoder
 * @param promptTokens the prompt's length
 * @param newTokens    the tokens generated after it
 * @param seed         the weights' and the ids' seed
 */
public record GenerationBenchmark(DecoderSpec spec, int promptTokens, int newTokens, long seed) {

    public GenerationBenchmark {
        if (promptTokens < 1 || newTokens < 1 || promptTokens + newTokens > spec.context()) {
            throw new IllegalArgumentException("need a prompt and new tokens of at least 1 within the context of "
                    + spec.context() + ", got " + promptTokens + " + " + newTokens);
        }
    }

    /**
     * What one run measured.
     *
     * @param parameters      the decoder's weights
     * @param prefillMs       appending the prompt (one call)
     * @param cachedPerSecond generated tokens per second with the cache
     * @param fullPerSecond   generated tokens per second recomputing the prefix for each
     */
    public record Result(long parameters, double prefillMs, double cachedPerSecond, double fullPerSecond) {

        /** One JSON object with every field. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"parameters\": %d, \"prefill_ms\": %.1f, \"tokens_per_second\": %.2f, "
                    + "\"tokens_per_second_without_cache\": %.2f}", parameters, prefillMs, cachedPerSecond, fullPerSecond);
        }
    }

    /** Runs the benchmark on a model {@code backend} builds. */
    public Result run(Backend backend) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ids = new int[promptTokens + newTokens];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(spec.vocabularySize());
        }
        int[] prompt = Arrays.copyOf(ids, promptTokens);
        try (LanguageModel model = backend.pretrainedModel(spec, PretrainedStepBenchmark.randomWeights(spec, seed));
             DecodingState state = model.startDecoding()) {
            state.append(prompt); // warm-up: builds the graph's kernels for both shapes
            state.append(ids[promptTokens]);
            state.reset();
            long start = System.nanoTime();
            state.append(prompt);
            double prefillMs = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            for (int i = promptTokens; i < ids.length; i++) {
                state.append(ids[i]);
            }
            double cached = newTokens / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int i = promptTokens; i < ids.length; i++) {
                state.reset();
                state.append(Arrays.copyOf(ids, i + 1));
            }
            double full = newTokens / ((System.nanoTime() - start) / 1e9);
            return new Result(model.parameters().size(), prefillMs, cached, full);
        }
    }
}
