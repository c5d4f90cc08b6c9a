package dev.gramian.objectives.margin.data;

import dev.gramian.api.objective.PreferenceDataset;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.api.objective.PreferenceSplit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The paper's synthetic sentiment task. A prompt is a short review built from templates, subjects
 * and one polar adjective (optionally intensified); the response is a one-byte verdict, {@code +}
 * or {@code -}, followed by a suffix that is identical in the chosen and rejected responses. The
 * chosen verdict matches the adjective's polarity, so the two responses differ in exactly one
 * token. Evaluation pairs are review sentences never seen in training: the model has to learn the
 * adjectives' polarity, not memorise sentences.
 */
public final class SentimentPairs implements PreferenceDataset {
    static final List<String> POSITIVE = List.of("great", "wonderful", "delightful", "superb", "excellent",
            "charming", "lovely", "brilliant", "pleasant", "fantastic", "friendly", "fresh", "elegant", "warm");
    static final List<String> NEGATIVE = List.of("awful", "terrible", "dreadful", "dull", "poor", "rude",
            "bland", "horrible", "stale", "boring", "noisy", "greasy", "cold", "sloppy");
    private static final List<String> SUBJECTS = List.of("the food", "the service", "the room", "the movie",
            "the staff", "the book", "the coffee", "the music", "the show", "the hotel", "the pasta",
            "the view", "the seats", "the plot", "the soup", "the lighting");
    private static final List<String> INTENSIFIERS = List.of("", "", "very ", "really ", "quite ", "truly ");
    private static final List<String> TEMPLATES = List.of("%s was %s%s.", "i thought %s was %s%s.",
            "honestly, %s was %s%s.", "%s felt %s%s to me.", "we found %s %s%s.");

    private final String suffix;
    private final int size;
    private final double evalFraction;

    /**
     * @param suffix       text after the verdict, identical in both responses ("" for the single-token task)
     * @param size         number of distinct pairs to generate
     * @param evalFraction share of them held out for evaluation
     */
    public SentimentPairs(String suffix, int size, double evalFraction) {
        if (size < 2) {
            throw new IllegalArgumentException("size must be at least 2, got " + size);
        }
        this.suffix = suffix;
        this.size = Math.min(size, distinctReviews());
        this.evalFraction = evalFraction;
    }

    /** How many distinct review sentences the templates can produce. */
    static int distinctReviews() {
        return TEMPLATES.size() * SUBJECTS.size() * (INTENSIFIERS.size() - 1) * (POSITIVE.size() + NEGATIVE.size());
    }

    @Override
    public PreferenceSplit load(long seed) {
        Random random = new Random(seed);
        Set<String> seen = new LinkedHashSet<>();
        List<PreferencePair> pairs = new ArrayList<>(size);
        while (pairs.size() < size) {
            boolean positive = random.nextBoolean();
            List<String> adjectives = positive ? POSITIVE : NEGATIVE;
            String review = String.format(TEMPLATES.get(random.nextInt(TEMPLATES.size())),
                    SUBJECTS.get(random.nextInt(SUBJECTS.size())),
                    INTENSIFIERS.get(random.nextInt(INTENSIFIERS.size())),
                    adjectives.get(random.nextInt(adjectives.size())));
            if (!seen.add(review)) {
                continue;
            }
            String good = (positive ? "+" : "-") + suffix;
            String bad = (positive ? "-" : "+") + suffix;
            pairs.add(new PreferencePair("review: " + review + "\nverdict: ", good, bad));
        }
        return BuiltInSplits.split(pairs, evalFraction);
    }
}
