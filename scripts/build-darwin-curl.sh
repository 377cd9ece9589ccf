#!/usr/bin/env bash
# Build libcurl from Debian trixie's curl source for x86_64-macos, at the
# install name macOS programs record:
#
#   usr/lib/libcurl.4.dylib  /usr/lib/libcurl.4.dylib  compatibility 7.0.0,
#                                                      current 9.0.0 (as cmake
#                                                      and Apple's libcurl)
#
# linked against our /usr/lib/libz.1.dylib (scripts/build-darwin-libs.sh) and
# the CoreFoundation/SystemConfiguration frameworks (curl calls
# SCDynamicStoreCopyProxies at init on macOS; crates/frameworks has it), plus
# usr/include/curl/ and a static Linux twin of the same source
# (linux/libcurl.a, linux/libz.a) for differential tests.
#
# No TLS yet (OpenSSL comes later): configured --without-ssl and without
# nghttp2/idn2/psl/ldap/brotli/zstd/libssh, so an `https://` URL fails with
# CURLE_UNSUPPORTED_PROTOCOL ("Protocol "https" not supported").
#
# curl's configure runs once per target (both at once, with a config.cache
# each) to write curl_config.h; zig then compiles lib/'s CSOURCES and this
# script links them itself (libtool would pick other dylib versions).
# Cached under target/third-party/darwin-curl/build-<hash of the zig
# version, the curl source version, the darwin-libs build, this script and
# scripts/darwin-curl/>, then the dylib is copied into
# target/lib/calvados/darwin/usr/lib/, where the loader looks absolute
# install names up. Prints the build directory on stdout. Idempotent. About
# 6 minutes cold on 2 busy cores (70 s of CPU, most of it configure).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-darwin-curl: %s\n' "$*" >&2; }
start=$(date +%s)

zigdir=$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))')
# zig itself, not `python3 -m ziglang`: configure runs the compiler hundreds
# of times, and a Python start (through pyenv shims) each time adds minutes.
zig=$zigdir/zig
zigver=$("$zig" version)
darwin_target=x86_64-macos.11.0
linux_target=x86_64-linux-gnu

# libz first: its build directory has the dylib, headers and Linux libz.a.
dl=$(bash scripts/build-darwin-libs.sh)

base=$root/target/third-party/darwin-curl
mkdir -p "$base"
# One build at a time (tests may call this script concurrently).
exec 9>"$base/.lock"
flock 9
src=$(bash scripts/debian-source.sh curl trixie "$base/debian-curl-trixie")
cver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$src/debian/changelog")

key=$( (echo "$zigver $cver $(basename "$dl")"; cat scripts/build-darwin-curl.sh
    find scripts/darwin-curl -type f -print0 | sort -z | xargs -0 cat) | sha256sum | cut -c1-16)
out=$base/build-$key
install_dir=$root/target/lib/calvados/darwin/usr/lib

install_lib() {
    mkdir -p "$install_dir"
    if ! cmp -s "$out/usr/lib/libcurl.4.dylib" "$install_dir/libcurl.4.dylib"; then
        cp "$out/usr/lib/libcurl.4.dylib" "$install_dir/libcurl.4.dylib.tmp"
        mv "$install_dir/libcurl.4.dylib.tmp" "$install_dir/libcurl.4.dylib"
    fi
}

if [ -e "$out/.complete" ]; then
    install_lib
    echo "$out"
    exit 0
fi

tmp=$(mktemp -d "$base/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export ZIG_GLOBAL_CACHE_DIR="$base/zig-cache" ZIG_LOCAL_CACHE_DIR="$base/zig-cache"
mkdir -p "$tmp/usr/lib" "$tmp/usr/include" "$tmp/linux" "$tmp/bin"

# Compiler wrappers for configure, one per target.
for t in darwin linux; do
    target=$darwin_target
    [ $t = linux ] && target=$linux_target
    printf '#!/bin/sh\nexec %s cc -target %s "$@"\n' "$zig" "$target" >"$tmp/bin/cc-$t"
    chmod +x "$tmp/bin/cc-$t"
done
printf '#!/bin/sh\nexec %s ar "$@"\n' "$zig" >"$tmp/bin/ar"
printf '#!/bin/sh\nexec %s ranlib "$@"\n' "$zig" >"$tmp/bin/ranlib"
chmod +x "$tmp/bin/ar" "$tmp/bin/ranlib"

# zlib as configure's --with-zlib wants it: include/ and lib/libz.*.
mkdir -p "$tmp/zlib-darwin/lib" "$tmp/zlib-linux/lib"
ln -s "$dl/usr/include" "$tmp/zlib-darwin/include"
ln -s "$dl/usr/include" "$tmp/zlib-linux/include"
ln -s "$dl/usr/lib/libz.1.dylib" "$tmp/zlib-darwin/lib/libz.dylib"
ln -s "$dl/linux/libz.a" "$tmp/zlib-linux/lib/libz.a"

# configure adds -framework CoreFoundation/CoreServices/SystemConfiguration on
# macOS; scripts/darwin-curl/frameworks has .tbd stubs with what lib/ uses,
# include/ the one SystemConfiguration header lib/macos.c includes.
fw=$root/scripts/darwin-curl/frameworks
darwin_inc=$root/scripts/darwin-curl/include

# Everything a TLS-less libcurl can leave out; the rest is configure's default
# (threaded resolver, IPv6, cookies, proxies, unix sockets, websockets).
common_conf=(--disable-dependency-tracking --disable-shared --enable-static
    --without-ssl --without-nghttp2 --without-nghttp3 --without-ngtcp2 --without-quiche
    --without-libidn2 --without-libpsl --disable-ldap --disable-ldaps --without-brotli
    --without-zstd --without-libssh2 --without-libssh --without-wolfssh --without-librtmp
    --without-gssapi --without-libuv --without-ca-bundle --without-ca-path
    --disable-manual --disable-docs --disable-curldebug --disable-debug
    --build=x86_64-pc-linux-gnu)
configure_for() { # darwin|linux HOST EXTRA_CPPFLAGS EXTRA_LDFLAGS [VAR=VALUE...]
    local t=$1 host=$2 b=$tmp/b-$1
    mkdir -p "$b"
    (cd "$b" && "$src/configure" -C "${common_conf[@]}" --host="$host" \
        --with-zlib="$tmp/zlib-$t" CC="$tmp/bin/cc-$t" AR="$tmp/bin/ar" \
        RANLIB="$tmp/bin/ranlib" CFLAGS="-O2" CPPFLAGS="$3" LDFLAGS="$4" "${@:5}") \
        >"$tmp/configure-$t.log" 2>&1 || {
        say "configure for $t failed; its log:"
        tail -n 30 "$tmp/configure-$t.log" >&2
        tail -n 60 "$b/config.log" >&2
        return 1
    }
}
say "configuring curl $cver for macOS and Linux"
# pipe2 links (zig's libSystem.tbd has it, weak: newer than macOS 11), but a
# macOS 11 has none and the weak import would be NULL: curl must use pipe().
darwin_cache=(ac_cv_func_pipe2=no)
configure_for darwin x86_64-apple-darwin "-I$darwin_inc" "-F$fw" "${darwin_cache[@]}" &
dpid=$!
configure_for linux x86_64-pc-linux-gnu "" "" &
lpid=$!
ok=1
wait $dpid || ok=0
wait $lpid || ok=0
[ $ok = 1 ] || exit 1
grep -q '^#define HAVE_PIPE2' "$tmp/b-darwin/lib/curl_config.h" && { say "macOS: pipe2 got enabled"; exit 1; }
for t in darwin linux; do
    grep -q '^#define HAVE_LIBZ 1' "$tmp/b-$t/lib/curl_config.h" || { say "$t: no zlib"; exit 1; }
    if grep -q '^#define USE_OPENSSL 1\|^#define USE_NGHTTP2 1' "$tmp/b-$t/lib/curl_config.h"; then
        say "$t: TLS or nghttp2 got enabled"
        exit 1
    fi
done

# lib/'s sources for this configuration, as its Makefile lists them.
mapfile -t srcs < <(make -s -C "$tmp/b-darwin/lib" --no-print-directory \
    --eval 'calvados-srcs: ; @printf "%s\n" $(CSOURCES)' calvados-srcs)
say "compiling ${#srcs[@]} files for each target"
for t in darwin linux; do
    # configure's CPPFLAGS (-D_GNU_SOURCE on Linux, our -I on macOS).
    read -r -a cppflags < <(make -s -C "$tmp/b-$t/lib" --no-print-directory \
        --eval 'calvados-flags: ; @echo $(CPPFLAGS)' calvados-flags)
    mkdir -p "$tmp/obj-$t"
    for s in "${srcs[@]}"; do
        echo "$src/lib/$s $tmp/obj-$t/$(echo "${s%.c}" | tr / -).o"
    done | xargs -r -P 2 -L 1 bash -c '
        set -e
        src=${*: -2:1} obj=${*: -1}
        "${@:1:$#-2}" -c "$src" -o "$obj"
    ' compile-one "$tmp/bin/cc-$t" -O2 -fPIC -w -fvisibility=hidden -DHAVE_CONFIG_H \
        -DBUILDING_LIBCURL -DCURL_HIDDEN_SYMBOLS "${cppflags[@]}" -I"$tmp/b-$t/lib" \
        -I"$src/include" -I"$src/lib" 2>&1 | head -n 50 >&2 || true
done
n_darwin=$(find "$tmp/obj-darwin" -name '*.o' | wc -l)
n_linux=$(find "$tmp/obj-linux" -name '*.o' | wc -l)
[ "$n_darwin" = ${#srcs[@]} ] && [ "$n_linux" = ${#srcs[@]} ] || {
    say "compiled $n_darwin (macOS) and $n_linux (Linux) of ${#srcs[@]} files"
    exit 1
}

say "linking libcurl.4.dylib and libcurl.a"
"$zig" cc -target "$darwin_target" -shared "$tmp/obj-darwin"/*.o \
    "$dl/usr/lib/libz.1.dylib" -F"$fw" -framework CoreFoundation -framework SystemConfiguration \
    -Wl,-install_name,/usr/lib/libcurl.4.dylib -Wl,-compatibility_version,7.0.0 \
    -Wl,-current_version,9.0.0 -o "$tmp/usr/lib/libcurl.4.dylib"
"$zig" ar rcs "$tmp/linux/libcurl.a" "$tmp/obj-linux"/*.o
cp "$dl/linux/libz.a" "$tmp/linux/"
mkdir -p "$tmp/usr/include/curl"
cp "$src"/include/curl/*.h "$tmp/usr/include/curl/"

mkdir -p "$tmp/config"
for t in darwin linux; do cp "$tmp/b-$t/lib/curl_config.h" "$tmp/config/curl_config-$t.h"; done
rm -rf "$tmp/b-darwin" "$tmp/b-linux" "$tmp/bin" "$tmp/zlib-darwin" "$tmp/zlib-linux" "$tmp/obj-darwin" "$tmp/obj-linux"
touch "$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
# Builds for other inputs are stale now.
for old in "$base"/build-*; do
    [ "$old" = "$out" ] || rm -rf "$old"
done
install_lib
say "built in $(($(date +%s) - start)) s: $out"
echo "$out"
