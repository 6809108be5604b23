/* SPDX-License-Identifier: MIT */
/* reduce.c: sums over every process through training's reduce hook
 * (reduce.h). */
#include "reduce.h"

#include "mlp/loss.h"

mlp_status mlp_reduce_sums(const mlp_net *net, size_t rows, double *v, size_t n,
                           mlp_train_reduce_fn reduce, void *ctx, size_t *all_rows,
                           mlp_error *err)
{
    *all_rows = rows;
    if (!reduce)
        return MLP_OK;
    size_t K = net->sizes[net->n_layers];
    double mine = mlp_loss_divisor(net->loss, rows, K);
    /* Chunks of at most n_params values: what the hook carries (train.h). */
    for (size_t at = 0; at < n; at += net->n_params) {
        size_t m = n - at < net->n_params ? n - at : net->n_params;
        for (size_t i = 0; i < m; i++)
            v[at + i] = rows ? v[at + i] / mine : 0.0;
        mlp_net_pass pass = {.rows = rows};
        mlp_status st = reduce(ctx, v + at, m, &pass, err);
        if (st)
            return st;
        double all = mlp_loss_divisor(net->loss, pass.rows, K);
        for (size_t i = 0; i < m; i++)
            v[at + i] *= all;
        *all_rows = pass.rows;
    }
    return MLP_OK;
}
