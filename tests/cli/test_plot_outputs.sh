#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot's picture as an output (docs/plots.md, "Errors"; docs/exit-codes.md):
# a write that fails (a full device, a file-size limit) exits 2 with the
# error, leaves the previous picture byte for byte and no temporary file;
# a picture that would replace one of its inputs is refused (exit 2) for
# every kind.
# mlpplot is the program beside mlptrain. Every run is under `timeout`.
. "$(dirname "$0")/lib.sh" plot_outputs "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
# PLplot's libraries keep caches for the life of the process (sanitizer build).
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
T="timeout 60"
cp "$ROOT/data/moons.csv" data.csv
"$MLPTRAIN" -q -c "$ROOT/configs/moons.json" -e 300 -w model.bin -o loss.csv || bad "training moons"
no_temps() { ! find . -name '.*.tmp.*' | grep -q .; }

# expect NAME STATUS MESSAGE CMD...: this exit status and exact message,
# nothing on stdout, no file created or changed, no temporary file left.
snapshot() { find . -type f ! -name '*.txt' -printf '%p ' -exec md5sum {} \; | sort; }
expect() {
    local name=$1 want_rc=$2 want=$3 rc=0 before
    shift 3
    before=$(snapshot)
    "$@" >out.txt 2>err.txt || rc=$?
    if error_is "$name" "$want_rc" "$want" "$rc" "$(cat err.txt)"; then
        [ ! -s out.txt ] && ok || bad "$name: wrote to stdout: $(cat out.txt)"
        [ "$(snapshot)" = "$before" ] && ok || bad "$name: files changed: $(diff <(echo "$before") <(snapshot))"
        no_temps && ok || bad "$name: a temporary file was left: $(ls -A)"
    fi
}

# --------------------------------------------------------------------------
# Write failures. PLplot writes the picture and ignores what its writes
# return: mlpplot once renamed a cut-off picture into place (the first 20480
# bytes under `ulimit -f 20`) and exited 0, and on a full disk blamed the
# cairo driver. A previous picture stays; SIGXFSZ is ignored (signals.h).
full="cannot write: No space left on device; free some disk space and try again"
big="cannot write: File too large; the file would pass a size limit (ulimit -f, or the file system's): raise it, or write the file elsewhere"
for ext in png svg pdf; do
    ln -s /dev/full "full.$ext"
    expect "loss .$ext on /dev/full" 2 "mlpplot: full.$ext: $full" \
        $T "$MLPPLOT" loss loss.csv -o "full.$ext"
    expect "surface .$ext on /dev/full" 2 "mlpplot: full.$ext: $full" \
        $T "$MLPPLOT" surface model.bin data.csv -o "full.$ext"
    printf 'old picture\n' > "old.$ext"
    cp "old.$ext" old.prev
    # 20 KiB: less than each picture (about 45 KB to 5 MB).
    expect "surface .$ext over ulimit -f" 2 "mlpplot: old.$ext: $big" \
        $T bash -c "ulimit -f 20; exec \"$MLPPLOT\" surface model.bin data.csv -o old.$ext"
    expect "units .$ext over ulimit -f" 2 "mlpplot: old.$ext: $big" \
        $T bash -c "ulimit -f 20; exec \"$MLPPLOT\" units model.bin data.csv -o old.$ext"
    cmp -s "old.$ext" old.prev && ok || bad "old.$ext was changed"
    rm -f "full.$ext" "old.$ext" old.prev
done
# Without a limit the same pictures are written whole.
for ext in png svg pdf; do
    $T "$MLPPLOT" surface model.bin data.csv -o "whole.$ext" 2> err.txt && [ -s "whole.$ext" ] && ok \
        || bad "surface .$ext: $(cat err.txt)"
done
[ "$(tail -c 8 whole.png | od -An -tx1 | tr -d ' \n')" = "49454e44ae426082" ] && ok \
    || bad "whole.png does not end with its IEND chunk"
grep -q '</svg>' whole.svg && ok || bad "whole.svg has no </svg>"
tail -c 8 whole.pdf | grep -q '%%EOF' && ok || bad "whole.pdf has no %%EOF"
rm -f whole.*

# --------------------------------------------------------------------------
# An output that is an input, under any name (a link, a hard link, another
# spelling), for every kind: refused as mlptrain and mlppredict refuse it
# (outputs.h), before anything is read. It once drew the picture over the
# model or the data.
ln -s model.bin model.png
expect "surface over its model (a link)" 2 \
    "mlpplot: model.png: the picture would overwrite the model (model.png); give --output another path" \
    $T "$MLPPLOT" surface model.png data.csv -o model.png
cp data.csv data.png
expect "surface over its data" 2 \
    "mlpplot: ./data.png: the picture would overwrite the data (data.png); give --output another path" \
    $T "$MLPPLOT" surface model.bin data.png -o ./data.png
ln model.bin hard.svg
expect "units over its model (a hard link)" 2 \
    "mlpplot: hard.svg: the picture would overwrite the model (model.bin); give --output another path" \
    $T "$MLPPLOT" units model.bin data.csv -o hard.svg
expect "fit over its data" 2 \
    "mlpplot: data.csv: the picture would overwrite the data (data.csv); give --output another path" \
    $T "$MLPPLOT" fit model.bin data.csv -o data.csv
cp loss.csv loss.pdf
expect "loss over its log" 2 \
    "mlpplot: loss.pdf: the picture would overwrite the loss log (loss.pdf); give --output another path" \
    $T "$MLPPLOT" loss loss.pdf -o loss.pdf
cmp -s model.bin hard.svg && cmp -s data.csv "$ROOT/data/moons.csv" && ok || bad "an input was changed"
rm -f model.png data.png hard.svg loss.pdf

finish
