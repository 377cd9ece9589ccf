#!/usr/bin/env bash
# Build the darwin system dylibs that Calvados compiles from source instead
# of implementing in Rust, for x86_64-macos, at their macOS install names:
#
#   usr/lib/libc++abi.dylib  /usr/lib/libc++abi.dylib  LLVM libc++abi (zig's copy)
#   usr/lib/libc++.1.dylib   /usr/lib/libc++.1.dylib   LLVM libc++ (zig's copy),
#                                                      re-exporting libc++abi
#   usr/lib/libz.1.dylib     /usr/lib/libz.1.dylib     zlib, Debian trixie source
#   usr/lib/liblzma.5.dylib  /usr/lib/liblzma.5.dylib  liblzma, Debian trixie xz-utils
#   usr/lib/libbz2.1.0.dylib /usr/lib/libbz2.1.0.dylib libbz2, Debian bzip2 source
#
# and, to build tests against them, usr/lib/libSystem.tbd (zig's, for lld),
# usr/include/{zlib.h,zconf.h,lzma.h,lzma/,bzlib.h}, and static Linux twins
# from the same sources (linux/libz.a, liblzma.a, libbz2.a). scripts/darwin-libs/c++ links C++ programs.
#
# zig compiles every object; LLVM's ld64.lld links the two C++ libraries
# because zig's Mach-O linker has no -reexport_library (LC_REEXPORT_DYLIB).
# Cached under target/third-party/darwin-libs/build-<hash of the zig
# version, this script, scripts/darwin-libs/, the zlib source version>
# (objects under obj/), then copied into target/lib/calvados/darwin/usr/lib/,
# where the loader looks absolute install names up. Prints the build
# directory on stdout. Idempotent. About 3 minutes cold on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-darwin-libs: %s\n' "$*" >&2; }
start=$(date +%s)

zigdir=$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))')
zigver=$(python3 -m ziglang version)
. scripts/darwin-libs/libcxx-config.sh
[ -n "$lld" ] || { say "ld64.lld not found (run scripts/setup.sh)"; exit 1; }

base=$root/target/third-party/darwin-libs
mkdir -p "$base"
# One build at a time (tests may call this script concurrently).
exec 9>"$base/.lock"
flock 9
zsrc=$(bash scripts/debian-source.sh zlib trixie "$base/debian-zlib-trixie")
zver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$zsrc/debian/changelog")
xsrc=$(bash scripts/debian-source.sh xz-utils trixie "$base/debian-xz-utils-trixie")
xver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$xsrc/debian/changelog")
# bzip2: trixie's source does not resolve through apt-get source (it asks for
# the installed binary's version); bookworm's has the same upstream 1.0.8.
bsrc=$(bash scripts/debian-source.sh bzip2 bookworm "$base/debian-bzip2-bookworm")
bver=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$bsrc/debian/changelog")

key=$( (echo "$zigver $zver $xver $bver"; cat scripts/build-darwin-libs.sh
    find scripts/darwin-libs -type f -print0 | sort -z | xargs -0 cat) | sha256sum | cut -c1-16)
out=$base/build-$key
install_dir=$root/target/lib/calvados/darwin/usr/lib
libs=(libc++abi.dylib libc++.1.dylib libz.1.dylib liblzma.5.dylib libbz2.1.0.dylib)

install_libs() {
    mkdir -p "$install_dir"
    for l in "${libs[@]}"; do
        if ! cmp -s "$out/usr/lib/$l" "$install_dir/$l"; then
            cp "$out/usr/lib/$l" "$install_dir/$l.tmp"
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
lib=$tmp/usr/lib
mkdir -p "$lib" "$tmp/usr/include" "$tmp/linux"

# zig's libSystem.tbd without the arm64e.x1 targets lld does not know.
python3 - "$zigdir/lib/libc/darwin/libSystem.tbd" "$lib/libSystem.tbd" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'arm64e\.x1-(macos|maccatalyst)\s*,?\s*', '', s)
s = re.sub(r',\s*\]', ' ]', s)
open(sys.argv[2], 'w').write(s)
PY

# Compiles "SRC OBJ" lines from stdin, $jobs at a time, with the flags given
# as arguments.
compile_all() {
    xargs -r -P "$jobs" -L 1 bash -c '
        set -e
        src=${*: -2:1} obj=${*: -1}
        python3 -m ziglang cc "${@:1:$#-2}" -c "$src" -o "$obj.tmp"
        mv "$obj.tmp" "$obj"
    ' compile "$@"
}
# Object directories are keyed by the zig version and the flags; the ones
# for other keys are removed at the end.
objbase=$base/obj
objdir() { echo "$objbase/$1-$( (echo "$zigver"; printf '%s\n' "${@:2}") | sha256sum | cut -c1-16)"; }
pending() { # DIR EXT SRC... -> "SRC DIR/NAME.o" for the objects not built yet
    local dir=$1 ext=$2 s o
    shift 2
    for s in "$@"; do
        o=$dir/$(basename "$(dirname "$s")")-$(basename "$s" "$ext").o
        [ -s "$o" ] || echo "$s $o"
    done
}

# --- libc++ and libc++abi ------------------------------------------------
# libcxx-config.sh has the configuration zig itself compiles libc++ with.
# Unlike zig, which links libc++ statically with every symbol hidden
# (_LIBCPP_DISABLE_VISIBILITY_ANNOTATIONS), a dylib keeps libc++'s own
# visibility annotations: hidden by default, exported where the headers say
# _LIBCPP_EXPORTED_FROM_ABI / _LIBCXXABI_FUNC_VIS.
cxx=$libcxx_src abi=$libcxxabi_src
llvm_major=$(sed -n 's/^#  *define _LIBCPP_VERSION \([0-9]*\)[0-9][0-9][0-9][0-9]$/\1/p' "$cxx/include/__config")
[ -n "$llvm_major" ] || { say "cannot read _LIBCPP_VERSION from $cxx/include/__config"; exit 1; }
common=(
    -target "$darwin_target" -O2 -fPIC -fno-omit-frame-pointer
    -fvisibility=hidden -fvisibility-inlines-hidden -fstrict-aliasing
    -funwind-tables -std=c++23 -DNDEBUG "${libcxx_headers[@]}" "${libcxx_config[@]}"
    -D_LIBCPP_BUILDING_LIBRARY -Wno-user-defined-literals -Wno-nullability-completeness
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

abi_obj=$(objdir abi "${abi_flags[@]}")
cxx_obj=$(objdir cxx "${cxx_flags[@]}")
mkdir -p "$abi_obj" "$cxx_obj"
say "compiling libc++abi (${#abi_srcs[@]} files) and libc++ (${#cxx_srcs[@]} files), $jobs jobs"
pending "$abi_obj" .cpp "${abi_srcs[@]}" | compile_all "${abi_flags[@]}"
pending "$cxx_obj" .cpp "${cxx_srcs[@]}" | compile_all "${cxx_flags[@]}"

# zig's compiler-rt, linked in with its symbols hidden as zig does for
# everything it links: libc++ needs __divti3 (filesystem clock arithmetic),
# which macOS' libSystem re-exports from libcompiler_rt but ours lacks. Listed
# before libSystem so that lld takes the builtins from it.
# Its C library functions (memcpy, ...) are renamed first, so the images
# use libSystem's (darwin-libs/rt-private-libc.py says why).
rt_obj=$(objdir compiler-rt "$darwin_target" private-libc)
if [ ! -s "$rt_obj/libcompiler_rt.a" ]; then
    mkdir -p "$rt_obj"
    python3 -m ziglang build-lib -target "$darwin_target" -OReleaseFast -fPIC \
        "$zigdir/lib/compiler_rt.zig" -femit-bin="$rt_obj/libcompiler_rt.tmp.a"
    python3 scripts/darwin-libs/rt-private-libc.py "$rt_obj/libcompiler_rt.tmp.a"
    mv "$rt_obj/libcompiler_rt.tmp.a" "$rt_obj/libcompiler_rt.a"
fi

# Versions: compatibility 1.0.0 as on macOS; current = the LLVM release.
ld_common=(-arch x86_64 -platform_version macos "$darwin_min" "$darwin_min" -dylib
    -no_fixup_chains -dead_strip -L"$rt_obj" -hidden-lcompiler_rt -L"$lib" -lSystem
    -compatibility_version 1.0.0 -current_version "${llvm_major}00.0.0")
say "linking libc++abi.dylib and libc++.1.dylib"
"$lld" "${ld_common[@]}" -install_name /usr/lib/libc++abi.dylib \
    "$abi_obj"/*.o -o "$lib/libc++abi.dylib"
"$lld" "${ld_common[@]}" -install_name /usr/lib/libc++.1.dylib \
    -reexport_library "$lib/libc++abi.dylib" "$cxx_obj"/*.o -o "$lib/libc++.1.dylib"
python3 scripts/darwin-libs/fix-reexport.py "$lib/libc++.1.dylib"

# --- zlib ------------------------------------------------------------------
# Built as zlib's own configure does on macOS: internal symbols hidden
# (HAVE_HIDDEN), unistd/stdarg available. Install name and versions as
# macOS' libz: compatibility 1.0.0, current = the zlib release.
zlib_release=$(sed -n 's/^#define ZLIB_VERSION "\([0-9.]*\)".*/\1/p' "$zsrc/zlib.h")
zlib_srcs=()
for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate \
    inftrees trees uncompr zutil; do
    zlib_srcs+=("$zsrc/$f.c")
done
zflags=(-O2 -fPIC -w -DHAVE_HIDDEN -DHAVE_UNISTD_H -DHAVE_STDARG_H -I"$zsrc")
say "building zlib $zlib_release ($zver)"
z_darwin=$(objdir zlib-darwin "$zver" "$darwin_target" "${zflags[@]}")
z_linux=$(objdir zlib-linux "$zver" "${zflags[@]}")
mkdir -p "$z_darwin" "$z_linux"
pending "$z_darwin" .c "${zlib_srcs[@]}" | compile_all -target "$darwin_target" "${zflags[@]}"
pending "$z_linux" .c "${zlib_srcs[@]}" | compile_all -target x86_64-linux-gnu "${zflags[@]}"
python3 -m ziglang cc -target "$darwin_target" -shared "$z_darwin"/*.o \
    -Wl,-install_name,/usr/lib/libz.1.dylib -Wl,-compatibility_version,1.0.0 \
    -Wl,-current_version,"$zlib_release" -o "$lib/libz.1.dylib"
python3 -m ziglang ar rcs "$tmp/linux/libz.a" "$z_linux"/*.o
cp "$zsrc/zlib.h" "$zsrc/zconf.h" "$tmp/usr/include/"

# --- liblzma (xz-utils) ------------------------------------------------------
# configure is slow (minutes on a loaded machine), so its result is kept:
# scripts/darwin-libs/xz-{darwin,linux}/config.h are the #define lines that
# xz's configure produced with zig cc for each target (--enable-threads=posix,
# no xz/xzdec/scripts/nls). The file list is liblzma_la_SOURCES for that
# configuration. Install name and versions as macOS' (what binaries record:
# compatibility 6.0.0, current 6.3.0).
xz_release=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' scripts/darwin-libs/xz-darwin/config.h)
grep -q "^#define LZMA_VERSION_MINOR $(echo "$xz_release" | cut -d. -f2)" "$xsrc/src/liblzma/api/lzma/version.h" || {
    say "xz source $xver is not $xz_release: regenerate scripts/darwin-libs/xz-*/config.h with its configure"
    exit 1
}
l=$xsrc/src/liblzma
lzma_srcs=("$xsrc"/src/common/tuklib_{cpucores,physmem}.c)
for f in check/{check,crc32_fast,crc64_fast,sha256} \
    common/{alone_decoder,alone_encoder,auto_decoder,block_buffer_decoder,block_buffer_encoder} \
    common/{block_decoder,block_encoder,block_header_decoder,block_header_encoder,block_util} \
    common/{common,easy_buffer_encoder,easy_decoder_memusage,easy_encoder,easy_encoder_memusage} \
    common/{easy_preset,file_info,filter_buffer_decoder,filter_buffer_encoder,filter_common} \
    common/{filter_decoder,filter_encoder,filter_flags_decoder,filter_flags_encoder} \
    common/{hardware_cputhreads,hardware_physmem,index,index_decoder,index_encoder,index_hash} \
    common/{lzip_decoder,microlzma_decoder,microlzma_encoder,outqueue,stream_buffer_decoder} \
    common/{stream_buffer_encoder,stream_decoder,stream_decoder_mt,stream_encoder,stream_encoder_mt} \
    common/{stream_flags_common,stream_flags_decoder,stream_flags_encoder,string_conversion} \
    common/{vli_decoder,vli_encoder,vli_size} delta/{delta_common,delta_decoder,delta_encoder} \
    lz/{lz_decoder,lz_encoder,lz_encoder_mf} \
    lzma/{fastpos_table,lzma2_decoder,lzma2_encoder,lzma_decoder,lzma_encoder} \
    lzma/{lzma_encoder_optimum_fast,lzma_encoder_optimum_normal,lzma_encoder_presets} \
    rangecoder/price_table simple/{arm,arm64,armthumb,ia64,powerpc,riscv,simple_coder} \
    simple/{simple_decoder,simple_encoder,sparc,x86}; do
    lzma_srcs+=("$l/$f.c")
done
xflags=(-O2 -fPIC -w -pthread -fvisibility=hidden -DHAVE_CONFIG_H -DTUKLIB_SYMBOL_PREFIX=lzma_
    -I"$l/api" -I"$l/common" -I"$l/check" -I"$l/lz" -I"$l/rangecoder" -I"$l/lzma" -I"$l/delta"
    -I"$l/simple" -I"$xsrc/src/common")
say "building liblzma $xz_release ($xver)"
x_darwin=$(objdir lzma-darwin "$xver" "$darwin_target" "${xflags[@]}")
x_linux=$(objdir lzma-linux "$xver" "${xflags[@]}")
mkdir -p "$x_darwin" "$x_linux"
pending "$x_darwin" .c "${lzma_srcs[@]}" |
    compile_all -target "$darwin_target" -I"$root/scripts/darwin-libs/xz-darwin" "${xflags[@]}"
pending "$x_linux" .c "${lzma_srcs[@]}" |
    compile_all -target x86_64-linux-gnu -I"$root/scripts/darwin-libs/xz-linux" "${xflags[@]}"
python3 -m ziglang cc -target "$darwin_target" -shared "$x_darwin"/*.o \
    -Wl,-install_name,/usr/lib/liblzma.5.dylib -Wl,-compatibility_version,6.0.0 \
    -Wl,-current_version,6.3.0 -o "$lib/liblzma.5.dylib"
python3 -m ziglang ar rcs "$tmp/linux/liblzma.a" "$x_linux"/*.o
cp -r "$l/api/lzma.h" "$l/api/lzma" "$tmp/usr/include/"

# --- libbz2 ------------------------------------------------------------------
# The library part of bzip2's Makefile-libbz2_so. Versions as macOS' libbz2:
# compatibility 1.0.0, current = the bzip2 release.
bz_release=$(sed -n 's/^#define BZ_VERSION  *"\([0-9.]*\),.*/\1/p' "$bsrc/bzlib_private.h")
bz_srcs=()
for f in blocksort huffman crctable randtable compress decompress bzlib; do
    bz_srcs+=("$bsrc/$f.c")
done
bflags=(-O2 -fPIC -w -D_FILE_OFFSET_BITS=64)
say "building libbz2 $bz_release ($bver)"
b_darwin=$(objdir bz2-darwin "$bver" "$darwin_target" "${bflags[@]}")
b_linux=$(objdir bz2-linux "$bver" "${bflags[@]}")
mkdir -p "$b_darwin" "$b_linux"
pending "$b_darwin" .c "${bz_srcs[@]}" | compile_all -target "$darwin_target" "${bflags[@]}"
pending "$b_linux" .c "${bz_srcs[@]}" | compile_all -target x86_64-linux-gnu "${bflags[@]}"
python3 -m ziglang cc -target "$darwin_target" -shared "$b_darwin"/*.o \
    -Wl,-install_name,/usr/lib/libbz2.1.0.dylib -Wl,-compatibility_version,1.0.0 \
    -Wl,-current_version,"$bz_release" -o "$lib/libbz2.1.0.dylib"
python3 -m ziglang ar rcs "$tmp/linux/libbz2.a" "$b_linux"/*.o
cp "$bsrc/bzlib.h" "$tmp/usr/include/"

touch "$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
# Builds and objects for other inputs are stale now.
for old in "$base"/build-* "$objbase"/*; do
    case $old in "$out" | "$abi_obj" | "$cxx_obj" | "$rt_obj" | "$z_darwin" | "$z_linux" | "$x_darwin" | "$x_linux" | "$b_darwin" | "$b_linux") ;; *) rm -rf "$old" ;; esac
done
install_libs
say "built in $(($(date +%s) - start)) s: $out"
echo "$out"
