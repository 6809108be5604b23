/* SPDX-License-Identifier: MIT */
/* weights_check.h: what every writer of a model (the weights file,
 * weights.c; the .npz, npz.c) checks before it writes, so that no file is
 * written that the readers would refuse: layer counts and sizes, a schema
 * of this network (schema.h), no name twice, standardisation statistics
 * finite with std > 0, every parameter finite. Internal. */
#ifndef MLP_WEIGHTS_CHECK_H
#define MLP_WEIGHTS_CHECK_H

#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/dataset.h"

/* MLP_OK, or MLP_ERR_WEIGHTS ("cannot save the model: ...", with what to
 * do) or MLP_ERR_NOMEM in err. */
mlp_status mlp_weights_check_savable(const mlp_net *net, const mlp_schema *schema,
                                     mlp_error *err);

/* Whether a target name of s is also one of its feature names: 1 with the
 * first such target's index in *target and the feature's in *feature, 0
 * when none is, -1 out of memory. */
int mlp_weights_target_named_as_feature(const mlp_schema *s, size_t *target, size_t *feature);

#endif
