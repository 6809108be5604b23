#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_symbols.sh: libmlp.so exports only mlp_ names (cmake/libmlp.map), has
# a SONAME with the major version, and is position-independent code.
#   usage: tests/install/test_symbols.sh path/to/libmlp.so
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

# SONAME libmlp.so.MAJOR, MAJOR from project(VERSION) in CMakeLists.txt.
major=$(sed -n 's/^project(mlp VERSION \([0-9]*\)\..*/\1/p' CMakeLists.txt)
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "libmlp.so.$major" ] && ok || bad "SONAME is \"$soname\", expected libmlp.so.$major"
# No text relocations: the archive it was made from is PIC.
objdump -p "$lib" | grep -q TEXTREL && bad "$lib has text relocations (not PIC)" || ok

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
