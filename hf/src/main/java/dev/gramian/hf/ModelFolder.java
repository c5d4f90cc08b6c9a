package dev.gramian.hf;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.config.ConfigReader;
import dev.gramian.hf.config.ModelConfig;
import dev.gramian.hf.safetensors.SafetensorsFile;
import dev.gramian.hf.safetensors.TensorEntry;
import dev.gramian.hf.safetensors.WeightFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model folder as {@code save_pretrained} writes it: {@code config.json} plus
 * {@code model.safetensors} or its shards. Tensor names are accepted with or without the
 * architecture's {@code transformer.}/{@code model.} prefix; the buffers older files carry
 * (GPT-2's {@code attn.bias}/{@code attn.masked_bias}, Llama's {@code rotary_emb.inv_freq}) and a
 * tied model's redundant {@code lm_head.weight} are skipped. A missing, mis-shaped, duplicated or
 * unexpected tensor is one input error naming the file and the tensor.
 */
public final class ModelFolder {

    /** The config file's name. */
    public static final String CONFIG = "config.json";

    private ModelFolder() {
    }

    /**
     * Reads {@code folder}.
     *
     * @throws GramianException (input) naming the file at fault
     */
    public static PretrainedWeights load(Path folder) {
        ModelConfig config = ConfigReader.read(folder.resolve(CONFIG));
        DecoderSpec spec = config.spec();
        try (WeightFiles files = WeightFiles.open(folder)) {
            Map<String, String> sources = canonicalNames(folder, config, files);
            Map<String, int[]> layout = spec.layout();
            List<ParameterSet.Parameter> parameters = new ArrayList<>(layout.size());
            for (Map.Entry<String, int[]> expected : layout.entrySet()) {
                String source = sources.get(expected.getKey());
                if (source == null) {
                    throw GramianException.input(folder.toString(), 0, "missing tensor '" + expected.getKey()
                            + "' of shape " + Arrays.toString(expected.getValue()) + " (" + config.architecture()
                            + " as config.json describes it)");
                }
                SafetensorsFile file = files.fileOf(source);
                TensorEntry entry = file.entry(source);
                if (!Arrays.equals(toLong(expected.getValue()), entry.shape())) {
                    throw GramianException.input(file.path().toString(), 0, "tensor '" + source + "' has shape "
                            + Arrays.toString(entry.shape()) + "; config.json implies " + Arrays.toString(expected.getValue()));
                }
                parameters.add(new ParameterSet.Parameter(expected.getKey(), expected.getValue(), file.readDoubles(source)));
            }
            return new PretrainedWeights(folder, config, new ParameterSet(parameters), files.dominantType());
        }
    }

    /** Maps each canonical name of the layout to the tensor name the files use. */
    private static Map<String, String> canonicalNames(Path folder, ModelConfig config, WeightFiles files) {
        DecoderSpec spec = config.spec();
        Map<String, int[]> layout = spec.layout();
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : files.tensors().keySet()) {
            if (isBuffer(spec.family(), name) || (spec.tiedHead() && name.equals("lm_head.weight"))) {
                continue;
            }
            String canonical = canonical(spec.family(), name);
            if (!layout.containsKey(canonical)) {
                throw GramianException.input(files.fileOf(name).path().toString(), 0, "unexpected tensor '" + name
                        + "' for " + config.architecture() + " as config.json describes it (expected names like '"
                        + layout.keySet().iterator().next() + "')");
            }
            String previous = sources.put(canonical, name);
            if (previous != null) {
                throw GramianException.input(folder.toString(), 0, "tensors '" + previous + "' and '" + name
                        + "' are both " + canonical);
            }
        }
        return sources;
    }

    /** The layout's name for a tensor name as a file spells it. */
    static String canonical(DecoderSpec.Family family, String name) {
        if (name.equals("lm_head.weight")) {
            return name;
        }
        String prefix = family == DecoderSpec.Family.GPT2 ? "transformer." : "model.";
        return name.startsWith(prefix) ? name : prefix + name;
    }

    private static boolean isBuffer(DecoderSpec.Family family, String name) {
        return family == DecoderSpec.Family.GPT2 ? name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias")
                : name.endsWith(".rotary_emb.inv_freq");
    }

    private static long[] toLong(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }
}
