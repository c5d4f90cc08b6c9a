package dev.gramian.api.generation;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy completions as text, for a trainer that shows what a model says before and after
 * training: the prompt of each sequence (its tokens before the response, tokenised exactly as for
 * training) completed with the model's key/value cache, stopping at the tokenizer's EOS, and decoded
 * without special tokens.
 */
public final class Completions {
    private Completions() {
    }

    /**
     * The greedy completion of each sequence's prompt.
     *
     * @param model        the model at the parameters to look at
     * @param tokenizer    the tokenizer the sequences were encoded with (its EOS stops a completion)
     * @param heldOut      the sequences whose prompts ({@code tokens[0, responseStart)}) to complete
     * @param maxNewTokens the most tokens per completion
     */
    public static List<String> greedy(LanguageModel model, Tokenizer tokenizer, List<Sequence> heldOut,
                                      int maxNewTokens) {
        List<int[]> prompts = new ArrayList<>(heldOut.size());
        for (Sequence s : heldOut) {
            prompts.add(Arrays.copyOf(s.tokens(), s.responseStart()));
        }
        int[] stop = tokenizer.eos().isPresent() ? new int[]{tokenizer.eos().getAsInt()} : new int[0];
        List<String> out = new ArrayList<>(prompts.size());
        for (Completion c : new Generator(model, GenerationSettings.greedy(maxNewTokens)).complete(prompts, stop)) {
            out.add(tokenizer.decode(c.text()));
        }
        return out;
    }
}
