package dev.gramian.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.objective.BatchEvaluation;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.plugin.ObjectiveSpec;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian objective eval}: evaluates a margin loss on preference pairs read as JSON Lines and
 * writes, for each input record, one JSON object with the loss and its exact derivatives with
 * respect to the two policy log-probabilities (by dual numbers). A margin loss is evaluated record
 * by record as the records arrive; a batch loss (or a sum with one) reads the whole input as one
 * batch and writes each pair's entry of {@link BatchEvaluation}. Blank lines are skipped; line
 * numbers in errors count them.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {
            "Evaluate an objective on preference pairs given as JSON Lines.",
            "Each input line is an object with logp_chosen, logp_rejected, len_chosen, len_rejected and, "
                    + "for objectives that use a reference model, ref_logp_chosen and ref_logp_rejected.",
            "Each output line is {\"loss\": ..., \"d_logp_chosen\": ..., \"d_logp_rejected\": ...}.",
            "Batch-level objectives (aot, aot-unpaired, sft -O averaging=token, and sums with one of them) "
                    + "treat the whole input as one batch of B pairs: each line's loss is the batch's loss (plus "
                    + "the pair's own terms in a sum) and its derivatives are B times the batch loss's, so that "
                    + "the loss is the mean of the lines' losses as for per-pair objectives."
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
        Objective loss = ObjectiveSpec.parse(objective).create(catalog, options);
        String source = STDIN.equals(input) ? "<stdin>" : input;
        var parser = new PairScoresParser(source, loss.usesReference());
        List<PairScores> batch = new ArrayList<>();
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
                PairScores pair = parser.parse(line, number);
                if (loss instanceof MarginLoss margin) {
                    write(json, margin.evaluate(pair));
                } else {
                    batch.add(pair);
                }
            }
            if (!batch.isEmpty()) {
                for (LossEvaluation evaluation : loss.evaluate(batch).pairs()) {
                    write(json, evaluation);
                }
            }
        }
        return 0;
    }

    private static void write(JsonGenerator json, LossEvaluation evaluation) throws IOException {
        json.writeStartObject();
        json.writeNumberField("loss", evaluation.loss());
        json.writeNumberField("d_logp_chosen", evaluation.dLogpChosen());
        json.writeNumberField("d_logp_rejected", evaluation.dLogpRejected());
        json.writeEndObject();
        json.writeRaw('\n');
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
