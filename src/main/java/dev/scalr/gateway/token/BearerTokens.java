package dev.scalr.gateway.token;

import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.token.TokenCache.TokenHash;
import dev.scalr.gateway.token.Verification.Failed;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The bearer-token path of one app, cheapest step first: size (before anything is hashed), then one SHA-256 for
 * both memories: a verified token ({@link TokenCache}) is answered at once; otherwise the compact syntax
 * ({@link CompactJws}), recently refused tokens ({@link RejectedTokens}), and only then the verifier. A token naming a key not (yet) known waits for the
 * app's shared key refresh, at most once per cooldown.
 */
public final class BearerTokens {

    /** @param cached whether the answer came from the verified-token cache (the decision's reason says so) */
    public record Checked(Verification verification, boolean cached) {
    }

    private final TokenVerifier verifier;
    private final TokenCache cache;
    private final RejectedTokens rejected;

    public BearerTokens(TokenVerifier verifier, TokenCache cache, RejectedTokens rejected) {
        this.verifier = verifier;
        this.cache = cache;
        this.rejected = rejected;
    }

    public CompletionStage<Checked> check(String token) {
        if (token.length() > verifier.maxLength()) {
            return done(CompactJws.refusal(token, verifier.maxLength())); // before anything is hashed
        }
        TokenHash key = cache.keyOf(token);
        KeySet keys = verifier.keys().current();
        Verification.Verified hit = cache.get(key, keys);
        if (hit != null) {
            // the very string a full verification accepted, syntax check included: not repeated on the hot path
            return CompletableFuture.completedFuture(new Checked(hit, true));
        }
        Failed refused = CompactJws.refusal(token, verifier.maxLength());
        if (refused != null) {
            return done(refused);
        }
        if (key == null && rejected.enabled()) {
            key = TokenCache.hash(token);
        }
        Failed known = rejected.get(key, keys);
        if (known != null) {
            return done(known);
        }
        Verification first = verifier.verifyCompact(token);
        if (first instanceof Failed failed && needsKeys(failed)) {
            Optional<CompletionStage<KeySet>> refresh = verifier.keys().refreshForUnknownKid();
            if (refresh.isPresent()) {
                TokenHash hash = key;
                return refresh.get().thenApply(fresh -> remember(hash, verifier.verifyCompact(token), fresh));
            }
        }
        return CompletableFuture.completedFuture(remember(key, first, keys));
    }

    /** @param judgedWith the keys read before verifying: if they changed meanwhile, the refusal is simply not reused */
    private Checked remember(TokenHash key, Verification verification, KeySet judgedWith) {
        if (verification instanceof Verification.Verified verified) {
            cache.put(key, verified);
        } else {
            rejected.put(key, (Failed) verification, judgedWith);
        }
        return new Checked(verification, false);
    }

    private static boolean needsKeys(Failed failed) {
        return failed.failure() == TokenFailure.UNKNOWN_KEY || failed.failure() == TokenFailure.NO_KEYS;
    }

    private static CompletionStage<Checked> done(Failed failed) {
        return CompletableFuture.completedFuture(new Checked(failed, false));
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    public TokenCache cache() {
        return cache;
    }

    public RejectedTokens rejected() {
        return rejected;
    }
}
