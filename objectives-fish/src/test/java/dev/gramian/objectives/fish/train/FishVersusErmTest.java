package dev.gramian.objectives.fish.train;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.fish.data.LinearToy;
import dev.gramian.objectives.fish.rule.ErmRuleProvider;
import dev.gramian.objectives.fish.rule.FishRuleProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ERM against Fish on {@code linear-toy} with five domains whose spurious agreement runs from 0.95
 * to 0.5, eight seeds, 400 steps, batches of 256, step size 2 (Fish: SGD inside, ε = 0.5).
 *
 * <p>Measured when this was written (final iterate, ERM → Fish): the mean GIP is higher for Fish on
 * every seed (e.g. −0.0024 → −0.0017, −0.0036 → −0.0029), which is what Fish optimises. The
 * invariant/spurious logit-weight ratio averages 2.19 for ERM (2.13 to 2.34 across seeds) and 2.36
 * for Fish (1.59 to 3.51), and held-out accuracy averages 0.726 against 0.724: at this scale Fish
 * does not reliably prefer the invariant feature, because its noisier meta steps move the final
 * iterate about as much as gradient matching does. The test pins the robust part (GIP) and prints
 * the rest.
 */
class FishVersusErmTest {

    private static double weight(ParameterSet parameters, int feature) {
        double[] w = parameters.values("weights");
        return w[2 + feature] - w[feature];
    }

    private static DgResult run(DomainData data, DomainRule rule, long seed, SoftmaxRegression model) {
        var trainer = new DomainTrainer(model, data, new DgSettings(400, 256, 2.0, 100, seed, 256, 512),
                SgdOptimizer::create);
        return trainer.train(rule, new SgdOptimizer(), List.of(), step -> new RecordingSink().at(step));
    }

    @Test
    void fishRaisesTheInterDomainGradientInnerProductOnEverySeed() {
        var toy = new LinearToy(new LinearToy.Settings(5, 0.95, 0.5, 0.1, 1.0, 0.3, 1000, 500, 2000));
        StringBuilder table = new StringBuilder("seed  ERM ratio/test/gip  |  Fish ratio/test/gip\n");
        for (long seed = 1; seed <= 8; seed++) {
            DomainData data = toy.load(seed);
            var ermModel = new SoftmaxRegression(toy.suggestedModel());
            DgResult erm = run(data, DomainTrainerTest.plugin(new ErmRuleProvider(), Map.of()), seed, ermModel);
            var fishModel = new SoftmaxRegression(toy.suggestedModel());
            DgResult fish = run(data, DomainTrainerTest.plugin(new FishRuleProvider(), Map.of(
                    "inner_optimizer", "sgd", "persist_inner_state", "false", "meta_lr", "0.5")), seed, fishModel);
            table.append(String.format("%d  %.2f/%.3f/%.4f  |  %.2f/%.3f/%.4f%n", seed,
                    weight(ermModel.parameters(), LinearToy.INVARIANT) / Math.abs(weight(ermModel.parameters(), LinearToy.SPURIOUS)),
                    erm.evaluations().get(3).testAccuracy(), erm.meanGip(),
                    weight(fishModel.parameters(), LinearToy.INVARIANT) / Math.abs(weight(fishModel.parameters(), LinearToy.SPURIOUS)),
                    fish.evaluations().get(3).testAccuracy(), fish.meanGip()));
            assertTrue(fish.meanGip() > erm.meanGip(), "seed " + seed + ": Fish GIP " + fish.meanGip()
                    + " not above ERM's " + erm.meanGip() + "\n" + table);
        }
        System.out.print(table);
    }
}
