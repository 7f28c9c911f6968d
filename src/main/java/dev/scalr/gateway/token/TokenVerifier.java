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
import org.jose4j.lang.JoseException;

import java.time.Duration;
import java.util.List;
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


    private final App app;
    private final AppKeys keys;
    private final int maxLength;
    private final Set<String> algorithms;
    private final AlgorithmConstraints constraints;
    private final JwtConsumer claimsOnly;
    private final LegacyIssuers legacyIssuers;
    private final LongAdder signatureChecks = new LongAdder();
    private final SignatureProvider provider;
    private final JwsReader reader;

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
        this.reader = new JwsReader(app, keys, this.algorithms);
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
        Object read = reader.read(token);
        if (read instanceof Failed failed) {
            return failed;
        }
        JwsReader.Read jws = (JwsReader.Read) read;
        Identity identity;
        try {
            claimsOnly.processContext(new JwtContext(token, jws.claims(), List.of()));
            identity = TokenClaims.identity(jws.claims());
        } catch (InvalidJwtException e) {
            return TokenClaims.failure(e, app);
        }
        signatureChecks.increment();
        if (!signatureVerifies(jws.alg(), jws.signingInput(), jws.signature(), jws.key())) {
            return Failed.of(TokenFailure.BAD_SIGNATURE, "signature does not verify with kid " + printable(jws.kid()));
        }
        // after the signature: an accepted legacy issuer is counted in the metrics
        JwtClaims claims = jws.claims();
        Optional<Identity> admitted = legacyIssuers.admit(app, claims.getClaimValueAsString("iss"), identity);
        if (admitted.isEmpty()) {
            return Failed.of(TokenFailure.WRONG_ISSUER, "expected iss \"" + app.issuer() + "\" but got \""
                    + printable(claims.getClaimValueAsString("iss")) + "\" (legacy issuer after gateway.legacy-issuers-until)");
        }
        Object nonce = claims.getClaimValue("nonce");
        return new Verification.Verified(admitted.get(), jws.key().thumbprint(), nonce instanceof String n ? n : null);
    }

    /**
     * A JWT of this app that is not an access or ID token (a back-channel logout token): the same hardened reading
     * (strict compact syntax and base64url, strict JSON, the algorithm allow-list, no nested JWT, no crit, a key the
     * app publishes that fits the algorithm) and the signature; its claims are the caller's to check, with rules of
     * its own instead of the access-token ones. Nothing a client sends escapes as an exception.
     */
    public Checked verifyOther(String token, int maxLength) {
        Failed refused = CompactJws.refusal(token, maxLength);
        if (refused != null) {
            return new Checked(null, null, refused);
        }
        try {
            Object read = reader.read(token);
            if (read instanceof Failed failed) {
                return new Checked(null, null, failed);
            }
            JwsReader.Read jws = (JwsReader.Read) read;
            if (!signatureVerifies(jws.alg(), jws.signingInput(), jws.signature(), jws.key())) {
                return new Checked(null, null, Failed.of(TokenFailure.BAD_SIGNATURE, "signature does not verify"));
            }
            return new Checked(jws.header(), jws.claims(), null);
        } catch (RuntimeException e) {
            return new Checked(null, null, Failed.of(TokenFailure.MALFORMED, e.getClass().getSimpleName()));
        }
    }

    /** The outcome of {@link #verifyOther}: the header and the claims (not checked yet), or why the token was refused. */
    public record Checked(Map<String, Object> header, JwtClaims claims, Failed failure) {
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
