package dev.gramian.objectives.fish.train;

import dev.gramian.api.GramianException;
import dev.gramian.api.TrainingDivergedException;
import dev.gramian.api.data.DomainData;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.objectives.fish.data.LinearToy;
import dev.gramian.objectives.fish.data.LinearToyProvider;
import dev.gramian.objectives.fish.rule.ErmRuleProvider;
import dev.gramian.objectives.fish.rule.FishRuleProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainTrainerTest {

    static DomainData linearToy(long seed) {
        var provider = new LinearToyProvider();
        return provider.create(Options.resolve(provider.info(), Map.of())).load(seed);
    }

    static <T> T plugin(PluginProvider<T> provider, Map<String, String> options) {
        return provider.create(Options.resolve(provider.info(), options));
    }

    private static DomainTrainer trainer(DomainData data, SoftmaxRegression model, DgSettings settings) {
        return new DomainTrainer(model, data, settings, SgdOptimizer::create);
    }

    @Test
    void selectsTheBestValidationStepAndReportsEveryEvaluation() {
        DomainData data = linearToy(1);
        var model = new SoftmaxRegression(new LinearToyProvider().create(
                Options.defaults(new LinearToyProvider().info())).suggestedModel());
        var sink = new RecordingSink();
        DgResult result = trainer(data, model, DgSettings.of(50, 32, 0.5, 10, 3))
                .train(plugin(new ErmRuleProvider(), Map.of()), new SgdOptimizer(), List.of(), sink::at);
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), result.evaluations().stream().map(DgEvaluation::step).toList());
        double best = result.evaluations().stream().mapToDouble(DgEvaluation::validationAccuracy).max().orElseThrow();
        assertEquals(best, result.selected().validationAccuracy());
        assertEquals(3, result.selected().domainAccuracy().size());
        assertEquals(Map.of("loss", 0, "val/accuracy", 0, "test/accuracy", 0, "gip/mean", 0, "gip/cosine_mean", 0,
                "train/p=0.950/accuracy", 0, "train/p=0.825/accuracy", 0, "train/p=0.700/accuracy", 0).keySet(),
                sink.scalars.get(50L).keySet());
        assertEquals(result.evaluations().get(4).testAccuracy(), sink.scalars.get(50L).get("test/accuracy"));
        // Validation accuracy of a learned model on this data is well above chance.
        assertTrue(result.selected().validationAccuracy() > 0.85, "validation accuracy " + result.selected());
    }

    @Test
    void aHeldOutValidationDomainIsTheSelectionCriterion() {
        DomainData plain = linearToy(1);
        // The test domain doubles as the validation domain, so the criterion must equal the test accuracy.
        DomainData data = new DomainData(plain.training(), plain.testName(), plain.test(), plain.classes(),
                plain.test());
        var model = new SoftmaxRegression(new LinearToyProvider().create(
                Options.defaults(new LinearToyProvider().info())).suggestedModel());
        DgResult result = trainer(data, model, DgSettings.of(50, 32, 0.5, 10, 3))
                .train(plugin(new ErmRuleProvider(), Map.of()), new SgdOptimizer(), List.of(), new RecordingSink()::at);
        boolean differs = false;
        for (DgEvaluation e : result.evaluations()) {
            assertEquals(e.testAccuracy(), e.validationAccuracy(), "step " + e.step());
            double mean = e.domainAccuracy().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            differs |= Math.abs(mean - e.validationAccuracy()) > 0.05;
        }
        assertTrue(differs, "the training domains' mean validation accuracy is not the criterion");
        double best = result.evaluations().stream().mapToDouble(DgEvaluation::testAccuracy).max().orElseThrow();
        assertEquals(best, result.selected().validationAccuracy());
    }

    @Test
    void sameSeedSameRun() {
        DomainData data = linearToy(2);
        DgResult[] results = new DgResult[2];
        for (int run = 0; run < 2; run++) {
            var model = new SoftmaxRegression(new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10))
                    .suggestedModel());
            results[run] = trainer(data, model, DgSettings.of(30, 16, 0.3, 10, 5)).train(
                    plugin(new FishRuleProvider(), Map.of("inner_optimizer", "sgd")), new SgdOptimizer(), List.of(),
                    step -> new RecordingSink().at(step));
        }
        assertEquals(results[0].evaluations(), results[1].evaluations());
        assertEquals(results[0].selectedParameters(), results[1].selectedParameters());
    }

    @Test
    void unionGradientIsTheMeanOfTheDomainGradientsOfEqualBatches() {
        DomainData data = linearToy(3);
        var model = new SoftmaxRegression(new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10))
                .suggestedModel());
        model.parameters().values("weights")[1] = 0.4;
        var a = trainer(data, model, DgSettings.of(1, 8, 0.1, 1, 9));
        var b = trainer(data, model, DgSettings.of(1, 8, 0.1, 1, 9));
        LossGradient union = a.unionLossAndGradient();
        ParameterSet mean = model.parameters().zerosLike();
        double loss = 0;
        for (int d = 0; d < 3; d++) {
            LossGradient lg = b.lossAndGradient(d);
            mean.addScaled(lg.gradient(), 1.0 / 3);
            loss += lg.loss() / 3;
        }
        assertEquals(loss, union.loss(), 1e-12);
        assertArrayEquals(mean.values("weights"), union.gradient().values("weights"), 1e-12);
        assertArrayEquals(mean.values("bias"), union.gradient().values("bias"), 1e-12);
    }

    @Test
    void domainProbesGetTheGramOfTheFixedGeometryBatches() {
        DomainData data = linearToy(4);
        var model = new SoftmaxRegression(new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10))
                .suggestedModel());
        List<DomainGeometry> seen = new ArrayList<>();
        List<ParameterSet> at = new ArrayList<>();
        GradientProbe probe = new GradientProbe() {
            @Override
            public int interval() {
                return 4;
            }

            @Override
            public boolean wants(Need need) {
                return need == Need.DOMAINS;
            }

            @Override
            public void observeDomains(DomainGeometry geometry, MetricSink sink) {
                seen.add(geometry);
                at.add(model.parameters().copy());
                sink.scalar("probe/seen", 1);
            }
        };
        var sink = new RecordingSink();
        var settings = new DgSettings(12, 16, 0.3, 6, 5, 64, 100);
        trainer(data, model, settings).train(plugin(new ErmRuleProvider(), Map.of()), new SgdOptimizer(),
                List.of(probe), sink::at);
        assertEquals(List.of(4L, 8L, 12L), seen.stream().map(DomainGeometry::step).toList());
        // Recompute the last Gram independently from the model at the parameters the probe saw.
        model.parameters().copyFrom(at.get(2));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                LabeledBatch bi = data.training().get(i).train().batch(0, 64);
                LabeledBatch bj = data.training().get(j).train().batch(0, 64);
                double expected = model.lossAndGradient(bi).gradient().dot(model.lossAndGradient(bj).gradient());
                assertEquals(expected, seen.get(2).gram()[i][j], 1e-12);
            }
        }
        // Step 12 was probed, so the trainer leaves the GIP metrics to the probe; step 6 was not.
        assertTrue(sink.scalars.get(12L).containsKey("probe/seen") && !sink.scalars.get(12L).containsKey("gip/mean"));
        assertTrue(sink.scalars.get(6L).containsKey("gip/mean"));
    }

    @Test
    void rejectsAModelThatDoesNotFitTheData() {
        DomainData data = linearToy(5);
        var model = new SoftmaxRegression(new ClassifierConfig("mlp", new int[] {3}, 2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> trainer(data, model, DgSettings.of(1, 1, 1, 1, 1)));
    }

    @Test
    void softmaxRegressionGradientMatchesFiniteDifferences() {
        DomainData data = linearToy(6);
        var model = new SoftmaxRegression(new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10))
                .suggestedModel());
        double[] w = model.parameters().values("weights");
        w[0] = 0.3;
        w[3] = -0.2;
        LabeledBatch batch = data.test().batch(0, 20);
        double[] analytic = model.lossAndGradient(batch).gradient().values("weights");
        for (int k = 0; k < w.length; k++) {
            double saved = w[k];
            w[k] = saved + 1e-6;
            double up = model.lossAndGradient(batch).loss();
            w[k] = saved - 1e-6;
            double down = model.lossAndGradient(batch).loss();
            w[k] = saved;
            assertEquals((up - down) / 2e-6, analytic[k], 1e-7);
        }
    }

    @Test
    void resumingFromAnEvaluationContinuesTheRunExactly() {
        DomainData data = linearToy(7);
        var config = new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10)).suggestedModel();
        Map<String, String> fishOptions = Map.of("inner_optimizer", "sgd", "persist_inner_state", "false");
        var settings = DgSettings.of(40, 16, 0.3, 10, 11);

        var whole = new SoftmaxRegression(config);
        DgResult uninterrupted = trainer(data, whole, settings).train(plugin(new FishRuleProvider(), fishOptions),
                new SgdOptimizer(), List.of(), step -> new RecordingSink().at(step));

        var first = new SoftmaxRegression(config);
        DgProgress[] saved = new DgProgress[1];
        ParameterSet[] savedParameters = new ParameterSet[2];
        trainer(data, first, settings).train(plugin(new FishRuleProvider(), fishOptions), new SgdOptimizer(),
                List.of(), step -> new RecordingSink().at(step), (evaluation, progress, selectedParameters) -> {
                    if (evaluation.step() == 20) {
                        saved[0] = progress;
                        savedParameters[0] = first.parameters().copy();
                        savedParameters[1] = selectedParameters.copy();
                    }
                });
        var second = new SoftmaxRegression(config);
        second.parameters().copyFrom(savedParameters[0]);
        var resumed = trainer(data, second, settings);
        resumed.resume(saved[0], savedParameters[1]);
        DgResult continued = resumed.train(plugin(new FishRuleProvider(), fishOptions), new SgdOptimizer(), List.of(),
                step -> new RecordingSink().at(step));
        assertEquals(uninterrupted.evaluations(), continued.evaluations());
        assertEquals(uninterrupted.selectedParameters(), continued.selectedParameters());
        assertEquals(whole.parameters(), second.parameters());
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingTheStepAfterLoggingTheLastFiniteLoss() {
        DomainData data = linearToy(8);
        var model = new SoftmaxRegression(new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10))
                .suggestedModel());
        DomainRule diverging = (learner, outer, learningRate, step) -> step < 2 ? 0.5 + step : Double.NaN;
        var sink = new RecordingSink();
        var error = assertThrows(TrainingDivergedException.class, () -> trainer(data, model,
                DgSettings.of(5, 4, 0.1, 5, 1)).train(diverging, new SgdOptimizer(), List.of(), sink::at));
        assertEquals(GramianException.Category.DIVERGED, error.category());
        assertEquals(3, error.step());
        assertTrue(error.getMessage().startsWith("training diverged at step 3: the domain rule's loss (NaN) is not "
                + "finite; lower the learning rate (0.1)"), error.getMessage());
        assertEquals(Map.of(2L, Map.of("loss", 1.5)), sink.scalars, "only step 2's finite loss is logged");
    }

    @Test
    void aNonFiniteParameterStopsTheRunNamingIt() {
        DomainData data = linearToy(8);
        var model = new SoftmaxRegression(new LinearToy(new LinearToy.Settings(3, 0.95, 0.7, 0.1, 1, 0.3, 10, 10, 10))
                .suggestedModel());
        String first = model.parameters().names().get(0);
        DomainRule overflowing = (learner, outer, learningRate, step) -> {
            learner.parameters().values(first)[0] = step == 0 ? 1.0 : Double.POSITIVE_INFINITY;
            return 0.25;
        };
        var sink = new RecordingSink();
        var error = assertThrows(TrainingDivergedException.class, () -> trainer(data, model,
                DgSettings.of(5, 4, 0.1, 1, 1)).train(overflowing, new SgdOptimizer(), List.of(), sink::at));
        assertEquals(2, error.step());
        assertTrue(error.getMessage().contains("parameter " + first + " is not finite"), error.getMessage());
        assertEquals(List.of(1L), List.copyOf(sink.scalars.keySet()), "step 1 was evaluated and logged, step 2 not");
    }
}
