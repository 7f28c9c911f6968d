package dev.scalr.gateway.token;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bearer path of one app: what each kind of token costs, and what is remembered about it. */
class BearerTokensTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final SigningKey NEXT = SigningKey.rsa();
    private static final App APP = TestApps.apiApp("bearer");

    private final MutableClock clock = new MutableClock();
    private final AtomicReference<String> published = new AtomicReference<>(SigningKey.jwks(KEY));
    private final AppKeys keys = new AppKeys(APP, url -> CompletableFuture.completedFuture(published.get()),
            Clock.systemUTC(), Duration.ofSeconds(30));
    private final TokenVerifier verifier = new TokenVerifier(APP, keys, 4096, Duration.ofSeconds(30), List.of("RS256"));
    private final TokenCache cache = new TokenCache(100, clock);
    private final BearerTokens bearer = new BearerTokens(verifier, cache, new RejectedTokens(100, Duration.ofSeconds(30), clock));

    BearerTokensTest() {
        clock.set(Instant.now());
        keys.refresh();
    }

    private BearerTokens.Checked check(String token) {
        return bearer.check(token).toCompletableFuture().join();
    }

    private static String forged() {
        String[] genuine = Tokens.forApp("bearer", null).sign(KEY).split("\\.");
        return genuine[0] + "." + genuine[1] + "." + Tokens.forApp("bearer", null).sign(SigningKey.rsa()).split("\\.")[2];
    }

    private static TokenFailure failure(BearerTokens.Checked checked) {
        return assertInstanceOf(Verification.Failed.class, checked.verification()).failure();
    }

    @Test
    void retriedForgedTokenCostsOneSignatureCheck() {
        String forged = forged();
        for (int i = 0; i < 5; i++) {
            assertEquals(TokenFailure.BAD_SIGNATURE, failure(check(forged)));
        }
        assertEquals(1, verifier.signatureChecks());
    }

    @Test
    void rememberedRefusalIsForgottenAfterItsLifetime() {
        String forged = forged();
        check(forged);
        clock.set(clock.instant().plusSeconds(31));
        assertEquals(TokenFailure.BAD_SIGNATURE, failure(check(forged)));
        assertEquals(2, verifier.signatureChecks());
    }

    @Test
    void rememberedRefusalIsForgottenWhenTheKeysChange() {
        String signedByNext = Tokens.forApp("bearer", null).kid(KEY.kid()).sign(NEXT);
        assertEquals(TokenFailure.BAD_SIGNATURE, failure(check(signedByNext)));
        NEXT.jwk().setKeyId(KEY.kid()); // the provider re-publishes the kid with another key
        published.set(SigningKey.jwks(NEXT));
        keys.refresh();
        assertInstanceOf(Verification.Verified.class, check(signedByNext).verification());
    }

    @Test
    void tokenNotYetValidIsCheckedAgainEachTime() {
        String early = Tokens.forApp("bearer", null).notBeforeInSeconds(600).sign(KEY);
        assertEquals(TokenFailure.NOT_YET_VALID, failure(check(early)));
        assertEquals(TokenFailure.NOT_YET_VALID, failure(check(early)));
        assertEquals(0, bearer.rejected().size(), "a token that will become valid is not remembered");
    }

    @Test
    void oversizedTokensAreRefusedBeforeAnyHashAndNonCanonicalOnesBeforeAnySignatureCheck() {
        String valid = Tokens.forApp("bearer", null).sign(KEY);
        assertEquals(TokenFailure.TOO_LARGE, failure(check("a".repeat(5000))));
        assertEquals(0, cache.misses(), "no cache lookup, so no hash");
        check(valid); // cached: a variant of it must still miss and be refused on its syntax
        assertEquals(TokenFailure.MALFORMED, failure(check(valid + "=")));
        assertEquals(TokenFailure.MALFORMED, failure(check(valid + "~")));
        assertEquals(0, bearer.rejected().size(), "syntax refusals are cheap: nothing to remember");
        assertEquals(1, verifier.signatureChecks(), "only the valid token's");
    }

    /**
     * A cache hit skips the syntax scan, so the cache key must tell every string apart: a hash over the chars'
     * low bytes would let a non-ASCII spelling of a cached token (here 'A' as U+0141) hit as that token.
     */
    @Test
    void aSpellingThatOnlyALossyByteEncodingMapsToACachedTokenMissesAndIsRefused() {
        String valid = Tokens.forApp("bearer", null).sign(KEY);
        check(valid);
        int at = valid.indexOf('.') + 3;
        String variant = valid.substring(0, at) + (char) (0x100 | valid.charAt(at)) + valid.substring(at + 1);
        BearerTokens.Checked answer = check(variant);
        assertFalse(answer.cached());
        assertEquals(TokenFailure.MALFORMED, failure(answer));
    }

    @Test
    void validTokenIsVerifiedOnceThenAnsweredFromTheCache() {
        String valid = Tokens.forApp("bearer", null).sign(KEY);
        assertFalse(check(valid).cached());
        assertTrue(check(valid).cached());
        assertEquals(1, verifier.signatureChecks());
    }
}
