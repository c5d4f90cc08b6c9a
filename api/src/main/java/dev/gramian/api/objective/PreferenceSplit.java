package dev.gramian.api.objective;

import java.util.List;

/**
 * Training and evaluation pairs of a preference data set. The two lists share no pair.
 *
 * @param train pairs to train on
 * @param eval  held-out pairs to evaluate on
 */
public record PreferenceSplit(List<PreferencePair> train, List<PreferencePair> eval) {
    public PreferenceSplit {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("a preference split needs training pairs");
        }
    }
}
