/* SPDX-License-Identifier: MIT */
/* trace.c: records one forward and backward pass through the observer of
 * net.h (mlp_workspace_set_trace) on a copy of the network, names each
 * array with its formula, and writes the record as JSON or as CSV files.
 * Files are opened through fileio only; the file operations here are a
 * CSV trace's folder (made, or removed when the trace it was made for
 * fails) and removing an earlier trace's files from it. */
#include "mlp/trace.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "c_locale.h"
#include "fileio.h"
#include "jsonw.h"
#include "mlp/csv.h"
#include "mlp/lrscan.h"
#include "mlp/optimizer.h"
#include "mlp/weights.h"
#include "plural.h"
#include "signals.h"

/* ------------------------------------------------------------------------ */
/* Formulas. Templates name the layer as {l}, its input as {in} (X for layer
 * 1, else A{l-1}) and the layer above as {u}; expand() fills them in, so no
 * format string is ever built at run time. */

static void expand(char *dst, size_t size, const char *tpl, size_t l)
{
    size_t used = 0;
    for (const char *p = tpl; *p && used + 1 < size; p++) {
        char piece[32];
        const char *put = NULL;
        if (strncmp(p, "{l}", 3) == 0) {
            snprintf(piece, sizeof piece, "%zu", l);
            put = piece, p += 2;
        } else if (strncmp(p, "{u}", 3) == 0) {
            snprintf(piece, sizeof piece, "%zu", l + 1);
            put = piece, p += 2;
        } else if (strncmp(p, "{in}", 4) == 0) {
            if (l <= 1)
                snprintf(piece, sizeof piece, "X");
            else
                snprintf(piece, sizeof piece, "A%zu", l - 1);
            put = piece, p += 3;
        }
        if (put) {
            size_t n = strlen(put);
            n = n < size - 1 - used ? n : size - 1 - used;
            memcpy(dst + used, put, n);
            used += n;
        } else {
            dst[used++] = *p;
        }
    }
    dst[used] = '\0';
}

static void step_formula(const mlp_trace *t, const char *name, size_t l, char *buf, size_t size)
{
    char tpl[MLP_TRACE_FORMULA_MAX];
    size_t L = t->n_layers;
    if (strcmp(name, "X") == 0) {
        snprintf(buf, size, "X: the inputs (N, %zu) as the network sees them, after any "
                            "normalisation", t->sizes[0]);
        return;
    }
    if (strcmp(name, "W") == 0)
        snprintf(tpl, sizeof tpl, "W{l}: weights (n_out, n_in) of layer {l}, used in this pass");
    else if (strcmp(name, "b") == 0)
        snprintf(tpl, sizeof tpl, "b{l}: biases (n_out) of layer {l}, used in this pass");
    else if (strcmp(name, "Z") == 0)
        snprintf(tpl, sizeof tpl, "Z{l} = {in} W{l}^T + b{l}");
    else if (strcmp(name, "A") == 0)
        snprintf(tpl, sizeof tpl, "%s", mlp_activation_info_of(t->acts[l - 1])->formula);
    else if (strcmp(name, "loss") == 0) {
        snprintf(tpl, sizeof tpl, "%s", mlp_loss_info_of(t->loss_kind)->formula);
        l = L;
    } else if (strcmp(name, "dZ") == 0) {
        /* G, the gradient with respect to the layer's outputs, then the
         * activation's slope or Jacobian; a fused loss gives dZ itself. */
        const mlp_loss_info *loss = mlp_loss_info_of(t->loss_kind);
        const mlp_activation_info *act = mlp_activation_info_of(t->acts[l - 1]);
        const char *G = l == L ? loss->gradient_formula : "dA{l}";
        if (l == L && loss->fused)
            snprintf(tpl, sizeof tpl, "%s", G);
        else if (act->jacobian_formula)
            snprintf(tpl, sizeof tpl, "%s%s%s", act->jacobian_formula, l == L ? " = " : "",
                     l == L ? G : "");
        else
            snprintf(tpl, sizeof tpl, "dZ{l} = %s * %s", G, act->slope_formula);
    } else if (strcmp(name, "dA") == 0) {
        snprintf(tpl, sizeof tpl, "dA{l} = dZ{u} W{u}");
    } else if (strcmp(name, "dW") == 0) {
        snprintf(tpl, sizeof tpl, "dW{l} = dZ{l}^T {in}");
    } else if (strcmp(name, "db") == 0) {
        snprintf(tpl, sizeof tpl, "db{l} = sum over rows of dZ{l}");
    } else if (strcmp(name, "penalty") == 0) {
        snprintf(tpl, sizeof tpl, "penalty = (l2 / 2) * sum of the squared weights of %s "
                                  "(not the biases); training minimises loss + penalty",
                 L == 1 ? "W1" : "W1 .. W{l}");
        l = L;
    } else if (strcmp(name, "gW") == 0) {
        snprintf(tpl, sizeof tpl, "gW{l} = dW{l} + l2 W{l}   (the gradient of loss + penalty: "
                                  "the one the update uses; the biases' is db{l})");
    } else {
        snprintf(tpl, sizeof tpl, "%s", name);
    }
    expand(buf, size, tpl, l);
}

/* ------------------------------------------------------------------------ */
/* Recording. */

typedef struct {
    mlp_trace *t;
    int failed; /* an allocation failed; the observer cannot return it */
    const mlp_schema *schema; /* the data's, or NULL: what T holds (targets_formula) */
    int classifier;           /* the network is a classifier (mlp_weights_is_classifier) */
} recorder;

/* What T holds in this run, so that a learner builds the same: a
 * classifier's labels one-hot (one sigmoid unit: 0 for the first label, 1
 * for the second), one-hot target columns as read, or a regression's and a
 * multi-label model's target columns as read. It said "class labels
 * one-hot" of every run. Without the data's schema, a classifier is told
 * by the network's output and loss (mlp_weights_is_classifier). */
static void targets_formula(const recorder *r, char *buf, size_t size)
{
    const mlp_schema *sc = r->schema;
    size_t K = r->t->sizes[r->t->n_layers];
    int classes = sc ? sc->n_labels > 0 : r->classifier;
    if (sc && sc->one_hot_columns)
        snprintf(buf, size, "T: the targets (N, K): the one-hot target columns as read");
    else if (classes && K == 1)
        snprintf(buf, size, "T: the targets (N, 1): the class labels as 0/1, 1 for the second label");
    else if (classes)
        snprintf(buf, size, "T: the targets (N, K): the class labels one-hot, in label order");
    else
        snprintf(buf, size, "T: the targets (N, K): the target columns as read");
}

static void append(recorder *r, const char *name, size_t layer, const double *data, size_t rows,
                   size_t cols)
{
    mlp_trace *t = r->t;
    if (r->failed)
        return;
    if (t->n_steps == t->cap_steps) {
        size_t cap = t->cap_steps ? 2 * t->cap_steps : 16;
        mlp_trace_step *s = mlp_alloc(cap, sizeof *s);
        if (!s) {
            r->failed = 1;
            return;
        }
        if (t->n_steps)
            memcpy(s, t->steps, t->n_steps * sizeof *s);
        free(t->steps);
        t->steps = s;
        t->cap_steps = cap;
    }
    double *copy = mlp_alloc(rows * cols > 0 ? rows * cols : 1, sizeof *copy);
    if (!copy) {
        r->failed = 1;
        return;
    }
    memcpy(copy, data, rows * cols * sizeof *copy);
    mlp_trace_step *s = &t->steps[t->n_steps++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->layer = layer;
    s->rows = rows;
    s->cols = cols;
    s->data = copy;
    if (strcmp(name, "T") == 0)
        targets_formula(r, s->formula, sizeof s->formula);
    else
        step_formula(t, name, layer, s->formula, sizeof s->formula);
}

/* The net's observer: layers come 0-based. */
static void observe(void *ctx, const char *name, size_t layer, const double *data, size_t rows,
                    size_t cols)
{
    append(ctx, name, layer + 1, data, rows, cols);
}

mlp_status mlp_trace_run(const mlp_net *net, const double *X, const double *T, size_t N,
                         const mlp_trace_options *o, mlp_trace *t, mlp_error *err)
{
    memset(t, 0, sizeof *t);
    size_t n_in = net->sizes[0], K = net->sizes[net->n_layers];
    if (o->row >= 0 && (size_t)o->row >= N) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "row %ld is out of range: the data has %zu row%s",
                      o->row + 1, N, mlp_plural(N, "", "s"));
        mlp_error_hint(err, "give a row from 1 to %zu", N);
        return MLP_ERR_USAGE;
    }
    const double *x = o->row >= 0 ? X + (size_t)o->row * n_in : X;
    const double *tg = o->row >= 0 ? T + (size_t)o->row * K : T;
    size_t rows = o->row >= 0 ? 1 : N;

    t->epoch = o->epoch;
    t->row = o->row;
    t->file_row = o->row < 0 ? 0 : o->file_row > 0 ? o->file_row : o->row + 1;
    t->l2 = o->l2;
    t->n_rows = rows;
    t->n_layers = net->n_layers;
    t->loss_kind = net->loss;
    t->n_params = net->n_params;
    for (size_t l = 0; l <= net->n_layers; l++)
        t->sizes[l] = net->sizes[l];
    for (size_t l = 0; l < net->n_layers; l++)
        t->acts[l] = net->layers[l].act;

    mlp_net *copy = mlp_lrscan_clone(net, err);
    mlp_workspace *ws = copy ? mlp_workspace_create(copy, rows, err) : NULL;
    if (o->initial) {
        t->initial = mlp_alloc(net->n_params, sizeof *t->initial);
        if (t->initial)
            memcpy(t->initial, o->initial, net->n_params * sizeof *t->initial);
    }
    recorder r = {t, !ws || (o->initial && !t->initial), o->schema,
                  mlp_weights_is_classifier(net)};
    if (!r.failed) {
        append(&r, "X", 0, x, rows, n_in);
        append(&r, "T", 0, tg, rows, K);
        for (size_t l = 0; l < copy->n_layers; l++) {
            const mlp_layer *ly = &copy->layers[l];
            append(&r, "W", l + 1, ly->W, ly->n_out, ly->n_in);
            append(&r, "b", l + 1, ly->b, 1, ly->n_out);
        }
        mlp_workspace_set_trace(ws, observe, &r);
        mlp_net_forward(copy, ws, x, rows);
        double divisor = mlp_loss_divisor(copy->loss, rows, K);
        t->loss = mlp_net_loss_sum(copy, ws, tg, rows) / divisor;
        append(&r, "loss", 0, &t->loss, 1, 1);
        mlp_net_zero_grad(copy);
        mlp_net_backward(copy, ws, x, tg, rows, 1.0 / divisor);
        /* The observer saw dW of the data loss; the update adds the l2
         * term to it, with the very functions training calls. */
        if (o->l2 > 0) {
            double penalty = mlp_optimizer_l2_penalty(copy, o->l2);
            append(&r, "penalty", 0, &penalty, 1, 1);
            mlp_optimizer_l2_gradient(copy, o->l2);
            for (size_t l = 0; l < copy->n_layers; l++) {
                const mlp_layer *ly = &copy->layers[l];
                append(&r, "gW", l + 1, ly->dW, ly->n_out, ly->n_in);
            }
        }
    }
    mlp_workspace_free(ws);
    mlp_net_free(copy);
    if (r.failed) {
        mlp_trace_free(t);
        if (err && err->code != MLP_ERR_NOMEM)
            mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the trace");
        return MLP_ERR_NOMEM;
    }
    return MLP_OK;
}

const mlp_trace_step *mlp_trace_find(const mlp_trace *t, const char *name, size_t layer)
{
    for (size_t i = 0; i < t->n_steps; i++)
        if (t->steps[i].layer == layer && strcmp(t->steps[i].name, name) == 0)
            return &t->steps[i];
    return NULL;
}

void mlp_trace_free(mlp_trace *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_steps; i++)
        free(t->steps[i].data);
    free(t->steps);
    free(t->initial);
    memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------------------ */
/* Writing. */

/* "Z2", "X", "loss": the key a learner's arrays are named by. */
static void step_key(const mlp_trace_step *s, char *buf, size_t size)
{
    if (s->layer)
        snprintf(buf, size, "%s%zu", s->name, s->layer);
    else
        snprintf(buf, size, "%s", s->name);
}

static int is_scalar(const mlp_trace_step *s)
{
    return strcmp(s->name, "loss") == 0 || strcmp(s->name, "penalty") == 0;
}

static int is_vector(const mlp_trace_step *s)
{
    return strcmp(s->name, "b") == 0 || strcmp(s->name, "db") == 0;
}

static void json_matrix(FILE *out, const double *a, size_t rows, size_t cols, int vector)
{
    if (vector) {
        fputc('[', out);
        for (size_t j = 0; j < cols; j++) {
            if (j)
                fputs(", ", out);
            mlp_jsonw_number(out, a[j]);
        }
        fputc(']', out);
        return;
    }
    fputc('[', out);
    for (size_t i = 0; i < rows; i++) {
        fputs(i ? ", [" : "[", out);
        for (size_t j = 0; j < cols; j++) {
            if (j)
                fputs(", ", out);
            mlp_jsonw_number(out, a[i * cols + j]);
        }
        fputc(']', out);
    }
    fputc(']', out);
}

mlp_status mlp_trace_write_json(const mlp_trace *t, FILE *out, mlp_error *err)
{
    size_t L = t->n_layers;
    errno = 0; /* a failed write leaves its reason here, read at the end */
    fprintf(out, "{\n  \"format\": \"mlp-trace\",\n  \"version\": 1,\n  \"epoch\": %ld,\n", t->epoch);
    if (t->row >= 0)
        fprintf(out, "  \"row\": %ld,\n", t->file_row);
    else
        fputs("  \"row\": null,\n", out);
    fprintf(out, "  \"symbols\": {\"N\": %zu, \"K\": %zu, \"L\": %zu},\n", t->n_rows, t->sizes[L], L);
    fprintf(out, "  \"loss_function\": \"%s\",\n  \"l2\": ", mlp_loss_name(t->loss_kind));
    mlp_jsonw_number(out, t->l2);
    fputs(",\n  \"layers\": [", out);
    for (size_t l = 0; l < L; l++)
        fprintf(out, "%s\n    {\"layer\": %zu, \"n_in\": %zu, \"n_out\": %zu, \"activation\": \"%s\"}",
                l ? "," : "", l + 1, t->sizes[l], t->sizes[l + 1], mlp_activation_name(t->acts[l]));
    fputs("\n  ],\n  \"loss\": ", out);
    mlp_jsonw_number(out, t->loss);
    fputs(",\n  \"initial_weights\": ", out);
    if (t->initial) {
        fputc('[', out);
        const double *p = t->initial;
        for (size_t l = 0; l < L; l++) {
            size_t n_in = t->sizes[l], n_out = t->sizes[l + 1];
            fprintf(out, "%s\n    {\"layer\": %zu, \"W\": ", l ? "," : "", l + 1);
            json_matrix(out, p, n_out, n_in, 0);
            p += n_out * n_in;
            fputs(", \"b\": ", out);
            json_matrix(out, p, 1, n_out, 1);
            p += n_out;
            fputc('}', out);
        }
        fputs("\n  ]", out);
    } else {
        fputs("null", out);
    }
    fputs(",\n  \"steps\": [", out);
    for (size_t i = 0; i < t->n_steps; i++) {
        const mlp_trace_step *s = &t->steps[i];
        char key[32];
        step_key(s, key, sizeof key);
        fprintf(out, "%s\n    {\"step\": %zu, \"key\": \"%s\", \"name\": \"%s\", \"layer\": %zu, ",
                i ? "," : "", i + 1, key, s->name, s->layer);
        if (is_scalar(s))
            fputs("\"shape\": []", out);
        else if (is_vector(s))
            fprintf(out, "\"shape\": [%zu]", s->cols);
        else
            fprintf(out, "\"shape\": [%zu, %zu]", s->rows, s->cols);
        fputs(", \"formula\": ", out);
        mlp_jsonw_string(out, s->formula);
        fputs(",\n     \"data\": ", out);
        if (is_scalar(s))
            mlp_jsonw_number(out, s->data[0]);
        else
            json_matrix(out, s->data, s->rows, s->cols, is_vector(s));
        fputc('}', out);
    }
    fputs("\n  ]\n}\n", out);
    if (fflush(out) != 0 || ferror(out))
        return mlp_fileio_write_error("-", errno, err); /* the caller names the file */
    return MLP_OK;
}

/* dir + "/" + file, as a new string: no name is ever cut short. */
static char *join_path(const char *dir, const char *file)
{
    size_t n = strlen(dir) + 1 + strlen(file) + 1;
    char *p = mlp_alloc(n, 1);
    if (p)
        snprintf(p, n, "%s/%s", dir, file);
    return p;
}

/* The name of file k of the folder, in the order mlp_trace_write_csv
 * writes them: each step's "NN_key.csv", then initial_W{l}.csv and
 * initial_b{l}.csv per layer when the initial weights are known; 0 past
 * the last. index.csv is written last, and listed first by
 * mlp_trace_csv_paths. */
static int csv_file_name(const mlp_trace *t, size_t k, char *buf, size_t size)
{
    if (k < t->n_steps) {
        char key[32];
        step_key(&t->steps[k], key, sizeof key);
        snprintf(buf, size, "%02zu_%s.csv", k + 1, key);
        return 1;
    }
    k -= t->n_steps;
    if (!t->initial || k >= 2 * t->n_layers)
        return 0;
    snprintf(buf, size, "initial_%s%zu.csv", k % 2 ? "b" : "W", k / 2 + 1);
    return 1;
}

mlp_status mlp_trace_csv_paths(const mlp_trace *t, const char *dir, char ***paths, size_t *n,
                               mlp_error *err)
{
    char file[64];
    size_t count = 1;
    while (csv_file_name(t, count - 1, file, sizeof file))
        count++;
    char **list = mlp_alloc(count, sizeof *list);
    size_t made = 0;
    if (list) {
        list[made] = join_path(dir, "index.csv");
        while (list[made] && ++made < count) {
            csv_file_name(t, made - 1, file, sizeof file);
            list[made] = join_path(dir, file);
        }
    }
    if (made < count) {
        mlp_trace_csv_paths_free(list, made);
        *paths = NULL;
        *n = 0;
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the trace's "
                                                             "file names");
    }
    *paths = list;
    *n = count;
    return MLP_OK;
}

void mlp_trace_csv_paths_free(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}

/* Whether name is one a CSV trace writes, for any network: "NN_key.csv"
 * (two digits or more, a key of step_key: X, T, loss, penalty, or W, b,
 * Z, A, dZ, dA, dW, db, gW with a layer) or "initial_W{l}.csv" /
 * "initial_b{l}.csv". Anything else in the folder is the user's. */
static int is_trace_file_name(const char *name)
{
    static const char *const whole[] = {"X", "T", "loss", "penalty"};
    static const char *const layered[] = {"W", "b", "Z", "A", "dZ", "dA", "dW", "db", "gW"};
    size_t len = strlen(name);
    if (len < 5 || strcmp(name + len - 4, ".csv") != 0)
        return 0;
    size_t end = len - 4;
    const char *key;
    if (strncmp(name, "initial_", 8) == 0) {
        key = name + 8;
        if (*key != 'W' && *key != 'b')
            return 0;
        key++;
    } else {
        size_t digits = strspn(name, "0123456789");
        if (digits < 2 || name[digits] != '_')
            return 0;
        key = name + digits + 1;
        for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
            if ((size_t)(name + end - key) == strlen(whole[i]) &&
                strncmp(key, whole[i], strlen(whole[i])) == 0)
                return 1;
        size_t n = 0;
        for (size_t i = 0; i < sizeof layered / sizeof layered[0] && !n; i++)
            if (strncmp(key, layered[i], strlen(layered[i])) == 0 &&
                key[strlen(layered[i])] >= '0' && key[strlen(layered[i])] <= '9')
                n = strlen(layered[i]);
        if (!n)
            return 0;
        key += n;
    }
    /* A layer: 1, 2, ... up to the ".csv". */
    size_t layer_digits = strspn(key, "0123456789");
    return layer_digits > 0 && *key != '0' && key + layer_digits == name + end;
}

/* Removes from dir the files of an earlier trace that this one does not
 * write (a deeper network's 19_dA2.csv, initial_W3.csv), so that the
 * folder holds this trace's files, as its index lists them, and the
 * user's own. MLP_ERR_IO naming the first file that cannot be removed. */
static mlp_status remove_earlier_trace(const mlp_trace *t, const char *dir, mlp_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return MLP_OK; /* it was just written; nothing can be listed */
    mlp_status st = MLP_OK;
    struct dirent *de;
    while (!st && (de = readdir(d)) != NULL) {
        if (!is_trace_file_name(de->d_name))
            continue;
        char file[64];
        int ours = 0;
        for (size_t k = 0; !ours && csv_file_name(t, k, file, sizeof file); k++)
            ours = strcmp(file, de->d_name) == 0;
        if (ours)
            continue;
        char *path = join_path(dir, de->d_name);
        if (!path) {
            st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the trace's "
                                                               "file names");
        } else if (unlink(path) != 0 && errno != ENOENT) {
            mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "cannot remove a file of an earlier trace: %s",
                          strerror(errno));
            mlp_error_hint(err, "remove it yourself, or give --trace a new folder");
            st = MLP_ERR_IO;
        }
        free(path);
    }
    closedir(d);
    return st;
}

/* Writes the rows x cols matrix a to af, opened for path, and finishes it:
 * written, checked and synced, not yet renamed into place. */
static mlp_status write_matrix(mlp_atomic_file *af, const char *path, const double *a, size_t rows,
                               size_t cols, mlp_error *err)
{
    mlp_status st = mlp_fileio_atomic_open(af, path, err);
    if (st)
        return st;
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            mlp_c_fprintf(af->fp, j + 1 < cols ? "%.17g," : "%.17g\n", a[i * cols + j]);
    return mlp_fileio_atomic_finish(af, err);
}

/* index.csv: one line per step, finished as write_matrix's files are. */
static mlp_status write_index(const mlp_trace *t, mlp_atomic_file *af, const char *path,
                              mlp_error *err)
{
    mlp_status st = mlp_fileio_atomic_open(af, path, err);
    if (st)
        return st;
    fputs("step,key,name,layer,rows,cols,file,formula\n", af->fp);
    for (size_t i = 0; i < t->n_steps; i++) {
        const mlp_trace_step *s = &t->steps[i];
        char key[32], file[64];
        step_key(s, key, sizeof key);
        csv_file_name(t, i, file, sizeof file);
        fprintf(af->fp, "%zu,%s,%s,%zu,%zu,%zu,%s,", i + 1, key, s->name, s->layer, s->rows,
                s->cols, file);
        mlp_csv_write_field(af->fp, s->formula);
        fputc('\n', af->fp);
    }
    return mlp_fileio_atomic_finish(af, err);
}

/* Every file of the trace, as a finished temporary file beside its
 * destination (files[k] for paths[k]); on failure none is left. */
static mlp_status write_temps(const mlp_trace *t, char **paths, mlp_atomic_file *files,
                              mlp_error *err)
{
    size_t k = 0;
    mlp_status st = write_index(t, &files[k++], paths[0], err);
    for (size_t i = 0; i < t->n_steps && !st; i++, k++) {
        const mlp_trace_step *s = &t->steps[i];
        st = write_matrix(&files[k], paths[k], s->data, s->rows, s->cols, err);
    }
    const double *p = t->initial;
    for (size_t l = 0; p && l < t->n_layers && !st; l++) {
        size_t n_in = t->sizes[l], n_out = t->sizes[l + 1];
        st = write_matrix(&files[k], paths[k], p, n_out, n_in, err);
        k++;
        p += n_out * n_in;
        if (!st) {
            st = write_matrix(&files[k], paths[k], p, 1, n_out, err);
            k++;
        }
        p += n_out;
    }
    /* The file that failed was released by fileio; the ones before it
     * are removed. */
    if (st)
        for (size_t j = 0; j + 1 < k; j++)
            mlp_fileio_atomic_abort(&files[j]);
    return st;
}

/* Renames every finished file into place, index.csv last, each one
 * undoably: when one cannot be renamed, those before it are taken back,
 * so the folder holds the whole new trace or its old files as they were.
 * No signal cuts this in two (signals.h: hold). */
static mlp_status rename_all(mlp_atomic_file *files, size_t n, mlp_error *err)
{
    mlp_status st = MLP_OK;
    size_t done = 0;
    mlp_signals_hold();
    for (size_t k = 1; k <= n && !st; k++) {
        st = mlp_fileio_atomic_rename_undoable(&files[k % n], err);
        done += !st;
    }
    if (st) {
        int whole = 1;
        for (size_t j = done; j-- > 0;)
            whole &= mlp_fileio_atomic_undo(&files[(j + 1) % n]);
        for (size_t k = done + 2; k <= n; k++)
            mlp_fileio_atomic_abort(&files[k % n]);
        if (!whole)
            mlp_error_hint(err, "the file system could not take the files already replaced back "
                                "(it has no RENAME_EXCHANGE): the folder mixes two traces; "
                                "give --trace a new folder");
    } else {
        /* The old files live on under the temporary names: dropped. */
        for (size_t k = 0; k < n; k++)
            mlp_fileio_atomic_abort(&files[k]);
    }
    mlp_signals_release();
    return st;
}

/* MLP_ERR_IO: dir cannot be made the trace's folder, for errno e. */
static mlp_status folder_error(const char *dir, int e, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_IO, dir, 0, 0, "cannot create the trace folder: %s", strerror(e));
    mlp_error_hint(err, "give a new folder name, or an existing folder, to --trace");
    return MLP_ERR_IO;
}

mlp_status mlp_trace_csv_check_folder(const char *dir, mlp_error *err)
{
    struct stat sb;
    if (stat(dir, &sb) == 0)
        return S_ISDIR(sb.st_mode) ? MLP_OK : folder_error(dir, ENOTDIR, err);
    if (errno == ENOENT && lstat(dir, &sb) == 0)
        return folder_error(dir, ENOENT, err); /* a link that leads nowhere: mkdir refuses it */
    /* Missing: it can be made where a file can be, a temporary file made
     * and removed beside it tells (its folder missing, a file, read-only). */
    return mlp_fileio_atomic_check(dir, err);
}

mlp_status mlp_trace_write_csv(const mlp_trace *t, const char *dir, mlp_error *err)
{
    struct stat sb;
    int made = mkdir(dir, 0777) == 0;
    if (!made && !(errno == EEXIST && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)))
        return folder_error(dir, errno == EEXIST ? ENOTDIR : errno, err);
    char **paths;
    size_t n_paths;
    mlp_status st = mlp_trace_csv_paths(t, dir, &paths, &n_paths, err);
    mlp_atomic_file *files = st ? NULL : mlp_alloc_zero(n_paths, sizeof *files);
    if (!st && !files)
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the trace's files");
    if (!st)
        st = write_temps(t, paths, files, err);
    if (!st)
        st = rename_all(files, n_paths, err);
    free(files);
    mlp_trace_csv_paths_free(paths, n_paths);
    if (st) {
        if (made)
            rmdir(dir); /* the folder this call made, empty again */
        return st;
    }
    return remove_earlier_trace(t, dir, err);
}
