package dev.scalr.gateway.page;

import dev.scalr.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The template, CSS and logo every page is rendered from: the built-in set (resources/pages/), or an operator's
 * replacements (gateway.pages.*). Read once at startup; {@link #problems} names each bad setting so the start
 * fails with all of them at once. The CSS goes inline (the CSP admits exactly its hash), the logo as a data: URI,
 * so a page needs nothing from anywhere.
 */
public final class PageSet {

    static final String TEMPLATE = "page.html";
    static final Set<String> NAMES = Set.of("lang", "title", "status", "message", "app", "user", "sign_out",
            "account_url", "sign_in_url", "home_url", "logo", "style");
    private static final long MAX_LOGO_BYTES = 100 * 1024;
    private static final long MAX_TEXT_BYTES = 64 * 1024;
    private static final Map<String, String> IMAGE_TYPES = Map.of("svg", "image/svg+xml", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "ico", "image/x-icon");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    final Template template;
    final String css;
    final String cssHash;
    final String logo;
    final String lang;

    private PageSet(Template template, String css, String logo, String lang) {
        this.template = template;
        this.css = css;
        this.cssHash = "sha256-" + Base64.getEncoder().encodeToString(sha256(css));
        this.logo = logo;
        this.lang = lang;
    }

    /** Every problem of the page settings, each naming its property; empty when the set loads. */
    public static List<String> problems(GatewayConfig.Pages config) {
        List<String> problems = new ArrayList<>();
        read(config, problems);
        return problems;
    }

    /** The set to render with; bad settings were refused at startup ({@link #problems}). */
    static PageSet load(GatewayConfig.Pages config) {
        List<String> problems = new ArrayList<>();
        PageSet set = read(config, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return set;
    }

    private static PageSet read(GatewayConfig.Pages config, List<String> problems) {
        String source = builtIn(TEMPLATE);
        String css = builtIn("style.css");
        if (config.templatesDir().isPresent()) {
            String property = "gateway.pages.templates-dir (GATEWAY_PAGES_TEMPLATES_DIR): '" + config.templatesDir().get() + "'";
            Path dir = Path.of(config.templatesDir().get());
            if (!Files.isDirectory(dir)) {
                problems.add(property + " is not a directory");
            } else {
                Path page = dir.resolve(TEMPLATE);
                if (Files.isReadable(page)) {
                    source = text(page, property + " " + TEMPLATE, problems);
                } else {
                    problems.add(property + " holds no readable " + TEMPLATE + " (copy the built-in one, docs/operations.md)");
                }
                Path style = dir.resolve("style.css");
                if (Files.isReadable(style)) {
                    css = text(style, property + " style.css", problems);
                }
            }
        }
        if (config.css().isPresent()) {
            css = text(Path.of(config.css().get()), "gateway.pages.css (GATEWAY_PAGES_CSS): '" + config.css().get() + "'", problems);
        }
        if (css != null && css.contains("<")) {
            problems.add("gateway.pages.css (GATEWAY_PAGES_CSS) or the templates directory's style.css: the CSS holds '<';"
                    + " it goes inside <style>, so it may not");
        }
        String logo = config.logo().map(file -> logo(file, problems)).orElse("");
        if (!LANG.matcher(config.lang()).matches()) {
            problems.add("gateway.pages.lang (GATEWAY_PAGES_LANG): '" + config.lang() + "' is not a language tag, e.g. en or de-CH");
        }
        Template template = null;
        if (source != null) {
            try {
                template = Template.parse(source, NAMES, "style");
            } catch (IllegalArgumentException e) {
                problems.add("gateway.pages.templates-dir (GATEWAY_PAGES_TEMPLATES_DIR): " + TEMPLATE + " " + e.getMessage());
            }
        }
        return problems.isEmpty() ? new PageSet(template, css, logo, config.lang()) : null;
    }

    private static String logo(String file, List<String> problems) {
        String property = "gateway.pages.logo (GATEWAY_PAGES_LOGO): '" + file + "'";
        int dot = file.lastIndexOf('.');
        String type = dot < 0 ? null : IMAGE_TYPES.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            problems.add(property + " is not an image this gateway inlines; use one of " + IMAGE_TYPES.keySet().stream().sorted().toList());
            return "";
        }
        Path path = Path.of(file);
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_LOGO_BYTES) {
                problems.add(property + " must be a readable file of at most " + MAX_LOGO_BYTES / 1024 + " KB");
                return "";
            }
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(path));
        } catch (IOException e) {
            problems.add(property + " cannot be read: " + e.getClass().getSimpleName());
            return "";
        }
    }

    private static String text(Path path, String property, List<String> problems) {
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_TEXT_BYTES) {
                problems.add(property + " must be a readable file of at most " + MAX_TEXT_BYTES / 1024 + " KB");
                return null;
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            problems.add(property + " cannot be read as UTF-8 text: " + e.getClass().getSimpleName());
            return null;
        }
    }

    private static String builtIn(String name) {
        try (InputStream in = PageSet.class.getResourceAsStream("/pages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("built-in page resource " + name + " is missing", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
