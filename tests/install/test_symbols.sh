#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_symbols.sh: libmlp.so exports exactly the functions the public headers
# include/mlp/*.h declare (the version script cmake/libmlp_map.cmake writes),
# has a SONAME with the ABI version (MAJOR, 0.MINOR before 1.0), and is
# position-independent code.
#   usage: tests/install/test_symbols.sh path/to/libmlp.so
# Run from the repository root (it reads include/mlp/*.h).
set -u
lib=$1
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

exported=$(nm -D --defined-only "$lib" | awk '{print $NF}')
[ -n "$exported" ] && ok || bad "nm -D --defined-only $lib lists nothing"
others=$(grep -v '^mlp_' <<< "$exported")
[ -z "$others" ] && ok || bad "$lib exports names without the mlp_ prefix (give them the prefix, or make them static):
$others"
# The public API is exported: a few names from different headers.
for sym in mlp_version mlp_version_text mlp_weights_read mlp_predict_run mlp_error_clear; do
    grep -qx "$sym" <<< "$exported" && ok || bad "$lib does not export $sym"
done

# Nothing but the public API: every function of include/mlp/*.h as the
# compiler lists their declarations (gcc -aux-info, not the version script's
# own reading of the headers), and no other name. It exported every mlp_
# name, 78 of them internal, among them the test hooks that make the
# library's allocations fail (mlp_alloc_fail_after) and install its signal
# handlers (mlp_signals_install).
tmp=$(mktemp -d /tmp/mlp-test-symbols.XXXXXX)
trap 'rm -rf -- "$tmp"' EXIT
for h in include/mlp/*.h; do printf '#include "%s"\n' "${h#include/}"; done > "$tmp/all.c"
if cc -std=c11 -Iinclude -fsyntax-only -aux-info "$tmp/aux.txt" "$tmp/all.c" 2> "$tmp/cc.err"; then
    grep '^/\* include/mlp/' "$tmp/aux.txt" | grep -o '\bmlp_[A-Za-z0-9_]* (' | sed 's/ ($//' \
        | sort -u > "$tmp/public.txt"
    sort -u <<< "$exported" > "$tmp/exported.txt"
    [ "$(wc -l < "$tmp/public.txt")" -ge 100 ] && ok \
        || bad "cc -aux-info found only $(wc -l < "$tmp/public.txt") functions in include/mlp/*.h"
    extra=$(comm -13 "$tmp/public.txt" "$tmp/exported.txt")
    [ -z "$extra" ] && ok || bad "$lib exports functions no public header declares (internal: keep them out of include/mlp/):
$extra"
    missing=$(comm -23 "$tmp/public.txt" "$tmp/exported.txt")
    [ -z "$missing" ] && ok || bad "$lib does not export functions of include/mlp/*.h:
$missing"
else
    bad "cc -aux-info on include/mlp/*.h failed (gcc is needed): $(cat "$tmp/cc.err")"
fi
for sym in mlp_alloc_fail_after mlp_signals_install mlp_fileio_track_temp mlp_pool_blas_serial_begin; do
    grep -qx "$sym" <<< "$exported" && bad "$lib exports the internal $sym" || ok
done

# SONAME libmlp.so.MAJOR from project(VERSION) in CMakeLists.txt, and while
# MAJOR is 0, libmlp.so.0.MINOR: 0.x may change its interface between minor
# versions (docs/install.md), and a program linked with 0.1 must not load 0.2.
version=$(sed -n 's/^project(mlp VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
IFS=. read -r v_major v_minor _ <<< "$version"
abi=$([ "$v_major" = 0 ] && echo "0.$v_minor" || echo "$v_major")
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ -n "$version" ] && [ "$soname" = "libmlp.so.$abi" ] && ok || bad "SONAME is \"$soname\", expected libmlp.so.$abi (version $version)"
# No text relocations: the archive it was made from is PIC.
objdump -p "$lib" | grep -q TEXTREL && bad "$lib has text relocations (not PIC)" || ok

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
