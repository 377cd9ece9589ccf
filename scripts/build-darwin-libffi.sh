#!/usr/bin/env bash
# Build libffi from Debian trixie's source as macOS ships it, for x86_64-macos:
#
#   usr/lib/libffi.dylib   install name /usr/lib/libffi.dylib
#   usr/include/ffi.h, ffitarget.h
#
# macOS has had /usr/lib/libffi.dylib for a long time; programs built by GHC
# (pandoc, hadolint, ...) link it for the Haskell FFI's dynamic calls and
# `foreign import "wrapper"` closures.
#
# zig compiles (configure runs with a zig cc wrapper); zig links the dylib from
# the library's objects. Cached under target/third-party/darwin-libffi/
# build-<hash of the zig version, the source version, this script>, then
# installed into target/lib/calvados/darwin/. Prints the build directory on
# stdout. Idempotent. About half a minute cold.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-darwin-libffi: %s\n' "$*" >&2; }
start=$(date +%s)

zigdir=$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))')
zigver=$(python3 -m ziglang version)
. scripts/darwin-libs/libcxx-config.sh

base=$root/target/third-party/darwin-libffi
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9
# Debian's source has no generated configure: autoreconf needs the autotools.
if ! command -v autoreconf >/dev/null || ! command -v libtoolize >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing autotools: sudo apt-get install autoconf automake libtool"
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        autoconf automake libtool >/dev/null
fi
src=$(bash scripts/debian-source.sh libffi trixie "$base/debian-libffi-trixie")
ver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$src/debian/changelog")

key=$( (echo "$zigver $ver"; cat scripts/build-darwin-libffi.sh) | sha256sum | cut -c1-16)
out=$base/build-$key
darwin=$root/target/lib/calvados/darwin
files=(usr/lib/libffi.dylib usr/include/ffi.h usr/include/ffitarget.h)

install_all() {
    for f in "${files[@]}"; do
        mkdir -p "$(dirname "$darwin/$f")"
        if ! cmp -s "$out/$f" "$darwin/$f"; then
            cp "$out/$f" "$darwin/$f.tmp"
            mv "$darwin/$f.tmp" "$darwin/$f"
        fi
    done
}

if [ -e "$out/.complete" ]; then
    install_all
    echo "$out"
    exit 0
fi

tmp=$(mktemp -d "$base/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export ZIG_GLOBAL_CACHE_DIR="$base/zig-cache" ZIG_LOCAL_CACHE_DIR="$base/zig-cache"

bin=$tmp/bin
mkdir -p "$bin"
printf '#!/bin/sh\nexec "%s/zig" cc -target %s "$@"\n' "$zigdir" "$darwin_target" >"$bin/cc-darwin"
printf '#!/bin/sh\nexec "%s/zig" ar "$@"\n' "$zigdir" >"$bin/ar"
printf '#!/bin/sh\nexec "%s/zig" ranlib "$@"\n' "$zigdir" >"$bin/ranlib"
chmod +x "$bin"/*

say "autoreconf"
cp -r "$src" "$tmp/src"
(cd "$tmp/src" && autoreconf -fi >autoreconf.log 2>&1) || {
    tail -n 30 "$tmp/src/autoreconf.log" >&2
    exit 1
}

# A static build only: the objects are then linked into one dylib below
# (libtool cannot drive zig's linker for a darwin shared library).
say "configuring"
mkdir -p "$tmp/build"
(cd "$tmp/build" && CC="$bin/cc-darwin" CCAS="$bin/cc-darwin" AR="$bin/ar" RANLIB="$bin/ranlib" \
    CFLAGS="-O2 -fPIC" "$tmp/src/configure" --build=x86_64-pc-linux-gnu \
    --host=x86_64-apple-darwin20 --prefix=/usr --disable-shared --enable-static \
    --disable-docs --disable-multi-os-directory >configure.log 2>&1) || {
    tail -n 30 "$tmp/build/configure.log" >&2
    exit 1
}
say "building"
make -C "$tmp/build" -j"$(nproc)" >"$tmp/build/make.log" 2>&1 || {
    tail -n 30 "$tmp/build/make.log" >&2
    exit 1
}

mkdir -p "$tmp/usr/lib" "$tmp/usr/include" "$tmp/objs"
(cd "$tmp/objs" && "$bin/ar" x "$tmp/build/.libs/libffi.a")
say "linking libffi.dylib"
"$bin/cc-darwin" -shared "$tmp/objs"/*.o -Wl,-install_name,/usr/lib/libffi.dylib \
    -o "$tmp/usr/lib/libffi.dylib"
cp "$tmp/build/include/ffi.h" "$tmp/build/include/ffitarget.h" "$tmp/usr/include/"

rm -rf "$tmp/bin" "$tmp/build" "$tmp/objs" "$tmp/src"
touch "$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
for old in "$base"/build-*; do [ "$old" = "$out" ] || rm -rf "$old"; done
install_all
say "built in $(($(date +%s) - start)) s: $out"
echo "$out"
