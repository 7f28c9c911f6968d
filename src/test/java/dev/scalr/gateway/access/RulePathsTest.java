package dev.scalr.gateway.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which paths a rule's paths entry covers: '*' stays inside one segment, '**' (a whole segment) is any number of
 * segments, none included; '~' is a regular expression over the whole path. Each row is one rule compiled as
 * configured, asked about one path: it either decides (rule 0) or leaves the request to the app's default.
 */
class RulePathsTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /admin/**            | /admin                | true
            /admin/**            | /admin/               | true
            /admin/**            | /admin/users          | true
            /admin/**            | /admin/users/7/edit   | true
            /admin/**            | /administrator        | false
            /admin/**            | /admin.php            | false
            /admin/**            | /x/admin              | false
            /admin/**            | /                     | false
            /**                  | /                     | true
            /**                  | /any/depth/at/all     | true
            /*                   | /                     | true
            /*                   | /a                    | true
            /*                   | /a/b                  | false
            /api/*/items         | /api/v1/items         | true
            /api/*/items         | /api/v1/v2/items      | false
            /api/*/items         | /api/items            | false
            /api/*/items         | /api/v1/items/        | false
            /api/v*              | /api/v                | true
            /api/v*              | /api/v2               | true
            /api/v*              | /api/v2/x             | false
            /api/v*              | /api/                 | false
            /*.css               | /app.css              | true
            /*.css               | /css/app.css          | false
            /**/*.css            | /app.css              | true
            /**/*.css            | /a/b/app.css          | true
            /**/*.css            | /a/b/app.css.map      | false
            /a*b*c               | /abc                  | true
            /a*b*c               | /aXbYc                | true
            /a*b*c               | /aabbcc               | true
            /a*b*c               | /aXc                  | false
            /a*b*c               | /abcab                | false
            /files/**/raw        | /files/raw            | true
            /files/**/raw        | /files/a/raw          | true
            /files/**/raw        | /files/a/b/raw        | true
            /files/**/raw        | /files/raw/raw        | true
            /files/**/raw        | /files/a/raw/x        | false
            /files/**/raw        | /files                | false
            /a/**/b/**/c         | /a/b/c                | true
            /a/**/b/**/c         | /a/x/b/y/z/c          | true
            /a/**/b/**/c         | /a/b/b/c              | true
            /a/**/b/**/c         | /a/b/x/c/c            | true
            /a/**/b/**/c         | /a/x/c                | false
            /a/**/b/**/c         | /a/c/b                | false
            /a/**/a              | /a                    | false
            /a/**/a              | /a/a                  | true
            /**/**               | /x/y                  | true
            /**/x/**             | /x                    | true
            /**/x/**             | /a/b/x/c              | true
            /**/x/**             | /a/b/xx/c             | false
            /docs/               | /docs/                | true
            /docs/               | /docs                 | false
            /docs                | /docs/                | false
            /docs                | /docs                 | true
            /docs/*              | /docs/                | true
            /docs/*              | /docs                 | false
            /admin/**/           | /admin/               | true
            /admin/**/           | /admin/x/             | true
            /admin/**/           | /admin/x              | false
            /v1.0/*              | /v1.0/x               | true
            /v1.0/*              | /v1x0/x               | false
            /a+b/(x)             | /a+b/(x)              | true
            /a+b/(x)             | /aab/x                | false
            '~^/api/v[0-9]+/admin(/.*)?$' | /api/v2/admin         | true
            '~^/api/v[0-9]+/admin(/.*)?$' | /api/v2/admin/users   | true
            '~^/api/v[0-9]+/admin(/.*)?$' | /api/v2/administrator | false
            '~^/api/v[0-9]+/admin(/.*)?$' | /api/vX/admin         | false
            ~/reports/[0-9]+     | /reports/12           | true
            ~/reports/[0-9]+     | /reports/12/x         | false
            ~/reports/[0-9]+     | /x/reports/12         | false
            ~(?i)/ADMIN(/.*)?    | /Admin/x              | true
            """)
    void ruleCoversExactlyItsPaths(String pattern, String path, boolean covered) {
        AccessRules rules = TestRule.compile(TestRule.policy("deny").paths(pattern));

        assertEquals(covered ? "0" : "default", rules.match("GET", path, "203.0.113.7").label());
    }

    /** Unreserved characters are decoded before matching (RFC 3986 2.3): the app reads "/%61dmin" as "/admin". */
    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /admin/**            | /%61dmin              | true
            /admin/**            | /%61%64%6D%69%6E/x    | true
            /admin/**            | /adm%69n/users        | true
            /admin/**            | /%41dmin              | false
            /~alice/**           | /%7ealice/notes       | true
            /~alice/**           | /%7Ealice/notes       | true
            /a-b_c.d/*           | /a%2Db%5Fc%2ed/x      | false
            /a-b_c.d/*           | /a%2Db%5Fc.d/x        | true
            /files/a%20b         | /files/a%20b          | true
            '~^/admin(/.*)?$'    | /%61dmin/users        | true
            """)
    void ruleCoversTheDecodedPath(String pattern, String path, boolean covered) {
        AccessRules rules = TestRule.compile(TestRule.policy("deny").paths(pattern));
        String decided = rules.match("GET", path, "203.0.113.7").label();

        // an encoded dot is never decoded: the path is unreadable, and the strictest rule (here: deny) decides
        assertEquals(covered ? "0" : Paths.isPlain(path) ? "default" : "strictest", decided);
    }
}
