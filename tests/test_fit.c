/* SPDX-License-Identifier: MIT */
/* test_fit.c: the training run of fit.h, checked against mlp_train_run
 * called by hand: restarts keep the best run and count the runs that reach
 * it, a refit repeats the best epoch's updates on every row, the provenance
 * records the kept run, and the epoch callback stops a run cleanly. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/fit.h"
#include "mlp/spec.h"
#include "mlp/train.h"

/* XOR's loss is still falling fast at this epoch of its own config (checked below). */
#define STOPPED_EPOCH 100

typedef struct {
    mlp_spec spec;
    mlp_schema schema, full_schema;
    mlp_dataset train, val, full;
    mlp_fit_data data;
    mlp_fit_options opts;
} problem;

/* config's data; with split > 0 a validation split, early stopping with
 * patience and a refit. */
static void load(const char *config, double split, long patience, problem *p)
{
    memset(p, 0, sizeof *p);
    mlp_error err;
    mlp_csv csv;
    if (mlp_spec_load(config, &p->spec, &err) || mlp_csv_read(p->spec.train_path, &csv, &err))
        fail_msg("%s: %s", err.path, err.message);
    p->spec.validation_split = split;
    if (mlp_dataset_from_csv_split(&csv, &p->spec, &p->schema, &p->train, &p->val, &err))
        fail_msg("%s", err.message);
    if (split > 0 && mlp_dataset_from_csv(&csv, &p->spec, &p->full_schema, &p->full, &err))
        fail_msg("%s", err.message);
    mlp_csv_free(&csv);
    p->data = (mlp_fit_data){.train = &p->train, .schema = &p->schema};
    if (split > 0) {
        p->data.validation = &p->val;
        p->data.full = &p->full;
        p->data.full_schema = &p->full_schema;
    }
    p->opts = (mlp_fit_options){.optimizer = p->spec.optimizer, .epochs = p->spec.epochs,
                                .l2 = p->spec.l2, .patience = patience, .refit = split > 0,
                                .restarts = 1, .init = p->spec.init, .seed = p->spec.seed};
    mlp_provenance_init(&p->opts.provenance);
}

static void unload(problem *p)
{
    mlp_dataset_free(&p->train);
    mlp_dataset_free(&p->val);
    mlp_dataset_free(&p->full);
    mlp_schema_free(&p->schema);
    mlp_schema_free(&p->full_schema);
    mlp_spec_free(&p->spec);
}

static mlp_net *new_net(const problem *p, uint64_t seed)
{
    mlp_net *net = mlp_net_create(p->spec.n_layers, p->spec.sizes, p->spec.acts, p->spec.loss, NULL);
    assert_non_null(net);
    mlp_net_init(net, p->spec.init, seed);
    return net;
}

/* One mlp_train_run by hand, as the fit should make it. */
static mlp_net *by_hand(const problem *p, uint64_t seed, const mlp_dataset *data,
                        const mlp_dataset *val, long epochs, long patience, mlp_train_result *res)
{
    mlp_net *net = new_net(p, seed);
    mlp_train_options o = {.learning_rate = p->opts.optimizer.learning_rate, .epochs = epochs,
                           .classify = p->schema.n_labels > 0, .validation = val,
                           .optimizer = &p->opts.optimizer, .l2 = p->opts.l2,
                           .patience = patience};
    mlp_status st = mlp_train_run(net, data, &o, res, NULL);
    assert_true(st == MLP_OK || st == MLP_ERR_DIVERGED);
    return net;
}

/* Lines of the in-memory loss log (its header included). */
static size_t log_lines(mlp_losslog *log)
{
    const char *text;
    size_t len, n = 0;
    assert_int_equal(mlp_losslog_text(log, &text, &len, NULL), MLP_OK);
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    return n;
}

static void restarts_should_keep_the_best_run_and_count_those_that_reach_it(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    p.opts.epochs = 300; /* short enough that some seeds stay on the plateau */
    p.opts.restarts = 8;
    mlp_net *net = new_net(&p, 999); /* overwritten: each restart draws its own weights */
    mlp_fit_result r;
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    assert_int_equal(r.n_runs, 8);
    /* Each run equals a single run from its seed; the kept one is the lowest. */
    long best = -1;
    double best_loss = INFINITY;
    mlp_net *want = NULL;
    for (long k = 0; k < 8; k++) {
        uint64_t seed = mlp_fit_restart_seed(p.opts.seed, k + 1);
        assert_true(seed == r.runs[k].seed);
        mlp_train_result res;
        mlp_net *n = by_hand(&p, seed, &p.train, NULL, p.opts.epochs, 0, &res);
        assert_memory_equal(&res.final_loss, &r.runs[k].kept, sizeof(double));
        if (res.final_loss < best_loss) {
            best_loss = res.final_loss;
            best = k;
            mlp_net_free(want);
            want = n;
        } else {
            mlp_net_free(n);
        }
    }
    assert_int_equal(r.best, best);
    assert_memory_equal(net->params, want->params, net->n_params * sizeof(double));
    /* The success rate, by the rule of fit.h. */
    size_t reached = 0;
    for (size_t k = 0; k < 8; k++) {
        const mlp_fit_run_record *x = &r.runs[k];
        int hit = x->kept < x->initial &&
                  x->kept <= best_loss + MLP_FIT_DEFAULT_RESTART_MARGIN * (x->initial - best_loss);
        assert_int_equal(x->reached, hit);
        reached += (size_t)hit;
    }
    assert_int_equal(r.reached, reached);
    assert_true(r.reached >= 1 && r.reached < 8); /* xor at 300 epochs: some stay stuck */
    assert_true(r.provenance.seed == r.runs[best].seed);
    assert_int_equal(log_lines(r.log), 1 + (size_t)r.runs[best].res.epochs_run);
    mlp_fit_result_free(&r);
    mlp_net_free(want);
    mlp_net_free(net);
    unload(&p);
}

/* In mini-batches without a validation set, each run's way down starts at
 * the loss of its initial weights (a pass over every row), not at epoch 1's
 * batch mean, which is taken during that epoch's updates: a run measured
 * from there had only part of its way down, and missed the margin (adam at
 * 0.05 in batches of 10: 7 of 8 runs reached the best of mlptrain's report,
 * where all 8 had made most of their way down). */
static void restarts_in_batches_should_measure_the_way_down_from_the_initial_weights(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", 0, 0, &p);
    p.opts.optimizer = mlp_optimizer_defaults(MLP_OPT_ADAM);
    p.opts.optimizer.learning_rate = 0.05;
    p.opts.epochs = 20;
    p.opts.batch_size = 10;
    p.opts.shuffle = 1;
    p.opts.restarts = 4;
    p.opts.restart_margin = 0.15;
    mlp_net *net = new_net(&p, 999);
    mlp_fit_result r;
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    assert_int_equal(r.n_runs, 4);
    assert_true(r.best >= 0);
    const double best = r.runs[r.best].kept;
    size_t reached = 0;
    for (size_t k = 0; k < 4; k++) {
        const mlp_fit_run_record *x = &r.runs[k];
        mlp_net *start = new_net(&p, x->seed);
        mlp_workspace *ws = mlp_workspace_create(start, 0, NULL);
        assert_non_null(ws);
        double l0 = mlp_net_evaluate(start, ws, p.train.X, p.train.Y, p.train.n_rows, 0).loss;
        assert_memory_equal(&x->initial, &l0, sizeof l0);
        assert_memory_equal(&x->res.initial_loss, &l0, sizeof l0);
        assert_int_equal(x->reached, x->ok && x->kept < l0 && x->kept <= best + 0.15 * (l0 - best));
        reached += (size_t)x->reached;
        mlp_workspace_free(ws);
        mlp_net_free(start);
    }
    assert_int_equal(r.reached, reached);
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

/* A linear net on XOR at rate 1.2 with mse: each step multiplies the
 * error along the inputs' widest direction by about 1 - 2 x 1.2 x 1.77
 * (the largest eigenvalue of the inputs' second moments, bias included),
 * so every run's loss rises from its initial one, and stays finite over 20
 * epochs. No run has a way down, so none reaches the best, not even the
 * best itself (it did "within 0.02 of its way down", a way up); the run of
 * the lowest loss is still the one kept. */
static void restarts_that_all_rose_should_reach_nothing(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    p.spec.n_layers = 1;
    p.spec.sizes[1] = 1;
    p.spec.acts[0] = MLP_ACT_LINEAR;
    p.spec.loss = MLP_LOSS_MSE;
    p.opts.optimizer.learning_rate = 1.2;
    p.opts.epochs = 20;
    p.opts.restarts = 4;
    mlp_net *net = new_net(&p, 999);
    mlp_fit_result r;
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    assert_int_equal(r.n_runs, 4);
    long lowest = 0;
    for (long k = 0; k < 4; k++) {
        const mlp_fit_run_record *x = &r.runs[k];
        assert_true(x->ok && isfinite(x->kept) && x->kept > x->initial);
        assert_false(x->reached);
        if (x->kept < r.runs[lowest].kept)
            lowest = k;
    }
    assert_int_equal(r.best, lowest);
    assert_int_equal(r.fell, 0);
    assert_int_equal(r.reached, 0);
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

static void a_refit_should_repeat_the_best_epochs_updates_on_every_row(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", 0.25, 20, &p);
    p.opts.epochs = 2000;
    mlp_net *net = new_net(&p, p.spec.seed);
    mlp_fit_result r;
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    mlp_train_result stopped;
    mlp_net *es = by_hand(&p, p.spec.seed, &p.train, &p.val, p.opts.epochs, 20, &stopped);
    assert_true(stopped.stopped_early); /* the test needs an early stop */
    assert_int_equal(r.res.best_epoch, stopped.best_epoch);
    assert_true(r.refit_ran);
    assert_int_equal(r.refit_epochs, stopped.best_epoch - 1);
    mlp_train_result refit;
    mlp_net *want = by_hand(&p, p.spec.seed, &p.full, NULL, stopped.best_epoch - 1, 0, &refit);
    assert_memory_equal(net->params, want->params, net->n_params * sizeof(double));
    assert_ptr_equal(r.schema, &p.full_schema);
    assert_ptr_equal(r.data, &p.full);
    /* The log holds the early-stopped run, then the refit. */
    assert_int_equal(log_lines(r.log), 1 + (size_t)stopped.epochs_run + (size_t)r.refit_epochs);
    /* The provenance records the weights written: those of the refit. */
    assert_int_equal(r.provenance.epochs_run, (uint64_t)refit.epochs_run);
    assert_memory_equal(&r.provenance.final_loss, &refit.final_loss, sizeof(double));
    mlp_fit_result_free(&r);
    mlp_net_free(want);
    mlp_net_free(es);
    mlp_net_free(net);
    unload(&p);
}

/* A reduce hook for one process that leaves every pass as it is, but
 * makes the loss of pass number `nan_at` (1-based, counted over the whole
 * fit) of one kind NaN: gradient passes (`gradient`) of `rows` rows, or
 * evaluations (any rows). */
typedef struct {
    int gradient;
    size_t rows;
    int count, nan_at;
} nan_ctx;

static mlp_status nan_once(void *ctx_, double *grads, size_t n, mlp_net_pass *pass,
                           mlp_error *err)
{
    (void)n;
    (void)err;
    nan_ctx *c = ctx_;
    if ((grads != NULL) == c->gradient && (!c->rows || pass->rows == c->rows) &&
        ++c->count == c->nan_at)
        pass->loss = NAN;
    return MLP_OK;
}

/* A refit that diverges (here: its loss made NaN at its epoch 2, through
 * the reduce hook; the early-stopped run's passes are of fewer rows)
 * writes no weights, and its hint names the epochs it trained: E - 1, or
 * with "refit_scale" the scaled count and the E - 1 it scales. */
static void a_diverged_refit_should_name_its_epochs(void **state)
{
    (void)state;
    const double scales[] = {1, 1.25};
    for (size_t k = 0; k < 2; k++) {
        problem p;
        load(MLP_SOURCE_DIR "/configs/moons.json", 0.25, 20, &p);
        p.opts.epochs = 2000;
        p.opts.refit_scale = scales[k];
        nan_ctx c = {.gradient = 1, .rows = p.full.n_rows, .nan_at = 2};
        p.opts.reduce = nan_once;
        p.opts.reduce_ctx = &c;
        mlp_net *net = new_net(&p, p.spec.seed);
        mlp_fit_result r;
        mlp_error err;
        assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_ERR_DIVERGED);
        assert_true(r.diverged);
        assert_false(r.refit_ran);
        long repeated = r.res.best_epoch - 1;
        assert_true(repeated >= 2);
        char want[256];
        if (k == 0)
            snprintf(want, sizeof want, "the refit repeats the %ld epochs of the early-stopped run "
                     "on all rows; remove \"refit\" to keep the early-stopped weights", repeated);
        else
            snprintf(want, sizeof want, "the refit trains %ld epochs on all rows, \"refit_scale\" "
                     "times the early-stopped run's %ld; remove \"refit\" to keep the early-stopped "
                     "weights", lround(1.25 * (double)repeated), repeated);
        assert_string_equal(err.hint, want);
        mlp_fit_result_free(&r);
        mlp_net_free(net);
        unload(&p);
    }
}

/* fit.h: "result is filled in every case (free it with
 * mlp_fit_result_free)". A NULL argument returned before the result was
 * zeroed, so freeing it freed whatever the caller's stack held. */
static void a_null_argument_should_leave_a_result_to_free(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    mlp_net *net = new_net(&p, 1);
    const char *what[3] = {"the network", "the data", "the options record"};
    for (int k = 0; k < 3; k++) {
        mlp_fit_result r;
        memset(&r, 0xA5, sizeof r); /* an uninitialised result */
        mlp_error err;
        assert_int_equal(mlp_fit_run(k == 0 ? NULL : net, k == 1 ? NULL : &p.data,
                                     k == 2 ? NULL : &p.opts, NULL, NULL, &r, &err),
                         MLP_ERR_USAGE);
        char want[64];
        snprintf(want, sizeof want, "mlp_fit_run: %s is NULL", what[k]);
        assert_string_equal(err.message, want);
        assert_null(r.runs);
        assert_null(r.log);
        assert_null(r.diagnosis);
        assert_int_equal(r.n_runs, 0);
        assert_int_equal(r.best, -1);
        mlp_fit_result_free(&r);
    }
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_fit_run: the result is NULL");
    mlp_net_free(net);
    unload(&p);
}

/* fit.h: MLP_ERR_USAGE for "a refit without full" and a refit_scale out of
 * 1 to 100 (0: 1), naming the field. A refit without full returned MLP_OK
 * with no refit and nothing said; 0.5, -3 and NaN ran as 1; 1e30
 * overflowed the epoch count (LONG_MIN) and skipped the refit, MLP_OK. */
static void a_refit_without_rows_or_with_a_bad_scale_should_be_refused(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", 0.25, 5, &p);
    p.opts.epochs = 30;
    mlp_net *net = new_net(&p, p.spec.seed);
    double *before = malloc(net->n_params * sizeof *before);
    assert_non_null(before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    mlp_fit_result r;
    mlp_error err;

    mlp_fit_data no_full = p.data;
    no_full.full = NULL;
    no_full.full_schema = NULL;
    assert_int_equal(mlp_fit_run(net, &no_full, &p.opts, NULL, NULL, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_fit_options.refit needs mlp_fit_data.full (the rows to "
                                     "refit on), which is NULL");
    assert_string_equal(err.hint, "set full and full_schema (mlp_dataset_build's full set), or set "
                                  "refit to 0");
    assert_null(r.log);
    mlp_fit_result_free(&r);
    assert_memory_equal(net->params, before, net->n_params * sizeof *before);

    const double bad[] = {0.5, -3, NAN, 1e30, 101};
    const char *shown[] = {"0.5", "-3", "nan", "1e+30", "101"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        p.opts.refit_scale = bad[k];
        assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_ERR_USAGE);
        char want[128];
        snprintf(want, sizeof want, "mlp_fit_options.refit_scale must be 0 (1) or 1 to 100, not %s",
                 shown[k]);
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, "set refit_scale within that range (include/mlp/fit.h)");
        mlp_fit_result_free(&r);
        assert_memory_equal(net->params, before, net->n_params * sizeof *before);
    }
    /* The bounds themselves run, and refit round(s (E - 1)) epochs. */
    const double good[] = {0, 1, 100};
    for (size_t k = 0; k < 3; k++) {
        memcpy(net->params, before, net->n_params * sizeof *before);
        p.opts.refit_scale = good[k];
        assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
        assert_true(r.refit_asked);
        long e = r.res.best_epoch - 1;
        assert_true(e >= 1);
        assert_int_equal(r.refit_epochs, good[k] > 1 ? 100 * e : e);
        assert_true(r.refit_ran);
        mlp_fit_result_free(&r);
    }
    free(before);
    mlp_net_free(net);
    unload(&p);
}

static void the_provenance_should_record_the_kept_run(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    p.opts.epochs = 50;
    p.opts.provenance.has_spec_sha256 = 1;
    memset(p.opts.provenance.spec_sha256, 0xab, MLP_SHA256_SIZE);
    p.opts.provenance.threads = 3;
    mlp_net *net = new_net(&p, p.spec.seed);
    mlp_fit_result r;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, NULL), MLP_OK);
    const mlp_provenance *pv = &r.provenance;
    assert_true(pv->has_training && pv->has_spec_sha256 && !pv->has_data_sha256);
    assert_int_equal(pv->spec_sha256[31], 0xab);
    assert_int_equal(pv->threads, 3);
    assert_true(pv->seed == p.spec.seed);
    assert_int_equal(pv->epochs_run, 50);
    assert_int_equal(pv->best_epoch, (uint64_t)r.res.best_epoch);
    assert_memory_equal(&pv->best_loss, &r.res.best_loss, sizeof(double));
    assert_memory_equal(&pv->final_loss, &r.res.final_loss, sizeof(double));
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

typedef struct {
    long stop_run, stop_epoch;  /* return `status` at this run's epoch */
    mlp_status status;
    long calls;
} stopper;

static mlp_status stop_at(void *ctx, const mlp_fit_epoch *e, mlp_error *err)
{
    stopper *s = ctx;
    s->calls++;
    if (e->run == s->stop_run && e->stats->epoch == s->stop_epoch) {
        if (s->status != MLP_ERR_INTERRUPTED)
            mlp_error_set(err, s->status, NULL, 0, 0, "stopped by the test");
        return s->status;
    }
    return MLP_OK;
}

static void the_callback_should_stop_a_run_cleanly_after_its_epoch(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    p.opts.epochs = 1000;
    mlp_net *net = new_net(&p, p.spec.seed);
    stopper s = {.stop_run = 1, .stop_epoch = 5, .status = MLP_ERR_INTERRUPTED};
    mlp_fit_result r;
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, stop_at, &s, &r, &err),
                     MLP_ERR_INTERRUPTED);
    assert_int_equal(s.calls, 5);
    assert_int_equal(r.res.epochs_run, 5);
    assert_false(r.diverged);
    assert_string_equal(err.message, "interrupted after epoch 5 of 1000");
    assert_int_equal(log_lines(r.log), 1 + 5);
    /* The net holds the weights after the 5th update, as 5 epochs give. */
    mlp_train_result res;
    mlp_net *want = by_hand(&p, p.spec.seed, &p.train, NULL, 5, 0, &res);
    assert_memory_equal(net->params, want->params, net->n_params * sizeof(double));
    mlp_fit_result_free(&r);
    mlp_net_free(want);

    /* In restarts: no further run starts; the best so far is kept. */
    p.opts.restarts = 4;
    s = (stopper){.stop_run = 2, .stop_epoch = 3, .status = MLP_ERR_INTERRUPTED};
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, stop_at, &s, &r, &err),
                     MLP_ERR_INTERRUPTED);
    assert_int_equal(r.n_runs, 2);
    assert_int_equal(s.calls, p.opts.epochs + 3);
    assert_int_equal(r.runs[1].res.epochs_run, 3);
    assert_string_equal(err.hint, "the outputs hold the best of the 2 runs so far");
    mlp_fit_result_free(&r);

    /* Any other status aborts: nothing is left to write. */
    p.opts.restarts = 1;
    s = (stopper){.stop_run = 1, .stop_epoch = 2, .status = MLP_ERR_IO};
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, stop_at, &s, &r, &err), MLP_ERR_IO);
    assert_null(r.log);
    assert_string_equal(err.message, "stopped by the test");
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

/* The diagnosis of a run stopped by the callback (Ctrl-C in mlptrain) does
 * not judge its end as if training had finished: the same curve that
 * says "still falling" when the run ends there says nothing when it was
 * stopped there. Stopped in the first of several runs, "1 run" so far. */
static void a_stopped_run_should_not_be_told_to_train_longer(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    p.opts.diagnose = 1;
    p.opts.epochs = STOPPED_EPOCH;
    mlp_net *net = new_net(&p, p.spec.seed);
    mlp_fit_result r;
    mlp_error err;
    mlp_findings f;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(r.diagnosis, net, r.data, &f, &err), MLP_OK);
    assert_true(mlp_findings_find(&f, "still-falling") >= 0); /* the control */
    mlp_findings_free(&f);
    mlp_fit_result_free(&r);

    mlp_net_init(net, p.spec.init, p.spec.seed);
    p.opts.epochs = 10 * STOPPED_EPOCH;
    stopper s = {.stop_run = 1, .stop_epoch = STOPPED_EPOCH, .status = MLP_ERR_INTERRUPTED};
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, stop_at, &s, &r, &err),
                     MLP_ERR_INTERRUPTED);
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(r.diagnosis, net, r.data, &f, &err), MLP_OK);
    assert_int_equal(mlp_findings_find(&f, "still-falling"), -1);
    mlp_findings_free(&f);
    mlp_fit_result_free(&r);

    p.opts.restarts = 3;
    s = (stopper){.stop_run = 1, .stop_epoch = 2, .status = MLP_ERR_INTERRUPTED};
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, stop_at, &s, &r, &err),
                     MLP_ERR_INTERRUPTED);
    assert_string_equal(err.hint, "the outputs hold the best of the 1 run so far");
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

/* A run whose loss ends at chance, with nothing said against its rate,
 * tries larger rates from its initial weights, and its diagnosis names
 * what --lr-scan would recommend (sigmoid_mse_stall.json at 0.5: stable up
 * to 10.77, so 1.077; the hint had said "a smaller learning_rate"). The
 * trials leave the kept weights alone. A run that diverges on targets far
 * from the outputs' scale is told to divide them. */
static void a_run_at_chance_should_try_larger_rates(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/tests/fixtures/diagnose/sigmoid_mse_stall.json", 0, 0, &p);
    mlp_net *net = new_net(&p, p.spec.seed), *plain = new_net(&p, p.spec.seed);
    mlp_fit_result r, q;
    mlp_error err;
    assert_int_equal(mlp_fit_run(plain, &p.data, &p.opts, NULL, NULL, &q, &err), MLP_OK);
    p.opts.diagnose = 1;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    assert_memory_equal(net->params, plain->params, net->n_params * sizeof *net->params);
    mlp_findings f;
    mlp_findings_init(&f);
    assert_int_equal(mlp_diagnose_finish(r.diagnosis, net, r.data, &f, &err), MLP_OK);
    long k = mlp_findings_find(&f, "loss-at-chance");
    assert_true(k >= 0);
    assert_non_null(strstr(f.items[k].hint, "were stable up to rate 10.7722; try learning_rate "
                                            "1.07722, with --restarts 10"));
    mlp_findings_free(&f);
    mlp_fit_result_free(&r);
    mlp_fit_result_free(&q);
    mlp_net_free(net);
    mlp_net_free(plain);
    unload(&p);

    load(MLP_SOURCE_DIR "/tests/fixtures/diagnose/large_targets.json", 0, 0, &p);
    net = new_net(&p, p.spec.seed);
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_ERR_DIVERGED);
    assert_string_equal(err.message, "the loss became infinite at epoch 402 (learning rate 0.1)");
    assert_string_equal(err.hint, "the targets are far from the outputs' starting scale: divide "
                                  "them by 100, and multiply the predictions by it");
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

static void options_out_of_range_should_be_refused(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    mlp_net *net = new_net(&p, p.spec.seed);
    mlp_fit_result r;
    mlp_error err;
    p.opts.epochs = 0;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "epochs"));
    assert_null(strstr(err.message, "runs"));
    p.opts.epochs = 10;
    /* Each field out of its range is named. */
    struct {
        const char *field;
        mlp_fit_options o;
    } bad[] = {{"restarts", p.opts}, {"l2", p.opts},        {"l2", p.opts},
               {"patience", p.opts}, {"min_delta", p.opts}, {"threads", p.opts}};
    bad[0].o.restarts = -3;
    bad[1].o.l2 = -5;
    bad[2].o.l2 = NAN;
    bad[3].o.patience = -1;
    bad[4].o.min_delta = -1;
    bad[5].o.threads = -7;
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        mlp_status st = mlp_fit_run(net, &p.data, &bad[k].o, NULL, NULL, &r, &err);
        if (st != MLP_ERR_USAGE || !strstr(err.message, bad[k].field))
            fail_msg("case %zu (%s): status %d, \"%s\"", k, bad[k].field, (int)st, err.message);
        mlp_fit_result_free(&r);
    }
    /* Data of another width is the data's fault, not an option's. */
    mlp_dataset narrow = p.train;
    narrow.n_features = 1;
    mlp_fit_data d = p.data;
    d.train = &narrow;
    assert_int_equal(mlp_fit_run(net, &d, &p.opts, NULL, NULL, &r, &err), MLP_ERR_DATA);
    mlp_fit_result_free(&r);
    p.opts.optimizer.learning_rate = -1;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_ERR_USAGE);
    assert_null(r.log);
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

/* mlp_net_init refuses an init out of the enum and leaves the weights as
 * they were: a fit that ignored it trained each restart on from the run
 * before (run 2's initial loss was run 1's final one) and returned MLP_OK.
 * The init is refused up front, the net untouched, with one run too. */
static void an_init_out_of_the_enum_should_be_refused_before_any_run(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", 0, 0, &p);
    p.opts.epochs = 50;
    mlp_net *net = new_net(&p, p.spec.seed);
    double *before = malloc(net->n_params * sizeof *before);
    assert_non_null(before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    const long restarts[] = {3, 1};
    for (size_t k = 0; k < sizeof restarts / sizeof *restarts; k++) {
        mlp_fit_options o = p.opts;
        o.restarts = restarts[k];
        o.init = (mlp_init)7;
        mlp_fit_result r;
        mlp_error err;
        mlp_error_clear(&err);
        mlp_status st = mlp_fit_run(net, &p.data, &o, NULL, NULL, &r, &err);
        if (st != MLP_ERR_USAGE || !strstr(err.message, "mlp_fit_options.init") ||
            !strstr(err.message, "not 7") || !strstr(err.hint, "mlp_init_from_name"))
            fail_msg("restarts %ld: status %d, \"%s; %s\"", restarts[k], (int)st, err.message,
                     err.hint);
        assert_int_equal(r.n_runs, 0);
        assert_null(r.log);
        assert_memory_equal(net->params, before, net->n_params * sizeof *before);
        mlp_fit_result_free(&r);
    }
    /* Each value of the enum is taken. */
    for (int init = MLP_INIT_DEFAULT; init <= MLP_INIT_HE; init++) {
        mlp_fit_options o = p.opts;
        o.restarts = 2;
        o.init = (mlp_init)init;
        mlp_fit_result r;
        assert_int_equal(mlp_fit_run(net, &p.data, &o, NULL, NULL, &r, NULL), MLP_OK);
        assert_int_equal(r.n_runs, 2);
        mlp_fit_result_free(&r);
    }
    free(before);
    mlp_net_free(net);
    unload(&p);
}

/* A run whose kept loss is NaN was compared with `kept < best`, false
 * whenever either side is NaN: a first run of NaN could never be replaced,
 * and was kept and written though a later run reached a finite loss. Here
 * run 1's final validation pass is made NaN (its 2 epochs make the passes
 * over the validation rows validation, validation, final validation; the
 * reductions of a yes/no per process, of 1 row each, are not counted). */
static void a_run_whose_kept_loss_is_nan_should_never_be_kept(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", 0.25, 0, &p);
    p.opts.refit = 0;
    p.opts.epochs = 2;
    p.opts.restarts = 3;
    nan_ctx c = {.gradient = 0, .rows = p.val.n_rows, .nan_at = 3};
    p.opts.reduce = nan_once;
    p.opts.reduce_ctx = &c;
    mlp_net *net = new_net(&p, 1);
    mlp_fit_result r;
    mlp_error err;
    assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, NULL, NULL, &r, &err), MLP_OK);
    assert_int_equal(r.n_runs, 3);
    assert_true(isnan(r.runs[0].kept));
    assert_true(isfinite(r.runs[1].kept) && isfinite(r.runs[2].kept));
    assert_int_equal(r.best, r.runs[2].kept < r.runs[1].kept ? 2 : 1);
    assert_false(r.runs[0].reached);
    mlp_fit_result_free(&r);
    mlp_net_free(net);
    unload(&p);
}

/* The training loss of the last epoch of the early-stopped run (not of
 * the refit): the figure the l2 finding used to set the penalty against. */
static mlp_status last_stopped_loss(void *ctx, const mlp_fit_epoch *e, mlp_error *err)
{
    (void)err;
    if (!e->refit)
        *(double *)ctx = e->stats->loss;
    return MLP_OK;
}

/* (l2/2) sum W^2 of the net's weights (not the biases), summed here. */
static double penalty_of(const mlp_net *net, double l2)
{
    double sum = 0;
    for (size_t l = 0; l < net->n_layers; l++)
        for (size_t i = 0; i < net->layers[l].n_out * net->layers[l].n_in; i++)
            sum += net->layers[l].W[i] * net->layers[l].W[i];
    return l2 / 2 * sum;
}

/* The mean loss of the net over rows, by an evaluation of its own. */
static double loss_of(const mlp_net *net, const mlp_dataset *rows)
{
    mlp_workspace *ws = mlp_workspace_create(net, 0, NULL);
    assert_non_null(ws);
    double loss = mlp_net_evaluate(net, ws, rows->X, rows->Y, rows->n_rows, 0).loss;
    mlp_workspace_free(ws);
    return loss;
}

/* l2-too-large sets the penalty of one model against that same model's
 * loss: the weights written (the refit's, or the best epoch's that early
 * stopping put back) and their loss on the rows they were trained on. On
 * moons with l2 0.03 and patience 200 it said "penalty 0.0641, 20% of the
 * loss 0.316": the refit's penalty against the early-stopped run's last
 * epoch (its refit's own loss is 0.3069); without the refit, the best
 * epoch's penalty against an epoch 200 later. */
static void the_l2_finding_should_weigh_the_penalty_of_the_model_written(void **state)
{
    (void)state;
    for (int refit = 1; refit >= 0; refit--) {
        problem p;
        load(MLP_SOURCE_DIR "/configs/moons.json", 0.2, 200, &p);
        p.opts.refit = refit;
        p.opts.l2 = 0.03;
        p.opts.diagnose = 1;
        mlp_net *net = new_net(&p, p.spec.seed);
        mlp_fit_result r;
        mlp_error err;
        double last = NAN;
        assert_int_equal(mlp_fit_run(net, &p.data, &p.opts, last_stopped_loss, &last, &r, &err),
                         MLP_OK);
        /* The test needs two models: the kept weights are not the last epoch's. */
        assert_true(r.res.stopped_early && r.res.restored);
        assert_int_equal(r.refit_ran, refit);
        assert_ptr_equal(r.data, refit ? &p.full : &p.train);
        double pen = penalty_of(net, p.opts.l2), loss = loss_of(net, r.data);
        assert_true(fabs(loss - last) > 1e-9 * loss); /* and their losses differ */
        mlp_findings f;
        mlp_findings_init(&f);
        assert_int_equal(mlp_diagnose_finish(r.diagnosis, net, r.data, &f, &err), MLP_OK);
        long k = mlp_findings_find(&f, "l2-too-large");
        assert_true(k >= 0);
        /* The share is that of the written weights' penalty in their loss... */
        assert_true(fabs(f.items[k].measured - pen / loss) <= 1e-12 * (pen / loss));
        /* ...and the message prints those two figures. */
        char want[300];
        snprintf(want, sizeof want,
                 "l2 0.03 holds the weights at the penalty's balance: the penalty (l2/2) sum "
                 "W^2 is %.3g, %.0f%% of the loss %.4g (which leaves it out), and the loss "
                 "stays there",
                 pen, 100 * pen / loss, loss);
        assert_string_equal(f.items[k].message, want);
        mlp_findings_free(&f);
        mlp_fit_result_free(&r);
        mlp_net_free(net);
        unload(&p);
    }
}

/* 0/1 targets on a sigmoid output are class targets to the pre-flight even
 * with "mse", whose data are read as numbers (no labels): the run must
 * count their accuracy too (it printed none, and the log had no accuracy
 * column). Fractions, a single class, one linear or tanh unit (a
 * regression the user may mean) and multi-label rows are not classes. */
static void class_targets_should_be_counted_as_classes(void **state)
{
    (void)state;
    double one[4] = {0, 1, 1, 0}, frac[4] = {0, 1, 0.5, 0}, same[4] = {1, 1, 1, 1};
    double hot[6] = {1, 0, 0, 1, 1, 0}, multi[6] = {1, 1, 0, 1, 1, 0};
    mlp_dataset d1 = {.n_rows = 4, .n_outputs = 1, .Y = one};
    assert_true(mlp_fit_class_targets(&d1, MLP_ACT_SIGMOID));
    assert_false(mlp_fit_class_targets(&d1, MLP_ACT_TANH));
    assert_false(mlp_fit_class_targets(&d1, MLP_ACT_LINEAR));
    d1.Y = frac;
    assert_false(mlp_fit_class_targets(&d1, MLP_ACT_SIGMOID));
    d1.Y = same;
    assert_false(mlp_fit_class_targets(&d1, MLP_ACT_SIGMOID));
    mlp_dataset d2 = {.n_rows = 3, .n_outputs = 2, .Y = hot};
    assert_true(mlp_fit_class_targets(&d2, MLP_ACT_SIGMOID));
    assert_true(mlp_fit_class_targets(&d2, MLP_ACT_TANH)); /* several outputs: classes */
    d2.Y = multi;
    assert_false(mlp_fit_class_targets(&d2, MLP_ACT_SIGMOID));

    /* A fit on them: accuracy in the result and in the log's columns, and
     * the figure is the share of rows whose output is on the target's side
     * of 0.5, counted here from the trained net. */
    const size_t sizes[3] = {2, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 3);
    double X[8] = {0, 0, 0, 1, 1, 0, 1, 1};
    mlp_dataset train = {.n_rows = 4, .n_features = 2, .n_outputs = 1, .X = X, .Y = one};
    mlp_schema schema = {.n_features = 2, .n_outputs = 1};
    mlp_fit_data data = {.train = &train, .schema = &schema};
    assert_false(mlp_fit_log_columns(&data, &(mlp_fit_options){0}).classify);
    data.class_targets = mlp_fit_class_targets(&train, MLP_ACT_SIGMOID);
    mlp_fit_options o = {.optimizer = {.kind = MLP_OPT_GD, .learning_rate = 2.0},
                         .epochs = 40, .seed = 3};
    assert_true(mlp_fit_log_columns(&data, &o).classify);
    mlp_fit_result r;
    mlp_error err;
    mlp_status st = mlp_fit_run(net, &data, &o, NULL, NULL, &r, &err);
    if (st)
        fail_msg("%s", err.message);
    mlp_workspace *ws = mlp_workspace_create(net, 4, NULL);
    const double *y = mlp_net_forward(net, ws, X, 4);
    size_t right = 0;
    for (size_t i = 0; i < 4; i++)
        right += (y[i] > 0.5) == (one[i] == 1.0);
    assert_true(r.res.final_accuracy == (double)right / 4.0);
    mlp_workspace_free(ws);
    mlp_fit_result_free(&r);
    mlp_net_free(net);
}

/* The first reduction of a fit (diagnose off): the agreement on class
 * targets. `others` more processes join it, `agree` of them saying yes;
 * every later reduction is of this process alone. */
typedef struct {
    size_t calls, others, agree;
} vote_ctx;

static mlp_status vote(void *ctx_, double *grads, size_t n, mlp_net_pass *pass, mlp_error *err)
{
    (void)grads;
    (void)n;
    (void)err;
    vote_ctx *c = ctx_;
    if (c->calls++ == 0) {
        pass->rows += c->others;
        pass->correct += c->agree;
    }
    return MLP_OK;
}

/* The fit of class_targets_should_be_counted_as_classes' net on 0/1 targets
 * validated on `val` (targets vy), with `reduce`: its result and the first
 * line of its log. */
static void fit_validated(const double *vy, mlp_train_reduce_fn reduce, void *rctx,
                          int caller_says, mlp_fit_result *r, char *header, size_t size)
{
    static double X[8] = {0, 0, 0, 1, 1, 0, 1, 1}, Y[4] = {0, 1, 1, 0};
    static double VX[8] = {0.1, 0.1, 0.1, 0.9, 0.9, 0.1, 0.9, 0.9};
    const size_t sizes[3] = {2, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_MSE, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 3);
    mlp_dataset train = {.n_rows = 4, .n_features = 2, .n_outputs = 1, .X = X, .Y = Y};
    mlp_dataset val = {.n_rows = 4, .n_features = 2, .n_outputs = 1, .X = VX, .Y = (double *)vy};
    mlp_schema schema = {.n_features = 2, .n_outputs = 1};
    mlp_fit_data data = {.train = &train, .schema = &schema, .validation = &val,
                         .class_targets = caller_says};
    mlp_fit_options o = {.optimizer = {.kind = MLP_OPT_GD, .learning_rate = 2.0},
                         .epochs = 40, .seed = 3, .reduce = reduce, .reduce_ctx = rctx};
    mlp_error err;
    mlp_status st = mlp_fit_run(net, &data, &o, NULL, NULL, r, &err);
    if (st)
        fail_msg("%s", err.message);
    const char *text;
    size_t len;
    assert_int_equal(mlp_losslog_text(r->log, &text, &len, NULL), MLP_OK);
    snprintf(header, size, "%.*s", (int)strcspn(text, "\n"), text);
    mlp_net_free(net);
}

/* Whether 0/1 targets on a sigmoid output count accuracy was decided by
 * mlptrain (its own rule on the training rows, then on the validation
 * rows, agreed by the ranks): a plain mlp_fit_run caller got no accuracy
 * for 0/1 targets, and one that set class_targets itself got a 0.5 of its
 * validation rows counted right or wrong as a class. mlp_fit_run decides
 * it now, for every caller, whatever class_targets holds. */
static void a_plain_fit_should_count_class_targets_as_mlptrain_does(void **state)
{
    (void)state;
    const double classes[4] = {1, 1, 0, 0}, halves[4] = {1, 1, 0.5, 0.5};
    mlp_fit_result r;
    char header[128];
    /* 0/1 validation targets: accuracy on both sets, and in the log. */
    fit_validated(classes, NULL, NULL, 0, &r, header, sizeof header);
    assert_false(isnan(r.res.final_accuracy));
    assert_false(isnan(r.res.final_val_accuracy));
    assert_string_equal(header, "epoch,loss,accuracy,val_loss,val_accuracy");
    mlp_fit_result_free(&r);
    /* A 0.5 among them: no set gets one, though the caller said classes. */
    fit_validated(halves, NULL, NULL, 1, &r, header, sizeof header);
    assert_true(isnan(r.res.final_accuracy) && isnan(r.res.final_val_accuracy));
    assert_string_equal(header, "epoch,loss,val_loss");
    mlp_fit_result_free(&r);
    /* Data-parallel: the processes agree through the reduce, before any
     * pass (every process counts the same); one that says no is enough. */
    vote_ctx yes = {.others = 2, .agree = 2}, no = {.others = 2, .agree = 1};
    fit_validated(classes, vote, &yes, 0, &r, header, sizeof header);
    assert_false(isnan(r.res.final_val_accuracy));
    assert_string_equal(header, "epoch,loss,accuracy,val_loss,val_accuracy");
    mlp_fit_result_free(&r);
    fit_validated(classes, vote, &no, 0, &r, header, sizeof header);
    assert_true(isnan(r.res.final_accuracy) && isnan(r.res.final_val_accuracy));
    assert_string_equal(header, "epoch,loss,val_loss");
    mlp_fit_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(restarts_should_keep_the_best_run_and_count_those_that_reach_it),
        cmocka_unit_test(restarts_in_batches_should_measure_the_way_down_from_the_initial_weights),
        cmocka_unit_test(restarts_that_all_rose_should_reach_nothing),
        cmocka_unit_test(a_refit_should_repeat_the_best_epochs_updates_on_every_row),
        cmocka_unit_test(a_diverged_refit_should_name_its_epochs),
        cmocka_unit_test(a_null_argument_should_leave_a_result_to_free),
        cmocka_unit_test(a_refit_without_rows_or_with_a_bad_scale_should_be_refused),
        cmocka_unit_test(the_provenance_should_record_the_kept_run),
        cmocka_unit_test(the_callback_should_stop_a_run_cleanly_after_its_epoch),
        cmocka_unit_test(a_stopped_run_should_not_be_told_to_train_longer),
        cmocka_unit_test(a_run_at_chance_should_try_larger_rates),
        cmocka_unit_test(options_out_of_range_should_be_refused),
        cmocka_unit_test(an_init_out_of_the_enum_should_be_refused_before_any_run),
        cmocka_unit_test(a_run_whose_kept_loss_is_nan_should_never_be_kept),
        cmocka_unit_test(the_l2_finding_should_weigh_the_penalty_of_the_model_written),
        cmocka_unit_test(class_targets_should_be_counted_as_classes),
        cmocka_unit_test(a_plain_fit_should_count_class_targets_as_mlptrain_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
