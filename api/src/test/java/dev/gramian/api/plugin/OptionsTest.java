package dev.gramian.api.plugin;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    private final PluginInfo info = new PluginInfo("dpo", PluginKind.OBJECTIVE, "test",
            OptionSpec.real("beta", 0.1, "temperature").greaterThan(0),
            OptionSpec.real("label_smoothing", 0, "eps").atLeast(0).lessThan(0.5),
            OptionSpec.integer("steps", 3, "n").atLeast(1),
            OptionSpec.bool("flag", false, "b"),
            OptionSpec.choice("mode", "a", "m", "a", "b"));

    @Test
    void defaultsAndOverrides() {
        Options o = Options.resolve(info, Map.of("beta", "0.5", "mode", "b"));
        assertEquals(0.5, o.real("beta"));
        assertEquals(0.0, o.real("label_smoothing"));
        assertEquals(3, o.integer("steps"));
        assertEquals("b", o.string("mode"));
        assertEquals(false, o.bool("flag"));
        assertEquals("0.5", o.asText().get("beta"));
    }

    @Test
    void unknownKeyListsValidKeys() {
        var e = assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("betta", "1")));
        assertEquals(GramianException.Category.USAGE, e.category());
        assertTrue(e.getMessage().contains("unknown option 'betta'"), e.getMessage());
        assertTrue(e.getMessage().contains("beta, label_smoothing, steps, flag, mode"), e.getMessage());
    }

    @Test
    void outOfRangeNamesTheRange() {
        var e = assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("beta", "-1")));
        assertTrue(e.getMessage().contains("'beta'") && e.getMessage().contains("real in (0, inf)"), e.getMessage());
        e = assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("label_smoothing", "0.5")));
        assertTrue(e.getMessage().contains("real in [0, 0.5)"), e.getMessage());
        assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("beta", "NaN")));
        assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("steps", "1.5")));
        assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("flag", "yes")));
        e = assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("mode", "c")));
        assertTrue(e.getMessage().contains("one of [a, b]"), e.getMessage());
    }

    @Test
    void idsMustBeKebabCase() {
        assertThrows(IllegalArgumentException.class, () -> new PluginInfo("Bad_Id", PluginKind.PROBE, "x"));
        new PluginInfo("apo-zero", PluginKind.OBJECTIVE, "x");
        new PluginInfo("dpo+normalized", PluginKind.OBJECTIVE, "x");
    }
}
