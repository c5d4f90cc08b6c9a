package dev.gramian.spark;

import dev.gramian.cli.GramianCommand;
import dev.gramian.spark.InProcessSparkGramian.Execution;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Spark command of the README and docs/spark.md (in a code block or a table row) is real: a
 * sweep is planned and checked in full with {@code --dry-run} (every run's command line parsed by the
 * command it runs, every grid key resolved), a {@code probe --master} line is parsed. The core's
 * DocumentedCommandsTest leaves these lines to this test.
 */
class SparkDocumentedCommandsTest {
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/spark.md");
    private static final Pattern TABLE_COMMAND = Pattern.compile("`\\./gramian ([^`]+)`");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> documentedSparkCommandsAreReal() throws IOException {
        Path root = InProcessSparkGramian.projectRoot();
        List<DynamicTest> tests = new ArrayList<>();
        for (String document : DOCUMENTS) {
            List<String> commands = sparkCommands(Files.readAllLines(root.resolve(document)));
            assertTrue(commands.size() >= 2, document + " shows the Spark commands: " + commands);
            for (String command : commands) {
                tests.add(DynamicTest.dynamicTest(document + ": " + command, () -> check(command)));
            }
        }
        return tests.stream();
    }

    private static List<String> sparkCommands(List<String> lines) {
        List<String> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.startsWith("./gramian ")) {
                commands.add(line.substring("./gramian ".length()).strip());
            } else if (!inCode && line.startsWith("|")) {
                Matcher command = TABLE_COMMAND.matcher(line);
                while (command.find()) {
                    commands.add(command.group(1).strip());
                }
            }
        }
        return commands.stream().filter(c -> c.startsWith("sweep ") || c.matches("probe .*--master.*")).toList();
    }

    private void check(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        if (args.get(0).equals("sweep")) {
            int out = args.indexOf("--out");
            args.set(out + 1, temp.resolve("sweep").toString());
            args.add("--dry-run");
            Execution dryRun = InProcessSparkGramian.run(args);
            assertEquals(0, dryRun.status(), dryRun::toString);
            assertTrue(dryRun.out().startsWith("sweep " + args.get(1) + ": "), dryRun::toString);
        } else {
            CommandLine commandLine = new CommandLine(new GramianCommand());
            SparkGramian.extend(commandLine, Map.of());
            commandLine.parseArgs(args.toArray(String[]::new));
        }
    }
}
