package dev.gramian.cli.demo;

import dev.gramian.cli.InProcessGramian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The README's code blocks that show what a demo prints, for tests that compare them with the output. */
final class ReadmeBlocks {
    private ReadmeBlocks() {
    }

    /**
     * The lines of the README's code block whose first line starts with {@code header}, up to the
     * closing fence.
     *
     * @throws AssertionError when there is no such block or it is not closed
     */
    static List<String> startingWith(String header) throws IOException {
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
