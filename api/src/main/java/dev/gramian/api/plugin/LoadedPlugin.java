package dev.gramian.api.plugin;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider the catalog found, with where it came from.
 *
 * @param info     what the provider says about itself
 * @param provider the provider
 * @param source   human-readable origin: module name and jar or directory
 */
public record LoadedPlugin(PluginInfo info, PluginProvider<?> provider, String source) {
    public LoadedPlugin {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
    }

    /** Shorthand for {@code info().id()}. */
    public String id() {
        return info.id();
    }

    /** The jar (or classes directory) the provider was loaded from, when the JVM says. */
    public Optional<Path> jar() {
        return Optional.ofNullable(PluginCatalog.locationOf(provider.getClass()));
    }

    /** Shorthand for {@code info().kind()}. */
    public PluginKind kind() {
        return info.kind();
    }
}
