package dev.scalr.gateway.signin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The callback's query: only the wanted names, malformed escapes dropped without an exception, bounded length. */
class QueryTest {

    @ParameterizedTest(name = "{0} -> state [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "/cb?state=abc|abc",
            "/cb?state=a%20b+c|a b c",
            "/cb?code=1&state=x&state=y|x",
            "/cb?state=%ZZ&state=ok|ok",
            "/cb?%ZZ=%ZZ&x=%E0%A4%A&&=&state=ok|ok",
            "/cb?st%61te=encoded-name|encoded-name",
            "/cb?state|''",
            "/cb?state=%|NULL",
            "/cb?state=%4|NULL",
            "/cb?state=%E0%A4%A|NULL",
            "/cb?state=%FF|NULL",
            "/cb?error=%C3%A9&state=%C3%A9|é",
            "/cb|NULL",
            "/cb?|NULL"})
    void readsTheWantedNameAndDropsMalformedValues(String uri, String state) {
        assertEquals(state, Query.of(uri, "state", "code", "error").get("state"));
    }

    @Test
    void namesNotAskedForAreNeverRead() {
        Query query = Query.of("/cb?other=1&state=s", "state");
        assertNull(query.get("other"));
        assertEquals("s", query.get("state"));
    }

    @Test
    void malformedEscapesDecodeToNullInsteadOfThrowing() {
        for (String text : new String[] {"%", "%Z", "%ZZ", "a%2", "%E0%A4%A", "%C3", "%FF%FE", "%%%"}) {
            assertNull(Query.decode(text), text);
        }
        assertEquals("a/b c+", Query.decode("a%2Fb+c%2B"));
    }

    @Test
    void queryOverTheLimitIsTooLongAndNotRead() {
        String limit = "/cb?state=" + "a".repeat(Query.MAX_QUERY_LENGTH - "state=".length());
        assertFalse(Query.of(limit, "state").tooLong());
        Query over = Query.of(limit + "a", "state");
        assertTrue(over.tooLong());
        assertNull(over.get("state"));
    }
}
