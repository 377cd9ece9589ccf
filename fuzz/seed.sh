#!/bin/sh
# Fills the fuzz corpus (fuzz/corpus is not committed) with small x86_64
# Mach-O images: zig-built ones (classic dyld-info fixups), lld-linked ones
# with chained fixups when an ld64.lld is installed, and the hand-built
# images of the calvados-macho tests. Usage: fuzz/seed.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/corpus/macho_reader"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cc() { python3 -m ziglang cc -target x86_64-macos "$@"; }

cat > "$work/lib.c" <<'C'
__thread int tls_counter = 5;
__thread char tls_buf[64];
int lib_value = 42;
int *lib_ptr = &lib_value;
__attribute__((weak)) int weak_fn(void) { return 1; }
int lib_add(int a, int b) { return a + b + tls_counter; }
static volatile int lib_sink;
__attribute__((constructor)) static void lib_init(void) { lib_value += lib_sink; }
C
cat > "$work/main.c" <<'C'
#include <stdio.h>
extern int lib_add(int, int);
extern int lib_value;
extern int weak_fn(void) __attribute__((weak_import));
static int counter;
void *ptrs[] = { &counter, (void *)&printf, &lib_value };
static volatile int main_sink;
__attribute__((constructor)) static void init_main(void) { counter = main_sink; }
__attribute__((destructor)) static void fini_main(void) { counter = 0; }
int main(int argc, char **argv) {
    if (weak_fn) weak_fn();
    printf("%d %p\n", lib_add(argc, lib_value), ptrs[argc % 3]);
    return 0;
}
C
cat > "$work/tiny.c" <<'C'
int main(void) { return 0; }
C

cc -shared -O1 -o "$work/libfoo.dylib" "$work/lib.c" -Wl,-install_name,@rpath/libfoo.dylib
cc -O1 -o "$work/main" "$work/main.c" -L"$work" -lfoo -Wl,-rpath,@loader_path
cc -O1 -o "$work/tiny" "$work/tiny.c"
cc -Os -o "$work/tiny_stripped" "$work/tiny.c" -s
cc -shared -Os -o "$work/libfoo_stripped.dylib" "$work/lib.c" -s
for f in libfoo.dylib main tiny tiny_stripped libfoo_stripped.dylib; do
    cp "$work/$f" "$out/$f"
done
# Chained fixups and __init_offsets come from ld64.lld with -fixup_chains.
lld=""
for name in ld64.lld ld64.lld-20 ld64.lld-19 ld64.lld-18 ld64.lld-17; do
    if command -v "$name" >/dev/null 2>&1; then lld=$name; break; fi
done
if [ -n "$lld" ]; then
    cat > "$work/libSystem.tbd" <<'TBD'
--- !tapi-tbd
tbd-version: 4
targets: [ x86_64-macos ]
install-name: '/usr/lib/libSystem.B.dylib'
current-version: 1311
exports:
  - targets: [ x86_64-macos ]
    symbols: [ _printf, ___cxa_atexit, __tlv_bootstrap, dyld_stub_binder ]
...
TBD
    cc -O1 -c -o "$work/lib.o" "$work/lib.c"
    cc -O1 -c -o "$work/main.o" "$work/main.c"
    link="$lld -arch x86_64 -platform_version macos 13.0 13.0 -fixup_chains"
    $link -dylib -o "$out/libfoo_chained.dylib" "$work/lib.o" \
        -install_name @rpath/libfoo.dylib "$work/libSystem.tbd"
    $link -o "$out/main_chained" "$work/main.o" "$out/libfoo_chained.dylib" \
        "$work/libSystem.tbd" -rpath @loader_path
else
    echo "no ld64.lld: no chained-fixup seeds" >&2
fi
# The tests' hand-built images (chained fixups, tries, TLV, opcode streams).
(cd "$here/.." && CALVADOS_MACHO_SEED_DIR="$out" cargo test -q -p calvados-macho \
    --test fixups --test exports --test sections >/dev/null)
# A fat wrapper around the tiny executable, so the fat path gets seeds too.
python3 - "$work/tiny" "$out/fat_tiny" <<'PY'
import struct, sys
body = open(sys.argv[1], "rb").read()
hdr = struct.pack(">II", 0xcafebabe, 2)
hdr += struct.pack(">IIIII", 0x0100000c, 0, 0x1000, 16, 12)
hdr += struct.pack(">IIIII", 0x01000007, 3, 0x2000, len(body), 12)
data = hdr.ljust(0x1000, b"\0") + b"\0" * 16
data = data.ljust(0x2000, b"\0") + body
open(sys.argv[2], "wb").write(data)
PY
ls -l "$out"
