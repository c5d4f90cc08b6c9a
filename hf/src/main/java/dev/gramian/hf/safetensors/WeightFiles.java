package dev.gramian.hf.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of one model folder: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} maps every tensor to ({@code {"metadata": {"total_size"},
 * "weight_map": {tensor: file}}}). Every shard is opened and validated up front; a tensor the
 * index maps to a file that lacks it is an input error naming both.
 */
public final class WeightFiles implements AutoCloseable {

    /** The single-file name. */
    public static final String SINGLE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SafetensorsFile> byTensor;
    private final List<SafetensorsFile> files;

    private WeightFiles(Map<String, SafetensorsFile> byTensor, List<SafetensorsFile> files) {
        this.byTensor = byTensor;
        this.files = files;
    }

    /**
     * Opens the weights of {@code folder}, sharded when an index is present.
     *
     * @throws GramianException (input) naming the file at fault
     */
    public static WeightFiles open(Path folder) {
        Path index = folder.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            return openSharded(folder, index);
        }
        Path single = folder.resolve(SINGLE);
        if (!Files.isRegularFile(single)) {
            throw GramianException.input(folder.toString(), 0, "no " + SINGLE + " or " + INDEX
                    + " (Gramian reads safetensors weights, not pytorch_model.bin)");
        }
        SafetensorsFile file = SafetensorsFile.open(single);
        Map<String, SafetensorsFile> map = new LinkedHashMap<>();
        file.tensors().keySet().forEach(name -> map.put(name, file));
        return new WeightFiles(Collections.unmodifiableMap(map), List.of(file));
    }

    private static WeightFiles openSharded(Path folder, Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw GramianException.input(index.toString(), 0, "not valid JSON (" + e.getMessage() + ")");
        }
        JsonNode weightMap = root == null ? null : root.get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw GramianException.input(index.toString(), 0, "no \"weight_map\" object");
        }
        Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String fileName = e.getValue().isTextual() ? e.getValue().asText() : null;
                if (fileName == null || fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                        || fileName.equals("..") || fileName.equals(".")) {
                    throw GramianException.input(index.toString(), 0, "weight_map." + e.getKey()
                            + " is not a file name in the folder: " + e.getValue());
                }
                SafetensorsFile file = opened.get(fileName);
                if (file == null) {
                    Path shard = folder.resolve(fileName);
                    if (!Files.isRegularFile(shard)) {
                        throw GramianException.input(index.toString(), 0, "weight_map." + e.getKey()
                                + " names " + fileName + ", which does not exist");
                    }
                    file = SafetensorsFile.open(shard);
                    opened.put(fileName, file);
                }
                if (!file.tensors().containsKey(e.getKey())) {
                    throw GramianException.input(index.toString(), 0, "weight_map puts " + e.getKey() + " in "
                            + fileName + ", which has no such tensor");
                }
                byTensor.put(e.getKey(), file);
            }
        } catch (RuntimeException e) {
            opened.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new WeightFiles(Collections.unmodifiableMap(byTensor), List.copyOf(opened.values()));
    }

    /** Every tensor name and the file holding it. */
    public Map<String, TensorEntry> tensors() {
        Map<String, TensorEntry> out = new LinkedHashMap<>();
        byTensor.forEach((name, file) -> out.put(name, file.entry(name)));
        return out;
    }

    /** The file that holds {@code name}; an input error if none does. */
    public SafetensorsFile fileOf(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw GramianException.input(files.isEmpty() ? "weights" : files.get(0).path().getParent().toString(), 0,
                    "no tensor '" + name + "'");
        }
        return f;
    }

    /** The storage type most tensors use (for writing back in the source's type). */
    public Dtype dominantType() {
        Map<Dtype, Long> bytes = new LinkedHashMap<>();
        for (String name : byTensor.keySet()) {
            TensorEntry e = byTensor.get(name).entry(name);
            bytes.merge(e.dtype(), e.end() - e.begin(), Long::sum);
        }
        return bytes.entrySet().stream().filter(e -> e.getKey().isFloating())
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(Dtype.F32);
    }

    /**
     * Writes {@code tensors} into {@code folder} as {@code dtype}: one {@value #SINGLE} when they fit
     * in {@code maxShardBytes}, otherwise shards {@code model-0000k-of-0000n.safetensors} and the index.
     */
    public static void write(Path folder, List<SafetensorsWriter.Tensor> tensors, Dtype dtype, long maxShardBytes) {
        Map<String, String> metadata = Map.of("format", "pt");
        if (SafetensorsWriter.dataBytes(tensors, dtype) <= maxShardBytes) {
            SafetensorsWriter.write(folder.resolve(SINGLE), tensors, dtype, metadata);
            return;
        }
        List<List<SafetensorsWriter.Tensor>> shards = new ArrayList<>();
        List<SafetensorsWriter.Tensor> current = new ArrayList<>();
        long currentBytes = 0;
        for (SafetensorsWriter.Tensor t : tensors) {
            long size = (long) t.values().length * dtype.bytes();
            if (!current.isEmpty() && currentBytes + size > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(t);
            currentBytes += size;
        }
        shards.add(current);
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", SafetensorsWriter.dataBytes(tensors, dtype));
        ObjectNode weightMap = index.putObject("weight_map");
        for (int k = 0; k < shards.size(); k++) {
            String name = String.format("model-%05d-of-%05d.safetensors", k + 1, shards.size());
            SafetensorsWriter.write(folder.resolve(name), shards.get(k), dtype, metadata);
            shards.get(k).forEach(t -> weightMap.put(t.name(), name));
        }
        byte[] json;
        try {
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        AtomicFile.write(folder.resolve(INDEX), out -> out.write(json));
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
