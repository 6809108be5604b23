#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# docs_examples.py: re-runs every example output of README.md and docs/*.md
# and compares the lines shown with what the command prints today, so that
# a change in output fails the suite until the docs are updated.
#
# An example is a fenced block preceded by a marker line naming the command
# that produces it (tests/README.md, "Examples in the docs"):
#
#     <!-- example: build/mlptrain -c configs/xor.json --progress none -->
#     ```
#     trained 2000 epochs in 0.004 s (0.00203 ms/epoch); final loss 0.00252637, ...
#     ```
#
# The marker may span several lines (a small script). The command runs
# under bash in a fresh scratch folder holding build/ (the programs under
# test, also on PATH, so `mlptrain` and `build/mlptrain` both work), a copy
# of configs/ and links to the repository's data/, docs/, tests/ and
# scripts/; stdout and stderr are read together. The block must equal the
# output line for line, except that:
#   - a line "$ CMD" is the command as shown: CMD must occur in the marker's
#     command, and the line is not compared;
#   - a line "..." stands for any number of lines (zero or more), and a
#     line ending in " ..." for any line that begins with the rest;
#   - timings are masked on both sides: "0.004 s", "0.145 ms/epoch",
#     "4099 epochs/s", "ETA 0.9 s" (they differ from run to run);
#   - figures with a fraction or exponent (losses, accuracies) match within
#     1% (FIGURE_TOLERANCE: the last digits of a long training depend on
#     the machine), counts and all other text exactly;
#   - a progress bar's redraws ("\r...\033[K") count as lines of their own.
# The exit status of the command is not compared (error examples exit 2).
#
# usage: docs_examples.py [--update] ROOT BINDIR [FILE.md ...]
#   prints one line per example and "N examples checked"; exit 1 when one
#   differs (with a diff), 2 when no example was found. --update rewrites
#   each block that differs with today's output (its "$ " lines kept; "..."
#   lines are not kept): review the change with `git diff` before committing.
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARKER = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->\s*$", re.S)
TIMING = [
    (re.compile(r"\b\d+(?:\.\d+)?(?:e[-+]?\d+)? (ms/epoch|epochs/s|ms|s)\b"), r"# \1"),
    (re.compile(r"\bETA [0-9.]+ ?(?:s|m[0-9]+s|h[0-9]+m)?"), "ETA #"),
]
LINKS = ("data", "docs", "tests", "scripts")  # read only: linked
COPIES = ("configs",)                          # small, and an example may edit one
PROGRAMS = ("mlptrain", "mlppredict", "mlpplot")


def mask(line):
    for pattern, repl in TIMING:
        line = pattern.sub(repl, line)
    return line.rstrip()


def examples(path):
    """Yields (line number, command, shown lines) of each marked block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("<!-- example:"):
            i += 1
            continue
        first = i
        while i < len(lines) and "-->" not in lines[i]:
            i += 1
        m = MARKER.match("\n".join(lines[first:i + 1]))
        if not m:
            raise SystemExit(f"{path}:{first + 1}: an example marker is \"<!-- example: COMMAND "
                             f"-->\", on one line or more")
        start = i + 1
        if start >= len(lines) or not lines[start].startswith("```"):
            raise SystemExit(f"{path}:{first + 1}: an example marker must be followed at once by "
                             f"a fenced block (```)")
        end = start + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        if end >= len(lines):
            raise SystemExit(f"{path}:{start + 1}: the example's block is not closed")
        yield first + 1, m.group(1), lines[start + 1:end], (start + 1, end)
        i = end + 1


def output_lines(text):
    """The output as lines, each progress-bar redraw a line of its own."""
    text = text.replace("\033[K", "")
    out = []
    for line in text.split("\n"):
        out.extend(part for part in line.split("\r") if part != "" or "\r" not in line)
    if out and out[-1] == "":
        out.pop()
    return out


NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
# A figure with a fraction or an exponent (a loss, an accuracy) may differ in
# its last digits from machine to machine: a long training amplifies the
# rounding of another BLAS kernel or vector instruction set. It matches
# within this relative tolerance; counts (integers) and text match exactly.
FIGURE_TOLERANCE = 1e-2


def close(x, y):
    """Two numbers as printed: equal, or both figures within the tolerance."""
    if x == y:
        return True
    if not all(any(c in v for c in ".e") for v in (x, y)):
        return False
    fx, fy = float(x), float(y)
    return abs(fx - fy) <= FIGURE_TOLERANCE * max(abs(fx), abs(fy))


def same(shown, line):
    """A shown line against a printed one. A shown line ending in " ..."
    is a beginning: the rest of the printed line is not compared."""
    if shown == line:
        return True
    prefix = shown.endswith(" ...") and shown != "..."
    if prefix:
        shown = shown[:-4]
    parts = NUMBER.split(shown)
    pattern = "(" + NUMBER.pattern + ")"
    m = re.compile("^" + pattern.join(re.escape(p) for p in parts)
                   + ("" if prefix else "$")).match(line)
    return bool(m) and all(close(x, y) for x, y in zip(NUMBER.findall(shown), m.groups()))


def matches(shown, got):
    """shown (with "..." lines) against got, both masked."""
    def at(i, j):
        if i == len(shown):
            return j == len(got)
        if shown[i] == "...":
            return any(at(i + 1, k) for k in range(j, len(got) + 1))
        return j < len(got) and same(shown[i], got[j]) and at(i + 1, j + 1)
    return at(0, 0)


def scratch(root, bindir):
    work = tempfile.mkdtemp(prefix="mlp-docs-example.")
    os.mkdir(os.path.join(work, "build"))
    for p in PROGRAMS:
        src = os.path.join(bindir, p)
        if os.path.exists(src):
            os.symlink(src, os.path.join(work, "build", p))
    for d in LINKS:
        os.symlink(os.path.join(root, d), os.path.join(work, d))
    for d in COPIES:
        shutil.copytree(os.path.join(root, d), os.path.join(work, d), symlinks=True)
    return work


def main(argv):
    update = len(argv) > 1 and argv[1] == "--update"
    if update:
        argv = argv[:1] + argv[2:]
    if len(argv) < 3:
        print("usage: docs_examples.py [--update] ROOT BINDIR [FILE.md ...]", file=sys.stderr)
        return 2
    root, bindir = os.path.realpath(argv[1]), os.path.realpath(argv[2])
    files = argv[3:] or [os.path.join(root, "README.md")] + sorted(
        glob.glob(os.path.join(root, "docs", "*.md")))
    checked = failed = 0
    for path in files:
        inside = os.path.realpath(path).startswith(root + os.sep)
        name = os.path.relpath(os.path.realpath(path), root) if inside else path
        edits = []
        for line, command, block, span in examples(path):
            shown = [l for l in block if not l.startswith("$ ")]
            for l in block:
                if l.startswith("$ ") and l[2:].strip() not in command:
                    print(f"FAIL {name}:{line}: the block shows \"{l}\", which the marker's "
                          f"command does not run: {command}")
                    failed += 1
            work = scratch(root, bindir)
            env = dict(os.environ, PATH=os.path.join(work, "build") + os.pathsep
                       + os.environ.get("PATH", ""), COLUMNS="100", TERM="dumb")
            try:
                run = subprocess.run(["bash", "-c", command], cwd=work, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, timeout=300)
                got = output_lines(run.stdout.decode("utf-8", "replace"))
            finally:
                shutil.rmtree(work, ignore_errors=True)
            want = [mask(l) for l in shown]
            have = [mask(l) for l in got]
            checked += 1
            shown_cmd = command.split("\n")[0] + (" ..." if "\n" in command else "")
            if matches(want, have):
                print(f"ok   {name}:{line}: {shown_cmd}")
                continue
            failed += 1
            edits.append((span, [l for l in block if l.startswith("$ ")] + got))
            print(f"FAIL {name}:{line}: the example differs from what `{shown_cmd}` prints "
                  f"today; update the block (timings are masked):")
            sys.stdout.writelines(difflib.unified_diff(
                [l + "\n" for l in want], [l + "\n" for l in have], "shown in " + name,
                "printed today"))
        if update and edits:
            lines = open(path, encoding="utf-8").read().split("\n")
            for (a, b), new in reversed(edits):
                lines[a:b] = new
            open(path, "w", encoding="utf-8").write("\n".join(lines))
            print(f"updated {len(edits)} block(s) of {name}")
    print(f"{checked} examples checked, {failed} differ")
    if checked == 0:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
