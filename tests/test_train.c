/* SPDX-License-Identifier: MIT */
/* test_train.c: the shipped examples really learn, the same seed gives the
 * same bytes, divergence and interruption stop where they should. */
#include "problem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/spec.h"
#include "mlp/train.h"
#include "mlp/weights.h"

static mlp_net *trained(const problem *p, uint64_t seed, mlp_train_result *res, mlp_status *st)
{
    mlp_net *net = mlp_net_create(p->spec.n_layers, p->spec.sizes, p->spec.acts, p->spec.loss, NULL);
    assert_non_null(net);
    mlp_net_init(net, p->spec.init, seed);
    mlp_train_options o = {.learning_rate = p->spec.optimizer.learning_rate, .epochs = p->spec.epochs,
                           .classify = p->schema.n_labels > 0};
    mlp_error err;
    *st = mlp_train_run(net, &p->data, &o, res, &err);
    return net;
}

static void xor_should_converge_for_every_seed_from_1_to_20(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", &p);
    assert_int_equal(p.data.n_rows, 4);
    for (uint64_t seed = 1; seed <= 20; seed++) {
        mlp_train_result res;
        mlp_status st;
        mlp_net *net = trained(&p, seed, &res, &st);
        assert_int_equal(st, MLP_OK);
        if (!(res.final_loss < 0.01 && res.final_accuracy == 1.0))
            fail_msg("seed %llu: loss %g, accuracy %g", (unsigned long long)seed, res.final_loss,
                     res.final_accuracy);
        mlp_net_free(net);
    }
    unload(&p);
}

static void moons_should_reach_97_percent(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    assert_int_equal(p.data.n_rows, 200);
    mlp_train_result res;
    mlp_status st;
    mlp_net *net = trained(&p, p.spec.seed, &res, &st);
    assert_int_equal(st, MLP_OK);
    if (!(res.final_accuracy >= 0.97))
        fail_msg("accuracy %g, loss %g", res.final_accuracy, res.final_loss);
    mlp_net_free(net);
    unload(&p);
}

static void the_same_seed_should_give_the_same_bytes(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    p.spec.epochs = 200;
    mlp_train_result r1, r2, r3;
    mlp_status st;
    mlp_net *a = trained(&p, 5, &r1, &st);
    mlp_net *b = trained(&p, 5, &r2, &st);
    mlp_net *c = trained(&p, 6, &r3, &st);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof(double));
    assert_memory_not_equal(a->params, c->params, a->n_params * sizeof(double));
    assert_memory_equal(&r1.final_loss, &r2.final_loss, sizeof(double));
    mlp_net_free(a);
    mlp_net_free(b);
    mlp_net_free(c);
    unload(&p);
}

typedef struct {
    long calls;
    double first_loss;
    double last_loss;
} log_ctx;

static mlp_status record(void *ctx_, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    log_ctx *ctx = ctx_;
    if (ctx->calls++ == 0)
        ctx->first_loss = s->loss;
    ctx->last_loss = s->loss;
    return MLP_OK;
}

static void a_too_large_learning_rate_should_stop_with_diverged(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    /* A linear model under mse grows geometrically when the step is far past
     * 2 / (largest curvature); tanh/softmax would saturate instead. */
    const size_t sizes[2] = {2, 2};
    const mlp_activation acts[1] = {MLP_ACT_LINEAR};
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, NULL);
    mlp_net_init(net, MLP_INIT_XAVIER, 1);
    log_ctx ctx = {0};
    mlp_train_options o = {.learning_rate = 1e3, .epochs = 1000, .classify = 1,
                           .on_epoch = record, .ctx = &ctx};
    mlp_train_result res;
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_DIVERGED);
    assert_true(res.epochs_run < 1000);
    assert_int_equal(ctx.calls, res.epochs_run + 1); /* the non-finite epoch is logged too */
    assert_false(isfinite(ctx.last_loss));
    assert_non_null(strstr(err.message, "at epoch"));
    /* A tenth of the rate, the default of the run's one advice (optimizer.h). */
    assert_string_equal(err.hint, "try learning_rate 100, or \"normalize\": \"standard\"");
    /* With advice (the pre-flight trial's), that rate. */
    mlp_net_init(net, MLP_INIT_XAVIER, 1);
    o.advice = (mlp_rate_advice){.rate = 0.25};
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_DIVERGED);
    assert_string_equal(err.hint, "try learning_rate 0.25, or \"normalize\": \"standard\"");
    /* Inputs standardised already: the hint does not suggest it again. */
    mlp_net_init(net, MLP_INIT_XAVIER, 1);
    o.inputs_standardized = 1;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_DIVERGED);
    assert_string_equal(err.hint, "try learning_rate 0.25");
    mlp_net_free(net);
    unload(&p);
}

/* After epoch 1, the weight set to 1e300, as a run that blew up leaves it. */
static mlp_status blow_up(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    if (s->epoch == 1)
        ((mlp_net *)ctx)->params[0] = 1e300;
    return MLP_OK;
}

/* irprop- has no learning rate: its hint names delta_max, and delta0 too
 * when a tenth of delta_max would fall below it (a spec with delta0 above
 * delta_max is refused, so the hint must not suggest one). The weight of
 * 1e300 after epoch 1 makes epoch 2's mse infinite. (The test once made
 * epoch 1's loss infinite with inputs of 1e200: that is the data's error,
 * since no step changes the initial weights' loss.) */
static void a_diverged_irprop_should_hint_a_valid_delta_max(void **state)
{
    (void)state;
    const size_t sizes[2] = {1, 1};
    const mlp_activation acts[1] = {MLP_ACT_LINEAR};
    double X[2] = {2, -2}, Y[2] = {1, 0};
    mlp_dataset data = {.n_rows = 2, .n_features = 1, .n_outputs = 1, .X = X, .Y = Y, NULL, NULL};
    static const char *const want[2] = {
        "try a smaller \"delta_max\", e.g. 5, or \"normalize\": \"standard\"",
        "try smaller \"delta_max\" and \"delta0\", e.g. 0.05 for both, or \"normalize\": "
        "\"standard\""};
    for (int k = 0; k < 2; k++) {
        mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_MSE, NULL);
        assert_non_null(net);
        mlp_net_init(net, MLP_INIT_XAVIER, 1);
        mlp_optimizer_options oo = mlp_optimizer_defaults(MLP_OPT_IRPROP_MINUS);
        if (k == 1)
            oo.delta_max = 0.5; /* delta0 stays 0.1, above 0.05 */
        mlp_train_options o = {.epochs = 10, .optimizer = &oo, .on_epoch = blow_up, .ctx = net};
        mlp_train_result res;
        mlp_error err;
        assert_int_equal(mlp_train_run(net, &data, &o, &res, &err), MLP_ERR_DIVERGED);
        assert_string_equal(err.message, "the loss became infinite at epoch 2");
        assert_string_equal(err.hint, want[k]);
        mlp_net_free(net);
    }
}

static void row_one_should_be_the_loss_of_the_initial_weights(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", &p);
    mlp_net *net = mlp_net_create(p.spec.n_layers, p.spec.sizes, p.spec.acts, p.spec.loss, NULL);
    mlp_net_init(net, p.spec.init, 3);
    mlp_workspace *ws = mlp_workspace_create(net, 0, NULL);
    double initial = mlp_net_evaluate(net, ws, p.data.X, p.data.Y, 4, 0).loss;
    log_ctx ctx = {0};
    mlp_train_options o = {.learning_rate = 0.5, .epochs = 3, .on_epoch = record, .ctx = &ctx};
    mlp_train_result res;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, NULL), MLP_OK);
    assert_memory_equal(&ctx.first_loss, &initial, sizeof initial);
    double after = mlp_net_evaluate(net, ws, p.data.X, p.data.Y, 4, 0).loss;
    assert_memory_equal(&res.final_loss, &after, sizeof after);
    assert_true(res.final_loss < ctx.last_loss); /* the summary is after the last update */
    mlp_workspace_free(ws);
    mlp_net_free(net);
    unload(&p);
}

static void an_interrupt_should_stop_after_the_current_epoch(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", &p);
    mlp_net *net = mlp_net_create(p.spec.n_layers, p.spec.sizes, p.spec.acts, p.spec.loss, NULL);
    mlp_net_init(net, p.spec.init, 3);
    volatile sig_atomic_t flag = 1;
    mlp_train_options o = {.learning_rate = 0.5, .epochs = 1000, .interrupted = &flag};
    mlp_train_result res;
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_INTERRUPTED);
    assert_int_equal(res.epochs_run, 1);
    assert_true(isfinite(res.final_loss));
    mlp_net_free(net);
    unload(&p);
}

/* An on_epoch that stops the run at epoch *ctx, as a caller's own Ctrl-C
 * handler or deadline would. */
static mlp_status stop_at(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    long at = *(const long *)ctx;
    if (s->epoch < at)
        return MLP_OK;
    return mlp_error_set(err, MLP_ERR_INTERRUPTED, NULL, 0, 0, "stopped at epoch %ld", s->epoch);
}

/* on_epoch is called after its epoch's update, so a run it stops at epoch
 * K holds K updates. It was reported as K - 1 epochs run, below its best
 * epoch K, and a provenance of those figures was refused by the writer. */
static void a_stop_asked_by_on_epoch_should_count_its_epoch(void **state)
{
    (void)state;
    const long K = 5;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", &p);
    mlp_net *whole = mlp_net_create(p.spec.n_layers, p.spec.sizes, p.spec.acts, p.spec.loss, NULL);
    mlp_net *stopped = mlp_net_create(p.spec.n_layers, p.spec.sizes, p.spec.acts, p.spec.loss, NULL);
    assert_non_null(whole);
    assert_non_null(stopped);
    mlp_net_init(whole, p.spec.init, 3);
    mlp_net_init(stopped, p.spec.init, 3);
    mlp_train_options o = {.learning_rate = 0.5, .epochs = K};
    mlp_train_result res;
    mlp_error err;
    assert_int_equal(mlp_train_run(whole, &p.data, &o, &res, &err), MLP_OK);
    assert_int_equal(res.epochs_run, K);

    long at = K;
    o = (mlp_train_options){.learning_rate = 0.5, .epochs = 1000, .on_epoch = stop_at, .ctx = &at};
    assert_int_equal(mlp_train_run(stopped, &p.data, &o, &res, &err), MLP_ERR_INTERRUPTED);
    assert_string_equal(err.message, "stopped at epoch 5");
    assert_int_equal(res.epochs_run, K);
    assert_true(res.best_epoch >= 1 && res.best_epoch <= res.epochs_run);
    assert_memory_equal(stopped->params, whole->params, whole->n_params * sizeof *whole->params);

    /* The figures make a provenance the writer takes. */
    mlp_provenance prov;
    mlp_provenance_init(&prov);
    prov.has_training = 1;
    prov.epochs_run = (uint64_t)res.epochs_run;
    prov.best_epoch = (uint64_t)res.best_epoch;
    prov.best_loss = res.best_loss;
    prov.final_loss = res.final_loss;
    unsigned char *buf = NULL;
    size_t len = 0;
    assert_int_equal(mlp_weights_encode_provenance(stopped, &p.schema, &prov, &buf, &len, &err),
                     MLP_OK);
    free(buf);
    mlp_net_free(stopped);
    mlp_net_free(whole);
    unload(&p);
}

/* An on_epoch that counts the calls whose err was NULL, and writes its
 * error into err's fields itself at epoch 2, as a callback that reads
 * train.h's "the callback fills err" may. */
typedef struct {
    long calls, without_err;
} epoch_calls;

static mlp_status stop_with_message(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    epoch_calls *c = ctx;
    c->calls++;
    if (!err) {
        c->without_err++;
        return MLP_ERR_USAGE;
    }
    if (s->epoch < 2)
        return MLP_OK;
    mlp_error_clear(err);
    err->code = MLP_ERR_IO;
    snprintf(err->message, sizeof err->message, "cannot write epoch %ld", s->epoch);
    return MLP_ERR_IO;
}

/* A caller may pass err NULL (mlp.h); its on_epoch was then handed NULL
 * too, and one that filled err, as train.h asks of a failing callback,
 * crashed. It gets a record of the library's, which the run drops. */
static void on_epoch_should_have_an_error_record_when_the_caller_has_none(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", &p);
    mlp_net *net = mlp_net_create(p.spec.n_layers, p.spec.sizes, p.spec.acts, p.spec.loss, NULL);
    assert_non_null(net);
    mlp_net_init(net, p.spec.init, 3);
    epoch_calls calls = {0};
    mlp_train_options o = {.learning_rate = 0.5, .epochs = 10, .on_epoch = stop_with_message,
                           .ctx = &calls};
    mlp_train_result res;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, NULL), MLP_ERR_IO);
    assert_int_equal(calls.without_err, 0);
    assert_int_equal(calls.calls, 2);
    assert_int_equal(res.epochs_run, 2);
    /* With a record of the caller's, the callback's words reach it. */
    mlp_error err;
    mlp_net_init(net, p.spec.init, 3);
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot write epoch 2");
    mlp_net_free(net);
    unload(&p);
}

/* The reduce of a process whose peers hold no rows: it counts its calls
 * and leaves the pass as it is, so that the run is one process's. */
static mlp_status counting_reduce(void *ctx, double *grads, size_t n, mlp_net_pass *pass,
                                  mlp_error *err)
{
    (void)grads;
    (void)n;
    (void)pass;
    (void)err;
    ++*(long *)ctx;
    return MLP_OK;
}

/* An on_epoch whose records run out of memory at epoch `at` (0: never),
 * as the loss log's growth may in one process alone; it keeps the weights
 * it saw then. */
typedef struct {
    long at;
    const mlp_net *net;
    double params[32];
} failing_epoch;

static mlp_status fail_at(void *ctx_, const mlp_epoch_stats *s, mlp_error *err)
{
    failing_epoch *c = ctx_;
    if (s->epoch != c->at)
        return MLP_OK;
    memcpy(c->params, c->net->params, c->net->n_params * sizeof *c->params);
    return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the loss log");
}

/* Under a reduce, a process whose on_epoch failed returned at once, while
 * the others waited for it in the next epoch's reduction: the job hung
 * (tests/cli/test_mpi_alone_memory.sh). It goes on to that reduction and
 * tells them in its rows: that epoch's reduction and the agreement after
 * it are the only ones added, only on a failure; no update follows; every
 * process says the same. Without a reduce it stops at once, as before. */
static void a_failed_epoch_should_be_carried_by_the_next_reduction(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/xor.json", &p);
    mlp_net *net = mlp_net_create(p.spec.n_layers, p.spec.sizes, p.spec.acts, p.spec.loss, NULL);
    assert_non_null(net);
    assert_true(net->n_params <= 32);
    failing_epoch c = {.net = net};
    long reductions = 0;
    mlp_train_options o = {.learning_rate = 0.5, .epochs = 10, .on_epoch = fail_at, .ctx = &c,
                           .reduce = counting_reduce, .reduce_ctx = &reductions,
                           .on_epoch_memory = "the loss log"};
    mlp_train_result res;
    mlp_error err;
    /* No failure: the agreement on the run's memory, one reduction an
     * epoch (full batch), one for the final evaluation. */
    mlp_net_init(net, p.spec.init, 3);
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_OK);
    assert_int_equal(reductions, 1 + 10 + 1);

    c.at = 4;
    reductions = 0;
    mlp_net_init(net, p.spec.init, 3);
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_NOMEM);
    assert_string_equal(err.message, "out of memory for the loss log (in 1 of 1 processes)");
    assert_string_equal(err.hint, "free some memory, or run fewer processes on each machine");
    /* Then epochs 1-4, epoch 5's gradient pass that carried it, the
     * agreement on it. */
    assert_int_equal(reductions, 1 + 4 + 1 + 1);
    assert_memory_equal(net->params, c.params, net->n_params * sizeof *net->params);

    /* At the last epoch the final evaluation carries it. */
    c.at = 10;
    reductions = 0;
    mlp_net_init(net, p.spec.init, 3);
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_NOMEM);
    assert_string_equal(err.message, "out of memory for the loss log (in 1 of 1 processes)");
    assert_int_equal(reductions, 1 + 10 + 1 + 1);

    o.reduce = NULL;
    c.at = 4;
    mlp_net_init(net, p.spec.init, 3);
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_NOMEM);
    assert_string_equal(err.message, "out of memory for the loss log");
    assert_int_equal(res.epochs_run, 4); /* epoch 4's update was made */
    assert_memory_equal(net->params, c.params, net->n_params * sizeof *net->params);
    mlp_net_free(net);
    unload(&p);
}

/* A small net and its options for the checks below. */
static mlp_net *xor_net(void)
{
    const size_t sizes[3] = {3, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_DEFAULT, 1);
    return net;
}

/* Data that does not fit the net once read out of bounds and returned OK;
 * a set without targets crashed; 0 rows was blamed on the learning rate. */
static void data_that_does_not_fit_should_be_refused(void **state)
{
    (void)state;
    mlp_net *net = xor_net();
    double X[4 * 3] = {0, 1, 2, 3}, Y[4 * 2] = {0, 1, 1, 0};
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 5, .classify = 1};
    mlp_train_result r;
    mlp_error err;
    mlp_dataset narrow = {4, 1, 2, X, Y, NULL, NULL}; /* 1 feature, 2 outputs for a 3-input, 1-output net */
    assert_int_equal(mlp_train_run(net, &narrow, &o, &r, &err), MLP_ERR_DATA);
    assert_non_null(strstr(err.message, "1 feature, 2 outputs"));
    assert_non_null(strstr(err.message, "3 inputs, 1 output"));
    assert_true(isnan(r.final_loss));
    mlp_dataset no_targets = {4, 3, 1, X, NULL, NULL, NULL};
    assert_int_equal(mlp_train_run(net, &no_targets, &o, &r, &err), MLP_ERR_DATA);
    assert_non_null(strstr(err.message, "no targets"));
    mlp_dataset empty = {0, 3, 1, X, Y, NULL, NULL};
    assert_int_equal(mlp_train_run(net, &empty, &o, &r, &err), MLP_ERR_DATA);
    assert_non_null(strstr(err.message, "no rows"));
    assert_null(strstr(err.hint, "learning_rate"));
    mlp_dataset good = {4, 3, 1, X, Y, NULL, NULL};
    o.validation = &narrow;
    assert_int_equal(mlp_train_run(net, &good, &o, &r, &err), MLP_ERR_DATA);
    assert_non_null(strstr(err.message, "validation set"));
    o.validation = NULL;
    assert_int_equal(mlp_train_run(net, &good, &o, &r, &err), MLP_OK);
    mlp_net_free(net);
}

/* A linear softmax net 2 -> 2 with every weight `w` and no bias, and data
 * of rows {a, -a} (class 0) and {-a, a} (class 1) with a = 0.5. */
static mlp_net *overflow_net(double w)
{
    const size_t sizes[2] = {2, 2};
    const mlp_activation acts[1] = {MLP_ACT_SOFTMAX};
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_CROSS_ENTROPY, NULL);
    assert_non_null(net);
    for (size_t i = 0; i < net->n_params; i++)
        net->params[i] = i < 4 ? w : 0;
    return net;
}

typedef struct {
    int calls;
    mlp_net *net;      /* after epoch 1 its weights are set to 1 (grown weights) */
} grow_ctx;

static mlp_status grow(void *ctx_, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    grow_ctx *c = ctx_;
    c->calls++;
    if (s->epoch == 1 && c->net)
        for (size_t i = 0; i < 4; i++)
            c->net->params[i] = 1;
    return MLP_OK;
}

/* A value near the largest double passes the CSV reader as finite and then
 * overflows in the forward pass (1.7e308 + 1.7e308 = inf, and softmax of
 * inf is NaN). The validation loss was then NaN at every epoch: never a
 * best, so early stopping kept epoch 0 and wrote the initial weights, and
 * restarts kept a NaN run, with exit 0. The data are refused before any
 * update, naming the row. */
static void a_validation_row_that_overflows_should_be_named_before_any_update(void **state)
{
    (void)state;
    mlp_net *net = overflow_net(1);
    double X[4 * 2] = {0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5};
    double Y[4 * 2] = {1, 0, 0, 1, 1, 0, 0, 1};
    double VX[2 * 2] = {0.5, -0.5, 1.7e308, 1.7e308}, VY[2 * 2] = {1, 0, 1, 0};
    mlp_dataset train = {4, 2, 2, X, Y, NULL, NULL}, val = {2, 2, 2, VX, VY, NULL, NULL};
    double before[6];
    memcpy(before, net->params, sizeof before);
    grow_ctx ctx = {0};
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 20, .classify = 1, .patience = 5,
                           .validation = &val, .on_epoch = grow, .ctx = &ctx};
    mlp_train_result r;
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the network's output on validation row 2 is not a finite "
                                     "number on the initial weights (a value of that row "
                                     "overflows in it)");
    assert_string_equal(err.path, "");
    assert_int_equal(err.line, 0);
    assert_string_equal(err.hint, "check that row's values; they must be of the scale of the "
                                  "training rows");
    assert_int_equal(ctx.calls, 0);
    assert_int_equal(r.epochs_run, 0);
    assert_memory_equal(net->params, before, sizeof before);
    /* A target too far from the outputs' scale: finite outputs, a loss that is not. */
    const size_t sizes[2] = {2, 1};
    const mlp_activation lin[1] = {MLP_ACT_LINEAR};
    mlp_net *reg = mlp_net_create(1, sizes, lin, MLP_LOSS_MSE, NULL);
    assert_non_null(reg);
    mlp_net_init(reg, MLP_INIT_XAVIER, 1);
    double RY[4] = {1, 0, 1, 0}, TY[2] = {1, 1e200};
    mlp_dataset rtrain = {4, 2, 1, X, RY, NULL, NULL}, rval = {2, 2, 1, VX, TY, NULL, NULL};
    VX[2] = VX[3] = 0.5;
    mlp_train_options ro = {.learning_rate = 0.1, .epochs = 5, .validation = &rval};
    assert_int_equal(mlp_train_run(reg, &rtrain, &ro, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the loss of validation row 2 on the initial weights is not "
                                     "a finite number: its target, 1e+200, is too far from the "
                                     "network's output, 0.315877, for mse");
    mlp_net_free(reg);
    /* A training row that overflows: the data, not the learning rate. */
    X[6] = X[7] = 1.7e308;
    o.validation = NULL;
    assert_int_equal(mlp_train_run(net, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the network's output on training row 4 is not a finite "
                                     "number on the initial weights (a value of that row "
                                     "overflows in it)");
    assert_null(strstr(err.hint, "learning_rate"));
    /* A NaN feature (a set made by hand) is named as such. */
    X[7] = NAN;
    assert_int_equal(mlp_train_run(net, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "feature 2 of training row 4 is nan, not a finite number");
    mlp_net_free(net);
}

/* Weights that grow until a validation row overflows (here set to 1 after
 * epoch 1, where 1e308 x 0.1 x 2 was finite): the NaN of epoch 2 is never a
 * best, and the run stops as diverged, naming the row and the epoch. */
static void a_validation_loss_that_becomes_nan_should_stop_the_run(void **state)
{
    (void)state;
    mlp_net *net = overflow_net(0.1);
    double X[4 * 2] = {0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5};
    double Y[4 * 2] = {1, 0, 0, 1, 1, 0, 0, 1};
    double VX[2 * 2] = {0.5, -0.5, 1e308, 1e308}, VY[2 * 2] = {1, 0, 1, 0};
    mlp_dataset train = {4, 2, 2, X, Y, NULL, NULL}, val = {2, 2, 2, VX, VY, NULL, NULL};
    grow_ctx ctx = {.net = net};
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 20, .classify = 1, .patience = 5,
                           .validation = &val, .on_epoch = grow, .ctx = &ctx};
    mlp_train_result r;
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &train, &o, &r, &err), MLP_ERR_DIVERGED);
    assert_non_null(strstr(err.message, "the validation loss became NaN at epoch 2 (the "
                                        "training loss is "));
    assert_non_null(strstr(err.message, "): the network's output on validation row 2 is not a "
                                        "finite number"));
    assert_int_equal(ctx.calls, 2);
    assert_int_equal(r.best_epoch, 1);
    assert_int_equal(r.epochs_run, 1);
    mlp_net_free(net);
}

/* A set read from a file keeps each row's file and line (dataset.h): the
 * row is named there, as every data error is, not by its index in the set,
 * which with a validation split is no line of any file. Before, every case
 * below said "validation row 2" (or "training row 4"), whatever the line. */
static void a_row_that_overflows_should_be_named_by_its_file_and_line(void **state)
{
    (void)state;
    mlp_net *net = overflow_net(1);
    double X[4 * 2] = {0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5};
    double Y[4 * 2] = {1, 0, 0, 1, 1, 0, 0, 1};
    double VX[2 * 2] = {0.5, -0.5, 1.7e308, 1.7e308}, VY[2 * 2] = {1, 0, 1, 0};
    long train_lines[4] = {2, 3, 5, 8}, val_lines[2] = {4, 7};
    mlp_dataset train = {4, 2, 2, X, Y, "data.csv", train_lines};
    mlp_dataset val = {2, 2, 2, VX, VY, "data.csv", val_lines};
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 5, .classify = 1, .validation = &val};
    mlp_train_result r;
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.path, "data.csv");
    assert_int_equal(err.line, 7);
    assert_int_equal(err.col, 0);
    assert_string_equal(err.message, "the network's output on this validation row is not a "
                                     "finite number on the initial weights (a value of that row "
                                     "overflows in it)");
    /* A training row: its own line. */
    VX[2] = VX[3] = 0.5;
    X[4] = X[5] = 1.7e308;
    o.validation = NULL;
    assert_int_equal(mlp_train_run(net, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.path, "data.csv");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.message, "the network's output on this training row is not a "
                                     "finite number on the initial weights (a value of that row "
                                     "overflows in it)");
    X[4] = X[5] = 0.5;
    mlp_net_free(net);
    /* The loss of a validation row whose target is too far. */
    const size_t sizes[2] = {2, 1};
    const mlp_activation lin[1] = {MLP_ACT_LINEAR};
    mlp_net *reg = mlp_net_create(1, sizes, lin, MLP_LOSS_MSE, NULL);
    assert_non_null(reg);
    mlp_net_init(reg, MLP_INIT_XAVIER, 1);
    double RY[4] = {1, 0, 1, 0}, TY[2] = {1e200, 1};
    long v_lines[2] = {3, 9};
    mlp_dataset rtrain = {4, 2, 1, X, RY, "t.csv", train_lines};
    mlp_dataset rval = {2, 2, 1, VX, TY, "v.csv", v_lines};
    mlp_train_options ro = {.learning_rate = 0.1, .epochs = 5, .validation = &rval};
    assert_int_equal(mlp_train_run(reg, &rtrain, &ro, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.path, "v.csv");
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "the loss of this validation row on the initial weights is "
                                     "not a finite number: its target, 1e+200, is too far from "
                                     "the network's output, 0.258073, for mse");
    mlp_net_free(reg);
    /* Later, a validation row that overflows once the weights grew. */
    net = overflow_net(0.1);
    VX[2] = VX[3] = 1e308;
    grow_ctx ctx = {.net = net};
    mlp_train_options g = {.learning_rate = 0.1, .epochs = 20, .classify = 1, .patience = 5,
                           .validation = &val, .on_epoch = grow, .ctx = &ctx};
    assert_int_equal(mlp_train_run(net, &train, &g, &r, &err), MLP_ERR_DIVERGED);
    assert_string_equal(err.path, "data.csv");
    assert_int_equal(err.line, 7);
    assert_non_null(strstr(err.message, "the validation loss became NaN at epoch 2 (the "
                                        "training loss is "));
    assert_non_null(strstr(err.message, "): the network's output on this validation row is not "
                                        "a finite number"));
    mlp_net_free(net);
}

/* A row whose output on the initial weights is finite but whose loss is not
 * (a feature of 1e300 through a linear unit: an output near 1e300, whose
 * square is inf): epoch 1's loss is the initial weights', which no learning
 * rate changes. It was MLP_ERR_DIVERGED with advice for a smaller rate
 * (every run asked for one 10^4 times smaller), and a validation row of it
 * was blamed on its target of 1. Now the data's error, naming the row, the
 * feature and the output; a target too far (1e200) is named as the target,
 * with the divisor when the caller found one; in mini-batches, a bad row
 * in a later batch of epoch 1 is found on the initial weights too. */
static void a_loss_that_overflows_on_the_initial_weights_should_name_the_value(void **state)
{
    (void)state;
    const size_t sizes[2] = {2, 1};
    const mlp_activation lin[1] = {MLP_ACT_LINEAR};
    mlp_net *reg = mlp_net_create(1, sizes, lin, MLP_LOSS_MSE, NULL);
    assert_non_null(reg);
    mlp_net_init(reg, MLP_INIT_XAVIER, 1);
    double before[3];
    memcpy(before, reg->params, sizeof before);
    double X[4 * 2] = {0.5, -0.5, -0.5, 0.5, 0.5, 1e300, -0.5, 0.5}, Y[4] = {1, 0, 1, 0};
    long lines[4] = {2, 3, 4, 5};
    mlp_dataset train = {4, 2, 1, X, Y, "t.csv", lines};
    mlp_train_options o = {.learning_rate = 1e-12, .epochs = 5};
    mlp_train_result r;
    mlp_error err;
    assert_int_equal(mlp_train_run(reg, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.path, "t.csv");
    assert_int_equal(err.line, 4);
    assert_string_equal(err.message, "the loss of this training row on the initial weights is not "
                                     "a finite number: its feature 2, 1e+300, makes the network's "
                                     "output 5.78035e+298, too large for mse");
    assert_string_equal(err.hint, "check that row's values; a feature far beyond the others' "
                                  "scale is likely a mistake, else add \"normalize\": "
                                  "\"standard\" to scale the columns");
    assert_int_equal(r.epochs_run, 0);
    assert_memory_equal(reg->params, before, sizeof before);
    /* The same row as a validation row: its feature, not its target of 1. */
    double TX[2 * 2] = {0.5, -0.5, -0.5, 0.5};
    mlp_dataset good = {2, 2, 1, TX, Y, NULL, NULL};
    o.validation = &train;
    assert_int_equal(mlp_train_run(reg, &good, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the loss of this validation row on the initial weights is "
                                     "not a finite number: its feature 2, 1e+300, makes the "
                                     "network's output 5.78035e+298, too large for mse");
    o.validation = NULL;
    /* In mini-batches of 2, the row is in the second batch, after one update. */
    o.batch_size = 2;
    assert_int_equal(mlp_train_run(reg, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.message, "its feature 2, 1e+300, makes the network's output "
                                        "5.78035e+298"));
    /* A batch run whose initial loss is finite and whose second batch
     * overflows after the first update (rows of 1e100, rate 1) diverged:
     * the learning rate's fault, with its advice; the look at the initial
     * weights leaves the updated ones in place. */
    double BX[4 * 2] = {1e100, 1e100, 1e100, 1e100, 1e100, 1e100, 1e100, 1e100};
    mlp_dataset big = {4, 2, 1, BX, Y, NULL, NULL};
    mlp_train_options bo = {.learning_rate = 1, .epochs = 5, .batch_size = 2};
    assert_int_equal(mlp_train_run(reg, &big, &bo, &r, &err), MLP_ERR_DIVERGED);
    assert_string_equal(err.message, "the loss became infinite at epoch 1 (learning rate 1)");
    assert_non_null(strstr(err.hint, "learning_rate"));
    assert_true(fabs(reg->params[0]) > 1e100);
    memcpy(reg->params, before, sizeof before);
    o.batch_size = 0;
    /* A training target too far: the target, and the caller's divisor. */
    X[5] = -0.5;
    Y[2] = 1e200;
    o.target_divisor = 1e200;
    assert_int_equal(mlp_train_run(reg, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_string_equal(err.message, "the loss of this training row on the initial weights is not "
                                     "a finite number: its target, 1e+200, is too far from the "
                                     "network's output, 0.258073, for mse");
    assert_string_equal(err.hint, "the targets are far from the outputs' starting scale: divide "
                                  "them by 1e+200, and multiply the predictions by it");
    /* Rows each of a finite loss that overflow when added up. */
    Y[2] = 1e154;
    Y[0] = 1.2e154;
    o.target_divisor = 0;
    assert_int_equal(mlp_train_run(reg, &train, &o, &r, &err), MLP_ERR_DATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "the training loss on the initial weights is not a finite "
                                        "number: the rows' losses, each finite, overflow when "
                                        "added up, the largest being that of this training row"));
    mlp_net_free(reg);
}

/* Every range train.h documents is checked, and the message names the field. */
static void options_out_of_range_should_name_the_field(void **state)
{
    (void)state;
    mlp_net *net = xor_net();
    double X[4 * 3] = {0, 1, 2, 3}, Y[4] = {0, 1, 1, 0};
    mlp_dataset d = {4, 3, 1, X, Y, NULL, NULL};
    const mlp_train_options good = {.learning_rate = 0.1, .epochs = 5};
    struct {
        const char *field;
        mlp_train_options o;
    } bad[] = {
        {"epochs", good}, {"l2", good},        {"l2", good},      {"patience", good},
        {"min_delta", good}, {"threads", good}, {"threads", good}, {"schedule_epochs", good},
    };
    bad[0].o.epochs = 0;
    bad[1].o.l2 = -1;
    bad[2].o.l2 = NAN;
    bad[3].o.patience = -1;
    bad[4].o.min_delta = -1;
    bad[5].o.threads = -7;
    bad[6].o.threads = 65;
    bad[7].o.schedule_epochs = -1;
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        mlp_train_result r;
        mlp_error err;
        mlp_status st = mlp_train_run(net, &d, &bad[k].o, &r, &err);
        if (st != MLP_ERR_USAGE || !strstr(err.message, bad[k].field))
            fail_msg("case %zu (%s): status %d, \"%s\"", k, bad[k].field, (int)st, err.message);
    }
    /* The rate of plain gd (no optimizer) is this record's field: it was
     * told as a bare "learning_rate must be ...", with no hint. */
    mlp_train_options o = good;
    o.learning_rate = 0;
    mlp_train_result r;
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &d, &o, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message,
                        "mlp_train_options.learning_rate must be finite and greater than 0, not 0");
    assert_string_equal(err.hint, "set learning_rate within that range (include/mlp/train.h)");
    /* With an optimizer, its own record's field. */
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    adam.learning_rate = NAN;
    o.optimizer = &adam;
    assert_int_equal(mlp_train_run(net, &d, &o, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_optimizer_options.learning_rate must be finite and "
                                     "greater than 0, not nan");
    assert_string_equal(err.hint, "set learning_rate within that range (include/mlp/optimizer.h)");
    mlp_net_free(net);
}

/* mlp.h: mlp_train_run refuses a NULL "rather than crash"; it checked the
 * network, the data and the options, and wrote a NULL result (a
 * segmentation fault). mlp_train_refit likewise. */
static void a_null_result_should_be_refused(void **state)
{
    (void)state;
    mlp_net *net = xor_net();
    double X[4 * 3] = {0, 1, 2, 3}, Y[4] = {0, 1, 1, 0};
    mlp_dataset d = {4, 3, 1, X, Y, NULL, NULL};
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 5};
    double *before = malloc(net->n_params * sizeof *before);
    assert_non_null(before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &d, &o, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_train_run: the result is NULL");
    mlp_train_result stopped = {.best_epoch = 4};
    assert_int_equal(mlp_train_refit(net, before, &d, &o, &stopped, NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_train_refit: the result is NULL");
    mlp_train_result r;
    assert_int_equal(mlp_train_refit(net, before, &d, &o, NULL, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_train_refit: the stopped run's result is NULL");
    assert_int_equal(mlp_train_refit(net, NULL, &d, &o, &stopped, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_train_refit: the initial weights are NULL");
    assert_memory_equal(net->params, before, net->n_params * sizeof *before);
    free(before);
    mlp_net_free(net);
}

/* The refit's epochs are round(refit_scale (E - 1)) for refit_scale 1 to
 * MLP_TRAIN_MAX_REFIT_SCALE (0: 1); mlp_train_refit refuses any other scale,
 * naming the field, and the count never overflows: lround(1e30 x 5) was
 * LONG_MIN, so a refit of 1e30 ran nothing and said nothing. */
static void a_refit_scale_out_of_range_should_be_refused(void **state)
{
    (void)state;
    mlp_train_result stopped = {.best_epoch = 6};
    assert_int_equal(mlp_train_refit_epochs(&stopped, 0), 5);
    assert_int_equal(mlp_train_refit_epochs(&stopped, 1), 5);
    assert_int_equal(mlp_train_refit_epochs(&stopped, 1.25), 6); /* 6.25 */
    assert_int_equal(mlp_train_refit_epochs(&stopped, 1.3), 7);  /* 6.5, half away from zero */
    assert_int_equal(mlp_train_refit_epochs(&stopped, MLP_TRAIN_MAX_REFIT_SCALE), 500);
    assert_int_equal(mlp_train_refit_epochs(&stopped, NAN), 5);
    assert_true(mlp_train_refit_epochs(&stopped, 1e30) == LONG_MAX);
    stopped.best_epoch = LONG_MAX;
    assert_true(mlp_train_refit_epochs(&stopped, 2) == LONG_MAX);
    stopped.best_epoch = 6;

    mlp_net *net = xor_net();
    double X[4 * 3] = {0, 1, 2, 3}, Y[4] = {0, 1, 1, 0};
    mlp_dataset d = {4, 3, 1, X, Y, NULL, NULL};
    double *initial = malloc(net->n_params * sizeof *initial);
    assert_non_null(initial);
    memcpy(initial, net->params, net->n_params * sizeof *initial);
    const double bad[] = {0.5, -3, NAN, INFINITY, 100.5, 1e30};
    const char *shown[] = {"0.5", "-3", "nan", "inf", "100.5", "1e+30"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        mlp_train_options o = {.learning_rate = 0.1, .epochs = 5, .refit_scale = bad[k]};
        mlp_train_result r;
        mlp_error err;
        net->params[0] = 42; /* must stay: the net is untouched */
        assert_int_equal(mlp_train_refit(net, initial, &d, &o, &stopped, &r, &err), MLP_ERR_USAGE);
        char want[128];
        snprintf(want, sizeof want, "mlp_train_options.refit_scale must be 0 (1) or 1 to 100, "
                 "not %s", shown[k]);
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, "set refit_scale within that range (include/mlp/train.h)");
        assert_true(net->params[0] == 42);
        assert_int_equal(r.epochs_run, 0);
    }
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 5, .refit_scale = 1.3};
    mlp_train_result r;
    assert_int_equal(mlp_train_refit(net, initial, &d, &o, &stopped, &r, NULL), MLP_OK);
    assert_int_equal(r.epochs_run, 7);
    free(initial);
    mlp_net_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xor_should_converge_for_every_seed_from_1_to_20),
        cmocka_unit_test(moons_should_reach_97_percent),
        cmocka_unit_test(the_same_seed_should_give_the_same_bytes),
        cmocka_unit_test(a_too_large_learning_rate_should_stop_with_diverged),
        cmocka_unit_test(a_diverged_irprop_should_hint_a_valid_delta_max),
        cmocka_unit_test(row_one_should_be_the_loss_of_the_initial_weights),
        cmocka_unit_test(an_interrupt_should_stop_after_the_current_epoch),
        cmocka_unit_test(a_stop_asked_by_on_epoch_should_count_its_epoch),
        cmocka_unit_test(on_epoch_should_have_an_error_record_when_the_caller_has_none),
        cmocka_unit_test(a_failed_epoch_should_be_carried_by_the_next_reduction),
        cmocka_unit_test(data_that_does_not_fit_should_be_refused),
        cmocka_unit_test(options_out_of_range_should_name_the_field),
        cmocka_unit_test(a_null_result_should_be_refused),
        cmocka_unit_test(a_refit_scale_out_of_range_should_be_refused),
        cmocka_unit_test(a_validation_row_that_overflows_should_be_named_before_any_update),
        cmocka_unit_test(a_validation_loss_that_becomes_nan_should_stop_the_run),
        cmocka_unit_test(a_row_that_overflows_should_be_named_by_its_file_and_line),
        cmocka_unit_test(a_loss_that_overflows_on_the_initial_weights_should_name_the_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
