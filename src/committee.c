/* SPDX-License-Identifier: MIT */
/* committee.c: the models of one prediction and the rows each reads
 * (committee.h). Reads weights files and a table; predicts nothing
 * (predict.c does) and prints nothing. */
#include "committee.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datatext.h"
#include "fileio.h"
#include "pathid.h"
#include "mlp/predict.h"
#include "mlp/weights.h"
#include "schema.h"

mlp_status mlp_committee_load(mlp_committee *c, char *const *paths, size_t n,
                              const char *input_path, mlp_error *err)
{
    memset(c, 0, sizeof *c);
    c->nets = calloc(n, sizeof *c->nets);
    c->schemas = calloc(n, sizeof *c->schemas);
    c->sets = calloc(n, sizeof *c->sets);
    c->data = calloc(n, sizeof *c->data);
    if (!c->nets || !c->schemas || !c->sets || !c->data)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for %zu models", n);
    c->n = n;
    c->paths = paths;
    for (size_t k = 0; k < n; k++) {
        /* `mlppredict m.bin in.csv out.csv` (the -o forgotten) reads in.csv
         * as a second model: say so rather than only that it is no model. */
        size_t len = strlen(paths[k]);
        mlp_status st = mlp_weights_read_provenance(paths[k], &c->nets[k], &c->schemas[k], NULL,
                                                    err);
        if (st == MLP_ERR_WEIGHTS && k > 0 && len >= 4 && strcmp(paths[k] + len - 4, ".csv") == 0)
            mlp_error_hint(err, "every argument but the last is a model of a committee; to "
                                "write the predictions to a file, give it with -o");
        if (st == MLP_ERR_WEIGHTS && n == 1 && input_path &&
            mlp_weights_file_looks_like_model(input_path))
            mlp_error_hint(err, "%s is the model: give it first, then the CSV (mlppredict %s %s)",
                           input_path, input_path, paths[0]);
        if (st)
            return st;
        const char *name = mlp_fileio_display_name(paths[k], 0);
        if ((st = mlp_weights_check_labels(c->nets[k], &c->schemas[k], name, err)))
            return st;
        if (k > 0 && (st = mlp_predict_check_committee(c->nets[0], &c->schemas[0],
                                                        mlp_fileio_display_name(paths[0], 0),
                                                        c->nets[k], &c->schemas[k], name, err)))
            return st;
    }
    return MLP_OK;
}

/* "st", "nd", "rd" or "th", as "2nd" takes it. */
static const char *ordinal_suffix(size_t n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* The reader's "no column" names no model, and its hint, to add the
 * column, is not the only way on in a committee, where the model that
 * needs it may be left out: said so, naming the model (model k) by its
 * path and place. Only when csv lacks a column model k reads by header
 * name, which is then the reader's error: its first such column (the
 * reader checks the features in order, before anything else). */
static void name_member_lacking_column(const mlp_committee *c, size_t k, const mlp_csv *csv,
                                       mlp_error *err)
{
    const mlp_schema *s = &c->schemas[k];
    if (c->n < 2 || err->code != MLP_ERR_DATA || !s->names_from_header || !csv->has_header)
        return;
    const char *first = NULL;
    size_t missing = 0;
    for (size_t j = 0; j < s->n_features; j++)
        if (mlp_csv_find_column(csv, s->feature_names[j]) < 0) {
            first = first ? first : s->feature_names[j];
            missing++;
        }
    if (!first)
        return;
    /* The path's end, where its name is, so that the message keeps its column's name. */
    char name[160], more[64] = "";
    mlp_error_copy_path(name, sizeof name, mlp_fileio_display_name(c->paths[k], 0));
    if (missing > 1)
        snprintf(more, sizeof more, " (%zu of its %zu columns are missing)", missing,
                 s->n_features);
    long line = err->line, col = err->col;
    char path[MLP_ERROR_PATH_MAX], rename[MLP_ERROR_TEXT_MAX];
    memcpy(path, err->path, sizeof path);
    /* The reader's rename of the header cell that holds the column spelt
     * another way (dataset.c: "did you mean ...") is the likeliest fix:
     * kept, with leaving the model out after it. */
    int renames = strncmp(err->hint, "did you mean \"", 14) == 0;
    snprintf(rename, sizeof rename, "%s", renames ? err->hint : "");
    mlp_error_set(err, MLP_ERR_DATA, path[0] ? path : NULL, line, col,
                  "no column \"%s\" for %s, the %zu%s model of the committee%s", first, name,
                  k + 1, ordinal_suffix(k + 1), more);
    if (renames)
        mlp_error_hint(err, "%s; or leave %s out of the committee", rename, name);
    else
        mlp_error_hint(err, "add the column%s, or leave %s out of the committee",
                       missing > 1 ? "s" : "", name);
}

/* 1 when model s's columns do not fit csv in a way of its own, which the
 * reader (dataset.c) refuses before it reads a cell: a model that reads by
 * header name given a table without a header (mlp_schema_check_header); one
 * that reads by position given a header with an unnamed column (pandas'
 * index) or a table of neither as many columns as it has features nor as
 * its features and targets. Another model may read such a table: leaving
 * this one out is a way on. */
static int member_misfits(const mlp_schema *s, const mlp_csv *csv)
{
    if (s->names_from_header)
        return !csv->has_header;
    for (size_t j = 0; csv->has_header && j < csv->n_cols; j++)
        if (!csv->cols[j].name[0])
            return 1;
    return csv->n_cols != s->n_features && csv->n_cols != s->n_features + s->n_targets;
}

/* The reader's message about the columns of model k, which names no model
 * ("4 columns but the model takes 2 ..."), in a committee: "the model"
 * becomes the model's path and place ("but b.bin, the 2nd model of the
 * committee, takes 2 ..."; a message without those words gets "for b.bin,
 * the 2nd model of the committee" after it), and the hint offers to leave
 * it out after its own way on, as for a column it lacks. */
static void name_misfit_member(const mlp_committee *c, size_t k, mlp_error *err)
{
    char name[160], message[MLP_ERROR_TEXT_MAX], hint[MLP_ERROR_TEXT_MAX];
    char path[MLP_ERROR_PATH_MAX];
    mlp_error_copy_path(name, sizeof name, mlp_fileio_display_name(c->paths[k], 0));
    /* The reader's words, kept before err is set again. */
    memcpy(message, err->message, sizeof message);
    memcpy(hint, err->hint, sizeof hint);
    memcpy(path, err->path, sizeof path);
    long line = err->line, col = err->col;
    static const char model[] = "the model ";
    const char *at = strstr(message, model);
    size_t n = k + 1;
    if (at)
        mlp_error_set(err, MLP_ERR_DATA, path[0] ? path : NULL, line, col,
                      "%.*s%s, the %zu%s model of the committee, %s", (int)(at - message),
                      message, name, n, ordinal_suffix(n), at + strlen(model));
    else
        mlp_error_set(err, MLP_ERR_DATA, path[0] ? path : NULL, line, col,
                      "%s for %s, the %zu%s model of the committee", message, name, n,
                      ordinal_suffix(n));
    if (hint[0])
        mlp_error_hint(err, "%s; or leave %s out of the committee", hint, name);
    else
        mlp_error_hint(err, "leave %s out of the committee", name);
}

/* A reader's refusal of the table for model k, in a committee of several:
 * which model, and that it may be left out, when the fault is that
 * model's columns. */
static void name_member(const mlp_committee *c, size_t k, const mlp_csv *csv, mlp_error *err)
{
    if (c->n < 2 || err->code != MLP_ERR_DATA)
        return;
    if (member_misfits(&c->schemas[k], csv))
        name_misfit_member(c, k, err);
    else
        name_member_lacking_column(c, k, csv, err);
}

/* A model given where the CSV goes, which the reader refused for what it
 * saw ("NUL byte in the text"): said as what it is, with where the CSV
 * goes. `mlppredict m.bin m.bin` (the model given twice, the CSV
 * forgotten) gets that it is the model; `mlppredict a.bin b.bin` (a
 * committee without its rows) that the last argument is the rows. */
static void name_model_given_as_input(const mlp_committee *c, const char *input_path,
                                      mlp_error *err)
{
    size_t twice = c->n;
    for (size_t k = 0; k < c->n && twice == c->n; k++)
        if (mlp_pathid_same(input_path, c->paths[k]))
            twice = k;
    /* The models as typed ("-" too), then the CSV: the command to run. */
    char models[MLP_ERROR_TEXT_MAX / 2] = "";
    size_t used = 0;
    for (size_t k = 0; k < c->n && used < sizeof models; k++)
        used += (size_t)snprintf(models + used, sizeof models - used, "%s ", c->paths[k]);
    const char *input = mlp_fileio_display_name(input_path, 0);
    if (twice < c->n) {
        mlp_error_set(err, MLP_ERR_DATA, input, 0, 0,
                      "a trained model, not the CSV of the rows to predict: the model is given "
                      "twice");
        mlp_error_hint(err, "give the CSV of the rows after the model%s (mlppredict %sROWS.csv)",
                       c->n > 1 ? "s" : "", models);
    } else {
        mlp_error_set(err, MLP_ERR_DATA, input, 0, 0,
                      "a trained model, not the CSV of the rows to predict");
        mlp_error_hint(err, "every argument but the last is a model of a committee; give the CSV "
                            "of the rows last (mlppredict %s%s ROWS.csv)", models, input_path);
    }
}

mlp_status mlp_committee_read_csv(const mlp_committee *c, const char *input_path,
                                  const mlp_csv_options *base, mlp_csv *csv, mlp_error *err)
{
    /* The first model's schema reads the table; the others' read its rows
     * (so their columns keep their texts too). */
    mlp_status st = mlp_schemas_read_csv(input_path, c->schemas, c->n, base, csv, err);
    if (st == MLP_ERR_DATA && mlp_weights_file_looks_like_model(input_path))
        name_model_given_as_input(c, input_path, err);
    return st;
}

mlp_status mlp_committee_read_rows(mlp_committee *c, const mlp_csv *csv, const char *input_path,
                                   int targets, mlp_error *err)
{
    for (size_t k = 0; k < c->n; k++) {
        for (size_t j = 0; j < k && !c->data[k]; j++)
            if (mlp_schema_same_inputs(&c->schemas[j], &c->schemas[k]))
                c->data[k] = c->data[j];
        if (c->data[k])
            continue;
        mlp_status st = mlp_datatext_with_schema(
            csv, input_path, &c->schemas[k],
            targets && k == 0 ? MLP_TARGETS_REQUIRED : MLP_TARGETS_IGNORED, &c->sets[k], err);
        if (st) {
            name_member(c, k, csv, err);
            return st;
        }
        c->data[k] = &c->sets[k];
    }
    return MLP_OK;
}

void mlp_committee_free(mlp_committee *c)
{
    for (size_t k = 0; c->sets && k < c->n; k++)
        mlp_dataset_free(&c->sets[k]);
    for (size_t k = 0; c->schemas && k < c->n; k++)
        mlp_schema_free(&c->schemas[k]);
    for (size_t k = 0; c->nets && k < c->n; k++)
        mlp_net_free(c->nets[k]);
    free(c->data);
    free(c->sets);
    free(c->schemas);
    free(c->nets);
    memset(c, 0, sizeof *c);
}
