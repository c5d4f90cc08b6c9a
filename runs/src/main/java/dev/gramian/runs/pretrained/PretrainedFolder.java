package dev.gramian.runs.pretrained;

import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PretrainedLanguageModel;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.tokenizers.hf.HfTokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face model folder read whole: its weights and config ({@link ModelFolder}) and its
 * tokenizer ({@link HfTokenizer}), checked against each other: every id the tokenizer emits must
 * be a row of the embedding (a larger, padded embedding is fine, as in Qwen2).
 *
 * @param weights   the config and weights
 * @param tokenizer the tokenizer with its special-token rule and chat template
 */
public record PretrainedFolder(PretrainedWeights weights, HfTokenizer tokenizer) {

    /**
     * Reads {@code folder}.
     *
     * @throws GramianException (input) naming the file at fault, or the two vocabulary sizes
     */
    public static PretrainedFolder load(Path folder) {
        PretrainedWeights weights = ModelFolder.load(folder);
        HfTokenizer tokenizer = HfTokenizer.load(folder);
        int embedding = weights.config().spec().vocabularySize();
        if (tokenizer.vocabularySize() > embedding) {
            throw GramianException.input(folder.toString(), 0, "tokenizer.json has " + tokenizer.vocabularySize()
                    + " tokens but the weights embed only " + embedding + " (vocab_size in config.json)");
        }
        return new PretrainedFolder(weights, tokenizer);
    }

    /** The decoder. */
    public DecoderSpec spec() {
        return weights.config().spec();
    }

    /** A fully fine-tunable model of these weights on {@code backend} (the weights are taken over). */
    public PretrainedLanguageModel model(Backend backend) {
        return backend.pretrainedModel(spec(), weights.weights());
    }

    /**
     * A model of these weights on {@code backend}: fully fine-tunable when {@code lora} is null,
     * otherwise with the adapter, initialised from {@code seed} (the weights are taken over).
     */
    public PretrainedLanguageModel model(Backend backend, LoraSpec lora, long seed) {
        return lora == null ? model(backend) : backend.adaptedModel(spec(), weights.weights(), lora, seed);
    }

    /** The {@code model} entry of a run's config.json: the folder, its architecture and the adapter. */
    public ObjectNode describe(LoraSpec lora) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("folder", weights.folder().toAbsolutePath().normalize().toString());
        node.put("architecture", weights.config().architecture());
        node.put("parameters", weights.weights().size());
        node.put("storage_dtype", weights.storageType().name());
        if (lora != null) {
            ObjectNode l = node.putObject("lora");
            l.put("rank", lora.rank());
            l.put("alpha", lora.alpha());
            l.put("dropout", lora.dropout());
            l.putArray("targets").addAll(lora.targetsFor(spec().family()).stream()
                    .map(JsonNodeFactory.instance::textNode).toList());
            l.put("rslora", lora.rsLora());
        }
        return node;
    }

    /** The adapter a run's {@code model} entry describes, or null for full fine-tuning. */
    public static LoraSpec lora(JsonNode model) {
        JsonNode l = model.get("lora");
        if (l == null || l.isNull()) {
            return null;
        }
        List<String> targets = new ArrayList<>();
        l.path("targets").forEach(t -> targets.add(t.asText()));
        return new LoraSpec(l.path("rank").asInt(), l.path("alpha").asDouble(), l.path("dropout").asDouble(), targets,
                l.path("rslora").asBoolean());
    }
}
