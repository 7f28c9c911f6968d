# The gateway's image as CI builds it, without a registry: sourced by .ci/container-e2e.sh and bench/soak.sh (run
# from the repository root). Defines BUILD_BASE, RUNTIME_BASE, make_base_images and build_image.
#
# CI stand-ins (no registry here): base images are Debian bookworm made with mmdebstrap + podman import (OpenJDK 17
# with its jmods for the build stage, Debian's essential packages for the runtime stage), not Temurin 21 and
# debian:bookworm-slim.

BUILD_BASE=localhost/scalr-ci/jdk17:bookworm    # build stage (its JDK has the jmods jlink needs), Caddy, curl, the stand-in
RUNTIME_BASE=localhost/scalr-ci/runtime:bookworm    # runtime stage: no Java, the image brings its own

# Debian rootfs tarballs imported as images (kept between local runs; E2E_REBUILD_BASE=1 remakes them).
base_image() { # scratch-dir name variant packages [mmdebstrap options]
    # the tarball is named without the tag's ':' (podman import refuses a file name containing one)
    local tarball="$1/$(tr ':/' '--' <<<"${2##*/}").tar"
    if ! podman image exists "$2" || [ -n "${E2E_REBUILD_BASE:-}" ]; then
        mmdebstrap --quiet --variant="$3" --include="$4" "${@:5}" bookworm "$tarball" \
            && podman import --quiet "$tarball" "$2" >/dev/null && rm -f "$tarball"
    fi
}

# Both base images, made in parallel when missing; the caller checks that they exist afterwards.
make_base_images() { # scratch-dir
    base_image "$1" "$BUILD_BASE" apt openjdk-17-jdk-headless,ca-certificates,caddy,curl &
    # The runtime base needs no Java (the image brings its own) and no package manager: glibc, the C++ runtime and zlib
    # Debian's JVM links, bash (the compose healthcheck), coreutils and grep (the e2e's checks), the passwd and group
    # files. Extracted, not installed: no maintainer script runs, so the hook writes what base-passwd's would have.
    base_image "$1" "$RUNTIME_BASE" extract base-files,base-passwd,bash,coreutils,dash,grep,libstdc++6,zlib1g \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
        --customize-hook='cp "$1"/usr/share/base-passwd/passwd.master "$1"/etc/passwd' \
        --customize-hook='cp "$1"/usr/share/base-passwd/group.master "$1"/etc/group' \
        --customize-hook='printf "passwd: files\ngroup: files\nhosts: files dns\n" > "$1"/etc/nsswitch.conf' \
        --customize-hook='[ -e "$1"/bin/sh ] || ln -s dash "$1"/bin/sh' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/*' &
    wait
}

# docker/Dockerfile from the .dockerignore-filtered context with no network at all: the host's ~/.m2 mounted and
# Maven offline (MAVEN_ARGS=-o), the two base images above.
build_image() { # tag log-file
    podman build --quiet --network none \
        -v "$HOME/.m2/repository:/root/.m2/repository" -v "$HOME/.m2/wrapper:/root/.m2/wrapper" \
        --build-arg MAVEN_ARGS=-o --build-arg BUILD_IMAGE="$BUILD_BASE" --build-arg RUNTIME_IMAGE="$RUNTIME_BASE" \
        -f docker/Dockerfile -t "$1" . >"$2" 2>&1
}
