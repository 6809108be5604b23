# SPDX-License-Identifier: MIT
# lib.sh: what every end-to-end script shares. Each test_*.sh starts with
#   . "$(dirname "$0")/lib.sh" NAME "$@"
# which takes the binaries from the arguments (ctest passes MLPTRAIN MLPPREDICT
# and runs from the repository root), moves into a fresh work folder that is
# removed on exit, and defines the counters; each script ends with `finish`.
# shellcheck shell=bash
set -u
MLPTRAIN=$(realpath "$2")
MLPPREDICT=$(realpath "${3:-$2}")
ROOT=$(pwd)
WORK=$(mktemp -d "/tmp/mlp-$1.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT
cd "$WORK" || exit 1

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The trained parameters of a weights file, exactly (Python's float repr
# round-trips), without the provenance block that records how it was made.
params() {
    /usr/bin/python3 "$ROOT/scripts/read_weights.py" "$1" \
        | /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["parameters"]))'
}

# error_is NAME WANT-STATUS WANT-STDERR STATUS STDERR: whether a command that
# should fail did so as expected: the exit status, then the exact stderr. 0
# when both match; else reports the first difference (bad) and returns 1.
# The expect_error of each script runs its command and adds its own checks of
# the files it guards.
error_is() {
    if [ "$4" != "$2" ]; then
        bad "$1: exit status $4, want $2 ($5)"
        return 1
    elif [ "$5" != "$3" ]; then
        bad "$1: stderr is
  $5
want
  $3"
        return 1
    fi
}

# slash_hint_path PATH STDERR: the path that the hint of an output PATH
# refused for its "/" says to write: the name it gives (`write "d.png"
# instead`), or PATH without the "/" (`drop the "/"`); empty when it says
# neither. A test runs the command again on it, as a user would.
slash_hint_path() {
    local name
    name=$(printf '%s\n' "$2" | sed -n 's/.*; write "\([^"]*\)" instead.*/\1/p')
    if [ -n "$name" ]; then
        printf '%s\n' "$name"
    elif printf '%s\n' "$2" | grep -q '; drop the "/"'; then
        printf '%s\n' "${1%/}"
    fi
}

# usage_error NAME WANT-STDERR COMMAND ARGS...: a script's usage error: exit
# status 2, exactly WANT-STDERR on stderr, nothing on stdout.
usage_error() {
    local name=$1 want=$2 out err status
    shift 2
    out=$("$@" 2> "$WORK/usage_error.txt")
    status=$?
    err=$(cat "$WORK/usage_error.txt")
    error_is "$name" 2 "$want" "$status" "$err" && { [ -z "$out" ] && ok || bad "$name: wrote to stdout: $out"; }
}

# error_writes_none NAME WANT-STDERR OUTPUT... -- COMMAND ARGS...: a refused
# run, stdin from in.txt (the script's, empty unless it fills it): exit
# status 2 and exactly WANT-STDERR (error_is), and no OUTPUT left behind,
# since a refused run writes nothing. Each passing half counts one ok.
error_writes_none() {
    local name=$1 want=$2 rc=0 f
    local outputs=()
    shift 2
    while [ "$1" != -- ]; do outputs+=("$1"); shift; done
    shift
    "$@" < "$WORK/in.txt" > "$WORK/out.txt" 2> "$WORK/err.txt" || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat "$WORK/err.txt")" && ok
    for f in "${outputs[@]}"; do
        [ -e "$f" ] && { bad "$name: an output was written: $f"; return; }
    done
    ok
}

# far_columns_csv FILE: 200 rows of two inputs, "small" within 1.5 and "big"
# in [1500, 4500], and a 0/1 class, which side of a line through both the
# row lies on: the rows of the lr-scan and diagnosis tests of inputs far
# from scale (test_lrscan_chance.sh, test_lrscan_saturated.sh,
# test_diagnose_saturated_rate.sh).
far_columns_csv() {
    awk 'BEGIN { print "small,big,cls"
        for (i = 1; i <= 200; i++) {
            s = 1.5 * sin(i * 2.39996); b = 3000 + 1500 * sin(i * 1.7 + 0.3)
            printf "%.4f,%.2f,%d\n", s, b, (s + (b - 3000) / 800 > 0) } }' > "$1"
}

# mse_chance FILE: mse's chance loss on the 0/1 last column of FILE (with a
# header): its variance p (1 - p).
mse_chance() {
    awk -F, 'NR > 1 { n++; s += $NF } END { p = s / n; print p * (1 - p) }' "$1"
}

# Prints the plain closing line ctest's log shows and exits with the verdict.
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
    exit
}
