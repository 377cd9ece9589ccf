#!/usr/bin/env bash
# The one test command: set up tools, build everything, run the Rust tests
# and the differential conformance suite, then print one summary line
#   N passed, N failed
# (cargo test counts + conformance counts) as the very last line.
# Exits non-zero if anything failed.  Extra arguments go to `conformance`
# (e.g. a name filter, -j 4, -v).
#
# Logs: target/test-logs/{build,cargo-test,conformance}.log
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

logs=target/test-logs
mkdir -p "$logs"
passed=0
failed=0
status=0

# "test result: ok. 12 passed; 0 failed; ..." -> sums of both numbers.
sum_cargo_results() {
    grep -E '^test result: ' "$1" |
        sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
        awk '{ p += $1; f += $2 } END { printf "%d %d\n", p, f }'
}

echo "==> cargo build --release --workspace"
if ! cargo build --release --workspace 2>&1 | tee "$logs/build.log"; then
    echo "test.sh: the release build failed (see $logs/build.log)"
    failed=$((failed + 1))
    status=1
fi

# The darwin dylibs built from source (libc++, libc++abi, libz), installed
# where the loader finds them; cached. The libcxx tests also call it and
# fail if it does.
echo "==> scripts/build-darwin-libs.sh"
if ! bash scripts/build-darwin-libs.sh >/dev/null 2>"$logs/darwin-libs.log"; then
    echo "test.sh: scripts/build-darwin-libs.sh failed (see $logs/darwin-libs.log)"
fi

# More darwin software built from Debian sources, each script with its own
# cache: libcurl, ncurses, libffi (/usr/lib dylibs), then the base system
# (bash, coreutils, ...) that `calvados prefix init` installs. libffi is
# what GHC-built programs (pandoc, hadolint) link.
for part in curl ncurses libffi base; do
    script=scripts/build-darwin-$part.sh
    [ -f "$script" ] || continue
    echo "==> $script"
    if ! bash "$script" >/dev/null 2>"$logs/darwin-$part.log"; then
        echo "test.sh: $script failed (see $logs/darwin-$part.log)"
    fi
done

echo "==> cargo test --workspace --release --no-fail-fast"
if cargo test --workspace --release --no-fail-fast 2>&1 | tee "$logs/cargo-test.log"; then
    cargo_ok=true
else
    cargo_ok=false
    status=1
fi
read -r p f < <(sum_cargo_results "$logs/cargo-test.log")
passed=$((passed + p))
failed=$((failed + f))
# A failure that produced no failing test (e.g. a compile error) still counts.
if ! $cargo_ok && [ "$f" -eq 0 ]; then
    failed=$((failed + 1))
fi

echo "==> conformance suite"
if [ -x target/release/conformance ]; then
    if target/release/conformance "$@" 2>&1 | tee "$logs/conformance.log"; then
        conf_ok=true
    else
        conf_ok=false
        status=1
    fi
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$logs/conformance.log" | tail -n 1 || true)
    if [ -n "$summary" ]; then
        p=${summary%% passed*}
        f=${summary#*passed, }
        f=${f%% failed*}
        passed=$((passed + p))
        failed=$((failed + f))
        if ! $conf_ok && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
    else
        echo "test.sh: conformance printed no summary"
        failed=$((failed + 1))
        status=1
    fi
else
    echo "test.sh: target/release/conformance was not built"
    failed=$((failed + 1))
    status=1
fi

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
