/* SPDX-License-Identifier: MIT */
/* mlp_bench.c: the mlp side of the benchmark, linked against libmlp. Each
 * mode prints one JSON object on stdout; bench/run.py runs the modes in
 * separate processes, alternating with the peers, and takes medians.
 *
 *   mlp_bench blas
 *       the BLAS build, the kernel OpenBLAS picked, and whether that kernel
 *       is the generic Prescott fallback on a CPU that has AVX2
 *   mlp_bench peak-square N THREADS RUNS
 *       dgemm of two N x N matrices: the machine's double-precision peak
 *   mlp_bench peak SPEC ROWS THREADS RUNS
 *       the GEMMs of one full-batch epoch of SPEC's network over ROWS rows,
 *       timed alone (per layer Z = X W^T, dW += dZ^T X and, above the first
 *       layer, dX = dZ W), the best of several ways to run them (see
 *       mode_peak): the dgemm peak at the workload's shapes
 *   mlp_bench train SPEC THREADS EPOCHS [EXPORT_DIR]
 *       what mlptrain does, timed: the CSV through mlp_csv_read, the data set
 *       through mlp_dataset_from_csv, the net from the spec's seed, then
 *       mlp_train_run for EPOCHS epochs of plain gradient descent. ms_per_epoch
 *       is mlp_train_run's own wall time of the epochs over the epochs run;
 *       peak_rss_mb is the peak resident memory from the start of training
 *       (data loaded) to its end. With EXPORT_DIR, first writes X.f64, Y.f64
 *       (the training matrices, raw little-endian doubles) and init.f64 (the
 *       initial parameters, per layer W row-major then b) for the peers.
 *   mlp_bench csv FILE THREADS
 *       mlp_csv_read_with of FILE: MB/s from file to matrix and the peak
 *       resident memory of the read; then, apart, the time of the whole-file
 *       read inside it (read_all_seconds)
 *   mlp_bench csv-strtod FILE
 *       the baseline: fgets and a strtod loop into a growing array
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>
#include <pthread.h>

#include "rss.h"

#include "fileio.h"
#include "gemm.h"
#include "mlp/blas.h"
#include "vmath.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/net.h"
#include "mlp/spec.h"
#include "mlp/train.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *what, const mlp_error *err)
{
    if (err)
        fprintf(stderr, "mlp_bench: %s: %s:%ld:%ld: %s; %s\n", what, err->path, err->line, err->col,
                err->message, err->hint);
    else
        fprintf(stderr, "mlp_bench: %s\n", what);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory", NULL);
    return p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void fill_random(double *a, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        a[i] = (double)(seed >> 11) * (1.0 / 9007199254740992.0) - 0.5;
    }
}

/* ------------------------------------------------------------------------ */

static int mode_blas(void)
{
    const char *core = mlp_gemm_blas_core();
    const char *config = mlp_gemm_blas_config();
    __builtin_cpu_init();
    int avx2 = !!__builtin_cpu_supports("avx2"), avx512 = !!__builtin_cpu_supports("avx512f");
    /* Debian's OpenBLAS 0.3.21 does not know some newer CPUs and falls back
     * to its generic Prescott (SSE3) kernels, about 3.7 times slower than the
     * AVX2/AVX-512 ones the CPU could run. */
    int prescott = strcmp(core, "Prescott") == 0 && avx2;
    char version[64] = "";
    const char *v = strstr(config, "OpenBLAS ");
    if (v)
        sscanf(v + 9, "%63s", version);
    const char *env_core = getenv("OPENBLAS_CORETYPE");
    printf("{\"name\": \"OpenBLAS\", \"version\": \"%s\", \"kernel\": \"%s\", \"config\": \"%s\", "
           "\"cpu_avx2\": %d, \"cpu_avx512f\": %d, \"prescott_fallback\": %d, "
           "\"openblas_coretype_env\": \"%s\", \"choice\": \"%s\", \"vmath_isa\": \"%s\"}\n",
           version, core, config, avx2, avx512, prescott, env_core ? env_core : "",
           mlp_blas_describe(), mlp_vmath_isa());
    return 0;
}

static int mode_peak_square(int n, int threads, int runs)
{
    mlp_gemm_set_threads(threads);
    size_t nn = (size_t)n * (size_t)n;
    double *A = xmalloc(nn * sizeof *A), *B = xmalloc(nn * sizeof *B), *C = xmalloc(nn * sizeof *C);
    fill_random(A, nn, 1);
    fill_random(B, nn, 2);
    double *t = xmalloc((size_t)runs * sizeof *t);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
        t[r] = now() - t0;
    }
    double s = median(t, runs);
    printf("{\"n\": %d, \"threads\": %d, \"seconds\": %.6g, \"gflops\": %.4g}\n", n, threads, s,
           2.0 * (double)n * n * n / s * 1e-9);
    free(A);
    free(B);
    free(C);
    free(t);
    return 0;
}

/* Multiply-adds of one full-batch epoch, times 2: forward and dW for every
 * layer, dX for every layer but the first. */
static double epoch_flops(const mlp_spec *spec, double rows)
{
    double f = 0;
    for (size_t l = 0; l < spec->n_layers; l++) {
        double mk = (double)spec->sizes[l] * (double)spec->sizes[l + 1];
        f += 2 * mk + (l > 0 ? mk : 0);
    }
    return 2.0 * rows * f;
}

static void load_spec(const char *path, mlp_spec *spec)
{
    mlp_error err;
    mlp_error_clear(&err);
    if (mlp_spec_load(path, spec, &err))
        die("spec", &err);
}

/* The GEMMs of one full-batch epoch over rows [r0, r1), in blocks of B rows:
 * per layer Z = X W^T, then backward dW += dZ^T X and (above the first
 * layer) dX = dZ W. */
typedef struct {
    const mlp_spec *spec;
    double **A, **G, **W, **dW;
    size_t r0, r1, B;
} gemm_job;

static void epoch_gemms(const gemm_job *j)
{
    const mlp_spec *spec = j->spec;
    size_t L = spec->n_layers;
    for (size_t r = j->r0; r < j->r1; r += j->B) {
        int m = (int)(j->r1 - r < j->B ? j->r1 - r : j->B);
        for (size_t l = 0; l < L; l++) {
            int n_in = (int)spec->sizes[l], n_out = (int)spec->sizes[l + 1];
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n_out, n_in, 1.0,
                        j->A[l] + r * n_in, n_in, j->W[l], n_in, 0.0, j->A[l + 1] + r * n_out,
                        n_out);
        }
        for (size_t l = L; l-- > 0;) {
            int n_in = (int)spec->sizes[l], n_out = (int)spec->sizes[l + 1];
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n_out, n_in, m, 1.0,
                        j->G[l + 1] + r * n_out, n_out, j->A[l] + r * n_in, n_in, 1.0, j->dW[l],
                        n_in);
            if (l > 0)
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n_in, n_out, 1.0,
                            j->G[l + 1] + r * n_out, n_out, j->W[l], n_in, 0.0,
                            j->G[l] + r * n_in, n_in);
        }
    }
}

/* A thread of the "rows" mode: runs+1 rounds, each between two barriers,
 * so the time measured is the work, not the starting of threads. */
typedef struct {
    gemm_job job;
    pthread_barrier_t *start, *end;
    int rounds;
} gemm_thread_arg;

static void *gemm_thread(void *arg)
{
    gemm_thread_arg *a = arg;
    for (int r = 0; r < a->rounds; r++) {
        pthread_barrier_wait(a->start);
        epoch_gemms(&a->job);
        pthread_barrier_wait(a->end);
    }
    return NULL;
}

/* The best the BLAS does at a workload's shapes, with `threads` threads:
 * the GEMMs of one epoch timed alone, the rows taken whole or in blocks of
 * 1024, with OpenBLAS's own threads or with one thread per share of the rows
 * (each calling single-threaded dgemm, as mlp's lanes do); the fastest of
 * these is the peak. At most 8192 rows are used: the rate per flop does not
 * depend on the number of blocks. */
static int mode_peak(const char *spec_path, size_t rows, int threads, int runs)
{
    mlp_spec spec;
    load_spec(spec_path, &spec);
    size_t L = spec.n_layers;
    if (rows > 8192)
        rows = 8192;
    int T = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    double *A[MLP_MAX_LAYERS + 1], *G[MLP_MAX_LAYERS + 1], *W[MLP_MAX_LAYERS];
    double *dW[64][MLP_MAX_LAYERS];
    for (size_t l = 0; l <= L; l++) {
        A[l] = xmalloc(rows * spec.sizes[l] * sizeof(double));
        G[l] = xmalloc(rows * spec.sizes[l] * sizeof(double));
        fill_random(A[l], rows * spec.sizes[l], 10 + l);
        fill_random(G[l], rows * spec.sizes[l], 50 + l);
    }
    for (size_t l = 0; l < L; l++) {
        size_t n = spec.sizes[l] * spec.sizes[l + 1];
        W[l] = xmalloc(n * sizeof(double));
        fill_random(W[l], n, 100 + l);
        for (int k = 0; k < T; k++) {
            dW[k][l] = xmalloc(n * sizeof(double));
            memset(dW[k][l], 0, n * sizeof(double));
        }
    }
    double f = epoch_flops(&spec, (double)rows);
    double *t = xmalloc((size_t)(runs + 1) * sizeof *t);
    const size_t blocks[2] = {rows, 1024};
    double best = 0;
    char configs[1024] = "";
    for (int mode = 0; mode < (T > 1 ? 2 : 1); mode++) {
        for (int bi = 0; bi < 2; bi++) {
            size_t B = blocks[bi];
            if (bi == 1 && B >= rows)
                continue;
            mlp_gemm_set_threads(mode == 0 ? T : 1);
            pthread_t tid[64];
            gemm_thread_arg args[64];
            pthread_barrier_t start, end;
            if (mode == 1) {
                pthread_barrier_init(&start, NULL, (unsigned)T);
                pthread_barrier_init(&end, NULL, (unsigned)T);
                for (int k = 0; k < T; k++) {
                    args[k] = (gemm_thread_arg){{&spec, A, G, W, dW[k], rows * (size_t)k / (size_t)T,
                                                 rows * (size_t)(k + 1) / (size_t)T, B},
                                                &start, &end, runs + 1};
                    if (k > 0 && pthread_create(&tid[k], NULL, gemm_thread, &args[k]))
                        die("pthread_create failed", NULL);
                }
            }
            for (int r = 0; r <= runs; r++) { /* run 0 warms up */
                double t0 = now();
                if (mode == 0) {
                    gemm_job j = {&spec, A, G, W, dW[0], 0, rows, B};
                    epoch_gemms(&j);
                } else {
                    pthread_barrier_wait(&start);
                    epoch_gemms(&args[0].job);
                    pthread_barrier_wait(&end);
                }
                t[r] = now() - t0;
            }
            if (mode == 1) {
                for (int k = 1; k < T; k++)
                    pthread_join(tid[k], NULL);
                pthread_barrier_destroy(&start);
                pthread_barrier_destroy(&end);
            }
            double g = f / median(t + 1, runs) * 1e-9;
            best = g > best ? g : best;
            size_t used = strlen(configs);
            snprintf(configs + used, sizeof configs - used, "%s{\"threading\": \"%s\", \"block\": %zu, \"gflops\": %.4g}",
                     used ? ", " : "", mode == 0 ? "blas" : "rows", B, g);
        }
    }
    mlp_gemm_set_threads(T);
    printf("{\"rows\": %zu, \"threads\": %d, \"flops\": %.6g, \"gflops\": %.4g, \"configs\": [%s]}\n",
           rows, threads, f, best, configs);
    for (size_t l = 0; l <= L; l++) {
        free(A[l]);
        free(G[l]);
    }
    for (size_t l = 0; l < L; l++) {
        free(W[l]);
        for (int k = 0; k < T; k++)
            free(dW[k][l]);
    }
    free(t);
    mlp_spec_free(&spec);
    return 0;
}

static void write_raw(const char *dir, const char *name, const double *v, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(v, sizeof *v, n, fp) != n || fclose(fp) != 0)
        die("cannot write an export file", NULL);
}

static int mode_train(const char *spec_path, int threads, long epochs, const char *export_dir)
{
    mlp_error err;
    mlp_error_clear(&err);
    mlp_spec spec;
    load_spec(spec_path, &spec);
    mlp_gemm_set_threads(threads);

    double t0 = now();
    mlp_csv csv;
    mlp_csv_options copts = {.threads = threads};
    if (mlp_csv_read_with(spec.train_path, &copts, &csv, &err))
        die("csv", &err);
    double t_csv = now() - t0;
    mlp_schema schema;
    mlp_dataset data;
    if (mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err))
        die("dataset", &err);
    mlp_csv_free(&csv);
    double t_load = now() - t0;

    mlp_net *net = mlp_net_create(spec.n_layers, spec.sizes, spec.acts, spec.loss, &err);
    if (!net)
        die("net", &err);
    if (mlp_net_init(net, spec.init, spec.seed)) /* only an init out of mlp_init's values */
        die("net: the spec's init is none of mlp_init's values", NULL);
    if (export_dir) {
        write_raw(export_dir, "X.f64", data.X, data.n_rows * data.n_features);
        write_raw(export_dir, "Y.f64", data.Y, data.n_rows * data.n_outputs);
        write_raw(export_dir, "init.f64", net->params, net->n_params);
    }

    mlp_train_options opts = {
        .learning_rate = spec.optimizer.learning_rate,
        .epochs = epochs,
        .classify = schema.n_labels > 0,
        .threads = threads,
    };
    mlp_train_result res;
    /* BENCH_WARMUP untimed epochs first, as every system of run.py does. */
    const char *warm = getenv("BENCH_WARMUP");
    if (warm && atol(warm) > 0) {
        opts.epochs = atol(warm);
        if (mlp_train_run(net, &data, &opts, &res, &err))
            die("train", &err);
        opts.epochs = epochs;
    }
    rss_reset_peak();
    mlp_status st = mlp_train_run(net, &data, &opts, &res, &err);
    double peak = rss_peak_mb();
    if (st)
        die("train", &err);
    double ms = 1e3 * res.seconds / (double)res.epochs_run;
    double f = epoch_flops(&spec, (double)data.n_rows);
    double data_mb = (double)data.n_rows * (double)(data.n_features + data.n_outputs) * 8.0 / 1048576.0;
    printf("{\"system\": \"mlp\", \"threads\": %d, \"epochs\": %ld, \"rows\": %zu, "
           "\"ms_per_epoch\": %.6g, \"flops_per_epoch\": %.6g, \"gflops\": %.4g, "
           "\"peak_rss_mb\": %.1f, \"data_mb\": %.1f, \"final_loss\": %.17g, "
           "\"csv_seconds\": %.4g, \"load_seconds\": %.4g, \"chunk_rows\": %zu}\n",
           threads, res.epochs_run, data.n_rows, ms, f, f / (ms * 1e6), peak, data_mb,
           res.final_loss, t_csv, t_load, (size_t)0);
    mlp_net_free(net);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_spec_free(&spec);
    return 0;
}

static double file_mb(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("cannot open the CSV file", NULL);
    fseek(fp, 0, SEEK_END);
    double mb = (double)ftell(fp) / 1e6;
    fclose(fp);
    return mb;
}

static int mode_csv(const char *path, int threads)
{
#ifndef MLP_BENCH_OLD
    unsigned char digest[32]; /* the provenance's SHA-256: part of the load path */
    mlp_csv_options opts = {.threads = threads, .sha256 = digest};
#else
    (void)threads;
#endif
    mlp_error err;
    mlp_error_clear(&err);
    double mb = file_mb(path);
    mlp_csv csv;
    rss_reset_peak();
    double base = rss_peak_mb();
    double t0 = now();
#ifndef MLP_BENCH_OLD
    if (mlp_csv_read_with(path, &opts, &csv, &err))
#else
    if (mlp_csv_read(path, &csv, &err))
#endif
        die("csv", &err);
    double s = now() - t0;
    double peak = rss_peak_mb();
    double matrix_mb = (double)csv.n_rows * (double)csv.n_cols * 8.0 / 1048576.0;
    size_t n_rows = csv.n_rows, n_cols = csv.n_cols;
    mlp_csv_free(&csv);
    /* the share of the file reading (fileio's whole-file read) in that time */
    char *text;
    size_t len;
    t0 = now();
    if (mlp_fileio_read_all(path, &text, &len, &err))
        die("read", &err);
    double read_s = now() - t0;
    free(text);
    printf("{\"system\": \"mlp\", \"threads\": %d, \"file_mb\": %.2f, \"seconds\": %.4g, "
           "\"mb_per_s\": %.4g, \"read_all_seconds\": %.4g, \"peak_rss_mb\": %.1f, "
           "\"base_rss_mb\": %.1f, \"matrix_mb\": %.1f, \"rows\": %zu, \"cols\": %zu}\n",
           threads, mb, s, mb / s, read_s, peak, base, matrix_mb, n_rows, n_cols);
    return 0;
}

/* The baseline every loader is compared with: a line at a time, strtod per
 * field, values appended to a doubling array. */
static int mode_csv_strtod(const char *path)
{
    double mb = file_mb(path);
    rss_reset_peak();
    double t0 = now();
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("cannot open the CSV file", NULL);
    size_t cap = 1 << 20, n = 0, rows = 0;
    double *v = xmalloc(cap * sizeof *v);
    size_t line_cap = 1 << 16;
    char *line = xmalloc(line_cap);
    int first = 1;
    while (fgets(line, (int)line_cap, fp)) {
        size_t len = strlen(line);
        while (len == line_cap - 1 && line[len - 1] != '\n') {
            line = realloc(line, line_cap * 2);
            if (!line)
                die("out of memory", NULL);
            if (!fgets(line + len, (int)(line_cap + 1), fp))
                break;
            line_cap *= 2;
            len = strlen(line);
        }
        if (first) { /* the header */
            first = 0;
            continue;
        }
        char *p = line;
        for (;;) {
            char *end;
            double x = strtod(p, &end);
            if (end == p)
                break;
            if (n == cap) {
                cap *= 2;
                v = realloc(v, cap * sizeof *v);
                if (!v)
                    die("out of memory", NULL);
            }
            v[n++] = x;
            p = end;
            if (*p != ',')
                break;
            p++;
        }
        rows++;
    }
    fclose(fp);
    double s = now() - t0;
    printf("{\"system\": \"strtod loop\", \"threads\": 1, \"file_mb\": %.2f, \"seconds\": %.4g, "
           "\"mb_per_s\": %.4g, \"peak_rss_mb\": %.1f, \"rows\": %zu, \"values\": %zu}\n",
           mb, s, mb / s, rss_peak_mb(), rows, n);
    free(v);
    free(line);
    return 0;
}

int main(int argc, char **argv)
{
    mlp_blas_init(argv); /* as mlptrain does: never OpenBLAS's fallback kernels */
    const char *m = argc > 1 ? argv[1] : "";
    if (strcmp(m, "blas") == 0 && argc == 2)
        return mode_blas();
    if (strcmp(m, "peak-square") == 0 && argc == 5)
        return mode_peak_square(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    if (strcmp(m, "peak") == 0 && argc == 6)
        return mode_peak(argv[2], (size_t)atol(argv[3]), atoi(argv[4]), atoi(argv[5]));
    if (strcmp(m, "train") == 0 && (argc == 5 || argc == 6))
        return mode_train(argv[2], atoi(argv[3]), atol(argv[4]), argc == 6 ? argv[5] : NULL);
    if (strcmp(m, "csv") == 0 && argc == 4)
        return mode_csv(argv[2], atoi(argv[3]));
    if (strcmp(m, "csv-strtod") == 0 && argc == 3)
        return mode_csv_strtod(argv[2]);
    fprintf(stderr, "usage: mlp_bench blas | peak-square N THREADS RUNS | peak SPEC ROWS THREADS "
                    "RUNS | train SPEC THREADS EPOCHS [EXPORT_DIR] | csv FILE THREADS | "
                    "csv-strtod FILE\n");
    return 2;
}
