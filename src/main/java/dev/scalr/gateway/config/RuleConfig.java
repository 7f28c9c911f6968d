package dev.scalr.gateway.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One access rule of an app (gateway.apps.&lt;key&gt;.rules[N].*, GATEWAY_APPS_&lt;KEY&gt;_RULES_&lt;N&gt;__*): the
 * first rule that matches a request decides it; none matching, the app's allowed-groups and public-paths do.
 */
public interface RuleConfig {

    /** Globs ('*' inside a segment, '**' any segments) or, with a leading '~', RE2 regular expressions; none: every path. */
    Optional<List<String>> paths();

    /** HTTP methods; none: every method. */
    Optional<List<String>> methods();

    /** CIDRs the client address (as the gateway derives it) must fall in; none: every address. */
    Optional<List<String>> networks();

    /** public, authenticated, groups or deny. */
    Optional<String> policy();

    /** With policy groups: the user must be in one of these. */
    Optional<List<String>> groups();

    /** The sign-in must show a second factor (amr). */
    @WithDefault("false")
    boolean mfa();

    /** The sign-in (auth_time) must be at most this old. */
    Optional<Duration> maxAge();
}
