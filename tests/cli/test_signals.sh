#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Signals and concurrent runs (docs/exit-codes.md). SIGINT, SIGTERM and
# SIGHUP alike, in both programs, at every stage, unless ignored when the
# program starts (nohup: part 9): while loading (nothing
# written, a message, 128 + the signal), while training (the last complete
# epoch written whole), at random moments through a run whose outputs take a
# while to write (every output is the previous file or a whole new one,
# never a mix or a part, and no temporary file stays). Two runs writing the
# same outputs at once leave one run's pair; mlppredict reading a model
# while it is replaced sees a whole file every time.
. "$(dirname "$0")/lib.sh" signals "$@"
export OPENBLAS_NUM_THREADS=1

cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" data.csv
spec() { # spec NAME LAYERS ACTS EPOCHS
    cat >"$1" <<JSON
{"layers": $2, "activations": $3, "loss": "cross_entropy", "epochs": $4,
 "data": {"train": "data.csv", "targets": ["c0", "c1"]}}
JSON
}
spec long.json "[2, 6, 2]" '["tanh", "softmax"]' 100000000
# A background job of a shell without job control (this script's `cmd &`)
# starts with SIGINT ignored, and an ignored signal stays ignored (part 9):
# the jobs sent SIGINT here are started with its default action back, as
# from a terminal. ($! is still the program's process: env execs it.)
INT_BACK=(env --default-signal=INT)
# no_temps: whether no temporary file is left; one that is, is named and
# removed, so it fails the check that found it and no later one.
no_temps() {
    local left
    left=$(find . -name '.*.tmp.*' -print -delete)
    [ -z "$left" ] && return 0
    echo "left:" $left
    return 1
}

# wait_for PID SECONDS: waits for the process to end, at most SECONDS.
wait_for() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
    return 1
}

spec m.json "[2, 6, 2]" '["tanh", "softmax"]' 10
"$MLPTRAIN" -c m.json -w model.bin -o model.csv -q || bad "training a model"

for sig in INT TERM HUP; do
    num=$(kill -l "$sig")
    code=$((128 + num))

    # 1. While loading: the training data is a FIFO nobody writes yet.
    rm -f slow.csv && mkfifo slow.csv
    spec loading.json "[2, 6, 2]" '["tanh", "softmax"]' 10
    sed -i 's/data.csv/slow.csv/' loading.json
    "${INT_BACK[@]}" "$MLPTRAIN" -c loading.json -w load.bin -o load.csv -q >out.txt 2>err.txt &
    pid=$!
    sleep 0.5
    kill -s "$sig" "$pid"
    exec 3<>slow.csv # never blocks (Linux), unlike a plain open for writing
    exec 3>&-
    wait_for "$pid" 20 || bad "SIG$sig while loading: still running"
    wait "$pid"
    rc=$?
    [ "$rc" = "$code" ] && ok || bad "SIG$sig while loading: exit $rc, want $code"
    [ "$(cat err.txt)" = "mlptrain: stopped by SIG$sig; nothing was written" ] && ok \
        || bad "SIG$sig while loading: message \"$(cat err.txt)\""
    [ ! -e load.bin ] && [ ! -e load.csv ] && no_temps && ok || bad "SIG$sig while loading left files"

    # mlppredict while it reads its input (a FIFO), with -o: nothing written.
    rm -f slow.csv && mkfifo slow.csv
    "${INT_BACK[@]}" "$MLPPREDICT" model.bin slow.csv -o p.csv >out.txt 2>err.txt &
    pid=$!
    sleep 0.5
    kill -s "$sig" "$pid"
    exec 3<>slow.csv # never blocks (Linux), unlike a plain open for writing
    exec 3>&-
    wait_for "$pid" 20 || bad "SIG$sig in mlppredict: still running"
    wait "$pid"
    rc=$?
    [ "$rc" = "$code" ] && ok || bad "SIG$sig in mlppredict: exit $rc, want $code"
    [ "$(cat err.txt)" = "mlppredict: stopped by SIG$sig; nothing was written" ] && ok \
        || bad "SIG$sig in mlppredict: message \"$(cat err.txt)\""
    [ ! -e p.csv ] && no_temps && ok || bad "SIG$sig in mlppredict left files"

    # 2. While training: the last complete epoch is written.
    "${INT_BACK[@]}" "$MLPTRAIN" -c long.json -w w.bin -o l.csv -q >out.txt 2>err.txt &
    pid=$!
    sleep 1.5
    kill -s "$sig" "$pid"
    wait_for "$pid" 30 || bad "SIG$sig while training: still running"
    wait "$pid"
    rc=$?
    [ "$rc" = "$code" ] && ok || bad "SIG$sig while training: exit $rc, want $code"
    grep -q "^mlptrain: interrupted after epoch [0-9]* of 100000000" err.txt && ok \
        || bad "SIG$sig while training: message \"$(cat err.txt)\""
    "$MLPPREDICT" --info w.bin >/dev/null 2>&1 && ok || bad "SIG$sig while training: the weights do not read"
    rows=$(($(wc -l <l.csv) - 1))
    [ "$rows" -ge 1 ] && "$MLPPREDICT" --info w.bin | grep -q "^  epochs run *$rows\$" \
        && ok || bad "SIG$sig while training: $rows log rows, weights say $("$MLPPREDICT" --info w.bin | grep -i epoch)"
    no_temps && ok || bad "SIG$sig while training left a temporary file"

    rm -f w.bin l.csv
done

# 3. A signal delivered the moment a temporary file has been created, before
# the program has it in its registry (an LD_PRELOAD mkstemp raises it: the
# kernel delivers a signal sent during the open() as the call returns). CI
# once hit this by chance and a temporary file was left. mkstemp calls, in
# order: the weights' and the loss log's writability checks (stop mode),
# then the outputs themselves (training over: written whole).
SHIM="$(dirname "$MLPTRAIN")/libmlp_signal_in_mkstemp.so"
[ -f "$SHIM" ] || bad "no $SHIM"
# A sanitizer runtime need not come first for this: the shim uses none.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
with_signal_in_mkstemp() { # SIGNAL-NUMBER CALL COMMAND...
    local sig=$1 at=$2
    shift 2
    LD_PRELOAD="$SHIM" MLP_TEST_MKSTEMP_SIGNAL=$sig MLP_TEST_MKSTEMP_AT=$at "$@"
}
spec short.json "[2, 6, 2]" '["tanh", "softmax"]' 3
for sig in INT TERM HUP; do
    num=$(kill -l "$sig")
    for at in 1 2; do
        with_signal_in_mkstemp "$num" "$at" "$MLPTRAIN" -c short.json -w s.bin -o s.csv -q 2>err.txt
        rc=$?
        [ "$rc" = $((128 + num)) ] && [ "$(cat err.txt)" = "mlptrain: stopped by SIG$sig; nothing was written" ] \
            && ok || bad "SIG$sig in mkstemp call $at: exit $rc: $(cat err.txt)"
        [ ! -e s.bin ] && [ ! -e s.csv ] && no_temps && ok || bad "SIG$sig in mkstemp call $at left files"
    done
    for at in 3 4; do
        with_signal_in_mkstemp "$num" "$at" "$MLPTRAIN" -c short.json -w s.bin -o s.csv -q 2>err.txt
        rc=$?
        [ "$rc" = $((128 + num)) ] \
            && [ "$(cat err.txt)" = "mlptrain: stopped by SIG$sig after the outputs were written" ] \
            && ok || bad "SIG$sig in mkstemp call $at: exit $rc: $(cat err.txt)"
        "$MLPPREDICT" --info s.bin | grep -q "^  epochs run *3\$" && [ "$(wc -l <s.csv)" = 4 ] && no_temps \
            && ok || bad "SIG$sig in mkstemp call $at: the outputs are not whole, or a temporary file was left"
        rm -f s.bin s.csv
    done
    with_signal_in_mkstemp "$num" 1 "$MLPPREDICT" model.bin data.csv -o p.csv 2>err.txt
    rc=$?
    [ "$rc" = $((128 + num)) ] && [ "$(cat err.txt)" = "mlppredict: stopped by SIG$sig; nothing was written" ] \
        && ok || bad "SIG$sig in mlppredict's mkstemp: exit $rc: $(cat err.txt)"
    [ ! -e p.csv ] && no_temps && ok || bad "SIG$sig in mlppredict's mkstemp left files"
done

# 4. At moments spread over runs whose weights take a while to write
# (2 x 2000 x 2000: 32 MB, about a second a run): each output is the
# previous file or a whole new one, and nothing else is left.
spec big.json "[2, 2000, 2000, 2]" '["tanh", "tanh", "softmax"]' 2
echo previous >previous.txt
cp previous.txt bw.bin
cp previous.txt bl.csv
sigs=(INT TERM HUP)
k=0
for delay in 0.05 0.15 0.3 0.45 0.6 0.7 0.8 0.9 1.0; do
    sig=${sigs[$((k++ % 3))]}
    "${INT_BACK[@]}" "$MLPTRAIN" -c big.json -w bw.bin -o bl.csv -q >out.txt 2>err.txt &
    pid=$!
    sleep "$delay"
    kill -s "$sig" "$pid" 2>/dev/null
    wait_for "$pid" 60 || bad "SIG$sig at ${delay}s: still running"
    wait "$pid"
    rc=$?
    num=$(kill -l "$sig")
    case $rc in
        0 | $((128 + num))) ok ;;
        *) bad "SIG$sig at ${delay}s: exit $rc: $(cat err.txt)" ;;
    esac
    echo "SIG$sig at ${delay}s: exit $rc: $(head -c 200 err.txt)"
    if ! cmp -s bw.bin previous.txt; then
        "$MLPPREDICT" --info bw.bin >/dev/null 2>&1 && ok || bad "SIG$sig at ${delay}s: torn weights"
    fi
    if ! cmp -s bl.csv previous.txt && ! cmp -s bw.bin previous.txt; then
        # A new pair: the log has as many rows as the weights' epochs.
        rows=$(($(wc -l <bl.csv) - 1))
        "$MLPPREDICT" --info bw.bin | grep -q "^  epochs run *$rows\$" && ok \
            || bad "SIG$sig at ${delay}s: a log of $rows rows beside other weights"
    fi
    no_temps && ok || bad "SIG$sig at ${delay}s: a temporary file was left"
done

# 7. A FIFO as the loss log is written straight through, opened once: the
# pre-flight check does not open it (it did: its reader took the open and
# close for the end of the data, and the real write then waited forever for
# a reader). A signal while the write waits for a reader ends the run with
# 128 + the signal, nothing replaced (it was: "cannot write: Interrupted
# system call", exit 2).
"$MLPTRAIN" -c m.json -w fifo-ref.bin -o fifo-ref.csv -q || bad "the FIFO's reference run failed"
rm -f log.fifo && mkfifo log.fifo
cat log.fifo > got.csv &
reader=$!
"$MLPTRAIN" -c m.json -w fifo.bin -o log.fifo -q 2>err.txt &
pid=$!
if wait_for "$pid" 20; then
    wait "$pid"
    rc=$?
    wait "$reader"
    [ "$rc" = 0 ] && cmp -s got.csv fifo-ref.csv && cmp -s fifo.bin fifo-ref.bin && ok \
        || bad "a FIFO as the loss log: exit $rc, $(wc -l < got.csv) lines read: $(cat err.txt)"
else
    bad "a FIFO as the loss log with a reader: still running after 20 s"
    kill "$reader" 2>/dev/null
fi
for sig in INT TERM HUP; do
    num=$(kill -l "$sig")
    cp model.bin fifo.bin
    "${INT_BACK[@]}" "$MLPTRAIN" -c m.json -w fifo.bin -o log.fifo -q >out.txt 2>err.txt &
    pid=$!
    sleep 1 # 10 epochs: the run is waiting for the FIFO's reader by now
    kill -s "$sig" "$pid"
    wait_for "$pid" 20 || bad "SIG$sig while waiting for the FIFO's reader: still running"
    wait "$pid"
    rc=$?
    [ "$rc" = $((128 + num)) ] \
        && [ "$(cat err.txt)" = "mlptrain: log.fifo: stopped by SIG$sig while writing; no output file was replaced" ] \
        && ok || bad "SIG$sig while waiting for the FIFO's reader: exit $rc: $(cat err.txt)"
    cmp -s fifo.bin model.bin && no_temps && ok \
        || bad "SIG$sig while waiting for the FIFO's reader: the weights changed or a temporary file was left"
done
rm -f log.fifo

# 5. Two runs writing the same outputs at once leave one run's pair.
spec pair.json "[2, 64, 2]" '["tanh", "softmax"]' 300
"$MLPTRAIN" -c pair.json -s 1 -w a.bin -o a.csv -q && "$MLPTRAIN" -c pair.json -s 2 -w b.bin -o b.csv -q \
    || bad "the reference runs failed"
for trial in 1 2 3 4 5 6; do
    "$MLPTRAIN" -c pair.json -s 1 -w same.bin -o same.csv -q &
    p1=$!
    "$MLPTRAIN" -c pair.json -s 2 -w same.bin -o same.csv -q &
    p2=$!
    wait "$p1"; r1=$?
    wait "$p2"; r2=$?
    [ "$r1" = 0 ] && [ "$r2" = 0 ] || bad "concurrent runs, trial $trial: exits $r1 and $r2"
    if { cmp -s same.bin a.bin && cmp -s same.csv a.csv; } || { cmp -s same.bin b.bin && cmp -s same.csv b.csv; }; then
        ok
    else
        bad "concurrent runs, trial $trial: the weights and the log are of different runs"
    fi
    no_temps && ok || bad "concurrent runs, trial $trial: a temporary file was left"
done

# 6. mlppredict reading a model while it is replaced again and again.
cp a.bin live.bin
(
    for i in 1 2 3 4 5 6 7 8; do
        if [ $((i % 2)) = 0 ]; then src=a; else src=b; fi
        "$MLPTRAIN" -c pair.json -s $((i % 2 + 1)) -w live.bin -o live.csv -q
    done
) &
writer=$!
torn=0
reads=0
while kill -0 "$writer" 2>/dev/null; do
    "$MLPPREDICT" live.bin data.csv >/dev/null 2>err.txt || { torn=$((torn + 1)); cat err.txt; }
    reads=$((reads + 1))
done
wait "$writer"
[ "$torn" = 0 ] && [ "$reads" -gt 0 ] && ok || bad "mlppredict saw a torn model $torn times in $reads reads"
echo "mlppredict read the model $reads times while it was replaced"
# 8. Every other signal whose default action ends the process (SIGQUIT from
# Ctrl-\, SIGUSR1, ..., a real-time signal): it ended the program at once
# and left the temporary file of the output being written (mlppredict -o on
# a large file, SIGQUIT: 22 MB left). Now the temporary files go, and the
# program still ends by the same signal: 128 + the signal, nothing on its
# stderr, no output. The signal comes the moment the output's temporary
# file exists (the mkstemp shim above): mlppredict's output; mlptrain's
# weights, written once training is over (defer mode: SIGINT would wait,
# these do not).
ulimit -c 0 # SIGQUIT dumps core by default
for sig in QUIT USR1 USR2 ALRM VTALRM PROF XCPU RTMIN RTMAX; do
    num=$(kill -l "$sig")
    code=$((128 + num))
    # (The shell's own note of a program killed by a signal goes to /dev/null.)
    { LD_PRELOAD="$SHIM" MLP_TEST_MKSTEMP_SIGNAL=$num MLP_TEST_MKSTEMP_AT=1 \
        "$MLPPREDICT" model.bin data.csv -o p.csv 2>err.txt; } 2>/dev/null
    rc=$?
    [ "$rc" = "$code" ] && [ ! -s err.txt ] && ok || bad "SIG$sig in mlppredict's mkstemp: exit $rc, want $code: $(cat err.txt)"
    [ ! -e p.csv ] && no_temps && ok || bad "SIG$sig in mlppredict's mkstemp left files"
    { LD_PRELOAD="$SHIM" MLP_TEST_MKSTEMP_SIGNAL=$num MLP_TEST_MKSTEMP_AT=3 \
        "$MLPTRAIN" -c short.json -w s.bin -o s.csv -q 2>err.txt; } 2>/dev/null
    rc=$?
    [ "$rc" = "$code" ] && [ ! -s err.txt ] && ok || bad "SIG$sig in mlptrain's output: exit $rc, want $code: $(cat err.txt)"
    [ ! -e s.bin ] && [ ! -e s.csv ] && no_temps && ok || bad "SIG$sig in mlptrain's output left files"
done

# 9. SIGINT, SIGTERM or SIGHUP ignored when the program starts stays ignored,
# as the other signals' (and as without the handler): nohup ignores SIGHUP,
# a script's background job starts with SIGINT ignored, `trap '' TERM` in
# a shell passes it on. The handler was installed over the ignore all the
# same, so a run started with nohup stopped at the logout's SIGHUP (exit
# 129, "interrupted after epoch ..."). Now the run goes on, and another
# signal still stops it after an epoch, the outputs whole.
for sig in INT TERM HUP; do
    stop=TERM
    [ "$sig" = TERM ] && stop=HUP
    "${INT_BACK[@]}" --ignore-signal="$sig" "$MLPTRAIN" -c long.json -w ign.bin -o ign.csv -q \
        >out.txt 2>err.txt &
    pid=$!
    sleep 1
    kill -s "$sig" "$pid"
    sleep 1
    kill -0 "$pid" 2>/dev/null && ok || bad "SIG$sig ignored at start stopped the run: $(cat err.txt)"
    kill -s "$stop" "$pid" 2>/dev/null
    wait_for "$pid" 30 || bad "SIG$sig ignored at start, then SIG$stop: still running"
    wait "$pid"
    rc=$?
    [ "$rc" = $((128 + $(kill -l "$stop"))) ] && [ "$(wc -l <err.txt)" = 1 ] \
        && grep -q "^mlptrain: interrupted after epoch [0-9]* of 100000000" err.txt && ok \
        || bad "SIG$sig ignored at start, then SIG$stop: exit $rc: $(cat err.txt)"
    "$MLPPREDICT" --info ign.bin >/dev/null 2>&1 && no_temps && ok \
        || bad "SIG$sig ignored at start, then SIG$stop: the weights do not read, or a temporary file was left"
    rm -f ign.bin ign.csv
done
# nohup itself, and mlppredict: the hangup while it waits for its input (a
# FIFO) is ignored, and the predictions are written once the rows come.
"$MLPPREDICT" model.bin data.csv -o want.csv || bad "the predictions' reference run failed"
rm -f slow.csv && mkfifo slow.csv
nohup "$MLPPREDICT" model.bin slow.csv -o p.csv </dev/null >out.txt 2>err.txt &
pid=$!
sleep 0.5
kill -s HUP "$pid"
sleep 0.5
exec 3<>slow.csv # never blocks (Linux), unlike a plain open for writing
cat data.csv >&3
exec 3>&-
wait_for "$pid" 20 || bad "nohup mlppredict: still running"
wait "$pid"
rc=$?
[ "$rc" = 0 ] && [ ! -s err.txt ] && cmp -s p.csv want.csv && no_temps && ok \
    || bad "nohup mlppredict, SIGHUP while it waits for its input: exit $rc: $(cat err.txt)"
rm -f slow.csv p.csv want.csv
# 10. A signal while the outputs wait on a full pipe (`-o - | sleep 30`):
# the write is cut short and the run ends with 128 + the signal, nothing
# replaced, no temporary file. It was not: the log (over 64 KiB, more than
# a pipe holds) went through stdio, which wrote the rest of a write the
# signal had cut short after part of it went through, and so blocked again
# until the reader went (under mpirun, SIGKILL came first and left the
# weights' temporary file). The reader never reads; the run trains in well
# under a second, so after 2 s it waits on the pipe.
spec big.json "[2, 6, 2]" '["tanh", "softmax"]' 5000
for sig in INT TERM; do
    num=$(kill -l "$sig")
    rm -f full.bin
    exec {hold}> >(exec sleep 60)
    reader=$!
    "${INT_BACK[@]}" "$MLPTRAIN" -c big.json -w full.bin -o - -q >&"$hold" 2>err.txt &
    pid=$!
    exec {hold}>&-
    sleep 2
    kill -s "$sig" "$pid"
    wait_for "$pid" 2 || bad "SIG$sig while the loss log waits on a full pipe: still running after 2 s"
    wait "$pid"
    rc=$?
    kill "$reader" 2>/dev/null
    [ "$rc" = $((128 + num)) ] \
        && [ "$(cat err.txt)" = "mlptrain: <stdout>: stopped by SIG$sig while writing; no output file was replaced" ] \
        && ok || bad "SIG$sig while the loss log waits on a full pipe: exit $rc: $(cat err.txt)"
    [ ! -e full.bin ] && no_temps && ok \
        || bad "SIG$sig while the loss log waits on a full pipe: the weights were written or a temporary file was left"
done
finish
