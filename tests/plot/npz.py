# SPDX-License-Identifier: MIT
# npz.py OUT NAME=JSON...: writes a numpy .npz without numpy (the picture
# tests need models with weights set by hand, on machines without numpy):
# each JSON number or nested list of numbers becomes a float64 array of its
# shape, each JSON string or list of strings a bytes array ('|S'), which
# mlp reads as it reads numpy.savez's output (docs/numpy.md).
import json
import struct
import sys
import zipfile


def shape(v):
    return (len(v),) + shape(v[0]) if isinstance(v, list) else ()


def flat(v):
    return [y for x in v for y in flat(x)] if isinstance(v, list) else [v]


def npy(value):
    items = flat(value)
    if isinstance(items[0], str):
        raw = [s.encode() for s in items]
        width = max(1, max(len(r) for r in raw))
        descr, data = "|S%d" % width, b"".join(r.ljust(width, b"\0") for r in raw)
    else:
        descr, data = "<f8", struct.pack("<%dd" % len(items), *items)
    dims = shape(value)
    text = ", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else "")
    head = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, text)
    # NPY 1.0: the header, padded with spaces and ended by a newline, makes
    # the data start on a multiple of 64 bytes.
    head += " " * (63 - (10 + len(head)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head.encode() + data


with zipfile.ZipFile(sys.argv[1], "w") as z:
    for arg in sys.argv[2:]:
        name, _, text = arg.partition("=")
        z.writestr(name + ".npy", npy(json.loads(text)))
