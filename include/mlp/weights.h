/* SPDX-License-Identifier: MIT */
/* weights.h: the trained model on disk, a versioned little-endian binary file.
 *
 * docs/weights-format.md gives it byte by byte: magic, format version,
 * architecture, loss, schema (column names, labels, normalisation), the
 * provenance of the model (version 2; version 3 adds the BLAS core and the
 * vector-math instruction set the model was trained with, version 4 the
 * number of processes it was trained on, version 5 the digests of the
 * settings trained with, of the validation file and of the weights a run
 * continued from, the batch size and the shuffle seed), every layer's W
 * (n_out x n_in, row-major) and b as IEEE-754 float64, and a CRC-32 over
 * all the bytes before it. Written atomically: a temporary file in the same
 * folder, then rename, so a reader never sees half a file. This mlp writes
 * version 5 and reads versions 1 to 5. Nothing in the file depends on the clock: the
 * same training gives the same bytes.
 */
#ifndef MLP_WEIGHTS_H
#define MLP_WEIGHTS_H

#include <stdint.h>
#include <stdio.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_WEIGHTS_VERSION 5      /* the version written */
#define MLP_WEIGHTS_MIN_VERSION 1  /* the oldest version read */
#define MLP_SHA256_SIZE 32
#define MLP_PROVENANCE_VERSION_MAX 64
#define MLP_PROVENANCE_NAME_MAX 32 /* bytes of the BLAS core and vector ISA names */

/* Where a model came from. Flags say which parts are known; unknown parts
 * are written as zeros and read back as 0 (numbers) or NaN (losses). */
typedef struct {
    int has_spec_sha256;                            /* spec_sha256 holds the digest */
    unsigned char spec_sha256[MLP_SHA256_SIZE];     /* SHA-256 of the spec file's bytes (or of
                                                       the built-in spec text) */
    int has_data_sha256;
    unsigned char data_sha256[MLP_SHA256_SIZE];     /* SHA-256 of the training CSV's bytes */
    int has_training;                               /* the fields below are known */
    uint64_t seed;                                  /* seed of the initial weights (with
                                                       has_seed) */
    uint32_t threads;                               /* threads the run used; 0 = not recorded */
    uint64_t epochs_run;                            /* complete epochs */
    uint64_t best_epoch;                            /* epoch of best_loss, <= epochs_run */
    double best_loss;                               /* lowest monitored loss of the run, >= 0 */
    double final_loss;                              /* training loss of the saved weights, >= 0 */
    /* Version 3: what computed the model; results differ in the last bits
     * between them. "" = not recorded (and in files of version 1 and 2). */
    char blas_core[MLP_PROVENANCE_NAME_MAX + 1];    /* OpenBLAS core that ran, e.g. "Haswell" */
    char vector_isa[MLP_PROVENANCE_NAME_MAX + 1];   /* vector-math ISA, e.g. "avx2" */
    /* Version 4, a training figure (with has_training): */
    uint32_t ranks;                                 /* processes the run trained on (mpirun -np
                                                       N), 1 for one; 0 = not recorded (and in
                                                       files of versions 1 to 3) */
    /* Version 5 (docs/weights-format.md, "The provenance block"). With
     * has_training: */
    int has_seed;                                   /* seed is known: the run drew its initial
                                                       weights from it, or continued a file
                                                       that records one. 0: not recorded (a
                                                       run continued from an .npz, say); read
                                                       from versions 2 to 4: has_training */
    uint64_t batch_size;                            /* rows per update; 0 = full batch */
    int shuffled;                                   /* batched, the rows drawn into a new
                                                       order every epoch from shuffle_seed */
    uint64_t shuffle_seed;                          /* with shuffled; else 0 */
    /* Digests, each known when its flag is set: */
    int has_settings_sha256;
    unsigned char settings_sha256[MLP_SHA256_SIZE]; /* of the settings the run trained with,
                                                       the command line's over the spec's
                                                       (mlp_spec_settings_text) */
    int has_validation_sha256;
    unsigned char validation_sha256[MLP_SHA256_SIZE]; /* of the validation file's bytes */
    int has_init_sha256;
    unsigned char init_sha256[MLP_SHA256_SIZE];     /* of the weights file the run continued
                                                       from (mlptrain --init-weights) */
    /* Filled when reading: */
    uint32_t format_version;                        /* of the file read; 0 for a numpy .npz
                                                       and for a record not read from a file */
    char mlp_version[MLP_PROVENANCE_VERSION_MAX + 1]; /* of the mlp that wrote it ("" for v1) */
    int from_npz;                                   /* 1 when read from a numpy .npz */
    unsigned npz_given;                             /* an .npz: the MLP_NPZ_* arrays of names it
                                                       holds (mlp/npz.h); the others' names are
                                                       made up */
    unsigned char file_sha256[MLP_SHA256_SIZE];     /* mlp_weights_read_provenance: SHA-256 of
                                                       the file's bytes (an .npz's too), what
                                                       a run continued from it records as
                                                       init_sha256; zeros when decoded from
                                                       memory */
} mlp_provenance;

/* An empty record: nothing known, losses NaN. */
void mlp_provenance_init(mlp_provenance *prov);

/* Fills prov->blas_core and prov->vector_isa with what this process
 * computes with: mlp_blas_core_name() and the vector-math instruction set
 * ("avx512f", "avx2", "sse2" or "libm"), each cut to
 * MLP_PROVENANCE_NAME_MAX bytes. */
void mlp_provenance_set_machine(mlp_provenance *prov);

/* Writes net and schema to path atomically, without provenance.
 * MLP_ERR_IO when it cannot. MLP_ERR_WEIGHTS ("cannot save the model: ...";
 * nothing written) when a parameter is NaN or infinite ("cannot save the
 * model: layer 1 W[0][1] is not finite": the reader refuses such a file),
 * when a standardised input's mean or std is not finite or its std not
 * above 0, or when the schema is not the network's: it needs one feature name per
 * input, n_outputs equal to the output units, 1 target column or one per
 * output, no name twice among the feature names, among the target names
 * or among the labels (`the label "yes" appears twice`: the reader refuses
 * such a file), and, for a classifier (mlp_weights_is_classifier), its class
 * labels (2 for one unit, else one per unit), which a .bin file cannot be
 * given later; mlp_dataset_build makes such a schema. MLP_ERR_USAGE when
 * path, net or schema is NULL. */
mlp_status mlp_weights_write(const char *path, const mlp_net *net, const mlp_schema *schema,
                             mlp_error *err);

/* The same with the provenance record prov (NULL: nothing known). The
 * version string written is this library's MLP_VERSION, whatever
 * prov->mlp_version holds. MLP_ERR_WEIGHTS when a known loss is not finite
 * and >= 0 or best_epoch > epochs_run. */
mlp_status mlp_weights_write_provenance(const char *path, const mlp_net *net,
                                        const mlp_schema *schema, const mlp_provenance *prov,
                                        mlp_error *err);

/* Serialises net and schema into a new malloc'd buffer (*buf, *len; the
 * caller frees it). mlp_weights_write writes exactly these bytes. The
 * checks of mlp_weights_write but the labels of a classifier (an .npz may
 * lack them: mlp_weights_check_labels). */
mlp_status mlp_weights_encode(const mlp_net *net, const mlp_schema *schema,
                              unsigned char **buf, size_t *len, mlp_error *err);
mlp_status mlp_weights_encode_provenance(const mlp_net *net, const mlp_schema *schema,
                                         const mlp_provenance *prov, unsigned char **buf,
                                         size_t *len, mlp_error *err);

/* Reads a model: *net is a new network (free with mlp_net_free) and *schema
 * is filled (free with mlp_schema_free). MLP_ERR_IO when unreadable;
 * MLP_ERR_WEIGHTS for a wrong magic, an unknown version, a file shorter
 * than its size field ("truncated"), a bad checksum, an activation or
 * loss code this mlp does not know (a newer mlp's, docs/weights-format.md),
 * or an inconsistent body (a count that runs past the checksum included),
 * each with its own message. A file that
 * starts as numpy's .npz does (mlp_npz_is_npz) is read as one, so every
 * reader of weights files takes one. MLP_ERR_USAGE for a NULL path, net or
 * schema. On every failure *net is NULL and *schema zeroed (both set before
 * any check), so mlp_net_free(*net) and mlp_schema_free(schema) are safe. */
mlp_status mlp_weights_read(const char *path, mlp_net **net, mlp_schema *schema, mlp_error *err);

/* The same, also filling *prov (may be NULL); a version 1 file has no
 * provenance: prov is then empty with format_version 1. prov->file_sha256
 * is the digest of the bytes read. */
mlp_status mlp_weights_read_provenance(const char *path, mlp_net **net, mlp_schema *schema,
                                       mlp_provenance *prov, mlp_error *err);

/* 1 when the file at path begins as a model file does (the weights file's
 * magic, or an .npz's: a zip archive whose first member is an .npy array,
 * mlp_npz_is_npz), else 0 (also when it cannot be read
 * or is not a regular file: standard input "-", a pipe or a FIFO is not
 * touched). A guess from its first
 * bytes, for messages: `mlppredict data.csv model.bin`, the arguments in
 * the wrong order. */
int mlp_weights_file_looks_like_model(const char *path);

/* The same for the weights file's magic alone: 1 for an mlp weights file,
 * 0 for an .npz and everything else. mlppredict --export may replace an
 * .npz, never the model it was given in the wrong place. */
int mlp_weights_file_has_magic(const char *path);

/* 1 when net is a classifier, whose outputs are class probabilities: a
 * softmax output, or one output unit with a loss that takes classes
 * (binary_cross_entropy). Several sigmoid units are not (a multi-label
 * model has no labels: one 0/1 target column per unit). */
int mlp_weights_is_classifier(const mlp_net *net);

/* MLP_ERR_WEIGHTS naming path when net is a classifier whose schema has no
 * class labels (an .npz saved without "labels"): mlppredict cannot name the
 * class it predicts, nor read a target column's labels. Continuing training
 * needs no such check: mlptrain --init-weights takes the training data's
 * labels (docs/numpy.md). */
mlp_status mlp_weights_check_labels(const mlp_net *net, const mlp_schema *schema,
                                    const char *path, mlp_error *err);

/* The same from len bytes in memory; `name` is used in messages. */
mlp_status mlp_weights_decode(const unsigned char *buf, size_t len, const char *name,
                              mlp_net **net, mlp_schema *schema, mlp_error *err);
mlp_status mlp_weights_decode_provenance(const unsigned char *buf, size_t len, const char *name,
                                         mlp_net **net, mlp_schema *schema, mlp_provenance *prov,
                                         mlp_error *err);

/* A description of a model for people (mlppredict --info): format version,
 * architecture and parameter count, loss, feature and target columns,
 * normalisation, class labels and the provenance, one item per line. Names
 * an .npz lacks (prov->from_npz, prov->npz_given) are marked as made up; a
 * classifier without labels is said to be one, not a regression. prov may
 * be NULL (the provenance is then "unknown (none given)"); a record not
 * read from a file (format_version 0, not from_npz: mlp_provenance_init,
 * mlp_fit_result.provenance) is described as it is, and one with nothing
 * known as "unknown (nothing recorded)". MLP_ERR_IO when a
 * write fails, in the words of a failed write of "<stdout>" with the
 * errno's reason (the caller names the file). */
mlp_status mlp_weights_describe(FILE *out, const mlp_net *net, const mlp_schema *schema,
                                const mlp_provenance *prov, mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
