package dev.gramian.objectives.margin.data;

import dev.gramian.api.objective.PreferenceDataset;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.api.objective.PreferenceSplit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Two-operand addition with a checkably right answer: the prompt {@code 23+41=} has the chosen
 * response {@code 64} and a rejected response that is wrong by a small offset (so the two share
 * most digits, as real preference data often does). Evaluation uses operand pairs never seen in
 * training.
 */
public final class ArithmeticPairs implements PreferenceDataset {
    private final int maxOperand;
    private final int size;
    private final double evalFraction;

    /**
     * @param maxOperand   operands are drawn from {@code [0, maxOperand]}
     * @param size         number of distinct problems
     * @param evalFraction share held out for evaluation
     */
    public ArithmeticPairs(int maxOperand, int size, double evalFraction) {
        this.maxOperand = maxOperand;
        this.size = Math.min(size, (maxOperand + 1) * (maxOperand + 1));
        this.evalFraction = evalFraction;
    }

    @Override
    public PreferenceSplit load(long seed) {
        Random random = new Random(seed);
        List<int[]> operands = new ArrayList<>();
        for (int a = 0; a <= maxOperand; a++) {
            for (int b = 0; b <= maxOperand; b++) {
                operands.add(new int[] {a, b});
            }
        }
        Collections.shuffle(operands, random);
        List<PreferencePair> pairs = new ArrayList<>(size);
        for (int[] ab : operands.subList(0, size)) {
            int sum = ab[0] + ab[1];
            int offset = 1 + random.nextInt(9);
            int wrong = random.nextBoolean() || sum - offset < 0 ? sum + offset : sum - offset;
            pairs.add(new PreferencePair(ab[0] + "+" + ab[1] + "=", Integer.toString(sum), Integer.toString(wrong)));
        }
        return BuiltInSplits.split(pairs, evalFraction);
    }

    @Override
    public boolean verifiable() {
        return true;
    }
}
