#!/usr/bin/env bash
# Start to ready of the packaged jar, as bench/load.sh measures it (from launching `java` to the first 200 of
# /q/health/ready, which needs the first JWKS fetch), run with the image's JVM flags (docker/Dockerfile's
# ENTRYPOINT, /deployments = the jar's directory) and -XX:MaxRAM=256m in place of compose's mem_limit. Both
# cores, no pinning (the container gets both). Per start, from the gateway's JSON log, relative to the launch:
# the signature provider's line (took_ms: the native load; waited_ms: what the startup thread waited for it),
# the forwardAuth listener's bind, Quarkus' "started", the first JWKS loaded, ready. Medians per variant.
# Variants run interleaved, start by start, so a noisy neighbour hits them alike.
#
# Usage: bench/startup.sh            env: RUNS=5 JAVA=java SKIP_BUILD=1
#   VARIANTS="name|path/to/quarkus-run.jar|extra JVM flags;..."  (default: this checkout's jar, no extra flags)
#   KEEP=1     keeps the work directory (logs, archives)
#   APPCDS=1   also runs each variant with a dynamic AppCDS archive, trained first by one start of that jar
#              (-XX:ArchiveClassesAtExit, stopped by SIGTERM once ready), as the image's build does
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
JAVA=${JAVA:-java}
JWKS_PORT=18290 HTTP_PORT=18282 LISTENER_PORT=18284
VARIANTS=${VARIANTS:-"current|target/quarkus-app/quarkus-run.jar|"}
[ "${SKIP_BUILD:-}" = 1 ] || ./mvnw -B -q -o package -DskipTests
# the image's flags, with /deployments/ made relative (java runs in the jar's directory, as in WORKDIR /deployments)
read -r -a IMAGE_FLAGS <<<"$(sed -n 's/^ENTRYPOINT \[\(.*\)\]/\1/p' docker/Dockerfile | tr -d '",' \
  | tr ' ' '\n' | grep '^-' | grep -v '^-jar$\|SharedArchiveFile' | sed 's#/deployments/##' | tr '\n' ' ')"

work=$(mktemp -d /tmp/gateway-startup.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
"$JAVA" bench/BenchAuthentik.java "$JWKS_PORT" "$work" https://auth.bench.test >"$work/jwks.log" 2>&1 &
pids+=($!)
until [ -f "$work/ready" ]; do sleep 0.1; done

# the native library as the image ships it (lib/native, loaded with useExternalLib), next to each jar
native_lib() {
  local dir=$1/lib/native
  [ -f "$dir/libamazonCorrettoCryptoProvider.so" ] && return
  mkdir -p "$dir" && (cd "$dir" && jar xf ../main/software.amazon.cryptools.AmazonCorrettoCryptoProvider-*.jar \
    com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so \
    && mv com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so . && rm -r com)
}

ms_of() { # ISO timestamp -> ms since the epoch
  echo $(( $(date -d "$1" +%s%N) / 1000000 ))
}
at() { # log file, pattern, launch ms -> ms after launch of the first matching line, or -
  local ts
  ts=$(grep -m1 -- "$2" "$1" | grep -o '"timestamp":"[^"]*"' | cut -d'"' -f4) || true
  [ -n "$ts" ] && echo $(( $(ms_of "$ts") - $3 )) || echo -
}

# start <dir> <log> <extra flags...>: launches; echoes the pid; the caller polls
launch() {
  local dir=$1 log=$2
  shift 2
  (cd "$dir" && exec env AUTHENTIK_HOST=https://auth.bench.test AUTHENTIK_INTERNAL_HOST=http://127.0.0.1:$JWKS_PORT \
    SCALR_PUBLIC_DOMAIN=example.test GATEWAY_APPS_BENCH_CLIENT_ID=bench-client GATEWAY_APPS_BENCH_SIGN_IN=true \
    GATEWAY_SESSION_KEYS="$(cat "$work/session.key")" QUARKUS_HTTP_PORT=$HTTP_PORT GATEWAY_LISTENER_PORT=$LISTENER_PORT \
    QUARKUS_HTTP_HOST=127.0.0.1 ${CRYPTO_PROVIDER:+GATEWAY_CRYPTO_PROVIDER=$CRYPTO_PROVIDER} \
    "$JAVA" -XX:MaxRAM=256m "${IMAGE_FLAGS[@]}" "$@" -jar quarkus-run.jar) >"$log" 2>&1 &
  echo $!
}
wait_ready() { # pid
  until curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready"; do
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.01
  done
}
stop() { # SIGTERM, then wait for the exit (launch's subshell owns the process: no `wait`); a training JVM writes its archive now
  kill -TERM "$1"
  while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}

declare -a NAMES DIRS FLAGS
IFS=';' read -r -a SPECS <<<"$VARIANTS"
for spec in "${SPECS[@]}"; do
  IFS='|' read -r name jar flags <<<"$spec"
  dir=$(cd "$(dirname "$jar")" && pwd)
  native_lib "$dir"
  NAMES+=("$name") DIRS+=("$dir") FLAGS+=("$flags")
  if [ "${APPCDS:-}" = 1 ]; then
    archive="$work/$name.jsa"
    # the training start: ready, then SIGTERM (the JVM writes the archive as it exits); no shutdown delay
    pid=$(QUARKUS_SHUTDOWN_DELAY=0S launch "$dir" "$work/$name-train.log" $flags -XX:ArchiveClassesAtExit="$archive")
    wait_ready "$pid" || { cat "$work/$name-train.log"; exit 1; }
    stop "$pid"
    echo "$name: trained $archive ($(du -m "$archive" | cut -f1) MB)"
    NAMES+=("$name+appcds") DIRS+=("$dir") FLAGS+=("$flags -XX:SharedArchiveFile=$archive")
  fi
done

RESULTS="$work/results.txt"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); image flags: ${IMAGE_FLAGS[*]}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| variant | run | ready ms | provider line ms (took_ms, waited_ms) | listener ms | Quarkus started ms (started in) | keys loaded ms |"
echo "|---|---:|---:|---|---:|---|---:|"
for run in $(seq 1 "$RUNS"); do
  for i in "${!NAMES[@]}"; do
    log="$work/${NAMES[$i]}-$run.log"
    launched=$(( $(date +%s%N) / 1000000 ))
    # shellcheck disable=SC2086 # the variant's flags are words
    pid=$(launch "${DIRS[$i]}" "$log" ${FLAGS[$i]})
    wait_ready "$pid" || { cat "$log"; exit 1; }
    ready=$(( $(date +%s%N) / 1000000 - launched ))
    stop "$pid"
    took=$(grep -o 'took_ms=[0-9]*' "$log" | head -1 | cut -d= -f2 || true)
    waited=$(grep -o 'waited_ms=[0-9]*' "$log" | head -1 | cut -d= -f2 || true) # not logged before the early load
    line="$(at "$log" 'crypto=signature' "$launched") (${took:--}, ${waited:--})"
    started_in=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | cut -d' ' -f3 || true)
    echo "| ${NAMES[$i]} | $run | $ready | $line | $(at "$log" 'forwardAuth listener on' "$launched") | $(at "$log" 'started in' "$launched") ($started_in) | $(at "$log" 'keys=loaded' "$launched") |"
    echo "${NAMES[$i]} $ready ${took:-0} ${waited:-${took:-0}}" >>"$RESULTS"
  done
done
echo
echo "| variant | start to ready, median of $RUNS (ms) | all (ms) | took_ms median | waited_ms median |"
echo "|---|---:|---|---:|---:|"
for name in "${NAMES[@]}"; do
  awk -v n="$name" '$1 == n { r[++k] = $2; t[k] = $3; w[k] = $4; all = all " " $2 }
    function median(v, k,   i, j, x) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      return (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
    END { printf "| %s | %d |%s | %d | %d |\n", n, median(r, k), all, median(t, k), median(w, k) }' "$RESULTS"
done
