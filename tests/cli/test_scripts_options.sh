#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_options.sh: the command lines of the shell scripts.
. "$(dirname "$0")/lib.sh" scripts_options "$@"

# One callers(): scripts/caller_args.sh's, sourced where a path is the
# caller's (proben1.sh, sklearn_compare.sh and check-install.sh had copies).
defs=$(grep -l '^callers()' "$ROOT"/scripts/*.sh "$ROOT"/bench/*.sh | sed "s|^$ROOT/||" | xargs)
[ "$defs" = scripts/caller_args.sh ] && ok || bad "callers() is defined in $defs, want scripts/caller_args.sh alone"
# It still finds a folder from where the script was started: --configs conf
# is found (not "not a folder"), then refused without --holdout.
mkdir -p caller/conf
for s in proben1 sklearn_compare; do
    err=$(cd caller && bash "$ROOT/scripts/$s.sh" --configs conf 2>&1 > /dev/null)
    case $s in proben1) judge="test files" ;; *) judge="test splits" ;; esac
    [ "$err" = "$s.sh: --configs is for --holdout: the $judge judge the shipped configs only; try 'scripts/$s.sh --help'" ] \
        && ok || bad "$s.sh --configs conf: $err"
done

finish
