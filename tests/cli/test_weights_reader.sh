#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The weights file read by an independent reader: mlptrain writes the
# built-in XOR model, scripts/read_weights.py (written from
# docs/weights-format.md alone) must read it back as that model, and must
# refuse a copy with one byte changed or cut short, and, as mlppredict must,
# a whole copy whose layer sizes do not fit its parameters.
# Usage (from the repository root, as ctest runs it): bash test_weights_reader.sh MLPTRAIN MLPPREDICT
set -u

mlptrain=$1
mlppredict=$2
python=/usr/bin/python3
reader="$(dirname "$0")/../../scripts/read_weights.py"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$python" ] || fail "$python is missing (Debian: apt-get install python3)"
[ -x "$mlptrain" ] || fail "no mlptrain at $mlptrain"
tmp=$(mktemp -d /tmp/mlp-test-reader-XXXXXX) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

OPENBLAS_NUM_THREADS=1 "$mlptrain" --quiet --epochs 50 --weights "$tmp/x.bin" --loss-log "$tmp/x.csv" \
    >"$tmp/train.out" 2>"$tmp/train.err" || fail "mlptrain exited $?: $(cat "$tmp/train.err")"
[ -s "$tmp/x.bin" ] || fail "mlptrain wrote no weights file"

"$python" "$reader" "$tmp/x.bin" >"$tmp/x.json" 2>"$tmp/reader.err" ||
    fail "the reader rejected mlptrain's file: $(cat "$tmp/reader.err")"

# What the built-in XOR spec (src/builtin_xor.c: layers [2, 4, 1], tanh then
# sigmoid, binary cross-entropy) and its data (header x1,x2,y, labels 0 and 1)
# must give.
"$python" - "$tmp/x.json" "$tmp/x.csv" <<'EOF' || fail "the model read back is not the XOR model"
import json, math, sys
m = json.load(open(sys.argv[1]))
def check(cond, what):
    if not cond:
        sys.exit(f"{what}: {json.dumps(m)[:400]}")
check(m["version"] == 5, "version")
check(isinstance(m["provenance"]["blas_core"], str) and m["provenance"]["blas_core"] != "", "BLAS core")
check(m["provenance"]["vector_isa"] in ("avx512f", "avx2", "sse2", "libm"), "vector ISA")
prov = m.get("provenance")
check(isinstance(prov, dict) and prov["mlp_version"] != "", "provenance block")
import hashlib
xor_csv = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"
check(prov["data_sha256"] == hashlib.sha256(xor_csv.encode()).hexdigest(), "digest of the built-in data")
check(prov["spec_sha256"] is not None and len(prov["spec_sha256"]) == 64, "digest of the spec")
t = prov["training"]
check(t is not None and t["seed"] == 42 and t["threads"] == 1 and t["epochs_run"] == 50, "training figures")
check(t["ranks"] == 1, "ranks of one process")
# Version 5: full batch (the built-in spec has no batch_size), so no shuffle;
# no validation file, no --init-weights; the settings' digest is known.
check(t["batch_size"] == 0 and t["shuffle_seed"] is None, "full batch, not shuffled")
check(prov["validation_sha256"] is None and prov["init_sha256"] is None, "no validation or initial weights file")
check(prov["settings_sha256"] is not None and len(prov["settings_sha256"]) == 64, "digest of the settings")
check(1 <= t["best_epoch"] <= 50 and 0 < t["final_loss"] < 1 and 0 < t["best_loss"] < 1, "losses")
sizes = m["layers"]
check(sizes == [2, 4, 1], "layer sizes")
check(m["activations"] == ["tanh", "sigmoid"], "activations")
check(m["loss"] == "binary_cross_entropy", "loss")
check(m["normalize"] == "none", "normalisation")
check(m["names_from_header"] is True and m["one_hot_columns"] is False, "flags")
check(m["features"] == ["x1", "x2"], "feature names")
check(m["targets"] == ["y"], "target names")
check(m["outputs"] == 1, "outputs")
check(m["labels"] == ["0", "1"], "labels")
params = m["parameters"]
check(len(params) == len(sizes) - 1, "one parameter set per layer")
for l, p in enumerate(params):
    check(len(p["W"]) == sizes[l + 1] and all(len(r) == sizes[l] for r in p["W"]), f"W{l+1} shape")
    check(len(p["b"]) == sizes[l + 1], f"b{l+1} shape")
    check(all(math.isfinite(x) for r in p["W"] for x in r), "finite W")
check(any(x != 0 for p in params for r in p["W"] for x in r), "trained weights are not all zero")
rows = open(sys.argv[2]).read().splitlines()
check(rows[0] == "epoch,loss,accuracy", "loss log header")
check(len(rows) == 51 and rows[-1].startswith("50,"), "50 loss-log rows")
EOF

# One byte changed in the middle of the parameters: the CRC catches it.
size=$(stat -c %s "$tmp/x.bin")
cp "$tmp/x.bin" "$tmp/flipped.bin"
"$python" -c '
import sys
p, at = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read()); b[at] ^= 0x10; open(p, "wb").write(b)' "$tmp/flipped.bin" $((size - 12))
if "$python" "$reader" "$tmp/flipped.bin" >/dev/null 2>"$tmp/flip.err"; then
    fail "the reader accepted a file with a flipped byte"
fi
grep -q "checksum mismatch" "$tmp/flip.err" || fail "flipped byte: $(cat "$tmp/flip.err")"

# Cut short: the size field says so.
head -c $((size - 7)) "$tmp/x.bin" >"$tmp/short.bin"
if "$python" "$reader" "$tmp/short.bin" >/dev/null 2>"$tmp/short.err"; then
    fail "the reader accepted a truncated file"
fi
grep -q "truncated: expected 7 more bytes at offset $((size - 7))" "$tmp/short.err" ||
    fail "truncated file: $(cat "$tmp/short.err")"

# Whole (the size field and the CRC agree) but inconsistent inside: the
# hidden layer said to hold 6 units instead of 4, so the layer sizes call
# for more parameters than the file holds. Both readers call it what it
# is, naming the offset, not "truncated ... copy it again" (as mlppredict
# did). offset 28 is sizes[1] of [2, 4, 1]; parameters 2*6+6 + 1*6+1 = 25.
[ -x "$mlppredict" ] || fail "no mlppredict at $mlppredict"
"$python" -c '
import struct, sys, zlib
d = bytearray(open(sys.argv[1], "rb").read())
struct.pack_into("<I", d, 28, 6)
b = bytes(d[:-4])
open(sys.argv[2], "wb").write(b + struct.pack("<I", zlib.crc32(b)))' "$tmp/x.bin" "$tmp/sizes.bin" ||
    fail "cannot write the forged file"
body_end=$((size - 4)) params_at=$((size - 4 - 8 * 17))
want="the layer sizes call for 25 parameters (200 bytes) at offset $params_at, but 136 bytes are left before the checksum at offset $body_end"
if "$python" "$reader" "$tmp/sizes.bin" >/dev/null 2>"$tmp/sizes.err"; then
    fail "the reader accepted a file whose layer sizes do not fit its parameters"
fi
[ "$(cat "$tmp/sizes.err")" = "read_weights.py: $tmp/sizes.bin: $want" ] ||
    fail "forged layer size, read_weights.py: $(cat "$tmp/sizes.err")"
cp "$tmp/sizes.bin" "$tmp/sizes.copy"
"$mlppredict" --info "$tmp/sizes.bin" >"$tmp/info.out" 2>"$tmp/info.err"
rc=$?
[ "$rc" -eq 2 ] || fail "forged layer size: mlppredict --info exited $rc, not 2"
[ ! -s "$tmp/info.out" ] || fail "forged layer size: mlppredict --info printed: $(cat "$tmp/info.out")"
[ "$(cat "$tmp/info.err")" = "mlppredict: $tmp/sizes.bin: inconsistent model: $want; the file was not written by mlptrain or was altered; retrain the model" ] ||
    fail "forged layer size, mlppredict: $(cat "$tmp/info.err")"
cmp -s "$tmp/sizes.bin" "$tmp/sizes.copy" || fail "mlppredict --info changed the file it read"

# A version 1 file still reads: the worked example of docs/weights-format.md,
# its bytes copied from the hex dump there.
"$python" - "$tmp/v1.bin" <<'EOF' || fail "cannot write the version 1 example"
import sys
hexdump = """
4d 4c 50 57 0d 0a 1a 0a 01 00 00 00 8c 00 00 00 00 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00
00 02 01 01 00 02 00 00 00 02 00 00 00 78 31 02 00 00 00 78 32 01 00 00 00 01 00 00 00 79 01 00
00 00 02 00 00 00 01 00 00 00 30 01 00 00 00 31 00 00 00 00 00 00 e0 3f 00 00 00 00 00 00 e0 3f
00 00 00 00 00 00 e0 3f 00 00 00 00 00 00 e0 3f 00 00 00 00 00 00 e0 3f 00 00 00 00 00 00 00 c0
00 00 00 00 00 00 d0 3f c9 56 6e be
"""
open(sys.argv[1], "wb").write(bytes.fromhex(hexdump))
EOF
"$python" "$reader" "$tmp/v1.bin" >"$tmp/v1.json" 2>"$tmp/v1.err" || fail "version 1 example: $(cat "$tmp/v1.err")"
"$python" -c '
import json, sys
m = json.load(open(sys.argv[1]))
assert m["version"] == 1 and "provenance" not in m, m
assert m["parameters"] == [{"W": [[0.5, -2.0]], "b": [0.25]}], m["parameters"]
assert m["mean"] == [0.5, 0.5] and m["labels"] == ["0", "1"], m
' "$tmp/v1.json" || fail "the version 1 example read wrong"

echo "ok: read_weights.py reads mlptrain's model and rejects damaged copies; mlppredict too"
