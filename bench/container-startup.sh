#!/usr/bin/env bash
# Start to ready of the image, with and without its AppCDS archive, starts interleaved: `podman run` (compose's
# options: read-only root, /tmp tmpfs, 256 MB, uid from the image) on scalr-edge with the Authentik stand-in,
# until the first 200 of /q/health/ready (polled every 10 ms through a published loopback port), then the idle
# RSS of the JVM (pid 1) and a stop. "without" runs the same entrypoint minus -XX:SharedArchiveFile.
# Needs the image .ci/container-e2e.sh builds (localhost/scalr/auth-gateway:e2e) and target/test-classes.
# Usage: bench/container-startup.sh        env: RUNS=5
#        BEFORE=<image> bench/container-startup.sh: that image ("before") against the e2e image ("after"), both
#        with their archives, starts interleaved (an image change measured on one host in one run)
# Uses the e2e's container names: not while .ci/container-e2e.sh runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
IMAGE=localhost/scalr/auth-gateway:e2e
STANDIN_BASE=localhost/scalr-ci/jdk17:bookworm   # a full JDK: the image's own runtime has no jdk.httpserver
PORT=18580
podman image exists "$IMAGE" || { echo "no $IMAGE: run .ci/container-e2e.sh first" >&2; exit 2; }

WORK=$(mktemp -d)
cleanup() { # under set -e: every step may fail (the gateway is already gone) without skipping the next
    podman rm -f -t 0 scalr-auth-gateway >/dev/null 2>&1 || true
    podman rm -f -t 0 scalr-auth-server >/dev/null 2>&1 || true
    if [ -n "${CREATED_NETWORK:-}" ]; then podman network rm scalr-edge >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
podman network exists scalr-edge || { podman network create scalr-edge >/dev/null && CREATED_NETWORK=1; }
CID=$(podman create "$IMAGE")
podman cp "$CID:/deployments" "$WORK/deployments" && podman rm "$CID" >/dev/null
mkdir -p "$WORK/out" && chmod 777 "$WORK/out"
podman run -d --name scalr-auth-server --network scalr-edge \
    -v "$ROOT/target/test-classes:/standin/classes:ro" -v "$WORK/deployments:/standin/deployments:ro" -v "$WORK/out:/out" \
    "$STANDIN_BASE" java -cp '/standin/classes:/standin/deployments/app/*:/standin/deployments/lib/main/*' \
    dev.scalr.gateway.deploy.AuthentikStandIn whoami whoami-client secret http://auth.localhost /out >/dev/null
until [ -f "$WORK/out/whoami.bearer" ]; do sleep 0.2; done

# the entrypoint as an argument list, with and without the archive
mapfile -t ENTRY < <(podman image inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
WITHOUT=()
for arg in "${ENTRY[@]}"; do [[ "$arg" == -XX:SharedArchiveFile=* ]] || WITHOUT+=("$arg"); done
{
    cat docker/env/env.shared.example docker/env/gateway.env.app.example
    echo "GATEWAY_APPS_WHOAMI_CLIENT_ID=whoami-client"
    echo "GATEWAY_APPS_WHOAMI_CLIENT_SECRET=secret"
    echo "GATEWAY_SESSION_KEYS=$(head -c 32 /dev/urandom | base64)"
    echo "AUTHENTIK_INTERNAL_HOST=http://scalr-auth-server:9000"
} | grep -v '^#' | sed '/^$/d' >"$WORK/env"

start() { # variant -> "ready_ms rss_mb started_in archive_mapped"
    local launched ready options=() command=() image=$IMAGE
    if [ "$1" = without ]; then options=(--entrypoint "${WITHOUT[0]}"); command=("${WITHOUT[@]:1}"); fi
    if [ "$1" = before ]; then image=$BEFORE; fi
    launched=$(date +%s%N)
    podman run -d --name scalr-auth-gateway --network scalr-edge --read-only --tmpfs /tmp:size=64m -m 256m \
        --env-file "$WORK/env" -p "127.0.0.1:$PORT:8080" "${options[@]}" "$image" "${command[@]}" >/dev/null
    for _ in $(seq 1 6000); do
        curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/q/health/ready" && break
        sleep 0.01
    done
    ready=$((($(date +%s%N) - launched) / 1000000))
    echo "$ready $(podman exec scalr-auth-gateway sh -c 'grep VmRSS /proc/1/status' | awk '{printf "%d", $2/1024}')" \
        "$(podman logs scalr-auth-gateway 2>&1 | grep -o 'started in [0-9.]*s' | head -1 | cut -d' ' -f3)" \
        "$(podman exec scalr-auth-gateway sh -c 'grep -c app-cds.jsa /proc/1/maps' || true)"
    podman rm -f -t 10 scalr-auth-gateway >/dev/null
}

VARIANTS="with without"
if [ -n "${BEFORE:-}" ]; then VARIANTS="before after"; fi
echo "image $IMAGE${BEFORE:+, before: $BEFORE}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| variant | run | podman run to ready (ms) | RSS idle (MB) | Quarkus started in | archive mappings |"
echo "|---|---:|---:|---:|---|---:|"
for run in $(seq 1 "$RUNS"); do
    for variant in $VARIANTS; do
        read -r ready rss started mapped <<<"$(start "$variant")"
        echo "| $variant | $run | $ready | $rss | $started | $mapped |"
        echo "$variant $ready $rss" >>"$WORK/results"
    done
done
echo
echo "| variant | start to ready, median of $RUNS (ms) | RSS idle median (MB) |"
echo "|---|---:|---:|"
for variant in $VARIANTS; do
    awk -v n="$variant" '$1 == n { r[++k] = $2; m[k] = $3 }
      function median(v, k,   i, j, x) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
        return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
      END { printf "| %s | %d | %d |\n", n, median(r, k), median(m, k) }' "$WORK/results"
done
