#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --restarts when every run went up (docs/optimizers.md, "Restarts"): a run
# reaches the best within a share of its way down from its initial loss,
# and a linear net on moons at rate 1.2 has none: each run's loss rose from
# its "(from ...)" to ~1e+253. The best run was marked "reached" and the
# summary said "1 of 4 runs reached the best loss 1.01182e+253 (within 0.02
# of their way down from the initial loss)". Now no run is marked, the
# summary says none fell below its initial loss, and the run of the lowest
# loss is still the one kept and written. Each run printed its own
# loss-exploding warning before the table, none saying which run it was of,
# where docs/diagnostics.md has the diagnosis of the run kept: now that
# run's, once, at the end.
. "$(dirname "$0")/lib.sh" restarts_way_down "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/data/moons.csv" .
printf '{"layers":[2,1],"activations":["linear"],"loss":"mse","learning_rate":1.2,"epochs":300,"data":{"train":"moons.csv","targets":["label"]}}' >up.json
"$MLPTRAIN" -c up.json -r 4 --progress none -w up.bin -o up.csv >up.out 2>up.err
status=$?
[ "$status" = 0 ] && [ -s up.bin ] && ok || bad "status $status: $(cat up.err)"
# The premise, from the table itself: four runs, each ending above its start.
rows=$(grep -c '^run [0-9]' up.err)
[ "$rows" = 4 ] && ok || bad "$rows run lines: $(cat up.err)"
awk '/^run [0-9]/ { for (i = 1; i < NF; i++) if ($i == "loss") { l = $(i + 1); f = $(i + 3) }
                    sub(/\)$/, "", f); if (!(l + 0 > f + 0)) exit 1 }' up.err \
    && ok || bad "a run did not rise: $(cat up.err)"
! grep -q 'reached  \|reached$' <(grep '^run [0-9]' up.err) && ok || bad "a run marked reached: $(cat up.err)"
# The kept run is the lowest loss, and the summary names its loss.
kept=$(awk '/<- kept$/ { for (i = 1; i < NF; i++) if ($i == "loss") print $(i + 1) }' up.err)
lowest=$(awk '/^run [0-9]/ { for (i = 1; i < NF; i++) if ($i == "loss") print $(i + 1) }' up.err \
    | sort -g | head -1)
[ -n "$kept" ] && [ "$kept" = "$lowest" ] && ok || bad "kept $kept, lowest $lowest: $(cat up.err)"
grep -qxF "none of the 4 runs fell below its initial loss, so none reached the best loss $kept" up.err \
    && ok || bad "the summary: $(cat up.err)"
! grep -q 'runs reached the best' up.err && ok || bad "a success rate without a way down: $(cat up.err)"
# Without early stopping each run keeps its last epoch's weights, so no
# run line shows a "best epoch": it was the epoch of the lowest loss (here
# 1, beside the kept loss of ~1e+253, another model's), not the one kept.
! grep -q 'best epoch' <(grep '^run [0-9]' up.err) && ok || bad "a best epoch without early stopping: $(cat up.err)"
# With early stopping it is the epoch whose weights are kept, and shown.
printf '{"layers":[2,8,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":60,"early_stopping":{"patience":5},"data":{"train":"moons.csv","targets":["label"],"validation_split":0.25}}' >es.json
"$MLPTRAIN" -c es.json -r 2 --progress none -w es.bin -o es.csv >es.out 2>es.err
[ "$(grep -c '^run [0-9].* best epoch [0-9]' es.err)" = 2 ] && ok || bad "early stopping's run lines: $(cat es.err)"

# The diagnosis is the kept run's (docs/diagnostics.md): one loss-exploding
# warning, after the table, not one per run before it, none saying whose.
# Its epoch 1 is the kept run's initial weights (full batch: epoch 1's loss
# is theirs), so its "from" is the kept row's "(from ...)" to 4 digits.
exploding='warning: the loss rose [0-9.e+]*x in '
[ "$(grep -c "$exploding" up.err)" = 1 ] && ok || bad "not one loss-exploding warning: $(cat up.err)"
warned=$(grep -n "$exploding" up.err | head -1 | cut -d: -f1)
table=$(grep -n '<- kept$' up.err | cut -d: -f1)
[ -n "$warned" ] && [ -n "$table" ] && [ "$warned" -gt "$table" ] && ok \
    || bad "the warning before the table: $(cat up.err)"
/usr/bin/python3 - up.err <<'PY' && ok || bad "the warning is not the kept run's: $(cat up.err)"
import re, sys
text = open(sys.argv[1]).read()
start = float(re.search(r"the loss rose [0-9.e+]*x in .* from (\S+) at epoch 1 ", text).group(1))
initial = float(re.search(r"\(from (\S+)\)  <- kept$", text, re.M).group(1))
sys.exit(abs(start - initial) > 5e-4 * initial)
PY

finish
