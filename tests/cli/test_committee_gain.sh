#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_committee_gain.sh: scripts/committee_gain.py, the committee's gain over
# its members and its projection to larger committees (docs/benchmarks.md).
# On made-up folders the figures are recomputed here with awk from the same
# files (not copied from the script's output); on a real holdout run of
# scripts/proben1.sh (diabetes, 2 folds, committees of 3) every member has its
# evaluation, no committee is worse than its members' mean (the identity the
# script rests on, checked on mlppredict's own committees), and the script
# reads the run; every usage error exits 2 with one message.
. "$(dirname "$0")/lib.sh" committee_gain "$@"
PYTHON=/usr/bin/python3
GAIN="$ROOT/scripts/committee_gain.py"

# eval_file PATH MSE: an evaluation as mlppredict --evaluate writes it.
eval_file() {
    printf '%s\n' "x.csv: 100 rows, loss 1 (mse)" \
        "x.csv: mse $2 (mean of (output - target)^2 over 100 rows x 1 output)" > "$1"
}

# make_run DIR SET M: 2 folds x 3 seeds of committees of M networks; member k of
# unit (fold, seed) has MSE 0.01 + 0.001 k + 1e-4 (fold + seed), the committee
# 0.01 + 1e-4 (fold + seed) + 0.0002: below its members' mean, as it must be.
make_run() {
    mkdir -p "$1"
    for fold in 1 2; do
        for seed in 1 2 3; do
            base=$(awk -v f="$fold" -v s="$seed" 'BEGIN { printf "%.6g", 0.01 + 1e-4 * (f + s) }')
            eval_file "$1/$2.f$fold.$seed.eval" "$(awk -v b="$base" 'BEGIN { printf "%.6g", b + 0.0002 }')"
            for ((k = 1; k <= $3; k++)); do
                eval_file "$1/$2.f$fold.$seed.m$k.eval" "$(awk -v b="$base" -v k="$k" 'BEGIN { printf "%.6g", b + 0.001 * k }')"
            done
        done
    done
}

# The row the script must print for SET in DIR projected to N networks,
# computed from the files: Ebar and E_M over the units, then
# E_N = E_M - (Ebar - E_M)(1/M - 1/N)/(1 - 1/M) and E_inf = E_M - (Ebar - E_M)/(M - 1).
expected_row() {
    local dir=$1 set=$2 n=$3 m
    m=$(find "$dir" -name "$set.f1.1.m*.eval" | wc -l)
    for f in "$dir/$set".f*.[0-9].eval; do
        u=${f%.eval}
        c=$(sed -n 's/.*: mse \([^ ]*\) .*/\1/p' "$f")
        mm=$(cat "$u".m*.eval | sed -n 's/.*: mse \([^ ]*\) .*/\1/p' | awk '{ s += $1 } END { printf "%.17g", s / NR }')
        echo "$c $mm"
    done | awk -v set="$set" -v m="$m" -v n="$n" '{ c += $1; b += $2 } END {
        c /= NR; b /= NR; d = b - c
        en = c - d * (1 / m - 1 / n) / (1 - 1 / m); ei = c - d / (m - 1)
        printf "| %s | %d | %d | %.5g | %.5g | %+.2f%% | %.5g (%+.2f%%) | %.5g (%+.2f%%) |\n",
            set, m, NR, b, c, 100 * (c / b - 1), en, 100 * (en / c - 1), ei, 100 * (ei / c - 1) }'
}

make_run run s 5
make_run run t 3
out=$("$PYTHON" "$GAIN" run 2>&1)
for set in s t; do
    want=$(expected_row run "$set" 10)
    grep -qxF "$want" <<< "$out" && ok || bad "set $set: want the row
  $want
in
$out"
done
out=$("$PYTHON" "$GAIN" run --size 7 2>&1)
want=$(expected_row run s 7)
grep -qxF "$want" <<< "$out" && ok || bad "--size 7: want $want in $out"
grep -q '| 7 networks (projected) |' <<< "$out" && ok || bad "--size 7 must name 7 networks: $out"
# A committee of N = M is the committee measured.
out=$("$PYTHON" "$GAIN" run --size 5 2>&1)
row=$(grep '^| s |' <<< "$out")
committee=$(cut -d'|' -f6 <<< "$row" | xargs)
grep -qF "| $committee (+0.00%) |" <<< "$row" && ok || bad "--size 5 must project a committee of 5 to itself: $row"

# --------------------------------------------------------------------------
# A real holdout run: every member evaluated alone, each committee at or below
# its members' mean, and the script's committee column the mean of the
# committees' held-out MSEs. The candidate folder and --keep are relative to
# where the script is started (it moves to the repository; it used to read and
# write them there).
# parity8 fits its whole file: --holdout says it leaves it out (it was
# dropped without a word).
mkdir cands && cp "$ROOT/configs/proben1/diabetes.json" "$ROOT/configs/proben1/parity8.json" cands/
MLPTRAIN=$MLPTRAIN MLPPREDICT=$MLPPREDICT "$ROOT/scripts/proben1.sh" --holdout --folds 2 --committee 3 --sets diabetes,parity8 --jobs 2 \
    --configs cands --keep real > real.md 2> real.err
status=$?
[ "$status" = 0 ] && ok || bad "proben1.sh --holdout --committee 3 exited $status: $(cat real.err)"
grep -qx -- '--holdout leaves out parity8: no validation split to hold out (the whole file is fitted)' real.err \
    && ok || bad "--holdout does not say it leaves parity8 out: $(cat real.err)"
[ ! -e "$ROOT/real" ] && grep -q '; configs from '"$WORK"'/cands;' real.md && ok \
    || bad "--keep real and --configs cands must be read from the caller's folder: $(cat real.md)"
n=$(ls real/diabetes.f*.[0-9].m[1-3].eval 2> /dev/null | wc -l)
[ "$n" = 24 ] && ok || bad "2 folds x 4 seeds x 3 networks must give 24 member evaluations, not $n"
worse=$(for f in real/diabetes.f*.[0-9].eval; do
            u=${f%.eval}
            c=$(sed -n 's/.*: mse \([^ ]*\) .*/\1/p' "$f")
            cat "$u".m*.eval | sed -n 's/.*: mse \([^ ]*\) .*/\1/p' |
                awk -v c="$c" -v u="$u" '{ s += $1 } END { if (c > s / NR * (1 + 1e-5)) print u }'
        done)
[ -z "$worse" ] && ok || bad "committees above their members' mean: $worse"
out=$("$PYTHON" "$GAIN" real 2>&1)
want=$(expected_row real diabetes 10)
grep -qxF "$want" <<< "$out" && ok || bad "the real run: want $want in $out"
# Members are evaluated alone on held-out rows only: a run on the test files
# evaluates each committee once, as the suite always has.
MLPTRAIN=$MLPTRAIN MLPPREDICT=$MLPPREDICT "$ROOT/scripts/proben1.sh" --committee 2 --sets diabetes --jobs 2 --keep test > test.md 2> test.err
status=$?
n=$(ls test/diabetes.[0-9].eval 2> /dev/null | wc -l)
members=$(ls test/*.m[0-9]*.eval 2> /dev/null)
[ "$status" = 0 ] && [ "$n" = 4 ] && [ -z "$members" ] && ok \
    || bad "a test-file run must evaluate only the 4 committees (exit $status, $n committees, members: $members)"

# --------------------------------------------------------------------------
# Usage errors: exit 2, one line, nothing on stdout.
refused() { usage_error "$1" "$2" "$PYTHON" "$GAIN" "${@:3}"; }  # NAME WANT-STDERR ARGS...
usage="try 'scripts/committee_gain.py --help'"
refused "no folder" "committee_gain.py: one folder is needed; $usage"
refused "not a folder" "committee_gain.py: \"nope\" is not a folder; $usage" nope
refused "bad size" "committee_gain.py: --size needs a whole number from 2 to 9999, not \"1\"; $usage" run --size 1
mkdir empty
refused "no eval files" "committee_gain.py: \"empty\" holds no <set>.f<k>.<seed>.eval files; keep a run of scripts/proben1.sh --holdout --folds K --committee M with --keep; $usage" empty
mkdir single && eval_file single/s.f1.1.eval 0.01
refused "no members" "committee_gain.py: single/s.f1.1: no evaluations of its members (s.f1.1.m1.eval, ...); keep a run of scripts/proben1.sh --holdout --committee M (M of 2 or more) with --keep; $usage" single
cp -r run gap && rm gap/s.f2.3.m2.eval
refused "a member missing" "committee_gain.py: gap/s.f2.3: members [1, 3, 4, 5] are not 1 to 4; $usage" gap
cp -r run mixed && rm mixed/s.f2.3.m5.eval
refused "sizes differ" "committee_gain.py: set s: its committees have different sizes [4, 5]; $usage" mixed
cp -r run worse && eval_file worse/s.f1.2.eval 0.05
refused "committee worse than its members" "committee_gain.py: worse/s.f1.2.eval: the committee's MSE 0.05 is above its members' mean 0.0133, which a mean of their outputs cannot be; are these files from one run?; $usage" worse
cp -r run broken && echo "x.csv: 100 rows" > broken/s.f1.1.m3.eval
refused "no mse" "committee_gain.py: broken/s.f1.1.m3.eval: no \"mse\" figure in it; is it from mlppredict --evaluate?; $usage" broken

finish
