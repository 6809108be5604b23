#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlptrain's progress (--progress): on a terminal (a pseudo-terminal made by
# script(1)) one self-updating line, redrawn at most ten times a second; in a
# pipe or a file the plain lines, one per tenth of the run; none with
# --progress none or -q (which refuses --progress bar and lines). Progress and the summary go to stderr: stdout
# stays free for data, such as the loss log with -o -.
# Usage: test_progress.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" progress "$@"
cp "$ROOT/data/xor.csv" .
sed -e 's|"../data/xor.csv"|"xor.csv"|' "$ROOT/configs/xor.json" > xor.json

# A pipe: the lines of today, on stderr; nothing on stdout.
"$MLPTRAIN" -c xor.json -w a.bin -o a.csv 2>&1 > out.txt | cat > err.txt
[ ! -s out.txt ] && ok || bad "stdout is not empty: $(cat out.txt)"
[ "$(grep -c '^epoch ' err.txt)" = 11 ] && ok || bad "11 progress lines expected: $(cat err.txt)"
grep -q '^epoch    1  loss [0-9.]*  accuracy [0-9.]*%$' err.txt && grep -q '^epoch 2000  loss ' err.txt \
    && ok || bad "progress lines: $(head -2 err.txt)"
grep -q $'\r' err.txt && bad "a pipe got a self-updating line" || ok
grep -q '^trained 2000 epochs in ' err.txt && grep -q '^wrote a.bin and a.csv$' err.txt \
    && ok || bad "the summary is not on stderr: $(tail -2 err.txt)"

# -o -: the loss log alone on stdout, byte for byte the file's.
"$MLPTRAIN" -c xor.json -w b.bin -o - > log.txt 2> err2.txt
cmp -s log.txt a.csv && ok || bad "stdout is not exactly the loss log: $(head -3 log.txt)"
grep -q '^wrote b.bin and <stdout>$' err2.txt && ok || bad "the summary names stdout: $(tail -1 err2.txt)"

# --progress none and -q.
"$MLPTRAIN" -c xor.json -w c.bin -o c.csv --progress none > out.txt 2> err.txt
! grep -q '^epoch' err.txt && grep -q '^trained 2000 epochs' err.txt && [ ! -s out.txt ] \
    && ok || bad "--progress none: $(cat err.txt)"
# -q with a mode that agrees with it (none; auto, the default) prints
# nothing; with one that asks for progress (bar, lines) it is a contradiction,
# refused before anything is written (it printed nothing, exit 0: the
# progress asked for was silenced).
for mode in none auto; do
    rm -f c.bin c.csv
    "$MLPTRAIN" -q -c xor.json -w c.bin -o c.csv --progress $mode > out.txt 2> err.txt \
        && [ ! -s out.txt ] && [ ! -s err.txt ] && [ -s c.bin ] && ok \
        || bad "-q --progress $mode must train and print nothing: $(cat out.txt err.txt)"
done
: > in.txt
for mode in bar lines; do
    rm -f q.bin q.csv
    error_writes_none "-q --progress $mode" \
        "mlptrain: --progress $mode does nothing with --quiet, which prints errors only; try 'mlptrain --help'" \
        q.bin q.csv -- "$MLPTRAIN" -q -c xor.json -w q.bin -o q.csv --progress $mode
    rm -f q.bin q.csv
    error_writes_none "--progress $mode --quiet" \
        "mlptrain: --progress $mode does nothing with --quiet, which prints errors only; try 'mlptrain --help'" \
        q.bin q.csv -- "$MLPTRAIN" --progress=$mode -c xor.json -w q.bin -o q.csv --quiet
done

# --progress bar in a file: the self-updating line, ended by a newline.
"$MLPTRAIN" -c xor.json -w d.bin -o d.csv --progress bar 2> bar.txt
grep -q $'\repoch    1/2000 \\[' bar.txt && ok || bad "no bar: $(cat -v bar.txt | head -3)"
grep -q $'\repoch 2000/2000 \\[#*\\] 100%  loss [0-9.e-]*  [0-9]* epochs/s\e\\[K$' bar.txt \
    && ok || bad "the bar's last state: $(cat -v bar.txt | head -3)"
[ "$(grep -c '^epoch ' bar.txt)" = 0 ] && ok || bad "a bar run printed lines too"

# A terminal: auto is the bar. XOR's 2000 epochs take milliseconds: the line
# is drawn for epoch 1, then at most once per 0.1 s, then the last epoch and
# the end; stderr is the terminal, so its text is the whole capture.
if command -v script > /dev/null; then
    TERM=xterm script -qec "'$MLPTRAIN' -c xor.json -w e.bin -o e.csv" /dev/null > tty.txt
    status=$?
    [ "$status" = 0 ] && [ -s e.bin ] && ok || bad "training on a terminal: status $status"
    grep -q 'epoch 2000/2000 \[' tty.txt && grep -q 'epochs/s' tty.txt && ok \
        || bad "no bar on a terminal: $(cat -v tty.txt | head -3)"
    grep -q '^epoch    1  loss' tty.txt && bad "a terminal got the plain lines" || ok
    draws=$(grep -o $'\repoch ' tty.txt | wc -l)
    seconds=$(sed -n 's/.*trained 2000 epochs in \([0-9.]*\) s.*/\1/p' tty.txt)
    awk -v d="$draws" -v s="${seconds:-1}" 'BEGIN { exit !(d >= 2 && d <= 4 + 10 * s) }' && ok \
        || bad "the bar was drawn $draws times in $seconds s (at most 10 a second)"
    TERM=dumb script -qec "'$MLPTRAIN' -c xor.json -w e.bin -o e.csv" /dev/null > dumb.txt
    grep -q '^epoch    1  loss' dumb.txt && ok || bad "TERM=dumb must get lines: $(cat -v dumb.txt | head -2)"
else
    echo "note: script(1) is missing (Debian: bsdutils); the terminal checks are skipped"
fi

# A bad mode.
"$MLPTRAIN" -c xor.json -w f.bin -o f.csv --progress fast > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlptrain: --progress needs auto, bar, lines or none, not "fast"; for example --progress lines' ] \
    && [ ! -e f.bin ] && ok || bad "--progress fast: $(cat err.txt)"
finish
