package dev.gramian.objectives.margin.data;

import dev.gramian.api.objective.PreferencePair;
import dev.gramian.api.objective.PreferenceSplit;

import java.util.List;

/** Splits an already shuffled list of pairs into training and evaluation parts. */
final class BuiltInSplits {
    private BuiltInSplits() {
    }

    static PreferenceSplit split(List<PreferencePair> shuffled, double evalFraction) {
        int eval = (int) Math.round(shuffled.size() * evalFraction);
        eval = Math.max(evalFraction > 0 ? 1 : 0, Math.min(eval, shuffled.size() - 1));
        return new PreferenceSplit(shuffled.subList(eval, shuffled.size()), shuffled.subList(0, eval));
    }
}
