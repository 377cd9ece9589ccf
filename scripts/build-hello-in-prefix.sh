#!/usr/bin/env bash
# Build GNU hello from its Debian source package entirely inside a Calvados
# prefix, with zig's own macOS build (the ziglang wheel from PyPI) as the C
# compiler, archiver and ranlib, then run the result there:
#
#   scripts/build-hello-in-prefix.sh [--native]
#
# Inside `calvados shell`, the prefix's darwin bash runs ./configure and
# darwin make runs the build: every compiler, sed, awk, grep... is a Mach-O
# program under Calvados, and so is each conftest configure runs.
#
# --native also does the same configure + make with zig's Linux build of the
# same version on the host (configured --host=x86_64-apple-darwin20.6.0: its
# Mach-O conftests cannot run on Linux, so configure takes its
# cross-compilation guesses there) and prints the ratio of the times. Both
# start with an empty zig cache.
#
# hello comes from trixie, else bookworm (the same upstream 2.10). gettext's
# configure check (lib-ld.m4) looks for an `ld` on PATH, which a Mac has in
# /usr/bin from the Command Line Tools and the prefix has not: LD=ld answers
# it (hello's build never runs it; zig cc links with its own linker).
#
# Work directory: target/third-party/hello-in-prefix (the prefix is
# prefix/, the build /build/hello inside it). Prints the times.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-hello-in-prefix: %s\n' "$*" >&2; }

native=0
[ "${1:-}" = --native ] && native=1

calvados=$root/target/release/calvados
[ -x "$calvados" ] || { say "build calvados first: cargo build --release"; exit 1; }
bash scripts/fetch-real-binaries.sh zig-darwin zig-linux
real=$(cd target/third-party/real && pwd -P)
base=$root/target/third-party/hello-in-prefix
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9

if ! src=$(bash scripts/debian-source.sh hello trixie "$base/debian-hello-trixie" 2>"$base/fetch.log"); then
    say "hello/trixie unavailable ($(tail -n 1 "$base/fetch.log")); using bookworm"
    src=$(bash scripts/debian-source.sh hello bookworm "$base/debian-hello-bookworm")
fi
say "source: $(sed -n '1s/ .*(\(.*\)).*/ \1/p' "$src/debian/changelog" | tr -d '\n') from $src"

prefix=$base/prefix
"$calvados" prefix init --prefix "$prefix" >/dev/null
mkdir -p "$prefix/opt"
ln -sfn "/Volumes/SystemRoot$real/zig-darwin/ziglang" "$prefix/opt/zig"
rm -rf "$prefix/build"
mkdir -p "$prefix/build"
cp -a "$src" "$prefix/build/hello"

# shellcheck disable=SC2016
inside='set -e
cd /build/hello
export HOME=/build ZIG_GLOBAL_CACHE_DIR=/build/.zig-cache ZIG_LOCAL_CACHE_DIR=/build/.zig-cache
export PATH=/opt/zig:/usr/bin:/bin:/usr/sbin:/sbin
t0=$(date +%s)
./configure CC="zig cc -target x86_64-macos" AR="zig ar" RANLIB="zig ranlib" LD=ld >/build/configure.log 2>&1 ||
    { tail -n 20 /build/configure.log; exit 1; }
t1=$(date +%s)
make >/build/make.log 2>&1 || { tail -n 20 /build/make.log; exit 1; }
t2=$(date +%s)
echo "configure: $((t1 - t0)) s, make: $((t2 - t1)) s"
./hello
./hello --greeting="Bonjour, le monde !"
./hello --version | head -n 1'
# Wall-clock and CPU (user + system, children included) seconds: on a
# shared machine the CPU time is the steadier measure.
TIMEFORMAT='%R %U %S'
measure() { { time "$@" >"$base/out" 2>"$base/err"; } 2>"$base/time"; }
cpu() { awk '{printf "%.1f", $2 + $3}' "$base/time"; }
wall() { awk '{printf "%.1f", $1}' "$base/time"; }

say "configure + make inside $prefix"
measure "$calvados" shell --prefix "$prefix" -- /bin/sh -c "$inside" ||
    { cat "$base/out" "$base/err"; exit 1; }
cat "$base/out"
grep -qx 'Hello, world!' "$base/out" || { say "hello did not say Hello, world!"; exit 1; }
calv_wall=$(wall) calv_cpu=$(cpu)
say "under Calvados: ${calv_wall} s wall, ${calv_cpu} s CPU"

if [ $native = 1 ]; then
    n=$base/native
    rm -rf "$n"
    mkdir -p "$n/bin"
    ln -s "$real/zig-linux/ziglang/zig" "$n/bin/zig"
    cp -a "$src" "$n/hello"
    build_native() (
        cd "$n/hello"
        export ZIG_GLOBAL_CACHE_DIR=$n/.zig-cache ZIG_LOCAL_CACHE_DIR=$n/.zig-cache PATH=$n/bin:$PATH
        ./configure --host=x86_64-apple-darwin20.6.0 CC="zig cc -target x86_64-macos" \
            AR="zig ar" RANLIB="zig ranlib" LD=ld >"$n/configure.log" 2>&1
        make >"$n/make.log" 2>&1
    )
    measure build_native || { tail -n 20 "$n/configure.log" "$n/make.log"; exit 1; }
    nat_wall=$(wall) nat_cpu=$(cpu)
    say "native zig (cross): ${nat_wall} s wall, ${nat_cpu} s CPU"
    say "ratio Calvados/native: wall $(echo "scale=2; $calv_wall / $nat_wall" | bc), CPU $(echo "scale=2; $calv_cpu / $nat_cpu" | bc)"
    cmp -s "$n/hello/hello" "$prefix/build/hello/hello" &&
        say "the two hello executables are byte-identical" ||
        say "the two hello executables differ (native CPU and OS version detection under Calvados)"
fi
