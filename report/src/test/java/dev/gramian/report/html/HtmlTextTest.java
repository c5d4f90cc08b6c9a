package dev.gramian.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void escapesMarkupAndBothQuotes() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;R&amp;D&lt;/a&gt;",
                HtmlText.escape("<a href=\"x\" title='y'>R&D</a>"));
    }

    @Test
    void leavesOtherTextAlone() {
        assertEquals("Token × token · cos(g_w, g_l) ≥ 0", HtmlText.escape("Token × token · cos(g_w, g_l) ≥ 0"));
    }
}
