/* SPDX-License-Identifier: MIT */
/* test_losslog.c: the loss-log CSV, exact text for each combination of
 * classification and validation, the spelling of NaN and infinities, and
 * that the file appears only at commit. Expected numbers are the shortest
 * texts that read back to the same double, as Python's repr() writes them
 * (repr(0.1) is '0.1', repr(1/3) is '0.3333333333333333'), in printf's "%g"
 * layout (1e-300, 25000000000, -0). tests/test_format_number.c proves the
 * round trip and the shortness on random doubles. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc.h"
#include "mlp/losslog.h"
#include "check.h"

typedef struct {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/mlp-test-losslog-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/loss.csv", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    mlp_alloc_fail_after(0);
    unlink(f->path);
    int left = rmdir(f->dir); /* non-zero when a temporary file was left */
    free(f);
    return left;
}

static void assert_file_text(const char *path, const char *want)
{
    char got[1024];
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(got, 1, sizeof got - 1, fp);
    got[n] = '\0';
    fclose(fp);
    assert_string_equal(got, want);
}

static const mlp_epoch_stats rows[] = {
    {1, 0.75, 0.5, 0.25, 1.0, 1},
    {2, 0.1, 1.0 / 3, 1e-300, 0.0, 2},
    {3, 2.5e10, 0.125, -0.0, 0.75, 2},
};

static void write_rows(fixture *f, int classify, int validation)
{
    mlp_error err;
    mlp_losslog *log = mlp_losslog_open(f->path, classify, validation, &err);
    assert_non_null(log);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(mlp_losslog_append(log, &rows[i], &err), MLP_OK);
    assert_int_equal(mlp_losslog_commit(log, &err), MLP_OK);
    assert_int_equal(check_count_entries(f->dir), 1);
}

static void losslog_should_write_epoch_and_loss_for_regression(void **state)
{
    fixture *f = *state;
    write_rows(f, 0, 0);
    assert_file_text(f->path, "epoch,loss\n"
                              "1,0.75\n"
                              "2,0.1\n"
                              "3,25000000000\n");
}

static void losslog_should_add_accuracy_for_classification(void **state)
{
    fixture *f = *state;
    write_rows(f, 1, 0);
    assert_file_text(f->path, "epoch,loss,accuracy\n"
                              "1,0.75,0.5\n"
                              "2,0.1,0.3333333333333333\n"
                              "3,25000000000,0.125\n");
}

static void losslog_should_add_val_loss_for_regression_with_validation(void **state)
{
    fixture *f = *state;
    write_rows(f, 0, 1);
    assert_file_text(f->path, "epoch,loss,val_loss\n"
                              "1,0.75,0.25\n"
                              "2,0.1,1e-300\n"
                              "3,25000000000,-0\n");
}

static void losslog_should_write_all_columns_for_classification_with_validation(void **state)
{
    fixture *f = *state;
    write_rows(f, 1, 1);
    assert_file_text(f->path, "epoch,loss,accuracy,val_loss,val_accuracy\n"
                              "1,0.75,0.5,0.25,1\n"
                              "2,0.1,0.3333333333333333,1e-300,0\n"
                              "3,25000000000,0.125,-0,0.75\n");
}

static void write_rows_best(fixture *f, int classify, int validation)
{
    mlp_error err;
    mlp_losslog_columns cols = {.classify = classify, .validation = validation, .best_epoch = 1};
    mlp_losslog *log = mlp_losslog_open_columns(f->path, &cols, &err);
    assert_non_null(log);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(mlp_losslog_append(log, &rows[i], &err), MLP_OK);
    assert_int_equal(mlp_losslog_commit(log, &err), MLP_OK);
}

static void losslog_should_end_rows_with_the_best_epoch_when_asked(void **state)
{
    fixture *f = *state;
    write_rows_best(f, 1, 1);
    assert_file_text(f->path, "epoch,loss,accuracy,val_loss,val_accuracy,best_epoch\n"
                              "1,0.75,0.5,0.25,1,1\n"
                              "2,0.1,0.3333333333333333,1e-300,0,2\n"
                              "3,25000000000,0.125,-0,0.75,2\n");
    write_rows_best(f, 0, 1);
    assert_file_text(f->path, "epoch,loss,val_loss,best_epoch\n"
                              "1,0.75,0.25,1\n"
                              "2,0.1,1e-300,2\n"
                              "3,25000000000,-0,2\n");
}

static void losslog_should_spell_nan_and_infinities_the_same_everywhere(void **state)
{
    fixture *f = *state;
    mlp_error err;
    mlp_losslog *log = mlp_losslog_open(f->path, 1, 1, &err);
    assert_non_null(log);
    const mlp_epoch_stats a = {41, 1.5, 0.5, -NAN, NAN, 7};
    const mlp_epoch_stats b = {42, INFINITY, NAN, -INFINITY, NAN, 7};
    assert_int_equal(mlp_losslog_append(log, &a, &err), MLP_OK);
    assert_int_equal(mlp_losslog_append(log, &b, &err), MLP_OK);
    assert_int_equal(mlp_losslog_commit(log, &err), MLP_OK);
    assert_file_text(f->path, "epoch,loss,accuracy,val_loss,val_accuracy\n"
                              "41,1.5,0.5,nan,nan\n"
                              "42,inf,nan,-inf,nan\n");
}

static void losslog_should_appear_only_at_commit(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    fputs("previous run\n", fp);
    fclose(fp);

    mlp_error err;
    mlp_losslog *log = mlp_losslog_open(f->path, 0, 0, &err);
    assert_non_null(log);
    assert_int_equal(mlp_losslog_append(log, &rows[0], &err), MLP_OK);
    assert_file_text(f->path, "previous run\n");
    assert_int_equal(check_count_entries(f->dir), 2);
    mlp_losslog_abort(log);
    assert_file_text(f->path, "previous run\n");
    assert_int_equal(check_count_entries(f->dir), 1);
    mlp_losslog_abort(NULL);

    /* Committed with no rows: the header alone. */
    log = mlp_losslog_open(f->path, 1, 0, &err);
    assert_non_null(log);
    assert_int_equal(mlp_losslog_commit(log, &err), MLP_OK);
    assert_file_text(f->path, "epoch,loss,accuracy\n");
}

static void losslog_open_should_fail_in_a_missing_folder(void **state)
{
    fixture *f = *state;
    char path[192], hint[256];
    snprintf(path, sizeof path, "%s/logs/loss.csv", f->dir);
    mlp_error err;
    assert_null(mlp_losslog_open(path, 0, 0, &err));
    assert_int_equal(err.code, MLP_ERR_IO);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "cannot write: No such file or directory");
    snprintf(hint, sizeof hint, "create the folder \"%s/logs\" first, or check the path", f->dir);
    assert_string_equal(err.hint, hint);
    assert_int_equal(check_count_entries(f->dir), 0);
}

static void losslog_open_should_report_out_of_memory(void **state)
{
    fixture *f = *state;
    int failures = 0;
    for (long n = 1; n < 10; n++) {
        mlp_error err;
        mlp_alloc_fail_after(n);
        mlp_losslog *log = mlp_losslog_open(f->path, 0, 0, &err);
        mlp_alloc_fail_after(0);
        if (log) {
            mlp_losslog_abort(log);
            break;
        }
        assert_int_equal(err.code, MLP_ERR_NOMEM);
        failures++;
    }
    /* The log record, then the destination and temporary path copies. */
    assert_int_equal(failures, 3);
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* The text of the file at path, whole (NUL-terminated; *len its bytes). */
static char *file_text(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long size = ftell(fp);
    assert_true(size > 0);
    rewind(fp);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    *len = fread(text, 1, (size_t)size, fp);
    text[*len] = '\0';
    fclose(fp);
    return text;
}

/* Epoch e of a long run: numbers of every length (1/e has 1 to 17 digits). */
static mlp_epoch_stats long_run_epoch(long e)
{
    return (mlp_epoch_stats){e, 1.0 / (double)e, 0.5, 2.0 / (double)(e + 1), 0.25, e};
}

/* An in-memory log grows through the library's allocator (alloc.h), so
 * that the tests' failure hook reaches its growth (mlptrain_faults' sweeps)
 * and a process out of it under mpirun is agreed on (train.h); its growth
 * by open_memstream could not fail here. Its text is the file's byte for
 * byte over enough rows to grow it many times; a growth that fails says
 * so, and leaves the header and the rows before it whole. */
static void losslog_in_memory_should_grow_through_the_allocator(void **state)
{
    fixture *f = *state;
    enum { EPOCHS = 2000 };
    mlp_losslog_columns cols = {.classify = 1, .validation = 1, .best_epoch = 1, .refit = 1};
    mlp_error err;
    mlp_losslog *file = mlp_losslog_open_columns(f->path, &cols, &err);
    mlp_losslog *mem = mlp_losslog_create(&cols, &err);
    assert_non_null(file);
    assert_non_null(mem);
    for (long e = 1; e <= EPOCHS; e++) {
        mlp_epoch_stats s = long_run_epoch(e);
        if (e == EPOCHS / 2) {
            mlp_losslog_begin_refit(file);
            mlp_losslog_begin_refit(mem);
        }
        assert_int_equal(mlp_losslog_append(file, &s, &err), MLP_OK);
        assert_int_equal(mlp_losslog_append(mem, &s, &err), MLP_OK);
    }
    assert_int_equal(mlp_losslog_commit(file, &err), MLP_OK);
    size_t want_len, len;
    char *want = file_text(f->path, &want_len);
    const char *text;
    assert_int_equal(mlp_losslog_text(mem, &text, &len, &err), MLP_OK);
    assert_int_equal(len, want_len);
    assert_memory_equal(text, want, len);
    mlp_losslog_abort(mem);

    /* The first allocation after the header's fails: a growth mid-run. */
    mem = mlp_losslog_create(&cols, &err);
    assert_non_null(mem);
    mlp_alloc_fail_after(1);
    long kept = 0;
    mlp_status st = MLP_OK;
    while (kept < EPOCHS && !st) {
        mlp_epoch_stats s = long_run_epoch(kept + 1);
        if (!(st = mlp_losslog_append(mem, &s, &err)))
            kept++;
    }
    mlp_alloc_fail_after(0);
    assert_int_equal(st, MLP_ERR_NOMEM);
    assert_true(kept > 0 && kept < EPOCHS);
    assert_true(strncmp(err.message, "out of memory for the loss log (needs ", 38) == 0);
    assert_string_equal(err.hint, "free some memory and try again");
    assert_int_equal(mlp_losslog_text(mem, &text, &len, &err), MLP_OK);
    /* The header and the kept rows, as the file has them (the file turned
     * to refit rows only after EPOCHS / 2, beyond what a first size holds). */
    assert_true(kept < EPOCHS / 2);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    assert_int_equal(lines, (size_t)kept + 1);
    assert_memory_equal(text, want, len);
    mlp_losslog_abort(mem);
    free(want);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(losslog_should_write_epoch_and_loss_for_regression),
        T(losslog_should_add_accuracy_for_classification),
        T(losslog_should_add_val_loss_for_regression_with_validation),
        T(losslog_should_write_all_columns_for_classification_with_validation),
        T(losslog_should_end_rows_with_the_best_epoch_when_asked),
        T(losslog_should_spell_nan_and_infinities_the_same_everywhere),
        T(losslog_should_appear_only_at_commit),
        T(losslog_open_should_fail_in_a_missing_folder),
        T(losslog_open_should_report_out_of_memory),
        T(losslog_in_memory_should_grow_through_the_allocator),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
