#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The provenance of weights format version 5 (docs/weights-format.md, "The
# provenance block") tells apart runs that version 4 recorded alike:
#  - two runs continued from one file with -s 5 and -s 6 (mini-batches):
#    --info names the file continued (its sha256), the batch size and each
#    run's shuffle seed, and keeps the seed the file's own weights came from;
#  - a run continued from an .npz, which records no seed: "not recorded",
#    where -s 0 is a seed like any other ("seed 0");
#  - a learning rate given by -l over the spec's: the spec's digest is the
#    same, the settings digest is not; the same settings given in the spec
#    or by options (and "init" left at its default or named as it draws) give
#    one settings digest; the text of configs/xor.json in the docs hashes to
#    the digest --info prints for it;
#  - two validation files: each one's sha256;
#  - the best loss line of a mini-batch run says its training loss is the
#    mean over the epoch's batches; a full-batch run's line is as before.
# Usage: test_provenance_runs.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" provenance-runs "$@"

# The value of --info's provenance line LABEL (its words after the label).
field() { sed -n "s/^  $(printf '%-14s' "$2")//p" "$1"; }
digest() { sha256sum "$1" | cut -d' ' -f1; }

cp "$ROOT/data/xor.csv" xor.csv
spec() { # spec FILE EXTRA-KEYS: the XOR net of configs/xor.json, EXTRA-KEYS added
    printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy",%s"epochs":20,"seed":42,"data":{"train":"xor.csv","targets":["y"]}}\n' \
        "$2" > "$1"
}
spec plain.json '"learning_rate":0.5,'

# 1. Continued with two shuffle seeds.
"$MLPTRAIN" -q -c plain.json -w start.bin -o start.csv && ok || bad "training the start"
for s in 5 6; do
    "$MLPTRAIN" -q -c plain.json -b 2 -s $s --init-weights start.bin -w c$s.bin -o c$s.csv \
        && "$MLPPREDICT" --info c$s.bin > c$s.info && ok || bad "continuing with -s $s"
done
cmp -s c5.bin c6.bin && bad "-s 5 and -s 6 wrote the same weights" || ok
cmp -s c5.info c6.info && bad "--info of -s 5 and -s 6 are the same: $(cat c5.info)" || ok
for s in 5 6; do
    [ "$(field c$s.info "batch size")" = "2, shuffle seed $s" ] && ok \
        || bad "-s $s: batch size line: $(cat c$s.info)"
    [ "$(field c$s.info continued)" = "from the weights file of sha256 $(digest start.bin)" ] && ok \
        || bad "-s $s: continued line: $(cat c$s.info)"
    # The initial weights are start.bin's, drawn from its seed, 42.
    [ "$(field c$s.info seed)" = 42 ] && ok || bad "-s $s: seed line: $(cat c$s.info)"
done
"$MLPPREDICT" --info start.bin > start.info
grep -q "^  continued \|^  batch size " start.info && bad "a fresh full-batch run says continued or batched: $(cat start.info)" || ok

# 2. Seed 0 against no seed: an .npz records none.
"$MLPPREDICT" --export start.npz start.bin && ok || bad "--export"
"$MLPTRAIN" -q -c plain.json --init-weights start.npz -w fromnpz.bin -o fromnpz.csv \
    && "$MLPPREDICT" --info fromnpz.bin > fromnpz.info && ok || bad "continuing from the .npz"
[ "$(field fromnpz.info seed)" = "not recorded" ] && ok || bad "seed of a run continued from an .npz: $(cat fromnpz.info)"
[ "$(field fromnpz.info continued)" = "from the weights file of sha256 $(digest start.npz)" ] && ok \
    || bad "continued from the .npz: $(cat fromnpz.info)"
"$MLPTRAIN" -q -c plain.json -s 0 -w s0.bin -o s0.csv && "$MLPPREDICT" --info s0.bin > s0.info && ok || bad "-s 0"
[ "$(field s0.info seed)" = 0 ] && ok || bad "seed of -s 0: $(cat s0.info)"

# 3. Settings: an option over the spec changes the settings digest, not the
# spec's; the same settings given two ways have one digest.
"$MLPTRAIN" -q -c plain.json -l 0.05 -w lr.bin -o lr.csv && "$MLPPREDICT" --info lr.bin > lr.info \
    && ok || bad "-l 0.05"
[ "$(field lr.info "spec sha256")" = "$(field start.info "spec sha256")" ] && ok || bad "-l changed the spec digest"
s_plain=$(field start.info settings) s_lr=$(field lr.info settings)
[ -n "$s_lr" ] && [ "$s_lr" != "$s_plain" ] && ok || bad "-l 0.05 left the settings digest: $s_plain / $s_lr"
spec given.json '"learning_rate":0.05,"batch_size":2,"init":"xavier",'
spec options.json ''
"$MLPTRAIN" -q -c given.json -w given.bin -o given.csv && "$MLPTRAIN" -q -c options.json -l 0.05 -b 2 -w opts.bin -o opts.csv \
    && ok || bad "the same settings two ways"
"$MLPPREDICT" --info given.bin > given.info && "$MLPPREDICT" --info opts.bin > opts.info
[ "$(field given.info "spec sha256")" != "$(field opts.info "spec sha256")" ] && ok || bad "two specs, one digest"
[ -n "$(field given.info settings)" ] && [ "$(field given.info settings)" = "$(field opts.info settings)" ] && ok \
    || bad "the same settings, two digests: $(field given.info settings) / $(field opts.info settings)"
cmp -s given.bin opts.bin && bad "the two files are the same bytes (their spec digests differ)" || ok
# The docs' text of configs/xor.json is what --info's digest is of.
text=$(sed -n '/^<!-- settings: configs\/xor.json -->$/{n;n;p;}' "$ROOT/docs/weights-format.md")
[ -n "$text" ] && ok || bad "docs/weights-format.md has no settings text of configs/xor.json"
(cd "$ROOT" && "$MLPTRAIN" -q -c configs/xor.json -e 1 -w "$WORK/x.bin" -o "$WORK/x.csv") && ok || bad "configs/xor.json"
"$MLPPREDICT" --info x.bin > x.info
# -e 1 is over the spec's 2000 epochs: the text says 1 there.
want=$(printf '%s\n' "$text" | sed 's/"epochs":2000,/"epochs":1,/' | sha256sum | cut -d' ' -f1)
[ "$(field x.info settings)" = "sha256 $want" ] && ok \
    || bad "the docs' settings text does not hash to --info's: $(field x.info settings), $want"

# 4. The validation file's digest.
head -3 xor.csv > v1.csv
{ head -1 xor.csv; tail -2 xor.csv; } > v2.csv
for v in v1 v2; do
    printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":5,"data":{"train":"xor.csv","validation":"%s.csv","targets":["y"]}}\n' \
        $v > val_$v.json
    "$MLPTRAIN" -q -c val_$v.json -w $v.bin -o $v.loss.csv && "$MLPPREDICT" --info $v.bin > $v.info \
        && ok || bad "training with $v.csv"
    [ "$(field $v.info validation)" = "sha256 $(digest $v.csv)" ] && ok || bad "validation digest of $v.csv: $(cat $v.info)"
done
grep -q "^  validation " start.info && bad "a run without a validation file names one" || ok

# 5. The best loss says what a mini-batch row is.
grep -q "^  best loss     .* (epoch [0-9]*; the validation loss, of the weights before that epoch, or, where the run had no validation set or was refitted, the training loss: the mean over that epoch's batches, each before its own update)$" c5.info \
    && ok || bad "best loss of a mini-batch run: $(cat c5.info)"
grep -q "^  best loss     .* (epoch [0-9]*, of the weights before its update; the validation loss, or the training loss where the run had no validation set or was refitted)$" start.info \
    && ok || bad "best loss of a full-batch run: $(cat start.info)"

finish
