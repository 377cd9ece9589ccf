#!/usr/bin/env bash
# Build SQLite from Debian bookworm's `sqlite3` source package for both
# targets: the amalgamation is generated from the source tree (needs tclsh
# and cc), then zig compiles
#   OUT/linux/sqlite3,  OUT/darwin/sqlite3     the sqlite3 shell
#   OUT/linux/lockdriver, OUT/darwin/lockdriver  tests/sqlite/lockdriver.c
# Cached under target/third-party/sqlite/<hash of this script + test
# sources>; prints OUT on stdout.  Takes about 3 minutes cold on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-sqlite: %s\n' "$*" >&2; }

key=$(cat scripts/build-sqlite.sh scripts/zig-cc tests/sqlite/lockdriver.c | sha256sum | cut -c1-16)
base=$root/target/third-party/sqlite
out=$base/build-$key
if [ -x "$out/darwin/lockdriver" ] && [ -x "$out/linux/sqlite3" ]; then
    echo "$out"
    exit 0
fi

command -v tclsh >/dev/null || {
    [ "$(id -u)" -eq 0 ] || { say "missing tclsh: sudo apt-get install tcl"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tcl >/dev/null
}
src=$(bash scripts/debian-source.sh sqlite3 bookworm "$base/debian")

amal=$base/amalgamation
if [ ! -s "$amal/sqlite3.c" ]; then
    say "generating the amalgamation"
    gen=$(mktemp -d "$base/.gen.XXXXXX")
    (cd "$gen" && "$src/configure" --disable-tcl >/dev/null && make -s sqlite3.c shell.c >/dev/null)
    rm -rf "$amal" && mkdir -p "$amal.tmp"
    cp "$gen/sqlite3.c" "$gen/sqlite3.h" "$gen/shell.c" "$amal.tmp/"
    mv "$amal.tmp" "$amal"
    rm -rf "$gen"
fi

defs=(-O2 -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_MATH_FUNCTIONS -I"$amal")
# The library objects are the slow part (about a minute per target): cache
# them apart from the programs.
objkey=$( (cat scripts/zig-cc; echo "${defs[*]}"; sha256sum "$amal/sqlite3.c") | sha256sum | cut -c1-16)
obj=$base/obj-$objkey
tmp=$(mktemp -d "$base/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for side in linux darwin; do
    case $side in
        linux) target=x86_64-linux-gnu; libs=(-lpthread -lm) ;;
        darwin) target=x86_64-macos; libs=() ;;
    esac
    if [ ! -s "$obj/$side/sqlite3.o" ]; then
        say "compiling sqlite3.c for $target"
        mkdir -p "$obj/$side"
        scripts/zig-cc -target "$target" "${defs[@]}" -c "$amal/sqlite3.c" -o "$obj/$side/sqlite3.o.tmp" 2>/dev/null
        mv "$obj/$side/sqlite3.o.tmp" "$obj/$side/sqlite3.o"
    fi
    mkdir -p "$tmp/$side"
    scripts/zig-cc -target "$target" "${defs[@]}" "$amal/shell.c" "$obj/$side/sqlite3.o" \
        -o "$tmp/$side/sqlite3" "${libs[@]}" 2>/dev/null
    scripts/zig-cc -target "$target" "${defs[@]}" tests/sqlite/lockdriver.c "$obj/$side/sqlite3.o" \
        -o "$tmp/$side/lockdriver" "${libs[@]}"
done
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "$out"
