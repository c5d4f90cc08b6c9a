package dev.gramian.tokenizers.chat;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The functions transformers gives chat templates: {@code raise_exception(message)} and
 * {@code strftime_now(format)}. Public static because Jinjava calls them reflectively.
 */
public final class TemplateFunctions {

    /** What a template raised, unwound to the renderer. */
    static final class Raised extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Raised(String message) {
            super(message, null, false, false);
        }
    }

    private static final ThreadLocal<String> RAISED = new ThreadLocal<>();

    private TemplateFunctions() {
    }

    /** The template's {@code raise_exception(message)}: stops rendering with {@code message}. */
    public static String raiseException(String message) {
        RAISED.set(message);
        throw new Raised(message);
    }

    /** The message the last render on this thread raised, cleared by the call; null when none. */
    static String takeRaised() {
        String message = RAISED.get();
        RAISED.remove();
        return message;
    }

    /** The template's {@code strftime_now(format)}: now, in Python's {@code strftime} codes. */
    public static String strftimeNow(String format) {
        return strftime(ZonedDateTime.now(), format);
    }

    /** {@code time} formatted with Python's {@code strftime} codes (C locale). */
    static String strftime(ZonedDateTime time, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char code = format.charAt(++i);
            out.append(switch (code) {
                case 'd' -> String.format("%02d", time.getDayOfMonth());
                case 'm' -> String.format("%02d", time.getMonthValue());
                case 'Y' -> Integer.toString(time.getYear());
                case 'y' -> String.format("%02d", time.getYear() % 100);
                case 'H' -> String.format("%02d", time.getHour());
                case 'I' -> String.format("%02d", (time.getHour() + 11) % 12 + 1);
                case 'M' -> String.format("%02d", time.getMinute());
                case 'S' -> String.format("%02d", time.getSecond());
                case 'p' -> time.getHour() < 12 ? "AM" : "PM";
                case 'b' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'j' -> String.format("%03d", time.getDayOfYear());
                case 'Z' -> time.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'z' -> time.format(DateTimeFormatter.ofPattern("xx"));
                case '%' -> "%";
                default -> "%" + code;
            });
        }
        return out.toString();
    }
}
