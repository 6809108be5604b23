#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Standard input and output under their other names. "-" is the file open on
# standard input (for an input) or standard output (for an output), so:
#  - an output is refused when it is the file standard input is redirected
#    from and an input is "-" (`mlppredict m.bin - -o in.csv < in.csv` had
#    replaced in.csv, exit 0);
#  - two outputs "-" and /dev/stdout are one file, refused as `-w - -o -` is
#    (one of them was lost: the other output renamed over the file the shell
#    opened, exit 0), except on a character device, which both write through;
#  - two inputs "-" and /dev/stdin (/dev/fd/0, /proc/self/fd/0) read
#    standard input twice, refused as two "-" are (the second found it empty:
#    "no data rows; the file is empty"). A regular file under its own name
#    is read anew and may be standard input too.
# Usage: test_stdio_aliases.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" stdio_aliases "$@"
cp "$ROOT/data/xor.csv" .
spec() { # TRAIN [VALIDATION]
    printf '{"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 3, "data": {"train": "%s"%s}}\n' \
        "$1" "${2:+, \"validation\": \"$2\"}"
}
spec xor.csv > ok.json
spec - > stdin.json
"$MLPTRAIN" -q -c ok.json -w m.bin -o m.csv 2> err.txt && [ -s m.bin ] && ok || bad "training: $(cat err.txt)"

# refused NAME FILE WANT-STDERR -- COMMAND...: with standard input redirected
# from FILE, the command exits 2 with exactly WANT-STDERR, leaves FILE as it
# was, writes nothing on stdout and leaves no temporary file.
refused() {
    local name=$1 file=$2 want=$3 rc
    shift 4
    cp "$file" before.copy
    "$@" < "$file" > out.txt 2> err.txt
    rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    cmp -s "$file" before.copy && [ ! -s out.txt ] && [ -z "$(find . -name '.*.tmp.*')" ] && ok \
        || bad "$name: $file changed, or something was written: $(head -c 60 "$file"; ls -A)"
}

# An output that is the file standard input reads, with an input "-".
cp xor.csv in.csv
refused 'mlppredict - -o the input' in.csv \
    'mlppredict: in.csv: the predictions would overwrite the input (<stdin>); give --output another path' \
    -- "$MLPPREDICT" m.bin - -o in.csv
refused 'mlppredict - -o ./the input' in.csv \
    'mlppredict: ./in.csv: the predictions would overwrite the input (<stdin>); give --output another path' \
    -- "$MLPPREDICT" m.bin - -o ./in.csv
refused '"train": "-" -o the data' in.csv \
    'mlptrain: in.csv: the loss log would overwrite the training data (<stdin>); give --loss-log another path' \
    -- "$MLPTRAIN" -q -c stdin.json -w m2.bin -o in.csv
cp ok.json ok2.json
refused '--config - -w the spec' ok2.json \
    'mlptrain: ok2.json: the weights would overwrite the spec (<stdin>); give --weights another path' \
    -- "$MLPTRAIN" -q -c - -w ok2.json -o x.csv
cp m.bin m4.bin
refused '--init-weights - -w the model' m4.bin \
    'mlptrain: m4.bin: the weights would overwrite the initial weights (<stdin>); give --weights another path' \
    -- "$MLPTRAIN" -q -c ok.json --init-weights - -w m4.bin -o x4.csv
[ ! -e m2.bin ] && [ ! -e x.csv ] && [ ! -e x4.csv ] && ok || bad "an output was written: $(ls)"
# Another file, or a pipe, is no input: these run.
"$MLPPREDICT" m.bin xor.csv > want.csv
"$MLPPREDICT" m.bin - -o got.csv < in.csv 2> err.txt && cmp -s want.csv got.csv && ok \
    || bad "mlppredict - -o another file: $(cat err.txt)"
cat in.csv | "$MLPPREDICT" m.bin - -o in.csv 2> err.txt && cmp -s want.csv in.csv && ok \
    || bad "mlppredict - -o FILE from a pipe: $(cat err.txt)"

# "-" and /dev/stdout as two outputs: one file when standard output is a file
# or a pipe.
"$MLPTRAIN" -q -c ok.json -w - -o /dev/stdout > both.out 2> err.txt
error_is '-w - -o /dev/stdout > file' 2 \
    'mlptrain: -: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    $? "$(cat err.txt)" && [ ! -s both.out ] && ok
"$MLPTRAIN" -q -c ok.json -w w9.bin -o /dev/stdout --trace - > both.out 2> err.txt
error_is '-o /dev/stdout --trace - > file' 2 \
    'mlptrain: /dev/stdout: the loss log and the trace would be written to the same file; give --loss-log and --trace different paths' \
    $? "$(cat err.txt)" && [ ! -s both.out ] && [ ! -e w9.bin ] && ok
"$MLPTRAIN" -q -c ok.json -w /dev/fd/1 -o - 2> err.txt | cat > both.out
error_is '-w /dev/fd/1 -o - | cat' 2 \
    'mlptrain: /dev/fd/1: the weights and the loss log would be written to the same file; give --weights and --loss-log different paths' \
    "${PIPESTATUS[0]}" "$(cat err.txt)" && [ ! -s both.out ] && ok
# A character device takes both; a file that is not standard output is
# another file.
"$MLPTRAIN" -q -c ok.json -w - -o /dev/stdout > /dev/null 2> err.txt && ok \
    || bad "-w - -o /dev/stdout > /dev/null: $(cat err.txt)"
"$MLPTRAIN" -q -c ok.json -w - -o m.csv > w.out 2> err.txt && [ -s w.out ] && [ -s m.csv ] && ok \
    || bad "-w - -o FILE: $(cat err.txt)"

# Standard input under two names.
ONCE='cannot both come from standard input, which can be read only once; give one of them as a file'
spec - /dev/stdin > sv.json
cat xor.csv | "$MLPTRAIN" -q -c sv.json -w s.bin -o s.csv > out.txt 2> err.txt
error_is '"train": "-", "validation": "/dev/stdin" from a pipe' 2 \
    "mlptrain: the training data (\"train\": \"-\") and the validation data (\"validation\": \"/dev/stdin\") $ONCE" \
    "${PIPESTATUS[1]}" "$(cat err.txt)" && [ ! -e s.bin ] && [ ! -e s.csv ] && ok
"$MLPTRAIN" -q -c sv.json -w s.bin -o s.csv < xor.csv > out.txt 2> err.txt
error_is '"train": "-", "validation": "/dev/stdin" from a file' 2 \
    "mlptrain: the training data (\"train\": \"-\") and the validation data (\"validation\": \"/dev/stdin\") $ONCE" \
    $? "$(cat err.txt)" && [ ! -e s.bin ] && ok
spec /dev/fd/0 > fd0.json
"$MLPTRAIN" -q -c - -w s.bin -o s.csv < fd0.json > out.txt 2> err.txt
error_is '--config - with "train": "/dev/fd/0"' 2 \
    "mlptrain: the spec (--config -) and the training data (\"train\": \"/dev/fd/0\") $ONCE" \
    $? "$(cat err.txt)" && [ ! -e s.bin ] && ok
for name in /dev/stdin /dev/fd/0 /proc/self/fd/0; do
    cat m.bin | "$MLPPREDICT" - "$name" > out.txt 2> err.txt
    error_is "mlppredict - $name" 2 \
        "mlppredict: the model (\"-\") and the input CSV (\"$name\") $ONCE" \
        "${PIPESTATUS[1]}" "$(cat err.txt)" && [ ! -s out.txt ] && ok
done
cat m.bin | "$MLPPREDICT" /dev/stdin m.bin - -o got.csv > out.txt 2> err.txt
error_is 'a committee model /dev/stdin and the input -' 2 \
    "mlppredict: model 1 of the committee (\"/dev/stdin\") and the input CSV (\"-\") $ONCE" \
    "${PIPESTATUS[1]}" "$(cat err.txt)" && [ ! -e got.csv ] && ok
# One reader of standard input, under any name, is fine; so is a file read
# by its own name besides standard input redirected from it.
cat xor.csv | "$MLPPREDICT" m.bin /dev/stdin > got.csv 2> err.txt && cmp -s want.csv got.csv && ok \
    || bad "mlppredict m.bin /dev/stdin: $(cat err.txt)"
# A program started on one socket for its input and output (inetd, systemd
# Accept=yes, socat EXEC:) reads and writes that socket: writing the
# predictions to it overwrites nothing it reads.
MLPPREDICT="$MLPPREDICT" /usr/bin/python3 - m.bin xor.csv > sock.csv 2> err.txt <<'PY'
import os, socket, subprocess, sys
a, b = socket.socketpair()
p = subprocess.Popen([os.environ["MLPPREDICT"], sys.argv[1], "-", "-o", "-"], stdin=b, stdout=b,
                     stderr=sys.stderr)
b.close()
a.sendall(open(sys.argv[2], "rb").read())
a.shutdown(socket.SHUT_WR)
out = b""
while chunk := a.recv(65536):
    out += chunk
sys.stdout.buffer.write(out)
sys.exit(p.wait())
PY
[ $? = 0 ] && cmp -s want.csv sock.csv && ok || bad "mlppredict m.bin - -o - on one socket: $(cat err.txt)"
spec - xor.csv > sf.json
"$MLPTRAIN" -q -c sf.json -w s.bin -o s.csv < xor.csv 2> err.txt && [ -s s.bin ] && ok \
    || bad '"train": "-", "validation": "xor.csv" < xor.csv: '"$(cat err.txt)"
finish
