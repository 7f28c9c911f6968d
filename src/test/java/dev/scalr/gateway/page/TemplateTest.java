package dev.scalr.gateway.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {

    private static final Set<String> NAMES = Set.of("title", "user", "style");

    @Test
    void valuesAreEscapedAndSectionsFollowTheirValue() {
        Template template = Template.parse("<h1>{{title}}</h1>{{#user}}<p>{{user}}</p>{{/user}}{{^user}}<p>nobody</p>{{/user}}",
                NAMES, "style");
        assertEquals("<h1>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;</h1><p>nobody</p>",
                template.render(Map.of("title", "<b>\"x\" & 'y'")));
        assertEquals("<h1></h1><p>eve</p>", template.render(Map.of("user", "eve")));
    }

    @Test
    void onlyTheRawNameIsInsertedUnescaped() {
        Template template = Template.parse("<style>{{style}}</style>{{title}}", NAMES, "style");
        assertEquals("<style>a>b{content:\"x\"}</style>&gt;", template.render(Map.of("style", "a>b{content:\"x\"}", "title", ">")));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "<p>{{titel}}</p>|line 1: unknown name '{{titel}}'",
            "<p>\\n{{#user}}x|section '{{#user}}' is never closed",
            "{{/user}}|line 1: '{{/user}}' closes no open section",
            "{{#user}}{{#title}}{{/user}}{{/title}}|'{{/user}}' closes no open section",
            "a\\nb\\n{{title|line 3: '{{' is never closed"})
    void mistakesInATemplateAreRefusedWithTheirLine(String source, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.parse(source.replace("\\n", "\n"), NAMES, "style"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
