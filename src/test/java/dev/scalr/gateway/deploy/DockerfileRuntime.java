package dev.scalr.gateway.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final (runtime) stage of docker/Dockerfile as data: what the container runs, where, as whom, with
 * which environment, and which files of target/quarkus-app it copies where. Only the instruction forms
 * this project uses are understood; anything else in the runtime stage fails loudly instead of drifting.
 */
record DockerfileRuntime(String workdir, String user, Map<String, String> env, List<String> entrypoint,
        List<String> cmd, List<Integer> exposed, Map<String, String> quarkusAppCopies) {

    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String APP_DIR = "target/quarkus-app/";
    private static final String LINKED_RUNTIME = "/build/jre";

    static DockerfileRuntime read(Path dockerfile) {
        List<String> lines = logicalLines(Descriptors.read(dockerfile));
        int lastFrom = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toUpperCase().startsWith("FROM ")) {
                lastFrom = i;
            }
        }
        String workdir = "/";
        String user = "root";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        List<Integer> exposed = new ArrayList<>();
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : lines.subList(lastFrom + 1, lines.size())) {
            String[] parts = line.split("\\s+", 2);
            String instruction = parts[0].toUpperCase();
            String args = parts.length > 1 ? parts[1].trim() : "";
            switch (instruction) {
                case "WORKDIR" -> workdir = args.startsWith("/") ? args : workdir + "/" + args;
                case "USER" -> user = args;
                case "ENV" -> env.putAll(envPairs(args));
                case "ENTRYPOINT" -> entrypoint = execForm(instruction, args);
                case "CMD" -> cmd = execForm(instruction, args);
                case "EXPOSE" -> {
                    for (String port : args.split("\\s+")) {
                        exposed.add(Integer.parseInt(port.replace("/tcp", "")));
                    }
                }
                case "COPY" -> {
                    String[] tokens = args.split("\\s+");
                    String source = tokens[tokens.length - 2];
                    if (source.equals(LINKED_RUNTIME) && tokens[tokens.length - 1].equals(env.get("JAVA_HOME"))) {
                        // the image's own Java runtime (jlink): the tests run the command on the test JVM instead
                        continue;
                    }
                    int at = source.indexOf(APP_DIR);
                    if (at < 0) {
                        throw new AssertionError("runtime stage copies something outside " + APP_DIR + ": " + line);
                    }
                    copies.put(source.substring(at + APP_DIR.length()), tokens[tokens.length - 1]);
                }
                case "RUN", "LABEL", "ARG", "HEALTHCHECK", "STOPSIGNAL" -> {
                    // no effect on how the packaged app is started
                }
                default -> throw new AssertionError("DockerfileRuntime does not understand: " + line);
            }
        }
        return new DockerfileRuntime(workdir, user, env, entrypoint, cmd, exposed, copies);
    }

    /** The command the container runs: ENTRYPOINT followed by CMD. */
    List<String> command() {
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        return command;
    }

    private static List<String> execForm(String instruction, String args) {
        if (!args.startsWith("[") || !args.endsWith("]")) {
            throw new AssertionError(instruction + " must use the exec (JSON array) form, got: " + args);
        }
        List<String> out = new ArrayList<>();
        Matcher m = JSON_STRING.matcher(args);
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    private static Map<String, String> envPairs(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : args.split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new AssertionError("use ENV KEY=value, got: " + args);
            }
            out.put(pair.substring(0, eq), unquote(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'")) ? value.substring(1, value.length() - 1) : value;
    }

    /** Joins backslash continuations, drops comments and blank lines. */
    private static List<String> logicalLines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (!current.toString().isBlank()) {
                out.add(current.toString().trim());
            }
            current.setLength(0);
        }
        return out;
    }
}
