package dev.gramian.tokenizers.chat;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatMessage;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JinjaChatTemplateTest {
    private static final List<ChatMessage> CHAT = List.of(new ChatMessage("system", "Be brief."),
            new ChatMessage("user", "  Hi there \n"), new ChatMessage("assistant", "<think>\nhmm\n</think>\n\nHello!"));

    private static String render(String template, List<ChatMessage> messages, boolean generationPrompt) {
        return new JinjaChatTemplate("chat_template.jinja", template, Map.of("bos_token", "<s>", "eos_token", "</s>"))
                .render(messages, generationPrompt);
    }

    private static String render(String template) {
        return render(template, CHAT, false);
    }

    @Test
    void pythonStringMethodsBehaveAsInPython() {
        assertEquals("[Hi there]", render("{{ '[' + messages[1].content.strip() + ']' }}"));
        assertEquals("[  Hi there ]", render("{{ '[' + messages[1].content.rstrip('\\n') + ']' }}"));
        assertEquals("Hello!", render("{{ messages[2].content.split('</think>')[-1].lstrip('\\n') }}"));
        assertEquals("hmm", render("{{ messages[2].content.split('</think>')[0].rstrip('\\n').split('<think>')[-1]"
                + ".lstrip('\\n') }}"));
        assertEquals("a|b c", render("{% set p = 'a b c'.split(None, 1) %}{{ p[0] }}|{{ p[1] }}"));
        assertEquals("3", render("{{ ' a  b c '.split() | length }}"));
        assertEquals("a.b", render("{{ 'a.b'.split('.') | join('.') }}"));
        assertEquals("TrueFalseTrue", render("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('b') }}"
                + "{{ 'abc'.startswith(('x', 'a')) }}").replace("true", "True").replace("false", "False"));
        assertEquals("HI hi Hi There", render("{{ 'hi'.upper() }} {{ 'HI'.lower() }} {{ 'hi there'.title() }}"));
        assertEquals("", render("{{ ''.strip('\\n') }}"));
    }

    @Test
    void trimAndLstripBlocksAndExpressionWhitespaceControlMatchJinja2() {
        String template = "{% for m in messages %}\n    {% if m.role == 'user' %}\n  [{{ m.role }}]\n    {% endif %}\n"
                + "{% endfor %}\n{%- if add_generation_prompt %}\n    {{- 'GEN' }}\n{%- endif %}";
        assertEquals("  [user]\n", render(template, CHAT, false));
        assertEquals("  [user]\nGEN", render(template, CHAT, true));
        assertEquals("xAy", render("x   {{- 'A' -}}   y"));
    }

    @Test
    void namespaceLoopsSlicesFiltersAndJsonAsTransformersProvides() {
        assertEquals("1", render("{% set ns = namespace(last=messages|length - 1, found=false) %}"
                + "{% for m in messages[::-1] %}{% if m.role == 'user' and not ns.found %}"
                + "{% set ns.last = (messages|length - 1) - loop.index0 %}{% set ns.found = true %}{% endif %}"
                + "{% endfor %}{{ ns.last }}"));
        assertEquals("F..L", render("{% for m in messages %}{% if loop.first %}F{% elif loop.last %}L"
                + "{% else %}..{% endif %}{% endfor %}"));
        assertEquals("1", render("{{ messages | selectattr('role', 'equalto', 'user') | list | length }}"));
        assertEquals("{\"role\": \"user\", \"content\": \"é\"}",
                render("{{ messages[0] | tojson }}", List.of(new ChatMessage("user", "é")), false));
        assertEquals("<s>x</s>", render("{{ bos_token }}x{{ eos_token }}"));
        assertEquals("no tools", render("{% if tools %}tools{% else %}no tools{% endif %}"));
    }

    @Test
    void aTemplateThatRaisesIsOneInputErrorNamingTheFile() {
        GramianException raised = assertThrows(GramianException.class, () -> render(
                "{% if messages[0].role != 'user' %}{{ raise_exception('Conversations must start with the user') }}"
                        + "{% endif %}"));
        assertEquals(GramianException.Category.INPUT, raised.category());
        assertEquals("chat_template.jinja: the chat template raised an exception: Conversations must start with the "
                + "user", raised.getMessage());
        GramianException broken = assertThrows(GramianException.class, () -> render("{% for m in messages %}"));
        assertTrue(broken.getMessage().startsWith("chat_template.jinja: cannot render the chat template: "),
                broken.getMessage());
    }

    @Test
    void strftimeUsesPythonCodes() {
        ZonedDateTime time = ZonedDateTime.of(2026, 7, 4, 15, 5, 9, 0, ZoneOffset.UTC);
        assertEquals("04 Jul 2026, 15:05:09 Saturday", TemplateFunctions.strftime(time, "%d %b %Y, %H:%M:%S %A"));
        assertTrue(render("{{ strftime_now('%Y') }}").matches("20\\d\\d"));
    }

    @Test
    void messagesAsMapsReachFieldsBeyondRoleAndContent() {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("role", "assistant");
        call.put("content", "");
        call.put("tool_calls", List.of(Map.of("name", "add", "arguments", Map.of("a", 1))));
        JinjaChatTemplate template = new JinjaChatTemplate("t.jinja", "{% for m in messages %}{% for c in "
                + "m.tool_calls %}{{ c.name }}{{ c.arguments | tojson }}{% endfor %}{% endfor %}", Map.of());
        assertEquals("add{\"a\": 1}", template.render(List.of(call), false, null));
    }
}
