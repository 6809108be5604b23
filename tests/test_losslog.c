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
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
