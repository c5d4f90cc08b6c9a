package dev.gramian.cli;

import dev.gramian.api.GramianException;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Test;

import static dev.gramian.cli.InProcessGramian.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorReportingTest {

    @Test
    void helpListsEveryExitCodeWithItsCategory() {
        Execution help = run("--help");
        assertEquals(0, help.status(), help::toString);
        assertTrue(help.out().contains("Exit codes:"), help::toString);
        for (GramianException.Category category : GramianException.Category.values()) {
            assertTrue(help.out().matches("(?s).*\\n\\s+" + category.exitCode() + "\\s+\\w+.*"),
                    () -> "no line for exit code " + category.exitCode() + " in\n" + help.out());
        }
        assertTrue(help.out().contains("objective") && help.out().contains("plugins"), help::toString);
    }

    @Test
    void versionNamesTheProjectVersionFromTheBuild() {
        Execution version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("gramian 0."), version::toString);
        assertFalse(version.out().contains("${"), "version.properties was not filtered: " + version.out());
    }

    @Test
    void unknownCommandIsAUsageErrorWithASuggestion() {
        Execution typo = run("objectiv");
        assertEquals(2, typo.status(), typo::toString);
        assertTrue(typo.err().startsWith("gramian: error: "), typo::toString);
        assertTrue(typo.err().contains("gramian objective"), typo::toString);
        assertEquals("", typo.out());
    }

    @Test
    void missingSubcommandIsAUsageErrorListingTheChoices() {
        Execution bare = run("plugins");
        assertEquals(2, bare.status(), bare::toString);
        assertTrue(bare.err().contains("missing command after 'gramian plugins'; choose one of: list, describe"),
                bare::toString);
    }

    @Test
    void stackTraceOnlyWithVerbose() {
        Execution plain = run("objective", "eval", "--objective", "no-such-loss", "--input", "-");
        Execution verbose = run("objective", "eval", "--objective", "no-such-loss", "--input", "-", "--verbose");
        assertEquals(GramianException.Category.PLUGIN.exitCode(), plain.status(), plain::toString);
        assertEquals(plain.status(), verbose.status(), verbose::toString);
        assertEquals(1, plain.err().lines().count(), plain::toString);
        assertFalse(plain.err().contains("\tat "), plain::toString);
        assertTrue(verbose.err().contains("\tat dev.gramian"), verbose::toString);
    }

    @Test
    void verboseAndQuietExcludeEachOther() {
        Execution both = run("plugins", "list", "-v", "-q");
        assertEquals(2, both.status(), both::toString);
        assertTrue(both.err().contains("--verbose and --quiet"), both::toString);
    }

    @Test
    void unknownKindIsAUsageErrorNamingTheKnownKinds() {
        Execution unknown = run("plugins", "list", "--kind", "lossfunction");
        assertEquals(GramianException.Category.USAGE.exitCode(), unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("'lossfunction'") && unknown.err().contains("objective, probe"),
                unknown::toString);
    }

    @Test
    void unknownPluginIdInDescribeListsTheKnownIds() {
        Execution unknown = run("plugins", "describe", "dpoo");
        assertEquals(GramianException.Category.PLUGIN.exitCode(), unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("unknown plugin 'dpoo'") && unknown.err().contains("dpo"),
                unknown::toString);
    }
}
