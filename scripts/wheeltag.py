"""Reads a built engine library and says which wheel it belongs in.

The wheel's platform tag and the library's file name are derived from the binary
itself (ELF, PE or Mach-O header, and for ELF the newest glibc symbol version it
needs), never from the machine that packs it. So a library cross-built with zig
or mingw is packed under the right tag, and a library built against a new glibc
is never tagged manylinux2014.

Usage: python scripts/wheeltag.py LIBRARY   prints "<tag> <file name> <glibc floor>"
"""

import re
import struct
import sys

#: Go 1.26 supports macOS 12 and later (golang/go#75836).
MACOS_MIN = "12_0"
#: Go needs Linux 3.2 and glibc 2.17 in practice: never claim an older manylinux.
GLIBC_MIN = (2, 17)

_ELF_ARCH = {62: "x86_64", 183: "aarch64"}
_PE_ARCH = {0x8664: "win_amd64", 0xAA64: "win_arm64"}
_MACHO_ARCH = {0x01000007: "x86_64", 0x0100000C: "arm64"}
_SHT_GNU_VERNEED = 0x6FFFFFFE


def inspect(path):
    """Returns (platform tag, library file name, glibc floor or None) for a library."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"\x7fELF":
        return _elf(data)
    if data[:2] == b"MZ":
        return _pe(data), "mssql_python.dll", None
    if data[:4] == b"\xcf\xfa\xed\xfe":
        return _macho(data), "libmssql_python.dylib", None
    raise ValueError(f"{path}: not an ELF, PE or Mach-O library")


def glibc_versions(data):
    """The GLIBC_x.y versions an ELF64 little-endian file needs, as sorted tuples."""
    if data[4] != 2 or data[5] != 1:
        raise ValueError("only 64-bit little-endian ELF is supported")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    found = set()
    for sec in sections:
        if sec[1] == _SHT_GNU_VERNEED:
            strtab = sections[sec[6]][4]
            found.update(_verneed_names(data, sec[4], sec[7], strtab))
    versions = (re.fullmatch(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)?", n) for n in found)
    return sorted({(int(m[1]), int(m[2])) for m in versions if m})


def _verneed_names(data, offset, count, strtab):
    for _ in range(count):
        _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", data, offset)
        aux_off = offset + aux
        for _ in range(cnt):
            _, _, _, name, aux_next = struct.unpack_from("<IHHII", data, aux_off)
            yield _cstring(data, strtab + name)
            aux_off += aux_next
        offset += nxt


def _cstring(data, offset):
    return data[offset:data.index(b"\0", offset)].decode("ascii")


def _elf(data):
    machine, = struct.unpack_from("<H", data, 0x12)
    arch = _ELF_ARCH.get(machine)
    if arch is None:
        raise ValueError(f"unsupported ELF machine {machine}")
    floor = max([GLIBC_MIN] + glibc_versions(data))
    if floor == GLIBC_MIN:
        tag = f"manylinux2014_{arch}"
    else:
        tag = f"manylinux_{floor[0]}_{floor[1]}_{arch}"
    return tag, "libmssql_python.so", "%d.%d" % floor


def _pe(data):
    pe_off, = struct.unpack_from("<I", data, 0x3C)
    if data[pe_off:pe_off + 4] != b"PE\0\0":
        raise ValueError("MZ file without a PE header")
    machine, = struct.unpack_from("<H", data, pe_off + 4)
    if machine not in _PE_ARCH:
        raise ValueError(f"unsupported PE machine {machine:#x}")
    return _PE_ARCH[machine]


def _macho(data):
    cputype, = struct.unpack_from("<I", data, 4)
    if cputype not in _MACHO_ARCH:
        raise ValueError(f"unsupported Mach-O CPU type {cputype:#x}")
    return f"macosx_{MACOS_MIN}_{_MACHO_ARCH[cputype]}"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    tag, name, floor = inspect(argv[1])
    print(tag, name, floor or "-")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
