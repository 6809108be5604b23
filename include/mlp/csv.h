/* SPDX-License-Identifier: MIT */
/* csv.h: a CSV file read into a table of numbers and texts, with positions.
 *
 * Rules (docs/csv.md): comma-separated; LF or CRLF line ends (a CR alone in
 * the first row, outside quotes, is refused as CR-only line ends); a UTF-8
 * BOM is skipped; blank lines are skipped; a field may be double-quoted (""
 * is a quote inside it) but may not span lines; spaces and tabs around a
 * field are ignored. The first row is a header when some column has a
 * non-number there and only numbers below it (at least one row), or when
 * every cell of it is a non-number, or when it names the columns the caller
 * looks up (mlp_csv_options.names). Header names must differ, but for empty
 * ones (unnamed columns).
 * Every data row must have as many fields as the first row.
 * A cell is a number when strtod takes all of it and the result is finite;
 * "nan", "inf" and overflowing values are not numbers. Numbers are parsed by
 * an exact fast path that gives strtod's result bit for bit (docs/csv.md).
 */
#ifndef MLP_CSV_H
#define MLP_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "mlp/error.h"
#include "mlp/parts.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char *name;            /* header name, or "column N" (1-based) without a header; owned */
    int numeric;           /* 1 when every data cell is a number */
    /* first data cell that is not a number (when numeric == 0): */
    long bad_line, bad_col;
    char *bad_text;        /* its text; owned */
    char **text;           /* n_rows cell texts when numeric == 0 and the column keeps
                              them (mlp_csv_options.text_names), else NULL; owned */
    long *text_col;        /* n_rows 1-based byte columns of those cells, else NULL; owned */
} mlp_csv_column;

typedef struct {
    char *path;            /* as given (or the name for parsed text); owned */
    int has_header;
    size_t n_rows;         /* data rows, header excluded; >= 1 */
    size_t n_cols;         /* >= 1 */
    mlp_csv_column *cols;  /* n_cols; owned */
    double *values;        /* (n_rows, n_cols) row-major; NaN where a cell is not a number; owned */
    long *row_line;        /* n_rows: 1-based line of each data row in the file; owned */
    /* A table of a part of a file (mlp_csv_read_part): the rows of the
     * whole file, and the index among them of this table's row 0. A whole
     * file's table has all_rows = n_rows and first_row = 0. */
    size_t all_rows, first_row;
    long first_line;       /* 1-based line of the file's first row (the header when
                              has_header), after any blank lines: the line of a message
                              about the columns; 0 in a table not made by a reader */
} mlp_csv;

#define MLP_CSV_MAX_THREADS 64

/* A file is read in blocks of MLP_CSV_BLOCK_BYTES; only whole lines are
 * parsed, so the buffer holds one block and the unfinished line before it:
 * at most MLP_CSV_BLOCK_BYTES + MLP_CSV_LINE_MAX + 1 bytes (40 MiB), and in
 * practice a block and a line. A line of a file (without its line end) may
 * not be longer than MLP_CSV_LINE_MAX bytes. Besides that buffer, reading a
 * regular file takes the table (its matrix grows in place) and nothing
 * else. */
#define MLP_CSV_BLOCK_BYTES ((size_t)8 << 20)
#define MLP_CSV_LINE_MAX ((size_t)32 << 20)
/* The most bytes read from a regular file (streamed, never held whole);
 * a pipe or a device, held whole as it cannot be read twice, is read up to
 * MLP_FILEIO_READ_MAX (2 GiB, src/fileio.h). Anything longer is refused
 * (MLP_ERR_IO, "the file is larger than ..."), so an endless input ends
 * with a message. */
#define MLP_CSV_MAX_BYTES (64ULL << 30)

/* How to read a file. Zero fields take the defaults. */
typedef struct {
    int threads;  /* parsing threads, 1..MLP_CSV_MAX_THREADS (0 and below: 1, more:
                     the most), run on a pool of that many (include/mlp/pool.h).
                     A block is cut into parts of at least 1 MiB (or a share of a
                     block given below), so small files use one. The table is the
                     same for every count. */
    size_t block_bytes;             /* bytes read at a time; 0: MLP_CSV_BLOCK_BYTES.
                                       The table is the same for every size. */
    unsigned long long max_bytes;   /* refuse a longer input; 0: MLP_CSV_MAX_BYTES for a
                                       regular file, 2 GiB (MLP_FILEIO_READ_MAX) otherwise */
    unsigned char *sha256;          /* NULL, or 32 bytes that receive the SHA-256 of every
                                       byte of the file (filled on success only) */
    char *const *names;             /* NULL, or n_names column names the caller will look up
                                       in the header (a spec's "features" and "targets", a
                                       trained model's feature names); borrowed. A first row
                                       whose cells (but empty ones) all differ and hold every
                                       one of them is a header, even of numbers: pandas names
                                       an unnamed frame's columns 0, 1, 2, ... When one
                                       of them is missing from a header whose first row
                                       is not UTF-8, the file is refused (MLP_ERR_DATA) as
                                       not UTF-8 (a Latin-1 header), at that byte */
    size_t n_names;
    char *const *text_names;        /* NULL: every column that is not all numbers keeps the
                                       text of each of its cells (mlp_csv_column.text and
                                       text_col). Else only the columns of a header whose
                                       names are among these n_text_names (borrowed; exact
                                       match) keep them; any other column keeps `numeric` and
                                       its first bad cell (bad_*), but text and text_col are
                                       NULL: a column the caller never reads costs the 8
                                       bytes a cell of `values` and no text. A first row that
                                       is data (no header) keeps every column's texts: its
                                       columns are read by position, not by name. The names
                                       do not decide the header (`names` does) */
    size_t n_text_names;
} mlp_csv_options;

/* Reads the file at path into *csv (zeroed first). A regular file is read
 * in blocks, parsed as they come, and read a second time only when some
 * column that keeps its texts (opts->text_names) is not numeric (for those
 * texts); a pipe or a device is read whole
 * first. Errors (with line and column): MLP_ERR_IO when it cannot be read
 * or changed between two readings; MLP_ERR_DATA for an empty file or a
 * header only (no data rows), a ragged row, an unterminated quote, text
 * after a closing quote, a duplicate header name (not ""), a NUL byte, a line longer
 * than MLP_CSV_LINE_MAX, a first line separated by semicolons or tabs, a
 * CR alone in the first row (CR-only line ends), a first row that is Excel's
 * separator line ("sep=;"); an
 * input longer than the most allowed (MLP_ERR_IO); MLP_ERR_NOMEM. The
 * path "-" is standard input, "<stdin>" in messages. MLP_ERR_USAGE when path is
 * NULL. On failure *csv holds nothing, a NULL path's included (it is zeroed
 * before any check), so mlp_csv_free after a failure is safe. Free with
 * mlp_csv_free. */
mlp_status mlp_csv_read(const char *path, mlp_csv *csv, mlp_error *err);

/* Byte column (1-based) of field `field` (0-based) on line `line` of CSV
 * text, after leading blanks, or 0 when the line or field is not there (or
 * text is NULL): the column a message gives for a cell whose position the
 * table does not keep (a numeric cell), found again in the file's text. */
long mlp_csv_field_col(const char *text, size_t len, long line, size_t field);

/* mlp_csv_read with options (NULL: the defaults, as mlp_csv_read: one thread). */
mlp_status mlp_csv_read_with(const char *path, const mlp_csv_options *opts, mlp_csv *csv,
                             mlp_error *err);

/* Part parts->rank of parts->size processes that read one regular file
 * together (parts.h; every process calls it with the same path and
 * options): the table of the data rows whose lines start in bytes
 * [size rank / P, size (rank + 1) / P) of the file, a line belonging to
 * the part its first byte is in (rows never span lines: a quoted field may
 * not). Every part reads the first row itself; the header, each column's
 * "numeric" and the number of rows are decided on every part's rows, so
 * the table is the rows [first_row, first_row + n_rows) of the table
 * mlp_csv_read_with gives, with the same line numbers (found by adding up
 * the LFs of the parts before), except that a column's bad_text,
 * bad_line and bad_col are those of this part's first non-number (none,
 * bad_text NULL, when this part has none). A part may hold no rows. The
 * error is the one mlp_csv_read_with meets first (the earliest in the file),
 * the same in every part, plus MLP_ERR_IO for a file that is not regular.
 * opts->sha256: the digest of the whole file, streamed by part 0 (the one
 * reading of every byte: no part holds them), given to every part. Each
 * part may read its own copy of the file (no shared filesystem): in the
 * same reading part 0 hashes what each part reads of its copy (the lines
 * before the body, then the part's lines), each part hashes what it read
 * of its own, and a part whose bytes differ is MLP_ERR_USAGE in every
 * part ("process q of P reads other bytes than process 0 in its part of
 * the file (from line L) ..."), before any row is parsed. With parts NULL
 * or of size 1: mlp_csv_read_with. */
mlp_status mlp_csv_read_part(const char *path, const mlp_csv_options *opts,
                             const mlp_parts *parts, mlp_csv *csv, mlp_error *err);

/* The same from len bytes of text (default options: one thread); `name` is
 * used as the path in messages (NULL: none). */
mlp_status mlp_csv_parse(const char *text, size_t len, const char *name, mlp_csv *csv,
                         mlp_error *err);

/* mlp_csv_parse with options (NULL: the defaults). */
mlp_status mlp_csv_parse_with(const char *text, size_t len, const char *name,
                              const mlp_csv_options *opts, mlp_csv *csv, mlp_error *err);

/* Index of the column whose header name is `name` (exact match), or -1;
 * always -1 for a table without header, and for a NULL name. */
long mlp_csv_find_column(const mlp_csv *csv, const char *name);

/* Frees what csv owns and zeroes it; safe on a zeroed or freed table. */
void mlp_csv_free(mlp_csv *csv);

/* Writes s as one CSV field that these rules read back as s: quoted ("" for
 * a quote inside) when it holds a comma, a quote or a line end, or starts or
 * ends with a space or a tab (which the reader would trim); as it is
 * otherwise. Every CSV that mlp writes with texts in it goes through here. */
void mlp_csv_write_field(FILE *out, const char *s);

/* The same for the field prefix followed by s (mlppredict's "p_" + a class
 * label), whatever their length. */
void mlp_csv_write_field_prefixed(FILE *out, const char *prefix, const char *s);

#ifdef __cplusplus
}
#endif

#endif
