package dev.scalr.gateway.page;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A page template, deliberately tiny so an operator's copy cannot run code: {@code {{name}}} inserts the value
 * HTML-escaped, {@code {{#name}}...{{/name}}} keeps its content only when the value is not empty, and
 * {@code {{^name}}...{{/name}}} only when it is. Names are checked when the template is read, so a typo in an
 * operator's template stops the start instead of showing an empty page. One name may be declared raw (the CSS
 * inside {@code <style>}, where HTML escaping would break quotes); its value is checked where it is loaded.
 */
final class Template {

    private sealed interface Node {
    }

    private record Text(String text) implements Node {
    }

    private record Value(String name) implements Node {
    }

    private record Section(String name, boolean inverted, List<Node> body) implements Node {
    }

    private final List<Node> nodes;
    private final String raw;

    private Template(List<Node> nodes, String raw) {
        this.nodes = nodes;
        this.raw = raw;
    }

    /**
     * @param names the names a template may use
     * @param raw   the one name inserted unescaped
     * @throws IllegalArgumentException naming the line and what is wrong
     */
    static Template parse(String source, Set<String> names, String raw) {
        List<List<Node>> stack = new ArrayList<>();
        List<String> open = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            int start = source.indexOf("{{", at);
            if (start < 0) {
                current.add(new Text(source.substring(at)));
                break;
            }
            if (start > at) {
                current.add(new Text(source.substring(at, start)));
            }
            int end = source.indexOf("}}", start + 2);
            if (end < 0) {
                throw problem(source, start, "'{{' is never closed by '}}'");
            }
            String tag = source.substring(start + 2, end).strip();
            char kind = tag.isEmpty() ? ' ' : tag.charAt(0);
            String name = kind == '#' || kind == '^' || kind == '/' ? tag.substring(1).strip() : tag;
            if (!names.contains(name)) {
                throw problem(source, start, "unknown name '{{" + tag + "}}'; known: " + names.stream().sorted().toList());
            }
            if (kind == '#' || kind == '^') {
                stack.add(current);
                open.add(kind + name);
                current = new ArrayList<>();
            } else if (kind == '/') {
                if (open.isEmpty() || !open.get(open.size() - 1).substring(1).equals(name)) {
                    throw problem(source, start, "'{{/" + name + "}}' closes no open section");
                }
                String opened = open.remove(open.size() - 1);
                List<Node> body = current;
                current = stack.remove(stack.size() - 1);
                current.add(new Section(name, opened.charAt(0) == '^', List.copyOf(body)));
            } else {
                current.add(new Value(name));
            }
            at = end + 2;
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("section '{{" + open.get(open.size() - 1) + "}}' is never closed");
        }
        return new Template(List.copyOf(current), raw);
    }

    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(2048);
        render(nodes, values, out);
        return out.toString();
    }

    private void render(List<Node> list, Map<String, String> values, StringBuilder out) {
        for (Node node : list) {
            if (node instanceof Text text) {
                out.append(text.text());
            } else if (node instanceof Value value) {
                String v = values.getOrDefault(value.name(), "");
                out.append(value.name().equals(raw) ? v : Html.escape(v));
            } else if (node instanceof Section section) {
                boolean present = !values.getOrDefault(section.name(), "").isEmpty();
                if (present != section.inverted()) {
                    render(section.body(), values, out);
                }
            }
        }
    }

    private static IllegalArgumentException problem(String source, int offset, String what) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException("line " + line + ": " + what);
    }
}
