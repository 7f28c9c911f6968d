package dev.scalr.gateway.page;

import dev.scalr.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad page settings stop the start, each problem naming its property. */
class PageSetTest {

    @TempDir
    Path dir;

    static GatewayConfig.Pages pages(String templatesDir, String logo, String css, String lang) {
        return new GatewayConfig.Pages() {
            public Optional<String> templatesDir() {
                return Optional.ofNullable(templatesDir);
            }

            public Optional<String> logo() {
                return Optional.ofNullable(logo);
            }

            public Optional<String> css() {
                return Optional.ofNullable(css);
            }

            public String lang() {
                return lang;
            }
        };
    }

    @Test
    void builtInSetHasNoProblems() {
        assertEquals(List.of(), PageSet.problems(pages(null, null, null, "en")));
    }

    @Test
    void everyBadSettingIsNamedAtOnce() throws IOException {
        Files.writeString(dir.resolve("page.html"), "<html>{{nope}}</html>");
        Path logo = Files.writeString(dir.resolve("logo.exe"), "MZ");
        Path css = Files.writeString(dir.resolve("bad.css"), "body{}</style><script>alert(1)</script>");
        List<String> problems = PageSet.problems(pages(dir.toString(), logo.toString(), css.toString(), "en_US!"));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("gateway.pages.css (GATEWAY_PAGES_CSS)"), problems.toString());
        assertTrue(problems.get(1).startsWith("gateway.pages.logo (GATEWAY_PAGES_LOGO): '" + logo + "' is not an image"), problems.toString());
        assertTrue(problems.get(2).startsWith("gateway.pages.lang (GATEWAY_PAGES_LANG)"), problems.toString());
        assertTrue(problems.get(3).contains("GATEWAY_PAGES_TEMPLATES_DIR") && problems.get(3).contains("unknown name '{{nope}}'"),
                problems.toString());
    }

    @Test
    void missingDirectoryAndMissingFilesAreNamed() {
        List<String> problems = PageSet.problems(pages(dir.resolve("absent").toString(), dir.resolve("logo.png").toString(), null, "en"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("gateway.pages.templates-dir") && p.endsWith("is not a directory")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("gateway.pages.logo") && p.contains("readable file")), problems.toString());
        List<String> empty = PageSet.problems(pages(dir.toString(), null, null, "en"));
        assertTrue(empty.size() == 1 && empty.get(0).contains("holds no readable page.html"), empty.toString());
    }
}
