/* SPDX-License-Identifier: MIT */
/* test_alloc_sweep.c: every allocation of a whole training run and of a
 * prediction (one model, and a committee of two), made to fail in turn
 * (src/alloc.c's hook).
 *
 * The run is the library's path through a training: spec, CSV, data set
 * with a validation split and normalisation, pre-flight check, network,
 * adam with early stopping, loss log, diagnosis, trace, weights; the
 * prediction reads the model back and predicts with evaluation into an
 * output file. First each is run once to count its allocations, then for
 * every N from 1 to that count the Nth allocation fails: the call must
 * return MLP_ERR_NOMEM with an "out of memory" message, and the output
 * folder must hold exactly what it held before (same files, same bytes, no
 * temporary file). Under the sanitizer build LeakSanitizer checks at exit
 * that no failure path leaked.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check.h"
#include "fileio.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/losslog.h"
#include "mlp/net.h"
#include "mlp/predict.h"
#include "mlp/preflight.h"
#include "mlp/spec.h"
#include "mlp/trace.h"
#include "mlp/train.h"
#include "mlp/weights.h"

static char dir[64];
static char model[128];

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

/* The folder's listing with every file's bytes, as one string to compare. */
static char *snapshot(void)
{
    size_t cap = 1 << 16, used = 0;
    char *s = calloc(cap, 1);
    assert_non_null(s);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n >= 0);
    for (int i = 0; i < n; i++) {
        char path[512];
        path_in(path, sizeof path, names[i]->d_name);
        used += (size_t)snprintf(s + used, cap - used, "[%s]", names[i]->d_name);
        FILE *fp = strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")
                       ? fopen(path, "rb") : NULL;
        if (fp) {
            used += fread(s + used, 1, cap - used - 1, fp);
            fclose(fp);
        }
        free(names[i]);
        assert_true(used < cap - 1);
    }
    free(names);
    return s;
}

typedef struct {
    mlp_losslog *log;
    mlp_diagnose *diag;
} epoch_ctx;

static mlp_status on_epoch(void *vctx, const mlp_epoch_stats *stats, mlp_error *err)
{
    epoch_ctx *ctx = vctx;
    mlp_diagnose_epoch(ctx->diag, stats);
    return mlp_losslog_append(ctx->log, stats, err);
}

static const char spec_text[] =
    "{\"layers\": [2, 6, 2], \"activations\": [\"tanh\", \"softmax\"],"
    " \"loss\": \"cross_entropy\", \"learning_rate\": 0.05, \"epochs\": 40,"
    " \"optimizer\": {\"name\": \"adam\"}, \"early_stopping\": {\"patience\": 3},"
    " \"data\": {\"train\": \"" MLP_FIXTURES "/diagnose/moons_onehot.csv\","
    " \"targets\": [\"c0\", \"c1\"], \"normalize\": \"standard\", \"validation_split\": 0.25}}";

/* A whole training run writing w.bin, l.csv and t.json into dir: nothing is
 * committed until everything that can fail for want of memory is done. */
static mlp_status train_run(mlp_error *err)
{
    mlp_spec spec;
    mlp_csv csv = {0};
    mlp_schema schema = {0};
    mlp_dataset train = {0}, val = {0};
    mlp_net *net = NULL;
    mlp_losslog *log = NULL;
    mlp_diagnose *diag = NULL;
    mlp_trace trace = {0};
    mlp_findings findings;
    mlp_atomic_file tf = {0};
    char wpath[128], lpath[128], tpath[128];
    path_in(wpath, sizeof wpath, "w.bin");
    path_in(lpath, sizeof lpath, "l.csv");
    path_in(tpath, sizeof tpath, "t.json");
    mlp_findings_init(&findings);

    mlp_status st = mlp_spec_parse(spec_text, strlen(spec_text), "sweep.json", &spec, err);
    if (st)
        return st;
    if ((st = mlp_csv_read(spec.train_path, &csv, err)))
        goto out;
    if ((st = mlp_dataset_from_csv_split(&csv, &spec, &schema, &train, &val, err)))
        goto out;
    net = mlp_net_create(spec.n_layers, spec.sizes, spec.acts, spec.loss, err);
    if (!net) {
        st = err->code;
        goto out;
    }
    mlp_net_init(net, spec.init, spec.seed);
    mlp_train_options opts = {
        .learning_rate = spec.optimizer.learning_rate,
        .epochs = spec.epochs,
        .classify = schema.n_labels > 0,
        .validation = &val,
        .optimizer = &spec.optimizer,
        .patience = spec.patience,
        .min_delta = spec.min_delta,
    };
    mlp_preflight_input in = {
        .spec = &spec, .csv = &csv, .schema = &schema, .data = &train, .net = net, .train = &opts,
    };
    if ((st = mlp_preflight_run(&in, &findings, err)))
        goto out;
    mlp_trace_options topts = {.epoch = 1, .row = -1, .initial = NULL};
    if ((st = mlp_trace_run(net, train.X, train.Y, train.n_rows, &topts, &trace, err)))
        goto out;
    mlp_diagnose_options dopts = {.learning_rate = spec.optimizer.learning_rate, .chance_loss = 0.69,
                                  .n_classes = 2, .labels = schema.labels,
                                  .n_labels = schema.n_labels};
    if (!(diag = mlp_diagnose_create(&dopts, err))) {
        st = err->code;
        goto out;
    }
    mlp_losslog_columns cols = {.classify = 1, .validation = 1, .best_epoch = 1};
    if (!(log = mlp_losslog_open_columns(lpath, &cols, err))) {
        st = err->code;
        goto out;
    }
    epoch_ctx ctx = {log, diag};
    opts.on_epoch = on_epoch;
    opts.ctx = &ctx;
    mlp_train_result res;
    if ((st = mlp_train_run(net, &train, &opts, &res, err)))
        goto out;
    mlp_findings_free(&findings);
    if ((st = mlp_diagnose_finish(diag, net, &train, &findings, err)))
        goto out;
    if ((st = mlp_fileio_atomic_open(&tf, tpath, err)))
        goto out;
    if ((st = mlp_trace_write_json(&trace, tf.fp, err)))
        goto out;
    unsigned char *wbuf = NULL;
    size_t wlen;
    if ((st = mlp_weights_encode(net, &schema, &wbuf, &wlen, err)))
        goto out;
    free(wbuf);
    /* Everything that allocates is done: commit. */
    if ((st = mlp_weights_write(wpath, net, &schema, err)))
        goto out;
    st = mlp_losslog_commit(log, err);
    log = NULL;
    if (!st)
        st = mlp_fileio_atomic_commit(&tf, err);
out:
    mlp_fileio_atomic_abort(&tf);
    mlp_losslog_abort(log);
    mlp_diagnose_free(diag);
    mlp_trace_free(&trace);
    mlp_findings_free(&findings);
    mlp_net_free(net);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
    return st;
}

/* mlppredict's path: the model, the rows, predictions with evaluation
 * into p.csv. */
static mlp_status predict_run(mlp_error *err)
{
    mlp_net *net = NULL;
    mlp_schema schema = {0};
    mlp_csv csv = {0};
    mlp_dataset data = {0};
    mlp_predict_eval eval = {0};
    mlp_atomic_file pf = {0};
    char ppath[128];
    path_in(ppath, sizeof ppath, "p.csv");
    mlp_status st = mlp_weights_read(model, &net, &schema, err);
    if (st)
        return st;
    if ((st = mlp_csv_read(MLP_FIXTURES "/diagnose/moons_onehot.csv", &csv, err)))
        goto out;
    if ((st = mlp_dataset_with_schema(&csv, &schema, 1, &data, err)))
        goto out;
    if ((st = mlp_fileio_atomic_open(&pf, ppath, err)))
        goto out;
    if ((st = mlp_predict_run(net, &schema, &data, pf.fp, &eval, err)))
        goto out;
    st = mlp_fileio_atomic_commit(&pf, err);
out:
    mlp_fileio_atomic_abort(&pf);
    mlp_predict_eval_free(&eval);
    mlp_dataset_free(&data);
    mlp_csv_free(&csv);
    mlp_schema_free(&schema);
    mlp_net_free(net);
    return st;
}

/* mlppredict's committee path: the model read twice, checked, each with
 * its own data set, the mean of both with evaluation into p.csv. */
static mlp_status committee_run(mlp_error *err)
{
    mlp_net *nets[2] = {NULL, NULL};
    mlp_schema schemas[2] = {{0}, {0}};
    mlp_dataset data[2] = {{0}, {0}};
    mlp_csv csv = {0};
    mlp_predict_eval eval = {0};
    mlp_atomic_file pf = {0};
    char ppath[128];
    path_in(ppath, sizeof ppath, "p.csv");
    mlp_status st = MLP_OK;
    for (size_t k = 0; k < 2 && !st; k++)
        st = mlp_weights_read(model, &nets[k], &schemas[k], err);
    if (!st)
        st = mlp_predict_check_committee(nets[0], &schemas[0], model, nets[1], &schemas[1], model,
                                         err);
    if (!st)
        st = mlp_csv_read(MLP_FIXTURES "/diagnose/moons_onehot.csv", &csv, err);
    for (size_t k = 0; k < 2 && !st; k++)
        st = mlp_dataset_with_schema(&csv, &schemas[k], 1, &data[k], err);
    if (!st)
        st = mlp_fileio_atomic_open(&pf, ppath, err);
    if (!st) {
        const mlp_net *const both[2] = {nets[0], nets[1]};
        const mlp_dataset *const rows[2] = {&data[0], &data[1]};
        st = mlp_predict_committee(both, rows, 2, &schemas[0], pf.fp, &eval, err);
    }
    if (!st)
        st = mlp_fileio_atomic_commit(&pf, err);
    mlp_fileio_atomic_abort(&pf);
    mlp_predict_eval_free(&eval);
    for (size_t k = 0; k < 2; k++) {
        mlp_dataset_free(&data[k]);
        mlp_schema_free(&schemas[k]);
        mlp_net_free(nets[k]);
    }
    mlp_csv_free(&csv);
    return st;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/mlp-alloc-sweep.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(model, sizeof model, "%s.model.bin", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"w.bin", "l.csv", "t.json", "p.csv"};
    for (size_t i = 0; i < 4; i++) {
        char p[128];
        path_in(p, sizeof p, names[i]);
        unlink(p);
    }
    unlink(model);
    rmdir(dir);
    return 0;
}

static void write_previous_outputs(void)
{
    const char *names[] = {"w.bin", "l.csv", "t.json", "p.csv"};
    for (size_t i = 0; i < 4; i++) {
        char p[128];
        path_in(p, sizeof p, names[i]);
        FILE *fp = fopen(p, "w");
        assert_non_null(fp);
        fprintf(fp, "previous %s\n", names[i]);
        fclose(fp);
    }
}

/* Counts the allocations of run(), then fails each in turn. Returns the count. */
static long sweep(mlp_status (*run)(mlp_error *), const char *name)
{
    mlp_error err;
    long before = mlp_alloc_count();
    assert_int_equal(run(&err), MLP_OK);
    long count = mlp_alloc_count() - before;
    write_previous_outputs();
    char *expected = snapshot();
    for (long n = 1; n <= count; n++) {
        mlp_error_clear(&err);
        mlp_alloc_fail_after(n);
        mlp_status st = run(&err);
        mlp_alloc_fail_after(0);
        if (st != MLP_ERR_NOMEM || !strstr(err.message, "out of memory"))
            fail_msg("%s: allocation %ld of %ld failing: status %d, \"%s\"", name, n, count,
                     (int)st, err.message);
        char *now = snapshot();
        if (strcmp(now, expected) != 0)
            fail_msg("%s: allocation %ld of %ld failing touched the outputs", name, n, count);
        free(now);
    }
    free(expected);
    printf("%s: swept %ld allocation points\n", name, count);
    return count;
}

static void every_allocation_of_a_training_run_should_fail_cleanly(void **state)
{
    (void)state;
    long count = sweep(train_run, "training run");
    assert_true(count > 100); /* a real run, not an early failure */
}

/* A trained model at `model`, outside the folder the sweeps watch. */
static void train_model(void)
{
    mlp_error err;
    assert_int_equal(train_run(&err), MLP_OK);
    char w[128];
    path_in(w, sizeof w, "w.bin");
    assert_int_equal(rename(w, model), 0);
}

static void every_allocation_of_a_prediction_should_fail_cleanly(void **state)
{
    (void)state;
    train_model();
    long count = sweep(predict_run, "prediction");
    assert_true(count > 20);
}

static void every_allocation_of_a_committee_should_fail_cleanly(void **state)
{
    (void)state;
    train_model();
    long count = sweep(committee_run, "committee");
    assert_true(count > 40);
}

/* Products of sizes that overflow size_t, or ask for more than
 * MLP_ALLOC_MAX_BYTES, are refused before malloc (under ASan a huge malloc
 * aborts the program instead of returning NULL). */
static void sizes_that_overflow_should_be_refused_before_malloc(void **state)
{
    (void)state;
    assert_null(mlp_alloc(SIZE_MAX / 2 + 1, 2));
    assert_null(mlp_alloc_zero(SIZE_MAX / 8 + 1, 8));
    assert_null(mlp_alloc(MLP_ALLOC_MAX_BYTES + 1, 1));
    assert_null(mlp_alloc_zero(MLP_ALLOC_MAX_BYTES / 8 + 1, 8));
    void *p = mlp_alloc(0, 8);
    assert_non_null(p);
    free(p);
}

static void a_network_too_big_to_hold_should_be_out_of_memory(void **state)
{
    (void)state;
    /* Three layers of the largest size: 2^48 weights per product, 2^51
     * bytes each: refused as out of memory, never handed to malloc. */
    size_t sizes[3] = {MLP_MAX_UNITS, MLP_MAX_UNITS, MLP_MAX_UNITS};
    mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, &err);
    assert_null(net);
    assert_int_equal(err.code, MLP_ERR_NOMEM);
    assert_non_null(strstr(err.message, "out of memory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_that_overflow_should_be_refused_before_malloc),
        cmocka_unit_test(a_network_too_big_to_hold_should_be_out_of_memory),
        cmocka_unit_test(every_allocation_of_a_training_run_should_fail_cleanly),
        cmocka_unit_test(every_allocation_of_a_prediction_should_fail_cleanly),
        cmocka_unit_test(every_allocation_of_a_committee_should_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
