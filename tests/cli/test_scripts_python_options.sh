#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_python_options.sh: the command lines of the Python scripts,
# taken as the shell scripts' are (tests/cli/test_scripts_options.sh,
# docs/exit-codes.md) through their one shared module, scripts/cli_usage.py.
# Every script of scripts/ and bench/ (each file *.py that starts with #!)
# answers --help and -h with its usage, its docstring, on stdout, exit 0, and
# an unknown option with one line on stderr, `NAME: unknown option "--bogus";
# try 'DIR/NAME --help'`, exit 2. Then a table of wrong argument counts and
# values, each refused the same way, and a Python without numpy or
# scikit-learn, told so in one line that names /usr/bin/python3 and the
# Debian package. The scripts run from a copy, with stand-ins on PATH for
# every program they would go on to (mlptrain, mpirun, cmake, gcc, ...),
# which note any call: a refused command line runs nothing and writes
# nothing. Before: read_weights.py printed its usage on stderr, exit 2, for
# --help; lrscan_safety.py took --bogus for its build folder and ended in a
# traceback; holdout_compare.py and committee_gain.py ended their errors with
# a usage line of their own; the argparse scripts printed argparse's usage and
# "unrecognized arguments"; peers.py wrote its own usage line and ended in a
# traceback for THREADS "x"; sklearn_compare.py and peers.py under a Python
# without numpy ended in ModuleNotFoundError's traceback; run.py's --only
# skipped a workload that is none ("W9", "xorr") without a word.
. "$(dirname "$0")/lib.sh" scripts_python_options "$@"
PYTHON=/usr/bin/python3

. "$ROOT/tests/cli/scripts_options_lib.sh" py
RUN_WITH=("$PYTHON")
stand_ins mlptrain mlppredict cmake ctest gcc cc mpicc mpirun perf apt-get sudo
# A build folder whose mlptrain is the stand-in: lrscan_safety.py would run it.
mkdir caller/build
cp fakebin/mlptrain caller/build/
files > files.before

# docstring FILE: the module docstring as written (read from the source, not
# by running the script), without its first and last newlines.
docstring() {
    "$PYTHON" -c 'import ast, sys
text = ast.get_docstring(ast.parse(open(sys.argv[1]).read()), clean=False)
print(text.strip("\n") if text else "(no docstring)")' "$1"
}

# 1. --help, -h and an unknown option, for every script.
[ ${#scripts[@]} -ge 9 ] && ok || bad "only ${#scripts[@]} Python scripts found: ${scripts[*]}"
for s in "${scripts[@]}"; do
    docstring "$ROOT/$s" > want.txt
    run "$s" --help
    if [ "$rc" = 0 ] && [ ! -s err.txt ] && cmp -s out.txt want.txt; then
        ok
    else
        bad "$s --help: exit $rc, want 0 with the docstring on stdout: $(diff want.txt out.txt | head -5)$(cat err.txt)"
    fi
    # The usage shows the command as the docs name it: DIR/NAME.
    grep -Eq "^ *(usage: )?(/usr/bin/python3 |python3 )?$s( |$)" out.txt && ok \
        || bad "$s --help shows no command line of $s: $(head -c 300 out.txt)"
    nothing_run "$s --help"
    run "$s" -h
    [ "$rc" = 0 ] && cmp -s out.txt want.txt && ok || bad "$s -h: exit $rc, not what --help prints"
    row "$s" 'unknown option "--bogus"' --bogus
done

# 2. Wrong arguments: row SCRIPT WHAT ARGS... (scripts_options_lib.sh): each
# refused as the unknown option is, writing nothing and running nothing.
row scripts/committee_gain.py 'one folder is needed'
row scripts/committee_gain.py 'unexpected argument "b"' a b
row scripts/committee_gain.py '--size needs a value' a --size
row scripts/committee_gain.py '--size needs a whole number from 2 to 9999, not "x"' --size x a
row scripts/holdout_compare.py 'two folders are needed' a
row scripts/holdout_compare.py 'unexpected argument "c"' a b c
row scripts/read_weights.py 'no weights file given'
row scripts/read_weights.py 'unexpected argument "b.bin"' a.bin b.bin
row scripts/lrscan_safety.py 'unexpected argument "b"' build b
row scripts/lrscan_safety.py 'BUILD_DIR "nodir" is not a folder' nodir
row scripts/lrscan_safety.py 'BUILD_DIR "." holds no mlptrain' .
row scripts/sklearn_compare.py 'unexpected argument "iris"' --work w iris
row scripts/sklearn_compare.py 'the following arguments are required: --work' --mlptrain a --mlppredict b
row scripts/sklearn_compare.py '--sets: no set "nosuch" (the sets: iris, wine, breast_cancer, digits, diabetes)' \
    --mlptrain a --mlppredict b --work w --sets iris,nosuch
row bench/peers.py 'no mode given (numpy, torch, loadtxt or torchjob)'
row bench/peers.py 'unknown mode "jax" (numpy, torch, loadtxt or torchjob)' jax s e 1 1
row bench/peers.py 'numpy needs SPEC EXPORT_DIR THREADS EPOCHS' numpy spec.json
row bench/peers.py 'unexpected argument "more"' loadtxt a.csv more
row bench/peers.py 'THREADS needs a whole number from 1, not "all"' numpy s e all 5
row bench/peers.py 'EPOCHS needs a whole number from 1, not "0"' torchjob s a.csv 1 0 out
row bench/run.py 'unexpected argument "W1"' W1
row bench/run.py 'unknown option "--bogus"' --only W1 --bogus
row bench/run.py '--threads must be at least 1' --threads 0
# --only: an id or name that is no workload (it ran nothing, silently); every
# known one (the ids, the names, csv, job) gets past the check to --threads's.
only_known='the workloads: W1 (xor), W2 (moons), W3 (digits), W4 (large), W5 (regression), csv, job'
row bench/run.py "--only: no workload \"W9\" ($only_known)" --only W1 W9
row bench/run.py "--only: no workload \"xorr\" ($only_known)" --only csv xorr job
row bench/run.py '--threads must be at least 1' --only W1 W2 W3 W4 W5 xor moons digits large regression csv job --threads 0
# A workload named by its name is its id: "--only xor" ran W1's epochs but not
# its whole-process timing, which looked for the id "W1" alone.
got=$(cd "$ROOT/bench" && "$PYTHON" -S -c 'import run
print(" ".join(run.check_only(None, ["xor", "csv", "W2", "large", "job"])))' 2>&1)
[ "$got" = "W1 csv W2 W4 job" ] && ok || bad "run.check_only: names to ids: $got"
row bench/mpi_run.py 'unexpected argument "W5"' W5
row bench/mpi_run.py '--ranks needs whole numbers from 1 to 999, comma-separated, not "1,x"' --ranks 1,x
row bench/mpi_run.py '--only: no workload "W9" (the workloads: W4,W5)' --only W9
row bench/mpi_run.py '--rounds needs a whole number from 1, not "0"' --rounds 0
row bench/mpi_model.py 'unexpected argument "run.json"' run.json
row bench/mpi_model.py '--record "nofile.json": cannot read: No such file or directory' --record nofile.json

# 3. A good command line does what it did: peers.py numpy trains a made-up
# 2-3-1 network for 5 epochs on 4 rows and reports the operands it was given
# (once checked, it read them one place off at first: SPEC was "numpy").
mkdir exp
"$PYTHON" - exp <<'PY'
import json, os, struct, sys
folder = sys.argv[1]
def write(name, values):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(struct.pack(f"<{len(values)}d", *values))
write("X.f64", [0, 0, 0, 1, 1, 0, 1, 1])
write("Y.f64", [0, 1, 1, 0])
write("init.f64", [0.1 * (i + 1) * (-1) ** i for i in range(2 * 3 + 3 + 3 * 1 + 1)])
with open(os.path.join(folder, "spec.json"), "w") as f:
    json.dump({"layers": [2, 3, 1], "activations": ["tanh", "linear"], "loss": "mse",
               "learning_rate": 0.1}, f)
PY
run bench/peers.py numpy "$WORK/exp/spec.json" "$WORK/exp" 1 5
if [ "$rc" = 0 ] && "$PYTHON" -c 'import json, math, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
sys.exit(not (r["system"] == "numpy" and r["threads"] == 1 and r["epochs"] == 5 and r["rows"] == 4
              and math.isfinite(r["final_loss"])))' out.txt; then
    ok
else
    bad "bench/peers.py numpy SPEC EXPORT_DIR 1 5: exit $rc: $(cat out.txt err.txt | head -c 600)"
fi

# 4. A Python without numpy (and scikit-learn): /usr/bin/python3 -S, without
# the site folders Debian's python3-numpy and python3-sklearn install into,
# on a good command line; then a venv of its own (when one can be made),
# which the Debian packages cannot reach: run the script with /usr/bin/python3.
if "$PYTHON" -S -c 'import numpy' 2> /dev/null; then
    bad "$PYTHON -S imports numpy: no Python without numpy to try"
else
    RUN_WITH=("$PYTHON" -S)
    row_missing() {  # row_missing SCRIPT WANT-STDERR ARGS...
        local s=$1 want=$2
        shift 2
        run "$s" "$@"
        error_is "$s $* without numpy" 2 "$want" "$rc" "$(cat err.txt)" && nothing_done "$s $* without numpy"
    }
    row_missing scripts/sklearn_compare.py "sklearn_compare.py: numpy is not installed for $PYTHON; install Debian's python3-numpy (apt-get install python3-numpy)" \
        --mlptrain a --mlppredict b --work w
    row_missing bench/peers.py "peers.py: numpy is not installed for $PYTHON; install Debian's python3-numpy (apt-get install python3-numpy)" \
        numpy spec.json export 1 5
    if "$PYTHON" -m venv --without-pip "$WORK/venv" > /dev/null 2>&1; then
        RUN_WITH=("$WORK/venv/bin/python3")
        row_missing bench/peers.py "peers.py: numpy is not installed for $WORK/venv/bin/python3; run bench/peers.py with /usr/bin/python3, with Debian's python3-numpy installed (apt-get install python3-numpy)" \
            loadtxt a.csv
    else
        echo "note: $PYTHON -m venv is not available; the venv case is not tried"
    fi
fi

finish
