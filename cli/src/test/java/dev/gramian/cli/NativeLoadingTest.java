package dev.gramian.cli;

import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands that need no tensors never touch TensorFlow: checked in a separate JVM on the real module
 * path (the TensorFlow runtime and native jar included) by logging every class it loads. Only
 * {@code env --tensorflow} loads the native library; that test is tagged {@code native}.
 */
class NativeLoadingTest {

    @Test
    void pluginsListLoadsNoTensorFlowOrJavaCppClass() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        assertTrue(modulePath != null && modulePath.contains("tensorflow-core-native"),
                "tests run on the module path with the TensorFlow runtime: " + modulePath);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Surefire puts the jars no module requires (Guava, for Guice) on the class path: keep both.
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xlog:class+load=info:stdout",
                "-XX:TieredStopAtLevel=1", "-p", modulePath, "-cp", System.getProperty("java.class.path"),
                "-m", "dev.gramian.cli/dev.gramian.cli.Gramian",
                "plugins", "list"))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "plugins list did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("dev.gramian.runtime.tensorflow"), "the backend's provider is loaded");
        assertTrue(output.contains(" dpo "), output);
        List<String> nativeSide = output.lines()
                .filter(l -> l.contains("] org.tensorflow.") || l.contains("] org.bytedeco."))
                .toList();
        assertEquals(List.of(), nativeSide);
    }

    @Test
    @Tag("native")
    void envWithTheFlagLoadsTheBackendAndPrintsItsVersion() throws IOException {
        Execution env = InProcessGramian.run("env", "--tensorflow");
        assertEquals(0, env.status(), env::toString);
        assertTrue(env.out().contains("loaded from module dev.gramian.runtime.tensorflow"), env::toString);
        assertFalse(env.out().contains("not loaded"), env::toString);
    }
}
