#!/usr/bin/env bash
# Container end-to-end test: the image from docker/Dockerfile, started as docker/compose.yml starts it, on a
# scalr-edge network with an Authentik stand-in and Caddy in Traefik's place. One PASS/FAIL line per check;
# exits non-zero on any failure. Run by .ci/run after ./mvnw verify (it needs target/test-classes and a
# filled ~/.m2). Locally it skips when podman is missing or cannot run; with CI=true it fails instead.
#
# CI stand-ins (no registry here): the base images of .ci/images.sh (Debian bookworm made with mmdebstrap, not Temurin 21
# and debian:bookworm-slim); Caddy stands in for Traefik; the Authentik stand-in is dev/authentik (AuthentikStandIn).
# Container names are the platform's (scalr-auth-server, scalr-auth-gateway): one run per machine at a time.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STARTED=$(date +%s)

# BUILD_BASE, RUNTIME_BASE, make_base_images, build_image (shared with bench/soak.sh)
source .ci/images.sh
MAX_IMAGE_MB=${E2E_MAX_IMAGE_MB:-200}
IMAGE=localhost/scalr/auth-gateway:e2e
PROXY_PORT=${E2E_PROXY_PORT:-18480}
FAILURES=0

skip_or_fail() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL container e2e cannot run in CI: $1"
        exit 1
    fi
    echo "SKIP container e2e: $1 (CI=true turns this into a failure; .ci/run installs and configures podman)"
    exit 0
}
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); }
# check <description> <command...>: PASS when the command succeeds.
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
elapsed() { echo $(($(date +%s) - STARTED)); }

command -v podman >/dev/null || skip_or_fail "podman is not installed"
podman info >/dev/null 2>&1 || skip_or_fail "podman is installed but cannot run containers: $(podman info 2>&1 | tail -1)"
command -v mmdebstrap >/dev/null || skip_or_fail "mmdebstrap is not installed (needed for the base images)"
[ -d target/test-classes/dev/scalr/gateway/deploy ] || skip_or_fail "target/test-classes missing: run ./mvnw verify (or test-compile) first"

WORK=$(mktemp -d)
cleanup() {
    podman rm -f -t 0 scalr-e2e-proxy scalr-auth-gateway scalr-auth-server >/dev/null 2>&1
    [ -n "${CREATED_NETWORK:-}" ] && podman network rm scalr-edge >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- base images: no registry, so Debian rootfs tarballs imported as images (kept between local runs) ---
make_base_images "$WORK"
podman image exists "$BUILD_BASE" && podman image exists "$RUNTIME_BASE" \
    || skip_or_fail "the base images could not be made with mmdebstrap (needs root and a Debian mirror)"
pass "base images $BUILD_BASE and $RUNTIME_BASE exist"
# `podman info` works even where no container can start (crun on hybrid cgroups, ulimits): try one.
RUN_ERROR=$(podman run --rm --network none "$RUNTIME_BASE" /bin/true 2>&1) \
    || skip_or_fail "podman cannot start a container (see /etc/containers/containers.conf in .ci/run): $RUN_ERROR"

# --- 1. the image builds from the .dockerignore-filtered context with no network at all ---
BUILD_START=$(date +%s)
if build_image "$IMAGE" "$WORK/build.log"; then
    pass "image builds offline (--network none, MAVEN_ARGS=-o) in $(($(date +%s) - BUILD_START)) s"
else
    tail -40 "$WORK/build.log"
    fail "image builds offline (--network none, MAVEN_ARGS=-o); if Maven misses an artifact, run ./mvnw verify on the host first"
    exit 1
fi
IMAGE_MB=$(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f", $1/1e6}')
BASE_MB=$(podman image inspect --format '{{.Size}}' "$RUNTIME_BASE" | awk '{printf "%.0f", $1/1e6}')
# What users build is the same layers on debian:bookworm-slim (74.8 MB uncompressed for bookworm, no registry here to
# measure it): both sizes must stay within the limit.
SLIM_MB=75
check "image size ${IMAGE_MB} MB (runtime base ${BASE_MB} MB + $((IMAGE_MB - BASE_MB)) MB of linked Java runtime and app; on debian:bookworm-slim $((IMAGE_MB - BASE_MB + SLIM_MB)) MB) is at most ${MAX_IMAGE_MB} MB" \
    [ "$IMAGE_MB" -le "$MAX_IMAGE_MB" ] && [ $((IMAGE_MB - BASE_MB + SLIM_MB)) -le "$MAX_IMAGE_MB" ]
check "the image's Java runtime is linked, not a JDK: $(podman run --rm --network none --entrypoint java "$IMAGE" --list-modules | tr '\n' ' ')" \
    bash -c '! podman run --rm --network none --entrypoint java "$1" --list-modules | grep -qE "^(java.desktop|jdk.compiler|jdk.httpserver)@"' _ "$IMAGE"

# --- the scalr-edge network (the platform's Traefik stack creates it; compose declares it external) ---
if ! podman network exists scalr-edge; then
    podman network create scalr-edge >/dev/null && CREATED_NETWORK=1
fi

# --- scalr-auth-server: the dev stand-in on the build base (a full JDK), with the jars the image ships ---
CID=$(podman create "$IMAGE")
podman cp "$CID:/deployments" "$WORK/deployments" && podman rm "$CID" >/dev/null
mkdir -p "$WORK/out" && chmod 777 "$WORK/out"
CLIENT_SECRET=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
podman run -d --name scalr-auth-server --network scalr-edge \
    -v "$ROOT/target/test-classes:/standin/classes:ro" -v "$WORK/deployments:/standin/deployments:ro" -v "$WORK/out:/out" \
    "$BUILD_BASE" java -cp '/standin/classes:/standin/deployments/app/*:/standin/deployments/lib/main/*' \
    dev.scalr.gateway.deploy.AuthentikStandIn whoami whoami-client "$CLIENT_SECRET" http://auth.localhost /out >/dev/null

# --- the proxy in Traefik's place, also the uptime service's vantage point on scalr-edge ---
podman run -d --name scalr-e2e-proxy --network scalr-edge -p "127.0.0.1:$PROXY_PORT:80" \
    -v "$ROOT/.ci/container-e2e/Caddyfile:/etc/caddy/Caddyfile:ro" \
    "$BUILD_BASE" caddy run --config /etc/caddy/Caddyfile --adapter caddyfile >/dev/null

# --- scalr-auth-gateway: docker/compose.yml itself, with its env files where compose expects them ---
mkdir -p "$WORK/project/docker"
cp docker/compose.yml "$WORK/project/docker/compose.yml"
cp docker/env/env.shared.example "$WORK/project/.env.shared"
{
    cat docker/env/gateway.env.app.example
    echo "GATEWAY_APPS_WHOAMI_CLIENT_ID=whoami-client"
    echo "GATEWAY_APPS_WHOAMI_CLIENT_SECRET=$CLIENT_SECRET"
    echo "GATEWAY_SESSION_KEYS=$(head -c 32 /dev/urandom | base64)"
} >"$WORK/project/docker/.env.app"
podman tag "$IMAGE" localhost/scalr-auth-gateway:e2e-compose
GATEWAY_START=$(date +%s.%N)
(cd "$WORK/project/docker" && SCALR_AUTH_GATEWAY_TAG=e2e-compose SCALR_ENV_SHARED=../.env.shared podman-compose -p scalr-e2e -f compose.yml up -d --no-build scalr-auth-gateway) \
    >"$WORK/compose.log" 2>&1 || { cat "$WORK/compose.log"; fail "podman-compose up docker/compose.yml"; exit 1; }
pass "podman-compose started docker/compose.yml (external scalr-edge, env files, read_only, tmpfs, mem_limit)"

probe() { # path on the gateway's main port, asked from scalr-edge like the uptime service
    podman exec scalr-e2e-proxy curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://scalr-auth-gateway:8080$1"
}
READY=
for _ in $(seq 1 300); do
    if [ "$(probe /q/health/ready)" = 200 ]; then READY=$(date +%s.%N); break; fi
    sleep 0.2
done
if [ -n "$READY" ]; then
    pass "gateway ready $(echo "$READY - $GATEWAY_START" | bc | xargs printf '%.1f') s after podman-compose up (Quarkus: $(podman logs scalr-auth-gateway 2>&1 | grep -o 'started in [0-9.]*s' | head -1))"
else
    podman logs scalr-auth-gateway 2>&1 | tail -30
    fail "gateway turns ready within 60 s"
    exit 1
fi
# Podman runs compose's healthcheck from systemd timers, absent here (hence a harmless "unable to get systemd
# connection" line on stop): run it once by hand. It needs bash only, no curl.
check "compose healthcheck (bash /dev/tcp to /q/health/live) passes in the image" \
    podman healthcheck run scalr-auth-gateway
for path in /q/health/live /q/health/ready /q/health/started; do
    check "uptime probe http://scalr-auth-gateway:8080$path answers 200" [ "$(probe $path)" = 200 ]
done
# the image ships the native signature library for its architecture (lib/native): the JDK fallback would say "jdk"
STARTED_DATA=$(podman exec scalr-e2e-proxy curl -s --max-time 2 http://scalr-auth-gateway:8080/q/health/started)
check "native signature provider loaded in the image (/q/health/started: $(echo "$STARTED_DATA" | grep -o '"signature-provider"[^,}]*'))" \
    bash -c 'grep -q "\"signature-provider\" *: *\"AmazonCorrettoCryptoProvider" <<<"$1"' _ "$STARTED_DATA"

# the AppCDS archive trained in the image build (docker/Dockerfile): a JVM that cannot use it says nothing and
# starts without any class sharing, so check the running JVM mapped it
check "AppCDS archive /deployments/app-cds.jsa in use (mapped by the JVM)" \
    podman exec scalr-auth-gateway sh -c 'grep -q /deployments/app-cds.jsa /proc/1/maps'

# --- how it runs: non-root, read-only, limited ---
check "process runs as uid 10001" [ "$(podman exec scalr-auth-gateway sh -c 'stat -c %u /proc/1')" = 10001 ]
check "root filesystem is read-only" [ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' scalr-auth-gateway)" = true ]
check "writing outside /tmp fails" bash -c '! podman exec scalr-auth-gateway sh -c "touch /deployments/x" 2>/dev/null'
check "/tmp is a writable tmpfs" podman exec scalr-auth-gateway sh -c 'touch /tmp/x && grep -q " /tmp tmpfs " /proc/mounts'
check "memory limit is compose's 256 MB" [ "$(podman inspect --format '{{.HostConfig.Memory}}' scalr-auth-gateway)" = 268435456 ]

# --- through the proxy, as a user's request travels ---
via_proxy() { curl -s --max-time 10 --connect-to "::127.0.0.1:$PROXY_PORT" "$@"; }
BEARER=$(cat "$WORK/out/whoami.bearer")
BODY=$(via_proxy -H "Authorization: Bearer $BEARER" -H 'X-authentik-username: mallory' http://whoami.localhost/api/things)
check "bearer call reaches the app with identity headers, a client-sent X-authentik-username replaced (got: $BODY)" \
    bash -c '[[ "$1" == *"user=alice groups=admins|staff"* ]]' _ "$BODY"
STATUS=$(via_proxy -o "$WORK/401.json" -D "$WORK/401.headers" -w '%{http_code}' http://whoami.localhost/api/things)
check "API call without a token gets 401 with WWW-Authenticate, app not reached" \
    bash -c '[ "$1" = 401 ] && grep -qi "^www-authenticate: Bearer" "$2" && ! grep -q "app path" "$3"' _ "$STATUS" "$WORK/401.headers" "$WORK/401.json"
FINAL=$(via_proxy -L --max-redirs 5 -c "$WORK/jar" -b "$WORK/jar" -H 'Accept: text/html' \
    -o "$WORK/signin.body" -w '%{http_code} %{url_effective} %{num_redirects}' http://whoami.localhost/reports/2024)
check "browser sign-in round trip (app, Authentik authorize, callback, app) ends signed in: $FINAL, $(cat "$WORK/signin.body")" \
    bash -c '[ "$1" = "200 http://whoami.localhost/reports/2024 3" ] && grep -q "path=/reports/2024 user=alice" "$2"' _ "$FINAL" "$WORK/signin.body"
AGAIN=$(via_proxy -b "$WORK/jar" -H 'Accept: text/html' -w ' %{http_code}' http://whoami.localhost/other)
check "session cookie alone passes the next request" bash -c '[[ "$1" == *"user=alice"*" 200" ]]' _ "$AGAIN"

# --- memory: idle, then after a short load through the proxy ---
rss_mb() { podman exec scalr-auth-gateway sh -c 'grep VmRSS /proc/1/status' | awk '{printf "%d", $2/1024}'; }
IDLE=$(rss_mb)
echo "INFO idle RSS ${IDLE} MB"
LOAD_SECONDS=${E2E_LOAD_SECONDS:-15}
if command -v wrk >/dev/null; then
    wrk -t2 -c16 -d"${LOAD_SECONDS}s" -H "Host: whoami.localhost" -H "Authorization: Bearer $BEARER" \
        "http://127.0.0.1:$PROXY_PORT/load" | grep -E "Requests/sec|Non-2xx|Socket errors" | sed 's/^/INFO wrk: /'
else
    end=$(($(date +%s) + LOAD_SECONDS))
    while [ "$(date +%s)" -lt "$end" ]; do via_proxy -o /dev/null -H "Authorization: Bearer $BEARER" http://whoami.localhost/load; done
    echo "INFO load by a curl loop (wrk not installed)"
fi
LOADED=$(rss_mb)
check "RSS after ${LOAD_SECONDS} s of load is ${LOADED} MB (idle ${IDLE} MB), under the 256 MB limit, not OOM-killed" \
    bash -c '[ "$1" -lt 256 ] && [ "$(podman inspect --format "{{.State.OOMKilled}}" scalr-auth-gateway)" = false ] && [ "$(podman inspect --format "{{.State.Running}}" scalr-auth-gateway)" = true ]' _ "$LOADED"

# --- stop: SIGTERM, graceful shutdown inside compose's stop_grace_period ---
# podman-compose 1.0.3 drops stop_grace_period (podman's default stop timeout is 10 s), so compose's value
# is passed here as `docker compose stop` would use it.
GRACE=$(awk '/stop_grace_period:/ {gsub("s", "", $2); print $2}' docker/compose.yml)
STOP_START=$(date +%s.%N)
podman stop -t "$GRACE" scalr-auth-gateway >/dev/null
STOP_SECONDS=$(echo "$(date +%s.%N) - $STOP_START" | bc)
EXIT=$(podman inspect --format '{{.State.ExitCode}}' scalr-auth-gateway)
check "podman stop (SIGTERM) ends it with exit $EXIT in $(printf '%.1f' "$STOP_SECONDS") s, inside stop_grace_period ${GRACE}s" \
    bash -c '{ [ "$1" = 0 ] || [ "$1" = 143 ]; } && [ "$(echo "$2 < $3" | bc)" = 1 ]' _ "$EXIT" "$STOP_SECONDS" "$GRACE"
DOWN=$(via_proxy -H "Authorization: Bearer $BEARER" -w ' %{http_code}' http://whoami.localhost/while-down)
check "gateway down: the proxy fails closed, the app is not reached (got: ${DOWN})" \
    bash -c '[[ "$1" != *"app path"* ]] && [[ "$1" =~ \ 5[0-9][0-9]$ ]]' _ "$DOWN"

echo "INFO container e2e took $(elapsed) s"
if [ "$FAILURES" -gt 0 ]; then
    echo "--- gateway log (last 40 lines)"; podman logs scalr-auth-gateway 2>&1 | tail -40
    echo "FAIL container e2e: $FAILURES check(s) failed"
    exit 1
fi
echo "PASS container e2e: all checks passed"
