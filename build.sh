#!/usr/bin/env bash
# build.sh: builds the engine library (go build -buildmode=c-shared ./export) and
# copies the C header beside it, into build/<target>/.
#
#   ./build.sh                      the host's library, with the host's C compiler
#   ./build.sh TARGET...            release targets:
#     manylinux2014-amd64           Linux x86_64, glibc >= 2.17, via zig cc
#     manylinux2014-arm64           Linux aarch64, glibc >= 2.17, via zig cc
#     windows-amd64                 Windows x86_64, via Debian's mingw-w64
#     darwin-arm64                  macOS 12+ arm64, natively on an arm64 Mac
#     darwin-arm64-zig              macOS 12+ arm64 cross-built with zig cc, linked
#                                   against .tbd stubs (scripts/macos-stubs.sh);
#                                   CI runs its tests on a Mac
#   ./build.sh release              every release target this host can build
#
# zig comes from `zig` on PATH or PyPI's ziglang package (`pip install ziglang`,
# run as `$PYTHON -m ziglang`). A manylinux build fails if the library needs a
# glibc symbol newer than 2.17. The version stamp (VERSION plus the git commit)
# is linked into main.buildVersion (a string var in export/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${PYTHON:-python3}"
GLIBC_FLOOR="2.17"
MACOS_MIN="12.0"

die() { echo "build.sh: $*" >&2; exit 1; }

version_stamp() {
    local v commit
    v="$(tr -d '[:space:]' < "$ROOT/VERSION")"
    if commit="$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null)"; then
        git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || commit="$commit.dirty"
        v="$v+g$commit"
    fi
    echo "$v"
}

zig_cc() {  # prints a CC value for `zig cc -target $1`
    if command -v zig >/dev/null 2>&1; then
        echo "zig cc -target $1"
    elif "$PYTHON" -m ziglang version >/dev/null 2>&1; then
        echo "$(command -v "$PYTHON") -m ziglang cc -target $1"
    else
        die "zig is needed for manylinux builds: pip install ziglang (or put zig on PATH)"
    fi
}

lib_name() {
    case "$1" in
        windows) echo mssql_python.dll ;;
        darwin) echo libmssql_python.dylib ;;
        *) echo libmssql_python.so ;;
    esac
}

# go_build DIR GOOS GOARCH CC [EXTLDFLAGS]: builds ./export into build/DIR/.
go_build() {
    local dir="$ROOT/build/$1" goos="$2" goarch="$3" cc="$4" extld="${5:-}"
    [ -d "$ROOT/export" ] || die "export/ (the C ABI package) is not in this checkout"
    command -v go >/dev/null 2>&1 || die "Go 1.26+ is needed on PATH"
    local out="$dir/$(lib_name "$goos")" ldflags="-s -w -X main.buildVersion=$(version_stamp)"
    [ -z "$extld" ] || ldflags="$ldflags -extldflags=$extld"
    mkdir -p "$dir"
    echo "build.sh: $1 (GOOS=$goos GOARCH=$goarch CC=${cc:-default})"
    (cd "$ROOT" && CGO_ENABLED=1 GOOS="$goos" GOARCH="$goarch" CC="$cc" \
        go build -buildmode=c-shared -trimpath -ldflags "$ldflags" -o "$out" ./export)
    rm -f "${out%.*}.h"  # cgo's generated header is private: ship ours
    cp "$ROOT/include/mssql_python.h" "$dir/"
    echo "build.sh: wrote $out ($(wc -c < "$out") bytes)"
}

# glibc_guard LIB: fails if LIB needs a glibc symbol version newer than the floor.
glibc_guard() {
    local newest
    newest="$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)"
    [ -n "$newest" ] || die "$1: no GLIBC symbol versions found (objdump -T)"
    if [ "$(printf '%s\n' "GLIBC_$GLIBC_FLOOR" "$newest" | sort -V | tail -n 1)" != "GLIBC_$GLIBC_FLOOR" ]; then
        objdump -T "$1" | grep -E 'GLIBC_[0-9.]+' | sort -k5 -V | tail -n 5 >&2
        die "$1 needs $newest, newer than the manylinux2014 floor GLIBC_$GLIBC_FLOOR"
    fi
    echo "build.sh: glibc guard ok: newest symbol version $newest <= GLIBC_$GLIBC_FLOOR"
}

build_manylinux() {  # build_manylinux GOARCH ZIGARCH
    go_build "manylinux2014-$1" linux "$1" "$(zig_cc "$2-linux-gnu.$GLIBC_FLOOR")" -s
    glibc_guard "$ROOT/build/manylinux2014-$1/libmssql_python.so"
}

build_windows() {
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 ||
        die "x86_64-w64-mingw32-gcc is needed: apt-get install gcc-mingw-w64-x86-64"
    go_build windows-amd64 windows amd64 x86_64-w64-mingw32-gcc
}

build_darwin() {
    [ "$(uname -s)-$(uname -m)" = "Darwin-arm64" ] ||
        die "darwin-arm64 is built natively on an arm64 Mac (zig cannot link Go's CoreFoundation dependency)"
    MACOSX_DEPLOYMENT_TARGET="$MACOS_MIN" go_build darwin-arm64 darwin arm64 "${CC:-clang}"
}

build_darwin_zig() {
    local stubs="$ROOT/build/macos-stubs"
    "$ROOT/scripts/macos-stubs.sh" "$stubs"
    go_build darwin-arm64-zig darwin arm64 \
        "$(zig_cc "aarch64-macos.$MACOS_MIN") -F$stubs/Frameworks -L$stubs/lib"
}

build_host() {
    local goos goarch
    goos="$(go env GOOS)"; goarch="$(go env GOARCH)"
    if [ "$goos" = darwin ]; then export MACOSX_DEPLOYMENT_TARGET="$MACOS_MIN"; fi
    go_build "$goos-$goarch" "$goos" "$goarch" "${CC:-}"
}

build_target() {
    case "$1" in
        host) build_host ;;
        manylinux2014-amd64) build_manylinux amd64 x86_64 ;;
        manylinux2014-arm64) build_manylinux arm64 aarch64 ;;
        windows-amd64) build_windows ;;
        darwin-arm64) build_darwin ;;
        darwin-arm64-zig) build_darwin_zig ;;
        release)
            if [ "$(uname -s)" = Darwin ]; then build_darwin; else
                build_manylinux amd64 x86_64; build_manylinux arm64 aarch64; build_windows
            fi ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) die "unknown target '$1' (see ./build.sh --help)" ;;
    esac
}

[ $# -gt 0 ] || set -- host
for target in "$@"; do build_target "$target"; done
