#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Failures and stops under mpirun (README "More than one process"): a bad
# cell in the last rank's rows, a missing file and an unwritable output give
# one process's one-line message, once, the same exit status from every
# rank, no output and no hang; Ctrl-C (SIGINT to mpirun, which sends every
# rank SIGTERM) stops every rank after the same epoch and writes that
# epoch's weights and log; --gradcheck --config prints what one process
# prints. Each rank reads only its part of the CSV: the error is still the
# one the whole file gives, told once; --check (every row in one process)
# and data from a pipe are refused. Every rank reads the spec, an
# --init-weights file and a validation file whole: from standard input
# (rank 0's alone) they are refused up front; a spec or option that fails
# on one rank alone stops every rank with that error, and a spec or data
# file missing on one rank only names that rank; ranks started with
# different specs, options or data (MPMD, as nodes whose copies differ) are
# refused by name, with no output and no hang. Skipped (exit 77) when
# mlptrain was built without MPI.
. "$(dirname "$0")/lib.sh" mpi_errors "$@"
. "$ROOT/tests/cli/mpi_lib.sh"
no_outputs() { [ ! -e w.bin ] && [ ! -e l.csv ] && ! find . -name '.*.tmp.*' | grep -q .; }

cp "$ROOT/data/moons.csv" .
spec() { # spec FILE DATA EPOCHS
    cat >"$1" <<JSON
{"layers": [2, 8, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy",
 "learning_rate": 0.3, "epochs": $3, "seed": 1,
 "data": {"train": "$2", "targets": ["label"], "normalize": "standard"}}
JSON
}

# 1. A bad cell on the last line, in the last of 3 ranks' rows.
sed '$ s/^[^,]*,/0.5x,/' moons.csv >bad.csv
spec bad.json bad.csv 50
"$MLPTRAIN" -c bad.json -w w.bin -o l.csv 2>one.txt
want=$(cat one.txt)
case $want in *bad.csv:201:*) ok ;; *) bad "the bad cell is not on line 201: $want" ;; esac
mpi 3 -c bad.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && ok || bad "bad cell: mpirun exit $rc, want 2"
[ "$(grep -cxF "$want" err.txt)" = 1 ] && ok || bad "bad cell: not one process's line, once: $(cat err.txt)"
[ "$(grep -c '^mlptrain:' err.txt)" = 1 ] && ok || bad "bad cell: more than one mlptrain line: $(cat err.txt)"
no_outputs && ok || bad "bad cell: outputs written"

# 1b. Each rank reads its part of the file: the bad cell is in the last
#     part on 2 ranks too, and in a file without header.
mpi 2 -c bad.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && ok || bad "bad cell, 2 ranks: mpirun exit $rc, want 2"
[ "$(grep -cxF "$want" err.txt)" = 1 ] && [ "$(grep -c '^mlptrain:' err.txt)" = 1 ] && ok \
    || bad "bad cell, 2 ranks: not one process's line, once: $(cat err.txt)"
no_outputs && ok || bad "bad cell, 2 ranks: outputs written"
sed '1d; $ s/,[^,]*$/,x/' moons.csv >nohead.csv # a label "x" on the last line...
sed -i '$ s/^[^,]*,/1e999,/' nohead.csv         # ...after a feature that is not finite
cat >nohead.json <<'JSON'
{"layers": [2, 8, 3], "activations": ["tanh", "softmax"], "loss": "cross_entropy",
 "learning_rate": 0.3, "epochs": 50, "seed": 1, "data": {"train": "nohead.csv"}}
JSON
"$MLPTRAIN" -c nohead.json -w w.bin -o l.csv 2>one.txt
want=$(cat one.txt)
case $want in *nohead.csv:200:1:*) ok ;; *) bad "header-less bad cell: $want" ;; esac
mpi 3 -c nohead.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && [ "$(grep -cxF "$want" err.txt)" = 1 ] && [ "$(grep -c '^mlptrain:' err.txt)" = 1 ] \
    && ok || bad "header-less bad cell, 3 ranks: exit $rc: $(cat err.txt)"
no_outputs && ok || bad "header-less bad cell: outputs written"

# 1d. A missing-value marker ("NA") among numeric labels is a missing value,
#     refused at its cell; among words it is a class's name. Which it is,
#     is judged on the whole column: the last rank's rows hold only numbers
#     and "NA", the first rank's a word.
sed '$ s/,[^,]*$/,NA/' moons.csv >na.csv
spec na.json na.csv 50
"$MLPTRAIN" -c na.json -w w.bin -o l.csv 2>one.txt
want=$(cat one.txt)
[ "$want" = 'mlptrain: na.csv:201:41: missing value "NA" in target column "label"; fill in the missing value or remove the row' ] \
    && ok || bad "NA label, one process: $want"
mpi 3 -c na.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && [ "$(grep -cxF "$want" err.txt)" = 1 ] && [ "$(grep -c '^mlptrain:' err.txt)" = 1 ] \
    && ok || bad "NA label, 3 ranks: exit $rc: $(cat err.txt)"
no_outputs && ok || bad "NA label: outputs written"
sed '2 s/,[^,]*$/,none yet/' na.csv >na_word.csv
sed 's/na.csv/na_word.csv/; s/\[2, 8, 2\]/[2, 8, 4]/' na.json >na_word.json
"$MLPTRAIN" --threads 1 -c na_word.json -w one.bin -o one.csv -q 2>err.txt \
    && ok || bad "NA among words, one process: $(cat err.txt)"
mpi 3 -c na_word.json -w w.bin -o l.csv -q >out.txt 2>err.txt \
    && ok || bad "NA among words, 3 ranks: $(cat err.txt)"
one=$("$MLPPREDICT" --info one.bin | grep '^labels')
three=$("$MLPPREDICT" --info w.bin | grep '^labels')
[ "$one" = 'labels          4: "0", "1", "NA", "none yet"' ] && [ "$three" = "$one" ] && ok \
    || bad "NA among words: not the same 4 classes: $one / $three"
rm -f w.bin l.csv

# 1c. Tools that look at every row in one process are refused by name;
#     the data cannot be read in parts from a pipe.
mpi 2 -c bad.json --check >out.txt 2>err.txt
rc=$?
# One hint, the one that says what to do: "; try 'mlptrain --help'" came after it.
[ "$rc" = 2 ] && [ "$(grep '^mlptrain:' err.txt)" = "mlptrain: --check looks at every row in one process; run --check without mpirun" ] \
    && ok || bad "--check under mpirun: exit $rc: $(cat err.txt)"
mpi 2 -c bad.json --lr-scan 0.01:1 >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && [ "$(grep '^mlptrain:' err.txt)" = "mlptrain: --lr-scan looks at every row in one process; run --lr-scan without mpirun" ] \
    && ok || bad "--lr-scan under mpirun: exit $rc: $(cat err.txt)"
mpi 2 -c bad.json --trace t.json -w w.bin >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && [ "$(grep '^mlptrain:' err.txt)" = "mlptrain: --trace records the pass of one process; run --trace without mpirun" ] \
    && ok || bad "--trace under mpirun: exit $rc: $(cat err.txt)"
spec stdin.json - 50
mpi 2 -c stdin.json -w w.bin -o l.csv <moons.csv >out.txt 2>err.txt
rc=$?
[ "$rc" = 2 ] && grep -q 'is not a regular file' err.txt && [ "$(grep -c '^mlptrain:' err.txt)" = 1 ] \
    && ok || bad "data from standard input under mpirun: exit $rc: $(cat err.txt)"
no_outputs && ok || bad "standard input: outputs written"

# 2. A missing training file.
spec missing.json nothere.csv 50
"$MLPTRAIN" -c missing.json -w w.bin -o l.csv 2>one.txt
mpi 2 -c missing.json -w w.bin -o l.csv 2>err.txt
rc=$?
[ "$rc" = 2 ] && ok || bad "missing file: mpirun exit $rc, want 2"
[ "$(grep -cxF "$(cat one.txt)" err.txt)" = 1 ] && ok || bad "missing file: $(cat err.txt)"
no_outputs && ok || bad "missing file: outputs written"

# 3. An output in a folder that does not exist: refused before training.
spec good.json moons.csv 50
"$MLPTRAIN" -c good.json -w nowhere/w.bin -o l.csv 2>one.txt
mpi 3 -c good.json -w nowhere/w.bin -o l.csv 2>err.txt
rc=$?
[ "$rc" = 2 ] && ok || bad "unwritable output: mpirun exit $rc, want 2"
[ "$(grep -cxF "$(cat one.txt)" err.txt)" = 1 ] && ok || bad "unwritable output: $(cat err.txt)"
no_outputs && ok || bad "unwritable output: outputs written"

# 3b. Mini-batches: refused, since each rank's batches would be of its rows.
mpi 2 -c good.json --batch-size 10 -w w.bin -o l.csv 2>err.txt
rc=$?
[ "$rc" = 2 ] && ok || bad "--batch-size under mpirun: exit $rc, want 2"
rows=$(($(wc -l <moons.csv) - 1))
want="mlptrain: --batch-size cannot be used under mpirun: training on several processes is full-batch; remove it (a batch of at least the $rows training rows is full batch), or train in one process (without mpirun)"
[ "$(grep -cxF "$want" err.txt)" = 1 ] && ok || bad "--batch-size under mpirun: $(cat err.txt)"
sed 's/"epochs"/"batch_size": 10, "epochs"/' good.json >batch.json
mpi 2 -c batch.json -w w.bin -o l.csv 2>err.txt
grep -q '^mlptrain: batch.json:[0-9]*:[0-9]*: "batch_size" cannot be used under mpirun' err.txt && ok \
    || bad "batch_size under mpirun: $(cat err.txt)"
no_outputs && ok || bad "batch_size under mpirun: outputs written"
# A batch of at least the training rows is full batch, exactly (docs/spec.md):
# under mpirun too, where it trains as one process does (it was refused as
# mini-batches). XOR's 4 rows with --batch-size 10 and "batch_size": 4.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >bx.csv
for b in '' '"batch_size": 4, '; do
    printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "learning_rate": 0.5, "epochs": 300, "seed": 42, %s"data": {"train": "bx.csv"}}' \
        "$b" >"bx${b:+4}.json"
done
"$MLPTRAIN" --threads 1 -q -c bx.json -w bx1.bin -o bx1.csv || bad "full batch: one process failed"
for run in "-c bx.json --batch-size 10" "-c bx4.json"; do
    rm -f bx2.csv
    # shellcheck disable=SC2086
    mpi 2 -q $run -w bx2.bin -o bx2.csv 2>err.txt || bad "$run under mpirun: $(cat err.txt)"
    compare bx1.csv bx2.csv 1e-12 "$run on 2 ranks against one process's full batch"
done
# A refit trains on the whole file in batches of the same size: a batch_size
# at or above the training rows but below the whole file's is a mini-batch
# refit in one process, which several cannot run; it was cleared to full
# batch, and the refit's weights were not one process's. moons: 200 rows,
# 160 after a validation split of 0.2.
refit_spec() { # refit_spec BATCH FILE
    printf '{"layers": [2, 8, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "learning_rate": 0.1, "epochs": 40, "seed": 3, "batch_size": %s, "early_stopping": {"patience": 5, "refit": true}, "data": {"train": "moons.csv", "targets": ["label"], "validation_split": 0.2}}' "$1" >"$2"
}
refit_spec 180 r180.json
mpi 2 -q -c r180.json -w w.bin -o l.csv 2>err.txt
rc=$?
[ "$rc" = 2 ] && ok || bad "batch_size 180 with a refit under mpirun: exit $rc, want 2"
grep -qF '"batch_size" cannot be used under mpirun: training on several processes is full-batch; remove it (a batch of at least the 200 rows of the training file is full batch)' err.txt \
    && ok || bad "batch_size 180 with a refit under mpirun: $(cat err.txt)"
no_outputs && ok || bad "batch_size 180 with a refit under mpirun: outputs written"
refit_spec 200 r200.json
"$MLPTRAIN" --threads 1 -q -c r200.json -w r1.bin -o r1.csv || bad "refit, batch 200: one process failed"
mpi 2 -q -c r200.json -w r2.bin -o r2.csv 2>err.txt || bad "refit, batch 200 under mpirun: $(cat err.txt)"
compare r1.csv r2.csv 1e-12 "refit with batch_size 200 on 2 ranks against one process's"

# 4. Ctrl-C: every rank stops after the same epoch E; the outputs are those
#    of epoch E, as one process trained for E epochs writes them.
spec long.json moons.csv 100000000
# mpirun itself in the background ($! is its process, not a subshell's).
"$MLP_MPIEXEC" --oversubscribe -np 3 "$MLPTRAIN" --threads 1 -c long.json -w w.bin -o l.csv \
    --progress none >out.txt 2>err.txt &
pid=$!
ranks() { pgrep -c -f "^$MLPTRAIN --threads 1 -c long.json"; }
for _ in $(seq 100); do # until the ranks run (the loss log is written at the end only)
    sleep 0.1
    [ "$(ranks)" = 3 ] && break
done
sleep 1.5
kill -INT "$pid"
for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    bad "Ctrl-C: mpirun still running after 30 s"
    kill -KILL "$pid" $(pgrep -f "^$MLPTRAIN --threads 1 -c long.json")
fi
wait "$pid"
rc=$?
# mpirun stopped by a signal of its own exits 1 (Open MPI 4.1), not 130:
# the status README and docs/exit-codes.md tell the user to expect.
[ "$rc" = 1 ] && ok || bad "Ctrl-C: mpirun exit $rc, want 1 (README, docs/exit-codes.md)"
grep -q '^mlptrain: interrupted after epoch [0-9]* of 100000000' err.txt && ok \
    || bad "Ctrl-C: no 'interrupted' line: $(cat err.txt)"
[ -s w.bin ] && [ -s l.csv ] && ok || bad "Ctrl-C: outputs missing"
epochs=$(($(wc -l <l.csv) - 1))
[ "$epochs" -ge 1 ] && ok || bad "Ctrl-C: empty loss log"
grep -q "interrupted after epoch $epochs of" err.txt && ok || bad "Ctrl-C: the log has $epochs epochs"
"$MLPTRAIN" --threads 1 -c long.json -e "$epochs" -w e.bin -o e.csv -q || bad "Ctrl-C: one process"
compare e.csv l.csv 1e-12 "Ctrl-C: the log against one process's $epochs epochs"
"$MLPPREDICT" w.bin moons.csv >w.pred && "$MLPPREDICT" e.bin moons.csv >e.pred || bad "Ctrl-C: predicting"
compare e.pred w.pred 1e-10 "Ctrl-C: the weights against one process's epoch $epochs"
[ "$(ranks)" = 0 ] && ok || bad "Ctrl-C: a rank is left: $(pgrep -a -f "^$MLPTRAIN --threads 1 -c long.json")"

# 4b. SIGTERM sent to one rank that is not rank 0 (a scheduler killing one
#     process): every rank stops after the same epoch, and the job ends with
#     143, the status of SIGTERM, as one process does (it ended with 130, the
#     SIGINT status, since rank 0 caught nothing itself).
"$MLP_MPIEXEC" --oversubscribe -np 2 "$MLPTRAIN" --threads 1 -c long.json -w w2.bin -o l2.csv \
    --progress none >out.txt 2>err.txt &
pid=$!
for _ in $(seq 100); do
    sleep 0.1
    [ "$(ranks)" = 2 ] && break
done
sleep 1.5
for p in $(pgrep -f "^$MLPTRAIN --threads 1 -c long.json"); do
    tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' && kill -TERM "$p"
done
for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    bad "SIGTERM to rank 1: mpirun still running after 30 s"
    kill -KILL "$pid" $(pgrep -f "^$MLPTRAIN --threads 1 -c long.json")
fi
wait "$pid"
rc=$?
[ "$rc" = 143 ] && ok || bad "SIGTERM to rank 1: mpirun exit $rc, want 143: $(cat err.txt)"
grep -q '^mlptrain: interrupted after epoch [0-9]* of 100000000' err.txt && ok \
    || bad "SIGTERM to rank 1: no 'interrupted' line: $(cat err.txt)"
[ -s w2.bin ] && [ -s l2.csv ] && ok || bad "SIGTERM to rank 1: outputs missing"

# 4c. A pre-flight error decided by target cells: targets outside a sigmoid's
#     [0, 1] in the last rank's part stop every rank with one process's
#     message (the earliest bad cell in the file, its column from the text
#     of the rank's lines, the count over all rows), exit 2, and no output; it trained
#     and exited 0 before.
printf 'x,y\n0.5,0\n1,1\n-1,0\n0.3,1\n0.2,5\n0.1,7\n' > far.csv
printf '{"layers":[1,4,1],"activations":["tanh","sigmoid"],"loss":"mse","epochs":50,"data":{"train":"far.csv"}}' > far.json
"$MLPTRAIN" -q -c far.json -w f1.bin -o f1.csv 2>one.txt
rc1=$?
mpi 2 -q -c far.json -w f2.bin -o f2.csv 2>two.txt
rc2=$?
[ "$rc1" = 2 ] && [ "$rc2" = 2 ] && ok || bad "target-range under mpirun: exit $rc1 and $rc2"
want='mlptrain: far.csv:6:5: error: target 5 in column "y" is outside [0, 1], the range of the sigmoid output layer (2 of the 6 target values are); scale the targets into [0, 1], or use a "linear" output layer for unbounded values'
[ "$(grep -c '^mlptrain:' two.txt)" = 1 ] && grep -qxF "$want" two.txt && ok \
    || bad "target-range under mpirun: $(cat two.txt)"
[ "$(cat one.txt)" = "$want" ] && ok || bad "target-range, one process: $(cat one.txt)"
[ ! -e f2.bin ] && [ ! -e f2.csv ] && ok || bad "target-range under mpirun: outputs written"

# 5. --gradcheck --config: the gradient of all rows, as one process checks it.
"$MLPTRAIN" --threads 1 -c good.json --gradcheck >one.txt 2>&1
rc1=$?
mpi 3 -c good.json --gradcheck >three.txt 2>&1
rc3=$?
[ "$rc1" = 0 ] && [ "$rc3" = 0 ] && ok || bad "gradcheck: exit $rc1 and $rc3"
grep -q '^ok$' three.txt && ok || bad "gradcheck under mpirun: $(cat three.txt)"
# A gradient exactly 0 (tanh outputs saturated on every row by inputs of
# 1000 and more) is not "ok" on any number of ranks: nothing was compared,
# exit 2, one message (test_gradcheck.sh has it in one process).
printf 'x,y\n1000,0.5\n-2000,0.1\n1500,-0.3\n-1200,0.2\n' > sat.csv
printf '{"layers":[1,2,1],"activations":["linear","tanh"],"loss":"mse","data":{"train":"sat.csv"}}' > sat.json
mpi 2 -c sat.json --gradcheck >sat.txt 2>&1
rc2=$?
[ "$rc2" = 2 ] && ! grep -q '^ok$' sat.txt && [ "$(grep -c '^mlptrain: ' sat.txt)" = 1 ] \
    && grep -q '^mlptrain: the gradient is exactly 0 at the checked weights' sat.txt && ok \
    || bad "a zero gradient under mpirun: exit $rc2, $(cat sat.txt)"

# 6. What every rank reads whole must be every rank's: standard input is
#    rank 0's alone (it hung: rank 1 read an empty spec, failed and waited in
#    the final broadcast while rank 0 read its data). A limit, so that a hang
#    fails the test; `mpmd A... : B...` runs rank 0 with A and rank 1 with B.
mpi60() {
    local n=$1
    shift
    timeout 60 "$MLP_MPIEXEC" --oversubscribe -np "$n" "$MLPTRAIN" --threads 1 "$@"
}
mpmd() {
    local a=() x
    for x in "$@"; do
        if [ "$x" = : ]; then a+=(: -np 1 "$MLPTRAIN" --threads 1); else a+=("$x"); fi
    done
    timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 1 "$MLPTRAIN" --threads 1 "${a[@]}"
}
refused() { # refused NAME WANT-LINE: exit 2 ($rc), WANT-LINE once in err.txt, the only one, no output
    [ "$rc" = 2 ] && [ "$(grep -cxF "$2" err.txt)" = 1 ] && [ "$(grep -c '^mlptrain:' err.txt)" = 1 ] \
        && ok || bad "$1: exit $rc: $(cat err.txt)"
    no_outputs && ok || bad "$1: outputs written"
}
rm -f w.bin l.csv
mpi60 2 --config - -w w.bin -o l.csv <good.json >out.txt 2>err.txt
rc=$?
refused "--config - under mpirun" 'mlptrain: <stdin>: is not a regular file, which every process can read for itself; under mpirun give the spec as a file (not standard input, which only rank 0 has, or a pipe)'
cat good.json | mpi60 2 --config /dev/stdin -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "--config /dev/stdin from a pipe under mpirun" 'mlptrain: /dev/stdin: is not a regular file, which every process can read for itself; under mpirun give the spec as a file (not standard input, which only rank 0 has, or a pipe)'
"$MLPTRAIN" --threads 1 -q -c good.json -w init.bin -o init.csv || bad "init.bin: one process"
mpi60 2 -c good.json --init-weights /dev/stdin -w w.bin -o l.csv <init.bin >out.txt 2>err.txt
rc=$?
refused "--init-weights /dev/stdin under mpirun" 'mlptrain: /dev/stdin: is not a regular file, which every process can read for itself; under mpirun give the --init-weights file as a file (not standard input, which only rank 0 has, or a pipe)'
head -121 moons.csv >rtr.csv
{ head -1 moons.csv; tail -80 moons.csv; } >rva.csv
cat >vstd.json <<'JSON'
{"layers": [2, 4, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "epochs": 30,
 "data": {"train": "rtr.csv", "validation": "-", "targets": ["label"]}}
JSON
"$MLPTRAIN" --threads 1 -q -c vstd.json -w v1.bin -o v1.csv <rva.csv && ok || bad "validation from standard input, one process"
mpi60 2 -c vstd.json -w w.bin -o l.csv <rva.csv >out.txt 2>err.txt
rc=$?
refused '"validation": "-" under mpirun' 'mlptrain: <stdin>: is not a regular file, which every process can read for itself; under mpirun give the validation data as a file (not standard input, which only rank 0 has, or a pipe)'

# 6b. A spec that only one rank cannot read: every rank stops with its
#     error, which names that rank (it was told as if every rank lacked the
#     file: rank 0's own message when only rank 1 lacked it); one that no
#     rank can read is told as one process tells it.
"$MLPTRAIN" -c nothere.json 2>one.txt
want=$(cat one.txt)
case $want in "mlptrain: nothere.json: cannot read: "*) ok ;; *) bad "missing spec, one process: $want" ;; esac
ranked() { # ranked Q FINE LINE: LINE with "rank Q of 2 (not rank FINE): " after its position
    local line=$3 at=${3%%: cannot read*}
    printf '%s: rank %s of 2 (not rank %s): %s\n' "$at" "$1" "$2" "${line#"$at: "}"
}
mpmd -c nothere.json -w w.bin -o l.csv : -c good.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "spec missing on rank 0" "$(ranked 0 1 "$want")"
mpmd -c good.json -w w.bin -o l.csv : -c nothere.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "spec missing on rank 1" "$(ranked 1 0 "$want")"
mpi60 2 -c nothere.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "spec missing on every rank" "$want"
# The same spec in each rank's working folder (mpirun -wdir), the training
# or validation file missing in one of them: told at the file's key in the
# spec, as one process tells it, naming the rank. Only rank 1 lacked the
# training file: the message was rank 0's own, and rank 0 has the file.
mkdir -p m0 m1
cp good.json moons.csv rtr.csv rva.csv m0/
cp good.json m1/
sed 's/"validation": "-"/"validation": "rva.csv"/' vstd.json >m0/v.json
cp m0/v.json m1/
(cd m1 && "$MLPTRAIN" -c good.json -w w.bin -o l.csv 2>../one.txt)
want=$(cat one.txt)
case $want in 'mlptrain: good.json:3:20: cannot read "moons.csv": '*) ok ;; *) bad "missing training file, one process: $want" ;; esac
wdir() { # wdir ARGS...: rank 0 in m0, rank 1 in m1, the same command line
    timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 1 -wdir m0 "$MLPTRAIN" --threads 1 "$@" : \
        -np 1 -wdir m1 "$MLPTRAIN" --threads 1 "$@"
}
wdir -c good.json -w "$PWD/w.bin" -o "$PWD/l.csv" >out.txt 2>err.txt
rc=$?
refused "training file missing on rank 1" "$(ranked 1 0 "$want")"
cp moons.csv m1/ && rm m0/moons.csv
wdir -c good.json -w "$PWD/w.bin" -o "$PWD/l.csv" >out.txt 2>err.txt
rc=$?
refused "training file missing on rank 0" "$(ranked 0 1 "$want")"
rm m1/moons.csv
wdir -c good.json -w "$PWD/w.bin" -o "$PWD/l.csv" >out.txt 2>err.txt
rc=$?
refused "training file missing on every rank" "$want"
cp rtr.csv m1/
(cd m1 && "$MLPTRAIN" -c v.json -w w.bin -o l.csv 2>../one.txt)
want=$(cat one.txt)
case $want in 'mlptrain: v.json:2:45: cannot read "rva.csv": '*) ok ;; *) bad "missing validation file, one process: $want" ;; esac
wdir -c v.json -w "$PWD/w.bin" -o "$PWD/l.csv" >out.txt 2>err.txt
rc=$?
refused "validation file missing on rank 1" "$(ranked 1 0 "$want")"
# An option only rank 1 cannot take (its message goes nowhere): named by rank 0.
mpmd -c good.json -w w.bin -o l.csv : -c good.json -e 5x0 -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "a bad option on rank 1" "mlptrain: rank 1 of 2 stopped at its command line with exit status 2, and rank 0 did not: the ranks were given different command lines; give every rank the same command line (run that rank's alone, without mpirun, to see its message)"

# 6c. Ranks given different specs, options or data: before, a different
#     seed or rate trained a silently mixed model (exit 0), other epochs or
#     layers ended in MPI_ERR_TRUNCATE (exit 15), another spec hung.
same='every rank must run the same spec with the same options and data'
mpmd -c good.json -w w.bin -o l.csv : -c good.json --seed 7 -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another --seed" "mlptrain: rank 1 of 2 starts from seed 7, rank 0 from 1: $same; give every rank the same command line and spec"
mpmd -c good.json -w w.bin -o l.csv : -c good.json -l 0.1 -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another --learning-rate" "mlptrain: rank 1 of 2 trains at learning rate 0.10000000000000001, rank 0 at 0.29999999999999999: $same; give every rank the same command line and spec"
mpmd -c good.json -w w.bin -o l.csv : -c good.json -e 60 -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another --epochs" "mlptrain: rank 1 of 2 trains for 60 epochs, rank 0 for 50: $same; give every rank the same command line and spec"
mpmd -c good.json -w w.bin -o l.csv : -c good.json -w w9.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another --weights" "mlptrain: rank 1 of 2 writes the weights to another path than rank 0 (w.bin): $same; give every rank the same command line and spec"
[ ! -e w9.bin ] && ok || bad "another --weights: rank 1's output written"
sed 's/"normalize": "standard"/"normalize": "none"/' good.json >good2.json
for other in good2.json bad.json; do
    mpmd -c good.json -w w.bin -o l.csv : -c "$other" -w w.bin -o l.csv >out.txt 2>err.txt
    rc=$?
    refused "another spec ($other)" "mlptrain: rank 1 of 2 reads another spec than rank 0 (good.json): the SHA-256 of its bytes differs: $same; give every rank the same command line and the same spec file (one file on a shared filesystem)"
done
# The same spec in two folders, next to training files of other sizes.
mkdir -p n0 n1
cp good.json moons.csv n0/
cp good.json n1/ && head -150 moons.csv >n1/moons.csv
mpmd -c n0/good.json -w w.bin -o l.csv : -c n1/good.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another training file" "mlptrain: rank 1 of 2 reads another n0/moons.csv than rank 0: $(wc -c <n1/moons.csv) bytes there, $(wc -c <moons.csv) on rank 0: $same; give every rank the same files (one copy on a shared filesystem)"
# Copies of the same size whose bytes differ (one regenerated on one node)
# trained a silently mixed model (exit 0): each rank's rows of the training
# file, a validation file and an --init-weights file are compared.
swap12() { # the digits 1 and 2 swapped in field 1 of the last line: the same size
    awk -F, -v OFS=, 'NR == n { gsub(/1/, "#", $1); gsub(/2/, "1", $1); gsub(/#/, "2", $1) } 1' \
        n="$(wc -l <"$1")" "$1"
}
swap12 moons.csv >n1/moons.csv
! cmp -s moons.csv n1/moons.csv && [ "$(wc -c <n1/moons.csv)" = "$(wc -c <moons.csv)" ] && ok \
    || bad "n1/moons.csv is not another copy of the same size"
x=$(( $(wc -c <moons.csv) / 2 ))
from=$(( $(head -c $((x - 1)) moons.csv | tr -cd '\n' | wc -c) + 2 )) # rank 1's first line
mpmd -c n0/good.json -w w.bin -o l.csv : -c n1/good.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another training file of the same size" "mlptrain: n0/moons.csv:$from: process 1 of 2 reads other bytes than process 0 in its part of the file (from line $from) or in its first lines: the copies of this file differ (the same size, not the same bytes); give every process the same file (one copy on a shared filesystem, or copies made from one)"
cp moons.csv n1/moons.csv
# A validation file, read whole by every rank.
for n in n0 n1; do
    cp rtr.csv $n/ && sed 's/"validation": "-"/"validation": "rva.csv"/' vstd.json >$n/v.json
done
cp rva.csv n0/ && swap12 rva.csv >n1/rva.csv
mpmd -c n0/v.json -w w.bin -o l.csv : -c n1/v.json -w w.bin -o l.csv >out.txt 2>err.txt
rc=$?
refused "another validation file of the same size" "mlptrain: rank 1 of 2 reads another n0/rva.csv than rank 0: the same size, other bytes: $same; give every rank the same files (one copy on a shared filesystem)"
cp rva.csv n1/rva.csv
mpmd -c n0/v.json -w w.bin -o l.csv : -c n1/v.json -w w.bin -o l.csv >out.txt 2>err.txt \
    && [ -s w.bin ] && ok || bad "the same validation file on both ranks: $(cat err.txt)"
rm -f w.bin l.csv
# An --init-weights file: another model of the same architecture, under the
# same name in each rank's working folder (mpirun -wdir).
"$MLPTRAIN" --threads 1 -q -c good.json -w n0/init.bin -o n0/init.csv -s 1 || bad "n0/init.bin"
"$MLPTRAIN" --threads 1 -q -c good.json -w n1/init.bin -o n1/init.csv -s 2 || bad "n1/init.bin"
[ "$(wc -c <n0/init.bin)" = "$(wc -c <n1/init.bin)" ] && ok || bad "the init files' sizes differ"
cp moons.csv n1/ && cp good.json n1/
a=(--threads 1 -c good.json --init-weights init.bin -w "$PWD/w.bin" -o "$PWD/l.csv")
timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 1 -wdir n0 "$MLPTRAIN" "${a[@]}" : \
    -np 1 -wdir n1 "$MLPTRAIN" "${a[@]}" >out.txt 2>err.txt
rc=$?
refused "another --init-weights file of the same size" "mlptrain: rank 1 of 2 reads another init.bin than rank 0: the same size, other bytes: $same; give every rank the same files (one copy on a shared filesystem)"
cp n0/init.bin n1/init.bin
timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 1 -wdir n0 "$MLPTRAIN" "${a[@]}" : \
    -np 1 -wdir n1 "$MLPTRAIN" "${a[@]}" >out.txt 2>err.txt && [ -s w.bin ] && ok \
    || bad "the same --init-weights file on both ranks: $(cat err.txt)"
rm -f w.bin l.csv

# 7. Two outputs on standard output under two names: refused as in one
#    process, where `-w - -o /dev/stdout > f` names one file twice. Rank 0's
#    standard output is mpirun's pseudo-terminal, a character device, which
#    was exempted as a terminal that shows both: the weights and then the
#    log went into one stream, mpirun's standard output (here out.txt).
for pair in "-w - -o /dev/stdout" "-w /dev/stdout -o -" "-w - -o /dev/fd/1"; do
    read -r -a a <<<"$pair"
    "$MLPTRAIN" --threads 1 -q -c good.json "${a[@]}" >out.txt 2>one.txt
    rc=$?
    [ "$rc" = 2 ] && grep -q 'would be written to the same file' one.txt && ok \
        || bad "$pair in one process: exit $rc: $(cat one.txt)"
    mpi60 2 -q -c good.json "${a[@]}" >out.txt 2>err.txt
    rc=$?
    refused "$pair under mpirun" "$(cat one.txt)"
    [ ! -s out.txt ] && ok || bad "$pair under mpirun: $(wc -c <out.txt) bytes written to the standard output"
done
# /dev/null under both names discards both, as in one process.
mpi60 2 -q -c good.json -w /dev/null -o /dev/null >out.txt 2>err.txt && [ ! -s err.txt ] && ok \
    || bad "-w /dev/null -o /dev/null under mpirun: $(cat err.txt)"

finish
