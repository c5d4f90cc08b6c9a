package dev.gramian.cli.command;

import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CompletionCommandTest {

    @Test
    void scriptNamesTheCommandsAndThePluginIds() {
        Execution completion = run("completion");
        assertEquals(0, completion.status(), completion::toString);
        String script = completion.out();
        for (String name : List.of("_picocli_gramian_align", "_picocli_gramian_plugins_describe",
                "_picocli_gramian_demo_entanglement", "_picocli_gramian_dg", "_picocli_gramian_bench_gram",
                "_picocli_gramian_completion", "complete -F _complete_gramian -o default ./gramian")) {
            assertTrue(script.contains(name), name);
        }
        for (String id : List.of("\"dpo\"", "\"simpo\"", "\"fish\"", "\"colored-mnist\"", "\"adamw\"",
                "\"normalized\"", "\"1t\"", "\"entanglement\"", "\"tensorflow\"")) {
            assertTrue(script.contains(id), id);
        }
    }

    @Test
    void pluginPathIdsAreCandidatesToo() {
        Execution completion = run("--plugin-path", InProcessGramian.examplePluginDirectory().toString(),
                "completion");
        assertEquals(0, completion.status(), completion::toString);
        assertTrue(completion.out().contains("\"slic-hf\""), completion::toString);
    }

    /** The script in a real bash: what a user gets on pressing Tab, per command and option. */
    @Test
    void bashCompletesPluginIdsByCommandAndOption(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash");
        Path script = directory.resolve("gramian-completion.bash");
        Files.writeString(script, run("completion").out());
        assertEquals("dpo dpo-norm dpop", complete(script, "gramian align --objective dp"));
        assertEquals("gradient", complete(script, "gramian align --rule g"));
        assertEquals("fish fish-smooth", complete(script, "gramian dg --rule f"));
        assertEquals("cdsprites colored-mnist", complete(script, "gramian dg --dataset c"));
        assertEquals("adam adamw", complete(script, "gramian sft --optimizer a"));
        assertEquals("token-entanglement token-mask", complete(script, "gramian plugins describe to"));
        assertEquals("completion", complete(script, "gramian compl"));
    }

    private static String complete(Path script, String line) throws IOException, InterruptedException {
        String program = "source '" + script + "'\n"
                + "COMP_LINE='" + line + "'; read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "_complete_gramian 2>/dev/null; echo \"${COMPREPLY[*]}\"\n";
        Process bash = new ProcessBuilder("/bin/bash", "-c", program).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
