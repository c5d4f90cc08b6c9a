package dev.gramian.hf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.hf.safetensors.Dtype;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a Hugging Face {@code config.json} in the forms real checkpoints use: {@code rope_theta} at
 * the top level or inside {@code rope_parameters} (transformers 5), {@code rope_scaling} keyed by
 * {@code rope_type} or the older {@code type}, {@code head_dim} present or derived,
 * {@code torch_dtype} or {@code dtype}. Anything that would change the computation in a way
 * Gramian does not build (another architecture, rope type or activation) is one input error naming
 * the file, the key and what is supported.
 */
public final class ConfigReader {

    /** The architectures Gramian builds. */
    public static final List<String> SUPPORTED = List.of(Gpt2Config.ARCHITECTURE,
            LlamaConfig.Architecture.LLAMA.className(), LlamaConfig.Architecture.QWEN2.className(),
            LlamaConfig.Architecture.MISTRAL.className());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private ConfigReader(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Reads {@code file}.
     *
     * @throws GramianException (input) naming the file and key at fault
     */
    public static ModelConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, Files.exists(file) ? "not valid JSON ("
                    + firstLine(e.getMessage()) + ")" : "missing: a model folder needs config.json");
        }
        if (root == null || !root.isObject()) {
            throw GramianException.input(file.toString(), 0, "not a JSON object");
        }
        return new ConfigReader(file, root).parse();
    }

    private ModelConfig parse() {
        String architecture = architecture();
        if (architecture.equals(Gpt2Config.ARCHITECTURE)) {
            return gpt2();
        }
        for (LlamaConfig.Architecture a : LlamaConfig.Architecture.values()) {
            if (a.className().equals(architecture)) {
                return llama(a);
            }
        }
        throw fail("architectures", "'" + architecture + "' is not supported; supported: " + String.join(", ", SUPPORTED));
    }

    private String architecture() {
        JsonNode list = root.get("architectures");
        if (list != null && list.isArray() && list.size() > 0 && list.get(0).isTextual()) {
            return list.get(0).asText();
        }
        JsonNode type = root.get("model_type");
        if (type != null && type.isTextual()) {
            return switch (type.asText()) {
                case "gpt2" -> Gpt2Config.ARCHITECTURE;
                case "llama" -> LlamaConfig.Architecture.LLAMA.className();
                case "qwen2" -> LlamaConfig.Architecture.QWEN2.className();
                case "mistral" -> LlamaConfig.Architecture.MISTRAL.className();
                default -> throw fail("model_type", "'" + type.asText() + "' is not supported; supported: "
                        + String.join(", ", SUPPORTED));
            };
        }
        throw fail("architectures", "missing (and no model_type); supported: " + String.join(", ", SUPPORTED));
    }

    private Gpt2Config gpt2() {
        String activation = text("activation_function", "gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw fail("activation_function", "'" + activation + "' is not supported; supported: gelu_new, gelu_pytorch_tanh");
        }
        if (bool("scale_attn_by_inverse_layer_idx", false)) {
            throw fail("scale_attn_by_inverse_layer_idx", "true is not supported; supported: false");
        }
        if (!bool("scale_attn_weights", true)) {
            throw fail("scale_attn_weights", "false is not supported; supported: true");
        }
        int width = positive("n_embd");
        int heads = positive("n_head");
        if (width % heads != 0) {
            throw fail("n_head", heads + " does not divide n_embd " + width);
        }
        int inner = root.hasNonNull("n_inner") ? positive("n_inner") : 4 * width;
        return new Gpt2Config(positive("vocab_size"), positive("n_positions"), width, positive("n_layer"), heads, inner,
                number("layer_norm_epsilon", 1e-5), bool("tie_word_embeddings", true), storageType());
    }

    private LlamaConfig llama(LlamaConfig.Architecture architecture) {
        String activation = text("hidden_act", "silu");
        if (!activation.equals("silu")) {
            throw fail("hidden_act", "'" + activation + "' is not supported; supported: silu");
        }
        int width = positive("hidden_size");
        int heads = positive("num_attention_heads");
        int kvHeads = root.hasNonNull("num_key_value_heads") ? positive("num_key_value_heads") : heads;
        if (heads % kvHeads != 0) {
            throw fail("num_key_value_heads", kvHeads + " does not divide num_attention_heads " + heads);
        }
        int headDim;
        if (root.hasNonNull("head_dim")) {
            headDim = positive("head_dim");
        } else {
            if (width % heads != 0) {
                throw fail("head_dim", "missing, and num_attention_heads " + heads + " does not divide hidden_size " + width);
            }
            headDim = width / heads;
        }
        if (headDim % 2 != 0) {
            throw fail("head_dim", headDim + " is odd; rotary positions need an even head_dim");
        }
        int context = positive("max_position_embeddings");
        if (architecture == LlamaConfig.Architecture.MISTRAL && root.hasNonNull("sliding_window")) {
            context = Math.min(context, positive("sliding_window"));
        }
        if (architecture == LlamaConfig.Architecture.QWEN2 && bool("use_sliding_window", false)) {
            throw fail("use_sliding_window", "true is not supported; supported: false");
        }
        boolean attentionBias = bool("attention_bias", false);
        boolean qkvBias = architecture == LlamaConfig.Architecture.QWEN2 || attentionBias;
        boolean outputBias = architecture != LlamaConfig.Architecture.QWEN2 && attentionBias;
        boolean tiedDefault = false;
        return new LlamaConfig(architecture, positive("vocab_size"), context, width, positive("intermediate_size"),
                positive("num_hidden_layers"), heads, kvHeads, headDim, number("rms_norm_eps", 1e-6),
                bool("tie_word_embeddings", tiedDefault), qkvBias, outputBias, bool("mlp_bias", false), rope(),
                storageType());
    }

    /**
     * The rotary settings: {@code rope_parameters} (transformers 5) first, then {@code rope_scaling}
     * with {@code rope_theta} at the top level (older files).
     */
    private RopeScaling rope() {
        JsonNode parameters = root.get("rope_parameters");
        JsonNode scaling = root.get("rope_scaling");
        String where;
        JsonNode settings;
        double theta;
        if (parameters != null && !parameters.isNull()) {
            if (!parameters.isObject()) {
                throw fail("rope_parameters", "not an object");
            }
            where = "rope_parameters";
            settings = parameters;
            theta = parameters.hasNonNull("rope_theta") ? nonNegative(parameters.get("rope_theta"), where + ".rope_theta")
                    : number("rope_theta", 10000.0);
        } else {
            if (scaling != null && !scaling.isNull() && !scaling.isObject()) {
                throw fail("rope_scaling", "not an object");
            }
            where = "rope_scaling";
            settings = scaling;
            theta = number("rope_theta", 10000.0);
        }
        if (!(theta > 1)) {
            throw fail(where.equals("rope_parameters") && parameters.hasNonNull("rope_theta") ? where + ".rope_theta"
                    : "rope_theta", theta + " must be greater than 1");
        }
        if (settings == null || settings.isNull()) {
            return RopeScaling.plain(theta);
        }
        JsonNode typeNode = settings.hasNonNull("rope_type") ? settings.get("rope_type") : settings.get("type");
        String typeKey = settings.hasNonNull("rope_type") ? where + ".rope_type" : where + ".type";
        String type = typeNode == null || typeNode.isNull() ? "default" : typeNode.asText();
        if (settings.hasNonNull("partial_rotary_factor") && settings.get("partial_rotary_factor").asDouble() != 1.0) {
            throw fail(where + ".partial_rotary_factor", settings.get("partial_rotary_factor").asText()
                    + " is not supported; supported: 1.0");
        }
        return switch (type) {
            case "default" -> RopeScaling.plain(theta);
            case "linear" -> new RopeScaling("linear", theta, factor(settings, where), 0, 0, 0);
            case "llama3" -> {
                double factor = factor(settings, where);
                double low = nonNegative(settings.get("low_freq_factor"), where + ".low_freq_factor");
                double high = nonNegative(settings.get("high_freq_factor"), where + ".high_freq_factor");
                if (!(high > low)) {
                    throw fail(where + ".high_freq_factor", high + " must exceed low_freq_factor " + low);
                }
                JsonNode original = settings.get("original_max_position_embeddings");
                if (original == null || !original.canConvertToInt() || original.asInt() < 1) {
                    throw fail(where + ".original_max_position_embeddings", "missing or not a positive integer");
                }
                yield new RopeScaling("llama3", theta, factor, low, high, original.asInt());
            }
            default -> throw fail(typeKey, "'" + type + "' is not supported; supported: "
                    + String.join(", ", RopeScaling.SUPPORTED));
        };
    }

    private double factor(JsonNode settings, String where) {
        double factor = nonNegative(settings.get("factor"), where + ".factor");
        if (!(factor >= 1)) {
            throw fail(where + ".factor", factor + " must be at least 1");
        }
        return factor;
    }

    private double nonNegative(JsonNode node, String key) {
        if (node == null || !node.isNumber() || !(node.asDouble() >= 0) || Double.isInfinite(node.asDouble())) {
            throw fail(key, "missing or not a non-negative number: " + node);
        }
        return node.asDouble();
    }

    private Dtype storageType() {
        JsonNode node = root.hasNonNull("torch_dtype") ? root.get("torch_dtype") : root.get("dtype");
        if (node == null || node.isNull()) {
            return null;
        }
        Dtype d = Dtype.fromTorchName(node.asText());
        if (d == null) {
            throw fail(root.hasNonNull("torch_dtype") ? "torch_dtype" : "dtype", "'" + node.asText()
                    + "' is not supported; supported: " + Arrays.stream(Dtype.values()).filter(Dtype::isFloating)
                    .map(Dtype::torchName).collect(Collectors.joining(", ")));
        }
        return d;
    }

    private int positive(String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            throw fail(key, "missing");
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw fail(key, "not a positive integer: " + node);
        }
        return node.asInt();
    }

    private double number(String key, double fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw fail(key, "not a number: " + node);
        }
        return node.asDouble();
    }

    private boolean bool(String key, boolean fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw fail(key, "not true or false: " + node);
        }
        return node.asBoolean();
    }

    private String text(String key, String fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw fail(key, "not a string: " + node);
        }
        return node.asText();
    }

    private GramianException fail(String key, String problem) {
        return GramianException.input(file.toString(), 0, key + ": " + problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
