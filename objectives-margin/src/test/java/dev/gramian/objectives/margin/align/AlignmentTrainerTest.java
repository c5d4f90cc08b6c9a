package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.TrainingDivergedException;
import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.tokenizers.ByteTokenizer;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.data.PreferenceEncoder;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.objectives.margin.mitigation.PairLossWeights;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignmentTrainerTest {
    /** DPO with β = 0.5, written here independently of the objectives package. */
    static final MarginLoss DPO = new MarginLoss() {
        @Override
        public boolean usesReference() {
            return true;
        }

        @Override
        public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
            T h = a.sub(a.sub(p.logpChosen(), p.refLogpChosen()), a.sub(p.logpRejected(), p.refLogpRejected()));
            return a.neg(a.logSigmoid(a.scale(h, 0.5)));
        }

        @Override
        public double rewardScale() {
            return 0.5;
        }
    };

    /** A loss whose value is NaN at every pair. */
    private static final MarginLoss NAN_LOSS = new MarginLoss() {
        @Override
        public boolean usesReference() {
            return true;
        }

        @Override
        public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
            return a.mul(DPO.loss(a, p), a.constant(Double.NaN));
        }

        @Override
        public double rewardScale() {
            return 0.5;
        }
    };

    /** Plain SGD, enough for a trainer test; it writes NaN into the parameters on step {@code poisoned} (1-based). */
    static final class PlainSgd implements Optimizer {
        private final long poisoned;
        private long steps;

        PlainSgd() {
            this(0);
        }

        PlainSgd(long poisoned) {
            this.poisoned = poisoned;
        }

        @Override
        public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
            parameters.addScaled(gradient, -learningRate);
            if (++steps == poisoned) {
                parameters.values("logits")[7] = Double.NaN;
            }
        }

        @Override
        public OptimizerState state() {
            return new OptimizerState(steps, Map.of());
        }

        @Override
        public void restore(OptimizerState state) {
            steps = state.steps();
        }
    }

    private static List<EncodedPair> pairs(int n) {
        List<PreferencePair> text = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text.add(new PreferencePair("q" + i + ":", "a", "b"));
        }
        return new PreferenceEncoder(new ByteTokenizer(), 16, TruncationPolicy.ERROR).encodeAll(text, "test").pairs();
    }

    private record Log(List<Long> steps, List<Map<String, Double>> metrics, List<Long> checkpoints)
            implements TrainingListener {
        Log() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void onMetrics(long step, Map<String, Double> m) {
            steps.add(step);
            metrics.add(new LinkedHashMap<>(m));
        }

        @Override
        public void onCheckpoint(long step) {
            checkpoints.add(step);
        }

        void assertAllFinite() {
            metrics.forEach(row -> row.forEach((name, value) -> assertTrue(Double.isFinite(value), name + " " + row)));
        }
    }

    private static LearningRateSchedule constant(double rate, long steps) {
        return new LearningRateSchedule(rate, LearningRateSchedule.Shape.CONSTANT, 0, steps);
    }

    private static AlignmentTrainer.Config config(long steps) {
        return new AlignmentTrainer.Config(4, steps,
                constant(0.5, steps), 5, 10, 0, 9);
    }

    @Test
    void dpoRaisesRewardAccuracyAndLogsTrlMetrics() {
        UnigramLanguageModel model = new UnigramLanguageModel(259);
        List<EncodedPair> train = pairs(20);
        List<EncodedPair> eval = pairs(6);
        ReferenceScores trainRef = ReferenceScores.of(model, train, 8);
        ReferenceScores evalRef = ReferenceScores.of(model, eval, 8);
        Log log = new Log();
        new AlignmentTrainer(model, DPO, new PlainSgd(), config(20)).run(0, train, trainRef, eval, evalRef, log);

        assertEquals(List.of(0L, 5L, 10L, 15L, 20L), log.steps());
        Map<String, Double> first = log.metrics().get(0);
        Map<String, Double> last = log.metrics().get(log.metrics().size() - 1);
        assertEquals(List.of("eval/loss", "eval/rewards/chosen", "eval/rewards/rejected", "eval/rewards/margins",
                "eval/rewards/accuracies", "eval/logps/chosen", "eval/logps/rejected", "eval/entropy",
                "eval/logits/chosen", "eval/logits/rejected"), List.copyOf(first.keySet()));
        assertTrue(last.keySet().containsAll(List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/margins",
                "rewards/accuracies", "logps/chosen", "logps/rejected", "learning_rate", "entropy", "logits/chosen",
                "logits/rejected", "num_tokens", "grad_norm", "eval/rewards/accuracies", "eval/entropy")),
                last.toString());
        assertEquals(Math.log(259), first.get("eval/entropy"), 1e-12, "the uniform start");
        assertEquals(0.0, first.get("eval/logits/chosen"));
        assertTrue(last.get("eval/entropy") < Math.log(259));
        assertEquals(0.0, first.get("eval/rewards/accuracies"));
        assertEquals(Math.log(2), first.get("eval/loss"), 1e-12);
        assertEquals(1.0, last.get("eval/rewards/accuracies"));
        assertTrue(last.get("eval/rewards/margins") > 0.5, last.toString());
        assertTrue(last.get("eval/loss") < first.get("eval/loss"));
        assertTrue(last.get("eval/logps/rejected") < first.get("eval/logps/rejected"));
        assertEquals(List.of(20L), log.checkpoints());
    }

    @Test
    void resumingReproducesTheUninterruptedRun() {
        List<EncodedPair> train = pairs(7);
        UnigramLanguageModel straight = new UnigramLanguageModel(259);
        ReferenceScores ref = ReferenceScores.of(straight, train, 8);
        new AlignmentTrainer(straight, DPO, new PlainSgd(), config(12)).run(0, train, ref, List.of(),
                ReferenceScores.zeros(0), new Log());

        UnigramLanguageModel resumed = new UnigramLanguageModel(259);
        new AlignmentTrainer(resumed, DPO, new PlainSgd(), config(5)).run(0, train, ref, List.of(),
                ReferenceScores.zeros(0), new Log());
        new AlignmentTrainer(resumed, DPO, new PlainSgd(), config(12)).run(5, train, ref, List.of(),
                ReferenceScores.zeros(0), new Log());
        assertArrayEquals(straight.parameters().values("logits"), resumed.parameters().values("logits"));
    }

    @Test
    void sftLowersHeldOutNll() {
        UnigramLanguageModel model = new UnigramLanguageModel(259);
        List<Sequence> train = pairs(10).stream().map(EncodedPair::chosen).toList();
        SftTrainer sft = new SftTrainer(model, new PlainSgd(),
                new SftTrainer.Config(4, 30, constant(1.0, 30), 10, 10, 0, 1));
        double before = sft.meanNll(train);
        assertEquals(Math.log(259), before, 1e-12);
        Log log = new Log();
        sft.run(0, train, train, log);
        assertEquals(List.of(10L, 20L, 30L), log.steps());
        assertTrue(sft.meanNll(train) < 0.5 * before);
    }

    /** Aligns 20 steps, logging every 5, evaluating every 10, checkpointing every step. */
    private static TrainingDivergedException align(MarginLoss loss, Optimizer optimizer, Log log) {
        UnigramLanguageModel model = new UnigramLanguageModel(259);
        List<EncodedPair> train = pairs(12);
        ReferenceScores ref = ReferenceScores.of(model, train, 8);
        var trainer = new AlignmentTrainer(model, loss, optimizer,
                new AlignmentTrainer.Config(4, 20, constant(0.5, 20), 5, 10, 1, 3));
        return assertThrows(TrainingDivergedException.class, () -> trainer.run(0, train, ref, train, ref, log));
    }

    @Test
    void alignmentStopsAtTheStepThatLeftAParameterNonFiniteAfterLoggingTheStepBefore() {
        Log log = new Log();
        TrainingDivergedException error = align(DPO, new PlainSgd(7), log);
        assertEquals(GramianException.Category.DIVERGED, error.category());
        assertEquals(6, error.category().exitCode());
        assertEquals(7, error.step());
        assertEquals("training diverged at step 7: parameter logits is not finite; lower the learning rate (0.5 at "
                + "this step)", error.getMessage());
        assertEquals(List.of(0L, 5L, 6L), log.steps(), "the start, the logged step 5, and the last finite step 6");
        assertTrue(log.metrics().get(2).keySet().containsAll(List.of("loss", "rewards/accuracies", "learning_rate")),
                log.metrics().get(2).toString());
        log.assertAllFinite();
        assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), log.checkpoints(), "no checkpoint of step 7");
    }

    @Test
    void aNonFiniteLossStopsTheFirstStepBeforeAnythingIsApplied() {
        Log log = new Log();
        TrainingDivergedException error = align(NAN_LOSS, new PlainSgd(), log);
        assertEquals(1, error.step());
        assertEquals("the loss (NaN)", error.quantity());
        assertEquals(List.of(0L), log.steps(), "only the evaluation before training");
        assertEquals(List.of(), log.checkpoints());
    }

    @Test
    void sftStopsTheSameWay() {
        UnigramLanguageModel model = new UnigramLanguageModel(259);
        List<Sequence> train = pairs(10).stream().map(EncodedPair::chosen).toList();
        var sft = new SftTrainer(model, new PlainSgd(3), new SftTrainer.Config(4, 30, constant(1.0, 30), 10, 10, 2, 1));
        Log log = new Log();
        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> sft.run(0, train, train, log));
        assertEquals(3, error.step());
        assertTrue(error.getMessage().contains("parameter logits is not finite"), error.getMessage());
        assertEquals(List.of(2L), log.steps());
        assertEquals(Map.of("loss", log.metrics().get(0).get("loss"), "learning_rate", 1.0), log.metrics().get(0));
        log.assertAllFinite();
        assertEquals(List.of(2L), log.checkpoints());
    }

    @Test
    void pairLossWeightsAreNaNForPairsWithNonFiniteLogProbabilities() {
        PairLossWeights weights = PairLossWeights.of(DPO, new double[] {-1, Double.NaN}, new double[] {-2, -3},
                new double[] {-1, -1}, new double[] {-2, -2}, new int[] {1, 1}, new int[] {1, 1});
        assertEquals(Math.log(2), weights.loss()[0], 1e-12);
        assertEquals(-0.25, weights.dLogpChosen()[0], 1e-12);
        assertTrue(Double.isNaN(weights.loss()[1]) && Double.isNaN(weights.dLogpChosen()[1])
                && Double.isNaN(weights.dLogpRejected()[1]));
        assertTrue(Double.isNaN(weights.meanLoss()));
    }
}
