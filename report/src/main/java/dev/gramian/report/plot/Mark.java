package dev.gramian.report.plot;

/** How a series is drawn. */
public enum Mark {
    /** A solid line through filled dots. */
    LINE,
    /** A dashed line through open rings: the second of a pair (rejected beside chosen, eval beside train). */
    DASHED,
    /** Filled dots only (a scatter or dot plot). */
    DOTS,
    /** Open rings only. */
    RINGS;

    boolean line() {
        return this == LINE || this == DASHED;
    }

    boolean hollow() {
        return this == DASHED || this == RINGS;
    }
}
