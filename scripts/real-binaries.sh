#!/usr/bin/env bash
# Fetch real x86_64 macOS programs from npm and PyPI and report, for each,
# what `calvados check` says: how many imports Calvados does not provide yet,
# and which. Not part of the test suite (it downloads ~100 MB); used to pick
# what to implement next.  Usage: scripts/real-binaries.sh [--list]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/third-party/real
mkdir -p "$dir/pkg" "$dir/x"
calvados=target/release/calvados
[ -x "$calvados" ] || cargo build --release -q -p calvados

npm_pkgs=(@esbuild/darwin-x64 @biomejs/cli-darwin-x64)
pypi_pkgs=(ruff ninja cmake)
(
    cd "$dir/pkg"
    for p in "${npm_pkgs[@]}"; do
        ls "$(echo "${p#@}" | tr / -)"-*.tgz >/dev/null 2>&1 || npm pack -q "$p" >/dev/null
    done
    pip download -q --no-deps --platform macosx_10_12_x86_64 --only-binary=:all: "${pypi_pkgs[@]}"
)
for f in "$dir"/pkg/*; do
    name=$(basename "$f")
    dest=$dir/x/$name
    [ -d "$dest" ] && continue
    mkdir -p "$dest"
    case $f in
        *.tgz) tar xzf "$f" -C "$dest" ;;
        *.whl) python3 -m zipfile -e "$f" "$dest" ;;
    esac
done

find "$dir/x" -type f -size +50k -print0 | sort -z | while IFS= read -r -d '' bin; do
    magic=$(head -c 4 "$bin" | od -An -tx1 | tr -d ' ')
    case $magic in cffaedfe|cafebabe) ;; *) continue ;; esac
    report=$("$calvados" check "$bin" 2>&1 || true)
    first=$(printf "%s\n" "$report" | sed -n 1p)
    printf '%s\n' "${first#"$dir/x/"}"
    # Per library: "(libSystem.B.dylib)" or "(/usr/lib/libc++.1.dylib, not found)".
    printf '%s\n' "$report" | tail -n +2 | sed -n 's/^ *[^ ]* (\(.*\)) imported by .*/\1/p' |
        sort | uniq -c | sort -rn | awk '{ n = $1; $1 = ""; printf "    %5d from%s\n", n, $0 }'
    if [ "${1:-}" = --list ]; then
        printf '%s\n' "$report" | tail -n +2 | awk '{print "    " $1 " " $2}'
    fi
done
