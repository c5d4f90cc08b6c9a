package dev.gramian.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.AtomicFile;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.safetensors.Dtype;
import dev.gramian.hf.safetensors.SafetensorsWriter;
import dev.gramian.hf.safetensors.WeightFiles;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes model folders that {@code transformers}' {@code from_pretrained} (or PEFT's
 * {@code PeftModel.from_pretrained}) loads: the source folder's {@code config.json} with the
 * storage type updated, the weights under their Hugging Face names (a tied head left out, as
 * transformers ties it), and the tokenizer files and chat template copied. Everything is written
 * into a hidden temporary folder beside the target and renamed into place at the end, so a failed
 * export leaves no folder behind and never touches an existing one.
 */
public final class ModelExport {

    /** Files beside the weights that a model folder's users expect, copied when the source has them. */
    public static final List<String> COPIED = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "chat_template.jinja", "chat_template.json", "generation_config.json",
            "vocab.json", "merges.txt", "tokenizer.model", "added_tokens.json");

    /** The adapter's config file. */
    public static final String ADAPTER_CONFIG = "adapter_config.json";
    /** The adapter's weights file. */
    public static final String ADAPTER_WEIGHTS = "adapter_model.safetensors";
    /** The prefix PEFT puts before a module path in adapter weight names. */
    public static final String PEFT_PREFIX = "base_model.model.";

    /** Shard size above which the weights are split, as {@code save_pretrained} does (5 GB). */
    static final long SHARD_BYTES = 5_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelExport() {
    }

    /**
     * Writes a full model folder to {@code target} (which must not exist, or be an empty folder).
     *
     * @param source  the folder the model was read from (config.json and tokenizer files)
     * @param weights the weights, named as {@link DecoderSpec#layout()} says
     * @param dtype   the storage type (the source's, or another floating type)
     * @throws GramianException (input) when the target exists or a file cannot be written; nothing is left behind
     */
    public static void writeModel(Path source, DecoderSpec spec, ParameterSet weights, Dtype dtype, Path target) {
        if (!dtype.isFloating()) {
            throw GramianException.usage("cannot store weights as " + dtype + "; choose one of " + Dtype.floatingNames());
        }
        requireLayout(spec, weights);
        atomically(target, folder -> {
            ObjectNode config = readConfig(source);
            config.put(config.has("torch_dtype") || !config.has("dtype") ? "torch_dtype" : "dtype", dtype.torchName());
            writeJson(folder.resolve(ModelFolder.CONFIG), config);
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            for (ParameterSet.Parameter p : weights.parameters()) {
                tensors.add(new SafetensorsWriter.Tensor(p.name(), p.shape(), p.values()));
            }
            WeightFiles.write(folder, tensors, dtype, SHARD_BYTES);
            copyTokenizerFiles(source, folder);
        });
    }

    /**
     * Writes PEFT's adapter folder to {@code target}: {@value #ADAPTER_CONFIG} and
     * {@value #ADAPTER_WEIGHTS} with keys {@code base_model.model.<module>.lora_A.weight}, plus the
     * tokenizer files.
     *
     * @param adapter the adapter's parameters, named {@code <module>.lora_A.weight} / {@code .lora_B.weight}
     */
    public static void writeAdapter(Path source, DecoderSpec spec, LoraSpec lora, ParameterSet adapter, Path target) {
        atomically(target, folder -> {
            ObjectNode config = JSON.createObjectNode();
            config.put("peft_type", "LORA");
            config.put("task_type", "CAUSAL_LM");
            config.put("base_model_name_or_path", source.toAbsolutePath().normalize().toString());
            config.put("r", lora.rank());
            config.put("lora_alpha", lora.alpha());
            config.put("lora_dropout", lora.dropout());
            config.putArray("target_modules").addAll(lora.targetsFor(spec.family()).stream()
                    .map(JSON.getNodeFactory()::textNode).toList());
            config.put("fan_in_fan_out", spec.family() == DecoderSpec.Family.GPT2);
            config.put("bias", "none");
            config.put("use_rslora", lora.rsLora());
            config.put("inference_mode", true);
            writeJson(folder.resolve(ADAPTER_CONFIG), config);
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            for (ParameterSet.Parameter p : adapter.parameters()) {
                tensors.add(new SafetensorsWriter.Tensor(PEFT_PREFIX + p.name(), p.shape(), p.values()));
            }
            SafetensorsWriter.write(folder.resolve(ADAPTER_WEIGHTS), tensors, Dtype.F32, Map.of("format", "pt"));
            copyTokenizerFiles(source, folder);
        });
    }

    private static void requireLayout(DecoderSpec spec, ParameterSet weights) {
        Map<String, int[]> layout = spec.layout();
        if (!layout.keySet().equals(new java.util.HashSet<>(weights.names()))) {
            throw new IllegalArgumentException("weights " + weights.names() + " do not match the layout " + layout.keySet());
        }
    }

    private static ObjectNode readConfig(Path source) throws IOException {
        Path file = source.resolve(ModelFolder.CONFIG);
        try {
            if (JSON.readTree(file.toFile()) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot read (" + e.getMessage() + ")");
        }
        throw GramianException.input(file.toString(), 0, "not a JSON object");
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    private static void copyTokenizerFiles(Path source, Path folder) throws IOException {
        for (String name : COPIED) {
            Path file = source.resolve(name);
            if (Files.isRegularFile(file)) {
                Files.copy(file, folder.resolve(name));
            }
        }
    }

    /** Fills a folder. */
    @FunctionalInterface
    private interface FolderContent {
        void writeInto(Path folder) throws IOException;
    }

    /** Runs {@code content} into a temporary sibling of {@code target}, then renames it into place. */
    private static void atomically(Path target, FolderContent content) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !isEmptyDirectory(absolute)) {
            throw GramianException.input(absolute.toString(), 0, "already exists and is not empty; "
                    + "choose another --out or remove it");
        }
        Path parent = absolute.getParent();
        Path temp = parent.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temp);
            content.writeInto(temp);
            if (Files.exists(absolute)) {
                Files.delete(absolute);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(temp, e);
            String reason = e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException
                    ? "appeared while exporting" : e instanceof AtomicMoveNotSupportedException
                    ? "cannot be renamed into place atomically" : "cannot be written (" + e + ")";
            throw GramianException.input(absolute.toString(), 0, reason);
        } catch (RuntimeException | Error e) {
            deleteTree(temp, e);
            throw e;
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root, Throwable failure) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
