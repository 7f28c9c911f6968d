package dev.scalr.gateway.access;

/** One entry of a rule's paths: a glob ({@link PathGlob}) or, written with a leading '~', a regular expression. */
sealed interface PathPattern permits PathGlob, PathRegex {

    /** @throws IllegalArgumentException with a sentence fit for a configuration problem */
    static PathPattern compile(String entry) {
        String pattern = entry.strip();
        return pattern.startsWith("~") ? PathRegex.compile(pattern.substring(1)) : PathGlob.compile(pattern);
    }

    /** True when the whole (normalised, plain) path matches. */
    boolean matches(String path);

    /** What every matching path starts with ("" when nothing is known). */
    String literalPrefix();

    /** True when the pattern is known to match every path (a later rule can then never be reached). */
    boolean matchesEverything();

    /** As configured. */
    String source();
}
