package dev.gramian.cli;

import dev.gramian.api.plugin.PluginProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds a plugin jar inside a test: compiles Java sources against the API with the JDK's javac and
 * packs the classes with a {@code META-INF/services} file. The jar has no module-info, so the
 * catalog loads it as an automatic module named after the jar file.
 */
final class PluginJar {
    private final List<String> sources = new ArrayList<>();
    private final List<String> services = new ArrayList<>();

    /** Adds one compilation unit; its file name is taken from its package and first class. */
    PluginJar source(String code) {
        sources.add(code);
        return this;
    }

    /** Adds one line to {@code META-INF/services/dev.gramian.api.plugin.PluginProvider}. */
    PluginJar service(String className) {
        services.add(className);
        return this;
    }

    /** Compiles and writes the jar as {@code directory/fileName}; returns its path. */
    Path writeTo(Path directory, String fileName) throws IOException {
        Path work = Files.createTempDirectory("plugin-jar");
        Path sourceDir = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "-classpath", apiLocation().toString()));
        for (String code : sources) {
            String pkg = code.replaceAll("(?s).*?package\\s+([\\w.]+);.*", "$1");
            String type = code.replaceAll("(?s).*?\\b(?:class|record|interface)\\s+(\\w+).*", "$1");
            Path file = sourceDir.resolve(pkg.replace('.', '/')).resolve(type + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, code);
            args.add(file.toString());
        }
        var diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.findFirst("javac").orElseThrow()
                .run(new PrintWriter(diagnostics, true), new PrintWriter(diagnostics, true), args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin does not compile:\n" + diagnostics);
        }
        Path jar = directory.resolve(fileName);
        try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file);
             Stream<Path> entries = Files.walk(classes)) {
            for (Path entry : entries.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(entry));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + PluginProvider.class.getName()));
            out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static Path apiLocation() {
        try {
            return Path.of(PluginProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** Source of a provider of an objective with {@code id} that evaluates to a constant loss. */
    static String constantLoss(String pkg, String className, String id) {
        return """
                package %s;

                import dev.gramian.api.algebra.ScalarAlgebra;
                import dev.gramian.api.objective.MarginLoss;
                import dev.gramian.api.objective.PairTerms;
                import dev.gramian.api.plugin.Options;
                import dev.gramian.api.plugin.PluginInfo;
                import dev.gramian.api.plugin.PluginKind;
                import dev.gramian.api.plugin.PluginProvider;

                public final class %s implements PluginProvider<MarginLoss> {
                    public PluginInfo info() {
                        return new PluginInfo("%s", PluginKind.OBJECTIVE, "a constant loss for tests");
                    }

                    public MarginLoss create(Options options) {
                        return new MarginLoss() {
                            public boolean usesReference() {
                                return false;
                            }

                            public <T> T loss(ScalarAlgebra<T> algebra, PairTerms<T> pair) {
                                return algebra.constant(1.0);
                            }
                        };
                    }
                }
                """.formatted(pkg, className, id);
    }
}
