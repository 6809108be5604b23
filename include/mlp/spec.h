/* SPDX-License-Identifier: MIT */
/* spec.h: the JSON network spec, loaded strictly into a plain struct.
 *
 * docs/spec.md lists every key. Loading rejects rather than guesses: unknown
 * keys (naming the nearest known one), duplicate keys, wrong types,
 * non-integral or out-of-range sizes, non-finite numbers, unknown names and
 * a loss that cannot follow the output activation are all errors with the
 * line and column of the offending value. Nothing of the cJSON tree
 * outlives the load: every string is copied into the struct.
 *
 * cJSON's allocator hooks (cJSON_InitHooks) are the program's: the library
 * never sets them. mlp_spec_load and mlp_spec_parse make the tree and free
 * it before they return with the hooks the program set (malloc and free
 * when it set none), so a program that sets its own must set them before
 * it calls these, and not change them while a load runs in any thread.
 */
#ifndef MLP_SPEC_H
#define MLP_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "mlp/activation.h"
#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/loss.h"
#include "mlp/net.h"
#include "mlp/optimizer.h"
#include "mlp/schedule.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLP_MAX_TARGETS 1024

/* The largest spec file read: 16 MiB, far more than any spec needs; a
 * larger file or an endless stream (/dev/zero) is refused (MLP_ERR_IO). */
#define MLP_SPEC_MAX_BYTES ((size_t)1 << 24)

/* Where a value sits in the spec text, for messages about it that can only
 * be given later (a CSV that does not fit `layers`, a missing target column):
 * dataset.h's text position, line and col 1-based, 0 when the key was absent. */
typedef mlp_text_pos mlp_spec_pos;

typedef struct {
    char *path;                          /* the spec file as given, or "<built-in xor>"; owned */
    size_t n_layers;                     /* weight layers = len(layers) - 1 */
    size_t sizes[MLP_MAX_LAYERS + 1];    /* `layers` */
    mlp_activation acts[MLP_MAX_LAYERS]; /* `activations` */
    mlp_loss loss;                       /* `loss` */
    long epochs;                         /* `epochs`, >= 1 */
    uint64_t seed;                       /* `seed`, default MLP_SPEC_DEFAULT_SEED */
    mlp_init init;                       /* `init`, default MLP_INIT_DEFAULT */
    mlp_optimizer_options optimizer;     /* `optimizer`, default gd; every field set (unset ones
                                            at mlp_optimizer_defaults); its learning_rate is
                                            `learning_rate`, finite and > 0, default that of
                                            the optimizer (0.1, adam 0.001; irprop- has none):
                                            the one home of the learning rate */
    double l2;                           /* `l2`, >= 0, default 0 */
    long patience;                       /* `early_stopping.patience`, >= 1; 0 without early stopping */
    double min_delta;                    /* `early_stopping.min_delta`, >= 0, default 0 */
    int refit;                           /* `early_stopping.refit`, default 0: after early
                                            stopping, retrain on the whole training file
                                            (mlp_train_refit); only with validation_split */
    double refit_scale;                  /* `early_stopping.refit_scale`, 1 to 100, default 1:
                                            the refit's epochs over the early-stopped run's
                                            updates (mlp_train_refit_epochs); only with refit */
    size_t batch_size;                   /* `batch_size`, 1 to 2^53; 0 when absent: full batch */
    int shuffle;                         /* `shuffle`, default 1; only with batch_size */
    mlp_schedule schedule;               /* `schedule`, default constant without warm-up (none);
                                            not with irprop- */

    /* data */
    char *train_path;         /* resolved relative to the spec's folder; owned; NULL when train_text is set */
    const char *train_text;   /* built-in CSV text (static, not owned), else NULL */
    char *validation_path;    /* resolved; owned; NULL when absent */
    size_t train_folder_len;  /* the bytes of train_path that are the spec's folder, put before
                                 the path as the spec writes it (train_path + train_folder_len);
                                 0 for a path written absolute or a spec without folder */
    size_t validation_folder_len; /* the same for validation_path */
    double validation_split;  /* `data.validation_split`, in (0, 1); 0 when absent (never with
                                 validation_path) */
    char **targets;           /* n_targets column names; owned; NULL when absent (= last column) */
    size_t n_targets;
    char **features;          /* n_features column names, the network's inputs in this order;
                                 owned; NULL when absent (= every column but the targets) */
    size_t n_features;
    mlp_spec_pos *pos_target_names;  /* n_targets: where each name of targets is; owned;
                                        NULL when targets is */
    mlp_spec_pos *pos_feature_names; /* n_features: where each name of features is; owned;
                                        NULL when features is */
    mlp_normalize normalize;  /* default MLP_NORMALIZE_NONE */

    /* output: paths as the user gave them (relative to the current directory) */
    char *weights_path;       /* owned; default "<spec name>.weights.bin" */
    char *loss_path;          /* owned; default "<spec name>.loss.csv" */

    mlp_spec_pos pos_layers, pos_targets, pos_train, pos_validation;
    /* values that findings about the network point at (the pre-flight check):
     * the last entry of "layers", the last of "activations", "loss",
     * "learning_rate" and the "data" object */
    mlp_spec_pos pos_output_size, pos_output_act, pos_loss, pos_learning_rate, pos_data;
    mlp_spec_pos pos_validation_split, pos_early_stopping, pos_refit;
    mlp_spec_pos pos_batch_size, pos_features;
    mlp_spec_pos pos_shuffle;  /* "shuffle", for mlp_spec_check_options; line 0 when absent */
    mlp_spec_pos pos_warmup;   /* "schedule.warmup", for the pre-flight's warmup-past-run;
                                  line 0 when absent */
} mlp_spec;

#define MLP_SPEC_DEFAULT_SEED 42

/* Reads and parses the spec file at path into *spec (zeroed first). On
 * failure *spec holds nothing to free and err says where and what
 * (MLP_ERR_IO, MLP_ERR_SPEC or MLP_ERR_NOMEM; MLP_ERR_USAGE for a NULL
 * path or spec, mlp.h). Free with mlp_spec_free. */
mlp_status mlp_spec_load(const char *path, mlp_spec *spec, mlp_error *err);

/* Parses spec text of len bytes. `path` names it in messages; relative data
 * paths resolve against path's folder, and the default outputs are named
 * after it (configs/xor.json: xor.weights.bin, xor.loss.csv); it may be
 * NULL (no name, paths resolve against the working folder, and the outputs
 * are spec.weights.bin and spec.loss.csv). text may be NULL with len 0 (an
 * empty spec); a NULL spec, or text with len > 0, is MLP_ERR_USAGE, the
 * spec zeroed first as on every failure. */
mlp_status mlp_spec_parse(const char *text, size_t len, const char *path, mlp_spec *spec,
                          mlp_error *err);

/* The embedded default: the XOR problem, spec and data compiled in
 * (outputs xor.weights.bin and xor.loss.csv). MLP_ERR_USAGE for a NULL
 * spec. */
mlp_status mlp_spec_builtin_xor(mlp_spec *spec, mlp_error *err);

/* The checks of a spec that a program's options can change, made once
 * they are applied to it (mlptrain's --batch-size sets batch_size): a
 * "shuffle" in the spec needs a batch size, from "batch_size" or the
 * option. mlp_spec_parse and mlp_spec_load leave them to this call (a
 * "shuffle": false with -b 2 was refused before -b was seen). MLP_OK, or
 * MLP_ERR_SPEC at "shuffle"; MLP_ERR_USAGE for a NULL spec. */
mlp_status mlp_spec_check_options(const mlp_spec *spec, mlp_error *err);

/* What a program's options put over a spec, for mlp_spec_override
 * (mlptrain's --epochs, --learning-rate, --batch-size, --weights and
 * --loss-log). A zeroed struct overrides nothing: a field left 0 or NULL
 * keeps the spec's value. A value given is taken as it is: it must be in
 * the range of its spec key (docs/spec.md), which the program checks as
 * it reads it. */
typedef struct {
    long epochs;              /* `epochs`, >= 1; 0: the spec's */
    double learning_rate;     /* `learning_rate`, finite and > 0; 0: the spec's */
    size_t batch_size;        /* `batch_size`, >= 1; 0: the spec's */
    const char *weights_path; /* the weights output (copied); NULL: the spec's */
    const char *loss_path;    /* the loss log (copied); NULL: the spec's */
    /* How a refusal names the learning rate and the batch size given, in
     * the words the program's user gave them ("--learning-rate",
     * "--batch-size"); NULL: "the learning rate", "the batch size". */
    const char *learning_rate_name, *batch_size_name;
} mlp_spec_overrides;

/* Puts the overrides o over spec, or refuses them with spec as it was. An
 * optimizer without a learning rate (no MLP_OPT_FLAG_LEARNING_RATE in its
 * flags: irprop-) takes neither a learning rate nor a batch size, as the
 * spec's "learning_rate" and "batch_size" are refused with it; the
 * refusals are MLP_ERR_USAGE without a position (the value is not in the
 * spec's text), the learning rate's first:
 *   --learning-rate is not used by optimizer "irprop-"
 *     (hint: irprop- adapts a step size per weight; set "delta0" in the
 *     spec's "optimizer" instead)
 *   --batch-size cannot be used with optimizer "irprop-"
 *     (hint: irprop- follows the sign of the full-batch gradient, which
 *     the noise of mini-batches keeps flipping; use adam in the spec's
 *     "optimizer")
 * MLP_ERR_NOMEM "out of memory" when a path cannot be copied; MLP_ERR_USAGE
 * for a NULL spec or o. What the overrides change is checked after, by
 * mlp_spec_check_options (a "shuffle" given a batch size by the option). */
mlp_status mlp_spec_override(mlp_spec *spec, const mlp_spec_overrides *o, mlp_error *err);

/* An error of reading one of the spec's data files (MLP_ERR_IO without a
 * line, err->path its train_path or validation_path), said from the spec:
 * at the position of its key ("train": "../data/xr.csv" at
 * configs/xor.json:11:14), the file named as written there and as
 * resolved (`cannot read "../data/xr.csv" (configs/../data/xr.csv): ...`),
 * and a "did you mean" that can be written there as it is
 * ("../data/xor.csv"; the reader's own names the resolved path,
 * "configs/../data/xor.csv", which the spec would resolve once more). Any
 * other error is left as it is. Returns err->code. */
mlp_status mlp_spec_data_error(const mlp_spec *spec, mlp_error *err);

/* The text of the built-in spec and data, for --help and the docs. */
const char *mlp_spec_builtin_xor_json(void);
const char *mlp_spec_builtin_xor_csv(void);

/* The data plan of the spec (dataset.h): its input and output sizes,
 * output activation, loss, targets, normalisation, validation split and
 * seed, and their positions. It borrows spec's strings. A NULL spec gives
 * a zeroed plan, which mlp_dataset_build refuses. */
mlp_data_plan mlp_spec_data_plan(const mlp_spec *spec);

/* For callers that hold a spec, mlp_dataset_build on its plan:
 * mlp_dataset_from_csv builds every row (the split ignored);
 * mlp_dataset_from_csv_split also holds out spec->validation_split of the
 * rows as *val (zeroed without a split; val may be NULL, as
 * mlp_dataset_build's). MLP_ERR_SPEC "the spec has no layers" for a spec
 * without them; MLP_ERR_USAGE for a NULL csv, spec, schema or data set. The
 * outputs given are zeroed before any check, so the frees after any failure
 * are safe. */
mlp_status mlp_dataset_from_csv(const mlp_csv *csv, const mlp_spec *spec, mlp_schema *schema,
                                mlp_dataset *data, mlp_error *err);
mlp_status mlp_dataset_from_csv_split(const mlp_csv *csv, const mlp_spec *spec, mlp_schema *schema,
                                      mlp_dataset *train, mlp_dataset *val, mlp_error *err);

/* Frees what spec owns and zeroes it; safe on a zeroed or freed spec. */
void mlp_spec_free(mlp_spec *spec);

#ifdef __cplusplus
}
#endif

#endif
