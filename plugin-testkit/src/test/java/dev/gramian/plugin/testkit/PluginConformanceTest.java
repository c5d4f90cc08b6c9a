package dev.gramian.plugin.testkit;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.InvalidOptionsException;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Good plugins pass every check; each deliberately broken one fails exactly the check it breaks. */
class PluginConformanceTest {

    /** −log σ(β·h) written as the contract asks. */
    private static MarginLoss sigmoidLoss(double beta, boolean naive) {
        return new MarginLoss() {
            @Override
            public boolean usesReference() {
                return true;
            }

            @Override
            public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
                T h = a.sub(a.sub(p.logpChosen(), p.refLogpChosen()), a.sub(p.logpRejected(), p.refLogpRejected()));
                T scaled = a.scale(h, beta);
                return a.neg(naive ? a.log(a.sigmoid(scaled)) : a.logSigmoid(scaled));
            }

            @Override
            public double rewardScale() {
                return beta;
            }
        };
    }

    private static <T> PluginProvider<T> provider(PluginInfo info, Function<Options, T> create) {
        return new PluginProvider<>() {
            @Override
            public PluginInfo info() {
                return info;
            }

            @Override
            public T create(Options options) {
                return create.apply(options);
            }
        };
    }

    private static PluginProvider<MarginLoss> loss(String id, boolean naive) {
        return provider(new PluginInfo(id, PluginKind.OBJECTIVE, "a sigmoid loss",
                        OptionSpec.real("beta", 0.1, "temperature").greaterThan(0)),
                options -> sigmoidLoss(options.real("beta"), naive));
    }

    private static Map<String, Finding> byCheck(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(Finding::check, f -> f, (a, b) -> a));
    }

    private static List<Finding> failures(List<Finding> findings) {
        return findings.stream().filter(f -> !f.passed()).toList();
    }

    @Test
    void aStableLossPassesEveryCheck() {
        List<Finding> findings = PluginConformance.checkProviders(List.of(loss("stable", false)));
        assertEquals(List.of(), failures(findings));
        assertTrue(byCheck(findings).containsKey("exact derivatives match finite differences"), findings::toString);
        assertTrue(byCheck(findings).containsKey("finite loss and derivatives at margins up to ±1e4"), findings::toString);
    }

    /** log(sigmoid(x)) underflows to log 0 = −inf at β·h = −1000 (margin −1e4, β = 0.1). */
    @Test
    void aLossWrittenAsLogOfSigmoidIsCaught() {
        List<Finding> failures = failures(PluginConformance.checkProviders(List.of(loss("naive", true))));
        assertEquals(1, failures.size(), failures::toString);
        Finding finite = failures.get(0);
        assertEquals("finite loss and derivatives at margins up to ±1e4", finite.check());
        assertTrue(finite.detail().startsWith("at margin -10000 (lw -20020, ll -10020"), finite::toString);
        assertTrue(finite.detail().contains("loss Infinity") && finite.detail().contains("logSigmoid"), finite::toString);
    }

    @Test
    void aLossThatInspectsValuesOrMisstatesItsDerivativeFails() {
        PluginProvider<MarginLoss> branching = provider(new PluginInfo("branching", PluginKind.OBJECTIVE, "branches"),
                options -> new MarginLoss() {
                    public boolean usesReference() {
                        return false;
                    }

                    @SuppressWarnings("unchecked")
                    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
                        T margin = a.sub(p.logpChosen(), p.logpRejected());
                        // Casting to read the value works on doubles only.
                        return a.constant(((Number) (Object) a.exp(a.neg(margin))).doubleValue());
                    }
                });
        Map<String, Finding> checks = byCheck(PluginConformance.checkProviders(List.of(branching)));
        assertFalse(checks.get("uses only algebra operations (runs on graph-like values)").passed(), checks::toString);
        assertFalse(checks.get("exact derivatives match finite differences").passed(), checks::toString);
    }

    @Test
    void aReferenceFreeLossMustNotReadTheReference() {
        PluginProvider<MarginLoss> liar = provider(new PluginInfo("liar", PluginKind.OBJECTIVE, "reads the reference"),
                options -> new MarginLoss() {
                    public boolean usesReference() {
                        return false;
                    }

                    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
                        return sigmoidLoss(0.1, false).loss(a, p);
                    }
                });
        Finding reference = byCheck(PluginConformance.checkProviders(List.of(liar)))
                .get("reference terms ignored unless usesReference()");
        assertFalse(reference.passed(), reference::toString);
        assertTrue(reference.detail().contains("with NaN ones"), reference::toString);
    }

    /** Momentum SGD; {@code hide} keeps the velocity out of state(), so a resumed run restarts it. */
    private static Optimizer momentum(boolean hide) {
        return new Optimizer() {
            private ParameterSet velocity;
            private long steps;

            public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
                if (velocity == null) {
                    velocity = gradient.zerosLike();
                }
                velocity.scale(0.9);
                velocity.addScaled(gradient, 1.0);
                parameters.addScaled(velocity, -learningRate);
                steps++;
            }

            public OptimizerState state() {
                if (hide || velocity == null) {
                    return new OptimizerState(steps, Map.of());
                }
                return new OptimizerState(steps, Map.of("velocity", velocity.copy()));
            }

            public void restore(OptimizerState state) {
                steps = state.steps();
                velocity = state.slots().containsKey("velocity") ? state.slots().get("velocity").copy() : null;
            }
        };
    }

    @Test
    void anOptimizerMustResumeBitForBit() {
        var good = provider(new PluginInfo("momentum", PluginKind.OPTIMIZER, "momentum"), o -> momentum(false));
        var bad = provider(new PluginInfo("amnesiac", PluginKind.OPTIMIZER, "forgets"), o -> momentum(true));
        assertEquals(List.of(), failures(PluginConformance.checkProviders(List.of(good))));
        List<Finding> failures = failures(PluginConformance.checkProviders(List.of(bad)));
        assertEquals(1, failures.size(), failures::toString);
        assertEquals("state()/restore() resumes bit for bit", failures.get(0).check());
        assertTrue(failures.get(0).detail().contains("the parameters differ: w[0]"), failures::toString);
    }

    /** Steps on domains in an order drawn from the learner's random source, with an inner optimiser kept across steps. */
    private static DomainRule innerMomentumRule(boolean keepState) {
        return new DomainRule() {
            private final Optimizer inner = momentum(false);

            public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
                int d = learner.random().nextInt(learner.domainCount());
                LossGradient lg = learner.lossAndGradient(d);
                inner.step(learner.parameters(), lg.gradient(), learningRate);
                return lg.loss();
            }

            public OptimizerState state() {
                return keepState ? inner.state() : OptimizerState.empty();
            }

            public void restore(OptimizerState state) {
                inner.restore(state);
            }
        };
    }

    @Test
    void aDomainRuleMustResumeBitForBit() {
        var good = provider(new PluginInfo("keeps", PluginKind.DOMAIN_RULE, "keeps its state"),
                o -> innerMomentumRule(true));
        var bad = provider(new PluginInfo("drops", PluginKind.DOMAIN_RULE, "drops its state"),
                o -> innerMomentumRule(false));
        assertEquals(List.of(), failures(PluginConformance.checkProviders(List.of(good))));
        List<Finding> failures = failures(PluginConformance.checkProviders(List.of(bad)));
        assertEquals(List.of("state()/restore() resumes bit for bit"), failures.stream().map(Finding::check).toList());
    }

    @Test
    void aProbeMustOnlyRead() {
        Function<Boolean, GradientProbe> probe = writes -> new GradientProbe() {
            public int interval() {
                return 1;
            }

            public boolean wants(Need need) {
                return need == Need.DOMAINS;
            }

            public void observeDomains(DomainGeometry geometry, MetricSink sink) {
                if (writes) {
                    geometry.gram()[0][0] = 0; // "normalises" in place
                }
                sink.scalar("test/gip", geometry.meanInnerProduct());
            }
        };
        var reader = provider(new PluginInfo("reader", PluginKind.PROBE, "reads"), o -> probe.apply(false));
        var writer = provider(new PluginInfo("writer", PluginKind.PROBE, "writes"), o -> probe.apply(true));
        assertEquals(List.of(), failures(PluginConformance.checkProviders(List.of(reader))));
        List<Finding> failures = failures(PluginConformance.checkProviders(List.of(writer)));
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).detail().contains("observeDomains changed the Gram matrix"), failures::toString);
    }

    /** Cross-option failures are allowed as InvalidOptionsException; a crash at a valid extreme is not. */
    @Test
    void extremeOptionValuesMustCreateOrBeUsageErrors() {
        PluginInfo info = new PluginInfo("window", PluginKind.OBJECTIVE, "needs low < high",
                OptionSpec.real("low", 0, "lower").atLeast(0), OptionSpec.real("high", 1, "upper").atMost(10));
        var polite = provider(info, o -> {
            if (o.real("low") >= o.real("high")) {
                throw new InvalidOptionsException("low must be below high");
            }
            return sigmoidLoss(1, false);
        });
        var crashing = provider(info, o -> {
            double[] table = new double[(int) (o.real("high") - o.real("low"))];
            return sigmoidLoss(table[0] + 1, false);
        });
        assertEquals(List.of(), failures(PluginConformance.checkProviders(List.of(polite))));
        List<Finding> failures = failures(PluginConformance.checkProviders(List.of(crashing)));
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).detail().startsWith("low=1000000.0: objective 'window' from"), failures::toString);
    }

    @Test
    void extremeValuesRespectExclusiveBounds() {
        assertEquals(List.of("1.0E-6", "1000000.0"),
                PluginConformance.extremeValues(OptionSpec.real("beta", 0.1, "b").greaterThan(0)));
        assertEquals(List.of("1", "7"), PluginConformance.extremeValues(OptionSpec.integer("k", 2, "k").atLeast(1)
                .lessThan(8)));
    }

    @Test
    void theContractAssertionListsEveryFailure() {
        assertFalse(PluginContract.assertConforms(loss("stable", false)).isEmpty());
        AssertionError failure = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> PluginContract.assertConforms(loss("stable", false), loss("naive", true)));
        assertTrue(failure.getMessage().startsWith("1 of "), failure::getMessage);
        assertTrue(failure.getMessage().contains("FAIL objective 'naive': finite loss"), failure::getMessage);
    }
}
