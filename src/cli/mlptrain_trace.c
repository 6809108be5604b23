/* SPDX-License-Identifier: MIT */
/* mlptrain_trace.c: --trace: every array of one forward and backward pass
 * (trace.h), written as one JSON file or a folder of CSV files. */
#include <stdio.h>

#include "fileio.h"
#include "mlp/trace.h"
#include "mlptrain.h"

mlp_status mlptrain_write_trace(trace_request *t, const mlp_net *net, const mlp_dataset *train,
                                mlp_error *err)
{
    mlp_trace tr;
    mlp_trace_options o = {.epoch = t->epoch, .row = t->row, .file_row = t->file_row,
                           .initial = t->initial, .l2 = t->l2, .schema = t->schema};
    mlp_status st = mlp_trace_run(net, train->X, train->Y, train->n_rows, &o, &tr, err);
    if (st)
        return st;
    if (t->csv) {
        st = mlp_trace_write_csv(&tr, t->path, err);
    } else {
        mlp_atomic_file af;
        st = mlp_fileio_atomic_open(&af, t->path, err);
        if (!st && (st = mlp_trace_write_json(&tr, af.fp, err))) {
            mlp_fileio_atomic_abort(&af);
            mlp_error_copy_path(err->path, sizeof err->path, mlp_fileio_display_name(t->path, 1));
        } else if (!st) {
            st = mlp_fileio_atomic_commit(&af, err);
        }
    }
    mlp_trace_free(&tr);
    t->written = st == MLP_OK;
    return st;
}
