package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrationTest {
    private static final String SERVICE = PluginProvider.class.getName();

    @Test
    void moduleInfoAndServicesFileListTheSameProviders() throws IOException {
        Module module = SgdProvider.class.getModule();
        assertTrue(module.isNamed(), "tests must run on the module path");
        List<String> declared = module.getDescriptor().provides().stream()
                .filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream()).toList();
        List<String> listed;
        try (InputStream in = module.getResourceAsStream("META-INF/services/" + SERVICE)) {
            assertNotNull(in, "missing META-INF/services/" + SERVICE);
            listed = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
        assertEquals(declared, listed);
        assertEquals(3, declared.size());
        assertTrue(module.getDescriptor().exports().stream().map(ModuleDescriptor.Exports::source).toList().isEmpty(),
                "optimisers are reached through the catalog only");
    }

    @Test
    void theCatalogFindsEveryOptimiserAndCreatesIt() {
        var catalog = PluginCatalog.load(List.of());
        List<String> ids = catalog.plugins(PluginKind.OPTIMIZER).stream().map(LoadedPlugin::id).toList();
        assertEquals(List.of("adam", "adamw", "sgd"), ids);
        for (String id : ids) {
            assertInstanceOf(Optimizer.class, catalog.create(PluginKind.OPTIMIZER, id, Map.of(), Optimizer.class));
        }
    }
}
