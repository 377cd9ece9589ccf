#!/usr/bin/env bash
# Install everything the build and the tests need, idempotently.
#
# Quiet when everything is already present.  Runs as root without sudo (CI: a
# fresh Debian bookworm with rustup's cargo, python3 3.11 + pip, gcc).  As
# another user it prints what is missing and exits 1 (except that zig is
# pip-installed into a Python environment the user can write to, e.g. pyenv
# or a virtualenv).
#
# Installs:
#   - llvm-14     (apt) llvm-objdump / llvm-otool for inspecting Mach-O files.
#                 NOTE: they live in /usr/lib/llvm-14/bin, which is not on
#                 PATH by default.
#   - golang-go   (apt) Go toolchain, for Go-built Mach-O test programs.
#   - lld-19      (apt) ld64.lld -fixup_chains, for chained-fixups test binaries
#                 (scripts/zig-cc-chained).
#   - python3-pip (apt) only if pip is needed and missing.
#   - ziglang     (pip, pinned) zig's clang: the C/C++ compiler for both
#                 targets, used through scripts/zig-cc and scripts/zig-c++.
set -euo pipefail

ZIG_VERSION=0.17.0
LLVM_BIN=/usr/lib/llvm-14/bin

cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
zig_version() { python3 -m ziglang version 2>/dev/null || true; }

for tool in cargo python3 cc; do
    have "$tool" || { say "missing $tool: expected preinstalled (cargo via rustup, python3, gcc)"; exit 1; }
done

need_zig=false
[ "$(zig_version)" = "$ZIG_VERSION" ] || need_zig=true

# --- Debian packages ---------------------------------------------------------
missing_apt=()
[ -x "$LLVM_BIN/llvm-objdump" ] && [ -x "$LLVM_BIN/llvm-otool" ] || missing_apt+=(llvm-14)
have go || missing_apt+=(golang-go)
have ld64.lld-19 || missing_apt+=(lld-19)
have curl || missing_apt+=(curl)   # calvados nix install downloads with it
if $need_zig && ! python3 -m pip --version >/dev/null 2>&1; then
    missing_apt+=(python3-pip)
fi

if [ ${#missing_apt[@]} -gt 0 ]; then
    if ! is_root; then
        say "missing Debian packages: ${missing_apt[*]}"
        say "install them with: sudo apt-get update && sudo apt-get install -y ${missing_apt[*]}"
        exit 1
    fi
    say "installing ${missing_apt[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
    [ -x "$LLVM_BIN/llvm-objdump" ] || { say "llvm-14 installed but $LLVM_BIN/llvm-objdump is missing"; exit 1; }
    say "note: llvm-objdump and llvm-otool are in $LLVM_BIN"
fi

# --- zig (pip package ziglang) -----------------------------------------------
if $need_zig; then
    # Debian's own python3 refuses pip installs (PEP 668) unless told to.
    pip_extra=()
    if python3 -c 'import os, sys, sysconfig; sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
        pip_extra+=(--break-system-packages)
    fi
    if ! is_root && ! python3 -c 'import os, sys, sysconfig; sys.exit(0 if os.access(sysconfig.get_path("purelib"), os.W_OK) else 1)'; then
        say "zig $ZIG_VERSION is missing (python3 -m ziglang version: '$(zig_version)')"
        say "install it with: python3 -m pip install ${pip_extra[*]:-} --user ziglang==$ZIG_VERSION"
        exit 1
    fi
    if is_root; then pip_extra+=(--root-user-action=ignore); fi
    say "installing ziglang==$ZIG_VERSION (pip)"
    python3 -m pip install --quiet --disable-pip-version-check ${pip_extra[@]+"${pip_extra[@]}"} "ziglang==$ZIG_VERSION"
    if [ "$(zig_version)" != "$ZIG_VERSION" ]; then
        say "ziglang installed, but 'python3 -m ziglang version' says '$(zig_version)'"
        exit 1
    fi
fi

# --- wrappers used by every build --------------------------------------------
for w in zig-cc zig-c++; do
    [ -x "scripts/$w" ] || { say "scripts/$w is missing or not executable"; exit 1; }
done
