/* SPDX-License-Identifier: MIT */
/* datatext.h: a data file's text, kept or read again only so that a
 * message can name the column of a bad cell (the table keeps each cell's
 * line, not its column: mlp_csv_field_col counts in the text). Three ways
 * to have it: a small file's bytes, a process's own lines of a file read
 * in parts (parts.h), and a dataset made again with the text when its
 * error lacks a column. A file that is not a regular file (standard input,
 * a pipe: read once) or is larger than MLP_DATATEXT_MAX gives no text:
 * its messages give the line alone (docs/csv.md). */
#ifndef MLP_DATATEXT_H
#define MLP_DATATEXT_H

#include <stddef.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/parts.h"

#define MLP_DATATEXT_MAX ((size_t)64 << 20)

/* The bytes of path (new, NUL-terminated, *len without the NUL) when it is
 * a regular file of MLP_DATATEXT_MAX bytes or less; else *text NULL and
 * MLP_OK. The errors of reading it (fileio.h). */
mlp_status mlp_datatext_read_small(const char *path, char **text, size_t *len, mlp_error *err);

/* Collective over parts (every process calls it): the text of this
 * process's lines of path, those mlp_csv_read_part gives it (the lines
 * that start in its share of the file's bytes), after one LF for every
 * line of the file before them, so that a line number of the file is the
 * same line of the text. *text (new) is NULL when the file is larger than
 * MLP_DATATEXT_MAX or not a regular file, when this process or one before
 * it could not read its lines, or when the lines before would not fit.
 * Errors: only those of the gather (parts.h). */
mlp_status mlp_datatext_read_part(const char *path, const mlp_parts *parts, char **text,
                                  size_t *len, mlp_error *err);

/* mlp_dataset_with_schema on csv (read from path); on an MLP_ERR_DATA at a
 * cell without its column, the error made again with the file's text
 * (mlp_datatext_read_small: read only then) for the column. The status is
 * the first call's; err the more precise of the two. */
mlp_status mlp_datatext_with_schema(const mlp_csv *csv, const char *path,
                                    const mlp_schema *schema, int targets, mlp_dataset *data,
                                    mlp_error *err);

#endif
