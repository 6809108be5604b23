/* SPDX-License-Identifier: MIT */
/* datatext.c: a data file's text for the columns of cells in messages
 * (datatext.h): a small file's bytes, a process's own lines of a file read
 * in parts, a dataset made again with the text. Only reads; never parses
 * the CSV itself (csv.c does). */
#include "datatext.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "fileio.h"

mlp_status mlp_datatext_read_small(const char *path, char **text, size_t *len, mlp_error *err)
{
    struct stat sb;
    *text = NULL;
    *len = 0;
    if (mlp_fileio_is_std(path) || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        (size_t)sb.st_size > MLP_DATATEXT_MAX)
        return MLP_OK;
    return mlp_fileio_read_all(path, text, len, err);
}

/* mlp_dataset_with_schema on csv (read from path), and on an error at a
 * cell without its column, again with the file's text for the column: the
 * text is read only then (the cost of reading it on every run, for an
 * error that rarely comes, was an eighth of --evaluate's time). */
mlp_status mlp_datatext_with_schema(const mlp_csv *csv, const char *path,
                                    const mlp_schema *schema, int targets, mlp_dataset *data,
                                    mlp_error *err)
{
    mlp_status st = mlp_dataset_with_schema(csv, schema, targets, data, err);
    if (st != MLP_ERR_DATA || err->line <= 0 || err->col != 0)
        return st;
    mlp_error first = *err;
    char *text = NULL;
    size_t len = 0;
    if (mlp_datatext_read_small(path, &text, &len, err) == MLP_OK && text) {
        mlp_dataset again;
        if (mlp_dataset_with_schema_text(csv, text, len, schema, targets, &again, err) ==
            MLP_ERR_DATA)
            first = *err;
        else
            mlp_dataset_free(&again);
    }
    free(text);
    *err = first;
    return st;
}

/* ---------------------------------------------------------------------------
 * A process's own lines of a file read in parts. */

/* The first line start at or after byte x of fp (S bytes): x itself at 0,
 * else just after the first LF from byte x - 1 (S when there is none), as
 * mlp_csv_read_part finds its parts' lines. -1 when it cannot be read. */
static long long line_start_at(FILE *fp, unsigned long long x, unsigned long long S)
{
    if (x == 0)
        return 0;
    if (fseeko(fp, (off_t)(x - 1), SEEK_SET) != 0)
        return -1;
    int c;
    for (unsigned long long at = x - 1; at < S; at++)
        if ((c = getc(fp)) == '\n')
            return (long long)at + 1;
        else if (c == EOF)
            return -1;
    return (long long)S;
}

/* This rank's bytes of the training file: the lines that start in bytes
 * [S rank / N, S (rank + 1) / N), the lines its table holds
 * (mlp_csv_read_part), into *text (new) with their LFs counted; 0 when
 * they cannot be read. */
static int read_own_lines(const char *path, const mlp_parts *parts, unsigned long long S,
                          char **text, size_t *len, unsigned long long *lfs)
{
    unsigned long long P = (unsigned long long)parts->size, me = (unsigned long long)parts->rank;
    unsigned long long lo = S / P * me + S % P * me / P;
    unsigned long long hi = S / P * (me + 1) + S % P * (me + 1) / P;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    long long from = line_start_at(fp, lo, S), to = line_start_at(fp, hi, S);
    int ok = from >= 0 && to >= from && fseeko(fp, (off_t)from, SEEK_SET) == 0;
    *len = ok ? (size_t)(to - from) : 0;
    *text = ok ? malloc(*len ? *len : 1) : NULL;
    ok = *text && fread(*text, 1, *len, fp) == *len;
    fclose(fp);
    *lfs = 0;
    for (size_t i = 0; ok && i < *len; i++)
        *lfs += (*text)[i] == '\n';
    if (!ok) {
        free(*text);
        *text = NULL;
    }
    return ok;
}

/* The ranks gather the LF counts of their lines; the prefix costs a byte
 * a line. A process that cannot read its lines, and every process after
 * it, keeps no text. The file is one size in every process (mlptrain
 * compares the sizes first: runid.h). */
mlp_status mlp_datatext_read_part(const char *path, const mlp_parts *parts, char **text,
                                  size_t *len, mlp_error *err)
{
    *text = NULL;
    *len = 0;
    struct stat sb;
    unsigned long long S = stat(path, &sb) == 0 ? (unsigned long long)sb.st_size : 0;
    int small = S > 0 && S <= MLP_DATATEXT_MAX;
    char *own = NULL;
    size_t own_len = 0;
    unsigned long long lfs = ULLONG_MAX; /* unknown */
    if (small && !read_own_lines(path, parts, S, &own, &own_len, &lfs))
        lfs = ULLONG_MAX;
    void *all = NULL;
    size_t *lens = NULL;
    mlp_status st = mlp_parts_gather(parts, MLP_OK, &lfs, sizeof lfs, &all, &lens, err);
    if (st) {
        free(own);
        return st;
    }
    unsigned long long before = 0;
    const unsigned long long *counts = all;
    for (int q = 0; q < parts->rank && before != ULLONG_MAX; q++)
        before = counts[q] == ULLONG_MAX ? ULLONG_MAX : before + counts[q];
    free(all);
    free(lens);
    if (own && before != ULLONG_MAX && before <= MLP_DATATEXT_MAX) {
        *text = malloc((size_t)before + own_len + 1);
        if (*text) {
            memset(*text, '\n', (size_t)before);
            memcpy(*text + before, own, own_len);
            (*text)[before + own_len] = '\0';
            *len = (size_t)before + own_len;
        }
    }
    free(own);
    return MLP_OK;
}
