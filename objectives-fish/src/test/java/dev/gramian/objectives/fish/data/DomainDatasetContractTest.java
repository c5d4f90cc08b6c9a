package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link DomainDataset} must guarantee, checked on each of this module's four. */
class DomainDatasetContractTest {
    @TempDir
    static Path mnist;

    private static DomainDataset dataset(String id) throws IOException {
        Map<String, PluginProvider<DomainDataset>> providers = Map.of("linear-toy", new LinearToyProvider(),
                "cdsprites", new CdSpritesProvider(), "colored-mnist", new ColoredMnistProvider(),
                "rotated-mnist", new RotatedMnistProvider());
        Map<String, String> options = new HashMap<>();
        switch (id) {
            case "linear-toy" -> options.putAll(Map.of("train_examples", "50", "validation_examples", "20",
                    "test_examples", "30"));
            case "cdsprites" -> options.putAll(Map.of("image_size", "16", "train_examples", "20",
                    "validation_examples", "10", "test_examples", "20"));
            default -> {
                IdxFilesTest.writeMnist(mnist, 200, 40);
                options.put("mnist_dir", mnist.toString());
            }
        }
        var provider = providers.get(id);
        return provider.create(Options.resolve(provider.info(), options));
    }

    private static List<ExampleSet> sets(DomainData data) {
        List<ExampleSet> sets = new ArrayList<>();
        for (DomainSplit split : data.training()) {
            sets.add(split.train());
            sets.add(split.validation());
        }
        sets.add(data.test());
        return sets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-toy", "cdsprites", "colored-mnist", "rotated-mnist"})
    void deterministicWellFormedAndMatchingItsSuggestedModel(String id) throws IOException {
        DomainDataset dataset = dataset(id);
        DomainData first = dataset.load(21);
        DomainData second = dataset.load(21);
        ClassifierConfig model = dataset.suggestedModel();
        assertEquals(first.classes(), model.classes(), id);
        assertEquals(first.test().exampleSize(), model.inputSize(), id);
        assertArrayEquals(first.exampleShape(), model.inputShape(), id);

        Set<String> names = new HashSet<>();
        first.training().forEach(split -> assertTrue(names.add(split.name()), "duplicate domain " + split.name()));
        assertFalse(names.contains(first.testName()), "the held-out domain is also a training domain");

        List<ExampleSet> a = sets(first);
        List<ExampleSet> b = sets(second);
        for (int s = 0; s < a.size(); s++) {
            ExampleSet set = a.get(s);
            assertEquals(set.size(), b.get(s).size());
            LabeledBatch all = set.batch(0, set.size());
            assertArrayEquals(all.features(), b.get(s).batch(0, set.size()).features(), id + ": same seed, same data");
            assertArrayEquals(all.labels(), b.get(s).batch(0, set.size()).labels());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(all.labels()[i], set.label(i));
                assertTrue(all.labels()[i] >= 0 && all.labels()[i] < first.classes(), id + ": label out of range");
            }
            for (float x : all.features()) {
                assertTrue(Float.isFinite(x), id + ": non-finite feature");
            }
        }
    }
}
