#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot's picture as an output (docs/plots.md, "Errors"; docs/exit-codes.md):
# a write that fails (a full device, a file-size limit) exits 2 with the
# error, leaves the previous picture byte for byte and no temporary file;
# a picture that would replace one of its inputs is refused (exit 2) for
# every kind; under an address-space limit (`ulimit -v`) mlpplot exits 3
# with a message instead of hanging in OpenBLAS or crashing in PLplot.
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

# --------------------------------------------------------------------------
# An output path that ends in "/" names a folder (docs/exit-codes.md, "Output
# files"), for every kind: told as every output tells it, not as a name
# without a format (`cannot tell the picture format from the file name`).
mkdir d.png
printf 'old picture\n' > old.png
isdir="cannot write: Is a directory; give the path of a file, not of a folder"
expect "loss into a folder d.png/" 2 "mlpplot: d.png/: $isdir" $T "$MLPPLOT" loss loss.csv -o d.png/
expect "surface into a missing folder adir/" 2 \
    'mlpplot: adir/: cannot write: the path ends in "/", so it names a folder, and there is no folder "adir"; write "adir.png" instead, or create the folder and give a file'"'"'s name after the "/"' \
    $T "$MLPPLOT" surface model.bin data.csv -o adir/
expect "a missing folder with a format, s.svg/" 2 \
    'mlpplot: s.svg/: cannot write: the path ends in "/", so it names a folder, and there is no folder "s.svg"; drop the "/" to write a file of that name, or create the folder and give a file'"'"'s name after the "/"' \
    $T "$MLPPLOT" surface model.bin data.csv -o s.svg/
expect "fit onto a file given a slash" 2 \
    'mlpplot: old.png/: cannot write: the path ends in "/", but "old.png" is a file, not a folder; drop the "/" to write that file' \
    $T "$MLPPLOT" fit model.bin data.csv -o old.png/
printf 'notes\n' > notes.txt
expect "fit onto a file of no picture format given a slash" 2 \
    'mlpplot: notes.txt/: cannot write: the path ends in "/", but "notes.txt" is a file, not a folder; write "notes.png" instead' \
    $T "$MLPPLOT" fit model.bin data.csv -o notes.txt/
expect "units into a folder d.png/" 2 "mlpplot: d.png/: $isdir" $T "$MLPPLOT" units model.bin data.csv -o d.png/
[ -z "$(ls -A d.png)" ] && [ ! -e adir ] && ok || bad "something was written: $(ls -A d.png)"
# Each hint, followed, draws the picture: "drop the /" was once said of
# adir/, and -o adir was then refused (`cannot tell the picture format`).
for given in adir/ s.svg/ old.png/ notes.txt/; do
    $T "$MLPPLOT" surface model.bin data.csv -o "$given" > out.txt 2> err.txt
    next=$(slash_hint_path "$given" "$(cat err.txt)")
    if [ -z "$next" ]; then
        bad "-o $given: no path in the hint: $(cat err.txt)"
    elif $T "$MLPPLOT" surface model.bin data.csv -o "$next" > out.txt 2> err.txt &&
        [ -s "$next" ] && ! grep -q 'old picture' "$next"; then
        ok
    else
        bad "-o $given, then its hint's -o $next: $(cat err.txt)"
    fi
done
[ "$(cat notes.txt)" = notes ] && ok || bad "following the hints changed notes.txt"
rmdir d.png
rm -f old.png adir.png s.svg notes.png notes.txt

# --------------------------------------------------------------------------
# Under an address-space limit, with OpenBLAS's default threading (the case
# that hung: mlpplot surface spun at 100% CPU in OpenBLAS, and the loss
# picture blamed a missing driver package). Like mlptrain and mlppredict
# (memlimit.h), mlpplot starts OpenBLAS without worker threads, checks the
# BLAS buffers before a forward pass, and checks the drawing's own space
# before PLplot starts: glib and pango abort or crash when an allocation
# fails under the limit. AddressSanitizer reserves terabytes of address
# space and cannot run under `ulimit -v` at all: skipped there.
unset OPENBLAS_NUM_THREADS
if ! (ulimit -v 400000 && "$MLPPLOT" --version >/dev/null 2>&1); then
    echo "skipped the ulimit -v checks: the programs cannot start under ulimit -v (a sanitizer build)"
    finish
fi
draw="leaves too little to draw the picture (66 MiB for PLplot, its cairo driver and the image); raise the limit"
for kb in 60000 100000; do
    mib=$((kb / 1024))
    expect "--version under ulimit -v $kb" 0 "" \
        $T bash -c "ulimit -v $kb; exec \"$MLPPLOT\" --version >/dev/null"
    for ext in png svg pdf; do
        expect "loss .$ext under ulimit -v $kb" 3 \
            "mlpplot: out of memory: the address-space limit (ulimit -v, $mib MiB) $draw" \
            $T bash -c "ulimit -v $kb; exec \"$MLPPLOT\" loss loss.csv -o m.$ext"
    done
    for kind in surface units fit; do
        expect "$kind under ulimit -v $kb" 3 \
            "mlpplot: out of memory: the address-space limit (ulimit -v, $mib MiB) leaves too little for the BLAS buffers (128 MiB per thread, 1 thread); raise the limit" \
            $T bash -c "ulimit -v $kb; exec \"$MLPPLOT\" $kind model.bin data.csv -o m.png"
    done
done
# With room for the BLAS buffers but not for the drawing (the limit of the
# report that hung): exit 3, either message.
for kind in surface units; do
    rc=0
    $T bash -c "ulimit -v 200000; exec \"$MLPPLOT\" $kind model.bin data.csv -o m.png" 2> err.txt || rc=$?
    [ "$rc" = 3 ] && grep -q '^mlpplot: out of memory: the address-space limit (ulimit -v, 195 MiB) leaves too little' err.txt \
        && ok || bad "$kind under ulimit -v 200000: exit $rc: $(cat err.txt)"
done
# A large picture asks for its image's room too (4 bytes a pixel).
expect "a 4000 x 4000 loss under ulimit -v 150000" 3 \
    "mlpplot: out of memory: the address-space limit (ulimit -v, 146 MiB) leaves too little to draw the picture (125 MiB for PLplot, its cairo driver and the image); raise the limit or draw a smaller picture (--size)" \
    $T bash -c "ulimit -v 150000; exec \"$MLPPLOT\" loss loss.csv --size 4000x4000 -o m.png"
[ ! -e m.png ] && ok || bad "a refused run left m.png"
# With room for both, every kind and format is drawn.
for args in "loss loss.csv -o m.png" "loss loss.csv -o m.svg" "loss loss.csv -o m.pdf" \
    "surface model.bin data.csv -o m.png" "units model.bin data.csv -o m.png"; do
    rc=0
    $T bash -c "ulimit -v 400000; exec \"$MLPPLOT\" $args" 2> err.txt || rc=$?
    [ "$rc" = 0 ] && [ -s "${args##* }" ] && ok || bad "mlpplot $args under ulimit -v 400000: exit $rc: $(cat err.txt)"
    rm -f m.png m.svg m.pdf
done

finish
