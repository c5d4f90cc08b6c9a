package dev.gramian.spark.sweep;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.spark.sweep.SweptCommand.CommandOption;
import dev.gramian.spark.sweep.SweptCommand.GridOption;
import dev.gramian.spark.sweep.SweptCommand.PluginOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid keys become the swept command's arguments, and bad keys or values stop the sweep before it starts. */
class SweptCommandTest {
    private static final List<String> ALIGN = List.of("--dataset", "1t", "--init", "init.ckpt", "--steps", "4");
    private static final List<String> DG = List.of("--dataset", "cdsprites", "--steps", "4");
    private static PluginCatalog catalog;

    @BeforeAll
    static void loadPlugins() {
        catalog = PluginCatalog.load(List.of());
    }

    private static Map<String, GridOption> resolve(SweptCommand command, List<String> fixed, String... axes) {
        return command.resolve(Grid.parse(List.of(axes)), fixed, catalog);
    }

    @Test
    void commandOptionsAndPluginOptionsBecomeTheirFlags() {
        Map<String, GridOption> align = resolve(SweptCommand.align(), ALIGN, "objective=dpo,ipo", "beta=0.05,0.1",
                "lr=1e-4", "seed=1,2", "P.weight_decay=0,0.01");
        assertEquals(List.of("--objective", "ipo"), align.get("objective").arguments("ipo"));
        assertEquals(List.of("-O", "beta=0.05"), align.get("beta").arguments("0.05"));
        assertEquals(List.of("--lr", "1e-4"), align.get("lr").arguments("1e-4"));
        assertEquals(List.of("-P", "weight_decay=0.01"), align.get("P.weight_decay").arguments("0.01"));
        // rescale is no option of the default rule (gradient) nor of dpo, ipo or adam: it is normalized's
        assertThrows(GramianException.class, () -> resolve(SweptCommand.align(), ALIGN, "rescale=true"));
        Map<String, GridOption> withRule = resolve(SweptCommand.align(), ALIGN, "rule=normalized", "rescale=true,false");
        assertEquals(List.of("-R", "rescale=false"), withRule.get("rescale").arguments("false"));

        Map<String, GridOption> dg = resolve(SweptCommand.dg(), DG, "rule=erm,fish", "domains=5,10", "meta_lr=0.5");
        assertEquals(List.of("-D", "domains=10"), dg.get("domains").arguments("10"));
        assertEquals(List.of("-O", "meta_lr=0.5"), dg.get("meta_lr").arguments("0.5"));
        assertTrue(dg.get("domains") instanceof PluginOption);
        assertTrue(dg.get("rule") instanceof CommandOption);
    }

    @Test
    void aFlagTakesTrueOrFalse() {
        GridOption flag = new CommandOption("--rslora", true);
        assertEquals(List.of("--rslora"), flag.arguments("true"));
        assertEquals(List.of(), flag.arguments("false"));
        assertEquals("--grid rslora=yes: --rslora is a flag; its values are true and false",
                assertThrows(GramianException.class, () -> flag.arguments("yes")).getMessage());
    }

    @Test
    void anUnknownKeyIsOneErrorListingTheOptions() {
        GramianException unknown = assertThrows(GramianException.class,
                () -> resolve(SweptCommand.dg(), DG, "bogus=1,2"));
        assertEquals(GramianException.Category.USAGE, unknown.category());
        String message = unknown.getMessage();
        assertTrue(message.startsWith("unknown grid key 'bogus': not an option of gramian dg nor of its plugins; "
                + "options: dataset, "), message);
        assertTrue(message.contains("domain-dataset cdsprites (-D): domains, image_size"), message);
        assertTrue(!message.contains("options: out") && !message.contains(", out,"), "reserved options are not offered");
    }

    @Test
    void reservedKeysAndUnknownPrefixesAreRefused() {
        assertEquals("--grid out: the sweep sets --out of each run itself; grid keys are options of gramian dg",
                assertThrows(GramianException.class, () -> resolve(SweptCommand.dg(), DG, "out=a,b")).getMessage());
        assertTrue(assertThrows(GramianException.class, () -> resolve(SweptCommand.dg(),
                List.of("--dataset", "linear-toy", "--out", "x"), "seed=1")).getMessage().startsWith("--out is the sweep's"));
        assertTrue(assertThrows(GramianException.class, () -> resolve(SweptCommand.dg(), DG, "R.rescale=true"))
                .getMessage().startsWith("--grid R.rescale: gramian dg has no -R plugin options; prefixes: O (domain-rule)"));
    }

    @Test
    void everyRunIsCheckedAsTheCommandWouldParseIt() {
        SweptCommand dg = SweptCommand.dg();
        Grid grid = Grid.parse(List.of("rule=erm,fish", "steps=4,abc"));
        GramianException badValue = assertThrows(GramianException.class,
                () -> SweepPlan.of(dg, grid, List.of("--dataset", "linear-toy"), List.of(), Path.of("out"), catalog));
        assertTrue(badValue.getMessage().startsWith("run rule-erm_steps-abc (rule=erm, steps=abc): Invalid value for "
                + "option '--steps': 'abc' is not a long"), badValue.getMessage());

        Grid pluginValue = Grid.parse(List.of("rule=fish", "meta_lr=0.5,-1"));
        GramianException outOfRange = assertThrows(GramianException.class,
                () -> SweepPlan.of(dg, pluginValue, List.of("--dataset", "linear-toy"), List.of(), Path.of("out"), catalog));
        assertTrue(outOfRange.getMessage().startsWith("run rule-fish_meta_lr--1 (rule=fish, meta_lr=-1): "),
                outOfRange.getMessage());
        assertTrue(outOfRange.getMessage().contains("meta_lr"), outOfRange.getMessage());
    }

    @Test
    void runsAreNamedByTheirGridValues() {
        SweepPlan plan = SweepPlan.of(SweptCommand.dg(), Grid.parse(List.of("rule=erm,fish", "D.domains=5,10")),
                List.of("--dataset", "cdsprites"), List.of(), Path.of("/sweeps/dg"), catalog);
        assertEquals(List.of("rule-erm_D.domains-5", "rule-erm_D.domains-10", "rule-fish_D.domains-5",
                "rule-fish_D.domains-10"), plan.runs().stream().map(SweepPlan.Run::name).toList());
        assertEquals(List.of("--dataset", "cdsprites", "--rule", "fish", "-D", "domains=10", "--out",
                "/sweeps/dg/rule-fish_D.domains-10"), plan.runs().get(3).arguments());
        assertEquals("objective-dpo_0.8_sft_1.0_beta-0.1",
                SweepPlan.name(new java.util.LinkedHashMap<>(Map.of("objective", "dpo:0.8,sft:1.0"))) + "_beta-0.1");
    }
}
