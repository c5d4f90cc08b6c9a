package dev.gramian.cli.align;

import dev.gramian.api.GramianException;
import dev.gramian.runs.align.ModelShape;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shape of a new language model for {@code gramian sft}, or the checkpoint to start from. */
public final class ModelOptions {
    @Option(names = "--layers", paramLabel = "N",
            description = "Transformer blocks (default " + ModelShape.LAYERS + ").")
    private Integer layers;

    @Option(names = "--width", paramLabel = "N", description = "Model width (default " + ModelShape.WIDTH + ").")
    private Integer width;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads, dividing the width (default "
            + ModelShape.HEADS + ").")
    private Integer heads;

    @Option(names = "--mlp", paramLabel = "N",
            description = "Hidden width of each MLP (default " + ModelShape.MLP + ").")
    private Integer mlp;

    @Option(names = "--context", paramLabel = "TOKENS", description = "Longest sequence the model takes (default "
            + ModelShape.CONTEXT + ").")
    private Integer context;

    @Option(names = "--init", paramLabel = "CKPT",
            description = "Start from this checkpoint (of gramian sft or align) instead of a new model.")
    private Path init;

    /** The checkpoint to start from, or null for a new model. */
    Path init() {
        return init;
    }

    /**
     * The shape of a new model: the options given, the defaults of {@link ModelShape} for the others.
     *
     * @param folder whether the model comes from a Hugging Face folder ({@code --model})
     * @throws GramianException (usage) when shape options come with --init or --model
     */
    ModelShape shape(boolean folder) {
        Map<String, Integer> shape = new LinkedHashMap<>();
        shape.put("--layers", layers);
        shape.put("--width", width);
        shape.put("--heads", heads);
        shape.put("--mlp", mlp);
        shape.put("--context", context);
        List<String> given = shape.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                .toList();
        if (init != null && !given.isEmpty()) {
            throw GramianException.usage(String.join(", ", given) + " cannot change the shape of the --init "
                    + "checkpoint's model; leave them out or start a new model without --init");
        }
        if (folder && !given.isEmpty()) {
            throw GramianException.usage(String.join(", ", given) + " cannot change the shape of the --model "
                    + "folder's model; leave them out");
        }
        ModelShape defaults = ModelShape.DEFAULT;
        return new ModelShape(value(context, defaults.context()), value(layers, defaults.layers()),
                value(width, defaults.width()), value(heads, defaults.heads()), value(mlp, defaults.mlp()));
    }

    private static int value(Integer given, int fallback) {
        return given == null ? fallback : given;
    }
}
