package dev.scalr.gateway.e2e;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a person's browser meets: Caddy serving TLS ({@code tls internal}) for {@code *.example.test}, with the
 * packaged gateway as its forward_auth target, the Authentik stand-in at https://auth.example.test (signing in the
 * configured user at once), and {@link BrowserApp} as every app. Chromium resolves every test host to Caddy's port
 * on loopback (--host-resolver-rules), so URLs carry no port, as in production.
 * Apps: whoami (public path /public/), notes (a second app), vault (allowed-groups wheel, which the user is not in).
 */
final class BrowserStack implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final SigningKey key = SigningKey.rsa();
    private final FakeAuthentik authentik = new FakeAuthentik();
    private SwitchableBackChannel backChannel;
    private BrowserApp app;
    private PackagedGateway gateway;
    private Process caddy;
    private Path dir;
    private int httpsPort;

    static BrowserStack start() throws Exception {
        Path caddyBinary = ProxyBinary.require("caddy");
        ProxyBinary.require(CHROMIUM.getFileName().toString());
        ProxyBinary.require(CHROMEDRIVER.getFileName().toString());
        BrowserStack stack = new BrowserStack();
        try {
            stack.boot(caddyBinary);
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void boot(Path caddyBinary) throws Exception {
        for (String slug : new String[] {"whoami", "notes", "vault"}) {
            authentik.publish(slug, SigningKey.jwks(key));
            authentik.signIn().client(slug, slug + "-client", slug + "-secret", key);
        }
        authentik.signIn().user("alice", "staff");
        authentik.start();
        backChannel = new SwitchableBackChannel(authentik.port());
        app = new BrowserApp();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHENTIK_HOST", Tokens.PUBLIC_AUTHENTIK);
        env.put("AUTHENTIK_INTERNAL_HOST", backChannel.url());
        env.put("SCALR_PUBLIC_DOMAIN", "example.test");
        env.put("GATEWAY_SESSION_KEYS", FakeAuthentikResource.randomKey());
        env.put("GATEWAY_SESSION_REFRESH", "true");
        for (String slug : new String[] {"WHOAMI", "NOTES", "VAULT"}) {
            env.put("GATEWAY_APPS_" + slug + "_CLIENT_ID", slug.toLowerCase() + "-client");
            env.put("GATEWAY_APPS_" + slug + "_CLIENT_SECRET", slug.toLowerCase() + "-secret");
        }
        env.put("GATEWAY_APPS_WHOAMI_PUBLIC_PATHS", "/public/");
        env.put("GATEWAY_APPS_VAULT_ALLOWED_GROUPS", "wheel");
        gateway = PackagedGateway.start(env);
        dir = Files.createTempDirectory("browser-caddy-");
        httpsPort = PackagedGateway.freePort();
        String caddyfile = """
                {
                \tadmin off
                \tlocal_certs
                \tskip_install_trust
                \thttp_port %1$d
                \thttps_port %2$d
                }
                https://whoami.example.test:%2$d, https://notes.example.test:%2$d, https://vault.example.test:%2$d, https://nothing.example.test:%2$d {
                \ttls internal
                \tforward_auth 127.0.0.1:%3$d {
                \t\turi /auth
                \t\tcopy_headers X-authentik-username
                \t}
                \treverse_proxy 127.0.0.1:%4$d
                }
                https://auth.example.test:%2$d {
                \ttls internal
                \treverse_proxy 127.0.0.1:%5$d
                }
                https://portal.example.org:%2$d {
                \ttls internal
                \treverse_proxy 127.0.0.1:%4$d
                }
                """.formatted(PackagedGateway.freePort(), httpsPort, gateway.listenerPort(), app.port(), authentik.port());
        Path config = Files.writeString(dir.resolve("Caddyfile"), caddyfile);
        ProcessBuilder builder = new ProcessBuilder(caddyBinary.toString(), "run", "--config", config.toString(),
                "--adapter", "caddyfile").redirectErrorStream(true).redirectOutput(dir.resolve("caddy.out").toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        caddy = builder.start();
        awaitListening();
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!caddy.isAlive()) {
                throw new IllegalStateException("caddy exited: " + caddyLog());
            }
            try (Socket ignored = new Socket("127.0.0.1", httpsPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("caddy not listening on " + httpsPort + ": " + caddyLog());
    }

    /** A fresh headless Chromium with an empty profile, trusting Caddy's certificates for the test hosts. */
    ChromeDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,800", "--ignore-certificate-errors",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile-"),
                "--host-resolver-rules=MAP *.example.test:443 127.0.0.1:" + httpsPort + ",MAP *.example.org:443 127.0.0.1:" + httpsPort);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    FakeAuthentik authentik() {
        return authentik;
    }

    SwitchableBackChannel backChannel() {
        return backChannel;
    }

    String caddyLog() {
        try {
            return Files.readString(dir.resolve("caddy.out"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String gatewayLog() {
        return gateway == null ? "" : gateway.logText();
    }

    @Override
    public void close() throws IOException {
        if (caddy != null) {
            caddy.destroy();
            try {
                caddy.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            caddy.destroyForcibly();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (app != null) {
            app.close();
        }
        if (backChannel != null) {
            backChannel.close();
        }
        authentik.stop();
    }
}
