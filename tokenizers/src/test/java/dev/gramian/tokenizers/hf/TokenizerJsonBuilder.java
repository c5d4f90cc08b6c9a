package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Writes small {@code tokenizer.json} files in Java for tests: a SentencePiece-style BPE with byte
 * fallback (as Llama 2, TinyLlama and Mistral ship), built from a word list and merges.
 */
final class TokenizerJsonBuilder {
    static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJsonBuilder() {
    }

    /**
     * A Llama-2-style tokenizer: {@code <unk>} 0, {@code <s>} 1, {@code </s>} 2, the 256
     * {@code <0xNN>} byte tokens 3–258, then {@code pieces} in order; {@code merges} as pairs.
     *
     * @param metaspace a Metaspace pre-tokenizer (prepend scheme {@code first}, no split) instead of
     *                  the Prepend + Replace normaliser; both are found in real files
     */
    static ObjectNode sentencePiece(List<String> pieces, List<String[]> merges, boolean metaspace) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {"<unk>", "<s>", "</s>"};
        for (int i = 0; i < specials.length; i++) {
            added.addObject().put("id", i).put("content", specials[i]).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        if (metaspace) {
            root.putNull("normalizer");
            root.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", "▁")
                    .put("prepend_scheme", "first").put("split", false);
        } else {
            ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
            ArrayNode steps = normalizer.putArray("normalizers");
            steps.addObject().put("type", "Prepend").put("prepend", "▁");
            ObjectNode replace = steps.addObject().put("type", "Replace");
            replace.putObject("pattern").put("String", " ");
            replace.put("content", "▁");
            root.putNull("pre_tokenizer");
        }
        ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
        post.putArray("single").addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        ((ArrayNode) post.get("single")).addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        post.putArray("pair");
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>").put("id", "<s>");
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add("<s>");
        ObjectNode decoder = root.putObject("decoder").put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        ObjectNode space = decoders.addObject().put("type", "Replace");
        space.putObject("pattern").put("String", "▁");
        space.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode model = root.putObject("model").put("type", "BPE").putNull("dropout").put("unk_token", "<unk>")
                .putNull("continuing_subword_prefix").putNull("end_of_word_suffix").put("fuse_unk", true)
                .put("byte_fallback", true).put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < specials.length; i++) {
            vocab.put(specials[i], i);
        }
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format("<0x%02X>", b), 3 + b);
        }
        int next = 259;
        for (String piece : pieces) {
            vocab.put(piece, next++);
        }
        ArrayNode list = model.putArray("merges");
        for (String[] merge : merges) {
            list.addArray().add(merge[0]).add(merge[1]);
        }
        return root;
    }

    /** The same file with its merges written as {@code "a b"} strings, as older files have them. */
    static ObjectNode withStringMerges(ObjectNode tokenizer) {
        ObjectNode copy = tokenizer.deepCopy();
        ArrayNode merges = (ArrayNode) copy.get("model").get("merges");
        ArrayNode strings = JSON.createArrayNode();
        merges.forEach(m -> strings.add(m.get(0).textValue() + " " + m.get(1).textValue()));
        ((ObjectNode) copy.get("model")).set("merges", strings);
        return copy;
    }

    static String text(ObjectNode tokenizer) {
        try {
            return JSON.writeValueAsString(tokenizer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
