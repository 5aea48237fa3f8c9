#!/usr/bin/env python3
"""Marks one version requirement of an ELF64 little-endian shared object as weak.

Usage: weaken_verneed.py FILE VERSION   (e.g. GLIBCXX_3.4.32)

The dynamic loader refuses to load a library whose .gnu.version_r needs a version that the
providing library lacks, unless that requirement carries VER_FLG_WEAK (0x2): then it only
warns with LD_DEBUG. Editing one flag in place keeps every offset of the file unchanged.
Exit status: 0 changed or already weak, 3 the version is not required, 1 on a malformed file.
"""
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE


def fail(msg):
    print(f"weaken_verneed: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        fail("usage: weaken_verneed.py FILE VERSION")
    path, wanted = sys.argv[1], sys.argv[2].encode()
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        fail(f"{path}: not an ELF64 little-endian file")
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for i in range(e_shnum):
        off = e_shoff + i * e_shentsize
        (_, sh_type, _, _, sh_offset, sh_size, sh_link, _, _, _) = struct.unpack_from("<IIQQQQIIQQ", data, off)
        sections.append((sh_type, sh_offset, sh_size, sh_link))
    verneed = [s for s in sections if s[0] == SHT_GNU_VERNEED]
    if not verneed:
        fail(f"{path}: no .gnu.version_r section")
    _, vn_off, vn_size, strtab_index = verneed[0]
    str_off = sections[strtab_index][1]

    def cstr(at):
        end = data.index(b"\0", at)
        return bytes(data[at:end])

    entry = vn_off
    while True:
        _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", data, entry)
        aux = entry + vn_aux
        for _ in range(vn_cnt):
            _, vna_flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
            if cstr(str_off + vna_name) == wanted:
                if vna_flags & VER_FLG_WEAK:
                    print(f"weaken_verneed: {wanted.decode()} already weak")
                    return
                struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                with open(path, "r+b") as f:
                    f.seek(aux + 4)
                    f.write(data[aux + 4:aux + 6])
                print(f"weaken_verneed: {wanted.decode()} marked weak")
                return
            if vna_next == 0:
                break
            aux += vna_next
        if vn_next == 0:
            break
        entry += vn_next
        if entry >= vn_off + vn_size:
            fail(f"{path}: .gnu.version_r chain runs past its section")
    sys.exit(3)


main()
