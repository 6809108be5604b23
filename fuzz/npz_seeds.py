#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the numpy-made seeds of the npz fuzz target into the current folder
(scripts/fuzz.sh --seeds runs it in fuzz/corpus/npz/). Each archive is
written the way numpy.savez writes one (stored members, zip64 extra fields,
numpy.lib.format.write_array), with a fixed timestamp so the bytes are the
same on every run. They cover what mlp's own writer never produces: Fortran
order, bytes ('|S') texts, a version 2.0 .npy header, and the optional arrays
left out."""
import zipfile

import numpy as np


def savez(path, arrays, version=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, value in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(value), version=version)


rng = np.random.default_rng(1)
xor = {
    "W1": rng.normal(size=(3, 2)), "b1": np.zeros(3),
    "W2": rng.normal(size=(1, 3)), "b2": np.zeros(1),
    "activations": np.array(["tanh", "sigmoid"]), "loss": np.array("binary_cross_entropy"),
}
savez("numpy_minimal.npz", xor)
savez("numpy_v2_header.npz", xor, version=(2, 0))
savez("numpy_fortran_bytes.npz", {
    "W1": np.asfortranarray(rng.normal(size=(4, 2))), "b1": np.zeros((4, 1)),
    "W2": np.asfortranarray(rng.normal(size=(2, 4))), "b2": np.zeros(2),
    "activations": np.array([b"relu", b"softmax"]), "loss": np.array(b"cross_entropy"),
    "normalize": np.array("standard"), "mean": np.array([0.5, -1.0]), "std": np.array([2.0, 0.25]),
    "feature_names": np.array([b"x", b"y"]), "target_names": np.array(["label"]),
    "labels": np.array(["no", "yes"]), "names_from_header": np.array(True),
    "one_hot_columns": np.array(False),
})
