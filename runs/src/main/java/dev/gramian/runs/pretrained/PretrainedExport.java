package dev.gramian.runs.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.ModelExport;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.safetensors.Dtype;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code gramian export}: the latest checkpoint of a run started from a Hugging Face folder
 * ({@code align --model}) written as a folder {@code transformers} loads, with a LoRA adapter merged
 * into the weights, or as PEFT's adapter folder. Needs no backend: merging is plain arithmetic.
 *
 * @param run         the run directory (its config.json names the model folder and the adapter)
 * @param target      the folder to write; must not exist or be empty
 * @param dtype       the storage type, or null for the source folder's
 * @param adapterOnly write PEFT's adapter files instead of merged weights (a LoRA run only)
 */
public record PretrainedExport(Path run, Path target, Dtype dtype, boolean adapterOnly) {

    /** Writes the folder; returns what was written, for the command's one line. */
    public String write() {
        Path configFile = run.resolve(RunDirectory.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw GramianException.input(run.toString(), 0, "not a run directory: no " + RunDirectory.CONFIG);
        }
        JsonNode model = RunJson.readFile(configFile).path("model");
        if (!model.hasNonNull("folder")) {
            throw GramianException.input(configFile.toString(), 0, "model.folder: missing; export takes runs started "
                    + "from a Hugging Face folder (align --model DIR)");
        }
        PretrainedWeights source = ModelFolder.load(Path.of(model.get("folder").asText()));
        LoraSpec lora = PretrainedFolder.lora(model);
        if (adapterOnly && lora == null) {
            throw GramianException.usage("--adapter-only needs a LoRA run; " + run + " trained all weights");
        }
        Path latest = RunDirectory.latestCheckpointFile(run);
        Checkpoint checkpoint = CheckpointFile.read(latest);
        ParameterSet trained = checkpoint.parameters();
        var spec = source.config().spec();
        Dtype storage = dtype == null ? source.storageType() : dtype;
        if (adapterOnly) {
            ModelExport.writeAdapter(source.folder(), spec, lora, trained, target);
            return "adapter (rank " + lora.rank() + ") of " + latest;
        }
        ParameterSet weights = lora == null ? trained : lora.merge(spec, source.weights(), trained);
        ModelExport.writeModel(source.folder(), spec, weights, storage, target);
        return (lora == null ? "weights" : "weights with the adapter merged") + " of " + latest + " as " + storage;
    }
}
