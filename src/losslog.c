/* SPDX-License-Identifier: MIT */
/* losslog.c: the per-epoch loss CSV of docs/loss-log.md. Owns the columns
 * and the number format; the file is a fileio atomic file, so the log
 * appears complete at commit or not at all, or a buffer in memory that
 * outputs.c writes together with the weights. */
#include "mlp/losslog.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fileio.h"
#include "format_number.h"

struct mlp_losslog {
    mlp_atomic_file file;
    int classify;   /* accuracy columns */
    int validation; /* val_ columns */
    int best_epoch; /* best_epoch column */
    int refit;      /* refit column */
    int refitting;  /* its value: set by mlp_losslog_begin_refit */
    int in_memory;  /* mlp_losslog_create: the text is kept in mem, not in file */
    char *mem;      /* the header and rows so far, in memory mode; owned */
    size_t mem_len; /* their bytes */
    size_t mem_cap; /* mem's size (mem_len + 1 or more: a NUL follows the text) */
};

/* The first size of an in-memory log: the header and some 30 rows. */
#define LOSSLOG_FIRST_CAPACITY 1024

/* Room for len more bytes and the NUL in an in-memory log, its size doubled
 * as often as needed, through mlp_realloc: the tests' failure hook reaches
 * it (open_memstream's growth was out of its sight), and a process of a
 * data-parallel run that runs out of it alone mid-run is agreed on by the
 * next reduction (train.h, on_epoch_memory). */
static mlp_status reserve(mlp_losslog *log, size_t len, mlp_error *err)
{
    if (len < log->mem_cap - log->mem_len)
        return MLP_OK;
    size_t cap = log->mem_cap ? log->mem_cap : LOSSLOG_FIRST_CAPACITY;
    while (cap - log->mem_len <= len) {
        if (cap > SIZE_MAX / 2)
            return mlp_alloc_error(err, NULL, 0, NULL, "the loss log");
        cap *= 2;
    }
    char *mem = mlp_realloc(log->mem, cap, 1);
    if (!mem)
        return mlp_alloc_error(err, NULL, (double)cap, NULL, "the loss log");
    log->mem = mem;
    log->mem_cap = cap;
    return MLP_OK;
}

/* Appends len bytes of text: to the temporary file, or to memory. */
static mlp_status put(mlp_losslog *log, const char *text, size_t len, mlp_error *err)
{
    if (!log->in_memory) {
        errno = 0;
        return fwrite(text, 1, len, log->file.fp) == len
                   ? MLP_OK
                   : mlp_fileio_write_error(log->file.path, errno, err);
    }
    mlp_status st = reserve(log, len, err);
    if (st)
        return st;
    memcpy(log->mem + log->mem_len, text, len);
    log->mem_len += len;
    log->mem[log->mem_len] = '\0';
    return MLP_OK;
}

mlp_losslog *mlp_losslog_open(const char *path, int classify, int validation, mlp_error *err)
{
    mlp_losslog_columns cols = {.classify = classify, .validation = validation};
    return mlp_losslog_open_columns(path, &cols, err);
}

/* The header line; on failure log is freed. */
static mlp_losslog *start(mlp_losslog *log, mlp_error *err)
{
    /* Every column named once fits: some 60 bytes. */
    char header[sizeof MLP_LOSSLOG_HEADER_START + 64];
    int len = snprintf(header, sizeof header, MLP_LOSSLOG_HEADER_START "%s%s%s%s%s\n",
                       log->classify ? ",accuracy" : "", log->validation ? ",val_loss" : "",
                       log->classify && log->validation ? ",val_accuracy" : "",
                       log->best_epoch ? ",best_epoch" : "", log->refit ? ",refit" : "");
    if (put(log, header, (size_t)len, err)) {
        mlp_losslog_abort(log);
        return NULL;
    }
    return log;
}

static mlp_losslog *alloc_log(const mlp_losslog_columns *cols, const char *path, mlp_error *err)
{
    mlp_losslog *log = mlp_alloc_zero(1, sizeof *log);
    if (!log) {
        mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory opening the loss log");
        return NULL;
    }
    log->classify = cols->classify != 0;
    log->validation = cols->validation != 0;
    log->best_epoch = cols->best_epoch != 0;
    log->refit = cols->refit != 0;
    return log;
}

mlp_losslog *mlp_losslog_open_columns(const char *path, const mlp_losslog_columns *cols,
                                      mlp_error *err)
{
    mlp_losslog *log = alloc_log(cols, path, err);
    if (!log)
        return NULL;
    if (mlp_fileio_atomic_open(&log->file, path, err)) {
        free(log);
        return NULL;
    }
    return start(log, err);
}

mlp_losslog *mlp_losslog_create(const mlp_losslog_columns *cols, mlp_error *err)
{
    mlp_losslog *log = alloc_log(cols, NULL, err);
    if (!log)
        return NULL;
    log->in_memory = 1;
    return start(log, err);
}

mlp_status mlp_losslog_text(mlp_losslog *log, const char **text, size_t *len, mlp_error *err)
{
    if (!log->in_memory) {
        *text = NULL;
        *len = 0;
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "the loss log is not kept in memory");
    }
    *text = log->mem;
    *len = log->mem_len;
    return MLP_OK;
}

/* Each number is the shortest text that reads back to the same double
 * (format_number.h); NaN and the infinities are spelled the same on every
 * libc ("-nan" would be a glibc habit). */
static char *put_number(char *p, double x)
{
    *p++ = ',';
    return p + mlp_format_double(p, x);
}

mlp_status mlp_losslog_append(mlp_losslog *log, const mlp_epoch_stats *stats, mlp_error *err)
{
    /* One row: at most 2 integers of 20 characters and 4 numbers of
     * MLP_FORMAT_NUMBER_MAX, with their commas and the line end. */
    char row[2 * 22 + 4 * (MLP_FORMAT_NUMBER_MAX + 1) + 8];
    char *p = row + mlp_format_long(row, stats->epoch);
    p = put_number(p, stats->loss);
    if (log->classify)
        p = put_number(p, stats->accuracy);
    if (log->validation)
        p = put_number(p, stats->val_loss);
    if (log->validation && log->classify)
        p = put_number(p, stats->val_accuracy);
    if (log->best_epoch) {
        *p++ = ',';
        p += mlp_format_long(p, stats->best_epoch);
    }
    if (log->refit) {
        *p++ = ',';
        *p++ = log->refitting ? '1' : '0';
    }
    *p++ = '\n';
    return put(log, row, (size_t)(p - row), err);
}

void mlp_losslog_begin_refit(mlp_losslog *log)
{
    log->refitting = 1;
}

mlp_status mlp_losslog_commit(mlp_losslog *log, mlp_error *err)
{
    if (log->in_memory) {
        mlp_losslog_abort(log);
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "a loss log kept in memory is written with mlp_outputs_write");
    }
    mlp_status st = mlp_fileio_atomic_commit(&log->file, err);
    free(log);
    return st;
}

void mlp_losslog_abort(mlp_losslog *log)
{
    if (!log)
        return;
    if (log->in_memory) {
        free(log->mem);
    } else {
        mlp_fileio_atomic_abort(&log->file);
    }
    free(log);
}
