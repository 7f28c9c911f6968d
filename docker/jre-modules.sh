#!/bin/sh
# Prints the JDK modules the gateway's Java runtime needs, comma-separated, for jlink (docker/Dockerfile).
# Usage: jre-modules.sh <target/quarkus-app>
#
# What jdeps finds in the packaged application, minus what it finds only in code the gateway never runs, plus
# what jdeps cannot see (providers looked up at run time). Reasons: docs/architecture.md, "The image's runtime".
set -eu
app=$(cd "$1" && pwd)
flat=$(mktemp -d)
trap 'rm -rf "$flat"' EXIT
# One folder of classes: jdeps resolves the jars' module descriptors otherwise, and fails on their optional
# requirements (smallrye-config requires org.objectweb.asm, absent at run time).
cd "$flat"
for jar in "$app"/quarkus-run.jar "$app"/app/*.jar "$app"/lib/boot/*.jar "$app"/lib/main/*.jar; do
    jar xf "$jar"
done
find . -name module-info.class -delete
rm -rf META-INF/versions
found=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 . | tr ',' '\n')
# Never run by the gateway:
#   java.desktop   java.beans in Jackson's optional Java 7 support (loaded in a try/catch), Micrometer's unused
#                  logging binders, Quarkus' native-image support, jakarta.el
#   java.rmi       jakarta.transaction's exceptions (no transactions here)
#   jdk.compiler   Vert.x codegen (build time)
#   jdk.httpserver the dev-mode Authentik stand-in (a dev-build bean only)
# Found at run time, not by jdeps: the JDK's EC signatures (the fallback when the native provider cannot load),
# zip file systems (Quarkus' class loading), jdk.net socket options (Netty), and JFR for diagnostics.
printf '%s\n' $found jdk.crypto.ec jdk.zipfs jdk.net jdk.jfr jdk.management.jfr \
    | grep -vx -e java.desktop -e java.rmi -e jdk.compiler -e jdk.httpserver | sort -u | paste -sd, -
