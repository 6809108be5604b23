#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_script_modes.sh: the docs tell users to run `scripts/fuzz.sh`,
# `scripts/check-install.sh` and the rest by their paths, so every script the
# project ships (scripts/, bench/, .ci/, examples/: a file that starts with
# "#!") must be executable in a fresh checkout, and every scripts/NAME the
# Markdown names must exist. Three of them were committed without the
# executable bit (mode 100644) and failed with "Permission denied" when run as
# documented; CI ran them through `bash` and could not notice. The tests in
# tests/ are run by ctest through `bash`/python and are not checked.
. "$(dirname "$0")/lib.sh" script_modes "$@"

# not_executable DIR: the shebang files under DIR's shipped folders that
# cannot be run by their path, one per line.
not_executable() {
    local f
    find "$1/scripts" "$1/bench" "$1/.ci" "$1/examples" -type f 2> /dev/null | sort | while read -r f; do
        [ "$(head -c 2 "$f")" = '#!' ] && [ ! -x "$f" ] && echo "${f#"$1"/}"
    done
}

# The check itself, on a made-up tree: one script without the bit, one with,
# and a data file that is not a script.
mkdir -p fake/scripts fake/bench
printf '#!/bin/sh\necho hi\n' > fake/scripts/run.sh
printf '#!/bin/sh\necho hi\n' > fake/bench/ok.sh && chmod +x fake/bench/ok.sh
printf 'a,b\n1,2\n' > fake/scripts/data.csv
[ "$(not_executable fake)" = "scripts/run.sh" ] && ok \
    || bad "the check on a made-up tree found \"$(not_executable fake)\", want scripts/run.sh"

# The repository: a git checkout's modes are what a clone gets; check the
# index too, where a mode is committed.
out=$(not_executable "$ROOT")
[ -z "$out" ] && ok || bad "scripts that cannot be run by their path (chmod +x them):
$out"
if git -C "$ROOT" rev-parse --git-dir > /dev/null 2>&1; then
    out=$(cd "$ROOT" && git ls-files -s -- scripts bench .ci examples | while read -r mode _ _ f; do
        [ "$(head -c 2 "$f")" = '#!' ] && [ "$mode" != 100755 ] && echo "$f ($mode)"
    done)
    [ -z "$out" ] && ok || bad "scripts committed without the executable bit (git add --chmod=+x):
$out"
fi

# Every scripts/NAME the Markdown names is a file that runs.
named=$(cd "$ROOT" && grep -ohE 'scripts/[A-Za-z0-9_.-]+\.(sh|py)' README.md docs/*.md | sort -u)
[ "$(wc -l <<< "$named")" -ge 8 ] && ok || bad "the docs name too few scripts to check: $named"
missing=$(for s in $named; do [ -x "$ROOT/$s" ] || echo "$s"; done)
[ -z "$missing" ] && ok || bad "scripts the docs name that are missing or not executable:
$missing"

finish
