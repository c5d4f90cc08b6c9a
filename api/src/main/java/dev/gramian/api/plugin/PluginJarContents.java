package dev.gramian.api.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a plugin jar declares, read from the file without loading a class: its module descriptor's
 * {@code provides} for {@link PluginProvider}, the entries of its services file, and entries that
 * look like a misnamed services file. The catalog uses it to say why a jar provided nothing; the
 * conformance check ({@code gramian plugins check}) to compare the two registrations.
 *
 * @param jar               the jar file
 * @param moduleName        the name in its {@code module-info.class}, or null for a jar without one
 * @param moduleProvides    provider classes its module descriptor declares for {@link PluginProvider}
 * @param otherProvides     services other than {@link PluginProvider} its module descriptor provides
 * @param servicesFile      provider classes listed in {@link #SERVICES_FILE}, or null when it is absent
 * @param misnamedServices  entries that look like a services file for {@link PluginProvider} but are
 *                          not named {@link #SERVICES_FILE}
 */
public record PluginJarContents(Path jar, String moduleName, List<String> moduleProvides, List<String> otherProvides,
                                List<String> servicesFile, List<String> misnamedServices) {

    /** The services file a jar registers its providers in for the class path. */
    public static final String SERVICES_FILE = "META-INF/services/" + PluginProvider.class.getName();

    public PluginJarContents {
        moduleProvides = List.copyOf(moduleProvides);
        otherProvides = List.copyOf(otherProvides);
        servicesFile = servicesFile == null ? null : List.copyOf(servicesFile);
        misnamedServices = List.copyOf(misnamedServices);
    }

    /**
     * Reads {@code jar}.
     *
     * @throws IOException when it is not a readable jar
     */
    public static PluginJarContents read(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false, JarFile.OPEN_READ, JarFile.runtimeVersion())) {
            String moduleName = null;
            List<String> provides = new ArrayList<>();
            List<String> other = new ArrayList<>();
            JarEntry descriptor = file.getJarEntry("module-info.class");
            if (descriptor != null) {
                try (InputStream in = file.getInputStream(descriptor)) {
                    ModuleDescriptor module = ModuleDescriptor.read(in);
                    moduleName = module.name();
                    for (ModuleDescriptor.Provides p : module.provides()) {
                        if (p.service().equals(PluginProvider.class.getName())) {
                            provides.addAll(p.providers());
                        } else {
                            other.add(p.service());
                        }
                    }
                }
            }
            List<String> services = null;
            List<String> misnamed = new ArrayList<>();
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.equals(SERVICES_FILE)) {
                    try (InputStream in = file.getInputStream(entry)) {
                        services = providerLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                } else if (looksLikeServicesFile(name)) {
                    misnamed.add(name);
                }
            }
            return new PluginJarContents(jar, moduleName, provides, other, services, misnamed);
        }
    }

    /** Whether the jar has a module descriptor. */
    public boolean modular() {
        return moduleName != null;
    }

    /** The provider classes the loader will find: the descriptor's for a modular jar, else the services file's. */
    public List<String> effectiveProviders() {
        if (modular()) {
            return moduleProvides;
        }
        return servicesFile == null ? List.of() : servicesFile;
    }

    /**
     * Why this jar registers no provider, in one sentence naming the fix; for a jar that does
     * register one, null.
     */
    public String whyNothingIsRegistered() {
        if (!effectiveProviders().isEmpty()) {
            return null;
        }
        String expected = "'provides " + PluginProvider.class.getName() + " with ...'";
        if (modular() && servicesFile != null && !servicesFile.isEmpty()) {
            return "modular jar (module " + moduleName + ") lists " + servicesFile + " in " + SERVICES_FILE
                    + ", but its module-info has no " + expected + "; a named module's services file is ignored,"
                    + " so add the provides clause";
        }
        if (!misnamedServices.isEmpty()) {
            return "services file " + misnamedServices + " is misnamed; it must be " + SERVICES_FILE
                    + (modular() ? " (and module " + moduleName + " needs " + expected + ")" : "");
        }
        if (servicesFile != null) {
            return SERVICES_FILE + " lists no provider class";
        }
        if (modular() && !otherProvides.isEmpty()) {
            return "module " + moduleName + " provides " + otherProvides + " but not "
                    + PluginProvider.class.getName();
        }
        return "provides no plugin: " + (modular() ? "module " + moduleName + " has no " + expected
                : "no module-info and no " + SERVICES_FILE)
                + " (if it is a library another plugin needs, this warning is harmless)";
    }

    private static boolean looksLikeServicesFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".class") || !lower.startsWith("meta-inf/")) {
            return false;
        }
        String file = lower.substring(lower.lastIndexOf('/') + 1);
        return lower.startsWith("meta-inf/service") && (file.contains("plugin") || file.contains("provider"))
                || file.endsWith("pluginprovider") || distance(lower, SERVICES_FILE.toLowerCase(Locale.ROOT)) <= 3;
    }

    /** Class names listed in a services file: one a line, comments after {@code #}, blank lines ignored. */
    static List<String> providerLines(String text) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Levenshtein distance, to spot a misspelt services file name. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
