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
 * Builds plugin jars inside a test: compiles Java sources against the API with the JDK's javac
 * (once for all jars of a test class, since javac is the slow part) and packs the classes of some
 * packages with a {@code META-INF/services} file. The jars have no module-info, so the catalog
 * loads each as an automatic module named after its file.
 */
final class PluginJar {
    /** Where a jar lists its providers for the class path. */
    static final String SERVICES_FILE = "META-INF/services/" + PluginProvider.class.getName();

    private PluginJar() {
    }

    /** Compiles {@code sources} (file names taken from package and first type) into {@code work/classes}. */
    static Path compile(Path work, String... sources) throws IOException {
        Path sourceDir = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "-classpath", apiLocation().toString()));
        for (String code : sources) {
            args.add(writeSource(sourceDir, code).toString());
        }
        javac(args);
        return classes;
    }

    private static Path writeSource(Path sourceDir, String code) throws IOException {
        String pkg = code.replaceAll("(?s).*?package\\s+([\\w.]+);.*", "$1");
        String type = code.replaceAll("(?s).*?\\b(?:class|record|interface)\\s+(\\w+).*", "$1");
        Path file = sourceDir.resolve(pkg.replace('.', '/')).resolve(type + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, code);
        return file;
    }

    private static void javac(List<String> args) {
        var diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.findFirst("javac").orElseThrow()
                .run(new PrintWriter(diagnostics, true), new PrintWriter(diagnostics, true), args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin does not compile:\n" + diagnostics);
        }
    }

    /**
     * Compiles a named module: {@code moduleInfo} and {@code sources}, against the API module, into
     * {@code work/<module name>}.
     */
    static Path compileModule(Path work, String moduleInfo, String... sources) throws IOException {
        String name = moduleInfo.replaceAll("(?s).*?module\\s+([\\w.]+).*", "$1");
        Path sourceDir = Files.createDirectories(work.resolve("src-" + name));
        Path classes = Files.createDirectories(work.resolve(name));
        Files.writeString(sourceDir.resolve("module-info.java"), moduleInfo);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                "--module-path", apiLocation().toString(), sourceDir.resolve("module-info.java").toString()));
        for (String code : sources) {
            args.add(writeSource(sourceDir, code).toString());
        }
        javac(args);
        return classes;
    }

    /**
     * Writes {@code jar} with the classes of {@code packageDirectory} (e.g. {@code twin/first}) under
     * {@code classes}, and a services file listing {@code services}.
     */
    static Path pack(Path classes, String packageDirectory, Path jar, String... services) throws IOException {
        return packMisnamed(classes, packageDirectory, jar, SERVICES_FILE, services);
    }

    /** As {@link #pack(Path, String, Path, String...)}, with the services file at {@code servicesFile}. */
    static Path packMisnamed(Path classes, String packageDirectory, Path jar, String servicesFile, String... services)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file)) {
            addFiles(out, classes, classes.resolve(packageDirectory));
            out.putNextEntry(new JarEntry(servicesFile));
            out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /**
     * Writes {@code jar} with every file under {@code classes}, e.g. a module's {@code target/classes},
     * and, if {@code services} are given, a services file listing them.
     */
    static Path packAll(Path classes, Path jar, String... services) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); var out = new JarOutputStream(file)) {
            addFiles(out, classes, classes);
            if (services.length > 0) {
                out.putNextEntry(new JarEntry(SERVICES_FILE));
                out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void addFiles(JarOutputStream out, Path root, Path from) throws IOException {
        try (Stream<Path> entries = Files.walk(from)) {
            for (Path entry : entries.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(root.relativize(entry).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(entry));
                out.closeEntry();
            }
        }
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
