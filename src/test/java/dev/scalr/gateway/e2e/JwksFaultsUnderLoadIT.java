package dev.scalr.gateway.e2e;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JWKS endpoint misbehaves while the packaged gateway is under load: stopped, slow (3 s), garbage, then
 * a key switch. Valid tokens on cached keys must keep passing without a single error or a stall, made-up
 * kids and issuers must not turn into a fetch storm, and a new key must be usable within the cooldown.
 */
class JwksFaultsUnderLoadIT {

    private static final Duration COOLDOWN = Duration.ofSeconds(2);

    private final SigningKey steadyKey = SigningKey.rsa();
    private final SigningKey rotatingOld = SigningKey.rsa();
    private final SigningKey floodKey = SigningKey.rsa();
    private final SigningKey probeKey = SigningKey.rsa();
    /** When the last steady probe caused a fetch (nanoTime): the next may only come a cooldown later. */
    private long lastProbeFetch = System.nanoTime() - COOLDOWN.toNanos() * 2;

    @Test
    void validTokensKeepPassingWhileJwksIsDownSlowGarbageOrRotated() throws Exception {
        FakeAuthentik authentik = publishAll(new FakeAuthentik()).start();
        int jwksPort = authentik.port();
        Map<String, String> env = Map.of(
                "AUTHENTIK_HOST", Tokens.PUBLIC_AUTHENTIK,
                "AUTHENTIK_INTERNAL_HOST", authentik.baseUrl(),
                "SCALR_PUBLIC_DOMAIN", "example.test",
                "GATEWAY_APPS_STEADY_CLIENT_ID", "steady-client",
                "GATEWAY_APPS_STEADY_SIGN_IN", "false",
                "GATEWAY_APPS_ROTATING_SIGN_IN", "false",
                "GATEWAY_APPS_FLOOD_SIGN_IN", "false",
                "GATEWAY_APPS_ROTATING_CLIENT_ID", "rotating-client",
                "GATEWAY_APPS_FLOOD_CLIENT_ID", "flood-client",
                "GATEWAY_KEYS_UNKNOWN_KID_COOLDOWN", COOLDOWN.toSeconds() + "S");
        List<String> steadyTokens = IntStream.range(0, 200)
                .mapToObj(i -> Tokens.forApp("steady", "steady-client").username("user" + i).sign(steadyKey)).toList();
        SigningKey attacker = SigningKey.rsa();
        int floodFetches = 0;
        try (PackagedGateway gateway = PackagedGateway.start(env);
             LoadLoop steady = new LoadLoop("steady", 6,
                     i -> LoadLoop.get(gateway.authUrl() + "/steady", steadyTokens.get(i % steadyTokens.size())));
             LoadLoop flood = new LoadLoop("flood", 2, i -> LoadLoop.get(gateway.authUrl() + "/flood", floodToken(i, attacker)))) {
            long floodStart = System.nanoTime();
            int floodBefore = authentik.fetches("flood");

            phase("normal", steady, flood, 1500, gateway, authentik);

            authentik.stop();
            // long enough that the cooldown of the fetch its probe tries has passed when the slow phase begins
            phase("jwks-stopped", steady, flood, 3000, gateway, null);

            floodFetches += authentik.fetches("flood") - floodBefore;
            authentik = publishAll(new FakeAuthentik(jwksPort));
            authentik.slowMillis(3000);
            authentik.mode(FakeAuthentik.Mode.SLOW);
            authentik.start();
            phase("jwks-slow-3s", steady, flood, 3500, gateway, authentik);
            assertTrue(authentik.fetches("flood") >= 1, "the flood should have caused a (slow) fetch");

            authentik.mode(FakeAuthentik.Mode.GARBAGE);
            phase("jwks-garbage", steady, flood, 2500, gateway, authentik);

            authentik.mode(FakeAuthentik.Mode.NORMAL);
            SigningKey rotatingNew = SigningKey.rsa();
            authentik.publish("rotating", SigningKey.jwks(rotatingNew));
            Duration untilNewKeyPasses = untilPasses(gateway.authUrl() + "/rotating",
                    Tokens.forApp("rotating", "rotating-client").sign(rotatingNew));
            System.out.printf("rotation: a token signed with the new key passed %d ms after the JWKS published it%n",
                    untilNewKeyPasses.toMillis());
            assertTrue(untilNewKeyPasses.compareTo(COOLDOWN.plusSeconds(1)) < 0, "new key took " + untilNewKeyPasses);
            phase("rotated", steady, flood, 1000, gateway, authentik);

            floodFetches += authentik.fetches("flood");
            Duration floodWindow = Duration.ofNanos(System.nanoTime() - floodStart);
            long allowed = floodWindow.toMillis() / COOLDOWN.toMillis() + 1;
            System.out.printf("flood: %d JWKS fetches for app 'flood' in %d ms (at most %d allowed: one per %d s cooldown)%n",
                    floodFetches, floodWindow.toMillis(), allowed, COOLDOWN.toSeconds());
            assertTrue(floodFetches <= allowed, floodFetches + " fetches > " + allowed);
        } finally {
            authentik.stop();
        }
    }

    /**
     * Runs one phase of the timeline and checks the steady traffic survived it untouched. Unknown-kid probes
     * for the steady app make the gateway refetch its JWKS in this phase's fault mode, so the steady app's
     * cached keys really meet the fault (the flood alone may be waiting out a slow fetch). Probing starts once
     * the cooldown of the previous probe's fetch has passed, and repeats until the fake Authentik counts a
     * fetch, since a probe may still join the previous phase's slow fetch. With Authentik stopped nothing can
     * be counted: one probe is sent, and its refused fetch starts the next cooldown.
     */
    private void phase(String name, LoadLoop steady, LoadLoop flood, long millis, PackagedGateway gateway,
            FakeAuthentik authentik) throws InterruptedException {
        steady.reset();
        flood.reset();
        int fetchesBefore = authentik == null ? 0 : authentik.fetches("steady");
        HttpClient client = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        long probeFrom = lastProbeFetch + COOLDOWN.plusMillis(150).toNanos();
        long nextProbe = Math.max(System.nanoTime(), probeFrom);
        boolean fetched = false;
        while (System.nanoTime() < end) {
            if (!fetched && System.nanoTime() >= nextProbe) {
                String probe = Tokens.forApp("steady", "steady-client").kid(SigningKey.newKid()).sign(probeKey);
                client.sendAsync(LoadLoop.get(gateway.authUrl() + "/steady", probe), HttpResponse.BodyHandlers.discarding());
                nextProbe = authentik == null ? Long.MAX_VALUE : System.nanoTime() + 250_000_000L;
                if (authentik == null) {
                    lastProbeFetch = System.nanoTime();
                }
            }
            Thread.sleep(Math.min(25, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (!fetched && authentik != null && authentik.fetches("steady") > fetchesBefore) {
                fetched = true;
                lastProbeFetch = System.nanoTime();
            }
        }
        System.out.printf("%-13s %s | %s%n", name, steady.summary(), flood.summary());
        if (authentik != null) {
            assertTrue(fetched, name + ": no probe caused a JWKS fetch");
        }
        assertTrue(steady.total() > 0, name + ": no steady request completed");
        assertEquals(0, steady.unexpected(200), name + ": valid tokens on cached keys failed: " + steady.summary());
        assertTrue(steady.slowest().compareTo(Duration.ofMillis(1500)) < 0,
                name + ": a request stalled (a JWKS fetch must never block request threads): " + steady.summary());
        assertEquals(0, flood.unexpected(401), name + ": forged tokens must get 401, never 5xx: " + flood.summary());
    }

    /** Half the flood names random kids, half random issuers (with a random kid too, so both paths are hit). */
    private static String floodToken(int i, SigningKey attacker) {
        Tokens token = Tokens.forApp("flood", "flood-client").kid(SigningKey.newKid());
        if (i % 2 == 1) {
            token.issuer("https://evil-" + ThreadLocalRandom.current().nextInt() + ".example/application/o/flood/");
        }
        return token.sign(attacker);
    }

    private static Duration untilPasses(String url, String token) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long start = System.nanoTime();
        while (System.nanoTime() - start < COOLDOWN.plusSeconds(5).toNanos()) {
            if (client.send(LoadLoop.get(url, token), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(50);
        }
        return COOLDOWN.plusSeconds(5);
    }

    private FakeAuthentik publishAll(FakeAuthentik authentik) {
        authentik.publish("steady", SigningKey.jwks(steadyKey));
        authentik.publish("rotating", SigningKey.jwks(rotatingOld));
        authentik.publish("flood", SigningKey.jwks(floodKey));
        return authentik;
    }
}
