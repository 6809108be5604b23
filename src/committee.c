/* SPDX-License-Identifier: MIT */
/* committee.c: the models of one prediction and the rows each reads
 * (committee.h). Reads weights files and a table; predicts nothing
 * (predict.c does) and prints nothing. */
#include "committee.h"

#include <stdlib.h>
#include <string.h>

#include "datatext.h"
#include "fileio.h"
#include "mlp/predict.h"
#include "mlp/weights.h"

mlp_status mlp_committee_load(mlp_committee *c, char *const *paths, size_t n,
                              const char *input_path, mlp_error *err)
{
    memset(c, 0, sizeof *c);
    c->nets = calloc(n, sizeof *c->nets);
    c->schemas = calloc(n, sizeof *c->schemas);
    c->sets = calloc(n, sizeof *c->sets);
    c->data = calloc(n, sizeof *c->data);
    if (!c->nets || !c->schemas || !c->sets || !c->data)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %zu models", n);
    c->n = n;
    for (size_t k = 0; k < n; k++) {
        /* `mlppredict m.bin in.csv out.csv` (the -o forgotten) reads in.csv
         * as a second model: say so rather than only that it is no model. */
        size_t len = strlen(paths[k]);
        mlp_status st = mlp_weights_read_provenance(paths[k], &c->nets[k], &c->schemas[k], NULL,
                                                    err);
        if (st == MLP_ERR_WEIGHTS && k > 0 && len >= 4 && strcmp(paths[k] + len - 4, ".csv") == 0)
            mlp_error_hint(err, "every argument but the last is a model of a committee; to "
                                "write the predictions to a file, give it with -o");
        if (st == MLP_ERR_WEIGHTS && n == 1 && input_path &&
            mlp_weights_file_looks_like_model(input_path))
            mlp_error_hint(err, "%s is the model: give it first, then the CSV (mlppredict %s %s)",
                           input_path, input_path, paths[0]);
        if (st)
            return st;
        const char *name = mlp_fileio_display_name(paths[k], 0);
        if ((st = mlp_weights_check_labels(c->nets[k], &c->schemas[k], name, err)))
            return st;
        if (k > 0 && (st = mlp_predict_check_committee(c->nets[0], &c->schemas[0],
                                                        mlp_fileio_display_name(paths[0], 0),
                                                        c->nets[k], &c->schemas[k], name, err)))
            return st;
    }
    return MLP_OK;
}

mlp_status mlp_committee_read_rows(mlp_committee *c, const mlp_csv *csv, const char *input_path,
                                   int targets, mlp_error *err)
{
    for (size_t k = 0; k < c->n; k++) {
        for (size_t j = 0; j < k && !c->data[k]; j++)
            if (mlp_schema_same_inputs(&c->schemas[j], &c->schemas[k]))
                c->data[k] = c->data[j];
        if (c->data[k])
            continue;
        mlp_status st = mlp_datatext_with_schema(
            csv, input_path, &c->schemas[k],
            targets && k == 0 ? MLP_TARGETS_REQUIRED : MLP_TARGETS_IGNORED, &c->sets[k], err);
        if (st)
            return st;
        c->data[k] = &c->sets[k];
    }
    return MLP_OK;
}

void mlp_committee_free(mlp_committee *c)
{
    for (size_t k = 0; c->sets && k < c->n; k++)
        mlp_dataset_free(&c->sets[k]);
    for (size_t k = 0; c->schemas && k < c->n; k++)
        mlp_schema_free(&c->schemas[k]);
    for (size_t k = 0; c->nets && k < c->n; k++)
        mlp_net_free(c->nets[k]);
    free(c->data);
    free(c->sets);
    free(c->schemas);
    free(c->nets);
    memset(c, 0, sizeof *c);
}
