#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot without PLplot's cairo driver (the Debian package
# plplot-driver-cairo not installed): PLplot's plinit, asked for a device
# it has no driver for, printed its menu of devices on stdout and waited
# for an answer on stdin, forever while stdin stayed open. mlpplot now looks
# the device up first: exit 2 at once, nothing on stdout, one line on
# stderr naming the package, no output file. PLPLOT_DRV_DIR points PLplot
# at a copy of its driver folder without the cairo driver.
. "$(dirname "$0")/lib.sh" plot_driver "$@"
export OPENBLAS_NUM_THREADS=1
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
drvdir=$(pkg-config --variable=drvdir plplot)
[ -f "$drvdir/cairo.driver_info" ] && ok || bad "no PLplot cairo driver in \"$drvdir\" to leave out"
mkdir drivers
for f in "$drvdir"/*; do
    case $(basename "$f") in cairo.*) ;; *) cp -- "$f" drivers/ ;; esac
done
printf 'epoch,loss\n1,0.5\n2,0.25\n3,0.125\n' >loss.csv

# Stdin held open: a FIFO opened for reading and writing, which never
# reaches its end.
mkfifo stdin.fifo
exec 3<>stdin.fifo

# expect_no_driver EXT DEVICE: mlpplot loss writing x.EXT.
expect_no_driver() {
    local ext=$1 device=$2 rc=0
    PLPLOT_DRV_DIR=$PWD/drivers timeout 10 "$MLPPLOT" loss loss.csv -o "x.$ext" \
        <&3 >out.txt 2>err.txt || rc=$?
    error_is "x.$ext" 2 "mlpplot: x.$ext: PLplot has no device \"$device\" to write .$ext pictures: its cairo driver is not installed in PLPLOT_DRV_DIR $PWD/drivers; install PLplot's cairo driver (Debian and Ubuntu: apt install plplot-driver-cairo), or unset PLPLOT_DRV_DIR" \
        "$rc" "$(cat err.txt)" && ok
    [ ! -s out.txt ] && ok || bad "x.$ext: stdout has $(wc -c <out.txt) bytes: $(head -c 200 out.txt | cat -v)"
    [ -z "$(ls -A | grep -v '^\(drivers\|loss.csv\|out.txt\|err.txt\|stdin.fifo\)$')" ] && ok \
        || bad "x.$ext: files left: $(ls -A)"
}
expect_no_driver png pngcairo
expect_no_driver svg svgcairo
expect_no_driver pdf pdfcairo

# The same folder with the cairo driver back draws the picture.
cp -- "$drvdir"/cairo.* drivers/
PLPLOT_DRV_DIR=$PWD/drivers timeout 60 "$MLPPLOT" loss loss.csv -o x.png </dev/null >out.txt 2>err.txt \
    && [ -s x.png ] && [ ! -s out.txt ] && ok || bad "with the cairo driver: $(cat err.txt)"
finish
