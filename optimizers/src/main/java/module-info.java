/**
 * Gramian's built-in optimisers: {@code sgd}, {@code adam} and {@code adamw}, as OPTIMIZER plugins
 * over Gramian-owned parameter sets. Depends on the API only and exports nothing: callers obtain the
 * optimisers through the plugin catalog and use them as {@link dev.gramian.api.optim.Optimizer}s.
 */
module dev.gramian.optimizers {
    requires dev.gramian.api;

    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.optimizers.SgdProvider,
            dev.gramian.optimizers.AdamProvider,
            dev.gramian.optimizers.AdamWProvider;
}
