/* SPDX-License-Identifier: MIT */
/* train.c: the epoch loop and nothing else: it cuts an epoch into batches
 * (all rows, or shuffled mini-batches), calls the net for forward and
 * backward, the optimizer for the l2 gradient and the step, the schedule
 * for the epoch's learning rate, checks the loss is finite, keeps the best
 * epoch's weights for early stopping, and hands each epoch's figures to the
 * caller's callback. It never opens a file. */
#include "mlp/train.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "c_locale.h"
#include "mlp/pool.h"
#include "plural.h"
#include "rng.h"
#include "train_check.h"

#define MLP_TRAIN_STR_(x) #x
#define MLP_TRAIN_STR(x) MLP_TRAIN_STR_(x)

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double fraction(size_t correct, size_t rows, int classify)
{
    return classify && rows > 0 ? (double)correct / (double)rows : NAN;
}

/* The rate named is the run's one suggestion (mlp_optimizer_rate_advice),
 * the same the pre-flight check and the diagnosis name. irprop- has no
 * learning rate: its largest step is what to lower. Targets far from the
 * outputs' scale (opts->target_divisor) are the cause whatever the rate:
 * their errors make the steps large (diabetes' targets of 25 to 346 at rate
 * 0.1 went infinite at epoch 402; divided by 100 the same run fits). */
static void diverged_hint(mlp_error *err, const mlp_optimizer_options *o,
                          const mlp_train_options *opts)
{
    char next[96];
    if (opts->target_divisor > 0) {
        mlp_error_hint(err, "the targets are far from the outputs' starting scale: divide them "
                            "by %g, and multiply the predictions by it", opts->target_divisor);
        return;
    }
    /* Standardised inputs are already what "normalize" would give. */
    const char *or_normalize = opts->inputs_standardized ? "" : ", or \"normalize\": \"standard\"";
    /* irprop- (no learning rate): a tenth of delta_max, and of delta0 too
     * when delta0 would be above it, which the spec's check refuses. */
    double dmax = o->delta_max / 10;
    if (!(mlp_optimizer_info_of(o->kind)->flags & MLP_OPT_FLAG_LEARNING_RATE) && o->delta0 > dmax)
        mlp_error_hint(err, "try smaller \"delta_max\" and \"delta0\", e.g. %g for both%s", dmax,
                       or_normalize);
    else if (!(mlp_optimizer_info_of(o->kind)->flags & MLP_OPT_FLAG_LEARNING_RATE))
        mlp_error_hint(err, "try a smaller \"delta_max\", e.g. %g%s", dmax, or_normalize);
    else
        mlp_error_hint(err, "%s%s",
                       mlp_optimizer_rate_advice(&opts->advice, o->learning_rate, next, sizeof next),
                       or_normalize);
}

/* A data-parallel run makes each pass over this process's rows the pass
 * over every process's rows (train.h); in one process, nothing. */
static mlp_status reduced(const mlp_train_options *opts, mlp_net *net, int gradient,
                          mlp_net_pass *pass, mlp_error *err)
{
    if (!opts->reduce)
        return MLP_OK;
    return opts->reduce(opts->reduce_ctx, gradient ? net->grads : NULL,
                        gradient ? net->n_params : 0, pass, err);
}

/* Under a reduce, a process whose on_epoch failed adds this many rows to
 * its own in the next reduction: more than any run has (2^40 rows of one
 * value would be 8 TiB), so the sum tells every process that one failed,
 * with no reduction of its own each epoch. (The hook may sum rows as
 * doubles: rounded past 2^53, the sum still stays above 2^40.) */
#define FAILED_EPOCH_ROWS ((size_t)1 << 40)

/* The failure of this process's last on_epoch under a reduce, not yet
 * told to the others: its status (MLP_OK: none) and its error, kept apart
 * from err, which the rest of the epoch may fill (an interruption). */
typedef struct {
    mlp_status status;
    mlp_error err;
} epoch_failure;

/* What on_epoch keeps, as the agreed error names it (train.h). */
static const char *epoch_memory(const mlp_train_options *opts)
{
    return opts->on_epoch_memory ? opts->on_epoch_memory : "the record of an epoch";
}

/* Every process's failure of its last on_epoch agreed on (collective):
 * MLP_OK when none failed, else what mlp_train_agree_memory gives (the
 * same MLP_ERR_NOMEM and message everywhere); f is then cleared. */
static mlp_status agree_epoch(const mlp_train_options *opts, epoch_failure *f, mlp_error *err)
{
    mlp_status st = f->status;
    if (st && err)
        *err = f->err;
    f->status = MLP_OK;
    return mlp_train_agree_memory(opts->reduce, opts->reduce_ctx, st, epoch_memory(opts), err);
}

/* reduced, carrying f, the failure of this process's last on_epoch, to
 * every process in the pass's rows: when any process's failed, every one
 * returns agree_epoch's status (its one agreement, made only then). A
 * process that returned at once from its failure left the others waiting
 * in this reduction, and the job hung. */
static mlp_status reduced_carrying(const mlp_train_options *opts, mlp_net *net, int gradient,
                                   mlp_net_pass *pass, epoch_failure *f, mlp_error *err)
{
    if (f->status)
        pass->rows += FAILED_EPOCH_ROWS;
    mlp_status st = reduced(opts, net, gradient, pass, err);
    if (st || pass->rows < FAILED_EPOCH_ROWS)
        return st;
    return agree_epoch(opts, f, err);
}

mlp_status mlp_train_count_processes(mlp_train_reduce_fn reduce, void *ctx, size_t rows,
                                     int mine, size_t *count, size_t *all_rows, mlp_error *err)
{
    mlp_net_pass agree = {.rows = rows, .correct = (size_t)(mine != 0)};
    mlp_status st = reduce ? reduce(ctx, NULL, 0, &agree, err) : MLP_OK;
    *count = agree.correct;
    *all_rows = agree.rows;
    return st;
}

mlp_status mlp_train_agree_memory(mlp_train_reduce_fn reduce, void *ctx, mlp_status st,
                                  const char *what, mlp_error *err)
{
    if (!reduce)
        return st;
    size_t failed, processes;
    mlp_status rst = mlp_train_count_processes(reduce, ctx, 1, st != MLP_OK, &failed, &processes,
                                               err);
    if (rst)
        return rst;
    if (!failed || (st && st != MLP_ERR_NOMEM))
        return st;
    /* The same words on every process, the one that failed included: the
     * program may print any process's. */
    return mlp_alloc_error(err, NULL, 0,
                           "free some memory, or run fewer processes on each machine",
                           "%s (in %zu of %zu processes)", what, failed, processes);
}

/* Everything a run plans before its first epoch, freed in one place. */
typedef struct {
    mlp_workspace *ws;
    mlp_optimizer *opt;
    double *best_params;   /* n_params, with patience only */
    size_t batch;          /* rows per update: opts->batch_size, or every row */
    size_t n_batches;      /* ceil(rows / batch), at least 1 */
    size_t *order;         /* the rows in this epoch's order; shuffled batches only */
    double *bx, *by;       /* (batch, n_in), (batch, n_out): one shuffled batch's rows */
    double *epoch_start;   /* n_params: the weights an epoch started from, when early
                              stopping on the training loss can only judge them after
                              the epoch's updates (batched, no validation set) */
    double *initial;       /* n_params: the initial weights, in mini-batches: a batch of
                              epoch 1 after the first whose loss is not finite has them
                              looked at (bad_training_data) */
    mlp_rng rng;           /* the shuffle's */
} run_memory;

static void run_memory_free(run_memory *m)
{
    mlp_workspace_free(m->ws);
    mlp_optimizer_free(m->opt);
    free(m->best_params);
    free(m->order);
    free(m->bx);
    free(m->by);
    free(m->epoch_start);
    free(m->initial);
}

mlp_status mlp_train_check_set(const mlp_net *net, const mlp_dataset *d, const char *what,
                               int may_be_empty, mlp_error *err)
{
    size_t n_in = net->sizes[0], n_out = net->sizes[net->n_layers];
    if (d->n_features != n_in || d->n_outputs != n_out) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "the %s (%zu feature%s, %zu output%s) does not fit the network "
                      "(%zu input%s, %zu output%s)",
                      what, d->n_features, mlp_plural(d->n_features, "", "s"), d->n_outputs,
                      mlp_plural(d->n_outputs, "", "s"), n_in, mlp_plural(n_in, "", "s"), n_out,
                      mlp_plural(n_out, "", "s"));
        mlp_error_hint(err, "build the data with the network's sizes (mlp_data_plan.n_inputs, "
                            ".n_outputs), or the network with the data's");
        return MLP_ERR_DATA;
    }
    if (d->n_rows == 0 && !may_be_empty) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0, "the %s has no rows", what);
        mlp_error_hint(err, "train on a data set of at least 1 row");
        return MLP_ERR_DATA;
    }
    if (d->n_rows > 0 && (!d->X || !d->Y)) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0, "the %s has no %s", what,
                      !d->X ? "features (X is NULL)" : "targets (Y is NULL)");
        mlp_error_hint(err, "build it with mlp_dataset_build, or mlp_dataset_with_schema with "
                            "MLP_TARGETS_REQUIRED");
        return MLP_ERR_DATA;
    }
    return MLP_OK;
}

/* A field of an options struct out of its range (owner.field). */
static mlp_status bad_range(mlp_error *err, const char *owner, const char *field,
                            const char *range, const char *value)
{
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s.%s must be %s, not %s", owner, field, range,
                  value);
    mlp_error_hint(err, "set %s within that range (include/mlp/%s.h)", field,
                   strcmp(owner, "mlp_fit_options") == 0 ? "fit" : "train");
    return MLP_ERR_USAGE;
}

mlp_status mlp_train_check_ranges(const char *owner, long epochs, double l2, long patience,
                                  double min_delta, int threads, mlp_error *err)
{
    char value[64];
    if (epochs < 1) {
        snprintf(value, sizeof value, "%ld", epochs);
        return bad_range(err, owner, "epochs", "at least 1", value);
    }
    if (!(l2 >= 0 && isfinite(l2))) {
        mlp_c_snprintf(value, sizeof value, "%g", l2);
        return bad_range(err, owner, "l2", "a finite number >= 0", value);
    }
    if (patience < 0) {
        snprintf(value, sizeof value, "%ld", patience);
        return bad_range(err, owner, "patience", "0 (no early stopping) or more", value);
    }
    if (!(min_delta >= 0 && isfinite(min_delta))) {
        mlp_c_snprintf(value, sizeof value, "%g", min_delta);
        return bad_range(err, owner, "min_delta", "a finite number >= 0", value);
    }
    if (threads < 0 || threads > MLP_POOL_MAX_THREADS) {
        snprintf(value, sizeof value, "%d", threads);
        return bad_range(err, owner, "threads", "0 to " MLP_TRAIN_STR(MLP_POOL_MAX_THREADS), value);
    }
    return MLP_OK;
}

mlp_status mlp_train_check_refit_scale(const char *owner, double refit_scale, mlp_error *err)
{
    if (refit_scale == 0 || (refit_scale >= 1 && refit_scale <= MLP_TRAIN_MAX_REFIT_SCALE))
        return MLP_OK;
    char value[64];
    mlp_c_snprintf(value, sizeof value, "%g", refit_scale);
    return bad_range(err, owner, "refit_scale",
                     "0 (1) or 1 to " MLP_TRAIN_STR(MLP_TRAIN_MAX_REFIT_SCALE), value);
}

/* An init none of mlp_init's values, as a field of owner. */
static mlp_status bad_init(mlp_error *err, const char *owner, mlp_init init)
{
    char value[32];
    snprintf(value, sizeof value, "%d", (int)init);
    bad_range(err, owner, "init", "MLP_INIT_DEFAULT, MLP_INIT_XAVIER or MLP_INIT_HE", value);
    /* An enum has values, not a range: name where they come from. */
    mlp_error_hint(err, "set init to one of them, or to mlp_init_from_name's value of \"default\", "
                        "\"xavier\" or \"he\" (include/mlp/net.h)");
    return MLP_ERR_USAGE;
}

mlp_status mlp_train_check_init(const char *owner, mlp_init init, mlp_error *err)
{
    if (init == MLP_INIT_DEFAULT || init == MLP_INIT_XAVIER || init == MLP_INIT_HE)
        return MLP_OK;
    return bad_init(err, owner, init);
}

mlp_status mlp_train_init_weights(mlp_net *net, const char *owner, mlp_init init, uint64_t seed,
                                  mlp_error *err)
{
    /* mlp_net_init refuses only an init out of the enum (net.h), unsaid. */
    if (mlp_net_init(net, init, seed))
        return bad_init(err, owner, init);
    return MLP_OK;
}

/* A result before any epoch: every figure NaN, every count 0. */
static mlp_train_result unfilled_result(void)
{
    return (mlp_train_result){.final_loss = NAN, .final_accuracy = NAN, .final_val_loss = NAN,
                              .final_val_accuracy = NAN, .best_loss = NAN, .initial_loss = NAN};
}

/* What train.h documents of the options and the data, before anything is
 * allocated: a wrong size reads out of bounds, a NaN l2 diverges with
 * advice about the learning rate. */
static mlp_status check_run(const mlp_net *net, const mlp_dataset *data,
                            const mlp_train_options *opts, const mlp_train_result *result,
                            mlp_error *err)
{
    if (!net || !data || !opts || !result)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_train_run: %s is NULL",
                             !net ? "the network" : !data ? "the data set"
                                                 : !opts ? "the options record" : "the result");
    mlp_status st = mlp_train_check_ranges("mlp_train_options", opts->epochs, opts->l2,
                                           opts->patience, opts->min_delta, opts->threads, err);
    if (!st && opts->schedule_epochs < 0) {
        char value[64];
        snprintf(value, sizeof value, "%ld", opts->schedule_epochs);
        st = bad_range(err, "mlp_train_options", "schedule_epochs", "0 (the epochs) or more",
                       value);
    }
    if (!st)
        st = mlp_train_check_set(net, data, "training set", opts->reduce != NULL, err);
    if (!st && opts->validation)
        st = mlp_train_check_set(net, opts->validation, "validation set", opts->reduce != NULL,
                                 err);
    /* Without an optimizer the rate is this record's: named as its field,
     * not as the mlp_optimizer_options it is copied into (after the data,
     * as the optimizer's own check comes). */
    if (!st && !opts->optimizer &&
        !(isfinite(opts->learning_rate) && opts->learning_rate > 0)) {
        char value[64];
        mlp_c_snprintf(value, sizeof value, "%g", opts->learning_rate);
        st = bad_range(err, "mlp_train_options", "learning_rate", "finite and greater than 0",
                       value);
    }
    return st;
}

/* The shuffle draws from a stream of its own: the seed's stream also draws
 * the initial weights (mlp_net_init), and a shared one would tie them. */
#define SHUFFLE_STREAM 0x53485546464c45ull /* "SHUFFLE" */

static mlp_status plan(const mlp_net *net, const mlp_dataset *data, const mlp_train_options *opts,
                       const mlp_optimizer_options *oo, run_memory *m, mlp_error *err)
{
    memset(m, 0, sizeof *m);
    mlp_status st = mlp_optimizer_check(oo, err);
    if (st)
        return st;
    if (opts->schedule && (st = mlp_schedule_check(opts->schedule, err)))
        return st;
    size_t n = data->n_rows;
    m->batch = opts->batch_size > 0 && opts->batch_size < n ? opts->batch_size : n;
    m->n_batches = m->batch > 0 ? (n + m->batch - 1) / m->batch : 1;
    if (opts->reduce && opts->batch_size > 0) {
        /* Each process's batches would be of its own rows: not one run's. */
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "data-parallel training is full-batch: it cannot take a batch size");
        mlp_error_hint(err, "remove \"batch_size\", or train in one process");
        return MLP_ERR_USAGE;
    }
    if (m->n_batches > 1 && !(mlp_optimizer_info_of(oo->kind)->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "optimizer \"%s\" cannot train in mini-batches", mlp_optimizer_name(oo->kind));
        mlp_error_hint(err, "it follows the sign of the full-batch gradient; use adam, or no "
                            "batch size");
        return MLP_ERR_USAGE;
    }
    m->opt = mlp_optimizer_create(net->n_params, oo, err);
    if (!m->opt)
        return MLP_ERR_NOMEM;
    mlp_workspace_options wo = {.chunk_rows = 0, .threads = opts->threads};
    m->ws = mlp_workspace_create_with(net, &wo, err);
    if (!m->ws)
        return MLP_ERR_NOMEM;
    if (opts->patience > 0) {
        m->best_params = mlp_alloc(net->n_params, sizeof *m->best_params);
        if (!m->best_params)
            return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory for a copy of %zu parameters", net->n_params);
    }
    if (m->n_batches > 1 && opts->patience > 0 && !opts->validation) {
        m->epoch_start = mlp_alloc(net->n_params, sizeof *m->epoch_start);
        if (!m->epoch_start)
            return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory for a copy of %zu parameters", net->n_params);
    }
    if (m->n_batches > 1) {
        m->initial = mlp_alloc(net->n_params, sizeof *m->initial);
        if (!m->initial)
            return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory for a copy of %zu parameters", net->n_params);
        memcpy(m->initial, net->params, net->n_params * sizeof *m->initial);
    }
    if (m->n_batches > 1 && opts->shuffle) {
        m->order = mlp_alloc(n, sizeof *m->order);
        m->bx = mlp_alloc(m->batch, data->n_features * sizeof *m->bx);
        m->by = mlp_alloc(m->batch, data->n_outputs * sizeof *m->by);
        if (!m->order || !m->bx || !m->by)
            return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory for batches of %zu row%s", m->batch,
                                 mlp_plural(m->batch, "", "s"));
        for (size_t i = 0; i < n; i++)
            m->order[i] = i;
        mlp_rng_seed(&m->rng, opts->seed ^ SHUFFLE_STREAM);
    }
    return MLP_OK;
}

/* A uniform integer in [0, n), n >= 1: draws at or above the largest
 * multiple of n are redrawn, so that no value is favoured. */
static size_t below(mlp_rng *rng, size_t n)
{
    uint64_t bound = n, limit = UINT64_MAX - UINT64_MAX % bound, r;
    do
        r = mlp_rng_next(rng);
    while (r >= limit);
    return (size_t)(r % bound);
}

/* Fisher-Yates over the current order: every permutation equally likely. */
static void shuffle(run_memory *m, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = below(&m->rng, i), t = m->order[i - 1];
        m->order[i - 1] = m->order[j];
        m->order[j] = t;
    }
}

/* Batch b's rows: consecutive rows of data, or the shuffled ones gathered
 * into the batch buffers. Sets *X, *Y and returns the row count. */
static size_t batch_rows(const run_memory *m, const mlp_dataset *data, size_t b, const double **X,
                         const double **Y)
{
    size_t r0 = b * m->batch, rows = data->n_rows - r0 < m->batch ? data->n_rows - r0 : m->batch;
    size_t nf = data->n_features, no = data->n_outputs;
    if (!m->order) {
        *X = data->X + r0 * nf;
        *Y = data->Y + r0 * no;
        return rows;
    }
    for (size_t i = 0; i < rows; i++) {
        size_t r = m->order[r0 + i];
        memcpy(m->bx + i * nf, data->X + r * nf, nf * sizeof *m->bx);
        memcpy(m->by + i * no, data->Y + r * no, no * sizeof *m->by);
    }
    *X = m->bx;
    *Y = m->by;
    return rows;
}

/* ---------------------------------------------------------------------------
 * A loss that is not a finite number on weights that are: a row of the data
 * overflows in the network (a value near the largest double, 1.7e308, passes
 * the CSV reader as finite; times a weight it is inf, and inf - inf is NaN),
 * or the network's output on it is finite but its loss is not (a feature of
 * 1e300 through relu gives an output near 1e300, whose square is inf), or
 * its target is too far from the output for the loss. On the initial
 * weights no learning rate changes that loss (epoch 1's is theirs, before
 * any update): it is the data's error, naming the row and the value at
 * fault. Later such a loss is never a best (track_best), and the run says
 * which row it is. */

/* The first row of `set` (0-based) whose output on the net's current weights
 * is not a finite number (*in_output = 1), else the first whose loss is not
 * (*in_output = 0); set->n_rows when there is none. Looked for only once a
 * pass's loss was not finite: the rows of this process, no reduce. */
static size_t first_unfinite_row(const mlp_net *net, mlp_workspace *ws, const mlp_dataset *set,
                                 int *in_output)
{
    size_t n = set->n_rows, n_in = set->n_features, n_out = set->n_outputs;
    size_t chunk = mlp_workspace_chunk_rows(ws);
    *in_output = 1;
    for (size_t r0 = 0; r0 < n; r0 += chunk) {
        size_t rows = n - r0 < chunk ? n - r0 : chunk;
        const double *y = mlp_net_forward(net, ws, set->X + r0 * n_in, rows);
        for (size_t k = 0; y && k < rows * n_out; k++)
            if (!isfinite(y[k]))
                return r0 + k / n_out;
    }
    *in_output = 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(mlp_net_evaluate(net, ws, set->X + i * n_in, set->Y + i * n_out, 1, 0).loss))
            return i;
    return n;
}

/* Where row `row` (0-based) of `set` (`what`: "training", "validation")
 * is, for its error: its file and line when the set keeps them (dataset.h;
 * a split's rows keep their lines in the training file), the row then
 * called "this <what> row"; else (a set made by hand) no position, and
 * "<what> row N", N counting the set's rows from 1. */
typedef struct {
    const char *path; /* NULL: none */
    long line;        /* 0: none */
    char name[48];
} row_place;

static row_place place_of(const mlp_dataset *set, const char *what, size_t row)
{
    row_place p = {0};
    if (set->row_line && set->path && set->path[0]) {
        p.path = set->path;
        p.line = set->row_line[row];
        snprintf(p.name, sizeof p.name, "this %s row", what);
    } else {
        snprintf(p.name, sizeof p.name, "%s row %zu", what, row + 1);
    }
    return p;
}

/* The message for row `row` of `set` whose output on the initial weights
 * is not finite: a feature that is not a finite number itself (a set made
 * by hand: the CSV reader refuses them), or one that overflows. */
static void unfinite_output(mlp_error *err, const mlp_dataset *set, const char *what, size_t row)
{
    row_place p = place_of(set, what, row);
    const double *x = set->X + row * set->n_features;
    for (size_t j = 0; j < set->n_features; j++)
        if (!isfinite(x[j])) {
            mlp_error_set(err, MLP_ERR_DATA, p.path, p.line, 0,
                          "feature %zu of %s is %g, not a finite number", j + 1, p.name, x[j]);
            return;
        }
    mlp_error_set(err, MLP_ERR_DATA, p.path, p.line, 0,
                  "the network's output on %s is not a finite number on the initial weights (a "
                  "value of that row overflows in it)",
                  p.name);
}

/* What a loss on the initial weights that is not finite is blamed on: the
 * set (its row not looked for), a row's output, a feature or the target of
 * a row whose output is finite, or the sum of finite losses. */
enum { AT_SET, AT_OUTPUT, AT_FEATURE, AT_TARGET, AT_SUM };

/* The message for row `row` of `set` whose output on the net's current
 * (initial) weights is finite but whose loss is not: the value at fault is
 * its target when that is larger than every output and than 1 (a class's
 * target is 0 or 1: a classification's loss overflows from its logits,
 * hence from the features), else the row's feature of largest magnitude,
 * which made the output too large for the loss. */
static int unfinite_loss(mlp_error *err, const mlp_net *net, mlp_workspace *ws,
                         const mlp_dataset *set, const char *what, size_t row)
{
    row_place p = place_of(set, what, row);
    size_t n_in = set->n_features, n_out = set->n_outputs;
    const double *x = set->X + row * n_in, *t = set->Y + row * n_out;
    const double *y = mlp_net_forward(net, ws, x, 1);
    size_t k, xj;
    int target = mlp_train_blames_target(x, n_in, t, y, n_out, &k, &xj);
    const char *loss = mlp_loss_name(net->loss);
    char unit[32] = "";
    if (n_out > 1)
        snprintf(unit, sizeof unit, " %zu", k + 1);
    if (target) {
        mlp_error_set(err, MLP_ERR_DATA, p.path, p.line, 0,
                      "the loss of %s on the initial weights is not a finite number: its "
                      "target%s, %g, is too far from the network's output%s, %g, for %s",
                      p.name, unit, t[k], unit, y ? y[k] : NAN, loss);
        return AT_TARGET;
    }
    mlp_error_set(err, MLP_ERR_DATA, p.path, p.line, 0,
                  "the loss of %s on the initial weights is not a finite number: its feature "
                  "%zu, %g, makes the network's output%s %g, too large for %s",
                  p.name, xj + 1, x[xj], unit, y ? y[k] : NAN, loss);
    return AT_FEATURE;
}

int mlp_train_blames_target(const double *x, size_t n_in, const double *t, const double *y,
                            size_t n_out, size_t *unit, size_t *feature)
{
    double y_big = 0.0, t_big = 0.0;
    size_t yk = 0, tk = 0, xj = 0;
    for (size_t k = 0; y && k < n_out; k++)
        if (fabs(y[k]) > y_big) {
            y_big = fabs(y[k]);
            yk = k;
        }
    for (size_t k = 0; k < n_out; k++)
        if (fabs(t[k]) > t_big) {
            t_big = fabs(t[k]);
            tk = k;
        }
    for (size_t j = 1; j < n_in; j++)
        if (fabs(x[j]) > fabs(x[xj]))
            xj = j;
    int target = t_big > y_big && t_big > 1.0;
    *unit = target ? tk : yk;
    *feature = xj;
    return target;
}

/* The row of `set` of the largest loss on the net's current weights, for a
 * set whose rows' losses are each finite but whose mean is not (their sum
 * overflows). */
static size_t largest_loss_row(const mlp_net *net, mlp_workspace *ws, const mlp_dataset *set)
{
    size_t best = 0, n_in = set->n_features, n_out = set->n_outputs;
    double most = -INFINITY;
    for (size_t i = 0; i < set->n_rows; i++) {
        double l = mlp_net_evaluate(net, ws, set->X + i * n_in, set->Y + i * n_out, 1, 0).loss;
        if (l > most) {
            most = l;
            best = i;
        }
    }
    return best;
}

/* The message for a set (`what`) whose loss on the initial weights is not a
 * finite number: the first row whose output, else whose loss, is not
 * (unfinite_output, unfinite_loss), else the row of the largest loss when
 * only the sum of finite losses overflows. With a reduce the row is not
 * looked for (it may be another process's, and every process must stop
 * alike): the message names the set. Returns what is at fault (AT_*). */
static int bad_initial_loss(mlp_error *err, const mlp_net *net, mlp_workspace *ws,
                            const mlp_dataset *set, const char *what, int reduce)
{
    if (reduce) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "the %s loss on the initial weights is not a finite number (a value of a "
                      "%s row overflows in the network or its loss)",
                      what, what);
        return AT_SET;
    }
    int in_output = 1;
    size_t row = first_unfinite_row(net, ws, set, &in_output);
    if (row < set->n_rows && in_output) {
        unfinite_output(err, set, what, row);
        return AT_OUTPUT;
    }
    if (row < set->n_rows)
        return unfinite_loss(err, net, ws, set, what, row);
    row = largest_loss_row(net, ws, set);
    row_place p = place_of(set, what, row);
    const double *x = set->X + row * set->n_features, *t = set->Y + row * set->n_outputs;
    mlp_error_set(err, MLP_ERR_DATA, p.path, p.line, 0,
                  "the %s loss on the initial weights is not a finite number: the rows' losses, "
                  "each finite, overflow when added up, the largest being that of %s (%g)",
                  what, p.name, mlp_net_evaluate(net, ws, x, t, 1, 0).loss);
    return AT_SUM;
}

/* Epoch 1's validation loss (on the initial weights, before any update) is
 * not finite: the validation data, not the training, is at fault. A
 * data-parallel run (reduce) does not look for the row: it may be another
 * process's, and every process must stop alike. MLP_ERR_DATA. */
static mlp_status bad_validation_data(const mlp_net *net, mlp_workspace *ws,
                                      const mlp_train_options *opts, mlp_error *err)
{
    int at = bad_initial_loss(err, net, ws, opts->validation, "validation", opts->reduce != NULL);
    mlp_error_hint(err, "check %s; they must be of the scale of the training rows",
                   at == AT_SET ? "the validation rows' values" : "that row's values");
    return MLP_ERR_DATA;
}

/* The loss on the initial weights (epoch 1's, before any update) is not
 * finite: no learning rate changes it, so it is the data's error
 * (MLP_ERR_DATA), naming the row and the value at fault (bad_initial_loss),
 * with the cure of that value. net holds the initial weights. */
static mlp_status bad_training_data(const mlp_net *net, mlp_workspace *ws, const mlp_dataset *data,
                                    const mlp_train_options *opts, mlp_error *err)
{
    int at = bad_initial_loss(err, net, ws, data, "training", opts->reduce != NULL);
    if (at == AT_TARGET && opts->target_divisor > 0)
        mlp_error_hint(err, "the targets are far from the outputs' starting scale: divide them "
                            "by %g, and multiply the predictions by it", opts->target_divisor);
    else if (at == AT_TARGET)
        mlp_error_hint(err, "check that row's target; if the targets are of its scale, divide "
                            "them by a power of 10 that brings them near 1, and multiply the "
                            "predictions by it");
    else if (at == AT_FEATURE && !opts->inputs_standardized)
        mlp_error_hint(err, "check that row's values; a feature far beyond the others' scale "
                            "is likely a mistake, else add \"normalize\": \"standard\" to "
                            "scale the columns");
    else if (at == AT_SET)
        mlp_error_hint(err, "check the training rows' values; a value near the largest double "
                            "(1.8e308) overflows in any network");
    else
        mlp_error_hint(err, "check that row's values; a value near the largest double "
                            "(1.8e308) overflows in any network");
    return MLP_ERR_DATA;
}

/* Batch b of epoch 1 had a loss that is not finite. Batch 0 is on the
 * initial weights: bad_training_data. A later batch (mini-batches) is on
 * weights some updates moved: the initial ones (m->initial) are put back
 * for the look, and when their loss over every row is finite the run
 * diverged as any other (MLP_OK here). The weights are as they were after. */
static mlp_status bad_initial_weights(run_memory *m, mlp_net *net, const mlp_dataset *data,
                                      const mlp_train_options *opts, size_t b, mlp_error *err)
{
    if (b == 0)
        return bad_training_data(net, m->ws, data, opts, err);
    if (!m->initial)
        return MLP_OK;
    for (size_t i = 0; i < net->n_params; i++) {
        double w = net->params[i];
        net->params[i] = m->initial[i];
        m->initial[i] = w;
    }
    mlp_status st = MLP_OK;
    if (!isfinite(mlp_net_evaluate(net, m->ws, data->X, data->Y, data->n_rows, 0).loss))
        st = bad_training_data(net, m->ws, data, opts, err);
    for (size_t i = 0; i < net->n_params; i++) {
        double w = net->params[i];
        net->params[i] = m->initial[i];
        m->initial[i] = w;
    }
    return st;
}

/* The early-stopping bookkeeping of one epoch whose monitored loss is
 * `monitor`, judged on the weights at `weights`. A loss that is not finite
 * is never a best: it counts as an epoch without one. */
static void track_best(run_memory *m, const mlp_net *net, const mlp_train_options *opts, long epoch,
                       double monitor, const double *weights, long *since_best,
                       mlp_train_result *result)
{
    if (isfinite(monitor) &&
        (result->best_epoch == 0 || monitor < result->best_loss - opts->min_delta)) {
        result->best_epoch = epoch;
        result->best_loss = monitor;
        *since_best = 0;
        if (m->best_params)
            memcpy(m->best_params, weights, net->n_params * sizeof *net->params);
    } else {
        ++*since_best;
    }
}

/* The loop of mlp_train_run; refit_of > 0 marks the epochs as those of a
 * refit repeating best epoch refit_of (the figures and weights are the same
 * either way: only the stats handed to on_epoch and the messages differ). */
static mlp_status run(mlp_net *net, const mlp_dataset *data, const mlp_train_options *opts,
                      long refit_of, mlp_train_result *result, mlp_error *err)
{
    mlp_status status = check_run(net, data, opts, result, err);
    if (result)
        *result = unfilled_result();
    if (status)
        return status;
    mlp_optimizer_options oo = mlp_optimizer_defaults(MLP_OPT_GD);
    oo.learning_rate = opts->learning_rate;
    if (opts->optimizer)
        oo = *opts->optimizer;
    run_memory m;
    status = plan(net, data, opts, &oo, &m, err);
    /* plan refuses options before it allocates, alike in every process;
     * what it allocates may fail in one process alone, and the others
     * would wait for it in the first reduction. */
    if (!status || status == MLP_ERR_NOMEM)
        status = mlp_train_agree_memory(opts->reduce, opts->reduce_ctx, status,
                                        "the training run", err);
    if (status) {
        run_memory_free(&m);
        return status;
    }
    const mlp_dataset *val = opts->validation;
    const long horizon = opts->schedule_epochs > 0 ? opts->schedule_epochs : opts->epochs;
    /* The monitored loss is known before the epoch's first update (and so
     * are the weights it judges) with a validation set or a single batch;
     * otherwise it is the mean over the epoch's batches, known at its end. */
    const int judged_before = val || m.n_batches == 1;
    long since_best = 0;
    /* This process's failed on_epoch, on its way to the others. */
    epoch_failure pending = {.status = MLP_OK};
    /* The loss of the initial weights. Judged before the first update, it
     * is epoch 1's monitored loss (below); otherwise epoch 1's figure is the
     * mean over its batches, each taken after the updates before it, so one
     * pass of the initial weights over the training rows gives it (batched
     * runs are one process's: no reduce), when the caller reads it (the
     * restarts' margin): a whole forward pass, as costly as a tenth of an
     * epoch of batches, not paid for nothing, nor counted in the epochs'
     * time. It only reads the weights: the gradient, the optimizer and the
     * shuffle are as without it. */
    if (!judged_before && opts->measure_initial_loss)
        result->initial_loss =
            mlp_net_evaluate(net, m.ws, data->X, data->Y, data->n_rows, 0).loss;
    double start = now_seconds();
    for (long epoch = 1; epoch <= opts->epochs; epoch++) {
        if (opts->schedule)
            mlp_optimizer_set_learning_rate(
                m.opt, oo.learning_rate * mlp_schedule_factor(opts->schedule, epoch, horizon));
        mlp_epoch_stats stats = {
            .epoch = epoch,
            .val_loss = NAN,
            .val_accuracy = NAN,
        };
        /* Later, a validation loss that is not finite while the training
         * loss is: the weights grew until a validation row overflows. The
         * run is then diverged (its row found before the epoch's update). */
        size_t val_bad_row = 0;
        int val_bad = 0, val_bad_output = 1;
        if (val) {
            mlp_net_pass v = mlp_net_evaluate(net, m.ws, val->X, val->Y, val->n_rows, opts->classify);
            if ((status = reduced_carrying(opts, net, 0, &v, &pending, err)))
                break;
            stats.val_loss = v.loss;
            stats.val_accuracy = fraction(v.correct, v.rows, opts->classify);
            if (!isfinite(v.loss) && epoch == 1) {
                status = bad_validation_data(net, m.ws, opts, err);
                break;
            }
            if ((val_bad = !isfinite(v.loss)))
                val_bad_row = opts->reduce ? val->n_rows
                                           : first_unfinite_row(net, m.ws, val, &val_bad_output);
        }
        if (m.epoch_start)
            memcpy(m.epoch_start, net->params, net->n_params * sizeof *net->params);
        if (m.order)
            shuffle(&m, data->n_rows);
        /* The 1/rows of each batch's mean is in mlp_net_gradient; the
         * epoch's mean weights each batch by its rows. One batch keeps its
         * own mean untouched, so full batch is bit for bit what it was. */
        double loss_sum = 0;
        size_t correct = 0, rows_seen = 0;
        int diverged = 0;
        for (size_t b = 0; b < m.n_batches && !diverged; b++) {
            const double *X, *Y;
            size_t rows = batch_rows(&m, data, b, &X, &Y);
            mlp_net_pass pass = mlp_net_gradient(net, m.ws, X, Y, rows, opts->classify);
            if ((status = reduced_carrying(opts, net, 1, &pass, &pending, err)))
                break;
            if (epoch == 1 && !isfinite(pass.loss) &&
                (status = bad_initial_weights(&m, net, data, opts, b, err)))
                break;
            if (m.n_batches == 1)
                stats.loss = pass.loss;
            else
                loss_sum += pass.loss * (double)pass.rows;
            correct += pass.correct;
            rows_seen += pass.rows;
            if (b == 0 && judged_before && epoch == 1)
                result->initial_loss = val ? stats.val_loss : pass.loss;
            if (b == 0 && judged_before)
                track_best(&m, net, opts, epoch, val ? stats.val_loss : pass.loss, net->params,
                           &since_best, result);
            diverged = !isfinite(pass.loss);
            if (!diverged) {
                mlp_optimizer_l2_gradient(net, opts->l2);
                mlp_optimizer_step(m.opt, net);
            }
        }
        if (status)
            break;
        if (m.n_batches > 1)
            stats.loss = loss_sum / (double)rows_seen;
        stats.accuracy = fraction(correct, rows_seen, opts->classify);
        if (!judged_before)
            track_best(&m, net, opts, epoch, stats.loss, m.epoch_start ? m.epoch_start : net->params,
                       &since_best, result);
        stats.best_epoch = refit_of > 0 ? refit_of : result->best_epoch;

        if (opts->on_epoch) {
            /* The callback always has a record to fill (train.h): the
             * caller's, or, when the caller passed none, one of ours. */
            mlp_error scratch;
            mlp_error *cb_err = err;
            if (!cb_err) {
                mlp_error_clear(&scratch);
                cb_err = &scratch;
            }
            status = opts->on_epoch(opts->ctx, &stats, cb_err);
            /* Under a reduce the others are on their way to the next
             * reduction: this process goes there too, and tells them. */
            if (status && opts->reduce) {
                pending.status = status;
                pending.err = *cb_err;
                status = MLP_OK;
            }
            /* on_epoch runs after the epoch's update: a stop it asks for
             * leaves the net with that update, so the epoch counts (as
             * when *interrupted stops it below), unless the epoch
             * diverged, whose failing batch made none. */
            if (status) {
                if (!diverged)
                    result->epochs_run = epoch;
                break;
            }
        }
        /* A diverged run makes no reduction after this epoch: the
         * failure is agreed by itself (every process is here alike). */
        if ((diverged || val_bad) && (status = agree_epoch(opts, &pending, err)))
            break;
        if (diverged) {
            const char *what = isnan(stats.loss) ? "NaN" : "infinite";
            if (!(mlp_optimizer_info_of(oo.kind)->flags & MLP_OPT_FLAG_LEARNING_RATE))
                status = mlp_error_set(err, MLP_ERR_DIVERGED, NULL, 0, 0,
                                       "the loss became %s at epoch %ld", what, epoch);
            else if (!opts->schedule ||
                     mlp_schedule_factor(opts->schedule, epoch, horizon) == 1.0)
                status = mlp_error_set(err, MLP_ERR_DIVERGED, NULL, 0, 0,
                                       "the loss became %s at epoch %ld (learning rate %g)", what,
                                       epoch, oo.learning_rate);
            else /* the rate that epoch trained at, not the schedule's base */
                status = mlp_error_set(
                    err, MLP_ERR_DIVERGED, NULL, 0, 0,
                    "the loss became %s at epoch %ld (rate %g, the schedule's %.3g x learning rate "
                    "%g)",
                    what, epoch,
                    oo.learning_rate * mlp_schedule_factor(opts->schedule, epoch, horizon),
                    mlp_schedule_factor(opts->schedule, epoch, horizon), oo.learning_rate);
            diverged_hint(err, &oo, opts);
            break;
        }
        if (val_bad) {
            const char *what = isnan(stats.val_loss) ? "NaN" : "infinite";
            if (val_bad_row == val->n_rows)
                status = mlp_error_set(err, MLP_ERR_DIVERGED, NULL, 0, 0,
                                       "the validation loss became %s at epoch %ld (the training "
                                       "loss is %g): a validation row overflows in the network",
                                       what, epoch, stats.loss);
            else {
                row_place p = place_of(val, "validation", val_bad_row);
                status = mlp_error_set(err, MLP_ERR_DIVERGED, p.path, p.line, 0,
                                       "the validation loss became %s at epoch %ld (the training "
                                       "loss is %g): the %s %s is not a finite number",
                                       what, epoch, stats.loss,
                                       val_bad_output ? "network's output on" : "loss of",
                                       p.name);
            }
            mlp_error_hint(err, "check %s; they must be of the scale of the training rows",
                           val_bad_row == val->n_rows ? "the validation rows' values"
                                                      : "that row's values");
            break;
        }
        result->epochs_run = epoch;
        if (opts->interrupted && *opts->interrupted) {
            status = MLP_ERR_INTERRUPTED;
            mlp_error_set(err, MLP_ERR_INTERRUPTED, NULL, 0, 0, "interrupted after %sepoch %ld of %ld",
                          refit_of > 0 ? "refit " : "", epoch, opts->epochs);
            mlp_error_hint(err, m.best_params ? "the outputs hold the weights of the best epoch"
                                              : "the outputs hold that epoch's weights");
            break;
        }
        if (opts->patience > 0 && since_best >= opts->patience) {
            result->stopped_early = epoch < opts->epochs;
            break;
        }
    }
    result->seconds = now_seconds() - start;
    if (status == MLP_OK || status == MLP_ERR_INTERRUPTED) {
        if (m.best_params && result->best_epoch > 0) {
            memcpy(net->params, m.best_params, net->n_params * sizeof *net->params);
            result->restored = 1;
        }
        mlp_net_pass fin = mlp_net_evaluate_each(net, m.ws, data->X, data->Y, data->n_rows,
                                                 opts->classify, opts->final_chunk, opts->final_ctx);
        mlp_status rst = reduced_carrying(opts, net, 0, &fin, &pending, err);
        result->final_loss = fin.loss;
        result->final_accuracy = fraction(fin.correct, fin.rows, opts->classify);
        if (val && !rst) {
            mlp_net_pass v = mlp_net_evaluate(net, m.ws, val->X, val->Y, val->n_rows, opts->classify);
            rst = reduced(opts, net, 0, &v, err);
            result->final_val_loss = v.loss;
            result->final_val_accuracy = fraction(v.correct, v.rows, opts->classify);
        }
        if (rst) {
            run_memory_free(&m);
            return rst;
        }
        if (status == MLP_OK && !isfinite(fin.loss)) {
            status = mlp_error_set(err, MLP_ERR_DIVERGED, NULL, 0, 0,
                                   "the loss became %s after the last update (epoch %ld)",
                                   isnan(fin.loss) ? "NaN" : "infinite", result->epochs_run);
            diverged_hint(err, &oo, opts);
        }
    }
    run_memory_free(&m);
    return status;
}

mlp_status mlp_train_run(mlp_net *net, const mlp_dataset *data, const mlp_train_options *opts,
                         mlp_train_result *result, mlp_error *err)
{
    return run(net, data, opts, 0, result, err);
}

/* ---------------------------------------------------------------------------
 * Refit: the weights of best epoch E had received E - 1 epochs of updates,
 * so the refit repeats E - 1 epochs on every row. Full-batch, an update is
 * an epoch, so "as many steps" and "as many passes over the data" (the two
 * readings of Goodfellow et al., Deep Learning, 2016, algorithm 7.2) agree;
 * in mini-batches it is the passes (docs/optimizers.md says why). The
 * schedule spans the run repeated, so epoch k of the refit has the rate
 * epoch k of that run had. */

long mlp_train_refit_epochs(const mlp_train_result *stopped, double scale)
{
    long updates = stopped->best_epoch > 1 ? stopped->best_epoch - 1 : 0;
    if (!(scale > 1))
        return updates;
    /* scale <= MLP_TRAIN_MAX_REFIT_SCALE and updates <= 2^53 keep this in a
     * long; past it lround is undefined (1e30 gave LONG_MIN, so no refit). */
    double epochs = scale * (double)updates;
    return epochs < (double)LONG_MAX ? lround(epochs) : LONG_MAX;
}

mlp_status mlp_train_refit(mlp_net *net, const double *initial, const mlp_dataset *data,
                           const mlp_train_options *opts, const mlp_train_result *stopped,
                           mlp_train_result *result, mlp_error *err)
{
    /* (stopped may be result itself: read before result is filled.) */
    const mlp_train_result was = stopped ? *stopped : unfilled_result();
    if (result)
        *result = unfilled_result();
    if (!net || !initial || !data || !opts || !stopped || !result)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_train_refit: %s NULL",
                             !net ? "the network is" : !initial ? "the initial weights are"
                                                     : !data ? "the data set is"
                                                     : !opts ? "the options record is"
                                                     : !stopped ? "the stopped run's result is"
                                                                : "the result is");
    mlp_status st = mlp_train_check_refit_scale("mlp_train_options", opts->refit_scale, err);
    if (st)
        return st;
    long epochs = mlp_train_refit_epochs(&was, opts->refit_scale);
    if (epochs < 1) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "nothing to refit: the best epoch is %ld, the initial weights",
                      was.best_epoch);
        mlp_error_hint(err, "keep the early-stopped weights");
        return MLP_ERR_USAGE;
    }
    mlp_train_options o = *opts;
    o.schedule_epochs = opts->schedule_epochs > 0 ? opts->schedule_epochs : opts->epochs;
    o.epochs = epochs;
    o.validation = NULL;
    o.patience = 0;
    o.min_delta = 0;
    memcpy(net->params, initial, net->n_params * sizeof *net->params);
    return run(net, data, &o, was.best_epoch, result, err);
}
