#!/usr/bin/env bash
# Where a gateway's CPU samples fall in a JFR recording (bench/load.sh JFR_DIR=...): jdk.ExecutionSample events of
# the event-loop threads, by the method on top of the stack (self time) and by every method on the stack (self +
# what it calls), in shares of the samples. JDK 17's `jfr` has no `view`; this is the part of it we need.
# Usage: bench/jfr-hot.sh <recording.jfr> [rows=25] [inclusive-pattern=dev\.scalr\.]
#   e.g. bench/jfr-hot.sh /tmp/jfr/cached.jfr 30 'dev\.scalr\.|io\.vertx\.core\.http|io\.netty\.handler\.codec'
#   FROM=23:02:18 TO=23:02:48: only the samples of that wall-clock window (one case of a load.sh run: the script prints
#   each case's line as it ends, wrk runs DURATION before it), as jfr print shows times (the local time zone)
set -euo pipefail
rows=${2:-25}
pattern=${3:-'dev\.scalr\.'}
jfr print --events jdk.ExecutionSample --stack-depth 96 "$1" | awk -v rows="$rows" -v pattern="$pattern" \
    -v from="${FROM:-}" -v to="${TO:-99}" '
  /startTime = / { t = $3; within = (from == "" || t >= from) && t < to }
  /sampledThread = / { loop = within && ($0 ~ /vert\.x-eventloop/) }
  /stackTrace = \[/ { inside = loop; depth = 0; delete seen; next }
  inside && /^[[:space:]]*\]/ { inside = 0; samples++; next }
  inside {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*$/, "", frame); sub(/\(.*$/, "", frame)
    if (frame == "...") next
    if (depth++ == 0) self[frame]++
    if (!(frame in seen) && frame ~ pattern) { seen[frame] = 1; total[frame]++ }
  }
  END {
    printf "%d samples on vert.x event loops\n\nself (top of stack):\n", samples
    n = 0; for (f in self) line[++n] = sprintf("%6.1f %%  %s", 100 * self[f] / samples, f)
    sortdesc(line, n); for (i = 1; i <= n && i <= rows; i++) print line[i]
    printf "\non the stack (self + callees), methods matching %s:\n", pattern
    n = 0; delete line; for (f in total) line[++n] = sprintf("%6.1f %%  %s", 100 * total[f] / samples, f)
    sortdesc(line, n); for (i = 1; i <= n && i <= rows; i++) print line[i]
  }
  function sortdesc(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 < t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } }'
