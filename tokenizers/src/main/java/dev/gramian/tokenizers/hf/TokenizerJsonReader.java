package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import dev.gramian.api.GramianException;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a {@code tokenizer.json} into its parts. Every problem, including a component type this
 * reader does not implement, is one input error naming the file and the JSON path at fault.
 */
final class TokenizerJsonReader {
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build()).build();

    /** The parts of a tokenizer file. */
    record Parts(List<AddedToken> addedTokens, Normalizer normalizer, PreTokenizer preTokenizer,
                 BytePairModel model, PostProcessor postProcessor, Decoder decoder, String[] tokens) {
    }

    private final JsonFields fields;
    /** Number of ids, known once the vocabulary and added tokens are read. */
    private int size;

    private TokenizerJsonReader(String source) {
        this.fields = new JsonFields(source);
    }

    /** Parses {@code text}, the content of the file {@code source} names. */
    static Parts read(String source, String text) {
        return new TokenizerJsonReader(source).parse(text);
    }

    private Parts parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr();
            throw GramianException.input(fields.source(), 0, "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        fields.object(root, "$");
        JsonNode modelNode = fields.object(root.get("model"), "$.model");
        String modelType = fields.optionalString(modelNode, "type", "$.model");
        if (modelType == null && modelNode.has("merges")) {
            modelType = "BPE";
        }
        if (!"BPE".equals(modelType)) {
            throw fields.error("$.model.type", "unsupported tokenizer model " + (modelType == null ? "(none)"
                    : "'" + modelType + "'") + "; supported: BPE");
        }
        Map<String, Integer> vocab = vocab(modelNode);
        List<AddedToken> added = addedTokens(root.get("added_tokens"));
        long largest = -1;
        for (int id : vocab.values()) {
            largest = Math.max(largest, id);
        }
        for (AddedToken token : added) {
            largest = Math.max(largest, token.id());
        }
        int entries = vocab.size() + added.size();
        if (largest + 1 > 2L * entries + 1024) {
            throw fields.error("$.model.vocab", "the largest id is " + largest + " for only " + entries
                    + " tokens; the ids must number the vocabulary");
        }
        size = (int) (largest + 1);
        String[] tokens = new String[size];
        vocab.forEach((token, id) -> tokens[id] = token);
        for (AddedToken token : added) {
            tokens[token.id()] = token.content();
        }
        BytePairModel model = model(modelNode, vocab);
        Normalizer normalizer = isAbsent(root.get("normalizer")) ? null : normalizer(root.get("normalizer"), "$.normalizer");
        PreTokenizer preTokenizer = isAbsent(root.get("pre_tokenizer")) ? null
                : preTokenizer(root.get("pre_tokenizer"), "$.pre_tokenizer");
        PostProcessor postProcessor = isAbsent(root.get("post_processor")) ? new PostProcessor.Identity()
                : postProcessor(root.get("post_processor"), "$.post_processor");
        Decoder decoder = isAbsent(root.get("decoder")) ? null : decoder(root.get("decoder"), "$.decoder");
        return new Parts(added, normalizer, preTokenizer, model, postProcessor, decoder, tokens);
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private Map<String, Integer> vocab(JsonNode model) {
        JsonNode node = fields.object(model.get("vocab"), "$.model.vocab");
        Map<String, Integer> vocab = new HashMap<>(node.size() * 2);
        Map<Integer, String> seen = new HashMap<>(node.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String path = "$.model.vocab[\"" + entry.getKey() + "\"]";
            int id = fields.index(entry.getValue(), path);
            String other = seen.put(id, entry.getKey());
            if (other != null) {
                throw fields.error(path, "id " + id + " is also the id of \"" + other + "\"");
            }
            vocab.put(entry.getKey(), id);
        }
        return vocab;
    }

    private List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> out = new ArrayList<>();
        if (isAbsent(node)) {
            return out;
        }
        fields.array(node, "$.added_tokens");
        for (int i = 0; i < node.size(); i++) {
            String path = "$.added_tokens[" + i + "]";
            JsonNode token = fields.object(node.get(i), path);
            int id = fields.index(token.get("id"), path + ".id");
            String content = fields.string(token, "content", path);
            if (content.isEmpty()) {
                throw fields.error(path + ".content", "an added token cannot be empty");
            }
            out.add(new AddedToken(id, content, fields.bool(token, "special", false, path),
                    fields.bool(token, "lstrip", false, path), fields.bool(token, "rstrip", false, path),
                    fields.bool(token, "single_word", false, path), fields.bool(token, "normalized", true, path)));
        }
        return out;
    }

    private BytePairModel model(JsonNode node, Map<String, Integer> vocab) {
        JsonNode dropout = node.get("dropout");
        if (!isAbsent(dropout) && !(dropout.isNumber() && dropout.doubleValue() == 0)) {
            throw fields.error("$.model.dropout", "BPE dropout is for training tokenizers and is not supported; "
                    + "set it to null");
        }
        String prefix = orEmpty(fields.optionalString(node, "continuing_subword_prefix", "$.model"));
        String suffix = orEmpty(fields.optionalString(node, "end_of_word_suffix", "$.model"));
        JsonNode list = fields.array(node.get("merges"), "$.model.merges");
        Map<Long, int[]> merges = new HashMap<>(list.size() * 2);
        for (int i = 0; i < list.size(); i++) {
            String path = "$.model.merges[" + i + "]";
            JsonNode merge = list.get(i);
            String left;
            String right;
            if (merge.isTextual()) {
                String text = merge.textValue();
                int space = text.indexOf(' ');
                if (space < 0 || text.indexOf(' ', space + 1) >= 0) {
                    throw fields.error(path, "a merge string must be two tokens separated by one space, found \""
                            + text + "\"");
                }
                left = text.substring(0, space);
                right = text.substring(space + 1);
            } else if (merge.isArray() && merge.size() == 2 && merge.get(0).isTextual() && merge.get(1).isTextual()) {
                left = merge.get(0).textValue();
                right = merge.get(1).textValue();
            } else {
                throw fields.error(path, "expected \"a b\" or [\"a\", \"b\"], found " + JsonFields.kind(merge));
            }
            Integer a = vocab.get(left);
            Integer b = vocab.get(right);
            if (a == null || b == null) {
                throw fields.error(path, "token \"" + (a == null ? left : right) + "\" is not in the vocabulary");
            }
            String joined = left + (right.startsWith(prefix) ? right.substring(prefix.length()) : right);
            Integer merged = vocab.get(joined);
            if (merged == null) {
                throw fields.error(path, "merged token \"" + joined + "\" is not in the vocabulary");
            }
            merges.putIfAbsent(BytePairModel.key(a, b), new int[] {i, merged});
        }
        String unkToken = fields.optionalString(node, "unk_token", "$.model");
        Integer unk = null;
        if (unkToken != null) {
            unk = vocab.get(unkToken);
            if (unk == null) {
                throw fields.error("$.model.unk_token", "\"" + unkToken + "\" is not in the vocabulary");
            }
        }
        return new BytePairModel(vocab, merges, unk, fields.bool(node, "fuse_unk", false, "$.model"),
                fields.bool(node, "byte_fallback", false, "$.model"), fields.bool(node, "ignore_merges", false, "$.model"),
                prefix, suffix);
    }

    /** The components listed in array {@code field} of {@code node}, each read by {@code read}. */
    private <T> List<T> each(JsonNode node, String field, String path,
                             java.util.function.BiFunction<JsonNode, String, T> read) {
        JsonNode list = fields.array(node.get(field), path + "." + field);
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(read.apply(list.get(i), path + "." + field + "[" + i + "]"));
        }
        return out;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private Normalizer normalizer(JsonNode node, String path) {
        String type = fields.type(node, path);
        return switch (type) {
            case "NFC" -> new Normalizer.Unicode(Form.NFC);
            case "NFD" -> new Normalizer.Unicode(Form.NFD);
            case "NFKC" -> new Normalizer.Unicode(Form.NFKC);
            case "NFKD" -> new Normalizer.Unicode(Form.NFKD);
            case "Lowercase" -> new Normalizer.Lowercase();
            case "StripAccents" -> new Normalizer.StripAccents();
            case "Strip" -> new Normalizer.Strip(fields.bool(node, "strip_left", true, path),
                    fields.bool(node, "strip_right", true, path));
            case "Prepend" -> new Normalizer.Prepend(fields.string(node, "prepend", path));
            case "Replace" -> new Normalizer.Replace(pattern(node.get("pattern"), path + ".pattern"),
                    fields.string(node, "content", path));
            case "Sequence" -> new Normalizer.Chain(each(node, "normalizers", path, this::normalizer));
            default -> throw fields.error(path + ".type", "unsupported normalizer '" + type + "'; supported: NFC, "
                    + "NFD, NFKC, NFKD, Lowercase, Strip, StripAccents, Prepend, Replace, Sequence");
        };
    }

    private PreTokenizer preTokenizer(JsonNode node, String path) {
        String type = fields.type(node, path);
        return switch (type) {
            case "Split" -> new PreTokenizer.Split(pattern(node.get("pattern"), path + ".pattern"),
                    behavior(fields.string(node, "behavior", path), path + ".behavior"),
                    fields.bool(node, "invert", false, path));
            case "ByteLevel" -> new PreTokenizer.ByteLevel(fields.bool(node, "add_prefix_space", true, path),
                    fields.bool(node, "use_regex", true, path));
            case "Metaspace" -> new PreTokenizer.Metaspace(replacement(node, path), prependScheme(node, path),
                    fields.bool(node, "split", true, path));
            case "Whitespace" -> new PreTokenizer.Whitespace();
            case "WhitespaceSplit" -> new PreTokenizer.WhitespaceSplit();
            case "Digits" -> new PreTokenizer.Digits(fields.bool(node, "individual_digits", false, path));
            case "Sequence" -> new PreTokenizer.Chain(each(node, "pretokenizers", path, this::preTokenizer));
            default -> throw fields.error(path + ".type", "unsupported pre-tokenizer '" + type + "'; supported: "
                    + "Split, ByteLevel, Metaspace, Whitespace, WhitespaceSplit, Digits, Sequence");
        };
    }

    private String replacement(JsonNode node, String path) {
        String replacement = fields.optionalString(node, "replacement", path);
        if (replacement == null) {
            replacement = fields.optionalString(node, "str_rep", path);
        }
        if (replacement == null || replacement.codePointCount(0, replacement.length()) != 1) {
            throw fields.error(path + ".replacement", "expected one character");
        }
        return replacement;
    }

    private PreTokenizer.PrependScheme prependScheme(JsonNode node, String path) {
        String scheme = fields.optionalString(node, "prepend_scheme", path);
        if (scheme == null) {
            return fields.bool(node, "add_prefix_space", true, path) ? PreTokenizer.PrependScheme.ALWAYS
                    : PreTokenizer.PrependScheme.NEVER;
        }
        return switch (scheme) {
            case "always" -> PreTokenizer.PrependScheme.ALWAYS;
            case "first" -> PreTokenizer.PrependScheme.FIRST;
            case "never" -> PreTokenizer.PrependScheme.NEVER;
            default -> throw fields.error(path + ".prepend_scheme", "unknown scheme '" + scheme
                    + "'; known: always, first, never");
        };
    }

    private PreTokenizer.Behavior behavior(String name, String path) {
        return switch (name) {
            case "Removed" -> PreTokenizer.Behavior.REMOVED;
            case "Isolated" -> PreTokenizer.Behavior.ISOLATED;
            case "MergedWithPrevious" -> PreTokenizer.Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> PreTokenizer.Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> PreTokenizer.Behavior.CONTIGUOUS;
            default -> throw fields.error(path, "unknown behavior '" + name + "'; known: Removed, Isolated, "
                    + "MergedWithPrevious, MergedWithNext, Contiguous");
        };
    }

    /** A {@code {"String": ...}} or {@code {"Regex": ...}} pattern. */
    private Pattern pattern(JsonNode node, String path) {
        fields.object(node, path);
        if (node.has("String")) {
            return Pattern.compile(Pattern.quote(fields.string(node, "String", path)));
        }
        if (node.has("Regex")) {
            String regex = fields.string(node, "Regex", path);
            try {
                return SplitPattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw fields.error(path + ".Regex", "cannot compile the regex: " + e.getDescription());
            } catch (IllegalArgumentException e) {
                throw fields.error(path + ".Regex", "cannot compile the regex: " + e.getMessage());
            }
        }
        throw fields.error(path, "expected {\"String\": ...} or {\"Regex\": ...}");
    }

    private PostProcessor postProcessor(JsonNode node, String path) {
        String type = fields.type(node, path);
        return switch (type) {
            case "ByteLevel" -> new PostProcessor.Identity();
            case "TemplateProcessing" -> template(node, path);
            case "BertProcessing", "RobertaProcessing" -> {
                int[] cls = {specialPair(node, "cls", path)};
                int[] sep = {specialPair(node, "sep", path)};
                List<int[]> items = new ArrayList<>();
                items.add(cls);
                items.add(null);
                items.add(sep);
                yield new PostProcessor.Template(items);
            }
            case "Sequence" -> new PostProcessor.Chain(each(node, "processors", path, this::postProcessor));
            default -> throw fields.error(path + ".type", "unsupported post-processor '" + type + "'; supported: "
                    + "ByteLevel, TemplateProcessing, BertProcessing, RobertaProcessing, Sequence");
        };
    }

    private int specialPair(JsonNode node, String field, String path) {
        JsonNode pair = node.get(field);
        if (pair == null || !pair.isArray() || pair.size() != 2) {
            throw fields.error(path + "." + field, "expected [token, id]");
        }
        return id(pair.get(1), path + "." + field + "[1]");
    }

    /** An id that must name a token. */
    private int id(JsonNode node, String path) {
        int id = fields.index(node, path);
        if (id >= size) {
            throw fields.error(path, "id " + id + " is not in the vocabulary of " + size + " ids");
        }
        return id;
    }

    private PostProcessor template(JsonNode node, String path) {
        JsonNode specials = node.get("special_tokens");
        Map<String, int[]> ids = new HashMap<>();
        if (!isAbsent(specials)) {
            fields.object(specials, path + ".special_tokens");
            Iterator<Map.Entry<String, JsonNode>> entries = specials.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String at = path + ".special_tokens[\"" + entry.getKey() + "\"]";
                JsonNode list = fields.array(fields.object(entry.getValue(), at).get("ids"), at + ".ids");
                int[] values = new int[list.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = id(list.get(i), at + ".ids[" + i + "]");
                }
                ids.put(entry.getKey(), values);
            }
        }
        JsonNode single = fields.array(node.get("single"), path + ".single");
        List<int[]> items = new ArrayList<>();
        for (int i = 0; i < single.size(); i++) {
            String at = path + ".single[" + i + "]";
            JsonNode item = fields.object(single.get(i), at);
            if (item.has("SpecialToken")) {
                String id = fields.string(fields.object(item.get("SpecialToken"), at + ".SpecialToken"), "id",
                        at + ".SpecialToken");
                int[] values = ids.get(id);
                if (values == null) {
                    throw fields.error(at + ".SpecialToken.id", "\"" + id + "\" is not in special_tokens");
                }
                items.add(values);
            } else if (item.has("Sequence")) {
                items.add(null);
            } else {
                throw fields.error(at, "expected {\"SpecialToken\": ...} or {\"Sequence\": ...}");
            }
        }
        return new PostProcessor.Template(items);
    }

    private Decoder decoder(JsonNode node, String path) {
        String type = fields.type(node, path);
        return switch (type) {
            case "ByteLevel" -> new Decoder.ByteLevel();
            case "Metaspace" -> new Decoder.Metaspace(replacement(node, path),
                    prependScheme(node, path) != PreTokenizer.PrependScheme.NEVER);
            case "Replace" -> {
                JsonNode pattern = fields.object(node.get("pattern"), path + ".pattern");
                yield new Decoder.Replace(fields.string(pattern, "String", path + ".pattern"),
                        fields.string(node, "content", path));
            }
            case "ByteFallback" -> new Decoder.ByteFallback();
            case "Fuse" -> new Decoder.Fuse();
            case "Strip" -> new Decoder.Strip(fields.string(node, "content", path),
                    fields.index(node.get("start"), path + ".start"), fields.index(node.get("stop"), path + ".stop"));
            case "Sequence" -> new Decoder.Chain(each(node, "decoders", path, this::decoder));
            default -> throw fields.error(path + ".type", "unsupported decoder '" + type + "'; supported: ByteLevel, "
                    + "Metaspace, Replace, ByteFallback, Fuse, Strip, Sequence");
        };
    }
}
