#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Data files that are pipes under mpirun (README "More than one process",
# docs/csv.md): refused, said at their key in the spec like any data file
# that cannot be read, and never waited on. A training file that was a FIFO
# without a writer once left every rank in open() for ever (the refusal came
# only after the open); a validation file that was a pipe was told by its
# resolved path alone, without the spec's file:line:col. Skipped (exit 77)
# when mlptrain was built without MPI.
# Also what one rank alone fails on before the spec: out of memory under a
# lower ulimit -v (a node with less memory) was told as "the ranks were
# given different command lines", exit 2; --seed from --init-weights, which
# draws nothing in the full batch of mpirun, was told to use --batch-size,
# which mpirun refuses.
. "$(dirname "$0")/lib.sh" mpi_inputs "$@"
. "$ROOT/tests/cli/mpi_lib.sh"
mkdir sub
cp "$ROOT/data/xor.csv" sub/
mkfifo sub/fifo.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy",\n "data":{"train":"fifo.csv"}}\n' > sub/t.json
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy",\n "data":{"train":"xor.csv","validation":"fifo.csv"}}\n' > sub/v.json
# refused NAME WANT ARGS...: mlptrain on 2 ranks exits 2 within 60 s, WANT the only mlptrain line, no output.
refused() {
    local name=$1 want=$2 rc=0
    shift 2
    timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 2 "$MLPTRAIN" --threads 1 "$@" >out.txt 2>err.txt || rc=$?
    [ "$rc" = 2 ] && [ "$(grep '^mlptrain:' err.txt)" = "$want" ] && ok \
        || bad "$name: exit $rc (124: it waited): $(grep -v '^[-A-Za-z ]*$' err.txt | head -3)"
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$name: an output was written"
}
refused "a training file that is a FIFO without a writer" \
    'mlptrain: sub/t.json:2:18: "fifo.csv" (sub/fifo.csv): is not a regular file, which processes can read in parts; under mpirun give the training data as a file (not standard input or a pipe)' \
    -q -c sub/t.json -w w.bin -o l.csv
refused "a validation file that is a FIFO without a writer" \
    'mlptrain: sub/v.json:2:41: "fifo.csv" (sub/fifo.csv): is not a regular file, which every process can read for itself; under mpirun give the validation data as a file (not standard input, which only rank 0 has, or a pipe)' \
    -q -c sub/v.json -w w.bin -o l.csv
# One rank under a limit too low for its BLAS buffers: exit 3, said as such.
if (ulimit -v 400000 && "$MLPTRAIN" --version >/dev/null 2>&1); then
    rc=0
    timeout 60 "$MLP_MPIEXEC" --oversubscribe -np 1 "$MLPTRAIN" --threads 1 -q -w w.bin -o l.csv : \
        -np 1 bash -c "ulimit -v 300000; exec \"$MLPTRAIN\" --threads 1 -q -w w.bin -o l.csv" \
        >out.txt 2>err.txt || rc=$?
    want="mlptrain: rank 1 of 2 ran out of memory before it read the spec (exit status 3), and rank 0 did not; give that rank's machine more memory or a higher address-space limit (ulimit -v); run its command alone, without mpirun, to see its message"
    [ "$rc" = 3 ] && [ "$(grep '^mlptrain:' err.txt)" = "$want" ] && ok \
        || bad "one rank out of memory: exit $rc: $(grep '^mlptrain:' err.txt)"
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "one rank out of memory: an output was written"
fi
# --seed from given weights: the hint names no option mpirun refuses.
"$MLPTRAIN" --threads 1 -q -e 3 -w init.bin -o init.csv || bad "init.bin"
refused "--seed with --init-weights" \
    'mlptrain: --seed draws nothing here: the initial weights come from --init-weights and full-batch training takes the rows in no order; remove --seed' \
    -q -s 3 --init-weights init.bin -w w.bin -o l.csv
finish
