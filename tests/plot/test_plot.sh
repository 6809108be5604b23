#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of mlpplot: each kind of picture rendered for known inputs
# and decoded with libpng (tests/plot/pngprobe.c) to check its size, that it
# is not blank, and that it shows what it must (the two class regions in
# their colours, the dead units outlined); every bad input with its exact
# one-line message, exit status 2 and no file written.
# Usage: test_plot.sh MLPTRAIN MLPPREDICT MLPPLOT PNGPROBE   (from the repository root, by ctest)
MLPPLOT=$(realpath "$3")
PNGPROBE=$(realpath "$4")
. "$(dirname "$0")/../cli/lib.sh" plot "$1" "$2"
cp "$ROOT/data/moons.csv" "$ROOT"/tests/fixtures/diagnose/{exploding.json,moons_onehot.csv} .

# expect_error NAME EXPECTED-STDERR -- COMMAND...: status 2, that one line on
# stderr, nothing on stdout, no file created or changed.
snapshot() { find . -type f ! -name 'std*.txt' -printf '%p ' -exec md5sum {} \; | sort; }
expect_error() {
    local name=$1 want_err=$2
    shift 3
    local before after status
    before=$(snapshot)
    "$@" > stdout.txt 2> stderr.txt
    status=$?
    after=$(snapshot)
    if ! error_is "$name" 2 "$want_err" "$status" "$(cat stderr.txt)"; then
        :
    elif [ -s stdout.txt ]; then
        bad "$name: stdout is not empty"
    elif [ "$after" != "$before" ]; then
        bad "$name: files changed: $(diff <(echo "$before") <(echo "$after"))"
    else
        ok
    fi
    rm -f stdout.txt stderr.txt
}

# probe FILE ARGS...: pngprobe's output, or "unreadable".
probe() { "$PNGPROBE" "$@" 2> /dev/null || echo unreadable; }

# not_blank NAME FILE W H: a PNG of W x H pixels with more than a few colours
# and at most 99% white (a single loss curve covers little of its page).
not_blank() {
    local line w h colours white
    line=$(probe "$2" | head -1)
    read -r w h colours white <<< "$line"
    if [ "$w $h" != "$3 $4" ]; then
        bad "$1: size \"$line\", want $3 x $4"
    elif [ "${colours:-0}" -lt 50 ] || awk -v s="$white" 'BEGIN { exit !(s > 0.99) }'; then
        bad "$1: looks blank: $colours colours, white share $white"
    else
        ok
    fi
}

# --------------------------------------------------------------------------
# A model whose classes are the sign of x1: 0 left of x1 = 0, 1 right of it,
# with rows in [-1, 1]^2 (a fixed pattern, 49 rows, none on the boundary).

{
    echo "x1,x2,label"
    for i in -3 -2 -1 1 2 3 4; do
        for j in -3 -2 -1 0 1 2 3; do
            x=$(awk -v i="$i" 'BEGIN { printf "%.3f", (i - 0.5) / 3.5 }')
            y=$(awk -v j="$j" 'BEGIN { printf "%.3f", j / 3 }')
            echo "$x,$y,$([ "$i" -gt 0 ] && echo right || echo left)"
        done
    done
} > halves.csv
cat > halves.json << 'EOF'
{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",
 "learning_rate": 0.5, "epochs": 400, "seed": 1,
 "data": {"train": "halves.csv", "targets": ["label"], "validation_split": 0.25},
 "early_stopping": {"patience": 100, "refit": true}}
EOF
"$MLPTRAIN" -q -c halves.json -w halves.bin -o halves.loss.csv && ok || bad "training halves.json"
"$MLPPREDICT" halves.bin halves.csv --evaluate -o /dev/null 2> eval.txt
grep -q 'accuracy 100.00%' eval.txt && ok || bad "the halves model must be exact: $(cat eval.txt)"
head -1 halves.loss.csv | grep -q ',refit$' && ok || bad "halves.loss.csv has no refit rows"

# --------------------------------------------------------------------------
# surface: the size, not blank, and the two regions in their class colours.
# With --range -4:4,-4:4 the plot area spans about 10% to 84% of the width
# and 8% to 80% of the height (from the top); x1 = -3 and x1 = +3 at x2 = 0
# are far from every row and from the boundary x1 = 0 at about 19% and 75%
# of the width, 44% of the height. Class 0 ("left") is blue (#0072B2 paled),
# class 1 ("right") vermillion (#D55E00 paled).

"$MLPPLOT" surface halves.bin halves.csv --range -4:4,-4:4 -o surface.png > out.txt 2> err.txt \
    && ok || bad "surface: $(cat err.txt)"
[ ! -s out.txt ] && [ ! -s err.txt ] && ok || bad "surface must be silent: $(cat out.txt err.txt)"
not_blank surface surface.png 900 700
read -r r0 g0 b0 <<< "$(probe surface.png 0.19 0.44 | sed -n 2p)"
read -r r1 g1 b1 <<< "$(probe surface.png 0.75 0.44 | sed -n 2p)"
[ "${b0:-0}" -gt "${r0:-0}" ] && ok || bad "left region is not blue: $r0 $g0 $b0"
[ "${r1:-0}" -gt "${b1:-0}" ] && ok || bad "right region is not vermillion: $r1 $g1 $b1"
[ "$r0 $g0 $b0" != "$r1 $g1 $b1" ] && ok || bad "both regions have the colour $r0 $g0 $b0"
# Each dot has a thin dark edge, so that it reads on its own class's pale
# region (blue on pale blue had a contrast of 2.2:1, vermillion 1.9:1). The
# rows (1, 1) of "right" and (-1, 1) of "left" lie on their own regions,
# far from the boundary and the frame, at 0.5625 and 0.3775 of the width
# and 0.35 of the height: their centres are the full class colour, and of
# a box around each (the dot and its region) some pixels are dark (each of
# R, G, B below 128), none without the edge: the class colours and the
# pale regions are not dark, and those rows are not ringed.
read -r centre_r centre_l dark_r dark_l <<< "$(probe surface.png 0.5625 0.35 0.3775 0.35 \
    '%0.545:0.58:0.33:0.37' '%0.36:0.395:0.33:0.37' | sed -n '2,5p' | tr ' \n' '. ')"
[ "$centre_r $centre_l" = "213.94.0 0.114.178" ] && ok \
    || bad "the dots at (1, 1) and (-1, 1) are not vermillion and blue: $centre_r $centre_l"
awk -v r="$dark_r" -v l="$dark_l" 'BEGIN { exit !(r > 0.02 && l > 0.02) }' && ok \
    || bad "the dots have no dark edge: a share of $dark_r and $dark_l of dark pixels around them"
# The default range follows the data, the default name is surface.png, --size.
rm surface.png
"$MLPPLOT" surface halves.bin halves.csv --size 640x480 2> err.txt && ok || bad "default surface: $(cat err.txt)"
not_blank "surface --size" surface.png 640 480
# Three classes by x1 (left of -1/3, middle, right of 1/3): arg-max regions.
awk -F, 'NR == 1 { print; next } { print $1 "," $2 "," ($1 < -0.34 ? "a" : $1 > 0.34 ? "c" : "b") }' \
    halves.csv > thirds.csv
printf '{"layers": [2, 8, 3], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "learning_rate": 0.5, "epochs": 1500, "data": {"train": "thirds.csv", "targets": ["label"]}}\n' > thirds.json
"$MLPTRAIN" -q -c thirds.json -w thirds.bin -o thirds.loss.csv && ok || bad "training thirds.json"
"$MLPPLOT" surface thirds.bin thirds.csv --range -4:4,-4:4 -o thirds.png 2> err.txt && ok || bad "3 classes: $(cat err.txt)"
not_blank "3 classes" thirds.png 900 700
read -r r0 g0 b0 <<< "$(probe thirds.png 0.19 0.44 | sed -n 2p)"
read -r r2 g2 b2 <<< "$(probe thirds.png 0.86 0.44 | sed -n 2p)"
[ "${b0:-0}" -gt "${r0:-0}" ] && [ "${g2:-0}" -gt "${r2:-0}" ] && [ "${g2:-0}" -gt "${b2:-0}" ] \
    && ok || bad "3 classes: left $r0 $g0 $b0 is not blue or right $r2 $g2 $b2 is not green"
# The svg and pdf formats.
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -w xor.bin -o xor.loss.csv
"$MLPPLOT" surface xor.bin "$ROOT/data/xor.csv" -o xor.svg 2> err.txt && ok || bad "svg: $(cat err.txt)"
grep -q '<svg' xor.svg && ok || bad "xor.svg is not an SVG"
"$MLPPLOT" surface xor.bin "$ROOT/data/xor.csv" -o xor.PDF 2> err.txt && ok || bad "pdf: $(cat err.txt)"
[ "$(head -c 4 xor.PDF)" = "%PDF" ] && ok || bad "xor.PDF is not a PDF"
ls -a | grep -q '\.tmp\.' && bad "a temporary file was left: $(ls -a)" || ok

# --------------------------------------------------------------------------
# loss: a log with validation, best epoch and refit rows; one without.

"$MLPPLOT" loss halves.loss.csv -o loss.png 2> err.txt && ok || bad "loss: $(cat err.txt)"
not_blank loss loss.png 900 700
"$MLPPLOT" loss xor.loss.csv -o xorloss.png 2> err.txt && ok || bad "xor loss: $(cat err.txt)"
not_blank "xor loss" xorloss.png 900 700
# The log from a pipe: LOSS.csv "-" is standard input.
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -w piped.bin -o - | "$MLPPLOT" loss - -o piped.png 2> err.txt \
    && ok || bad "loss from a pipe: $(cat err.txt)"
not_blank "loss from a pipe" piped.png 900 700
# A regression log (epoch,loss) whose loss spans 6 decades: a log scale.
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 60; e++) printf "%d,%g\n", e, 10 ^ (-e / 10) }' > reg.csv
"$MLPPLOT" loss reg.csv -o reg.png 2> err.txt && ok || bad "regression loss: $(cat err.txt)"
not_blank "regression loss" reg.png 900 700
# On a log axis the straight line 10^(-e/10) crosses the middle of the plot
# half-way (the panel spans about 10% to 88% of the height); on a linear
# axis it would hug the bottom from epoch 10 on.
mid=$(probe reg.png '@0.52#0072B2' | sed -n 2p)
awk -v y="$mid" 'BEGIN { exit !(y > 0.35 && y < 0.65) }' && ok || bad "the loss axis is not logarithmic: the line is at $mid of the height"
# Two decades or less: a linear axis, where the curve 1/e nears the bottom.
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 60; e++) printf "%d,%g\n", e, 1 / e }' > lin.csv
"$MLPPLOT" loss lin.csv -o lin.png 2> err.txt && ok || bad "linear loss: $(cat err.txt)"
low=$(probe lin.png '@0.52#0072B2' | sed -n 2p)
awk -v y="$low" 'BEGIN { exit !(y > 0.75) }' && ok || bad "the loss axis is not linear: the line is at $low of the height"

# A diverged run's log spans 300 decades (the losses of learning_rate 1000
# on moons, up to inf): the log axis once labelled every decade, a black
# smear of 300 labels left of the panel (the band 0-9.5% of the width, the
# labels and the axis title, was 39% dark). With labels every 50 decades it
# is as light as an ordinary log's (4%; axis.c picks the step, and
# tests/plot/test_plot_axis.c checks how).
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 44; e++) printf "%d,%.17g\n", e, 3 * 10 ^ ((e - 1) * 6.8); print "45,inf" }' \
    > diverged.csv
"$MLPPLOT" loss diverged.csv -o diverged.png 2> err.txt && ok || bad "diverged loss: $(cat err.txt)"
not_blank "diverged loss" diverged.png 900 700
for pic in reg diverged; do
    ink=$(probe $pic.png '%0:0.095' | sed -n 2p)
    awk -v s="$ink" 'BEGIN { exit !(s < 0.08) }' && ok || bad "$pic: the loss axis's labels cover $ink of their band: piled up"
done

# The best epoch's label in the accuracy panel: left of its dotted line
# near the bottom, where the panel's legend (bottom right) hid it whenever
# the best epoch was in the right 40% of the run; now above the legend.
# The dark pixels the label adds (a log with best_epoch against the same
# without) in the right half of the accuracy panel (0.64-0.90 of the height
# from the top) with the best epoch at 80 of 100, and in the left half with
# it at 20, where nothing covers it: as many (the old mlpplot: 0.0002 of
# the rectangle against 0.0041).
# acc_log BEST: a log of 100 epochs with accuracy, best_epoch BEST (0: none).
acc_log() {
    awk -v best="$1" 'BEGIN { printf "epoch,loss,accuracy,val_loss,val_accuracy%s\n", best ? ",best_epoch" : ""
        for (e = 1; e <= 100; e++) {
            printf "%d,%g,%g,%g,%g", e, 1 / e, 1 - 0.5 / e, 1.2 / e, 1 - 0.6 / e
            if (best) printf ",%d", e < best ? e : best
            printf "\n" } }'
}
acc_log 80 > best80.csv
acc_log 20 > best20.csv
acc_log 0 > nobest.csv
for log in best80 best20 nobest; do
    "$MLPPLOT" loss $log.csv -o $log.png 2> err.txt && ok || bad "loss $log: $(cat err.txt)"
done
read -r r1 r0 <<< "$(probe best80.png %0.5:0.95:0.64:0.9 | sed -n 2p) $(probe nobest.png %0.5:0.95:0.64:0.9 | sed -n 2p)"
read -r l1 l0 <<< "$(probe best20.png %0.05:0.5:0.64:0.9 | sed -n 2p) $(probe nobest.png %0.05:0.5:0.64:0.9 | sed -n 2p)"
awk -v r1="$r1" -v r0="$r0" -v l1="$l1" -v l0="$l0" 'BEGIN { exit !(l1 - l0 > 0.002 && r1 - r0 >= 0.7 * (l1 - l0)) }' \
    && ok || bad "the best epoch's label is hidden under the accuracy legend: it adds $r1 - $r0 of dark pixels at epoch 80, $l1 - $l0 at epoch 20"

# The legend goes where the lines are not (docs/plots.md, "loss"): in the
# corner whose box they cross least, the top right on a tie. A loss
# oscillating between 20 and a top that rises from 28 to 43 (a rate too
# large) filled the top right, where the legend always was, and the legend
# hid the curve there while the top left was empty; so did a loss rising
# tenfold every 20 epochs on its log axis. In the SVG the legend's frame is
# the one grey square-ended path; the curve's points (its paths of more
# than the 2 points of the legend's key) must all lie outside it.
# points_under_legend FILE.svg: "INSIDE TOTAL" of the blue curve's points.
points_under_legend() {
    local frame
    frame=$(grep -o '<path style="fill:none;stroke-width:1;stroke-linecap:butt;[^>]*stroke:rgb(60%,60%,60%)[^>]*' "$1" \
        | sed -n 's/.* d="\([^"]*\)".*/\1/p' | head -1)
    grep -o '<path style="fill:none;stroke-width:2;[^>]*stroke:rgb(0%,44.705882%,69.803922%)[^>]*' "$1" \
        | sed -n 's/.* d="\([^"]*\)".*/\1/p' \
        | awk -v frame="$frame" 'BEGIN { n = split(frame, f, " "); x0 = y0 = 1e9; x1 = y1 = -1e9
                for (i = 2; i + 1 <= n; i += 3) { x0 = f[i] < x0 ? f[i] : x0; x1 = f[i] > x1 ? f[i] : x1
                    y0 = f[i + 1] < y0 ? f[i + 1] : y0; y1 = f[i + 1] > y1 ? f[i + 1] : y1 } }
            NF > 6 { for (i = 2; i + 1 <= NF; i += 3) { total++
                if ($i >= x0 && $i <= x1 && $(i + 1) >= y0 && $(i + 1) <= y1) inside++ } }
            END { print inside + 0, total + 0 }'
}
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 200; e++) printf "%d,%g\n", e, e % 2 ? 28 + 15 * e / 200 : 20 + e / 200 }' > oscillating.csv
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 100; e++) printf "%d,%g\n", e, 10 ^ (e / 20) }' > rising.csv
for log in oscillating rising; do
    "$MLPPLOT" loss $log.csv -o $log.svg 2> err.txt && ok || bad "loss $log: $(cat err.txt)"
    read -r inside total <<< "$(points_under_legend $log.svg)"
    [ "${total:-0}" -ge 90 ] && [ "$inside" = 0 ] && ok \
        || bad "loss $log: $inside of the curve's $total points are under the legend"
done

# --------------------------------------------------------------------------
# units: a healthy network has nothing outlined (no vermillion #D55E00); the
# relu network of the exploding fixture, which the diagnosis finds with dead
# units, has.

"$MLPPLOT" units halves.bin halves.csv -o units.png 2> err.txt && ok || bad "units: $(cat err.txt)"
not_blank units units.png 900 700
[ "$(probe units.png '#D55E00' | sed -n 2p)" = 0 ] && ok || bad "a healthy network has units outlined"
"$MLPTRAIN" -c exploding.json -w dead.bin -o dead.csv > /dev/null 2> dead.err
grep -q 'relu hidden units .* are dead' dead.err && ok || bad "the fixture has no dead units: $(cat dead.err)"
"$MLPPLOT" units dead.bin moons_onehot.csv -o dead.png 2> err.txt && ok || bad "dead units: $(cat err.txt)"
[ "$(probe dead.png '#D55E00' | sed -n 2p)" -gt 100 ] && ok || bad "dead units are not outlined"

# Three hidden units constant at -1, 0 and +1 (weights set by hand): each
# unit's column is dark in one bin, at its value, and white at the others'.
# The panel spans 0.10-0.84 of the width (units 1, 2, 3 centred at 0.223,
# 0.470, 0.717) and 0.13-0.90 of the height from the top, activations 1 to
# -1 in 40 bins of 0.05: the bins of -1, 0 and +1 are centred at 0.890,
# 0.505 and 0.140. plimage once drew 2 columns of 39 bins over the panel:
# unit 2's bar was in unit 3's column, and unit 3 (+1) was not drawn.
/usr/bin/python3 "$ROOT/tests/plot/npz.py" c3.npz 'W1=[[0,0],[0,0],[0,0]]' 'b1=[-1,0,1]' \
    'W2=[[0,0,0]]' 'b2=[0]' 'activations=["linear","sigmoid"]' 'loss="binary_cross_entropy"' \
    'feature_names=["x1","x2"]' 'target_names=["y"]' 'labels=["0","1"]'
"$MLPPLOT" units c3.npz "$ROOT/data/xor.csv" -o c3.png 2> err.txt && ok || bad "units of c3.npz: $(cat err.txt)"
unit_x=(0.2233 0.4700 0.7167)
value_y=(0.8904 0.5054 0.1396)
for u in 0 1 2; do
    for v in 0 1 2; do
        read -r r g b <<< "$(probe c3.png "${unit_x[u]}" "${value_y[v]}" | sed -n 2p)"
        dark=$((${r:-255} < 60 && ${b:-0} > ${r:-255} + 30)) # the dark blue of a full bin
        [ "$dark" = $((u == v)) ] && ok \
            || bad "units: unit $((u + 1)) at activation $((v - 1)) is $r $g $b, want $([ "$u" = "$v" ] && echo dark blue || echo white)"
    done
done

# Deep networks (docs/plots.md, "units"): the panels of 3 and more hidden
# layers. The y-axis title "activation" was written 3.5 characters left of
# each panel, over the minus signs of its "-0.5" labels: in the SVG the
# rotated title is a column of glyphs at one x, reaching left of it, and the
# labels' glyphs must start right of it. With more than 6 hidden layers the
# first 6 are drawn and the title once did not say so: the title (the top
# line of glyphs) of an 8-layer model must be longer than a 6-layer one's.

# deep_npz OUT L: 2 inputs, L tanh layers of 5 units, 1 linear output.
deep_npz() {
    local args=() l i j sizes=(2) acts=""
    for ((l = 1; l <= $2; l++)); do sizes+=(5); acts+="\"tanh\","; done
    sizes+=(1)
    for ((l = 1; l < ${#sizes[@]}; l++)); do
        args+=("W$l=$(awk -v r="${sizes[l]}" -v c="${sizes[l - 1]}" -v l="$l" 'BEGIN { printf "["; for (i = 0; i < r; i++) { printf "%s[", i ? "," : ""; for (j = 0; j < c; j++) printf "%s%.6f", j ? "," : "", 1.5 * sin(1 + i * 2.3 + j * 1.7 + l * 0.9); printf "]" } printf "]" }')")
        args+=("b$l=$(awk -v r="${sizes[l]}" 'BEGIN { printf "["; for (i = 0; i < r; i++) printf "%s0", i ? "," : ""; printf "]" }')")
    done
    /usr/bin/python3 "$ROOT/tests/plot/npz.py" "$1" "${args[@]}" "activations=[${acts}\"linear\"]" 'loss="mse"'
}
awk 'BEGIN { print "x1,x2,y"; srand(2); for (i = 0; i < 300; i++) print rand() * 4 - 2 "," rand() * 4 - 2 ",0" }' > rows.csv
for L in 3 6 8; do
    deep_npz deep$L.npz $L
    "$MLPPLOT" units deep$L.npz rows.csv -o deep$L.svg 2> err.txt && ok || bad "units of $L layers: $(cat err.txt)"
done
# left_glyphs FILE.svg: "TITLE_X FIRST_OTHER_X" of the glyphs left of 10%
# of the page: the x most glyphs share (the rotated title) and the
# smallest x of the others.
left_glyphs() {
    grep -o '<use xlink:href="#glyph[^>]*' "$1" | sed -n 's/.* x="\([-0-9.]*\)".*/\1/p' \
        | awk '$1 < 90 { n[int($1)]++ } END { for (x in n) if (n[x] > best) { best = n[x]; t = x }
            first = 1e9; for (x in n) if (x != t && x + 0 < first) first = x + 0; print t, first }'
}
read -r title_x label_x <<< "$(left_glyphs deep3.svg)"
awk -v t="${title_x:-0}" -v l="${label_x:-0}" 'BEGIN { exit !(l >= t + 5) }' && ok \
    || bad "units of 3 layers: a tick label starts at x = $label_x, under the y-axis title at x = $title_x"
# title_glyphs FILE.svg: the number of glyphs on the title's line, the
# line of the most glyphs in the top 10% of the page.
title_glyphs() {
    grep -o '<use xlink:href="#glyph[^>]*' "$1" | sed -n 's/.* y="\([-0-9.]*\)".*/\1/p' \
        | awk '$1 < 70 { n[$1]++ } END { for (y in n) best = n[y] > best ? n[y] : best; print best + 0 }'
}
t6=$(title_glyphs deep6.svg)
t8=$(title_glyphs deep8.svg)
[ "$t8" -gt "$((t6 + 10))" ] && ok \
    || bad "units of 8 layers: the title has $t8 glyphs, the 6-layer one's $t6: it does not say 2 layers are left out"

# --------------------------------------------------------------------------
# fit: a linear model trained on y = 2x + 1 predicts its targets, so its
# points lie on the line y = x: at the middle of the panel's width, the
# first point from the top is at the middle of its height (the panel spans
# 0.13-0.95 of the width and 0.22-0.86 of the height from the bottom; equal
# ranges on both axes).

awk 'BEGIN { print "x,y"; for (i = 0; i <= 100; i++) printf "%g,%g\n", i / 100, 2 * i / 100 + 1 }' > line.csv
printf '{"layers": [1, 1], "activations": ["linear"], "loss": "mse", "learning_rate": 0.5, "epochs": 3000, "data": {"train": "line.csv"}}' > line.json
"$MLPTRAIN" -q -c line.json -w line.bin -o line.loss.csv 2> err.txt && ok || bad "training the line: $(cat err.txt)"
"$MLPPLOT" fit line.bin line.csv -o fit.png 2> err.txt && ok || bad "fit: $(cat err.txt)"
not_blank fit fit.png 900 700
mid=$(probe fit.png '@0.54#0072B2' | sed -n 2p)
awk -v y="$mid" 'BEGIN { exit !(y > 0.43 && y < 0.49) }' && ok || bad "fit: the points are not on y = x: at the middle, $mid of the height from the top, want 0.46"
# surface of a 1-input model: its curve. The line model's curve over the
# data's x range [0, 1] widened by 10% ([-0.1, 1.1]) runs from y = 0.8 to
# 3.2; with the targets (1 to 3) the y range is [0.8, 3.2] widened by 10%,
# [0.56, 3.44]. The panel spans 0.10-0.95 of the width and 0.08-0.80 of the
# height from the top, so at the middle of the width (x = 0.5, y = 2) the
# first blue pixel from the top is at about 0.08 + 0.72 (3.44 - 2) / 2.88 =
# 0.44, and the line rises: low on the page at the left, high at the right.
"$MLPPLOT" surface line.bin line.csv -o curve.png 2> err.txt && ok || bad "curve: $(cat err.txt)"
not_blank curve curve.png 900 700
read -r left mid right <<< "$(probe curve.png '@0.2#0072B2' '@0.525#0072B2' '@0.85#0072B2' | sed -n '2,4p' | tr '\n' ' ')"
awk -v l="$left" -v m="$mid" -v r="$right" 'BEGIN { exit !(m > 0.40 && m < 0.48 && l > 0.6 && r > 0 && r < 0.27) }' \
    && ok || bad "curve: the line y = 2x + 1 is not where it must be: $left $mid $right of the height at 0.2, 0.525, 0.85 of the width"
# Two classes along one input: the rows of the first class (blue) at
# p = 0, the second's (vermillion) at p = 1. With --range -4:4 the rows at
# x = -2 and x = 2 are at 0.31 and 0.74 of the width; y spans -0.05 to 1.05,
# so p = 0 is at 0.08 + 0.72 * 1.05 / 1.1 = 0.77 of the height and p = 1 at 0.11.
awk 'BEGIN { print "x,side"; for (i = 1; i <= 5; i++) printf "%g,left\n%g,right\n", -0.5 - i / 2, 0.5 + i / 2 }' > sides.csv
printf '{"layers": [1, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "learning_rate": 0.5, "epochs": 300, "data": {"train": "sides.csv", "targets": ["side"]}}' > sides.json
"$MLPTRAIN" -q -c sides.json -w sides.bin -o sides.loss.csv 2> err.txt && ok || bad "training sides.json: $(cat err.txt)"
"$MLPPLOT" surface sides.bin sides.csv --range -4:4 -o sides.png 2> err.txt && ok || bad "2-class curve: $(cat err.txt)"
read -r blue red <<< "$(probe sides.png '@0.3125#0072B2' '@0.7375#D55E00' | sed -n '2,3p' | tr '\n' ' ')"
awk -v b="$blue" -v r="$red" 'BEGIN { exit !(b > 0.72 && b < 0.8 && r > 0.07 && r < 0.15) }' \
    && ok || bad "2-class curve: the rows are not at p = 0 and p = 1: blue at $blue, vermillion at $red of the height"
# A file without the target columns: its rows are black, and the legend
# names no class (it once listed "true left", "true right" and "wrongly
# predicted (0 of 49)" in the class colours): no pixel has exactly a class's
# full colour, which the same pictures with targets have by the thousand.
cut -d, -f1,2 halves.csv > halves_x.csv
cut -d, -f1 sides.csv > sides_x.csv
for pic in "halves.bin halves" "sides.bin sides"; do
    set -- $pic
    "$MLPPLOT" surface "$1" "$2_x.csv" -o "$2_x.png" 2> err.txt && ok || bad "$2 without targets: $(cat err.txt)"
    read -r blue red <<< "$(probe "$2_x.png" '#0072B2' '#D55E00' | sed -n '2,3p' | tr '\n' ' ')"
    [ "$blue $red" = "0 0" ] && ok || bad "$2 without targets: $blue blue and $red vermillion pixels, want none"
    "$MLPPLOT" surface "$1" "$2.csv" -o "$2_y.png" 2> err.txt
    read -r blue red <<< "$(probe "$2_y.png" '#0072B2' '#D55E00' | sed -n '2,3p' | tr '\n' ' ')"
    [ "${blue:-0}" -gt 100 ] && [ "${red:-0}" -gt 100 ] && ok || bad "$2 with targets: $blue blue and $red vermillion pixels"
done

# --------------------------------------------------------------------------
# Classes without labels: 0/1 targets that mlptrain, mlppredict --evaluate
# and mlpplot fit count as classes (mlp_predict_count_classes; fit refuses
# them) are classes on the surface too: a sigmoid output trained with mse
# on 0/1, two tanh units on one-hot rows, three tanh units on one-hot rows.
# Drawn as a regression they had black dots on the white-to-blue map of
# one output: white (not blue) left of the boundary of halves and blue
# (not vermillion) right of it. The probes are those of the halves and
# thirds pictures above (the same rows, range and layout).
awk -F, 'NR == 1 { print "x1,x2,y"; next } { print $1 "," $2 "," ($3 == "right") }' halves.csv > halves01.csv
awk -F, 'NR == 1 { print "x1,x2,left,right"; next } { print $1 "," $2 "," ($3 == "left") "," ($3 == "right") }' \
    halves.csv > halves_oh.csv
awk -F, 'NR == 1 { print "x1,x2,a,b,c"; next } { print $1 "," $2 "," ($3 == "a") "," ($3 == "b") "," ($3 == "c") }' \
    thirds.csv > thirds_oh.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "mse", "learning_rate": 0.5, "epochs": 600, "seed": 1, "data": {"train": "halves01.csv"}}' > sigmse.json
printf '{"layers": [2, 4, 2], "activations": ["tanh", "tanh"], "loss": "mse", "learning_rate": 0.1, "epochs": 600, "seed": 1, "data": {"train": "halves_oh.csv", "targets": ["left", "right"]}}' > tanh2.json
printf '{"layers": [2, 8, 3], "activations": ["tanh", "tanh"], "loss": "mse", "learning_rate": 0.1, "epochs": 1500, "data": {"train": "thirds_oh.csv", "targets": ["a", "b", "c"]}}' > tanh3.json
for m in "sigmse halves01" "tanh2 halves_oh" "tanh3 thirds_oh"; do
    set -- $m
    "$MLPTRAIN" -q -c "$1.json" -w "$1.bin" -o "$1.loss.csv" 2> err.txt && ok || bad "training $1.json: $(cat err.txt)"
    "$MLPPREDICT" "$1.bin" "$2.csv" --evaluate -o /dev/null 2> eval.txt
    grep -q 'accuracy 100.00%' eval.txt && ok || bad "the $1 model must be exact: $(cat eval.txt)"
    "$MLPPLOT" surface "$1.bin" "$2.csv" --range -4:4,-4:4 -o "$1.png" 2> err.txt && ok || bad "$1 surface: $(cat err.txt)"
done
for pic in sigmse tanh2; do
    read -r r0 g0 b0 <<< "$(probe $pic.png 0.19 0.44 | sed -n 2p)"
    read -r r1 g1 b1 <<< "$(probe $pic.png 0.75 0.44 | sed -n 2p)"
    [ "${b0:-0}" -gt "${r0:-0}" ] && [ "${r1:-0}" -gt "${b1:-0}" ] && ok \
        || bad "$pic: the left region $r0 $g0 $b0 is not blue or the right $r1 $g1 $b1 not vermillion"
    read -r blue red <<< "$(probe $pic.png '#0072B2' '#D55E00' | sed -n '2,3p' | tr '\n' ' ')"
    [ "${blue:-0}" -gt 100 ] && [ "${red:-0}" -gt 100 ] && ok || bad "$pic: $blue blue and $red vermillion pixels, want the rows of both classes"
done
read -r r0 g0 b0 <<< "$(probe tanh3.png 0.19 0.44 | sed -n 2p)"
read -r r2 g2 b2 <<< "$(probe tanh3.png 0.86 0.44 | sed -n 2p)"
[ "${b0:-0}" -gt "${r0:-0}" ] && [ "${g2:-0}" -gt "${r2:-0}" ] && [ "${g2:-0}" -gt "${b2:-0}" ] \
    && ok || bad "tanh3: left $r0 $g0 $b0 is not blue or right $r2 $g2 $b2 is not green"
# A linear output's margins have no bound: far from the rows one class
# leads by more than 2, where the regions' shading once stopped (white).
# The legend of five rows raises the panel to 0.08-0.66 of the height:
# inside it no pixel is white (the rows and borders have colours of their own).
sed 's/"tanh", "tanh"/"tanh", "linear"/' tanh3.json > lin3.json
"$MLPTRAIN" -q -c lin3.json -w lin3.bin -o lin3.loss.csv 2> err.txt && ok || bad "training lin3.json: $(cat err.txt)"
"$MLPPLOT" surface lin3.bin thirds_oh.csv --range -40:40,-40:40 -o lin3.png 2> err.txt && ok || bad "lin3 surface: $(cat err.txt)"
white=$(probe lin3.png '=0.11:0.94:0.09:0.65#FFFFFF' | sed -n 2p)
[ "$white" = 0 ] && ok || bad "lin3: $white white pixels inside the plane, want every one in a class's colour"
# One input, a sigmoid trained with mse on 0/1: the rows of 0 (blue) at
# p = 0 and of 1 (vermillion) at p = 1, as for the labelled sides above
# (drawn as a regression, every row was a blue dot at its target).
awk -F, 'NR == 1 { print "x,y"; next } { print $1 "," ($2 == "right") }' sides.csv > sides01.csv
printf '{"layers": [1, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "mse", "learning_rate": 0.5, "epochs": 600, "data": {"train": "sides01.csv"}}' > sides01.json
"$MLPTRAIN" -q -c sides01.json -w sides01.bin -o sides01.loss.csv 2> err.txt && ok || bad "training sides01.json: $(cat err.txt)"
"$MLPPLOT" surface sides01.bin sides01.csv --range -4:4 -o sides01.png 2> err.txt && ok || bad "sides01 curve: $(cat err.txt)"
read -r blue red <<< "$(probe sides01.png '@0.3125#0072B2' '@0.7375#D55E00' | sed -n '2,3p' | tr '\n' ' ')"
awk -v b="$blue" -v r="$red" 'BEGIN { exit !(b > 0.72 && b < 0.8 && r > 0.07 && r < 0.15) }' \
    && ok || bad "sides01 curve: the rows are not at p = 0 and p = 1: blue at $blue, vermillion at $red of the height"

# --------------------------------------------------------------------------
# Line styles as docs/plots.md names them: the best epoch and a 1-input
# two-class curve's p = 0.5 line "dotted grey", the refit curve
# "dash-dotted green", the validation loss "dashed vermillion". PLplot's
# own styles have no dot: the first two were drawn in long dashes of 2 mm
# and the refit curve in long dashes too. The cairo driver writes a dashed
# line as one SVG path per piece between two of its points; pieces that
# join make a dash. A dot is under 2 points long (0.3 mm, its round caps
# add the line's width), a long dash 5 points and more, PLplot's 1 mm
# dashes of the validation loss (3 points) between.
# dash_kinds FILE.svg RGB: "DOTS MIDDLE LONG" of the round-capped lines in
# that colour (rgb(..%,..%,..%) as cairo writes it).
dash_kinds() {
    grep -o "<path style=\"fill:none;stroke-width:[0-9.]*;stroke-linecap:round;[^>]*stroke:rgb($2)[^>]*" "$1" \
        | sed -n 's/.* d="\([^"]*\)".*/\1/p' \
        | awk '{ for (i = 2; i + 4 <= NF; i += 3) print $i, $(i + 1), $(i + 3), $(i + 4) }' \
        | awk 'function dash() { if (len > 0) { if (len < 2) d++; else if (len >= 5) l++; else m++ } len = 0 }
               $1 != ex || $2 != ey { dash() }
               { len += sqrt(($3 - $1) ^ 2 + ($4 - $2) ^ 2); ex = $3; ey = $4 }
               END { dash(); print d + 0, m + 0, l + 0 }'
}
# style_is NAME STYLE "DOTS MIDDLE LONG": dotted (dots, nothing longer),
# dash-dotted (as many dots as long dashes, within a tenth), dashed (the
# middle length, all but a few of a line's cut ends).
style_is() {
    local d m l
    read -r d m l <<< "$3"
    case $2 in
        dotted) [ "$d" -ge 10 ] && [ "$m" = 0 ] && [ "$l" = 0 ] ;;
        dash-dotted) [ "$d" -ge 10 ] && [ "$l" -ge 10 ] && [ "$m" -le 2 ] \
            && [ $(((d - l) * (d - l) * 100)) -le $(((d + l) * (d + l))) ] ;;
        dashed) [ "$m" -ge 10 ] && [ $(((d + l) * 50)) -le "$m" ] ;;
    esac && ok || bad "$1 is not $2: $d dots, $m dashes of 1 mm, $l long dashes"
}
grey='60%,60%,60%'
green='0%,61.960784%,45.098039%'
vermillion='83.529412%,36.862745%,0%'
"$MLPPLOT" loss halves.loss.csv -o styles.svg 2> err.txt && ok || bad "loss as svg: $(cat err.txt)"
style_is "the best epoch's line" dotted "$(dash_kinds styles.svg "$grey")"
style_is "the refit curve" dash-dotted "$(dash_kinds styles.svg "$green")"
style_is "the validation loss" dashed "$(dash_kinds styles.svg "$vermillion")"
"$MLPPLOT" surface sides.bin sides.csv --range -4:4 -o sides.svg 2> err.txt && ok || bad "2-class curve as svg: $(cat err.txt)"
style_is "the 2-class curve's p = 0.5 line" dotted "$(dash_kinds sides.svg "$grey")"
# The doc names the styles the picture has.
for words in "best epoch is a dotted grey line" "curve (dash-dotted green)" \
    "validation loss (dashed vermillion)" "the dotted grey line p = 0.5"; do
    tr '\n' ' ' < "$ROOT/docs/plots.md" | grep -qF "$words" && ok || bad "docs/plots.md does not say \"$words\""
done
# A bad cell, and a model's name that the file's header holds in another
# encoding (docs/csv.md), are told at their line and column, as mlppredict
# tells them (mlpplot once gave the line alone for the second: it read the
# table without the file's text).
sed '3 s/^\([^,]*\),/\1x,/' halves.csv > halves_bad.csv
"$MLPPREDICT" halves.bin halves_bad.csv > /dev/null 2> predict_err.txt
want=$(sed 's/^mlppredict:/mlpplot:/' predict_err.txt)
case $want in "mlpplot: halves_bad.csv:3:"[0-9]*:*) ok ;; *) bad "mlppredict's bad cell: $want" ;; esac
expect_error "a bad cell" "$want" -- "$MLPPLOT" surface halves.bin halves_bad.csv -o bad.png
printf 'caf\xe9,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > latin1.csv
printf '{"layers": [2, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 10, "data": {"train": "latin1.csv"}}' > latin1.json
"$MLPTRAIN" -q -c latin1.json || bad "training latin1.json"
printf 'x2,caf\xc3\xa9\n0,1\n1,1\n' > utf8.csv
"$MLPPREDICT" latin1.weights.bin utf8.csv > /dev/null 2> predict_err.txt
want=$(sed 's/^mlppredict:/mlpplot:/' predict_err.txt)
case $want in "mlpplot: utf8.csv:1:4: no column"*) ok ;; *) bad "mlppredict's encoding message: $want" ;; esac
expect_error "a name in another encoding" "$want" -- "$MLPPLOT" surface latin1.weights.bin utf8.csv -o enc.png
expect_error "--range of two axes for a curve" \
    "mlpplot: sides.bin: --range has 2 axes but the model has 1 input; give one range, for example --range -3:3" \
    -- "$MLPPLOT" surface sides.bin sides.csv --range -4:4,0:1 -o s2.png
expect_error "--range of one axis for a surface" \
    "mlpplot: halves.bin: --range has 1 axis but the model has 2 inputs; give two ranges, for example --range -2:3,-1.5:2" \
    -- "$MLPPLOT" surface halves.bin halves.csv --range -4:4 -o s1.png
"$MLPPREDICT" line.bin line.csv --evaluate -o /dev/null 2> eval.txt
r2=$(sed -n 's/^line.csv: r2 \([^ ]*\) .*/\1/p' eval.txt)
awk -v r="$r2" 'BEGIN { exit !(r > 0.999) }' && ok || bad "the line's R^2 is not near 1: $(cat eval.txt)"

# --------------------------------------------------------------------------
# More than two classes: each arg-max region in its own pale colour, and
# nothing of a class where the model never predicts it. With logits
# 5 (-p, p, q), cat wins left of p = 0 below q = -p, dog right of it below
# q = p, emu above both; dog never left of p = 0. Shading the class index
# (levels k - 0.5) interpolated between grid nodes, so the jump from cat to
# emu along q = -p passed through dog: a dog-coloured band on the left half.
# With --range -3:3,-3:3 the panel spans 0.10-0.95 of the width (p = -0.3
# at 0.4825) and 0.08-0.80 of the height from the top; dog's pale colour is
# vermillion mixed with 60% white, #EEBF99.
/usr/bin/python3 "$ROOT/tests/plot/npz.py" cde.npz 'W1=[[-5,0],[5,0],[0,5]]' 'b1=[0,0,0]' \
    'activations=["softmax"]' 'loss="cross_entropy"' 'labels=["cat","dog","emu"]' \
    'feature_names=["p","q"]' 'target_names=["animal"]'
printf 'p,q,animal\n-3,-3,cat\n3,-3,dog\n0,3,emu\n-3,3,emu\n' > cde.csv
"$MLPPREDICT" cde.npz --grid -3:3:12,-3:3:12 > cde.grid.csv 2> err.txt && ok || bad "cde grid: $(cat err.txt)"
awk -F, 'NR > 1 && $1 < 0 && $3 == "dog" { n++ } END { exit n > 0 }' cde.grid.csv && ok \
    || bad "the model predicts dog left of p = 0: $(grep ',dog,' cde.grid.csv | head -3)"
for res in 12 200; do
    "$MLPPLOT" surface cde.npz cde.csv --range -3:3,-3:3 --resolution $res -o cde$res.png 2> err.txt \
        && ok || bad "cde at resolution $res: $(cat err.txt)"
    read -r left right <<< "$(probe cde$res.png '=0.1:0.48:0.09:0.79#EEBF99' '=0.56:0.94:0.09:0.79#EEBF99' \
        | sed -n '2,3p' | tr '\n' ' ')"
    [ "${left:-1}" = 0 ] && [ "${right:-0}" -gt 10000 ] && ok \
        || bad "cde at resolution $res: $left pixels of dog's colour left of p = -0.3 (want 0), $right right of p = 0.3"
done

# --------------------------------------------------------------------------
# 12 classes, 12 colours (docs/plots.md, "surface"): class k's weights point
# at angle 2 pi k / 12, so each class has a sector of the plane. Its region
# is in its pale colour (60% white) and its key in its full colour; the rows
# lie outside --range, so the full colours are the legend's. With k % 7,
# classes 7 to 11 had the colours of 0 to 4 (c7 was c0's blue), and the
# legend listed 8 classes.

# classes_npz OUT K: the K-class model of sectors.
classes_npz() {
    local w labels
    w=$(awk -v K="$2" 'BEGIN { for (k = 0; k < K; k++) printf "%s[%.17g,%.17g]", k ? "," : "", 5 * cos(2 * 3.141592653589793 * k / K), 5 * sin(2 * 3.141592653589793 * k / K) }')
    labels=$(awk -v K="$2" 'BEGIN { for (k = 0; k < K; k++) printf "%s\"c%d\"", k ? "," : "", k }')
    /usr/bin/python3 "$ROOT/tests/plot/npz.py" "$1" "W1=[$w]" "b1=[$(awk -v K="$2" 'BEGIN { for (k = 0; k < K; k++) printf "%s0", k ? "," : "" }')]" \
        'activations=["softmax"]' 'loss="cross_entropy"' "labels=[$labels]" 'feature_names=["x","y"]' \
        'target_names=["cls"]'
    awk -v K="$2" 'BEGIN { print "x,y,cls"; for (k = 0; k < K; k++) printf "%.6f,%.6f,c%d\n", 3 * cos(2 * 3.141592653589793 * k / K), 3 * sin(2 * 3.141592653589793 * k / K), k }' \
        > "${1%.npz}.csv"
}
classes_npz twelve.npz 12
"$MLPPLOT" surface twelve.npz twelve.csv --range -1:1,-1:1 -o twelve.png 2> err.txt && ok || bad "12 classes: $(cat err.txt)"
colours=(0072B2 D55E00 009E73 E69F00 CC79A7 56B4E9 F0E442 332288 882255 999933 8C564B 661100)
for k in "${!colours[@]}"; do
    full=${colours[k]}
    pale=$(awk -v h="$full" 'BEGIN { for (i = 1; i <= 5; i += 2) { c = 0; for (j = i; j < i + 2; j++) c = c * 16 + index("0123456789ABCDEF", substr(h, j, 1)) - 1; printf "%02X", int(c + 0.6 * (255 - c) + 0.5) } }')
    read -r nfull npale <<< "$(probe twelve.png "#$full" "#$pale" | sed -n '2,3p' | tr '\n' ' ')"
    [ "${nfull:-0}" -gt 20 ] && [ "${npale:-0}" -gt 1000 ] && ok \
        || bad "12 classes: class c$k has $nfull pixels of its colour #$full (its key) and $npale of #$pale (its region)"
done
classes_npz fourteen.npz 14

# --------------------------------------------------------------------------
# Legends under the panel stay on the page (docs/plots.md, "Legends"). The
# cairo driver draws text as glyphs; in an SVG each glyph is a <use> at its
# origin, so every origin must lie on the 900-point-wide page with room for
# the glyph. A 4-class surface's legend once ran off the right edge in three
# columns ("wrongly predicted (10 of 2", the rest past x = 900), and a
# 1-input regression of 3 outputs started its legend left of the page (its
# first key lost): the legend is laid out in as many rows as its keys need.

# glyphs_on_page NAME FILE.svg: no glyph starts left of the page or within
# 5 points of its right edge.
glyphs_on_page() {
    local span
    span=$(grep -o '<use xlink:href="#glyph[^>]*' "$2" \
        | sed -n 's/.* x="\([-0-9.]*\)".*/\1/p' | sort -g | sed -n '1p;$p' | tr '\n' ' ')
    read -r lo hi <<< "$span"
    awk -v lo="${lo:-x}" -v hi="${hi:-x}" 'BEGIN { exit !(lo != "x" && lo >= 0 && hi <= 895) }' \
        && ok || bad "$1: glyphs from x = $lo to $hi, off the 900-point page"
}
/usr/bin/python3 "$ROOT/tests/plot/npz.py" four.npz \
    'W1=[[5,0],[0,5],[-5,0],[0,-5]]' 'b1=[0,0,0,0]' 'activations=["softmax"]' 'loss="cross_entropy"' \
    'labels=["c0","c1","c2","c3"]' 'feature_names=["x","y"]' 'target_names=["cls"]'
awk 'BEGIN { print "x,y,cls"; srand(1); for (i = 0; i < 200; i++) { x = rand() * 6 - 3; y = rand() * 6 - 3
    k = (x >= y && x >= -y) ? 0 : (y >= x && y >= -x) ? 1 : (-x >= y && -x >= -y) ? 2 : 3
    if (i % 20 == 0) k = (k + 1) % 4; print x "," y ",c" k } }' > four.csv
/usr/bin/python3 "$ROOT/tests/plot/npz.py" r3.npz 'W1=[[1],[2],[3]]' 'b1=[0,0,0]' \
    'activations=["linear"]' 'loss="mse"' 'feature_names=["hour"]' \
    'target_names=["temperature","pressure","humidity"]'
printf 'hour,temperature,pressure,humidity\n0,0,0,0\n0.5,0.5,1,1.5\n1,1,2,3\n' > r3.csv
for pic in "four.npz four.csv" "r3.npz r3.csv" "halves.bin halves.csv" "thirds.bin thirds.csv" \
    "sides.bin sides.csv" "line.bin line.csv" "twelve.npz twelve.csv" "fourteen.npz fourteen.csv"; do
    set -- $pic
    "$MLPPLOT" surface "$1" "$2" -o legend.svg 2> err.txt && ok || bad "surface $pic: $(cat err.txt)"
    glyphs_on_page "surface $pic" legend.svg
done
"$MLPPLOT" fit line.bin line.csv -o legend.svg 2> err.txt && ok || bad "fit: $(cat err.txt)"
glyphs_on_page "fit line.bin" legend.svg

# Axis labels stay on the page (docs/plots.md, "Axis labels"): the panel's
# left edge leaves room for its widest y label and the axis title beyond it.
# With a fixed edge, labels of 6 characters and more started left of the
# page: a loss stuck near 0.69718 read ".69718" (the title "loss" drawn
# through them), a loss near 1.52e12 ".52414", a curve's 1200000 "200000",
# a fit's "predicted y" lay over "800000", a 1-epoch log's "0.6505" ran
# into its title. And PLplot's "(x10^-4)" of an x2 axis from 0.0001234 to
# 0.0001244 was drawn off the top of the page: the labels are now the true
# values, "1.234×10^-4", and nothing is drawn in the page's top rows (the
# title starts lower).
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 200; e++) printf "%d,%.10g\n", e, 0.6971846 - 2e-7 * e }' > stuck.loss.csv
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 50; e++) printf "%d,%.10g\n", e, 1.5241e12 + 4e8 * e }' > huge.loss.csv
printf 'epoch,loss,val_loss\n1,0.650468903369923,0.6487819244023014\n' > one.loss.csv
awk 'BEGIN { print "x,price"; for (i = 0; i <= 20; i++) printf "%g,%g\n", i / 20, 1200000 * i / 20 + 100000 }' > million.csv
printf '{"layers": [1, 1], "activations": ["linear"], "loss": "mse", "learning_rate": 0.5, "epochs": 300, "data": {"train": "million.csv", "normalize": "standard"}}' > million.json
"$MLPTRAIN" -q -c million.json -w million.bin -o million.loss.csv 2> err.txt && ok || bad "training million.json: $(cat err.txt)"
printf 'x1,x2,label\n-1,0.0001234,left\n1,0.0001244,right\n0.5,0.000124,right\n' > tiny2.csv
# title_overlaps FILE.svg: the glyphs of tick labels in the column of a
# rotated y title. cairo draws a rotated title glyph by glyph at one x, y
# changing (two such glyphs in a row, left of a third of the page: a
# title's); a glyph starting from 28 points left of the title's x (its
# advance) to 4 right of it (the title's descent) lies in its column. The
# labels must all be right of it.
title_overlaps() {
    grep -o '<use xlink:href="#glyph[^>]*' "$1" \
        | sed -n 's/.*#glyph\([0-9]*\)-[0-9]*" x="\([-0-9.]*\)" y="\([-0-9.]*\)".*/\1 \2 \3/p' \
        | awk '{ set[NR] = $1; x[NR] = $2; y[NR] = $3
                 if (NR > 1 && $2 < 300 && set[NR - 1] == $1 && x[NR - 1] == $2 && y[NR - 1] != $3) up[NR] = up[NR - 1] = 1 }
            END { for (i = 1; i <= NR; i++) if (up[i]) { titles++
                    for (j = 1; j <= NR; j++) if (!up[j] && x[j] > x[i] - 28 && x[j] < x[i] + 4) k++ }
                print titles ? k + 0 : "no title" }'
}
for pic in "loss stuck.loss.csv" "loss huge.loss.csv" "loss one.loss.csv" "surface million.bin million.csv" \
    "fit million.bin million.csv" "surface halves.bin tiny2.csv"; do
    # shellcheck disable=SC2086
    "$MLPPLOT" $pic -o labels.svg 2> err.txt && "$MLPPLOT" $pic -o labels.png 2>> err.txt && ok \
        || bad "$pic: $(cat err.txt)"
    glyphs_on_page "$pic" labels.svg
    on_title=$(title_overlaps labels.svg)
    [ "$on_title" = 0 ] && ok || bad "$pic: $on_title glyphs of the labels on the y title"
    read -r edge top <<< "$(probe labels.png %0:0.001 %0:1:0:0.015 | sed -n '2p;3p' | tr '\n' ' ')"
    [ "$edge $top" = "0.0000 0.0000" ] && ok \
        || bad "$pic: dark pixels in the page's first column ($edge) or top rows ($top)"
done

# --------------------------------------------------------------------------
# Ranges (docs/plots.md, "Ranges"): a --range too narrow to draw is refused
# (PLplot never finished the axis of 1:1.0000000000000002: mlpplot hung),
# even one whose grid points are distinct for mlppredict --grid when the
# axis labels could not tell the ticks apart; a range of the data that is
# constant, or a rounding wide, is drawn around its value. Each run under
# timeout, so a hang fails instead of stopping the suite.

narrow_hint="make MAX - MIN at least a millionth of the larger of |MIN| and |MAX|"
expect_error "--range too narrow for a curve" \
    "mlpplot: --range: the x range 1:1.0000000000000002 is too narrow to draw: its axis labels (8 significant digits) could not tell the ticks apart; $narrow_hint, for example 1:1.001" \
    -- timeout 20 "$MLPPLOT" surface line.bin line.csv --range 1:1.0000000000000002 -o n1.png
expect_error "--range too narrow for a surface" \
    "mlpplot: --range: the y range 1:1.0000000000000002 is too narrow to draw: its axis labels (8 significant digits) could not tell the ticks apart; $narrow_hint, for example 1:1.001" \
    -- timeout 20 "$MLPPLOT" surface halves.bin halves.csv --range 0:1,1:1.0000000000000002 -o n2.png
"$MLPPREDICT" line.bin --grid 1e6:1000000.0000001:2 > /dev/null 2> err.txt && ok \
    || bad "mlppredict --grid 1e6:1000000.0000001:2 must be a grid: $(cat err.txt)"
expect_error "--range with labels alike" \
    "mlpplot: --range: the x range 1000000:1000000.0000001 is too narrow to draw: its axis labels (8 significant digits) could not tell the ticks apart; $narrow_hint, for example 1000000:1001000" \
    -- timeout 20 "$MLPPLOT" surface line.bin line.csv --range 1e6:1000000.0000001 --resolution 2 -o n3.png
timeout 20 "$MLPPLOT" surface line.bin line.csv --range 1000000:1000002 -o n4.png 2> err.txt && ok \
    || bad "--range 1000000:1000002 (two millionths) must be drawn: $(cat err.txt)"
# Huge ranges are drawn whole, up to the bound of +-1e300: PLplot's text at a
# point (the rows' dots) of an x range wider than about 1.5e164 drew nothing
# more, and a range found in data of 1e165, or --range 0:1e200,0:1, gave a
# blank frame (no axes, labels, rows or legend) with exit 0. The band under
# the panel (x labels and legend) has dark pixels.
printf 'x1,x2,label\n1e165,0,left\n0,1,right\n' > huge.csv
n=0
for args in "halves.bin huge.csv" "halves.bin halves.csv --range 0:1e200,0:1" \
    "halves.bin halves.csv --range -1e300:1e300,-1e300:1e300" "line.bin line.csv --range 0:1e200"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    timeout 20 "$MLPPLOT" surface $args -o "huge$n.png" 2> err.txt || bad "surface $args: $(cat err.txt)"
    awk -v s="$(probe "huge$n.png" %0:1:0.82:1 | tail -1)" 'BEGIN { exit !(s > 0.003) }' && ok \
        || bad "surface $args: nothing under the panel (a blank picture): $(probe "huge$n.png" %0:1:0.82:1)"
done
# Data whose widened range passes +-1e300 is refused as --range is, at the
# line of the value farther from 0, quoting the file's own values: a row of
# x2 = 1e308 was reported "from 2 to inf" (the value rebuilt from the
# normalised data, which overflowed), with no line; one of -1.7e308 so.
printf 'x1,x2,label\n0.5,2,left\n0.5,1e308,right\n-0.5,0,left\n' > past1.csv
printf 'x1,x2,label\n0.5,2,left\n-1.7e308,0,left\n1,0,right\n' > past2.csv
past_hint="else give the range to draw with --range (each end from -1e300 to 1e300)"
expect_error "data of 1e308" \
    "mlpplot: past1.csv:3: the rows' x2 values, from 0 to 1e+308 (1e+308 on this line), leave no range that can be drawn around them; check that row's x2; $past_hint" \
    -- "$MLPPLOT" surface halves.bin past1.csv -o past1.png
expect_error "data of -1.7e308" \
    "mlpplot: past2.csv:3: the rows' x1 values, from -1.7e+308 to 1 (-1.7e+308 on this line), leave no range that can be drawn around them; check that row's x1; $past_hint" \
    -- "$MLPPLOT" surface halves.bin past2.csv -o past2.png
# Data with a constant column, or one two roundings wide, on each picture
# whose axes follow the data: the inputs of a surface and a curve, a
# regression's outputs (the curve's y axis, the surface's colour scale, the
# fit), a hidden layer's activations, the loss.
printf 'x,y\n1,3\n1,3\n' > const1.csv
printf 'x,y\n1,3\n1.0000000000000002,3\n' > near1.csv
printf 'x1,x2,label\n0.5,-1,left\n0.5,1,right\n' > const2.csv
printf 'x1,x2,label\n-1,1,left\n1,1.0000000000000002,right\n' > near2.csv
/usr/bin/python3 "$ROOT/tests/plot/npz.py" flat1.npz 'W1=[[0]]' 'b1=[1]' 'W2=[[1]]' 'b2=[0]' \
    'activations=["linear","linear"]' 'loss="mse"' 'feature_names=["x"]' 'target_names=["y"]'
printf 'x,y\n0,1\n1,1.0000000000000002\n' > flat1.csv
/usr/bin/python3 "$ROOT/tests/plot/npz.py" flat2.npz 'W1=[[2.220446049250313e-16,0]]' 'b1=[1]' \
    'W2=[[1]]' 'b2=[0]' 'activations=["linear","linear"]' 'loss="mse"' 'feature_names=["a","b"]' \
    'target_names=["y"]'
printf 'a,b,y\n0,0,1\n1,1,1\n' > flat2.csv
printf 'epoch,loss\n1,0.5\n2,0.5000000000000001\n' > flat.loss.csv
n=0
for args in "surface line.bin const1.csv" "surface line.bin near1.csv" \
    "surface halves.bin const2.csv" "surface halves.bin near2.csv" "surface flat1.npz flat1.csv" \
    "fit flat1.npz flat1.csv" "surface flat2.npz flat2.csv" "units flat2.npz flat2.csv" \
    "loss flat.loss.csv"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    timeout 20 "$MLPPLOT" $args -o "flat$n.png" 2> err.txt && [ -s "flat$n.png" ] && ok \
        || bad "mlpplot $args: exit $?: $(cat err.txt)"
done

# --------------------------------------------------------------------------
# Bad inputs: one line, exit 2, nothing written.

printf '{"layers": [3, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "data": {"train": "three.csv"}}\n' > three.json
printf 'a,b,c,y\n0,0,1,0\n1,0,0,1\n0,1,0,1\n1,1,1,0\n' > three.csv
"$MLPTRAIN" -q -c three.json -w three.bin -o three.loss.csv 2> /dev/null
expect_error "3-input surface" \
    "mlpplot: three.bin: the model has 3 inputs; a decision surface needs 2 (or 1, for its curve); plot its hidden units instead: mlpplot units three.bin three.csv" \
    -- "$MLPPLOT" surface three.bin three.csv -o s3.png
# A classifier .npz saved without labels: refused as mlppredict refuses it,
# not drawn as a regression of two outputs.
/usr/bin/python3 "$ROOT/tests/plot/npz.py" nolabels.npz 'W1=[[1,0],[0,1]]' 'b1=[0,0]' \
    'W2=[[1,0],[0,1]]' 'b2=[0,0]' 'activations=["tanh","softmax"]' 'loss="cross_entropy"'
printf 'x1,x2\n0,0\n1,1\n' > plain.csv
expect_error "classifier .npz without labels" \
    'mlpplot: nolabels.npz: this classifier (a softmax output) has no class labels to name its predictions; save them in the .npz, one per output unit, in order: labels=numpy.array(["0", "1"]) (docs/numpy.md)' \
    -- "$MLPPLOT" surface nolabels.npz plain.csv -o nl.png
printf 'epoch,lost\n1,0.5\n2,0.25\n' > noloss.csv
expect_error "log without loss" \
    "mlpplot: noloss.csv:1:1: the header has no \"loss\" column; give a loss log written by mlptrain (--loss-log), whose header starts \"epoch,loss\"" \
    -- "$MLPPLOT" loss noloss.csv -o l.png
expect_error "unwritable output" \
    "mlpplot: nofolder/l.png: cannot write: No such file or directory; create the folder \"nofolder\" first, or check the path" \
    -- "$MLPPLOT" loss halves.loss.csv -o nofolder/l.png
expect_error "unknown extension" \
    "mlpplot: l.gif: cannot tell the picture format from the file name; end the output name with .png, .svg or .pdf" \
    -- "$MLPPLOT" loss halves.loss.csv -o l.gif
# "-" is standard output to mlppredict: a picture cannot go there (it was
# "-: cannot tell the picture format from the file name").
expect_error "output to standard output" \
    "mlpplot: --output -: a picture cannot go to standard output; give a file name ending in .png, .svg or .pdf, for example --output picture.png" \
    -- "$MLPPLOT" loss halves.loss.csv -o -
expect_error "no extension" \
    "mlpplot: picture: cannot tell the picture format from the file name; end the output name with .png, .svg or .pdf" \
    -- "$MLPPLOT" surface halves.bin halves.csv -o picture
expect_error "arguments swapped" \
    "mlpplot: halves.csv: not an mlp weights file; halves.bin is the model: give it first, then the CSV" \
    -- "$MLPPLOT" surface halves.csv halves.bin -o swapped.png
expect_error "unknown kind" "mlpplot: unknown picture \"scatter\"; it is loss, surface, units or fit; try 'mlpplot --help'" \
    -- "$MLPPLOT" scatter halves.csv
expect_error "kind misspelt" "mlpplot: unknown picture \"suface\"; did you mean surface?" \
    -- "$MLPPLOT" suface halves.bin halves.csv
# Escaped as every message is (docs/exit-codes.md): the near-match line
# printed the escape byte raw.
expect_error "kind misspelt, escaped" 'mlpplot: unknown picture "los\x1b"; did you mean loss?' \
    -- "$MLPPLOT" $'los\x1b' halves.loss.csv
expect_error "fit of a classifier" \
    "mlpplot: halves.bin: the model is a classifier; the fit picture is for a regression; plot its decision surface or curve (mlpplot surface, 1 or 2 inputs) or see its confusion matrix with mlppredict --evaluate" \
    -- "$MLPPLOT" fit halves.bin halves.csv -o f.png
cut -d, -f1 line.csv > xonly.csv
expect_error "fit without targets" \
    "mlpplot: xonly.csv:1: no target column: the fit picture puts each prediction against its target; give a file with the model's target columns, as its training file" \
    -- "$MLPPLOT" fit line.bin xonly.csv -o f.png
expect_error "model as the loss log" \
    "mlpplot: halves.bin: a trained model, not a loss log; the loss picture reads the loss log written beside the model (mlptrain --loss-log)" \
    -- "$MLPPLOT" loss halves.bin -o l.png
expect_error "missing file" "mlpplot: surface needs two files: WEIGHTS DATA.csv; try 'mlpplot --help'" \
    -- "$MLPPLOT" surface halves.bin
# Standard input is read once: a model and data both "-" are refused before
# either is read (the data's reader found it empty: "no data rows; the file
# is empty"), as mlppredict refuses them. One of them "-" draws.
stdin_of() { local file=$1; shift; "$@" < "$file"; }
for kind in surface units fit; do
    expect_error "$kind - -" "mlpplot: the model (\"-\") and the data CSV (\"-\") cannot both come from standard input, which can be read only once; give one of them as a file" \
        -- stdin_of halves.bin "$MLPPLOT" $kind - - -o twice.png
done
stdin_of halves.bin "$MLPPLOT" surface - halves.csv -o model-stdin.png 2> err.txt \
    && stdin_of halves.csv "$MLPPLOT" surface halves.bin - -o data-stdin.png 2>> err.txt \
    && [ -s model-stdin.png ] && [ -s data-stdin.png ] && ok || bad "one input from stdin: $(cat err.txt)"
rm -f model-stdin.png data-stdin.png
# A file whose name starts with "-" was told as "unknown option" naming the
# argument before it ("loss"): getopt had not moved past -l.csv yet.
expect_error "a file named -l.csv" \
    'mlpplot: unknown option "-l" in "-l.csv"; for a file of that name, write ./-l.csv or put -- before it' \
    -- "$MLPPLOT" loss -l.csv
expect_error "a letter inside a cluster" "mlpplot: unknown option \"-x\" in \"-xo\"; try 'mlpplot --help'" \
    -- "$MLPPLOT" loss halves.loss.csv -xo l.png
cp halves.loss.csv ./-l.csv
"$MLPPLOT" loss ./-l.csv -o dot.png 2> err.txt && "$MLPPLOT" loss -o dashes.png -- -l.csv 2>> err.txt \
    && [ -s dot.png ] && [ -s dashes.png ] && ok || bad "./-l.csv and -- -l.csv: $(cat err.txt)"
rm -f ./-l.csv dot.png dashes.png
expect_error "bad range" \
    "mlpplot: --range needs XMIN:XMAX,YMIN:YMAX (or XMIN:XMAX for a 1-input model) with MIN < MAX, each from -1e300 to 1e300, not \"1:0,0:1\"; for example --range -2:3,-1.5:2, or --range -3:3" \
    -- "$MLPPLOT" surface halves.bin halves.csv --range 1:0,0:1
# Finite and ordered but past the bound: the bound is said (it was "finite
# MIN < MAX", which -1e307:1e307 is).
expect_error "range past 1e300" \
    "mlpplot: --range needs XMIN:XMAX,YMIN:YMAX (or XMIN:XMAX for a 1-input model) with MIN < MAX, each from -1e300 to 1e300, not \"-1e307:1e307,0:1\"; for example --range -2:3,-1.5:2, or --range -3:3" \
    -- "$MLPPLOT" surface halves.bin halves.csv --range -1e307:1e307,0:1
# A blank before a number is refused as one after it (docs/exit-codes.md):
# strtod skipped it, so ' 0:1,0:1' and '0: 1,0:1' were taken, and so were
# ' 640x480' and '640x 480'.
for r in ' 0:1,0:1' '0: 1,0:1' '0:1, 0:1' '0:1,0:1 '; do
    expect_error "range with a blank: '$r'" \
        "mlpplot: --range needs XMIN:XMAX,YMIN:YMAX (or XMIN:XMAX for a 1-input model) with MIN < MAX, each from -1e300 to 1e300, not \"$r\"; for example --range -2:3,-1.5:2, or --range -3:3" \
        -- "$MLPPLOT" surface halves.bin halves.csv --range "$r"
done
for z in ' 640x480' '640x 480' '640x480 '; do
    expect_error "size with a blank: '$z'" \
        "mlpplot: --size needs WIDTHxHEIGHT in pixels from 100 to 10000, not \"$z\"; for example --size 1200x900" \
        -- "$MLPPLOT" loss halves.loss.csv --size "$z"
done
expect_error "range for loss" "mlpplot: --range is for surface only; try 'mlpplot --help'" \
    -- "$MLPPLOT" loss halves.loss.csv --range 0:1,0:1
expect_error "missing weights" "mlpplot: none.bin: cannot read: No such file or directory; check the path" \
    -- "$MLPPLOT" units none.bin halves.csv -o u.png
printf '{"layers": [2, 1], "activations": ["sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "data": {"train": "halves.csv", "targets": ["label"]}}\n' > flat.json
"$MLPTRAIN" -q -c flat.json -w flat.bin -o flat.loss.csv 2> /dev/null
expect_error "no hidden layer" \
    "mlpplot: flat.bin: the model has no hidden layer, so no hidden units to plot; plot its decision surface or its loss log instead" \
    -- "$MLPPLOT" units flat.bin halves.csv -o u.png
# An existing picture stays as it was when the new one fails.
printf 'old picture' > keep.png
expect_error "existing output kept" \
    "mlpplot: noloss.csv:1:1: the header has no \"loss\" column; give a loss log written by mlptrain (--loss-log), whose header starts \"epoch,loss\"" \
    -- "$MLPPLOT" loss noloss.csv -o keep.png
[ "$(cat keep.png)" = "old picture" ] && ok || bad "keep.png was changed"
# A loss log's cells are those mlptrain writes (docs/loss-log.md): each
# bad one is refused at its line and column. They were all drawn with exit
# 0 (a text cell as a gap, epochs 1,2,3,2,10 as a zigzag back, an accuracy
# of 1.7 above its panel), and a log whose one loss was "abc" was said to
# have "diverged at once".
bad_log() { # bad_log NAME LOG-TEXT EXPECTED-STDERR
    printf "$2" > badlog.csv
    expect_error "$1" "$3" -- "$MLPPLOT" loss badlog.csv -o badlog.png
}
text_hint="a loss log holds numbers, nan or inf where a run diverged: give the loss log mlptrain wrote (--loss-log)"
joined="is this two logs joined? Give each log as a file of its own: mlpplot loss A.csv B.csv draws them together"
bad_log "a loss of text" 'epoch,loss\n1,abc\n' \
    "mlpplot: badlog.csv:2:3: the \"loss\" cell \"abc\" is not a number; $text_hint"
bad_log "a loss of text among numbers" 'epoch,loss\n1,0.5\n2,abc\n3,0.4\n' \
    "mlpplot: badlog.csv:3:3: the \"loss\" cell \"abc\" is not a number; $text_hint"
bad_log "an empty cell" 'epoch,loss,val_loss\n1,0.5,0.6\n2,0.4,\n' \
    "mlpplot: badlog.csv:3:7: the \"val_loss\" cell is empty; $text_hint"
bad_log "an epoch of text" 'epoch,loss\nabc,0.5\n' \
    "mlpplot: badlog.csv:2:1: the \"epoch\" cell \"abc\" is not a number; give the loss log mlptrain wrote (--loss-log)"
bad_log "an accuracy above 1" 'epoch,loss,accuracy\n1,0.5,0.5\n2,0.4,1.7\n' \
    "mlpplot: badlog.csv:3:7: the \"accuracy\" 1.7 is not from 0 to 1; give the loss log mlptrain wrote (--loss-log)"
bad_log "two logs joined" 'epoch,loss\n1,0.5\n2,0.4\nepoch,loss\n1,0.6\n2,0.3\n' \
    "mlpplot: badlog.csv:4:1: the header again, among the rows; $joined"
bad_log "epochs going back" 'epoch,loss\n1,0.5\n2,0.4\n3,0.3\n2,0.2\n10,0.1\n' \
    "mlpplot: badlog.csv:5:1: epoch 2 after epoch 3: epochs must increase; $joined"
bad_log "an epoch twice" 'epoch,loss\n1,0.5\n1,0.4\n' \
    "mlpplot: badlog.csv:3:1: epoch 1 after epoch 1: epochs must increase; $joined"
for e in -5 2.5 1e300 0; do
    bad_log "epoch $e" "epoch,loss\n$e,0.5\n" \
        "mlpplot: badlog.csv:2:1: the \"epoch\" $(printf '%s' "$e" | sed 's/1e300/1e+300/') is not a whole number from 1 to 2^53; epochs count 1, 2, 3, ...: give the loss log mlptrain wrote (--loss-log)"
done
bad_log "a refit flag of 2" 'epoch,loss,val_loss,best_epoch,refit\n1,0.5,0.6,1,0\n2,0.4,0.5,2,2\n' \
    "mlpplot: badlog.csv:3:13: the \"refit\" 2 is neither 0 nor 1; give the loss log mlptrain wrote (--loss-log)"
bad_log "the run after its refit" 'epoch,loss,val_loss,best_epoch,refit\n1,0.5,0.6,1,0\n2,0.4,0.5,2,0\n1,0.5,nan,2,1\n3,0.3,0.4,3,0\n' \
    "mlpplot: badlog.csv:5:13: a row of the early-stopped run (refit 0) after the refit's rows; $joined"
# From standard input, read once, a number's column is not known: the line alone.
expect_error "from standard input" \
    "mlpplot: <stdin>:5: a row of the early-stopped run (refit 0) after the refit's rows; $joined" \
    -- stdin_of badlog.csv "$MLPPLOT" loss - -o badlog.png
# What mlptrain writes is drawn: nan and inf losses (a run that diverged),
# nan in the validation columns of the refit rows, the refit's epochs from
# 1 again.
printf 'epoch,loss,accuracy,val_loss,val_accuracy,best_epoch,refit\n1,0.7,0.5,0.7,0.5,1,0\n2,0.6,0.75,0.65,0.5,2,0\n3,inf,0.5,nan,0.5,2,0\n1,0.7,0.5,nan,nan,2,1\n' > written.csv
"$MLPPLOT" loss written.csv -o written.png 2> err.txt && ok || bad "a log as mlptrain writes it: $(cat err.txt)"

# --------------------------------------------------------------------------
# Signals (docs/plots.md, "Errors"): SIGINT, SIGTERM or SIGHUP while the
# picture is drawn (its temporary file exists, PLplot holds stderr) removes
# the temporary file, prints mlppredict's line on the real stderr and exits
# with 128 + the signal. It once left .sig.png.tmp.XXXXXX and said nothing.
# A 10000 x 10000 picture takes seconds to draw; the signal is sent as soon
# as its temporary file appears.
for sig in INT TERM HUP; do
    # SIGINT's default action back: a script's background job starts with it
    # ignored, and an ignored signal stays ignored (tests/cli/test_signals.sh).
    env --default-signal=INT "$MLPPLOT" surface halves.bin halves.csv --size 10000x10000 -o sig.png > out.txt 2> err.txt &
    pid=$!
    for ((i = 0; i < 600; i++)); do
        compgen -G '.sig.png.tmp.*' > /dev/null && break
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.02
    done
    kill -s "$sig" "$pid" 2> /dev/null
    wait "$pid"
    rc=$?
    [ "$rc" = $((128 + $(kill -l "$sig"))) ] && ok || bad "SIG$sig while drawing: exit $rc"
    [ "$(cat err.txt)" = "mlpplot: stopped by SIG$sig; nothing was written" ] && [ ! -s out.txt ] && ok \
        || bad "SIG$sig while drawing: stderr \"$(cat err.txt)\", stdout \"$(cat out.txt)\""
    left=$(ls -A | grep -E '^sig\.png$|^\.sig\.png\.tmp\.')
    [ -z "$left" ] && ok || bad "SIG$sig while drawing left $left"
    rm -f sig.png .sig.png.tmp.*
done

# --------------------------------------------------------------------------
# Names drawn as they are (docs/plots.md, "Names"): PLplot stops the whole
# picture at text that is not UTF-8 ("UTF-8 string is malformed"), which
# mlpplot blamed on the cairo driver, exit 2. A header in Latin-1 keeps its
# bytes in the model's names (and a file's name may have such bytes), and
# mlpplot cut a class label at 80 bytes and a fit's target at 60, here in
# the middle of a 2-byte "é": each is drawn now.
printf 'temp\xe9rature,d\xe9bit\n0,1\n1,3\n2,5\n3,7\n' > latin1.csv
printf '{"layers": [1, 1], "activations": ["linear"], "loss": "mse", "epochs": 5, "data": {"train": "latin1.csv"}}' > latin1.json
"$MLPTRAIN" -q -c latin1.json -w latin1.bin -o latin1.loss.csv 2> err.txt || bad "training on a Latin-1 header: $(cat err.txt)"
cp latin1.loss.csv "$(printf 'caf\xe9.loss.csv')"
cp "$ROOT/data/xor.csv" "$(printf 'caf\xe9.csv')"
a79=$(printf 'a%.0s' $(seq 79))
t55=$(printf 't%.0s' $(seq 55))
/usr/bin/python3 "$ROOT/tests/plot/npz.py" cut.npz 'W1=[[4,0],[-4,0]]' 'b1=[0,0]' \
    'activations=["softmax"]' 'loss="cross_entropy"' "labels=[\"${a79}é\",\"zéro\"]" \
    'feature_names=["x1","x2"]' 'target_names=["cls"]'
printf 'x1,x2,cls\n-1,0,zéro\n1,0,%s\n1,1,%s\n-1,1,zéro\n' "${a79}é" "${a79}é" > cut.csv
/usr/bin/python3 "$ROOT/tests/plot/npz.py" cut1.npz 'W1=[[2]]' 'b1=[1]' 'activations=["linear"]' \
    'loss="mse"' 'feature_names=["x"]' "target_names=[\"${t55}éééé\"]"
printf 'x,%s\n0,1\n1,3.5\n2,4.5\n' "${t55}éééé" > cut1.csv
for pic in "surface latin1.bin latin1.csv" "fit latin1.bin latin1.csv" "units xor.bin $(printf 'caf\xe9.csv')" \
    "loss $(printf 'caf\xe9.loss.csv')" "surface cut.npz cut.csv" "fit cut1.npz cut1.csv" \
    "surface cut1.npz cut1.csv"; do
    set -- $pic
    "$MLPPLOT" "$@" -o names.png 2> err.txt && ok || bad "$pic: $(cat err.txt)"
    [ -s names.png ] && not_blank "$pic" names.png 900 700
    rm -f names.png
done

# A '#' in a name is drawn: PLplot reads "#u" as "raise what follows" and
# "#d" as "lower it", so a column "cost#usd" was drawn as "cost" and a
# raised "sd", 2 glyphs short. The same curve with '#' where the other has
# 'X' (in two folders, so the titles name the same files) has as many glyphs.
mkdir hash plain
/usr/bin/python3 "$ROOT/tests/plot/npz.py" hash/m.npz 'W1=[[2]]' 'b1=[1]' 'activations=["linear"]' \
    'loss="mse"' 'feature_names=["cost#usd"]' 'target_names=["y#d"]'
/usr/bin/python3 "$ROOT/tests/plot/npz.py" plain/m.npz 'W1=[[2]]' 'b1=[1]' 'activations=["linear"]' \
    'loss="mse"' 'feature_names=["costXusd"]' 'target_names=["yXd"]'
printf 'cost#usd,y#d\n0,1\n1,3.5\n2,4.5\n' > hash/d.csv
printf 'costXusd,yXd\n0,1\n1,3.5\n2,4.5\n' > plain/d.csv
for kind in surface fit; do
    for dir in hash plain; do
        (cd $dir && "$MLPPLOT" $kind m.npz d.csv -o $kind.svg) 2> err.txt || bad "$kind in $dir: $(cat err.txt)"
    done
    nh=$(grep -o '<use xlink:href="#glyph' hash/$kind.svg | wc -l)
    np=$(grep -o '<use xlink:href="#glyph' plain/$kind.svg | wc -l)
    [ "$nh" -gt 0 ] && [ "$nh" = "$np" ] && ok \
        || bad "$kind: the names with '#' are drawn in $nh glyphs, those with 'X' in $np"
done

# A long name is drawn smaller along its axis, on the page: the y axis's
# title of a fit, 68 characters here, ran off the top of the page, and a
# surface's off both ends, into the legend. No glyph of such pictures
# starts above or below the page (y from 0 to 700 points) or off its sides.
long_x="température extérieure mesurée sur le toit du bâtiment principal"
long_y="débit d’énergie consommée par le chauffage (kWh) très long nom"
/usr/bin/python3 "$ROOT/tests/plot/npz.py" long1.npz 'W1=[[2]]' 'b1=[1]' 'activations=["linear"]' \
    'loss="mse"' "feature_names=[\"$long_x\"]" "target_names=[\"$long_y\"]"
printf '%s,%s\n0,1\n1,3.5\n2,4.5\n' "$long_x" "$long_y" > long1.csv
/usr/bin/python3 "$ROOT/tests/plot/npz.py" long2.npz 'W1=[[2,0]]' 'b1=[1]' 'activations=["linear"]' \
    'loss="mse"' "feature_names=[\"$long_x\",\"$long_y\"]" "target_names=[\"y\"]"
printf '%s,%s,y\n0,1,1\n1,3.5,3\n2,4.5,5\n' "$long_x" "$long_y" > long2.csv
glyphs_inside() { # NAME FILE.svg
    local box
    box=$(grep -o '<use xlink:href="#glyph[^>]*' "$2" \
        | sed -n 's/.* x="\([-0-9.]*\)" y="\([-0-9.]*\)".*/\1 \2/p' \
        | awk 'NR == 1 { x0 = x1 = $1; y0 = y1 = $2 }
               { x0 = $1 < x0 ? $1 : x0; x1 = $1 > x1 ? $1 : x1; y0 = $2 < y0 ? $2 : y0; y1 = $2 > y1 ? $2 : y1 }
               END { print x0, x1, y0, y1 }')
    read -r x0 x1 y0 y1 <<< "$box"
    awk -v x0="${x0:-x}" -v x1="${x1:-x}" -v y0="${y0:-x}" -v y1="${y1:-x}" \
        'BEGIN { exit !(x0 != "x" && x0 >= 0 && x1 <= 895 && y0 >= 5 && y1 <= 700) }' \
        && ok || bad "$1: glyphs over x $x0 to $x1, y $y0 to $y1, off the 900 x 700 page"
}
for pic in "fit long1.npz long1.csv" "surface long1.npz long1.csv" "surface long2.npz long2.csv"; do
    set -- $pic
    "$MLPPLOT" "$1" "$2" "$3" -o long.svg 2> err.txt && ok || bad "$pic: $(cat err.txt)"
    glyphs_inside "$pic" long.svg
done

# --------------------------------------------------------------------------
# A current folder that cannot be named, removed or with a path longer than
# PLplot's 1024 bytes: PLplot's plinit names it for a temporary file of its
# own, and mlpplot failed there with "get_tmpdir_list: getcwd error", blamed
# on the cairo driver (exit 2), while mlptrain and mlppredict worked.
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -w "$WORK/cwd.bin" -o "$WORK/cwd.loss.csv" || bad "training for the folder checks"
mkdir gone
(cd gone && rmdir "$WORK/gone" && "$MLPPLOT" loss "$WORK/cwd.loss.csv" -o "$WORK/gone.png") 2> err.txt
rc=$?
[ "$rc" = 0 ] && [ ! -s err.txt ] && not_blank "loss from a removed folder" gone.png 900 700 \
    || bad "loss from a removed folder: exit $rc: $(cat err.txt)"
deep=$WORK/deep
while [ ${#deep} -le 1100 ]; do deep=$deep/$(printf '%0100d' 0); done
mkdir -p "$deep"
for ext in png svg pdf; do
    # A relative output: the picture is renamed into place in that folder.
    (cd "$deep" && "$MLPPLOT" loss "$WORK/cwd.loss.csv" -o "deep.$ext") 2> err.txt
    rc=$?
    [ "$rc" = 0 ] && [ ! -s err.txt ] && [ -s "$deep/deep.$ext" ] && ok \
        || bad "loss .$ext from a folder of ${#deep} bytes: exit $rc: $(cat err.txt)"
done
not_blank "loss from a folder of ${#deep} bytes" "$deep/deep.png" 900 700
grep -q '</svg>' "$deep/deep.svg" && tail -c 8 "$deep/deep.pdf" | grep -q '%%EOF' && ok \
    || bad "the svg or pdf drawn from a long folder is cut off"
[ -z "$(ls -A "$deep" | grep -v '^deep\.')" ] && ok || bad "a long folder kept a temporary file: $(ls -A "$deep")"

# --------------------------------------------------------------------------
# Several loss logs in one picture (docs/plots.md, "Comparing runs"): each
# log's lines in a colour of its own, in the palette's order (blue, then
# vermillion), solid for the training loss and accuracy, dashed for the
# validation loss, each with one point per row of its log; the legend names
# each log by its file's name; the loss axis is chosen from all the logs.
# In the SVG a solid line is one butt-capped path of 2-point width, a
# dashed one round-capped pieces (dash_kinds), and each key of a legend a
# path of 2 points.
# curve_points FILE.svg RGB: the point count of each solid curve of that
# colour (paths of more than 2 points), one a line.
curve_points() {
    grep -o "<path style=\"fill:none;stroke-width:2;stroke-linecap:butt;[^>]*stroke:rgb($2)[^>]*" "$1" \
        | sed -n 's/.* d="\([^"]*\)".*/\1/p' | awk '{ n = 0; for (i = 2; i + 1 <= NF; i += 3) n++; if (n > 2) print n }'
}
# legend_lines FILE.svg: each line of text of the picture, "Y COUNT GLYPHS"
# (the cairo driver writes a glyph, a space too, as a <use> at its place).
legend_lines() {
    grep -o '<use xlink:href="#glyph[^>]*' "$1" \
        | sed -n 's/.*#\(glyph[0-9-]*\)" x="[-0-9.]*" y="\([-0-9.]*\)".*/\2 \1/p' \
        | awk '{ n[$1]++; g[$1] = g[$1] " " $2 } END { for (y in n) print y, n[y], g[y] }'
}
blue='0%,44.705882%,69.803922%'
# a.loss.csv: 50 epochs of a classifier; sgd-with-momentum.loss.csv: 80
# epochs of a regression with a validation set. Their values zigzag, so
# that every point is a corner of its line: PLplot leaves out a point that
# lies on the line through its neighbours (a curve of 1/e, smooth at its
# end, had a point fewer than its rows).
awk 'BEGIN { print "epoch,loss,accuracy"; for (e = 1; e <= 50; e++) printf "%d,%g,%g\n", e, e % 2 ? 0.8 : 0.6, e % 2 ? 0.7 : 0.9 }' > a.loss.csv
awk 'BEGIN { print "epoch,loss,val_loss"; for (e = 1; e <= 80; e++) printf "%d,%g,%g\n", e, e % 2 ? 0.5 : 0.3, e % 2 ? 0.45 : 0.25 }' \
    > sgd-with-momentum.loss.csv
"$MLPPLOT" loss a.loss.csv sgd-with-momentum.loss.csv -o two.svg 2> err.txt && ok || bad "two logs: $(cat err.txt)"
# Blue: a.loss.csv's loss and accuracy, 50 points each; vermillion:
# sgd-with-momentum.loss.csv's loss, 80 points, and nothing in the
# accuracy panel, which its log has no column for.
[ "$(curve_points two.svg "$blue" | tr '\n' ' ')" = "50 50 " ] && ok \
    || bad "two logs: the first log's solid curves have $(curve_points two.svg "$blue" | tr '\n' ' ') points, want 50 50"
[ "$(curve_points two.svg "$vermillion" | tr '\n' ' ')" = "80 " ] && ok \
    || bad "two logs: the second log's solid curves have $(curve_points two.svg "$vermillion" | tr '\n' ' ') points, want 80"
style_is "two logs: the second log's validation loss" dashed "$(dash_kinds two.svg "$vermillion")"
# The legend's lines: "a.loss.csv" (10 glyphs) and
# "sgd-with-momentum.loss.csv" (26), ending in the same 9 glyphs
# (".loss.csv"), and the key of the dashed line, "validation loss" (15).
legend_lines two.svg > lines.txt
awk '$2 == 10 { a = $0 } $2 == 26 { b = $0 } $2 == 15 { v++ }
     END { na = split(a, x, " "); nb = split(b, y, " ")
           for (i = 0; i < 9; i++) if (x[na - i] != y[nb - i]) exit 1
           exit !(na == 12 && nb == 28 && x[3] != y[3] && v >= 1) }' lines.txt && ok \
    || bad "two logs: the legend does not name both logs: $(cut -d' ' -f1,2 lines.txt | tr '\n' ' ')"
# Two logs of one name in two folders are named with their folders.
mkdir -p run1 run2
cp a.loss.csv run1/loss.csv
cp sgd-with-momentum.loss.csv run2/loss.csv
"$MLPPLOT" loss run1/loss.csv run2/loss.csv -o folders.svg 2> err.txt && ok || bad "two loss.csv: $(cat err.txt)"
[ "$(legend_lines folders.svg | awk '$2 == 13' | wc -l)" = 2 ] && ok \
    || bad "two loss.csv: the legend does not say run1/loss.csv and run2/loss.csv: $(legend_lines folders.svg | cut -d' ' -f1,2 | tr '\n' ' ')"
# The loss axis is chosen from all the logs: flat.csv alone (1 to 0.5) is
# drawn on a linear axis, steep.csv (1 to 1e-4) on a log one, and so are
# both together: flat.csv's last point, 0.5, is then 0.3 of 4 decades
# below the top (steep.csv's first point, 1), not halfway down to
# steep.csv's last, 1e-4.
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 10; e++) printf "%d,%g\n", e, 1 - (e - 1) / 18 }' > flat.csv
awk 'BEGIN { print "epoch,loss"; for (e = 1; e <= 10; e++) printf "%d,%g\n", e, 10 ^ (-(e - 1) * 4 / 9) }' > steep.csv
"$MLPPLOT" loss flat.csv steep.csv -o scale.svg 2> err.txt && ok || bad "flat and steep: $(cat err.txt)"
# ends FILE.svg RGB: the y of the first and the last point of the solid curve.
ends() {
    grep -o "<path style=\"fill:none;stroke-width:2;stroke-linecap:butt;[^>]*stroke:rgb($2)[^>]*" "$1" \
        | sed -n 's/.* d="\([^"]*\)".*/\1/p' | awk 'NF > 9 { print $3, $NF }'
}
read -r _ flat_last <<< "$(ends scale.svg "$blue")"
read -r steep_top steep_bottom <<< "$(ends scale.svg "$vermillion")"
awk -v a="$flat_last" -v t="$steep_top" -v b="$steep_bottom" 'BEGIN { f = (a - t) / (b - t); exit !(f > 0.05 && f < 0.1) }' \
    && ok || bad "flat and steep: 0.5 is at $flat_last between $steep_top (1) and $steep_bottom (1e-4): not a log axis"
# A log's refit rows are a dash-dotted curve and its best epoch a dotted
# line, in its own colour (vermillion, the second): each in a log of its
# own, so that the one style is all the colour's pieces have. The legend's
# key of the log (a solid line in its colour, which pllegend draws with
# round caps) is horizontal; these lines are not (the refit's loss falls
# 0.01 an epoch, the best epoch is a vertical line), so the horizontal
# pieces are left out.
awk 'BEGIN { print "epoch,loss,refit"; for (e = 1; e <= 60; e++) printf "%d,%g,0\n", e, 1 / e
    for (e = 1; e <= 40; e++) printf "%d,%g,1\n", e, 0.9 - e / 100 }' > refit.csv
awk 'BEGIN { print "epoch,loss,best_epoch"; for (e = 1; e <= 60; e++) printf "%d,%g,%d\n", e, 1 / e, e < 30 ? e : 30 }' > best.csv
# sloped FILE.svg RGB: an SVG of the paths of dash_kinds that are not one
# horizontal piece.
sloped() {
    grep -o "<path style=\"fill:none;stroke-width:[0-9.]*;stroke-linecap:round;[^>]*stroke:rgb($2)[^>]*" "$1" \
        | awk '{ d = $0; sub(/.* d="/, "", d); sub(/".*/, "", d); n = split(d, p, " ") } !(n == 6 && p[3] == p[6])'
}
"$MLPPLOT" loss a.loss.csv refit.csv -o refit.svg 2> err.txt && ok || bad "a log with refit rows: $(cat err.txt)"
sloped refit.svg "$vermillion" > refit_sloped.svg
style_is "two logs: the second log's refit curve" dash-dotted "$(dash_kinds refit_sloped.svg "$vermillion")"
"$MLPPLOT" loss a.loss.csv best.csv -o best.svg 2> err.txt && ok || bad "a log with a best epoch: $(cat err.txt)"
sloped best.svg "$vermillion" > best_sloped.svg
style_is "two logs: the second log's best epoch" dotted "$(dash_kinds best_sloped.svg "$vermillion")"
# What is refused, before anything is drawn (exit 2, that one line, no file).
for k in 1 2 3 4 5 6 7; do cp a.loss.csv log$k.csv; done
expect_error "seven logs" \
    "mlpplot: loss compares at most 6 logs in one picture, not 7; compare them in two pictures" \
    -- "$MLPPLOT" loss log1.csv log2.csv log3.csv log4.csv log5.csv log6.csv log7.csv -o seven.png
expect_error "one log twice" \
    "mlpplot: ./a.loss.csv: the same loss log as a.loss.csv, given twice; give each log once" \
    -- "$MLPPLOT" loss a.loss.csv ./a.loss.csv -o twice.png
expect_error "standard input twice" \
    "mlpplot: the loss log \"-\" and the loss log \"/dev/stdin\" cannot both come from standard input, which can be read only once; give one of them as a file" \
    -- "$MLPPLOT" loss - /dev/stdin -o stdin.png < a.loss.csv
expect_error "a log without loss among logs" \
    "mlpplot: noloss.csv:1:1: the header has no \"loss\" column; give a loss log written by mlptrain (--loss-log), whose header starts \"epoch,loss\"" \
    -- "$MLPPLOT" loss a.loss.csv noloss.csv -o mixed.png
expect_error "a picture over the second log" \
    "mlpplot: flat.csv: the picture would overwrite the loss log (flat.csv); give --output another path" \
    -- "$MLPPLOT" loss steep.csv flat.csv -o flat.csv
# The doc's words for the styles of several logs.
for words in "each log in a colour of its own" "the validation loss dashed" "refit rows dash-dotted" \
    "best epoch a dotted line"; do
    tr '\n' ' ' < "$ROOT/docs/plots.md" | grep -qF "$words" && ok || bad "docs/plots.md does not say \"$words\""
done

# The colour bar of a tanh output spans what tanh can produce, -1 to 1,
# white at its class boundary 0.5: an output of +-1 is the darkest shade of
# its class, as p = 1 is; the pale class colours at the two ends are the
# class colours mixed with 45% white (PALE - 0.15): #D55E00 -> 232 166 115,
# #0072B2 -> 115 177 213. The bar was centred on 0.5 over the values shaded
# (-1 to 2 here), so an output of 0.99 was a pale middle shade.
/usr/bin/python3 "$ROOT/tests/plot/npz.py" tanhny.npz 'W1=[[1,0],[0,1]]' 'b1=[0,0]' 'W2=[[20,0]]' \
    'b2=[0]' 'activations=["linear","tanh"]' 'loss="mse"' 'labels=["n","y"]' \
    'feature_names=["x1","x2"]' 'target_names=["label"]'
printf 'x1,x2,label\n-2,0,n\n2,0,y\n' > tanhny.csv
"$MLPPLOT" surface tanhny.npz tanhny.csv --range -4:4,-4:4 -o tanhny.png 2> err.txt && ok \
    || bad "surface of a tanh output: $(cat err.txt)"
near_rgb() { awk -v a="$2" -v b="$3" 'BEGIN { split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= 3; i++) if (x[i] - y[i] > 3 || y[i] - x[i] > 3) exit 1 }' && ok \
    || bad "$1: $2, want $3"; }
near_rgb "tanh output 1: the darkest vermillion" "$(probe tanhny.png 0.75 0.44 | sed -n 2p)" "232 166 115"
near_rgb "tanh output -1: the darkest blue" "$(probe tanhny.png 0.19 0.44 | sed -n 2p)" "115 177 213"
grep -qF 'tanh, from -1 to 1, white at 0.5' "$ROOT/docs/plots.md" && ok \
    || bad "docs/plots.md does not say what the bar of a tanh output shows"

# A target column misnamed ("Label" for "label"), or named otherwise, among
# columns beside the inputs: drawn (exit 0) with a warning that names the
# column looked for; drawn with black rows and nothing said before. A file of
# the inputs alone is plainly unlabelled: nothing said.
sed '1s/,label$/,Label/' halves.csv > misnamed.csv
sed '1s/,label$/,class/' halves.csv > othername.csv
cut -d, -f1,2 halves.csv > inputs.csv
note_is() {
    "$MLPPLOT" surface halves.bin "$2" -o "$2.png" > stdout.txt 2> stderr.txt \
        && [ "$(cat stderr.txt)" = "$3" ] && [ ! -s stdout.txt ] && [ -s "$2.png" ] && ok \
        || bad "$1: exit $?, stderr: $(cat stderr.txt)"
}
note_is "a misnamed target column" misnamed.csv \
    'mlpplot: misnamed.csv:1: warning: no target column "label" among the columns that are not the model'"'"'s inputs: the rows are drawn without their classes; did you mean "Label"? rename the header cell to "label"'
note_is "a target column named otherwise" othername.csv \
    'mlpplot: othername.csv:1: warning: no target column "label" among the columns that are not the model'"'"'s inputs: the rows are drawn without their classes; name the target column "label" to see the rows'"'"' classes'
note_is "the inputs alone" inputs.csv ""
# The nearest name is sought among the columns that are not inputs: a model
# whose target is "x3" beside inputs x1, x2 was told 'did you mean "x1"?',
# which would have the user rename an input away.
sed '1s/,label$/,x3/' halves.csv > x3.csv
sed 's/"halves.csv", "targets": \["label"\]/"x3.csv", "targets": ["x3"]/' halves.json > x3.json
"$MLPTRAIN" -q -c x3.json -w halves.bin.x3 -o x3.loss.csv || bad "training x3.json"
sed '1s/,x3$/,out/' x3.csv > x3out.csv
"$MLPPLOT" surface halves.bin.x3 x3out.csv -o x3out.png 2> stderr.txt
if grep -q 'did you mean "x[12]"' stderr.txt; then
    bad "an input offered as the target's name: $(cat stderr.txt)"
else
    grep -qF 'no target column "x3"' stderr.txt && ok || bad "no warning for target x3: $(cat stderr.txt)"
fi
rm -f stdout.txt stderr.txt halves.bin.x3 x3*.csv x3.json x3out.png

# PLplot that lists the cairo driver but cannot load it (its .driver_info
# without its .so): plinit fails, and the hint names the Debian package; it
# named scripts/install-deps.sh, which an installed mlp does not ship.
drvdir=$(pkg-config --variable=drvdir plplot)
mkdir -p halfdrv && cp -- "$drvdir"/cairo.driver_info halfdrv/
expect_error "a cairo driver that cannot be loaded" \
    "mlpplot: halfdrv.png: PLplot could not draw the picture: Unable to load driver; check that PLplot's cairo driver is installed (Debian and Ubuntu: apt install plplot-driver-cairo)" \
    -- env PLPLOT_DRV_DIR="$PWD/halfdrv" "$MLPPLOT" loss a.loss.csv -o halfdrv.png
rm -r halfdrv

"$MLPPLOT" --help | grep -q '^Usage: mlpplot loss' && ok || bad "--help"

# The same inputs draw the same bytes as .png and .svg (docs/plots.md,
# "Same bytes"); a .pdf differs only in the time cairo writes into it,
# /CreationDate, as the docs say (a second apart, so the times differ),
# in the local time: D:...Z in UTC, D:...+01'00 an hour east of it.
for tz in UTC UTC-1; do
    TZ=$tz "$MLPPLOT" loss a.loss.csv -o "tz-$tz.pdf" || bad "a .pdf in TZ=$tz not drawn"
done
grep -aq "/CreationDate (D:[0-9]*Z)" tz-UTC.pdf && grep -aq "/CreationDate (D:[0-9]*+01'00)" tz-UTC-1.pdf \
    && ok || bad "/CreationDate is not in the two forms docs/plots.md names"
rm -f tz-*.pdf
for ext in png svg pdf; do
    "$MLPPLOT" loss a.loss.csv -o "same1.$ext" && sleep 1.1 && "$MLPPLOT" loss a.loss.csv -o "same2.$ext" ||
        bad "same bytes: .$ext not drawn"
done
cmp -s same1.png same2.png && cmp -s same1.svg same2.svg && ok || bad "two draws of one log differ as .png or .svg"
if cmp -s same1.pdf same2.pdf; then
    bad "two .pdf drawn a second apart are the same bytes: docs/plots.md says they differ in /CreationDate"
elif cmp -s <(sed 's|/CreationDate (D:[^)]*)|/CreationDate ()|' same1.pdf) \
            <(sed 's|/CreationDate (D:[^)]*)|/CreationDate ()|' same2.pdf); then
    ok
else
    bad "two .pdf of one log differ in more than /CreationDate"
fi
grep -q 'a `.pdf` carries the time it was drawn' "$ROOT/docs/plots.md" && ok || bad "docs/plots.md does not say a .pdf carries its time"
rm -f same1.* same2.*
finish
