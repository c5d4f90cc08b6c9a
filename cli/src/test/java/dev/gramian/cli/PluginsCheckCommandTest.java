package dev.gramian.cli;

import dev.gramian.api.GramianException.Category;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gramian plugins check}: the example plugin passes; each deliberately broken jar fails its check. */
class PluginsCheckCommandTest {
    /** −log σ(lw − ll) written as log(sigmoid(x)): −inf at a margin of −1e4. */
    private static final String NAIVE_LOSS = """
            package naive.loss;

            import dev.gramian.api.algebra.ScalarAlgebra;
            import dev.gramian.api.objective.MarginLoss;
            import dev.gramian.api.objective.PairTerms;
            import dev.gramian.api.plugin.Options;
            import dev.gramian.api.plugin.PluginInfo;
            import dev.gramian.api.plugin.PluginKind;
            import dev.gramian.api.plugin.PluginProvider;

            public final class NaiveLoss implements PluginProvider<MarginLoss> {
                public PluginInfo info() {
                    return new PluginInfo("naive-sigmoid", PluginKind.OBJECTIVE, "log(sigmoid(x)), unstable");
                }

                public MarginLoss create(Options options) {
                    return new MarginLoss() {
                        public boolean usesReference() {
                            return false;
                        }

                        public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> p) {
                            return a.neg(a.log(a.sigmoid(a.sub(p.logpChosen(), p.logpRejected()))));
                        }
                    };
                }
            }
            """;

    @Test
    void theExamplePluginPasses() {
        Path jar = InProcessGramian.examplePluginDirectory().resolve("gramian-example-plugin.jar");
        Execution check = run("plugins", "check", jar.toString());
        assertEquals(0, check.status(), check::toString);
        assertTrue(check.out().contains("ok   objective 'slic-hf': finite loss and derivatives at margins up to ±1e4"),
                check::toString);
        assertTrue(check.out().contains("ok   objective 'slic-hf': exact derivatives match finite differences"),
                check::toString);
        assertTrue(check.out().contains(" checks, 0 failed"), check::toString);
    }

    @Test
    void brokenJarsFailWithTheReasonNamed(@TempDir Path work) throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path classes = PluginJar.compile(work, NAIVE_LOSS,
                PluginJar.constantLoss("working.sibling", "SiblingLoss", "sibling-loss"));
        PluginJar.pack(classes, "naive", plugins.resolve("naive.jar"), "naive.loss.NaiveLoss");
        PluginJar.packMisnamed(classes, "working", plugins.resolve("misspelt.jar"),
                "META-INF/services/dev.gramian.api.PluginProvider", "working.sibling.SiblingLoss");
        Path module = PluginJar.compileModule(work, "module test.mismatch { requires dev.gramian.api; "
                        + "provides dev.gramian.api.plugin.PluginProvider with mismatch.loss.ModularLoss; }",
                PluginJar.constantLoss("mismatch.loss", "ModularLoss", "modular-loss"));
        PluginJar.packAll(module, plugins.resolve("mismatch.jar"), "mismatch.loss.Other");

        Execution check = run("plugins", "check", "--failures", plugins.toString());
        assertEquals(Category.PLUGIN.exitCode(), check.status(), check::toString);
        String out = check.out();
        assertTrue(out.contains("FAIL objective 'naive-sigmoid': finite loss and derivatives at margins up to ±1e4 "
                + "(at margin -10000 (lw -20020, ll -10020"), check::toString);
        assertTrue(out.contains("FAIL misspelt.jar: registers plugins (services file "
                + "[META-INF/services/dev.gramian.api.PluginProvider] is misnamed"), check::toString);
        assertTrue(out.contains("FAIL mismatch.jar: module-info provides and META-INF/services agree (module "
                + "test.mismatch provides [mismatch.loss.ModularLoss] but the services file lists [mismatch.loss.Other])"),
                check::toString);
        assertTrue(out.contains("FAIL objective 'modular-loss': rewardScale") == false, check::toString);
        assertEquals(3, out.lines().filter(l -> l.startsWith("FAIL ")).count(), check::toString);
        assertTrue(check.err().contains("gramian: error: 3 of "), check::toString);
    }
}
