/* SPDX-License-Identifier: MIT */
/* fann_bench.c: the C peer. FANN 2.2 (Debian's libfann-dev) in its double
 * build (libdoublefann: FANN's default fann_type is float), trained by its
 * batch trainer: FANN_TRAIN_BATCH, no momentum, linear error function, from
 * the same initial weights as mlp (the init.f64 that mlp_bench exported).
 *
 *   fann_bench EXPORT_DIR EPOCHS LR LOSS SIZE,SIZE,... ACT,ACT,...
 *
 * FANN has no softmax, cross-entropy or relu: a softmax output becomes a
 * sigmoid output trained on the one-hot targets, relu becomes
 * FANN_LINEAR_PIECE (clipped to [0, 1]) and the error is always FANN's MSE,
 * so its final loss is FANN's own MSE, not comparable with mlp's; the time
 * per epoch is what it is here for. tanh is FANN_SIGMOID_SYMMETRIC with
 * steepness 1 (= tanh x), sigmoid FANN_SIGMOID with steepness 0.5
 * (= 1/(1+e^-x)). FANN is single-threaded. Prints one JSON object. */
#include <doublefann.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rss.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *what)
{
    fprintf(stderr, "fann_bench: %s\n", what);
    exit(1);
}

static double *read_raw(const char *dir, const char *name, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("cannot open an export file");
    double *v = malloc(n * sizeof *v);
    if (!v || fread(v, sizeof *v, n, fp) != n)
        die("cannot read an export file");
    fclose(fp);
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 7)
        die("usage: fann_bench EXPORT_DIR EPOCHS LR LOSS SIZE,SIZE,... ACT,ACT,...");
    const char *dir = argv[1];
    long epochs = atol(argv[2]);
    double lr = atof(argv[3]);
    unsigned sizes[64];
    unsigned n_sizes = 0;
    for (char *s = strtok(argv[5], ","); s && n_sizes < 64; s = strtok(NULL, ","))
        sizes[n_sizes++] = (unsigned)atoi(s);
    unsigned n_layers = n_sizes - 1;
    char *acts[64];
    unsigned n_acts = 0;
    for (char *s = strtok(argv[6], ","); s && n_acts < 64; s = strtok(NULL, ","))
        acts[n_acts++] = s;
    if (n_acts != n_layers)
        die("one activation per weight layer");

    struct fann *ann = fann_create_standard_array(n_sizes, sizes);
    if (!ann)
        die("fann_create_standard_array failed");
    for (unsigned l = 0; l < n_layers; l++) {
        enum fann_activationfunc_enum f;
        double steep = 1.0;
        if (strcmp(acts[l], "tanh") == 0)
            f = FANN_SIGMOID_SYMMETRIC;
        else if (strcmp(acts[l], "sigmoid") == 0 || strcmp(acts[l], "softmax") == 0)
            f = FANN_SIGMOID, steep = 0.5;
        else if (strcmp(acts[l], "relu") == 0)
            f = FANN_LINEAR_PIECE;
        else if (strcmp(acts[l], "linear") == 0)
            f = FANN_LINEAR;
        else
            die("activation without a FANN counterpart");
        fann_set_activation_function_layer(ann, f, (int)l + 1);
        fann_set_activation_steepness_layer(ann, steep, (int)l + 1);
    }
    fann_set_training_algorithm(ann, FANN_TRAIN_BATCH);
    fann_set_learning_rate(ann, (float)lr);
    fann_set_learning_momentum(ann, 0.0f);
    fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);

    /* mlp's parameter block: per layer W (n_out x n_in) row-major, then b.
     * FANN numbers neurons layer by layer, each layer with a bias neuron
     * after its units, and connects every unit to all of the layer below. */
    size_t n_params = 0, off[64], nstart[65];
    nstart[0] = 0;
    for (unsigned l = 0; l < n_sizes; l++)
        nstart[l + 1] = nstart[l] + sizes[l] + 1;
    for (unsigned l = 0; l < n_layers; l++) {
        off[l] = n_params;
        n_params += (size_t)sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    double *init = read_raw(dir, "init.f64", n_params);
    unsigned n_conn = fann_get_total_connections(ann);
    struct fann_connection *conn = malloc(n_conn * sizeof *conn);
    if (!conn)
        die("out of memory");
    fann_get_connection_array(ann, conn);
    for (unsigned c = 0; c < n_conn; c++) {
        unsigned l = 0;
        while (l + 1 < n_sizes && conn[c].to_neuron >= nstart[l + 1])
            l++;
        /* the destination is in layer l >= 1, the source in layer l - 1 */
        if (l == 0 || conn[c].from_neuron < nstart[l - 1] || conn[c].from_neuron >= nstart[l])
            die("unexpected FANN connection layout");
        size_t j = conn[c].to_neuron - nstart[l], i = conn[c].from_neuron - nstart[l - 1];
        size_t n_in = sizes[l - 1];
        conn[c].weight = i == n_in ? init[off[l - 1] + sizes[l] * n_in + j]
                                   : init[off[l - 1] + j * n_in + i];
    }
    fann_set_weight_array(ann, conn, n_conn);

    /* the row count follows from the size of X.f64 */
    char path[4096];
    snprintf(path, sizeof path, "%s/X.f64", dir);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("cannot open X.f64");
    fseek(fp, 0, SEEK_END);
    size_t rows = (size_t)ftell(fp) / (sizeof(double) * sizes[0]);
    fclose(fp);
    unsigned n_in = sizes[0], n_out = sizes[n_layers];
    double *X = read_raw(dir, "X.f64", rows * n_in), *Y = read_raw(dir, "Y.f64", rows * n_out);
    struct fann_train_data *data = fann_create_train((unsigned)rows, n_in, n_out);
    if (!data)
        die("fann_create_train failed");
    for (size_t r = 0; r < rows; r++) {
        memcpy(data->input[r], X + r * n_in, n_in * sizeof(double));
        memcpy(data->output[r], Y + r * n_out, n_out * sizeof(double));
    }
    free(X);
    free(Y);

    rss_reset_peak();
    /* BENCH_WARMUP untimed epochs first, as every system of run.py does. */
    const char *w = getenv("BENCH_WARMUP");
    for (long e = 0, n = w ? atol(w) : 0; e < n; e++)
        fann_train_epoch(ann, data);
    double t0 = now();
    for (long e = 0; e < epochs; e++)
        fann_train_epoch(ann, data);
    double s = now() - t0;
    double peak = rss_peak_mb();
    double mse = fann_test_data(ann, data);
    printf("{\"system\": \"fann\", \"threads\": 1, \"epochs\": %ld, \"rows\": %zu, "
           "\"ms_per_epoch\": %.6g, \"peak_rss_mb\": %.1f, \"final_loss\": %.17g, "
           "\"loss_note\": \"FANN MSE\"}\n",
           epochs, rows, 1e3 * s / (double)epochs, peak, mse);
    fann_destroy_train(data);
    fann_destroy(ann);
    free(conn);
    free(init);
    return 0;
}
