/* SPDX-License-Identifier: MIT */
/* predict.c: the smallest program on the installed libmlp. It loads a model
 * written by mlptrain and prints a prediction for every row of a CSV file,
 * in mlppredict's format. Build it (docs/install.md):
 *     cc predict.c $(pkg-config --cflags --libs mlp) -o predict
 *     ./predict xor.weights.bin xor.csv
 * It compiles as C++ too. */
#include <mlp/mlp.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s WEIGHTS CSV\n", argv[0]);
        return 2;
    }
    mlp_error err;
    mlp_net *net = NULL;
    mlp_schema schema;
    mlp_csv csv;
    mlp_dataset data;
    int ok = mlp_weights_read(argv[1], &net, &schema, &err) == MLP_OK;
    if (ok) {
        ok = mlp_csv_read(argv[2], &csv, &err) == MLP_OK;
        if (ok) {
            ok = mlp_dataset_with_schema(&csv, &schema, 0, &data, &err) == MLP_OK
                 && mlp_predict_run(net, &schema, &data, stdout, NULL, &err) == MLP_OK;
            mlp_dataset_free(&data);
            mlp_csv_free(&csv);
        }
        mlp_schema_free(&schema);
        mlp_net_free(net);
    }
    char line[MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX];
    if (!ok)
        fprintf(stderr, "%s\n", mlp_error_format(&err, "predict", line, sizeof line));
    return ok ? 0 : 1;
}
