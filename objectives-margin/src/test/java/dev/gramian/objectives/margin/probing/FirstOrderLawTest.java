package dev.gramian.objectives.margin.probing;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.FirstOrderLaw;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairStep;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.align.ReweightedGradientRule;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.mitigation.GradientRule;
import dev.gramian.objectives.margin.mitigation.PairwiseNormalizedRule;
import dev.gramian.objectives.margin.mitigation.TokenMaskingRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-order law of docs/science.md §2 against a real Transformer in float64: one SGD step on a
 * batch changes every probe pair's log-probabilities as the batch law predicts (cross-pair Gram
 * entries and the 1/B of the mean included), with an error that shrinks like η²; the observer's
 * prediction (slopes along the step taken, from the fast path) is that law; and the pairwise
 * normalized rule keeps chosen from falling where plain DPO lets it fall.
 */
@Tag("native")
class FirstOrderLawTest {
    private static final LanguageModelConfig TINY = new LanguageModelConfig(12, 12, 2, 16, 2, 16);
    private static Backend backend;
    private static PluginCatalog catalog;
    private static LanguageModel model;
    private static ParameterSet start;

    /** Pairs that share a prompt and differ in one token, some followed by a shared suffix. */
    private static final List<EncodedPair> PAIRS = List.of(
            pair(new int[]{1, 2, 3}, new int[]{4, 9, 9, 9, 9, 9}, new int[]{5, 9, 9, 9, 9, 9}),
            pair(new int[]{1, 3}, new int[]{6}, new int[]{7}),
            pair(new int[]{2, 2, 3}, new int[]{8, 10, 10, 10}, new int[]{4, 10, 10, 10}),
            pair(new int[]{1, 7}, new int[]{5, 6, 11}, new int[]{6, 6, 11, 11, 2}));

    /**
     * Pairs whose rejected response extends the chosen one, so that g_l = g_w + (the extra tokens'
     * gradient) and ⟨g_w, g_l⟩ exceeds ‖g_w‖² whenever the extra tokens pull the same way.
     */
    private static final List<EncodedPair> EXTENDED = List.of(
            pair(new int[]{1, 2}, new int[]{4, 9}, new int[]{4, 9, 9, 9, 9}),
            pair(new int[]{3}, new int[]{6, 6}, new int[]{6, 6, 6, 6, 6, 6}),
            pair(new int[]{2, 5}, new int[]{8, 10, 10}, new int[]{8, 10, 10, 10, 10, 11}),
            pair(new int[]{1, 1}, new int[]{7}, new int[]{7, 7, 3, 7, 7}));

    private static EncodedPair pair(int[] prompt, int[] chosen, int[] rejected) {
        return new EncodedPair(sequence(prompt, chosen), sequence(prompt, rejected));
    }

    private static Sequence sequence(int[] prompt, int[] response) {
        int[] tokens = new int[1 + prompt.length + response.length];
        tokens[0] = 0;
        System.arraycopy(prompt, 0, tokens, 1, prompt.length);
        System.arraycopy(response, 0, tokens, 1 + prompt.length, response.length);
        return new Sequence(tokens, 1 + prompt.length);
    }

    @BeforeAll
    static void create() {
        catalog = PluginCatalog.load(List.of());
        backend = catalog.create(PluginKind.BACKEND, "tensorflow", Map.of("precision", "float64"), Backend.class);
        model = backend.languageModel(TINY, 5);
        // Move away from the symmetric initialisation so every parameter matters.
        SplittableRandom random = new SplittableRandom(2);
        for (ParameterSet.Parameter p : model.parameters().parameters()) {
            double[] v = p.values();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.2 * (random.nextDouble() - 0.5);
            }
        }
        start = model.parameters().copy();
    }

    @AfterAll
    static void close() {
        model.close();
        backend.close();
    }

    private static MarginLoss loss(String id) {
        return catalog.create(PluginKind.OBJECTIVE, id, Map.of(), MarginLoss.class);
    }

    /** What the entanglement probe would see for one SGD step of size η with {@code rule} on {@code batch}. */
    private static PairStep step(MarginLoss loss, AlignmentRule rule, List<EncodedPair> batch, double eta) {
        return step(loss, rule, batch, eta, false);
    }

    /**
     * As above; with {@code onBatch} the observer probes the step's batch itself, otherwise a probe
     * set holding the same pairs.
     */
    private static PairStep step(MarginLoss loss, AlignmentRule rule, List<EncodedPair> batch, double eta,
                                 boolean onBatch) {
        model.parameters().copyFrom(start);
        ReferenceScores initial = ReferenceScores.of(model, batch, batch.size());
        // A reference a little below the policy, so reference losses sit away from their symmetric point.
        double[] refChosen = initial.chosen().clone();
        double[] refRejected = initial.rejected().clone();
        for (int i = 0; i < refChosen.length; i++) {
            refChosen[i] -= 0.3 * (i + 1);
            refRejected[i] -= 0.1;
        }
        ReferenceScores reference = new ReferenceScores(refChosen, refRejected, initial.lenChosen(),
                initial.lenRejected());
        PairStep[] seen = new PairStep[1];
        GradientProbe probe = recorder(seen);
        MetricSink noTables = noTables();
        ProbingObserver observer = onBatch ? ProbingObserver.onBatch(model, loss, List.of(probe), Integer::toString,
                noTables) : ProbingObserver.onProbeSet(model, loss, List.of(probe),
                new ProbeSet(batch, reference, Integer::toString), noTables);
        List<Sequence> chosen = new ArrayList<>();
        List<Sequence> rejected = new ArrayList<>();
        for (EncodedPair pair : batch) {
            chosen.add(pair.chosen());
            rejected.add(pair.rejected());
        }
        PairBatch pairs = new PairBatch(chosen, rejected, refChosen, refRejected);
        AlignmentUpdate update = rule.update(model, loss, pairs);
        observer.beforeStep(0, pairs, update, eta);
        model.parameters().addScaled(update.step().gradient(), -eta);
        ParameterSet stepped = model.parameters().copy();
        observer.afterStep(0);
        assertEquals(stepped, model.parameters(), "the observer leaves the stepped parameters bit for bit");
        lastUpdate = update;
        model.parameters().copyFrom(start);
        return seen[0];
    }

    /** The update of the latest {@link #step}. */
    private static AlignmentUpdate lastUpdate;

    /** A probe of every step that keeps the step it sees in {@code seen[0]}. */
    private static GradientProbe recorder(PairStep[] seen) {
        return new GradientProbe() {
            @Override
            public int interval() {
                return 1;
            }

            @Override
            public boolean wants(Need need) {
                return need == Need.STEP;
            }

            @Override
            public void observeStep(PairStep observed, MetricSink sink) {
                seen[0] = observed;
            }
        };
    }

    private static MetricSink noTables() {
        return new MetricSink() {
            @Override
            public void scalar(String name, double value) {
            }

            @Override
            public void row(String table, Map<String, Object> row) {
            }
        };
    }

    /** The largest error of the predicted changes relative to the largest predicted change. */
    private static double relativeError(PairStep step) {
        double error = 0;
        double scale = 0;
        for (int i = 0; i < step.geometry().pairs(); i++) {
            error = Math.max(error, Math.abs(step.predictedChosen()[i] - step.realisedChosen()[i]));
            error = Math.max(error, Math.abs(step.predictedRejected()[i] - step.realisedRejected()[i]));
            scale = Math.max(scale, Math.abs(step.predictedChosen()[i]));
            scale = Math.max(scale, Math.abs(step.predictedRejected()[i]));
        }
        return error / scale;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpo", "ipo", "simpo", "cpo"})
    void batchLawPredictsOneSgdStepWithAnErrorShrinkingWithTheStepSize(String id) {
        MarginLoss loss = loss(id);
        // A step size that moves the log-probabilities by about 0.02 at most, whatever the loss's weights.
        double perUnitStep = maxPredicted(step(loss, new GradientRule(), PAIRS, 1.0));
        PairStep large = step(loss, new GradientRule(), PAIRS, 0.02 / perUnitStep);
        PairStep small = step(loss, new GradientRule(), PAIRS, 0.002 / perUnitStep);
        double largeError = relativeError(large);
        double smallError = relativeError(small);
        assertTrue(largeError < 0.05, id + ": relative error " + largeError + " at the larger step");
        assertTrue(smallError < largeError / 5, id + ": error " + smallError + " at η/10 vs " + largeError
                + " at η; a first-order law's error shrinks like η");
        for (int i = 0; i < PAIRS.size(); i++) {
            assertEquals(Math.signum(small.predictedChosen()[i]), Math.signum(small.realisedChosen()[i]), id);
        }
    }

    private static double maxPredicted(PairStep step) {
        double max = 0;
        for (int i = 0; i < step.geometry().pairs(); i++) {
            max = Math.max(max, Math.max(Math.abs(step.predictedChosen()[i]), Math.abs(step.predictedRejected()[i])));
        }
        return max;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpo", "simpo"})
    void theObserversPredictionIsTheBatchLawOverTheFullGram(String id) {
        // The batch law Δ = −η Σ_m c_m G[k][m] from the exact full Gram and the rule's sequence
        // weights, against the slopes along the step that the observer takes from the fast path.
        MarginLoss loss = loss(id);
        double eta = 1e-3;
        PairStep observed = step(loss, new GradientRule(), PAIRS, eta);
        double[] c = lastUpdate.sequenceWeights();
        List<Sequence> chosen = PAIRS.stream().map(EncodedPair::chosen).toList();
        List<Sequence> rejected = PAIRS.stream().map(EncodedPair::rejected).toList();
        double[][] gram = model.pairGram(chosen, rejected, GramMethod.EXACT, true).fullGram();
        double[] law = FirstOrderLaw.predict(gram, c, eta);
        int b = PAIRS.size();
        for (int i = 0; i < b; i++) {
            assertEquals(law[i], observed.predictedChosen()[i], 1e-9 * Math.abs(law[i]), id + " chosen " + i);
            assertEquals(law[b + i], observed.predictedRejected()[i], 1e-9 * Math.abs(law[b + i]),
                    id + " rejected " + i);
        }
    }

    @Test
    void probingTheBatchItselfSeesWhatAProbeSetOfTheSamePairsSees() {
        MarginLoss dpo = loss("dpo");
        PairStep onSet = step(dpo, new GradientRule(), PAIRS, 1e-3, false);
        PairStep onBatch = step(dpo, new GradientRule(), PAIRS, 1e-3, true);
        for (int i = 0; i < PAIRS.size(); i++) {
            assertEquals(onSet.predictedChosen()[i], onBatch.predictedChosen()[i],
                    1e-9 * Math.abs(onSet.predictedChosen()[i]));
            assertEquals(onSet.realisedRejected()[i], onBatch.realisedRejected()[i], 1e-12);
            assertEquals(onSet.geometry().cosine(i), onBatch.geometry().cosine(i), 1e-9);
        }
    }

    @Test
    void crossPairTermsMatter() {
        // The per-pair law alone (no cross terms) misses the batch's step by far more than the batch law.
        PairStep step = step(loss("dpo"), new GradientRule(), PAIRS, 1e-3);
        double batchError = relativeError(step);
        double perPairError = 0;
        double scale = 0;
        int b = PAIRS.size();
        for (int i = 0; i < b; i++) {
            double[] alone = FirstOrderLaw.predictPair(step.geometry(), i, 1e-3 / b);
            perPairError = Math.max(perPairError, Math.abs(alone[0] - step.realisedChosen()[i]));
            scale = Math.max(scale, Math.abs(step.predictedChosen()[i]));
        }
        assertTrue(perPairError / scale > 10 * batchError, "per-pair " + perPairError / scale + " vs batch "
                + batchError);
    }

    @Test
    void aTokenMaskedStepIsPredictedThoughItIsNoSumOfSequenceGradients() {
        // token-mask weighs single tokens, so its direction has no sequence weights; the prediction
        // follows the parameter change all the same, with the first-order law's shrinking error.
        MarginLoss dpo = loss("dpo");
        PairStep large = step(dpo, new TokenMaskingRule(0.05, 1.0), PAIRS, 1e-2);
        assertEquals(null, lastUpdate.sequenceWeights());
        PairStep small = step(dpo, new TokenMaskingRule(0.05, 1.0), PAIRS, 1e-3);
        double largeError = relativeError(large);
        assertTrue(largeError < 0.05, "relative error " + largeError);
        assertTrue(relativeError(small) < largeError / 5, "error " + relativeError(small) + " at η/10 vs " + largeError);
    }

    @Test
    void stepsOfAnAdaptiveOptimiserArePredictedToo() {
        // The prediction follows the parameter change actually made, so a rescaled (Adam-like) step
        // along another direction than the gradient is predicted as well as plain SGD's.
        MarginLoss dpo = loss("dpo");
        model.parameters().copyFrom(start);
        ReferenceScores reference = ReferenceScores.of(model, PAIRS, PAIRS.size());
        PairStep[] seen = new PairStep[1];
        ProbingObserver observer = ProbingObserver.onProbeSet(model, dpo, List.of(recorder(seen)),
                new ProbeSet(PAIRS, reference, Integer::toString), noTables());
        List<Sequence> chosen = PAIRS.stream().map(EncodedPair::chosen).toList();
        List<Sequence> rejected = PAIRS.stream().map(EncodedPair::rejected).toList();
        PairBatch pairs = new PairBatch(chosen, rejected, reference.chosen(), reference.rejected());
        AlignmentUpdate update = new GradientRule().update(model, dpo, pairs);
        observer.beforeStep(0, pairs, update, 1e-3);
        // sign-like step: each coordinate moves by 1e-4 against its gradient's sign
        ParameterSet signStep = update.step().gradient().copy();
        for (ParameterSet.Parameter p : signStep.parameters()) {
            for (int i = 0; i < p.values().length; i++) {
                p.values()[i] = -1e-4 * Math.signum(p.values()[i]);
            }
        }
        model.parameters().addScaled(signStep, 1);
        observer.afterStep(0);
        model.parameters().copyFrom(start);
        double error = relativeError(seen[0]);
        assertTrue(error < 0.05, "relative error " + error + " of the predicted sign step");
    }

    @Test
    void withWpoTheLossWeightsCarryEachPairsWeight() {
        // The same step seen plainly and under WPO: each pair's loss weights scaled by its pair weight,
        // min(1, ω(y_w)·ω(y_l)) at θ, some of them below 1 on this nearly uniform model.
        MarginLoss dpo = loss("dpo");
        model.parameters().copyFrom(start);
        ReferenceScores reference = ReferenceScores.of(model, PAIRS, PAIRS.size());
        ProbeSet set = new ProbeSet(PAIRS, reference, Integer::toString);
        PairStep[] plain = new PairStep[1];
        PairStep[] weighted = new PairStep[1];
        ProbingObserver plainObserver = ProbingObserver.onProbeSet(model, dpo, List.of(recorder(plain)), set, noTables());
        ProbingObserver wpoObserver = ProbingObserver.onProbeSet(model, dpo, List.of(recorder(weighted)), set,
                noTables()).following(AlignmentOptions.NONE.withWeighting(true), null);
        List<Sequence> chosen = PAIRS.stream().map(EncodedPair::chosen).toList();
        List<Sequence> rejected = PAIRS.stream().map(EncodedPair::rejected).toList();
        List<Sequence> all = new ArrayList<>(chosen);
        all.addAll(rejected);
        TokenStatistics stats = model.tokenStatistics(all);
        PairBatch pairs = new PairBatch(chosen, rejected, reference.chosen(), reference.rejected());
        AlignmentUpdate update = new GradientRule().update(model, dpo, pairs);
        plainObserver.beforeStep(0, pairs, update, 1e-3);
        wpoObserver.beforeStep(0, pairs, update, 1e-3);
        model.parameters().addScaled(update.step().gradient(), -1e-3);
        plainObserver.afterStep(0);
        wpoObserver.afterStep(0);
        model.parameters().copyFrom(start);
        int n = PAIRS.size();
        boolean below = false;
        for (int i = 0; i < n; i++) {
            double c = AlignmentOptions.wpoPairWeight(stats, i, n + i);
            double dw = plain[0].geometry().dLogpChosen()[i];
            double dl = plain[0].geometry().dLogpRejected()[i];
            assertEquals(c * dw, weighted[0].geometry().dLogpChosen()[i], 1e-12 * Math.abs(dw), "pair " + i);
            assertEquals(c * dl, weighted[0].geometry().dLogpRejected()[i], 1e-12 * Math.abs(dl), "pair " + i);
            assertEquals(plain[0].predictedChosen()[i], weighted[0].predictedChosen()[i], "the same step predicted");
            below |= c < 1;
        }
        assertTrue(below, "some pair weighs less than 1");
    }

    @Test
    void withLdDpoTheProbesMeasureTheLogProbabilitiesItsLossReads() {
        // LD-DPO's step, seen by an observer that follows it and by a plain one. Pairs of unequal
        // lengths weigh the longer response's extra tokens by α, so the two disagree there; the
        // first pair's responses are equally long, and there the two see the same numbers.
        AlignmentOptions ld = AlignmentOptions.NONE.withLdAlpha(0.3);
        MarginLoss dpo = loss("dpo");
        List<EncodedPair> pairs = new ArrayList<>(List.of(PAIRS.get(0)));
        pairs.addAll(EXTENDED);
        model.parameters().copyFrom(start);
        ReferenceScores reference = ReferenceScores.of(model, pairs, pairs.size(), ld);
        ProbeSet set = new ProbeSet(pairs, reference, Integer::toString);
        PairStep[] plain = new PairStep[1];
        PairStep[] followed = new PairStep[1];
        ProbingObserver plainObserver = ProbingObserver.onProbeSet(model, dpo, List.of(recorder(plain)), set,
                noTables());
        ProbingObserver ldObserver = ProbingObserver.onProbeSet(model, dpo, List.of(recorder(followed)), set,
                noTables()).following(ld, null);
        PairBatch batch = new PairBatch(pairs.stream().map(EncodedPair::chosen).toList(),
                pairs.stream().map(EncodedPair::rejected).toList(), reference.chosen(), reference.rejected());
        AlignmentUpdate update = new ReweightedGradientRule(ld, dpo).update(model, dpo, batch);
        plainObserver.beforeStep(0, batch, update, 1e-3);
        ldObserver.beforeStep(0, batch, update, 1e-3);
        double perUnitStep = update.step().gradient().squaredNorm();
        model.parameters().addScaled(update.step().gradient(), -0.001 / perUnitStep);
        plainObserver.afterStep(0);
        ldObserver.afterStep(0);
        ReferenceScores reached = ReferenceScores.of(model, pairs, pairs.size(), ld);
        model.parameters().copyFrom(start);
        PairStep step = followed[0];
        assertTrue(relativeError(step) < 0.05, "relative error " + relativeError(step) + " of the predicted LD change");
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(reached.chosen()[i] - reference.chosen()[i], step.realisedChosen()[i], 1e-9, "pair " + i);
            assertEquals(reached.rejected()[i] - reference.rejected()[i], step.realisedRejected()[i], 1e-9);
        }
        PairStep whole = plain[0];
        assertEquals(whole.geometry().innerProduct()[0], step.geometry().innerProduct()[0],
                1e-9 * Math.abs(whole.geometry().innerProduct()[0]), "equal lengths: nothing is reweighted");
        assertEquals(whole.predictedRejected()[0], step.predictedRejected()[0],
                1e-9 * Math.abs(whole.predictedRejected()[0]));
        for (int i = 1; i < pairs.size(); i++) {
            // the rejected response is the longer one: its extra tokens count α-fold
            assertTrue(step.geometry().rejectedSqNorm()[i] < whole.geometry().rejectedSqNorm()[i], "pair " + i);
            assertEquals(whole.geometry().chosenSqNorm()[i], step.geometry().chosenSqNorm()[i],
                    1e-9 * whole.geometry().chosenSqNorm()[i], "the shorter chosen response is read whole");
        }
    }

    @Test
    void normalizedStepsRaiseChosenWherePlainDpoLowersIt() {
        MarginLoss dpo = loss("dpo");
        int falling = 0;
        List<EncodedPair> pairs = new ArrayList<>(PAIRS);
        pairs.addAll(EXTENDED);
        for (EncodedPair pair : pairs) {
            PairStep plain = step(dpo, new GradientRule(), List.of(pair), 1e-3);
            PairStep normalized = step(dpo, new PairwiseNormalizedRule(true), List.of(pair), 1e-3);
            assertTrue(normalized.realisedChosen()[0] >= 0, "normalized chosen " + normalized.realisedChosen()[0]);
            assertTrue(normalized.realisedRejected()[0] <= 0, "normalized rejected "
                    + normalized.realisedRejected()[0]);
            assertEquals(normalized.predictedChosen()[0], normalized.realisedChosen()[0],
                    0.05 * Math.abs(normalized.predictedChosen()[0]));
            if (plain.realisedChosen()[0] < 0) {
                falling++;
            }
        }
        assertTrue(falling > 0, "the test pairs include one where plain DPO lowers the chosen log-prob");
    }
}
