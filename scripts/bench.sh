#!/usr/bin/env bash
# Time every conformance test natively and under Calvados (median of
# --repeat runs per side, interleaved) and print the ratios and their
# geometric mean.  Arguments go to `conformance --bench` (filters,
# --repeat K, -j N for the builds).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --release -p calvados -p calvados-conformance
exec target/release/conformance --bench "$@"
