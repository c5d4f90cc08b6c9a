package dev.gramian.report.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as the charts and tables print them: a few significant digits, exponents only when far from 1. */
public final class Numbers {
    private Numbers() {}

    /** {@code value} with {@code digits} significant digits, trailing zeros dropped; "—" when not finite. */
    public static String format(double value, int digits) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        double magnitude = Math.abs(value);
        if (value == 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
            String plain = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
            return plain.equals("-0") ? "0" : plain;
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
    }
}
