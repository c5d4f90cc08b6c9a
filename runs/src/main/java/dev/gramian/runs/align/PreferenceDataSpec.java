package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.PreferenceDataset;
import dev.gramian.api.objective.PreferenceSplit;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.random.SplitMix64;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.data.PairEncoder;
import dev.gramian.objectives.margin.data.PreferenceEncoder;
import dev.gramian.objectives.margin.data.TrlPreferenceEncoder;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.runs.Provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a run's preference pairs come from and how they are cut: a JSON Lines file (with a held-out
 * file, or a share held out by seed) or a built-in data set with its options, a maximum length in
 * tokens and a truncation policy.
 *
 * @param dataFile       a JSON Lines file, or null for a built-in data set
 * @param datasetId      a built-in data set's id, or null for a file
 * @param datasetOptions the data set's options as given
 * @param evalFile       held-out pairs from a file of their own, or null
 * @param evalFraction   the share of the data file held out (by seed) when there is no eval file;
 *                       for a data set, its {@code eval_fraction} option (null: the data set's default)
 * @param maxLength      the longest pair, in tokens
 * @param truncation     what to do with longer pairs
 */
public record PreferenceDataSpec(Path dataFile, String datasetId, Map<String, String> datasetOptions, Path evalFile,
                          Double evalFraction, int maxLength, TruncationPolicy truncation) {
    /** The held-out share of a data file when none is given. */
    public static final double DEFAULT_EVAL_FRACTION = 0.1;
    /** The longest pair, in tokens, when none is given. */
    public static final int DEFAULT_MAX_LENGTH = 128;
    /** What to do with longer pairs when nothing is said. */
    public static final String DEFAULT_TRUNCATION = "error";
    private static final long SPLIT_STREAM = 0x5EED_DA7AL;

    public PreferenceDataSpec {
        datasetOptions = Map.copyOf(datasetOptions);
        if ((dataFile == null) == (datasetId == null)) {
            throw GramianException.usage("give exactly one of --data FILE and --dataset ID");
        }
        if (datasetId != null && evalFile != null) {
            throw GramianException.usage("--eval-data goes with --data; a built-in --dataset holds out its own pairs");
        }
        if (!datasetOptions.isEmpty() && datasetId == null) {
            throw GramianException.usage("-D sets options of a built-in --dataset; --data files take none");
        }
        if (evalFile != null && evalFraction != null) {
            throw GramianException.usage("--eval-data and --eval-fraction exclude each other");
        }
        if (evalFraction != null && !(evalFraction >= 0 && evalFraction < 1)) {
            throw GramianException.usage("--eval-fraction must be in [0, 1), got " + evalFraction);
        }
        if (maxLength < 3) {
            throw GramianException.usage("--max-length must be at least 3, got " + maxLength);
        }
    }

    /** Parses a {@code --truncation} value. */
    public static TruncationPolicy truncation(String text) {
        return switch (text) {
            case "error" -> TruncationPolicy.ERROR;
            case "keep-end" -> TruncationPolicy.KEEP_END;
            case "skip" -> TruncationPolicy.SKIP;
            default -> throw GramianException.usage("unknown --truncation '" + text
                    + "'; known: error, keep-end, skip");
        };
    }

    /**
     * Encoded pairs, split for training and evaluation.
     *
     * @param train       training pairs
     * @param eval        held-out pairs (may be empty)
     * @param description the {@code data} (and for a built-in, {@code dataset}) entries of config.json
     */
    public record Prepared(List<EncodedPair> train, List<EncodedPair> eval, ObjectNode description) {
        public Prepared {
            train = List.copyOf(train);
            eval = List.copyOf(eval);
            if (train.isEmpty()) {
                throw GramianException.usage("no training pairs left after splitting and truncation");
            }
        }
    }

    /**
     * Reads or generates the pairs, splits them by {@code seed} and encodes them with {@code tokenizer}
     * in Gramian's own scheme (BOS, prompt, response) for its built-in models.
     */
    public Prepared prepare(PluginCatalog catalog, Tokenizer tokenizer, long seed) {
        return prepare(catalog, new PreferenceEncoder(tokenizer, maxLength, truncation), seed);
    }

    /**
     * Reads or generates the pairs, splits them by {@code seed} and tokenises them for a Hugging Face
     * model as TRL's DPOTrainer does (plain text and conversations), within this spec's length limit
     * and truncation; {@code warnings} receives a line per pair whose prompt tokens are not a prefix.
     */
    public Prepared prepareAsTrl(PluginCatalog catalog, Tokenizer tokenizer, Consumer<String> warnings, long seed) {
        return prepare(catalog, new TrlPreferenceEncoder(tokenizer, maxLength, truncation, warnings), seed);
    }

    /**
     * Reads or generates the pairs, splits them by {@code seed} and encodes them with {@code encoder},
     * which should apply this spec's {@link #maxLength()} and {@link #truncation()} (a Hugging Face
     * model's {@link dev.gramian.objectives.margin.data.TrlPreferenceEncoder}, for instance).
     */
    public Prepared prepare(PluginCatalog catalog, PairEncoder encoder, long seed) {
        ObjectNode description = JsonNodeFactory.instance.objectNode();
        ObjectNode data = description.putObject("data");
        List<EncodedPair> train = new ArrayList<>();
        List<EncodedPair> eval = new ArrayList<>();
        int skipped;
        if (datasetId != null) {
            Map<String, String> options = new LinkedHashMap<>(datasetOptions);
            if (evalFraction != null) {
                if (options.containsKey("eval_fraction")) {
                    throw GramianException.usage("give the held-out share once: --eval-fraction or -D eval_fraction");
                }
                options.put("eval_fraction", Double.toString(evalFraction));
            }
            PreferenceSplit split = catalog.create(PluginKind.PREFERENCE_DATASET, datasetId, options,
                    PreferenceDataset.class).load(seed);
            Provenance.describePlugin(description, "dataset", catalog, PluginKind.PREFERENCE_DATASET, datasetId,
                    options);
            data.put("source", "dataset:" + datasetId);
            String source = "data set '" + datasetId + "'";
            PairEncoder.Result encodedTrain = encoder.encodeAll(split.train(), source);
            PairEncoder.Result encodedEval = encoder.encodeAll(split.eval(), source + " (held out)");
            train.addAll(encodedTrain.pairs());
            eval.addAll(encodedEval.pairs());
            skipped = encodedTrain.skipped() + encodedEval.skipped();
        } else {
            PreferenceFileReader.Contents contents = PreferenceFileReader.read(dataFile);
            data.put("source", dataFile.toAbsolutePath().normalize().toString());
            data.put("sha256", contents.sha256());
            List<EncodedPair> all = encode(encoder, contents, dataFile);
            skipped = contents.pairs().size() - all.size();
            if (evalFile != null) {
                PreferenceFileReader.Contents held = PreferenceFileReader.read(evalFile);
                data.put("eval_source", evalFile.toAbsolutePath().normalize().toString());
                data.put("eval_sha256", held.sha256());
                List<EncodedPair> heldOut = encode(encoder, held, evalFile);
                skipped += held.pairs().size() - heldOut.size();
                train.addAll(all);
                eval.addAll(heldOut);
            } else {
                double fraction = evalFraction == null ? DEFAULT_EVAL_FRACTION : evalFraction;
                data.put("eval_fraction", fraction);
                splitBySeed(all, fraction, seed, train, eval);
            }
        }
        data.put("max_length", maxLength);
        data.put("truncation", truncation.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        data.put("train_pairs", train.size());
        data.put("eval_pairs", eval.size());
        data.put("skipped_pairs", skipped);
        return new Prepared(train, eval, description);
    }

    /**
     * Every pair of a JSON Lines {@code file} encoded with {@code encoder}, in file order, with no
     * split (pairs the encoder's truncation policy skips are left out).
     */
    public static List<EncodedPair> encodeInOrder(Path file, PairEncoder encoder) {
        return encode(encoder, PreferenceFileReader.read(file), file);
    }

    private static List<EncodedPair> encode(PairEncoder encoder, PreferenceFileReader.Contents contents, Path file) {
        List<EncodedPair> encoded = new ArrayList<>(contents.pairs().size());
        for (PreferenceFileReader.NumberedPair numbered : contents.pairs()) {
            EncodedPair one = encoder.encode(numbered.pair(), file.toString(), numbered.line());
            if (one != null) {
                encoded.add(one);
            }
        }
        return encoded;
    }

    /** A seeded shuffle, then the first {@code fraction} (at least one pair when above 0) held out. */
    private static void splitBySeed(List<EncodedPair> all, double fraction, long seed, List<EncodedPair> train,
                                    List<EncodedPair> eval) {
        List<EncodedPair> shuffled = new ArrayList<>(all);
        SplitMix64 random = new SplitMix64(seed).derive(SPLIT_STREAM);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            shuffled.set(j, shuffled.set(i, shuffled.get(j)));
        }
        int held = fraction == 0 ? 0 : Math.max(1, (int) Math.round(fraction * shuffled.size()));
        held = Math.min(held, shuffled.size() - 1);
        eval.addAll(shuffled.subList(0, held));
        train.addAll(shuffled.subList(held, shuffled.size()));
    }
}
