package dev.scalr.gateway.token;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential: whatever bytes a header or claims set holds, {@link JsonObjects} either refuses them (an
 * IllegalArgumentException, nothing else) or reads exactly what jose4j's own reader, which it replaced, reads.
 * It may refuse more (trailing commas, leading zeros, invalid UTF-8), never accept more or read differently.
 * Without JAZZER_FUZZ this replays the stored inputs only; .ci/run fuzzes it for maxDuration.
 */
class JsonObjectsFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void readsWhatJose4jReadsOrRefuses(byte[] json) {
        Map<String, Object> ours;
        try {
            ours = JsonObjects.parse(json);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            fail("accepted invalid UTF-8");
            return;
        }
        try {
            assertEquals(JsonUtil.parseJson(text), ours);
        } catch (JoseException e) {
            fail("accepted what jose4j refuses: " + e.getMessage());
        }
    }
}
