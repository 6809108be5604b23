#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A data file of the spec that cannot be read is told at its key in the spec,
# named as written there and as resolved, with a "did you mean" that can be
# written there as it is (docs/spec.md). The reader's message named only the
# resolved path and suggested it ("configs/../data/xr.csv: cannot read: ...;
# did you mean "configs/../data/xor.csv"?"): written into the spec, that is
# resolved again, configs/configs/../data/xor.csv, which cannot be read.
# An absolute path under the spec's own absolute folder was once quoted with
# that folder taken off, as if written relative ("data/xr.csv" for
# "/tmp/x/data/xr.csv"), and its "did you mean" so too.
. "$(dirname "$0")/lib.sh" spec_data_paths "$@"
mkdir configs data
cp "$ROOT/data/xor.csv" data/
sed 's#../data/xor.csv#../data/xr.csv#' "$ROOT/configs/xor.json" > configs/xor.json
enoent="No such file or directory"
# expect NAME MESSAGE ARGS...: mlptrain exits 2 with this exact message, writes nothing.
expect() {
    local name=$1 want=$2 rc=0
    shift 2
    "$MLPTRAIN" "$@" >out.txt 2>err.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    [ -z "$(find . -name '*.bin' -o -name '*.loss.csv')" ] && ok || bad "$name: an output was written"
}
expect "a mistyped training file" \
    "mlptrain: configs/xor.json:11:14: cannot read \"../data/xr.csv\" (configs/../data/xr.csv): $enoent; did you mean \"../data/xor.csv\"?" \
    -q -c configs/xor.json -e 2
# The hint followed: the spec trains.
sed -i 's#"../data/xr.csv"#"../data/xor.csv"#' configs/xor.json
"$MLPTRAIN" -q -c configs/xor.json -e 2 -w w.bin -o l.csv 2>err.txt && [ -s w.bin ] && ok \
    || bad "the hint followed: $(cat err.txt)"
rm -f w.bin l.csv
# A validation file, and one with no near name.
sed -i 's#"targets"#"validation": "../data/xr.csv", "targets"#' configs/xor.json
expect "a mistyped validation file" \
    "mlptrain: configs/xor.json:12:19: cannot read \"../data/xr.csv\" (configs/../data/xr.csv): $enoent; did you mean \"../data/xor.csv\"?" \
    -q -c configs/xor.json -e 2
sed -i 's#"../data/xr.csv"#"../nothing/v.csv"#' configs/xor.json
expect "a validation file in no folder" \
    "mlptrain: configs/xor.json:12:19: cannot read \"../nothing/v.csv\" (configs/../nothing/v.csv): $enoent; check the path" \
    -q -c configs/xor.json -e 2
# A spec in the current folder: the path is the one written.
sed 's#../data/xor.csv#data/xr.csv#' "$ROOT/configs/xor.json" > here.json
expect "a spec in the current folder" \
    "mlptrain: here.json:11:14: cannot read \"data/xr.csv\": $enoent; did you mean \"data/xor.csv\"?" \
    -q -c here.json -e 2
# An absolute spec folder: a path written absolute under it is quoted whole,
# a relative one as written; each "did you mean" can be written as it is.
sed "s#../data/xor.csv#$WORK/data/xr.csv#" "$ROOT/configs/xor.json" > abs.json
expect "an absolute path under the spec's absolute folder" \
    "mlptrain: $WORK/abs.json:11:14: cannot read \"$WORK/data/xr.csv\": $enoent; did you mean \"$WORK/data/xor.csv\"?" \
    -q -c "$WORK/abs.json" -e 2
expect "a relative path beside an absolute spec" \
    "mlptrain: $WORK/here.json:11:14: cannot read \"data/xr.csv\" ($WORK/data/xr.csv): $enoent; did you mean \"data/xor.csv\"?" \
    -q -c "$WORK/here.json" -e 2
finish
