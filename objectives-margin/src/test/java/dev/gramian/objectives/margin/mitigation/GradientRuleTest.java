package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.BatchLossSum;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.objective.WeightedLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gradient rule's two paths, in-graph for margin losses and by exact derivatives for batch losses. */
@Tag("native")
class GradientRuleTest {
    private static final List<Sequence> CHOSEN = List.of(new Sequence(new int[]{0, 1, 2, 4, 9, 8}, 3),
            new Sequence(new int[]{0, 3, 2, 7, 7, 8, 9}, 3), new Sequence(new int[]{0, 5, 6, 10, 11}, 3),
            new Sequence(new int[]{0, 2, 2, 4, 4, 4, 4, 1}, 3));
    private static final List<Sequence> REJECTED = List.of(new Sequence(new int[]{0, 1, 2, 5, 9, 8, 9}, 3),
            new Sequence(new int[]{0, 3, 2, 6, 8}, 3), new Sequence(new int[]{0, 5, 6, 11, 10, 10}, 3),
            new Sequence(new int[]{0, 2, 2, 3, 3}, 3));
    private static PluginCatalog catalog;
    private static Backend backend;
    private static LanguageModel model;
    private static double[] refChosen;
    private static double[] refRejected;

    @BeforeAll
    static void create() {
        catalog = PluginCatalog.load(List.of());
        backend = catalog.create(PluginKind.BACKEND, "tensorflow", Map.of("precision", "float64"), Backend.class);
        model = backend.languageModel(new LanguageModelConfig(12, 12, 1, 16, 2, 16), 5);
        refChosen = model.score(CHOSEN).logp().clone();
        refRejected = model.score(REJECTED).logp().clone();
        for (int i = 0; i < 4; i++) {
            refChosen[i] += 0.3 * i - 0.4;
            refRejected[i] -= 0.2 * i - 0.1;
        }
    }

    @AfterAll
    static void close() {
        model.close();
        backend.close();
    }

    /**
     * DPO as a batch loss (a sum of one margin loss, forced onto the batch path) gives the graph's
     * loss, weights and step, on pairs of equal and of unequal lengths, and on the four pairs of this
     * class, whose second pair has a margin of 0 (where a graph softplus built on max(a, 0) had
     * twice the derivative).
     */
    @Test
    void theBatchPathGivesTheGraphsStepForAMarginLoss() {
        MarginLoss dpo = catalog.create(PluginKind.OBJECTIVE, "dpo", Map.of("beta", "0.5"), MarginLoss.class);
        Objective asBatch = new BatchLossSum(List.of(new WeightedLoss("dpo", 1, dpo)));
        List<Sequence> twoRejected = List.of(new Sequence(new int[]{0, 1, 2, 5, 9, 7}, 3),
                new Sequence(new int[]{0, 3, 2, 6, 8, 1}, 3));
        for (List<Sequence> chosen : List.of(
                List.of(new Sequence(new int[]{0, 1, 2, 4, 9, 8}, 3), new Sequence(new int[]{0, 3, 2, 7, 7, 8}, 3)),
                List.of(new Sequence(new int[]{0, 1, 2, 4, 9, 8}, 3),
                        new Sequence(new int[]{0, 3, 2, 7, 7, 8, 2, 2}, 3)))) {
            compare(dpo, asBatch, chosen, twoRejected, new double[]{-9, -11}, new double[]{-10, -8.5});
        }
        compare(dpo, asBatch, CHOSEN, REJECTED, refChosen, refRejected);
    }

    private static void compare(MarginLoss dpo, Objective asBatch, List<Sequence> chosen, List<Sequence> rejected,
                                double[] refChosen, double[] refRejected) {
        AlignmentUpdate graph = new GradientRule().update(model, dpo, new PairBatch(chosen, rejected, refChosen, refRejected));
        AlignmentUpdate batch = new GradientRule().update(model, asBatch, new PairBatch(chosen, rejected, refChosen, refRejected));
        assertEquals(graph.step().loss(), batch.step().loss(), 1e-12);
        assertArrayEquals(graph.sequenceWeights(), batch.sequenceWeights(), 1e-12);
        assertArrayEquals(graph.step().logpChosen(), batch.step().logpChosen(), 1e-12);
        ParameterSet difference = batch.step().gradient().copy();
        difference.addScaled(graph.step().gradient(), -1);
        assertEquals(0, Math.sqrt(difference.squaredNorm()), 1e-10 * Math.sqrt(graph.step().gradient().squaredNorm()));
    }

    /** AOT's direction is the gradient of its batch loss in parameter space: a central difference along it. */
    @Test
    void aotsDirectionIsTheGradientOfTheBatchLoss() {
        for (String id : List.of("aot", "aot-unpaired")) {
            Objective aot = ObjectiveSpec.parse(id).create(catalog, Map.of("beta", "0.5", "label_smoothing", "0.1"));
            AlignmentUpdate update = new GradientRule().update(model, aot, new PairBatch(CHOSEN, REJECTED, refChosen, refRejected));
            ParameterSet g = update.step().gradient();
            ParameterSet start = model.parameters().copy();
            double h = 1e-4 / Math.sqrt(g.squaredNorm());
            double[] losses = new double[2];
            for (int side = 0; side < 2; side++) {
                model.parameters().copyFrom(start);
                model.parameters().addScaled(g, side == 0 ? h : -h);
                losses[side] = loss(aot);
            }
            model.parameters().copyFrom(start);
            assertEquals(loss(aot), update.step().loss(), 1e-12, id);
            double slope = (losses[0] - losses[1]) / (2 * h);
            assertEquals(g.squaredNorm(), slope, 1e-6 * g.squaredNorm(), id);
        }
    }

    private static double loss(Objective objective) {
        double[] lw = model.score(CHOSEN).logp();
        double[] ll = model.score(REJECTED).logp();
        int[] nw = model.score(CHOSEN).counts();
        int[] nl = model.score(REJECTED).counts();
        List<PairScores> batch = new ArrayList<>();
        for (int i = 0; i < lw.length; i++) {
            batch.add(new PairScores(lw[i], ll[i], refChosen[i], refRejected[i], nw[i], nl[i]));
        }
        return objective.evaluate(batch).loss();
    }
}
