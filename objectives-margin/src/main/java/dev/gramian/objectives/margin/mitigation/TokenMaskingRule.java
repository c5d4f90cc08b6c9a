package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sparsity-regularized token masking (docs/science.md §2). Each pair's margin is computed from
 * token-weighted log-probabilities {@code lw^m = Σ_t m_t·log π(y_w,t | …)} (likewise {@code ll^m}),
 * with learnable weights {@code m ∈ [0, 1]} and an L1 penalty {@code l1·Σ m}. The responses' common
 * prefix and suffix are shared tokens: each shared position has one weight for both copies, so its
 * contribution to the margin is {@code m·(lw_t − ll_t)}, which is nearly zero when the token is truly
 * shared — the L1 penalty then drives its weight to 0 and the shared token drops out of the margin
 * and of the update, taking its share of ⟨g_w, g_l⟩ with it. Differing tokens keep their weights
 * while the loss rewards them.
 *
 * <p>Per step, at the current parameters: (1) score the batch per token; (2) evaluate the loss at the
 * masked log-probabilities, the reference log-probabilities spread evenly over the tokens
 * ({@code ref^m = ref·Σm/|y|}, since references are per sequence); (3) the direction is the
 * token-weighted gradient with weights {@code d_w·m_t/B} and {@code d_l·m_s/B}, one backward pass;
 * (4) one proximal step on each batch pair's weights, {@code m ← clip(m − rate·(∂loss/∂m + l1), 0, 1)}
 * with {@code ∂loss/∂m_t = d_w·(lw_t − ref_w/|y_w|)} for a differing chosen token (likewise rejected)
 * and {@code d_w·lw_t + d_l·ll_t} for a tied shared weight, whose reference shares cancel. Weights live
 * with the rule, keyed by the pair's tokens, and are its {@link #state()}: slot {@value #WEIGHTS}
 * holds one array per pair seen, in the order first seen, named by the pair's token ids as
 * {@code <prompt>/<chosen response>/<rejected response>}, each comma-separated (e.g.
 * {@code 0,1,2/4,9,8/5,9,8}), with {@link PairTokenMask}'s weights in its order; the step count is
 * the number of updates. A checkpoint carries them, so a resumed run goes on with the learned
 * weights. The direction is not a sum of whole-sequence gradients, so probes get no
 * first-order prediction for it. Needs a loss with a reference model: without one the per-token
 * "rewards" would be raw log-probabilities, always negative, and every chosen weight would shrink.
 */
public final class TokenMaskingRule implements AlignmentRule {
    /** The slot of {@link #state()} that holds the token weights, one array per pair. */
    static final String WEIGHTS = "weights";
    /** Separates prompt, chosen and rejected response in a pair's name. */
    private static final String PART = "/";

    private final double l1;
    private final double rate;
    /** By pair name, in the order first seen, so that {@link #state()} is the same for the same run. */
    private final Map<String, PairTokenMask> masks = new LinkedHashMap<>();
    private long updates;

    /**
     * @param l1   the L1 penalty's weight, at least 0
     * @param rate the proximal step size of the weights, greater than 0
     */
    public TokenMaskingRule(double l1, double rate) {
        if (!(l1 >= 0) || !(rate > 0)) {
            throw new IllegalArgumentException("need l1 >= 0 and rate > 0, got " + l1 + ", " + rate);
        }
        this.l1 = l1;
        this.rate = rate;
    }

    @Override
    public AlignmentUpdate update(LanguageModel policy, Objective loss, PairBatch batch) {
        if (!loss.usesReference()) {
            throw GramianException.usage("alignment rule token-mask needs an objective with a reference model "
                    + "(dpo, ipo, hinge, ...): its token rewards are log-ratios to the reference");
        }
        int b = batch.size();
        List<Sequence> chosen = batch.chosen();
        List<Sequence> rejected = batch.rejected();
        double[] refChosen = batch.refChosen();
        double[] refRejected = batch.refRejected();
        List<Sequence> all = batch.sequences();
        SequenceScores scores = policy.score(all);
        double[] lw = new double[b];
        double[] ll = new double[b];
        double[] maskedRefW = new double[b];
        double[] maskedRefL = new double[b];
        PairTokenMask[] pairMasks = new PairTokenMask[b];
        double[][] tokenWeights = new double[2 * b][];
        for (int i = 0; i < b; i++) {
            pairMasks[i] = mask(chosen.get(i), rejected.get(i));
            double[] mw = pairMasks[i].chosen();
            double[] ml = pairMasks[i].rejected();
            lw[i] = dot(mw, scores.tokenLogp()[i]);
            ll[i] = dot(ml, scores.tokenLogp()[b + i]);
            maskedRefW[i] = refChosen[i] * sum(mw) / mw.length;
            maskedRefL[i] = refRejected[i] * sum(ml) / ml.length;
            tokenWeights[i] = mw;
            tokenWeights[b + i] = ml;
        }
        int[] nw = Arrays.copyOfRange(scores.counts(), 0, b);
        int[] nl = Arrays.copyOfRange(scores.counts(), b, 2 * b);
        PairLossWeights weights = PairLossWeights.of(loss, lw, ll, maskedRefW, maskedRefL, nw, nl);
        double[][] seeds = new double[2 * b][];
        for (int i = 0; i < b; i++) {
            seeds[i] = scaled(tokenWeights[i], weights.dLogpChosen()[i] / b);
            seeds[b + i] = scaled(tokenWeights[b + i], weights.dLogpRejected()[i] / b);
        }
        ParameterSet direction = policy.tokenWeightedLogProbGradient(all, seeds);
        for (int i = 0; i < b; i++) {
            pairMasks[i].step(
                    maskGradient(pairMasks[i], weights.dLogpChosen()[i], scores.tokenLogp()[i], refChosen[i]),
                    maskGradient(pairMasks[i], weights.dLogpRejected()[i], scores.tokenLogp()[b + i],
                            refRejected[i]),
                    rate, l1);
        }
        // The step reports the responses' true log-probabilities (the metrics' logps/...), not the masked ones.
        double[] trueChosen = Arrays.copyOfRange(scores.logp(), 0, b);
        double[] trueRejected = Arrays.copyOfRange(scores.logp(), b, 2 * b);
        updates++;
        return new AlignmentUpdate(new PreferenceStep(weights.meanLoss(), direction, trueChosen, trueRejected, nw, nl),
                null);
    }

    @Override
    public OptimizerState state() {
        List<Parameter> pairs = new ArrayList<>(masks.size());
        masks.forEach((pair, mask) -> pairs.add(new Parameter(pair, new int[]{mask.size()}, mask.values())));
        return new OptimizerState(updates, Map.of(WEIGHTS, new ParameterSet(pairs)));
    }

    /**
     * Replaces every pair's weights with those of {@code state}, which {@link #state()} returned;
     * on failure the rule is unchanged.
     *
     * @throws IllegalArgumentException when the state has other slots than {@value #WEIGHTS}, names a
     *                                  pair malformed, or holds a pair's weights in another shape
     */
    @Override
    public void restore(OptimizerState state) {
        if (!state.slots().keySet().equals(Set.of(WEIGHTS))) {
            throw new IllegalArgumentException("token-mask keeps its state in the slot '" + WEIGHTS
                    + "' alone, but this state has the slots " + state.slots().keySet() + ": it is not token-mask's");
        }
        Map<String, PairTokenMask> restored = new LinkedHashMap<>();
        for (Parameter pair : state.slots().get(WEIGHTS).parameters()) {
            int[][] tokens = pairTokens(pair.name());
            PairTokenMask mask = new PairTokenMask(tokens[1], tokens[2]);
            if (!Arrays.equals(pair.shape(), new int[]{mask.size()})) {
                throw new IllegalArgumentException("token-mask weights of pair '" + pair.name() + "' have shape "
                        + Arrays.toString(pair.shape()) + ", but its responses have [" + mask.size() + "] weights");
            }
            mask.load(pair.values());
            restored.put(pair.name(), mask);
        }
        masks.clear();
        masks.putAll(restored);
        updates = state.steps();
    }

    /** The current weights of the pair's chosen and rejected response tokens, for tests. */
    double[][] weights(Sequence chosen, Sequence rejected) {
        PairTokenMask mask = mask(chosen, rejected);
        return new double[][]{mask.chosen(), mask.rejected()};
    }

    private PairTokenMask mask(Sequence chosen, Sequence rejected) {
        int[] w = response(chosen);
        int[] l = response(rejected);
        String pair = ids(Arrays.copyOf(chosen.tokens(), chosen.responseStart())) + PART + ids(w) + PART + ids(l);
        return masks.computeIfAbsent(pair, k -> new PairTokenMask(w, l));
    }

    private static String ids(int[] tokens) {
        return Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** The prompt, chosen and rejected response tokens of a pair name. */
    private static int[][] pairTokens(String pair) {
        String[] parts = pair.split(PART, -1);
        if (parts.length != 3) {
            throw malformed(pair);
        }
        int[][] tokens = new int[3][];
        for (int k = 0; k < 3; k++) {
            try {
                tokens[k] = parts[k].isEmpty() ? new int[0]
                        : Arrays.stream(parts[k].split(",", -1)).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw malformed(pair);
            }
            if (Arrays.stream(tokens[k]).anyMatch(id -> id < 0)) {
                throw malformed(pair);
            }
        }
        return tokens;
    }

    private static IllegalArgumentException malformed(String pair) {
        return new IllegalArgumentException("token-mask state names a pair '" + pair + "'; expected "
                + "<prompt>/<chosen>/<rejected> token ids, comma-separated");
    }

    private static int[] response(Sequence sequence) {
        return Arrays.copyOfRange(sequence.tokens(), sequence.responseStart(), sequence.length());
    }

    /**
     * ∂loss/∂(weight of each token) on one side: {@code d·(logp_t − ref/|y|)} for a differing token;
     * for a shared token the reference's share is taken equal in both responses and cancels in the
     * tied weight's margin contribution, leaving {@code d·logp_t}.
     */
    private static double[] maskGradient(PairTokenMask mask, double d, double[] tokenLogp, double reference) {
        double perToken = reference / tokenLogp.length;
        double[] g = new double[tokenLogp.length];
        for (int t = 0; t < g.length; t++) {
            g[t] = d * (tokenLogp[t] - (mask.shared(t, g.length) ? 0 : perToken));
        }
        return g;
    }

    private static double[] scaled(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
