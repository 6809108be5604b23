/* SPDX-License-Identifier: MIT */
/* mlptrain_data.c: the data sets and the network of one mlptrain
 * invocation: the training CSV streamed once (hashed for the provenance and
 * parsed in one pass; a small file's text kept for the pre-flight check),
 * the validation set, the rows of a refit; the network from the spec,
 * initialised from the seed or a weights file; under mpirun, the calls
 * that check every rank runs rank 0's run (the work in runid.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "comm.h"
#include "datatext.h"
#include "fileio.h"
#include "mlp/gradcheck.h"
#include "mlp/parts.h"
#include "mlptrain.h"
#include "plural.h"
#include "runid.h"
#include "train_check.h"

void mlptrain_data_free(data_sets *d)
{
    mlp_dataset_free(&d->train);
    mlp_dataset_free(&d->val);
    mlp_schema_free(&d->schema);
    mlp_dataset_free(&d->full);
    mlp_schema_free(&d->full_schema);
    mlp_csv_free(&d->csv);
    free(d->csv_text);
    d->csv_text = NULL;
    mlp_net_free(d->init_net);
    d->init_net = NULL;
    mlp_schema_free(&d->init_schema);
    mlp_dataset_free(&d->all_targets);
}

/* The names the spec looks up in the training file's header, its
 * "features" then its "targets", into a new array of borrowed names (free
 * it; NULL when the spec names none): a first row that holds them is a
 * header even when they are numbers (mlp_csv_options.names). */
static mlp_status spec_names(const mlp_spec *spec, char ***names, size_t *n, mlp_error *err)
{
    *n = spec->n_features + spec->n_targets;
    *names = NULL;
    if (*n == 0)
        return MLP_OK;
    *names = malloc(*n * sizeof **names);
    if (!*names)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < spec->n_features; k++)
        (*names)[k] = spec->features[k];
    for (size_t k = 0; k < spec->n_targets; k++)
        (*names)[spec->n_features + k] = spec->targets[k];
    return MLP_OK;
}

/* Under mpirun: the training CSV read in parts, each rank the rows whose
 * lines start in its share of the file's bytes (mlp_csv_read_part), the
 * sets built from them as one process builds them from every row
 * (mlp_data_plan.parts: the same labels, statistics and validation rows),
 * then the counts of every rank's rows and the targets of every training
 * row gathered (a few bytes a row: the summary and the diagnosis' chance
 * level are of every row). Every step is agreed: every rank fails alike. */
static mlp_status load_parts(const mlp_spec *spec, mlp_data_plan *plan, data_sets *d,
                             mlp_error *err)
{
    mlp_parts parts = mlptrain_comm_parts();
    mlp_csv_options ropts = {.threads = (int)d->prov.threads, .sha256 = d->prov.data_sha256};
    char **names;
    mlp_status st = spec_names(spec, &names, &ropts.n_names, err);
    ropts.names = names;
    if (!st)
        st = mlp_csv_read_part(spec->train_path, &ropts, &parts, &d->csv, err);
    free(names);
    if (st)
        return st;
    d->prov.has_data_sha256 = 1;
    if ((st = mlp_datatext_read_part(spec->train_path, &parts, &d->csv_text, &d->csv_len, err)))
        return st;
    plan->csv_text = d->csv_text;
    plan->csv_len = d->csv_len;
    plan->parts = &parts;
    st = mlp_dataset_build(&d->csv, plan, &d->schema, &d->train, &d->val, &d->full_schema,
                           &d->full, err);
    plan->parts = NULL;
    if (st)
        return st;
    d->in_parts = 1;
    size_t mine[3] = {d->train.n_rows, d->val.n_rows, d->full.n_rows};
    void *all = NULL;
    size_t *lens = NULL;
    if ((st = mlp_parts_gather(&parts, MLP_OK, mine, sizeof mine, &all, &lens, err)))
        return st;
    const size_t *counts = all;
    for (int q = 0; q < parts.size; q++) {
        d->all_train += counts[3 * q];
        d->all_val += counts[3 * q + 1];
        d->all_full += counts[3 * q + 2];
        if (q < parts.rank)
            d->train_first += counts[3 * q];
    }
    free(all);
    free(lens);
    size_t K = d->train.n_outputs;
    st = mlp_parts_gather(&parts, MLP_OK, d->train.Y, d->train.n_rows * K * sizeof *d->train.Y,
                          &all, &lens, err);
    if (st)
        return st;
    free(lens);
    d->all_targets = (mlp_dataset){.n_rows = d->all_train, .n_features = d->train.n_features,
                                   .n_outputs = K, .X = NULL, .Y = all};
    return MLP_OK;
}

/* The training CSV is streamed: read in blocks, hashed for the provenance
 * and parsed as it comes, never held whole. The pre-flight check's cell
 * columns need the text: a regular file of MLP_DATATEXT_MAX bytes or less
 * is read again for it (datatext.h). */
mlp_status mlptrain_data_load(const mlp_spec *spec, data_sets *d, mlp_error *err)
{
    mlp_csv_options copts = {.threads = (int)d->prov.threads};
    char **names;
    mlp_status st = spec_names(spec, &names, &copts.n_names, err);
    if (st)
        return st;
    copts.names = names;
    int in_parts = mlptrain_comm_size() > 1 && !spec->train_text;
    if (in_parts) {
        /* read below, with the plan */
    } else if (spec->train_text) {
        d->csv_len = strlen(spec->train_text);
        d->csv_text = malloc(d->csv_len + 1);
        if (!d->csv_text)
            st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else {
            memcpy(d->csv_text, spec->train_text, d->csv_len + 1);
            mlp_sha256_digest(d->csv_text, d->csv_len, d->prov.data_sha256);
            st = mlp_csv_parse_with(d->csv_text, d->csv_len, "<built-in xor.csv>", &copts,
                                    &d->csv, err);
        }
    } else {
        mlp_csv_options ropts = copts;
        ropts.sha256 = d->prov.data_sha256;
        if (!(st = mlp_csv_read_with(spec->train_path, &ropts, &d->csv, err)))
            st = mlp_datatext_read_small(spec->train_path, &d->csv_text, &d->csv_len, err);
    }
    /* the validation file's header is known by the model's names, below */
    free(names);
    copts.names = NULL;
    copts.n_names = 0;
    if (st)
        return st;
    if (!in_parts)
        d->prov.has_data_sha256 = 1;
    /* One conversion of the table: the training rows, the held-out rows of
     * a split and every row (for the pre-flight check and a refit). */
    mlp_data_plan plan = mlp_spec_data_plan(spec);
    plan.csv_text = d->csv_text; /* NULL when not kept: errors then give the line alone */
    plan.csv_len = d->csv_len;
    /* A run continued from a weights file reads its inputs as the file's
     * model did: with the file's statistics, not new ones. */
    const mlp_schema *from = &d->init_schema;
    if (d->init_net && spec->normalize == MLP_NORMALIZE_STANDARD &&
        from->normalize == MLP_NORMALIZE_STANDARD && from->mean && from->std &&
        from->n_features == plan.n_inputs) {
        plan.mean = from->mean;
        plan.std = from->std;
    }
    if (in_parts) {
        st = load_parts(spec, &plan, d, err);
    } else {
        st = mlp_dataset_build(&d->csv, &plan, &d->schema, &d->train, &d->val, &d->full_schema,
                               &d->full, err);
        d->all_train = d->train.n_rows;
        d->all_val = d->val.n_rows;
        d->all_full = d->full.n_rows;
    }
    /* A split holds out rows of every rank, though maybe none of this one. */
    d->have_val = st == MLP_OK && d->all_val > 0;
    /* The spec allows a refit with a validation split only. */
    d->have_full = st == MLP_OK && spec->refit && d->have_val;
    mlp_csv csv;
    if (st || !spec->validation_path)
        return st;
    /* A validation file is read whole by every rank, which fits on its share of the rows
     * (mlptrain_data_slice); each rank's copy must be rank 0's. */
    copts.sha256 = d->prov.validation_sha256; /* which the provenance records */
    st = mlp_schema_read_csv(spec->validation_path, &d->schema, &copts, &csv, err);
    if (!st) {
        st = mlp_datatext_with_schema(&csv, spec->validation_path, &d->schema,
                                      MLP_TARGETS_REQUIRED, &d->val, err);
        mlp_csv_free(&csv);
    }
    st = mlptrain_comm_agree(st, err);
    if (!st)
        st = mlptrain_same_copies(d->prov.validation_sha256, spec->validation_path, err);
    d->prov.has_validation_sha256 = st == MLP_OK;
    d->have_val = st == MLP_OK;
    d->val_whole = 1;
    d->all_val = d->val.n_rows;
    return st;
}

mlp_status mlptrain_init_read(const mlp_spec *spec, const char *init_weights, data_sets *d,
                              mlp_error *err)
{
    if (!init_weights)
        return MLP_OK;
    mlp_provenance prov;
    mlp_status st = mlp_weights_read_provenance(init_weights, &d->init_net, &d->init_schema, &prov, err);
    if (st)
        return st;
    /* No seed drew this run's initial weights: the file's did, when it records
     * one (not a version 1 file, an .npz); the file is named by its digest. */
    d->prov.has_seed = prov.has_training && prov.has_seed;
    d->prov.seed = d->prov.has_seed ? prov.seed : 0;
    memcpy(d->prov.init_sha256, prov.file_sha256, sizeof d->prov.init_sha256);
    d->prov.has_init_sha256 = 1;
    const mlp_net *from = d->init_net;
    int same = from->n_layers == spec->n_layers;
    for (size_t l = 0; same && l <= spec->n_layers; l++)
        same = from->sizes[l] == spec->sizes[l] &&
               (l == spec->n_layers || from->layers[l].act == spec->acts[l]);
    if (!same) {
        char file[MLP_ARCH_TEXT_MAX], want[MLP_ARCH_TEXT_MAX];
        mlp_net_describe(file, sizeof file, from);
        mlp_net_format_architecture(want, sizeof want, spec->n_layers, spec->sizes, spec->acts);
        mlp_error_set(err, MLP_ERR_WEIGHTS, mlp_fileio_display_name(init_weights, 0), 0, 0,
                      "the weights file's network is %s; the spec's is %s", file, want);
        mlp_error_hint(err, "use a weights file trained with the same \"layers\" and \"activations\"");
        return MLP_ERR_WEIGHTS;
    }
    return MLP_OK;
}

mlp_net *mlptrain_net_build(const mlp_spec *spec, const char *init_weights, const data_sets *d,
                            mlp_error *err)
{
    if (d->init_net &&
        mlp_schema_check_continuation(&d->init_schema, mlp_fileio_display_name(init_weights, 0),
                                      &d->schema, err))
        return NULL;
    mlp_net *net = mlp_net_create(spec->n_layers, spec->sizes, spec->acts, spec->loss, err);
    if (net && d->init_net)
        memcpy(net->params, d->init_net->params, net->n_params * sizeof *net->params);
    else if (net && mlp_train_init_weights(net, "mlp_spec", spec->init, spec->seed, err)) {
        mlp_net_free(net);
        return NULL;
    }
    return net;
}

mlp_status mlptrain_trace_row(const mlp_spec *spec, const data_sets *d, uint64_t split_seed,
                              long row, long *train_row, mlp_error *err)
{
    /* Without a split the training rows are the file's rows. */
    int split = spec->validation_split > 0 && d->full.n_rows > 0;
    size_t n = split ? d->full.n_rows : d->train.n_rows, r = (size_t)row - 1;
    if ((size_t)row > n) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "--trace-row %ld is out of range: %s has %zu row%s",
                      row, split ? "the training file" : "training", n, mlp_plural(n, "", "s"));
        mlp_error_hint(err, "give a row from 1 to %zu (rows count from 1, the header not "
                            "included)", n);
        return MLP_ERR_USAGE;
    }
    if (!split) {
        *train_row = (long)r;
        return MLP_OK;
    }
    /* The split again, as mlp_dataset_build drew it (dataset.h): the same
     * rows, classes, fraction and seed. */
    unsigned char *is_val = malloc(n);
    size_t n_val = 0;
    if (!is_val)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    mlp_status st = mlp_dataset_choose_validation(&d->full, d->full_schema.n_labels > 0,
                                                  spec->validation_split,
                                                  split_seed ^ MLP_DATASET_SPLIT_STREAM, is_val,
                                                  &n_val, err);
    if (!st && n - n_val != d->train.n_rows)
        st = mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                           "--trace-row cannot tell the training rows of this split");
    if (!st && is_val[r]) {
        size_t near = n; /* the nearest training row, the earlier on a tie */
        for (size_t k = 1; near == n && k < n; k++)
            if (r >= k && !is_val[r - k])
                near = r - k;
            else if (r + k < n && !is_val[r + k])
                near = r + k;
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--trace-row %ld: data row %ld is in the validation split, not a training "
                      "row", row, row);
        mlp_error_hint(err, "trace a training row, for example --trace-row %zu", near + 1);
        st = MLP_ERR_USAGE;
    }
    if (!st) {
        size_t k = 0;
        for (size_t i = 0; i < r; i++)
            k += !is_val[i];
        *train_row = (long)k;
    }
    free(is_val);
    return st;
}

/* Rows [n rank / size, n (rank + 1) / size) of set, as a view. */
static mlp_dataset part_of(const mlp_dataset *set, int rank, int size)
{
    size_t n = set->n_rows, r = (size_t)rank, p = (size_t)size;
    size_t begin = n / p * r + n % p * r / p, end = n / p * (r + 1) + n % p * (r + 1) / p;
    mlp_dataset v = *set;
    v.n_rows = end - begin;
    v.X = set->X ? set->X + begin * set->n_features : NULL;
    v.Y = set->Y ? set->Y + begin * set->n_outputs : NULL;
    v.row_line = set->row_line ? set->row_line + begin : NULL;
    return v;
}

void mlptrain_data_slice(data_sets *d, int rank, int size)
{
    /* Read in parts, the sets are this rank's rows already; a validation
     * file was read whole. */
    d->train_part = d->in_parts ? d->train : part_of(&d->train, rank, size);
    if (d->have_val)
        d->val_part = d->in_parts && !d->val_whole ? d->val : part_of(&d->val, rank, size);
    if (d->have_full)
        d->full_part = d->in_parts ? d->full : part_of(&d->full, rank, size);
    d->sliced = 1;
}

mlp_fit_data mlptrain_fit_data(const data_sets *d)
{
    int s = d->sliced;
    return (mlp_fit_data){.train = s ? &d->train_part : &d->train,
                          .schema = &d->schema,
                          .validation = !d->have_val ? NULL : s ? &d->val_part : &d->val,
                          .full = !d->have_full ? NULL : s ? &d->full_part : &d->full,
                          .full_schema = d->have_full ? &d->full_schema : NULL};
}

/* ---------------------------------------------------------------------------
 * Under mpirun: the inputs every rank reads, and the same run on every rank. */

mlp_status mlptrain_input_for_ranks(const char *path, const char *what, mlp_error *err)
{
    struct stat sb;
    if (!path || mlptrain_comm_size() < 2)
        return MLP_OK;
    /* A file that cannot be stat'ed is told by its reader, as in one process. */
    if (!mlp_fileio_is_std(path) && (stat(path, &sb) != 0 || S_ISREG(sb.st_mode)))
        return MLP_OK;
    /* MLP_ERR_IO, as the training file's refusal: said at the spec's key. */
    mlp_error_set(err, MLP_ERR_IO, mlp_fileio_display_name(path, 0), 0, 0,
                  "is not a regular file, which every process can read for itself");
    mlp_error_hint(err, "under mpirun give the %s as a file (not standard input, which only rank 0 "
                        "has, or a pipe)", what);
    return MLP_ERR_IO;
}

mlp_status mlptrain_same_copies(const unsigned char digest[MLP_SHA256_SIZE], const char *path,
                                mlp_error *err)
{
    mlp_parts parts = mlptrain_comm_parts();
    return mlp_runid_same_copies(&parts, digest, path, err);
}

mlp_status mlptrain_same_init(const data_sets *d, const char *init_weights, mlp_error *err)
{
    if (!init_weights || mlptrain_comm_size() < 2)
        return MLP_OK;
    unsigned char digest[MLP_SHA256_BYTES];
    mlp_runid_init_digest(d->init_net, &d->init_schema, digest);
    return mlptrain_same_copies(digest, init_weights, err);
}

mlp_status mlptrain_same_run(const mlp_spec *spec, const options *o, const char *spec_text,
                             size_t spec_len, mlp_error *err)
{
    mlp_parts parts = mlptrain_comm_parts();
    if (parts.size < 2)
        return MLP_OK;
    /* Threads, --quiet and --progress may differ (a rank's threads are its
     * machine's; rank 0 alone prints). */
    mlp_runid_options ro = {
        .config = o->config,
        .init_weights = o->init_weights,
        .seed = o->have_seed ? (long long)o->seed : (long long)spec->seed,
        .restarts = o->restarts,
        .restart_margin = o->restart_margin,
        .tolerance = o->tolerance > 0 ? o->tolerance : MLP_GRADCHECK_TOLERANCE,
        .gradcheck = o->gradcheck,
    };
    mlp_runid mine;
    mlp_runid_describe(spec, &ro, spec_text, spec_len, &mine);
    return mlp_runid_same_run(&parts, &mine, spec, &ro, err);
}
