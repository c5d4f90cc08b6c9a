package dev.gramian.cli;

import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ./gramian ...} line in a code block of the README, docs/*.md and examples/README.md
 * runs and succeeds, so the documentation cannot drift from the command line. The docs' plugin
 * directory, {@code /tmp/gramian-plugins}, stands for a directory holding the example plugin's jar.
 * Demos train for minutes and are only parsed here: {@code AlignCommandsTest} (native) runs a short
 * {@code demo align}, {@code DemoAlignDefaultsTest} the documented one. The commands in the
 * README's tables ({@code `./gramian ...`} in a table row) train or read runs that do not exist
 * here; they are parsed, so every command, option and required value they show is real, and the
 * commands' own tests run them. The commands on Apache Spark ({@code sweep}, {@code probe --master})
 * are not this module's: the spark module's {@code SparkDocumentedCommandsTest} checks them.
 */
class DocumentedCommandsTest {
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/plugins.md", "docs/run-directory.md",
            "docs/embedding.md", "examples/README.md");
    private static final Pattern TABLE_COMMAND = Pattern.compile("`\\./gramian ([^`]+)`");
    private static final String DOCUMENTED_PLUGIN_DIRECTORY = "/tmp/gramian-plugins";

    @TestFactory
    Stream<DynamicTest> documentedCommandsSucceed() throws IOException {
        Path root = InProcessGramian.projectRoot();
        List<DynamicTest> tests = new ArrayList<>();
        for (String document : DOCUMENTS) {
            List<String> lines = Files.readAllLines(root.resolve(document));
            for (String command : commandsIn(lines).stream().filter(c -> !onSpark(c)).toList()) {
                tests.add(DynamicTest.dynamicTest(document + ": " + command, () -> run(root, command)));
            }
            for (String command : parsedOnlyIn(lines).stream().filter(c -> !onSpark(c)).toList()) {
                tests.add(DynamicTest.dynamicTest(document + " (parsed): " + command, () -> parse(command)));
            }
        }
        assertFalse(tests.isEmpty(), "no ./gramian commands found in " + DOCUMENTS);
        return tests.stream();
    }

    /** Whether {@code command} runs on Spark, started by ./gramian from the spark module. */
    private static boolean onSpark(String command) {
        return command.startsWith("sweep ") || command.matches("probe .*--master.*");
    }

    private static List<String> commandsIn(List<String> lines) {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.startsWith("./gramian ") && !line.startsWith("./gramian demo ")) {
                commands.add(line.substring("./gramian ".length()).strip());
            }
        }
        return commands;
    }

    /** Demo lines of code blocks and the commands of table rows. */
    private static List<String> parsedOnlyIn(List<String> lines) {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.startsWith("./gramian demo ")) {
                commands.add(line.substring("./gramian ".length()).strip());
            } else if (!inCode && line.startsWith("|")) {
                Matcher command = TABLE_COMMAND.matcher(line);
                while (command.find()) {
                    commands.add(command.group(1).strip());
                }
            }
        }
        return commands;
    }

    private static void parse(String command) {
        var commandLine = new CommandLine(new GramianCommand());
        commandLine.parseArgs(command.split("\\s+"));
    }

    private static void run(Path root, String command) {
        String[] args = Arrays.stream(command.split("\\s+"))
                .map(arg -> arg.equals(DOCUMENTED_PLUGIN_DIRECTORY)
                        ? InProcessGramian.examplePluginDirectory().toString()
                        : Files.exists(root.resolve(arg)) && arg.contains("/") ? root.resolve(arg).toString() : arg)
                .toArray(String[]::new);
        Execution execution = InProcessGramian.run("", Map.of(), args);
        assertEquals(0, execution.status(), execution::toString);
        assertTrue(!execution.out().isBlank(), execution::toString);
    }
}
