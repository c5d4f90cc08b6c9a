package dev.gramian.cli.command;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProblem;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code gramian env}: the facts to paste into a bug report. The TensorFlow backend is created
 * only with {@code --tensorflow}, because creating it loads the native library (seconds on a cold
 * cache); it is described and closed again.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print the environment: Java, OS, CPUs, memory, plugin path, problems and duplicate ids.")
public final class EnvCommand implements Callable<Integer> {
    private static final String TENSORFLOW = Provenance.BACKEND;

    @Option(names = "--tensorflow",
            description = "Also load the TensorFlow backend (native library) and print its version and devices.")
    private boolean tensorflow;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        PrintWriter out = streams.out();
        Runtime runtime = Runtime.getRuntime();
        row(out, "gramian", Provenance.gramianVersion());
        row(out, "java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        row(out, "os", Provenance.os());
        row(out, "cpus", Integer.toString(runtime.availableProcessors()));
        row(out, "memory", "max heap " + gibibytes(runtime.maxMemory()) + ", physical " + physicalMemory());
        row(out, "plugin path", catalog.pluginDirectories().isEmpty() ? "(none)"
                : catalog.pluginDirectories().stream().map(Path::toString).collect(Collectors.joining(", ")));
        row(out, "plugins", catalog.plugins().size() + " loaded " + countsByKind());
        if (catalog.problems().isEmpty()) {
            row(out, "plugin problems", "none");
        } else {
            row(out, "plugin problems", Integer.toString(catalog.problems().size()));
            for (PluginProblem problem : catalog.problems()) {
                out.println("  " + problem);
            }
        }
        if (!catalog.duplicates().isEmpty()) {
            row(out, "duplicate ids", catalog.duplicates().size() + " (other commands refuse to run)");
            for (PluginProblem duplicate : catalog.duplicates()) {
                out.println("  " + duplicate.message());
            }
        }
        if (!tensorflow) {
            row(out, TENSORFLOW, "not loaded (add --tensorflow to load and describe it)");
            return 0;
        }
        describeTensorFlow(out);
        return 0;
    }

    private void describeTensorFlow(PrintWriter out) {
        Map<String, LoadedPlugin> backends = catalog.plugins(PluginKind.BACKEND).stream()
                .collect(Collectors.toMap(LoadedPlugin::id, plugin -> plugin, (a, b) -> a, TreeMap::new));
        if (!backends.containsKey(TENSORFLOW)) {
            throw new GramianException(GramianException.Category.BACKEND, "no backend '" + TENSORFLOW
                    + "' found; known backends: " + backends.keySet()
                    + "; is gramian-runtime-tensorflow on the module path?");
        }
        try (Backend backend = catalog.create(PluginKind.BACKEND, TENSORFLOW, Map.of(), Backend.class)) {
            row(out, TENSORFLOW, "loaded from " + backends.get(TENSORFLOW).source());
            Map<String, String> facts = new TreeMap<>(backend.describe());
            int width = facts.keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, String> fact : facts.entrySet()) {
                out.printf("  %-" + width + "s  %s%n", fact.getKey(), fact.getValue());
            }
        } catch (LinkageError failure) {
            throw new GramianException(GramianException.Category.BACKEND, "cannot load the TensorFlow native "
                    + "library: " + failure + "; check that the tensorflow-core-native jar for this platform "
                    + "is on the module path", failure);
        }
    }

    private String countsByKind() {
        return catalog.plugins().stream()
                .collect(Collectors.groupingBy(p -> p.kind().label(), TreeMap::new, Collectors.counting()))
                .toString();
    }

    private static String physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return gibibytes(os.getTotalMemorySize());
        }
        return "unknown";
    }

    private static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-16s %s%n", key, value);
    }
}
