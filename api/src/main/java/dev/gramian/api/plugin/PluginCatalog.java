package dev.gramian.api.plugin;

import dev.gramian.api.GramianException;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every plugin Gramian can use in this process: the providers of the boot layer and the class path,
 * plus those of each plugin path entry (a directory of jars or a single jar), loaded into a module
 * layer of its own (jars with a {@code module-info} as named modules, others as automatic modules;
 * when the API itself is on the class path, into a class loader of their own instead). A provider
 * or jar that fails to load is recorded in {@link #problems()}, blamed on its jar, and the rest
 * still load; a jar that registers nothing gets a problem naming the likely cause. Two providers with
 * the same kind and id are recorded in {@link #duplicates()}; {@link #requireNoDuplicates()} makes
 * them an error naming both sources.
 */
public final class PluginCatalog {
    private final Map<String, LoadedPlugin> byKey;
    private final List<PluginProblem> problems;
    private final List<PluginProblem> duplicates;
    private final List<Path> pluginPath;

    private PluginCatalog(Map<String, LoadedPlugin> byKey, List<PluginProblem> problems,
                          List<PluginProblem> duplicates, List<Path> pluginPath) {
        this.byKey = byKey;
        this.problems = List.copyOf(problems);
        this.duplicates = List.copyOf(duplicates);
        this.pluginPath = List.copyOf(pluginPath);
    }

    /**
     * Loads the built-in providers and those of {@code pluginPath}: directories of jars and single jars.
     *
     * @throws GramianException (plugin) when an entry is neither a directory nor a jar file
     */
    public static PluginCatalog load(List<Path> pluginPath) {
        var loader = new Loader();
        loader.add(ServiceLoader.load(ModuleLayer.boot(), PluginProvider.class), "boot layer", p -> true);
        loader.add(ServiceLoader.load(PluginProvider.class, PluginCatalog.class.getClassLoader()),
                "class path", p -> true);
        for (Path entry : pluginPath) {
            loader.addPathEntry(entry);
        }
        return new PluginCatalog(loader.byKey, loader.problems, loader.duplicates, pluginPath);
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

    /** Providers and jars that failed to load or registered nothing. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /** Providers left out because an earlier one has the same kind and id; each names both sources. */
    public List<PluginProblem> duplicates() {
        return duplicates;
    }

    /**
     * Fails on the first duplicate id: a command that uses plugins must not pick one of two at random.
     *
     * @throws GramianException (plugin) naming both providers and their jars
     */
    public void requireNoDuplicates() {
        if (!duplicates.isEmpty()) {
            throw new GramianException(GramianException.Category.PLUGIN, duplicates.get(0).message());
        }
    }

    /** The plugin path (directories and jars) this catalog was loaded from. */
    public List<Path> pluginDirectories() {
        return pluginPath;
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
     * @throws GramianException (usage) for a bad option, or when the provider rejects the combination
     *                          of options ({@link InvalidOptionsException} or
     *                          {@link IllegalArgumentException}), naming the plugin; (plugin) for an
     *                          unknown id, a provider that fails otherwise, or whose product is not a
     *                          {@code type}
     */
    public <T> T create(PluginKind kind, String id, Map<String, String> options, Class<T> type) {
        LoadedPlugin plugin = find(kind, id);
        Options resolved = Options.resolve(plugin.info(), options);
        Object product = createProduct(plugin, resolved);
        if (!type.isInstance(product)) {
            throw new GramianException(GramianException.Category.PLUGIN, kind.label() + " '" + id + "' from "
                    + plugin.source() + " created a " + (product == null ? "null" : product.getClass().getName())
                    + ", not a " + type.getName());
        }
        return type.cast(product);
    }

    /**
     * Calls {@code plugin}'s {@link PluginProvider#create}, turning its failures into errors that
     * name the plugin: invalid option combinations are usage errors, anything else unexpected a plugin
     * error naming its source.
     */
    public static Object createProduct(LoadedPlugin plugin, Options options) {
        String name = plugin.kind().label() + " '" + plugin.id() + "'";
        try {
            return plugin.provider().create(options);
        } catch (InvalidOptionsException | IllegalArgumentException invalid) {
            throw new GramianException(GramianException.Category.USAGE, name + ": invalid options "
                    + options.asText() + ": " + invalid.getMessage(), invalid);
        } catch (GramianException known) {
            throw known;
        } catch (RuntimeException failure) {
            throw new GramianException(GramianException.Category.PLUGIN, name + " from " + plugin.source()
                    + " failed to create its product: " + failure, failure);
        }
    }

    private static String key(PluginKind kind, String id) {
        return kind.label() + "/" + id;
    }

    /** Describes where a class was loaded from: its module and its jar or directory. */
    static String sourceOf(Class<?> type) {
        Module module = type.getModule();
        Path jar = locationOf(type);
        String name = module.isNamed() ? "module " + module.getName() : "class path";
        return jar == null ? name : name + " (" + jar + ")";
    }

    /** The jar or directory a class was loaded from, if known. */
    static Path locationOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return null;
        }
        URL location = code.getLocation();
        try {
            return canonical(Path.of(location.toURI()));
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Path.of(location.getPath());
        }
    }

    private static Path canonical(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** Accumulates providers and problems from several sources. */
    private static final class Loader {
        private static final Pattern PROVIDER_NAME = Pattern.compile("Provider ([\\w$.]+)");

        private final Map<String, LoadedPlugin> byKey = new LinkedHashMap<>();
        private final List<PluginProblem> problems = new ArrayList<>();
        private final List<PluginProblem> duplicates = new ArrayList<>();
        private final Set<Class<?>> seenClasses = new HashSet<>();
        /** Per jar of the plugin path: how many providers it registered and problems blamed on it. */
        private final Map<Path, Integer> registeredFrom = new HashMap<>();
        private final Map<Path, Integer> blamedOn = new HashMap<>();
        /** Provider class name to the jar that declares it, for errors raised before a class exists. */
        private final Map<String, Path> declaredIn = new HashMap<>();

        @SuppressWarnings("rawtypes")
        void add(ServiceLoader<PluginProvider> loader, String origin, Predicate<Class<?>> accept) {
            Iterator<ServiceLoader.Provider<PluginProvider>> providers = loader.stream().iterator();
            while (true) {
                ServiceLoader.Provider<PluginProvider> found;
                try {
                    if (!providers.hasNext()) {
                        return;
                    }
                    found = providers.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    blame(jarNamedIn(e), origin, "provider failed to load: " + rootMessage(e), e);
                    continue;
                }
                Class<?> type = found.type();
                if (!accept.test(type) || !seenClasses.add(type)) {
                    continue;
                }
                PluginProvider<?> provider;
                try {
                    provider = found.get();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    blame(locationOf(type), origin, "provider " + type.getName() + " failed to load: "
                            + rootMessage(e), e);
                    continue;
                }
                register(provider, sourceOf(type), locationOf(type));
            }
        }

        private void blame(Path jar, String origin, String message, Throwable cause) {
            if (jar != null) {
                blamedOn.merge(jar, 1, Integer::sum);
            }
            problems.add(new PluginProblem(jar != null ? jar.toString() : origin, message, cause));
        }

        /** The jar declaring the provider class a service-loading error names, if it is a plugin path jar. */
        private Path jarNamedIn(Throwable e) {
            Matcher name = PROVIDER_NAME.matcher(String.valueOf(e.getMessage()));
            return name.find() ? declaredIn.get(name.group(1)) : null;
        }

        private void register(PluginProvider<?> provider, String source, Path jar) {
            PluginInfo info;
            try {
                info = provider.info();
                if (info == null) {
                    throw new IllegalStateException("info() returned null");
                }
            } catch (RuntimeException | LinkageError e) {
                blame(jar, source, provider.getClass().getName() + ".info() failed: " + rootMessage(e), e);
                return;
            }
            if (jar != null) {
                registeredFrom.merge(jar, 1, Integer::sum);
            }
            String key = key(info.kind(), info.id());
            LoadedPlugin previous = byKey.get(key);
            if (previous != null) {
                duplicates.add(new PluginProblem(source, "duplicate " + info.kind().label()
                        + " id '" + info.id() + "': provided by " + previous.provider().getClass().getName()
                        + " from " + previous.source() + " and by " + provider.getClass().getName()
                        + " from " + source, null));
                return;
            }
            byKey.put(key, new LoadedPlugin(info, provider, source));
        }

        void addPathEntry(Path entry) {
            List<Path> jars;
            if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
                jars = List.of(entry);
            } else if (Files.isDirectory(entry)) {
                try (Stream<Path> entries = Files.list(entry)) {
                    jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
                } catch (IOException e) {
                    throw new GramianException(GramianException.Category.PLUGIN,
                            "cannot list plugin directory " + entry + ": " + e.getMessage(), e);
                }
            } else {
                throw new GramianException(GramianException.Category.PLUGIN, "plugin path entry " + entry
                        + (Files.exists(entry) ? " is neither a directory nor a .jar file"
                        : " does not exist") + "; give a directory of plugin jars or a plugin jar");
            }
            if (jars.isEmpty()) {
                return;
            }
            Map<Path, PluginJarContents> contents = new LinkedHashMap<>();
            for (Path jar : jars) {
                try {
                    PluginJarContents read = PluginJarContents.read(jar);
                    contents.put(jar, read);
                    for (String provider : read.effectiveProviders()) {
                        declaredIn.put(provider, canonical(jar));
                    }
                } catch (IOException | RuntimeException e) {
                    blame(canonical(jar), entry.toString(), "not a readable jar: " + rootMessage(e), e);
                }
            }
            List<Path> readable = List.copyOf(contents.keySet());
            if (!PluginCatalog.class.getModule().isNamed()) {
                addClassLoader(readable, entry.toString());
            } else {
                addLayers(readable, entry.toString());
            }
            for (PluginJarContents jar : contents.values()) {
                Path absolute = canonical(jar.jar());
                if (!registeredFrom.containsKey(absolute) && !blamedOn.containsKey(absolute)) {
                    String why = jar.whyNothingIsRegistered();
                    problems.add(new PluginProblem(jar.jar().toString(), "registers no plugin: " + (why != null ? why
                            : "it declares " + jar.effectiveProviders() + " but none of them loaded"), null));
                }
            }
        }

        private void addLayers(List<Path> jars, String origin) {
            if (jars.isEmpty()) {
                return;
            }
            ModuleLayer whole;
            try {
                whole = defineLayer(jars);
            } catch (RuntimeException | LinkageError e) {
                // One bad jar spoils the whole configuration: load the jars one by one so the good
                // ones still load and each bad one is named.
                for (Path jar : jars) {
                    ModuleLayer single;
                    try {
                        single = defineLayer(List.of(jar));
                    } catch (RuntimeException | LinkageError bad) {
                        blame(canonical(jar), origin, "cannot load plugin jar: " + rootMessage(bad), bad);
                        continue;
                    }
                    addLayer(single, jar.toString());
                }
                return;
            }
            addLayer(whole, origin);
        }

        /**
         * The API is on the class path (a program embedding Gramian without modules): a module layer
         * could not read it, so the jars share one class loader below the API's and register through
         * their services files.
         */
        private void addClassLoader(List<Path> jars, String origin) {
            if (jars.isEmpty()) {
                return;
            }
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                try {
                    urls[i] = jars.get(i).toAbsolutePath().toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new GramianException(GramianException.Category.PLUGIN, "bad plugin jar path " + jars.get(i), e);
                }
            }
            ClassLoader loader = new URLClassLoader(urls, PluginCatalog.class.getClassLoader());
            add(ServiceLoader.load(PluginProvider.class, loader), origin, type -> type.getClassLoader() == loader);
        }

        private static ModuleLayer defineLayer(List<Path> jars) {
            ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
            Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name())
                    .collect(Collectors.toSet());
            ModuleLayer parent = ModuleLayer.boot();
            Configuration configuration = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            return parent.defineModulesWithOneLoader(configuration, PluginCatalog.class.getClassLoader());
        }

        @SuppressWarnings("rawtypes")
        private void addLayer(ModuleLayer layer, String origin) {
            add(ServiceLoader.load(layer, PluginProvider.class), origin,
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
