#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_read_weights.sh: scripts/read_weights.py on a model with an
# activation or loss code past the last it knows (what a newer mlp's file
# looks like, docs/weights-format.md "Versions"): one line naming the file,
# the code, the layer and the byte offset, and what to do, exit 1, nothing on
# stdout; the same offset as mlppredict's message. It said "unknown
# activation code in [1, 9]" and "unknown loss code 7": no offset, no layer,
# no way out.
. "$(dirname "$0")/lib.sh" scripts_read_weights "$@"

reader=$ROOT/scripts/read_weights.py
OPENBLAS_NUM_THREADS=1 "$MLPTRAIN" -q --epochs 5 -w x.bin -o x.csv || bad "mlptrain could not train the XOR model"
# forge NAME OFFSET BYTE: x.bin with the byte at OFFSET set, the CRC-32 made
# right again, so the code is the only thing wrong. [2, 4, 1]: the layer codes
# are at 28 + 4 * 2 = 36 and 37, the loss code at 38.
forge() {
    /usr/bin/python3 - "$@" <<'PY'
import struct, sys, zlib
name, at, byte = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = bytearray(open("x.bin", "rb").read())
d[at] = byte
b = bytes(d[:-4])
open(name, "wb").write(b + struct.pack("<I", zlib.crc32(b)))
PY
}
forge act.bin 37 9
forge loss.bin 38 7

# expect FILE WANT-MESSAGE: read_weights.py's verdict on FILE.
expect() {
    /usr/bin/python3 "$reader" "$1" > out.txt 2> err.txt
    error_is "read_weights.py $1" 1 "read_weights.py: $1: $2" "$?" "$(cat err.txt)" \
        && { [ ! -s out.txt ] && ok || bad "read_weights.py $1 wrote to stdout: $(head -c 200 out.txt)"; }
}
hint="written by a newer mlp, or altered; read it with the newer mlp that wrote it, or retrain the model"
expect act.bin "unknown activation code 9 for layer 2 at offset 37 (this reader knows 0 to 6): $hint"
expect loss.bin "unknown loss code 7 at offset 38 (this reader knows 0 to 2): $hint"
# The offsets are mlppredict's too.
for f in act.bin loss.bin; do
    "$MLPPREDICT" --info "$f" > /dev/null 2> info.txt
    at=$(sed -n 's/.* at offset \([0-9]*\) .*/\1/p' info.txt)
    grep -q " at offset $at (this reader" <(/usr/bin/python3 "$reader" "$f" 2>&1) && [ -n "$at" ] && ok \
        || bad "$f: mlppredict says $(cat info.txt)"
done
# The model itself still reads.
/usr/bin/python3 "$reader" x.bin > x.json && ok || bad "read_weights.py refused mlptrain's model"

finish
