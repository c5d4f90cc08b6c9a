package dev.gramian.tokenizers.hf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code decoder} of {@code tokenizer.json}: turns the vocabulary entries of ids back into
 * text pieces that are then concatenated.
 */
sealed interface Decoder {

    /** The text pieces of {@code tokens}. */
    List<String> apply(List<String> tokens);

    /** {@code ByteLevel}: the byte alphabet back to UTF-8 text. */
    record ByteLevel() implements Decoder {
        @Override
        public List<String> apply(List<String> tokens) {
            return List.of(ByteLevelAlphabet.decode(String.join("", tokens)));
        }
    }

    /** {@code Metaspace}: the replacement character back to spaces, the first one dropped if prepended. */
    record Metaspace(String replacement, boolean prepended) implements Decoder {
        @Override
        public List<String> apply(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String text = tokens.get(i).replace(replacement, " ");
                if (i == 0 && prepended && text.startsWith(" ")) {
                    text = text.substring(1);
                }
                out.add(text);
            }
            return out;
        }
    }

    /** {@code Replace}: a literal pattern replaced in every token. */
    record Replace(String pattern, String content) implements Decoder {
        @Override
        public List<String> apply(List<String> tokens) {
            return tokens.stream().map(t -> t.replace(pattern, content)).toList();
        }
    }

    /** {@code ByteFallback}: runs of {@code <0xNN>} tokens back to the UTF-8 text they encode. */
    record ByteFallback() implements Decoder {
        @Override
        public List<String> apply(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (String token : tokens) {
                int b = byteOf(token);
                if (b >= 0) {
                    bytes.write(b);
                    continue;
                }
                if (bytes.size() > 0) {
                    out.add(bytes.toString(StandardCharsets.UTF_8));
                    bytes.reset();
                }
                out.add(token);
            }
            if (bytes.size() > 0) {
                out.add(bytes.toString(StandardCharsets.UTF_8));
            }
            return out;
        }

        private static int byteOf(String token) {
            if (token.length() == 6 && token.startsWith("<0x") && token.endsWith(">")) {
                try {
                    return Integer.parseInt(token.substring(3, 5), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return -1;
        }
    }

    /** {@code Fuse}: all tokens into one. */
    record Fuse() implements Decoder {
        @Override
        public List<String> apply(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** {@code Strip}: up to {@code start} leading and {@code stop} trailing copies of a character removed per token. */
    record Strip(String content, int start, int stop) implements Decoder {
        @Override
        public List<String> apply(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String token : tokens) {
                int from = 0;
                int to = token.length();
                for (int i = 0; i < start && token.startsWith(content, from) && from < to; i++) {
                    from += content.length();
                }
                for (int i = 0; i < stop && to - content.length() >= from && token.startsWith(content, to - content.length()); i++) {
                    to -= content.length();
                }
                out.add(token.substring(from, to));
            }
            return out;
        }
    }

    /** {@code Sequence}: each decoder in turn. */
    record Chain(List<Decoder> steps) implements Decoder {
        public Chain {
            steps = List.copyOf(steps);
        }

        @Override
        public List<String> apply(List<String> tokens) {
            List<String> out = tokens;
            for (Decoder step : steps) {
                out = step.apply(out);
            }
            return out;
        }
    }
}
