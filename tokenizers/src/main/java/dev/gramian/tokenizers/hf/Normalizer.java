package dev.gramian.tokenizers.hf;

import java.text.Normalizer.Form;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code normalizer} of {@code tokenizer.json}: rewrites each stretch of text between added
 * tokens before it is pre-tokenised.
 */
sealed interface Normalizer {

    /** The normalised form of {@code text}. */
    String apply(String text);

    /** {@code NFC}, {@code NFD}, {@code NFKC}, {@code NFKD}: Unicode normalisation. */
    record Unicode(Form form) implements Normalizer {
        @Override
        public String apply(String text) {
            return java.text.Normalizer.normalize(text, form);
        }
    }

    /** {@code Lowercase}. */
    record Lowercase() implements Normalizer {
        @Override
        public String apply(String text) {
            return text.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code Strip}: white space removed on the chosen sides. */
    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public String apply(String text) {
            String out = left ? text.stripLeading() : text;
            return right ? out.stripTrailing() : out;
        }
    }

    /** {@code Prepend}: a prefix before any non-empty text (SentencePiece's leading "▁"). */
    record Prepend(String prefix) implements Normalizer {
        @Override
        public String apply(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** {@code Replace}: every match of a pattern replaced by literal content. */
    record Replace(Pattern pattern, String content) implements Normalizer {
        @Override
        public String apply(String text) {
            return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(content));
        }
    }

    /** {@code StripAccents}: combining marks removed (meant to follow NFD or NFKD). */
    record StripAccents() implements Normalizer {
        @Override
        public String apply(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                    .forEach(out::appendCodePoint);
            return out.toString();
        }
    }

    /** {@code Sequence}: each normaliser in turn. */
    record Chain(List<Normalizer> steps) implements Normalizer {
        public Chain {
            steps = List.copyOf(steps);
        }

        @Override
        public String apply(String text) {
            String out = text;
            for (Normalizer step : steps) {
                out = step.apply(out);
            }
            return out;
        }
    }
}
