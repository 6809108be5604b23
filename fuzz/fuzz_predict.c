/* SPDX-License-Identifier: MIT */
/* fuzz_predict.c: a trained model's schema applied to another file, as
 * mlppredict, mlpplot and mlptrain's validation file do. The csv target
 * reads a table back through the schema made from that same table, where
 * every name, label and column is known to be there; a prediction file is
 * another file, whose header may lack a feature or hold it in another
 * encoding, whose target cells may hold labels never seen in training,
 * whose numbers may lie far from the training mean. That path (the
 * schema's names looked up in its header, mlp_schema_read_csv; the
 * schema stored in a weights file and read back; mlp_dataset_with_schema_text)
 * had no target.
 *
 * The input is: one configuration byte, the training CSV, a NUL byte (no
 * CSV holds one), the CSV to predict (none: the training text again).
 * The byte:
 *   bits 0-2  the output layer and loss (8 kinds, as in fuzz_csv.c);
 *   bit 3     the features by name ("data.features"): the header's other
 *             columns in reverse order, the first left out when there are
 *             three or more (a row id a spec leaves out);
 *   bit 4     the target by name: the first column instead of the last;
 *   bit 5     standard normalisation;
 *   bits 6-7  what is done with the target columns of the file to predict
 *             (MLP_TARGETS_IF_PRESENT, _REQUIRED, _IGNORED; 3 is _REQUIRED).
 * The training set is built from a data plan made here, as
 * mlp_spec_data_plan makes one from a spec. Checks: a schema that built is written as a weights
 * file and read back (a trained model can always be saved); a set built from
 * the other file has the model's feature and output counts, no NaN input
 * (finite ones when it is the training file), targets exactly when
 * required and none when ignored, finite targets; a refusal has a message. The file to predict
 * is a memfd (a regular file without a path on disk): nothing is left by a
 * crash. */
#define _GNU_SOURCE /* memfd_create, memmem */
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/net.h"
#include "mlp/weights.h"

/* Output layers: activation, loss, and units (0: one, a regression). */
static const struct {
    mlp_activation act;
    mlp_loss loss;
    size_t units;
} outputs[8] = {
    {MLP_ACT_SIGMOID, MLP_LOSS_BINARY_CROSS_ENTROPY, 1}, {MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, 2},
    {MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, 3},        {MLP_ACT_LINEAR, MLP_LOSS_MSE, 1},
    {MLP_ACT_SIGMOID, MLP_LOSS_MSE, 1},                  {MLP_ACT_TANH, MLP_LOSS_MSE, 1},
    {MLP_ACT_SOFTMAX, MLP_LOSS_CROSS_ENTROPY, 4},        {MLP_ACT_LINEAR, MLP_LOSS_MSE, 0},
};

static const int target_modes[4] = {MLP_TARGETS_IF_PRESENT, MLP_TARGETS_REQUIRED,
                                    MLP_TARGETS_IGNORED, MLP_TARGETS_REQUIRED};

/* The model as mlppredict gets it: the schema written into a weights file
 * (with a network of the plan's shape) and read back. */
static void save_and_load(const mlp_schema *schema, mlp_activation act, mlp_loss loss,
                          mlp_schema *loaded)
{
    mlp_error err;
    mlp_error_clear(&err);
    size_t sizes[2] = {schema->n_features, schema->n_outputs};
    mlp_net *net = mlp_net_create(1, sizes, &act, loss, &err);
    FUZZ_CHECK(net != NULL);
    unsigned char *buf = NULL;
    size_t len = 0;
    mlp_status st = mlp_weights_encode(net, schema, &buf, &len, &err);
    if (st != MLP_OK)
        fprintf(stderr, "encode: %s\n", err.message);
    FUZZ_CHECK(st == MLP_OK);
    mlp_net *back = NULL;
    st = mlp_weights_decode(buf, len, "fuzz.bin", &back, loaded, &err);
    if (st != MLP_OK)
        fprintf(stderr, "decode: %s\n", err.message);
    FUZZ_CHECK(st == MLP_OK);
    FUZZ_CHECK(loaded->n_features == schema->n_features && loaded->n_outputs == schema->n_outputs);
    free(buf);
    mlp_net_free(back);
    mlp_net_free(net);
}

/* The file to predict read through the model; the set's shape and values. */
static void predict(const char *text, size_t len, const mlp_schema *model, int mode, int same)
{
    int fd = fuzz_memfd_with("predict.csv", text, len);
    if (fd < 0)
        return;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_schema_read_csv(path, model, NULL, &csv, &err);
    if (st == MLP_OK) {
        mlp_dataset d;
        st = mlp_dataset_with_schema_text(&csv, text, len, model, mode, &d, &err);
        if (st == MLP_OK) {
            FUZZ_CHECK(d.n_rows == csv.n_rows && d.n_features == model->n_features);
            FUZZ_CHECK(d.n_outputs == model->n_outputs);
            FUZZ_CHECK(mode != MLP_TARGETS_REQUIRED || d.Y != NULL);
            FUZZ_CHECK(mode != MLP_TARGETS_IGNORED || d.Y == NULL);
            /* A value far outside the training range may standardise to
             * +-inf (-1e308 in the file, in a column that was 1e308 in
             * every training row: std 1): mlppredict names the row whose
             * output is then not finite. Never NaN; in the training file
             * itself always finite. */
            for (size_t i = 0; i < d.n_rows * d.n_features; i++)
                FUZZ_CHECK(same ? isfinite(d.X[i]) : !isnan(d.X[i]));
            for (size_t i = 0; d.Y && i < d.n_rows * d.n_outputs; i++)
                FUZZ_CHECK(isfinite(d.Y[i]));
            mlp_dataset_free(&d);
        }
    }
    if (st != MLP_OK)
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
    mlp_csv_free(&csv);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned cfg = data[0];
    const char *all = (const char *)data + 1;
    size_t n = size - 1;
    const char *nul = memchr(all, '\0', n);
    size_t train_len = nul ? (size_t)(nul - all) : n;
    const char *other = nul ? nul + 1 : all;
    size_t other_len = nul ? n - train_len - 1 : n;

    /* exact size, as libFuzzer passes it: a read past the end shows */
    char *train_text = malloc(train_len ? train_len : 1);
    if (!train_text)
        return 0;
    memcpy(train_text, all, train_len);
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_csv_parse(train_text, train_len, "train.csv", &csv, &err);
    if (st != MLP_OK || csv.n_cols < 2 || csv.n_cols > 1000) {
        mlp_csv_free(&csv);
        free(train_text);
        return 0;
    }
    int o = cfg & 7, by_name = (cfg >> 3) & 1, first_target = (cfg >> 4) & 1;
    size_t t_col = first_target ? 0 : csv.n_cols - 1;
    char *target_name[1] = {csv.cols[t_col].name};
    char **features = malloc(csv.n_cols * sizeof *features);
    size_t n_features = 0;
    if (!features) {
        mlp_csv_free(&csv);
        free(train_text);
        return 0;
    }
    for (size_t j = csv.n_cols; j-- > 0;)
        if (j != t_col)
            features[n_features++] = csv.cols[j].name;
    if (by_name && n_features >= 2)
        n_features--; /* the first column of the file left out */
    mlp_data_plan plan = {
        .source = "fuzz.json",
        .n_inputs = n_features,
        .n_outputs = outputs[o].units ? outputs[o].units : 1,
        .output = outputs[o].act,
        .loss = outputs[o].loss,
        .targets = first_target || by_name ? target_name : NULL,
        .n_targets = first_target || by_name ? 1 : 0,
        .features = by_name ? features : NULL,
        .n_features = by_name ? n_features : 0,
        .normalize = (cfg >> 5) & 1 ? MLP_NORMALIZE_STANDARD : MLP_NORMALIZE_NONE,
        .csv_text = train_text,
        .csv_len = train_len,
    };
    mlp_schema schema;
    mlp_dataset train;
    st = mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err);
    if (st == MLP_OK) {
        FUZZ_CHECK(schema.n_features == n_features && train.n_features == n_features);
        mlp_schema model;
        save_and_load(&schema, outputs[o].act, outputs[o].loss, &model);
        predict(other, other_len, &model, target_modes[(cfg >> 6) & 3], nul == NULL);
        mlp_schema_free(&model);
        mlp_schema_free(&schema);
        mlp_dataset_free(&train);
    } else {
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
    }
    free(features);
    mlp_csv_free(&csv);
    free(train_text);
    return 0;
}
