package dev.gramian.cli.option;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where to look for plugin jars besides the module path: the entries of the
 * {@value #ENVIRONMENT_VARIABLE} environment variable, then those given with {@code --plugin-path}.
 * An entry is a directory of jars or a single jar; each becomes one module layer of the plugin catalog.
 */
public final class PluginPathOptions {
    /** The environment variable holding plugin directories and jars, separated by the platform's path separator. */
    public static final String ENVIRONMENT_VARIABLE = "GRAMIAN_PLUGIN_PATH";

    @Option(names = "--plugin-path", paramLabel = "DIR|JAR", scope = ScopeType.INHERIT,
            description = "A directory of plugin jars, or one plugin jar, to load in a module layer of its own; "
                    + "repeatable. Entries in $" + ENVIRONMENT_VARIABLE + " (separated by '${sys:path.separator}') "
                    + "come first.")
    private List<Path> directories = new ArrayList<>();

    /** The plugin directories and jars to load, environment first, in order, without repeats. */
    public List<Path> entries(Map<String, String> environment) {
        List<Path> all = new ArrayList<>();
        String fromEnvironment = environment.getOrDefault(ENVIRONMENT_VARIABLE, "");
        for (String entry : fromEnvironment.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                all.add(Path.of(entry.trim()));
            }
        }
        all.addAll(directories);
        return all.stream().distinct().toList();
    }
}
