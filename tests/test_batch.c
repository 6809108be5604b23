/* SPDX-License-Identifier: MIT */
/* test_batch.c: mini-batch training, the shuffle and the learning-rate
 * schedule (train.h, schedule.h) and their spec keys. A batch as large as
 * the data is full batch bit for bit; two batches are the two updates the
 * library's own gradient and step make by hand; every row counts once per
 * epoch; the same seed repeats the bytes; early stopping keeps the weights
 * its best epoch started from; every optimizer but irprop- learns batched;
 * each schedule gives the factors its formula gives. */
#include "problem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/optimizer.h"
#include "mlp/schedule.h"
#include "mlp/spec.h"
#include "mlp/train.h"

static mlp_net *fresh(const problem *p, uint64_t seed)
{
    mlp_net *net = mlp_net_create(p->spec.n_layers, p->spec.sizes, p->spec.acts, p->spec.loss, NULL);
    assert_non_null(net);
    mlp_net_init(net, p->spec.init, seed);
    return net;
}

/* A run of `o` from the weights of `seed`; fails the test unless it ends
 * with `want`. */
static mlp_net *trained(const problem *p, uint64_t seed, const mlp_train_options *o,
                        mlp_train_result *res, mlp_status want)
{
    mlp_net *net = fresh(p, seed);
    mlp_error err;
    mlp_error_clear(&err);
    mlp_status st = mlp_train_run(net, &p->data, o, res, &err);
    if (st != want)
        fail_msg("status %d, want %d: %s; %s", st, want, err.message, err.hint);
    return net;
}

static void assert_same_params(const mlp_net *a, const mlp_net *b)
{
    assert_int_equal(a->n_params, b->n_params);
    assert_memory_equal(a->params, b->params, a->n_params * sizeof *a->params);
}

/* Every epoch's figures, for comparing two runs row by row. */
#define MAX_EPOCHS 64
typedef struct {
    long n;
    mlp_epoch_stats s[MAX_EPOCHS];
} epoch_log;

static mlp_status record(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    (void)err;
    epoch_log *log = ctx;
    if (log->n < MAX_EPOCHS)
        log->s[log->n] = *s;
    log->n++;
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Batches */

static void a_batch_of_every_row_should_be_full_batch_bit_for_bit(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    assert_int_equal(p.data.n_rows, 200);
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    adam.learning_rate = 0.01;
    const mlp_optimizer_options *opts[2] = {NULL, &adam};
    for (int k = 0; k < 2; k++) {
        epoch_log la = {0}, lb = {0};
        mlp_train_options full = {.learning_rate = 0.5, .epochs = 40, .classify = 1,
                                  .optimizer = opts[k], .l2 = 1e-3, .on_epoch = record, .ctx = &la};
        mlp_train_result ra, rb;
        mlp_net *a = trained(&p, 3, &full, &ra, MLP_OK);
        /* 200 rows in one batch of 200, or of more: shuffled or not, one
         * batch holding every row is the full-batch pass. */
        const size_t sizes[3] = {200, 201, 100000};
        for (int b = 0; b < 3; b++) {
            for (int shuffle = 0; shuffle <= 1; shuffle++) {
                lb.n = 0;
                mlp_train_options batched = full;
                batched.batch_size = sizes[b];
                batched.shuffle = shuffle;
                batched.seed = 77;
                batched.ctx = &lb;
                mlp_net *c = trained(&p, 3, &batched, &rb, MLP_OK);
                assert_same_params(a, c);
                assert_int_equal(lb.n, la.n);
                assert_memory_equal(la.s, lb.s, (size_t)la.n * sizeof la.s[0]);
                assert_memory_equal(&ra.final_loss, &rb.final_loss, sizeof ra.final_loss);
                mlp_net_free(c);
            }
        }
        mlp_net_free(a);
    }
    unload(&p);
}

/* Two batches of consecutive rows, unshuffled, made by hand from the same
 * library calls the loop makes: gradient of rows 0..99, l2, step; gradient
 * of rows 100..199, l2, step. The epoch's loss is the rows-weighted mean. */
static void two_batches_should_be_two_updates_of_their_rows(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    const size_t n = p.data.n_rows, half = 100, nf = p.data.n_features, no = p.data.n_outputs;
    mlp_optimizer_options mom = mlp_optimizer_defaults(MLP_OPT_MOMENTUM);
    mom.learning_rate = 0.05;
    const double l2 = 1e-3;
    const long epochs = 3;
    epoch_log log = {0};
    mlp_train_options o = {.epochs = epochs, .classify = 1, .optimizer = &mom, .l2 = l2,
                           .batch_size = half, .shuffle = 0, .on_epoch = record, .ctx = &log};
    mlp_train_result res;
    mlp_net *a = trained(&p, 9, &o, &res, MLP_OK);

    mlp_net *b = fresh(&p, 9);
    mlp_workspace *ws = mlp_workspace_create(b, 0, NULL);
    mlp_optimizer *opt = mlp_optimizer_create(b->n_params, &mom, NULL);
    assert_non_null(ws);
    assert_non_null(opt);
    for (long e = 0; e < epochs; e++) {
        double sum = 0;
        size_t correct = 0;
        for (size_t r0 = 0; r0 < n; r0 += half) {
            mlp_net_pass pass = mlp_net_gradient(b, ws, p.data.X + r0 * nf, p.data.Y + r0 * no,
                                                 half, 1);
            sum += pass.loss * (double)half;
            correct += pass.correct;
            mlp_optimizer_l2_gradient(b, l2);
            mlp_optimizer_step(opt, b);
        }
        assert_memory_equal(&log.s[e].loss, &(double){sum / (double)n}, sizeof(double));
        assert_memory_equal(&log.s[e].accuracy, &(double){(double)correct / (double)n},
                            sizeof(double));
    }
    assert_int_equal(mlp_optimizer_steps(opt), 2 * epochs);
    assert_same_params(a, b);
    mlp_optimizer_free(opt);
    mlp_workspace_free(ws);
    mlp_net_free(a);
    mlp_net_free(b);
    unload(&p);
}

/* With a step too small to move the weights (1e-12), the mean over an
 * epoch's batches is the loss of the initial weights over every row: a row
 * missed, counted twice, or a last batch weighted like a full one would
 * move it by about 1/200 of a row's loss. 200 rows in batches of 64 leave
 * a last batch of 8. */
static void every_row_should_count_once_per_epoch(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_net *net = fresh(&p, 4);
    mlp_workspace *ws = mlp_workspace_create(net, 0, NULL);
    mlp_net_pass all = mlp_net_evaluate(net, ws, p.data.X, p.data.Y, p.data.n_rows, 1);
    for (int shuffle = 0; shuffle <= 1; shuffle++) {
        epoch_log log = {0};
        mlp_train_options o = {.learning_rate = 1e-12, .epochs = 3, .classify = 1, .batch_size = 64,
                               .shuffle = shuffle, .seed = 1, .on_epoch = record, .ctx = &log};
        mlp_train_result res;
        mlp_net *t = trained(&p, 4, &o, &res, MLP_OK);
        assert_int_equal(log.n, 3);
        for (long e = 0; e < 3; e++) {
            /* Each update moves a loss of ~0.7 by ~1e-12 * |g|^2, far below 1e-9; the
             * summation order of 4 batches costs a few ulps. */
            assert_close(log.s[e].loss, all.loss, 1e-9);
            assert_close(log.s[e].accuracy, (double)all.correct / 200.0, 1e-12);
        }
        mlp_net_free(t);
    }
    mlp_workspace_free(ws);
    mlp_net_free(net);
    unload(&p);
}

static void the_shuffle_should_repeat_with_its_seed_and_change_with_another(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_train_options o = {.learning_rate = 0.1, .epochs = 10, .classify = 1, .batch_size = 16,
                           .shuffle = 1, .seed = 5};
    mlp_train_result r;
    mlp_net *a = trained(&p, 2, &o, &r, MLP_OK);
    mlp_net *b = trained(&p, 2, &o, &r, MLP_OK);
    o.seed = 6;
    mlp_net *c = trained(&p, 2, &o, &r, MLP_OK);
    o.shuffle = 0;
    mlp_net *d = trained(&p, 2, &o, &r, MLP_OK);
    o.threads = 2; /* unshuffled, two lanes: the same count gives the same bits */
    mlp_net *e = trained(&p, 2, &o, &r, MLP_OK);
    mlp_net *f = trained(&p, 2, &o, &r, MLP_OK);
    assert_same_params(a, b);
    assert_same_params(e, f);
    assert_memory_not_equal(a->params, c->params, a->n_params * sizeof(double));
    assert_memory_not_equal(a->params, d->params, a->n_params * sizeof(double));
    mlp_net_free(a);
    mlp_net_free(b);
    mlp_net_free(c);
    mlp_net_free(d);
    mlp_net_free(e);
    mlp_net_free(f);
    unload(&p);
}

/* Moons in batches of 20 (10 updates an epoch), 60 epochs: each rule with
 * a rate of its usual size reaches 85% (a linear boundary gets ~85% on
 * moons; these nets reach 95-100% full-batch in a few hundred epochs). */
static void every_optimizer_but_irprop_should_learn_batched(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_optimizer_options rules[4] = {
        mlp_optimizer_defaults(MLP_OPT_GD), mlp_optimizer_defaults(MLP_OPT_MOMENTUM),
        mlp_optimizer_defaults(MLP_OPT_MOMENTUM), mlp_optimizer_defaults(MLP_OPT_ADAM)};
    rules[0].learning_rate = 0.3;
    rules[1].learning_rate = 0.03;
    rules[2].learning_rate = 0.03;
    rules[2].nesterov = 1;
    rules[3].learning_rate = 0.01;
    for (int k = 0; k < 4; k++) {
        mlp_train_options o = {.epochs = 60, .classify = 1, .optimizer = &rules[k],
                               .batch_size = 20, .shuffle = 1, .seed = 11};
        mlp_train_result res;
        mlp_net *net = trained(&p, 1, &o, &res, MLP_OK);
        if (!(res.final_accuracy >= 0.85 && res.final_loss < 0.4))
            fail_msg("%s: accuracy %g, loss %g", mlp_optimizer_name(rules[k].kind),
                     res.final_accuracy, res.final_loss);
        mlp_net_free(net);
    }
    mlp_optimizer_options rprop = mlp_optimizer_defaults(MLP_OPT_IRPROP_MINUS);
    mlp_train_options o = {.epochs = 5, .classify = 1, .optimizer = &rprop, .batch_size = 20};
    mlp_train_result res;
    mlp_net *net = fresh(&p, 1);
    double *before = malloc(net->n_params * sizeof *before);
    assert_non_null(before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    mlp_error err;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "optimizer \"irprop-\" cannot train in mini-batches");
    assert_string_equal(err.hint, "it follows the sign of the full-batch gradient; use adam, or no "
                                  "batch size");
    assert_memory_equal(net->params, before, net->n_params * sizeof *before);
    /* One batch of every row is full batch, which irprop- is made for. */
    o.batch_size = 200;
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, &err), MLP_OK);
    free(before);
    mlp_net_free(net);
    unload(&p);
}

/* Early stopping, batched: the weights kept are those the best epoch
 * started from, so they are the weights of a run of E - 1 epochs. With a
 * validation set their validation loss is the best one logged; without, the
 * monitored loss is the epoch's batch mean. */
static void early_stopping_should_keep_the_weights_its_best_epoch_started_from(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_dataset val = {0};
    /* The last 50 rows again as a validation set (a copy: the loop must not
     * care where it comes from). */
    val.n_rows = 50;
    val.n_features = p.data.n_features;
    val.n_outputs = p.data.n_outputs;
    val.X = p.data.X + 150 * p.data.n_features;
    val.Y = p.data.Y + 150 * p.data.n_outputs;
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    adam.learning_rate = 0.3; /* far too large: the loss jumps about, so a best comes early */
    for (int with_val = 0; with_val <= 1; with_val++) {
        mlp_train_options o = {.epochs = 60, .classify = 1, .optimizer = &adam, .batch_size = 32,
                               .shuffle = 1, .seed = 3, .patience = 5,
                               .validation = with_val ? &val : NULL};
        mlp_train_result stopped;
        mlp_net *a = trained(&p, 8, &o, &stopped, MLP_OK);
        assert_true(stopped.restored);
        assert_true(stopped.best_epoch > 1);
        assert_true(stopped.stopped_early);
        if (with_val)
            assert_memory_equal(&stopped.final_val_loss, &stopped.best_loss, sizeof(double));
        mlp_train_options plain = o;
        plain.patience = 0;
        plain.validation = NULL;
        plain.epochs = stopped.best_epoch - 1;
        mlp_train_result r;
        mlp_net *b = trained(&p, 8, &plain, &r, MLP_OK);
        assert_same_params(a, b);
        mlp_net_free(a);
        mlp_net_free(b);
    }
    unload(&p);
}

/* The initial loss (the L0 of a restart's way down) is the loss of the
 * initial weights: in batches without a validation set one pass of them
 * over every row, not epoch 1's batch mean, which is taken during its
 * updates (adam at 0.05 in batches of 10: about half of it); with a
 * validation set epoch 1's validation loss; full batch epoch 1's loss. (The
 * pass only reads the weights: two_batches_should_be_two_updates_of_their_rows
 * makes the updates of such a run by hand, without it.) */
static void the_initial_loss_should_be_that_of_the_initial_weights(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_dataset val = {.n_rows = 50, .n_features = p.data.n_features,
                       .n_outputs = p.data.n_outputs,
                       .X = p.data.X + 150 * p.data.n_features,
                       .Y = p.data.Y + 150 * p.data.n_outputs};
    mlp_net *start = fresh(&p, 3);
    mlp_workspace *ws = mlp_workspace_create(start, 0, NULL);
    assert_non_null(ws);
    const double all = mlp_net_evaluate(start, ws, p.data.X, p.data.Y, p.data.n_rows, 0).loss;
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    adam.learning_rate = 0.05;
    for (int k = 0; k < 3; k++) {
        epoch_log log = {0};
        mlp_train_options o = {.epochs = 5, .classify = 1, .optimizer = &adam,
                               .batch_size = k == 2 ? 0 : 10, .shuffle = 1, .seed = 3,
                               .validation = k == 1 ? &val : NULL, .on_epoch = record,
                               .ctx = &log, .measure_initial_loss = 1};
        mlp_train_result r;
        mlp_net *a = trained(&p, 3, &o, &r, MLP_OK);
        const double want = k == 0 ? all : k == 1 ? log.s[0].val_loss : log.s[0].loss;
        if (k != 0)
            assert_true(isfinite(want));
        assert_memory_equal(&r.initial_loss, &want, sizeof want);
        if (k == 0) /* epoch 1's batch mean is far below it */
            assert_true(log.s[0].loss < 0.8 * all);
        mlp_net_free(a);
    }
    /* Not asked for (a single run, an lr-scan trial, a refit: nothing
     * reads it), the pass is not made: NaN, and the same weights. */
    {
        epoch_log log = {0};
        mlp_train_options o = {.epochs = 5, .classify = 1, .optimizer = &adam, .batch_size = 10,
                               .shuffle = 1, .seed = 3, .on_epoch = record, .ctx = &log};
        mlp_train_result r, r1;
        mlp_net *a = trained(&p, 3, &o, &r, MLP_OK);
        assert_true(isnan(r.initial_loss));
        o.measure_initial_loss = 1;
        mlp_net *b = trained(&p, 3, &o, &r1, MLP_OK);
        assert_memory_equal(a->params, b->params, a->n_params * sizeof *a->params);
        mlp_net_free(a);
        mlp_net_free(b);
    }
    mlp_workspace_free(ws);
    mlp_net_free(start);
    unload(&p);
}

/* The refit repeats E - 1 epochs of batches with the rates those epochs had
 * in the run it repeats (the schedule spans that run's epochs). */
static void the_refit_should_repeat_the_epochs_and_rates_of_the_best_epoch(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    adam.learning_rate = 0.02;
    mlp_schedule cosine = mlp_schedule_defaults(MLP_SCHEDULE_COSINE);
    cosine.warmup = 2;
    mlp_train_options o = {.epochs = 30, .classify = 1, .optimizer = &adam, .batch_size = 50,
                           .shuffle = 1, .seed = 4, .schedule = &cosine};
    mlp_train_result stopped = {.best_epoch = 9}, r, q;
    mlp_net *a = fresh(&p, 2);
    double *initial = malloc(a->n_params * sizeof *initial);
    assert_non_null(initial);
    memcpy(initial, a->params, a->n_params * sizeof *initial);
    assert_int_equal(mlp_train_refit(a, initial, &p.data, &o, &stopped, &r, NULL), MLP_OK);
    assert_int_equal(r.epochs_run, 8);
    mlp_train_options plain = o;
    plain.epochs = 8;
    plain.schedule_epochs = 30;
    mlp_net *b = trained(&p, 2, &plain, &q, MLP_OK);
    assert_same_params(a, b);
    /* Spanning 8 epochs instead would give other rates, so other weights. */
    plain.schedule_epochs = 0;
    mlp_net *c = trained(&p, 2, &plain, &q, MLP_OK);
    assert_memory_not_equal(a->params, c->params, a->n_params * sizeof(double));
    free(initial);
    mlp_net_free(a);
    mlp_net_free(b);
    mlp_net_free(c);
    unload(&p);
}

/* A refit longer than the run (refit_scale) whose cosine warm-up is longer
 * than the run too: past the run's last epoch it trains at that epoch's
 * rate, 6 / 11 of eta for a warm-up of 10 in 6 epochs, as the cosine holds
 * its last rate, not ramping on to eta the run never had. gd keeps no
 * state, so it is bit for bit 6 epochs of that schedule, then 14 at
 * eta 6 / 11. */
static void a_refit_past_the_run_should_hold_the_cosine_rate_of_its_last_epoch(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_schedule cosine = mlp_schedule_defaults(MLP_SCHEDULE_COSINE);
    cosine.warmup = 10;
    mlp_train_options o = {.learning_rate = 0.5, .epochs = 6, .classify = 1,
                           .schedule = &cosine, .refit_scale = 4};
    mlp_train_result stopped = {.best_epoch = 6}, r, q;
    mlp_net *a = fresh(&p, 1);
    double *initial = malloc(a->n_params * sizeof *initial);
    assert_non_null(initial);
    memcpy(initial, a->params, a->n_params * sizeof *initial);
    assert_int_equal(mlp_train_refit(a, initial, &p.data, &o, &stopped, &r, NULL), MLP_OK);
    assert_int_equal(r.epochs_run, 20);
    mlp_train_options run = {.learning_rate = 0.5, .epochs = 6, .classify = 1,
                             .schedule = &cosine};
    mlp_net *b = trained(&p, 1, &run, &q, MLP_OK);
    mlp_train_options held = {.learning_rate = 0.5 * (6.0 / 11.0), .epochs = 14, .classify = 1};
    assert_int_equal(mlp_train_run(b, &p.data, &held, &q, NULL), MLP_OK);
    assert_same_params(a, b);
    free(initial);
    mlp_net_free(a);
    mlp_net_free(b);
    unload(&p);
}

/* Every allocation of a batched run (shuffled, early stopping on the
 * training loss: the order, the batch buffers, the epoch-start copy and the
 * rest) fails in turn: the run returns MLP_ERR_NOMEM before its first
 * update, the weights untouched, and frees what it took (ASan's leak check
 * in the sanitizer build). */
static void a_failed_allocation_should_stop_a_batched_run_cleanly(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    mlp_train_options o = {.epochs = 3, .classify = 1, .optimizer = &adam, .batch_size = 32,
                           .shuffle = 1, .seed = 2, .patience = 2};
    mlp_net *net = fresh(&p, 1);
    double *before = malloc(net->n_params * sizeof *before);
    assert_non_null(before);
    memcpy(before, net->params, net->n_params * sizeof *before);
    mlp_train_result res;
    long start = mlp_alloc_count();
    assert_int_equal(mlp_train_run(net, &p.data, &o, &res, NULL), MLP_OK);
    long n = mlp_alloc_count() - start;
    assert_true(n >= 7); /* optimizer and its state, workspace, best, epoch start, order, x, y */
    for (long k = 1; k <= n; k++) {
        memcpy(net->params, before, net->n_params * sizeof *before);
        mlp_error err;
        mlp_alloc_fail_after(k);
        mlp_status st = mlp_train_run(net, &p.data, &o, &res, &err);
        mlp_alloc_fail_after(0);
        if (st != MLP_ERR_NOMEM)
            fail_msg("allocation %ld of %ld failed: status %d", k, n, st);
        assert_memory_equal(net->params, before, net->n_params * sizeof *before);
    }
    free(before);
    mlp_net_free(net);
    unload(&p);
}

/* ------------------------------------------------------------------------ */
/* The schedule */

static void each_schedule_should_give_the_factors_of_its_formula(void **state)
{
    (void)state;
    /* Warm-up of 4: k / 5 for k = 1..4, then the schedule from 1. */
    mlp_schedule c = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    c.warmup = 4;
    const double warm[4] = {0.2, 0.4, 0.6, 0.8};
    for (long k = 1; k <= 4; k++)
        assert_true(mlp_schedule_factor(&c, k, 100) == warm[k - 1]);
    assert_true(mlp_schedule_factor(&c, 5, 100) == 1.0);
    assert_true(mlp_schedule_factor(&c, 100, 100) == 1.0);
    assert_true(mlp_schedule_factor(NULL, 7, 100) == 1.0);
    mlp_schedule none = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    assert_true(mlp_schedule_factor(&none, 1, 10) == 1.0);

    /* Step: every 10 epochs after a warm-up of 2, times 0.5; powers of two are exact. */
    mlp_schedule s = mlp_schedule_defaults(MLP_SCHEDULE_STEP);
    s.warmup = 2;
    s.every = 10;
    s.factor = 0.5;
    assert_true(mlp_schedule_factor(&s, 2, 100) == 2.0 / 3.0);
    assert_true(mlp_schedule_factor(&s, 3, 100) == 1.0);
    assert_true(mlp_schedule_factor(&s, 12, 100) == 1.0);
    assert_true(mlp_schedule_factor(&s, 13, 100) == 0.5);
    assert_true(mlp_schedule_factor(&s, 32, 100) == 0.25);
    assert_true(mlp_schedule_factor(&s, 33, 100) == 0.125);
    assert_true(mlp_schedule_factor(&s, 92, 100) == 1.0 / 256.0);
    assert_true(mlp_schedule_factor(&s, 93, 100) == 1.0 / 512.0);

    /* Cosine over T = 100 - 0 epochs: 1 at the first, the midpoint
     * min + (1 - min) / 2 at j = T / 2 (cos(pi / 2) is ~6e-17, not 0), falling
     * throughout, above min at the last epoch. */
    mlp_schedule q = mlp_schedule_defaults(MLP_SCHEDULE_COSINE);
    q.min_factor = 0.1;
    assert_true(mlp_schedule_factor(&q, 1, 100) == 1.0);
    assert_close(mlp_schedule_factor(&q, 51, 100), 0.55, 1e-15);
    double prev = 2;
    for (long k = 1; k <= 100; k++) {
        double f = mlp_schedule_factor(&q, k, 100);
        assert_true(f < prev && f > 0.1);
        prev = f;
    }
    /* 0.1 + 0.9 (1 + cos(99 pi / 100)) / 2 = 0.1 + 0.45 (1 - cos(pi / 100)) */
    assert_close(mlp_schedule_factor(&q, 100, 100), 0.1 + 0.45 * (1 - cos(3.141592653589793 / 100)),
                 1e-15);
    /* Past the run's end it stays at the last epoch's rate. */
    assert_true(mlp_schedule_factor(&q, 150, 100) == mlp_schedule_factor(&q, 100, 100));

    /* A warm-up of 10 in a run of 6: the run never gets past 6 / 11 of the
     * rate, and cosine holds that past epoch 6 (a refit longer than the run)
     * instead of ramping on to the full rate. Constant and step go on by
     * their formulas, which do not depend on the run's length. */
    q.warmup = 10;
    c.warmup = 10;
    s.warmup = 10;
    for (long k = 1; k <= 6; k++)
        assert_true(mlp_schedule_factor(&q, k, 6) == (double)k / 11.0);
    for (long k = 7; k <= 30; k++)
        assert_true(mlp_schedule_factor(&q, k, 6) == 6.0 / 11.0);
    assert_true(mlp_schedule_factor(&c, 8, 6) == 8.0 / 11.0);
    assert_true(mlp_schedule_factor(&c, 11, 6) == 1.0);
    assert_true(mlp_schedule_factor(&s, 9, 6) == 9.0 / 11.0);
    assert_true(mlp_schedule_factor(&s, 21, 6) == 0.5);
}

static void a_schedule_out_of_range_should_be_refused(void **state)
{
    (void)state;
    mlp_error err;
    mlp_schedule s = mlp_schedule_defaults(MLP_SCHEDULE_STEP);
    assert_int_equal(mlp_schedule_check(&s, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message,
                        "the learning-rate schedule has a step schedule without \"every\" of at "
                        "least 1 epoch");
    s.every = 3;
    assert_int_equal(mlp_schedule_check(&s, &err), MLP_OK);
    s.factor = 1;
    assert_int_equal(mlp_schedule_check(&s, &err), MLP_ERR_USAGE);
    mlp_schedule q = mlp_schedule_defaults(MLP_SCHEDULE_COSINE);
    q.min_factor = 1;
    assert_int_equal(mlp_schedule_check(&q, &err), MLP_ERR_USAGE);
    q.min_factor = 0;
    q.warmup = -1;
    assert_int_equal(mlp_schedule_check(&q, &err), MLP_ERR_USAGE);
    q.kind = MLP_SCHEDULE_COUNT;
    assert_int_equal(mlp_schedule_check(&q, &err), MLP_ERR_USAGE);
    assert_null(mlp_schedule_info_of(MLP_SCHEDULE_COUNT));
    assert_string_equal(mlp_schedule_name(MLP_SCHEDULE_COUNT), "?");
    assert_int_equal(mlp_schedule_info_by_name("cosine")->kind, MLP_SCHEDULE_COSINE);
    assert_null(mlp_schedule_info_by_name("Cosine"));
}

/* gd has no state, so a step schedule of factor 0.5 every epoch is, bit for
 * bit, one epoch at eta and one at eta / 2 on the same net; a constant
 * schedule is no schedule. */
static void the_schedule_should_set_each_epochs_rate(void **state)
{
    (void)state;
    problem p;
    load(MLP_SOURCE_DIR "/configs/moons.json", &p);
    mlp_schedule s = mlp_schedule_defaults(MLP_SCHEDULE_STEP);
    s.every = 1;
    s.factor = 0.5;
    mlp_train_options o = {.learning_rate = 0.4, .epochs = 2, .classify = 1, .schedule = &s,
                           .batch_size = 50, .shuffle = 0};
    mlp_train_result r;
    mlp_net *a = trained(&p, 6, &o, &r, MLP_OK);
    mlp_net *b = fresh(&p, 6);
    mlp_train_options one = {.learning_rate = 0.4, .epochs = 1, .classify = 1, .batch_size = 50};
    assert_int_equal(mlp_train_run(b, &p.data, &one, &r, NULL), MLP_OK);
    one.learning_rate = 0.2;
    assert_int_equal(mlp_train_run(b, &p.data, &one, &r, NULL), MLP_OK);
    assert_same_params(a, b);

    mlp_schedule flat = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    mlp_optimizer_options adam = mlp_optimizer_defaults(MLP_OPT_ADAM);
    mlp_train_options c = {.epochs = 20, .classify = 1, .optimizer = &adam};
    mlp_net *x = trained(&p, 6, &c, &r, MLP_OK);
    c.schedule = &flat;
    mlp_net *y = trained(&p, 6, &c, &r, MLP_OK);
    assert_same_params(x, y);
    mlp_net_free(a);
    mlp_net_free(b);
    mlp_net_free(x);
    mlp_net_free(y);
    unload(&p);
}

/* ------------------------------------------------------------------------ */
/* The spec keys */

#define NET "{\"layers\": [2, 3, 1], \"activations\": [\"tanh\", \"sigmoid\"], " \
            "\"loss\": \"mse\", \"data\": {\"train\": \"x.csv\"}"

static void parse_ok(const char *text, mlp_spec *s)
{
    mlp_error err;
    if (mlp_spec_parse(text, strlen(text), "t.json", s, &err))
        fail_msg("%s: %s; %s", text, err.message, err.hint);
}

static void parse_bad(const char *text, long line, long col, const char *message, const char *hint)
{
    mlp_spec s;
    mlp_error err;
    assert_int_equal(mlp_spec_parse(text, strlen(text), "t.json", &s, &err), MLP_ERR_SPEC);
    if (err.line != line || err.col != col || strcmp(err.message, message) != 0 ||
        strcmp(err.hint, hint) != 0)
        fail_msg("%s:\n  got  %ld:%ld: %s; %s\n  want %ld:%ld: %s; %s", text, err.line, err.col,
                 err.message, err.hint, line, col, message, hint);
}

static void the_spec_keys_should_load_with_their_defaults(void **state)
{
    (void)state;
    mlp_spec s;
    parse_ok(NET "}", &s);
    assert_int_equal(s.batch_size, 0);
    assert_int_equal(s.shuffle, 1);
    assert_int_equal(s.schedule.kind, MLP_SCHEDULE_CONSTANT);
    assert_int_equal(s.schedule.warmup, 0);
    mlp_spec_free(&s);
    parse_ok(NET ", \"batch_size\": 32, \"shuffle\": false, \"schedule\": {\"name\": \"cosine\", "
                 "\"warmup\": 5, \"min_factor\": 0.01}}", &s);
    assert_int_equal(s.batch_size, 32);
    assert_int_equal(s.shuffle, 0);
    assert_int_equal(s.schedule.kind, MLP_SCHEDULE_COSINE);
    assert_int_equal(s.schedule.warmup, 5);
    assert_true(s.schedule.min_factor == 0.01);
    assert_int_equal(s.pos_batch_size.line, 1);
    assert_int_equal(s.pos_batch_size.col, 116);
    mlp_spec_free(&s);
    parse_ok(NET ", \"schedule\": {\"name\": \"step\", \"every\": 100}}", &s);
    assert_int_equal(s.schedule.kind, MLP_SCHEDULE_STEP);
    assert_int_equal(s.schedule.every, 100);
    assert_true(s.schedule.factor == 0.1);
    mlp_spec_free(&s);
    parse_ok(NET ", \"batch_size\": 9007199254740992}", &s);
    assert_true(s.batch_size == (size_t)1 << 53);
    mlp_spec_free(&s);
}

/* Columns counted on the text: NET is 99 bytes, then ", " puts the next
 * key at column 102. */
static void bad_spec_keys_should_be_refused_where_they_are(void **state)
{
    (void)state;
    assert_int_equal(strlen(NET), 99);
    parse_bad(NET ", \"batch_size\": 0}", 1, 116, "\"batch_size\" must be at least 1, not \"0\"",
              "for example \"batch_size\": 32");
    parse_bad(NET ", \"batch_size\": 2.5}", 1, 116, "\"batch_size\" must be a whole number, not \"2.5\"",
              "for example \"batch_size\": 32");
    parse_bad(NET ", \"batch_size\": \"32\"}", 1, 116, "\"batch_size\" must be an integer, not a string",
              "for example \"batch_size\": 32");
    parse_bad(NET ", \"batch_size\": 9007199254740993}", 1, 116,
              "\"batch_size\" must be at most 9007199254740992, not \"9007199254740993\"",
              "for example \"batch_size\": 32");
    parse_bad(NET ", \"shuffle\": 1, \"batch_size\": 8}", 1, 113,
              "\"shuffle\" must be true or false, not a number", "for example \"shuffle\": false");
    /* "shuffle" without "batch_size": mlp_spec_check_options (test_spec.c), since
     * --batch-size can give it. */
    parse_bad(NET ", \"optimizer\": {\"name\": \"irprop-\"}, \"batch_size\": 8}", 1, 150,
              "\"batch_size\" cannot be used with optimizer \"irprop-\"",
              "irprop- follows the sign of the full-batch gradient, which the noise of "
              "mini-batches keeps flipping; use \"name\": \"adam\", or remove \"batch_size\"");
    parse_bad(NET ", \"optimizer\": {\"name\": \"irprop-\"}, \"schedule\": {\"name\": \"cosine\"}}", 1,
              148, "\"schedule\" is not used by optimizer \"irprop-\"",
              "remove it: irprop- has no learning rate to schedule");
    parse_bad(NET ", \"schedule\": {\"warmup\": 5}}", 1, 114, "missing key \"name\" in \"schedule\"",
              "add it, for example \"name\": \"cosine\"");
    parse_bad(NET ", \"schedule\": {\"name\": \"cosin\"}}", 1, 123, "unknown schedule \"cosin\"",
              "did you mean \"cosine\"?");
    parse_bad(NET ", \"schedule\": {\"name\": \"step\"}}", 1, 114, "missing key \"every\" in \"schedule\"",
              "add it, for example \"every\": 100");
    parse_bad(NET ", \"schedule\": {\"name\": \"cosine\", \"every\": 3}}", 1, 133,
              "\"schedule.every\" is a setting of \"step\", not of \"cosine\"",
              "remove it, or use \"name\": \"step\"");
    parse_bad(NET ", \"schedule\": {\"name\": \"step\", \"every\": 3, \"factor\": 1}}", 1, 153,
              "\"schedule.factor\" must be greater than 0 and less than 1, not \"1\"",
              "for example \"factor\": 0.5");
    parse_bad(NET ", \"schedule\": {\"name\": \"cosine\", \"warmup\": -1}}", 1, 143,
              "\"schedule.warmup\" must be at least 0, not \"-1\"", "for example \"warmup\": 5");
    parse_bad(NET ", \"schedule\": {\"name\": \"cosine\", \"min_factor\": 1}}", 1, 147,
              "\"schedule.min_factor\" must be at least 0 and less than 1, not \"1\"",
              "for example \"min_factor\": 0.01");
    parse_bad(NET ", \"schedule\": {\"name\": \"cosine\", \"warmpu\": 1}}", 1, 133,
              "unknown key \"warmpu\" in \"schedule\"", "did you mean \"warmup\"?");
    parse_bad(NET ", \"batch_siz\": 8}", 1, 102, "unknown key \"batch_siz\"",
              "did you mean \"batch_size\"?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_batch_of_every_row_should_be_full_batch_bit_for_bit),
        cmocka_unit_test(two_batches_should_be_two_updates_of_their_rows),
        cmocka_unit_test(every_row_should_count_once_per_epoch),
        cmocka_unit_test(the_shuffle_should_repeat_with_its_seed_and_change_with_another),
        cmocka_unit_test(every_optimizer_but_irprop_should_learn_batched),
        cmocka_unit_test(early_stopping_should_keep_the_weights_its_best_epoch_started_from),
        cmocka_unit_test(the_initial_loss_should_be_that_of_the_initial_weights),
        cmocka_unit_test(the_refit_should_repeat_the_epochs_and_rates_of_the_best_epoch),
        cmocka_unit_test(a_refit_past_the_run_should_hold_the_cosine_rate_of_its_last_epoch),
        cmocka_unit_test(a_failed_allocation_should_stop_a_batched_run_cleanly),
        cmocka_unit_test(each_schedule_should_give_the_factors_of_its_formula),
        cmocka_unit_test(a_schedule_out_of_range_should_be_refused),
        cmocka_unit_test(the_schedule_should_set_each_epochs_rate),
        cmocka_unit_test(the_spec_keys_should_load_with_their_defaults),
        cmocka_unit_test(bad_spec_keys_should_be_refused_where_they_are),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
