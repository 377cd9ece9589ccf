#!/usr/bin/env python3
"""Make zig's compiler-rt archive stop providing C library functions.

Usage: rt-private-libc.py ARCHIVE

zig's compiler_rt.a defines memcpy, memmove, memset, memcmp, bcmp, strlen
and the *_chk fortify functions next to the builtins (__divti3, ...). Linked
with ld64.lld before libSystem (how build-darwin-libs.sh and the Nix fixture
link), those definitions win inside every image, and zig 0.17's memcpy for
more than 63 bytes copies 16 bytes and calls memcpy again on the rest: one
stack frame per 16 bytes, so a 64 KiB copy on a 128 KiB coroutine stack
(Nix's sourceToSink) overflows it, and large copies are slow everywhere.

The archive's object keeps its own copies under other names (the first
letter after the underscores upper-cased: _Memcpy; names are only renamed
in the string table, so its internal calls still reach them), and the
images' memcpy binds to libSystem's. llvm-ranlib (llvm-14, which
scripts/setup.sh installs) then rebuilds the symbol index.
"""

import os
import subprocess
import sys

LLVM = "/usr/lib/llvm-14/bin"

NAMES = [
    b"_memcpy", b"_memmove", b"_memset", b"_memcmp", b"_bcmp", b"_strlen",
    b"___memcpy_chk", b"___memmove_chk", b"___memset_chk", b"___strcat_chk",
    b"___strcpy_chk", b"___strncat_chk", b"___strncpy_chk",
]


def renamed(name: bytes) -> bytes:
    i = len(name) - len(name.lstrip(b"_"))
    return name[:i] + name[i:i + 1].upper() + name[i + 1:]


def main() -> int:
    path = sys.argv[1]
    data = open(path, "rb").read()
    total = 0
    for n in NAMES:
        new = renamed(n)
        if b"\0" + new + b"\0" in data:
            sys.exit(f"rt-private-libc: {path} already has {new.decode()}")
        count = data.count(b"\0" + n + b"\0")
        data = data.replace(b"\0" + n + b"\0", b"\0" + new + b"\0")
        total += count
    if total == 0:
        sys.exit(f"rt-private-libc: {path} defines none of the C library names")
    tmp = path + ".tmp"
    open(tmp, "wb").write(data)
    subprocess.run([f"{LLVM}/llvm-ranlib", tmp], check=True)
    out = subprocess.run([f"{LLVM}/llvm-nm", "-g", "--defined-only", tmp],
                         check=True, capture_output=True).stdout.split()
    left = [n.decode() for n in NAMES if n in out]
    if left:
        sys.exit(f"rt-private-libc: still defined in {path}: {' '.join(left)}")
    os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
