#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_proben1.sh: scripts/proben1.sh's own work, without its minutes
# of training: $MLPTRAIN is a stand-in that asks the real mlptrain to --check
# the config the script hands it (so a config the spec refuses fails here as
# it would in the suite) and writes empty outputs; $MLPPREDICT prints an
# evaluation line. The real suite is not a test (docs/benchmarks.md).
. "$(dirname "$0")/lib.sh" scripts_proben1 "$@"

cat > fake-train <<'EOF'
#!/usr/bin/env bash
# -q -c CFG -s SEED --restarts N -w MODEL -o LOG, as scripts/proben1.sh calls it
while [ $# -gt 0 ]; do
    case $1 in -c) cfg=$2; shift ;; -w) w=$2; shift ;; -o) o=$2; shift ;; esac
    shift
done
"$REAL_MLPTRAIN" --check -c "$cfg" > /dev/null || exit 2
echo "$cfg" >> "$FAKE_LOG"
# FAKE_SLEEP: trains that long; a signal ends it half a second later, after
# a last write next to its model, as mlptrain writes its last epoch's outputs.
if [ -n "${FAKE_SLEEP:-}" ]; then
    echo "started $$ $w" >> "$FAKE_RUNS"
    ended() { sleep 0.5; : 2> /dev/null > "$w.late"; echo ended >> "$FAKE_RUNS"; exit 1; }
    trap ended INT TERM HUP
    sleep "$FAKE_SLEEP" &
    wait $!
    echo ended >> "$FAKE_RUNS"
fi
: > "$w" && : > "$o"
EOF
cat > fake-predict <<'EOF'
#!/usr/bin/env bash
echo "fake: mse 0.17 over 2 outputs, accuracy 75.0%" >&2
EOF
chmod +x fake-train fake-predict
export REAL_MLPTRAIN=$MLPTRAIN FAKE_LOG=$WORK/trained.txt FAKE_RUNS=$WORK/runs.txt

# proben1 ARGS...: the script with the stand-ins; stdout in out.txt, stderr in
# err.txt, the exit status in $rc.
proben1() {
    : > "$FAKE_LOG"
    MLPTRAIN=$WORK/fake-train MLPPREDICT=$WORK/fake-predict \
        bash "$ROOT/scripts/proben1.sh" "$@" > out.txt 2> err.txt
    rc=$?
}

# early_stopping CFG: the config's "early_stopping" object as JSON, keys sorted.
early_stopping() {
    /usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["early_stopping"], sort_keys=True))' "$1"
}

# 1. --refit off removes "refit" and the "refit_scale" that needs it (it used
# to leave "refit_scale", which the spec refuses: every training of the 12
# sets that refit failed, exit 123, no table).
proben1 --refit off --sets diabetes --committee 1 --jobs 2 --keep k1
[ "$rc" = 0 ] && ok || bad "--refit off: exit $rc: $(cat err.txt)"
grep -q '^| diabetes | 0.1616 (Batch) | 0.17 ± 0 | 25.00 ± 0.00 |' out.txt && ok \
    || bad "--refit off: no table row for diabetes: $(cat out.txt)"
got=$(early_stopping k1/diabetes.json)
[ "$got" = '{"patience": 200}' ] && ok || bad "--refit off: early_stopping is $got, want {\"patience\": 200}"
[ "$(sort -u "$FAKE_LOG")" = "$WORK/k1/diabetes.json" ] && ok \
    || bad "--refit off: trained $(sort -u "$FAKE_LOG" | xargs), want $WORK/k1/diabetes.json"
# The rest of the config as it was, the training file made absolute.
/usr/bin/python3 - "$ROOT/configs/proben1/diabetes.json" k1/diabetes.json "$ROOT" <<'EOF' && ok || bad "--refit off changed more than early_stopping and data.train"
import json, os, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert b["data"]["train"] == os.path.join(sys.argv[3], "data/proben1/diabetes.train.csv"), b["data"]["train"]
for s in (a, b):
    del s["early_stopping"], s["data"]["train"]
assert a == b
EOF

# 2. --refit on adds "refit" where a config has none (mushroom), and keeps a
# "refit_scale" that is there (diabetes).
proben1 --refit on --sets mushroom,diabetes --committee 1 --jobs 2 --keep k2
[ "$rc" = 0 ] && ok || bad "--refit on: exit $rc: $(cat err.txt)"
got=$(early_stopping k2/mushroom.json)
[ "$got" = '{"patience": 200, "refit": true}' ] && ok || bad "--refit on: mushroom's early_stopping is $got"
got=$(early_stopping k2/diabetes.json)
[ "$got" = '{"patience": 200, "refit": true, "refit_scale": 1.25}' ] && ok \
    || bad "--refit on: diabetes's early_stopping is $got"

# 3. Without --refit the shipped config itself is trained.
proben1 --sets diabetes --committee 1 --jobs 1
[ "$rc" = 0 ] && [ "$(sort -u "$FAKE_LOG")" = configs/proben1/diabetes.json ] && ok \
    || bad "no --refit: exit $rc, trained $(sort -u "$FAKE_LOG" | xargs): $(cat err.txt)"

# 4. A signal stops the trainings, waits for them, removes the work folder and
# ends the script by that signal. The folder used to be removed by the EXIT
# trap while the trainings ran on (and wrote into it): it was left behind.
# interrupt SIG WHOM: SIG to the script (pid) or to its process group (group:
# Ctrl-C in a terminal) once two trainings run.
interrupt() {
    local sig=$1 whom=$2 pid want i work started ended
    : > "$FAKE_RUNS"
    set -m
    FAKE_SLEEP=5 MLPTRAIN=$WORK/fake-train MLPPREDICT=$WORK/fake-predict \
        bash "$ROOT/scripts/proben1.sh" --sets diabetes --committee 1 --jobs 2 > out.txt 2> err.txt &
    pid=$!
    set +m
    for ((i = 0; i < 100; i++)); do
        [ "$(grep -c '^started' "$FAKE_RUNS")" -ge 2 ] && break
        sleep 0.1
    done
    work=$(sed -n '1s/^started [0-9]* \(.*\)\/[^/]*$/\1/p' "$FAKE_RUNS")
    if [ "$whom" = group ]; then kill -"$sig" -- "-$pid"; else kill -"$sig" "$pid"; fi
    { wait "$pid"; } 2> /dev/null
    rc=$?
    started=$(grep -c '^started' "$FAKE_RUNS")
    ended=$(grep -c '^ended' "$FAKE_RUNS")
    want=$((128 + $(kill -l "$sig")))
    [ "$rc" = "$want" ] && ok || bad "SIG$sig to the $whom: exit $rc, want $want: $(cat err.txt)"
    [ "$started" -ge 2 ] && [ "$started" = "$ended" ] && ok \
        || bad "SIG$sig to the $whom: $started trainings started, $ended ended when the script did"
    case $work in
        /tmp/mlp-proben1.*) [ ! -e "$work" ] && ok || bad "SIG$sig to the $whom: left $work: $(ls "$work")" ;;
        *) bad "SIG$sig to the $whom: no work folder found ($(cat "$FAKE_RUNS"))" ;;
    esac
    # What the test could not stop itself (the script before the fix).
    for i in $(sed -n 's/^started \([0-9]*\) .*/\1/p' "$FAKE_RUNS"); do kill "$i" 2> /dev/null; done
    return 0
}
interrupt TERM pid
interrupt HUP pid
interrupt INT group


# 5. --sets with an empty name (a bash error before: "bad array subscript";
# '' ran all 16 sets) or a set twice (trained twice into the same files
# before): usage errors. With the stand-ins, so that a run that is not
# refused takes seconds.
export MLPTRAIN=$WORK/fake-train MLPPREDICT=$WORK/fake-predict
usage_error "--sets ,diabetes" "proben1.sh: --sets: an empty name in \",diabetes\"; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --sets ,diabetes --jobs 2
usage_error "--sets diabetes,diabetes" "proben1.sh: --sets: \"diabetes\" twice; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --sets diabetes,diabetes --jobs 2
usage_error "--sets ''" "proben1.sh: --sets: no set named; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --sets '' --quick --jobs 2

finish
