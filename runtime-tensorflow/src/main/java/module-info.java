/**
 * The TensorFlow Java backend: causal Transformer language models and classifiers as graphs whose
 * parameters are fed from Gramian-owned parameter sets, with log-probabilities, gradients and
 * per-sequence gradient Gram matrices. Providers are reached through the plugin catalog; no package
 * is exported.
 */
module dev.gramian.runtime.tensorflow {
    requires transitive dev.gramian.api;
    requires tensorflow;

    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.runtime.tensorflow.TensorFlowBackendProvider;
}
