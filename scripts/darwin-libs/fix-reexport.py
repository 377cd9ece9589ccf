#!/usr/bin/env python3
"""Drop the duplicate dylib load command that ld64.lld 18-20 write for
`-reexport_library X`: an LC_LOAD_DYLIB *and* an LC_REEXPORT_DYLIB for X
(fixed upstream in lld 21; ld64 writes only the re-export).

    fix-reexport.py DYLIB      (rewrites DYLIB in place)

The LC_LOAD_DYLIB becomes the LC_REEXPORT_DYLIB (it carries X's real
versions) and the later duplicate is removed. Removing a dylib command
shifts the ordinals of the ones after it, so every ordinal in use (dyld-info
bind opcodes and the undefined symbols' n_desc) is read first: the script
refuses, rather than renumber, if any of them points at or past the removed
command.
"""
import struct
import sys

LC_SYMTAB = 0x2
LC_LOAD_DYLIB = 0xC
LC_LOAD_WEAK_DYLIB = 0x80000018
LC_REEXPORT_DYLIB = 0x8000001F
LC_LAZY_LOAD_DYLIB = 0x20
LC_LOAD_UPWARD_DYLIB = 0x80000023
LC_DYLD_INFO = 0x22
LC_DYLD_INFO_ONLY = 0x80000022
DYLIB_CMDS = {LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB}
MH_MAGIC_64 = 0xFEEDFACF
HEADER = 32


def fail(msg):
    sys.exit(f"fix-reexport: {msg}")


def uleb(buf, i):
    val = shift = 0
    while True:
        b = buf[i]
        i += 1
        val |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return val, i


def bind_ordinals(buf):
    """Every library ordinal a dyld-info bind stream selects."""
    out = set()
    i = 0
    while i < len(buf):
        op, imm = buf[i] & 0xF0, buf[i] & 0x0F
        i += 1
        if op == 0x10:  # SET_DYLIB_ORDINAL_IMM
            out.add(imm)
        elif op == 0x20:  # SET_DYLIB_ORDINAL_ULEB
            v, i = uleb(buf, i)
            out.add(v)
        elif op == 0x40:  # SET_SYMBOL_TRAILING_FLAGS_IMM + name
            i = buf.index(0, i) + 1
        elif op in (0x60, 0x70, 0x80, 0xA0):  # one (s)uleb operand
            _, i = uleb(buf, i)
        elif op == 0xC0:  # DO_BIND_ULEB_TIMES_SKIPPING_ULEB
            _, i = uleb(buf, i)
            _, i = uleb(buf, i)
        elif op in (0x00, 0x30, 0x50, 0x90, 0xB0):
            pass
        else:
            fail(f"unknown bind opcode {op:#x}")
    return out


def main(path):
    data = bytearray(open(path, "rb").read())
    magic, _, _, _, ncmds, sizeofcmds = struct.unpack_from("<IiiIII", data, 0)
    if magic != MH_MAGIC_64:
        fail(f"{path}: not a thin 64-bit Mach-O")
    cmds = []  # (offset, cmd, cmdsize)
    off = HEADER
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, off)
        cmds.append((off, cmd, size))
        off += size
    dylibs = []  # (index in cmds, cmd, name)
    for idx, (o, cmd, size) in enumerate(cmds):
        if cmd in DYLIB_CMDS:
            name_off = struct.unpack_from("<I", data, o + 8)[0]
            name = bytes(data[o + name_off : o + size]).split(b"\0", 1)[0].decode()
            dylibs.append((idx, cmd, name))
    pair = None
    for a, (ia, ca, na) in enumerate(dylibs):
        for b in range(a + 1, len(dylibs)):
            ib, cb, nb = dylibs[b]
            if na == nb and ca == LC_LOAD_DYLIB and cb == LC_REEXPORT_DYLIB:
                pair = (a, b)
    if pair is None:
        print(f"fix-reexport: {path}: no duplicate re-export, unchanged")
        return
    a, b = pair

    used = set()
    for o, cmd, _ in cmds:
        if cmd in (LC_DYLD_INFO, LC_DYLD_INFO_ONLY):
            f = struct.unpack_from("<10I", data, o + 8)
            for boff, bsize in ((f[2], f[3]), (f[6], f[7])):  # bind, lazy bind
                used |= bind_ordinals(data[boff : boff + bsize])
        elif cmd == LC_SYMTAB:
            symoff, nsyms = struct.unpack_from("<II", data, o + 8)
            for k in range(nsyms):
                n_type, _, n_desc = struct.unpack_from("<BBH", data, symoff + 16 * k + 4)
                if n_type & 0x0E == 0 and n_type & 0x01:  # N_UNDF | N_EXT
                    used.add(n_desc >> 8)
    # Ordinals are 1-based; 0, 0xfe, 0xff and the special (negative) ones
    # are not dylib indices.
    bad = sorted(x for x in used if b + 1 <= x <= len(dylibs))
    if bad:
        fail(f"{path}: ordinals {bad} use the duplicate load command; not rewriting")

    ia, ib = dylibs[a][0], dylibs[b][0]
    struct.pack_into("<I", data, cmds[ia][0], LC_REEXPORT_DYLIB)
    o, _, size = cmds[ib]
    end = HEADER + sizeofcmds
    data[o:end] = data[o + size : end] + bytes(size)
    struct.pack_into("<II", data, 16, ncmds - 1, sizeofcmds - size)
    open(path, "wb").write(data)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
