#!/usr/bin/env bash
# Load benchmark of the packaged gateway against an nginx "return 200" floor, in ONE run with interleaved
# rounds, so every ratio compares figures taken minutes apart on the same machine state.
#   server side (nginx floor, gateway with cache, gateway without cache) pinned to core 0, wrk to core 1.
#   The gateways are called on their dedicated forwardAuth listener (GATEWAY_LISTENER_PORT), as Traefik is;
#   one case calls the cached gateway's main port (/auth behind the router) for comparison.
#   The cold-path baseline is bench/RawVerifyServer.java (core 0 too): per request one RS256 check of the token's
#   signature, on the gateways' provider (CRYPTO_PROVIDER, default native), and a 200 on a plain Vert.x server,
#   i.e. "one raw signature verify + one no-op exchange".
# Forged tokens (issue 13 #8): "invalid-tokens" retries 1,000 badly signed tokens (remembered after the first
#   refusal), "forged-20000" sends 20,000 distinct forged tokens with valid claims (each costs a signature check);
#   "valid-16c" is 1,000 valid tokens on 16 connections alone, "valid-16c-flood-*" the same while a second wrk
#   (also core 1, 16 connections) floods the same gateway with forged tokens; the flood's own rate is "flood-*".
# First-seen tokens (issue 14): "rs256-20000" / "es256-20000" rotate 20,000 distinct valid tokens signed with the
#   JWKS's RSA / EC P-256 key (twice what the token cache holds: W-TinyLFU keeps part of the rotation, the last
#   column says how many are verified in full), "nocache-rs256-20000" verifies every one of them (cache off),
#   "session-1000" rotates 1,000 valid session cookies (sign-in on, GATEWAY_SESSION_KEYS from the stand-in).
# Prints per case: req/s, ratio to the floor, p50/p99, errors, and the server's CPU µs per request (its
#   utime + stime over the wrk run, all threads), and for the gateways the signatures checked per request
#   (gateway_token_signature_checks_total); then the cold-path ratios, RSS after load, start to ready
#   and the latency of the first token after ready.
# Usage: bench/load.sh            env: ROUNDS=3 DURATION=10s CONNECTIONS=32 SKIP_BUILD=1 JAVA=... GATEWAY_JAVA_OPTS=...
#   JAR=other/target/quarkus-app/quarkus-run.jar (e.g. the jar of an earlier commit, for before/after)
#   CRYPTO_PROVIDER=native|jdk (GATEWAY_CRYPTO_PROVIDER of both gateways; unset: the jar's default)
#   CASES="floor 1000-tokens es256-20000" runs only these cases (the floor always runs)
#   PEER=node also runs the peer bench/node-peer (node + jose verifying every token; `npm ci` there once, online)
#   on core 0: cases node-rs256-20000 / node-es256-20000 / node-1000-tokens, and gateway/node ratios per round
#   JFR_DIR=/tmp/jfr records each gateway with JFR's profile settings (JFR_DIR/<gateway>.jfr, written at exit)
# Needs: wrk, nginx, curl, taskset, a JDK. Not part of CI (takes ~5 minutes); see docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
JAVA=${JAVA:-java}
# A forward-auth gateway holds almost nothing per request: a small heap keeps RSS low, Serial GC suits one core.
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xms48m -Xmx96m -XX:ReservedCodeCacheSize=48m -Xss512k}
JWKS_PORT=18090 FLOOR_PORT=18081 CACHED_PORT=18082 UNCACHED_PORT=18083 CACHED_LISTENER=18084 UNCACHED_LISTENER=18085 RAW_PORT=18086
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
CASES=${CASES:-}
want() { [ -z "$CASES" ] || [ "$1" = floor ] || [[ " $CASES " == *" $1 "* ]]; }

for tool in wrk nginx curl taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y --no-install-recommends wrk nginx curl util-linux" >&2; exit 2; }
done
[ "${SKIP_BUILD:-}" = 1 ] && [ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
LIB="$(dirname "$JAR")/lib/main"
echo "jar: $JAR ($(git log -1 --format=%h 2>/dev/null) in this checkout); CRYPTO_PROVIDER=${CRYPTO_PROVIDER:-default}"

work=$(mktemp -d /tmp/gateway-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# --- JWKS server and token files (core 1: it only serves the startup fetch) ---
taskset -c 1 "$JAVA" bench/BenchAuthentik.java "$JWKS_PORT" "$work" https://auth.bench.test &
pids+=($!)
until [ -f "$work/ready" ]; do sleep 0.1; done

# --- the floor: nginx return 200, one worker, core 0 ---
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo "user root root;" )
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$FLOOR_PORT; location / { return 200; } }
}
NGINX
taskset -c 0 nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
pids+=($nginx_pid)
until nginx_worker=$(pgrep -P "$nginx_pid"); do sleep 0.1; done

# Waits until a started server writes its ready line; shows its log and stops if it exits first.
await_line() { # pid log-file text
  until grep -q "$3" "$2" 2>/dev/null; do
    kill -0 "$1" 2>/dev/null || { cat "$2"; exit 1; }
    sleep 0.1
  done
}

# --- the cold-path baseline: one JDK RS256 check + one no-op exchange per request, same HTTP stack, core 0 ---
taskset -c 0 "$JAVA" $GATEWAY_JAVA_OPTS -cp "$LIB/*" bench/RawVerifyServer.java "$RAW_PORT" \
  "http://127.0.0.1:$JWKS_PORT/application/o/bench/jwks/" "${CRYPTO_PROVIDER:-native}" > "$work/raw.log" 2>&1 &
raw_pid=$!
pids+=($raw_pid)
await_line "$raw_pid" "$work/raw.log" "raw verify server"

# --- the peer (PEER=node): node + jose verifying every token, core 0 ---
PEER_PORT=18087
if [ "${PEER:-}" = node ]; then
  [ -d bench/node-peer/node_modules/jose ] || (cd bench/node-peer && npm install --no-audit --no-fund >/dev/null)
  taskset -c 0 node bench/node-peer/server.mjs "$PEER_PORT" "http://127.0.0.1:$JWKS_PORT/application/o/bench/jwks/" \
    https://auth.bench.test/application/o/bench/ bench-client > "$work/peer.log" 2>&1 &
  peer_pid=$!
  pids+=($peer_pid)
  await_line "$peer_pid" "$work/peer.log" "node peer on"
fi

# --- gateways: same jar, cache on (default) and off ---
declare -A GW_PID GW_READY_MS GW_FIRST_MS
start_gateway() { # name port listener-port cache-size
  local start pid
  start=$(date +%s%N)
  AUTHENTIK_HOST=https://auth.bench.test AUTHENTIK_INTERNAL_HOST=http://127.0.0.1:$JWKS_PORT \
  SCALR_PUBLIC_DOMAIN=example.test GATEWAY_APPS_BENCH_CLIENT_ID=bench-client GATEWAY_APPS_BENCH_SIGN_IN=true GATEWAY_TOKEN_CACHE_SIZE=$4 \
  GATEWAY_SESSION_KEYS="$(cat "$work/session.key")" QUARKUS_HTTP_PORT=$2 GATEWAY_LISTENER_PORT=$3 QUARKUS_HTTP_HOST=127.0.0.1 \
    env ${CRYPTO_PROVIDER:+GATEWAY_CRYPTO_PROVIDER=$CRYPTO_PROVIDER} taskset -c 0 "$JAVA" $GATEWAY_JAVA_OPTS \
      ${JFR_DIR:+-XX:StartFlightRecording=filename=$JFR_DIR/$1.jfr,settings=profile} -jar "$JAR" > "$work/$1.log" 2>&1 &
  pid=$!
  pids+=($pid)
  until taskset -c 1 curl -sf -o /dev/null "http://127.0.0.1:$2/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$1.log"; exit 1; }
    sleep 0.01
  done
  GW_PID[$1]=$pid
  echo "$1: $(grep -o 'crypto=signature provider=[^)]*)' "$work/$1.log" | tr -d '\\' | head -1)"
  GW_READY_MS[$1]=$(( ($(date +%s%N) - start) / 1000000 ))
  # the first token a fresh gateway sees pays for class loading and jose4j's setup
  GW_FIRST_MS[$1]=$(taskset -c 1 curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $(head -1 "$work/many.txt")" \
    "http://127.0.0.1:$3/auth/bench" | awk '{ printf "%.0f", $1 * 1000 }')
}
start_gateway cached "$CACHED_PORT" "$CACHED_LISTENER" 10000
start_gateway uncached "$UNCACHED_PORT" "$UNCACHED_LISTENER" 0

to_ms() { # wrk latency like 812.00us / 1.20ms / 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

RESULTS="$work/results.txt"
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of every thread (GC and JIT included)
# Signatures a gateway checked so far (its main port's metrics), so each case shows how many requests were verified
# in full rather than answered from a token memory; "-" for the other servers.
checks() { # server-pid
  local port=
  [ "$1" = "${GW_PID[cached]}" ] && port=$CACHED_PORT
  [ "$1" = "${GW_PID[uncached]}" ] && port=$UNCACHED_PORT
  [ -n "$port" ] || { echo -; return; }
  taskset -c 1 curl -s "http://127.0.0.1:$port/q/metrics" | awk '/^gateway_token_signature_checks_total/ { n += $2 } END { printf "%d", n }'
}
run() { # round case url tokens expected-status duration server-pid [cookie]
  local out rps p50 p99 unexpected socket requests before checked cpu_us=- per_request=-
  [ "$1" = warmup ] || want "$2" || return 0
  checked=$(checks "$7")
  before=$(cpu_ticks "$7")
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$6" --latency -s bench/auth.lua "$3" -- "$4" "$5" ${8:-})
  [ "$1" = warmup ] && return 0
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  # CPU time per request: unlike req/s it does not move with the host's steal, which the guest kernel
  # accounts as steal rather than to the process.
  [ "${requests:-0}" -gt 0 ] && cpu_us=$(awk -v t="$(( $(cpu_ticks "$7") - before ))" -v us="$TICK_US" -v n="$requests" 'BEGIN { printf "%.1f", t * us / n }')
  [ "${requests:-0}" -gt 0 ] && [ "$checked" != - ] && per_request=$(awk -v c="$(( $(checks "$7") - checked ))" -v n="$requests" 'BEGIN { printf "%.2f", c / n }')
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  unexpected=$(awk '/^unexpected_status/ { print $2 }' <<<"$out")
  socket=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
  echo "$1 $2 $rps $p50 $p99 $(( unexpected + ${socket:-0} )) $cpu_us $per_request" | tee -a "$RESULTS"
}

# Valid tokens on 16 connections while a second wrk floods the same server with forged tokens on 16 others.
# The valid run is recorded as <case>, the flood as flood-<suffix>; CPU µs are the server's over both.
run_flood() { # round case url valid-tokens flood-tokens duration server-pid
  local flood_out out
  want "$2" || return 0
  flood_out="$work/flood-$1-$2.out"
  taskset -c 1 wrk -t1 -c16 -d"$6" --latency -s bench/auth.lua "$3" -- "$5" 401 > "$flood_out" &
  local flood_pid=$!
  out=$(CONNECTIONS=16 run "$1" "$2" "$3" "$4" 200 "$6" "$7")
  wait "$flood_pid"
  [ "$1" = warmup ] && return 0
  echo "$out"
  echo "$1 flood-${2#valid-16c-flood-} $(awk '/^Requests\/sec/ { print $2 }' "$flood_out") - - $(awk '/^unexpected_status/ { print $2 }' "$flood_out") -" | tee -a "$RESULTS"
}

FLOOR=http://127.0.0.1:$FLOOR_PORT/
CACHED=http://127.0.0.1:$CACHED_LISTENER/auth
UNCACHED=http://127.0.0.1:$UNCACHED_LISTENER/auth
MAIN_PORT=http://127.0.0.1:$CACHED_PORT/auth
RAW=http://127.0.0.1:$RAW_PORT/
echo "warming up (JIT) ..."
for target in "$CACHED ${GW_PID[cached]}" "$UNCACHED ${GW_PID[uncached]}" "$MAIN_PORT ${GW_PID[cached]}" "$RAW $raw_pid"; do
  read -r url pid <<<"$target"
  run warmup - "$url" "$work/many.txt" 200 15s "$pid"
  run warmup - "$url" "$work/invalid.txt" 401 6s "$pid"
done
run warmup - "$CACHED" "$work/forged.txt" 401 6s "${GW_PID[cached]}"
run warmup - "$CACHED" "$work/es256-20000.txt" 200 6s "${GW_PID[cached]}"
run warmup - "$CACHED" "$work/session.txt" 200 6s "${GW_PID[cached]}" cookie
run warmup - "$FLOOR" - 200 3s "$nginx_worker"
[ "${PEER:-}" = node ] && run warmup - "http://127.0.0.1:$PEER_PORT/" "$work/rs256-20000.txt" 200 6s "$peer_pid"

echo "round case req/s p50_ms p99_ms errors cpu_us_per_request signature_checks_per_request"
for round in $(seq 1 "$ROUNDS"); do
  run "$round" floor            "$FLOOR"    -                  200 "$DURATION" "$nginx_worker"
  run "$round" one-token        "$CACHED"   "$work/one.txt"     200 "$DURATION" "${GW_PID[cached]}"
  run "$round" 1000-tokens      "$CACHED"   "$work/many.txt"    200 "$DURATION" "${GW_PID[cached]}"
  run "$round" invalid-tokens   "$CACHED"   "$work/invalid.txt" 401 "$DURATION" "${GW_PID[cached]}"
  run "$round" forged-20000     "$CACHED"   "$work/forged.txt"  401 "$DURATION" "${GW_PID[cached]}"
  run "$round" rs256-20000      "$CACHED"   "$work/rs256-20000.txt" 200 "$DURATION" "${GW_PID[cached]}"
  run "$round" es256-20000      "$CACHED"   "$work/es256-20000.txt" 200 "$DURATION" "${GW_PID[cached]}"
  run "$round" session-1000     "$CACHED"   "$work/session.txt" 200 "$DURATION" "${GW_PID[cached]}" cookie
  CONNECTIONS=16 run "$round" valid-16c "$CACHED" "$work/many.txt" 200 "$DURATION" "${GW_PID[cached]}"
  run_flood "$round" valid-16c-flood-retried  "$CACHED" "$work/many.txt" "$work/invalid.txt" "$DURATION" "${GW_PID[cached]}"
  run_flood "$round" valid-16c-flood-distinct "$CACHED" "$work/many.txt" "$work/forged.txt"  "$DURATION" "${GW_PID[cached]}"
  run "$round" main-port-one    "$MAIN_PORT" "$work/one.txt"    200 "$DURATION" "${GW_PID[cached]}"
  run "$round" nocache-one      "$UNCACHED" "$work/one.txt"     200 "$DURATION" "${GW_PID[uncached]}"
  run "$round" nocache-1000     "$UNCACHED" "$work/many.txt"    200 "$DURATION" "${GW_PID[uncached]}"
  run "$round" nocache-rs256-20000 "$UNCACHED" "$work/rs256-20000.txt" 200 "$DURATION" "${GW_PID[uncached]}"
  run "$round" raw-verify-1000  "$RAW"      "$work/many.txt"    200 "$DURATION" "$raw_pid"
  if [ "${PEER:-}" = node ]; then
    PEER_URL=http://127.0.0.1:$PEER_PORT/
    run "$round" node-1000-tokens "$PEER_URL" "$work/many.txt" 200 "$DURATION" "$peer_pid"
    run "$round" node-rs256-20000 "$PEER_URL" "$work/rs256-20000.txt" 200 "$DURATION" "$peer_pid"
    run "$round" node-es256-20000 "$PEER_URL" "$work/es256-20000.txt" 200 "$DURATION" "$peer_pid"
  fi
done

rss() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -r)"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); gateway flags: $GATEWAY_JAVA_OPTS"
echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency, $ROUNDS interleaved rounds; medians; ratio = req/s / floor req/s of the same round"
echo
echo "| case | req/s | ratio to floor | p50 ms | p99 ms | errors (all rounds) | server CPU µs per request | signature checks per request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
awk '
  $2 == "floor" { floor[$1] = $3 }
  { n[$2]++; rps[$2, n[$2]] = $3; p50[$2, n[$2]] = $4; p99[$2, n[$2]] = $5; err[$2] += $6; cpu[$2, n[$2]] = $7; chk[$2, n[$2]] = $8; round[$2, n[$2]] = $1; order[$2] = order[$2] ? order[$2] : ++cases; name[order[$2]] = $2 }
  function median(arr, c, k,   i, j, t, v) { for (i = 1; i <= k; i++) v[i] = arr[c, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
  END {
    for (o = 1; o <= cases; o++) { c = name[o]; k = n[c];
      for (i = 1; i <= k; i++) ratio[c, i] = rps[c, i] / floor[round[c, i]];
      printf "| %s | %.0f | %.2f | %.3f | %.3f | %d | %.1f | %s |\n", c, median(rps, c, k), median(ratio, c, k), median(p50, c, k), median(p99, c, k), err[c], median(cpu, c, k), chk[c, 1] == "-" || chk[c, 1] == "" ? "-" : sprintf("%.2f", median(chk, c, k)) }
  }' "$RESULTS"
echo
# The median of v[1..k], shared by the summaries below.
MEDIAN='function median(v, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }'
# Cold-path target: a cache-off request may cost at most 1.5 x (one raw signature verify + one no-op exchange),
# taken round by round two ways: by throughput (raw-verify req/s / cache-off req/s on the same saturated core)
# and by the servers' own CPU time per request (steal-free).
awk "$MEDIAN"'
  $2 == "raw-verify-1000" { raw[$1] = $3; rawcpu[$1] = $7 } $2 == "nocache-1000" { cold[$1] = $3; coldcpu[$1] = $7 } $2 == "nocache-one" { one[$1] = $3; onecpu[$1] = $7 }
  END { k = 0; for (r = 1; r <= 100; r++) if ((r in raw) && (r in cold)) { k++; a[k] = raw[r] / cold[r]; b[k] = raw[r] / one[r]; list = list sprintf(" %.2f", a[k])
      if (rawcpu[r] > 0) { c[k] = coldcpu[r] / rawcpu[r]; d[k] = onecpu[r] / rawcpu[r]; clist = clist sprintf(" %.2f", c[k]) } }
    if (!k) exit
    printf "cold path by throughput: cache-off request / (raw verify + exchange) = %.2f (1,000 tokens), %.2f (one token), median of %d rounds; per round:%s (target <= 1.5)\n", median(a, k), median(b, k), k, list
    printf "cold path by CPU time:   cache-off request / (raw verify + exchange) = %.2f (1,000 tokens), %.2f (one token), median of %d rounds; per round:%s (target <= 1.5)\n", median(c, k), median(d, k), k, clist }' "$RESULTS"
# Forged tokens (issue 13 #8): rejections per second on the gateway's one core, and valid-token throughput
# during a flood relative to the same load without one (targets >= 20,000/s and >= 0.5), round by round.
awk "$MEDIAN"'
  $2 == "invalid-tokens" { retried[$1] = $3 } $2 == "forged-20000" { distinct[$1] = $3 } $2 == "valid-16c" { alone[$1] = $3 }
  $2 == "valid-16c-flood-retried" { withr[$1] = $3 } $2 == "valid-16c-flood-distinct" { withd[$1] = $3 }
  END { k = 0; for (r = 1; r <= 100; r++) if ((r in alone) && (r in withr) && (r in withd)) { k++; a[k] = withr[r] / alone[r]; b[k] = withd[r] / alone[r]
      c[k] = retried[r]; d[k] = distinct[r]; list = list sprintf(" %.2f/%.2f", a[k], b[k]) }
    if (!k) exit
    printf "forged-token rejections on one core: %.0f/s retried (1,000 tokens), %.0f/s distinct (20,000), median of %d rounds (target >= 20,000/s)\n", median(c, k), median(d, k), k
    printf "valid tokens during a forged flood / without: %.2f (retried forged tokens), %.2f (distinct forged tokens), median of %d rounds; per round (retried/distinct):%s (target >= 0.5)\n", median(a, k), median(b, k), k, list }' "$RESULTS"
# First-seen tokens and sessions (issue 14), round by round against the same round's floor.
awk "$MEDIAN"'
  $2 == "floor" { floor[$1] = $3 } $2 == "rs256-20000" { rs[$1] = $3 } $2 == "es256-20000" { es[$1] = $3 }
  $2 == "session-1000" { ses[$1] = $3 } $2 == "1000-tokens" { hit[$1] = $3 }
  END { k = 0; for (r = 1; r <= 100; r++) if ((r in floor) && (r in rs) && (r in es)) { k++; a[k] = rs[r] / floor[r]; b[k] = es[r] / floor[r]; c[k] = rs[r] / es[r]
      list = list sprintf(" %.3f/%.3f", a[k], b[k]) }
    if (k) { printf "first-seen tokens / floor: RS256 %.3f (target >= 0.25), ES256 %.3f, RS256/ES256 req/s %.2f (target <= 1.5), median of %d rounds; per round (rs/es):%s\n", median(a, k), median(b, k), median(c, k), k, list }
    k = 0; list = ""; for (r = 1; r <= 100; r++) if ((r in floor) && (r in ses)) { k++; d[k] = ses[r] / floor[r]; list = list sprintf(" %.3f", d[k]) }
    if (k) { printf "session cookie / floor: %.3f (target >= 0.65), median of %d rounds; per round:%s\n", median(d, k), k, list } }' "$RESULTS"
# The same cases on the peer (PEER=node), gateway req/s / node req/s round by round.
awk "$MEDIAN"'
  $2 == "rs256-20000" { rs[$1] = $3 } $2 == "es256-20000" { es[$1] = $3 } $2 == "1000-tokens" { hit[$1] = $3 }
  $2 == "node-rs256-20000" { nrs[$1] = $3 } $2 == "node-es256-20000" { nes[$1] = $3 } $2 == "node-1000-tokens" { nhit[$1] = $3 }
  END { k = 0; for (r = 1; r <= 100; r++) if ((r in nrs) && (r in rs) && (r in es) && (r in nes) && (r in hit) && (r in nhit)) { k++
      a[k] = rs[r] / nrs[r]; b[k] = es[r] / nes[r]; c[k] = hit[r] / nhit[r] }
    if (k) printf "gateway / node + jose, req/s: 20,000 distinct RS256 %.2f, 20,000 distinct ES256 %.2f, 1,000 tokens %.2f, median of %d rounds\n", median(a, k), median(b, k), median(c, k), k }' "$RESULTS"
echo
echo "| gateway | start to ready (ms) | first token after ready (ms) | RSS after load (MB) |"
echo "|---|---:|---:|---:|"
for g in cached uncached; do echo "| $g | ${GW_READY_MS[$g]} | ${GW_FIRST_MS[$g]} | $(rss "${GW_PID[$g]}") |"; done
