#!/usr/bin/env bash
# JMH micro-benchmarks of the decision (warm cache, cache off) and of one cold verify (RS256, ES256).
# Usage: bench/jmh.sh [JMH args]   e.g. bench/jmh.sh VerifyBenchmark -p alg=ES256 -jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
# Defaults: one fork, 3 x 2 s warm-up, 5 x 2 s measurement. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
CP="target/classes:target/test-classes:$(cat target/jmh.classpath)"
[ $# -gt 0 ] || set -- -f 1 -wi 3 -w 2s -i 5 -r 2s
exec java -cp "$CP" org.openjdk.jmh.Main "$@"
