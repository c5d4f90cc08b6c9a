package dev.gramian.tokenizers.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chat template renders in a fresh JVM whose module path holds every jar, as the launcher's does,
 * and which resolves only what {@code dev.gramian.tokenizers} requires: Jinjava is an automatic module,
 * so a named module it uses (commons-lang3, SLF4J) is resolved only because the tokenizers require it.
 */
class ModulePathRenderTest {

    @Test
    void aTemplateRendersWithOnlyTheModulesTheTokenizersRequire(@TempDir Path temp) throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        assertTrue(modulePath != null && modulePath.contains("jinjava"), "tests run on the module path: " + modulePath);
        Path program = Files.writeString(temp.resolve("Render.java"), """
                import dev.gramian.api.chat.ChatMessage;
                import dev.gramian.tokenizers.chat.JinjaChatTemplate;
                import java.util.List;
                import java.util.Map;

                public class Render {
                    public static void main(String[] args) {
                        String template = "{%- set ns = namespace(n=0) %}{% for m in messages %}"
                                + "{{- m.content.strip().upper() }}{{ m | tojson }}{% endfor %}";
                        System.out.println(new JinjaChatTemplate("t.jinja", template, Map.of())
                                .render(List.of(new ChatMessage("user", " hi ")), true));
                    }
                }
                """);
        // Surefire puts the jars no module requires on the class path; the launcher has every jar on
        // one module path, so do the same with the jars (not the test classes).
        String jars = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).collect(java.util.stream.Collectors.joining(File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "--module-path",
                modulePath + File.pathSeparator + jars,
                "--add-modules", "dev.gramian.tokenizers", program.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the program did not finish");
        assertEquals(0, process.exitValue(), out);
        assertEquals("HI{\"role\": \"user\", \"content\": \" hi \"}", out.strip());
    }
}
