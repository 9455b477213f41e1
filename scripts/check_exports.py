"""Checks that a built library exports exactly the mssql_* functions of the header.

Usage: python scripts/check_exports.py include/mssql_python.h LIBRARY

ELF exports are read with `nm -D --defined-only`, PE exports with `objdump -p`
(Debian's binutils reads PE32+; the mingw objdump works too), Mach-O exports from
the symbol table directly (no tool needed, so a macOS library cross-built on Linux
can be checked too). Exits 1 and lists the differences when the two sets are not equal.
"""

import os
import re
import struct
import subprocess
import sys


def header_functions(path):
    """Names of the functions the header declares (comments stripped first)."""
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return set(re.findall(r"\b(mssql_[A-Za-z0-9_]+)\s*\(", text))


def library_exports(path):
    """Names of the mssql_* functions the library exports."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"\x7fELF":
        out = _run(["nm", "-D", "--defined-only", path])
        names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    elif magic[:2] == b"MZ":
        names = _pe_exports(_run([os.environ.get("OBJDUMP", "objdump"), "-p", path]))
    elif magic == b"\xcf\xfa\xed\xfe":
        names = {n[1:] for n in _macho_exports(path) if n.startswith("_")}
    else:
        raise SystemExit(f"{path}: not an ELF, PE or Mach-O library")
    return {n.split("@")[0] for n in names if n.startswith("mssql_")}


def _pe_exports(dump):
    """The names in objdump -p's [Ordinal/Name Pointer] Table."""
    table = dump.split("[Ordinal/Name Pointer] Table", 1)
    if len(table) != 2:
        raise SystemExit("objdump -p shows no export name table")
    names = set()
    for line in table[1].splitlines()[1:]:
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s*$", line)
        if not m:
            break
        names.add(m.group(1))
    return names


def _macho_exports(path):
    """Defined external symbols of a 64-bit Mach-O file (its LC_SYMTAB)."""
    with open(path, "rb") as f:
        data = f.read()
    ncmds, = struct.unpack_from("<I", data, 16)
    offset = 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, offset)
        if cmd == 0x2:  # LC_SYMTAB
            symoff, nsyms, stroff, _ = struct.unpack_from("<IIII", data, offset + 8)
            return set(_nlist_names(data, symoff, nsyms, stroff))
        offset += size
    raise SystemExit(f"{path}: no LC_SYMTAB")


def _nlist_names(data, symoff, nsyms, stroff):
    for i in range(nsyms):
        strx, ntype = struct.unpack_from("<IB", data, symoff + 16 * i)
        if ntype & 0x01 and ntype & 0x0E == 0x0E:  # N_EXT, defined in a section
            end = data.index(b"\0", stroff + strx)
            yield data[stroff + strx:end].decode("ascii", "replace")


def _run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    declared, exported = header_functions(argv[1]), library_exports(argv[2])
    if declared == exported:
        print(f"exports match the header: {len(declared)} mssql_* functions in {argv[2]}")
        return 0
    for name in sorted(declared - exported):
        print(f"declared in the header but not exported: {name}")
    for name in sorted(exported - declared):
        print(f"exported but not declared in the header: {name}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
