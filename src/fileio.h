/* SPDX-License-Identifier: MIT */
/* fileio.h: every file mlp opens goes through here.
 *
 * Outputs are written atomically: mlp_fileio_atomic_open creates a temporary
 * file beside the destination (so a missing folder or a read-only one is
 * found before any work is done), the caller writes to .fp, and
 * mlp_fileio_atomic_commit checks every write, closes and renames it over the
 * destination. Until the commit the destination is untouched; on abort the
 * temporary file is removed. A destination that is a character device or a
 * FIFO (/dev/null, /dev/stdout) is written directly instead (tmp_path NULL).
 *
 * The path "-" is standard input to mlp_fileio_read_all and standard output
 * to mlp_fileio_atomic_open (written directly, as a pipe); messages call them
 * "<stdin>" and "<stdout>". Standard input can be read once.
 */
#ifndef MLP_FILEIO_H
#define MLP_FILEIO_H

#include <stdio.h>

#include "mlp/error.h"

typedef struct {
    FILE *fp;        /* write here; NULL when closed */
    char *path;      /* destination; owned */
    char *tmp_path;  /* temporary file beside it; owned */
} mlp_atomic_file;

/* 1 when path is "-", standard input or output. */
int mlp_fileio_is_std(const char *path);

/* The name of path in messages: "<stdin>" or "<stdout>" (writing) for "-",
 * else path itself. */
const char *mlp_fileio_display_name(const char *path, int writing);

/* Reads the whole file into a new buffer with a terminating NUL (not counted
 * in *len); the caller frees *buf. MLP_ERR_IO with strerror text when it
 * cannot be opened or read (a folder is reported as such). */
mlp_status mlp_fileio_read_all(const char *path, char **buf, size_t *len, mlp_error *err);

/* Creates the temporary file for destination path. MLP_ERR_IO when path is a
 * folder or its folder cannot be written. On failure *af is zeroed. */
mlp_status mlp_fileio_atomic_open(mlp_atomic_file *af, const char *path, mlp_error *err);

/* Flushes, checks for write errors, closes and renames the temporary file
 * over the destination; on any failure removes it and reports MLP_ERR_IO.
 * Frees what af owns in every case. The file gets mode 0666 & ~umask. */
mlp_status mlp_fileio_atomic_commit(mlp_atomic_file *af, mlp_error *err);

/* mlp_fileio_atomic_commit in two steps, for outputs that must appear
 * together (outputs.c): finish flushes, checks every write, syncs and
 * closes the temporary file, which stays (on failure it is removed, af is
 * freed and MLP_ERR_IO says why); rename then renames it over the
 * destination and frees af (on failure the temporary file is removed).
 * mlp_fileio_atomic_abort still removes a finished temporary file. */
mlp_status mlp_fileio_atomic_finish(mlp_atomic_file *af, mlp_error *err);
mlp_status mlp_fileio_atomic_rename(mlp_atomic_file *af, mlp_error *err);

/* Closes and removes the temporary file, frees what af owns; safe on a
 * zeroed or already finished af. */
void mlp_fileio_atomic_abort(mlp_atomic_file *af);

/* A new string: rel when it is absolute, "-" or base_file has no folder
 * part, else base_file's folder + "/" + rel. NULL when out of memory. */
char *mlp_fileio_resolve(const char *base_file, const char *rel);

#endif
