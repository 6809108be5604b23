/* SPDX-License-Identifier: MIT */
/* schema.h: whether a schema is the schema of a network, the rules every
 * writer of a model (the weights file, the .npz) and its readers keep, so
 * that nothing is written that cannot be read back and no count of the
 * schema sends a reader past the network's outputs or a statistic past its
 * inputs. Internal: include/mlp/dataset.h has the public face of schema.c. */
#ifndef MLP_SCHEMA_H
#define MLP_SCHEMA_H

#include <stddef.h>

#include "mlp/dataset.h"

/* NULL when schema s fits a network of n_layers weight layers of
 * sizes[0..n_layers]: one feature per input, n_outputs the last layer's
 * units, 1 target column or one per output, 0 class labels or one per
 * output (two for a single unit), as many labels as one-hot target
 * columns, a known normalisation. Else a description of the first misfit
 * in buf ("3 class labels for 2 outputs (expected 0 or 2)"). */
const char *mlp_schema_net_problem(size_t n_layers, const size_t *sizes, const mlp_schema *s,
                                   char *buf, size_t size);

/* NULL when every name array the counts of s promise is there, each name
 * included; else what is missing ("the schema's labels is NULL"). */
const char *mlp_schema_arrays_missing(const mlp_schema *s);

/* The one rule for a table without a header row (has_header 0) and a
 * model that reads its features by header name (names_from_header): the
 * model does not know where each of them stood in its training file, so
 * reading the table's columns by position would give it whatever stands
 * first, silently. MLP_OK when the model reads by position or the table
 * has a header; else MLP_ERR_DATA at path:line (0: none) naming `table`
 * ("the file", "the training data") and `reader` ("the model"), with the
 * header line to add (the model's features, then its targets unless the
 * table's n_cols are the features only; n_cols 0: unknown) and or_else
 * after it (", or train without --init-weights", or ""). */
mlp_status mlp_schema_check_header(const mlp_schema *model, int has_header, size_t n_cols,
                                   const char *path, long line, const char *table,
                                   const char *reader, const char *or_else, mlp_error *err);

/* The hint for either: how a schema that fits is made. */
extern const char mlp_schema_net_hint[];

/* mlp_schema_read_csv for the n >= 1 models of a committee (committee.h):
 * the header known by the first model's feature names; the texts of the
 * cells kept only for the columns some model reads by header name (every
 * model's features, the first model's targets), or for every column when
 * one of them reads by position or has made-up target names. */
mlp_status mlp_schemas_read_csv(const char *path, const mlp_schema *schemas, size_t n,
                                const mlp_csv_options *base, mlp_csv *csv, mlp_error *err);

#endif
