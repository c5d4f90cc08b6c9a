package dev.gramian.api.plugin;

/**
 * The one service interface of Gramian: a factory for one plugin. Implementations must have a public
 * no-argument constructor (or a public static {@code provider()} method), must be cheap to
 * construct (no native libraries, no I/O: {@code gramian plugins list} instantiates every provider),
 * and must return the same {@link PluginInfo} on every call. Register an implementation with
 * {@code provides dev.gramian.api.plugin.PluginProvider with ...} in {@code module-info.java} and
 * with its class name in {@code META-INF/services/dev.gramian.api.plugin.PluginProvider}.
 *
 * @param <T> the product type, which must be {@link PluginKind#productType()} of the info's kind
 */
public interface PluginProvider<T> {

    /** Describes the plugin: id, kind, summary and declared options. */
    PluginInfo info();

    /**
     * Creates a product configured by {@code options}, which the catalog has already checked
     * against {@link #info()}. Each call returns a fresh instance; products need not be thread-safe.
     *
     * @throws dev.gramian.api.GramianException when the combination of options is invalid
     */
    T create(Options options);
}
