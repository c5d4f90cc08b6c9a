package dev.gramian.tokenizers.chat;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The methods of Python's {@code str} that chat templates call on strings ({@code strip},
 * {@code lstrip}, {@code rstrip}, {@code split}, {@code rsplit}, {@code startswith}, {@code endswith},
 * {@code upper}, {@code lower}, {@code title}, {@code capitalize}, {@code replace}, {@code find},
 * {@code count}, {@code isdigit}, {@code isspace}, {@code isalpha}, {@code join}), with Python's
 * semantics; Jinjava would otherwise look for Java methods of these names. Other method calls fall
 * through to the next resolver.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (!(base instanceof String text) || !(method instanceof String name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(text, name, args);
        if (result != NOT_HANDLED) {
            context.setPropertyResolved(true);
            return result;
        }
        return null;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object call(String text, String name, Object[] args) {
        return switch (name) {
            case "strip" -> args.length <= 1 ? rstrip(lstrip(text, chars(args)), chars(args)) : NOT_HANDLED;
            case "lstrip" -> args.length <= 1 ? lstrip(text, chars(args)) : NOT_HANDLED;
            case "rstrip" -> args.length <= 1 ? rstrip(text, chars(args)) : NOT_HANDLED;
            case "split" -> args.length <= 2 ? split(text, chars(args), maxSplit(args)) : NOT_HANDLED;
            case "rsplit" -> args.length <= 2 ? rsplit(text, chars(args), maxSplit(args)) : NOT_HANDLED;
            case "startswith" -> args.length == 1 ? matchesAny(text, args[0], true) : NOT_HANDLED;
            case "endswith" -> args.length == 1 ? matchesAny(text, args[0], false) : NOT_HANDLED;
            case "upper" -> args.length == 0 ? text.toUpperCase(Locale.ROOT) : NOT_HANDLED;
            case "lower" -> args.length == 0 ? text.toLowerCase(Locale.ROOT) : NOT_HANDLED;
            case "title" -> args.length == 0 ? title(text) : NOT_HANDLED;
            case "capitalize" -> args.length == 0 ? capitalize(text) : NOT_HANDLED;
            case "replace" -> args.length == 2 ? text.replace(String.valueOf(args[0]), String.valueOf(args[1]))
                    : NOT_HANDLED;
            case "find" -> args.length == 1 ? (long) text.indexOf(String.valueOf(args[0])) : NOT_HANDLED;
            case "count" -> args.length == 1 ? count(text, String.valueOf(args[0])) : NOT_HANDLED;
            case "isdigit" -> args.length == 0 ? !text.isEmpty() && text.chars().allMatch(Character::isDigit)
                    : NOT_HANDLED;
            case "isspace" -> args.length == 0 ? !text.isEmpty() && text.chars().allMatch(Character::isWhitespace)
                    : NOT_HANDLED;
            case "isalpha" -> args.length == 0 ? !text.isEmpty() && text.chars().allMatch(Character::isLetter)
                    : NOT_HANDLED;
            case "join" -> args.length == 1 && args[0] instanceof Iterable<?> items ? join(text, items) : NOT_HANDLED;
            default -> NOT_HANDLED;
        };
    }

    /** The characters to strip or the separator; null for Python's default (white space). */
    private static String chars(Object[] args) {
        return args.length == 0 || args[0] == null ? null : String.valueOf(args[0]);
    }

    private static int maxSplit(Object[] args) {
        return args.length == 2 && args[1] instanceof Number n ? n.intValue() : -1;
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    static String lstrip(String text, String chars) {
        int start = 0;
        while (start < text.length() && stripped(text.charAt(start), chars)) {
            start++;
        }
        return text.substring(start);
    }

    static String rstrip(String text, String chars) {
        int end = text.length();
        while (end > 0 && stripped(text.charAt(end - 1), chars)) {
            end--;
        }
        return text.substring(0, end);
    }

    static List<String> split(String text, String separator, int maxSplit) {
        List<String> out = new ArrayList<>();
        if (separator == null) {
            int i = 0;
            int splits = 0;
            while (true) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i >= text.length()) {
                    break;
                }
                if (maxSplit >= 0 && splits == maxSplit) {
                    out.add(rstrip(text.substring(i), null));
                    break;
                }
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                out.add(text.substring(i, end));
                splits++;
                i = end;
            }
            return out;
        }
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int start = 0;
        int splits = 0;
        int at;
        while ((maxSplit < 0 || splits < maxSplit) && (at = text.indexOf(separator, start)) >= 0) {
            out.add(text.substring(start, at));
            start = at + separator.length();
            splits++;
        }
        out.add(text.substring(start));
        return out;
    }

    private static List<String> rsplit(String text, String separator, int maxSplit) {
        if (maxSplit < 0 || separator == null) {
            return split(text, separator, maxSplit);
        }
        List<String> out = new ArrayList<>();
        int end = text.length();
        int splits = 0;
        int at;
        while (splits < maxSplit && (at = text.lastIndexOf(separator, end - separator.length())) >= 0) {
            out.add(0, text.substring(at + separator.length(), end));
            end = at;
            splits++;
        }
        out.add(0, text.substring(0, end));
        return out;
    }

    private static boolean matchesAny(String text, Object affixes, boolean prefix) {
        if (affixes instanceof Iterable<?> list) {
            for (Object affix : list) {
                if (prefix ? text.startsWith(String.valueOf(affix)) : text.endsWith(String.valueOf(affix))) {
                    return true;
                }
            }
            return false;
        }
        String affix = String.valueOf(affixes);
        return prefix ? text.startsWith(affix) : text.endsWith(affix);
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousCased = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toTitleCase(text.charAt(0)) + text.substring(1).toLowerCase(Locale.ROOT);
    }

    private static long count(String text, String part) {
        if (part.isEmpty()) {
            return text.length() + 1L;
        }
        long n = 0;
        int at = text.indexOf(part);
        while (at >= 0) {
            n++;
            at = text.indexOf(part, at + part.length());
        }
        return n;
    }

    private static String join(String separator, Iterable<?> items) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(separator);
            }
            out.append(item);
            first = false;
        }
        return out.toString();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // not a property resolver
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
