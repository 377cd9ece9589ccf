#!/usr/bin/env bash
# Build the darwin system dylibs that Calvados does not implement in Rust
# but compiles from source, for x86_64-macos, at their macOS install names:
#
#   libc++abi.dylib   /usr/lib/libc++abi.dylib   LLVM libc++abi (zig's copy)
#   libc++.1.dylib    /usr/lib/libc++.1.dylib    LLVM libc++ (zig's copy),
#                                                re-exporting libc++abi
#   libz.1.dylib      /usr/lib/libz.1.dylib      zlib, Debian trixie source
#
# plus, for tests, the headers (include/zlib.h, zconf.h) and a static Linux
# twin of zlib from the same source (linux/libz.a).
#
# zig compiles every object; LLVM's ld64.lld links the two C++ libraries
# because zig's Mach-O linker has no -reexport_library (LC_REEXPORT_DYLIB).
# Cached under target/third-party/darwin-libs/build-<hash of zig version,
# this script, scripts/darwin-libs/, the zlib source version>, then copied
# into target/lib/calvados/darwin/usr/lib/, where the loader looks absolute
# install names up. Prints the build directory on stdout. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-darwin-libs: %s\n' "$*" >&2; }
start=$(date +%s)

zigdir=$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))')
zigver=$(python3 -m ziglang version)
lld=$(command -v ld64.lld-19 || command -v ld64.lld || true)
[ -n "$lld" ] || { say "ld64.lld not found (run scripts/setup.sh)"; exit 1; }

base=$root/target/third-party/darwin-libs
zsrc=$(bash scripts/debian-source.sh zlib trixie "$base/debian-zlib-trixie")
zver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$zsrc/debian/changelog")

key=$( (echo "$zigver"; echo "$zver"; cat scripts/build-darwin-libs.sh; [ ! -d scripts/darwin-libs ] || find scripts/darwin-libs -type f -print0 | sort -z | xargs -0 cat) |
    sha256sum | cut -c1-16)
out=$base/build-$key
install_dir=$root/target/lib/calvados/darwin/usr/lib
libs=(libc++abi.dylib libc++.1.dylib libz.1.dylib)

install_libs() {
    mkdir -p "$install_dir"
    for l in "${libs[@]}"; do
        if ! cmp -s "$out/$l" "$install_dir/$l"; then
            cp "$out/$l" "$install_dir/$l.tmp"
            mv "$install_dir/$l.tmp" "$install_dir/$l"
        fi
    done
}

if [ -e "$out/.complete" ]; then
    install_libs
    echo "$out"
    exit 0
fi

jobs=$(nproc)
tmp=$(mktemp -d "$base/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export ZIG_GLOBAL_CACHE_DIR="$base/zig-cache" ZIG_LOCAL_CACHE_DIR="$base/zig-cache"

# zig's libSystem.tbd without the arm64e.x1 targets lld does not know.
python3 - "$zigdir/lib/libc/darwin/libSystem.tbd" "$tmp/libSystem.tbd" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'arm64e\.x1-(macos|maccatalyst)\s*,?\s*', '', s)
s = re.sub(r',\s*\]', ' ]', s)
open(sys.argv[2], 'w').write(s)
PY

# Compiles "SRC OBJ" lines from stdin, $jobs at a time, with the flags given
# as arguments. Objects are cached by the hash of flags + source path.
compile_all() {
    xargs -r -P "$jobs" -L 1 bash -c '
        set -e
        src=${*: -2:1} obj=${*: -1}
        python3 -m ziglang cc "${@:1:$#-2}" -c "$src" -o "$obj.tmp"
        mv "$obj.tmp" "$obj"
    ' compile "$@"
}

# --- libc++ and libc++abi ------------------------------------------------
# The configuration zig itself compiles libc++ with (`zig c++ -v` shows it;
# zig passes these instead of generating __config_site): Apple's ABI v1,
# inline namespace __1 (mangled NSt3__1, as macOS binaries import), no
# hardening. Unlike zig, which links libc++ statically with every symbol
# hidden, a dylib keeps libc++'s own visibility annotations: hidden by
# default, exported where the headers say _LIBCPP_EXPORTED_FROM_ABI /
# _LIBCXXABI_FUNC_VIS. The objects target macOS 11, so atomics wait with
# __ulock_wait as on macOS >= 10.15.
cxx="$zigdir/lib/libcxx" abi="$zigdir/lib/libcxxabi"
llvm_major=$(sed -n 's/^#  *define _LIBCPP_VERSION \([0-9]*\)[0-9][0-9][0-9][0-9]$/\1/p' "$cxx/include/__config")
[ -n "$llvm_major" ] || { say "cannot read _LIBCPP_VERSION from $cxx/include/__config"; exit 1; }
config=(
    -D_LIBCPP_ABI_VERSION=1 -D_LIBCPP_ABI_NAMESPACE=__1
    -D_LIBCPP_HAS_THREADS=1 -D_LIBCPP_HAS_MONOTONIC_CLOCK=1 -D_LIBCPP_HAS_TERMINAL=1
    -D_LIBCPP_HAS_MUSL_LIBC=0 -D_LIBCPP_HAS_VENDOR_AVAILABILITY_ANNOTATIONS=0
    -D_LIBCPP_HAS_FILESYSTEM=1 -D_LIBCPP_HAS_RANDOM_DEVICE=1 -D_LIBCPP_HAS_LOCALIZATION=1
    -D_LIBCPP_HAS_UNICODE=1 -D_LIBCPP_HAS_WIDE_CHARACTERS=1 -D_LIBCPP_HAS_NO_STD_MODULES
    -D_LIBCPP_PSTL_BACKEND_SERIAL
    -D_LIBCPP_HARDENING_MODE=_LIBCPP_HARDENING_MODE_NONE
    -D_LIBCPP_ASSERTION_SEMANTIC_DEFAULT=_LIBCPP_ASSERTION_SEMANTIC_IGNORE
)
common=(
    -target x86_64-macos.11.0 -O2 -fPIC -fno-omit-frame-pointer
    -fvisibility=hidden -fvisibility-inlines-hidden -fstrict-aliasing
    -funwind-tables -std=c++23 -nostdinc++ -DNDEBUG
    -I"$cxx/include" -I"$abi/include" "${config[@]}"
    -D_LIBCPP_BUILDING_LIBRARY -Wno-user-defined-literals
)
cxx_flags=("${common[@]}" -I"$cxx/src" -I"$cxx/libc" -DLIBC_NAMESPACE=__llvm_libc_common_utils
    -DLIBCXX_BUILDING_LIBCXXABI -D_LIBCPP_HAS_NO_PRAGMA_SYSTEM_HEADER -faligned-allocation)
abi_flags=("${common[@]}" -I"$abi/src" -I"$cxx/src" -D_LIBCXXABI_BUILDING_LIBRARY)

# The files LLVM builds into the Apple dylibs: libc++abi without
# cxa_noexception (exceptions are on) and cxa_thread_atexit (macOS has
# _tlv_atexit in libdyld instead); libc++ without the Windows-only
# int128_builtins and the experimental/pstl extras.
abi_srcs=()
for f in "$abi"/src/*.cpp; do
    case $(basename "$f") in cxa_noexception.cpp | cxa_thread_atexit.cpp) continue ;; esac
    abi_srcs+=("$f")
done
cxx_srcs=()
for f in "$cxx"/src/*.cpp "$cxx"/src/filesystem/*.cpp "$cxx"/src/ryu/*.cpp; do
    case $(basename "$f") in int128_builtins.cpp) continue ;; esac
    cxx_srcs+=("$f")
done

objbase=$base/obj
objkey() { (echo "$zigver"; printf '%s\n' "$@") | sha256sum | cut -c1-16; }
abi_obj=$objbase/abi-$(objkey "${abi_flags[@]}")
cxx_obj=$objbase/cxx-$(objkey "${cxx_flags[@]}")
mkdir -p "$abi_obj" "$cxx_obj"
list() { # DIR SRC... -> "SRC DIR/NAME.o" for objects not built yet
    local dir=$1 s o
    shift
    for s in "$@"; do
        o=$dir/$(basename "$(dirname "$s")")-$(basename "$s" .cpp).o
        [ -s "$o" ] || echo "$s $o"
    done
}
say "compiling libc++abi (${#abi_srcs[@]} files) and libc++ (${#cxx_srcs[@]} files), $jobs jobs"
list "$abi_obj" "${abi_srcs[@]}" | compile_all "${abi_flags[@]}"
list "$cxx_obj" "${cxx_srcs[@]}" | compile_all "${cxx_flags[@]}"

ld_common=(-arch x86_64 -platform_version macos 11.0 11.0 -dylib -no_fixup_chains
    -L"$tmp" -lSystem -compatibility_version 1.0.0 -current_version "${llvm_major}00.0.0"
    -dead_strip)
say "linking libc++abi.dylib and libc++.1.dylib"
"$lld" "${ld_common[@]}" -install_name /usr/lib/libc++abi.dylib \
    "$abi_obj"/*.o -o "$tmp/libc++abi.dylib"
"$lld" "${ld_common[@]}" -install_name /usr/lib/libc++.1.dylib \
    -reexport_library "$tmp/libc++abi.dylib" "$cxx_obj"/*.o -o "$tmp/libc++.1.dylib"
python3 scripts/darwin-libs/fix-reexport.py "$tmp/libc++.1.dylib"

# --- zlib ------------------------------------------------------------------
# Built as zlib's own configure does on macOS: internal symbols hidden
# (HAVE_HIDDEN), unistd/stdarg available. Install name and versions as
# macOS' libz: compatibility 1.0.0, current = the zlib release.
zlib_release=$(sed -n 's/^#define ZLIB_VERSION "\([0-9.]*\)".*/\1/p' "$zsrc/zlib.h")
zlib_c=(adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate inftrees trees uncompr zutil)
zflags=(-O2 -fPIC -w -DHAVE_HIDDEN -DHAVE_UNISTD_H -DHAVE_STDARG_H -I"$zsrc")
say "building zlib $zlib_release ($zver)"
mkdir -p "$tmp/zlib/darwin" "$tmp/zlib/linux" "$tmp/linux" "$tmp/include"
for side in darwin linux; do
    case $side in
        darwin) target=x86_64-macos.11.0 ;;
        linux) target=x86_64-linux-gnu ;;
    esac
    for f in "${zlib_c[@]}"; do echo "$zsrc/$f.c $tmp/zlib/$side/$f.o"; done |
        compile_all -target "$target" "${zflags[@]}"
done
python3 -m ziglang cc -target x86_64-macos.11.0 -shared "$tmp"/zlib/darwin/*.o \
    -Wl,-install_name,/usr/lib/libz.1.dylib -Wl,-compatibility_version,1.0.0 \
    -Wl,-current_version,"$zlib_release" -o "$tmp/libz.1.dylib"
python3 -m ziglang ar rcs "$tmp/linux/libz.a" "$tmp"/zlib/linux/*.o
cp "$zsrc/zlib.h" "$zsrc/zconf.h" "$tmp/include/"
rm -rf "$tmp/zlib" "$tmp/libSystem.tbd"

touch "$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
install_libs
say "built in $(($(date +%s) - start)) s: $out"
echo "$out"
