package dev.gramian.tokenizers.hf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts added tokens out of text: at each position the longest added token that starts there wins
 * (leftmost, then longest), honouring {@code single_word}, {@code lstrip} and {@code rstrip}.
 * One instance holds the tokens of one phase: those matched in raw text, or those matched after
 * normalisation.
 */
final class AddedVocabulary {
    /** A stretch of text, or one added token. */
    record Segment(String text, int tokenId, boolean atStart) {
        boolean isToken() {
            return text == null;
        }
    }

    private final Map<Integer, List<Candidate>> byFirstChar = new HashMap<>();

    private record Candidate(String content, AddedToken token) {
    }

    /**
     * @param tokens   the tokens of this phase
     * @param matchAs  maps a token to the text matched (its content, or its normalised content)
     */
    AddedVocabulary(List<AddedToken> tokens, java.util.function.Function<AddedToken, String> matchAs) {
        for (AddedToken token : tokens) {
            String content = matchAs.apply(token);
            if (content.isEmpty()) {
                continue;
            }
            byFirstChar.computeIfAbsent((int) content.charAt(0), c -> new ArrayList<>())
                    .add(new Candidate(content, token));
        }
        for (List<Candidate> list : byFirstChar.values()) {
            list.sort(Comparator.comparingInt((Candidate c) -> c.content().length()).reversed());
        }
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** The segments of {@code text}; empty text stretches are left out. */
    List<Segment> split(String text, boolean atStart) {
        List<Segment> out = new ArrayList<>();
        if (byFirstChar.isEmpty()) {
            if (!text.isEmpty()) {
                out.add(new Segment(text, -1, atStart));
            }
            return out;
        }
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            Candidate match = longestAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            int start = i;
            int stop = i + match.content().length();
            AddedToken token = match.token();
            if (token.singleWord() && !(isBoundary(text, start - 1) && isBoundary(text, stop))) {
                i = stop;
                continue;
            }
            if (token.lstrip()) {
                while (start > textStart && Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (token.rstrip()) {
                while (stop < text.length() && Character.isWhitespace(text.charAt(stop))) {
                    stop++;
                }
            }
            if (start > textStart) {
                out.add(new Segment(text.substring(textStart, start), -1, atStart && textStart == 0));
            }
            out.add(new Segment(null, token.id(), false));
            textStart = stop;
            i = stop;
        }
        if (textStart < text.length()) {
            out.add(new Segment(text.substring(textStart), -1, atStart && textStart == 0));
        }
        return out;
    }

    private Candidate longestAt(String text, int i) {
        List<Candidate> candidates = byFirstChar.get((int) text.charAt(i));
        if (candidates == null) {
            return null;
        }
        for (Candidate candidate : candidates) {
            if (text.startsWith(candidate.content(), i)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether the character at {@code index} (possibly outside the text) is not part of a word. */
    private static boolean isBoundary(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return true;
        }
        char c = text.charAt(index);
        return !(Character.isLetterOrDigit(c) || c == '_');
    }
}
