/* SPDX-License-Identifier: MIT */
/* schema.c: whether a trained model's schema (its weights file's column
 * names, class labels and normalisation) fits the data a training run
 * continues it on (mlptrain --init-weights), and whether two models'
 * outputs mean the same (a committee, mlppredict with several models); the
 * first difference becomes the error. And how a table is read for a
 * trained model: its header known by the model's names. */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fileio.h"
#include "mlp/csv.h"
#include "plural.h"

/* At most this many names are quoted in a list; the rest are counted. */
#define LIST_SHOWN 8

/* "a", "b", "c" (quoted, comma-separated, at most LIST_SHOWN of n). */
static void list_names(char *out, size_t cap, char *const *names, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n && k < LIST_SHOWN && used < cap; k++) {
        int w = snprintf(out + used, cap - used, "%s\"%s\"", k ? ", " : "", names[k]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
    if (n > LIST_SHOWN && used < cap)
        snprintf(out + used, cap - used, ", ... (%zu in all)", n);
}

/* 1 when the two lists hold the same names in the same order. */
static int same_names(char *const *a, size_t na, char *const *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t k = 0; k < na; k++)
        if (strcmp(a[k], b[k]) != 0)
            return 0;
    return 1;
}

static mlp_status check_normalisation(const mlp_schema *m, const char *path, const mlp_schema *d,
                                      mlp_error *err)
{
    int m_std = m->normalize == MLP_NORMALIZE_STANDARD;
    int d_std = d->normalize == MLP_NORMALIZE_STANDARD;
    if (m_std == d_std)
        return MLP_OK;
    if (m_std) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                      "this weights file standardises its inputs (\"normalize\": \"standard\") "
                      "but the spec takes them as they are");
        mlp_error_hint(err, "set \"normalize\": \"standard\" in the spec's \"data\" to continue "
                            "from it (its statistics are kept), or train without --init-weights");
    } else {
        mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                      "this weights file takes its inputs as they are (\"normalize\": \"none\") "
                      "but the spec standardises them");
        mlp_error_hint(err, "remove \"normalize\" from the spec's \"data\" to continue from it "
                            "(an .npz is standardised when it holds \"mean\" and \"std\"), or "
                            "train without --init-weights");
    }
    return MLP_ERR_WEIGHTS;
}

/* Names in order; what says "input" or "target". */
static mlp_status check_names(const char *what, char *const *mn, size_t m_count, char *const *dn,
                              size_t d_count, const char *path, const char *hint, mlp_error *err)
{
    if (m_count != d_count) {
        char a[256], b[256];
        list_names(a, sizeof a, mn, m_count);
        list_names(b, sizeof b, dn, d_count);
        mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                      "this weights file has %zu %s column%s (%s) but the training data %zu (%s)",
                      m_count, what, m_count == 1 ? "" : "s", a, d_count, b);
        mlp_error_hint(err, "%s", hint);
        return MLP_ERR_WEIGHTS;
    }
    for (size_t k = 0; k < m_count; k++) {
        if (strcmp(mn[k], dn[k]) == 0)
            continue;
        mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                      "%s %zu is column \"%s\" in this weights file but \"%s\" in the training "
                      "data", what, k + 1, mn[k], dn[k]);
        mlp_error_hint(err, "%s", hint);
        return MLP_ERR_WEIGHTS;
    }
    return MLP_OK;
}

static mlp_status check_labels(const mlp_schema *m, const char *path, const mlp_schema *d,
                               mlp_error *err)
{
    if (m->n_labels == 0)
        return MLP_OK;
    char a[256], b[256];
    list_names(a, sizeof a, m->labels, m->n_labels);
    if (d->n_labels == 0) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                      "this weights file is a classifier (labels %s) but the spec reads the "
                      "training targets as numbers", a);
        mlp_error_hint(err, "use the \"loss\" and output activation the file was trained with, "
                            "or train without --init-weights");
        return MLP_ERR_WEIGHTS;
    }
    if (same_names(m->labels, m->n_labels, d->labels, d->n_labels))
        return MLP_OK;
    list_names(b, sizeof b, d->labels, d->n_labels);
    mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                  "the class labels of this weights file are %s but the training data's are %s",
                  a, b);
    mlp_error_hint(err, "output unit k stands for the file's label k: continue on data with the "
                        "same labels, or train without --init-weights");
    return MLP_ERR_WEIGHTS;
}

mlp_status mlp_schema_check_continuation(const mlp_schema *model, const char *model_path,
                                         const mlp_schema *data, mlp_error *err)
{
    mlp_status st = check_normalisation(model, model_path, data, err);
    /* Training data without a header would give the file's named inputs
     * whatever stands in its first columns, as a prediction file would. */
    if (!st)
        st = mlp_schema_check_header(model, data->names_from_header, 0, model_path, 0,
                                     "the training data", "this weights file",
                                     ", or train without --init-weights", err);
    int named = model->names_from_header && data->names_from_header;
    if (!st && named)
        st = check_names("input", model->feature_names, model->n_features, data->feature_names,
                         data->n_features, model_path,
                         "continue on data with the file's feature columns, in its order, or "
                         "train without --init-weights", err);
    /* Made-up target names (an .npz without target_names) are no names to
     * compare: the data's are taken. */
    if (!st && named && !model->target_names_made_up)
        st = check_names("target", model->target_names, model->n_targets, data->target_names,
                         data->n_targets, model_path,
                         "name the file's target columns in the spec's \"targets\", or train "
                         "without --init-weights", err);
    if (!st)
        st = check_labels(model, model_path, data, err);
    return st;
}

/* Model b's list of output names (`what`: "class labels", "targets") against
 * model a's; `none` stands for an empty list. */
static mlp_status check_same_list(const char *what, char *const *an, size_t na, char *const *bn,
                                  size_t nb, const char *none, const char *path_a,
                                  const char *path_b, const char *hint, mlp_error *err)
{
    if (same_names(an, na, bn, nb))
        return MLP_OK;
    char la[256], lb[256];
    list_names(la, sizeof la, an, na);
    list_names(lb, sizeof lb, bn, nb);
    mlp_error_set(err, MLP_ERR_WEIGHTS, path_b, 0, 0,
                  "this model's %s are %s but those of %s are %s", what, nb ? lb : none, path_a,
                  na ? la : none);
    mlp_error_hint(err, "%s", hint);
    return MLP_ERR_WEIGHTS;
}

/* Two models' outputs: the same class labels in the same order, or both
 * regressions; the same target names when both read them from a header and
 * neither made them up. */
mlp_status mlp_schema_check_same_outputs(const mlp_schema *a, const char *path_a,
                                         const mlp_schema *b, const char *path_b,
                                         const char *hint, mlp_error *err)
{
    mlp_status st = check_same_list("class labels", a->labels, a->n_labels, b->labels,
                                    b->n_labels, "none (a regression)", path_a, path_b, hint, err);
    if (st || a->n_labels || !a->names_from_header || !b->names_from_header ||
        a->target_names_made_up || b->target_names_made_up)
        return st;
    return check_same_list("targets", a->target_names, a->n_targets, b->target_names,
                           b->n_targets, "none", path_a, path_b, hint, err);
}

int mlp_schema_same_inputs(const mlp_schema *a, const mlp_schema *b)
{
    if (a->n_features != b->n_features || a->names_from_header != b->names_from_header ||
        a->normalize != b->normalize)
        return 0;
    if (a->names_from_header &&
        !same_names(a->feature_names, a->n_features, b->feature_names, b->n_features))
        return 0;
    if (a->normalize != MLP_NORMALIZE_STANDARD)
        return 1;
    if (!a->mean || !a->std || !b->mean || !b->std) /* a schema made by hand */
        return 0;
    size_t bytes = a->n_features * sizeof *a->mean;
    return memcmp(a->mean, b->mean, bytes) == 0 && memcmp(a->std, b->std, bytes) == 0;
}

/* ------------------------------------------------------------------------ */
/* A schema against the network it describes (schema.h) */

const char mlp_schema_net_hint[] =
    "the schema must be the network's: mlp_dataset_build makes it from a plan of the network's "
    "sizes; by hand, one feature name per input, n_outputs = its output units and 1 target "
    "column (or one per output)";

/* The rules of the weights file (its writer and its reader), so that
 * everything written can be read back; the .npz writer keeps them too. */
const char *mlp_schema_net_problem(size_t n_layers, const size_t *sizes, const mlp_schema *s,
                                   char *buf, size_t size)
{
    size_t n_in = sizes[0], n_out = sizes[n_layers];
    /* A classifier's predicted class indexes labels: one per unit, or two
     * (0 and 1) for a single sigmoid unit. */
    size_t want_labels = n_out > 1 ? n_out : 2;
    if (s->n_features != n_in)
        snprintf(buf, size, "%zu feature name%s for %zu input%s", s->n_features,
                 mlp_plural(s->n_features, "", "s"), n_in, mlp_plural(n_in, "", "s"));
    else if (s->n_outputs != n_out)
        snprintf(buf, size, "the schema has %zu output%s but the last layer %zu", s->n_outputs,
                 mlp_plural(s->n_outputs, "", "s"), n_out);
    else if (s->n_targets == 0 || (s->n_targets != 1 && s->n_targets != n_out))
        snprintf(buf, size, "%zu target column%s for %zu output%s", s->n_targets,
                 mlp_plural(s->n_targets, "", "s"), n_out, mlp_plural(n_out, "", "s"));
    else if (s->n_labels != 0 && s->n_labels != want_labels)
        snprintf(buf, size, "%zu class label%s for %zu output%s (expected 0 or %zu)",
                 s->n_labels, mlp_plural(s->n_labels, "", "s"), n_out, mlp_plural(n_out, "", "s"),
                 want_labels);
    else if (s->one_hot_columns && s->n_labels != s->n_targets)
        snprintf(buf, size, "one-hot target columns but %zu label%s for %zu column%s",
                 s->n_labels, mlp_plural(s->n_labels, "", "s"), s->n_targets,
                 mlp_plural(s->n_targets, "", "s"));
    else if (s->normalize != MLP_NORMALIZE_NONE && s->normalize != MLP_NORMALIZE_STANDARD)
        snprintf(buf, size, "unknown normalisation code %d", (int)s->normalize);
    else
        return NULL;
    return buf;
}

const char *mlp_schema_arrays_missing(const mlp_schema *s)
{
    if (s->n_features && !s->feature_names)
        return "the schema's feature_names is NULL";
    if (s->n_targets && !s->target_names)
        return "the schema's target_names is NULL";
    if (s->n_labels && !s->labels)
        return "the schema's labels is NULL";
    for (size_t j = 0; j < s->n_features; j++)
        if (!s->feature_names[j])
            return "a feature name of the schema is NULL";
    for (size_t j = 0; j < s->n_targets; j++)
        if (!s->target_names[j])
            return "a target name of the schema is NULL";
    for (size_t j = 0; j < s->n_labels; j++)
        if (!s->labels[j])
            return "a class label of the schema is NULL";
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* A table without a header row for a model that reads its columns by name */

/* The header line that would name a table of n_cols columns for `model`
 * if they stand in the model's order: its feature names, then its target
 * names unless the table holds the features only; each name as
 * mlp_csv_write_field writes it, so that the line reads back as those
 * names; "..." after LIST_SHOWN names. "" when it does not fit cap. */
static void header_example(char *out, size_t cap, const mlp_schema *model, size_t n_cols)
{
    size_t nf = model->n_features, n = n_cols == nf ? nf : nf + model->n_targets;
    out[0] = '\0';
    FILE *f = fmemopen(out, cap - 1, "w"); /* the last byte stays the terminator */
    if (!f)
        return;
    for (size_t k = 0; k < n && k < LIST_SHOWN; k++) {
        if (k)
            fputc(',', f);
        mlp_csv_write_field(f, k < nf ? model->feature_names[k] : model->target_names[k - nf]);
    }
    if (n > LIST_SHOWN)
        fputs(",...", f);
    int failed = fflush(f) != 0 || ferror(f);
    long len = ftell(f);
    fclose(f);
    out[failed || len < 0 || (size_t)len >= cap - 1 ? 0 : (size_t)len] = '\0';
}

mlp_status mlp_schema_check_header(const mlp_schema *model, int has_header, size_t n_cols,
                                   const char *path, long line, const char *table,
                                   const char *reader, const char *or_else, mlp_error *err)
{
    if (!model->names_from_header || has_header)
        return MLP_OK;
    char names[256], example[512];
    list_names(names, sizeof names, model->feature_names, model->n_features);
    header_example(example, sizeof example, model, n_cols);
    mlp_error_set(err, MLP_ERR_DATA, path, line, 0,
                  "%s has no header row, but %s reads its features by header name (%s)", table,
                  reader, names);
    if (example[0])
        mlp_error_hint(err, "add a header line that names each column of %s, \"%s\" if they "
                            "stand in that order%s", table, example, or_else);
    else
        mlp_error_hint(err, "add a header line that names each column of %s%s", table, or_else);
    return MLP_ERR_DATA;
}

/* The columns models of these n schemas read by header name: every
 * model's features and the first's targets (the others never read theirs:
 * committee.h), into a new array of borrowed names; NULL with *count 0
 * when some column is read by position or the targets are "the columns
 * that are not features" (target_names_made_up): any column may then be
 * read. *fail is set when the array cannot be allocated. */
static char **read_names(const mlp_schema *schemas, size_t n, size_t *count, int *fail)
{
    *count = 0;
    *fail = 0;
    if (schemas[0].target_names_made_up)
        return NULL;
    size_t total = schemas[0].n_targets;
    for (size_t k = 0; k < n; k++) {
        if (!schemas[k].names_from_header)
            return NULL;
        total += schemas[k].n_features;
    }
    char **v = mlp_alloc(total ? total : 1, sizeof *v);
    if (!v) {
        *fail = 1;
        return NULL;
    }
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < schemas[k].n_features; j++)
            v[(*count)++] = schemas[k].feature_names[j];
    for (size_t j = 0; j < schemas[0].n_targets; j++)
        v[(*count)++] = schemas[0].target_names[j];
    return v;
}

/* The first model's names are what tells a header of numbers from a row of
 * data (mlp_csv_options.names): without them "1,2,3" over numbers is a row.
 * A model matched by position has no header names to look up. Only the
 * columns the models read keep their cells' texts (text_names): a column
 * of words nobody reads cost a string per cell (100,000 rows and 200 such
 * columns: 1.1 GB and 7 s). */
mlp_status mlp_schemas_read_csv(const char *path, const mlp_schema *schemas, size_t n,
                                const mlp_csv_options *base, mlp_csv *csv, mlp_error *err)
{
    mlp_csv_options opts = {0};
    if (base)
        opts = *base;
    if (schemas[0].names_from_header) {
        opts.names = schemas[0].feature_names;
        opts.n_names = schemas[0].n_features;
    }
    int fail;
    char **keep = read_names(schemas, n, &opts.n_text_names, &fail);
    if (fail) {
        memset(csv, 0, sizeof *csv); /* the caller frees it in every case */
        return mlp_alloc_error(err, path ? mlp_fileio_display_name(path, 0) : NULL, 0,
                               "free some memory, or use a smaller file", "reading the CSV file");
    }
    opts.text_names = keep;
    mlp_status st = mlp_csv_read_with(path, &opts, csv, err);
    free(keep);
    return st;
}

mlp_status mlp_schema_read_csv(const char *path, const mlp_schema *schema,
                               const mlp_csv_options *base, mlp_csv *csv, mlp_error *err)
{
    return mlp_schemas_read_csv(path, schema, 1, base, csv, err);
}
