package dev.gramian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/plugin-template} builds on its own, as a third party's project would: its own
 * Maven invocation, outside the reactor, against Gramian's API and conformance kit in a local
 * repository. The repository is a private one under {@code cli/target} holding the jars this build
 * just compiled (never the shared {@code ~/.m2}, which is only read, through a mirror, for Maven's
 * plugins and JUnit). The template's own tests run the kit; the built jar then passes
 * {@code gramian plugins check} and its loss evaluates and trains through the command line.
 */
class PluginTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir
    static Path work;
    private static Path jar;

    @BeforeAll
    static void buildTheTemplateWithItsOwnMaven() throws Exception {
        Path root = InProcessGramian.projectRoot();
        Path repository = root.resolve("cli/target/template-m2");
        install(repository, "gramian-api", root.resolve("api/target/classes"), "");
        install(repository, "gramian-plugin-testkit", root.resolve("plugin-testkit/target/classes"), """
                  <dependencies>
                    <dependency>
                      <groupId>dev.gramian</groupId>
                      <artifactId>gramian-api</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                """.formatted(VERSION));
        Path settings = Files.writeString(work.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>shared-read-only</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("user.home"), ".m2", "repository").toUri()));
        Path project = work.resolve("template");
        copy(root.resolve("examples/plugin-template"), project);
        Path log = work.resolve("maven.log");
        Process maven = new ProcessBuilder("mvn", "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository, "package")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(maven.waitFor(10, TimeUnit.MINUTES), "the template's build timed out");
        assertEquals(0, maven.exitValue(), () -> "the template does not build:\n" + read(log));
        jar = project.resolve("target/gramian-plugin-template-1.0.0.jar");
        assertTrue(Files.isRegularFile(jar), () -> "no jar built:\n" + read(log));
    }

    @Test
    void theBuiltJarPassesTheConformanceCheck() {
        Execution check = run("plugins", "check", jar.toString());
        assertEquals(0, check.status(), check::toString);
        for (String expected : List.of("ok   gramian-plugin-template-1.0.0.jar: module-info provides and META-INF/services agree",
                "ok   objective 'smooth-hinge': finite loss and derivatives at margins up to ±1e4",
                "ok   domain-rule 'momentum-erm': state()/restore() resumes bit for bit",
                "ok   probe 'loss-spread': only reads the geometry it is given")) {
            assertTrue(check.out().contains(expected), () -> expected + "\n" + check);
        }
    }

    /** h = (−10 + 11) − (−12 + 11) = 2 with β = 0.5, δ = 1: softplus(−0.5), d/dlw = −β·σ(−0.5). */
    @Test
    void itsLossEvaluatesThroughTheCommandLine() throws IOException {
        String pair = "{\"logp_chosen\": -10, \"logp_rejected\": -12, \"ref_logp_chosen\": -11, "
                + "\"ref_logp_rejected\": -11, \"len_chosen\": 5, \"len_rejected\": 6}\n";
        Execution eval = run(pair, Map.of(), "--plugin-path", jar.toString(), "objective", "eval",
                "--objective", "smooth-hinge", "-O", "beta=0.5", "--input", "-");
        assertEquals(0, eval.status(), eval::toString);
        JsonNode result = JSON.readTree(eval.out());
        assertEquals(Math.log1p(Math.exp(-0.5)), result.get("loss").asDouble(), 1e-12);
        assertEquals(-0.5 / (1 + Math.exp(0.5)), result.get("d_logp_chosen").asDouble(), 1e-12);

        Execution describe = run("--plugin-path", jar.toString(), "plugins", "describe", "smooth-hinge");
        assertTrue(describe.out().contains("reference: reads the reference model"), describe::toString);
        assertTrue(describe.out().contains("reward scale: 0.1"), describe::toString);
    }

    @Test
    @Tag("native")
    void itsLossTrainsThroughAlign() throws IOException {
        Path sft = work.resolve("sft");
        Execution trained = run("sft", "--dataset", "1t", "-D", "size=24", "--max-length", "64", "--layers", "1",
                "--width", "16", "--heads", "2", "--mlp", "32", "--context", "64", "--batch-size", "4", "--steps", "2",
                "--out", sft.toString(), "--quiet");
        assertEquals(0, trained.status(), trained::toString);
        Path run = work.resolve("align-smooth-hinge");
        Execution align = run("align", "--dataset", "1t", "-D", "size=24", "--max-length", "64",
                "--init", sft.resolve("checkpoints/latest.ckpt").toString(), "--batch-size", "4", "--steps", "2",
                "--log-every", "1", "--eval-every", "2", "--objective", "smooth-hinge", "--plugin-path", jar.toString(),
                "--out", run.toString(), "--quiet");
        assertEquals(0, align.status(), align::toString);
        List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
        JsonNode last = JSON.readTree(rows.get(rows.size() - 1));
        assertTrue(last.get("loss").isNumber() && Double.isFinite(last.get("loss").asDouble()), last::toString);
        JsonNode recorded = JSON.readTree(run.resolve("config.json").toFile()).get("plugin_path").get(0);
        assertEquals(jar.toAbsolutePath().normalize().toString(), recorded.get("jar").asText());
        assertEquals(dev.gramian.runs.FileDigest.sha256(jar), recorded.get("sha256").asText());
        assertTrue(recorded.get("plugins").toString().contains("objective/smooth-hinge"), recorded::toString);
    }

    /** Writes {@code classes} as a jar, with a minimal pom, where a local repository keeps them. */
    private static void install(Path repository, String artifact, Path classes, String dependencies) throws IOException {
        Path directory = Files.createDirectories(repository.resolve("dev/gramian/" + artifact + "/" + VERSION));
        PluginJar.packAll(classes, directory.resolve(artifact + "-" + VERSION + ".jar"));
        Files.writeString(directory.resolve(artifact + "-" + VERSION + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.gramian</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                %s</project>
                """.formatted(artifact, VERSION, dependencies));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
