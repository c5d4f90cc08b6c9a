package dev.gramian.tokenizers.hf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pre_tokenizer} of {@code tokenizer.json}: cuts normalised text into the pieces the
 * model tokenises one by one (and, for byte-level tokenizers, rewrites them in the byte alphabet).
 */
sealed interface PreTokenizer {

    /** The pieces of {@code piece}, in order; empty pieces are dropped. */
    List<Piece> apply(Piece piece);

    /** How a {@link Split} treats the matches of its pattern. */
    enum Behavior {
        REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS
    }

    /** {@code Split}: cuts at the matches of a pattern, which are kept, dropped or merged per behaviour. */
    record Split(Pattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public List<Piece> apply(Piece piece) {
            return cut(piece, pattern, behavior, invert);
        }
    }

    /** {@code ByteLevel}: optional leading space and GPT-2's split, then the byte alphabet. */
    record ByteLevel(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
        @Override
        public List<Piece> apply(Piece piece) {
            String text = piece.text();
            if (addPrefixSpace && !text.startsWith(" ")) {
                text = " " + text;
            }
            Piece spaced = new Piece(text, piece.atStart());
            List<Piece> parts = useRegex ? cut(spaced, SplitPattern.GPT2, Behavior.ISOLATED, false) : List.of(spaced);
            List<Piece> out = new ArrayList<>(parts.size());
            for (Piece part : parts) {
                out.add(new Piece(ByteLevelAlphabet.encode(part.text()), part.atStart()));
            }
            return out;
        }
    }

    /** When {@link Metaspace} puts the replacement character before a piece. */
    enum PrependScheme {
        ALWAYS, FIRST, NEVER
    }

    /**
     * {@code Metaspace}: spaces become the replacement character ("▁"), which is also put before
     * the piece per the scheme; with {@code split}, each "▁" starts a new piece.
     */
    record Metaspace(String replacement, PrependScheme scheme, boolean split) implements PreTokenizer {
        @Override
        public List<Piece> apply(Piece piece) {
            String text = piece.text().replace(" ", replacement);
            boolean prepend = switch (scheme) {
                case ALWAYS -> true;
                case FIRST -> piece.atStart();
                case NEVER -> false;
            };
            if (prepend && !text.startsWith(replacement)) {
                text = replacement + text;
            }
            Piece replaced = new Piece(text, piece.atStart());
            return split ? cut(replaced, Pattern.compile(Pattern.quote(replacement)), Behavior.MERGED_WITH_NEXT, false)
                    : nonEmpty(replaced);
        }
    }

    /** {@code Whitespace}: runs of word characters and runs of other non-space characters. */
    record Whitespace() implements PreTokenizer {
        private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

        @Override
        public List<Piece> apply(Piece piece) {
            return cut(piece, WORDS, Behavior.REMOVED, true);
        }
    }

    /** {@code WhitespaceSplit}: cut at white space, which is dropped. */
    record WhitespaceSplit() implements PreTokenizer {
        private static final Pattern SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

        @Override
        public List<Piece> apply(Piece piece) {
            return cut(piece, SPACE, Behavior.REMOVED, false);
        }
    }

    /** {@code Digits}: digits apart from the rest, each alone or in runs. */
    record Digits(boolean individual) implements PreTokenizer {
        private static final Pattern ONE = Pattern.compile("\\p{N}");
        private static final Pattern RUN = Pattern.compile("\\p{N}+");

        @Override
        public List<Piece> apply(Piece piece) {
            return cut(piece, individual ? ONE : RUN, Behavior.ISOLATED, false);
        }
    }

    /** {@code Sequence}: each pre-tokenizer applied to every piece the previous one left. */
    record Chain(List<PreTokenizer> steps) implements PreTokenizer {
        public Chain {
            steps = List.copyOf(steps);
        }

        @Override
        public List<Piece> apply(Piece piece) {
            List<Piece> pieces = List.of(piece);
            for (PreTokenizer step : steps) {
                List<Piece> next = new ArrayList<>();
                for (Piece p : pieces) {
                    next.addAll(step.apply(p));
                }
                pieces = next;
            }
            return pieces;
        }
    }

    private static List<Piece> nonEmpty(Piece piece) {
        return piece.text().isEmpty() ? List.of() : List.of(piece);
    }

    /** Cuts at the matches of {@code pattern} as Hugging Face's {@code SplitDelimiterBehavior} does. */
    static List<Piece> cut(Piece piece, Pattern pattern, Behavior behavior, boolean invert) {
        String text = piece.text();
        if (text.isEmpty()) {
            return List.of();
        }
        // spans as [start, end, isMatch]
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        int previous = 0;
        while (matcher.find()) {
            if (matcher.start() != previous) {
                spans.add(new int[] {previous, matcher.start(), 0});
            }
            spans.add(new int[] {matcher.start(), matcher.end(), 1});
            previous = matcher.end();
        }
        if (previous != text.length()) {
            spans.add(new int[] {previous, text.length(), 0});
        }
        if (invert) {
            for (int[] span : spans) {
                span[2] = 1 - span[2];
            }
        }
        List<int[]> kept = new ArrayList<>(spans.size());
        switch (behavior) {
            case REMOVED -> spans.stream().filter(s -> s[2] == 0).forEach(kept::add);
            case ISOLATED -> kept.addAll(spans);
            case MERGED_WITH_PREVIOUS -> {
                boolean previousMatch = false;
                for (int[] span : spans) {
                    if (span[2] == 1 && !previousMatch && !kept.isEmpty()) {
                        kept.get(kept.size() - 1)[1] = span[1];
                    } else {
                        kept.add(span.clone());
                    }
                    previousMatch = span[2] == 1;
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previousMatch = false;
                for (int i = spans.size() - 1; i >= 0; i--) {
                    int[] span = spans.get(i);
                    if (span[2] == 1 && !previousMatch && !kept.isEmpty()) {
                        kept.get(kept.size() - 1)[0] = span[0];
                    } else {
                        kept.add(span.clone());
                    }
                    previousMatch = span[2] == 1;
                }
                java.util.Collections.reverse(kept);
            }
            case CONTIGUOUS -> {
                boolean previousMatch = false;
                for (int[] span : spans) {
                    if (span[2] == 1 == previousMatch && !kept.isEmpty()) {
                        kept.get(kept.size() - 1)[1] = span[1];
                    } else {
                        kept.add(span.clone());
                    }
                    previousMatch = span[2] == 1;
                }
            }
        }
        List<Piece> out = new ArrayList<>(kept.size());
        for (int[] span : kept) {
            if (span[1] > span[0]) {
                out.add(new Piece(text.substring(span[0], span[1]), piece.atStart() && span[0] == 0));
            }
        }
        return out;
    }
}
