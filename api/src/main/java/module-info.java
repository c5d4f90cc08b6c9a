/**
 * Gramian's public API: the service-provider interfaces every plugin implements, the value types
 * they exchange, the scalar algebra that objectives are written against, and the plugin catalog.
 * Depends on the JDK only, so a third-party plugin needs nothing else.
 */
module dev.gramian.api {
    exports dev.gramian.api;
    exports dev.gramian.api.plugin;
    exports dev.gramian.api.algebra;
    exports dev.gramian.api.objective;
    exports dev.gramian.api.alignment;
    exports dev.gramian.api.param;
    exports dev.gramian.api.optim;
    exports dev.gramian.api.probe;
    exports dev.gramian.api.domain;
    exports dev.gramian.api.data;
    exports dev.gramian.api.backend;
    exports dev.gramian.api.model;
    exports dev.gramian.api.generation;
    exports dev.gramian.api.chat;
    exports dev.gramian.api.random;
    exports dev.gramian.api.checkpoint;

    uses dev.gramian.api.plugin.PluginProvider;
}
