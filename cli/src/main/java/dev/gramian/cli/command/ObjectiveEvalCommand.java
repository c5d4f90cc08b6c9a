package dev.gramian.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.jsonl.PairScoresParser;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian objective eval}: evaluates a margin loss on preference pairs read as JSON Lines and
 * writes, for each input record, one JSON object with the loss and its exact derivatives with
 * respect to the two policy log-probabilities (by dual numbers). Blank lines are skipped; line
 * numbers in errors count them.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {
            "Evaluate an objective on preference pairs given as JSON Lines.",
            "Each input line is an object with logp_chosen, logp_rejected, len_chosen, len_rejected and, "
                    + "for objectives that use a reference model, ref_logp_chosen and ref_logp_rejected.",
            "Each output line is {\"loss\": ..., \"d_logp_chosen\": ..., \"d_logp_rejected\": ...}."
        })
final class ObjectiveEvalCommand implements Callable<Integer> {
    private static final String STDIN = "-";

    @Option(names = "--objective", required = true, paramLabel = "ID[:W],...",
            description = "The objective's id, e.g. dpo (see 'gramian plugins list --kind objective'), or a "
                    + "weighted sum such as dpo:0.8,bco:0.2,sft:1.0.")
    private String objective;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE",
            description = "An option of the objective, e.g. -O beta=0.2; in a sum, -O dpo.beta=0.2 sets one "
                    + "component's and -O beta=0.2 every component's that takes it; repeatable "
                    + "(see 'gramian plugins describe ID').")
    private Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--input", required = true, paramLabel = "FILE|-",
            description = "The JSON Lines file of pairs, or - for standard input.")
    private String input;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() throws IOException {
        MarginLoss loss = ObjectiveSpec.parse(objective).create(catalog, options);
        String source = STDIN.equals(input) ? "<stdin>" : input;
        var parser = new PairScoresParser(source, loss.usesReference());
        try (BufferedReader lines = open(source);
             JsonGenerator json = new ObjectMapper().createGenerator(streams.out())) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.setRootValueSeparator(null);
            long number = 0;
            for (String line = readLine(lines, source); line != null; line = readLine(lines, source)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                LossEvaluation evaluation = loss.evaluate(parser.parse(line, number));
                json.writeStartObject();
                json.writeNumberField("loss", evaluation.loss());
                json.writeNumberField("d_logp_chosen", evaluation.dLogpChosen());
                json.writeNumberField("d_logp_rejected", evaluation.dLogpRejected());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
        return 0;
    }

    private BufferedReader open(String source) {
        if (STDIN.equals(input)) {
            return new BufferedReader(new InputStreamReader(streams.in(), StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw GramianException.input(source, 0, "cannot read input file: " + e);
        }
    }

    private static String readLine(BufferedReader lines, String source) {
        try {
            return lines.readLine();
        } catch (IOException e) {
            throw GramianException.input(source, 0, "cannot read input: " + e);
        }
    }
}
