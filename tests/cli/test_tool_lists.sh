#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The lists of `mlptrain --help` that say which training options --check
# and --lr-scan take ("--check every training option but ...") agree with
# what the programs refuse: each option a list leaves out is refused with
# that tool, every other training option is taken. The lists of README.md
# and man/mlptrain.1 name the same options. (They said --trace went with
# --check and --lr-scan; both refuse it.) And --trace with --restarts 2 or
# more is refused, as the help says.
. "$(dirname "$0")/lib.sh" tool_lists "$@"
export OPENBLAS_NUM_THREADS=1
printf 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xor.csv
cat > s.json <<'JSON'
{"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",
 "epochs": 5, "data": {"train": "xor.csv", "targets": ["y"]},
 "output": {"weights": "w0.bin", "loss": "l0.csv"}}
JSON
"$MLPTRAIN" -c s.json -q || bad "the first run failed"

# A value for each training option (-c is always given).
declare -A arg=([--epochs]="-e 5" [--learning-rate]="-l 0.1" [--batch-size]="-b 2" [--seed]="-s 3"
    [--restarts]="-r 2" [--restart-margin]="-r 2 --restart-margin 0.1" [--weights]="-w w.bin"
    [--loss-log]="-o l.csv" [--init-weights]="--init-weights w0.bin" [--threads]="-t 1"
    [--quiet]="-q" [--progress]="--progress none" [--trace]="--trace t.json"
    [--trace-epoch]="--trace t.json --trace-epoch 1" [--trace-row]="--trace t.json --trace-row 1"
    [--trace-format]="--trace t.json --trace-format csv")
tools="--config --gradcheck --tolerance --check --format --lr-scan --lr-scan-epochs --help --version"

"$MLPTRAIN" --help > help.txt
# The training options: every long option of the help but the tools'.
training=$(grep -oE -- '^ +(-[a-z], )?--[a-z-]+' help.txt | grep -oE -- '--[a-z-]+' \
    | grep -vxF -f <(tr ' ' '\n' <<< "$tools"))
[ -n "$training" ] && ok || bad "no training options in --help"
for o in $training; do
    [ -n "${arg[$o]:-}" ] && ok || bad "a training option this test has no value for: $o"
done
# -e -> --epochs, as the help pairs them.
long_of() {
    case $1 in
    --*) echo "$1" ;;
    *) grep -oE -- "^ +$1, --[a-z-]+" help.txt | grep -oE -- '--[a-z-]+' ;;
    esac
}
# The options a list leaves out, in long names; "--trace with its options"
# is --trace and each --trace-* option.
left_out() {
    local o
    for o in $(grep -oE -- '(^|[ `(])--?[a-z][a-z-]*' <<< "$1" | grep -oE -- '--?[a-z-]+'); do
        long_of "$o"
        [ "$o" = --trace ] && grep -qE -- '--trace`? with its options' <<< "$1" \
            && grep -oE -- '--trace-[a-z]+' <<< "$training"
    done | sort -u
}
# A paragraph's text, one line: from the line matching $2 to a blank one.
para() { awk -v start="$2" 'index($0, start) { on = 1 } on && /^$/ { exit } on' "$1" | tr '\n' ' '; }
help=$(para help.txt "refuse an option they take no part of")
check_help=$(left_out "$(sed -n 's/.*--check every training option but \(.*\); --lr-scan every.*/\1/p' <<< "$help")")
scan_help=$(left_out "$(sed -n 's/.*--lr-scan every one but \(.*\) (each rate.*/\1/p' <<< "$help")")
[ -n "$check_help" ] && [ -n "$scan_help" ] && ok || bad "the help's lists are not found: $help"

# tool_takes TOOL LEFT-OUT: every training option, with TOOL.
tool_takes() {
    local tool=$1 left=$2 o rc
    for o in $training; do
        rc=0
        # shellcheck disable=SC2086
        "$MLPTRAIN" -c s.json $tool ${arg[$o]} > out.txt 2> err.txt || rc=$?
        if grep -qxF -- "$o" <<< "$left"; then
            [ "$rc" = 2 ] && grep -qE "does nothing with|cannot go with|is for --restarts" err.txt \
                && ok || bad "$tool $o: the help says it is refused, but: exit $rc, $(cat err.txt)"
        else
            ! grep -qE "does nothing with|cannot go with|is for" err.txt \
                && ok || bad "$tool $o: the help says it is taken, but: $(cat err.txt)"
        fi
    done
}
tool_takes --check "$check_help"
tool_takes "--lr-scan 0.01:1 --lr-scan-epochs 2" "$scan_help"

# README.md and the man page name the same options.
readme=$(para "$ROOT/README.md" "refuse an option they would take no")
[ "$(left_out "$(sed -n 's/.*`--check` every training option but \(.*\); `--lr-scan` every.*/\1/p' <<< "$readme")")" = "$check_help" ] \
    && ok || bad "README.md's --check list differs from the help's: $readme"
[ "$(left_out "$(sed -n 's/.*`--lr-scan` every one but \(.*\) (each rate.*/\1/p' <<< "$readme")")" = "$scan_help" ] \
    && ok || bad "README.md's --lr-scan list differs from the help's: $readme"
man=$(sed -n '/refuse, as a usage error/,/^\.SH/p' "$ROOT/man/mlptrain.1" | grep -v '^\.SH' \
    | sed -e 's/^\.B[RI]* //' -e 's/\\-/-/g' | tr '\n' ' ')
[ "$(left_out "$(sed -n 's/.*--check every training option but \(.*\); --lr-scan every.*/\1/p' <<< "$man")")" = "$check_help" ] \
    && ok || bad "man/mlptrain.1's --check list differs from the help's: $man"
[ "$(left_out "$(sed -n 's/.*--lr-scan every one but \(.*\) (each rate.*/\1/p' <<< "$man")")" = "$scan_help" ] \
    && ok || bad "man/mlptrain.1's --lr-scan list differs from the help's: $man"

# --trace records one run: refused with --restarts 2 or more, as the help says.
grep -q -- '--trace records one run: it cannot go with --restarts 2 or more' help.txt \
    && ok || bad "the help does not say --trace cannot go with --restarts"
usage_error "trace with restarts" \
    "mlptrain: --trace records one run; it cannot go with --restarts; try 'mlptrain --help'" \
    "$MLPTRAIN" -c s.json -r 2 --trace t.json
"$MLPTRAIN" -c s.json -q -r 1 --trace t.json -w w.bin -o l.csv && [ -s t.json ] && ok \
    || bad "--trace with --restarts 1 was refused"
finish
