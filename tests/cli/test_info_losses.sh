#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlppredict --info writes the best and the final loss as the loss log writes
# its numbers, the shortest text that reads back the same double, so that one
# can be found in the other as it stands (they were "%.17g":
# 0.067564672030946737 where the log has 0.06756467203094674).
# An early-stopped full-batch run with a validation set writes the weights of
# row best_epoch (docs/loss-log.md): its best loss is that row's val_loss,
# its final loss that row's loss, both as the log has them.
. "$(dirname "$0")/lib.sh" info_losses "$@"
printf '{"layers": [2, 8, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 400, "seed": 5, "learning_rate": 0.5, "early_stopping": {"patience": 20}, "data": {"train": "%s/data/moons.csv", "validation_split": 0.25}}\n' "$ROOT" > m.json
"$MLPTRAIN" -q -c m.json -w m.bin -o m.csv && "$MLPPREDICT" --info m.bin > info.txt \
    || bad "training and --info"
best=$(sed -n 's/^  best loss     \([^ ]*\) (epoch \([0-9]*\),.*/\1 \2/p' info.txt)
final=$(sed -n 's/^  final loss    \([^ ]*\) (the training loss.*/\1/p' info.txt)
# The row of the log that the best epoch names, its loss and val_loss as text.
row=$(awk -F, -v e="${best#* }" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR > 1 && $1 == e { print $c["loss"], $c["val_loss"] }' m.csv)
[ -n "$row" ] && [ "${best% *}" = "${row#* }" ] && ok \
    || bad "best loss \"${best% *}\" is not the text of val_loss in row ${best#* } of the log (\"${row#* }\")"
[ -n "$row" ] && [ "$final" = "${row% *}" ] && ok \
    || bad "final loss \"$final\" is not the text of loss in row ${best#* } of the log (\"${row% *}\")"
# And the shortest: Python's repr of the double gives the shortest text that
# reads back, whatever mlp's formatter does.
[ "$(python3 -c 'import sys; print(repr(float(sys.argv[1])))' "$final")" = "$final" ] && ok \
    || bad "final loss \"$final\" is not the shortest text of its double"
finish
