/* SPDX-License-Identifier: MIT */
/* runid.c: whether the processes of one run run the same thing
 * (runid.h): a run's description, the comparison of two, and the gathers
 * that give every process one answer. Prints nothing; knows no MPI. */
#include "runid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "c_locale.h"
#include "fileio.h"
#include "plural.h"

/* -1: no file, standard input, or a file that is not a regular file (a
 * pipe is not opened here: that would wait for its writer); -2: a file
 * this process cannot open (it is not there, or not for it); else its
 * size. */
static long long size_of(const char *path)
{
    struct stat sb;
    if (!path || mlp_fileio_is_std(path))
        return -1;
    if (stat(path, &sb) != 0)
        return -2;
    if (!S_ISREG(sb.st_mode))
        return -1;
    /* Found, but maybe not readable by this process: asked as the readers ask. */
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -2;
    fclose(fp);
    return (long long)sb.st_size;
}

static void digest_text(const char *text, unsigned char digest[MLP_SHA256_BYTES])
{
    mlp_sha256_digest(text ? text : "", text ? strlen(text) : 0, digest);
}

void mlp_runid_describe(const mlp_spec *spec, const mlp_runid_options *o, const char *spec_text,
                        size_t spec_len, mlp_runid *id)
{
    memset(id, 0, sizeof *id);
    mlp_sha256_digest(spec_text, spec_len, id->spec);
    digest_text(spec->weights_path, id->weights);
    digest_text(spec->loss_path, id->loss);
    digest_text(o->init_weights, id->init);
    id->rate = spec->optimizer.learning_rate;
    id->margin = o->restart_margin;
    id->tolerance = o->tolerance;
    id->epochs = spec->epochs;
    id->seed = o->seed;
    id->restarts = o->restarts;
    id->batch = (long long)spec->batch_size;
    id->gradcheck = o->gradcheck;
    id->has_init = o->init_weights != NULL;
    id->train_size = spec->train_text ? -1 : size_of(spec->train_path);
    id->val_size = size_of(spec->validation_path);
    id->init_size = size_of(o->init_weights);
}

/* The names are process 0's (this process's when it is not: only process
 * 0 prints). */
mlp_status mlp_runid_compare(const mlp_runid *a, const mlp_runid *b, int q, int n,
                             const mlp_spec *spec, const mlp_runid_options *o, mlp_error *err)
{
    char what[512] = "";
    const char *hint = "give every rank the same command line and spec";
    if (memcmp(a->spec, b->spec, sizeof a->spec) != 0) {
        snprintf(what, sizeof what, "reads another spec than rank 0 (%s): the SHA-256 of its "
                                    "bytes differs",
                 o->config ? mlp_fileio_display_name(o->config, 0) : "the built-in XOR spec");
        hint = "give every rank the same command line and the same spec file (one file on a "
               "shared filesystem)";
    } else if (a->epochs != b->epochs) {
        snprintf(what, sizeof what, "trains for %lld epoch%s, rank 0 for %lld", b->epochs,
                 mlp_plural((double)b->epochs, "", "s"), a->epochs);
    } else if (a->rate != b->rate) {
        snprintf(what, sizeof what, "trains at learning rate %.17g, rank 0 at %.17g", b->rate,
                 a->rate);
    } else if (a->seed != b->seed) {
        snprintf(what, sizeof what, "starts from seed %lld, rank 0 from %lld", b->seed, a->seed);
    } else if (a->batch != b->batch) {
        snprintf(what, sizeof what, "trains in batches of %lld row%s, rank 0 of %lld", b->batch,
                 mlp_plural((double)b->batch, "", "s"), a->batch);
    } else if (a->restarts != b->restarts) {
        snprintf(what, sizeof what, "trains %lld time%s (--restarts), rank 0 %lld time%s",
                 b->restarts, mlp_plural((double)b->restarts, "", "s"), a->restarts,
                 mlp_plural((double)a->restarts, "", "s"));
    } else if (a->margin != b->margin) {
        snprintf(what, sizeof what, "has restart margin %.17g, rank 0 %.17g", b->margin,
                 a->margin);
    } else if (a->gradcheck != b->gradcheck) {
        snprintf(what, sizeof what, "%s", b->gradcheck ? "runs --gradcheck, rank 0 trains"
                                                       : "trains, rank 0 runs --gradcheck");
    } else if (a->tolerance != b->tolerance) {
        snprintf(what, sizeof what, "checks gradients to tolerance %.17g, rank 0 to %.17g",
                 b->tolerance, a->tolerance);
    } else if (a->has_init != b->has_init || memcmp(a->init, b->init, sizeof a->init) != 0) {
        snprintf(what, sizeof what, "starts from another --init-weights than rank 0 (%s)",
                 o->init_weights ? o->init_weights : "none: initial weights from the seed");
    } else if (memcmp(a->weights, b->weights, sizeof a->weights) != 0) {
        snprintf(what, sizeof what, "writes the weights to another path than rank 0 (%s)",
                 spec->weights_path);
    } else if (memcmp(a->loss, b->loss, sizeof a->loss) != 0) {
        snprintf(what, sizeof what, "writes the loss log to another path than rank 0 (%s)",
                 spec->loss_path);
    } else {
        const char *path = NULL;
        long long sa = -1, sb = -1;
        if (a->train_size >= 0 && b->train_size >= 0 && a->train_size != b->train_size)
            path = spec->train_path, sa = a->train_size, sb = b->train_size;
        else if (a->val_size >= 0 && b->val_size >= 0 && a->val_size != b->val_size)
            path = spec->validation_path, sa = a->val_size, sb = b->val_size;
        else if (a->init_size >= 0 && b->init_size >= 0 && a->init_size != b->init_size)
            path = o->init_weights, sa = a->init_size, sb = b->init_size;
        if (!path)
            return MLP_OK;
        snprintf(what, sizeof what, "reads another %s than rank 0: %lld bytes there, %lld on "
                                    "rank 0", path, sb, sa);
        hint = "give every rank the same files (one copy on a shared filesystem)";
    }
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "rank %d of %d %s: every rank must run "
                                                  "the same spec with the same options and data",
                  q, n, what);
    mlp_error_hint(err, "%s", hint);
    return MLP_ERR_USAGE;
}

void mlp_runid_name_rank(mlp_error *err, int q, int n, int fine)
{
    char what[sizeof err->message];
    memcpy(what, err->message, sizeof what);
    mlp_c_snprintf(err->message, sizeof err->message, "rank %d of %d (not rank %d): %s", q, n, fine,
                   what);
}

/* The files of a run, in the order one process reads them: the
 * --init-weights file, the training data, the validation data. */
enum { N_FILES = 3 };

static long long size_in(const mlp_runid *id, int k)
{
    return k == 0 ? id->init_size : k == 1 ? id->train_size : id->val_size;
}

/* A file that some processes cannot open and others can: told before any
 * reading, with the error of the lowest process that cannot, as its
 * reader says it (at the file's key in the spec), naming that process.
 * The reading would tell it too, but as if every process had met it: the
 * reading in parts tells a process's error as the whole file's. When no
 * process can open it, MLP_OK: the readers say it as one process does. */
static mlp_status open_everywhere(const mlp_parts *parts, const mlp_runid *all,
                                  const mlp_spec *spec, const mlp_runid_options *o,
                                  mlp_error *err)
{
    const char *paths[N_FILES] = {o->init_weights, spec->train_text ? NULL : spec->train_path,
                                  spec->validation_path};
    for (int k = 0; k < N_FILES; k++) {
        int failed = -1, opened = -1;
        for (int q = 0; q < parts->size; q++) {
            if (size_in(&all[q], k) == -2 && failed < 0)
                failed = q;
            else if (size_in(&all[q], k) != -2 && opened < 0)
                opened = q;
        }
        if (failed < 0)
            continue;
        if (opened < 0)
            return MLP_OK;
        /* Every process takes this branch: the descriptions are the same everywhere. */
        mlp_error mine;
        mlp_error_clear(&mine);
        if (parts->rank == failed) {
            FILE *fp = NULL;
            long long size;
            if (!mlp_fileio_open_read(paths[k], &fp, &size, &mine))
                fclose(fp); /* there after all: the reader will say what it finds */
            mlp_spec_data_error(spec, &mine);
        }
        void *errs = NULL;
        size_t *lens = NULL;
        mlp_status st = mlp_parts_gather(parts, MLP_OK, &mine, sizeof mine, &errs, &lens, err);
        if (!st) {
            memcpy(err, (const mlp_error *)errs + failed, sizeof *err);
            st = err->code;
            if (st)
                mlp_runid_name_rank(err, failed, parts->size, opened);
        }
        free(errs);
        free(lens);
        return st;
    }
    return MLP_OK;
}

mlp_status mlp_runid_same_run(const mlp_parts *parts, const mlp_runid *mine, const mlp_spec *spec,
                              const mlp_runid_options *o, mlp_error *err)
{
    if (!parts || parts->size < 2)
        return MLP_OK;
    void *all = NULL;
    size_t *lens = NULL;
    mlp_status st = mlp_parts_gather(parts, MLP_OK, mine, sizeof *mine, &all, &lens, err);
    if (st)
        return st;
    /* Every process compares the same descriptions: the same answer everywhere. */
    const mlp_runid *p = all;
    for (int q = 1; !st && q < parts->size; q++)
        st = mlp_runid_compare(&p[0], &p[q], q, parts->size, spec, o, err);
    if (!st)
        st = open_everywhere(parts, p, spec, o, err);
    free(all);
    free(lens);
    return st;
}

mlp_status mlp_runid_same_copies(const mlp_parts *parts,
                                 const unsigned char digest[MLP_SHA256_BYTES], const char *path,
                                 mlp_error *err)
{
    if (!parts || parts->size < 2)
        return MLP_OK;
    void *all = NULL;
    size_t *lens = NULL;
    mlp_status st = mlp_parts_gather(parts, MLP_OK, digest, MLP_SHA256_BYTES, &all, &lens, err);
    if (st)
        return st;
    const unsigned char *d = all;
    for (int q = 1; !st && q < parts->size; q++)
        if (memcmp(d, d + MLP_SHA256_BYTES * (size_t)q, MLP_SHA256_BYTES) != 0) {
            mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                          "rank %d of %d reads another %s than rank 0: the same size, other "
                          "bytes: every rank must run the same spec with the same options and "
                          "data", q, parts->size, path);
            mlp_error_hint(err, "give every rank the same files (one copy on a shared filesystem)");
            st = MLP_ERR_USAGE;
        }
    free(all);
    free(lens);
    return st;
}

void mlp_runid_init_digest(const mlp_net *net, const mlp_schema *schema,
                           unsigned char digest[MLP_SHA256_BYTES])
{
    /* The rest of the file (architecture, columns, labels) is checked
     * against the data on every process. */
    mlp_sha256 sha;
    mlp_sha256_init(&sha);
    mlp_sha256_update(&sha, net->params, net->n_params * sizeof(double));
    size_t n = schema->n_features;
    if (schema->mean)
        mlp_sha256_update(&sha, schema->mean, n * sizeof(double));
    if (schema->std)
        mlp_sha256_update(&sha, schema->std, n * sizeof(double));
    mlp_sha256_final(&sha, digest);
}
