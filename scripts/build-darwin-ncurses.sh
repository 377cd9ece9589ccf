#!/usr/bin/env bash
# Build ncurses from Debian trixie's source as macOS ships it, for x86_64-macos:
#
#   usr/lib/libncurses.5.4.dylib  install name /usr/lib/libncurses.5.4.dylib,
#                                 compatibility and current version 5.4.0
#   usr/lib/lib{ncurses,ncurses.5,curses,termcap}.dylib -> libncurses.5.4.dylib
#   usr/include/{curses,ncurses,term,termcap,unctrl,ncurses_dll}.h
#   usr/share/terminfo            compiled entries for common terminals
#
# and a static Linux twin from the same source and options (linux/libncurses.a,
# linux/include/, linux/tic) for differential tests.
#
# The configuration is Apple's (its ncurses 5.7 build): ABI 5, one library
# with the terminfo functions inside (no libtinfo) and the wide-character
# functions inside (no separate libncursesw: macOS has only libncurses, and its
# curses.h declares add_wch & co. under _XOPEN_SOURCE_EXTENDED), chtype
# `unsigned int`, mmask_t `unsigned long`, no extended colors or mouse, the
# database in /usr/share/terminfo with hashed (hex) directory names as on
# macOS' case-insensitive file system, termcap fallback.
#
# zig compiles (configure runs with zig cc wrappers); zig links the dylib from
# the library's objects. Cached under target/third-party/darwin-ncurses/
# build-<hash of the zig version, the source version, this script>, then
# installed into target/lib/calvados/darwin/. Prints the build directory on
# stdout. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-darwin-ncurses: %s\n' "$*" >&2; }
start=$(date +%s)

zigdir=$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))')
zigver=$(python3 -m ziglang version)
. scripts/darwin-libs/libcxx-config.sh

base=$root/target/third-party/darwin-ncurses
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9
src=$(bash scripts/debian-source.sh ncurses trixie "$base/debian-ncurses-trixie")
ver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$src/debian/changelog")

key=$( (echo "$zigver $ver"; cat scripts/build-darwin-ncurses.sh) | sha256sum | cut -c1-16)
out=$base/build-$key
darwin=$root/target/lib/calvados/darwin

# The terminals whose entries are compiled into usr/share/terminfo.
terminals=xterm,xterm-256color,screen,screen-256color,tmux,tmux-256color,vt100,vt220,linux,dumb,ansi,rxvt
headers=(curses.h ncurses.h term.h termcap.h unctrl.h ncurses_dll.h)
links=(libncurses.dylib libncurses.5.dylib libcurses.dylib libtermcap.dylib)

# Copies a file into the darwin tree unless it is already there, atomically.
put() {
    local from=$1 to=$darwin/$2
    mkdir -p "$(dirname "$to")"
    if ! cmp -s "$from" "$to"; then
        cp "$from" "$to.tmp"
        mv "$to.tmp" "$to"
    fi
}
install_all() {
    put "$out/usr/lib/libncurses.5.4.dylib" usr/lib/libncurses.5.4.dylib
    for l in "${links[@]}"; do
        [ "$(readlink "$darwin/usr/lib/$l" 2>/dev/null)" = libncurses.5.4.dylib ] ||
            ln -sfn libncurses.5.4.dylib "$darwin/usr/lib/$l"
    done
    for h in "${headers[@]}"; do put "$out/usr/include/$h" "usr/include/$h"; done
    # The database: replaced as a whole when it differs.
    if ! diff -rq "$out/usr/share/terminfo" "$darwin/usr/share/terminfo" >/dev/null 2>&1; then
        rm -rf "$darwin/usr/share/terminfo.tmp"
        mkdir -p "$darwin/usr/share"
        cp -r "$out/usr/share/terminfo" "$darwin/usr/share/terminfo.tmp"
        rm -rf "$darwin/usr/share/terminfo"
        mv "$darwin/usr/share/terminfo.tmp" "$darwin/usr/share/terminfo"
    fi
}

if [ -e "$out/.complete" ]; then
    install_all
    echo "$out"
    exit 0
fi

tmp=$(mktemp -d "$base/.build.XXXXXX")
[ -n "${KEEP_NCURSES_BUILD:-}" ] || trap 'rm -rf "$tmp"' EXIT
export ZIG_GLOBAL_CACHE_DIR="$base/zig-cache" ZIG_LOCAL_CACHE_DIR="$base/zig-cache"

# Compiler wrappers for configure and make (zig itself, not the python
# launcher: configure runs the compiler hundreds of times).
bin=$tmp/bin
mkdir -p "$bin" "$tmp/shim/sys"
printf '#!/bin/sh\nexec "%s/zig" cc -target %s -idirafter "%s" "$@"\n' \
    "$zigdir" "$darwin_target" "$tmp/shim" >"$bin/cc-darwin"
printf '#!/bin/sh\nexec "%s/zig" cc -target x86_64-linux-gnu "$@"\n' "$zigdir" >"$bin/cc-linux"
printf '#!/bin/sh\nexec "%s/zig" ar "$@"\n' "$zigdir" >"$bin/ar"
printf '#!/bin/sh\nexec "%s/zig" ranlib "$@"\n' "$zigdir" >"$bin/ranlib"
chmod +x "$bin"/*

# ncurses keeps ospeed a short on Apple systems by storing the old sgtty speed
# indices of <sys/ttydev.h> in it (lib_baudrate.c), as glibc's B* values
# are; zig's macOS headers lack that header, so it gets the 4.4BSD indices.
cat >"$tmp/shim/sys/ttydev.h" <<'EOF'
#define B0 0
#define B50 1
#define B75 2
#define B110 3
#define B134 4
#define B150 5
#define B200 6
#define B300 7
#define B600 8
#define B1200 9
#define B1800 10
#define B2400 11
#define B4800 12
#define B9600 13
#define EXTA 14
#define EXTB 15
#define B19200 EXTA
#define B38400 EXTB
EOF

# Options shared by both builds (see the header comment); only the library
# (plus tic for the Linux twin) is built.
options=(
    --with-abi-version=5 --enable-widec --with-chtype=int --with-mmask-t=long
    --disable-mixed-case --enable-termcap --with-termpath=/etc/termcap:/usr/share/misc/termcap
    --with-terminfo-dirs=/usr/share/terminfo --with-default-terminfo-dir=/usr/share/terminfo
    --without-shared --with-normal --without-debug --without-profile --without-termlib
    --without-cxx --without-cxx-binding --without-ada --without-manpages --without-tests
    --without-pkg-config --disable-db-install --without-gpm --disable-stripping
    --disable-rpath-hack --without-dlsym --enable-sigwinch
)
configure() { # NAME HOST EXTRA... : configure into $tmp/build-NAME
    local name=$1 host=$2
    shift 2
    mkdir -p "$tmp/build-$name"
    say "configuring the $name build"
    (cd "$tmp/build-$name" && CC="$bin/cc-$name" AR="$bin/ar" RANLIB="$bin/ranlib" \
        CFLAGS="-O2 -fPIC -w" BUILD_CC="$bin/cc-linux" \
        "$src/configure" --build=x86_64-pc-linux-gnu --host="$host" --prefix=/usr \
        "${options[@]}" "$@" >configure.log 2>&1) || {
        tail -n 30 "$tmp/build-$name/configure.log" >&2
        exit 1
    }
}
configure linux x86_64-pc-linux-gnu
# Cross-compiling, configure cannot run its nanosleep test; macOS has it. It
# also leaves poll unused, as on macOS, whose poll fails on devices.
cf_cv_func_nanosleep=yes configure darwin x86_64-apple-darwin20 --without-progs

mk() { # NAME DIR TARGET...: make in $tmp/build-NAME/DIR
    local d=$tmp/build-$1
    make -C "$d/$2" -j2 "${@:3}" >>"$d/make.log" 2>&1 || {
        tail -n 30 "$d/make.log" >&2
        exit 1
    }
}
for t in linux darwin; do
    say "building the $t library"
    mk $t include
    mk $t ncurses libs
done
mk linux progs tic

mkdir -p "$tmp/usr/lib" "$tmp/usr/include" "$tmp/usr/share/terminfo" "$tmp/linux/include"
say "linking libncurses.5.4.dylib"
"$bin/cc-darwin" -shared "$tmp/build-darwin/objects"/*.o \
    -Wl,-install_name,/usr/lib/libncurses.5.4.dylib -Wl,-compatibility_version,5.4.0 \
    -Wl,-current_version,5.4.0 -o "$tmp/usr/lib/libncurses.5.4.dylib"
cp "$tmp/build-linux/lib/libncursesw.a" "$tmp/linux/libncurses.a"
cp "$tmp/build-linux/progs/tic" "$tmp/linux/tic"
for h in "${headers[@]}"; do
    for t in darwin:usr/include linux:linux/include; do
        f=$tmp/build-${t%%:*}/include/$h
        [ -e "$f" ] || f=$src/include/$h
        [ "$h" = ncurses.h ] && f=$tmp/build-${t%%:*}/include/curses.h
        cp "$f" "$tmp/${t#*:}/$h"
    done
done

say "compiling terminfo entries: $terminals"
"$tmp/linux/tic" -x -o "$tmp/usr/share/terminfo" -e "$terminals" "$src/misc/terminfo.src" 2>/dev/null
[ -e "$tmp/usr/share/terminfo/78/xterm-256color" ] || { say "tic wrote no xterm-256color entry"; exit 1; }

rm -rf "$tmp/bin" "$tmp/shim" "$tmp/build-linux" "$tmp/build-darwin"
touch "$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
for old in "$base"/build-*; do [ "$old" = "$out" ] || rm -rf "$old"; done
install_all
say "built in $(($(date +%s) - start)) s: $out"
echo "$out"
