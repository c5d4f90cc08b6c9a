package dev.gramian.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.safetensors.SafetensorsFile;
import dev.gramian.hf.safetensors.TensorEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PEFT LoRA adapter folder read back: {@code adapter_config.json} as a {@link LoraSpec} and the
 * adapter's weights named {@code <module>.lora_A.weight} / {@code .lora_B.weight} (PEFT's
 * {@code base_model.model.} prefix removed), ready to copy into an adapted model's parameters.
 *
 * @param lora    the adapter's settings
 * @param weights its A and B matrices in file order
 */
public record PeftAdapter(LoraSpec lora, ParameterSet weights) {

    /**
     * Reads the adapter in {@code folder}.
     *
     * @throws GramianException (input) naming the file and key at fault
     */
    public static PeftAdapter read(Path folder) {
        Path configFile = folder.resolve(ModelExport.ADAPTER_CONFIG);
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(configFile.toFile());
        } catch (IOException e) {
            throw GramianException.input(configFile.toString(), 0, "cannot read (" + e.getMessage() + ")");
        }
        if (config == null || !"LORA".equals(config.path("peft_type").asText())) {
            throw GramianException.input(configFile.toString(), 0, "peft_type: not LORA");
        }
        if (!config.path("r").canConvertToInt() || config.path("r").asInt() < 1) {
            throw GramianException.input(configFile.toString(), 0, "r: missing or not a positive integer");
        }
        if (!"none".equals(config.path("bias").asText("none"))) {
            throw GramianException.input(configFile.toString(), 0, "bias: '" + config.path("bias").asText()
                    + "' is not supported; supported: none");
        }
        List<String> targets = new ArrayList<>();
        config.path("target_modules").forEach(t -> targets.add(t.asText()));
        LoraSpec lora = new LoraSpec(config.get("r").asInt(), config.path("lora_alpha").asDouble(8),
                config.path("lora_dropout").asDouble(0), targets, config.path("use_rslora").asBoolean(false));
        List<ParameterSet.Parameter> weights = new ArrayList<>();
        try (SafetensorsFile file = SafetensorsFile.open(folder.resolve(ModelExport.ADAPTER_WEIGHTS))) {
            for (TensorEntry e : file.tensors().values()) {
                String name = e.name().startsWith(ModelExport.PEFT_PREFIX)
                        ? e.name().substring(ModelExport.PEFT_PREFIX.length()) : e.name();
                name = name.replace(".lora_A.default.weight", ".lora_A.weight").replace(".lora_B.default.weight",
                        ".lora_B.weight");
                weights.add(new ParameterSet.Parameter(name, e.intShape(), file.readDoubles(e.name())));
            }
        }
        return new PeftAdapter(lora, new ParameterSet(weights));
    }
}
