package dev.gramian.cli.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LoraSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --model DIR} and the LoRA options of the commands that train or probe a Hugging Face model folder. */
public final class PretrainedOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "A Hugging Face model folder (config.json, model.safetensors, tokenizer.json): the model to "
                    + "start from (align, probe: also the reference); pairs are tokenised as TRL does.")
    private Path model;

    @Option(names = "--lora-rank", defaultValue = "0", paramLabel = "R",
            description = "With --model: train a LoRA adapter of rank R instead of all weights; default ${DEFAULT-VALUE} (off).")
    private int rank;

    @Option(names = "--lora-alpha", defaultValue = "8", description = "LoRA alpha (scale alpha / rank); default ${DEFAULT-VALUE}.")
    private double alpha;

    @Option(names = "--lora-dropout", defaultValue = "0", description = "LoRA dropout; default ${DEFAULT-VALUE}.")
    private double dropout;

    @Option(names = "--lora-targets", split = ",", paramLabel = "NAME",
            description = "LoRA target modules (c_attn for GPT-2, q_proj,v_proj for the Llama family by default).")
    private List<String> targets = new ArrayList<>();

    @Option(names = "--rslora", description = "Scale the adapter by alpha / sqrt(rank) (rsLoRA).")
    private boolean rsLora;

    /** The model folder, or null when none was given. */
    public Path model() {
        return model;
    }

    /**
     * The adapter asked for, or null for full fine-tuning.
     *
     * @throws GramianException (usage) for LoRA options without {@code --model} or out of range
     */
    public LoraSpec lora() {
        if (rank == 0) {
            if (!targets.isEmpty() || rsLora) {
                throw GramianException.usage("--lora-targets and --rslora need --lora-rank");
            }
            return null;
        }
        if (model == null) {
            throw GramianException.usage("--lora-rank needs --model DIR");
        }
        try {
            return new LoraSpec(rank, alpha, dropout, targets, rsLora);
        } catch (IllegalArgumentException e) {
            throw GramianException.usage(e.getMessage());
        }
    }
}
