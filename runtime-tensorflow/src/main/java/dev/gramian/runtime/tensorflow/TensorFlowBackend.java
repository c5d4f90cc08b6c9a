package dev.gramian.runtime.tensorflow;

import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.AdaptedLanguageModel;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PretrainedLanguageModel;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.classifier.TensorFlowClassifier;
import dev.gramian.runtime.tensorflow.graph.Precision;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import dev.gramian.runtime.tensorflow.lm.GraphLanguageModel;
import dev.gramian.runtime.tensorflow.lm.TransformerLanguageModel;
import dev.gramian.runtime.tensorflow.pretrained.AdaptedDecoderModel;
import dev.gramian.runtime.tensorflow.pretrained.DecoderModel;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TensorFlow backend: checks once that the native library loads (and, for {@code gpu}, that a
 * GPU is visible), then creates models that share its session settings. Closing it closes every
 * model it created that is still open.
 */
public final class TensorFlowBackend implements Backend {
    private final SessionSettings settings;
    private final long activationBudget;
    private final String version;
    private final String fallback;
    private final List<AutoCloseable> models = new ArrayList<>();
    private boolean closed;

    private TensorFlowBackend(SessionSettings settings, long activationBudget, String version, String fallback) {
        this.settings = settings;
        this.activationBudget = activationBudget;
        this.version = version;
        this.fallback = fallback;
    }

    /**
     * Loads the native library and checks the device.
     *
     * @throws GramianException (backend) saying what to install when the library or the GPU is missing
     */
    static TensorFlowBackend start(BackendOptions options) {
        Precision precision = Precision.fromLabel(options.precision());
        String version;
        try {
            version = TensorFlow.version();
        } catch (LinkageError | RuntimeException e) {
            throw new GramianException(GramianException.Category.BACKEND, "cannot load the TensorFlow native library ("
                    + e + "); put tensorflow-core-native-1.1.0-linux-x86_64.jar (or -gpu) on the module path, "
                    + "check free space in the JavaCPP cache (-Dorg.bytedeco.javacpp.cachedir), or pick another backend", e);
        }
        if (options.gpu()) {
            requireGpu();
        }
        String fallback = null;
        if (precision == Precision.BFLOAT16 && !options.gpu() && !CpuFlags.ofThisMachine().bfloat16Products()
                && !Boolean.getBoolean(EMULATE_BFLOAT16)) {
            fallback = BFLOAT16_FALLBACK;
            precision = Precision.FLOAT32;
        }
        return new TensorFlowBackend(new SessionSettings(options.gpu(), options.intraOpThreads(),
                options.interOpThreads(), precision), options.activationMb() * (1L << 20) / Float.BYTES, version,
                fallback);
    }

    /**
     * The system property that, set to {@code true}, keeps bfloat16 products on a CPU without AMX or
     * AVX-512 BF16 (TensorFlow emulates them, several times slower than float32) instead of falling
     * back: for tests and drift measurements of the bfloat16 graph on any machine
     * ({@code GRAMIAN_JAVA_OPTS=-Dgramian.bfloat16.emulate=true ./gramian align --precision bf16 ...}).
     */
    public static final String EMULATE_BFLOAT16 = "gramian.bfloat16.emulate";

    /** Why a backend asked for bfloat16 runs float32: {@link #describe()}'s {@code precision_fallback}. */
    static final String BFLOAT16_FALLBACK = "this CPU has neither AMX-BF16 nor AVX-512 BF16, so bfloat16 matrix "
            + "products would run emulated, slower than float32; running in float32";

    /** A backend on the CPU with default threads in {@code precision}; for tests and the benchmark. */
    public static TensorFlowBackend onCpu(String precision) {
        return start(new BackendOptions(false, 0, 0, precision, BackendOptions.DEFAULT_ACTIVATION_MB));
    }

    private static void requireGpu() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder()
                    .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var probe = tf.math.add(tf.constant(1f), tf.constant(1f));
            ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).build();
            try (Session s = new Session(g, strict); var r = s.runner().fetch(probe).run()) {
                r.size();
            }
        } catch (RuntimeException e) {
            throw new GramianException(GramianException.Category.BACKEND, "device gpu is not available ("
                    + firstLine(e.getMessage()) + "); build with -Pgpu (linux-x86_64-gpu native jar), put CUDA 12.x "
                    + "and cuDNN 9 on the library path, or use -O device=cpu", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public boolean hasCapability(Capability capability) {
        return switch (capability) {
            case GPU -> settings.gpu();
            case SECOND_ORDER_GRADIENTS, FAST_GRAM, FLOAT64 -> true;
        };
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("backend", "tensorflow");
        facts.put("tensorflow_version", version);
        facts.put("device", settings.gpu() ? "gpu" : "cpu");
        facts.put("intra_op_threads", settings.intraOpThreads() == 0 ? "default" : Integer.toString(settings.intraOpThreads()));
        facts.put("inter_op_threads", settings.interOpThreads() == 0 ? "default" : Integer.toString(settings.interOpThreads()));
        facts.put("precision", settings.precision().label());
        if (fallback != null) {
            facts.put("precision_fallback", fallback);
        }
        return facts;
    }

    @Override
    public LanguageModel languageModel(LanguageModelConfig config, long seed) {
        return register(new TransformerLanguageModel(config, seed, settings));
    }

    @Override
    public PretrainedLanguageModel pretrainedModel(DecoderSpec spec, ParameterSet weights) {
        return register(new DecoderModel(spec, weights, settings));
    }

    @Override
    public AdaptedLanguageModel adaptedModel(DecoderSpec spec, ParameterSet weights, LoraSpec lora, long seed) {
        return register(new AdaptedDecoderModel(spec, weights, lora, seed, settings));
    }

    @Override
    public ClassifierModel classifier(ClassifierConfig config, long seed) {
        return register(new TensorFlowClassifier(config, seed, settings));
    }

    private <M extends AutoCloseable> M register(M model) {
        if (closed) {
            throw new IllegalStateException("backend is closed");
        }
        if (model instanceof GraphLanguageModel language) {
            language.budgets(GraphLanguageModel.LOGIT_BUDGET, activationBudget);
        }
        models.add(model);
        return model;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable m : models) {
            try {
                m.close();
            } catch (Exception e) {
                throw new GramianException(GramianException.Category.INTERNAL, "closing a model failed: " + e, e);
            }
        }
        models.clear();
    }
}
