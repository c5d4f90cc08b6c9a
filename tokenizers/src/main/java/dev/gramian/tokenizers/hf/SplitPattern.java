package dev.gramian.tokenizers.hf;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The split regexes of {@code tokenizer.json} (written for Oniguruma, the engine Hugging Face
 * tokenizers uses) as Java patterns. Compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} so that
 * {@code \s}, {@code \w} and {@code \d} are Unicode-aware as in Oniguruma; script properties such as
 * {@code \p{Han}} become Java's {@code \p{IsHan}}.
 */
final class SplitPattern {
    /** Unicode general categories, which Java accepts without a prefix. */
    private static final Set<String> CATEGORIES = Set.of("L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me",
            "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So",
            "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co", "Cn", "LC", "L&");

    /** GPT-2's pre-tokenisation regex, which {@code ByteLevel} with {@code use_regex} applies. */
    static final Pattern GPT2 = compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private SplitPattern() {
    }

    /**
     * Compiles an Oniguruma regex.
     *
     * @throws PatternSyntaxException when Java cannot compile the translation
     */
    static Pattern compile(String oniguruma) {
        return Pattern.compile(translate(oniguruma), Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** Rewrites the constructs whose Java spelling differs. */
    static String translate(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 8);
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(i + 1);
                if ((next == 'p' || next == 'P') && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
                    int close = regex.indexOf('}', i + 3);
                    if (close > 0) {
                        String name = regex.substring(i + 3, close);
                        boolean negated = name.startsWith("^");
                        String bare = negated ? name.substring(1) : name;
                        char kind = negated ? (next == 'p' ? 'P' : 'p') : next;
                        out.append('\\').append(kind).append('{').append(javaProperty(bare)).append('}');
                        i = close + 1;
                        continue;
                    }
                }
                if (next == 'h') { // Oniguruma: a hexadecimal digit; Java: horizontal white space
                    out.append("[0-9a-fA-F]");
                    i += 2;
                    continue;
                }
                if (next == 'H') {
                    out.append("[^0-9a-fA-F]");
                    i += 2;
                    continue;
                }
                out.append(c).append(next);
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String javaProperty(String name) {
        if (CATEGORIES.contains(name) || name.startsWith("Is") || name.startsWith("In") || name.contains("=")) {
            return name;
        }
        return "Is" + name;
    }
}
