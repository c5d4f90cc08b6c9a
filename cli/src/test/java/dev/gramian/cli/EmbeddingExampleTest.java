package dev.gramian.cli;

import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/examples/EmbeddingExample.java, the program of docs/embedding.md, compiles against the API
 * on the module path (fast suite) and runs with the documented command line, with and without a
 * checkpoint of gramian sft (native).
 */
class EmbeddingExampleTest {
    private static final String PAIR_LINE =
            "pair \\d: logp_chosen -\\d+\\.\\d{4}  logp_rejected -\\d+\\.\\d{4}  cos\\(g_w, g_l\\) -?\\d\\.\\d{4}";

    @Test
    void compilesOnTheModulePath(@TempDir Path classes) {
        compile(classes, "dev.gramian.api", example());
        assertTrue(Files.isRegularFile(classes.resolve("EmbeddingExample.class")));
    }

    @Test
    void theTrainingExampleCompilesWithTheRunsModule(@TempDir Path classes) {
        compile(classes, "dev.gramian.runs", trainingExample());
        assertTrue(Files.isRegularFile(classes.resolve("TrainingExample.class")));
    }

    /** The trainer facade's example: SFT, DPO from it and a greedy completion, nothing parsed. */
    @Test
    @Tag("native")
    void theTrainingExampleTrainsAndAlignsIntoRunDirectories(@TempDir Path directory) throws Exception {
        List<String> lines = run("dev.gramian.runs", trainingExample(), List.of(directory.toString()));
        List<String> own = lines.stream().filter(l -> l.matches("(sft|dpo|completion): .*")).toList();
        assertEquals(3, own.size(), lines::toString);
        assertTrue(own.get(0).matches("sft: 40 steps, eval/loss \\d+\\.\\d{4}"), own.get(0));
        assertTrue(own.get(1).matches("dpo: 20 steps, eval/rewards/margins -?\\d+\\.\\d{4}"), own.get(1));
        assertTrue(own.get(2).matches("completion: \\d+ tokens, stop (EOS|MAX_NEW_TOKENS)"), own.get(2));
        for (String run : List.of("sft", "dpo")) {
            var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    directory.resolve(run).resolve("config.json").toFile());
            assertEquals(run.equals("sft") ? "sft" : "align", config.get("command").asText());
            assertTrue(Files.isRegularFile(directory.resolve(run).resolve("checkpoints/latest.ckpt")), run);
        }
        var dpo = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                directory.resolve("dpo/config.json").toFile());
        assertEquals("0.1", dpo.at("/objective/options/beta").asText(), dpo::toString);
        assertEquals(20, dpo.at("/training/steps").asInt(), dpo::toString);
    }

    private static void compile(Path classes, String module, Path source) {
        // javac through java.base's tool SPI: the cli module does not read java.compiler.
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        var diagnostics = new StringWriter();
        var printer = new PrintWriter(diagnostics);
        int status = javac.run(printer, printer, "-Xlint:all", "-Werror",
                "--module-path", modulePath(), "--add-modules", module, "-d", classes.toString(), source.toString());
        printer.flush();
        assertEquals(0, status, diagnostics::toString);
    }

    @Test
    @Tag("native")
    void runsWithAFreshModelAndWithACheckpointOfSft(@TempDir Path directory) throws Exception {
        List<String> fresh = runExample(List.of());
        assertEquals(2, fresh.size(), fresh::toString);
        fresh.forEach(line -> assertTrue(line.matches(PAIR_LINE), line));

        Path run = directory.resolve("sft");
        Execution sft = InProcessGramian.run("--quiet", "sft", "--data",
                InProcessGramian.projectRoot().resolve("examples/preferences.jsonl").toString(), "--steps", "2",
                "--layers", "1", "--width", "16", "--heads", "2", "--mlp", "32", "--context", "128",
                "--out", run.toString());
        assertEquals(0, sft.status(), sft::toString);
        List<String> trained = runExample(List.of(run.resolve("checkpoints/latest.ckpt").toString()));
        assertEquals(2, trained.size(), trained::toString);
        trained.forEach(line -> assertTrue(line.matches(PAIR_LINE), line));
    }

    /** The documented command, {@code java --module-path LIB --add-modules dev.gramian.api FILE [CKPT]}. */
    private static List<String> runExample(List<String> args) throws Exception {
        // TensorFlow's native notes share the stream; the example's own lines are the pair lines.
        return run("dev.gramian.api", example(), args).stream().filter(line -> line.startsWith("pair ")).toList();
    }

    /** {@code java --module-path LIB --add-modules MODULE FILE ARGS...}, its output lines. */
    private static List<String> run(String module, Path program, List<String> args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Surefire puts the jars no module requires (TensorFlow's native classifier jar among them) on
        // the class path: keep both, as cli/target/lib holds them all on one module path.
        List<String> command = new ArrayList<>(List.of(java.toString(), "--module-path", modulePath(),
                "--class-path", System.getProperty("java.class.path"), "--add-modules", module,
                program.toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the example did not finish");
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    private static Path example() {
        return InProcessGramian.projectRoot().resolve("docs/examples/EmbeddingExample.java");
    }

    private static Path trainingExample() {
        return InProcessGramian.projectRoot().resolve("docs/examples/TrainingExample.java");
    }

    /** The test JVM's module path: the API, the built-in plugins, TensorFlow and its native jar. */
    private static String modulePath() {
        String modulePath = System.getProperty("jdk.module.path");
        assertTrue(modulePath != null && modulePath.contains("tensorflow-core-native"),
                "tests run on the module path with the TensorFlow runtime: " + modulePath);
        return modulePath;
    }
}
