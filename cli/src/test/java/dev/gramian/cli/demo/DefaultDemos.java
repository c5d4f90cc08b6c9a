package dev.gramian.cli.demo;

import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.InProcessGramian.Execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs a demo with its defaults for the tests that check its findings, and reads the README's code
 * blocks that show what a demo prints, to compare them with the output.
 */
final class DefaultDemos {
    private DefaultDemos() {
    }

    /** Runs {@code gramian demo NAME --out OUT --quiet}, asserts it succeeded and prints its wall time and output. */
    static Execution run(String name, Path out) {
        long start = System.nanoTime();
        Execution demo = InProcessGramian.run("demo", name, "--out", out.toString(), "--quiet");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, demo.status(), demo::toString);
        System.out.println("demo " + name + ": " + took.toSeconds() + " s\n" + demo.out());
        return demo;
    }

    /**
     * The lines of the README's code block whose first line starts with {@code header}, up to the
     * closing fence.
     *
     * @throws AssertionError when there is no such block or it is not closed
     */
    static List<String> readmeBlock(String header) throws IOException {
        List<String> block = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(InProcessGramian.projectRoot().resolve("README.md"))) {
            if (inBlock && line.startsWith("```")) {
                return block;
            }
            if (inBlock || line.startsWith(header)) {
                inBlock = true;
                block.add(line);
            }
        }
        throw new AssertionError(block.isEmpty() ? "README.md has no block starting with '" + header + "'"
                : "README.md's block starting with '" + header + "' is not closed");
    }

    /** What a demo printed to stdout, its run directory {@code out} written as the default {@code defaultOut}. */
    static List<String> printed(String stdout, Path out, String defaultOut) {
        return stdout.replace(out.toString(), defaultOut).lines().toList();
    }
}
