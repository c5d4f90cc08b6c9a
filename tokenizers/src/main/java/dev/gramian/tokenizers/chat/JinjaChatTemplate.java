package dev.gramian.tokenizers.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatMessage;
import dev.gramian.api.model.ChatTemplate;
import jinjava.javax.el.CompositeELResolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face chat template rendered with Jinjava as transformers renders it with Jinja2:
 * {@code trim_blocks} and {@code lstrip_blocks} on; variables {@code messages},
 * {@code add_generation_prompt}, {@code tools} and the folder's special tokens ({@code bos_token},
 * {@code eos_token}, ...); functions {@code raise_exception} and {@code strftime_now}; Python's string
 * methods; {@code tojson} as Python writes JSON. Jinjava does not parse slices with a step, so
 * {@code [::-1]} is rewritten to {@code |reverse} before parsing.
 */
public final class JinjaChatTemplate implements ChatTemplate {
    private final String source;
    private final String template;
    private final Map<String, Object> specialTokens;
    private final Jinjava jinjava;

    /**
     * @param source        the file the template came from, named in errors
     * @param template      the template text
     * @param specialTokens the folder's special tokens by variable name ({@code bos_token}: {@code "<s>"}, ...)
     */
    public JinjaChatTemplate(String source, String template, Map<String, String> specialTokens) {
        this.source = Objects.requireNonNull(source, "source");
        this.template = translate(Objects.requireNonNull(template, "template"));
        this.specialTokens = Map.copyOf(specialTokens);
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
                .withElResolver(resolver).withFailOnUnknownTokens(false).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                TemplateFunctions.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                TemplateFunctions.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
    }

    /**
     * Rewrites the Jinja2 constructs Jinjava reads otherwise: slices with a step ({@code [::-1]}
     * becomes {@code |reverse}) and the keyword arguments of {@code namespace(...)}, whose values are
     * parenthesised because Jinjava binds {@code a=x - 1} as {@code (a=x) - 1}; and the white-space
     * control of expression tags ({@code {{-}, {@code -}}}), which Jinjava ignores, is done here by
     * removing the white space next to them.
     */
    static String translate(String template) {
        String text = EXPRESSION_TRIM_LEFT.matcher(template.replace("[::-1]", "|reverse")).replaceAll("{{");
        text = EXPRESSION_TRIM_RIGHT.matcher(text).replaceAll("}}");
        StringBuilder out = new StringBuilder(text.length() + 16);
        int from = 0;
        int at;
        while ((at = text.indexOf("namespace(", from)) >= 0) {
            int open = at + "namespace(".length();
            List<Integer> commas = new ArrayList<>();
            int close = scan(text, open, commas);
            if (close < 0) {
                break;
            }
            out.append(text, from, open);
            commas.add(close);
            int start = open;
            for (int comma : commas) {
                String part = text.substring(start, comma);
                Matcher keyword = KEYWORD.matcher(part);
                out.append(keyword.matches() ? keyword.group(1) + "=(" + keyword.group(2) + ")" : part);
                out.append(comma == close ? "" : ",");
                start = comma + 1;
            }
            from = close;
        }
        return out.append(text, from, text.length()).toString();
    }

    /**
     * Scans from {@code start} to the parenthesis closing one opened just before it, skipping quoted
     * strings and nested brackets and recording the top-level commas; -1 when there is none.
     */
    private static int scan(String text, int start, List<Integer> commas) {
        int depth = 0;
        char quote = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return c == ')' ? i : -1;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas.add(i);
            }
        }
        return -1;
    }

    private static final Pattern EXPRESSION_TRIM_LEFT = Pattern.compile("\\s*\\{\\{-");
    private static final Pattern EXPRESSION_TRIM_RIGHT = Pattern.compile("-}}\\s*");
    private static final Pattern KEYWORD =
            Pattern.compile("(\\s*[A-Za-z_][A-Za-z_0-9]*\\s*)=(?!=)(.*)", Pattern.DOTALL);

    /** The file the template came from. */
    public String source() {
        return source;
    }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> plain = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", message.role());
            map.put("content", message.content());
            plain.add(map);
        }
        return render(plain, addGenerationPrompt, null);
    }

    /**
     * Renders messages given as maps (for templates that read fields beyond role and content, such
     * as {@code tool_calls}) with optional {@code tools}.
     *
     * @throws GramianException an input error naming the template's file when the template raises
     *                          or cannot be rendered
     */
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt, List<Object> tools) {
        Map<String, Object> context = new HashMap<>(specialTokens);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("tools", tools);
        TemplateFunctions.takeRaised();
        RenderResult result;
        try {
            result = jinjava.renderForResult(template, context);
        } catch (RuntimeException e) {
            throw failure(e.getMessage());
        }
        String raised = TemplateFunctions.takeRaised();
        if (raised != null) {
            throw GramianException.input(source, 0, "the chat template raised an exception: " + raised);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw failure(error.getMessage() + (error.getLineno() > 0 ? " (template line " + error.getLineno()
                        + ")" : ""));
            }
        }
        return result.getOutput();
    }

    private GramianException failure(String problem) {
        return GramianException.input(source, 0, "cannot render the chat template: " + problem);
    }
}
