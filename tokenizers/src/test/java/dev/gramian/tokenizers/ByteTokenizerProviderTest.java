package dev.gramian.tokenizers;

import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ByteTokenizerProviderTest {

    @Test
    void moduleDescriptorAndServicesFileListTheSameProviders() throws Exception {
        ModuleDescriptor descriptor = ByteTokenizerProvider.class.getModule().getDescriptor();
        Set<String> declared = descriptor.provides().stream()
                .filter(p -> p.service().equals(PluginProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed;
        try (var in = ByteTokenizerProvider.class.getModule()
                .getResourceAsStream("META-INF/services/" + PluginProvider.class.getName());
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            listed = reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(declared, listed);
        assertEquals(Set.of(ByteTokenizerProvider.class.getName()), declared);
    }

    @Test
    void catalogCreatesTheByteTokenizer() {
        PluginCatalog catalog = PluginCatalog.load(List.of());
        Tokenizer tokenizer = catalog.create(PluginKind.TOKENIZER, "byte", Map.of(), Tokenizer.class);
        assertInstanceOf(ByteTokenizer.class, tokenizer);
        assertEquals(259, tokenizer.vocabularySize());
        assertArrayEquals(new int[] {0x68, 0xc3, 0xa9}, tokenizer.encode("hé"));
        assertEquals("hé", tokenizer.decode(new int[] {ByteTokenizer.BOS, 0x68, 0xc3, 0xa9, ByteTokenizer.EOS}));
    }
}
