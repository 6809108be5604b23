#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_device_run.sh: bench/device_run.sh measures each thing once.
# Run with stand-ins for its copied programs and loader (each measurement an
# empty JSON object) and SMOKE=1, at THREADS 1, 2, 8 and 16: no label is
# recorded twice for the same core, and the thread counts are 1, 2, 4, 8 up to
# THREADS. It listed THREADS again in its scaling loops, which also held 2, 4
# and 8: on 2 threads "W5 2" was measured three times and "peak W5 2" twice
# (on 8 threads "W5 8"), each a slow step of a device run with a time limit.
. "$(dirname "$0")/lib.sh" scripts_device_run "$@"

D=$WORK/dev
mkdir -p "$D/bin" "$D/lib" "$D/specs"
printf '#!/bin/sh\nexec "$@"\n' > "$D/lib/ld-linux-x86-64.so.2"
printf '#!/bin/sh\necho "{}"\n' > "$D/bin/mlp_bench"
printf '#!/bin/sh\necho "mlptrain (stand-in)"\n' > "$D/bin/mlptrain"
printf '#!/bin/sh\nexit 0\n' > "$D/bin/gen_data"
chmod +x "$D"/bin/* "$D/lib/ld-linux-x86-64.so.2"

for n in 1 2 8 16; do
    (cd "$ROOT" && SMOKE=1 bash bench/device_run.sh "$D" "$WORK/out$n" "$n" > "$WORK/log$n.txt" 2>&1)
    rc=$?
    [ "$rc" = 0 ] && ok || bad "THREADS $n: exit $rc: $(tail -3 "log$n.txt")"
    why=$(/usr/bin/python3 - "$WORK/out$n/results.jsonl" "$n" 2>&1 <<'PY'
import collections, json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
n = int(sys.argv[2])
seen = collections.Counter((r["label"], r["core_asked"]) for r in rows)
twice = [f"{label!r} core={core} x{k}" for (label, core), k in seen.items() if k > 1]
if twice:
    sys.exit(f"THREADS {n}: measured more than once: {', '.join(twice)}")
want = sorted({1, n} | {t for t in (2, 4, 8) if t < n})
for kind in ("W5", "peak W5"):
    got = sorted({int(label.split()[-1]) for (label, core) in seen
                  if label.startswith(kind + " ") and label.split()[-1].isdigit()})
    if got != want:
        sys.exit(f"THREADS {n}: {kind} at {got} threads, want {want}")
PY
) && ok || bad "$why"
done

finish
