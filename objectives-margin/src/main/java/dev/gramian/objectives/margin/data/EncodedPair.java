package dev.gramian.objectives.margin.data;

import dev.gramian.api.model.Sequence;

/**
 * A preference pair as token sequences that share their prompt.
 *
 * @param chosen   BOS, prompt, chosen response
 * @param rejected BOS, prompt, rejected response
 */
public record EncodedPair(Sequence chosen, Sequence rejected) {
}
