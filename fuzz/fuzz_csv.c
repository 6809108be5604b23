/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c: the CSV reader and the data-set builder on arbitrary bytes.
 * The first byte chooses how the table is read (the output layer, the loss,
 * the number of target columns, normalisation, a validation split); the
 * rest is the CSV text, copied into a buffer of exactly its length. The spec
 * is made by the spec loader from JSON text, so it is one a user could
 * write. A table that builds a training set is then read back through the
 * schema, as a validation or prediction file would be. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/spec.h"

/* Output layers: activation, loss, and units (0: one per target column). */
static const struct {
    const char *act, *loss;
    int units;
} outputs[8] = {
    {"sigmoid", "binary_cross_entropy", 1}, {"softmax", "cross_entropy", 2},
    {"softmax", "cross_entropy", 3},        {"linear", "mse", 0},
    {"sigmoid", "mse", 1},                  {"tanh", "mse", 0},
    {"softmax", "cross_entropy", 0},        {"sigmoid", "binary_cross_entropy", 0},
};

static void check_dataset(const mlp_dataset *d, size_t n_features)
{
    FUZZ_CHECK(d->n_features == n_features);
    for (size_t i = 0; i < d->n_rows * d->n_features; i++)
        FUZZ_CHECK(isfinite(d->X[i]));
    for (size_t i = 0; d->Y && i < d->n_rows * d->n_outputs; i++)
        FUZZ_CHECK(isfinite(d->Y[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned cfg = data[0];
    data++;
    size--;
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_csv_parse(text, size, "fuzz.csv", &csv, &err);
    free(text);
    if (st != MLP_OK) {
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(csv.n_rows >= 1 && csv.n_cols >= 1);

    int o = cfg & 7;
    size_t n_targets = (cfg >> 3) & 1 ? 2 : 1;
    int normalize = (cfg >> 4) & 1;
    int split = (cfg >> 5) & 1;
    if (csv.n_cols <= n_targets || csv.n_cols > 100000) {
        mlp_csv_free(&csv);
        return 0;
    }
    size_t n_features = csv.n_cols - n_targets;
    int units = outputs[o].units ? outputs[o].units : (int)n_targets;
    char targets[64] = "";
    if (n_targets == 2 && csv.has_header) {
        /* Name the last two columns, when their names fit JSON plainly. */
        const char *a = csv.cols[csv.n_cols - 2].name, *b = csv.cols[csv.n_cols - 1].name;
        int plain = strlen(a) < 20 && strlen(b) < 20;
        for (const char *c = a; plain && *c; c++)
            plain = *c >= ' ' && *c != '"' && *c != '\\' && (unsigned char)*c < 0x80;
        for (const char *c = b; plain && *c; c++)
            plain = *c >= ' ' && *c != '"' && *c != '\\' && (unsigned char)*c < 0x80;
        if (plain)
            snprintf(targets, sizeof targets, ", \"targets\": [\"%s\", \"%s\"]", a, b);
    }
    char json[512];
    snprintf(json, sizeof json,
             "{\"layers\": [%zu, %d], \"activations\": [\"%s\"], \"loss\": \"%s\", "
             "\"data\": {\"train\": \"fuzz.csv\"%s%s%s}}",
             n_features, units, outputs[o].act, outputs[o].loss, targets,
             normalize ? ", \"normalize\": \"standard\"" : "",
             split ? ", \"validation_split\": 0.25" : "");
    mlp_spec spec;
    if (mlp_spec_parse(json, strlen(json), "fuzz.json", &spec, &err) != MLP_OK) {
        mlp_csv_free(&csv);
        return 0;
    }

    mlp_schema schema;
    mlp_dataset train, val;
    st = mlp_dataset_from_csv_split(&csv, &spec, &schema, &train, &val, &err);
    if (st == MLP_OK) {
        check_dataset(&train, n_features);
        if (val.n_rows)
            check_dataset(&val, n_features);
        FUZZ_CHECK(train.n_outputs == (size_t)units);
        mlp_dataset again;
        st = mlp_dataset_with_schema(&csv, &schema, 1, &again, &err);
        if (st == MLP_OK) {
            check_dataset(&again, n_features);
            mlp_dataset_free(&again);
        }
        mlp_dataset_free(&train);
        mlp_dataset_free(&val);
        mlp_schema_free(&schema);
    } else {
        FUZZ_CHECK(err.code == st && err.message[0] != '\0');
    }
    mlp_spec_free(&spec);
    mlp_csv_free(&csv);
    return 0;
}
