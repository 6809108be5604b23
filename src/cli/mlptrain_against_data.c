/* SPDX-License-Identifier: MIT */
/* mlptrain_against_data.c: the options that can only be judged once the
 * data are read, against the rows they would act on: --seed with
 * --init-weights, which may draw nothing, and a batch size under mpirun,
 * which must be every row's. Both refuse with MLP_ERR_USAGE (mlptrain.h). */
#include <stddef.h>

#include "comm.h"
#include "mlptrain.h"

/* The hint of a refused --seed: what gives the seed something to draw in
 * this spec. Mini-batches in file order need "shuffle": false removed, not
 * --batch-size, which the hint once offered there and which was refused in
 * turn; full batch needs mini-batches, and shuffled ones when the spec
 * says "shuffle": false. */
static void seed_hint(const options *o, const mlp_spec *spec, size_t n_rows, mlp_error *err)
{
    const char *unshuffled = spec->shuffle ? "" : ", and remove \"shuffle\": false from the spec";
    if (o->gradcheck || mlptrain_comm_size() > 1) /* mpirun trains in full batch only */
        mlp_error_hint(err, "remove --seed");
    else if (spec->batch_size && spec->batch_size < n_rows)
        mlp_error_hint(err, "remove --seed, or let it shuffle the batches: remove \"shuffle\": "
                            "false from the spec");
    else if (spec->batch_size)
        mlp_error_hint(err, "remove --seed, or train in shuffled mini-batches of fewer than the "
                            "%zu rows%s (--batch-size%s)", n_rows,
                       spec->refit ? " of the training file" : "", unshuffled);
    else
        mlp_error_hint(err, "remove --seed, or train in shuffled mini-batches (--batch-size%s)",
                       unshuffled);
}

mlp_status mlptrain_check_seed(const options *o, const mlp_spec *spec, size_t n_rows,
                               mlp_error *err)
{
    if (!o->have_seed || !o->init_weights)
        return MLP_OK;
    const char *why = NULL;
    if (o->gradcheck)
        why = "--gradcheck checks the gradient at the file's weights, on rows spread evenly over the training set";
    else if (!spec->batch_size || spec->batch_size >= n_rows)
        why = "full-batch training takes the rows in no order";
    else if (!spec->shuffle)
        why = "the batches are taken in file order (\"shuffle\": false)";
    if (!why)
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "--seed draws nothing here: the initial weights come from --init-weights and %s",
                  why);
    seed_hint(o, spec, n_rows, err);
    return MLP_ERR_USAGE;
}

mlp_status mlptrain_check_batch_ranks(const options *o, mlp_spec *spec, size_t n_rows,
                                      mlp_error *err)
{
    /* At or above every rank's rows together a batch is every row: full
     * batch, exactly, as in one process (docs/spec.md). train.c refuses a
     * batch_size beside a reduce, since it cannot tell a rank's rows from
     * the run's: the run goes on with none. A refit trains on the whole
     * file in batches of the same size, so there the batch must cover the
     * whole file: between the two counts one process refits in
     * mini-batches, which several cannot. */
    if (spec->batch_size == 0 || spec->batch_size >= n_rows) {
        spec->batch_size = 0;
        return MLP_OK;
    }
    /* Below them each rank's batches would be of its own rows, not one
     * run's mini-batches. */
    if (o->have_batch_size)
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--batch-size cannot be used under mpirun: training on several "
                      "processes is full-batch");
    else
        mlp_error_set(err, MLP_ERR_USAGE, spec->path, spec->pos_batch_size.line,
                      spec->pos_batch_size.col,
                      "\"batch_size\" cannot be used under mpirun: training on several "
                      "processes is full-batch");
    mlp_error_hint(err, "remove it (a batch of at least the %zu %s is full batch), or "
                        "train in one process (without mpirun)",
                   n_rows, spec->refit ? "rows of the training file" : "training rows");
    return MLP_ERR_USAGE;
}
