package dev.gramian.objectives.margin.align;

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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignmentTrainerTest {
    /** DPO with β = 0.5, written here independently of the objectives package. */
    private static final MarginLoss DPO = new MarginLoss() {
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

    /** Plain SGD, enough for a trainer test. */
    private static final class PlainSgd implements Optimizer {
        private long steps;

        @Override
        public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
            parameters.addScaled(gradient, -learningRate);
            steps++;
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
    }

    private static AlignmentTrainer.Config config(long steps) {
        return new AlignmentTrainer.Config(4, steps,
                new LearningRateSchedule(0.5, LearningRateSchedule.Shape.CONSTANT, 0, steps), 5, 10, 0, 9);
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
                "eval/rewards/accuracies", "eval/logps/chosen", "eval/logps/rejected"), List.copyOf(first.keySet()));
        assertTrue(last.keySet().containsAll(List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/margins",
                "rewards/accuracies", "logps/chosen", "logps/rejected", "eval/rewards/accuracies")));
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
                new SftTrainer.Config(4, 30, new LearningRateSchedule(1.0, LearningRateSchedule.Shape.CONSTANT, 0, 30), 10, 10, 0, 1));
        double before = sft.meanNll(train);
        assertEquals(Math.log(259), before, 1e-12);
        Log log = new Log();
        sft.run(0, train, train, log);
        assertEquals(List.of(10L, 20L, 30L), log.steps());
        assertTrue(sft.meanNll(train) < 0.5 * before);
    }
}
