/* SPDX-License-Identifier: MIT */
/* test_parts.c: a file read in parts (mlp_csv_read_part) and the sets
 * built from the parts (mlp_data_plan.parts) equal one process's, on a
 * fake job of P "processes" that are threads of this program (the hooks of
 * parts.h over a barrier): the byte ranges cut at line starts (a line that
 * starts exactly at a boundary, CRLF, a last line without LF, a BOM, quoted
 * fields, parts that hold no row), the header and column kinds decided on
 * every part, the labels united (text and numbers, some in one part only),
 * the statistics merged, the validation rows those of one process, and
 * the error the one process's, in every part. cmocka's checks are made on
 * the main thread once the parts have joined. */
#include "check.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/parts.h"

#define MAX_P 8

/* ------------------------------------------------------------------------ */
/* The fake job                                                             */

typedef struct {
    int size;
    pthread_barrier_t bar;
    mlp_status st[MAX_P];
    mlp_error err[MAX_P];
    const void *mine[MAX_P];
    long agrees[MAX_P]; /* calls of agree by each part: the same in all */
} world;

typedef struct {
    world *w;
    int rank;
} member;

static mlp_status fake_agree(void *ctx, mlp_status st, mlp_error *err)
{
    member *m = ctx;
    world *w = m->w;
    w->st[m->rank] = st;
    if (st)
        w->err[m->rank] = *err;
    w->agrees[m->rank]++;
    pthread_barrier_wait(&w->bar);
    int best = -1;
    long best_key = LONG_MAX;
    for (int q = 0; q < w->size; q++) {
        if (!w->st[q])
            continue;
        long key = w->err[q].line > 0 ? w->err[q].line : LONG_MAX - 1;
        if (best < 0 || key < best_key) {
            best = q;
            best_key = key;
        }
    }
    mlp_status out = MLP_OK;
    if (best >= 0) {
        *err = w->err[best];
        out = w->st[best];
    }
    pthread_barrier_wait(&w->bar);
    return out;
}

static mlp_status fake_allgather(void *ctx, const void *mine, void *all, const size_t *lens,
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

/* What each part does: read the file in parts, and build the sets when a
 * plan is given. */
typedef struct {
    member m;
    mlp_parts parts;
    const char *path;
    const mlp_csv_options *opts;
    const mlp_data_plan *plan;
    mlp_status st;
    mlp_error err;
    mlp_csv csv;
    mlp_schema schema, full_schema;
    mlp_dataset train, val, full;
} job;

static void *run_part(void *arg)
{
    job *j = arg;
    mlp_error_clear(&j->err);
    j->st = mlp_csv_read_part(j->path, j->opts, &j->parts, &j->csv, &j->err);
    if (!j->st && j->plan) {
        mlp_data_plan plan = *j->plan;
        plan.parts = &j->parts;
        j->st = mlp_dataset_build(&j->csv, &plan, &j->schema, &j->train, &j->val, &j->full_schema,
                                  &j->full, &j->err);
    }
    return NULL;
}

/* Runs P parts, part q on paths[q] (each process its own copy of the
 * file); jobs[0..P) hold their results (free with free_jobs). */
static void run_job_copies(job *jobs, world *w, int P, const char *const *paths,
                           const mlp_csv_options *opts, const mlp_data_plan *plan)
{
    memset(w, 0, sizeof *w);
    w->size = P;
    assert_int_equal(pthread_barrier_init(&w->bar, NULL, (unsigned)P), 0);
    pthread_t tid[MAX_P];
    for (int r = 0; r < P; r++) {
        memset(&jobs[r], 0, sizeof jobs[r]);
        jobs[r].m = (member){w, r};
        jobs[r].parts = (mlp_parts){.rank = r, .size = P, .ctx = &jobs[r].m,
                                    .agree = fake_agree, .allgather = fake_allgather};
        jobs[r].path = paths[r];
        jobs[r].opts = opts;
        jobs[r].plan = plan;
        assert_int_equal(pthread_create(&tid[r], NULL, run_part, &jobs[r]), 0);
    }
    for (int r = 0; r < P; r++)
        pthread_join(tid[r], NULL);
    pthread_barrier_destroy(&w->bar);
    for (int r = 1; r < P; r++)
        assert_int_equal(w->agrees[r], w->agrees[0]);
}

/* Runs P parts on path (one file for all). */
static void run_job(job *jobs, world *w, int P, const char *path, const mlp_csv_options *opts,
                    const mlp_data_plan *plan)
{
    const char *paths[MAX_P];
    for (int r = 0; r < P; r++)
        paths[r] = path;
    run_job_copies(jobs, w, P, paths, opts, plan);
}

static void free_jobs(job *jobs, int P)
{
    for (int r = 0; r < P; r++) {
        mlp_csv_free(&jobs[r].csv);
        mlp_schema_free(&jobs[r].schema);
        mlp_schema_free(&jobs[r].full_schema);
        mlp_dataset_free(&jobs[r].train);
        mlp_dataset_free(&jobs[r].val);
        mlp_dataset_free(&jobs[r].full);
    }
}

/* ------------------------------------------------------------------------ */
/* The parts of a table against the whole                                   */

/* The parts, in rank order, are the whole table: the same header, names and
 * column kinds; every row's values (bit for bit), line and texts. Returns
 * the rows of each part in rows[]. */
static void assert_parts_are_whole(const job *jobs, int P, const mlp_csv *whole, size_t *rows)
{
    size_t r = 0;
    for (int q = 0; q < P; q++) {
        const mlp_csv *c = &jobs[q].csv;
        assert_int_equal(jobs[q].st, MLP_OK);
        assert_int_equal(c->has_header, whole->has_header);
        assert_int_equal(c->n_cols, whole->n_cols);
        assert_int_equal(c->all_rows, whole->n_rows);
        assert_int_equal(c->first_row, r);
        for (size_t j = 0; j < c->n_cols; j++) {
            assert_string_equal(c->cols[j].name, whole->cols[j].name);
            assert_int_equal(c->cols[j].numeric, whole->cols[j].numeric);
        }
        for (size_t i = 0; i < c->n_rows; i++, r++) {
            assert_true(r < whole->n_rows);
            assert_int_equal(c->row_line[i], whole->row_line[r]);
            assert_memory_equal(c->values + i * c->n_cols, whole->values + r * c->n_cols,
                                c->n_cols * sizeof(double));
            for (size_t j = 0; j < c->n_cols; j++) {
                if (whole->cols[j].numeric)
                    continue;
                assert_string_equal(c->cols[j].text[i], whole->cols[j].text[r]);
                assert_int_equal(c->cols[j].text_col[i], whole->cols[j].text_col[r]);
            }
        }
        if (rows)
            rows[q] = c->n_rows;
    }
    assert_int_equal(r, whole->n_rows);
}

/* text in a file, read whole and in 1..MAX_P parts, with blocks of `block`
 * bytes (0: the default); rows_by_p[P] (or NULL) receives each part's rows
 * for P = parts_of. */
static void check_text_with(const char *text, mlp_csv_options opts, int parts_of,
                            size_t *rows_by_p)
{
    temp_file t;
    temp_write_named(&t, "parts.csv", text, strlen(text));
    mlp_csv whole;
    mlp_error err;
    assert_int_equal(mlp_csv_read_with(t.path, &opts, &whole, &err), MLP_OK);
    for (int P = 1; P <= MAX_P; P++) {
        job jobs[MAX_P];
        world w;
        run_job(jobs, &w, P, t.path, &opts, NULL);
        assert_parts_are_whole(jobs, P, &whole, P == parts_of ? rows_by_p : NULL);
        free_jobs(jobs, P);
    }
    mlp_csv_free(&whole);
    temp_remove(&t);
}

static void check_text(const char *text, size_t block, int parts_of, size_t *rows_by_p)
{
    check_text_with(text, (mlp_csv_options){.block_bytes = block}, parts_of, rows_by_p);
}

static void a_line_starting_at_a_boundary_should_go_to_the_later_part(void **state)
{
    (void)state;
    /* 16 bytes: byte 8 (the half) is the first byte of "3,4". */
    size_t rows[2];
    check_text("a,b\n1,2\n3,4\n5,6\n", 0, 2, rows);
    assert_int_equal(rows[0], 1);
    assert_int_equal(rows[1], 2);
    /* 20 bytes: the half is byte 10, in the line "3,4", which starts in
     * the first half. */
    check_text("a,b\n1,2\n3,4\n5,6\n7,8\n", 0, 2, rows);
    assert_int_equal(rows[0], 2);
    assert_int_equal(rows[1], 2);
    check_text("a,b\n1,2\n3,4\n5,6\n", 3, 2, rows);
    assert_int_equal(rows[0], 1);
}

static void crlf_and_a_last_line_without_lf_should_read_as_whole(void **state)
{
    (void)state;
    check_text("x,y\r\n1,2\r\n3,4\r\n5,6\r\n7,8\r\n9,10", 0, 0, NULL);
    check_text("x,y\r\n1,2\r\n3,4\r\n5,6\r\n7,8\r\n9,10\r\n", 5, 0, NULL);
    check_text("1,2\n3,4\n\n  \n5,6\n7,8", 4, 0, NULL); /* blank lines, no header */
}

static void parts_without_rows_should_hold_none(void **state)
{
    (void)state;
    /* The header fills most of the file: with 4 parts, the last three
     * ranges hold no line start but the last row's. */
    size_t rows[4];
    check_text("a_long_name_for_a_column,another_long_name\n1,2\n", 0, 4, rows);
    assert_int_equal(rows[0] + rows[1] + rows[2] + rows[3], 1);
    assert_int_equal(rows[0], 0);
    check_text("a,b\n1,2\n", 0, 0, NULL);
    check_text("1,2\n", 0, 0, NULL); /* one row, data */
}

static void a_bom_and_quoted_fields_should_read_as_whole(void **state)
{
    (void)state;
    check_text("\xEF\xBB\xBFx,name\n1,\"a,b\"\n2,\"c\"\"d\"\n3, plain \n4,\"\"\n", 0, 0, NULL);
    check_text("\xEF\xBB\xBF\n\n1,2\n3,4\n", 2, 0, NULL);
}

static void the_header_should_be_decided_on_every_part(void **state)
{
    (void)state;
    /* Column x is a word above numbers, so line 1 is a header... unless a
     * later part has a word in it: then line 1 is data. */
    check_text("x,1\n2,3\n4,5\n6,7\n8,9\n", 0, 0, NULL);
    check_text("x,1\n2,3\n4,5\n6,7\nfoo,9\n", 0, 0, NULL);
    /* A label column of numbers in one part, words in another. */
    check_text("x,y\n1,1\n2,2\n3,2\n4,a\n", 0, 0, NULL);
}

/* A first row of numbers that holds the column names looked up (pandas'
 * 0, 1, 2) is the header in every part, as in the whole file: the part
 * that holds it does not take it for its first row of data. */
static void a_header_of_numbers_should_be_the_header_in_every_part(void **state)
{
    (void)state;
    char *names[] = {"0", "1", "2"};
    size_t rows[3];
    mlp_csv_options opts = {.names = names, .n_names = 3};
    check_text_with("0,1,2\n1,0,0\n0,1,1\n1,1,0\n0,0,1\n", opts, 3, rows);
    assert_int_equal(rows[0] + rows[1] + rows[2], 4);
    opts.block_bytes = 3;
    check_text_with("\n0,1,2,label\n1,0,0,a\n0,1,1,b\n", opts, 0, NULL);
}

/* Part q failed with status st and the error one process gives (want). */
static void assert_error_like(const job *j, mlp_status st, const mlp_error *want)
{
    assert_int_equal(j->st, st);
    assert_int_equal(j->err.line, want->line);
    assert_int_equal(j->err.col, want->col);
    assert_string_equal(j->err.message, want->message);
}

/* The same error from every part as from the whole file. */
static void check_error(const char *text)
{
    temp_file t;
    temp_write_named(&t, "bad.csv", text, strlen(text));
    mlp_csv whole;
    mlp_error want;
    mlp_status st = mlp_csv_read(t.path, &whole, &want);
    assert_int_not_equal(st, MLP_OK);
    for (int P = 2; P <= MAX_P; P++) {
        job jobs[MAX_P];
        world w;
        run_job(jobs, &w, P, t.path, NULL, NULL);
        for (int q = 0; q < P; q++) {
            assert_error_like(&jobs[q], st, &want);
            assert_null(jobs[q].csv.values);
        }
        free_jobs(jobs, P);
    }
    temp_remove(&t);
}

static void an_error_in_any_part_should_be_the_one_of_the_whole_file(void **state)
{
    (void)state;
    check_error("a,b\n1,2\n3,4\n5,6\n7,8,9\n");            /* ragged, last part */
    check_error("a,b\n1,2\n3,\"4\n5,6\n7,8,9\n");          /* the earlier of two */
    check_error("a,a\n1,2\n3,4\n");                        /* duplicate names */
    check_error("a,b\n");                                  /* header only */
    check_error("");                                       /* empty */
}

/* Each process may read its own copy of the file (no shared filesystem).
 * Copies of one size that differ where a part reads were not told apart
 * before (the size alone was compared, by mlptrain): that part trained on
 * other rows than one process would, silently. Now every part stops with
 * the same error naming the first part that differs; what only part 0
 * reads may differ (no other part reads it: the rows trained on are part
 * 0's copy's), and identical copies read as one file. */
static void copies_that_differ_where_a_part_reads_should_be_refused(void **state)
{
    (void)state;
    const char *good = "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n15,16\n";
    char text[128];
    temp_file t[4];
    temp_write_named(&t[0], "c0.csv", good, strlen(good));
    unsigned char whole_digest[32], digest[32];
    mlp_csv_options wopts = {.sha256 = whole_digest}, opts = {.sha256 = digest};
    mlp_csv whole;
    mlp_error err;
    assert_int_equal(mlp_csv_read_with(t[0].path, &wopts, &whole, &err), MLP_OK);
    const char *paths[4];
    for (int q = 0; q < 4; q++)
        paths[q] = t[0].path;
    /* Identical copies: the table of one file, and its digest on every part. */
    temp_write_named(&t[1], "c1.csv", good, strlen(good));
    paths[1] = t[1].path;
    job jobs[MAX_P];
    world w;
    run_job_copies(jobs, &w, 4, paths, &opts, NULL);
    assert_parts_are_whole(jobs, 4, &whole, NULL);
    assert_memory_equal(digest, whole_digest, sizeof digest);
    free_jobs(jobs, 4);
    temp_remove(&t[1]);
    paths[1] = t[0].path;
    /* 43 bytes: part 2 of 4 reads the lines that start in bytes [21, 32),
     * lines 7 and 8 ("11,12", "13,14"); its copy has "11,13" there (the
     * same size). */
    snprintf(text, sizeof text, "%s", good);
    char *at = strstr(text, "11,12");
    at[4] = '3';
    temp_write_named(&t[2], "c2.csv", text, strlen(text));
    paths[2] = t[2].path;
    run_job_copies(jobs, &w, 4, paths, &opts, NULL);
    for (int q = 0; q < 4; q++) {
        assert_int_equal(jobs[q].st, MLP_ERR_USAGE);
        assert_int_equal(jobs[q].err.line, 7);
        assert_non_null(strstr(jobs[q].err.message, "process 2 of 4 reads other bytes than "
                                                    "process 0 in its part of the file (from "
                                                    "line 7)"));
        assert_null(jobs[q].csv.values);
    }
    free_jobs(jobs, 4);
    paths[2] = t[0].path;
    /* A header that differs (the same length) is read by every part. */
    snprintf(text, sizeof text, "%s", good);
    text[0] = 'c';
    temp_write_named(&t[3], "c3.csv", text, strlen(text));
    paths[3] = t[3].path;
    run_job_copies(jobs, &w, 4, paths, &opts, NULL);
    for (int q = 0; q < 4; q++) {
        assert_int_equal(jobs[q].st, MLP_ERR_USAGE);
        assert_non_null(strstr(jobs[q].err.message, "process 3 of 4 reads other bytes"));
    }
    free_jobs(jobs, 4);
    temp_remove(&t[3]);
    /* A copy that differs only in part 0's lines ("1,2" is "7,2"): nobody
     * else reads them. */
    snprintf(text, sizeof text, "%s", good);
    text[4] = '7';
    temp_write_named(&t[3], "c3.csv", text, strlen(text));
    for (int q = 1; q < 4; q++)
        paths[q] = t[3].path;
    run_job_copies(jobs, &w, 4, paths, &opts, NULL);
    assert_parts_are_whole(jobs, 4, &whole, NULL);
    free_jobs(jobs, 4);
    mlp_csv_free(&whole);
    temp_remove(&t[2]);
    temp_remove(&t[3]);
    temp_remove(&t[0]);
}

/* ------------------------------------------------------------------------ */
/* The sets built from the parts                                             */

/* Each part's sets, in rank order, against one process's. */
static void assert_sets_are_whole(const job *jobs, int P, const mlp_dataset *whole,
                                  size_t which, double tol)
{
    size_t r = 0;
    for (int q = 0; q < P; q++) {
        const mlp_dataset *d = which == 0 ? &jobs[q].train : which == 1 ? &jobs[q].val
                                                                      : &jobs[q].full;
        assert_int_equal(d->n_features, whole->n_features);
        assert_int_equal(d->n_outputs, whole->n_outputs);
        for (size_t i = 0; i < d->n_rows; i++, r++) {
            assert_true(r < whole->n_rows);
            assert_memory_equal(d->Y + i * d->n_outputs, whole->Y + r * d->n_outputs,
                                d->n_outputs * sizeof(double));
            for (size_t k = 0; k < d->n_features; k++)
                assert_close(d->X[i * d->n_features + k], whole->X[r * d->n_features + k], tol);
        }
    }
    assert_int_equal(r, whole->n_rows);
}

static void assert_schemas_equal(const mlp_schema *a, const mlp_schema *b, double tol)
{
    assert_int_equal(a->n_labels, b->n_labels);
    for (size_t k = 0; k < a->n_labels; k++)
        assert_string_equal(a->labels[k], b->labels[k]);
    assert_int_equal(a->n_features, b->n_features);
    assert_int_equal(a->names_from_header, b->names_from_header);
    for (size_t k = 0; k < a->n_features; k++)
        assert_string_equal(a->feature_names[k], b->feature_names[k]);
    assert_int_equal(a->mean != NULL, b->mean != NULL);
    for (size_t k = 0; a->mean && k < a->n_features; k++) {
        assert_close(a->mean[k], b->mean[k], tol);
        assert_close(a->std[k], b->std[k], tol);
    }
}

/* The text built whole and in 2..MAX_P parts with `plan`. */
static void check_build(const char *text, const mlp_data_plan *plan)
{
    temp_file t;
    temp_write_named(&t, "set.csv", text, strlen(text));
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_read(t.path, &csv, &err), MLP_OK);
    mlp_schema schema, full_schema;
    mlp_dataset train, val, full;
    assert_int_equal(mlp_dataset_build(&csv, plan, &schema, &train, &val, &full_schema, &full,
                                       &err),
                     MLP_OK);
    /* The statistics are sums over the rows in another order: within a few
     * units of the last place for these few small values (docs/csv.md). */
    double tol = 1e-14;
    for (int P = 2; P <= MAX_P; P++) {
        job jobs[MAX_P];
        world w;
        run_job(jobs, &w, P, t.path, NULL, plan);
        for (int q = 0; q < P; q++) {
            if (jobs[q].st)
                fail_msg("part %d of %d: %s", q, P, jobs[q].err.message);
            assert_schemas_equal(&jobs[q].schema, &schema, tol);
        }
        assert_sets_are_whole(jobs, P, &train, 0, tol);
        if (val.n_rows)
            assert_sets_are_whole(jobs, P, &val, 1, tol);
        if (full.n_rows) {
            assert_sets_are_whole(jobs, P, &full, 2, tol);
            for (int q = 0; q < P; q++)
                assert_schemas_equal(&jobs[q].full_schema, &full_schema, tol);
        }
        free_jobs(jobs, P);
    }
    mlp_schema_free(&schema);
    mlp_schema_free(&full_schema);
    mlp_dataset_free(&train);
    mlp_dataset_free(&val);
    mlp_dataset_free(&full);
    mlp_csv_free(&csv);
    temp_remove(&t);
}

/* 40 rows x1, x2, label: class c of row i from the list, the label c's text. */
static void labelled(char *out, size_t cap, const char *const *names, size_t n_names,
                     const size_t *cls, size_t n)
{
    size_t at = (size_t)snprintf(out, cap, "x1,x2,label\n");
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(out + at, cap - at, "%.3f,%g,%s\n", 0.25 * (double)i - 3.0,
                               (double)((i * 7) % 11) * 1e3, names[cls[i] % n_names]);
}

static void labels_seen_in_one_part_only_should_be_united(void **state)
{
    (void)state;
    char text[4096];
    size_t cls[40];
    for (size_t i = 0; i < 40; i++)
        cls[i] = i < 36 ? i % 2 : 2; /* the third class in the last rows only */
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 3, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY, .normalize = MLP_NORMALIZE_STANDARD};
    const char *words[] = {"pear", "apple", "zebra"};
    labelled(text, sizeof text, words, 3, cls, 40);
    check_build(text, &plan);
    /* Numbers: sorted by value (2 < 10), not as text. */
    const char *numbers[] = {"10", "2.0", "-1"};
    labelled(text, sizeof text, numbers, 3, cls, 40);
    check_build(text, &plan);
}

static void the_validation_rows_should_be_those_of_one_process(void **state)
{
    (void)state;
    char text[4096];
    size_t cls[40];
    for (size_t i = 0; i < 40; i++)
        cls[i] = (i * 5) % 3;
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 3, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY, .normalize = MLP_NORMALIZE_STANDARD,
                          .validation_split = 0.3, .split_seed = 11};
    const char *words[] = {"a", "b", "c"};
    labelled(text, sizeof text, words, 3, cls, 40);
    check_build(text, &plan);
    /* A regression (not stratified), without a header. */
    mlp_data_plan reg = {.n_inputs = 2, .n_outputs = 1, .output = MLP_ACT_LINEAR,
                         .loss = MLP_LOSS_MSE, .normalize = MLP_NORMALIZE_STANDARD,
                         .validation_split = 0.25, .split_seed = 3};
    size_t at = 0;
    for (int i = 0; i < 37; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%d,%g,%g\n", i, 1e300 * (i % 5),
                               0.5 * i);
    check_build(text, &reg);
}

/* The constant test (docs/csv.md: range within 1e-12 of the largest
 * magnitude) is decided on the agreed maximum and minimum, so every part
 * decides as one process: a column near 1e-14 and one near 2^-900 are
 * standardised, one of 0.3 and 0.1 + 0.2 is only centred. */
static void columns_of_small_magnitude_should_be_standardised_as_by_one_process(void **state)
{
    (void)state;
    char text[8192];
    mlp_data_plan reg = {.n_inputs = 3, .n_outputs = 1, .output = MLP_ACT_LINEAR,
                         .loss = MLP_LOSS_MSE, .normalize = MLP_NORMALIZE_STANDARD};
    size_t at = (size_t)snprintf(text, sizeof text, "a,b,c,y\n");
    for (int i = 0; i < 40; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%.17g,%.17g,%.17g,%d\n",
                               (3.0 + (i % 7)) * 1e-14, ldexp(1.0 + (i % 5), -900),
                               i % 2 ? 0.1 + 0.2 : 0.3, i);
    check_build(text, &reg);
}

/* text built whole fails at line want_line; built in 2..MAX_P parts, every
 * part fails with the same error. */
static void check_build_error(const char *text, const mlp_data_plan *plan, long want_line)
{
    temp_file t;
    temp_write_named(&t, "bad.csv", text, strlen(text));
    mlp_csv csv;
    mlp_error want, err;
    assert_int_equal(mlp_csv_read(t.path, &csv, &err), MLP_OK);
    mlp_schema schema;
    mlp_dataset train;
    assert_int_equal(mlp_dataset_build(&csv, plan, &schema, &train, NULL, NULL, NULL, &want),
                     MLP_ERR_DATA);
    assert_int_equal(want.line, want_line);
    mlp_csv_free(&csv);
    for (int P = 2; P <= MAX_P; P++) {
        job jobs[MAX_P];
        world w;
        run_job(jobs, &w, P, t.path, NULL, plan);
        for (int q = 0; q < P; q++) {
            assert_error_like(&jobs[q], MLP_ERR_DATA, &want);
            assert_null(jobs[q].train.X);
        }
        free_jobs(jobs, P);
    }
    temp_remove(&t);
}

static void a_bad_cell_in_the_last_part_should_be_told_by_every_part(void **state)
{
    (void)state;
    char text[4096];
    size_t cls[40];
    for (size_t i = 0; i < 40; i++)
        cls[i] = i % 2;
    const char *words[] = {"a", "b"};
    labelled(text, sizeof text, words, 2, cls, 40);
    /* the last row's x1 is not a number */
    char *last = strrchr(text, '\n');
    *last = '\0';
    last = strrchr(text, '\n');
    memcpy(last + 1, "7.5x", 4);
    strcat(text, "\n");
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 2, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY};
    check_build_error(text, &plan, 41);
}

/* Empty labels in rows 30 and 38 (0-based; lines 32 and 40), in different parts for
 * most P: every part tells the first, as one process does. */
static void an_empty_label_should_be_told_by_every_part(void **state)
{
    (void)state;
    char text[4096];
    size_t cls[40];
    for (size_t i = 0; i < 40; i++)
        cls[i] = i == 30 || i == 38 ? 2 : i % 2;
    const char *words[] = {"a", "b", ""};
    labelled(text, sizeof text, words, 3, cls, 40);
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 2, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY};
    check_build_error(text, &plan, 32);
}

/* A regression's target of numbers with one bad cell is an error at the
 * cell, not a column of labels, judged on every part's cells: the parts
 * that hold numbers only agree with the one that holds the cell, early or
 * late in the file. */
static void a_bad_number_in_a_regression_target_should_be_told_by_every_part(void **state)
{
    (void)state;
    char text[4096];
    size_t cls[40];
    const char *values[] = {"0.5", "1.25", "oops"};
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 1, .output = MLP_ACT_LINEAR,
                          .loss = MLP_LOSS_MSE};
    for (size_t bad = 3; bad < 40; bad += 32) { /* row 3, then row 35 */
        for (size_t i = 0; i < 40; i++)
            cls[i] = i == bad ? 2 : i % 2;
        labelled(text, sizeof text, values, 3, cls, 40);
        check_build_error(text, &plan, (long)bad + 2);
    }
}

/* An infinity in a regression's target, in one part: that part stopped at
 * it while the others went on into the next collective step, and the job
 * hung (mpirun never ended). Every part now tells it. */
static void an_infinite_target_in_one_part_should_be_told_by_every_part(void **state)
{
    (void)state;
    char text[4096];
    size_t cls[40];
    const char *values[] = {"0.5", "1.25", "inf"};
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 1, .output = MLP_ACT_LINEAR,
                          .loss = MLP_LOSS_MSE};
    for (size_t i = 0; i < 40; i++)
        cls[i] = i == 35 ? 2 : i % 2;
    labelled(text, sizeof text, values, 3, cls, 40);
    check_build_error(text, &plan, 37);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_line_starting_at_a_boundary_should_go_to_the_later_part),
        cmocka_unit_test(crlf_and_a_last_line_without_lf_should_read_as_whole),
        cmocka_unit_test(parts_without_rows_should_hold_none),
        cmocka_unit_test(a_bom_and_quoted_fields_should_read_as_whole),
        cmocka_unit_test(the_header_should_be_decided_on_every_part),
        cmocka_unit_test(a_header_of_numbers_should_be_the_header_in_every_part),
        cmocka_unit_test(an_error_in_any_part_should_be_the_one_of_the_whole_file),
        cmocka_unit_test(copies_that_differ_where_a_part_reads_should_be_refused),
        cmocka_unit_test(labels_seen_in_one_part_only_should_be_united),
        cmocka_unit_test(the_validation_rows_should_be_those_of_one_process),
        cmocka_unit_test(columns_of_small_magnitude_should_be_standardised_as_by_one_process),
        cmocka_unit_test(a_bad_cell_in_the_last_part_should_be_told_by_every_part),
        cmocka_unit_test(an_empty_label_should_be_told_by_every_part),
        cmocka_unit_test(a_bad_number_in_a_regression_target_should_be_told_by_every_part),
        cmocka_unit_test(an_infinite_target_in_one_part_should_be_told_by_every_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
