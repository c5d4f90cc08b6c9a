package dev.gramian.api.plugin;

import dev.gramian.api.GramianException;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every plugin Gramian can use in this process: the providers of the boot layer and the class path,
 * plus those of each plugin directory, loaded into a module layer of its own (jars with a
 * {@code module-info} as named modules, others as automatic modules). A provider or jar that fails
 * to load is recorded in {@link #problems()} and the rest still load; two providers with the same
 * kind and id are an error naming both sources.
 */
public final class PluginCatalog {
    private final Map<String, LoadedPlugin> byKey;
    private final List<PluginProblem> problems;
    private final List<Path> pluginDirectories;

    private PluginCatalog(Map<String, LoadedPlugin> byKey, List<PluginProblem> problems, List<Path> dirs) {
        this.byKey = byKey;
        this.problems = List.copyOf(problems);
        this.pluginDirectories = List.copyOf(dirs);
    }

    /**
     * Loads the built-in providers and those in {@code pluginDirectories}.
     *
     * @throws GramianException (plugin) when a directory does not exist or two plugins share a kind and id
     */
    public static PluginCatalog load(List<Path> pluginDirectories) {
        var loader = new Loader();
        loader.add(ServiceLoader.load(ModuleLayer.boot(), PluginProvider.class).iterator(), "boot layer");
        loader.add(ServiceLoader.load(PluginProvider.class, PluginCatalog.class.getClassLoader()).iterator(),
                "class path");
        for (Path dir : pluginDirectories) {
            loader.addDirectory(dir);
        }
        return new PluginCatalog(loader.byKey, loader.problems, pluginDirectories);
    }

    /** All plugins, sorted by kind and id. */
    public List<LoadedPlugin> plugins() {
        return byKey.values().stream()
                .sorted(Comparator.comparing(LoadedPlugin::kind).thenComparing(LoadedPlugin::id))
                .toList();
    }

    /** The plugins of one kind, sorted by id. */
    public List<LoadedPlugin> plugins(PluginKind kind) {
        return plugins().stream().filter(p -> p.kind() == kind).toList();
    }

    /** Providers and jars that failed to load. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /** The plugin directories this catalog was loaded from. */
    public List<Path> pluginDirectories() {
        return pluginDirectories;
    }

    /**
     * The plugin of {@code kind} with {@code id}.
     *
     * @throws GramianException (plugin) for an unknown id, listing the known ids of that kind
     */
    public LoadedPlugin find(PluginKind kind, String id) {
        LoadedPlugin plugin = byKey.get(key(kind, id));
        if (plugin == null) {
            String known = plugins(kind).stream().map(LoadedPlugin::id).collect(Collectors.joining(", "));
            throw new GramianException(GramianException.Category.PLUGIN,
                    "unknown " + kind.label() + " '" + id + "'; known: [" + known + "]");
        }
        return plugin;
    }

    /**
     * The plugins with {@code id}, of any kind: what {@code gramian plugins describe ID} shows.
     *
     * @throws GramianException (plugin) when no plugin has that id, listing every id
     */
    public List<LoadedPlugin> findAnyKind(String id) {
        List<LoadedPlugin> found = plugins().stream().filter(p -> p.id().equals(id)).toList();
        if (found.isEmpty()) {
            String known = plugins().stream().map(LoadedPlugin::id).distinct().sorted()
                    .collect(Collectors.joining(", "));
            throw new GramianException(GramianException.Category.PLUGIN,
                    "unknown plugin '" + id + "'; known: [" + known + "]");
        }
        return found;
    }

    /**
     * Creates the plugin {@code kind}/{@code id} with options given as text.
     *
     * @throws GramianException for an unknown id, a bad option, or a provider whose product is not a {@code type}
     */
    public <T> T create(PluginKind kind, String id, Map<String, String> options, Class<T> type) {
        LoadedPlugin plugin = find(kind, id);
        Options resolved = Options.resolve(plugin.info(), options);
        Object product = plugin.provider().create(resolved);
        if (!type.isInstance(product)) {
            throw new GramianException(GramianException.Category.PLUGIN, kind.label() + " '" + id + "' from "
                    + plugin.source() + " created a " + (product == null ? "null" : product.getClass().getName())
                    + ", not a " + type.getName());
        }
        return type.cast(product);
    }

    private static String key(PluginKind kind, String id) {
        return kind.label() + "/" + id;
    }

    /** Describes where a class was loaded from: its module and its jar or directory. */
    static String sourceOf(Class<?> type) {
        Module module = type.getModule();
        String where = "";
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code != null && code.getLocation() != null) {
            URL location = code.getLocation();
            where = location.getPath();
        }
        String name = module.isNamed() ? "module " + module.getName() : "class path";
        return where.isEmpty() ? name : name + " (" + where + ")";
    }

    /** Accumulates providers and problems from several sources. */
    private static final class Loader {
        private final Map<String, LoadedPlugin> byKey = new LinkedHashMap<>();
        private final List<PluginProblem> problems = new ArrayList<>();
        private final Set<Class<?>> seenClasses = new HashSet<>();

        @SuppressWarnings("rawtypes")
        void add(Iterator<PluginProvider> providers, String origin) {
            add(providers, origin, p -> true);
        }

        @SuppressWarnings("rawtypes")
        void add(Iterator<PluginProvider> providers, String origin, Predicate<Class<?>> accept) {
            while (true) {
                PluginProvider<?> provider;
                try {
                    if (!providers.hasNext()) {
                        return;
                    }
                    provider = providers.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    problems.add(new PluginProblem(origin, "provider failed to load: " + rootMessage(e), e));
                    continue;
                }
                Class<?> type = provider.getClass();
                if (!accept.test(type) || !seenClasses.add(type)) {
                    continue;
                }
                register(provider, sourceOf(type));
            }
        }

        private void register(PluginProvider<?> provider, String source) {
            PluginInfo info;
            try {
                info = provider.info();
                if (info == null) {
                    throw new IllegalStateException("info() returned null");
                }
            } catch (RuntimeException | LinkageError e) {
                problems.add(new PluginProblem(source, provider.getClass().getName()
                        + ".info() failed: " + rootMessage(e), e));
                return;
            }
            String key = key(info.kind(), info.id());
            LoadedPlugin previous = byKey.get(key);
            if (previous != null) {
                throw new GramianException(GramianException.Category.PLUGIN, "duplicate " + info.kind().label()
                        + " id '" + info.id() + "': provided by " + previous.provider().getClass().getName()
                        + " from " + previous.source() + " and by " + provider.getClass().getName()
                        + " from " + source);
            }
            byKey.put(key, new LoadedPlugin(info, provider, source));
        }

        void addDirectory(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new GramianException(GramianException.Category.PLUGIN,
                        "plugin directory " + dir + " does not exist or is not a directory");
            }
            List<Path> jars;
            try (Stream<Path> entries = Files.list(dir)) {
                jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                throw new GramianException(GramianException.Category.PLUGIN,
                        "cannot list plugin directory " + dir + ": " + e.getMessage(), e);
            }
            if (jars.isEmpty()) {
                return;
            }
            ModuleLayer whole;
            try {
                whole = defineLayer(jars);
            } catch (RuntimeException | LinkageError e) {
                // One bad jar spoils the directory's configuration: load the jars one by one so the
                // good ones still load and each bad one is named.
                for (Path jar : jars) {
                    ModuleLayer single;
                    try {
                        single = defineLayer(List.of(jar));
                    } catch (RuntimeException | LinkageError bad) {
                        problems.add(new PluginProblem(jar.toString(), "cannot load plugin jar: "
                                + rootMessage(bad), bad));
                        continue;
                    }
                    addLayer(single, jar.toString());
                }
                return;
            }
            addLayer(whole, dir.toString());
        }

        private static ModuleLayer defineLayer(List<Path> jars) {
            ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
            Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name())
                    .collect(Collectors.toSet());
            ModuleLayer parent = ModuleLayer.boot();
            Configuration configuration = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            return parent.defineModulesWithOneLoader(configuration, PluginCatalog.class.getClassLoader());
        }

        private void addLayer(ModuleLayer layer, String origin) {
            add(ServiceLoader.load(layer, PluginProvider.class).iterator(), origin,
                    type -> type.getModule().getLayer() == layer);
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
                text.append("; caused by ").append(root.getClass().getSimpleName()).append(": ")
                        .append(root.getMessage());
            }
            return text.toString();
        }
    }
}
