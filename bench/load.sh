#!/usr/bin/env bash
# Load benchmark of the packaged gateway against an nginx "return 200" floor and a Vert.x no-op server (the JVM
# floor), in ONE run with interleaved rounds, so every ratio compares figures taken minutes apart on the same
# machine state.
#   server side (nginx floor, Vert.x no-op, the gateways) pinned to core 0, wrk to core 1.
#   "vertx-noop" is bench/VertxNoopServer.java: the gateway's jars, JVM flags and listener options, one event loop,
#   a 200 with no body; it and nginx get the same request (Traefik's headers, no credential).
#   The gateways are configured as issue 25's targets are set: both identity header sets
#   (GATEWAY_HEADERS_SETS=authentik,oauth2-proxy, HEADER_SETS to change) and forward-token on, sign-in on with a
#   client secret. "cached" (token cache on, sealed sessions), "uncached" (GATEWAY_TOKEN_CACHE_SIZE=0),
#   "noforward" (cached with GATEWAY_HEADERS_FORWARD_TOKEN=false) and "stored" (cached with GATEWAY_SESSION_REFRESH=true,
#   memory store: the cookie holds a session id, the record the ID and refresh tokens). All are called on their
#   dedicated forwardAuth listener (GATEWAY_LISTENER_PORT), as Traefik is; one case calls the cached gateway's main
#   port (/auth behind the router) for comparison.
# Sessions from a real sign-in (issue 25): after start, SIGNINS (20) browsers sign in on "cached" and on "stored"
#   through the forwardAuth listener with Traefik's X-Forwarded-* headers: the gateway's 302 to the stand-in's
#   authorize endpoint, its sign-in form (GET, then POST benchuser / benchpass), the callback through forwardAuth (the
#   gateway exchanges the code at the stand-in's token endpoint), then a check that the cookie alone passes.
#   "session-signin" sends the sealed cookies (ID token inside), "session-stored" the stored sessions' cookies, both
#   as a browser's page navigation (bench/auth.lua "browser": Accept text/html, Sec-Fetch-*, a Chrome User-Agent).
#   The stand-in is the app jar's own (dev/authentik/FakeAuthentik, driven by bench/BenchAuthentik.java).
# Forward-token off (issue 25): "noforward-one" / "noforward-1000" are one-token / 1000-tokens on "noforward".
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
# Prints per case: req/s, ratio to the floor and to the Vert.x no-op, p50/p99, errors, and the server's CPU µs
#   per request (its utime + stime over the wrk run, all threads) and its ratio to nginx's, and for the gateways the
#   signatures checked per request (gateway_token_signature_checks_total); then issue 25's targets for the hit cases,
#   the cold-path ratios, RSS after load, start to ready and the latency of the first token after ready.
# Usage: bench/load.sh            env: ROUNDS=3 DURATION=10s CONNECTIONS=32 SKIP_BUILD=1 JAVA=... GATEWAY_JAVA_OPTS=...
#   JAR=other/target/quarkus-app/quarkus-run.jar (e.g. the jar of an earlier commit, for before/after)
#   "rules20-one" / "rules20-1000" are the hit cases on a gateway whose app has 20 access rules (issue 24), the
#   request passing 19 before the catch-all; the summary prints them against one-token / 1000-tokens.
#   BEFORE_JAR=other/target/quarkus-app/quarkus-run.jar: also starts cached, noforward and stored gateways of that jar
#   ("before-cached", ...) and runs the hit cases (one-token, 1000-tokens, session-signin, session-stored,
#   noforward-one, noforward-1000) on them as "before-<case>", each right after its own case in the same round; the
#   summary prints after/before per round. CASES="1000-tokens" runs before-1000-tokens too.
#   SIGNINS=20 real sign-ins per session gateway (one cookie each, rotated by wrk)
#   CRYPTO_PROVIDER=native|jdk (GATEWAY_CRYPTO_PROVIDER of both gateways; unset: the jar's default)
#   CASES="1000-tokens es256-20000" runs only these cases (the two floors always run)
#   PEER=node also runs the peer bench/node-peer (node + jose verifying every token; `npm ci` there once, online)
#   on core 0: cases node-rs256-20000 / node-es256-20000 / node-1000-tokens, and gateway/node ratios per round
#   JFR_DIR=/tmp/jfr records each gateway with JFR's profile settings (JFR_DIR/<gateway>.jfr, written at exit)
# Needs: wrk, nginx, curl, taskset, a JDK. Not part of CI (takes ~15 minutes, ~20 with BEFORE_JAR); see
#   docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
JAVA=${JAVA:-java}
# A forward-auth gateway holds almost nothing per request: a small heap keeps RSS low, Serial GC suits one core.
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC -Xms48m -Xmx96m -XX:ReservedCodeCacheSize=48m -Xss512k}
JWKS_PORT=18090 FLOOR_PORT=18081 RAW_PORT=18086 NOOP_PORT=18088
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
BEFORE_JAR=${BEFORE_JAR:-}
HEADER_SETS=${HEADER_SETS:-authentik,oauth2-proxy}
SIGNINS=${SIGNINS:-20}
CASES=${CASES:-}
# A before-<case> runs with its case; the floors always run (every ratio needs them).
want() { [ -z "$CASES" ] || [ "$1" = floor ] || [ "$1" = vertx-noop ] || [[ " $CASES " == *" ${1#before-} "* ]]; }

for tool in wrk nginx curl taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y --no-install-recommends wrk nginx curl util-linux" >&2; exit 2; }
done
# this checkout's build also provides the Authentik stand-in (its app jar) whatever JAR and BEFORE_JAR are
[ "${SKIP_BUILD:-}" = 1 ] && [ -f "$JAR" ] && [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -o -B -q package -DskipTests
LIB="$(dirname "$JAR")/lib/main"
STANDIN_CP="target/quarkus-app/lib/main/*:target/quarkus-app/app/*"
echo "jar: $JAR ($(git log -1 --format=%h 2>/dev/null) in this checkout); CRYPTO_PROVIDER=${CRYPTO_PROVIDER:-default}"
[ -n "$BEFORE_JAR" ] && echo "before jar: $BEFORE_JAR"
echo "gateways: GATEWAY_HEADERS_SETS=$HEADER_SETS, forward-token on (noforward: off)"

work=$(mktemp -d /tmp/gateway-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# --- the Authentik stand-in and token files (core 1: it serves the startup fetch and the sign-ins only) ---
taskset -c 1 "$JAVA" -cp "$STANDIN_CP" bench/BenchAuthentik.java "$JWKS_PORT" "$work" https://auth.bench.test > "$work/authentik.log" 2>&1 &
pids+=($!)
authentik_pid=$!
until [ -f "$work/ready" ]; do kill -0 "$authentik_pid" 2>/dev/null || { cat "$work/authentik.log"; exit 1; }; sleep 0.1; done

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

# --- the JVM floor: a Vert.x server answering 200, the gateway's jars and flags, core 0 ---
taskset -c 0 "$JAVA" $GATEWAY_JAVA_OPTS -cp "$LIB/*" bench/VertxNoopServer.java "$NOOP_PORT" > "$work/noop.log" 2>&1 &
noop_pid=$!
pids+=($noop_pid)
await_line "$noop_pid" "$work/noop.log" "vertx no-op server"

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

# --- gateways: same jar (BEFORE_JAR: a second set), each on its own main port and forwardAuth listener ---
declare -A GW_PID GW_PORT GW_LISTENER GW_READY_MS GW_FIRST_MS
GATEWAYS=()
next_port=18100
start_gateway() { # name jar cache-size [VAR=value ...]
  local start pid name=$1 jar=$2 cache=$3 port=$next_port listener=$((next_port + 1))
  shift 3
  next_port=$((next_port + 2))
  start=$(date +%s%N)
  AUTHENTIK_HOST=https://auth.bench.test AUTHENTIK_INTERNAL_HOST=http://127.0.0.1:$JWKS_PORT \
  SCALR_PUBLIC_DOMAIN=example.test GATEWAY_APPS_BENCH_CLIENT_ID=bench-client GATEWAY_APPS_BENCH_CLIENT_SECRET=bench-secret \
  GATEWAY_APPS_BENCH_SIGN_IN=true GATEWAY_TOKEN_CACHE_SIZE=$cache GATEWAY_HEADERS_SETS=$HEADER_SETS GATEWAY_HEADERS_FORWARD_TOKEN=true \
  GATEWAY_SESSION_KEYS="$(cat "$work/session.key")" QUARKUS_HTTP_PORT=$port GATEWAY_LISTENER_PORT=$listener QUARKUS_HTTP_HOST=127.0.0.1 \
    env ${CRYPTO_PROVIDER:+GATEWAY_CRYPTO_PROVIDER=$CRYPTO_PROVIDER} "$@" taskset -c 0 "$JAVA" $GATEWAY_JAVA_OPTS \
      ${JFR_DIR:+-XX:StartFlightRecording=filename=$JFR_DIR/$name.jfr,settings=profile} -jar "$jar" > "$work/$name.log" 2>&1 &
  pid=$!
  pids+=($pid)
  until taskset -c 1 curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log"; exit 1; }
    sleep 0.01
  done
  GW_PID[$name]=$pid GW_PORT[$name]=$port GW_LISTENER[$name]=$listener
  GATEWAYS+=("$name")
  echo "$name: $(grep -o 'crypto=signature provider=[^)]*)' "$work/$name.log" | tr -d '\\' | head -1)"
  GW_READY_MS[$name]=$(( ($(date +%s%N) - start) / 1000000 ))
  # the first token a fresh gateway sees pays for class loading and jose4j's setup
  GW_FIRST_MS[$name]=$(taskset -c 1 curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $(head -1 "$work/many.txt")" \
    "http://127.0.0.1:$listener/auth/bench" | awk '{ printf "%.0f", $1 * 1000 }')
}
start_gateway cached "$JAR" 10000
start_gateway uncached "$JAR" 0
noforward() { want noforward-one || want noforward-1000; }
noforward && start_gateway noforward "$JAR" 10000 GATEWAY_HEADERS_FORWARD_TOKEN=false
want session-stored && start_gateway stored "$JAR" 10000 GATEWAY_SESSION_REFRESH=true GATEWAY_SESSION_STORE=memory
# Issue 24's cost target: the app with 20 access rules, the request passing all 19 before the catch-all (as
# RulesBenchmark in JMH): globs of different prefixes, methods and networks, one RE2J expression.
rules20_env() {
  local kinds=("/admin/**" "/settings/*" "/api/webhooks/*" "/metrics/**" "/api/items/*/admin" "/internal/**"
    "/static/**/*.map" "/users/*/keys/**" "/export/**" "~^/api/v[0-9]+/admin(/.*)?$") i prefix
  for i in $(seq 0 18); do
    prefix=GATEWAY_APPS_BENCH_RULES_${i}__
    echo "${prefix}PATHS=$([ "$i" -ge 10 ] && echo "/app$i")${kinds[$((i % 10))]}"
    if [ $((i % 3)) = 0 ]; then echo "${prefix}POLICY=deny"; else echo "${prefix}POLICY=groups"; echo "${prefix}GROUPS=admins"; fi
    [ $((i % 4)) = 1 ] && echo "${prefix}METHODS=POST,PUT,DELETE"
    [ $((i % 5)) = 2 ] && echo "${prefix}NETWORKS=10.0.0.0/8,fd00::/8"
  done
  echo "GATEWAY_APPS_BENCH_RULES_19__PATHS=/**"
  echo "GATEWAY_APPS_BENCH_RULES_19__POLICY=authenticated"
}
if want rules20-one || want rules20-1000; then
  mapfile -t RULES20 < <(rules20_env)
  start_gateway rules20 "$JAR" 10000 "${RULES20[@]}"
fi
if [ -n "$BEFORE_JAR" ]; then
  start_gateway before-cached "$BEFORE_JAR" 10000
  noforward && start_gateway before-noforward "$BEFORE_JAR" 10000 GATEWAY_HEADERS_FORWARD_TOKEN=false
  want session-stored && start_gateway before-stored "$BEFORE_JAR" 10000 GATEWAY_SESSION_REFRESH=true GATEWAY_SESSION_STORE=memory
fi

# --- real sign-ins: a browser signs in through the forwardAuth listener as Traefik forwards it ---
header_of() { # name headers-file: that response header's values, one a line
  awk -v n="$1" 'BEGIN { n = tolower(n) ":" } tolower($1) == n { sub(/^[^:]*: */, ""); sub(/\r$/, ""); print }' "$2"
}
# Prints the session cookie (name=value) after the whole authorization-code round trip, or fails the run.
sign_in() { # gateway
  local listener=http://127.0.0.1:${GW_LISTENER[$1]}/auth h=$work/signin-$1 status location login query callback cookie
  local browser=(-H 'X-Forwarded-Method: GET' -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-Host: bench.example.test'
    -H 'X-Forwarded-For: 203.0.113.7' -H 'Accept: text/html,application/xhtml+xml' -H 'Sec-Fetch-Mode: navigate'
    -H 'Sec-Fetch-Dest: document' -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0')
  # 1. a page without a session: 302 to Authentik's authorize endpoint (code, PKCE), the sign-in's own cookie set
  status=$(taskset -c 1 curl -s -o /dev/null -D "$h.1" -w '%{http_code}' "${browser[@]}" -H 'Sec-Fetch-Site: none' \
    -H 'X-Forwarded-Uri: /reports/2024' "$listener")
  location=$(header_of Location "$h.1")
  login=$(header_of Set-Cookie "$h.1" | cut -d';' -f1 | paste -sd';' | sed 's/;/; /g')
  [ "$status" = 302 ] && [[ "$location" == https://auth.bench.test/application/o/authorize/\?* ]] \
    || { echo "sign-in on $1: expected a 302 to authorize, got $status $location" >&2; return 1; }
  query=${location#*\?}
  # 2. the stand-in's sign-in form, shown, then posted (the browser talks to Authentik's public host)
  status=$(taskset -c 1 curl -s -o /dev/null -w '%{http_code}' -H 'Host: auth.bench.test' \
    "http://127.0.0.1:$JWKS_PORT/application/o/authorize/?$query")
  [ "$status" = 200 ] || { echo "sign-in on $1: the form answered $status" >&2; return 1; }
  taskset -c 1 curl -s -o /dev/null -D "$h.2" -H 'Host: auth.bench.test' --data-urlencode "query=$query" \
    -d username=benchuser -d password=benchpass "http://127.0.0.1:$JWKS_PORT/application/o/authorize/"
  callback=$(header_of Location "$h.2")
  [[ "$callback" == https://bench.example.test/.scalr-auth/callback\?code=* ]] \
    || { echo "sign-in on $1: no code after the form: $callback" >&2; return 1; }
  # 3. the callback, through forwardAuth: the gateway exchanges the code at the token endpoint, sets the session
  status=$(taskset -c 1 curl -s -o /dev/null -D "$h.3" -w '%{http_code}' "${browser[@]}" -H 'Sec-Fetch-Site: cross-site' \
    -H "X-Forwarded-Uri: /${callback#https://*/}" -H "Cookie: $login" "$listener")
  cookie=$(header_of Set-Cookie "$h.3" | grep -vi 'max-age=0' | cut -d';' -f1)
  [ "$status" = 302 ] && [ "$(header_of Location "$h.3")" = https://bench.example.test/reports/2024 ] && [ -n "$cookie" ] \
    || { echo "sign-in on $1: the callback answered $status $(header_of Location "$h.3")" >&2; return 1; }
  # 4. the cookie alone passes, with the signed-in user's identity
  taskset -c 1 curl -s -o /dev/null -D "$h.4" "${browser[@]}" -H 'Sec-Fetch-Site: none' -H 'X-Forwarded-Uri: /reports/2024' \
    -H "Cookie: $cookie" "$listener"
  [ "$(header_of X-authentik-username "$h.4")" = benchuser ] || { echo "sign-in on $1: the session cookie did not pass" >&2; return 1; }
  echo "$cookie"
}
for g in cached stored before-cached before-stored; do
  [ -n "${GW_PID[$g]:-}" ] || continue
  for _ in $(seq 1 "$SIGNINS"); do sign_in "$g" >> "$work/signin-$g.txt" || exit 1; done
  echo "$g: $SIGNINS real sign-ins, session cookie $(head -1 "$work/signin-$g.txt" | cut -d= -f2- | wc -c) bytes"
done

to_ms() { # wrk latency like 812.00us / 1.20ms / 1.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

RESULTS="$work/results.txt"
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of every thread (GC and JIT included)
# Signatures a gateway checked so far (its main port's metrics), so each case shows how many requests were verified
# in full rather than answered from a token memory; "-" for the other servers.
checks() { # server-pid
  local port= g
  for g in "${GATEWAYS[@]}"; do [ "$1" = "${GW_PID[$g]}" ] && port=${GW_PORT[$g]}; done
  [ -n "$port" ] || { echo -; return; }
  taskset -c 1 curl -s "http://127.0.0.1:$port/q/metrics" | awk '/^gateway_token_signature_checks_total/ { n += $2 } END { printf "%d", n }'
}
run() { # round case url tokens expected-status duration server-pid [cookie|browser]
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
NOOP=http://127.0.0.1:$NOOP_PORT/
CACHED=http://127.0.0.1:${GW_LISTENER[cached]}/auth
UNCACHED=http://127.0.0.1:${GW_LISTENER[uncached]}/auth
MAIN_PORT=http://127.0.0.1:${GW_PORT[cached]}/auth
RAW=http://127.0.0.1:$RAW_PORT/
listener() { echo "http://127.0.0.1:${GW_LISTENER[$1]}/auth"; }
# A hit case on a gateway, then (BEFORE_JAR) the same on the before jar's gateway, back to back. %s in the
# token file is the gateway's name (each has its own sign-ins).
hit() { # round case gateway token-file [cookie|browser]
  local file g
  for g in "$3" ${BEFORE_JAR:+before-$3}; do
    [ -n "${GW_PID[$g]:-}" ] || continue
    printf -v file "$4" "$g"
    run "$1" "$( [ "$g" = "$3" ] && echo "$2" || echo "before-$2")" "$(listener "$g")" "$file" 200 "$DURATION" "${GW_PID[$g]}" ${5:-}
  done
}
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
run warmup - "$NOOP" - 200 6s "$noop_pid"
for g in noforward stored rules20 before-cached before-noforward before-stored; do
  [ -n "${GW_PID[$g]:-}" ] && run warmup - "$(listener "$g")" "$work/many.txt" 200 15s "${GW_PID[$g]}"
done
for g in cached stored before-cached before-stored; do
  [ -n "${GW_PID[$g]:-}" ] && run warmup - "$(listener "$g")" "$work/signin-$g.txt" 200 6s "${GW_PID[$g]}" browser
done
[ "${PEER:-}" = node ] && run warmup - "http://127.0.0.1:$PEER_PORT/" "$work/rs256-20000.txt" 200 6s "$peer_pid"

echo "round case req/s p50_ms p99_ms errors cpu_us_per_request signature_checks_per_request"
for round in $(seq 1 "$ROUNDS"); do
  run "$round" floor            "$FLOOR"    -                  200 "$DURATION" "$nginx_worker"
  run "$round" vertx-noop       "$NOOP"     -                  200 "$DURATION" "$noop_pid"
  hit "$round" one-token        cached      "$work/one.txt"
  hit "$round" 1000-tokens      cached      "$work/many.txt"
  hit "$round" session-signin   cached      "$work/signin-%s.txt" browser
  hit "$round" session-stored   stored      "$work/signin-%s.txt" browser
  hit "$round" noforward-one    noforward   "$work/one.txt"
  hit "$round" noforward-1000   noforward   "$work/many.txt"
  [ -n "${GW_PID[rules20]:-}" ] && run "$round" rules20-one  "$(listener rules20)" "$work/one.txt"  200 "$DURATION" "${GW_PID[rules20]}"
  [ -n "${GW_PID[rules20]:-}" ] && run "$round" rules20-1000 "$(listener rules20)" "$work/many.txt" 200 "$DURATION" "${GW_PID[rules20]}"
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
echo "gateways: GATEWAY_HEADERS_SETS=$HEADER_SETS, forward-token on except noforward-*; $SIGNINS real sign-ins per session case"
echo
echo "| case | req/s | × nginx | × vertx-noop | p50 ms | p99 ms | errors (all rounds) | server CPU µs per request | CPU × nginx | signature checks per request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk '
  $2 == "floor" { floor[$1] = $3; floorcpu[$1] = $7 } $2 == "vertx-noop" { noop[$1] = $3 }
  { n[$2]++; rps[$2, n[$2]] = $3; p50[$2, n[$2]] = $4; p99[$2, n[$2]] = $5; err[$2] += $6; cpu[$2, n[$2]] = $7; chk[$2, n[$2]] = $8; round[$2, n[$2]] = $1; order[$2] = order[$2] ? order[$2] : ++cases; name[order[$2]] = $2 }
  function median(arr, c, k,   i, j, t, v) { for (i = 1; i <= k; i++) v[i] = arr[c, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
  END {
    for (o = 1; o <= cases; o++) { c = name[o]; k = n[c];
      for (i = 1; i <= k; i++) { r = round[c, i]; ratio[c, i] = rps[c, i] / floor[r]; vratio[c, i] = (r in noop) ? rps[c, i] / noop[r] : 0
        cratio[c, i] = (cpu[c, i] != "-" && floorcpu[r] > 0) ? cpu[c, i] / floorcpu[r] : 0 }
      printf "| %s | %.0f | %.2f | %s | %.3f | %.3f | %d | %.1f | %s | %s |\n", c, median(rps, c, k), median(ratio, c, k),
        median(vratio, c, k) ? sprintf("%.2f", median(vratio, c, k)) : "-", median(p50, c, k), median(p99, c, k), err[c], median(cpu, c, k),
        median(cratio, c, k) ? sprintf("%.2f", median(cratio, c, k)) : "-", chk[c, 1] == "-" || chk[c, 1] == "" ? "-" : sprintf("%.2f", median(chk, c, k)) }
  }' "$RESULTS"
echo
# The median of v[1..k], shared by the summaries below.
MEDIAN='function median(v, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }'
# Issue 25's targets for the hit cases, round by round against the same round's floors: req/s >= 0.85 x the Vert.x
# no-op and >= 0.8 x nginx, server CPU per request <= 1.3 x nginx's, p99 <= 1 ms (medians of the rounds).
echo "issue 25 targets (>= 0.85 x vertx-noop, >= 0.8 x nginx, CPU <= 1.3 x nginx, p99 <= 1 ms), medians of the rounds:"
awk "$MEDIAN"'
  $2 == "floor" { floor[$1] = $3; floorcpu[$1] = $7 } $2 == "vertx-noop" { noop[$1] = $3 }
  { c = $2; sub(/^before-/, "", c) }
  c ~ /^(one-token|1000-tokens|session-signin|session-stored|noforward-one|noforward-1000)$/ { seen[$2] = 1; k = ++n[$2]
    v[$2, k] = $3 / noop[$1]; f[$2, k] = $3 / floor[$1]; u[$2, k] = $7 / floorcpu[$1]; p[$2, k] = $5 }
  function med(arr, c,   i, t) { for (i = 1; i <= n[c]; i++) t[i] = arr[c, i]; return median(t, n[c]) }
  function mark(ok) { return ok ? "ok" : "MISSED" }
  END { for (c in seen) { a = med(v, c); b = med(f, c); d = med(u, c); e = med(p, c)
      printf "  %-22s %.2f x vertx-noop %s, %.2f x nginx %s, CPU %.2f x nginx %s, p99 %.3f ms %s\n", c, a, mark(a >= 0.85),
        b, mark(b >= 0.8), d, mark(d <= 1.3), e, mark(e <= 1.0) } }' "$RESULTS" | sort
# BEFORE_JAR: after / before, req/s and CPU per request, each case against its before-case of the same round.
if [ -n "$BEFORE_JAR" ]; then
  echo "after / before (this jar / BEFORE_JAR), medians of the rounds; per round req/s ratios:"
  awk "$MEDIAN"'
    $2 ~ /^before-/ { c = substr($2, 8); brps[c, $1] = $3; bcpu[c, $1] = $7; bp99[c, $1] = $5; cases[c] = 1; next }
    { arps[$2, $1] = $3; acpu[$2, $1] = $7; ap99[$2, $1] = $5 }
    END { for (c in cases) { k = 0; list = ""
        for (r = 1; r <= 100; r++) if (((c, r) in arps) && ((c, r) in brps)) { k++; x[k] = arps[c, r] / brps[c, r]; y[k] = acpu[c, r] / bcpu[c, r]
          list = list sprintf(" %.2f", x[k]); pa[k] = ap99[c, r]; pb[k] = bp99[c, r] }
        if (k) printf "  %-16s req/s %.2f, CPU per request %.2f, p99 %.3f -> %.3f ms; per round:%s\n", c, median(x, k), median(y, k), median(pb, k), median(pa, k), list } }' "$RESULTS" | sort
fi
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
# Access rules (issue 24): the app with 20 rules against the same hits without, round by round (target: within 5 %).
awk "$MEDIAN"'
  $2 == "one-token" { one[$1] = $3; onecpu[$1] = $7 } $2 == "rules20-one" { r1[$1] = $3; r1cpu[$1] = $7 }
  $2 == "1000-tokens" { many[$1] = $3 } $2 == "rules20-1000" { r1000[$1] = $3 }
  END { k = 0; for (r = 1; r <= 100; r++) if ((r in one) && (r in r1) && (r in many) && (r in r1000)) { k++
      a[k] = r1[r] / one[r]; b[k] = r1000[r] / many[r]; c[k] = r1cpu[r] / onecpu[r]; list = list sprintf(" %.3f/%.3f", a[k], b[k]) }
    if (k) printf "20 access rules / none, req/s: one token %.3f, 1,000 tokens %.3f, CPU per request (one token) %.3f, median of %d rounds; per round:%s (target >= 0.95)\n", median(a, k), median(b, k), median(c, k), k, list }' "$RESULTS"
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
for g in "${GATEWAYS[@]}"; do echo "| $g | ${GW_READY_MS[$g]} | ${GW_FIRST_MS[$g]} | $(rss "${GW_PID[$g]}") |"; done
