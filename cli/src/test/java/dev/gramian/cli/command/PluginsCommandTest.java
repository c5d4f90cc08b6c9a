package dev.gramian.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginsCommandTest {
    /** The margin losses of docs/science.md §1, which issue 2 requires on the default path. */
    private static final Set<String> MARGIN_LOSSES = Set.of("dpo", "ipo", "hinge", "robust", "rdpo", "dpop", "nca",
            "bco", "apo-zero", "sppo-hard", "simpo", "cpo", "orpo", "rrhf", "sft", "exo", "apo-down", "dpo-norm", "discopop", "aot", "aot-unpaired");

    @Test
    void jsonListsEveryMarginLossWithItsSourceAndOptions() throws Exception {
        Execution list = run("plugins", "list", "--json");
        assertEquals(0, list.status(), list::toString);
        JsonNode document = new ObjectMapper().readTree(list.out());
        Set<String> objectives = new TreeSet<>();
        for (JsonNode plugin : document.get("plugins")) {
            if (plugin.get("kind").asText().equals("objective")) {
                objectives.add(plugin.get("id").asText());
                assertTrue(plugin.get("source").asText().startsWith("module dev.gramian.objectives.margin"),
                        plugin::toString);
                for (JsonNode option : plugin.get("options")) {
                    assertTrue(option.get("key").asText().matches("[a-z][a-z0-9_]*"), option::toString);
                    assertTrue(!option.get("default").asText().isEmpty() && !option.get("valid").asText().isEmpty(),
                            option::toString);
                }
            }
        }
        assertEquals(new TreeSet<>(MARGIN_LOSSES), objectives);
        assertEquals(0, document.get("problems").size(), list::toString);
    }

    @Test
    void textListOfAKindIsSortedByIdUnderAHeader() {
        Execution list = run("plugins", "list", "--kind", "objective");
        assertEquals(0, list.status(), list::toString);
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).matches("KIND\\s+ID\\s+SUMMARY"), list::toString);
        List<String> ids = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split("\\s+", 3);
            assertEquals("objective", columns[0], line);
            ids.add(columns[1]);
        }
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(MARGIN_LOSSES, Set.copyOf(ids));
    }

    @Test
    void describeShowsTypeDefaultAndValidRangeOfEachOption() {
        Execution describe = run("plugins", "describe", "dpo");
        assertEquals(0, describe.status(), describe::toString);
        assertTrue(describe.out().startsWith("objective dpo: "), describe::toString);
        assertTrue(describe.out().contains("source: module dev.gramian.objectives.margin"), describe::toString);
        assertTrue(describe.out().contains("beta  real, default 0.1, real in (0, inf)"), describe::toString);
        assertTrue(describe.out().contains("label_smoothing  real, default 0"), describe::toString);
    }

    @Test
    void describeShowsAnEmptyDefaultAsEmptyQuotes() {
        Execution describe = run("plugins", "describe", "colored-mnist");
        assertEquals(0, describe.status(), describe::toString);
        assertTrue(describe.out().contains("mnist_dir  string, default \"\" (empty), any text"), describe::toString);
        assertTrue(describe.out().contains("test_domain  integer, default 2, integer in [0, 2]"), describe::toString);
    }

    @Test
    void describeOfAPluginWithoutOptionsSaysSo() {
        Execution describe = run("plugins", "describe", "gradient");
        assertEquals(0, describe.status(), describe::toString);
        assertTrue(describe.out().contains("options: none"), describe::toString);
    }
}
