/* SPDX-License-Identifier: MIT */
/* dataset.c: an mlp_csv table -> X, Y and the schema that reads later files
 * the same way. Chooses feature and target columns, maps class labels to
 * output units and computes normalisation statistics. Never opens a file and
 * never changes the table it is given. With mlp_data_plan.parts the table is
 * one process's part of the file, and the labels, statistics and validation
 * rows are agreed with the other parts (parts.h) to be one process's.
 * The hint for a cell that nearly is a number ("1 234,5", "5%") is
 * near_number.c's; this file says which cell is not a number. */
#include "mlp/dataset.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "c_locale.h"
#include "mlp/net.h"
#include "mlp/parts.h"
#include "names.h"
#include "near_number.h"
#include "plural.h"
#include "rng.h"
#include "schema.h"
#include "utf8.h"

/* ------------------------------------------------------------------------ */
/* Message helpers                                                          */

#define LIST_MAX 200   /* bytes of a name list inside a message */
#define LIST_SHOWN 8   /* names shown before "..." */

typedef struct {
    char text[LIST_MAX];
    size_t used;
    size_t shown;
    int full;
} name_list;

/* Appends one name; past LIST_SHOWN names or LIST_MAX bytes it ends the list
 * with "..." and ignores the rest. */
static void list_add(name_list *l, const char *name, int quoted)
{
    if (l->full)
        return;
    const char *sep = l->shown ? ", " : "";
    const char *q = quoted ? "\"" : "";
    size_t need = strlen(sep) + strlen(name) + 2 * strlen(q);
    if (l->shown == LIST_SHOWN || l->used + need + 6 >= LIST_MAX) {
        snprintf(l->text + l->used, LIST_MAX - l->used, "%s...", sep);
        l->full = 1;
        return;
    }
    l->used += (size_t)snprintf(l->text + l->used, LIST_MAX - l->used, "%s%s%s%s", sep, q, name, q);
    l->shown++;
}

static void list_columns(name_list *l, const mlp_csv *csv, const size_t *idx, size_t n)
{
    memset(l, 0, sizeof *l);
    for (size_t k = 0; k < n; k++)
        list_add(l, csv->cols[idx ? idx[k] : k].name, 0);
}

static void list_strings(name_list *l, char *const *s, size_t n, int quoted)
{
    memset(l, 0, sizeof *l);
    for (size_t k = 0; k < n; k++)
        list_add(l, s[k], quoted);
}

/* "spec.json:3:14", or "spec.json" when the key was absent. */
static void spec_where(char *out, size_t cap, const mlp_data_plan *plan, mlp_text_pos pos)
{
    const char *path = plan->source ? plan->source : "the spec";
    if (pos.line > 0)
        snprintf(out, cap, "%s:%ld:%ld", path, pos.line, pos.col);
    else
        snprintf(out, cap, "%s", path);
}

/* The line of a message about the table's columns (a header name, a count
 * of columns or labels): the file's first row, the header when there is one,
 * which blank lines may put below line 1; 1 for a table built by hand. */
static long head_line(const mlp_csv *csv)
{
    return csv->first_line > 0 ? csv->first_line : 1;
}

static mlp_status nomem(mlp_error *err)
{
    return mlp_alloc_error(err, NULL, 0, NULL, "the data set");
}

/* With parts: every process's status agreed (include/mlp/parts.h); every
 * step that can fail in one process alone is followed by one, so that a
 * collective step is entered by all processes or by none. Alone: st. */
static mlp_status sync(const mlp_data_plan *plan, mlp_status st, mlp_error *err)
{
    return mlp_parts_agree(plan->parts, st, err);
}

static int parted(const mlp_data_plan *plan)
{
    return plan->parts && plan->parts->size > 1;
}

/* A cell text that strtod reads whole but to an infinity or a NaN. */
static int non_finite_text(const char *s)
{
    if (!s[0] || s[0] == ' ' || s[0] == '\t')
        return 0;
    char *endp;
    double v = mlp_c_strtod(s, &endp);
    return *endp == '\0' && !isfinite(v);
}

/* Of the columns idx[0..n), the one whose first non-number comes first in
 * the file, or SIZE_MAX when all are numeric. */
static size_t first_bad_column(const mlp_csv *csv, const size_t *idx, size_t n)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        const mlp_csv_column *c = &csv->cols[idx[k]];
        if (c->numeric || !c->bad_text) /* no bad cell in this part (csv.h) */
            continue;
        if (best == SIZE_MAX || c->bad_line < csv->cols[best].bad_line ||
            (c->bad_line == csv->cols[best].bad_line && c->bad_col < csv->cols[best].bad_col))
            best = idx[k];
    }
    return best;
}

/* The texts other tools write for a missing value: R and pandas "NA" and
 * "NaN", Excel "#N/A", SQL "NULL", Python "None", UCI's "?". mlp reads no
 * marker as missing (docs/csv.md): a cell holding one is named as a missing
 * value, so its hint is to fill it in, not to encode a column of words. */
static int missing_marker(const char *s)
{
    static const char *const markers[] = { "NA", "N/A", "#N/A", "NaN", "-NaN", "NULL", "None",
                                           "nil", "?" };
    for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++)
        if (strcasecmp(s, markers[k]) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Cells that are not numbers (the hints for those that nearly are:         */
/* near_number.h)                                                           */

/* The error at the first non-number of column j (`what`: "column" or
 * "target column"), with the hint its text alone tells: a missing value,
 * or a number written with more than the number. */
static mlp_status not_a_number(const mlp_csv *csv, size_t j, const char *what, mlp_error *err)
{
    const mlp_csv_column *c = &csv->cols[j];
    const char *text = c->bad_text ? c->bad_text : "";
    mlp_error_set(err, MLP_ERR_DATA, csv->path, c->bad_line, c->bad_col,
                  "value \"%.*s%s\" in %s \"%s\" is not a %snumber", mlp_shown_len(text, 60),
                  text, strlen(text) > 60 ? "..." : "", what, c->name,
                  non_finite_text(text) ? "finite " : "");
    if (!text[0])
        mlp_error_hint(err, "fill in the missing value or remove the row");
    else if (missing_marker(text))
        mlp_error_hint(err, "\"%s\" marks a missing value, which mlp does not read: fill in the "
                            "missing value or remove the row", text);
    else
        mlp_near_number_hint(err, text);
    return MLP_ERR_DATA;
}

/* Whose features check_features_numeric checks, for its hints. */
enum {
    FEATURES_OF_TRAINING,       /* a training file whose spec names its targets */
    FEATURES_OF_TRAINING_LAST,  /* a training file whose target is the last column */
    FEATURES_LISTED,            /* a training file whose spec names its features */
    FEATURES_FOR_MODEL          /* a file read for a trained model */
};

/* A column of words alone is a category (or the target, not last): how to
 * encode it, into buf, for a column of the features of `whose`. Two
 * distinct words (TRUE/FALSE, yes/no) are one 0/1 column. Judged on this
 * table's rows (under parts, the rank whose error is told judges). 0 when
 * column j holds numbers too, or fewer than two words. */
static int words_cure(const mlp_csv *csv, size_t j, int whose, char *buf, size_t size)
{
    const mlp_csv_column *c = &csv->cols[j];
    size_t numbers = 0, distinct = 0;
    const char *first = NULL, *second = NULL;
    for (size_t i = 0; i < csv->n_rows; i++) {
        const char *t = c->text ? c->text[i] : "";
        char *endp;
        mlp_c_strtod(t, &endp);
        /* A number, or text after one ("5%", "1,000"): not a word. */
        numbers += !isnan(csv->values[i * csv->n_cols + j]) || endp != t;
        if (!t[0] || (first && strcmp(t, first) == 0) || (second && strcmp(t, second) == 0))
            continue;
        distinct++;
        if (!first)
            first = t;
        else if (!second)
            second = t;
    }
    if (numbers != 0 || distinct < 2)
        return 0;
    char how[160];
    if (distinct == 2)
        snprintf(how, sizeof how, "write its two values (\"%.20s\", \"%.20s\") as 0 and 1", first,
                 second);
    else
        snprintf(how, sizeof how, "give each of its values a 0/1 column of its own "
                                  "(one-hot encoding)");
    if (whose == FEATURES_FOR_MODEL)
        snprintf(buf, size, "column \"%.40s\" holds words, not numbers: the model was trained on "
                            "numbers there; write it as its training file did", c->name);
    else if (whose == FEATURES_OF_TRAINING_LAST)
        snprintf(buf, size, "column \"%.40s\" holds words, not numbers: if it is what to "
                            "predict, name it in \"targets\" (the target is the last column "
                            "unless \"targets\" names it); as a feature, %s; or leave it out: "
                            "list the columns to read in \"features\"", c->name, how);
    else if (whose == FEATURES_LISTED)
        snprintf(buf, size, "column \"%.40s\" holds words, not numbers: as a feature, %s; or "
                            "remove it from \"features\"", c->name, how);
    else
        snprintf(buf, size, "column \"%.40s\" holds words, not numbers: as a feature, %s; or "
                            "leave it out: list the columns to read in \"features\"", c->name,
                 how);
    return 1;
}

/* Every feature cell must be a number; the error is at the first that is
 * not, with a hint for the usual causes: a column of words (a category, or
 * the target when it is not the last column), a number with text after it. */
static mlp_status check_features_numeric(const mlp_csv *csv, const size_t *fidx, size_t nf,
                                         int whose, mlp_error *err)
{
    size_t bad = first_bad_column(csv, fidx, nf);
    if (bad == SIZE_MAX)
        return MLP_OK;
    not_a_number(csv, bad, "column", err);
    if (!err || err->hint[0])
        return MLP_ERR_DATA;
    char words[512];
    if (words_cure(csv, bad, whose, words, sizeof words)) {
        mlp_error_hint(err, "%s", words);
        return MLP_ERR_DATA;
    }
    const mlp_csv_column *c = &csv->cols[bad];
    const char *text = c->bad_text ? c->bad_text : "";
    if (non_finite_text(text))
        mlp_error_hint(err, "every cell must be a finite number: write the value, or remove the "
                            "row");
    else if (whose == FEATURES_OF_TRAINING_LAST)
        /* Mostly numbers: a value of this row to correct, unless the column
         * is the target (its labels mixed words and numbers) and is not the
         * last one. */
        mlp_error_hint(err, "the network reads a number in every feature cell: write this cell as "
                            "a number, or remove the row; if this column is what to predict, "
                            "name it in \"targets\" (the target is the last column unless "
                            "\"targets\" names it)");
    else if (whose == FEATURES_FOR_MODEL) /* no column of words: a value of this row to correct */
        mlp_error_hint(err, "the model reads a number in every feature cell: write this cell as a "
                            "number, or remove the row");
    else /* the targets are named: a value of this row to correct; the hint
          * once only restated the rule, "every feature cell must be a number" */
        mlp_error_hint(err, "the network reads a number in every feature cell: write this cell as "
                            "a number, or remove the row");
    return MLP_ERR_DATA;
}

/* ------------------------------------------------------------------------ */
/* Arrays of strings                                                        */

/* Frees s[0, n) and s; s may be NULL. */
static void free_strings(char **s, size_t n)
{
    if (!s)
        return;
    for (size_t k = 0; k < n; k++)
        free(s[k]);
    free(s);
}

/* out[k] = a new copy of text, for an array filled in order from 0. When
 * out of memory, -1 with out[0, k) and out freed, so that a caller that
 * builds one never leaves half of it behind. */
static int put_copy(char **out, size_t k, const char *text)
{
    out[k] = mlp_alloc_strdup(text);
    if (out[k])
        return 0;
    free_strings(out, k);
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Class labels                                                             */

/* The shortest decimal that reads back as v: the label text of a numeric
 * class column ("1" for a cell written 1.0). -0 is written as 0, and numbers
 * below 1e17 without an exponent ("10", not "1e+01"). */
static void format_number(char *out, size_t cap, double v)
{
    if (v == 0.0)
        v = 0.0;
    for (int prec = 1; prec <= 17; prec++) {
        mlp_c_snprintf(out, cap, "%.*g", prec, v);
        if (mlp_c_strtod(out, NULL) == v)
            break;
    }
    const char *e = strchr(out, 'e');
    if (e) {
        long exp10 = strtol(e + 1, NULL, 10);
        if (exp10 >= 0 && exp10 < 17)
            mlp_c_snprintf(out, cap, "%.*g", (int)exp10 + 1, v);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Key (a name) against an entry of names.h's sorted index of a header. */
static int cmp_key_name(const void *key, const void *entry)
{
    return strcmp(key, ((const mlp_name *)entry)->name);
}

/* The column named name in index (mlp_names_of_csv(csv)), or -1. Header
 * names differ (csv.h) but for "", which every unnamed column has: a name
 * of a hand-made plan or of a model (an .npz may hold "") finds one of
 * them, the one a binary search by name meets first, the column this
 * reader has always read for it. mlp_names_find would give the first, so
 * bsearch, not it (tests/test_dataset.c, "" among unnamed columns). */
static long find_column(const mlp_csv *csv, const mlp_name *index, const char *name)
{
    const mlp_name *hit = bsearch(name, index, csv->n_cols, sizeof *index, cmp_key_name);
    return hit ? (long)hit->at : -1;
}

/* The distinct labels of column j, sorted: by value when the column is all
 * numbers, else bytewise by text. *labels is a new array of new strings. */
static mlp_status collect_labels(const mlp_csv *csv, size_t j, char ***labels, size_t *n_labels)
{
    const mlp_csv_column *c = &csv->cols[j];
    size_t n = csv->n_rows, L = 0;
    *labels = NULL;
    *n_labels = 0;
    if (c->numeric) {
        double *v = mlp_alloc(n, sizeof *v);
        if (!v)
            return MLP_ERR_NOMEM;
        for (size_t i = 0; i < n; i++)
            v[i] = csv->values[i * csv->n_cols + j];
        qsort(v, n, sizeof *v, cmp_double);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || v[i] != v[L - 1])
                v[L++] = v[i];
        char **out = mlp_alloc_zero(L, sizeof *out);
        if (!out) {
            free(v);
            return MLP_ERR_NOMEM;
        }
        for (size_t k = 0; k < L; k++) {
            char buf[40];
            format_number(buf, sizeof buf, v[k]);
            if (put_copy(out, k, buf)) {
                free(v);
                return MLP_ERR_NOMEM;
            }
        }
        free(v);
        *labels = out;
        *n_labels = L;
        return MLP_OK;
    }
    char **s = mlp_alloc(n, sizeof *s);
    if (!s)
        return MLP_ERR_NOMEM;
    memcpy(s, c->text, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(s[i], s[L - 1]) != 0)
            s[L++] = s[i];
    char **out = mlp_alloc_zero(L, sizeof *out);
    if (!out) {
        free(s);
        return MLP_ERR_NOMEM;
    }
    for (size_t k = 0; k < L; k++) {
        if (put_copy(out, k, s[k])) {
            free(s);
            return MLP_ERR_NOMEM;
        }
    }
    free(s);
    *labels = out;
    *n_labels = L;
    return MLP_OK;
}

static int cmp_label_value(const void *a, const void *b)
{
    double x = mlp_c_strtod(*(char *const *)a, NULL), y = mlp_c_strtod(*(char *const *)b, NULL);
    return (x > y) - (x < y);
}

/* The labels of every part: each part's (from collect_labels, sorted,
 * distinct) gathered, sorted the same way (by value when the column is
 * numeric: a label's text reads back as its value) and made distinct, so
 * the list is the one collect_labels gives on the whole table. Replaces
 * *labels (freed). */
static mlp_status union_labels(const mlp_parts *parts, mlp_status st, int numeric,
                               char ***labels, size_t *n_labels, mlp_error *err)
{
    size_t bytes = 0;
    for (size_t k = 0; !st && k < *n_labels; k++)
        bytes += strlen((*labels)[k]) + 1;
    char *mine = st ? NULL : mlp_alloc(bytes ? bytes : 1, 1);
    if (!st && !mine)
        st = nomem(err);
    for (size_t k = 0, at = 0; mine && k < *n_labels; k++) {
        size_t len = strlen((*labels)[k]) + 1;
        memcpy(mine + at, (*labels)[k], len);
        at += len;
    }
    void *all_v = NULL;
    size_t *lens = NULL;
    st = mlp_parts_gather(parts, st, mine, bytes, &all_v, &lens, err);
    free(mine);
    if (st)
        return st;
    char *all = all_v;
    size_t total = 0, count = 0;
    for (int q = 0; q < parts->size; q++)
        total += lens[q];
    for (size_t i = 0; i < total; i++)
        count += all[i] == '\0';
    char **v = mlp_alloc(count ? count : 1, sizeof *v);
    if (!v) {
        free(all);
        free(lens);
        return nomem(err);
    }
    for (size_t i = 0, k = 0; i < total; i += strlen(all + i) + 1)
        v[k++] = all + i;
    int (*cmp)(const void *, const void *) = numeric ? cmp_label_value : cmp_str;
    qsort(v, count, sizeof *v, cmp);
    size_t L = 0;
    for (size_t i = 0; i < count; i++)
        if (i == 0 || cmp(&v[i], &v[L - 1]) != 0)
            v[L++] = v[i];
    char **out = mlp_alloc_zero(L ? L : 1, sizeof *out);
    for (size_t k = 0; out && k < L; k++)
        if (put_copy(out, k, v[k]))
            out = NULL;
    free(v);
    free(all);
    free(lens);
    if (!out)
        return nomem(err);
    for (size_t k = 0; k < *n_labels; k++)
        free((*labels)[k]);
    free(*labels);
    *labels = out;
    *n_labels = L;
    return MLP_OK;
}

typedef struct {
    const char *text;
    size_t index;
} text_key;

typedef struct {
    double value;
    size_t index;
} value_key;

static int cmp_text_key(const void *a, const void *b)
{
    return strcmp(((const text_key *)a)->text, ((const text_key *)b)->text);
}

static int cmp_value_key(const void *a, const void *b)
{
    return cmp_double(&((const value_key *)a)->value, &((const value_key *)b)->value);
}

/* A missing value in the class-label column j is never a class: an error at
 * the first one in this table. Missing is an empty or blank cell (cells are
 * trimmed), "?" or a NaN text, and any other missing_marker ("NA", "None")
 * when every other cell of the column here is a number (among words, "NA"
 * may be a class's name). Without this a training file with one missing
 * label asked for one more output unit, and a missing number in a
 * regression's target made it a classification of every distinct value. */
static mlp_status check_no_missing_label(const mlp_csv *csv, size_t j, const mlp_parts *parts,
                                         mlp_error *err)
{
    const mlp_csv_column *c = &csv->cols[j];
    unsigned char others_numbers = 1;
    for (size_t i = 0; c->text && others_numbers && i < csv->n_rows; i++)
        others_numbers = !c->text[i][0] || missing_marker(c->text[i]) ||
                         !isnan(csv->values[i * csv->n_cols + j]) || non_finite_text(c->text[i]);
    if (parts && parts->size > 1) {
        /* Judged on the whole column, so that every process (and one
         * process alone) reads the same cells as missing. */
        void *all = NULL;
        size_t *lens = NULL;
        mlp_status st = mlp_parts_gather(parts, MLP_OK, &others_numbers, 1, &all, &lens, err);
        for (int q = 0; !st && q < parts->size; q++)
            others_numbers &= ((const unsigned char *)all)[q];
        free(all);
        free(lens);
        if (st)
            return st;
    }
    if (!c->text)
        return MLP_OK;
    for (size_t i = 0; i < csv->n_rows; i++) {
        const char *t = c->text[i];
        char *endp;
        int nan_text = isnan(mlp_c_strtod(t, &endp)) && *endp == '\0';
        if (t[0] && !nan_text && strcmp(t, "?") != 0 && !(others_numbers && missing_marker(t)))
            continue;
        size_t col = c->text_col ? c->text_col[i] : 0;
        if (t[0])
            mlp_error_set(err, MLP_ERR_DATA, csv->path, csv->row_line[i], col,
                          "missing value \"%.20s\" in target column \"%s\"", t, c->name);
        else
            mlp_error_set(err, MLP_ERR_DATA, csv->path, csv->row_line[i], col,
                          "empty cell in target column \"%s\"", c->name);
        mlp_error_hint(err, "fill in the missing value or remove the row");
        return MLP_ERR_DATA;
    }
    return MLP_OK;
}

/* A column of numbers but for an infinity ("inf", "1e999") is a column of
 * numbers with a bad cell, not a column of labels: read as labels, every
 * distinct value of a regression's target would become a class. The error
 * is at the first such cell. (NaN is a missing value: check_no_missing_label.)
 * Under parts the caller agrees on the error at once (sync). */
static mlp_status check_finite_numbers(const mlp_csv *csv, size_t j, mlp_error *err)
{
    const mlp_csv_column *c = &csv->cols[j];
    if (c->numeric || !c->text)
        return MLP_OK;
    size_t first = SIZE_MAX; /* the first cell that is not a finite number */
    for (size_t i = 0; i < csv->n_rows; i++) {
        const char *t = c->text[i];
        if (!isnan(csv->values[i * csv->n_cols + j]))
            continue;
        if (!non_finite_text(t) && !missing_marker(t) && t[0])
            return MLP_OK; /* a word: the column holds labels */
        if (first == SIZE_MAX)
            first = i;
    }
    /* A missing value first is told as one (check_no_missing_label). */
    if (first == SIZE_MAX || !non_finite_text(c->text[first]) ||
        isnan(mlp_c_strtod(c->text[first], NULL)))
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_DATA, csv->path, csv->row_line[first],
                  c->text_col ? c->text_col[first] : 0,
                  "value \"%.40s\" in target column \"%s\" is not a finite number",
                  c->text[first], c->name);
    mlp_error_hint(err, "every cell must be a finite number: write the value, or remove the row");
    return MLP_ERR_DATA;
}

/* Whether the target column j, which holds a non-number, is meant to hold
 * numbers: at least half its cells are numbers or start with a finite one
 * ("1,5", "12kg"), counted on every part's rows. Collective under parts:
 * every process calls it with its st, and gets back the agreed status. */
static mlp_status numbers_meant(const mlp_csv *csv, size_t j, const mlp_parts *parts,
                                mlp_status st, int *meant, mlp_error *err)
{
    const mlp_csv_column *c = &csv->cols[j];
    uint64_t count[2] = {0, csv->n_rows}; /* cells that start with a number; all cells */
    for (size_t i = 0; c->text && i < csv->n_rows; i++) {
        char *endp;
        double v = mlp_c_strtod(c->text[i], &endp);
        count[0] += endp != c->text[i] && isfinite(v); /* not "inferior", read as inf */
    }
    if (parts && parts->size > 1) {
        void *all = NULL;
        size_t *lens = NULL;
        st = mlp_parts_gather(parts, st, count, sizeof count, &all, &lens, err);
        count[0] = count[1] = 0;
        for (int q = 0; !st && q < parts->size; q++) {
            const uint64_t *theirs = (const uint64_t *)all + 2 * (size_t)q;
            count[0] += theirs[0];
            count[1] += theirs[1];
        }
        free(all);
        free(lens);
    }
    *meant = !st && 2 * count[0] >= count[1];
    return st;
}

/* A regression's single target column (a loss whose targets are values, an
 * output that is not row-wise) that is numbers but for some cells is a
 * column of numbers with bad cells, not of class labels: an error at its
 * first non-number. Read as labels, one mangled cell ("1,5", "oops") made
 * every distinct value a class, and the message asked for as many output
 * units. A column of words stays labels (docs/csv.md). Collective under
 * parts, as numbers_meant; a part without a bad cell returns MLP_OK and
 * the next agreement gives it the error. */
static mlp_status check_regression_numbers(const mlp_csv *csv, size_t j,
                                           const mlp_data_plan *plan, mlp_status st,
                                           mlp_error *err)
{
    int meant = 0;
    st = numbers_meant(csv, j, plan->parts, st, &meant, err);
    const mlp_csv_column *c = &csv->cols[j];
    if (st || !meant || !c->bad_text)
        return st;
    not_a_number(csv, j, "target column", err);
    if (err && !err->hint[0])
        mlp_error_hint(err, "\"loss\": \"%s\" predicts the numbers of \"%s\": write this cell "
                            "as a number, or remove the row",
                       mlp_loss_name(plan->loss), c->name);
    return MLP_ERR_DATA;
}

/* The bytes a table was read from (mlp_data_plan.csv_text, or the text
 * given to mlp_dataset_with_schema_text), for the column of a numeric cell
 * in messages: the table keeps the columns of text cells only. */
typedef struct {
    const char *bytes; /* NULL: none, and messages give the line alone */
    size_t len;
} table_text;

/* Byte column of field `field` on line `line` of the table's text, for a
 * message; 0 without the text. */
static long cell_col(table_text text, long line, size_t field)
{
    return mlp_csv_field_col(text.bytes, text.len, line, field);
}

/* Byte column (1-based) of the end of line `line` of the text (its LF, or
 * the CR before it, or one past its last byte), 0 when the line is not
 * there: where an empty last cell is, which mlp_csv_field_col does not
 * give (it finds no byte of the cell). */
static long line_end_col(table_text text, long line)
{
    size_t i = 0;
    for (long ln = 1; ln < line; ln++) {
        const char *nl = memchr(text.bytes + i, '\n', text.len - i);
        if (!nl)
            return 0;
        i = (size_t)(nl - text.bytes) + 1;
    }
    const char *nl = memchr(text.bytes + i, '\n', text.len - i);
    size_t end = nl ? (size_t)(nl - text.bytes) : text.len;
    if (end > i && text.bytes[end - 1] == '\r')
        end--;
    return (long)(end - i) + 1;
}

/* Byte column of header cell j, for a message about that column (a name
 * without a cell, a cell without a name); 0 without the text. A byte-order
 * mark on line 1 counts its 3 bytes, as every column of that line does
 * (docs/csv.md), and is no part of the first cell. An empty last cell
 * (the trailing comma's) is at the line's end, once the cell before it is
 * found on that line (a process's text of its own lines may hold another
 * process's header line empty: it gives 0, not a column of nothing). */
static long header_col(const mlp_csv *csv, table_text text, size_t j)
{
    if (!text.bytes)
        return 0;
    long line = head_line(csv), skip = 0;
    if (line == 1 && text.len >= 3 && memcmp(text.bytes, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    table_text rest = {text.bytes + skip, text.len - (size_t)skip};
    long col = cell_col(rest, line, j);
    if (!col && j > 0 && j + 1 == csv->n_cols && cell_col(rest, line, j - 1))
        col = line_end_col(rest, line);
    return col ? col + skip : 0;
}

/* The labels of vk[0..nv) (sorted by value) whose value is that of *h:
 * how many, and the first two in the labels' order into *a < *b. Labels
 * "1" and "1.0" are two labels of one number. */
static size_t labels_of_value(const value_key *vk, size_t nv, const value_key *h, size_t *a,
                              size_t *b)
{
    size_t lo = (size_t)(h - vk), hi = lo + 1;
    while (lo > 0 && vk[lo - 1].value == h->value)
        lo--;
    while (hi < nv && vk[hi].value == h->value)
        hi++;
    *a = *b = SIZE_MAX;
    for (size_t r = lo; r < hi; r++) {
        size_t k = vk[r].index;
        if (k < *a) {
            *b = *a;
            *a = k;
        } else if (k < *b) {
            *b = k;
        }
    }
    return hi - lo;
}

/* A cell whose number is that of two labels or more (training's "1" and
 * "1.0"), not the text of either: the model cannot tell which class it is,
 * so it is refused at the cell rather than counted as whichever the search
 * found. In a column of numbers only the values are read (no text is kept),
 * so writing the label one way does not help there. */
static mlp_status refuse_ambiguous_label(const mlp_csv *csv, size_t j, size_t i, table_text text,
                                         char *const *labels, size_t n, size_t a, size_t b,
                                         mlp_error *err)
{
    const mlp_csv_column *c = &csv->cols[j];
    char num[40], more[48] = "";
    if (!c->text)
        format_number(num, sizeof num, csv->values[i * csv->n_cols + j]);
    if (n > 2)
        snprintf(more, sizeof more, " (and %zu more)", n - 2);
    mlp_error_set(err, MLP_ERR_DATA, csv->path, csv->row_line[i],
                  c->text_col ? c->text_col[i] : cell_col(text, csv->row_line[i], j),
                  "label %s%.60s%s in column \"%s\" is the number of the labels \"%.60s\" and "
                  "\"%.60s\"%s", c->text ? "\"" : "", c->text ? c->text[i] : num,
                  c->text ? "\"" : "", c->name, labels[a], labels[b], more);
    if (c->text)
        mlp_error_hint(err, "the model cannot tell which class it is: write the label as the "
                            "training data did, \"%.60s\" or \"%.60s\"", labels[a], labels[b]);
    else
        mlp_error_hint(err, "the model cannot tell which class it is, and a column of numbers "
                            "is read by value: train on labels that write each number one way");
    return MLP_ERR_DATA;
}

/* Fills Y (n_rows, n_out) from the label column j: the cell's text is looked
 * up among the labels, and a number also by value (so 1.0 finds label "1";
 * a number of two labels is refused, refuse_ambiguous_label).
 * Label k becomes one-hot unit k, or the value k (0 or 1) for one unit. */
static mlp_status map_labels(const mlp_csv *csv, size_t j, char *const *labels, size_t n_labels,
                             size_t n_out, table_text text, double *Y, mlp_error *err)
{
    const mlp_csv_column *c = &csv->cols[j];
    text_key *tk = mlp_alloc(n_labels, sizeof *tk);
    value_key *vk = mlp_alloc(n_labels, sizeof *vk);
    if (!tk || !vk) {
        free(tk);
        free(vk);
        return nomem(err);
    }
    size_t nv = 0;
    for (size_t k = 0; k < n_labels; k++) {
        tk[k].text = labels[k];
        tk[k].index = k;
        char *endp;
        double v = mlp_c_strtod(labels[k], &endp);
        if (labels[k][0] && *endp == '\0' && isfinite(v)) {
            vk[nv].value = v;
            vk[nv].index = k;
            nv++;
        }
    }
    qsort(tk, n_labels, sizeof *tk, cmp_text_key);
    qsort(vk, nv, sizeof *vk, cmp_value_key);

    mlp_status st = MLP_OK;
    memset(Y, 0, csv->n_rows * n_out * sizeof *Y);
    for (size_t i = 0; i < csv->n_rows; i++) {
        const void *hit = NULL;
        size_t k = 0;
        if (c->text) {
            text_key key = { c->text[i], 0 };
            const text_key *t = bsearch(&key, tk, n_labels, sizeof *tk, cmp_text_key);
            if (t) {
                hit = t;
                k = t->index;
            }
        }
        double v = csv->values[i * csv->n_cols + j];
        if (!hit && !isnan(v)) {
            value_key key = { v, 0 };
            const value_key *h = bsearch(&key, vk, nv, sizeof *vk, cmp_value_key);
            size_t a, b, same = h ? labels_of_value(vk, nv, h, &a, &b) : 0;
            if (same > 1) {
                st = refuse_ambiguous_label(csv, j, i, text, labels, same, a, b, err);
                break;
            }
            if (h) {
                hit = h;
                k = h->index;
            }
        }
        if (!hit) {
            char num[40];
            const char *shown = c->text ? c->text[i] : num;
            if (!c->text)
                format_number(num, sizeof num, v);
            name_list l;
            list_strings(&l, labels, n_labels, 1);
            mlp_error_set(err, MLP_ERR_DATA, csv->path, csv->row_line[i],
                          c->text_col ? c->text_col[i] : cell_col(text, csv->row_line[i], j),
                          "label \"%.60s\" in column \"%s\" was not seen in training", shown,
                          c->name);
            mlp_error_hint(err, "the model knows the labels %s: remove the rows of other labels, "
                                "or train on data that has them", l.text);
            st = MLP_ERR_DATA;
            break;
        }
        if (n_out == 1)
            Y[i] = (double)k;
        else
            Y[i * n_out + k] = 1.0;
    }
    free(tk);
    free(vk);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Numeric targets                                                          */

enum { TARGETS_AS_IS, TARGETS_ONE_HOT, TARGETS_UNIT_INTERVAL };


/* Copies the target columns tidx[0..nt) into Y (n_rows, nt) after checking
 * that they hold numbers and, by `rule`, one-hot rows or values in [0, 1].
 * An error is at the cell that breaks the rule: the value outside [0, 1];
 * in a row that is not one-hot, the first value neither 0 nor 1 or the
 * second 1, else (no 1 at all) the row's first target cell; its column is
 * found in text. */
static mlp_status copy_targets(const mlp_csv *csv, const size_t *tidx, size_t nt, int rule,
                               table_text text, double *Y, mlp_error *err)
{
    size_t bad = first_bad_column(csv, tidx, nt);
    if (bad != SIZE_MAX) {
        not_a_number(csv, bad, "target column", err);
        if (err && !err->hint[0])
            mlp_error_hint(err, "every target cell must be a number when there are several "
                                "target columns or the output is a regression");
        return MLP_ERR_DATA;
    }
    for (size_t i = 0; i < csv->n_rows; i++) {
        const double *row = csv->values + i * csv->n_cols;
        size_t ones = 0, others = 0, culprit = SIZE_MAX;
        for (size_t k = 0; k < nt; k++) {
            double v = row[tidx[k]];
            Y[i * nt + k] = v;
            if (v == 1.0)
                ones++;
            else if (v != 0.0)
                others++;
            if (culprit == SIZE_MAX && (v == 1.0 ? ones == 2 : v != 0.0))
                culprit = tidx[k];
            if (rule == TARGETS_UNIT_INTERVAL && !(v >= 0.0 && v <= 1.0)) {
                mlp_error_set(err, MLP_ERR_DATA, csv->path, csv->row_line[i],
                              cell_col(text, csv->row_line[i], tidx[k]),
                              "target value %g in column \"%s\" is outside [0, 1]", v,
                              csv->cols[tidx[k]].name);
                mlp_error_hint(err, "binary_cross_entropy needs targets between 0 and 1");
                return MLP_ERR_DATA;
            }
        }
        if (rule == TARGETS_ONE_HOT && (ones != 1 || others != 0)) {
            name_list l;
            list_columns(&l, csv, tidx, nt);
            long line = csv->row_line[i];
            mlp_error_set(err, MLP_ERR_DATA, csv->path, line,
                          cell_col(text, line, culprit == SIZE_MAX ? tidx[0] : culprit),
                          "target columns (%s) are not one-hot in this row", l.text);
            mlp_error_hint(err, "for a softmax output, mark each row's class with a single 1 "
                                "and 0 in the other target columns");
            return MLP_ERR_DATA;
        }
    }
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Features and normalisation                                               */

/* The file and the line of each of csv's rows into data (dataset.h: path,
 * row_line), for the messages that name one row. */
static mlp_status keep_origin(const mlp_csv *csv, mlp_dataset *data, mlp_error *err)
{
    data->path = mlp_alloc_strdup(csv->path ? csv->path : "");
    data->row_line = mlp_alloc(csv->n_rows ? csv->n_rows : 1, sizeof *data->row_line);
    if (!data->path || !data->row_line)
        return nomem(err);
    memcpy(data->row_line, csv->row_line, csv->n_rows * sizeof *data->row_line);
    return MLP_OK;
}

static double *copy_features(const mlp_csv *csv, const size_t *fidx, size_t nf)
{
    if (nf && csv->n_rows > SIZE_MAX / nf)
        return NULL;
    double *X = mlp_alloc(csv->n_rows * nf, sizeof *X);
    if (!X)
        return NULL;
    for (size_t i = 0; i < csv->n_rows; i++)
        for (size_t k = 0; k < nf; k++)
            X[i * nf + k] = csv->values[i * csv->n_cols + fidx[k]];
    return X;
}

/* A column is constant when its values differ only by rounding, relative to
 * their own size:
 *     max_i x_ij - min_i x_ij <= CONSTANT_SPREAD * max_i |x_ij|.
 * CONSTANT_SPREAD = 1e-12 is about 4500 units of rounding (u = 2^-53): one
 * quantity computed along different paths differs by a few u per operation
 * (0.1 + 0.2 and 0.3 by 1 ulp), and written with 13 significant digits by up
 * to 1e-13; values that agree in 12 significant digits carry no information a
 * measurement could hold. The test is on the range, not on the computed std:
 * max and min are values of the column and their difference rounds once, so
 * it does not depend on N, whereas the computed std of exactly equal values
 * is the rounding error of their computed mean, up to N u max|x| (1e6
 * copies of 0.1 have a computed std of 1.3e-12). It is relative to the
 * column's largest magnitude, so a column of values near 1e-14 is judged as
 * one near 1 (docs/csv.md). Dividing a constant column by its std would blow
 * rounding noise up to unit size, so it keeps std 1 and is only centred. */
static const double CONSTANT_SPREAD = 1e-12;

/* The power of two that the sums of a column of largest magnitude big are
 * taken scaled by: 1 for magnitudes in [2^-256, 2^256), else the one that
 * brings big into [0.5, 1), so that values near the top of the double range
 * do not overflow the sums and values near its bottom (below 1e-77) do not
 * underflow the squares (d*d is 0 below 1e-162). Scaling by a power of two
 * is exact, so the statistics are exactly as rounded as those of a tame
 * column (docs/csv.md). At most 2^1023, the largest power of two there is:
 * a subnormal below 2^-1024 asked for 2^1024, which is infinity, and its
 * column's mean came out NaN (found by fuzz_predict). Its largest value
 * times 2^1023 is still 2^-51 or more, far from underflowing squares. */
static double stats_scale(double big)
{
    if (!(big >= 0x1p256 || (big > 0.0 && big < 0x1p-256)))
        return 1.0;
    int e = -ilogb(big) - 1;
    return ldexp(1.0, e > DBL_MAX_EXP - 1 ? DBL_MAX_EXP - 1 : e);
}

/* The std kept for a column of scaled largest magnitude, maximum and
 * minimum big, hi and lo (times scale) and computed std sd (unscaled):
 * 1 for a constant one (see CONSTANT_SPREAD) or one whose std underflows. */
static double kept_std(double big, double hi, double lo, double sd)
{
    return hi - lo <= CONSTANT_SPREAD * big || !(sd > 0.0) ? 1.0 : sd;
}

/* Population statistics over the N training rows:
 *     mean_j = (1/N) sum_i x_ij,   std_j = sqrt((1/N) sum_i (x_ij - mean_j)^2)
 * (two passes, so the variance does not cancel catastrophically), scaled
 * by stats_scale; a constant column (CONSTANT_SPREAD) keeps std 1. */
static void standard_stats(const double *X, size_t N, size_t nf, double *mean, double *std)
{
    for (size_t k = 0; k < nf; k++) {
        double big = 0.0, hi = -INFINITY, lo = INFINITY;
        for (size_t i = 0; i < N; i++) {
            double x = X[i * nf + k];
            big = fmax(big, fabs(x));
            hi = fmax(hi, x);
            lo = fmin(lo, x);
        }
        double scale = stats_scale(big);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += X[i * nf + k] * scale;
        double m = s / (double)N;
        double ss = 0.0;
        for (size_t i = 0; i < N; i++) {
            double d = X[i * nf + k] * scale - m;
            ss += d * d;
        }
        double sd = sqrt(ss / (double)N);
        mean[k] = m / scale;
        std[k] = kept_std(big * scale, hi * scale, lo * scale, sd / scale);
    }
}

/* Adds up, in rank order, the nf values every part gives (op 0: sum,
 * 1: max) into v. */
static mlp_status combine(const mlp_parts *parts, double *v, size_t nf, int op, mlp_error *err)
{
    void *all_v = NULL;
    size_t *lens = NULL;
    mlp_status st = mlp_parts_gather(parts, MLP_OK, v, nf * sizeof *v, &all_v, &lens, err);
    if (st)
        return st;
    const double *all = all_v;
    for (size_t k = 0; k < nf; k++) {
        double a = op ? -INFINITY : 0.0;
        for (int q = 0; q < parts->size; q++)
            a = op ? fmax(a, all[(size_t)q * nf + k]) : a + all[(size_t)q * nf + k];
        v[k] = a;
    }
    free(all_v);
    free(lens);
    return MLP_OK;
}

/* standard_stats over the rows of every part (plan->parts): the same
 * passes, the largest magnitude, the maximum and the minimum agreed by a
 * max (so the scaling is the same power of two and the constant test, on
 * exact values, the same), each sum taken over this part's rows and the
 * parts' sums added in rank order. Only the order of the additions differs
 * from one process's, so the mean and the sum of squares are within
 * gamma(N) = N u / (1 - N u) (u = 2^-53) of the sum of the terms'
 * magnitudes of one process's (docs/csv.md). Every part must call it. */
static mlp_status parts_stats(const mlp_parts *parts, const double *X, size_t N, size_t nf,
                              double *mean, double *std, mlp_error *err)
{
    /* ext: per column the largest magnitude, the maximum and the negated
     * minimum (3 nf; -infinity in a part without rows); v: the sums and the
     * row count, then the sums of squares. */
    double *ext = nf < SIZE_MAX / 3 ? mlp_alloc(nf ? 3 * nf : 1, sizeof *ext) : NULL;
    double *v = mlp_alloc(nf + 1, sizeof *v), *scale = mlp_alloc(nf, sizeof *scale);
    mlp_status st = ext && v && scale ? MLP_OK : nomem(err);
    if ((st = mlp_parts_agree(parts, st, err))) {
        free(ext);
        free(v);
        free(scale);
        return st;
    }
    double *big = ext, *hi = ext + nf, *neg_lo = ext + 2 * nf;
    for (size_t k = 0; k < nf; k++) {
        big[k] = 0.0;
        hi[k] = neg_lo[k] = -INFINITY;
        for (size_t i = 0; i < N; i++) {
            double x = X[i * nf + k];
            big[k] = fmax(big[k], fabs(x));
            hi[k] = fmax(hi[k], x);
            neg_lo[k] = fmax(neg_lo[k], -x);
        }
    }
    if (!(st = combine(parts, ext, 3 * nf, 1, err))) {
        for (size_t k = 0; k < nf; k++)
            scale[k] = stats_scale(big[k]);
        for (size_t k = 0; k < nf; k++) {
            double sk = 0.0;
            for (size_t i = 0; i < N; i++)
                sk += X[i * nf + k] * scale[k];
            v[k] = sk;
        }
        v[nf] = (double)N; /* exact below 2^53 rows */
        st = combine(parts, v, nf + 1, 0, err);
    }
    double rows = st ? 0.0 : v[nf];
    for (size_t k = 0; !st && k < nf; k++)
        mean[k] = v[k] / rows;
    if (!st) {
        for (size_t k = 0; k < nf; k++) {
            double ss = 0.0;
            for (size_t i = 0; i < N; i++) {
                double d = X[i * nf + k] * scale[k] - mean[k];
                ss += d * d;
            }
            v[k] = ss;
        }
        st = combine(parts, v, nf, 0, err);
    }
    for (size_t k = 0; !st && k < nf; k++) {
        double sd = sqrt(v[k] / rows);
        mean[k] /= scale[k];
        std[k] = kept_std(big[k] * scale[k], hi[k] * scale[k], -neg_lo[k] * scale[k],
                          sd / scale[k]);
    }
    free(ext);
    free(v);
    free(scale);
    return st;
}

/* (x - mean) / std, also when x - mean alone would overflow (x = 1e308,
 * mean = -1e308): then halved, exactly, before the subtraction. */
static double standardise(double x, double mean, double std)
{
    double d = x - mean;
    if (isinf(d) && isfinite(x) && isfinite(mean))
        return (x * 0.5 - mean * 0.5) / (std * 0.5);
    return d / std;
}

/* x_ij <- (x_ij - mean_j) / std_j */
static void apply_stats(double *X, size_t N, size_t nf, const double *mean, const double *std)
{
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < nf; k++)
            X[i * nf + k] = standardise(X[i * nf + k], mean[k], std[k]);
}

static char **copy_names(const mlp_csv *csv, const size_t *idx, size_t n)
{
    char **names = mlp_alloc_zero(n, sizeof *names);
    if (!names)
        return NULL;
    for (size_t k = 0; k < n; k++)
        if (put_copy(names, k, csv->cols[idx[k]].name))
            return NULL;
    return names;
}

/* ------------------------------------------------------------------------ */
/* Training set                                                             */

typedef struct {
    size_t *tidx, nt;   /* target columns */
    size_t *fidx, nf;   /* feature columns: the plan's order, else file order */
    unsigned char *is_target; /* per table column: COL_TARGET, COL_FEATURE, or 0 (not read) */
} columns;

enum { COL_TARGET = 1, COL_FEATURE = 2 };

/* How a run reads the columns of a file: a training run by the spec's
 * lists or in file order, a trained model by position (it was trained
 * without a header, so the header's names are not looked at). */
enum { READ_FOR_TRAINING, READ_BY_POSITION };

/* A column of the header without a name, where the run would use it: at
 * its empty cell when the text is there (the header line alone left the
 * reader to count commas for "column 3 of 5"). */
static mlp_status refuse_unnamed(const mlp_csv *csv, table_text text, size_t j, int how,
                                 mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), header_col(csv, text, j),
                  "column %zu of %zu has no name in the header row", j + 1, csv->n_cols);
    if (j + 1 == csv->n_cols)
        mlp_error_hint(err, "a comma at the end of every line makes an unnamed last column; "
                            "remove the trailing commas, or name the column");
    else if (j == 0 && how == READ_BY_POSITION)
        mlp_error_hint(err, "pandas' to_csv writes its row index as an unnamed first column, "
                            "which this model (trained without a header, reading columns by "
                            "position) would take for its first feature; write the file with "
                            "to_csv(..., index=False)");
    else if (j == 0)
        mlp_error_hint(err, "pandas' to_csv writes its row index as an unnamed first column; "
                            "write the file with to_csv(..., index=False), or list the columns "
                            "to read in \"features\"");
    else
        mlp_error_hint(err, "name the column, or remove it");
    return MLP_ERR_DATA;
}

/* Where name k of a list is: its own position (pos_names, when the plan
 * has them), else the list's (pos). */
static mlp_text_pos name_pos(const mlp_text_pos *pos_names, mlp_text_pos pos, size_t k)
{
    return pos_names ? pos_names[k] : pos;
}

/* The column of each name in plan's list `what` ("targets" or "features",
 * at pos, each name at pos_names[k]), into idx; mark[j] is set to `as` for
 * each. A name that is not a column, or a column already marked, is an
 * error at the name (it was at the list's "[", while the name was further
 * on the line). */
static mlp_status find_named(const mlp_csv *csv, const mlp_name *index, const mlp_data_plan *plan,
                             const char *what, mlp_text_pos list_pos,
                             const mlp_text_pos *pos_names, char *const *names, size_t n,
                             size_t *idx, unsigned char *mark, unsigned char as, mlp_error *err)
{
    for (size_t k = 0; k < n; k++) {
        mlp_text_pos pos = name_pos(pos_names, list_pos, k);
        long j = find_column(csv, index, names[k]);
        if (j < 0) {
            name_list l;
            list_columns(&l, csv, NULL, csv->n_cols);
            mlp_error_set(err, MLP_ERR_DATA, plan->source, pos.line, pos.col,
                          "no column \"%s\" in %s (its columns: %s)", names[k], csv->path, l.text);
            mlp_error_hint(err, "\"%s\" must name columns of the header row; names are "
                                "case-sensitive", what);
            return MLP_ERR_DATA;
        }
        if (mark[j]) {
            mlp_error_set(err, MLP_ERR_DATA, plan->source, pos.line, pos.col,
                          "column \"%s\" is named %s", names[k],
                          mark[j] == as ? (as == COL_TARGET ? "twice in \"targets\""
                                                            : "twice in \"features\"")
                                        : "in both \"targets\" and \"features\"");
            if (mark[j] == as)
                mlp_error_hint(err, "name each column once");
            else
                mlp_error_hint(err, "a column is what the network reads or what it predicts, "
                                    "not both: remove it from one of the lists");
            return MLP_ERR_DATA;
        }
        mark[j] = as;
        idx[k] = (size_t)j;
    }
    return MLP_OK;
}

/* The target columns (plan->targets, else the last column) and the feature
 * columns (plan->features in their order, else every other column in file
 * order). Columns that are neither are never read. */
static mlp_status choose_columns(const mlp_csv *csv, const mlp_data_plan *plan, columns *cols,
                                 mlp_error *err)
{
    size_t nt = plan->n_targets ? plan->n_targets : 1;
    cols->tidx = mlp_alloc(nt, sizeof *cols->tidx);
    cols->fidx = mlp_alloc(csv->n_cols, sizeof *cols->fidx);
    cols->is_target = mlp_alloc_zero(csv->n_cols, 1);
    if (!cols->tidx || !cols->fidx || !cols->is_target)
        return nomem(err);
    unsigned char *mark = cols->is_target;

    const char *named = plan->n_targets ? "targets" : plan->n_features ? "features" : NULL;
    if (named && !csv->has_header) {
        int t = plan->n_targets != 0;
        mlp_text_pos pos = t ? plan->pos_targets : plan->pos_features;
        mlp_error_set(err, MLP_ERR_DATA, plan->source, pos.line, pos.col,
                      "\"%s\" names column \"%s\" but %s has no header row", named,
                      t ? plan->targets[0] : plan->features[0], csv->path);
        mlp_error_hint(err, "add a header row of column names as the first line of %s, or "
                            "remove \"%s\" to use %s", csv->path, named,
                       t ? "the last column" : "every column but the target");
        return MLP_ERR_DATA;
    }
    mlp_name *index = named ? mlp_names_of_csv(csv) : NULL;
    if (named && !index)
        return nomem(err);
    mlp_status st = MLP_OK;
    if (plan->n_targets == 0) {
        cols->tidx[0] = csv->n_cols - 1;
        mark[cols->tidx[0]] = COL_TARGET;
    } else {
        st = find_named(csv, index, plan, "targets", plan->pos_targets, plan->pos_target_names,
                        plan->targets, nt, cols->tidx, mark, COL_TARGET, err);
    }
    cols->nt = nt;
    if (!st && plan->n_features) {
        const char *last = csv->cols[csv->n_cols - 1].name;
        for (size_t k = 0; plan->n_targets == 0 && k < plan->n_features; k++) {
            if (strcmp(plan->features[k], last) != 0)
                continue;
            mlp_text_pos pos = name_pos(plan->pos_feature_names, plan->pos_features, k);
            mlp_error_set(err, MLP_ERR_DATA, plan->source, pos.line, pos.col,
                          "\"features\" names column \"%s\", the target: without \"targets\" "
                          "the target is the last column", last);
            mlp_error_hint(err, "name the column to predict in \"targets\", or remove \"%s\" "
                                "from \"features\"", last);
            st = MLP_ERR_DATA;
            break;
        }
        if (!st)
            st = find_named(csv, index, plan, "features", plan->pos_features,
                            plan->pos_feature_names, plan->features, plan->n_features,
                            cols->fidx, mark, COL_FEATURE, err);
        cols->nf = plan->n_features;
    } else if (!st) {
        cols->nf = 0;
        for (size_t j = 0; j < csv->n_cols; j++)
            if (!mark[j]) {
                mark[j] = COL_FEATURE;
                cols->fidx[cols->nf++] = j;
            }
    }
    free(index);
    if (st)
        return st;

    /* A column the run reads must have a name in the header, and a column
     * without one is never meant to be read: a comma at the end of every line
     * makes one last, and pandas' to_csv writes its row index as one first (a
     * feature that counts the rows). Counting it would only lead to advice to
     * widen "layers" for it. */
    for (size_t j = 0; csv->has_header && j < csv->n_cols; j++)
        if (mark[j] && !csv->cols[j].name[0])
            return refuse_unnamed(csv, (table_text){plan->csv_text, plan->csv_len}, j,
                                  READ_FOR_TRAINING, err);
    return MLP_OK;
}

/* Whether the last m columns of csv are one-hot class columns: 0 or 1
 * in every cell, one 1 in each row. Each process of a run in parts holds
 * some rows only, which could tell it otherwise: not looked at there. */
static int one_hot_tail(const mlp_csv *csv, const mlp_data_plan *plan, size_t m)
{
    if (parted(plan) || m < 2 || m > csv->n_cols)
        return 0;
    for (size_t j = csv->n_cols - m; j < csv->n_cols; j++)
        if (!csv->cols[j].numeric)
            return 0;
    for (size_t i = 0; i < csv->n_rows; i++) {
        size_t ones = 0;
        for (size_t j = csv->n_cols - m; j < csv->n_cols; j++) {
            double v = csv->values[i * csv->n_cols + j];
            if (v != 0 && v != 1)
                return 0;
            ones += v == 1;
        }
        if (ones != 1)
            return 0;
    }
    return 1;
}

/* Feature columns that do not fit "layers", no "targets": when the last
 * K columns (K output units) are one-hot class columns, they are the
 * targets, and the fix said first. A first layer made to fit reads all
 * but the last of them as features, which give the model its answer. */
static int advise_one_hot_targets(const mlp_csv *csv, const mlp_data_plan *plan, mlp_error *err)
{
    size_t m = plan->n_outputs;
    if (plan->n_targets || !csv->has_header || !one_hot_tail(csv, plan, m))
        return 0;
    name_list l;
    memset(&l, 0, sizeof l);
    for (size_t j = csv->n_cols - m; j < csv->n_cols; j++)
        list_add(&l, csv->cols[j].name, 1);
    if (l.full)
        mlp_error_hint(err, "the last %zu columns (%s) hold one 1 in each row, as one-hot "
                            "class columns for the %zu output units do: name them in "
                            "\"targets\" (the target is the last column unless \"targets\" "
                            "names it); read as features, they would give the model its answer",
                       m, l.text, m);
    else
        mlp_error_hint(err, "the last %zu columns hold one 1 in each row, as one-hot class "
                            "columns for the %zu output units do: name them in \"data\" as "
                            "\"targets\": [%s] (the target is the last column unless "
                            "\"targets\" names it); read as features, they would give the model "
                            "its answer", m, m, l.text);
    return 1;
}

/* A feature column of words among those counted against "layers": the
 * count is not the only fix, and a first layer made to fit it only moved
 * the user to the next error, that the words are not numbers (cat.csv's
 * size, color, weight against [2, 8, 3]: "set the first entry ... to 3",
 * then "green" in "color" is not a number). The column and its cures are
 * the hint instead, read from the table already parsed (each column's
 * numeric flag and cell texts), so the file is not read again. 1 when
 * such a column was found and the hint set. */
static int advise_words_column(const mlp_csv *csv, const mlp_data_plan *plan,
                               const columns *cols, const char *where, mlp_error *err)
{
    int whose = plan->n_features  ? FEATURES_LISTED
                : plan->n_targets ? FEATURES_OF_TRAINING
                                  : FEATURES_OF_TRAINING_LAST;
    char words[512];
    for (size_t k = 0; k < cols->nf; k++) {
        size_t j = cols->fidx[k];
        if (csv->cols[j].numeric || !words_cure(csv, j, whose, words, sizeof words))
            continue;
        /* Left out, the others may be what "layers" counts. */
        if (cols->nf - 1 == plan->n_inputs)
            mlp_error_hint(err, "%s (the %zu other%s match%s \"layers\")", words, plan->n_inputs,
                           mlp_plural(plan->n_inputs, "", "s"), mlp_plural(plan->n_inputs, "es", ""));
        else
            mlp_error_hint(err, "%s; then set the first entry of \"layers\" (%s) to the number "
                                "of columns read", words, where);
        return 1;
    }
    return 0;
}

static mlp_status check_feature_count(const mlp_csv *csv, const mlp_data_plan *plan,
                                      const columns *cols, mlp_error *err)
{
    if (cols->nf == plan->n_inputs)
        return MLP_OK;
    char where[MLP_ERROR_PATH_MAX + 48];
    spec_where(where, sizeof where, plan, plan->pos_layers);
    if (cols->nf == 0) {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "no feature columns (every column is a target) but \"layers\" starts "
                      "with %zu", plan->n_inputs);
        mlp_error_hint(err, "the file needs %zu feature column%s besides the target%s (see "
                            "\"layers\" at %s)", plan->n_inputs, mlp_plural(plan->n_inputs, "", "s"),
                       mlp_plural(cols->nt, "", "s"), where);
        return MLP_ERR_DATA;
    }
    name_list l;
    list_columns(&l, csv, cols->fidx, cols->nf);
    if (plan->n_features) {
        mlp_error_set(err, MLP_ERR_DATA, plan->source, plan->pos_features.line,
                      plan->pos_features.col,
                      "\"features\" names %zu column%s (%s) but \"layers\" starts with %zu",
                      cols->nf, mlp_plural(cols->nf, "", "s"), l.text, plan->n_inputs);
        if (advise_words_column(csv, plan, cols, where, err))
            return MLP_ERR_DATA;
        mlp_error_hint(err, "set the first entry of \"layers\" (%s) to %zu, or name %zu "
                            "column%s in \"features\"", where, cols->nf, plan->n_inputs,
                       mlp_plural(plan->n_inputs, "", "s"));
        return MLP_ERR_DATA;
    }
    mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                  "%zu feature column%s (%s) but \"layers\" starts with %zu", cols->nf,
                  mlp_plural(cols->nf, "", "s"), l.text, plan->n_inputs);
    if (advise_one_hot_targets(csv, plan, err) || advise_words_column(csv, plan, cols, where, err))
        return MLP_ERR_DATA;
    if (cols->nf > plan->n_inputs)
        mlp_error_hint(err, "set the first entry of \"layers\" (%s) to %zu, name the target "
                            "columns in \"targets\", or list the %zu column%s to read in "
                            "\"features\"", where, cols->nf, plan->n_inputs,
                       mlp_plural(plan->n_inputs, "", "s"));
    else
        mlp_error_hint(err, "set the first entry of \"layers\" (%s) to %zu, or name the target "
                            "columns in \"targets\"", where, cols->nf);
    return MLP_ERR_DATA;
}

/* Whether a and b differ, but only in the case of ASCII letters ("No", "no"). */
static int differ_in_case_only(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 0;
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        x = x >= 'A' && x <= 'Z' ? x + 32 : x;
        y = y >= 'A' && y <= 'Z' ? y + 32 : y;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* The most distinct values a column is scanned for when looking for the
 * class labels elsewhere in the file: label columns hold few, and the scan
 * of each column stops at one more than wanted. */
#define LABELS_LOOKED_FOR 32

/* Whether column j looks like class labels of exactly `want` classes:
 * words or whole numbers, `want` distinct values. The values seen are kept
 * in seen[0..want] (numbers) or seen_text (words), and the scan stops at a
 * fraction or at one value too many. */
static int labels_of(const mlp_csv *csv, size_t j, size_t want)
{
    double seen[LABELS_LOOKED_FOR + 1];
    const char *seen_text[LABELS_LOOKED_FOR + 1];
    const mlp_csv_column *c = &csv->cols[j];
    size_t n = 0;
    for (size_t i = 0; i < csv->n_rows; i++) {
        double v = c->numeric ? csv->values[i * csv->n_cols + j] : 0;
        const char *t = c->numeric ? NULL : c->text[i];
        if (c->numeric && v != floor(v))
            return 0;
        size_t k = 0;
        while (k < n && (c->numeric ? seen[k] != v : strcmp(seen_text[k], t) != 0))
            k++;
        if (k < n)
            continue;
        if (n == want)
            return 0;
        seen[n] = v;
        seen_text[n++] = t;
    }
    return n == want;
}

/* Whether the column of numbers j holds a number with a fraction (0.25):
 * a quantity, clearly not class labels. */
static int has_fraction(const mlp_csv *csv, size_t j)
{
    for (size_t i = 0; i < csv->n_rows; i++) {
        double v = csv->values[i * csv->n_cols + j];
        if (v != floor(v))
            return 1;
    }
    return 0;
}

/* Another column than the target j (a column of numbers) that looks like
 * the class labels the output takes (2 values for one unit, K for K
 * units), or -1. A target named like one ("class") or of whole numbers
 * may well be the labels, with the output layer the mistake: a 0/1
 * feature ("sex") beside it is then no better a guess, and naming it first
 * sent the right fix second. So another column is named only when it is
 * the one such column named like a target and j is not, or when j has
 * fractions and it is the only such column. Each process of a run in
 * parts holds some rows only, which could tell it otherwise: not looked
 * for there. */
static long labels_elsewhere(const mlp_csv *csv, const mlp_data_plan *plan, size_t j)
{
    size_t K = plan->n_outputs, want = K == 1 ? 2 : K;
    if (parted(plan) || want > LABELS_LOOKED_FOR || mlp_names_target_like(csv->cols[j].name))
        return -1;
    long found = -1, named = -1;
    size_t n_found = 0, n_named = 0;
    for (size_t c = 0; c < csv->n_cols; c++) {
        if (c == j || !labels_of(csv, c, want))
            continue;
        found = (long)c;
        n_found++;
        if (mlp_names_target_like(csv->cols[c].name)) {
            named = (long)c;
            n_named++;
        }
    }
    if (n_named == 1)
        return named;
    return n_found == 1 && has_fraction(csv, j) ? found : -1;
}

/* Adds to the hint of a label count that does not fit: a column of numbers
 * taken for the target only because it is last (no "targets") may be a
 * feature, and the classes a column in the middle of the file; the hint
 * named only the output layer's size, so the way to say which column is
 * the target was missing. When another column holds what the output
 * takes, as class labels do, naming it is the fix said first: the others
 * (a regression, more output units) train on the wrong column. Not for a
 * column of words (most likely the target), nor for two columns (the
 * other is the first, the one feature), nor without a header ("targets"
 * names header names). */
static void advise_naming_target(const mlp_csv *csv, const mlp_data_plan *plan, size_t j,
                                 mlp_error *err)
{
    if (plan->n_targets || !csv->cols[j].numeric || csv->n_cols < 3 || !csv->has_header || !err)
        return;
    char was[MLP_ERROR_TEXT_MAX];
    snprintf(was, sizeof was, "%s", err->hint);
    long c = labels_elsewhere(csv, plan, j);
    if (c >= 0) {
        size_t K = plan->n_outputs;
        mlp_error_hint(err, "\"%.40s\" looks like the class labels: its %zu distinct values "
                            "are what the output takes; name it in \"data\" as \"targets\": "
                            "[\"%.40s\"] (the target is the last column unless \"targets\" "
                            "names it); if \"%.40s\" is the column to predict, %s",
                       csv->cols[c].name, K == 1 ? (size_t)2 : K, csv->cols[c].name,
                       csv->cols[j].name, was);
        return;
    }
    mlp_error_hint(err, "%s; if \"%.40s\" is not the column to predict, name the one that is "
                        "in \"targets\" (the target is the last column unless \"targets\" "
                        "names it)", was, csv->cols[j].name);
}

/* Label count against the output units: K units take exactly K labels, one
 * unit takes exactly 2 (0 and 1). Too many labels of which two differ only
 * in letter case ("No", "no") are most likely one class written two ways:
 * the hint says so before it offers more output units. (Pairs are looked
 * for among the first 256 labels: a mistake of case is among few.) */
static mlp_status check_label_count(const mlp_csv *csv, const mlp_data_plan *plan, size_t j,
                                    char *const *labels, size_t L, size_t K, mlp_error *err)
{
    if ((K == 1 && L == 2) || (K > 1 && L == K))
        return MLP_OK;
    char where[MLP_ERROR_PATH_MAX + 48];
    spec_where(where, sizeof where, plan, plan->pos_layers);
    name_list l;
    list_strings(&l, labels, L, 1);
    const char *name = csv->cols[j].name;
    size_t ca = 0, cb = 0;
    for (size_t a = 0; !cb && a < L && a < 256; a++)
        for (size_t b = a + 1; b < L && b < 256; b++)
            if (differ_in_case_only(labels[a], labels[b])) {
                ca = a;
                cb = b;
                break;
            }
    /* Numbers with fractions (0.25, -1.13) are a quantity, not class names:
     * read as labels only because the output or the loss classifies. More
     * output units would be the wrong advice; a regression is the right one. */
    const char *fraction = NULL;
    for (size_t a = 0; csv->cols[j].numeric && !fraction && a < L; a++) {
        double v = mlp_c_strtod(labels[a], NULL);
        fraction = v != floor(v) ? labels[a] : NULL;
    }
    if (fraction && L > (K == 1 ? 2 : K)) {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "target column \"%s\" has %zu labels (%s): a %s output with %s reads "
                      "every distinct value as a class",
                      name, L, l.text, mlp_activation_name(plan->output),
                      mlp_loss_name(plan->loss));
        mlp_error_hint(err, "\"%.40s\" has a fraction, so \"%s\" looks like a number to "
                            "predict: for a regression use a linear output with \"loss\": "
                            "\"mse\"",
                       fraction, name);
        return MLP_ERR_DATA;
    }
    if (K == 1 && L == 1) {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "target column \"%s\" has only 1 label (%s); one output unit needs exactly 2",
                      name, l.text);
        mlp_error_hint(err, "the training data needs examples of both classes");
    } else if (L == 1) {
        /* Fewer output units cannot help: one unit needs 2 labels too. */
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "target column \"%s\" has only 1 label (%s) but the output layer has %zu "
                      "units, one per class", name, l.text, K);
        mlp_error_hint(err, "the training data needs examples of each of the %zu classes", K);
    } else if (K == 1) {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "target column \"%s\" has %zu labels (%s) but one output unit separates "
                      "only 2", name, L, l.text);
        mlp_error_hint(err, "set the last entry of \"layers\" (%s) to %zu, with a softmax output "
                            "and cross_entropy", where, L);
    } else {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "target column \"%s\" has %zu label%s (%s) but the output layer has %zu "
                      "units", name, L, mlp_plural(L, "", "s"), l.text, K);
        mlp_error_hint(err, "set the last entry of \"layers\" (%s) to %zu", where, L);
    }
    if (cb && L > (K == 1 ? 2 : K))
        mlp_error_hint(err, "\"%.40s\" and \"%.40s\" differ only in letter case, so they are two "
                            "labels: write each class one way; or, for %zu classes, set the last "
                            "entry of \"layers\" (%s) to %zu%s", labels[ca], labels[cb], L, where, L,
                       K == 1 ? ", with a softmax output and cross_entropy" : "");
    /* Among words "NA" or "None" may name a class (check_no_missing_label),
     * but one more label than the outputs take is more likely a gap. */
    for (size_t a = 0; !cb && L == (K == 1 ? 3 : K + 1) && a < L; a++)
        if (missing_marker(labels[a])) {
            mlp_error_hint(err, "if \"%s\" marks a missing value, fill those cells in or remove "
                                "their rows; for %zu classes, set the last entry of \"layers\" "
                                "(%s) to %zu%s", labels[a], L, where, L,
                           K == 1 ? ", with a softmax output and cross_entropy" : "");
            break;
        }
    return MLP_ERR_DATA;
}

static mlp_status build_targets(const mlp_csv *csv, const mlp_data_plan *plan, const columns *cols,
                                mlp_schema *schema, double *Y, mlp_error *err)
{
    size_t K = plan->n_outputs;
    /* A row-wise output (softmax) takes one-hot class rows. */
    int rows_out = (mlp_activation_info_of(plan->output)->flags &
                    MLP_ACT_FLAG_ROWS) != 0;
    char where[MLP_ERROR_PATH_MAX + 48];
    table_text text = {plan->csv_text, plan->csv_len};

    if (cols->nt > 1) {
        if (cols->nt != K) {
            spec_where(where, sizeof where, plan, plan->pos_layers);
            mlp_error_set(err, MLP_ERR_DATA, plan->source, plan->pos_targets.line,
                          plan->pos_targets.col,
                          "\"targets\" names %zu column%s but the output layer has %zu unit%s",
                          cols->nt, mlp_plural(cols->nt, "", "s"), K, mlp_plural(K, "", "s"));
            mlp_error_hint(err, "set the last entry of \"layers\" (%s) to %zu", where, cols->nt);
            return MLP_ERR_DATA;
        }
        int rule = rows_out ? TARGETS_ONE_HOT
                   : mlp_loss_info_of(plan->loss)->targets == MLP_LOSS_TARGETS_UNIT
                       ? TARGETS_UNIT_INTERVAL
                       : TARGETS_AS_IS;
        mlp_status st = copy_targets(csv, cols->tidx, cols->nt, rule, text, Y, err);
        if (st)
            return st;
        if (rows_out) {
            schema->labels = copy_names(csv, cols->tidx, cols->nt);
            if (!schema->labels)
                return nomem(err);
            schema->n_labels = cols->nt;
            schema->one_hot_columns = 1;
        }
        return MLP_OK;
    }

    size_t j = cols->tidx[0];
    /* Under parts only the part that holds an infinity finds it: every
     * part must stop with it before the collective steps below. */
    mlp_status fst = check_finite_numbers(csv, j, err);
    if ((fst = sync(plan, fst, err)))
        return fst;
    /* A loss that takes values, on an output that is not row-wise: a regression. */
    int values = mlp_loss_info_of(plan->loss)->targets == MLP_LOSS_TARGETS_VALUES && !rows_out;
    int classify = !values || !csv->cols[j].numeric;
    if (!classify) {
        if (K != 1) {
            spec_where(where, sizeof where, plan, plan->pos_layers);
            mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                          "one target column of numbers (\"%s\") but the output layer has %zu "
                          "units", csv->cols[j].name, K);
            /* The learner's classic: K tanh (or sigmoid, linear) units meant as
             * class probabilities. Say why that cannot work before the ways out.
             * (A softmax output never gets here: it reads the column as labels.) */
            mlp_error_hint(err, "a %s output is not a probability: to read \"%s\" as %zu classes "
                                "use a softmax output with \"loss\": \"cross_entropy\"; for a "
                                "number to predict set the last entry of \"layers\" (%s) to 1, "
                                "or name %zu target columns in \"targets\"",
                           mlp_activation_name(plan->output),
                           csv->cols[j].name, K, where, K);
            return MLP_ERR_DATA;
        }
        return copy_targets(csv, cols->tidx, 1, TARGETS_AS_IS, text, Y, err);
    }

    /* Under parts, union_labels agrees on st: every process stops with the
     * empty cell earliest in the file. */
    mlp_status st = check_no_missing_label(csv, j, plan->parts, err);
    if (values)
        st = check_regression_numbers(csv, j, plan, st, err);
    if (!st && collect_labels(csv, j, &schema->labels, &schema->n_labels))
        st = nomem(err);
    if (parted(plan))
        st = union_labels(plan->parts, st, csv->cols[j].numeric, &schema->labels,
                          &schema->n_labels, err);
    if (st)
        return st;
    st = check_label_count(csv, plan, j, schema->labels, schema->n_labels, K, err);
    if (st) {
        advise_naming_target(csv, plan, j, err);
        return st;
    }
    return map_labels(csv, j, schema->labels, schema->n_labels, K, text, Y, err);
}

/* Copies the rows marked in is_val from *all into *val and the others
 * into *train, each in file order; *all is left as it is, the caller's. */
static mlp_status partition(const mlp_dataset *all, const unsigned char *is_val, size_t n_val,
                            mlp_dataset *train, mlp_dataset *val, mlp_error *err)
{
    size_t N = all->n_rows, nf = all->n_features, K = all->n_outputs;
    mlp_dataset *parts[2] = {train, val};
    size_t counts[2] = {N - n_val, n_val};
    for (int k = 0; k < 2; k++) {
        *parts[k] = (mlp_dataset){.n_rows = counts[k], .n_features = nf, .n_outputs = K};
        parts[k]->X = mlp_alloc(counts[k] * nf, sizeof *all->X);
        parts[k]->Y = mlp_alloc(counts[k] * K, sizeof *all->Y);
        if (all->row_line) {
            parts[k]->path = mlp_alloc_strdup(all->path);
            parts[k]->row_line = mlp_alloc(counts[k] ? counts[k] : 1, sizeof *all->row_line);
        }
        if (!parts[k]->X || !parts[k]->Y ||
            (all->row_line && (!parts[k]->path || !parts[k]->row_line)))
            return nomem(err);
    }
    size_t next[2] = {0, 0};
    for (size_t i = 0; i < N; i++) {
        int k = is_val[i] != 0;
        size_t r = next[k]++;
        memcpy(parts[k]->X + r * nf, all->X + i * nf, nf * sizeof *all->X);
        memcpy(parts[k]->Y + r * K, all->Y + i * K, K * sizeof *all->Y);
        if (all->row_line)
            parts[k]->row_line[r] = all->row_line[i];
    }
    return MLP_OK;
}

/* Shuffles idx[0..n) with the generator (Fisher-Yates, an index drawn as
 * floor(u (i + 1)) from a uniform u in [0, 1)). */
static void shuffle(size_t *idx, size_t n, mlp_rng *rng)
{
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)(mlp_rng_uniform(rng) * (double)(i + 1));
        if (j > i)
            j = i;
        size_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
}

/* mlp_dataset_choose_validation over N rows whose classes are those of
 * the target rows Y (N, K), or cls[i] when cls is not NULL. */
static mlp_status choose(size_t N, size_t K, const double *Y, const uint32_t *cls, int stratify,
                         double fraction, uint64_t seed, unsigned char *is_val, size_t *n_chosen,
                         mlp_error *err)
{
    *n_chosen = 0;
    memset(is_val, 0, N);
    size_t *idx = mlp_alloc(N ? N : 1, sizeof *idx);
    if (!idx)
        return nomem(err);
    size_t n_classes = stratify ? (K == 1 ? 2 : K) : 1;
    mlp_rng rng;
    mlp_rng_seed(&rng, seed);
    size_t n_val = 0;
    for (size_t c = 0; c < n_classes; c++) {
        size_t n = 0;
        for (size_t i = 0; i < N; i++)
            if (!stratify || (cls ? cls[i] : mlp_net_class_of(Y + i * K, K)) == c)
                idx[n++] = i;
        shuffle(idx, n, &rng);
        size_t take = (size_t)floor(fraction * (double)n + 0.5);
        if (n > 0 && take > n - 1)
            take = n - 1;
        for (size_t k = 0; k < take; k++)
            is_val[idx[k]] = 1;
        n_val += take;
    }
    free(idx);
    *n_chosen = n_val;
    return MLP_OK;
}

mlp_status mlp_dataset_choose_validation(const mlp_dataset *data, int stratify, double fraction,
                                         uint64_t seed, unsigned char *is_val, size_t *n_chosen,
                                         mlp_error *err)
{
    return choose(data->n_rows, data->n_outputs, data->Y, NULL, stratify, fraction, seed, is_val,
                  n_chosen, err);
}

/* The same choice made for every row of every part: each part's row
 * classes gathered (4 bytes a row), the choice made on all of them as one
 * process makes it, and this part's rows of it kept: is_val (data->n_rows)
 * and *n_mine for this part, *n_all, *n_chosen for all parts. */
static mlp_status choose_parts(const mlp_parts *parts, const mlp_dataset *data, int stratify,
                               double fraction, uint64_t seed, unsigned char *is_val,
                               size_t *n_mine, size_t *n_all, size_t *n_chosen, mlp_error *err)
{
    size_t N = data->n_rows, K = data->n_outputs;
    uint32_t *mine = mlp_alloc(N ? N : 1, sizeof *mine);
    mlp_status st = mine ? MLP_OK : nomem(err);
    for (size_t i = 0; mine && i < N; i++)
        mine[i] = stratify ? (uint32_t)mlp_net_class_of(data->Y + i * K, K) : 0;
    void *all_v = NULL;
    size_t *lens = NULL;
    st = mlp_parts_gather(parts, st, mine, N * sizeof *mine, &all_v, &lens, err);
    free(mine);
    if (st)
        return st;
    size_t total = 0, first = 0;
    for (int q = 0; q < parts->size; q++) {
        if (q < parts->rank)
            first += lens[q] / sizeof *mine;
        total += lens[q] / sizeof *mine;
    }
    unsigned char *all_val = mlp_alloc(total ? total : 1, 1);
    st = all_val ? choose(total, K, NULL, all_v, stratify, fraction, seed, all_val, n_chosen, err)
                 : nomem(err);
    if (!st) {
        memcpy(is_val, all_val + first, N);
        *n_mine = 0;
        for (size_t i = 0; i < N; i++)
            *n_mine += is_val[i];
        *n_all = total;
    }
    free(all_val);
    free(all_v);
    free(lens);
    return st;
}

/* Holds out plan->validation_split of the rows of *data (not yet
 * normalised) as *val, the others copied into *train; *data is left as it
 * is. With parts, the rows one process would hold out. */
static mlp_status split_rows(const mlp_csv *csv, const mlp_data_plan *plan, const mlp_schema *schema,
                             const mlp_dataset *data, mlp_dataset *train, mlp_dataset *val,
                             mlp_error *err)
{
    size_t N = data->n_rows;
    unsigned char *is_val = mlp_alloc(N ? N : 1, 1);
    mlp_status st = is_val ? MLP_OK : nomem(err);
    if ((st = sync(plan, st, err))) {
        free(is_val);
        return st;
    }
    /* Its own stream, apart from the one mlp_net_init draws the weights from. */
    uint64_t seed = plan->split_seed ^ MLP_DATASET_SPLIT_STREAM;
    size_t n_val = 0, n_mine = 0, N_all = N;
    if (parted(plan)) {
        st = choose_parts(plan->parts, data, schema->n_labels > 0, plan->validation_split, seed,
                          is_val, &n_mine, &N_all, &n_val, err);
        st = sync(plan, st, err);
    } else {
        st = mlp_dataset_choose_validation(data, schema->n_labels > 0, plan->validation_split,
                                           seed, is_val, &n_val, err);
        n_mine = n_val;
    }
    if (st) {
        free(is_val);
        return st;
    }
    if (n_val == 0 || n_val == N_all) {
        free(is_val);
        mlp_error_set(err, MLP_ERR_DATA, plan->source, plan->pos_validation_split.line,
                      plan->pos_validation_split.col,
                      "\"validation_split\" %g of the %zu row%s of %s leaves no %s row",
                      plan->validation_split, N_all, mlp_plural(N_all, "", "s"), csv->path,
                      n_val == 0 ? "validation" : "training");
        mlp_error_hint(err, "use more rows, a %s fraction, or a \"validation\" file",
                       n_val == 0 ? "larger" : "smaller");
        return MLP_ERR_DATA;
    }
    st = partition(data, is_val, n_mine, train, val, err);
    free(is_val);
    return sync(plan, st, err);
}

/* Deep copy of the names and labels of a schema (no statistics). */
static mlp_status copy_schema_names(const mlp_schema *from, mlp_schema *to, mlp_error *err)
{
    *to = (mlp_schema){.n_features = from->n_features,
                       .names_from_header = from->names_from_header,
                       .n_targets = from->n_targets,
                       .target_names_made_up = from->target_names_made_up,
                       .n_outputs = from->n_outputs,
                       .one_hot_columns = from->one_hot_columns,
                       .normalize = from->normalize};
    char **lists[3] = {from->feature_names, from->target_names, from->labels};
    char ***into[3] = {&to->feature_names, &to->target_names, &to->labels};
    size_t counts[3] = {from->n_features, from->n_targets, from->n_labels};
    for (int k = 0; k < 3; k++) {
        if (!lists[k])
            continue;
        *into[k] = mlp_alloc_zero(counts[k] ? counts[k] : 1, sizeof **into[k]);
        if (!*into[k])
            return nomem(err);
        if (k == 2)
            to->n_labels = counts[k];
        for (size_t n = 0; n < counts[k]; n++)
            if (!((*into[k])[n] = mlp_alloc_strdup(lists[k][n])))
                return nomem(err);
    }
    return MLP_OK;
}

/* The statistics of data's rows (or the plan's, when it has them) into
 * schema, applied to data and to also (NULL or another set). */
static mlp_status normalise(const mlp_data_plan *plan, mlp_schema *schema, mlp_dataset *data,
                            mlp_dataset *also, mlp_error *err)
{
    if (schema->normalize != MLP_NORMALIZE_STANDARD)
        return MLP_OK;
    size_t nf = schema->n_features;
    schema->mean = mlp_alloc(nf, sizeof *schema->mean);
    schema->std = mlp_alloc(nf, sizeof *schema->std);
    mlp_status st = schema->mean && schema->std ? MLP_OK : nomem(err);
    if ((st = sync(plan, st, err)))
        return st;
    if (plan->mean && plan->std) {
        memcpy(schema->mean, plan->mean, nf * sizeof *schema->mean);
        memcpy(schema->std, plan->std, nf * sizeof *schema->std);
    } else if (parted(plan)) {
        if ((st = parts_stats(plan->parts, data->X, data->n_rows, nf, schema->mean, schema->std,
                              err)))
            return st;
    } else {
        standard_stats(data->X, data->n_rows, nf, schema->mean, schema->std);
    }
    apply_stats(data->X, data->n_rows, nf, schema->mean, schema->std);
    if (also && also->X)
        apply_stats(also->X, also->n_rows, nf, schema->mean, schema->std);
    return MLP_OK;
}

static mlp_status build_training(const mlp_csv *csv, const mlp_data_plan *plan, columns *cols,
                                 mlp_schema *schema, mlp_dataset *data, mlp_dataset *val,
                                 mlp_schema *full_schema, mlp_dataset *full, mlp_error *err)
{
    size_t K = plan->n_outputs;

    /* With parts, each sync below is a step every process makes (see sync). */
    mlp_status st = choose_columns(csv, plan, cols, err);
    if (!st)
        st = check_feature_count(csv, plan, cols, err);
    if (!st)
        st = check_features_numeric(csv, cols->fidx, cols->nf,
                                    plan->n_features  ? FEATURES_LISTED
                                    : plan->n_targets ? FEATURES_OF_TRAINING
                                                      : FEATURES_OF_TRAINING_LAST,
                                    err);
    if ((st = sync(plan, st, err)))
        return st;

    /* The table of the run: N rows of nf features and K outputs, 8 bytes
     * each. Its size is told when it cannot be had: a text target of many
     * labels (an ID column taken for the target) makes K large. */
    size_t N = csv->n_rows;
    int too_big = K && N > SIZE_MAX / K;
    if (!too_big) {
        data->n_rows = N;
        data->n_features = cols->nf;
        data->n_outputs = K;
        data->X = copy_features(csv, cols->fidx, cols->nf);
        data->Y = mlp_alloc(N * K, sizeof *data->Y);
    }
    if (too_big || !data->X || !data->Y)
        st = mlp_alloc_error(err, NULL, 8.0 * (double)N * (double)(cols->nf + K),
                             "use fewer rows, or fewer outputs (a text target of L labels takes L "
                             "outputs a row)",
                             "a data set of %zu rows x %zu values", N, cols->nf + K);
    if (!st)
        st = keep_origin(csv, data, err);
    if (!st) {
        schema->n_features = cols->nf;
        schema->names_from_header = csv->has_header;
        schema->n_targets = cols->nt;
        schema->n_outputs = K;
        schema->normalize = plan->normalize;
        schema->feature_names = copy_names(csv, cols->fidx, cols->nf);
        schema->target_names = copy_names(csv, cols->tidx, cols->nt);
        if (!schema->feature_names || !schema->target_names)
            st = nomem(err);
    }
    if ((st = sync(plan, st, err)))
        return st;

    st = build_targets(csv, plan, cols, schema, data->Y, err);
    if ((st = sync(plan, st, err)))
        return st;
    int split = val && plan->validation_split > 0;
    if (split) {
        /* Every row, converted once: the training and held-out rows are
         * copied out of it, and it is then the full set (with statistics
         * of its own) or freed. Two copies of the rows at most, not three
         * (a copy of them for the full set, then the split's): the peak of
         * a split run (docs/performance.md). */
        mlp_dataset all = *data;
        memset(data, 0, sizeof *data);
        st = split_rows(csv, plan, schema, &all, data, val, err);
        if (!st && full) {
            *full = all;
            memset(&all, 0, sizeof all);
            st = copy_schema_names(schema, full_schema, err);
            if (!(st = sync(plan, st, err)))
                st = normalise(plan, full_schema, full, NULL, err);
        }
        mlp_dataset_free(&all);
        if (st)
            return st;
    }
    return normalise(plan, schema, data, val, err);
}

/* A plan made by hand, checked as dataset.h documents it before anything
 * reads through it: a code out of range would index the activation and
 * loss tables, a NULL list with a count would be dereferenced. */
static mlp_status bad_plan(mlp_error *err, const char *field, const char *what)
{
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_data_plan.%s %s", field, what);
    mlp_error_hint(err, "set %s as include/mlp/dataset.h describes it, or make the plan with "
                        "mlp_spec_data_plan",
                   field);
    return MLP_ERR_USAGE;
}

/* A list of n column names of the plan (field "targets" or "features"):
 * the array and every name present when n says there are some. */
static mlp_status check_plan_names(char *const *names, size_t n, const char *field,
                                   mlp_error *err)
{
    char what[96];
    if (n > 0 && !names) {
        snprintf(what, sizeof what, "is NULL but n_%s is %zu", field, n);
        return bad_plan(err, field, what);
    }
    for (size_t j = 0; j < n; j++)
        if (!names[j]) {
            snprintf(what, sizeof what, "[%zu] is NULL", j);
            return bad_plan(err, field, what);
        }
    return MLP_OK;
}

static mlp_status check_plan(const mlp_data_plan *plan, mlp_error *err)
{
    char what[96];
    if (plan->n_inputs < 1)
        return bad_plan(err, "n_inputs", "is 0: the network has at least 1 input (sizes[0])");
    if (plan->n_outputs < 1)
        return bad_plan(err, "n_outputs",
                        "is 0: the network has at least 1 output unit (sizes[n_layers])");
    if ((unsigned)plan->output >= MLP_ACT_COUNT) {
        snprintf(what, sizeof what, "is %d, not an activation (mlp_activation)", (int)plan->output);
        return bad_plan(err, "output", what);
    }
    if ((unsigned)plan->loss >= MLP_LOSS_COUNT) {
        snprintf(what, sizeof what, "is %d, not a loss (mlp_loss)", (int)plan->loss);
        return bad_plan(err, "loss", what);
    }
    if (plan->normalize != MLP_NORMALIZE_NONE && plan->normalize != MLP_NORMALIZE_STANDARD) {
        snprintf(what, sizeof what, "is %d, not an mlp_normalize", (int)plan->normalize);
        return bad_plan(err, "normalize", what);
    }
    mlp_status st = check_plan_names(plan->targets, plan->n_targets, "targets", err);
    if (!st)
        st = check_plan_names(plan->features, plan->n_features, "features", err);
    if (st)
        return st;
    if (!(plan->validation_split >= 0 && plan->validation_split < 1)) {
        mlp_c_snprintf(what, sizeof what, "must be in (0, 1), or 0 for none, not %g",
                 plan->validation_split);
        return bad_plan(err, "validation_split", what);
    }
    if (!plan->mean != !plan->std)
        return bad_plan(err, plan->mean ? "std" : "mean",
                        "is NULL but the other statistic is given: give both or neither");
    for (size_t j = 0; plan->mean && j < plan->n_inputs; j++) {
        if (!isfinite(plan->mean[j])) {
            mlp_c_snprintf(what, sizeof what, "[%zu] is %g, not a finite number", j, plan->mean[j]);
            return bad_plan(err, "mean", what);
        }
        if (!(isfinite(plan->std[j]) && plan->std[j] > 0)) {
            mlp_c_snprintf(what, sizeof what, "[%zu] is %g, not a finite number > 0", j, plan->std[j]);
            return bad_plan(err, "std", what);
        }
    }
    return MLP_OK;
}

mlp_status mlp_dataset_build(const mlp_csv *csv, const mlp_data_plan *plan, mlp_schema *schema,
                             mlp_dataset *train, mlp_dataset *val, mlp_schema *full_schema,
                             mlp_dataset *full, mlp_error *err)
{
    /* Every output zeroed before any check: a caller frees them all after
     * every failure, a NULL argument's included. */
    if (schema)
        memset(schema, 0, sizeof *schema);
    if (train)
        memset(train, 0, sizeof *train);
    if (val)
        memset(val, 0, sizeof *val);
    if (full_schema)
        memset(full_schema, 0, sizeof *full_schema);
    if (full)
        memset(full, 0, sizeof *full);
    if (!csv || !plan || !schema || !train)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_dataset_build: %s is NULL",
                             !csv ? "the table" : !plan ? "the plan" : !schema ? "schema" : "train");
    mlp_status st = check_plan(plan, err);
    if (st)
        return st;
    columns cols;
    memset(&cols, 0, sizeof cols);
    st = build_training(csv, plan, &cols, schema, train, val,
                                   full && full_schema ? full_schema : NULL,
                                   full && full_schema ? full : NULL, err);
    free(cols.tidx);
    free(cols.fidx);
    free(cols.is_target);
    if (st) {
        mlp_schema_free(schema);
        mlp_dataset_free(train);
        mlp_dataset_free(val);
        if (full_schema)
            mlp_schema_free(full_schema);
        mlp_dataset_free(full);
    }
    return st;
}

/* ------------------------------------------------------------------------ */
/* A file read for a trained model                                          */

/* The targets of a model that reads its features by name but has no target
 * names of its own (an .npz without target_names): the columns that are not
 * features, in file order, when there are as many as it has targets. */
static mlp_status unnamed_targets(const mlp_csv *csv, const mlp_schema *schema, int need_targets,
                                  const size_t *fidx, size_t *tidx, int *have_targets,
                                  mlp_error *err)
{
    size_t nf = schema->n_features, nt = schema->n_targets, rest = 0;
    for (size_t j = 0; j < csv->n_cols; j++) {
        int feature = 0;
        for (size_t k = 0; k < nf && !feature; k++)
            feature = fidx[k] == j;
        if (!feature && rest < nt)
            tidx[rest] = j;
        rest += !feature;
    }
    *have_targets = rest == nt;
    if (need_targets && !*have_targets) {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "%zu column%s besides the features, but the model has %zu target%s and no "
                      "target names to find them by", rest, mlp_plural(rest, "", "s"), nt,
                      mlp_plural(nt, "", "s"));
        mlp_error_hint(err, "evaluation takes the columns that are not features as the targets; "
                            "leave only those, or save target_names in the .npz "
                            "(docs/numpy.md)");
        return MLP_ERR_DATA;
    }
    return MLP_OK;
}

/* Whether `latin` read as Latin-1 is `utf8`: each byte below 0x80 the
 * same, each other byte the two bytes of its code point U+0080..U+00FF, as
 * iconv -f latin1 -t utf-8 writes them. */
static int latin1_reads_as(const char *latin, const char *utf8)
{
    const unsigned char *l = (const unsigned char *)latin, *u = (const unsigned char *)utf8;
    for (; *l; l++) {
        if (*l < 0x80) {
            if (*u++ != *l)
                return 0;
        } else {
            if (u[0] != (0xC0 | (*l >> 6)) || u[1] != (0x80 | (*l & 0x3F)))
                return 0;
            u += 2;
        }
    }
    return *u == '\0';
}

/* The first byte of s that is no part of UTF-8 (mlp_utf8_length, the test
 * the reader and error.c make), or NULL when s is UTF-8. */
static const unsigned char *first_non_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left) {
        size_t n = mlp_utf8_length(p, left);
        if (!n)
            return p;
        p += n;
        left -= n;
    }
    return NULL;
}

/* The column whose header name is `name` in the other encoding, or -1:
 * `name` not UTF-8 and the column's name its Latin-1 bytes in UTF-8, or the
 * reverse. A model trained on a Latin-1 header (Excel's CSV on Windows)
 * and given the same file saved as UTF-8 looked for "caf\xe9" in a header
 * that shows "café", and said only that there is no such column. Looked
 * for once, when a name is missing. */
static long other_encoding_column(const mlp_csv *csv, const char *name)
{
    int name_latin = first_non_utf8(name) != NULL;
    for (size_t j = 0; j < csv->n_cols; j++) {
        const char *h = csv->cols[j].name;
        int h_latin = first_non_utf8(h) != NULL;
        if (name_latin != h_latin &&
            (name_latin ? latin1_reads_as(name, h) : latin1_reads_as(h, name)))
            return (long)j;
    }
    return -1;
}

/* The model's name `name` (of a feature, or with `target` of a target) is
 * missing from the header, and column j holds it in the other encoding:
 * the error at that column's cell, with the conversion that makes the two
 * one. A model of Latin-1 names can also be trained again on its file
 * made UTF-8, the encoding a spec and every other tool use. */
static mlp_status refuse_other_encoding(const mlp_csv *csv, table_text text, const char *name,
                                        int target, size_t j, mlp_error *err)
{
    const char *file_name = csv->cols[j].name;
    int model_latin = first_non_utf8(name) != NULL;
    char latin[32];
    snprintf(latin, sizeof latin, "Latin-1 (byte %02X)",
             (unsigned)*first_non_utf8(model_latin ? name : file_name));
    mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), header_col(csv, text, j),
                  "no %scolumn \"%s\", but column %zu, \"%s\", is the same text in another "
                  "encoding: the model's name is %s, the file's %s",
                  target ? "target " : "", name, j + 1, file_name,
                  model_latin ? latin : "UTF-8", model_latin ? "UTF-8" : latin);
    if (model_latin)
        mlp_error_hint(err, "convert the file to the model's Latin-1, for example with iconv -f "
                            "utf-8 -t latin1 FILE > FILE-latin1.csv, or train the model again "
                            "on its training file converted to UTF-8 (iconv -f latin1 -t "
                            "utf-8)");
    else
        mlp_error_hint(err, "mlp reads UTF-8 (or plain ASCII); convert the file first, for "
                            "example with iconv -f latin1 -t utf-8 FILE > FILE-utf8.csv");
    return MLP_ERR_DATA;
}

/* The byte that Windows-1252 writes for code point cp, for its 27 letters
 * and signs at 0x80..0x9F beyond Latin-1 ("Ÿ" U+0178 is 0x9F), or 0. */
static unsigned char cp1252_byte(unsigned long cp)
{
    static const unsigned short high[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
    for (unsigned k = 0; k < 32; k++)
        if (high[k] && high[k] == cp)
            return (unsigned char)(0x80 + k);
    return 0;
}

/* Undoes one round of mojibake: UTF-8 bytes read as Latin-1 or
 * Windows-1252 and saved as UTF-8 again ("cafÃ©" for "café", "GrÃ¶ÃŸe"
 * for "Größe"), what a spreadsheet makes of a UTF-8 file opened as its
 * own encoding. Each character of s goes back to the one byte it was
 * read from, into out (strlen(s) + 1 bytes). 1 when that gave other bytes
 * that are UTF-8 (so s was such a reading), else 0 (out holds nothing to use). */
static int undo_mojibake(const char *s, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s), o = 0;
    int changed = 0;
    while (left) {
        size_t n = mlp_utf8_length(p, left);
        if (n == 0 || n == 4)
            return 0; /* not UTF-8, or a character neither encoding has */
        unsigned long cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1Fu : p[0] & 0x0Fu;
        for (size_t i = 1; i < n; i++)
            cp = cp << 6 | (p[i] & 0x3Fu);
        unsigned char b = cp <= 0xFF ? (unsigned char)cp : cp1252_byte(cp);
        if (!b)
            return 0; /* a character neither encoding has */
        changed |= b >= 0x80;
        out[o++] = (char)b;
        p += n;
        left -= n;
    }
    out[o] = '\0';
    return changed && !first_non_utf8(out);
}

/* The length of the separator at s that people write between the words
 * of a name, or leave at its ends: a blank, tab, '_', '-', '.', or the
 * no-break space (C2 A0) a spreadsheet puts in; 0 when none. */
static size_t name_separator_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '_' || *s == '-' || *s == '.')
        return 1;
    return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 : 0;
}

/* Writes into key (strlen(name) + 1 bytes) what stays of the column name
 * `name` across the ways one name gets spelt: mojibake undone (up to
 * three rounds), ASCII letters in lower case, separators dropped
 * ("Sepal Length", "sepal_length " and "sepalLength" are one key). A run
 * of separators between two digits stays, as '_': "x1_2" (row 1, column
 * 2) and "x12" are two columns, as "x2" and "x3" are. scratch is another
 * buffer of key's size. */
static void name_key(const char *name, char *key, char *scratch)
{
    strcpy(key, name);
    for (int round = 0; round < 3 && undo_mojibake(key, scratch); round++)
        strcpy(key, scratch);
    char *out = key;
    for (const char *p = key; *p;) {
        size_t n = name_separator_at(p);
        if (!n) {
            char c = *p++;
            *out++ = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            continue;
        }
        while ((n = name_separator_at(p)) != 0)
            p += n;
        if (out > key && out[-1] >= '0' && out[-1] <= '9' && *p >= '0' && *p <= '9')
            *out++ = '_';
    }
    *out = '\0';
}

/* The header cell that most likely holds the model's column `name`, which
 * the header lacks, under another spelling of the same name: one of the
 * cells no name of the model matches (a column the model reads is not the
 * one misspelt), the same but for letter case, else the first with the
 * same name_key ("x_1" or "X1 " for "x1", "cafÃ©" for "café"). Never a
 * name only near it ("z" for "y", "x3" for "x2"): that is another column,
 * which renamed would be read silently in its place. -1 when none (also
 * when out of memory: the message is then given without the suggestion). */
static long misnamed_column(const mlp_csv *csv, const mlp_name *index, const mlp_schema *schema,
                            const char *name)
{
    size_t longest = strlen(name);
    for (size_t j = 0; j < csv->n_cols; j++)
        if (strlen(csv->cols[j].name) > longest)
            longest = strlen(csv->cols[j].name);
    unsigned char *read = mlp_alloc_zero(csv->n_cols ? csv->n_cols : 1, 1);
    char *want = mlp_alloc(3, longest + 1); /* the name's key, a cell's, and scratch */
    long found = -1;
    if (read && want) {
        char *key = want + longest + 1, *scratch = key + longest + 1;
        for (size_t k = 0; k < schema->n_features + schema->n_targets; k++) {
            long j = find_column(csv, index, k < schema->n_features
                                                 ? schema->feature_names[k]
                                                 : schema->target_names[k - schema->n_features]);
            if (j >= 0)
                read[j] = 1;
        }
        for (size_t j = 0; found < 0 && j < csv->n_cols; j++)
            if (!read[j] && differ_in_case_only(name, csv->cols[j].name))
                found = (long)j;
        name_key(name, want, scratch);
        for (size_t j = 0; found < 0 && want[0] && j < csv->n_cols; j++) {
            if (read[j])
                continue;
            name_key(csv->cols[j].name, key, scratch);
            if (strcmp(want, key) == 0)
                found = (long)j;
        }
    }
    free(read);
    free(want);
    return found;
}

/* The model's feature `name` is missing from the header: the error, with
 * the header cell `near` that most likely holds it misspelt (-1: none)
 * and the rename that fixes it, else the column to add. */
static mlp_status refuse_missing_feature(const mlp_csv *csv, table_text text,
                                         const mlp_schema *schema, const char *name, long near,
                                         mlp_error *err)
{
    name_list l;
    list_strings(&l, schema->feature_names, schema->n_features, 0);
    mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv),
                  near >= 0 ? header_col(csv, text, (size_t)near) : 0, "no column \"%s\"", name);
    if (near >= 0)
        mlp_error_hint(err, "did you mean \"%s\"? rename the header cell to \"%s\": the model "
                            "reads the columns %s by header name", csv->cols[near].name, name,
                       l.text);
    else
        mlp_error_hint(err, "the model reads the columns %s by header name; add the column "
                            "\"%s\" (extra columns are ignored)", l.text, name);
    return MLP_ERR_DATA;
}

/* Finds the feature and target columns of csv for schema. *have_targets is
 * set when every target column is there. */
static mlp_status match_columns(const mlp_csv *csv, table_text text, const mlp_schema *schema,
                                int need_targets, size_t *fidx, size_t *tidx, int *have_targets,
                                mlp_error *err)
{
    size_t nf = schema->n_features, nt = schema->n_targets;
    name_list l;
    *have_targets = 0;
    /* A model that reads by name finds no names in a table without a
     * header, and by position it would read what stands first. */
    mlp_status st = mlp_schema_check_header(schema, csv->has_header, csv->n_cols, csv->path,
                                            head_line(csv), "the file", "the model", "", err);
    if (st)
        return st;
    if (schema->names_from_header) {
        mlp_name *index = mlp_names_of_csv(csv);
        if (!index)
            return nomem(err);
        for (size_t k = 0; k < nf; k++) {
            long j = find_column(csv, index, schema->feature_names[k]);
            if (j < 0) {
                long near = misnamed_column(csv, index, schema, schema->feature_names[k]);
                free(index);
                long twin = other_encoding_column(csv, schema->feature_names[k]);
                if (twin >= 0)
                    return refuse_other_encoding(csv, text, schema->feature_names[k], 0,
                                                 (size_t)twin, err);
                return refuse_missing_feature(csv, text, schema, schema->feature_names[k], near,
                                              err);
            }
            fidx[k] = (size_t)j;
        }
        if (schema->target_names_made_up) {
            free(index);
            return unnamed_targets(csv, schema, need_targets, fidx, tidx, have_targets, err);
        }
        size_t missing = SIZE_MAX;
        for (size_t k = 0; k < nt; k++) {
            long j = find_column(csv, index, schema->target_names[k]);
            if (j < 0) {
                if (missing == SIZE_MAX)
                    missing = k;
            } else {
                tidx[k] = (size_t)j;
            }
        }
        long near_target = need_targets && missing != SIZE_MAX
                               ? misnamed_column(csv, index, schema, schema->target_names[missing])
                               : -1;
        free(index);
        *have_targets = missing == SIZE_MAX;
        if (need_targets && !*have_targets) {
            long twin = other_encoding_column(csv, schema->target_names[missing]);
            if (twin >= 0)
                return refuse_other_encoding(csv, text, schema->target_names[missing], 1,
                                             (size_t)twin, err);
            const char *want = schema->target_names[missing];
            long j = near_target;
            mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv),
                          j >= 0 ? header_col(csv, text, (size_t)j) : 0,
                          "no target column \"%s\"", want);
            if (j >= 0)
                mlp_error_hint(err, "did you mean \"%s\"? rename the header cell to \"%s\": "
                                    "evaluation compares the outputs with the targets, found "
                                    "by header name", csv->cols[j].name, want);
            else
                mlp_error_hint(err, "evaluation compares the outputs with the targets; add the "
                                    "column \"%s\"", want);
            return MLP_ERR_DATA;
        }
        return MLP_OK;
    }

    /* By position (a model trained without a header) a header's names are
     * not matched, but a column without one is still no column the model
     * was trained on: pandas' to_csv writes its row index so, and read as
     * the first feature it shifts every column by one (the last feature
     * read as the target). */
    for (size_t j = 0; csv->has_header && j < csv->n_cols; j++)
        if (!csv->cols[j].name[0])
            return refuse_unnamed(csv, text, j, READ_BY_POSITION, err);
    if (csv->n_cols != nf && csv->n_cols != nf + nt) {
        name_list t;
        list_strings(&l, schema->feature_names, nf, 0);
        list_strings(&t, schema->target_names, nt, 0);
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "%zu column%s but the model takes %zu (features only) or %zu (features, "
                      "then targets)", csv->n_cols, mlp_plural(csv->n_cols, "", "s"), nf, nf + nt);
        mlp_error_hint(err, "the model was trained on the features %s and the target%s %s",
                       l.text, mlp_plural(nt, "", "s"), t.text);
        return MLP_ERR_DATA;
    }
    for (size_t k = 0; k < nf; k++)
        fidx[k] = k;
    *have_targets = csv->n_cols == nf + nt;
    for (size_t k = 0; *have_targets && k < nt; k++)
        tidx[k] = nf + k;
    if (need_targets && !*have_targets) {
        mlp_error_set(err, MLP_ERR_DATA, csv->path, head_line(csv), 0,
                      "%zu column%s, the features only, but evaluation needs the targets too",
                      csv->n_cols, mlp_plural(csv->n_cols, "", "s"));
        mlp_error_hint(err, "add the %s last (%zu columns in all)",
                       nt == 1 ? "target column" : "target columns", nf + nt);
        return MLP_ERR_DATA;
    }
    return MLP_OK;
}

static mlp_status build_for_schema(const mlp_csv *csv, table_text text, const mlp_schema *schema,
                                   int targets, size_t *fidx, size_t *tidx, mlp_dataset *data,
                                   mlp_error *err)
{
    int have_targets = 0;
    mlp_status st = match_columns(csv, text, schema, targets == MLP_TARGETS_REQUIRED, fidx,
                                  tidx, &have_targets, err);
    if (!st)
        st = check_features_numeric(csv, fidx, schema->n_features, FEATURES_FOR_MODEL, err);
    if (st)
        return st;

    size_t N = csv->n_rows, nf = schema->n_features, K = schema->n_outputs;
    data->n_rows = N;
    data->n_features = nf;
    data->n_outputs = K;
    data->X = copy_features(csv, fidx, nf);
    if (!data->X)
        return nomem(err);
    if ((st = keep_origin(csv, data, err)))
        return st;
    if (schema->normalize == MLP_NORMALIZE_STANDARD && schema->mean && schema->std)
        apply_stats(data->X, N, nf, schema->mean, schema->std);
    if (!have_targets || targets == MLP_TARGETS_IGNORED)
        return MLP_OK;

    if (K && N > SIZE_MAX / K)
        return nomem(err);
    data->Y = mlp_alloc(N * K, sizeof *data->Y);
    if (!data->Y)
        return nomem(err);
    if (schema->n_labels > 0 && !schema->one_hot_columns)
        return check_no_missing_label(csv, tidx[0], NULL, err)
                   ? MLP_ERR_DATA
                   : map_labels(csv, tidx[0], schema->labels, schema->n_labels, K, text, data->Y,
                                err);
    if (schema->n_targets != K)
        return mlp_error_set(err, MLP_ERR_DATA, csv->path, 0, 0,
                             "the model has %zu target columns for %zu output units",
                             schema->n_targets, K);
    return copy_targets(csv, tidx, schema->n_targets,
                        schema->one_hot_columns ? TARGETS_ONE_HOT : TARGETS_AS_IS, text, data->Y,
                        err);
}

mlp_status mlp_dataset_with_schema(const mlp_csv *csv, const mlp_schema *schema,
                                   int targets, mlp_dataset *data, mlp_error *err)
{
    return mlp_dataset_with_schema_text(csv, NULL, 0, schema, targets, data, err);
}

mlp_status mlp_dataset_with_schema_text(const mlp_csv *csv, const char *text, size_t len,
                                        const mlp_schema *schema, int targets, mlp_dataset *data,
                                        mlp_error *err)
{
    /* Zeroed before any check: a caller frees *data after every failure. */
    if (data)
        memset(data, 0, sizeof *data);
    if (!csv || !schema || !data)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "mlp_dataset_with_schema: %s is NULL",
                             !csv ? "the table" : !schema ? "the schema" : "data");
    if (targets != MLP_TARGETS_IF_PRESENT && targets != MLP_TARGETS_REQUIRED &&
        targets != MLP_TARGETS_IGNORED) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                      "mlp_dataset_with_schema: targets is %d, not an MLP_TARGETS_* value", targets);
        mlp_error_hint(err, "pass MLP_TARGETS_IF_PRESENT, MLP_TARGETS_REQUIRED or "
                            "MLP_TARGETS_IGNORED");
        return MLP_ERR_USAGE;
    }
    /* A schema comes from a weights file; one that would index past Y is refused. */
    size_t K = schema->n_outputs, L = schema->n_labels;
    if (schema->n_features == 0 || schema->n_targets == 0 || K == 0 ||
        (L > 0 && !schema->one_hot_columns && !(K == 1 ? L == 2 : L == K)) ||
        (L > 0 && !schema->one_hot_columns && schema->n_targets != 1)) {
        mlp_error_set(err, MLP_ERR_DATA, NULL, 0, 0,
                      "the model's schema is inconsistent (%zu feature%s, %zu target%s, "
                      "%zu output%s, %zu label%s)",
                      schema->n_features, mlp_plural(schema->n_features, "", "s"),
                      schema->n_targets, mlp_plural(schema->n_targets, "", "s"), K,
                      mlp_plural(K, "", "s"), L, mlp_plural(L, "", "s"));
        /* A hand-made schema is the likely cause: a read one is checked. */
        mlp_error_hint(err, "pass the schema read with the model (mlp_weights_read) or made by "
                            "mlp_dataset_build: at least 1 feature, target and output, and "
                            "labels in one target column, 2 for one output or one per output");
        return MLP_ERR_DATA;
    }
    size_t *fidx = mlp_alloc(schema->n_features, sizeof *fidx);
    size_t *tidx = mlp_alloc(schema->n_targets, sizeof *tidx);
    mlp_status st = (fidx && tidx)
                        ? build_for_schema(csv, (table_text){text, len}, schema, targets, fidx,
                                           tidx, data, err)
                        : nomem(err);
    free(fidx);
    free(tidx);
    if (st)
        mlp_dataset_free(data);
    return st;
}

/* ------------------------------------------------------------------------ */

void mlp_dataset_free(mlp_dataset *data)
{
    if (!data)
        return;
    free(data->X);
    free(data->Y);
    free(data->path);
    free(data->row_line);
    memset(data, 0, sizeof *data);
}

void mlp_schema_free(mlp_schema *schema)
{
    if (!schema)
        return;
    free_strings(schema->feature_names, schema->n_features);
    free_strings(schema->target_names, schema->n_targets);
    free_strings(schema->labels, schema->n_labels);
    free(schema->mean);
    free(schema->std);
    memset(schema, 0, sizeof *schema);
}
