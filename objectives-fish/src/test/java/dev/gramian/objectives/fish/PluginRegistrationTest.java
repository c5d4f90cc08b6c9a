package dev.gramian.objectives.fish;

import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginRegistrationTest {

    private static List<String> declared() {
        ModuleDescriptor descriptor = PluginRegistrationTest.class.getModule().getDescriptor();
        return descriptor.provides().stream()
                .filter(p -> p.service().equals(PluginProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).sorted().toList();
    }

    @Test
    void moduleDescriptorAndServicesFileListTheSameProviders() throws IOException {
        List<String> listed;
        try (InputStream in = PluginRegistrationTest.class.getModule()
                .getResourceAsStream("META-INF/services/" + PluginProvider.class.getName())) {
            listed = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        }
        assertEquals(9, declared().size());
        assertEquals(declared(), listed);
    }

    @Test
    void everyProviderCreatesItsKindsProductFromDefaultsWithoutIo() throws ReflectiveOperationException {
        Set<String> ids = new HashSet<>();
        for (String name : declared()) {
            PluginProvider<?> provider = (PluginProvider<?>) Class.forName(name).getConstructor().newInstance();
            PluginInfo info = provider.info();
            assertTrue(ids.add(info.kind() + "/" + info.id()), "duplicate id " + info.id());
            for (OptionSpec option : info.options()) {
                assertTrue(option.key().matches("[a-z][a-z0-9_]*"), option.key());
            }
            Object product = provider.create(Options.defaults(info));
            assertTrue(info.kind().productType().isInstance(product), name + " made " + product.getClass());
        }
        assertEquals(Set.of("DOMAIN_RULE/erm", "DOMAIN_RULE/fish", "DOMAIN_RULE/fish-smooth", "DOMAIN_RULE/idgm",
                "DOMAIN_RULE/and-mask", "DOMAIN_DATASET/linear-toy", "DOMAIN_DATASET/cdsprites",
                "DOMAIN_DATASET/colored-mnist", "DOMAIN_DATASET/rotated-mnist"), ids);
    }
}
