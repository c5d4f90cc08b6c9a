package dev.gramian.tokenizers.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * The {@code tojson} filter as transformers defines it for chat templates: Python's
 * {@code json.dumps(value, ensure_ascii=False)}, whose separators are {@code ", "} and {@code ": "}
 * (Jinjava's own writes compact JSON); {@code tojson(indent=N)} indents.
 */
final class PythonJsonFilter implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        int indent = -1;
        if (args.length > 0 && args[0] != null) {
            String argument = args[0].startsWith("indent=") ? args[0].substring(7) : args[0];
            try {
                indent = Integer.parseInt(argument.strip());
            } catch (NumberFormatException e) {
                indent = -1;
            }
        }
        try {
            return writer(indent).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tojson cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static ObjectWriter writer(int indent) {
        Separators python = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEntrySpacing(indent < 0 ? Separators.Spacing.AFTER : Separators.Spacing.NONE)
                .withArrayValueSpacing(indent < 0 ? Separators.Spacing.AFTER : Separators.Spacing.NONE)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(python);
        if (indent < 0) {
            printer.indentObjectsWith(DefaultPrettyPrinter.NopIndenter.instance);
            printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
        } else {
            DefaultIndenter indenter = new DefaultIndenter(" ".repeat(indent), "\n");
            printer.indentObjectsWith(indenter);
            printer.indentArraysWith(indenter);
        }
        return JSON.writer(printer);
    }
}
