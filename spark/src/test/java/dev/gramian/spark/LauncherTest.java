package dev.gramian.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./gramian} keeps Spark out of every command that does not need it, and gives the ones that do
 * the Java 17 flags Spark's own launcher would.
 */
class LauncherTest {
    /** Spark's launcher adds this module too; only its vectorised hashing uses it, and the JVM warns about it. */
    private static final String INCUBATOR = "--add-modules=jdk.incubator.vector";

    private static String launch(String... args) throws IOException, InterruptedException {
        Path root = InProcessSparkGramian.projectRoot();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("gramian").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GRAMIAN_SKIP_BUILD", "1");
        builder.environment().put("GRAMIAN_JAVA_OPTS", "-Xlog:class+load=info:stdout");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    @Test
    void helpAndPluginsListLoadNoSparkClass() throws IOException, InterruptedException {
        for (String[] args : List.of(new String[]{"--help"}, new String[]{"plugins", "list"})) {
            String output = launch(args);
            assertTrue(output.contains("dev.gramian.cli.Gramian"), "class loading is logged: " + output.length());
            assertFalse(output.contains("org.apache.spark"), String.join(" ", args) + " loaded a Spark class");
            assertFalse(output.contains("scala."), String.join(" ", args) + " loaded a Scala class");
            if (args[0].equals("--help")) {
                assertTrue(output.contains("'sweep align'"), "the core's help points to the Spark commands");
            }
        }
    }

    @Test
    void theLauncherAndSurefireOpenWhatSparksOwnLauncherOpens() throws IOException {
        List<String> spark = new ArrayList<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        assertTrue(spark.remove(INCUBATOR), spark::toString);
        assertEquals(spark, List.of(System.getProperty("gramian.spark.java.options").trim().split("\\s+")),
                "spark/pom.xml's spark.java.options");
        String script = Files.readString(InProcessSparkGramian.projectRoot().resolve("gramian"));
        Matcher block = Pattern.compile("(?s)spark_java_options=\\((.*?)\\)").matcher(script);
        assertTrue(block.find(), "spark_java_options=(...) in ./gramian");
        assertEquals(spark, List.of(block.group(1).trim().split("\\s+")), "./gramian's spark_java_options");
    }
}
