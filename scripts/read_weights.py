#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print an mlp weights file as JSON.

An independent reader of docs/weights-format.md (format versions 1 to 5),
written from that document alone with the Python standard library, to check
the C writer against the documentation. Exit status 0 on success; 1 with a
one-line message on stderr when the file is unreadable or not a valid model;
2 on a usage error (no file, or more than one).

    python3 scripts/read_weights.py model.bin
"""

import json
import math
import struct
import sys
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
import cli_usage  # noqa: E402  (--help and the one form of a usage error)

MAGIC = b"MLPW\r\n\x1a\n"
VERSIONS = (1, 2, 3, 4, 5)
MAX_LAYERS = 32
MAX_UNITS = 1 << 24
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax", "softplus"]
LOSSES = ["mse", "cross_entropy", "binary_cross_entropy"]


class FormatError(Exception):
    pass


def unknown_code(what, code, where, at, known):
    """A code past the last this reader knows. mlp adds codes at the end
    without a new format version (docs/weights-format.md, "Versions"), so
    this is what a newer mlp's file looks like here: said as mlppredict says
    it, with the offset, not called damaged."""
    return FormatError(f"unknown {what} code {code}{where} at offset {at} (this reader knows 0 to "
                       f"{known - 1}): written by a newer mlp, or altered; read it with the newer "
                       f"mlp that wrote it, or retrain the model")


def plural(n, one, many):
    return one if n == 1 else many


class Reader:
    """Little-endian fields from data[pos:end], each length-checked first.
    The size field and the CRC have vouched for the whole file before, so a
    field that runs past the checksum (at end) was written that way: the
    model is inconsistent, not cut short."""

    def __init__(self, data, pos, end):
        self.data, self.pos, self.end = data, pos, end

    def take(self, n):
        if self.end - self.pos < n:
            raise FormatError(f"a field of {n} byte{plural(n, '', 's')} at offset {self.pos} "
                              f"runs past the checksum at offset {self.end}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u8(self):
        return self.take(1)[0]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def u64(self):
        return struct.unpack("<Q", self.take(8))[0]

    def f64s(self, n):
        return list(struct.unpack(f"<{n}d", self.take(8 * n)))

    def string_bytes(self):
        """The bytes of a u32-length-prefixed string."""
        at = self.pos
        n = self.u32()
        if self.end - self.pos < n:
            raise FormatError(f"a string of {n} byte{plural(n, '', 's')} at offset {at} "
                              f"runs past the checksum at offset {self.end}")
        return self.take(n)

    def string(self):
        raw = self.string_bytes()
        if b"\0" in raw:
            raise FormatError("a string holds a NUL byte")
        return raw.decode("utf-8", errors="backslashreplace")

    def strings(self, what):
        at = self.pos
        n = self.u32()
        if n > (self.end - self.pos) // 4:
            raise FormatError(f"{n} {what} at offset {at} do not fit in the file")
        return [self.string() for _ in range(n)]


def parse(data):
    if len(data) < 8 or data[:8] != MAGIC:
        raise FormatError("not an mlp weights file")
    if len(data) < 12:
        raise FormatError(f"truncated: expected {12 - len(data)} more bytes at offset {len(data)}")
    version = struct.unpack_from("<I", data, 8)[0]
    if version not in VERSIONS:
        raise FormatError(f"format version {version} is not supported (this reader reads 1 to 5)")
    if len(data) < 20:
        raise FormatError(f"truncated: expected {20 - len(data)} more bytes at offset {len(data)}")
    size = struct.unpack_from("<Q", data, 12)[0]
    if size > len(data):
        raise FormatError(f"truncated: expected {size - len(data)} more bytes at offset {len(data)}")
    if size < 28:
        raise FormatError(f"the size field says {size} bytes, too few for a model")
    stored = struct.unpack_from("<I", data, size - 4)[0]
    if zlib.crc32(data[:size - 4]) != stored:
        raise FormatError("checksum mismatch: the file is corrupt")
    if size < len(data):
        extra = len(data) - size
        raise FormatError(f"{extra} trailing byte{plural(extra, '', 's')} after the end at offset {size}")

    r = Reader(data, 20, size - 4)
    n_layers = r.u32()
    if not 1 <= n_layers <= MAX_LAYERS:
        raise FormatError(f"{n_layers} layers (1 to {MAX_LAYERS} are allowed)")
    sizes = [r.u32() for _ in range(n_layers + 1)]
    if any(not 1 <= s <= MAX_UNITS for s in sizes):
        raise FormatError(f"a layer size is out of range: {sizes}")
    activations = []
    for l in range(n_layers):
        at = r.pos
        code = r.u8()
        if code >= len(ACTIVATIONS):
            raise unknown_code("activation", code, f" for layer {l + 1}", at, len(ACTIVATIONS))
        activations.append(ACTIVATIONS[code])
    if "softmax" in activations[:-1]:
        raise FormatError("softmax on a hidden layer")
    at = r.pos
    loss_code = r.u8()
    if loss_code >= len(LOSSES):
        raise unknown_code("loss", loss_code, "", at, len(LOSSES))
    loss = LOSSES[loss_code]
    needs = {"cross_entropy": "softmax", "binary_cross_entropy": "sigmoid"}
    if loss in needs and activations[-1] != needs[loss]:
        raise FormatError(f"loss {loss} cannot follow a {activations[-1]} output layer")

    normalize, names_from_header, one_hot = r.u8(), r.u8(), r.u8()
    if normalize > 1 or names_from_header > 1 or one_hot > 1:
        raise FormatError("a flag byte is neither 0 nor 1")
    features = r.strings("feature names")
    targets = r.strings("target names")
    n_outputs = r.u32()
    labels = r.strings("labels")
    k = sizes[-1]
    if len(features) != sizes[0]:
        raise FormatError(f"{len(features)} feature names for {sizes[0]} inputs")
    if n_outputs != k:
        raise FormatError(f"{n_outputs} outputs but the last layer has {k}")
    if len(targets) not in (1, k):
        raise FormatError(f"{len(targets)} target columns for {k} outputs")
    if len(labels) not in (0, k if k > 1 else 2):
        raise FormatError(f"{len(labels)} class labels for {k} outputs")
    if one_hot and len(labels) != len(targets):
        raise FormatError("one-hot target columns but the labels do not match them")

    model = {
        "version": version,
        "layers": sizes,
        "activations": activations,
        "loss": loss,
        "normalize": "standard" if normalize else "none",
        "names_from_header": bool(names_from_header),
        "one_hot_columns": bool(one_hot),
        "features": features,
        "targets": targets,
        "outputs": n_outputs,
        "labels": labels,
    }
    if normalize:
        model["mean"] = r.f64s(len(features))
        model["std"] = r.f64s(len(features))
        if not all(math.isfinite(m) for m in model["mean"]) or \
                not all(math.isfinite(s) and s > 0 for s in model["std"]):
            raise FormatError("a normalisation statistic is not finite and positive")

    if version >= 2:
        model["provenance"] = provenance(r, version)

    n_params = sum(sizes[l + 1] * (sizes[l] + 1) for l in range(n_layers))
    left = r.end - r.pos
    if left < 8 * n_params:
        raise FormatError(
            f"the layer sizes call for {n_params} parameter{plural(n_params, '', 's')} "
            f"({8 * n_params} bytes) at offset {r.pos}, but {left} byte{plural(left, '', 's')} "
            f"{plural(left, 'is', 'are')} left before the checksum at offset {r.end}")
    if left > 8 * n_params:
        extra = left - 8 * n_params
        raise FormatError(f"{extra} trailing byte{plural(extra, '', 's')} after the parameters")
    params = []
    for l in range(n_layers):
        n_in, n_out = sizes[l], sizes[l + 1]
        flat = r.f64s(n_out * n_in)
        bias = r.f64s(n_out)
        if not all(math.isfinite(x) for x in flat + bias):
            raise FormatError(f"a parameter of layer {l + 1} is not finite")
        params.append({"W": [flat[i * n_in:(i + 1) * n_in] for i in range(n_out)], "b": bias})
    model["parameters"] = params
    return model


def short_string(r, what, limit):
    """A length-prefixed UTF-8 string of at most limit bytes, no NUL."""
    at = r.pos
    n = r.u32()
    if n > limit:
        raise FormatError(f"{what} of {n} bytes (at most {limit})")
    r.pos = at
    raw = r.string_bytes()
    if b"\0" in raw:
        raise FormatError("a string holds a NUL byte")
    return raw.decode("utf-8", errors="backslashreplace")


def provenance(r, version):
    """The version 2 block: flags, two SHA-256 digests, the training figures
    and the writer's version string; version 3 adds the BLAS core and the
    vector ISA names (None when empty: not recorded), version 4 the number
    of processes (ranks) of the run, a training figure (None when 0: not
    recorded); version 5 flags the seed as known (None when not), and adds
    the digests of the settings, of the validation file and of the weights
    file continued (None when not known), the batch size (0: full batch)
    and the shuffle seed (None when the rows were not shuffled)."""
    flags = r.u8()
    allowed = 255 if version >= 5 else 7
    if flags > allowed:
        raise FormatError(f"provenance flags {flags} (0 to {allowed} are allowed)")
    if flags & (8 | 128) and not flags & 4:
        raise FormatError(f"provenance flags {flags}: a seed or a shuffle without the training "
                          f"figures (bit 2)")
    spec, data = r.take(32).hex(), r.take(32).hex()
    seed, threads, epochs, best_epoch = r.u64(), r.u32(), r.u64(), r.u64()
    best_loss, final_loss = r.f64s(2)
    mlp_version = short_string(r, "a version string", 64)
    out = {
        "mlp_version": mlp_version,
        "spec_sha256": spec if flags & 1 else None,
        "data_sha256": data if flags & 2 else None,
        "training": None,
    }
    if flags & 4:
        for x in (best_loss, final_loss):
            if not (math.isfinite(x) and x >= 0):
                raise FormatError(f"provenance loss {x} is not finite and >= 0")
        if best_epoch > epochs:
            raise FormatError(f"provenance best epoch {best_epoch} is after the last, {epochs}")
        out["training"] = {
            "seed": seed,
            "threads": threads,
            "epochs_run": epochs,
            "best_epoch": best_epoch,
            "best_loss": best_loss,
            "final_loss": final_loss,
        }
    if version >= 3:
        out["blas_core"] = short_string(r, "a BLAS core name", 32) or None
        out["vector_isa"] = short_string(r, "a vector ISA name", 32) or None
    if version >= 4:
        ranks = r.u32()
        if out["training"] is not None:
            out["training"]["ranks"] = ranks or None
    if version >= 5:
        settings, validation, init = r.take(32).hex(), r.take(32).hex(), r.take(32).hex()
        batch_size, shuffle_seed = r.u64(), r.u64()
        if flags & 128 and batch_size == 0:
            raise FormatError("provenance batch size 0 (full batch), with its rows shuffled")
        out["settings_sha256"] = settings if flags & 64 else None
        out["validation_sha256"] = validation if flags & 32 else None
        out["init_sha256"] = init if flags & 16 else None
        if out["training"] is not None:
            out["training"]["seed"] = seed if flags & 8 else None
            out["training"]["batch_size"] = batch_size
            out["training"]["shuffle_seed"] = shuffle_seed if flags & 128 else None
    return out


def main(argv):
    usage = cli_usage.Usage(__file__, __doc__)
    args = usage.arguments(argv[1:])
    if len(args) > 1:
        usage.unknown(args[1])
    if not args:
        usage.error("no weights file given")
    path = args[0]
    try:
        with open(path, "rb") as f:
            data = f.read()
        model = parse(data)
    except OSError as e:
        print(f"read_weights.py: {path}: cannot read: {e.strerror}", file=sys.stderr)
        return 1
    except FormatError as e:
        print(f"read_weights.py: {path}: {e}", file=sys.stderr)
        return 1
    # repr-exact floats: json writes the shortest decimal that reads back the same.
    print(json.dumps(model, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
