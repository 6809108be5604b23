/* train.c: the epoch loop of full-batch gradient descent, and nothing else:
 * it calls the net for forward, backward and update, checks the loss is
 * finite, and hands each epoch's figures to the caller's callback. It never
 * opens a file. */
#include "mlp/train.h"

#include <math.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double fraction(size_t correct, size_t rows, int classify)
{
    return classify && rows > 0 ? (double)correct / (double)rows : NAN;
}

mlp_status mlp_train_run(mlp_net *net, const mlp_dataset *data, const mlp_train_options *opts,
                         mlp_train_result *result, mlp_error *err)
{
    *result = (mlp_train_result){.final_loss = NAN, .final_accuracy = NAN};
    mlp_workspace *ws = mlp_workspace_create(net, 0, err);
    if (!ws)
        return MLP_ERR_NOMEM;
    mlp_status status = MLP_OK;
    const mlp_dataset *val = opts->validation;
    double start = now_seconds();
    for (long epoch = 1; epoch <= opts->epochs; epoch++) {
        mlp_net_pass pass = mlp_net_gradient(net, ws, data->X, data->Y, data->n_rows, opts->classify);
        mlp_epoch_stats stats = {
            .epoch = epoch,
            .loss = pass.loss,
            .accuracy = fraction(pass.correct, pass.rows, opts->classify),
            .val_loss = NAN,
            .val_accuracy = NAN,
        };
        if (val) {
            mlp_net_pass v = mlp_net_evaluate(net, ws, val->X, val->Y, val->n_rows, opts->classify);
            stats.val_loss = v.loss;
            stats.val_accuracy = fraction(v.correct, v.rows, opts->classify);
        }
        int diverged = !isfinite(pass.loss);
        if (!diverged)
            mlp_net_update(net, opts->learning_rate);
        if (opts->on_epoch) {
            status = opts->on_epoch(opts->ctx, &stats, err);
            if (status)
                break;
        }
        if (diverged) {
            status = mlp_error_set(err, MLP_ERR_DIVERGED, NULL, 0, 0,
                                   "the loss became %s at epoch %ld (learning rate %g)",
                                   isnan(pass.loss) ? "NaN" : "infinite", epoch,
                                   opts->learning_rate);
            mlp_error_hint(err, "try a smaller learning_rate, e.g. %g, or \"normalize\": \"standard\"",
                           opts->learning_rate / 10);
            break;
        }
        result->epochs_run = epoch;
        if (opts->interrupted && *opts->interrupted) {
            status = MLP_ERR_INTERRUPTED;
            mlp_error_set(err, MLP_ERR_INTERRUPTED, NULL, 0, 0,
                          "interrupted after epoch %ld of %ld", epoch, opts->epochs);
            mlp_error_hint(err, "the outputs hold that epoch's weights");
            break;
        }
    }
    result->seconds = now_seconds() - start;
    if (status == MLP_OK || status == MLP_ERR_INTERRUPTED) {
        mlp_net_pass fin = mlp_net_evaluate(net, ws, data->X, data->Y, data->n_rows, opts->classify);
        result->final_loss = fin.loss;
        result->final_accuracy = fraction(fin.correct, fin.rows, opts->classify);
        if (status == MLP_OK && !isfinite(fin.loss)) {
            status = mlp_error_set(err, MLP_ERR_DIVERGED, NULL, 0, 0,
                                   "the loss became %s after the last update (epoch %ld)",
                                   isnan(fin.loss) ? "NaN" : "infinite", result->epochs_run);
            mlp_error_hint(err, "try a smaller learning_rate, e.g. %g", opts->learning_rate / 10);
        }
    }
    mlp_workspace_free(ws);
    return status;
}
