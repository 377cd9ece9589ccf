#!/usr/bin/env bash
# Build Calvados, compile examples/hello.c into a macOS (Mach-O x86_64)
# executable with zig, and run it on this Linux machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "==> cargo build --release -p calvados"
cargo build --release -p calvados

mkdir -p target/demo
echo "==> scripts/zig-cc -target x86_64-macos -O1 examples/hello.c -o target/demo/hello"
scripts/zig-cc -target x86_64-macos -O1 examples/hello.c -o target/demo/hello
magic=$(od -An -tx4 -N4 target/demo/hello | tr -d ' ')
echo "    target/demo/hello: magic 0x$magic (0xfeedfacf = 64-bit Mach-O), $(wc -c <target/demo/hello) bytes"

echo "==> target/release/calvados run target/demo/hello from Calvados"
target/release/calvados run target/demo/hello from Calvados
