/* SPDX-License-Identifier: MIT */
/* spec_override.c: a program's options put over a spec (mlp_spec_override,
 * spec.h). Every refusal and allocation comes before the first change, so
 * that a spec refused is the spec as it was read. */
#include <stdlib.h>

#include "alloc.h"
#include "mlp/spec.h"

/* Whether the spec's optimizer takes a learning rate: one without (irprop-)
 * steps by a size per weight, and by the sign of the full-batch gradient. */
static int takes_learning_rate(const mlp_spec *spec)
{
    return (mlp_optimizer_info_of(spec->optimizer.kind)->flags & MLP_OPT_FLAG_LEARNING_RATE) != 0;
}

/* The overrides that the spec's optimizer cannot take: a learning rate,
 * then a batch size, each refused with the hint of the spec's own key
 * (src/spec.c), said in the program's words. MLP_OK or MLP_ERR_USAGE. */
static mlp_status refuse_for_optimizer(const mlp_spec *spec, const mlp_spec_overrides *o,
                                       mlp_error *err)
{
    if (takes_learning_rate(spec))
        return MLP_OK;
    const char *name = mlp_optimizer_name(spec->optimizer.kind);
    if (o->learning_rate != 0) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s is not used by optimizer \"%s\"",
                      o->learning_rate_name ? o->learning_rate_name : "the learning rate", name);
        mlp_error_hint(err, "%s adapts a step size per weight; set \"delta0\" in the "
                            "spec's \"optimizer\" instead", name);
        return MLP_ERR_USAGE;
    }
    if (o->batch_size != 0) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s cannot be used with optimizer \"%s\"",
                      o->batch_size_name ? o->batch_size_name : "the batch size", name);
        mlp_error_hint(err, "%s follows the sign of the full-batch gradient, which the noise of "
                            "mini-batches keeps flipping; use adam in the spec's \"optimizer\"",
                       name);
        return MLP_ERR_USAGE;
    }
    return MLP_OK;
}

/* A copy of path into *copy, or NULL for no path: made before the spec is
 * changed, so that running out of memory leaves it whole. */
static mlp_status copy_path(const char *path, char **copy, mlp_error *err)
{
    *copy = path ? mlp_alloc_strdup(path) : NULL;
    if (path && !*copy)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return MLP_OK;
}

/* The output path *owned of the spec replaced by copy, when there is one. */
static void replace_path(char **owned, char *copy)
{
    if (!copy)
        return;
    free(*owned);
    *owned = copy;
}

mlp_status mlp_spec_override(mlp_spec *spec, const mlp_spec_overrides *o, mlp_error *err)
{
    if (!spec || !o)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_spec_override: %s is NULL",
                             !spec ? "the spec" : "the overrides struct");
    mlp_status st = refuse_for_optimizer(spec, o, err);
    char *weights = NULL, *loss = NULL;
    if (!st)
        st = copy_path(o->weights_path, &weights, err);
    if (!st)
        st = copy_path(o->loss_path, &loss, err);
    if (st) {
        free(weights);
        return st;
    }
    /* Nothing can fail from here: the spec changes whole or not at all. */
    if (o->epochs != 0)
        spec->epochs = o->epochs;
    if (o->learning_rate != 0)
        spec->optimizer.learning_rate = o->learning_rate;
    if (o->batch_size != 0)
        spec->batch_size = o->batch_size;
    replace_path(&spec->weights_path, weights);
    replace_path(&spec->loss_path, loss);
    return MLP_OK;
}
