package dev.gramian.api.probe;

import dev.gramian.api.model.TokenGram;

import java.util.List;

/**
 * Where one pair's ⟨g_w, g_l⟩ comes from: the inner products of its per-token gradients, with the
 * tokens as text so a report can label the heat map.
 *
 * @param step           the optimiser step
 * @param pair           the pair's index in the probe set
 * @param chosenTokens   the chosen response's tokens as text, one per row of the gram
 * @param rejectedTokens the rejected response's tokens as text, one per column
 * @param gram           the per-token inner products
 */
public record TokenGeometry(long step, int pair, List<String> chosenTokens, List<String> rejectedTokens,
                            TokenGram gram) {
    public TokenGeometry {
        chosenTokens = List.copyOf(chosenTokens);
        rejectedTokens = List.copyOf(rejectedTokens);
        if (chosenTokens.size() != gram.chosenSqNorms().length
                || rejectedTokens.size() != gram.rejectedSqNorms().length) {
            throw new IllegalArgumentException("need one token string per row and column of the token Gram");
        }
    }
}
