package dev.gramian.tokenizers.hf;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatTemplate;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.tokenizers.chat.JinjaChatTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer read from {@code tokenizer.json}, giving the ids the reference
 * implementation gives: added tokens cut out first, then normaliser, pre-tokenizer and BPE on the
 * text between them, and with special tokens the post-processor's template. The special tokens
 * (BOS, EOS, PAD) and chat template come from the model folder ({@link #load}).
 */
public final class HfTokenizer implements Tokenizer {
    private final String source;
    private final List<AddedToken> addedTokens;
    private final AddedVocabulary raw;
    private final AddedVocabulary normalizedAdded;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BytePairModel model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final String[] tokens;
    private final boolean[] special;
    private final Map<String, Integer> ids;
    private final SpecialTokens specials;
    private final ChatTemplate chatTemplate;

    /**
     * The special tokens a model folder names (absent ones as empty).
     *
     * @param bos beginning of sequence
     * @param eos end of sequence
     * @param pad padding
     */
    public record SpecialTokens(OptionalInt bos, OptionalInt eos, OptionalInt pad) {
        /** No special tokens known. */
        public static final SpecialTokens NONE = new SpecialTokens(OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty());
    }

    private HfTokenizer(String source, TokenizerJsonReader.Parts parts, SpecialTokens specials,
                        ChatTemplate chatTemplate) {
        this.source = source;
        this.addedTokens = List.copyOf(parts.addedTokens());
        this.normalizer = parts.normalizer();
        this.raw = new AddedVocabulary(addedTokens.stream().filter(t -> !t.normalized() || normalizer == null)
                .toList(), AddedToken::content);
        this.normalizedAdded = new AddedVocabulary(addedTokens.stream().filter(t -> t.normalized() && normalizer != null)
                .toList(), t -> normalizer.apply(t.content()));
        this.preTokenizer = parts.preTokenizer();
        this.model = parts.model();
        this.postProcessor = parts.postProcessor();
        this.decoder = parts.decoder();
        this.tokens = parts.tokens();
        this.special = new boolean[tokens.length];
        for (AddedToken token : addedTokens) {
            special[token.id()] |= token.special();
        }
        this.ids = new HashMap<>(tokens.length * 2);
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] != null) {
                ids.putIfAbsent(tokens[id], id);
            }
        }
        for (AddedToken token : addedTokens) {
            ids.put(token.content(), token.id());
        }
        this.specials = specials;
        this.chatTemplate = chatTemplate;
    }

    /** The file of a model folder that holds the chat template, taking precedence over the config's. */
    public static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    /**
     * Reads the tokenizer of a Hugging Face model folder: {@code tokenizer.json}, the special tokens
     * of {@code tokenizer_config.json} (when present) and the chat template of
     * {@code chat_template.jinja} or else {@code tokenizer_config.json} (when present).
     *
     * @throws GramianException an input error naming the file and what is wrong in it
     */
    public static HfTokenizer load(Path folder) {
        Path json = folder.resolve("tokenizer.json");
        HfTokenizer bare = read(json);
        TokenizerConfig config = TokenizerConfig.read(folder);
        Path configFile = folder.resolve(TokenizerConfig.FILE);
        OptionalInt[] ids = new OptionalInt[3];
        String[] keys = {"bos_token", "eos_token", "pad_token"};
        for (int i = 0; i < keys.length; i++) {
            String token = config.specialTokens().get(keys[i]);
            ids[i] = token == null ? OptionalInt.empty() : bare.tokenId(token);
            if (token != null && ids[i].isEmpty()) {
                throw GramianException.input(configFile.toString(), 0, "$." + keys[i] + ": \"" + token
                        + "\" is not a token of " + json);
            }
        }
        Path templateFile = folder.resolve(CHAT_TEMPLATE_FILE);
        ChatTemplate template = null;
        if (Files.exists(templateFile)) {
            template = new JinjaChatTemplate(templateFile.toString(), readText(templateFile), config.specialTokens());
        } else if (config.chatTemplate() != null) {
            template = new JinjaChatTemplate(configFile + " (chat_template)", config.chatTemplate(),
                    config.specialTokens());
        }
        return bare.with(new SpecialTokens(ids[0], ids[1], ids[2]), template);
    }

    /** Reads a {@code tokenizer.json} alone: no BOS/EOS/PAD known, no chat template. */
    public static HfTokenizer read(Path tokenizerJson) {
        return new HfTokenizer(tokenizerJson.toString(), parse(tokenizerJson), SpecialTokens.NONE, null);
    }

    /** Parses {@code text} as the content of a file named {@code source}. */
    public static HfTokenizer parse(String source, String text) {
        return new HfTokenizer(source, TokenizerJsonReader.read(source, text), SpecialTokens.NONE, null);
    }

    /** This tokenizer with the special tokens and chat template of its model folder. */
    HfTokenizer with(SpecialTokens specials, ChatTemplate chatTemplate) {
        return new HfTokenizer(source, new TokenizerJsonReader.Parts(addedTokens, normalizer,
                preTokenizer, model, postProcessor, decoder, tokens), specials, chatTemplate);
    }

    static TokenizerJsonReader.Parts parse(Path file) {
        return TokenizerJsonReader.read(file.toString(), readText(file));
    }

    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw GramianException.input(file.toString(), 0, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw GramianException.input(file.toString(), 0, "not UTF-8 text");
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot read (" + e + ")");
        }
    }

    /** The file this tokenizer was read from. */
    public String source() {
        return source;
    }

    @Override
    public int vocabularySize() {
        return tokens.length;
    }

    @Override
    public int[] encode(String text) {
        return encode(text, false);
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        IdList out = new IdList();
        for (AddedVocabulary.Segment segment : raw.split(text, true)) {
            if (segment.isToken()) {
                out.add(segment.tokenId());
                continue;
            }
            String normalized = normalizer == null ? segment.text() : normalizer.apply(segment.text());
            for (AddedVocabulary.Segment part : normalizedAdded.split(normalized, segment.atStart())) {
                if (part.isToken()) {
                    out.add(part.tokenId());
                    continue;
                }
                Piece piece = new Piece(part.text(), part.atStart());
                List<Piece> pieces = preTokenizer == null ? List.of(piece) : preTokenizer.apply(piece);
                for (Piece p : pieces) {
                    out.addAll(model.tokenize(p.text()));
                }
            }
        }
        int[] result = out.toArray();
        return addSpecialTokens ? postProcessor.single(result) : result;
    }

    @Override
    public String decode(int[] ids) {
        List<String> pieces = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id >= 0 && id < tokens.length && tokens[id] != null && !special[id]) {
                pieces.add(tokens[id]);
            }
        }
        if (decoder == null) {
            return String.join("", pieces);
        }
        return String.join("", decoder.apply(pieces));
    }

    @Override
    public OptionalInt bos() {
        return specials.bos();
    }

    @Override
    public OptionalInt eos() {
        return specials.eos();
    }

    @Override
    public OptionalInt pad() {
        return specials.pad();
    }

    @Override
    public OptionalInt tokenId(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public Optional<String> token(int id) {
        return id >= 0 && id < tokens.length ? Optional.ofNullable(tokens[id]) : Optional.empty();
    }

    @Override
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /** A growable list of ids. */
    private static final class IdList {
        private int[] values = new int[16];
        private int size;

        void add(int id) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = id;
        }

        void addAll(int[] ids) {
            if (size + ids.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + ids.length));
            }
            System.arraycopy(ids, 0, values, size, ids.length);
            size += ids.length;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
