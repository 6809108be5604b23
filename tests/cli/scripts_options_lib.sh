# SPDX-License-Identifier: MIT
# scripts_options_lib.sh: what the tests of the scripts' command lines
# (test_scripts_options.sh, test_scripts_python_options.sh) share, sourced
# after lib.sh as `. scripts_options_lib.sh EXT` (sh or py): a copy under $T
# of the scripts of scripts/ and bench/ ending in .EXT, the list of them in
# $scripts, the folder caller/ they run from, stand-ins for the tools they
# would go on to, `run` and `row`. Each test then sets RUN_WITH, the
# interpreter (with its options) that runs a script, and once its own setup
# is done takes files.before, against which a refused command line is seen
# to write nothing.
# shellcheck shell=bash
T=$WORK/tree
mkdir -p "$T/scripts" "$T/bench" caller
cp "$ROOT"/scripts/*."$1" "$T/scripts/"
cp "$ROOT"/bench/*."$1" "$T/bench/"
# scripts: those of the copied files that start with #! (the others are
# sourced or imported), as DIR/NAME, the way the docs name them.
scripts=()
for f in "$ROOT"/scripts/*."$1" "$ROOT"/bench/*."$1"; do
    [ "$(head -c 2 "$f")" = '#!' ] && scripts+=("$(basename "$(dirname "$f")")/$(basename "$f")")
done
RUN_WITH=()

# stand_ins TOOL...: each TOOL on PATH is a stand-in that notes its call in
# ran.txt and fails, so that a refused command line can be seen to run none.
stand_ins() {
    local tool
    mkdir -p "$WORK/fakebin"
    for tool in "$@"; do
        printf '#!/bin/sh\necho "%s $*" >> "%s/ran.txt"\nexit 97\n' "$tool" "$WORK" > "$WORK/fakebin/$tool"
        chmod +x "$WORK/fakebin/$tool"
    done
    export PATH="$WORK/fakebin:$PATH"
}

# run SCRIPT ARGS...: the copy of SCRIPT (scripts/NAME or bench/NAME) under
# RUN_WITH from the folder caller/; stdout in out.txt, stderr in err.txt,
# the status in $rc.
run() {
    local script=$1
    shift
    : > "$WORK/ran.txt"
    (cd "$WORK/caller" && "${RUN_WITH[@]}" "$T/$script" "$@" > "$WORK/out.txt" 2> "$WORK/err.txt")
    rc=$?
}

# files: every path under the copy and the caller's folder, to tell that a
# refused command line wrote nothing (no output, no folder, no __pycache__).
files() { (cd "$WORK" && find tree caller | sort); }

# nothing_run WHAT: no program run, no file written since files.before.
nothing_run() {
    files > "$WORK/files.after"
    if [ ! -s "$WORK/ran.txt" ] && cmp -s "$WORK/files.before" "$WORK/files.after"; then
        ok
    else
        bad "$1: ran \"$(cat "$WORK/ran.txt")\" or made $(diff "$WORK/files.before" "$WORK/files.after" | grep '^>' | xargs)"
    fi
}

# nothing_done WHAT: nothing on stdout either.
nothing_done() {
    [ ! -s "$WORK/out.txt" ] && ok || bad "$1: wrote \"$(head -c 200 "$WORK/out.txt")\" on stdout"
    nothing_run "$1"
}

# row SCRIPT WHAT ARGS...: SCRIPT ARGS... exits 2 with "NAME: WHAT; try
# 'SCRIPT --help'" on stderr (the form of docs/exit-codes.md) and does
# nothing else.
row() {
    local s=$1 what=$2
    shift 2
    run "$s" "$@"
    error_is "$s $*" 2 "$(basename "$s"): $what; try '$s --help'" "$rc" "$(cat "$WORK/err.txt")" \
        && nothing_done "$s $*"
}
