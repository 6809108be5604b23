/* SPDX-License-Identifier: MIT */
/* runid.h: the identity of a training run, as one process has it (the
 * digest of its spec's bytes, the options over the spec, its output paths,
 * the sizes of the files it reads), and whether the processes of one run
 * (parts.h) all run what process 0 runs. A pure comparison of two
 * descriptions, plus the gathers that give every process the same answer;
 * mlptrain calls them under mpirun (docs/architecture.md). Knows nothing
 * of MPI or of the command line. */
#ifndef MLP_RUNID_H
#define MLP_RUNID_H

#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/parts.h"
#include "mlp/spec.h"
#include "mlp/weights.h"
#include "sha256.h"

/* What the command line adds to the spec, as the comparison names it. */
typedef struct {
    const char *config;       /* the spec's path as given; NULL: the built-in XOR spec */
    const char *init_weights; /* the weights file the run starts from, or NULL */
    long long seed;           /* the seed of the initial weights (an option's, else the spec's) */
    long long restarts;       /* trainings of the run, >= 1 */
    double restart_margin;    /* the margin between restarts */
    double tolerance;         /* the gradient check's tolerance (its default when not given) */
    int gradcheck;            /* the run checks gradients instead of training */
} mlp_runid_options;

/* A run's description: plain bytes, gathered as they are (one program on
 * every process), zeroed padding included. Sizes are -1 for no file, or one
 * that is not a regular file (its reader tells it), -2 for a file this
 * process cannot open (missing here, or not readable). Threads and printing
 * are no part of it: they may differ between processes. */
typedef struct {
    unsigned char spec[MLP_SHA256_BYTES];
    unsigned char weights[MLP_SHA256_BYTES], loss[MLP_SHA256_BYTES], init[MLP_SHA256_BYTES];
    double rate, margin, tolerance;
    long long epochs, seed, restarts, batch, gradcheck, has_init;
    long long train_size, val_size, init_size;
} mlp_runid;

/* The description of the run of spec (options applied) with o, whose spec
 * file's bytes are spec_text (spec_len bytes). Reads the sizes of the
 * spec's data files and of o->init_weights (stat, and an fopen of a
 * regular file, closed at once). */
void mlp_runid_describe(const mlp_spec *spec, const mlp_runid_options *o, const char *spec_text,
                        size_t spec_len, mlp_runid *id);

/* The first thing process q of n does otherwise than process 0 (first and
 * other their descriptions), in the order spec, epochs, learning rate,
 * seed, batch size, restarts, margin, --gradcheck, tolerance,
 * --init-weights, output paths, file sizes: MLP_ERR_USAGE with err naming
 * it ("rank q of n ..."), the paths as spec and o name them; MLP_OK when
 * nothing differs. */
mlp_status mlp_runid_compare(const mlp_runid *first, const mlp_runid *other, int q, int n,
                             const mlp_spec *spec, const mlp_runid_options *o, mlp_error *err);

/* Collective (every process of parts calls it): gathers every process's
 * description mine and compares each with process 0's, so that every
 * process gets the same answer: that of the lowest process that differs
 * (mlp_runid_compare), MLP_OK when none does. Then a file of the run
 * (--init-weights, training, validation, in that order) that some
 * processes cannot open and others can: the error of the lowest process
 * that cannot, as its reader gives it (at the file's key in the spec:
 * mlp_spec_data_error), named by mlp_runid_name_rank. A file that no
 * process can open is left to the readers, whose error is then every
 * process's. One process: MLP_OK. */
mlp_status mlp_runid_same_run(const mlp_parts *parts, const mlp_runid *mine, const mlp_spec *spec,
                              const mlp_runid_options *o, mlp_error *err);

/* Names the process an error is of, when not every process met it: its
 * message becomes "rank q of n (not rank fine): " and the message (cut at
 * the message's size), where q is the process the error is of and fine the
 * lowest process without it; its position and hint stay. How the
 * processes of one run tell an error that is not every process's (here and
 * in mlptrain_comm_agree). */
void mlp_runid_name_rank(mlp_error *err, int q, int n, int fine);

/* Collective: whether each process's copy of a file read whole (path, as
 * messages name it) has process 0's bytes, as its digest says.
 * MLP_ERR_USAGE naming the lowest process that differs; one process:
 * MLP_OK. */
mlp_status mlp_runid_same_copies(const mlp_parts *parts,
                                 const unsigned char digest[MLP_SHA256_BYTES], const char *path,
                                 mlp_error *err);

/* The digest of what a run takes from an initial weights file: net's
 * parameters, then schema's mean and std when it has them. */
void mlp_runid_init_digest(const mlp_net *net, const mlp_schema *schema,
                           unsigned char digest[MLP_SHA256_BYTES]);

#endif
