package dev.gramian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException.Category;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example third-party plugin, broken plugins and duplicate ids, loaded through the plugin path. */
class PluginPathTest {
    private static final String THROWING_PROVIDER = """
            package broken.ctor;

            import dev.gramian.api.plugin.Options;
            import dev.gramian.api.plugin.PluginInfo;
            import dev.gramian.api.plugin.PluginProvider;

            public final class ThrowingProvider implements PluginProvider<Object> {
                public ThrowingProvider() {
                    throw new IllegalStateException("deliberately broken");
                }

                public PluginInfo info() {
                    return null;
                }

                public Object create(Options options) {
                    return null;
                }
            }
            """;

    /** Options low and high, each valid alone; create() checks low <= high in the way {@code check} says. */
    private static final String PICKY_PROVIDER = """
            package picky.loss;

            import dev.gramian.api.algebra.ScalarAlgebra;
            import dev.gramian.api.objective.MarginLoss;
            import dev.gramian.api.objective.PairTerms;
            import dev.gramian.api.plugin.InvalidOptionsException;
            import dev.gramian.api.plugin.OptionSpec;
            import dev.gramian.api.plugin.Options;
            import dev.gramian.api.plugin.PluginInfo;
            import dev.gramian.api.plugin.PluginKind;
            import dev.gramian.api.plugin.PluginProvider;

            public final class PickyLoss implements PluginProvider<MarginLoss> {
                public PluginInfo info() {
                    return new PluginInfo("picky", PluginKind.OBJECTIVE, "rejects low > high",
                            OptionSpec.real("low", 0, "lower"), OptionSpec.real("high", 1, "upper"),
                            OptionSpec.choice("check", "typed", "how to fail", "typed", "plain", "bug"));
                }

                public MarginLoss create(Options options) {
                    if (options.real("low") > options.real("high")) {
                        switch (options.string("check")) {
                            case "typed": throw new InvalidOptionsException("low must not exceed high");
                            case "plain": throw new IllegalArgumentException("low above high");
                            default: throw new IllegalStateException("a bug in the plugin");
                        }
                    }
                    return new MarginLoss() {
                        public boolean usesReference() {
                            return false;
                        }

                        public <T> T loss(ScalarAlgebra<T> algebra, PairTerms<T> pair) {
                            return algebra.softplus(algebra.sub(pair.logpRejected(), pair.logpChosen()));
                        }
                    };
                }
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAIR = "{\"logp_chosen\": -10, \"logp_rejected\": -12, \"ref_logp_chosen\": -11, "
            + "\"ref_logp_rejected\": -11, \"len_chosen\": 5, \"len_rejected\": 6}\n";

    private static String example;
    private static Path classes;

    @BeforeAll
    static void exampleJarWasBuiltAndTestPluginsCompile(@TempDir Path work) throws Exception {
        example = InProcessGramian.examplePluginDirectory().toString();
        classes = PluginJar.compile(work, THROWING_PROVIDER,
                PluginJar.constantLoss("working.sibling", "SiblingLoss", "sibling-loss"),
                PluginJar.constantLoss("missing.entry", "PresentLoss", "present-loss"),
                PluginJar.constantLoss("twin.first", "TwinLoss", "twin"),
                PluginJar.constantLoss("twin.second", "TwinLoss", "twin"),
                PICKY_PROVIDER);
    }

    @Test
    void examplePluginIsNotOnTheDefaultPath() {
        Execution list = run("plugins", "list", "--kind", "objective");
        assertEquals(0, list.status(), list::toString);
        assertFalse(list.out().contains("slic-hf"), list::toString);
    }

    @Test
    void examplePluginIsListedWithItsSourceAndOptions() throws Exception {
        Execution list = run("plugins", "list", "--json", "--plugin-path", example);
        assertEquals(0, list.status(), list::toString);
        JsonNode slic = null;
        for (JsonNode plugin : JSON.readTree(list.out()).get("plugins")) {
            if (plugin.get("id").asText().equals("slic-hf")) {
                slic = plugin;
            }
        }
        assertTrue(slic != null, list::toString);
        assertEquals("objective", slic.get("kind").asText());
        assertTrue(slic.get("source").asText().contains("dev.gramian.examples.slic"), slic::toString);
        assertEquals("lambda", slic.get("options").get(1).get("key").asText());
        assertEquals("real in [0, inf)", slic.get("options").get(1).get("valid").asText());
    }

    /** SLiC-HF at lw − ll = 2 with δ = 3, λ = 0.1: max(0, 3 − 2) + 0.1·10, and d/dlw = −1 − λ, d/dll = 1. */
    @Test
    void examplePluginEvaluatesThroughTheEnvironmentVariable() throws Exception {
        Execution eval = run(PAIR, Map.of("GRAMIAN_PLUGIN_PATH", example),
                "objective", "eval", "--objective", "slic-hf", "-O", "delta=3", "--input", "-");
        assertEquals(0, eval.status(), eval::toString);
        JsonNode result = JSON.readTree(eval.out());
        assertEquals(2.0, result.get("loss").asDouble(), 1e-12);
        assertEquals(-1.1, result.get("d_logp_chosen").asDouble(), 1e-12);
        assertEquals(1.0, result.get("d_logp_rejected").asDouble(), 1e-12);
    }

    @Test
    void describeNamesTheExampleJar() {
        Execution describe = run("--plugin-path", example, "plugins", "describe", "slic-hf");
        assertEquals(0, describe.status(), describe::toString);
        assertTrue(describe.out().contains("gramian-example-plugin.jar"), describe::toString);
        assertTrue(describe.out().contains("delta  real, default 1.0, real in [0, inf)"), describe::toString);
    }

    /**
     * A provider whose constructor throws, a services entry naming a class that is not there, and a
     * good jar beside them in the same directory.
     */
    @Test
    void brokenPluginsAreReportedWhileTheOthersLoad(@TempDir Path plugins) throws Exception {
        PluginJar.pack(classes, "broken", plugins.resolve("broken-ctor.jar"), "broken.ctor.ThrowingProvider");
        PluginJar.pack(classes, "working", plugins.resolve("working.jar"), "working.sibling.SiblingLoss");
        PluginJar.pack(classes, "missing", plugins.resolve("missing-entry.jar"), "missing.entry.AbsentLoss");

        Execution list = run("plugins", "list", "--plugin-path", plugins.toString(), "--plugin-path", example);
        assertEquals(0, list.status(), list::toString);
        assertTrue(list.out().contains("slic-hf"), list::toString);
        assertTrue(list.out().contains("sibling-loss"), "the good provider next to the broken one: " + list);
        assertTrue(list.out().contains(" dpo "), "built-in plugins still load: " + list);
        assertTrue(list.err().lines().anyMatch(l -> l.contains("broken-ctor.jar") && l.contains("deliberately broken")),
                "a throwing provider is blamed on its jar, not the directory: " + list);
        assertTrue(list.err().lines().anyMatch(l -> l.contains("missing-entry.jar") && l.contains("AbsentLoss")),
                list::toString);
        assertTrue(list.err().contains("missing.entry.AbsentLoss"), list::toString);
        assertEquals(2, list.err().lines().filter(l -> l.startsWith("gramian: warning: plugin problem: ")).count(),
                list::toString);

        Execution quiet = run("plugins", "list", "--quiet", "--plugin-path", plugins.toString());
        assertEquals(0, quiet.status(), quiet::toString);
        assertEquals("", quiet.err());

        Execution env = run("env", "--plugin-path", plugins.toString());
        assertEquals(0, env.status(), env::toString);
        assertTrue(env.out().contains("plugin problems  2"), env::toString);
        assertTrue(env.out().contains(plugins.toString()), env::toString);
    }

    @Test
    void twoPluginsWithTheSameIdAreAnErrorNamingBoth(@TempDir Path plugins) throws Exception {
        PluginJar.pack(classes, "twin/first", plugins.resolve("twin-first.jar"), "twin.first.TwinLoss");
        PluginJar.pack(classes, "twin/second", plugins.resolve("twin-second.jar"), "twin.second.TwinLoss");

        Execution list = run("plugins", "list", "--plugin-path", plugins.toString());
        assertEquals(Category.PLUGIN.exitCode(), list.status(), list::toString);
        assertTrue(list.err().startsWith("gramian: error: duplicate objective id 'twin'"), list::toString);
        assertTrue(list.err().contains("twin.first.TwinLoss") && list.err().contains("twin.second.TwinLoss"),
                list::toString);
        assertTrue(list.err().contains("twin-first.jar") && list.err().contains("twin-second.jar"), list::toString);

        Execution env = run("env", "--plugin-path", plugins.toString());
        assertEquals(0, env.status(), "env reports duplicates instead of failing: " + env);
        assertTrue(env.out().contains("duplicate ids    1"), env::toString);
        assertTrue(env.out().contains("duplicate objective id 'twin'"), env::toString);
    }

    /** A modular jar whose module-info lacks {@code provides}, and a misspelt services file name. */
    @Test
    void jarsThatRegisterNothingAreNamedWithTheLikelyCause(@TempDir Path work) throws Exception {
        Path plugins = java.nio.file.Files.createDirectories(work.resolve("plugins"));
        Path module = PluginJar.compileModule(work, "module test.noprovides { requires dev.gramian.api; }",
                PluginJar.constantLoss("noprovides.loss", "QuietLoss", "quiet-loss"));
        PluginJar.packAll(module, plugins.resolve("no-provides.jar"), "noprovides.loss.QuietLoss");
        PluginJar.packMisnamed(classes, "working", plugins.resolve("misspelt.jar"),
                "META-INF/services/dev.gramian.api.PluginProvider", "working.sibling.SiblingLoss");

        Execution env = run("env", "--plugin-path", plugins.toString());
        assertEquals(0, env.status(), env::toString);
        assertTrue(env.out().contains("plugin problems  2"), env::toString);
        assertTrue(env.err().lines().anyMatch(l -> l.contains("no-provides.jar") && l.contains("module test.noprovides")
                && l.contains("has no 'provides dev.gramian.api.plugin.PluginProvider with ...'")), env::toString);
        assertTrue(env.err().lines().anyMatch(l -> l.contains("misspelt.jar")
                && l.contains("[META-INF/services/dev.gramian.api.PluginProvider] is misnamed")), env::toString);
        assertFalse(env.out().contains("quiet-loss") || env.out().contains("sibling-loss"), env::toString);
    }

    @Test
    void describeJsonSaysWhetherALossUsesTheReference() throws Exception {
        Execution describe = run("--plugin-path", example, "plugins", "describe", "--json", "slic-hf");
        assertEquals(0, describe.status(), describe::toString);
        JsonNode slic = JSON.readTree(describe.out()).get("plugins").get(0);
        assertEquals("slic-hf", slic.get("id").asText());
        assertFalse(slic.get("uses_reference").asBoolean(), slic::toString);
        assertEquals("delta", slic.get("options").get(0).get("key").asText());

        Execution dpo = run("plugins", "describe", "--json", "dpo");
        JsonNode node = JSON.readTree(dpo.out()).get("plugins").get(0);
        assertTrue(node.get("uses_reference").asBoolean(), node::toString);
        assertEquals(0.1, node.get("reward_scale").asDouble(), 1e-12, node::toString);
        Execution text = run("plugins", "describe", "dpo");
        assertTrue(text.out().contains("reference: reads the reference model"), text::toString);
    }

    @Test
    void aJarIsAPluginPathEntryToo() {
        Path jar = Path.of(example).resolve("gramian-example-plugin.jar");
        Execution describe = run("--plugin-path", jar.toString(), "plugins", "describe", "slic-hf");
        assertEquals(0, describe.status(), describe::toString);
        assertEquals("", describe.err(), describe::toString);
        assertTrue(describe.out().contains("delta  real"), describe::toString);
    }

    /** Cross-option failures of create() are usage errors naming the plugin; other failures blame its jar. */
    @Test
    void aProviderRejectingItsOptionsIsAUsageErrorNamingThePlugin(@TempDir Path plugins) throws Exception {
        PluginJar.pack(classes, "picky", plugins.resolve("picky.jar"), "picky.loss.PickyLoss");
        String dir = plugins.toString();
        Execution ok = run(PAIR, Map.of(), "--plugin-path", dir, "objective", "eval", "--objective", "picky",
                "-O", "low=0.5", "--input", "-");
        assertEquals(0, ok.status(), ok::toString);
        for (String check : List.of("typed", "plain")) {
            Execution bad = run(PAIR, Map.of(), "--plugin-path", dir, "objective", "eval", "--objective", "picky",
                    "-O", "low=2", "-O", "check=" + check, "--input", "-");
            assertEquals(Category.USAGE.exitCode(), bad.status(), bad::toString);
            assertTrue(bad.err().startsWith("gramian: error: objective 'picky': invalid options {low=2"), bad::toString);
            assertTrue(bad.err().contains(check.equals("typed") ? "low must not exceed high" : "low above high"),
                    bad::toString);
        }
        Execution bug = run(PAIR, Map.of(), "--plugin-path", dir, "objective", "eval", "--objective", "picky",
                "-O", "low=2", "-O", "check=bug", "--input", "-");
        assertEquals(Category.PLUGIN.exitCode(), bug.status(), bug::toString);
        assertTrue(bug.err().contains("objective 'picky' from") && bug.err().contains("picky.jar")
                && bug.err().contains("a bug in the plugin"), bug::toString);
    }

    @Test
    void anOptionWithoutAValueSaysHowToWriteIt() {
        Execution eval = run(PAIR, Map.of(), "objective", "eval", "--objective", "dpo", "-O", "beta", "--input", "-");
        assertEquals(Category.USAGE.exitCode(), eval.status(), eval::toString);
        assertTrue(eval.err().startsWith("gramian: error: option '--option' needs KEY=VALUE, but got 'beta' with no "
                + "value; write e.g. --option beta=VALUE"), eval::toString);
    }

    @Test
    void pluginDirectoriesFromTheEnvironmentComeFirstAndAllAreShown(@TempDir Path first, @TempDir Path second) {
        Execution env = run("", Map.of("GRAMIAN_PLUGIN_PATH", first + File.pathSeparator + example),
                "env", "--plugin-path", second.toString());
        assertEquals(0, env.status(), env::toString);
        List<String> expected = new ArrayList<>(List.of(first.toString(), example, second.toString()));
        assertTrue(env.out().contains("plugin path      " + String.join(", ", expected)), env::toString);
        assertTrue(env.out().contains("not loaded (add --tensorflow"), env::toString);
    }

    /**
     * A program with the API on the class path (no modules) loads the modular example plugin from
     * its jar: through the jar's services file, not a module layer that could not read the API.
     */
    @Test
    void theApiOnTheClassPathLoadsAModularPluginJar(@TempDir Path work) throws Exception {
        Path program = java.nio.file.Files.writeString(work.resolve("ClassPathProgram.java"), """
                import dev.gramian.api.plugin.PluginCatalog;
                import dev.gramian.api.plugin.PluginKind;
                import java.nio.file.Path;
                import java.util.List;

                public class ClassPathProgram {
                    public static void main(String[] args) {
                        PluginCatalog catalog = PluginCatalog.load(List.of(Path.of(args[0])));
                        catalog.problems().forEach(problem -> System.out.println("problem: " + problem));
                        System.out.println("found in " + catalog.find(PluginKind.OBJECTIVE, "slic-hf").source());
                    }
                }
                """);
        Path api = InProcessGramian.projectRoot().resolve("api/target/classes");
        Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(launcher.toString(), "-cp", api.toString(), program.toString(), example)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("found in class path (") && output.contains("gramian-example-plugin.jar"), output);
        assertFalse(output.contains("problem:") || output.contains("not found"), output);
    }

    /**
     * A run made with plugin jars says, when its objective is unknown in a rerun, which jar to add and
     * which is missing.
     */
    @Test
    void anUnknownObjectiveNamesThePluginJarsTheRunRecorded(@TempDir Path run) throws Exception {
        Path jar = Path.of(example).resolve("gramian-example-plugin.jar").toAbsolutePath();
        Path gone = run.resolve("gone.jar");
        java.nio.file.Files.writeString(run.resolve("config.json"), """
                {"command": "align", "plugin_path": [
                  {"jar": "%s", "sha256": "%s", "version": "unknown", "plugins": ["objective/slic-hf"]},
                  {"jar": "%s", "sha256": "00", "version": "1.0", "plugins": ["probe/other"]}]}
                """.formatted(jar, dev.gramian.runs.FileDigest.sha256(jar), gone));
        Execution align = run("align", "--dataset", "1t", "--init", run.resolve("latest.ckpt").toString(),
                "--objective", "slic-hf", "--out", run.toString(), "--force");
        assertEquals(Category.PLUGIN.exitCode(), align.status(), align::toString);
        assertTrue(align.err().startsWith("gramian: error: unknown objective 'slic-hf'"), align::toString);
        assertTrue(align.err().contains("add --plugin-path " + jar + " (it provided [\"objective/slic-hf\"])"),
                align::toString);
        assertTrue(align.err().contains("its plugin jar " + gone + " ([\"probe/other\"]) is missing"), align::toString);
        assertEquals(1, align.err().split("was made with a plugin path", -1).length - 1, "hinted once: " + align.err());
    }

    /** Resuming needs every jar the run recorded, and a missing one is named with what it provided. */
    @Test
    void aResumeNamesTheRecordedJarThatIsMissing(@TempDir Path run) throws Exception {
        Path gone = run.resolve("gone.jar");
        java.nio.file.Files.writeString(run.resolve("config.json"), """
                {"command": "align", "plugin_path": [
                  {"jar": "%s", "sha256": "00", "version": "1.0", "plugins": ["objective/slic-hf"]}]}
                """.formatted(gone));
        Execution align = run("align", "--dataset", "1t", "--init", run.resolve("latest.ckpt").toString(),
                "--objective", "slic-hf", "--out", run.toString(), "--resume");
        assertEquals(Category.PLUGIN.exitCode(), align.status(), align::toString);
        assertTrue(align.err().startsWith("gramian: error: cannot resume " + run + ": "), align::toString);
        assertTrue(align.err().contains("records the plugin jar " + gone + " (version 1.0, providing objective/slic-hf), "
                + "which is missing"), align::toString);
        // A plugin path given on the command line decides instead: the objective is then unknown.
        Path elsewhere = java.nio.file.Files.createDirectories(run.resolve("other-plugins"));
        Execution given = run("align", "--dataset", "1t", "--init", run.resolve("latest.ckpt").toString(),
                "--objective", "slic-hf", "--out", run.toString(), "--resume", "--plugin-path", elsewhere.toString());
        assertEquals(Category.PLUGIN.exitCode(), given.status(), given::toString);
        assertTrue(given.err().startsWith("gramian: error: unknown objective 'slic-hf'"), given::toString);
        assertTrue(given.err().contains("its plugin jar " + gone + " ([\"objective/slic-hf\"]) is missing"),
                given::toString);
    }

    /**
     * sft, align and dg record the plugin jars of their plugin path (path, SHA-256, version, what each
     * provided); a resume without --plugin-path loads them again, and refuses a changed or missing one.
     */
    @Test
    @Tag("native")
    void runsRecordTheirPluginJarsAndAResumeFindsThemAgain(@TempDir Path work) throws Exception {
        Path plugins = java.nio.file.Files.createDirectories(work.resolve("plugins"));
        Path jar = java.nio.file.Files.copy(Path.of(example).resolve("gramian-example-plugin.jar"),
                plugins.resolve("slic.jar")).toAbsolutePath().normalize();
        Path sft = work.resolve("sft");
        Execution trained = run("sft", "--dataset", "1t", "-D", "size=24", "--max-length", "64", "--layers", "1",
                "--width", "16", "--heads", "2", "--mlp", "32", "--context", "64", "--batch-size", "4", "--steps", "2",
                "--plugin-path", plugins.toString(), "--out", sft.toString(), "--quiet");
        assertEquals(0, trained.status(), trained::toString);
        assertRecorded(sft, jar);

        Path align = work.resolve("align");
        List<String> alignArgs = List.of("align", "--dataset", "1t", "-D", "size=24", "--max-length", "64", "--init",
                sft.resolve("checkpoints/latest.ckpt").toString(), "--batch-size", "4", "--steps", "2",
                "--eval-every", "2", "--objective", "slic-hf", "--out", align.toString(), "--quiet");
        List<String> first = new ArrayList<>(alignArgs);
        first.addAll(List.of("--plugin-path", plugins.toString()));
        Execution aligned = run(first.toArray(String[]::new));
        assertEquals(0, aligned.status(), aligned::toString);
        assertRecorded(align, jar);
        List<String> resume = new ArrayList<>(alignArgs);
        resume.add("--resume");
        Execution resumed = run(resume.toArray(String[]::new));
        assertEquals(0, resumed.status(), "no --plugin-path: the recorded jar is found: " + resumed);

        Path dg = work.resolve("dg");
        List<String> dgArgs = List.of("dg", "--dataset", "linear-toy", "-D", "train_examples=32", "-D",
                "validation_examples=16", "-D", "test_examples=16", "--rule", "erm", "--batch-size", "8", "--steps", "2",
                "--eval-every", "2", "--quiet", "--out", dg.toString());
        List<String> dgFirst = new ArrayList<>(dgArgs);
        dgFirst.addAll(List.of("--plugin-path", plugins.toString()));
        Execution domains = run(dgFirst.toArray(String[]::new));
        assertEquals(0, domains.status(), domains::toString);
        assertRecorded(dg, jar);

        java.nio.file.Files.write(jar, new byte[]{0}, java.nio.file.StandardOpenOption.APPEND);
        Execution changed = run(resume.toArray(String[]::new));
        assertEquals(Category.PLUGIN.exitCode(), changed.status(), changed::toString);
        assertTrue(changed.err().contains("records the plugin jar " + jar + " (version ") && changed.err().contains(
                "providing objective/slic-hf), which has changed since the run"), changed::toString);
        java.nio.file.Files.delete(jar);
        List<String> dgResume = new ArrayList<>(dgArgs);
        dgResume.add("--resume");
        Execution missing = run(dgResume.toArray(String[]::new));
        assertEquals(Category.PLUGIN.exitCode(), missing.status(), missing::toString);
        assertTrue(missing.err().contains("records the plugin jar " + jar) && missing.err().contains("which is missing"),
                missing::toString);
    }

    private static void assertRecorded(Path run, Path jar) throws IOException {
        JsonNode recorded = JSON.readTree(run.resolve("config.json").toFile()).get("plugin_path");
        assertEquals(1, recorded.size(), recorded::toString);
        assertEquals(jar.toString(), recorded.get(0).get("jar").asText());
        assertEquals(dev.gramian.runs.FileDigest.sha256(jar), recorded.get(0).get("sha256").asText());
        assertTrue(recorded.get(0).hasNonNull("version"), recorded::toString);
        assertEquals("[\"objective/slic-hf\"]", recorded.get(0).get("plugins").toString());
    }

    @Test
    void missingPluginPathEntryIsAPluginError() {
        Execution list = run("plugins", "list", "--plugin-path", "no/such/dir");
        assertEquals(Category.PLUGIN.exitCode(), list.status(), list::toString);
        assertTrue(list.err().contains("no/such/dir"), list::toString);
    }
}
