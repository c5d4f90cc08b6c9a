package dev.gramian.runtime.tensorflow;

import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/**
 * The {@code tensorflow} backend plugin. Constructing it and reading its info touch no TensorFlow
 * class; the native library loads in {@link #create}.
 */
public final class TensorFlowBackendProvider implements PluginProvider<Backend> {
    private static final PluginInfo INFO = new PluginInfo("tensorflow", PluginKind.BACKEND,
            "TensorFlow Java 1.1.0 in graph mode, on the CPU or a CUDA GPU",
            OptionSpec.choice("device", "cpu", "where ops run; gpu needs the -Pgpu native build and CUDA 12",
                    "cpu", "gpu"),
            OptionSpec.integer("intra_op_threads", 0, "threads inside one op; 0 = TensorFlow's choice")
                    .atLeast(0).atMost(1024),
            OptionSpec.integer("inter_op_threads", 0, "ops run concurrently; 0 = TensorFlow's choice")
                    .atLeast(0).atMost(1024),
            OptionSpec.choice("precision", "float32", "floating type of the graphs (float64 for gradient checks; "
                    + "bfloat16: matrix products in bfloat16, the rest float32, on CPUs with AMX or AVX-512 BF16, "
                    + "else float32 with a warning)", "float32", "float64", "bfloat16"),
            OptionSpec.integer("activation_memory_mb", BackendOptions.DEFAULT_ACTIVATION_MB, "the most memory (MiB, "
                    + "estimated, float32) one run of a language model keeps for its backward pass; larger calls "
                    + "run in pieces. More means fewer, faster runs on large models").atLeast(1).atMost(1 << 20));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public Backend create(Options options) {
        return TensorFlowBackend.start(new BackendOptions(options.string("device").equals("gpu"),
                options.integer("intra_op_threads"), options.integer("inter_op_threads"),
                options.string("precision"), options.integer("activation_memory_mb")));
    }
}
