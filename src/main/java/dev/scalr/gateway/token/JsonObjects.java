package dev.scalr.gateway.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A JWS header or claims set, read with Jackson's streaming parser into the values jose4j's own JSON reader
 * gives (Long, BigInteger, Double, String, Boolean, null, List, LinkedHashMap), so jose4j's claim validators work
 * on it unchanged. Why not jose4j's reader: it allocates a 16 K-char lexer buffer per parse, which is half of a
 * first-seen token's JSON cost and most of its allocation. Same strictness: one root object, no duplicate member
 * names, nothing after it, and invalid UTF-8 (in names too) is refused rather than replaced.
 */
final class JsonObjects {

    /** Far more than any header or claims set nests; a deeper document is refused, not recursed into. */
    private static final int MAX_DEPTH = 32;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonObjects() {
    }

    /** The object in these UTF-8 bytes; throws IllegalArgumentException for anything else. */
    static Map<String, Object> parse(byte[] utf8) {
        Map<String, Object> object = new LinkedHashMap<>();
        parse(utf8, object::put);
        return object;
    }

    /** Hands each member of the root object to the sink (straight into jose4j's JwtClaims, without a map between). */
    static void parse(byte[] utf8, BiConsumer<String, Object> members) {
        // Jackson checks UTF-8 in values but not in member names: anything beyond ASCII is decoded strictly first
        try (JsonParser parser = ascii(utf8) ? JSON.createParser(utf8) : JSON.createParser(strictUtf8(utf8))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            members(parser, members);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the JSON object");
            }
        } catch (IOException e) { // Jackson's parse errors (JsonProcessingException) included
            throw new IllegalArgumentException("not JSON: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Whether every byte is ASCII. A NUL byte is refused: never valid in UTF-8 JSON, and Jackson, given bytes,
     * takes NULs among the first four as UTF-16 or UTF-32 and would read {@code {\0}\0} as an object.
     */
    private static boolean ascii(byte[] bytes) {
        int all = 0;
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("a NUL byte: not UTF-8 JSON");
            }
            all |= b;
        }
        return all >= 0;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8");
        }
    }

    private static void members(JsonParser parser, BiConsumer<String, Object> members) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            members.accept(name, value(parser, parser.nextToken()));
        }
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        members(parser, object::put);
        return object;
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IllegalArgumentException("the JSON ends inside a value");
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        };
    }

    private static List<Object> array(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }
}
