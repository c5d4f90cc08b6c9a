package dev.gramian.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every module directory of the reactor, the providers declared in {@code module-info.java}
 * ({@code provides dev.gramian.api.plugin.PluginProvider with ...}) and those listed in
 * {@code META-INF/services/dev.gramian.api.plugin.PluginProvider} (for class-path users) are the
 * same set. Reads the source files, so it checks modules this one does not depend on too.
 */
class ProviderRegistrationTest {
    private static final String SERVICE = "dev.gramian.api.plugin.PluginProvider";
    private static final Pattern PROVIDES = Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([\\w.,\\s]+);");
    private static final Pattern IMPORT = Pattern.compile("import\\s+([\\w.]+)\\s*;");

    @Test
    void moduleInfoAndServicesFileListTheSameProvidersInEveryModule() throws IOException {
        List<Path> modules = moduleDirectories();
        assertTrue(modules.stream().anyMatch(m -> m.getFileName().toString().equals("example-plugin")),
                "expected the reactor's module directories, found " + modules);
        List<String> mismatches = new ArrayList<>();
        int withProviders = 0;
        for (Path module : modules) {
            Set<String> declared = declaredInModuleInfo(module.resolve("src/main/java/module-info.java"));
            Set<String> listed = listedInServicesFile(module.resolve("src/main/resources/META-INF/services/" + SERVICE));
            if (!declared.equals(listed)) {
                mismatches.add(module.getFileName() + ": module-info provides " + declared
                        + " but META-INF/services lists " + listed);
            }
            withProviders += declared.isEmpty() ? 0 : 1;
        }
        assertEquals(List.of(), mismatches);
        assertTrue(withProviders >= 2, "found providers in only " + withProviders + " modules of " + modules);
    }

    @Test
    void parserReadsCommentsImportsAndSeveralProviders() {
        String moduleInfo = """
                import dev.gramian.api.plugin.PluginProvider;
                /* provides dev.gramian.api.plugin.PluginProvider with not.This; */
                module x {
                    // provides PluginProvider with nor.This;
                    provides PluginProvider with a.One,
                            b.Two;
                    provides java.lang.Runnable with c.Three;
                }
                """;
        assertEquals(Set.of("a.One", "b.Two"), parseModuleInfo(moduleInfo));
    }

    private static List<Path> moduleDirectories() throws IOException {
        Path root = InProcessGramian.projectRoot();
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<Path> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(root.resolve(module.group(1).trim()));
        }
        return modules;
    }

    private static Set<String> declaredInModuleInfo(Path file) throws IOException {
        return Files.exists(file) ? parseModuleInfo(Files.readString(file)) : Set.of();
    }

    static Set<String> parseModuleInfo(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Set<String> imports = new TreeSet<>();
        Matcher imported = IMPORT.matcher(code);
        while (imported.find()) {
            imports.add(imported.group(1));
        }
        Set<String> providers = new TreeSet<>();
        Matcher provides = PROVIDES.matcher(code);
        while (provides.find()) {
            String service = provides.group(1);
            boolean ours = service.equals(SERVICE)
                    || (service.equals("PluginProvider") && imports.contains(SERVICE));
            if (ours) {
                Arrays.stream(provides.group(2).split(",")).map(String::strip).forEach(providers::add);
            }
        }
        return providers;
    }

    private static Set<String> listedInServicesFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
