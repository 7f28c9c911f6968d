#!/usr/bin/env bash
# Soak of the gateway's image as deployed (issue 25): the image .ci/container-e2e.sh builds (docker/Dockerfile on the
# base images of .ci/images.sh, built offline), run as docker/compose.yml runs it (read-only root, /tmp tmpfs of 64 MB,
# --memory 256m, uid 10001, the image's own ENTRYPOINT and JVM flags untouched), for DURATION of mixed load at fixed
# rates from bench/SoakLoad.java on the host, which also plays Authentik (the app jar's stand-in, reached from the
# container as host.containers.internal; compose's AUTHENTIK_INTERNAL_HOST is the only setting changed for that):
#   bearer cache hits (1,000 tokens) 300/s, first-seen tokens (each used once) 50/s, Basic app passwords (50 machine
#   users, exchanged at the stand-in when their 5-minute token runs out) 50/s, a forged-token flood (distinct, valid
#   claims, made-up signatures) 300/s, and browsers: a real sign-in every 2 s (authorize, form, callback and code
#   exchange), then a page 2 s after the previous one answered, for 4 to 10 minutes, with refresh on (memory store,
#   5-minute ID tokens: every session is refreshed), then a back-channel logout from Authentik, after which the next
#   page must be a sign-in redirect. About 800 requests/s in all (~210 browsers alive): a few percent of a core for the gateway and ~15 % for
#   the load, so the soak can share the machine with other work for 30 minutes. The gateway config: both header sets,
#   forward-token on, Basic on.
# Every 10 s a CSV row (bench/SoakLoad.java): the JVM's RSS (/proc/<pid>/status), the container cgroup's memory, heap
# after the last collection and after the last full one, the gateway's own p99 decision time and GC pauses (all from
# its /q/metrics: already served, no attach every 10 s; the linked runtime has no jcmd or jstat of its own), and per
# load stream requests, p99 (from each request's scheduled start) and failures, and the load's own lag (a stall of the
# load shows there, so it is not read as the gateway's; the load's GC log is kept in the work folder). Every FULL_GC_EVERY (300) seconds the
# host's jcmd (root may attach to the container's JVM through /proc/<pid>/root/tmp) forces one full collection, so the
# live set is read at known points whatever Serial's own schedule; its pause (~50-150 ms here) shows in that window.
# At the end: OUT.csv, OUT.png (gnuplot) and PASS/FAIL per criterion:
#   - the JVM's RSS below 230 MB at every sample;
#   - heap after full GC flat after warm-up: the least-squares slope over the last two thirds of the run (the first
#     third is warm-up: the token cache fills in ~3 minutes, sessions reach their steady number after ~10) below
#     0.1 MB/min. A leak that fast would eat the heap's headroom (the image's flags give a 192 MB max heap in 256 MB;
#     ~20 MB is live) in about a day; the live set's own noise (sessions coming and going, cache contents) moves the
#     slope of 20 minutes by a few hundredths of that;
#   - not OOM-killed and still running at the end (podman inspect);
#   - zero failed valid requests (bearer, first-seen, Basic, sign-ins, pages, logouts) and every forged token 401.
# Usage: bench/soak.sh      env: DURATION=30m, OUT=docs/performance/soak-issue25, REUSE_IMAGE=1 (keep an existing
#   localhost/scalr/auth-gateway:soak instead of building), RATE_BEARER=300 RATE_FIRST_SEEN=50 RATE_BASIC=50
#   RATE_FORGED=300 RATE_SIGNIN=0.5, FULL_GC_EVERY=300 (0: never force one)
# Needs: podman set up as .ci/run does, mmdebstrap if the base images are missing, a filled ~/.m2 (./mvnw -o package
#   ran), a JDK 17+ with jcmd on the host, gnuplot (apt-get install gnuplot-nox). Not part of CI. Its own names
#   (containers scalr-soak-*, network scalr-soak, image tag :soak, ports 18680/18681/18690): it can run while
#   .ci/container-e2e.sh does. A second soak beside a first: SOAK_IMAGE, SOAK_NAME, SOAK_NETWORK, SOAK_MAIN_PORT,
#   SOAK_LISTENER_PORT, SOAK_STANDIN_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/images.sh
DURATION=${DURATION:-30m}
OUT=${OUT:-docs/performance/soak-issue25}
IMAGE=${SOAK_IMAGE:-localhost/scalr/auth-gateway:soak}
NAME=${SOAK_NAME:-scalr-soak-gateway}
NETWORK=${SOAK_NETWORK:-scalr-soak}
MAIN_PORT=${SOAK_MAIN_PORT:-18680} LISTENER_PORT=${SOAK_LISTENER_PORT:-18681} STANDIN_PORT=${SOAK_STANDIN_PORT:-18690}

for tool in podman java jcmd gnuplot; do
  command -v "$tool" >/dev/null || { echo "missing $tool (gnuplot: apt-get install -y --no-install-recommends gnuplot-nox)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/gateway-soak.XXXXXX)
load_pid=
cleanup() {
  if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; fi
  podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
  if [ -n "${CREATED_NETWORK:-}" ]; then podman network rm "$NETWORK" >/dev/null 2>&1 || true; fi
  echo "logs: $WORK"
}
trap cleanup EXIT

# --- the image, built as the container e2e builds it ---
if [ "${REUSE_IMAGE:-}" = 1 ] && podman image exists "$IMAGE"; then
  echo "reusing $IMAGE ($(podman image inspect --format '{{.Created}}' "$IMAGE"))"
else
  make_base_images "$WORK"
  podman image exists "$BUILD_BASE" && podman image exists "$RUNTIME_BASE" \
    || { echo "the base images could not be made with mmdebstrap (needs root and a Debian mirror)" >&2; exit 2; }
  echo "building $IMAGE offline from this checkout (docker/Dockerfile) ..."
  build_image "$IMAGE" "$WORK/build.log" || { tail -40 "$WORK/build.log"; exit 1; }
fi
echo "image $IMAGE, $(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f", $1 / 1e6 }') MB;" \
  "entrypoint: $(podman image inspect --format '{{join .Config.Entrypoint " "}}' "$IMAGE")"
# The stand-in and the load run on the image's own jars (its app jar holds the stand-in).
CID=$(podman create "$IMAGE")
podman cp "$CID:/deployments" "$WORK/deployments" && podman rm "$CID" >/dev/null
podman network exists "$NETWORK" || { podman network create "$NETWORK" >/dev/null && CREATED_NETWORK=1; }

# --- Authentik's stand-in and the load: one JVM on the host ---
SECRET=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
SOAK_STANDIN_PORT=$STANDIN_PORT SOAK_LISTENER=http://127.0.0.1:$LISTENER_PORT/auth SOAK_MAIN=http://127.0.0.1:$MAIN_PORT \
SOAK_PID_FILE=$WORK/gateway.pid SOAK_CSV=$WORK/soak.csv SOAK_DURATION=$DURATION SOAK_CLIENT_SECRET=$SECRET \
SOAK_AUTHENTIK_HOST=http://auth.localhost SOAK_APP_HOST=whoami.localhost \
  java -XX:+UseSerialGC -Xmx512m -Xlog:gc:file="$WORK/load-gc.log" -cp "$WORK/deployments/lib/main/*:$WORK/deployments/app/*" bench/SoakLoad.java \
  > "$WORK/load.log" 2> "$WORK/load.err" &
load_pid=$!
until grep -q "stand-in ready" "$WORK/load.log" 2>/dev/null; do
  kill -0 "$load_pid" 2>/dev/null || { cat "$WORK/load.log" "$WORK/load.err"; exit 1; }
  sleep 0.2
done

# --- the gateway, as docker/compose.yml runs it (the e2e's env files plus what this load needs) ---
{
  cat docker/env/env.shared.example docker/env/gateway.env.app.example
  echo "GATEWAY_APPS_WHOAMI_CLIENT_ID=whoami-client"
  echo "GATEWAY_APPS_WHOAMI_CLIENT_SECRET=$SECRET"
  echo "GATEWAY_APPS_WHOAMI_BASIC_AUTH=true"
  echo "GATEWAY_SESSION_KEYS=$(head -c 32 /dev/urandom | base64)"
  echo "GATEWAY_SESSION_REFRESH=true"
  echo "GATEWAY_SESSION_STORE=memory"
  echo "GATEWAY_HEADERS_SETS=authentik,oauth2-proxy"
  echo "GATEWAY_HEADERS_FORWARD_TOKEN=true"
  echo "AUTHENTIK_INTERNAL_HOST=http://host.containers.internal:$STANDIN_PORT"
} | grep -v '^#' | sed '/^$/d' > "$WORK/env"
podman run -d --name "$NAME" --network "$NETWORK" --read-only --tmpfs /tmp:size=64m --memory 256m \
  --env-file "$WORK/env" -p "127.0.0.1:$MAIN_PORT:8080" -p "127.0.0.1:$LISTENER_PORT:4181" "$IMAGE" >/dev/null
podman inspect --format '{{.State.Pid}}' "$NAME" > "$WORK/gateway.pid"
echo "gateway $NAME: host pid $(cat "$WORK/gateway.pid"), memory limit $(podman inspect --format '{{.HostConfig.Memory}}' "$NAME") bytes"

# --- the load runs; a line a minute from the CSV meanwhile ---
started=$(date +%s)
while kill -0 "$load_pid" 2>/dev/null; do
  sleep 60
  [ -s "$WORK/soak.csv" ] && tail -1 "$WORK/soak.csv" | awk -F, -v s="$(($(date +%s) - started))" \
    '{ printf "%4d s: RSS %s MB, cgroup %s MB, heap after GC %s MB, browsers %s\n", s, $2, $3, $4, $11 }'
done
wait "$load_pid" || { echo "the load driver failed:"; cat "$WORK/load.log" "$WORK/load.err"; exit 1; }
load_pid=
cat "$WORK/load.log"
grep -v '^SLF4J' "$WORK/load.err" > "$WORK/failures.txt" || true # (SLF4J: the jars' logging bindings, harmless)
[ -s "$WORK/failures.txt" ] && { echo "--- first failures reported by the load"; head -40 "$WORK/failures.txt"; }

# --- the container afterwards ---
OOM=$(podman inspect --format '{{.State.OOMKilled}}' "$NAME")
RUNNING=$(podman inspect --format '{{.State.Running}}' "$NAME")
podman logs "$NAME" > "$WORK/gateway.log" 2>&1 || true
FAILCNT=$(cat "/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' "/proc/$(cat "$WORK/gateway.pid")/cgroup" 2>/dev/null)/memory.failcnt" 2>/dev/null || echo "?")
echo "container: OOMKilled=$OOM running=$RUNNING; cgroup memory.failcnt (allocations that met the limit) $FAILCNT;" \
  "gateway log: $(grep -c '"level":"WARN"' "$WORK/gateway.log" || true) WARN, $(grep -c '"level":"ERROR"' "$WORK/gateway.log" || true) ERROR lines"

mkdir -p "$(dirname "$OUT")"
cp "$WORK/soak.csv" "$OUT.csv"

# --- the verdict, from the CSV alone ---
VERDICT=$(awk -F, -v oom="$OOM" -v running="$RUNNING" '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { t[++n] = $col["t_s"]; rss[n] = $col["rss_mb"]; cg[n] = $col["cgroup_mb"]; hag[n] = $col["heap_after_gc_mb"]
    full[n] = $col["full_gcs"]; live[n] = $col["live_after_full_gc_mb"]
    for (s in valid) failed[s] += $col[s "_failed"]
    requests += $col["bearer_n"] + $col["first_seen_n"] + $col["basic_n"] + $col["signin_n"] + $col["browser_n"] + $col["logout_n"]
    forged += $col["forged_n"]; forgedbad += $col["forged_failed"] }
  BEGIN { split("bearer first_seen basic signin browser logout", v, " "); for (i in v) valid[v[i]] = 1 }
  function slope(xs, ys, k,   i, sx, sy, sxx, sxy) { for (i = 1; i <= k; i++) { sx += xs[i]; sy += ys[i]; sxx += xs[i] * xs[i]; sxy += xs[i] * ys[i] }
    return (k * sxx - sx * sx) ? (k * sxy - sx * sy) / (k * sxx - sx * sx) : 0 }
  END {
    from = t[n] / 3; maxrss = 0; maxcg = 0
    for (i = 1; i <= n; i++) { if (rss[i] + 0 > maxrss) maxrss = rss[i] + 0; if (cg[i] + 0 > maxcg) maxcg = cg[i] + 0; if (rss[i] == "NaN" || rss[i] == "") gone++ }
    # one point per full collection (the row whose window saw the count rise), after warm-up
    k = 0; h = 0; r = 0
    for (i = 2; i <= n; i++) if (t[i] > from && full[i] > full[i - 1] && live[i] != "") { k++; x[k] = t[i] / 60; y[k] = live[i] }
    for (i = 1; i <= n; i++) if (t[i] > from) { h++; hx[h] = t[i] / 60; hy[h] = hag[i]; r++; ry[r] = rss[i] }
    lslope = slope(x, y, k); hslope = slope(hx, hy, h); rslope = slope(hx, ry, r)
    bad = 0; for (s in valid) { bad += failed[s]; list = list sprintf(" %s=%d", s, failed[s]) }
    printf "samples %d over %d s; valid requests %d, forged %d\n", n, t[n], requests, forged
    printf "%s RSS below 230 MB throughout: max %.1f MB (cgroup usage max %.1f MB, limit 256 MB)%s\n", (maxrss < 230 && !gone) ? "PASS" : "FAIL", maxrss, maxcg, gone ? ", " gone " samples without the process" : ""
    printf "%s heap after full GC flat after warm-up: slope %+.3f MB/min over %d full collections after %d s (threshold 0.1 MB/min); heap after any GC %+.3f MB/min, RSS %+.3f MB/min (for information)\n", (k >= 3 && lslope < 0.1) ? "PASS" : "FAIL", lslope, k, from, hslope, rslope
    printf "%s no OOM kill: OOMKilled=%s, running at the end=%s\n", (oom == "false" && running == "true") ? "PASS" : "FAIL", oom, running
    printf "%s zero failed valid requests:%s\n", bad == 0 ? "PASS" : "FAIL", list
    printf "%s every forged token refused (401): %d of %d otherwise\n", forgedbad == 0 ? "PASS" : "FAIL", forgedbad, forged
  }' "$OUT.csv")
echo "$VERDICT"

# --- the plot ---
TERMINAL=png
gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo && TERMINAL=pngcairo
c() { echo "(column('$1'))"; } # a CSV column by name, for gnuplot
gnuplot <<GNUPLOT
set terminal $TERMINAL size 1200,1100 $( [ "$TERMINAL" = pngcairo ] && echo "font 'sans,10'" )
set output '$OUT.png'
set datafile separator ','
set datafile missing ''
set datafile columnheaders
set key outside right top
set grid
set xlabel 'minutes'
set multiplot layout 3,1 title "scalr-auth-gateway soak: image as deployed (--memory 256m, the image's JVM flags), $DURATION of mixed load, $(date -u +%Y-%m-%d)"
set title 'memory (MB)'
set yrange [0:270]
plot '$OUT.csv' using (\$1/60):$(c rss_mb) with lines lw 2 title 'JVM RSS', \
     '' using (\$1/60):$(c cgroup_mb) with lines title 'cgroup usage', \
     '' using (\$1/60):$(c heap_committed_mb) with lines dt 2 title 'heap committed', \
     '' using (\$1/60):$(c heap_after_gc_mb) with lines title 'heap after GC', \
     '' using (\$1/60):$(c live_after_full_gc_mb) with steps title 'heap after the last full GC', \
     '' using (\$1/60):(column('forced_full_gc') == 1 ? column('live_after_full_gc_mb') : 1/0) with points pt 7 ps 1 title '(forced by jcmd)', \
     230 with lines dt 3 lc rgb 'red' title 'RSS target 230', 256 with lines lc rgb 'black' title 'limit 256'
set title 'p99 per 10 s window (ms): load streams from their scheduled start; the gateway: decision time, GC pause'
set yrange [*:*]
set logscale y
plot '$OUT.csv' using (\$1/60):$(c bearer_p99_ms) with lines title 'bearer hit', \
     '' using (\$1/60):$(c first_seen_p99_ms) with lines title 'first-seen', \
     '' using (\$1/60):$(c basic_p99_ms) with lines title 'Basic', \
     '' using (\$1/60):$(c forged_p99_ms) with lines title 'forged (401)', \
     '' using (\$1/60):$(c browser_p99_ms) with lines title 'browser page', \
     '' using (\$1/60):$(c signin_p99_ms) with points pt 1 title 'sign-in (5 steps)', \
     '' using (\$1/60):$(c logout_p99_ms) with points pt 2 title 'logout + next page', \
     '' using (\$1/60):$(c gateway_p99_ms) with steps lw 2 lc rgb 'black' title 'gateway decision (bucket)', \
     '' using (\$1/60):$(c gc_pause_max_ms) with lines dt 2 lc rgb 'gray40' title 'gateway GC pause, max of late', \
     '' using (\$1/60):$(c load_lag_max_ms) with lines dt 3 lc rgb 'gray60' title 'load event loop lag (max)'
unset logscale y
set title 'requests/s per stream; failed valid requests (right axis)'
set y2tics
set y2range [0:*]
plot '$OUT.csv' using (\$1/60):(column('bearer_n')/10) with lines title 'bearer', \
     '' using (\$1/60):(column('first_seen_n')/10) with lines title 'first-seen', \
     '' using (\$1/60):(column('basic_n')/10) with lines title 'Basic', \
     '' using (\$1/60):(column('forged_n')/10) with lines title 'forged', \
     '' using (\$1/60):(column('browser_n')/10) with lines title 'browser pages', \
     '' using (\$1/60):(column('bearer_failed') + column('first_seen_failed') + column('basic_failed') + column('signin_failed') \
        + column('browser_failed') + column('logout_failed')) axes x1y2 with impulses lw 3 lc rgb 'red' title 'failed valid'
unset multiplot
GNUPLOT
echo "wrote $OUT.csv and $OUT.png"
! grep -q '^FAIL' <<<"$VERDICT"
