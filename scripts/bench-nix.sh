#!/usr/bin/env bash
# Nix under Calvados against its Linux twin (the same Nix version, built by
# the same recipe, fixtures/nix-darwin/), on this machine, in one run.
#
# Each side gets a fresh prefix: the darwin release installed with
# `calvados nix install`, the Linux twin with its own tarball's `install`
# script. Both run inside `calvados shell` (the same mount namespace set-up),
# so the ratio measures Calvados running the darwin binaries against the
# kernel running the Linux ones:
#   eval    nix-instantiate --eval of a heavy expression (naive fib, plus
#           list building that makes the garbage collector run)
#   verify  nix-store --verify --check-contents over a store of --paths
#           store paths (added with nix-store --add)
#   build   nix-build of a trivial derivation (/bin/sh writing $out; a new
#           one each time), end to end
# Each is run --repeat times per side, interleaved; the median counts.
#
# Usage: scripts/bench-nix.sh [--repeat K] [--paths N] [--fib N] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

repeat=7 paths=300 fib=32 keep=
while [ $# -gt 0 ]; do
    case $1 in
        --repeat) repeat=$2; shift ;;
        --paths) paths=$2; shift ;;
        --fib) fib=$2; shift ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-nix: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

say() { printf 'bench-nix: %s\n' "$*" >&2; }
cache=$root/target/third-party/nix-darwin
darwin_tb=$cache/nix-2.26.3-x86_64-darwin.tar.xz
linux_tb=$cache/nix-2.26.3-x86_64-linux.tar.xz
for tb in "$darwin_tb" "$linux_tb"; do
    if [ ! -f "$tb" ]; then
        say "missing $tb: build it with fixtures/nix-darwin/build.sh --target both"
        exit 1
    fi
done

cargo build --release -p calvados >&2
calvados=$root/target/release/calvados
work=$(mktemp -d "${TMPDIR:-/tmp}/calvados-bench-nix.XXXXXX")
cleanup() {
    [ -n "$keep" ] && { say "kept $work"; return; }
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
pd=$work/darwin pl=$work/linux

say "installing the darwin release into $pd"
"$calvados" nix install --prefix "$pd" --conf 'substituters =' --no-channel-add \
    --no-modify-profile "$darwin_tb" 2>"$work/install-darwin.log" \
    || { cat "$work/install-darwin.log" >&2; exit 1; }

say "installing the Linux twin into $pl"
"$calvados" prefix init --prefix "$pl" >/dev/null
tar -C "$pl/private/tmp" -xJf "$linux_tb"
mkdir -p "$pl/private/etc/nix"
printf 'build-users-group =\nsandbox = false\nsubstituters =\nexperimental-features = nix-command flakes\n' \
    >"$pl/private/etc/nix/nix.conf"
"$calvados" shell --prefix "$pl" -- /bin/sh /tmp/nix-2.26.3-x86_64-linux/install \
    --no-channel-add --no-modify-profile >"$work/install-linux.log" 2>&1 \
    || { cat "$work/install-linux.log" >&2; exit 1; }

# The twin's programs, by absolute path: `calvados shell` runs an ELF
# program directly (a PATH-setting shell would be a darwin bash started on
# the Linux side's clock).
lnix=$(cd "$pl/nix/store" && ls -d ./*-nix-2.26.3 | head -1)
lnix=/nix/store/${lnix#./}
[ -x "$pl$lnix/bin/nix" ] || { say "no Nix in the Linux prefix's store"; exit 1; }

# The builder: the prefix's /bin/sh (darwin bash under Calvados) for the
# darwin side, the host's for the Linux side.
sh_darwin=/bin/sh
sh_linux=/Volumes/SystemRoot/bin/sh
# run SIDE CMD...: a Nix command in that side's prefix.
run() {
    local side=$1; shift
    if [ "$side" = darwin ]; then
        "$calvados" nix --prefix "$pd" -- "$@"
    else
        local cmd=$1; shift
        "$calvados" shell --prefix "$pl" -- "$lnix/bin/$cmd" "$@"
    fi
}

# The store for `verify`: N small files added on both sides.
say "adding $paths paths to each store"
for side in darwin linux; do
    p=$pd; [ $side = linux ] && p=$pl
    mkdir -p "$p/private/tmp/files"
    for i in $(seq 1 "$paths"); do echo "file $i of the verify benchmark" >"$p/private/tmp/files/f$i"; done
    run $side nix-store --add $(for i in $(seq 1 "$paths"); do echo /tmp/files/f$i; done) >/dev/null
done

expr="let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib $fib + builtins.length (builtins.concatLists (builtins.genList (i: builtins.genList (j: i * j) 100) 20000))"

# One timed run: prints seconds; fails loudly.
timed() {
    local side=$1 what=$2 t0 t1 out
    t0=$(date +%s.%N)
    case $what in
        eval) out=$(run $side nix-instantiate --eval -E "$expr" 2>&1) ;;
        verify) out=$(run $side nix-store --verify --check-contents 2>&1) ;;
        build)
            local sh=$sh_darwin; [ $side = linux ] && sh=$sh_linux
            local sys=x86_64-darwin; [ $side = linux ] && sys=x86_64-linux
            out=$(run $side nix-build --no-out-link -E \
                "derivation { name = \"bench\"; system = \"$sys\"; builder = \"$sh\"; args = [ \"-c\" \"echo $RANDOM$RANDOM$(date +%N) > \$out\" ]; }" 2>&1)
            ;;
    esac || { say "$side $what failed: $out"; exit 1; }
    case $out in *"calvados: unimplemented"* | *error:*) say "$side $what: $out"; exit 1 ;; esac
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '%-8s %10s %10s %8s   %s\n' benchmark linux_s darwin_s ratio target
for what in eval verify build; do
    : >"$work/$what.linux"; : >"$work/$what.darwin"
    for _ in $(seq 1 "$repeat"); do
        timed linux $what >>"$work/$what.linux"
        timed darwin $what >>"$work/$what.darwin"
    done
    l=$(median <"$work/$what.linux") d=$(median <"$work/$what.darwin")
    case $what in eval) target=1.2 ;; verify) target=1.5 ;; build) target=2.0 ;; esac
    ratio=$(awk -v d="$d" -v l="$l" 'BEGIN { print d / l }')
    printf '%-8s %10.3f %10.3f %7.2fx   <= %sx\n' $what "$l" "$d" "$ratio" $target
done
