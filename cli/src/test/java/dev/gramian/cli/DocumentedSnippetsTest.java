package dev.gramian.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of the README and docs/*.md is real code: either it appears, up to
 * indentation and blank lines, in a Java source file of the repository (which the build compiles),
 * or it is a module declaration that compiles on its own against the test JVM's module path.
 */
class DocumentedSnippetsTest {
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/plugins.md", "docs/run-directory.md",
            "docs/embedding.md");

    @TestFactory
    Stream<DynamicTest> javaSnippetsAreCompiledCode() throws IOException {
        Path root = InProcessGramian.projectRoot();
        List<String> sources = javaSources(root);
        List<DynamicTest> tests = new ArrayList<>();
        for (String document : DOCUMENTS) {
            List<String> snippets = javaBlocks(Files.readAllLines(root.resolve(document)));
            for (int i = 0; i < snippets.size(); i++) {
                String snippet = snippets.get(i);
                tests.add(DynamicTest.dynamicTest(document + " java block " + (i + 1),
                        () -> check(snippet, sources)));
            }
        }
        assertFalse(tests.isEmpty(), "no java blocks in " + DOCUMENTS);
        return tests.stream();
    }

    private static void check(String snippet, List<String> sources) throws IOException {
        String normalized = normalize(snippet);
        if (sources.stream().anyMatch(source -> source.contains(normalized))) {
            return;
        }
        assertTrue(normalized.startsWith("module "),
                "this snippet is in no Java source file of the repository:\n" + snippet);
        Path directory = Files.createTempDirectory("gramian-snippet");
        Path moduleInfo = Files.writeString(directory.resolve("module-info.java"), snippet);
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        var diagnostics = new StringWriter();
        var printer = new PrintWriter(diagnostics);
        int status = javac.run(printer, printer, "--module-path", System.getProperty("jdk.module.path"),
                "-d", directory.resolve("classes").toString(), moduleInfo.toString());
        printer.flush();
        assertEquals(0, status, () -> snippet + "\n" + diagnostics);
    }

    private static List<String> javaBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : lines) {
            if (block == null && line.strip().equals("```java")) {
                block = new StringBuilder();
            } else if (block != null && line.strip().startsWith("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The repository's Java sources (main, test and docs/examples), normalized. */
    private static List<String> javaSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !root.relativize(file).toString().contains("target/"))
                    .filter(file -> !root.relativize(file).startsWith(".git"))
                    .map(DocumentedSnippetsTest::read)
                    .map(DocumentedSnippetsTest::normalize)
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normalize(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }
}
