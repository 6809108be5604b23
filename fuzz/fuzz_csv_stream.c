/* SPDX-License-Identifier: MIT */
/* fuzz_csv_stream.c: the CSV reader as programs use it, on a file. The csv
 * target parses text in memory (mlp_csv_parse); mlptrain, mlppredict and
 * mlpplot read a path (mlp_csv_read_with), which streams a regular file in
 * blocks, parses only whole lines, carries the unfinished one over, and
 * reads the file a second time for the texts of columns of words; under
 * MPI each rank reads its own byte range (mlp_csv_read_part). None of that
 * code runs on text in memory, and csv.h promises the same table (or the
 * same error) for every block size, thread count and number of parts.
 *
 * The first two bytes choose how the file is read, the rest is the file:
 *   byte 0: bits 0-5 the block size - 1 (1..64 bytes, so boundaries fall
 *           everywhere); bit 6: only the columns named in the header (the
 *           names of byte 1, none when it gives none) keep their texts
 *           (mlp_csv_options.text_names); bit 7 is unused. One parsing thread: a
 *           pool of two starts and meets at every block, which on a busy
 *           2-core machine made the target 10 to 25 times slower (35 to 81
 *           executions a second), for a property test_csv_stream.c checks
 *           on every CSV of the repository (1 and 3 threads);
 *   byte 1: bits 0-1 the number of parts - 1 (1..4 "processes", threads of
 *           this program over a barrier, as tests/test_parts.c does), bits
 *           2-3 the column names looked up in the header (none, pandas'
 *           "0","1", "x","y", or "a").
 * The bytes are written to a memfd (a regular file without a path on disk,
 * named /proc/self/fd/N), so no temporary file is left by a crash. Checks:
 * the streamed table equals the text parsed whole (values bit for bit,
 * lines, names, kinds, texts, first bad cells; texts where the options keep
 * them and nowhere else), with the SHA-256 of the
 * bytes; an error is the same error (code, line, column, message, hint);
 * the parts, in rank order, are the whole table, and every part of a file
 * refused gives the whole file's error. */
#define _GNU_SOURCE /* memfd_create */
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "mlp/csv.h"
#include "mlp/parts.h"
#include "sha256.h"

#define MAX_P 4

static int same_str(const char *a, const char *b)
{
    return (a == NULL) == (b == NULL) && (!a || strcmp(a, b) == 0);
}

/* The two tables are the same (what test_csv_stream.c compares). */
static void check_same_table(const mlp_csv *x, const mlp_csv *y)
{
    FUZZ_CHECK(same_str(x->path, y->path));
    FUZZ_CHECK(x->n_rows == y->n_rows && x->n_cols == y->n_cols);
    FUZZ_CHECK(x->has_header == y->has_header && x->first_line == y->first_line);
    FUZZ_CHECK(memcmp(x->values, y->values, x->n_rows * x->n_cols * sizeof(double)) == 0);
    FUZZ_CHECK(memcmp(x->row_line, y->row_line, x->n_rows * sizeof(long)) == 0);
    for (size_t j = 0; j < x->n_cols; j++) {
        const mlp_csv_column *a = &x->cols[j], *b = &y->cols[j];
        FUZZ_CHECK(same_str(a->name, b->name) && a->numeric == b->numeric);
        FUZZ_CHECK(a->bad_line == b->bad_line && a->bad_col == b->bad_col);
        FUZZ_CHECK(same_str(a->bad_text, b->bad_text));
        FUZZ_CHECK((a->text == NULL) == (b->text == NULL));
        for (size_t i = 0; a->text && i < x->n_rows; i++)
            FUZZ_CHECK(same_str(a->text[i], b->text[i]) && a->text_col[i] == b->text_col[i]);
    }
}

static void check_same_error(const mlp_error *x, const mlp_error *y)
{
    FUZZ_CHECK(x->code == y->code && x->line == y->line && x->col == y->col);
    FUZZ_CHECK(strcmp(x->path, y->path) == 0);
    FUZZ_CHECK(strcmp(x->message, y->message) == 0 && strcmp(x->hint, y->hint) == 0);
}

/* ------------------------------------------------------------------------ */
/* A job of P parts, each a thread: the hooks of parts.h over a barrier.    */

typedef struct {
    int size;
    pthread_barrier_t bar;
    mlp_status st[MAX_P];
    mlp_error err[MAX_P];
    const void *mine[MAX_P];
} world;

typedef struct {
    world *w;
    int rank;
    mlp_parts parts;
    const char *path;
    const mlp_csv_options *opts;
    mlp_status st;
    mlp_error err;
    mlp_csv csv;
} member;

/* Every part gets the error earliest in the file (parts.h), else MLP_OK. */
static mlp_status agree(void *ctx, mlp_status st, mlp_error *err)
{
    member *m = ctx;
    world *w = m->w;
    w->st[m->rank] = st;
    if (st)
        w->err[m->rank] = *err;
    pthread_barrier_wait(&w->bar);
    int best = -1;
    long best_key = LONG_MAX;
    for (int q = 0; q < w->size; q++) {
        long key = w->err[q].line > 0 ? w->err[q].line : LONG_MAX - 1;
        if (w->st[q] && (best < 0 || key < best_key)) {
            best = q;
            best_key = key;
        }
    }
    mlp_status out = best >= 0 ? w->st[best] : MLP_OK;
    if (best >= 0)
        *err = w->err[best];
    pthread_barrier_wait(&w->bar);
    return out;
}

static mlp_status allgather(void *ctx, const void *mine, void *all, const size_t *lens,
                            mlp_error *err)
{
    (void)err;
    member *m = ctx;
    world *w = m->w;
    w->mine[m->rank] = mine;
    pthread_barrier_wait(&w->bar);
    size_t at = 0;
    for (int q = 0; q < w->size; q++) {
        if (lens[q])
            memcpy((char *)all + at, w->mine[q], lens[q]);
        at += lens[q];
    }
    pthread_barrier_wait(&w->bar);
    return MLP_OK;
}

static void *run_part(void *arg)
{
    member *m = arg;
    mlp_error_clear(&m->err);
    m->st = mlp_csv_read_part(m->path, m->opts, &m->parts, &m->csv, &m->err);
    return NULL;
}

/* Part q's rows are rows [first_row, first_row + n_rows) of the whole
 * table, and the parts follow each other; the texts of a column of words
 * are the whole table's (its first bad cell is the part's own: not
 * compared). */
static size_t check_part(const mlp_csv *c, const mlp_csv *whole, size_t r)
{
    FUZZ_CHECK(c->has_header == whole->has_header && c->n_cols == whole->n_cols);
    FUZZ_CHECK(c->all_rows == whole->n_rows && c->first_row == r);
    FUZZ_CHECK(c->n_rows <= whole->n_rows - r);
    for (size_t j = 0; j < c->n_cols; j++)
        FUZZ_CHECK(same_str(c->cols[j].name, whole->cols[j].name) &&
                   c->cols[j].numeric == whole->cols[j].numeric);
    for (size_t i = 0; i < c->n_rows; i++, r++) {
        FUZZ_CHECK(c->row_line[i] == whole->row_line[r]);
        FUZZ_CHECK(memcmp(c->values + i * c->n_cols, whole->values + r * c->n_cols,
                          c->n_cols * sizeof(double)) == 0);
        for (size_t j = 0; j < c->n_cols; j++)
            FUZZ_CHECK((c->cols[j].text == NULL) == (whole->cols[j].text == NULL) &&
                       (!whole->cols[j].text ||
                        (same_str(c->cols[j].text[i], whole->cols[j].text[r]) &&
                         c->cols[j].text_col[i] == whole->cols[j].text_col[r])));
    }
    return r;
}

/* Reads path in P parts and compares them with the whole file's result. */
static void check_parts(int P, const char *path, const mlp_csv_options *opts, mlp_status st,
                        const mlp_csv *whole, const mlp_error *want)
{
    world w;
    memset(&w, 0, sizeof w);
    w.size = P;
    if (pthread_barrier_init(&w.bar, NULL, (unsigned)P) != 0)
        return;
    member m[MAX_P];
    pthread_t tid[MAX_P];
    int started = 0;
    for (int r = 0; r < P; r++) {
        memset(&m[r], 0, sizeof m[r]);
        m[r] = (member){.w = &w, .rank = r, .path = path, .opts = opts};
        m[r].parts = (mlp_parts){.rank = r, .size = P, .ctx = &m[r], .agree = agree,
                                 .allgather = allgather};
    }
    for (; started < P; started++)
        if (pthread_create(&tid[started], NULL, run_part, &m[started]) != 0)
            break;
    FUZZ_CHECK(started == P); /* else the barrier waits for ever */
    for (int r = 0; r < P; r++)
        pthread_join(tid[r], NULL);
    pthread_barrier_destroy(&w.bar);
    size_t r = 0;
    for (int q = 0; q < P; q++) {
        FUZZ_CHECK(m[q].st == st);
        if (st) {
            FUZZ_CHECK(m[q].err.line == want->line && m[q].err.col == want->col);
            FUZZ_CHECK(strcmp(m[q].err.message, want->message) == 0);
            FUZZ_CHECK(m[q].csv.values == NULL);
        } else {
            r = check_part(&m[q].csv, whole, r);
        }
        mlp_csv_free(&m[q].csv);
    }
    FUZZ_CHECK(st || r == whole->n_rows);
}

/* ------------------------------------------------------------------------ */

static char *const name_sets[4][2] = {{NULL, NULL}, {"0", "1"}, {"x", "y"}, {"a", NULL}};
static const size_t name_counts[4] = {0, 2, 2, 1};

/* A column keeps its texts when it is not all numbers and, under
 * text_names, the table has no header or the column is named there. */
static void check_kept_texts(const mlp_csv *csv, const mlp_csv_options *o)
{
    for (size_t j = 0; j < csv->n_cols; j++) {
        const mlp_csv_column *c = &csv->cols[j];
        int named = !o->text_names || !csv->has_header;
        for (size_t k = 0; !named && k < o->n_text_names; k++)
            named = strcmp(o->text_names[k], c->name) == 0;
        FUZZ_CHECK((c->text != NULL) == (!c->numeric && named));
        FUZZ_CHECK((c->text_col != NULL) == (c->text != NULL));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned c0 = data[0], c1 = data[1];
    data += 2;
    size -= 2;
    int fd = fuzz_memfd_with("fuzz.csv", data, size);
    if (fd < 0)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int names = (c1 >> 2) & 3;
    mlp_csv_options plain = {.names = name_counts[names] ? name_sets[names] : NULL,
                             .n_names = name_counts[names]};
    if (c0 & 64) {
        plain.text_names = name_sets[names];
        plain.n_text_names = name_counts[names];
    }
    unsigned char digest[MLP_SHA256_BYTES], want_digest[MLP_SHA256_BYTES];
    mlp_csv_options streamed = plain;
    streamed.block_bytes = (c0 & 63) + 1;
    streamed.sha256 = digest;

    /* exact size, as libFuzzer passes it: a read past the end shows */
    char *text = malloc(size ? size : 1);
    if (!text) {
        close(fd);
        return 0;
    }
    memcpy(text, data, size);
    mlp_csv whole, file;
    mlp_error e1, e2;
    mlp_error_clear(&e1);
    mlp_error_clear(&e2);
    mlp_status s1 = mlp_csv_parse_with(text, size, path, &plain, &whole, &e1);
    mlp_sha256_digest(text, size, want_digest);
    free(text);
    mlp_status s2 = mlp_csv_read_with(path, &streamed, &file, &e2);
    FUZZ_CHECK(s1 == s2);
    if (s1) {
        FUZZ_CHECK(e1.code == s1 && e1.message[0] != '\0');
        check_same_error(&e1, &e2);
        FUZZ_CHECK(whole.values == NULL && file.values == NULL);
    } else {
        check_kept_texts(&whole, &plain);
        check_same_table(&whole, &file);
        FUZZ_CHECK(memcmp(digest, want_digest, sizeof digest) == 0);
    }
    mlp_csv_free(&file);

    int P = 1 + (c1 & 3);
    if (P > 1) {
        mlp_csv_options parted = plain;
        parted.block_bytes = streamed.block_bytes;
        check_parts(P, path, &parted, s1, &whole, &e1);
    }
    mlp_csv_free(&whole);
    close(fd);
    return 0;
}
