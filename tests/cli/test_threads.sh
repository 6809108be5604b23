#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_threads.sh: --threads N is the number of threads the whole process
# runs: with 1, /proc/PID/task never shows a second thread while mlptrain
# reads a CSV big enough for two parser parts and trains on rows enough for
# several lanes; with 2 it does (so the count can fail). The provenance
# records the count used. Run without OPENBLAS_NUM_THREADS, so that
# OpenBLAS starts its own threads at load as it does for a user.
. "$(dirname "$0")/lib.sh" threads "$@"

# 30,000 rows of 8 features and a label (about 2.5 MB: two parser parts of
# at least 1 MiB) and a net with 30,000 x 690 multiply-adds per pass.
/usr/bin/python3 - <<'EOF'
import math
with open("big.csv", "w") as f:
    f.write(",".join(f"x{j}" for j in range(8)) + ",label\n")
    for i in range(30000):
        xs = [math.sin(0.37 * i + j) for j in range(8)]
        f.write(",".join(f"{x:.6f}" for x in xs) + f",{int(xs[0] + xs[1] > 0)}\n")
EOF
cat > big.json <<'EOF'
{
  "layers": [8, 32, 8, 2],
  "activations": ["tanh", "tanh", "softmax"],
  "loss": "cross_entropy",
  "learning_rate": 0.1,
  "epochs": 40,
  "seed": 1,
  "data": {"train": "big.csv", "targets": ["label"]}
}
EOF

# The most threads seen in /proc/PID/task of process PID, sampled until it
# exits, counting only from when it has a file of the work folder open or
# has read most of big.csv (rchar in /proc/PID/io): by then main has run.
# (OpenBLAS starts its thread while the program is being loaded, before
# main; mlp stops it first thing in main, before it opens a file. The loss
# log is kept in memory while training runs, so no output file is open
# then.) Prints 0 when it never saw either.
most_threads_of() {
    local pid=$1 most=0 started=0 n read
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$started" = 0 ]; then
            read=$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null)
            if [ "${read:-0}" -gt 2000000 ] || ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "$WORK"; then
                started=1
            fi
        fi
        if [ "$started" = 1 ]; then
            n=$(find "/proc/$pid/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
            [ "$n" -gt "$most" ] && most=$n
        fi
        sleep 0.002
    done
    wait "$pid" || bad "the program exited $?"
    echo "$most"
}

most_threads() {
    env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS \
        "$MLPTRAIN" -q -c big.json "$@" &
    most_threads_of $!
}

n1=$(most_threads --threads 1 -w one.bin -o one.csv)
[ "$n1" = 1 ] && ok || bad "--threads 1: saw $n1 threads"
n2=$(most_threads --threads 2 -w two.bin -o two.csv)
[ "$n2" -ge 2 ] && ok || bad "--threads 2: saw only $n2 thread(s); the count above proves nothing"

"$MLPPREDICT" --info one.bin | grep -qx "  threads       1" && ok || bad "one.bin does not record 1 thread"
"$MLPPREDICT" --info two.bin | grep -qx "  threads       2" && ok || bad "two.bin does not record 2 threads"
# Without --threads: the environment's count, as OpenBLAS reads it.
OPENBLAS_NUM_THREADS=2 "$MLPTRAIN" -q -c big.json -e 1 -w env.bin -o env.csv &&
    "$MLPPREDICT" --info env.bin | grep -qx "  threads       $(($(nproc) < 2 ? $(nproc) : 2))" && ok ||
    bad "OPENBLAS_NUM_THREADS=2 is not the recorded count"

# Without --threads and without any thread variable: the count used is the
# processors this process may run on (nproc reads the same affinity mask),
# recorded as such, never 0 ("not recorded").
env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS \
    "$MLPTRAIN" -q -c big.json -e 1 -w dflt.bin -o dflt.csv &&
    "$MLPPREDICT" --info dflt.bin | grep -qx "  threads       $(nproc)" && ok ||
    bad "a default run does not record $(nproc) threads: $("$MLPPREDICT" --info dflt.bin | grep threads)"
# A 1-thread and a 2-thread run differ in their provenance, read by the
# independent reader (scripts/read_weights.py).
reader="$ROOT/scripts/read_weights.py"
[ "$(/usr/bin/python3 "$reader" one.bin | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["training"]["threads"])')" = 1 ] &&
    [ "$(/usr/bin/python3 "$reader" two.bin | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["provenance"]["training"]["threads"])')" = 2 ] &&
    ok || bad "the reader does not see 1 and 2 threads in one.bin and two.bin"

# A run too small for a second thread runs on one, whatever --threads says:
# a file of one parser part is parsed and hashed on the main thread, the
# thread OpenBLAS started at load is stopped before main opens a file (no
# product of this net is threaded), and 4 rows make one lane. strace -f
# sees every thread start and end: when the data file is first opened only
# the main thread may be alive, and none may start after it. (Before, the
# BLAS thread was alive, spinning, and a worker parsed the 32 bytes beside
# the hash.)
printf 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > tiny.csv
cat > tiny.json <<'EOF'
{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",
 "learning_rate": 0.5, "epochs": 200, "seed": 42, "data": {"train": "tiny.csv", "targets": ["y"]}}
EOF
# (LeakSanitizer refuses to run under ptrace and starts a thread of its own
# at exit: in the sanitizer build it is off for this run, which the other
# runs check for leaks.)
if command -v strace > /dev/null && strace -f -qq -e trace=none -o /dev/null true 2> /dev/null; then
    env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -qq -e trace=openat,clone,clone3,exit -e signal=none -o tiny.strace \
        "$MLPTRAIN" -q -c tiny.json --threads 2 -w tiny.bin -o tiny.loss.csv ||
        bad "the tiny run failed"
    extra=$(/usr/bin/python3 - tiny.strace <<'PY'
import re, sys
live, main, opened, said = set(), None, False, []
for line in open(sys.argv[1]):
    m = re.match(r"(\d+) +(\w+)\((.*)", line)
    if not m:
        continue
    pid, call, rest = int(m.group(1)), m.group(2), m.group(3)
    if call in ("clone", "clone3"):
        t = re.search(r"= (\d+)\s*$", line)
        if t:
            live.add(int(t.group(1)))
            if opened:
                said.append("a thread started after the data file was opened")
    elif call == "exit":
        live.discard(pid)
    elif call == "openat" and '"tiny.csv"' in rest and not opened:
        opened = True
        if live:
            said.append(f"{len(live)} other thread(s) alive when the data file was opened")
print("; ".join(said) if opened else "the data file was never opened")
PY
)
    [ -z "$extra" ] && ok || bad "--threads 2 on 4 rows: $extra"
else
    echo "note: strace cannot trace here; the one-thread check of a tiny run is skipped"
fi

# mlppredict --threads 1 stays on one thread too.
predict_threads() {
    env -u OPENBLAS_NUM_THREADS -u GOTO_NUM_THREADS -u OMP_NUM_THREADS \
        "$MLPPREDICT" "$@" &
    most_threads_of $!
}
n=$(predict_threads --threads 1 one.bin big.csv -o pred.csv)
[ "$n" = 1 ] && ok || bad "mlppredict --threads 1: saw $n threads"
# mlppredict --threads 1 --export: the mode returned before the thread count
# was set, so OpenBLAS's thread ran on through it (2 threads). The model is
# read from a FIFO whose writer pauses, so the program holds it open long
# enough to be sampled (a count of 0 would say it was not). With --threads 2
# it is one thread too: nothing in an export is large enough to thread, and
# OpenBLAS's own thread is stopped for every count (docs/threads.md).
export_threads() { # THREADS NPZ
    rm -f model.fifo && mkfifo model.fifo
    { head -c 64 one.bin; sleep 0.5; tail -c +65 one.bin; } > model.fifo &
    local writer=$!
    predict_threads --threads "$1" --export "$2" model.fifo
    wait "$writer"
}
n=$(export_threads 1 e1.npz)
[ "$n" = 1 ] && [ -s e1.npz ] && ok || bad "mlppredict --threads 1 --export: saw $n threads"
n=$(export_threads 2 e2.npz)
[ "$n" = 1 ] && cmp -s e1.npz e2.npz && ok \
    || bad "mlppredict --threads 2 --export: saw $n thread(s), or another .npz than with --threads 1"
finish
