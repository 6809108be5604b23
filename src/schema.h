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

/* The hint for either: how a schema that fits is made. */
extern const char mlp_schema_net_hint[];

#endif
