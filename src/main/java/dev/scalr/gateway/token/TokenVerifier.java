package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.text.LogText;
import dev.scalr.gateway.token.Verification.Failed;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jwx.HeaderParameterNames;
import org.jose4j.lang.JoseException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies the tokens of one app with jose4j (the library under smallrye-jwt): strict compact syntax
 * ({@link CompactJws}), a fixed algorithm allow-list, a key the app publishes, exact public issuer, audience,
 * exp/nbf/iat with clock skew, then the signature with the app's cached keys. Built once per app; thread-safe.
 */
public final class TokenVerifier {

    private static final int TEN_YEARS = 315_360_000;

    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    /** Content types of a nested JWT (RFC 7519 §5.2): not accepted. */
    private static final Set<String> NESTED = Set.of("jwt", "application/jwt");


    private final App app;
    private final AppKeys keys;
    private final int maxLength;
    private final Set<String> algorithms;
    private final AlgorithmConstraints constraints;
    private final JwtConsumer claimsOnly;
    private final LegacyIssuers legacyIssuers;
    private final LongAdder signatureChecks = new LongAdder();
    private final SignatureProvider provider;

    public TokenVerifier(App app, AppKeys keys, int maxLength, Duration clockSkew, List<String> algorithms) {
        this(app, keys, maxLength, clockSkew, algorithms, LegacyIssuers.none());
    }

    /** @param legacyIssuers the issuer migration window (see {@link LegacyIssuers}) */
    public TokenVerifier(App app, AppKeys keys, int maxLength, Duration clockSkew, List<String> algorithms,
            LegacyIssuers legacyIssuers) {
        this(app, keys, maxLength, clockSkew, algorithms, legacyIssuers, SignatureProvider.jdk("jdk"));
    }

    /** @param provider who checks the signature (the native provider, or the JDK's) */
    public TokenVerifier(App app, AppKeys keys, int maxLength, Duration clockSkew, List<String> algorithms,
            LegacyIssuers legacyIssuers, SignatureProvider provider) {
        this.provider = provider;
        this.legacyIssuers = legacyIssuers;
        this.app = app;
        this.keys = keys;
        this.maxLength = maxLength;
        this.algorithms = Set.copyOf(algorithms);
        this.constraints = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new));
        int skew = (int) clockSkew.toSeconds();
        // Claims only: the signature is checked afterwards, by the JWS algorithm's boolean (no exception, no
        // resolver); every acceptance requires it, so jose4j's own "a signature is required" check is not needed.
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setSkipSignatureVerification()
                .setDisableRequireSignature()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(skew)
                .setIssuedAtRestrictions(skew, TEN_YEARS)
                .setExpectedIssuers(true, legacyIssuers.acceptedIssuers(app))
                .setJwsAlgorithmConstraints(constraints);
        if (app.clientId().isPresent()) {
            builder.setExpectedAudience(true, app.clientId().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        this.claimsOnly = builder.build();
    }

    /**
     * Cheapest first: size and compact syntax, parse, alg, known key, the claims (exp, nbf, iat, iss, aud), and
     * only then the signature, which every acceptance still requires. A bad signature is a boolean, not an
     * exception; nothing a client sends escapes as an exception.
     */
    public Verification verify(String token) {
        Failed refused = CompactJws.refusal(token, maxLength);
        return refused != null ? refused : verifyCompact(token);
    }

    /** For a token {@link CompactJws} has already accepted ({@link BearerTokens} checks before hashing). */
    Verification verifyCompact(String token) {
        try {
            return verifyWellFormed(token);
        } catch (RuntimeException e) {
            // jose4j reads some header values with a cast; a wrong JSON type must stay a 401, never a 5xx
            return Failed.of(TokenFailure.MALFORMED, e.getClass().getSimpleName());
        }
    }

    private Verification verifyWellFormed(String token) {
        // CompactJws has checked three canonical base64url parts: the JDK decodes them (jose4j's own decoder costs a
        // fifth of a first-seen token's CPU) and Jackson reads the JSON (JsonObjects); jose4j validates the claims
        // and checks the signature.
        int firstDot = token.indexOf('.');
        int lastDot = token.lastIndexOf('.');
        // one copy of the token's bytes (base64url and dots: ISO-8859-1 is exact) for the three parts and the
        // signing input, instead of a substring and its bytes for each
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Object> header;
        JwtClaims claims;
        byte[] signature;
        try {
            header = JsonObjects.parse(decoded(ascii, 0, firstDot));
            claims = new JwtClaims();
            JsonObjects.parse(decoded(ascii, firstDot + 1, lastDot), claims::setClaim);
            signature = decoded(ascii, lastDot + 1, ascii.length);
        } catch (IllegalArgumentException e) {
            return Failed.of(TokenFailure.MALFORMED, "not base64url JSON objects");
        }
        Object contentType = header.get(HeaderParameterNames.CONTENT_TYPE);
        if (contentType != null && (!(contentType instanceof String type) || NESTED.contains(type.toLowerCase(Locale.ROOT)))) {
            return Failed.of(TokenFailure.MALFORMED, "nested or not a JWS");
        }
        Object alg = header.get(HeaderParameterNames.ALGORITHM);
        if (!(alg instanceof String) || !algorithms.contains(alg)) {
            return Failed.of(alg == null || alg instanceof String ? TokenFailure.ALGORITHM : TokenFailure.MALFORMED,
                    "alg " + printable(alg) + " not in " + algorithms);
        }
        Object kidValue = header.get(HeaderParameterNames.KEY_ID);
        if (kidValue != null && !(kidValue instanceof String)) {
            return Failed.of(TokenFailure.MALFORMED, "kid is not a string");
        }
        if (header.get(HeaderParameterNames.CRITICAL) != null) {
            return Failed.of(TokenFailure.MALFORMED, "critical header parameters (crit) are not supported");
        }
        String kid = (String) kidValue;
        KeySet current = keys.current();
        if (current.isEmpty()) {
            return new Failed(TokenFailure.NO_KEYS, "no keys cached for " + app.jwksUrl(), Optional.ofNullable(kid));
        }
        KeySet.VerificationKey key = current.find(kid);
        if (key == null) {
            return new Failed(TokenFailure.UNKNOWN_KEY, "kid " + printable(kid) + " not in JWKS " + app.jwksUrl(),
                    Optional.ofNullable(kid));
        }
        if (!KeyTypes.fits((String) alg, key.key())) {
            // no signature could ever verify: refused before the claims and without paying for the check
            return Failed.of(TokenFailure.ALGORITHM, "alg " + alg + " does not fit the " + KeyTypes.describe(key.key())
                    + " key kid " + printable(kid));
        }
        Identity identity;
        try {
            claimsOnly.processContext(new JwtContext(token, claims, List.of()));
            identity = TokenClaims.identity(claims);
        } catch (InvalidJwtException e) {
            return TokenClaims.failure(e, app);
        }
        signatureChecks.increment();
        if (!signatureVerifies((String) alg, Arrays.copyOf(ascii, lastDot), signature, key)) {
            return Failed.of(TokenFailure.BAD_SIGNATURE, "signature does not verify with kid " + printable(kid));
        }
        // after the signature: an accepted legacy issuer is counted in the metrics
        Optional<Identity> admitted = legacyIssuers.admit(app, claims.getClaimValueAsString("iss"), identity);
        if (admitted.isEmpty()) {
            return Failed.of(TokenFailure.WRONG_ISSUER, "expected iss \"" + app.issuer() + "\" but got \""
                    + printable(claims.getClaimValueAsString("iss")) + "\" (legacy issuer after gateway.legacy-issuers-until)");
        }
        Object nonce = claims.getClaimValue("nonce");
        return new Verification.Verified(admitted.get(), key.thumbprint(), nonce instanceof String n ? n : null);
    }

    /** jose4j's JWS algorithm (what JsonWebSignature.verifySignature calls), on the chosen provider. */
    private boolean signatureVerifies(String alg, byte[] signingInput, byte[] signature, KeySet.VerificationKey key) {
        try {
            JsonWebSignatureAlgorithm algorithm = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(alg);
            algorithm.validateVerificationKey(key.key()); // e.g. RSA under 2048 bits is refused
            return algorithm.verifySignature(signature, key.key(), signingInput, provider.joseContext());
        } catch (JoseException e) {
            return false;
        }
    }

    private static byte[] decoded(byte[] ascii, int from, int to) {
        ByteBuffer out = URL_DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
        byte[] array = out.array();
        // the JDK sizes the array exactly for unpadded input; copied only if that ever changes
        return out.arrayOffset() == 0 && out.position() == 0 && out.remaining() == array.length ? array
                : Arrays.copyOfRange(array, out.arrayOffset() + out.position(), out.arrayOffset() + out.limit());
    }

    /** Claim values go to the log: a claim can be as long as the token. */
    static String printable(Object value) {
        return LogText.printable(value, 200);
    }

    /** Signatures checked so far (metrics; also how tests see that a refusal cost none). */
    public long signatureChecks() {
        return signatureChecks.sum();
    }

    public int maxLength() {
        return maxLength;
    }

    public App app() {
        return app;
    }

    public AppKeys keys() {
        return keys;
    }
}
