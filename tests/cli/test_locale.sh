#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_locale.sh: the tests and the scripts read and write numbers with a
# '.' whatever the locale they are started in. awk, printf, sort -g and bc
# follow LC_NUMERIC: under LC_ALL=de_DE.UTF-8 nine tests failed (their
# generated CSVs said "0,5", mawk read 2.2e-16 as 2) and scripts/proben1.sh's
# table said "0 ± 0" for 0.0123, 0.0145, 0.0131. Checks that every ctest test
# runs under LC_ALL=C (CMakeLists.txt), that every script of scripts/ and
# bench/ that handles numbers exports LC_ALL=C before it does, and, when a
# comma-decimal locale can be had, that proben1.sh's statistics are right
# under it. (The library itself: tests/test_c_locale.c.)
. "$(dirname "$0")/lib.sh" locale "$@"
BUILD=$(dirname "$MLPTRAIN")

# 1. Every test of this build tree runs with LC_ALL=C in its environment.
(cd "$BUILD" && ctest --show-only=json-v1) > tests.json 2> ctest.err \
    || bad "ctest --show-only=json-v1 in $BUILD failed: $(cat ctest.err)"
missing=$(/usr/bin/python3 - tests.json <<'EOF'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
bad = [t["name"] for t in tests
       if "LC_ALL=C" not in next((p["value"] for p in t.get("properties", [])
                                  if p["name"] == "ENVIRONMENT"), [])]
print(len(tests), " ".join(bad))
EOF
)
count=${missing%% *}
[ "${count:-0}" -gt 10 ] && ok || bad "ctest lists ${count:-no} tests in $BUILD"
[ -z "${missing#* }" ] && ok || bad "tests without LC_ALL=C in their ENVIRONMENT: ${missing#* }"
[ "${LC_ALL-}" = C ] && ok || bad "this test runs with LC_ALL=${LC_ALL-unset}, want C"

# 2. unsafe DIR: the shell scripts under DIR/scripts and DIR/bench whose
# first line using awk, a printf of %f/%g/%e, sort -g/-n or bc comes before
# an `export LC_ALL=C` (or that have none), one per line.
unsafe() {
    local f
    find "$1/scripts" "$1/bench" -type f -name '*.sh' 2> /dev/null | sort | while read -r f; do
        awk -v f="${f#"$1"/}" '
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*export LC_ALL=C([[:space:]]|$)/ { exit }
            /(^|[^[:alnum:]_])(awk|bc)([[:space:]]|$)/ || /sort -[a-z]*[gn]/ ||
            /printf[^|;]*%[-+ #0-9.*]*[fFgGeE]/ { print f; exit }' "$f"
    done
}
mkdir -p fake/scripts fake/bench
printf '#!/bin/sh\nset -e\nawk "{ print \\$1 / 2 }" x.csv\n' > fake/scripts/halve.sh
printf '#!/bin/sh\nset -e\nexport LC_ALL=C\nprintf "%%.2f\\n" 0.5\n' > fake/bench/ok.sh
printf '#!/bin/sh\n# awk reads the table\necho done\n' > fake/bench/words.sh
[ "$(unsafe fake)" = "scripts/halve.sh" ] && ok \
    || bad "the check on a made-up tree found \"$(unsafe fake)\", want scripts/halve.sh"
found=$(unsafe "$ROOT")
[ -z "$found" ] && ok || bad "scripts that handle numbers before \`export LC_ALL=C\`: $found"

# 3. proben1.sh's mean ± sd under a comma-decimal locale, as the script runs
# it: its `export LC_ALL=C`, then stats(). The locale is the system's or
# made here with localedef; without either this part is left out.
comma=""
for l in de_DE.UTF-8 de_DE.utf8; do
    [ "$(LC_ALL=$l locale decimal_point 2> /dev/null)" = "," ] && comma=$l && break
done
if [ -z "$comma" ] && command -v localedef > /dev/null; then
    localedef -i de_DE -f UTF-8 "$WORK/de_DE.UTF-8" > /dev/null 2>&1
    [ "$(LOCPATH=$WORK LC_ALL=de_DE.UTF-8 locale decimal_point 2> /dev/null)" = "," ] \
        && comma=de_DE.UTF-8 && export LOCPATH=$WORK
fi
if [ -n "$comma" ]; then
    got=$(LC_ALL=$comma bash -c '
        eval "$(grep -m1 "^export LC_ALL=" "$1")"
        eval "$(sed -n "/^stats() {/,/; }\$/p" "$1")"
        printf "0.0123\n0.0145\n0.0131\n" | stats "%.5g"' _ "$ROOT/scripts/proben1.sh")
    [ "$got" = "0.0133 ± 0.0011136" ] && ok \
        || bad "proben1.sh's stats under $comma: \"$got\", want \"0.0133 ± 0.0011136\""
else
    echo "note: no comma-decimal locale (de_DE.UTF-8 not installed, localedef missing): part 3 left out"
fi

finish
