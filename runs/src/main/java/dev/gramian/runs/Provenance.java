package dev.gramian.runs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * What {@code config.json} records about where a run came from, built in one place: the header
 * every run starts with ({@code command}, {@code gramian_version}, {@code created}, {@code seed},
 * {@code java}, {@code os}), a plugin as {@code {"id", "options"}} with every option resolved, and
 * the backend every run trains with.
 */
public final class Provenance {
    /** The backend every run trains with. */
    public static final String BACKEND = "tensorflow";
    /**
     * Backend options that fix the thread counts, as the demos use them. TensorFlow splits an op's
     * sums over its threads, so the thread count changes the last bits of every step and, over a
     * thousand steps, the printed results; with it fixed, a run gives the same numbers on machines
     * with different numbers of cores (and the same instruction set).
     */
    public static final Map<String, String> FIXED_THREADS = Map.of("intra_op_threads", "2", "inter_op_threads", "2");

    /** The fact of {@link Backend#describe()} that says why a backend asked for bfloat16 runs float32. */
    public static final String PRECISION_FALLBACK = "precision_fallback";

    /** The words {@link #withRecordedPluginPath} adds, so that a failure is never hinted twice. */
    private static final String RECORDED_HINT = " was made with a plugin path";

    private Provenance() {
    }

    /**
     * Backend options that cap TensorFlow at {@code threads} threads inside an op and as many across
     * ops (what {@code --threads} asks for, and what a Spark task gets: the cores it was given); none
     * for null, TensorFlow's own choice.
     *
     * @throws GramianException (usage) for fewer than one thread
     */
    public static Map<String, String> threads(Integer threads) {
        if (threads == null) {
            return Map.of();
        }
        if (threads < 1) {
            throw GramianException.usage("--threads must be at least 1, got " + threads);
        }
        return Map.of("intra_op_threads", threads.toString(), "inter_op_threads", threads.toString());
    }

    /**
     * The start of {@code config.json}: command, versions, creation time (to the second), seed,
     * {@code java} and {@code os}; the last two and {@code created} are circumstantial and not compared
     * on resume.
     */
    public static ObjectNode header(String command, long seed) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("command", command);
        config.put("gramian_version", gramianVersion());
        config.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        config.put("seed", seed);
        config.put("java", java());
        config.put("os", os());
        return config;
    }

    /** The Java runtime, e.g. {@code 17.0.12 (Eclipse Adoptium)}. */
    public static String java() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    /** The operating system, e.g. {@code Linux 6.8.0 (amd64)}. */
    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")";
    }

    /** The project version the build filled in, e.g. {@code 0.1.0-SNAPSHOT}; "unknown" without it. */
    public static String gramianVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/dev/gramian/runs/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts {@code {"id": id, "options": {...}}} under {@code key}, every declared option of the plugin
     * with its value, given or default.
     *
     * @throws dev.gramian.api.GramianException (plugin) for an unknown id or a bad option
     */
    public static ObjectNode describePlugin(ObjectNode config, String key, PluginCatalog catalog, PluginKind kind,
                                            String id, Map<String, String> given) {
        return describePlugin(config.putObject(key), catalog, kind, id, given);
    }

    /** Fills {@code target} with {@code {"id": id, "options": {...}}} as {@link #describePlugin} does. */
    public static ObjectNode describePlugin(ObjectNode target, PluginCatalog catalog, PluginKind kind, String id,
                                            Map<String, String> given) {
        target.put("id", id);
        Options.resolve(catalog.find(kind, id).info(), given).asText().forEach(target.putObject("options")::put);
        return target;
    }

    /**
     * Puts {@code plugin_path}: for every jar of the catalog's plugin path that provided a plugin, its
     * path, SHA-256, version (the module's, else the manifest's, else "unknown") and the plugins it
     * provided as {@code kind/id}, so a rerun or a resume can find, and verify, the same jars. Absent
     * when no plugin path was used.
     */
    public static void describePluginPath(ObjectNode config, PluginCatalog catalog) {
        if (catalog.pluginDirectories().isEmpty()) {
            return;
        }
        List<java.nio.file.Path> entries = catalog.pluginDirectories().stream()
                .map(p -> p.toAbsolutePath().normalize()).toList();
        Map<java.nio.file.Path, List<LoadedPlugin>> byJar = new TreeMap<>();
        for (LoadedPlugin plugin : catalog.plugins()) {
            plugin.jar().filter(jar -> entries.stream().anyMatch(jar::startsWith))
                    .ifPresent(jar -> byJar.computeIfAbsent(jar, j -> new ArrayList<>()).add(plugin));
        }
        ArrayNode jars = config.putArray("plugin_path");
        byJar.forEach((jar, plugins) -> {
            ObjectNode entry = jars.addObject();
            entry.put("jar", jar.toString());
            entry.put("sha256", FileDigest.sha256(jar));
            Class<?> type = plugins.get(0).provider().getClass();
            String version = type.getModule().getDescriptor() != null
                    ? type.getModule().getDescriptor().rawVersion().orElse(null) : null;
            if (version == null && type.getPackage() != null) {
                version = type.getPackage().getImplementationVersion();
            }
            entry.put("version", version == null ? "unknown" : version);
            ArrayNode ids = entry.putArray("plugins");
            plugins.forEach(p -> ids.add(p.kind().label() + "/" + p.id()));
        });
    }

    /**
     * {@code failure} with a hint when it is an unknown plugin id and the run in {@code runDirectory}
     * recorded a plugin path in its {@code config.json}: which jars to pass with
     * {@code --plugin-path}, or exactly which recorded jar is missing or has changed since. Any other
     * failure is returned as it is.
     */
    public static GramianException withRecordedPluginPath(GramianException failure, java.nio.file.Path runDirectory) {
        java.nio.file.Path config = runDirectory.resolve(RunDirectory.CONFIG);
        if (failure.category() != GramianException.Category.PLUGIN || !String.valueOf(failure.getMessage())
                .startsWith("unknown ") || String.valueOf(failure.getMessage()).contains(RECORDED_HINT)
                || !java.nio.file.Files.isRegularFile(config)) {
            return failure;
        }
        JsonNode jars;
        try {
            jars = new ObjectMapper().readTree(config.toFile()).path("plugin_path");
        } catch (IOException e) {
            return failure;
        }
        if (!jars.isArray() || jars.isEmpty()) {
            return failure;
        }
        List<String> hints = new ArrayList<>();
        for (JsonNode entry : jars) {
            java.nio.file.Path jar = java.nio.file.Path.of(entry.path("jar").asText());
            String provided = entry.path("plugins").toString();
            if (!java.nio.file.Files.isRegularFile(jar)) {
                hints.add("its plugin jar " + jar + " (" + provided + ") is missing");
            } else if (!FileDigest.sha256(jar).equals(entry.path("sha256").asText())) {
                hints.add("its plugin jar " + jar + " (" + provided + ") has changed since (SHA-256 differs);"
                        + " add --plugin-path " + jar + " to use it anyway");
            } else {
                hints.add("add --plugin-path " + jar + " (it provided " + provided + ")");
            }
        }
        return new GramianException(GramianException.Category.PLUGIN, failure.getMessage() + "; the run in "
                + runDirectory + RECORDED_HINT + " (" + config + "): " + String.join("; ", hints), failure);
    }

    /**
     * The plugin jars that resuming the run in {@code runDirectory} must load besides the plugin path
     * {@code given}: the jars its {@code config.json} records ({@code plugin_path}) that no entry of
     * {@code given} holds. Without a given plugin path every recorded jar must be where it was, with the
     * recorded SHA-256; with one, the user's path decides and only the recorded jars that are still
     * intact are added. A directory without {@code config.json}, or a run without a plugin path,
     * needs none.
     *
     * @throws GramianException (plugin) naming the recorded jar that is missing or has changed, and
     *                          the plugins it provided, when no plugin path was given
     */
    public static List<java.nio.file.Path> recordedPluginJars(java.nio.file.Path runDirectory,
                                                              List<java.nio.file.Path> given) {
        java.nio.file.Path config = runDirectory.resolve(RunDirectory.CONFIG);
        if (!java.nio.file.Files.isRegularFile(config)) {
            return List.of();
        }
        JsonNode jars;
        try {
            jars = new ObjectMapper().readTree(config.toFile()).path("plugin_path");
        } catch (IOException e) {
            return List.of(); // the resume itself reports the unreadable config.json
        }
        List<java.nio.file.Path> entries = given.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<java.nio.file.Path> out = new ArrayList<>();
        for (JsonNode entry : jars) {
            java.nio.file.Path jar = java.nio.file.Path.of(entry.path("jar").asText()).toAbsolutePath().normalize();
            if (entries.stream().anyMatch(jar::startsWith)) {
                continue;
            }
            String what = "the plugin jar " + jar + " (version " + entry.path("version").asText("unknown")
                    + ", providing " + String.join(", ", texts(entry.path("plugins"))) + ")";
            String problem = null;
            if (!java.nio.file.Files.isRegularFile(jar)) {
                problem = "is missing; put it back, or pass --plugin-path with a jar that provides those plugins";
            } else {
                String now = FileDigest.sha256(jar);
                String recorded = entry.path("sha256").asText();
                if (!now.equals(recorded)) {
                    problem = "has changed since the run (SHA-256 " + recorded + " recorded, " + now + " now); "
                            + "restore it, or pass --plugin-path " + jar + " to resume with it as it is";
                }
            }
            if (problem == null) {
                out.add(jar);
            } else if (given.isEmpty()) {
                throw new GramianException(GramianException.Category.PLUGIN, "cannot resume " + runDirectory + ": "
                        + config + " records " + what + ", which " + problem);
            }
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    /** Puts the backend every run trains with under {@code backend}. */
    public static void describeBackend(ObjectNode config, PluginCatalog catalog) {
        describeBackend(config, catalog, Map.of());
    }

    /** Puts the backend every run trains with, created with {@code options}, under {@code backend}. */
    public static void describeBackend(ObjectNode config, PluginCatalog catalog, Map<String, String> options) {
        describePlugin(config, "backend", catalog, PluginKind.BACKEND, BACKEND, options);
    }

    /** A new backend of the kind every run trains with; loads its native library. */
    public static Backend backend(PluginCatalog catalog) {
        return backend(catalog, Map.of());
    }

    /** A new backend of the kind every run trains with, with {@code options}; loads its native library. */
    public static Backend backend(PluginCatalog catalog, Map<String, String> options) {
        return catalog.create(PluginKind.BACKEND, BACKEND, options, Backend.class);
    }

    /**
     * {@link #backend(PluginCatalog, Map)}, telling {@code warnings} why it runs float32 when it was
     * asked for bfloat16 on a CPU without AMX or AVX-512 BF16 ({@link #PRECISION_FALLBACK}). A job
     * creates its backend once, so a command warns once, however many models it builds.
     */
    public static Backend backend(PluginCatalog catalog, Map<String, String> options, Consumer<String> warnings) {
        Backend backend = backend(catalog, options);
        String fallback = backend.describe().get(PRECISION_FALLBACK);
        if (fallback != null) {
            warnings.accept(fallback);
        }
        return backend;
    }
}
