#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_holdout_compare.sh: scripts/holdout_compare.py, the paired comparison of
# two kept `proben1.sh --holdout --folds K` runs (docs/benchmarks.md), on
# made-up folders whose answer is known: the corrected t is recomputed here
# with awk from the same files (not copied from the script's output), a clear
# gain is "candidate lower", a gain that the plain paired t would call
# significant but the corrected one does not is "no difference shown", and
# every usage error exits 2 with one message.
. "$(dirname "$0")/lib.sh" holdout_compare "$@"
PYTHON=/usr/bin/python3
CMP="$ROOT/scripts/holdout_compare.py"

# make_run DIR SET DELTA: 5 folds x 4 seeds of <SET>.f<k>.<seed>.eval as
# mlppredict --evaluate writes them; the MSE is a fold-dependent baseline
# (folds differ by 10%, as real ones do) plus DELTA(k, seed), an awk expression.
make_run() {
    mkdir -p "$1"
    for fold in 1 2 3 4 5; do
        for seed in 1 2 3 4; do
            mse=$(awk -v k="$fold" -v s="$seed" "BEGIN { printf \"%.10g\", 0.01 * (1 + 0.1 * k) + 1e-5 * s + ($3) }")
            printf '%s\n' "x.csv: 100 rows, loss 1 (mse)" \
                "x.csv: mse $mse (mean of (output - target)^2 over 100 rows x 1 output)" > "$1/$2.f$fold.$seed.eval"
        done
    done
}

# The MSEs of a folder's units, one a line, in the order of their names; and
# two folders' side by side, a pair a line (both hold the same unit names).
mses() { cat "$1"/*.eval | sed -n 's/.*: mse \([^ ]*\) .*/\1/p'; }
pairs() { paste <(mses "$1") <(mses "$2"); }

# The corrected repeated K-fold t of two folders' paired MSEs, independently.
expected_t() {
    pairs "$1" "$2" |
        awk '{ d[NR] = $2 - $1; s += d[NR] } END { n = NR; m = s / n
               for (i = 1; i <= n; i++) v += (d[i] - m) ^ 2; v /= n - 1
               printf "%+.2f", m / sqrt((1 / n + 1 / 4) * v) }'
}

# The change of the mean that would reach the 5% point of t with 19 degrees of
# freedom (2.093), over the baseline's mean, as "±x.x%".
expected_shown() {
    pairs "$1" "$2" |
        awk '{ a += $1; d[NR] = $2 - $1; s += d[NR] } END { n = NR; m = s / n
               for (i = 1; i <= n; i++) v += (d[i] - m) ^ 2; v /= n - 1
               printf "±%.1f%%", 100 * 2.093 * sqrt((1 / n + 1 / 4) * v) / (a / n) }'
}

make_run base s 0
# A clear gain: about 4% lower on every unit, give or take 0.4%.
make_run gain s '-0.0005 - 0.00005 * ((k + s) % 3 - 1)'
# A small steady gain: the plain paired t, mean / (sd / sqrt(20)), is 3.6; the
# corrected one, mean / (sd * sqrt(1/20 + 1/4)), is 1.5.
make_run small s '-0.00008 + 0.0001 * ((k * 7 + s * 3) % 5 - 2) / 1.4142'
make_run same s 0

out=$("$PYTHON" "$CMP" base gain 2>&1)
want_t=$(expected_t base gain)
row=$(grep '^| s |' <<< "$out")
grep -q "| $(expected_shown base gain) | 20 of 20 | $want_t (5%: ±2.09) | candidate lower |$" <<< "$row" && ok \
    || bad "a 4% gain on every unit must read candidate lower with t $want_t: $out"
change=$(pairs base gain | awk '{ a += $1; b += $2 } END { printf "%+.1f%%", 100 * (b / a - 1) }')
grep -q "| $change |" <<< "$row" && ok || bad "the change of the gain must be $change: $row"

out=$("$PYTHON" "$CMP" base small 2>&1)
want_t=$(expected_t base small)
plain=$(pairs base small |
        awk '{ d[NR] = $2 - $1; s += d[NR] } END { n = NR; m = s / n
               for (i = 1; i <= n; i++) v += (d[i] - m) ^ 2; v /= n - 1
               print (m / sqrt(v / n) < -2.09) }')
[ "$plain" = 1 ] && ok || bad "the small gain must be significant by the plain paired t (the case tests the correction)"
grep -q "| $want_t (5%: ±2.09) | no difference shown |$" <<< "$out" && ok \
    || bad "a small gain within the corrected noise must read no difference shown (t $want_t): $out"

out=$("$PYTHON" "$CMP" base same 2>&1)
grep -q '| +0.0% | ±0.0% | 0 of 20 | +0.00 (5%: ±2.09) | no difference shown |$' <<< "$out" && ok \
    || bad "identical runs: $out"

# Reversed, the clear gain is a clear loss.
out=$("$PYTHON" "$CMP" gain base 2>&1)
grep -q '| candidate higher |$' <<< "$out" && ok || bad "the gain reversed must read candidate higher: $out"

# --------------------------------------------------------------------------
# Usage errors: exit 2, one line, nothing on stdout.
refused() { usage_error "$1" "$2" "$PYTHON" "$CMP" "${@:3}"; }  # NAME WANT-STDERR ARGS...
usage="try 'scripts/holdout_compare.py --help'"
refused "one folder" "holdout_compare.py: two folders are needed; $usage" base
refused "not a folder" "holdout_compare.py: \"nope\" is not a folder; $usage" base nope
mkdir empty
refused "no eval files" "holdout_compare.py: \"empty\" holds no <set>.f<k>.<seed>.eval files; keep a run of scripts/proben1.sh --holdout --folds K with --keep; $usage" base empty
cp -r base short && rm short/s.f3.2.eval
refused "a unit missing" "holdout_compare.py: the runs hold different units: s fold 3 seed 2 is only in base; compare runs of the same --folds and seeds; $usage" base short
make_run other t 0
refused "no set shared" "holdout_compare.py: the runs share no set; compare runs of the same sets; $usage" base other
cp -r base both && cp other/* both/
out=$("$PYTHON" "$CMP" base both 2>&1)
[ "$(grep -c '^| [st] |' <<< "$out")" = 1 ] && grep -qx 'not compared (only in both): t' <<< "$out" && ok \
    || bad "a set only one folder holds must be named, not compared: $out"
cp -r base broken && echo "x.csv: 100 rows" > broken/s.f1.1.eval
refused "no mse" "holdout_compare.py: broken/s.f1.1.eval: no \"mse\" figure in it; is it from mlppredict --evaluate?; $usage" base broken

finish
