package dev.gramian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException.Category;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
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
                PluginJar.constantLoss("twin.second", "TwinLoss", "twin"));
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
        assertTrue(list.err().contains("deliberately broken"), list::toString);
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
    }

    @Test
    void pluginDirectoriesFromTheEnvironmentComeFirstAndAllAreShown(@TempDir Path first, @TempDir Path second) {
        Execution env = run("", Map.of("GRAMIAN_PLUGIN_PATH", first + File.pathSeparator + example),
                "env", "--plugin-path", second.toString());
        assertEquals(0, env.status(), env::toString);
        List<String> expected = new ArrayList<>(List.of(first.toString(), example, second.toString()));
        assertTrue(env.out().contains("plugin dirs      " + String.join(", ", expected)), env::toString);
        assertTrue(env.out().contains("not loaded (add --tensorflow"), env::toString);
    }

    @Test
    void missingPluginDirectoryIsAPluginError() {
        Execution list = run("plugins", "list", "--plugin-path", "no/such/dir");
        assertEquals(Category.PLUGIN.exitCode(), list.status(), list::toString);
        assertTrue(list.err().contains("no/such/dir"), list::toString);
    }
}
