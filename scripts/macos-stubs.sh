#!/usr/bin/env bash
# scripts/macos-stubs.sh DIR: writes the text stubs (.tbd) that let `zig cc` link a
# Go c-shared library for macOS arm64 on Linux, without Apple's SDK.
#
# Go's runtime/cgo links `-framework CoreFoundation` on darwin/arm64, and Go's
# standard library calls a few functions of CoreFoundation, Security and
# libresolv, each declared in Go's own source with
#   //go:cgo_import_dynamic <local> <symbol> "<dylib install name>"
# A .tbd stub only names a library's install name and the symbols it exports,
# so the stubs are generated from those declarations of the Go toolchain in use:
# the library links against /System/... paths that exist on every Mac.
# Layout: DIR/Frameworks/<Name>.framework/<Name>.tbd and DIR/lib/lib<name>.tbd.
set -euo pipefail
out="${1:?usage: scripts/macos-stubs.sh DIR}"
goroot="$(go env GOROOT)"
mkdir -p "$out/Frameworks" "$out/lib"

declarations() {  # prints "symbol install-name" for every darwin dylib Go imports
    grep -rhE '^//go:cgo_import_dynamic [^ ]+ [^ ]+ "(/System/Library/Frameworks|/usr/lib/libresolv)' \
        --include='*.go' "$goroot/src" | awk '{gsub(/"/, "", $4); print $3, $4}' | sort -u
}

write_tbd() {  # write_tbd FILE INSTALL_NAME SYMBOL...
    local file="$1" install="$2"; shift 2
    {
        echo "--- !tapi-tbd"
        echo "tbd-version: 4"
        echo "targets: [ arm64-macos ]"
        echo "install-name: '$install'"
        echo "exports:"
        echo "  - targets: [ arm64-macos ]"
        echo "    symbols: [ $(printf '_%s, ' "$@" | sed 's/, $//') ]"
        echo "..."
    } >"$file"
}

stub_path() {  # where zig looks for the stub of an install name
    case "$1" in
        /System/Library/Frameworks/*)
            local name="${1#/System/Library/Frameworks/}"; name="${name%%.framework*}"
            mkdir -p "$out/Frameworks/$name.framework"
            echo "$out/Frameworks/$name.framework/$name.tbd" ;;
        /usr/lib/*)
            local base="${1##*/}"; echo "$out/lib/${base%%.*}.tbd" ;;
    esac
}

libraries="$(declarations | awk '{print $2}' | sort -u)"
# runtime/cgo asks for CoreFoundation even when no Go code calls into it.
grep -q CoreFoundation <<<"$libraries" ||
    libraries="$libraries /System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation"
for lib in $libraries; do
    mapfile -t symbols < <(declarations | awk -v l="$lib" '$2 == l {print $1}')
    write_tbd "$(stub_path "$lib")" "$lib" "${symbols[@]}"
done
echo "macos-stubs: wrote $(find "$out" -name '*.tbd' | wc -l) stubs into $out"
