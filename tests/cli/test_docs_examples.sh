#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Examples that cannot go stale: every example output in README.md and
# docs/*.md is marked with the command that produces it
# (<!-- example: COMMAND --> before its block; tests/README.md says how) and
# is re-run here by docs_examples.py, which compares the shown lines with
# what the command prints today (timings masked). A changed message, figure
# or summary fails this test until the docs are updated. The extractor's own
# rules are checked first on a small document, so it cannot pass vacuously.
# Usage: test_docs_examples.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" docs_examples "$@"
PYTHON=/usr/bin/python3
BIN=$(dirname "$MLPTRAIN")
CHECK="$ROOT/tests/cli/docs_examples.py"

# --------------------------------------------------------------------------
# The extractor: a matching block, "...", "$ " lines, masked timings, and a
# block that differs (failure, with the marker's place).

cat > good.md <<'MD'
Some text.

<!-- example: echo "trained 3 epochs in 0.5 s (0.1 ms/epoch)"; echo two; echo three; echo four -->
```
$ echo two
trained 3 epochs in 0.004 s (0.00203 ms/epoch)
...
four
```

<!-- example: printf 'epoch 1/2 [#.] 50%%  12 epochs/s  ETA 0.1 s\r\033[Kdone\n' -->
```
epoch 1/2 [#.] 50%  99 epochs/s  ETA 3 s
done
```
MD
# Figures within 1% and a line's beginning (" ..."); a multi-line marker.
cat >> good.md <<'MD'

<!-- example: echo "loss 0.0142575, mse 0.00405501 (200 rows)"
echo "gradient mismatch: layer 1 b[1][0] relative error 2.53e-11" -->
```
loss 0.014248, mse 0.00405222 (200 rows)
gradient mismatch: layer 1 ...
```
MD
"$PYTHON" "$CHECK" "$ROOT" "$BIN" good.md > good.out 2>&1 && grep -qx '3 examples checked, 0 differ' good.out \
    && ok || bad "the extractor must accept good.md: $(cat good.out)"

printf '%s\n' 'x' '' '<!-- example: echo one; echo two -->' '```' 'one' 'three' '```' > stale.md
"$PYTHON" "$CHECK" "$ROOT" "$BIN" stale.md > stale.out 2>&1
status=$?
[ "$status" = 1 ] && grep -q '^FAIL stale.md:3: the example differs from what `echo one; echo two` prints today' stale.out \
    && grep -qx '+two' stale.out && grep -qx -- '-three' stale.out && ok \
    || bad "a stale example must fail with a diff (status $status): $(cat stale.out)"

# A figure 2% off, a count one off, a beginning that differs: each fails.
for pair in '0.0167999 0.0142575' '201 200' 'layer 2 ... layer 1 b'; do
    shown=${pair% *} printed=${pair#* }
    [ "$pair" = 'layer 2 ... layer 1 b' ] && shown='layer 2 ...' printed='layer 1 b'
    printf '%s\n' "<!-- example: echo 'loss $printed' -->" '```' "loss $shown" '```' > off.md
    "$PYTHON" "$CHECK" "$ROOT" "$BIN" off.md > off.out 2>&1
    [ $? = 1 ] && ok || bad "\"loss $shown\" must not match \"loss $printed\": $(cat off.out)"
done

printf '%s\n' '<!-- example: echo one -->' '```' '$ echo two' 'one' '```' > shown.md
"$PYTHON" "$CHECK" "$ROOT" "$BIN" shown.md > shown.out 2>&1
[ $? = 1 ] && grep -q 'the block shows "$ echo two", which the marker' shown.out && ok \
    || bad "a shown command the marker does not run must fail: $(cat shown.out)"

printf '%s\n' '<!-- example: echo one -->' '' '```' 'one' '```' > loose.md
"$PYTHON" "$CHECK" "$ROOT" "$BIN" loose.md > loose.out 2>&1
[ $? != 0 ] && grep -q 'loose.md:1: an example marker must be followed at once by a fenced block' loose.out && ok \
    || bad "a marker without its block must fail: $(cat loose.out)"

printf 'no examples here\n' > none.md
"$PYTHON" "$CHECK" "$ROOT" "$BIN" none.md > none.out 2>&1
[ $? = 2 ] && ok || bad "no example at all must fail: $(cat none.out)"

# --------------------------------------------------------------------------
# The documentation itself.

"$PYTHON" "$CHECK" "$ROOT" "$BIN" > docs.out 2>&1
status=$?
cat docs.out
[ "$status" = 0 ] && ok || bad "an example in README.md or docs/ differs from what its command prints today (above)"
n=$(sed -n 's/^\([0-9]*\) examples checked, .*/\1/p' docs.out)
# The examples marked when this test was written; fewer means markers were lost.
[ -n "$n" ] && [ "$n" -ge 20 ] && ok || bad "only ${n:-no} examples found in README.md and docs/*.md"

finish
