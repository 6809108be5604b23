#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/weights-format.md, "How a file is checked", step 5: each count of the
# schema (F, T, K, C) is checked against the layer sizes as it is read, and
# told at its own offset. The moons model (2 -> 16 -> 16 -> 2 softmax) with
# one count changed and the CRC recomputed gets exactly the messages the doc
# quotes. They were about later fields: F = 1 as a string running past the
# checksum, T = 0 as labels that do not fit, K = 3 in the C API's words
# without an offset, C = 1 without an offset.
# Usage: test_weights_counts.sh MLPTRAIN MLPPREDICT
. "$(dirname "$0")/lib.sh" weights_counts "$@"

"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -w moons.bin -o moons.loss.csv \
    || { bad "training failed"; finish; }
# set FIELD VALUE OUT: moons.bin with count FIELD (F, T, K or C) set to VALUE,
# the CRC recomputed so that only the body's checks can object.
set_count() {
    /usr/bin/python3 - "$@" << 'PY'
import struct, sys, zlib
field, value, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
b = bytearray(open("moons.bin", "rb").read())
L = struct.unpack_from("<I", b, 20)[0]
at = {"F": 32 + 5 * L}
def past_names(p):  # a u32 count, then that many u32-length strings
    for _ in range(struct.unpack_from("<I", b, p)[0]):
        p += 4 + struct.unpack_from("<I", b, p + 4)[0]
    return p + 4
at["T"] = past_names(at["F"])
at["K"] = past_names(at["T"])
at["C"] = at["K"] + 4
struct.pack_into("<I", b, at[field], value)
struct.pack_into("<I", b, len(b) - 4, zlib.crc32(bytes(b[:-4])))
open(out, "wb").write(b)
PY
}
# The doc's step 5, its lines joined, so that a quote wrapped over two lines is found.
doc=$(tr '\n' ' ' < "$ROOT/docs/weights-format.md" | tr -s ' ')
hint='the file was not written by mlptrain or was altered; retrain the model'
for c in "F 1 1 feature name at offset 47 for 2 inputs (expected 2)" \
    "T 0 0 target names at offset 63 for 2 outputs (expected 1 or 2)" \
    "K 3 3 outputs at offset 76 for a last layer of 2 units (expected 2)" \
    "C 1 1 class label at offset 80 for 2 outputs (expected 0 or 2)"; do
    read -r field value want <<< "$c"
    set_count "$field" "$value" "$field.bin"
    "$MLPPREDICT" --info "$field.bin" > out.txt 2> err.txt
    error_is "$field = $value" 2 "mlppredict: $field.bin: inconsistent model: $want; $hint" \
        $? "$(cat err.txt)" && { [ ! -s out.txt ] && ok || bad "$field.bin: wrote $(cat out.txt)"; }
    case $doc in
    *"\`$want\`"*) ok ;;
    *) bad "docs/weights-format.md does not quote: $want" ;;
    esac
done
# The file as written reads.
"$MLPPREDICT" --info moons.bin > /dev/null && ok || bad "moons.bin does not read"

finish
