package dev.gramian.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException.Category;
import dev.gramian.cli.InProcessGramian.Execution;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectiveEvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "{\"logp_chosen\": -10, \"logp_rejected\": -12, \"ref_logp_chosen\": -11, "
            + "\"ref_logp_rejected\": -11, \"len_chosen\": 5, \"len_rejected\": 6}";

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    /** The shipped example file gives DPO's textbook values: -log σ(βh), ∂/∂lw = -β σ(-βh). */
    @Test
    void evaluatesTheShippedExampleFileWithDpo() throws Exception {
        Path pairs = InProcessGramian.projectRoot().resolve("examples/pairs.jsonl");
        Execution eval = run("objective", "eval", "--objective", "dpo", "-O", "beta=0.2", "--input", pairs.toString());
        assertEquals(0, eval.status(), eval::toString);
        assertEquals("", eval.err());
        List<String> inputs = Files.readAllLines(pairs).stream().filter(l -> !l.isBlank()).toList();
        List<String> outputs = eval.out().lines().toList();
        assertEquals(inputs.size(), outputs.size(), eval::toString);
        assertTrue(outputs.stream().allMatch(l -> l.startsWith("{\"loss\":") && l.endsWith("}")), eval::toString);
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = JSON.readTree(inputs.get(i));
            JsonNode out = JSON.readTree(outputs.get(i));
            double h = (in.get("logp_chosen").asDouble() - in.get("ref_logp_chosen").asDouble())
                    - (in.get("logp_rejected").asDouble() - in.get("ref_logp_rejected").asDouble());
            assertClose(softplus(-0.2 * h), out.get("loss").asDouble(), "loss of line " + (i + 1));
            assertClose(-0.2 * sigmoid(-0.2 * h), out.get("d_logp_chosen").asDouble(), "d_logp_chosen " + (i + 1));
            assertClose(0.2 * sigmoid(-0.2 * h), out.get("d_logp_rejected").asDouble(), "d_logp_rejected " + (i + 1));
        }
    }

    /** SimPO uses no reference model, so its records may leave the reference fields out. */
    @Test
    void readsStandardInputAndSkipsBlankLinesAndUnusedReferenceFields() throws Exception {
        String input = "{\"logp_chosen\": -6, \"logp_rejected\": -12, \"len_chosen\": 3, \"len_rejected\": 4}\n\n";
        Execution eval = run(input, Map.of(), "objective", "eval", "--objective", "simpo", "--input", "-");
        assertEquals(0, eval.status(), eval::toString);
        JsonNode out = JSON.readTree(eval.out());
        double x = 2.0 * (-6.0 / 3 + 12.0 / 4) - 0.5;
        assertClose(softplus(-x), out.get("loss").asDouble(), "loss");
        assertClose(-sigmoid(-x) * 2.0 / 3, out.get("d_logp_chosen").asDouble(), "d_logp_chosen");
        assertEquals(1, eval.out().lines().count(), eval::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON     | {"logp_chosen": -1,                                                   | 3 | <stdin>:2: malformed JSON
            not an object      | [1, 2]                                                                | 3 | <stdin>:2: expected a JSON object
            missing field      | {"logp_chosen": -1, "logp_rejected": -2, "len_chosen": 3, "len_rejected": 4}   | 3 | <stdin>:2: missing field 'ref_logp_chosen'
            non-numeric field  | {"logp_chosen": "high", "logp_rejected": -2, "ref_logp_chosen": -1, "ref_logp_rejected": -1, "len_chosen": 3, "len_rejected": 4} | 3 | <stdin>:2: field 'logp_chosen' must be a number, got "high"
            positive logp      | {"logp_chosen": 0.5, "logp_rejected": -2, "ref_logp_chosen": -1, "ref_logp_rejected": -1, "len_chosen": 3, "len_rejected": 4}   | 3 | <stdin>:2: logp_chosen must be a finite log-probability <= 0
            zero length        | {"logp_chosen": -1, "logp_rejected": -2, "ref_logp_chosen": -1, "ref_logp_rejected": -1, "len_chosen": 3, "len_rejected": 0}    | 3 | <stdin>:2: len_rejected must be a token count >= 1
            """)
    void badInputLineIsAnInputErrorNamingLineAndField(String caseName, String badLine, int status, String message) {
        Execution eval = run(GOOD + "\n" + badLine + "\n", Map.of(),
                "objective", "eval", "--objective", "dpo", "--input", "-");
        assertEquals(status, eval.status(), eval::toString);
        assertEquals(Category.INPUT.exitCode(), status);
        assertTrue(eval.err().startsWith("gramian: error: " + message), eval::toString);
        assertEquals(1, eval.err().lines().count(), eval::toString);
        assertEquals(1, eval.out().lines().count(), "the good first line is still evaluated: " + eval);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown option key  | dpo      | bta=0.2      | 2 | objective 'dpo': unknown option 'bta'; valid keys: beta, label_smoothing
            negative beta       | dpo      | beta=-0.1    | 2 | objective 'dpo': invalid value '-0.1' for option 'beta'; expected real in (0, inf)
            non-numeric value   | ipo      | beta=big     | 2 | objective 'ipo': invalid value 'big' for option 'beta'
            unknown objective   | dpo-plus | beta=0.2     | 4 | unknown objective 'dpo-plus'; known: [aot, aot-unpaired, apo-down,
            sum, unknown key    | dpo:0.5,sft | gamma=1   | 2 | objective 'dpo:0.5,sft:1.0': no component takes option 'gamma'
            sum, bad weight     | dpo:0,sft | beta=0.2    | 2 | objective 'dpo:0,sft': weight '0' of 'dpo' is not a number > 0
            bad divergence      | ipo      | divergence=kl | 2 | objective 'ipo': invalid value 'kl' for option 'divergence'; expected one of [reverse_kl, forward_kl, js, alpha]
            """)
    void badObjectiveOrOptionIsRejectedWithTheValidChoices(String caseName, String objective, String option,
                                                            int status, String message) {
        Execution eval = run(GOOD, Map.of(), "objective", "eval", "--objective", objective, "-O", option,
                "--input", "-");
        assertEquals(status, eval.status(), eval::toString);
        assertTrue(eval.err().startsWith("gramian: error: " + message), eval::toString);
        assertEquals("", eval.out());
    }

    @Test
    void unreadableFileIsAnInputErrorNamingTheFile() {
        Execution eval = run("objective", "eval", "--objective", "dpo", "--input", "no/such/pairs.jsonl");
        assertEquals(Category.INPUT.exitCode(), eval.status(), eval::toString);
        assertTrue(eval.err().startsWith("gramian: error: no/such/pairs.jsonl: cannot read"), eval::toString);
    }

    @Test
    void missingRequiredFlagIsAPicocliUsageError() {
        Execution eval = run("objective", "eval", "--input", "-");
        assertEquals(2, eval.status(), eval::toString);
        assertTrue(eval.err().contains("--objective"), eval::toString);
    }
}
