/* SPDX-License-Identifier: MIT */
/* fit.c: a whole training run (fit.h): restarts, keeping the best run, the
 * refit, the loss log in memory, the diagnosis and the provenance, around
 * mlp_train_run. Never prints, never touches a file. */
#include "mlp/fit.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mlp/lrscan.h"
#include "rng.h"
#include "plural.h"
#include "train_check.h"

uint64_t mlp_fit_restart_seed(uint64_t seed, long run)
{
    mlp_rng rng;
    mlp_rng_seed(&rng, seed);
    uint64_t s = seed;
    for (long k = 1; k < run; k++)
        s = mlp_rng_next(&rng) >> 11;
    return s;
}

/* The class of row y of K targets when it is a 0/1 class indicator (the
 * value of one unit, the unit that is 1 of a one-hot row), else SIZE_MAX. */
static size_t indicator_class(const double *y, size_t K)
{
    size_t ones = 0, cls = SIZE_MAX;
    for (size_t k = 0; k < K; k++) {
        if (y[k] != 0.0 && y[k] != 1.0)
            return SIZE_MAX;
        if (y[k] == 1.0) {
            ones++;
            cls = k;
        }
    }
    if (K == 1)
        return ones;
    return ones == 1 ? cls : SIZE_MAX;
}

/* Whether K units of this output activation can read 0/1 targets as
 * classes: one linear or tanh unit fitted to 0/1 is a regression the user
 * may mean; the pre-flight leaves it alone too. */
static int output_reads_classes(size_t K, mlp_activation output)
{
    return K > 1 || (mlp_activation_info_of(output)->flags & MLP_ACT_FLAG_PROBABILITY);
}

int mlp_fit_class_targets(const mlp_dataset *rows, mlp_activation output)
{
    size_t K = rows->n_outputs;
    if (!output_reads_classes(K, output) || !rows->Y)
        return 0;
    size_t first = SIZE_MAX;
    int several = 0;
    for (size_t i = 0; i < rows->n_rows; i++) {
        size_t cls = indicator_class(rows->Y + i * K, K);
        if (cls == SIZE_MAX)
            return 0;
        if (first == SIZE_MAX)
            first = cls;
        several |= cls != first;
    }
    return several;
}

int mlp_fit_indicator_rows(const mlp_dataset *rows)
{
    if (!rows)
        return 1;
    /* Rows without targets hold no indicators (mlp_train_run refuses them). */
    if (rows->n_rows > 0 && !rows->Y)
        return 0;
    for (size_t i = 0; i < rows->n_rows; i++)
        if (indicator_class(rows->Y + i * rows->n_outputs, rows->n_outputs) == SIZE_MAX)
            return 0;
    return 1;
}

int mlp_fit_counts_class_targets(const mlp_dataset *train, const mlp_dataset *validation,
                                 const mlp_dataset *full, mlp_activation output)
{
    return mlp_fit_class_targets(train, output) && mlp_fit_indicator_rows(validation) &&
           mlp_fit_indicator_rows(full);
}

/* The number of processes for which `mine` holds, and the rows of them
 * all, summed by the reduce (one process: its own): the run's one
 * agreement (mlp_train_count_processes). */
static mlp_status count_processes(const mlp_fit_options *opts, size_t rows, int mine,
                                  size_t *count, size_t *all_rows, mlp_error *err)
{
    return mlp_train_count_processes(opts->reduce, opts->reduce_ctx, rows, mine, count, all_rows,
                                     err);
}

/* What this process allocated for the collective work that follows,
 * agreed by every process (mlp_train_agree_memory): st, or the same
 * MLP_ERR_NOMEM on every process when any ran out. */
static mlp_status agree_memory(const mlp_fit_options *opts, mlp_status st, const char *what,
                               mlp_error *err)
{
    return mlp_train_agree_memory(opts->reduce, opts->reduce_ctx, st, what, err);
}

/* mlp_fit_data.class_targets of this run, decided here so that every
 * caller counts as mlptrain does (a caller that did not copy its rule got
 * no accuracy, or a validation 0.5 counted as a class). Each process
 * judges the rows it holds, the training rows being every one's
 * (opts->diagnose_rows); under a reduce the processes agree in one
 * reduction, so that every process counts the same. The reduction is made
 * whenever the output can read classes, which every process knows alike:
 * one process alone in it would wait for the others forever. */
static mlp_status decide_class_targets(const mlp_net *net, const mlp_fit_data *d,
                                       const mlp_fit_options *opts, int *classes,
                                       mlp_error *err)
{
    mlp_activation output = net->layers[net->n_layers - 1].act;
    *classes = 0;
    /* Labels count their accuracy anyway (classifies). */
    if (d->schema->n_labels > 0 || !output_reads_classes(net->sizes[net->n_layers], output))
        return MLP_OK;
    const mlp_dataset *rows = opts->diagnose_rows ? opts->diagnose_rows : d->train;
    int mine = mlp_fit_counts_class_targets(rows, d->validation, d->full, output);
    size_t agree, processes; /* one "row" each: the processes, and those that agree */
    mlp_status st = count_processes(opts, 1, mine, &agree, &processes, err);
    *classes = !st && agree == processes;
    return st;
}

/* Whether the run counts accuracy: the model has labels, or its targets
 * are class indicators all the same (mlp_fit_class_targets). */
static int classifies(const mlp_fit_data *data)
{
    return (data->schema && data->schema->n_labels > 0) || data->class_targets;
}

mlp_losslog_columns mlp_fit_log_columns(const mlp_fit_data *data, const mlp_fit_options *opts)
{
    return (mlp_losslog_columns){.classify = classifies(data),
                                 .validation = data->validation != NULL,
                                 .best_epoch = opts->patience > 0,
                                 .refit = opts->refit != 0};
}

mlp_train_options mlp_fit_train_options(const mlp_fit_options *opts, const mlp_fit_data *data)
{
    return (mlp_train_options){
        .epochs = opts->epochs,
        .classify = classifies(data),
        .optimizer = &opts->optimizer,
        .l2 = opts->l2,
        .patience = opts->patience,
        .min_delta = opts->min_delta,
        .threads = opts->threads,
        .batch_size = opts->batch_size,
        .shuffle = opts->shuffle,
        .seed = opts->seed,
        .schedule = opts->schedule.kind == MLP_SCHEDULE_CONSTANT && opts->schedule.warmup == 0
                        ? NULL
                        : &opts->schedule,
        .schedule_epochs = opts->epochs,
        .reduce = opts->reduce,
        .reduce_ctx = opts->reduce_ctx,
        .advice = opts->advice,
        .inputs_standardized = data->schema && data->schema->normalize == MLP_NORMALIZE_STANDARD,
        .refit_scale = opts->refit_scale,
    };
}

/* What the epoch callback of mlp_train_run needs, for one phase. */
typedef struct {
    mlp_fit_epoch_fn on_epoch;
    void *ctx;
    volatile sig_atomic_t stop;  /* set when the caller's callback asks to stop */
    mlp_losslog *log;
    mlp_diagnose *diag;          /* or NULL */
    long run, n_runs;
    int refitting;
    long epochs;
    const mlp_net *net;
    const mlp_dataset *data;
} phase;

static mlp_status on_train_epoch(void *ctx, const mlp_epoch_stats *s, mlp_error *err)
{
    phase *p = ctx;
    mlp_status st = mlp_losslog_append(p->log, s, err);
    /* The diagnosis is of the early-stopped run, not of its refit (whose
     * final loss alone it is given: mlp_diagnose_model_loss). */
    const mlp_finding *f = p->diag && !p->refitting ? mlp_diagnose_epoch(p->diag, s) : NULL;
    if (!p->on_epoch)
        return st;
    /* Called even when the row was not kept: under a reduce this process
     * goes on to the next reduction with the others (train.h), and the
     * stop the caller's callback asks for (a signal the processes agreed
     * on) must be taken in every process alike. The log's error is kept. */
    mlp_fit_epoch e = {.stats = s, .run = p->run, .n_runs = p->n_runs, .refit = p->refitting,
                       .epochs = p->epochs, .finding = f, .net = p->net, .data = p->data};
    mlp_error later;
    mlp_status cst = p->on_epoch(p->ctx, &e, st ? &later : err);
    if (cst == MLP_ERR_INTERRUPTED) {
        p->stop = 1; /* mlp_train_run stops after this epoch, as on a signal */
        cst = MLP_OK;
    }
    return st ? st : cst;
}

/* How far the raw inputs reach, for the hints (mlp_diagnose_options
 * inputs_far and inputs_small). */
typedef struct {
    int far, small;
} inputs_reach;

/* The reach of the raw inputs over every row of the run: the largest |x|
 * of the rows a process holds, and under a reduce whether any process's
 * goes beyond MLP_DIAG_LARGE_INPUT and whether every one's stays within
 * MLP_DIAG_SMALL_INPUT. A process that read its part of the file holds no
 * other rows (the diagnosis rows gathered for the chance level have
 * targets only): rank 0 of 3 held only the small rows of a file whose
 * later rows reach 5000, and was told its rate was too small where one
 * process was told to scale the inputs. Collective under a reduce: every
 * process calls it once, before its runs. */
static mlp_status reach_of_inputs(const mlp_fit_data *d, const mlp_fit_options *opts,
                                  inputs_reach *out, mlp_error *err)
{
    const mlp_schema *sc = d->schema;
    *out = (inputs_reach){0};
    /* Standardised inputs are on the unit scale: every process knows it. */
    if (sc && sc->normalize == MLP_NORMALIZE_STANDARD)
        return MLP_OK;
    const mlp_dataset *rows = opts->diagnose_rows ? opts->diagnose_rows : d->train;
    const mlp_dataset *xs = rows->X ? rows : d->train;
    size_t n = xs->X ? xs->n_rows : 0;
    double reach = 0;
    for (size_t k = 0; k < n * xs->n_features; k++)
        reach = fmax(reach, fabs(xs->X[k]));
    size_t far, wide, all_rows;
    mlp_status st = count_processes(opts, n, reach > MLP_DIAG_LARGE_INPUT, &far, &all_rows, err);
    if (!st)
        st = count_processes(opts, n, reach > MLP_DIAG_SMALL_INPUT, &wide, &all_rows, err);
    if (st)
        return st;
    out->far = far > 0;
    /* (0/1 features, or columns scaled into [-1, 1] already: normalising
     * is not what a network that ignores them needs.) */
    out->small = all_rows > 0 && wide == 0;
    return MLP_OK;
}

/* The diagnosis of one run; NULL when not asked or out of memory (then the
 * run stops with MLP_ERR_NOMEM, like every other failed allocation).
 * `reach`: reach_of_inputs, the same for every run. */
static mlp_diagnose *diagnosis_for(const mlp_fit_data *d, const mlp_fit_options *opts,
                                   const mlp_net *net, const inputs_reach *reach)
{
    mlp_loss loss = net->loss;
    if (!opts->diagnose)
        return NULL;
    const mlp_schema *sc = d->schema;
    const mlp_dataset *rows = opts->diagnose_rows ? opts->diagnose_rows : d->train;
    int ln_k = 0;
    mlp_diagnose_options o = {
        /* 0 for an optimizer without one (irprop-): the hints then name its steps. */
        .learning_rate = mlp_optimizer_info_of(opts->optimizer.kind)->flags &
                                 MLP_OPT_FLAG_LEARNING_RATE
                             ? opts->optimizer.learning_rate
                             : 0,
        .advice = opts->advice,
        .chance_loss = mlp_diagnose_chance(loss, rows->Y, rows->n_rows, rows->n_outputs, &ln_k),
        .n_classes = sc ? sc->n_labels : 0,
        .labels = sc ? sc->labels : NULL,
        .n_labels = sc ? sc->n_labels : 0,
        .inputs_standardized = sc && sc->normalize == MLP_NORMALIZE_STANDARD,
        .restarts = opts->restarts,
        .init_given = opts->init_given,
        .schedule = &opts->schedule,
        .schedule_epochs = opts->epochs,
        .batched = opts->batch_size > 0 && opts->batch_size < d->train->n_rows,
        .l2 = opts->l2,
        .initial_weights_rms = mlp_diagnose_weights_rms(net), /* net: the run's start */
        /* Raw inputs far from 0 (house areas, proline): scaling, not the
         * rate, is what the hints of dead units or a loss at chance name. */
        .inputs_far = reach->far,
        .inputs_small = reach->small,
    };
    o.chance_is_ln_k = ln_k;
    o.target_divisor = mlp_diagnose_target_divisor(net->layers[net->n_layers - 1].act, loss,
                                                   o.n_labels, rows->Y,
                                                   rows->n_rows, rows->n_outputs);
    return mlp_diagnose_create(&o, NULL);
}

/* The power of ten the targets are far from the outputs' scale by, 0 when
 * they are not (diagnose.h): the error of a diverged run says to divide. */
static double target_divisor_of(const mlp_net *net, const mlp_dataset *rows,
                                const mlp_schema *schema)
{
    size_t n_labels = schema ? schema->n_labels : 0;
    return mlp_diagnose_target_divisor(net->layers[net->n_layers - 1].act, net->loss, n_labels,
                                       rows->Y, rows->n_rows, rows->n_outputs);
}

/* A kept run whose loss ended at chance with nothing said against its rate
 * (mlp_diagnose_wants_larger_rates): 20-epoch trials from its initial
 * weights (`initial`, or drawn again from `seed` when NULL) at rates above
 * its own, on --lr-scan's grid, up to the first unstable one. The trials
 * go to the diagnosis, which names a tenth of the largest stable rate
 * that left chance when that is above the run's rate (XOR's 2 sigmoid
 * units at rate 0.01 sat at ln 2 for 2546 of 3000 epochs: stable up to
 * 4.64, and at 0.464 with --restarts 10, 7 of 10 runs fit it). */
static mlp_status try_larger_rates(const mlp_net *net, const double *initial, uint64_t seed,
                                   const mlp_fit_data *d, const mlp_fit_options *opts,
                                   mlp_diagnose *diag, mlp_error *err)
{
    if (!diag)
        return MLP_OK;
    /* The trials are collective: they run only when every process wants
     * them (one process alone in them waited for the others forever).
     * Every process judges the same curve, targets and inputs' reach
     * (reach_of_inputs), so they agree; this keeps a disagreement from
     * hanging the job. */
    size_t wanting, processes;
    mlp_status agreed = count_processes(opts, 1, mlp_diagnose_wants_larger_rates(diag), &wanting,
                                        &processes, err);
    if (agreed)
        return agreed;
    if (wanting != processes)
        return MLP_OK;
    /* A linear net whose inputs, even weighted together, do not correlate
     * with the targets (XOR) leaves chance at no rate, and the diagnosis
     * names a nonlinearity: trials would cost time and add a rate hint.
     * Its verdict (collective: every process is here alike) is judged on
     * the rows the run is diagnosed by, the refit's when it will run. */
    const mlp_dataset *rows = opts->refit && d->full ? d->full : d->train;
    mlp_error ignored;
    if (!mlp_diagnose_correlations(diag, net, rows, opts->reduce, opts->reduce_ctx, &ignored) &&
        mlp_diagnose_finds_no_linear_fit(diag))
        return MLP_OK;
    mlp_net *start = mlp_lrscan_clone(net, err);
    mlp_status st = start ? MLP_OK : MLP_ERR_NOMEM;
    if (start && initial)
        memcpy(start->params, initial, net->n_params * sizeof *start->params);
    else if (start)
        st = mlp_train_init_weights(start, "mlp_fit_options", opts->init, seed, err);
    if ((st = agree_memory(opts, st, "the larger-rate trials", err))) {
        mlp_net_free(start);
        return st;
    }
    mlp_train_options t = mlp_fit_train_options(opts, d);
    double lr = opts->optimizer.learning_rate;
    /* Every trial up to the first unstable one: the diagnosis judges which
     * left chance level (mlp_diagnose_larger_rates). */
    mlp_lrscan_trial trials[MLP_LRSCAN_PER_DECADE * MLP_DIAG_RATE_UP_DECADES];
    size_t n = 0;
    for (int k = 1; k <= MLP_LRSCAN_PER_DECADE * MLP_DIAG_RATE_UP_DECADES; k++) {
        double rate = lr * pow(10.0, (double)k / MLP_LRSCAN_PER_DECADE);
        if ((st = mlp_lrscan_try(start, d->train, &t, rate, MLP_LRSCAN_DEFAULT_EPOCHS,
                                 &trials[n], err)))
            break;
        if (!trials[n++].stable)
            break;
    }
    if (!st)
        mlp_diagnose_larger_rates(diag, trials, n, MLP_LRSCAN_DEFAULT_EPOCHS);
    mlp_net_free(start);
    return st;
}

/* Whether a run's kept loss `kept` beats the best so far, `best`: a loss
 * that is not a finite number never does, and any finite one beats it (a
 * plain `kept < best` is false whenever either is NaN, so a first run of
 * NaN was never replaced). */
static int better_kept(double kept, double best)
{
    return isfinite(kept) && (!isfinite(best) || kept < best);
}

static int fatal(mlp_status st)
{
    return st != MLP_OK && st != MLP_ERR_INTERRUPTED && st != MLP_ERR_DIVERGED;
}

/* After an early-stopped run that ended normally (net holds its best
 * weights): retrains from `initial` on every row into the same log. When
 * it is interrupted, net gets the early-stopped weights back, which are
 * then the ones written; when it diverges, nothing is to be written. */
static mlp_status refit(mlp_net *net, const double *initial, const mlp_fit_data *d,
                        const mlp_fit_options *opts, phase *p, const mlp_train_result *stopped,
                        mlp_fit_result *r, mlp_error *err)
{
    r->refit_epochs = mlp_train_refit_epochs(stopped, opts->refit_scale);
    if (r->refit_epochs < 1)
        return MLP_OK;
    double *stopped_params = mlp_alloc(net->n_params, sizeof *stopped_params);
    mlp_status agreed = stopped_params ? MLP_OK
                                       : mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                                                       "out of memory for the refit");
    if ((agreed = agree_memory(opts, agreed, "the refit", err))) {
        free(stopped_params);
        return agreed;
    }
    memcpy(stopped_params, net->params, net->n_params * sizeof *net->params);
    p->epochs = r->refit_epochs;
    p->refitting = 1;
    p->data = d->full;
    mlp_losslog_begin_refit(p->log);
    mlp_train_options topts = mlp_fit_train_options(opts, d);
    topts.target_divisor = target_divisor_of(net, d->full, d->full_schema);
    topts.on_epoch = on_train_epoch;
    topts.on_epoch_memory = "the loss log";
    topts.ctx = p;
    topts.interrupted = &p->stop;
    topts.seed = r->runs[p->run - 1].seed; /* the kept run's shuffle stream */
    mlp_status st = mlp_train_refit(net, initial, d->full, &topts, stopped, &r->refit_res, err);
    r->refit_ran = st == MLP_OK;
    if (st == MLP_ERR_INTERRUPTED) {
        memcpy(net->params, stopped_params, net->n_params * sizeof *net->params);
        mlp_error_hint(err, "the outputs hold the early-stopped weights of epoch %ld",
                       stopped->best_epoch);
    } else if (st == MLP_ERR_DIVERGED) {
        long repeated = mlp_train_refit_epochs(stopped, 1);
        if (r->refit_epochs == repeated)
            mlp_error_hint(err, "the refit repeats the %ld epoch%s of the early-stopped run on all "
                                "rows; remove \"refit\" to keep the early-stopped weights",
                           r->refit_epochs, mlp_plural(r->refit_epochs, "", "s"));
        else
            mlp_error_hint(err, "the refit trains %ld epochs on all rows, \"refit_scale\" times "
                                "the early-stopped run's %ld; remove \"refit\" to keep the "
                                "early-stopped weights",
                           r->refit_epochs, repeated);
    }
    free(stopped_params);
    return st;
}

/* The provenance of the weights a run returns: the caller's digests and
 * threads, its seed, its figures and the BLAS core and vector ISA. The
 * seed shuffles the mini-batches, and drew the initial weights unless the
 * caller gave them (init_given): the seed of those is not known here, so
 * the caller's record of it (seed, has_seed) is kept. */
static mlp_provenance provenance_of(const mlp_fit_options *opts, uint64_t seed,
                                    const mlp_train_result *res)
{
    mlp_provenance p = opts->provenance;
    mlp_provenance_set_machine(&p); /* the BLAS core and vector ISA this run computed with */
    if (!opts->init_given) {
        p.seed = seed;
        p.has_seed = 1;
    }
    p.batch_size = opts->batch_size;
    p.shuffled = opts->batch_size > 0 && opts->shuffle;
    p.shuffle_seed = p.shuffled ? seed : 0;
    p.epochs_run = res->epochs_run > 0 ? (uint64_t)res->epochs_run : 0;
    p.best_epoch = res->best_epoch > 0 ? (uint64_t)res->best_epoch : 0;
    p.best_loss = res->best_loss;
    p.final_loss = res->final_loss;
    p.has_training = isfinite(p.best_loss) && p.best_loss >= 0 && isfinite(p.final_loss) &&
                     p.final_loss >= 0 && p.best_epoch <= p.epochs_run;
    return p;
}

/* Which runs fell below their initial loss, and which of those reached the
 * best one's loss (see MLP_FIT_DEFAULT_RESTART_MARGIN). The margin is a
 * share of a way down: a run that rose has none, and the best run of
 * restarts that all rose was said to reach itself "within 0.02 of its way
 * down", a way of 1e+253 up. */
static void count_reached(mlp_fit_result *r)
{
    r->reached = 0;
    r->fell = 0;
    if (r->best < 0)
        return;
    double goal = r->runs[r->best].kept;
    for (size_t k = 0; k < r->n_runs; k++) {
        mlp_fit_run_record *x = &r->runs[k];
        int fell = x->ok && x->kept < x->initial; /* false for a NaN on either side */
        x->reached = fell && x->kept <= goal + r->margin * (x->initial - goal);
        r->fell += (size_t)fell;
        r->reached += (size_t)x->reached;
    }
}

static mlp_status check_options(const mlp_net *net, const mlp_fit_data *d,
                                const mlp_fit_options *opts, mlp_error *err)
{
    if (!d->train || !d->schema)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "a fit needs training data and "
                                                             "its schema");
    /* The fields mlp_train_options shares, checked as mlp_train_run does. */
    mlp_status st = mlp_train_check_ranges("mlp_fit_options", opts->epochs, opts->l2,
                                           opts->patience, opts->min_delta, opts->threads, err);
    if (st)
        return st;
    /* Up front, though one run draws nothing: a restart refused its init
     * after run 1 trained on (mlp_net_init leaves the weights as they are). */
    if ((st = mlp_train_check_init("mlp_fit_options", opts->init, err)))
        return st;
    if (opts->restarts < 0 || opts->restarts > MLP_FIT_MAX_RESTARTS) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "mlp_fit_options.restarts must be 1 to %d (0 is 1), not %ld",
                      MLP_FIT_MAX_RESTARTS, opts->restarts);
        mlp_error_hint(err, "set restarts within that range (include/mlp/fit.h)");
        return MLP_ERR_USAGE;
    }
    if (!(opts->restart_margin >= 0 && opts->restart_margin < 1))
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "the restart margin must be in [0, 1), not %g", opts->restart_margin);
    if ((st = mlp_train_check_refit_scale("mlp_fit_options", opts->refit_scale, err)))
        return st;
    if (opts->refit && !d->full) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "mlp_fit_options.refit needs mlp_fit_data.full (the rows to refit on), "
                      "which is NULL");
        mlp_error_hint(err, "set full and full_schema (mlp_dataset_build's full set), or set "
                            "refit to 0");
        return MLP_ERR_USAGE;
    }
    if (d->full && !d->full_schema)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "the refit's rows need their schema");
    if ((st = mlp_train_check_set(net, d->train, "training set", opts->reduce != NULL, err)))
        return st;
    return mlp_optimizer_check(&opts->optimizer, err);
}

mlp_status mlp_fit_run(mlp_net *net, const mlp_fit_data *d, const mlp_fit_options *opts,
                       mlp_fit_epoch_fn on_epoch, void *ctx, mlp_fit_result *r, mlp_error *err)
{
    /* The result first: fit.h has it filled, and freeable, in every case. */
    if (r) {
        memset(r, 0, sizeof *r);
        r->best = -1;
        r->res = (mlp_train_result){.final_loss = NAN, .final_accuracy = NAN,
                                    .final_val_loss = NAN, .final_val_accuracy = NAN,
                                    .best_loss = NAN, .initial_loss = NAN};
        r->refit_res = r->res;
    }
    if (!net || !d || !opts || !r)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_fit_run: %s is NULL",
                             !net ? "the network" : !d ? "the data" : !opts ? "the options record"
                                                                         : "the result");
    r->schema = d->schema;
    r->data = d->train;
    r->provenance = opts->provenance;
    r->margin = opts->restart_margin > 0 ? opts->restart_margin : MLP_FIT_DEFAULT_RESTART_MARGIN;
    mlp_status st = check_options(net, d, opts, err);
    /* The run's own copy of the data, with its own class_targets. */
    mlp_fit_data data = *d;
    if (!st)
        st = decide_class_targets(net, d, opts, &data.class_targets, err);
    if (st)
        return st;
    d = &data;
    mlp_losslog *log = NULL;
    mlp_diagnose *diag = NULL;
    long n = opts->restarts > 1 ? opts->restarts : 1;
    int want_refit = opts->refit != 0; /* with d->full (check_options) */
    r->refit_asked = want_refit;
    r->runs = mlp_alloc_zero((size_t)n, sizeof *r->runs);
    double *best_params = n > 1 ? mlp_alloc(net->n_params, sizeof *best_params) : NULL;
    /* The initial weights: for the refit, and for the larger rates a
     * diagnosed run may try (a restart's are drawn again from its seed). */
    int want_initial = want_refit || (opts->diagnose && n == 1);
    double *initial = want_initial ? mlp_alloc(net->n_params, sizeof *initial) : NULL;
    char runs[32];
    snprintf(runs, sizeof runs, "%ld run%s", n, mlp_plural(n, "", "s"));
    if (!r->runs || (n > 1 && !best_params) || (want_initial && !initial))
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %s", runs);
    if ((st = agree_memory(opts, st, runs, err)))
        goto fail;
    /* One run starts from the net's weights: the refit starts there again. */
    if (n == 1 && initial)
        memcpy(initial, net->params, net->n_params * sizeof *initial);
    inputs_reach reach = {0};
    if (opts->diagnose && (st = reach_of_inputs(d, opts, &reach, err)))
        goto fail;
    mlp_losslog_columns cols = mlp_fit_log_columns(d, opts);
    mlp_train_options topts = mlp_fit_train_options(opts, d);
    topts.target_divisor =
        target_divisor_of(net, opts->diagnose_rows ? opts->diagnose_rows : d->train, d->schema);
    topts.validation = d->validation;
    topts.on_epoch = on_train_epoch;
    topts.on_epoch_memory = "the loss log";
    phase p = {.on_epoch = on_epoch, .ctx = ctx, .n_runs = n, .net = net};
    topts.ctx = &p;
    topts.interrupted = &p.stop;
    for (long k = 0; k < n; k++) {
        mlp_fit_run_record *x = &r->runs[k];
        x->seed = mlp_fit_restart_seed(opts->seed, k + 1);
        if (n > 1 && (st = mlp_train_init_weights(net, "mlp_fit_options", opts->init, x->seed,
                                                  err)))
            goto fail;
        log = mlp_losslog_create(&cols, err);
        st = log ? MLP_OK : MLP_ERR_NOMEM;
        if (!st && !(diag = diagnosis_for(d, opts, net, &reach)) && opts->diagnose)
            st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the diagnosis");
        /* The run's final evaluation gives the diagnosis its final pass. */
        if (!st && diag)
            st = mlp_diagnose_watch(diag, net, d->train, topts.threads, err);
        /* In mini-batches, where the run starts: its initial weights' loss. */
        if (!st && diag)
            mlp_diagnose_start(diag, net, d->train);
        if ((st = agree_memory(opts, st, "the loss log and the diagnosis of a run", err)))
            goto fail;
        topts.final_chunk = diag ? mlp_diagnose_final_chunk : NULL;
        topts.final_ctx = diag;
        p = (phase){.on_epoch = on_epoch, .ctx = ctx, .log = log, .diag = diag, .run = k + 1,
                    .n_runs = n, .epochs = opts->epochs, .net = net, .data = d->train};
        topts.seed = x->seed; /* each run shuffles from its own seed */
        topts.measure_initial_loss = n > 1; /* the margin of restarts reads it */
        st = mlp_train_run(net, d->train, &topts, &x->res, err);
        if (fatal(st))
            goto fail;
        if (diag && st == MLP_ERR_INTERRUPTED)
            mlp_diagnose_stopped(diag);
        r->n_runs = (size_t)k + 1;
        x->ok = st != MLP_ERR_DIVERGED;
        x->kept = d->validation ? x->res.final_val_loss : x->res.final_loss;
        x->initial = x->res.initial_loss;
        if (x->ok && (r->best < 0 || better_kept(x->kept, r->runs[r->best].kept))) {
            r->best = k;
            if (best_params)
                memcpy(best_params, net->params, net->n_params * sizeof *net->params);
            mlp_losslog_abort(r->log);
            r->log = log;
            mlp_diagnose_free(r->diagnosis);
            r->diagnosis = diag;
        } else if (r->best >= 0 || k + 1 < n) {
            mlp_losslog_abort(log);
            mlp_diagnose_free(diag);
        } else {
            /* Every run diverged: keep the last log, to show where it went
             * wrong; a single run keeps its diagnosis of the loss curve. */
            r->log = log;
            if (n == 1)
                r->diagnosis = diag;
            else
                mlp_diagnose_free(diag);
        }
        log = NULL;
        diag = NULL;
        if (st == MLP_ERR_INTERRUPTED) {
            if (n > 1)
                mlp_error_hint(err, "the outputs hold the best of the %ld %s so far", k + 1,
                               mlp_plural(k + 1, "run", "runs"));
            break;
        }
    }
    int interrupted = st == MLP_ERR_INTERRUPTED;
    if (best_params && r->best >= 0)
        memcpy(net->params, best_params, net->n_params * sizeof *net->params);
    const mlp_fit_run_record *kept = r->best >= 0 ? &r->runs[r->best] : &r->runs[r->n_runs - 1];
    r->res = kept->res;
    if (r->best >= 0 && !interrupted &&
        (st = try_larger_rates(net, n == 1 ? initial : NULL, kept->seed, d, opts, r->diagnosis,
                               err)))
        goto fail;
    /* The kept run alone is refitted, from its own initial weights: the
     * runs are compared on the held-out rows, before any refit sees them. */
    mlp_status refit_st = MLP_OK;
    if (r->best >= 0 && !interrupted && want_refit) {
        if (n > 1) {
            if ((st = mlp_train_init_weights(net, "mlp_fit_options", opts->init, kept->seed,
                                             err)))
                goto fail;
            memcpy(initial, net->params, net->n_params * sizeof *net->params);
            memcpy(net->params, best_params, net->n_params * sizeof *net->params);
        }
        p.log = r->log;
        p.diag = NULL;
        p.run = r->best + 1;
        refit_st = refit(net, initial, d, opts, &p, &kept->res, r, err);
        if (fatal(refit_st)) {
            st = refit_st;
            goto fail;
        }
    }
    count_reached(r);
    /* The hint of a converged plateau says seeds will not lower it only
     * where most runs reached the kept loss: it needs the count. */
    if (r->diagnosis && n > 1)
        mlp_diagnose_restarts_reached(r->diagnosis, r->reached);
    /* The diagnosis judges the curve of the kept run, but its l2 penalty
     * is taken of the weights left in the net: their own loss goes with
     * it (the refit's final, else the kept run's final evaluation, on the
     * best epoch's weights when early stopping put them back). Reduced
     * over every process's rows, so every process says the same. */
    if (r->diagnosis && r->best >= 0)
        mlp_diagnose_model_loss(r->diagnosis, r->refit_ran ? r->refit_res.final_loss
                                                           : kept->res.final_loss);
    if (r->refit_ran) {
        r->schema = d->full_schema;
        r->data = d->full;
    }
    /* The curve judged is the early-stopped run's, fed on the training
     * rows its chance loss was taken on; the refit's rows, which the
     * diagnosis is given from here on, add the held-out ones: the best
     * linear fit the curve is compared with is taken on the curve's. */
    if (r->refit_ran && r->diagnosis) {
        mlp_error ignored;
        (void)mlp_diagnose_measure_best_fit(r->diagnosis, net, d->train, opts->reduce,
                                            opts->reduce_ctx, &ignored);
    }
    /* No process of a data-parallel run may hold every row: the
     * correlations the diagnosis of a linear net needs are summed over the
     * processes here, where every process takes the same steps. Without
     * them the diagnosis judges its own rows: not fatal to the run. */
    if (opts->reduce && r->diagnosis && r->best >= 0) {
        mlp_error ignored;
        (void)mlp_diagnose_correlations(r->diagnosis, net, r->data, opts->reduce,
                                        opts->reduce_ctx, &ignored);
    }
    r->diverged = r->best < 0 || refit_st == MLP_ERR_DIVERGED;
    r->provenance = provenance_of(opts, r->best >= 0 ? kept->seed : opts->seed,
                                  r->refit_ran ? &r->refit_res : &kept->res);
    st = r->best < 0 ? MLP_ERR_DIVERGED : interrupted ? MLP_ERR_INTERRUPTED : refit_st;
    free(best_params);
    free(initial);
    return st;
fail:
    mlp_losslog_abort(log);
    mlp_diagnose_free(diag);
    free(best_params);
    free(initial);
    mlp_fit_result_free(r);
    r->best = -1;
    return st;
}

void mlp_fit_result_free(mlp_fit_result *r)
{
    if (!r)
        return;
    free(r->runs);
    mlp_losslog_abort(r->log);
    mlp_diagnose_free(r->diagnosis);
    memset(r, 0, sizeof *r);
}
