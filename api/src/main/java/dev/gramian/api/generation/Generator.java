package dev.gramian.api.generation;

import dev.gramian.api.model.DecodingState;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.random.SplitMix64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Completes prompts with a language model's key/value cache: the prompt is appended in one model
 * call, then every generated token in one call of its own, so the prefix is never recomputed. A
 * completion stops at a stop token (when {@link GenerationSettings#stopAtEos()}), after
 * {@link GenerationSettings#maxNewTokens()} tokens, or when the model's context is full. Prompt i of
 * a list samples from stream i of the seed, so a completion does not depend on the other prompts.
 * The model's parameters are read once per call: a list of prompts shares one decoding state,
 * {@linkplain DecodingState#reset() reset} between prompts.
 */
public final class Generator {
    private final LanguageModel model;
    private final GenerationSettings settings;
    private final NextTokenSampler sampler;

    public Generator(LanguageModel model, GenerationSettings settings) {
        this.model = model;
        this.settings = settings;
        this.sampler = new NextTokenSampler(settings);
    }

    /**
     * Completes each prompt in turn.
     *
     * @param stopTokens ids that end a completion, such as the tokenizer's EOS
     */
    public List<Completion> complete(List<int[]> prompts, int... stopTokens) {
        List<Completion> out = new ArrayList<>(prompts.size());
        try (DecodingState state = model.startDecoding()) {
            for (int i = 0; i < prompts.size(); i++) {
                state.reset();
                out.add(complete(state, prompts.get(i), new SplitMix64(settings.seed()).derive(i), stopTokens));
            }
        }
        return out;
    }

    /**
     * Completes one prompt, drawing from stream 0 of the seed.
     *
     * @throws IllegalArgumentException when the prompt is empty or longer than the model's context
     */
    public Completion complete(int[] prompt, int... stopTokens) {
        try (DecodingState state = model.startDecoding()) {
            return complete(state, prompt, new SplitMix64(settings.seed()).derive(0), stopTokens);
        }
    }

    private Completion complete(DecodingState state, int[] prompt, SplitMix64 random, int[] stopTokens) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens; a completion needs at least one to condition on");
        }
        if (prompt.length > state.capacity()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length
                    + " tokens, more than the model's context of " + state.capacity());
        }
        int[] tokens = new int[settings.maxNewTokens()];
        double[] logprobs = new double[settings.maxNewTokens()];
        int n = 0;
        Completion.Stop stop = Completion.Stop.MAX_NEW_TOKENS;
        double[] logits = state.append(prompt);
        while (true) {
            int token = sampler.next(logits, random);
            tokens[n] = token;
            logprobs[n] = logSoftmax(logits, token);
            n++;
            if (settings.stopAtEos() && contains(stopTokens, token)) {
                stop = Completion.Stop.EOS;
                break;
            }
            if (n == settings.maxNewTokens()) {
                break;
            }
            if (state.length() == state.capacity()) {
                stop = Completion.Stop.CONTEXT;
                break;
            }
            logits = state.append(token);
        }
        return new Completion(Arrays.copyOf(tokens, n), Arrays.copyOf(logprobs, n), stop);
    }

    /** {@code log softmax(logits)[token]}. */
    static double logSoftmax(double[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        return logits[token] - max - Math.log(sum);
    }

    private static boolean contains(int[] ids, int id) {
        for (int i : ids) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }
}
