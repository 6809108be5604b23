#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_fuzz_seeds.sh: scripts/fuzz.sh --seeds, run in a copy of the
# files it reads and writes (its programs: the ones under test), rebuilds the
# seeds it makes from the fixtures and keeps every other file of fuzz/corpus/
# byte for byte: the seeds written by hand (spec/features_wide.json, predict/hand_*,
# csv_stream/hand_* (only named columns keeping their texts),
# npz/local_name_differs.npz, and two added here), the *_v2.bin and *_v3.bin weights. It
# used to remove the whole folder and keep only the *_v2.bin and numpy_*.npz
# files, so features_wide.json was lost at every rebuild. A seed of a name it
# makes whose fixture is gone is removed; and when a program is missing,
# nothing is touched (it used to check for build/mlptrain only after removing
# the corpus, and for build/mlppredict not at all).
. "$(dirname "$0")/lib.sh" scripts_fuzz_seeds "$@"

R=$WORK/repo
mkdir -p "$R/scripts" "$R/fuzz" "$R/tests/fixtures" "$R/configs" "$R/data" "$R/build"
cp "$ROOT"/scripts/*.sh "$R/scripts/"
cp "$ROOT/fuzz/npz_seeds.py" "$R/fuzz/"
cp -r "$ROOT/fuzz/corpus" "$R/fuzz/"
for d in specs preflight csv diagnose; do cp -r "$ROOT/tests/fixtures/$d" "$R/tests/fixtures/"; done
cp "$ROOT"/configs/*.json "$R/configs/"
cp "$ROOT/data/xor.csv" "$R/data/"
ln -s "$MLPTRAIN" "$R/build/mlptrain"
ln -s "$MLPPREDICT" "$R/build/mlppredict"

# Hand-made seeds: the committed one and two more; a stale seed of a fixture
# since removed.
printf '"a\\"b",c\n1,2\n' > "$R/fuzz/corpus/csv/hand_quoted"
printf '0x1.8p1' > "$R/fuzz/corpus/number/hex_float"
echo '{}' > "$R/fuzz/corpus/spec/specs_removed_fixture.json"
hand=(spec/features_wide.json csv/hand_quoted number/hex_float weights/xor_v2.bin weights/rare_v2.bin weights/xor_v3.bin
      weights/xor_v4.bin npz/local_name_differs.npz)
[ -f "$R/fuzz/corpus/spec/features_wide.json" ] && ok || bad "fuzz/corpus/spec/features_wide.json is not committed"
mkdir before
for h in "${hand[@]}"; do cp "$R/fuzz/corpus/$h" "before/${h//\//_}"; done
snapshot() { (cd "$R/fuzz/corpus" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# 1. A program missing: exit 2, one line, the corpus as it was.
snapshot > corpus.before
mv "$R/build/mlppredict" "$R/build/away"
(cd "$R" && bash scripts/fuzz.sh --seeds > out.txt 2> err.txt)
rc=$?
error_is "--seeds without build/mlppredict" 2 \
    "fuzz.sh: build/mlptrain or build/mlppredict is missing; run scripts/build.sh first" "$rc" "$(cat "$R/err.txt")" && ok
snapshot | cmp -s - corpus.before && ok || bad "--seeds without build/mlppredict changed fuzz/corpus/"
mv "$R/build/away" "$R/build/mlppredict"

# 2. The rebuild.
(cd "$R" && bash scripts/fuzz.sh --seeds > out.txt 2> err.txt)
rc=$?
[ "$rc" = 0 ] && [ ! -s "$R/err.txt" ] && ok || bad "--seeds: exit $rc: $(cat "$R/err.txt")"
for h in "${hand[@]}"; do
    cmp -s "before/${h//\//_}" "$R/fuzz/corpus/$h" && ok || bad "--seeds did not keep $h as it was"
done
kept=$(sed -n 's|^fuzz\.sh: [0-9]* seeds made in fuzz/corpus/; ||p' "$R/out.txt")
hand_stream="csv_stream/hand_text_names csv_stream/hand_text_names_no_header"
hand_predict="predict/hand_far_values predict/hand_latin1_header predict/hand_missing_feature predict/hand_no_header predict/hand_pandas_numbers predict/hand_reordered predict/hand_unseen_label"
[ "$kept" = "25 others kept: spec/features_wide.json csv/hand_quoted $hand_stream $hand_predict weights/moons_softmax2_v2.bin weights/moons_softmax2_v3.bin weights/moons_softmax2_v4.bin weights/rare_v2.bin weights/rare_v3.bin weights/rare_v4.bin weights/scales_normalized_v2.bin weights/scales_normalized_v3.bin weights/scales_normalized_v4.bin weights/xor_v2.bin weights/xor_v3.bin weights/xor_v4.bin npz/local_name_differs.npz number/hex_float" ] \
    && ok || bad "--seeds did not say what it kept: $(cat "$R/out.txt")"
[ ! -e "$R/fuzz/corpus/spec/specs_removed_fixture.json" ] && ok \
    || bad "--seeds kept specs_removed_fixture.json, a seed of its own whose fixture is gone"
# What it makes, from the fixtures of the copy.
cmp -s "$R/configs/xor.json" "$R/fuzz/corpus/spec/configs_xor.json" && ok || bad "spec/configs_xor.json is not configs/xor.json"
{ printf '\x13'; cat "$R/data/xor.csv"; } | cmp -s - "$R/fuzz/corpus/csv/data_xor_13" && ok \
    || bad "csv/data_xor_13 is not the byte 0x13 then data/xor.csv"
{ printf '\x07\x05'; cat "$R/data/xor.csv"; } | cmp -s - "$R/fuzz/corpus/csv_stream/data_xor_0705" && ok \
    || bad "csv_stream/data_xor_0705 is not the bytes 0x07 0x05 then data/xor.csv"
{ printf '\x6b'; cat "$R/data/xor.csv"; } | cmp -s - "$R/fuzz/corpus/predict/data_xor_6b" && ok \
    || bad "predict/data_xor_6b is not the byte 0x6b then data/xor.csv"
[ "$(cat "$R/fuzz/corpus/number/n3")" = 1.5 ] && ok || bad "number/n3 is not 1.5"
"$MLPPREDICT" --info "$R/fuzz/corpus/weights/xor.bin" > /dev/null 2>&1 \
    && "$MLPPREDICT" --info "$R/fuzz/corpus/npz/xor.npz" > /dev/null 2>&1 && ok \
    || bad "weights/xor.bin or npz/xor.npz does not read"
# The committed seeds are the writer's of today: they were version 3 files
# when mlp wrote version 4, so no seed had the version 4 block. A format
# change re-makes them (--seeds; the old ones kept as *_v<N>.bin).
version() { "$MLPPREDICT" --info "$1" 2>/dev/null | sed -n 's/^format version *//p'; }
made_v=$(version "$R/fuzz/corpus/weights/xor.bin")
committed_v=$(version "$ROOT/fuzz/corpus/weights/xor.bin")
[ -n "$made_v" ] && [ "$made_v" = "$committed_v" ] && ok \
    || bad "fuzz/corpus/weights/xor.bin is format version $committed_v, mlp writes $made_v: run scripts/fuzz.sh --seeds"
n=$(find "$R/fuzz/corpus" -type f | wc -l)
[ "$n" -gt 150 ] && ok || bad "only $n seeds after --seeds"

finish
