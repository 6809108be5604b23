/* SPDX-License-Identifier: MIT */
/* weights.c: the model file of docs/weights-format.md, written and read byte
 * by byte in little-endian order whatever the host, so a file moves between
 * machines unchanged. Owns the format; the file itself is opened by fileio. */
#include "mlp/weights.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "c_locale.h"
#include "crc32.h"
#include "fileio.h"
#include "format_number.h"
#include "weights_check.h"
#include "mlp/blas.h"
#include "mlp/losslog.h"
#include "mlp/npz.h"
#include "plural.h"
#include "schema.h"
#include "sha256.h"
#include "vmath.h"

#ifndef MLP_VERSION
#define MLP_VERSION "unknown"
#endif

_Static_assert(sizeof(double) == 8, "the format stores IEEE-754 binary64");

static const unsigned char magic[8] = {'M', 'L', 'P', 'W', '\r', '\n', 0x1a, '\n'};

/* Offsets of the fixed header (docs/weights-format.md). */
enum {
    OFF_VERSION = 8,
    OFF_FILE_SIZE = 12,
    OFF_N_LAYERS = 20,
    OFF_SIZES = 24,
    CRC_BYTES = 4
};

/* ------------------------------------------------------------------------ */
/* Consistency rules shared by the writer and the reader, so that everything
 * written can be read back: the schema against the sizes is schema.h's
 * (mlp_schema_net_problem, which the .npz writer and mlp_predict_run use
 * too). */

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A name that appears twice in names[0..n), or NULL; *nomem is set when
 * the sorted copy that finds it in n log n cannot be made. */
static const char *first_duplicate(char *const *names, size_t n, int *nomem)
{
    *nomem = 0;
    if (n < 2)
        return NULL;
    /* Small lists (every common model) sort on the stack. */
    char *small[64];
    char **v = n <= 64 ? small : mlp_alloc(n, sizeof *v);
    if (!v) {
        *nomem = 1;
        return NULL;
    }
    memcpy(v, names, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_name);
    const char *dup = NULL;
    for (size_t k = 1; k < n && !dup; k++)
        if (strcmp(v[k - 1], v[k]) == 0)
            dup = v[k];
    if (v != small)
        free(v);
    return dup;
}

static int cmp_name_slot(const void *a, const void *b)
{
    return strcmp(**(char **const *)a, **(char **const *)b);
}

/* --evaluate finds a target column by its name, and would score the model
 * against one of its own inputs (training refuses a column that is both,
 * so mlp never writes one). Sorted pointers to the feature names' slots and
 * a binary search, so that the feature's index is known: a list may hold
 * 2^24 names. Both readers (this file's, npz.c's) and the writers ask. */
int mlp_weights_target_named_as_feature(const mlp_schema *s, size_t *target, size_t *feature)
{
    if (!s->n_features || !s->n_targets)
        return 0;
    char **small[64];
    char ***v = s->n_features <= 64 ? small : mlp_alloc(s->n_features, sizeof *v);
    if (!v)
        return -1;
    for (size_t j = 0; j < s->n_features; j++)
        v[j] = &s->feature_names[j];
    qsort(v, s->n_features, sizeof *v, cmp_name_slot);
    int found = 0;
    for (size_t t = 0; t < s->n_targets && !found; t++) {
        char **key = &s->target_names[t];
        char ***hit = bsearch(&key, v, s->n_features, sizeof *v, cmp_name_slot);
        if (hit) {
            *target = t;
            *feature = (size_t)(*hit - s->feature_names);
            found = 1;
        }
    }
    if (v != small)
        free(v);
    return found;
}

/* The name lists of a schema, in the file's order; LIST_COUNT as a list
 * stands for a target name that is also a feature name. */
enum { LIST_FEATURES, LIST_TARGETS, LIST_LABELS, LIST_COUNT };
static const char *const list_what[LIST_COUNT] = {"feature name", "target name", "label"};

/* Names must differ: a model with two features of one name would match
 * both to the same column of a file, and one with two labels of one name
 * would predict a class the reader cannot tell from the other; no target
 * may be named as a feature (mlp_weights_target_named_as_feature). NULL, or
 * `the label "yes" appears twice` in buf, the list in *which (LIST_*,
 * LIST_COUNT for a target named as a feature) and
 * the name in *name (one of the list's own strings); *nomem as
 * first_duplicate. */
static const char *schema_duplicate(const mlp_schema *s, char *buf, size_t size, int *nomem,
                                    int *which, const char **name)
{
    char *const *lists[LIST_COUNT] = {s->feature_names, s->target_names, s->labels};
    size_t counts[LIST_COUNT] = {s->n_features, s->n_targets, s->n_labels};
    for (int k = 0; k < LIST_COUNT; k++) {
        const char *dup = first_duplicate(lists[k], counts[k], nomem);
        if (*nomem)
            return NULL;
        if (dup) {
            snprintf(buf, size, "the %s \"%.64s\" appears twice", list_what[k], dup);
            *which = k;
            *name = dup;
            return buf;
        }
    }
    size_t t, f;
    int shared_found = mlp_weights_target_named_as_feature(s, &t, &f);
    *nomem = shared_found < 0;
    if (shared_found > 0) {
        const char *shared = s->target_names[t];
        snprintf(buf, size, "the target name \"%.64s\" is also a feature name", shared);
        *which = LIST_COUNT;
        *name = shared;
        return buf;
    }
    return NULL;
}

/* The first feature whose normalisation statistics are not finite with
 * std > 0, or n_features when all are. */
static size_t bad_statistic(const mlp_schema *s)
{
    size_t j = 0;
    while (j < s->n_features && isfinite(s->mean[j]) && isfinite(s->std[j]) && s->std[j] > 0)
        j++;
    return j;
}

/* Position of flat parameter index k of a net as text: "layer 2 W[3][0]". */
static void param_name(const size_t *sizes, size_t n_layers, size_t k, char *buf, size_t size)
{
    for (size_t l = 0; l < n_layers; l++) {
        size_t n_in = sizes[l], n_out = sizes[l + 1];
        if (k < n_out * n_in) {
            snprintf(buf, size, "layer %zu W[%zu][%zu]", l + 1, k / n_in, k % n_in);
            return;
        }
        k -= n_out * n_in;
        if (k < n_out) {
            snprintf(buf, size, "layer %zu b[%zu]", l + 1, k);
            return;
        }
        k -= n_out;
    }
    snprintf(buf, size, "parameter %zu", k);
}

/* ------------------------------------------------------------------------ */
/* Writing. The encoder runs twice over the same code: once with out == NULL
 * to count the bytes, once to fill a buffer of exactly that size. */

typedef struct {
    unsigned char *out; /* NULL while counting */
    size_t pos;
    int overflow;
} sink;

static void put_bytes(sink *s, const void *p, size_t n)
{
    if (s->pos > SIZE_MAX - n) {
        s->overflow = 1;
        return;
    }
    if (s->out && n)
        memcpy(s->out + s->pos, p, n);
    s->pos += n;
}

static void put_u8(sink *s, unsigned v)
{
    unsigned char b = (unsigned char)v;
    put_bytes(s, &b, 1);
}

static void put_u32(sink *s, uint32_t v)
{
    unsigned char b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put_bytes(s, b, 4);
}

static void put_u64(sink *s, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put_bytes(s, b, 8);
}

static void put_f64(sink *s, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, 8);
    put_u64(s, bits);
}

/* NULL stands for "" (a schema may leave names of a headerless file unset). */
static void put_str(sink *s, const char *str)
{
    size_t n = str ? strlen(str) : 0;
    if (n > UINT32_MAX) {
        s->overflow = 1;
        return;
    }
    put_u32(s, (uint32_t)n);
    put_bytes(s, str, n);
}

static void put_strs(sink *s, char *const *strs, size_t n)
{
    put_u32(s, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        put_str(s, strs ? strs[i] : NULL);
}

void mlp_provenance_init(mlp_provenance *prov)
{
    memset(prov, 0, sizeof *prov);
    prov->best_loss = NAN;
    prov->final_loss = NAN;
}

void mlp_provenance_set_machine(mlp_provenance *prov)
{
    snprintf(prov->blas_core, sizeof prov->blas_core, "%s", mlp_blas_core_name());
    snprintf(prov->vector_isa, sizeof prov->vector_isa, "%s", mlp_vmath_isa());
}

/* A name of at most MLP_PROVENANCE_NAME_MAX bytes (the struct's arrays
 * hold no more; a longer one is cut there, as the reader would refuse it). */
static void put_name(sink *s, const char *name)
{
    size_t n = strnlen(name, MLP_PROVENANCE_NAME_MAX);
    put_u32(s, (uint32_t)n);
    put_bytes(s, name, n);
}

/* Flag bits of the provenance block (version 2). */
enum { PROV_SPEC = 1, PROV_DATA = 2, PROV_TRAINING = 4, PROV_ALL = 7 };
/* Version 5's: the seed is known, the run continued from a weights file of
 * known digest, had a validation file, trained with settings of known
 * digest, shuffled its mini-batches. The seed's and the shuffle's are
 * training figures: only with PROV_TRAINING. */
enum {
    PROV_SEED = 8,
    PROV_INIT = 16,
    PROV_VALIDATION = 32,
    PROV_SETTINGS = 64,
    PROV_SHUFFLED = 128,
    PROV_ALL_V5 = 255,
    PROV_TRAINING_ONLY = PROV_SEED | PROV_SHUFFLED
};

/* The flag byte of p (NULL: nothing known). */
static unsigned provenance_flags(const mlp_provenance *p)
{
    if (!p)
        return 0;
    unsigned flags = 0;
    flags |= p->has_spec_sha256 ? PROV_SPEC : 0;
    flags |= p->has_data_sha256 ? PROV_DATA : 0;
    flags |= p->has_init_sha256 ? PROV_INIT : 0;
    flags |= p->has_validation_sha256 ? PROV_VALIDATION : 0;
    flags |= p->has_settings_sha256 ? PROV_SETTINGS : 0;
    if (p->has_training) {
        flags |= PROV_TRAINING;
        flags |= p->has_seed ? PROV_SEED : 0;
        flags |= p->shuffled ? PROV_SHUFFLED : 0;
    }
    return flags;
}

static void put_provenance(sink *s, const mlp_provenance *p)
{
    static const unsigned char zeros[MLP_SHA256_SIZE];
    unsigned flags = provenance_flags(p);
    int training = (flags & PROV_TRAINING) != 0;
    put_u8(s, flags);
    put_bytes(s, flags & PROV_SPEC ? p->spec_sha256 : zeros, MLP_SHA256_SIZE);
    put_bytes(s, flags & PROV_DATA ? p->data_sha256 : zeros, MLP_SHA256_SIZE);
    put_u64(s, flags & PROV_SEED ? p->seed : 0);
    put_u32(s, training ? p->threads : 0);
    put_u64(s, training ? p->epochs_run : 0);
    put_u64(s, training ? p->best_epoch : 0);
    put_f64(s, training ? p->best_loss : 0.0);
    put_f64(s, training ? p->final_loss : 0.0);
    put_str(s, MLP_VERSION);
    /* Version 3: the BLAS core and the vector ISA ("" when not recorded). */
    put_name(s, p ? p->blas_core : "");
    put_name(s, p ? p->vector_isa : "");
    /* Version 4: the processes of the run (0 when not recorded). */
    put_u32(s, training ? p->ranks : 0);
    /* Version 5: what else made the weights, each digest zeros when not
     * known: the settings, the validation file, the weights continued;
     * then the batch size and the seed of the rows' order. */
    put_bytes(s, flags & PROV_SETTINGS ? p->settings_sha256 : zeros, MLP_SHA256_SIZE);
    put_bytes(s, flags & PROV_VALIDATION ? p->validation_sha256 : zeros, MLP_SHA256_SIZE);
    put_bytes(s, flags & PROV_INIT ? p->init_sha256 : zeros, MLP_SHA256_SIZE);
    put_u64(s, training ? p->batch_size : 0);
    put_u64(s, flags & PROV_SHUFFLED ? p->shuffle_seed : 0);
}

static void encode_into(sink *s, const mlp_net *net, const mlp_schema *sc,
                        const mlp_provenance *prov)
{
    put_bytes(s, magic, sizeof magic);
    put_u32(s, MLP_WEIGHTS_VERSION);
    put_u64(s, 0); /* file size, patched once known */
    put_u32(s, (uint32_t)net->n_layers);
    for (size_t l = 0; l <= net->n_layers; l++)
        put_u32(s, (uint32_t)net->sizes[l]);
    for (size_t l = 0; l < net->n_layers; l++)
        put_u8(s, (unsigned)net->layers[l].act);
    put_u8(s, (unsigned)net->loss);
    put_u8(s, (unsigned)sc->normalize);
    put_u8(s, sc->names_from_header ? 1 : 0);
    put_u8(s, sc->one_hot_columns ? 1 : 0);
    put_strs(s, sc->feature_names, sc->n_features);
    put_strs(s, sc->target_names, sc->n_targets);
    put_u32(s, (uint32_t)sc->n_outputs);
    put_strs(s, sc->labels, sc->n_labels);
    if (sc->normalize == MLP_NORMALIZE_STANDARD) {
        for (size_t j = 0; j < sc->n_features; j++)
            put_f64(s, sc->mean[j]);
        for (size_t j = 0; j < sc->n_features; j++)
            put_f64(s, sc->std[j]);
    }
    put_provenance(s, prov);
    /* params is already W then b per layer, the file's order. */
    for (size_t k = 0; k < net->n_params; k++)
        put_f64(s, net->params[k]);
}

/* A model that cannot be written, and what to do about it: `hint` is for
 * the caller's own mistakes (a schema or provenance filled by hand); NULL
 * for what only a bug can cause (a net mlp_net_create would not make). */
static void classifier_kind(const mlp_net *net, char *buf, size_t size);

static mlp_status cannot_save(mlp_error *err, const char *what, const char *hint)
{
    mlp_error_set(err, MLP_ERR_WEIGHTS, NULL, 0, 0, "cannot save the model: %s", what);
    mlp_error_hint(err, "%s", hint ? hint : "this is a bug in mlp; please report it");
    return MLP_ERR_WEIGHTS;
}

static const char hint_names[] =
    "give every feature, target column and class label of the schema its own name, as "
    "mlp_dataset_build does";
static const char hint_provenance[] =
    "fill the provenance from the run (mlp_fit_result.provenance), or pass NULL";

/* The checks of every writer of a model (weights_check.h). */
mlp_status mlp_weights_check_savable(const mlp_net *net, const mlp_schema *schema, mlp_error *err)
{
    char why[160];
    const char *missing;
    if (net->n_layers < 1 || net->n_layers > MLP_MAX_LAYERS)
        return cannot_save(err, "the number of layers is out of range", NULL);
    for (size_t l = 0; l <= net->n_layers; l++)
        if (net->sizes[l] < 1 || net->sizes[l] > MLP_MAX_UNITS)
            return cannot_save(err, "a layer size is out of range", NULL);
    if (mlp_schema_net_problem(net->n_layers, net->sizes, schema, why, sizeof why))
        return cannot_save(err, why, mlp_schema_net_hint);
    if ((missing = mlp_schema_arrays_missing(schema)))
        return cannot_save(err, missing, mlp_schema_net_hint);
    int oom, which;
    const char *twice;
    if (schema_duplicate(schema, why, sizeof why, &oom, &which, &twice))
        return cannot_save(err, why, hint_names);
    if (oom) {
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory saving the model");
        return MLP_ERR_NOMEM;
    }
    if (schema->normalize == MLP_NORMALIZE_STANDARD) {
        if (!schema->mean || !schema->std)
            return cannot_save(err, "normalisation statistics are missing", mlp_schema_net_hint);
        size_t j = bad_statistic(schema);
        if (j < schema->n_features) {
            char mean[MLP_FORMAT_NUMBER_MAX], sd[MLP_FORMAT_NUMBER_MAX];
            mlp_format_double(mean, schema->mean[j]);
            mlp_format_double(sd, schema->std[j]);
            snprintf(why, sizeof why, "the normalisation of input %zu is mean %s, std %s", j + 1,
                     mean, sd);
            return cannot_save(err, why, "a standardised input needs a finite mean and a "
                                         "finite std above 0, as mlp_dataset_build computes them");
        }
    }
    /* A file the reader would reject must not be written: no NaN or inf. */
    for (size_t k = 0; k < net->n_params; k++) {
        if (!isfinite(net->params[k])) {
            char where[96];
            param_name(net->sizes, net->n_layers, k, where, sizeof where);
            mlp_error_set(err, MLP_ERR_WEIGHTS, NULL, 0, 0,
                          "cannot save the model: %s is not finite", where);
            mlp_error_hint(err, "lower the learning rate and train again");
            return MLP_ERR_WEIGHTS;
        }
    }
    return MLP_OK;
}

mlp_status mlp_weights_encode(const mlp_net *net, const mlp_schema *schema, unsigned char **buf,
                              size_t *len, mlp_error *err)
{
    return mlp_weights_encode_provenance(net, schema, NULL, buf, len, err);
}

mlp_status mlp_weights_encode_provenance(const mlp_net *net, const mlp_schema *schema,
                                         const mlp_provenance *prov, unsigned char **buf,
                                         size_t *len, mlp_error *err)
{
    if (!buf || !len || !net || !schema) {
        if (buf)
            *buf = NULL;
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "cannot save the model: %s is NULL",
                      !net ? "the network" : !schema ? "the schema" : !buf ? "buf" : "len");
        /* The hint is about the argument the message names, the first NULL. */
        mlp_error_hint(err, "%s", !net      ? "pass the network to save (mlp_net_create, mlp_weights_read)"
                                  : !schema ? mlp_schema_net_hint
                                            : "pass where to put the bytes and their length");
        return MLP_ERR_USAGE;
    }
    *buf = NULL;
    *len = 0;
    if (prov && prov->has_training) {
        if (!(isfinite(prov->best_loss) && prov->best_loss >= 0 && isfinite(prov->final_loss) &&
              prov->final_loss >= 0))
            return cannot_save(err, "a loss of the provenance is not finite and >= 0",
                               hint_provenance);
        if (prov->best_epoch > prov->epochs_run)
            return cannot_save(err, "the best epoch of the provenance is after the last",
                               hint_provenance);
        if (prov->shuffled && prov->batch_size == 0)
            return cannot_save(err, "the provenance shuffles the rows of a full batch",
                               hint_provenance);
    }
    mlp_status st = mlp_weights_check_savable(net, schema, err);
    if (st)
        return st;

    sink count = {NULL, 0, 0};
    encode_into(&count, net, schema, prov);
    if (count.overflow || count.pos > SIZE_MAX - CRC_BYTES) {
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "the model is too large to save");
        return MLP_ERR_NOMEM;
    }
    size_t total = count.pos + CRC_BYTES;
    unsigned char *out = mlp_alloc(total, 1);
    if (!out) {
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory saving the model");
        return MLP_ERR_NOMEM;
    }
    sink fill = {out, 0, 0};
    encode_into(&fill, net, schema, prov);
    fill.pos = OFF_FILE_SIZE;
    put_u64(&fill, (uint64_t)total);
    fill.pos = total - CRC_BYTES;
    put_u32(&fill, mlp_crc32(0, out, total - CRC_BYTES));
    *buf = out;
    *len = total;
    return MLP_OK;
}

mlp_status mlp_weights_write(const char *path, const mlp_net *net, const mlp_schema *schema,
                             mlp_error *err)
{
    return mlp_weights_write_provenance(path, net, schema, NULL, err);
}

mlp_status mlp_weights_write_provenance(const char *path, const mlp_net *net,
                                        const mlp_schema *schema, const mlp_provenance *prov,
                                        mlp_error *err)
{
    if (!path || !path[0]) {
        /* "" would be told as a missing folder of no name. */
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "cannot save the model: the path is %s",
                      path ? "empty" : "NULL");
        mlp_error_hint(err, "give the path of the file to write, e.g. \"model.weights.bin\"");
        return MLP_ERR_USAGE;
    }
    unsigned char *buf;
    size_t len;
    mlp_status st = mlp_weights_encode_provenance(net, schema, prov, &buf, &len, err);
    /* The .bin format has no way to get labels later (mlptrain
     * --init-weights takes the data's, mlppredict refuses the file): an
     * .npz may lack them, a file written here may not. */
    if (!st && !schema->n_labels && mlp_weights_is_classifier(net)) {
        free(buf);
        char kind[96];
        classifier_kind(net, kind, sizeof kind);
        mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                      "cannot save the model: this classifier (%s) has no class labels in its "
                      "schema",
                      kind);
        mlp_error_hint(err, "give the schema its labels (n_labels, labels: %s), as "
                            "mlp_dataset_build does from the target column",
                       net->sizes[net->n_layers] == 1 ? "2, the class of y <= 0.5 first"
                                                      : "one per output unit, in order");
        return MLP_ERR_WEIGHTS;
    }
    if (st) {
        if (err && !err->path[0])
            mlp_error_copy_path(err->path, sizeof err->path, path);
        return st;
    }
    mlp_atomic_file af;
    st = mlp_fileio_atomic_open(&af, path, err);
    if (st) {
        free(buf);
        return st;
    }
    errno = 0;
    if (fwrite(buf, 1, len, af.fp) != len) {
        /* Reported here, while errno still says why (a full disk, a quota). */
        int e = errno ? errno : EIO;
        free(buf);
        mlp_fileio_atomic_abort(&af);
        return mlp_fileio_write_error(path, e, err);
    }
    free(buf);
    return mlp_fileio_atomic_commit(&af, err);
}

/* ------------------------------------------------------------------------ */
/* Reading. Every get checks the bytes are there first; the body ends where
 * the CRC begins. */

typedef struct {
    const unsigned char *buf;
    size_t end; /* offset of the CRC: nothing of the body lies at or beyond it */
    size_t pos;
    const char *name;
    mlp_error *err;
} source;

static const char hint_truncated[] =
    "the file was cut short, perhaps by an interrupted copy; copy it again or retrain the model";
static const char hint_inconsistent[] =
    "the file was not written by mlptrain or was altered; retrain the model";

static mlp_status truncated(mlp_error *err, const char *name, size_t missing, size_t at)
{
    mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0,
                  "truncated: expected %zu more byte%s at offset %zu", missing,
                  mlp_plural(missing, "", "s"), at);
    mlp_error_hint(err, "%s", hint_truncated);
    return MLP_ERR_WEIGHTS;
}

static mlp_status inconsistent(source *src, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static mlp_status inconsistent(source *src, const char *fmt, ...)
{
    char what[MLP_ERROR_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    mlp_error_set(src->err, MLP_ERR_WEIGHTS, src->name, 0, 0, "inconsistent model: %s", what);
    mlp_error_hint(src->err, "%s", hint_inconsistent);
    return MLP_ERR_WEIGHTS;
}

/* The offset of the code that makes mlp_net_create refuse known codes and
 * sizes (docs/weights-format.md, "How a file is checked", names it): the
 * activation of a hidden layer that is row-wise (softmax), else the loss,
 * which cannot follow the output layer. Codes of layer l are at acts_at + l. */
static void code_offset(const mlp_activation *acts, uint32_t n_layers, size_t acts_at,
                        size_t loss_at, char *buf, size_t size)
{
    for (uint32_t l = 0; l + 1 < n_layers; l++)
        if (mlp_activation_info_of(acts[l])->flags & MLP_ACT_FLAG_ROWS) {
            snprintf(buf, size, "the activation code of layer %" PRIu32 " at offset %zu", l + 1,
                     acts_at + l);
            return;
        }
    snprintf(buf, size, "the loss code at offset %zu", loss_at);
}

/* An activation or loss code past the last this mlp knows. Codes are only
 * ever added at the end, under the same format version
 * (docs/weights-format.md, "Versions"), so this is what a file of a newer
 * mlp looks like to an older one: said so, not called an altered file. */
static mlp_status unknown_code(source *src, const char *what, unsigned code, unsigned count,
                               const char *where, size_t at)
{
    mlp_error_set(src->err, MLP_ERR_WEIGHTS, src->name, 0, 0,
                  "unknown %s code %u%s at offset %zu (this mlp knows 0 to %u): written by a "
                  "newer mlp, or altered",
                  what, code, where, at, count - 1);
    mlp_error_hint(src->err, "read it with the newer mlp that wrote it, or retrain the model");
    return MLP_ERR_WEIGHTS;
}

/* The body is read only once the size field and the CRC vouch for the
 * whole file (check_envelope), so a field that runs past the checksum was
 * written that way: an inconsistent model, never a file cut short. */
static mlp_status need(source *src, size_t n)
{
    if (src->end - src->pos < n)
        return inconsistent(src, "a field of %zu byte%s at offset %zu runs past the checksum at "
                                 "offset %zu",
                            n, mlp_plural(n, "", "s"), src->pos, src->end);
    return MLP_OK;
}

/* A string's bytes after its u32 length at offset `at`, as need(). */
static mlp_status need_string(source *src, size_t at, uint32_t len)
{
    if (src->end - src->pos < len)
        return inconsistent(src, "a string of %" PRIu32 " byte%s at offset %zu runs past the "
                                 "checksum at offset %zu",
                            len, mlp_plural(len, "", "s"), at, src->end);
    return MLP_OK;
}

static uint64_t le_bytes(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static mlp_status get_u8(source *src, unsigned *v)
{
    if (need(src, 1))
        return MLP_ERR_WEIGHTS;
    *v = src->buf[src->pos++];
    return MLP_OK;
}

static mlp_status get_u32(source *src, uint32_t *v)
{
    if (need(src, 4))
        return MLP_ERR_WEIGHTS;
    *v = (uint32_t)le_bytes(src->buf + src->pos, 4);
    src->pos += 4;
    return MLP_OK;
}

static double f64_at(const unsigned char *p)
{
    uint64_t bits = le_bytes(p, 8);
    double x;
    memcpy(&x, &bits, 8);
    return x;
}

static mlp_status nomem(mlp_error *err, const char *name)
{
    mlp_error_set(err, MLP_ERR_NOMEM, name, 0, 0, "out of memory reading the model");
    return MLP_ERR_NOMEM;
}

/* What a count of names must be, known from the layer sizes before the
 * count is read (docs/weights-format.md's table): a or b (the same when
 * one value is right), for `per` of `unit` ("input", "output"). */
typedef struct {
    const char *name; /* "feature name", "target name", "class label" */
    size_t a, b, per;
    const char *unit;
} count_want;

/* A count that disagrees with the layer sizes, told at its own offset:
 * read past, it made the names that follow be read as other fields, and
 * the message was about those ("a string of 78456 bytes ... runs past the
 * checksum" for a feature count of 1 in a 2-input model). */
static mlp_status check_count(source *src, const count_want *w, uint32_t count, size_t at)
{
    if (count == w->a || count == w->b)
        return MLP_OK;
    char or_b[32] = "";
    if (w->b != w->a)
        snprintf(or_b, sizeof or_b, " or %zu", w->b);
    return inconsistent(src, "%" PRIu32 " %s%s at offset %zu for %zu %s%s (expected %zu%s)",
                        count, w->name, mlp_plural(count, "", "s"), at, w->per, w->unit,
                        mlp_plural(w->per, "", "s"), w->a, or_b);
}

/* A count followed by that many strings, into a new zero-filled array of
 * *n entries (so a partly read array is safe to free entry by entry). The
 * count must be one `want` allows; every string takes at least its 4-byte
 * length, which bounds the count before anything is allocated. */
static mlp_status get_strs(source *src, const char *what, const count_want *want, size_t *n,
                           char ***out)
{
    uint32_t count;
    size_t at = src->pos;
    if (get_u32(src, &count) || check_count(src, want, count, at))
        return MLP_ERR_WEIGHTS;
    if (count > (src->end - src->pos) / 4)
        return inconsistent(src, "%" PRIu32 " %s at offset %zu do not fit in the file", count,
                            what, at);
    *out = mlp_alloc_zero(count, sizeof **out);
    if (!*out)
        return nomem(src->err, src->name);
    *n = count;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t len;
        at = src->pos;
        if (get_u32(src, &len) || need_string(src, at, len))
            return MLP_ERR_WEIGHTS;
        const unsigned char *p = src->buf + src->pos;
        if (memchr(p, '\0', len))
            return inconsistent(src, "a string at offset %zu holds a NUL byte", at);
        char *s = mlp_alloc(len + (size_t)1, 1);
        if (!s)
            return nomem(src->err, src->name);
        memcpy(s, p, len);
        s[len] = '\0';
        (*out)[i] = s;
        src->pos += len;
    }
    return MLP_OK;
}

/* The offset of the first string equal to name in names[0..n), read from
 * the list whose u32 count is at offset list_at; 0 when none is. Each string
 * was read whole (no NUL), so strlen is its stored length. */
static size_t name_offset(char *const *names, size_t n, size_t list_at, const char *name)
{
    size_t at = list_at + 4;
    for (size_t j = 0; j < n; j++) {
        if (strcmp(names[j], name) == 0)
            return at;
        at += 4 + strlen(names[j]);
    }
    return 0;
}

/* `twice`, which schema_duplicate found twice in list `which` of sc, read
 * from the lists whose u32 counts are at offsets list_at[], told with the
 * offsets of its first two occurrences (one pass: a list may hold 2^24
 * names); a target named as a feature (which LIST_COUNT) at the offsets of
 * both. */
static mlp_status duplicate_name(source *src, const mlp_schema *sc, int which,
                                 const size_t *list_at, const char *twice)
{
    if (which == LIST_COUNT)
        return inconsistent(src, "the target name \"%.64s\" at offset %zu is also a feature "
                                 "name, at offset %zu",
                            twice,
                            name_offset(sc->target_names, sc->n_targets, list_at[LIST_TARGETS], twice),
                            name_offset(sc->feature_names, sc->n_features, list_at[LIST_FEATURES],
                                        twice));
    char *const *names = which == LIST_FEATURES  ? sc->feature_names
                         : which == LIST_TARGETS ? sc->target_names
                                                 : sc->labels;
    size_t n = which == LIST_FEATURES ? sc->n_features
               : which == LIST_TARGETS ? sc->n_targets
                                       : sc->n_labels;
    /* Each string was read whole (no NUL), so strlen is its stored length. */
    size_t at = list_at[which] + 4, first = 0;
    int seen = 0;
    for (size_t j = 0; j < n; j++) {
        if (strcmp(names[j], twice) == 0) {
            if (seen)
                return inconsistent(src, "the %s \"%.64s\" appears twice, at offsets %zu and %zu",
                                    list_what[which], twice, first, at);
            seen = 1;
            first = at;
        }
        at += 4 + strlen(names[j]);
    }
    return inconsistent(src, "the %s \"%.64s\" appears twice", list_what[which], twice);
}

/* Reads n doubles at the current position. */
static mlp_status get_f64s(source *src, double *dst, size_t n)
{
    if (n > SIZE_MAX / 8 || need(src, n * 8))
        return MLP_ERR_WEIGHTS;
    for (size_t i = 0; i < n; i++)
        dst[i] = f64_at(src->buf + src->pos + 8 * i);
    src->pos += 8 * n;
    return MLP_OK;
}

/* The first bytes of the file at path, up to size; how many were read,
 * 0 when it is no regular file or cannot be read. */
static size_t file_head(const char *path, unsigned char *head, size_t size)
{
    /* Regular files only: opening a FIFO would wait for a writer, and
     * reading a pipe would take bytes its reader needs. */
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    size_t n = fread(head, 1, size, fp);
    fclose(fp);
    return n;
}

int mlp_weights_file_has_magic(const char *path)
{
    unsigned char head[sizeof magic];
    return file_head(path, head, sizeof head) == sizeof magic &&
           memcmp(head, magic, sizeof magic) == 0;
}

int mlp_weights_file_looks_like_model(const char *path)
{
    /* An .npz is known by its first member's name (mlp_npz_is_npz): the
     * local header's 30 bytes and a name as long as any array's mlp reads
     * (a longer one would be refused as no such array). */
    unsigned char head[30 + 256];
    size_t n = file_head(path, head, sizeof head);
    return (n >= sizeof magic && memcmp(head, magic, sizeof magic) == 0) ||
           mlp_npz_is_npz(head, n);
}

/* Whether the JSON object at buf is a trace of mlptrain --trace: its first
 * key is "format": "mlp-trace" (trace.c writes it first), so the first few
 * bytes tell. */
static int is_trace(const unsigned char *buf, size_t len)
{
    static const char key[] = "\"format\"", value[] = "\"mlp-trace\"";
    size_t i = 1;
    for (int part = 0; part < 3; part++) {
        while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
            i++;
        const char *want = part == 0 ? key : part == 1 ? ":" : value;
        size_t n = strlen(want);
        if (len - i < n || memcmp(buf + i, want, n) != 0)
            return 0;
        i += n;
    }
    return 1;
}

/* magic, version, size and CRC: whether these bytes are an intact model file
 * of this version, before anything in the body is believed. */
static mlp_status check_envelope(const unsigned char *buf, size_t len, const char *name,
                                 mlp_error *err)
{
    if (len < sizeof magic || memcmp(buf, magic, sizeof magic) != 0) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0, "not an mlp weights file");
        /* mlptrain's other files, given in the model's place. */
        size_t i = 0;
        while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
            i++;
        if (i < len && buf[i] == '{' && is_trace(buf + i, len - i))
            mlp_error_hint(err, "this is a trace of one training pass (mlptrain --trace), not a "
                                "model; give the weights file the same run wrote (mlptrain -w)");
        else if (i < len && buf[i] == '{')
            mlp_error_hint(err, "this looks like a spec: train it with mlptrain -c %s, and give "
                                "the weights file it writes", name);
        else if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
            /* Not numpy's .npz (mlp_npz_is_npz): its first member is no
             * .npy array. */
            mlp_error_hint(err, "this is a zip archive (as an .xlsx or .ods workbook is), not a "
                                "model; give a file written by mlptrain --weights, or an .npz "
                                "written by numpy.savez (docs/numpy.md)");
        else if (len >= strlen(MLP_LOSSLOG_HEADER_START) &&
                 memcmp(buf, MLP_LOSSLOG_HEADER_START, strlen(MLP_LOSSLOG_HEADER_START)) == 0)
            mlp_error_hint(err, "this is a loss log (mlptrain -o); give the weights file written "
                                "beside it (mlptrain -w)");
        else
            mlp_error_hint(err, "give a file written by mlptrain --weights");
        return MLP_ERR_WEIGHTS;
    }
    if (len < OFF_FILE_SIZE)
        return truncated(err, name, OFF_FILE_SIZE - len, len);
    uint32_t version = (uint32_t)le_bytes(buf + OFF_VERSION, 4);
    if (version < MLP_WEIGHTS_MIN_VERSION || version > MLP_WEIGHTS_VERSION) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0,
                      "format version %" PRIu32 " is not supported by this mlp (reads %d to %d)",
                      version, MLP_WEIGHTS_MIN_VERSION, MLP_WEIGHTS_VERSION);
        if (version < MLP_WEIGHTS_MIN_VERSION)
            mlp_error_hint(err, "no mlp writes version %" PRIu32 ": the file is damaged or was "
                                "written by another program; retrain the model", version);
        else
            mlp_error_hint(err, "read it with the newer mlp that wrote it, or retrain the model");
        return MLP_ERR_WEIGHTS;
    }
    if (len < OFF_N_LAYERS)
        return truncated(err, name, OFF_N_LAYERS - len, len);

    /* The stored size tells a cut-short file (say so) from a damaged one
     * (the CRC says so) before the CRC is even looked at. */
    uint64_t declared = le_bytes(buf + OFF_FILE_SIZE, 8);
    /* No file holds more than off_t counts (2^63 - 1 bytes): such a size
     * is a damaged field, not a copy cut short ("expected
     * 18446744073709551245 more bytes", to copy again). */
    int too_large = declared > (uint64_t)INT64_MAX;
    if (declared > len && !too_large)
        return truncated(err, name, (size_t)(declared - len), len);
    if (declared < OFF_SIZES + CRC_BYTES || too_large) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0,
                      "inconsistent model: the size field says %" PRIu64 " bytes, %s", declared,
                      too_large ? "more than any file can hold" : "too few for a model");
        mlp_error_hint(err, "%s", hint_inconsistent);
        return MLP_ERR_WEIGHTS;
    }
    size_t body = (size_t)declared - CRC_BYTES;
    uint32_t stored = (uint32_t)le_bytes(buf + body, 4);
    if (mlp_crc32(0, buf, body) != stored) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0, "checksum mismatch: the file is corrupt");
        mlp_error_hint(err, "the file was changed after it was written; restore it or retrain the "
                            "model");
        return MLP_ERR_WEIGHTS;
    }
    if (declared < len) {
        mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0,
                      "inconsistent model: %zu trailing byte%s after the end at offset %zu",
                      len - (size_t)declared, mlp_plural(len - (size_t)declared, "", "s"),
                      (size_t)declared);
        mlp_error_hint(err, "%s", hint_inconsistent);
        return MLP_ERR_WEIGHTS;
    }
    return MLP_OK;
}

mlp_status mlp_weights_decode(const unsigned char *buf, size_t len, const char *name,
                              mlp_net **net_out, mlp_schema *schema, mlp_error *err)
{
    return mlp_weights_decode_provenance(buf, len, name, net_out, schema, NULL, err);
}

static mlp_status get_u64(source *src, uint64_t *v)
{
    if (need(src, 8))
        return MLP_ERR_WEIGHTS;
    *v = le_bytes(src->buf + src->pos, 8);
    src->pos += 8;
    return MLP_OK;
}

/* A length-prefixed string of at most max bytes, no NUL, into out (max + 1
 * bytes); `what` names it in messages. */
static mlp_status get_short_str(source *s, const char *what, char *out, uint32_t max)
{
    uint32_t n;
    size_t at = s->pos;
    mlp_status st;
    if ((st = get_u32(s, &n)))
        return st;
    if (n > max)
        return inconsistent(s, "%s of %" PRIu32 " bytes at offset %zu (at most %" PRIu32 ")",
                            what, n, at, max);
    if ((st = need_string(s, at, n)))
        return st;
    if (memchr(s->buf + s->pos, '\0', n))
        return inconsistent(s, "a string at offset %zu holds a NUL byte", at);
    memcpy(out, s->buf + s->pos, n);
    out[n] = '\0';
    s->pos += n;
    return MLP_OK;
}

/* What version 5 appends to the provenance block, whose flag byte was
 * flags: three digests, the batch size and the shuffle seed. */
static mlp_status get_provenance_v5(source *s, mlp_provenance *p, unsigned flags)
{
    mlp_status st;
    if ((st = need(s, 3 * MLP_SHA256_SIZE)))
        return st;
    memcpy(p->settings_sha256, s->buf + s->pos, MLP_SHA256_SIZE);
    memcpy(p->validation_sha256, s->buf + s->pos + MLP_SHA256_SIZE, MLP_SHA256_SIZE);
    memcpy(p->init_sha256, s->buf + s->pos + 2 * MLP_SHA256_SIZE, MLP_SHA256_SIZE);
    s->pos += 3 * MLP_SHA256_SIZE;
    p->has_settings_sha256 = (flags & PROV_SETTINGS) != 0;
    p->has_validation_sha256 = (flags & PROV_VALIDATION) != 0;
    p->has_init_sha256 = (flags & PROV_INIT) != 0;
    p->shuffled = (flags & PROV_SHUFFLED) != 0;
    size_t at = s->pos;
    if ((st = get_u64(s, &p->batch_size)) || (st = get_u64(s, &p->shuffle_seed)))
        return st;
    /* A full batch has one order: the writer refuses a shuffle of it. */
    if (p->shuffled && p->batch_size == 0)
        return inconsistent(s, "provenance batch size 0 (full batch) at offset %zu, with its "
                               "rows shuffled", at);
    return MLP_OK;
}

/* The provenance block of versions 2 to 5 (docs/weights-format.md); reads
 * p->format_version. */
static mlp_status get_provenance(source *s, mlp_provenance *p)
{
    unsigned flags;
    size_t at = s->pos;
    mlp_status st;
    if ((st = get_u8(s, &flags)))
        return st;
    unsigned all = p->format_version >= 5 ? PROV_ALL_V5 : PROV_ALL;
    if (flags > all)
        return inconsistent(s, "provenance flags %u at offset %zu (0 to %u are allowed)", flags,
                            at, all);
    if ((flags & PROV_TRAINING_ONLY) && !(flags & PROV_TRAINING))
        return inconsistent(s, "provenance flags %u at offset %zu: a seed or a shuffle without "
                               "the training figures (bit 2)", flags, at);
    if ((st = need(s, 2 * MLP_SHA256_SIZE)))
        return st;
    memcpy(p->spec_sha256, s->buf + s->pos, MLP_SHA256_SIZE);
    memcpy(p->data_sha256, s->buf + s->pos + MLP_SHA256_SIZE, MLP_SHA256_SIZE);
    s->pos += 2 * MLP_SHA256_SIZE;
    p->has_spec_sha256 = (flags & PROV_SPEC) != 0;
    p->has_data_sha256 = (flags & PROV_DATA) != 0;
    p->has_training = (flags & PROV_TRAINING) != 0;
    double losses[2];
    size_t at_losses;
    if ((st = get_u64(s, &p->seed)) || (st = get_u32(s, &p->threads)) ||
        (st = get_u64(s, &p->epochs_run)) || (st = get_u64(s, &p->best_epoch)) ||
        (at_losses = s->pos, st = get_f64s(s, losses, 2)))
        return st;
    if (p->has_training) {
        for (int k = 0; k < 2; k++)
            if (!(isfinite(losses[k]) && losses[k] >= 0))
                return inconsistent(s, "provenance loss %g at offset %zu is not finite and >= 0",
                                    losses[k], at_losses + 8 * (size_t)k);
        if (p->best_epoch > p->epochs_run)
            return inconsistent(s, "provenance best epoch %" PRIu64 " is after the last, %" PRIu64,
                                p->best_epoch, p->epochs_run);
        p->best_loss = losses[0];
        p->final_loss = losses[1];
    }
    if ((st = get_short_str(s, "a version string", p->mlp_version, MLP_PROVENANCE_VERSION_MAX)))
        return st;
    if (p->format_version >= 3 &&
        ((st = get_short_str(s, "a BLAS core name", p->blas_core, MLP_PROVENANCE_NAME_MAX)) ||
         (st = get_short_str(s, "a vector ISA name", p->vector_isa, MLP_PROVENANCE_NAME_MAX))))
        return st;
    if (p->format_version >= 4 && (st = get_u32(s, &p->ranks)))
        return st;
    /* Before version 5 a training record always had its seed (0 might
     * have meant none: docs/weights-format.md). */
    p->has_seed = p->format_version >= 5 ? (flags & PROV_SEED) != 0 : p->has_training;
    return p->format_version >= 5 ? get_provenance_v5(s, p, flags) : MLP_OK;
}

mlp_status mlp_weights_decode_provenance(const unsigned char *buf, size_t len, const char *name,
                                         mlp_net **net_out, mlp_schema *schema,
                                         mlp_provenance *prov_out, mlp_error *err)
{
    /* Every output cleared before any check: a caller frees them after
     * every failure, a NULL argument's included. */
    if (net_out)
        *net_out = NULL;
    if (schema)
        memset(schema, 0, sizeof *schema);
    mlp_provenance prov;
    mlp_provenance_init(&prov);
    if (prov_out)
        *prov_out = prov;
    if (!buf || !net_out || !schema)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_weights_decode: %s is NULL",
                             !buf ? "buf" : !net_out ? "net" : "schema");
    if (!name)
        name = "the model";
    mlp_status st;
    /* A numpy .npz of the layout in npz.h (no provenance). */
    if (mlp_npz_is_npz(buf, len)) {
        st = mlp_npz_decode_given(buf, len, name, net_out, schema,
                                  prov_out ? &prov_out->npz_given : NULL, err);
        if (!st && prov_out)
            prov_out->from_npz = 1;
        return st;
    }
    st = check_envelope(buf, len, name, err);
    if (st)
        return st;
    prov.format_version = (uint32_t)le_bytes(buf + OFF_VERSION, 4);

    source src = {buf, len - CRC_BYTES, OFF_N_LAYERS, name, err};
    source *s = &src;
    mlp_schema sc;
    memset(&sc, 0, sizeof sc);
    mlp_net *net = NULL;
    char why[160];

    /* Architecture. */
    uint32_t n_layers, v32;
    unsigned v8;
    size_t sizes[MLP_MAX_LAYERS + 1];
    mlp_activation acts[MLP_MAX_LAYERS];
    if ((st = get_u32(s, &n_layers)))
        goto fail;
    if (n_layers < 1 || n_layers > MLP_MAX_LAYERS) {
        st = inconsistent(s, "%" PRIu32 " layers at offset %d (1 to %d are allowed)", n_layers,
                          OFF_N_LAYERS, MLP_MAX_LAYERS);
        goto fail;
    }
    for (uint32_t l = 0; l <= n_layers; l++) {
        size_t at = s->pos;
        if ((st = get_u32(s, &v32)))
            goto fail;
        if (v32 < 1 || v32 > MLP_MAX_UNITS) {
            st = inconsistent(s, "layer size %" PRIu32 " at offset %zu (1 to %u are allowed)", v32,
                              at, MLP_MAX_UNITS);
            goto fail;
        }
        sizes[l] = v32;
    }
    size_t acts_at = s->pos;
    for (uint32_t l = 0; l < n_layers; l++) {
        size_t at = s->pos;
        if ((st = get_u8(s, &v8)))
            goto fail;
        if (v8 >= MLP_ACT_COUNT) {
            char where[32];
            snprintf(where, sizeof where, " for layer %" PRIu32, l + 1);
            st = unknown_code(s, "activation", v8, MLP_ACT_COUNT, where, at);
            goto fail;
        }
        acts[l] = (mlp_activation)v8;
    }
    size_t at = s->pos, loss_at = s->pos;
    if ((st = get_u8(s, &v8)))
        goto fail;
    if (v8 >= MLP_LOSS_COUNT) {
        st = unknown_code(s, "loss", v8, MLP_LOSS_COUNT, "", at);
        goto fail;
    }
    mlp_loss loss = (mlp_loss)v8;

    /* Schema. */
    at = s->pos;
    if ((st = get_u8(s, &v8)))
        goto fail;
    if (v8 > 1) {
        st = inconsistent(s, "unknown normalisation code %u at offset %zu", v8, at);
        goto fail;
    }
    sc.normalize = v8 ? MLP_NORMALIZE_STANDARD : MLP_NORMALIZE_NONE;
    for (int flag = 0; flag < 2; flag++) {
        at = s->pos;
        if ((st = get_u8(s, &v8)))
            goto fail;
        if (v8 > 1) {
            st = inconsistent(s, "flag byte %u at offset %zu is neither 0 nor 1", v8, at);
            goto fail;
        }
        if (flag == 0)
            sc.names_from_header = (int)v8;
        else
            sc.one_hot_columns = (int)v8;
    }
    /* Each count against the layer sizes as it is read (F, T, K, C of the
     * table); mlp_schema_net_problem below sees the rest. */
    size_t F = sizes[0], K = sizes[n_layers];
    const count_want want_f = {"feature name", F, F, F, "input"};
    const count_want want_t = {"target name", 1, K, K, "output"};
    size_t list_at[LIST_COUNT];
    if ((list_at[LIST_FEATURES] = s->pos,
         st = get_strs(s, "feature names", &want_f, &sc.n_features, &sc.feature_names)) ||
        (list_at[LIST_TARGETS] = s->pos,
         st = get_strs(s, "target names", &want_t, &sc.n_targets, &sc.target_names)))
        goto fail;
    at = s->pos;
    if ((st = get_u32(s, &v32)))
        goto fail;
    if (v32 != K) {
        st = inconsistent(s, "%" PRIu32 " output%s at offset %zu for a last layer of %zu unit%s "
                             "(expected %zu)",
                          v32, mlp_plural(v32, "", "s"), at, K, mlp_plural(K, "", "s"), K);
        goto fail;
    }
    sc.n_outputs = v32;
    /* A classifier's labels: one per unit, two for one sigmoid unit; and
     * one per column when they name one-hot target columns. */
    const count_want want_c = {"class label", 0, K > 1 ? K : 2, K, "output"};
    const count_want want_hot = {"class label", sc.n_targets, sc.n_targets, sc.n_targets,
                                 "one-hot target column"};
    list_at[LIST_LABELS] = s->pos;
    if ((st = get_strs(s, "labels", &want_c, &sc.n_labels, &sc.labels)) ||
        (sc.one_hot_columns &&
         (st = check_count(s, &want_hot, (uint32_t)sc.n_labels, list_at[LIST_LABELS]))))
        goto fail;
    if (mlp_schema_net_problem(n_layers, sizes, &sc, why, sizeof why)) {
        st = inconsistent(s, "%s", why);
        goto fail;
    }
    int oom, which;
    const char *twice;
    if (schema_duplicate(&sc, why, sizeof why, &oom, &which, &twice)) {
        st = duplicate_name(s, &sc, which, list_at, twice);
        goto fail;
    }
    if (oom) {
        st = nomem(err, name);
        goto fail;
    }
    if (sc.normalize == MLP_NORMALIZE_STANDARD) {
        at = s->pos;
        if ((st = need(s, sc.n_features * 16)))
            goto fail;
        sc.mean = mlp_alloc(sc.n_features, sizeof *sc.mean);
        sc.std = mlp_alloc(sc.n_features, sizeof *sc.std);
        if (!sc.mean || !sc.std) {
            st = nomem(err, name);
            goto fail;
        }
        get_f64s(s, sc.mean, sc.n_features);
        get_f64s(s, sc.std, sc.n_features);
        size_t j = bad_statistic(&sc);
        if (j < sc.n_features) {
            st = inconsistent(s, "normalisation of feature %zu (mean %g, std %g) at offset %zu",
                              j + 1, sc.mean[j], sc.std[j], at);
            goto fail;
        }
    }

    if (prov.format_version >= 2 && (st = get_provenance(s, &prov)))
        goto fail;

    /* Parameters: the rest of the body, exactly. Counted before the net is
     * allocated, so a forged size cannot ask for more memory than the file
     * could fill. */
    uint64_t count = 0; /* at most 32 * 2^24 * (2^24 + 1) < 2^54: exact in 64 bits */
    for (uint32_t l = 0; l < n_layers; l++)
        count += (uint64_t)sizes[l + 1] * (sizes[l] + 1);
    size_t left = s->end - s->pos;
    if (count > left / 8) {
        st = inconsistent(s, "the layer sizes call for %" PRIu64 " parameter%s (%" PRIu64
                             " bytes) at offset %zu, but %zu byte%s %s left before the checksum "
                             "at offset %zu",
                          count, mlp_plural(count, "", "s"), count * 8, s->pos, left,
                          mlp_plural(left, "", "s"), mlp_plural(left, "is", "are"), s->end);
        goto fail;
    }
    size_t n_params = (size_t)count;
    if (left != n_params * 8) {
        st = inconsistent(s, "%zu trailing byte%s after the parameters at offset %zu",
                          left - n_params * 8, mlp_plural(left - n_params * 8, "", "s"),
                          s->pos + n_params * 8);
        goto fail;
    }
    for (size_t k = 0; k < n_params; k++) {
        double x = f64_at(buf + s->pos + 8 * k);
        if (!isfinite(x)) {
            char where[96];
            param_name(sizes, n_layers, k, where, sizeof where);
            st = inconsistent(s, "%s at offset %zu is not finite", where, s->pos + 8 * k);
            goto fail;
        }
    }

    mlp_error net_err;
    mlp_error_clear(&net_err);
    net = mlp_net_create(n_layers, sizes, acts, loss, &net_err);
    if (!net) {
        if (net_err.code == MLP_ERR_NOMEM)
            st = nomem(err, name);
        else {
            char where[96];
            code_offset(acts, n_layers, acts_at, loss_at, where, sizeof where);
            st = inconsistent(s, "%s (%s)", net_err.message, where);
        }
        goto fail;
    }
    if (net->n_params != n_params) {
        st = inconsistent(s, "the network holds %zu parameter%s, the file %zu", net->n_params,
                          mlp_plural(net->n_params, "", "s"), n_params);
        goto fail;
    }
    get_f64s(s, net->params, n_params);

    *net_out = net;
    *schema = sc;
    if (prov_out)
        *prov_out = prov;
    return MLP_OK;

fail:
    mlp_net_free(net);
    mlp_schema_free(&sc);
    return st;
}

mlp_status mlp_weights_read(const char *path, mlp_net **net, mlp_schema *schema, mlp_error *err)
{
    return mlp_weights_read_provenance(path, net, schema, NULL, err);
}

mlp_status mlp_weights_read_provenance(const char *path, mlp_net **net, mlp_schema *schema,
                                       mlp_provenance *prov, mlp_error *err)
{
    /* Every output cleared before any check: a caller frees them after
     * every failure, a NULL argument's included. */
    if (net)
        *net = NULL;
    if (schema)
        memset(schema, 0, sizeof *schema);
    if (prov)
        mlp_provenance_init(prov);
    if (!path || !net || !schema)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_weights_read: %s is NULL",
                             !path ? "the path" : !net ? "net" : "schema");
    char *buf;
    size_t len;
    mlp_status st = mlp_fileio_read_all(path, &buf, &len, err);
    if (st)
        return st;
    /* Named in messages as everywhere ("<stdin>" for "-"). */
    st = mlp_weights_decode_provenance((const unsigned char *)buf, len,
                                       mlp_fileio_display_name(path, 0), net, schema, prov, err);
    if (!st && prov) /* which file this was, for a run continued from it */
        mlp_sha256_digest(buf, len, prov->file_sha256);
    free(buf);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Classifiers without labels (an .npz saved without "labels"). */

int mlp_weights_is_classifier(const mlp_net *net)
{
    const mlp_layer *out = &net->layers[net->n_layers - 1];
    /* The rule by which training makes classes of one target column
     * (dataset.c), less its case of a column of words, which only data
     * shows. */
    return (mlp_activation_info_of(out->act)->flags & MLP_ACT_FLAG_ROWS) != 0 ||
           (out->n_out == 1 && mlp_loss_info_of(net->loss)->targets != MLP_LOSS_TARGETS_VALUES);
}

/* "a softmax output", "one sigmoid unit with binary_cross_entropy". */
static void classifier_kind(const mlp_net *net, char *buf, size_t size)
{
    const mlp_layer *out = &net->layers[net->n_layers - 1];
    if (mlp_activation_info_of(out->act)->flags & MLP_ACT_FLAG_ROWS)
        snprintf(buf, size, "a %s output", mlp_activation_name(out->act));
    else
        snprintf(buf, size, "one %s unit with %s", mlp_activation_name(out->act),
                 mlp_loss_name(net->loss));
}

mlp_status mlp_weights_check_labels(const mlp_net *net, const mlp_schema *schema,
                                    const char *path, mlp_error *err)
{
    if (schema->n_labels || !mlp_weights_is_classifier(net))
        return MLP_OK;
    /* Labels are never made up for it: "0", "1" would be called what the
     * model was trained on in every message about the data. The class
     * indices make the example, as numpy's argmax gives them. */
    size_t K = net->sizes[net->n_layers], C = K == 1 ? 2 : K;
    char kind[96], example[96];
    classifier_kind(net, kind, sizeof kind);
    if (C <= 3)
        snprintf(example, sizeof example, "\"0\", \"1\"%s", C == 3 ? ", \"2\"" : "");
    else
        snprintf(example, sizeof example, "\"0\", \"1\", ..., \"%zu\"", C - 1);
    mlp_error_set(err, MLP_ERR_WEIGHTS, path, 0, 0,
                  "this classifier (%s) has no class labels to name its predictions", kind);
    mlp_error_hint(err, "save them in the .npz, %s: labels=numpy.array([%s]) (docs/numpy.md)",
                   K == 1 ? "the class of y <= 0.5 first" : "one per output unit, in order",
                   example);
    return MLP_ERR_WEIGHTS;
}

/* ------------------------------------------------------------------------ */
/* For people. */

/* A name as a message shows it: bytes that must not reach a terminal raw
 * (a newline that would split the line, ESC, a Latin-1 byte) as \xNN. */
static void show_name(FILE *out, const char *name)
{
    char small[256];
    size_t need = MLP_ERROR_ESCAPED_SIZE(strlen(name));
    char *buf = need <= sizeof small ? small : malloc(need);
    fprintf(out, "\"%s\"", buf ? mlp_error_escape(name, buf, need) : name);
    if (buf != small)
        free(buf);
}

/* A text of the provenance on its line, escaped as names are (the file's
 * bytes, whoever wrote them), or "not recorded". */
static void show_text(FILE *out, const char *what, const char *text)
{
    char buf[MLP_ERROR_ESCAPED_SIZE(MLP_PROVENANCE_VERSION_MAX)];
    fprintf(out, "  %-14s%s\n", what,
            text[0] ? mlp_error_escape(text, buf, sizeof buf) : "not recorded");
}

static void put_names(FILE *out, char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        show_name(out, names && names[i] ? names[i] : "");
    }
}

static void put_digest(FILE *out, const char *what, int known, const unsigned char *d)
{
    fprintf(out, "  %-14s", what);
    if (!known) {
        fputs("unknown\n", out);
        return;
    }
    for (int i = 0; i < MLP_SHA256_SIZE; i++)
        fprintf(out, "%02x", d[i]);
    fputc('\n', out);
}

/* Version 5's digests, each line only where the run had one: the settings
 * trained with, the validation file, the weights file continued from. The
 * words before each digest say what it is of, as the labels of the older
 * digests do (which the column's width leaves no room for here). */
static void describe_v5_digests(FILE *out, const mlp_provenance *prov)
{
    const struct {
        int known;
        const char *label, *words;
        const unsigned char *digest;
    } lines[] = {
        {prov->has_settings_sha256, "settings", "sha256 ", prov->settings_sha256},
        {prov->has_validation_sha256, "validation", "sha256 ", prov->validation_sha256},
        {prov->has_init_sha256, "continued", "from the weights file of sha256 ",
         prov->init_sha256},
    };
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        if (!lines[k].known)
            continue;
        fprintf(out, "  %-14s%s", lines[k].label, lines[k].words);
        for (int i = 0; i < MLP_SHA256_SIZE; i++)
            fprintf(out, "%02x", lines[k].digest[i]);
        fputc('\n', out);
    }
}

/* A mini-batch run's batches (version 5): their size, and the seed their
 * order was drawn from, which a continued run need not share with the
 * initial weights. */
static void describe_batches(FILE *out, const mlp_provenance *prov)
{
    fprintf(out, "  %-14s%" PRIu64, "batch size", prov->batch_size);
    if (prov->shuffled)
        fprintf(out, ", shuffle seed %" PRIu64 "\n", prov->shuffle_seed);
    else
        fputs(", not shuffled (batches of consecutive rows)\n", out);
}

mlp_status mlp_weights_describe(FILE *out, const mlp_net *net, const mlp_schema *sc,
                                const mlp_provenance *prov, mlp_error *err)
{
    errno = 0; /* a failed write leaves its reason here, read at the end */
    if (prov && prov->format_version)
        fprintf(out, "format version  %" PRIu32 "\n", prov->format_version);
    char arch[MLP_ARCH_TEXT_MAX];
    fprintf(out, "architecture    %s\n", mlp_net_describe(arch, sizeof arch, net));
    fprintf(out, "parameters      %zu\nloss            %s\n", net->n_params,
            mlp_loss_name(net->loss));
    /* An .npz's names may be made up (npz.h): never shown as the file's. */
    int npz = prov && prov->from_npz;
    unsigned given = npz ? prov->npz_given : ~0u;
    int unlabelled = sc->n_labels == 0 && mlp_weights_is_classifier(net);
    fprintf(out, "features        %zu, matched by %s: ", sc->n_features,
            sc->names_from_header ? "name" : "position");
    put_names(out, sc->feature_names, sc->n_features);
    if (!(given & MLP_NPZ_FEATURE_NAMES))
        fputs(" (made up: the .npz has no feature_names)", out);
    fprintf(out, "\nnormalisation   %s\n",
            sc->normalize == MLP_NORMALIZE_STANDARD ? "standard (x - mean) / std" : "none");
    if (sc->normalize == MLP_NORMALIZE_STANDARD && sc->mean && sc->std)
        for (size_t j = 0; j < sc->n_features; j++) {
            /* the shortest text that reads back the same, as the loss log's */
            char mean[MLP_FORMAT_NUMBER_MAX], sd[MLP_FORMAT_NUMBER_MAX];
            mlp_format_double(mean, sc->mean[j]);
            mlp_format_double(sd, sc->std[j]);
            fputs("  ", out);
            show_name(out, sc->feature_names && sc->feature_names[j] ? sc->feature_names[j] : "");
            fprintf(out, ": mean %s, std %s\n", mean, sd);
        }
    fprintf(out, "targets         ");
    if (unlabelled && !(given & MLP_NPZ_TARGET_NAMES)) {
        fputs("none in the .npz", out);
    } else {
        put_names(out, sc->target_names, sc->n_targets);
        if (!(given & MLP_NPZ_TARGET_NAMES))
            fputs(" (made up: the .npz has no target_names)", out);
    }
    if (sc->n_labels) {
        fprintf(out, "\nlabels          %zu%s: ", sc->n_labels,
                sc->one_hot_columns ? " (the one-hot target columns)" : "");
        put_names(out, sc->labels, sc->n_labels);
        fputc('\n', out);
    } else if (unlabelled) {
        char kind[96];
        classifier_kind(net, kind, sizeof kind);
        fprintf(out, "\nlabels          none, which this classifier (%s) needs to predict "
                     "(docs/numpy.md)\n", kind);
    } else {
        fputs("\nlabels          none (regression)\n", out);
    }
    /* A record not read from a file (version 0, not an .npz) holds every
     * field of the current version. */
    uint32_t version = prov && prov->format_version ? prov->format_version : MLP_WEIGHTS_VERSION;
    if (npz) {
        fputs("provenance      none (a numpy .npz)\n", out);
    } else if (!prov) {
        fputs("provenance      unknown (none given)\n", out);
    } else if (prov->format_version == 1) {
        fputs("provenance      none (a version 1 file)\n", out);
    } else if (prov->format_version == 0 && !prov->has_spec_sha256 && !prov->has_data_sha256 &&
               !prov->has_training && !prov->mlp_version[0] && !prov->blas_core[0] &&
               !prov->vector_isa[0] && !prov->has_settings_sha256 &&
               !prov->has_validation_sha256 && !prov->has_init_sha256) {
        fputs("provenance      unknown (nothing recorded)\n", out);
    } else {
        fputs("provenance\n", out);
        show_text(out, "mlp version", prov->mlp_version);
        if (version >= 3) {
            show_text(out, "blas core", prov->blas_core);
            show_text(out, "vector isa", prov->vector_isa);
        }
        put_digest(out, "spec sha256", prov->has_spec_sha256, prov->spec_sha256);
        put_digest(out, "data sha256", prov->has_data_sha256, prov->data_sha256);
        if (version >= 5)
            describe_v5_digests(out, prov);
        if (prov->has_training) {
            if (prov->has_seed)
                fprintf(out, "  %-14s%" PRIu64 "\n", "seed", prov->seed);
            else
                fprintf(out, "  %-14s%s\n", "seed", "not recorded");
            if (prov->threads)
                fprintf(out, "  %-14s%" PRIu32 "\n", "threads", prov->threads);
            else
                fprintf(out, "  %-14s%s\n", "threads", "not recorded");
            if (version >= 4 && prov->ranks)
                fprintf(out, "  %-14s%" PRIu32 "\n", "ranks", prov->ranks);
            else if (version >= 4)
                fprintf(out, "  %-14s%s\n", "ranks", "not recorded");
            if (version >= 5 && prov->batch_size)
                describe_batches(out, prov);
            fprintf(out, "  %-14s%" PRIu64 "\n", "epochs run", prov->epochs_run);
            /* Row best_epoch of the loss log, whose weights are those before
             * that epoch's update (docs/loss-log.md): it may be above the
             * final loss, of the weights after the last update. It is the
             * loss the run monitored, the validation loss when it had a
             * validation set, which the file does not record, so both are
             * named; a refit records its own training loss. In mini-batches
             * (recorded from version 5) a row's training loss is the mean
             * over the epoch's batches, each before its own update, so it
             * is said so: only the validation loss is of the weights before
             * the epoch. */
            /* Both losses as the loss log writes its numbers, the shortest
             * text that reads back the same double, so that either can be
             * found in the log as it stands there (%.17g wrote digits the
             * log has not: 0.067564672030946737 for 0.06756467203094674). */
            char best[MLP_FORMAT_NUMBER_MAX], final[MLP_FORMAT_NUMBER_MAX];
            mlp_format_double(best, prov->best_loss);
            mlp_format_double(final, prov->final_loss);
            if (version >= 5 && prov->batch_size)
                fprintf(out, "  %-14s%s (epoch %" PRIu64 "; the validation loss, of "
                             "the weights before that epoch, or, where the run had no "
                             "validation set or was refitted, the training loss: the "
                             "mean over that epoch's batches, each before its own "
                             "update)\n",
                        "best loss", best, prov->best_epoch);
            else
                fprintf(out, "  %-14s%s (epoch %" PRIu64 ", of the weights before its "
                             "update; the validation loss, or the training loss where the "
                             "run had no validation set or was refitted)\n",
                        "best loss", best, prov->best_epoch);
            fprintf(out, "  %-14s%s (the training loss of the weights saved)\n", "final loss",
                    final);
        } else {
            fprintf(out, "  %-14s%s\n", "training", "unknown");
        }
    }
    if (fflush(out) != 0 || ferror(out))
        return mlp_fileio_write_error("-", errno, err); /* the caller names the file */
    return MLP_OK;
}
