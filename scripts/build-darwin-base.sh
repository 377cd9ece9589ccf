#!/usr/bin/env bash
# Build the darwin base system -- the shell and the utilities a shell user
# and a Nix builder expect -- as x86_64 Mach-O programs from Debian bookworm
# source packages, cross-compiled with zig's cc for x86_64-apple-darwin, and
# install them into the runtime tree target/lib/calvados/darwin/ at their
# macOS locations (bin/ as macOS has it, usr/bin/ for the rest), from where
# `calvados prefix init` copies them into a prefix.
#
#   package      programs
#   bash         bin/bash, bin/sh (bash; POSIX mode when called as sh)
#   coreutils    bin/{cat,chmod,cp,date,dd,df,echo,expr,kill,link,ln,ls,mkdir,
#                mv,pwd,rm,rmdir,sleep,stty,sync,test,[,unlink}, the rest in usr/bin
#   findutils    usr/bin/{find,xargs}
#   grep sed     usr/bin/{grep,egrep,fgrep}, usr/bin/sed
#   gawk         usr/bin/{gawk,awk}
#   diffutils    usr/bin/{diff,diff3,sdiff,cmp}
#   patch tar    usr/bin/patch, usr/bin/tar
#   gzip         usr/bin/{gzip,gunzip,zcat,...} (gzip's scripts)
#   bzip2 xz     usr/bin/{bzip2,bunzip2,bzcat}, usr/bin/{xz,unxz,xzcat,lzma,...},
#                linked against the runtime tree's libbz2/liblzma
#   make         usr/bin/make
#   which        usr/bin/which (debianutils' POSIX sh script, from its .deb:
#                the source tarball is not on the mirror)
#   less         usr/bin/less, only when /usr/lib/libncurses.5.4.dylib and its
#                headers are in the runtime tree (scripts/build-darwin-ncurses.sh)
#
# Also the Linux twins for the differential test (tests/base): Debian's own
# amd64 binary packages of exactly the same versions, unpacked (never
# installed) into target/third-party/darwin-base/linux/.
#
# Every source is bookworm's: CI and this machine run bookworm, so the twins
# -- bookworm's binary packages of the same version -- run on the host (the
# trixie builds need a newer glibc).
#
# Each package is built in its own work directory keyed by the zig version,
# its source version and its build recipe (the bash function below), so a
# change to one package rebuilds only that one; the installed tree is
# assembled under build-<hash of everything> (.complete marker), then copied
# into the runtime tree file by file (temp file + rename). Prints the build
# directory on stdout. Idempotent; one run at a time (flock).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf 'build-darwin-base: %s\n' "$*" >&2; }
start=$(date +%s)

base=$root/target/third-party/darwin-base
runtime=$root/target/lib/calvados/darwin
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9

# make's Debian source has no generated configure: autoreconf needs the
# autotools (and autopoint for its gettext macros).
if ! command -v autoreconf >/dev/null || ! command -v autopoint >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing autotools: sudo apt-get install autoconf automake autopoint"
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        autoconf automake autopoint >/dev/null
fi

# libz, liblzma, libbz2 (dylibs and headers) come from build-darwin-libs.sh.
libs_out=$(bash scripts/build-darwin-libs.sh)
zigdir=$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))')
zigver=$(python3 -m ziglang version)
jobs=2

# --- sources -----------------------------------------------------------------
suite=bookworm
packages=(bash coreutils findutils grep sed gawk diffutils patch tar gzip bzip2 xz-utils make-dfsg)
declare -A src ver
for p in "${packages[@]}"; do
    src[$p]=$(bash scripts/debian-source.sh "$p" "$suite" "$base/debian-$p-$suite")
    ver[$p]=$(sed -n '1s/.*(\(.*\)).*/\1/p' "${src[$p]}/debian/changelog")
done
which_ver=5.7-0.5~deb12u1 # debianutils
less_ok=false
ncurses_lib=$runtime/usr/lib/libncurses.5.4.dylib
ncurses_inc=$runtime/usr/include
if [ -f "$ncurses_lib" ] && [ -f "$ncurses_inc/curses.h" ]; then
    less_ok=true
    packages+=(less)
    src[less]=$(bash scripts/debian-source.sh less "$suite" "$base/debian-less-$suite")
    ver[less]=$(sed -n '1s/.*(\(.*\)).*/\1/p' "${src[less]}/debian/changelog")
else
    say "skipping less: $ncurses_lib or $ncurses_inc/curses.h is missing (scripts/build-darwin-ncurses.sh builds them)"
fi

# --- toolchain -----------------------------------------------------------------
# zig's clang compiles; ld64.lld links (scripts/darwin-base/cc says why).
# ar/ranlib call zig directly (not through python: configure runs the tools
# hundreds of times).
tools=$base/tools
mkdir -p "$tools"
write_tool() { # NAME CONTENT
    if [ "$(cat "$tools/$1" 2>/dev/null)" != "$2" ]; then
        printf '%s\n' "$2" >"$tools/$1.tmp"
        chmod +x "$tools/$1.tmp"
        mv "$tools/$1.tmp" "$tools/$1"
    fi
}
darwin_target=x86_64-macos.11.0
write_tool cc "$(cat scripts/darwin-base/cc)"
write_tool ar "#!/bin/sh
exec '$zigdir/zig' ar \"\$@\""
write_tool ranlib "#!/bin/sh
exec '$zigdir/zig' ranlib \"\$@\""
lld=$(command -v ld64.lld-19 || command -v ld64.lld || true)
[ -n "$lld" ] || { say "ld64.lld not found (run scripts/setup.sh)"; exit 1; }
# libSystem.tbd as lld reads it (build-darwin-libs.sh's) and zig's
# compiler-rt (builtins macOS' libSystem re-exports), linked hidden.
syslib=$base/syslib-$zigver
if [ ! -s "$syslib/libcompiler_rt.a" ]; then
    mkdir -p "$syslib"
    python3 -m ziglang build-lib -target "$darwin_target" -OReleaseFast -fPIC \
        "$zigdir/lib/compiler_rt.zig" -femit-bin="$syslib/libcompiler_rt.tmp.a" >&2
    mv "$syslib/libcompiler_rt.tmp.a" "$syslib/libcompiler_rt.a"
fi
cp -f "$libs_out/usr/lib/libSystem.tbd" "$syslib/libSystem.tbd"
export DARWIN_BASE_ZIG=$zigdir/zig DARWIN_BASE_TARGET=$darwin_target DARWIN_BASE_LLD=$lld \
    DARWIN_BASE_SYSLIB=$syslib
export ZIG_GLOBAL_CACHE_DIR="$base/zig-cache" ZIG_LOCAL_CACHE_DIR="$base/zig-cache"

# The runtime tree's dylibs under their link names, and their headers.
sdk=$base/sdk
mkdir -p "$sdk/lib" "$sdk/include"
for l in libz.1.dylib:libz.dylib liblzma.5.dylib:liblzma.dylib libbz2.1.0.dylib:libbz2.dylib; do
    cp -f "$libs_out/usr/lib/${l%%:*}" "$sdk/lib/${l#*:}"
done
cp -rf "$libs_out/usr/include/." "$sdk/include/"
cp -f scripts/darwin-base/*.h "$sdk/include/"
if $less_ok; then
    cp -f "$ncurses_lib" "$sdk/lib/libncurses.dylib"
    cp -f "$ncurses_inc"/{curses.h,ncurses.h,ncurses_dll.h,term.h,termcap.h,unctrl.h} "$sdk/include/"
fi

cflags="-O2 -g0 -w"
# What every configure gets. iconv: macOS has it in libiconv, which the
# runtime tree does not have; NLS is off anyway.
common_conf=(--host=x86_64-apple-darwin --build=x86_64-pc-linux-gnu --prefix=/usr
    --disable-nls CC="$tools/cc" AR="$tools/ar" RANLIB="$tools/ranlib"
    CFLAGS="$cflags" CPPFLAGS="-I$sdk/include" LDFLAGS="-L$sdk/lib"
    am_cv_func_iconv=no)

# The autoconf cache the gnulib-based packages share: results of the same
# gnulib tests for the same compiler and target. The precious-variable
# entries (ac_cv_env_*) are dropped so that each package may pass its own.
shared_cache=$base/work/gnulib-$( (echo "$zigver"; cat scripts/darwin-base/cc) | sha256sum | cut -c1-16).cache
use_cache() { # DIR: copy the shared cache into DIR/config.cache
    if [ -f "$shared_cache" ]; then
        grep -v '^ac_cv_env_' "$shared_cache" >"$1/config.cache" || true
    else
        : >"$1/config.cache"
    fi
}
save_cache() { # DIR: merge DIR/config.cache back into the shared one
    grep -v '^ac_cv_env_' "$1/config.cache" >"$shared_cache.tmp" || true
    mv "$shared_cache.tmp" "$shared_cache"
}

# --- recipes ---------------------------------------------------------------------
# Each build_PKG runs in a fresh copy of the source ($PWD) and installs with
# DESTDIR=$dest. Nothing but the programs (no docs, no man pages, no tests).

build_bash() {
    # Bash's own malloc is for systems without a good one; macOS' bash uses
    # the system allocator. Readline is bash's bundled copy, with termcap
    # from the runtime tree's libncurses when it is there (as macOS), else
    # bash's bundled termcap.
    local termcap=gnutermcap
    if $less_ok; then termcap=libncurses; fi
    # Its bundled termcap is K&R C: modern clang's errors for implicit
    # declarations are warnings again, and its variables shared with
    # readline (PC, BC, UP) are tentative definitions (-fcommon). Its
    # "broken strtold" check fails to compile with a modern clang for an
    # unrelated pointer mismatch; macOS' strtold is fine (printf %f then
    # takes the long double path, as on macOS). Cross-compiling, configure
    # cannot run its getcwd(NULL, 0) test and assumes it broken, so bash
    # would use its own getcwd, which walks ".." and fails across the
    # mounts of a Calvados shell; macOS' getcwd allocates.
    ./configure "${common_conf[@]}" --without-bash-malloc --enable-largefile \
        CFLAGS="$cflags -fcommon -Wno-error=implicit-function-declaration -Wno-error=implicit-int" \
        --disable-profiling --without-installed-readline \
        bash_cv_termcap_lib=$termcap bash_cv_strtold_broken=no bash_cv_getcwd_malloc=yes >configure.log 2>&1 || { tail -30 configure.log >&2; return 1; }
    make -j$jobs >make.log 2>&1 || { tail -40 make.log >&2; return 1; }
    mkdir -p "$dest/bin"
    cp bash "$dest/bin/bash"
    cp bash "$dest/bin/sh"
}

build_coreutils() {
    # Debian's who --ips (61_whoips) reads glibc's utmpx ut_addr_v6, which
    # macOS' struct utmpx does not have: the cross-build takes it out again.
    # df: gnulib's fsusage finds macOS' statfs (f_bsize) only by running a
    # test program; this is its answer on macOS (statvfs it rejects there).
    patch -R -p1 -s <debian/patches/61_whoips.patch
    use_cache "$PWD"
    ./configure "${common_conf[@]}" --cache-file=config.cache \
        --without-selinux --disable-acl --disable-xattr --without-openssl --without-gmp \
        --disable-libcap --enable-install-program=arch --enable-no-install-program=stdbuf \
        fu_cv_sys_stat_statfs2_bsize=yes \
        >configure.log 2>&1 || { tail -30 configure.log >&2; return 1; }
    save_cache "$PWD"
    make -j$jobs MAKEINFO=true >make.log 2>&1 || { tail -40 make.log >&2; return 1; }
    make install-exec DESTDIR="$PWD/inst" MAKEINFO=true >install.log 2>&1 || { tail -20 install.log >&2; return 1; }
    mkdir -p "$dest/bin" "$dest/usr/bin"
    local f
    for f in inst/usr/bin/*; do
        case ${f##*/} in
            cat | chmod | cp | date | dd | df | echo | expr | kill | link | ln | ls | mkdir | mv | pwd | rm | rmdir | sleep | stty | sync | test | '[' | unlink)
                cp "$f" "$dest/bin/" ;;
            *) cp "$f" "$dest/usr/bin/" ;;
        esac
    done
}

# configure + make + install-exec for a gnulib-based package; copies the
# named programs from its bin dir into usr/bin. The caller may set
# `subdirs` (only those subdirectories: Debian's dfsg sources lack the
# documentation's) and `extra_cflags`.
gnu_build() { # "CONFIGURE ARGS" PROGRAM...
    local args=$1 sub=()
    shift
    [ -z "${subdirs:-}" ] || sub=("SUBDIRS=$subdirs")
    use_cache "$PWD"
    # shellcheck disable=SC2086
    ./configure "${common_conf[@]}" CFLAGS="$cflags ${extra_cflags:-}" --cache-file=config.cache $args \
        >configure.log 2>&1 || { tail -30 configure.log >&2; return 1; }
    save_cache "$PWD"
    make -j$jobs MAKEINFO=true ${sub[@]+"${sub[@]}"} >make.log 2>&1 || { tail -40 make.log >&2; return 1; }
    make install-exec DESTDIR="$PWD/inst" MAKEINFO=true ${sub[@]+"${sub[@]}"} >install.log 2>&1 ||
        { tail -20 install.log >&2; return 1; }
    mkdir -p "$dest/usr/bin"
    local f
    for f in "$@"; do cp "inst/usr/bin/$f" "$dest/usr/bin/$f"; done
}

build_findutils() { gnu_build "--without-selinux --disable-acl" find xargs; }
build_grep() { gnu_build "--without-libsigsegv-prefix --disable-perl-regexp" grep egrep fgrep; }
build_sed() { gnu_build "--without-selinux --disable-acl" sed; }
build_diffutils() { gnu_build "" diff diff3 sdiff cmp; }
build_patch() { gnu_build "--disable-xattr" patch; }
build_tar() {
    # The compressors are found on PATH, as tar's defaults. The dfsg source
    # has no manual: the top Makefile builds only the program's directories
    # (a SUBDIRS on make's command line would reach the sub-makes too).
    use_cache "$PWD"
    FORCE_UNSAFE_CONFIGURE=1 ./configure "${common_conf[@]}" --cache-file=config.cache \
        --without-selinux --without-posix-acls --without-xattrs --with-rmt=/usr/sbin/rmt \
        >configure.log 2>&1 || { tail -30 configure.log >&2; return 1; }
    save_cache "$PWD"
    sed -i 's/^SUBDIRS = .*/SUBDIRS = gnu lib rmt src/' Makefile
    make -j$jobs MAKEINFO=true >make.log 2>&1 || { tail -40 make.log >&2; return 1; }
    mkdir -p "$dest/usr/bin"
    cp src/tar "$dest/usr/bin/tar"
}
build_gzip() {
    gnu_build "" gzip gunzip gzexe uncompress zcat zcmp zdiff zegrep zfgrep zforce zgrep zless zmore znew
}
build_gawk() {
    # No MPFR (-M) and no readline (--debug's command line): the runtime
    # tree has neither library; no dynamic extensions.
    local subdirs="support ."
    gnu_build "--without-mpfr --without-readline --disable-extensions" gawk || return 1
    ln -sf gawk "$dest/usr/bin/awk"
}
build_make-dfsg() {
    # The Debian (dfsg) source has no generated configure.
    autoreconf -fi >autoreconf.log 2>&1 || { tail -30 autoreconf.log >&2; return 1; }
    # Its bundled (old gnulib) glob.c passes char ** for char *, an error
    # for a modern clang.
    local extra_cflags="-Wno-error=incompatible-pointer-types"
    gnu_build "--without-guile --disable-load" make || return 1
}
build_bzip2() {
    # bzip2's Makefile builds the programs; linked against the runtime
    # tree's libbz2 instead of its own objects.
    "$tools/cc" $cflags -D_FILE_OFFSET_BITS=64 -I"$sdk/include" bzip2.c -L"$sdk/lib" -lbz2 -o bzip2
    "$tools/cc" $cflags -D_FILE_OFFSET_BITS=64 bzip2recover.c -o bzip2recover
    mkdir -p "$dest/usr/bin"
    cp bzip2 "$dest/usr/bin/bzip2"
    cp bzip2 "$dest/usr/bin/bunzip2"
    cp bzip2 "$dest/usr/bin/bzcat"
    cp bzip2recover "$dest/usr/bin/"
}
build_xz-utils() {
    # The xz program against the runtime tree's liblzma (a newer 5.x: same
    # ABI); no xzdec/lzmadec/lzmainfo/scripts.
    use_cache "$PWD"
    ./configure "${common_conf[@]}" --cache-file=config.cache --enable-threads=posix \
        --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc \
        >configure.log 2>&1 || { tail -30 configure.log >&2; return 1; }
    save_cache "$PWD"
    make -C src/xz -j$jobs xz_LDADD=-llzma xz_DEPENDENCIES= >make.log 2>&1 ||
        { tail -40 make.log >&2; return 1; }
    mkdir -p "$dest/usr/bin"
    local f
    cp src/xz/xz "$dest/usr/bin/xz"
    for f in unxz xzcat lzma unlzma lzcat; do ln -sf xz "$dest/usr/bin/$f"; done
}
build_less() {
    # Not gnulib-based (its own configure, no install-exec target): the
    # programs are taken from the build directory.
    ./configure "${common_conf[@]}" CFLAGS="$cflags" --with-regex=posix --with-secure=no \
        >configure.log 2>&1 || { tail -30 configure.log >&2; return 1; }
    make -j$jobs >make.log 2>&1 || { tail -40 make.log >&2; return 1; }
    mkdir -p "$dest/usr/bin"
    local f
    for f in less lessecho lesskey; do cp "$f" "$dest/usr/bin/$f"; done
}

# --- build -------------------------------------------------------------------------
cat_dir() { # DIR: the contents of its files, in name order (nothing if absent)
    [ -d "$1" ] || return 0
    find "$1" -type f -print0 | sort -z | xargs -0 -r cat
}
recipe_key() { # PKG
    (echo "$zigver ${ver[$1]} $less_ok"
        declare -f "build_$1" gnu_build
        cat scripts/darwin-base/cc scripts/darwin-base/*.h
        printf '%s\n' "${common_conf[@]}"
        cat_dir "scripts/darwin-base/$1") |
        sha256sum | cut -c1-16
}
declare -A pkgout
for p in "${packages[@]}"; do
    pkgout[$p]=$base/work/$p-$(recipe_key "$p")
done
key=$( (echo "$zigver $which_ver"
    for p in "${packages[@]}"; do echo "$p ${pkgout[$p]##*/}"; done
    cat scripts/build-darwin-base.sh
    cat_dir scripts/darwin-base) |
    sha256sum | cut -c1-16)
out=$base/build-$key

fetch_deb() { # PACKAGE VERSION: download (once) and print the .deb's path
    local d=$base/debs/$1-$2
    if ! ls "$d"/*.deb >/dev/null 2>&1; then
        rm -rf "$d.tmp"
        mkdir -p "$d.tmp"
        (cd "$d.tmp" && apt-get download -qq "$1=$2" >/dev/null 2>&1) || return 1
        rm -rf "$d"
        mv "$d.tmp" "$d"
    fi
    ls "$d"/*.deb
}

build_pkg() { # PKG
    local p=$1 w=${pkgout[$1]}
    [ -e "$w/.complete" ] && return 0
    say "building $p ${ver[$p]}"
    local t0
    t0=$(date +%s)
    rm -rf "$w" "$w.tmp"
    mkdir -p "$w.tmp"
    cp -a "${src[$p]}" "$w.tmp/src"
    # Debian's patches leave some autotools inputs newer than their outputs;
    # make would regenerate them (needing matching automake). Outputs are
    # made newer, in dependency order.
    (cd "$w.tmp/src" && for g in aclocal.m4 configure config.h.in config.hin; do
        find . -name "$g" -exec touch {} +
    done && find . -name Makefile.in -exec touch {} +)
    if [ -d "scripts/darwin-base/$p" ]; then
        local patch
        for patch in "scripts/darwin-base/$p"/*.patch; do
            [ -e "$patch" ] || continue
            patch -d "$w.tmp/src" -p1 -s <"$patch"
        done
    fi
    dest=$w.tmp/dest
    mkdir -p "$dest"
    if ! (cd "$w.tmp/src" && "build_$p"); then
        say "$p FAILED (logs in $w.tmp/src)"
        return 1
    fi
    rm -rf "$w.tmp/src"
    touch "$w.tmp/.complete"
    mv "$w.tmp" "$w"
    say "built $p in $(($(date +%s) - t0)) s"
}

install_tree() {
    local f rel
    (cd "$out/root" && find . \( -type f -o -type l \) -print) | while read -r rel; do
        rel=${rel#./}
        f=$runtime/$rel
        mkdir -p "$(dirname "$f")"
        if [ -L "$out/root/$rel" ]; then
            [ "$(readlink "$f" 2>/dev/null)" = "$(readlink "$out/root/$rel")" ] && continue
            ln -sfn "$(readlink "$out/root/$rel")" "$f.tmp"
            mv -T "$f.tmp" "$f"
        elif ! cmp -s "$out/root/$rel" "$f"; then
            cp "$out/root/$rel" "$f.tmp"
            mv -T "$f.tmp" "$f"
        fi
    done
}

# --- Linux twins -------------------------------------------------------------------
# Debian's amd64 binary packages built from the same source versions
# (binNMUs "+bN" included), unpacked into linux/{bin,usr/bin}: the same
# sources and Debian patches, built by Debian for Linux, run natively by the
# differential test. Needs only apt-get download and dpkg-deb (no install).
twin_pkgs=(bash:bash coreutils:coreutils findutils:findutils grep:grep sed:sed gawk:gawk
    diffutils:diffutils patch:patch tar:tar gzip:gzip bzip2:bzip2 xz-utils:xz-utils make-dfsg:make)
$less_ok && twin_pkgs+=(less:less)
twin_key=$( (echo libsigsegv2; for e in "${twin_pkgs[@]}"; do echo "$e ${ver[${e%%:*}]}"; done
    echo "debianutils $which_ver") | sha256sum | cut -c1-16)
linux=$base/linux
if [ "$(cat "$linux/.complete" 2>/dev/null)" != "$twin_key" ]; then
    say "unpacking the Linux twins"
    ltmp=$(mktemp -d "$base/.linux.XXXXXX")
    twins_ok=true
    for e in "${twin_pkgs[@]}" debianutils:debianutils; do
        sp=${e%%:*} bp=${e#*:}
        if [ "$sp" = debianutils ]; then want=$which_ver; else want=${ver[$sp]}; fi
        bv=$(apt-cache madison "$bp" | awk -F'|' -v w="$want" '
            $3 ~ /amd64 Packages/ { v = $2; gsub(/ /, "", v); if (v == w || index(v, w "+b") == 1) { print v; exit } }')
        if [ -z "$bv" ]; then
            say "no amd64 binary of $bp for source version $want"
            twins_ok=false
            continue
        fi
        deb=$(fetch_deb "$bp" "$bv") || {
            say "apt-get download $bp=$bv failed"
            twins_ok=false
            continue
        }
        dpkg-deb -x "$deb" "$ltmp"
    done
    # Libraries the twins need that a bare bookworm may lack (gawk's
    # libsigsegv); the test puts linux/usr/lib/x86_64-linux-gnu on
    # LD_LIBRARY_PATH.
    for bp in libsigsegv2; do
        bv=$(apt-cache madison "$bp" | awk -F'|' '$3 ~ /amd64 Packages/ { v = $2; gsub(/ /, "", v); print v; exit }')
        deb=$(fetch_deb "$bp" "$bv") && dpkg-deb -x "$deb" "$ltmp" || {
            say "apt-get download $bp failed"
            twins_ok=false
        }
    done
    if $twins_ok; then
        mv "$ltmp/usr/bin/which.debianutils" "$ltmp/usr/bin/which"
        ln -sf gawk "$ltmp/usr/bin/awk"
        # sh is dash's on Debian; the darwin tree's sh is bash, so is the twin's.
        ln -sf bash "$ltmp/bin/sh"
        rm -rf "$ltmp/usr/share" "$ltmp/etc"
        echo "$twin_key" >"$ltmp/.complete"
        rm -rf "$linux"
        mv "$ltmp" "$linux"
    else
        rm -rf "$ltmp"
        say "Linux twins incomplete: the differential test will skip"
    fi
fi

if [ ! -e "$out/.complete" ]; then
    mkdir -p "$base/work"
    failed=()
    for p in "${packages[@]}"; do
        build_pkg "$p" || failed+=("$p")
    done
    tmp=$(mktemp -d "$base/.build.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/root"
    for p in "${packages[@]}"; do
        [ -e "${pkgout[$p]}/.complete" ] && cp -a "${pkgout[$p]}/dest/." "$tmp/root/"
    done
    # which: debianutils' script, from bookworm's package.
    deb=$(fetch_deb debianutils "$which_ver")
    dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/which.debianutils >"$tmp/root/usr/bin/which"
    chmod 755 "$tmp/root/usr/bin/which"
    if [ ${#failed[@]} -gt 0 ]; then
        # Install what built, but do not mark the build complete.
        say "failed: ${failed[*]}"
        out=$tmp
        install_tree
        exit 1
    fi
    touch "$tmp/.complete"
    rm -rf "$out"
    mv "$tmp" "$out"
    trap - EXIT
    for old in "$base"/build-*; do [ "$old" = "$out" ] || rm -rf "$old"; done
fi

install_tree
say "done in $(($(date +%s) - start)) s: $out"
echo "$out"
