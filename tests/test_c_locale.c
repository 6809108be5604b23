/* SPDX-License-Identifier: MIT */
/* test_c_locale.c: the library reads and writes numbers with a '.' whatever
 * locale the program sets (c_locale.h). Every test runs under a
 * comma-decimal LC_NUMERIC (de_DE.UTF-8), as in a program that calls
 * setlocale(LC_ALL, "") for a German user: before, labels came out "0,5",
 * CSV cells on strtod's path were "not a number", grids were refused.
 *
 * The locale is the system's when installed; else it is made with
 * localedef into a temporary folder (LOCPATH), which needs neither root nor
 * installed locales, only glibc's locale sources. Without either the
 * program exits 77, which ctest counts as skipped (SKIP_RETURN_CODE). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "c_locale.h"
#include "format_number.h"
#include "jsonw.h"
#include "parse_number.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"
#include "mlp/weights.h"
#include "mlp/finding.h"
#include "mlp/grid.h"
#include "mlp/lrscan.h"
#include "mlp/predict.h"
#include "mlp/progress.h"
#include "mlp/spec.h"
#include "mlp/train.h"

/* ------------------------------------------------------------------------ */
/* The comma locale                                                         */

static char made_dir[64]; /* the localedef folder, "" when none was made */

static int comma_locale(const char *name)
{
    return setlocale(LC_ALL, name) && strcmp(localeconv()->decimal_point, ",") == 0;
}

/* Sets a comma-decimal locale for the whole process; 0 when none is to be had. */
static int set_comma_locale(void)
{
    if (comma_locale("de_DE.UTF-8") || comma_locale("de_DE.utf8"))
        return 1;
    if (access("/usr/bin/localedef", X_OK) != 0 && system("command -v localedef >/dev/null 2>&1") != 0)
        return 0;
    snprintf(made_dir, sizeof made_dir, "/tmp/mlp_locale_XXXXXX");
    if (!mkdtemp(made_dir)) {
        made_dir[0] = '\0';
        return 0;
    }
    char cmd[256];
    snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", made_dir);
    /* Its status is not telling (it warns, exit 1, and still writes the
     * locale): whether setlocale takes the result is. */
    if (system(cmd) == -1)
        return 0;
    setenv("LOCPATH", made_dir, 1);
    return comma_locale("de_DE.UTF-8");
}

static void remove_made_locale(void)
{
    if (made_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", made_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "test_c_locale: could not remove %s\n", made_dir);
    }
}

/* ------------------------------------------------------------------------ */

static char *memfile_text(FILE *f, char **buf)
{
    fclose(f);
    return *buf;
}

/* The test's own view: plain printf does write a comma here, so the tests
 * below would see one if the library used it. */
static void locale_should_write_a_comma_with_plain_printf(void **state)
{
    (void)state;
    char buf[16];
    snprintf(buf, sizeof buf, "%g", 0.5);
    assert_string_equal(buf, "0,5");
}

static void helpers_should_read_and_write_a_point(void **state)
{
    (void)state;
    char buf[32], *end;
    assert_int_equal(mlp_c_snprintf(buf, sizeof buf, "%g %.3f", 0.5, 1.25), 9);
    assert_string_equal(buf, "0.5 1.250");
    assert_true(mlp_c_strtod("2.75x", &end) == 2.75);
    assert_string_equal(end, "x");
    assert_true(mlp_c_strtold("9.007199254740993e15", NULL) > 9007199254740992.0L);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    mlp_c_fprintf(f, "%.17g", 0.1);
    assert_string_equal(memfile_text(f, &text), "0.10000000000000001");
    free(text);
    /* The program's locale is as it was. */
    snprintf(buf, sizeof buf, "%g", 0.5);
    assert_string_equal(buf, "0,5");
}

/* Cells on strtod's path (more than 19 digits, subnormals) are numbers. */
static void csv_cells_should_read_past_the_fast_path(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(mlp_parse_number("0.1234567890123456789012", 24, &v), 1);
    assert_true(v == 0.1234567890123456789012);
    assert_int_equal(mlp_parse_number("1.5e-310", 8, &v), 1);
    assert_true(v == 1.5e-310);
    assert_int_equal(mlp_parse_number("0x1.8p1", 7, &v), 1);
    assert_true(v == 3.0);

    const char *text = "a,b\n0.1234567890123456789012,1\n";
    mlp_csv csv;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_csv_parse(text, strlen(text), "t.csv", &csv, &err), MLP_OK);
    assert_true(csv.cols[0].numeric);
    assert_true(csv.values[0] == 0.1234567890123456789012);
    mlp_csv_free(&csv);
}

/* The shortest text's slow path (snprintf "%.*e") and JSON numbers. */
static void numbers_should_be_written_with_a_point(void **state)
{
    (void)state;
    char buf[MLP_FORMAT_NUMBER_MAX];
    mlp_format_double(buf, 1.5e-310);
    assert_string_equal(buf, "1.5e-310");
    mlp_format_double(buf, 1.25e-200);
    assert_string_equal(buf, "1.25e-200");
    mlp_format_double(buf, 0.1);
    assert_string_equal(buf, "0.1");

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    mlp_jsonw_number(f, 0.5);
    assert_string_equal(memfile_text(f, &text), "0.5");
    free(text);
}

/* The numeric class labels, their order and the prediction header. */
static void labels_should_keep_their_point(void **state)
{
    (void)state;
    const char *spec_text = "{\"layers\": [2, 4, 2], \"activations\": [\"tanh\", \"softmax\"],"
                            " \"loss\": \"cross_entropy\", \"data\": {\"train\": \"t.csv\"}}";
    const char *csv_text = "a,b,grade\n0.25,1,10.5\n0.75,2,1.5\n0.5,3,1.5\n1,4,10.5\n";
    mlp_spec spec;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_spec_parse(spec_text, strlen(spec_text), "s.json", &spec, &err), MLP_OK);
    assert_int_equal(mlp_csv_parse(csv_text, strlen(csv_text), "t.csv", &csv, &err), MLP_OK);
    assert_int_equal(mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err), MLP_OK);
    assert_int_equal(schema.n_labels, 2);
    /* By value: 1.5 before 10.5 (bytewise would put "10.5" first). */
    assert_string_equal(schema.labels[0], "1.5");
    assert_string_equal(schema.labels[1], "10.5");
    assert_true(data.Y[0] == 0 && data.Y[1] == 1);

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    mlp_predict_write_header(f, &schema, MLP_ACT_SOFTMAX);
    assert_string_equal(memfile_text(f, &text), "label,p_1.5,p_10.5\n");
    free(text);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
}

static void grid_and_lr_scan_should_parse(void **state)
{
    (void)state;
    mlp_grid g;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_grid_parse("0.5:1.5:3", &g, &err), MLP_OK);
    assert_true(g.lo[0] == 0.5 && g.hi[0] == 1.5);
    assert_int_equal(g.n[0], 3);
    mlp_lrscan_options o;
    memset(&o, 0, sizeof o);
    assert_int_equal(mlp_lrscan_parse("0.001:0.5:7", &o, &err), MLP_OK);
    assert_true(o.lo == 0.001 && o.hi == 0.5);
    assert_int_equal(o.n, 7);
}

/* Spec numbers (cJSON's own reading is locale-aware) and the long double
 * re-reading of an integer at 2^53. */
static void spec_numbers_should_read_with_a_point(void **state)
{
    (void)state;
    const char *ok = "{\"layers\": [1, 1], \"activations\": [\"linear\"], \"loss\": \"mse\","
                     " \"learning_rate\": 0.05, \"data\": {\"train\": \"t.csv\"}}";
    mlp_spec spec;
    mlp_error err;
    mlp_error_clear(&err);
    assert_int_equal(mlp_spec_parse(ok, strlen(ok), "s.json", &spec, &err), MLP_OK);
    assert_true(spec.optimizer.learning_rate == 0.05);
    mlp_spec_free(&spec);
    const char *big = "{\"epochs\": 9.007199254740993e15}";
    assert_int_equal(mlp_spec_parse(big, strlen(big), "s.json", &spec, &err), MLP_ERR_SPEC);
    assert_string_equal(err.message,
                        "\"epochs\" must be at most 9007199254740992, not \"9.007199254740993e15\"");
}

/* Messages: mlp_error, findings, the spec's own, progress lines. */
static void messages_should_write_a_point(void **state)
{
    (void)state;
    mlp_error err;
    mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0, "rate %g", 0.5);
    mlp_error_hint(&err, "try %g", 0.25);
    assert_string_equal(err.message, "rate 0.5");
    assert_string_equal(err.hint, "try 0.25");

    mlp_findings list;
    mlp_findings_init(&list);
    mlp_finding *f = mlp_findings_add(&list, "x", MLP_SEVERITY_WARNING, NULL);
    assert_non_null(f);
    mlp_finding_message(f, "loss %.4g", 0.125);
    mlp_finding_hint(f, "lr %g", 1e-3);
    assert_string_equal(f->message, "loss 0.125");
    assert_string_equal(f->hint, "lr 0.001");
    mlp_findings_free(&list);

    const char *t = "{\"optimizer\": {\"name\": \"irprop-\", \"delta_min\": 2, \"delta_max\": 1}}";
    mlp_spec spec;
    assert_int_equal(mlp_spec_parse(t, strlen(t), "s.json", &spec, &err), MLP_ERR_SPEC);
    assert_string_equal(err.hint, "lower \"delta_min\" or raise \"delta_max\", with \"delta0\" (0.1, the "
                                  "default) between them, as in \"delta_min\": 1e-06, \"delta_max\": 50");

    mlp_progress p;
    mlp_progress_start(&p, MLP_PROGRESS_LINES, 10, 80, NULL, 0);
    mlp_epoch_stats s = { .epoch = 1, .loss = 0.5, .accuracy = 0.75, .val_loss = 0.25,
                          .val_accuracy = 0.5 };
    assert_string_equal(mlp_progress_epoch(&p, &s, 1),
                        "epoch  1  loss 0.5  accuracy 75.00%  val_loss 0.25  val_accuracy 50.00%\n");
}

/* train.c's messages about an option out of range (5383454): the value
 * was printed with plain snprintf, so a German user's program read
 * "mlp_train_options.l2 must be a finite number >= 0, not -0,5". */
static void train_options_should_be_told_with_a_point(void **state)
{
    (void)state;
    const size_t sizes[3] = {3, 4, 1};
    const mlp_activation acts[2] = {MLP_ACT_TANH, MLP_ACT_SIGMOID};
    mlp_error err;
    mlp_net *net = mlp_net_create(2, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, &err);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_DEFAULT, 1);
    double X[4 * 3] = {0, 1, 2, 3}, Y[4] = {0, 1, 1, 0};
    mlp_dataset d = {.n_rows = 4, .n_features = 3, .n_outputs = 1, .X = X, .Y = Y};
    mlp_train_result r;

    mlp_train_options o = {.learning_rate = 0.1, .epochs = 5, .l2 = -0.5};
    assert_int_equal(mlp_train_run(net, &d, &o, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_train_options.l2 must be a finite number >= 0, not -0.5");

    o = (mlp_train_options){.learning_rate = 0.1, .epochs = 5, .min_delta = -0.25};
    assert_int_equal(mlp_train_run(net, &d, &o, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message,
                        "mlp_train_options.min_delta must be a finite number >= 0, not -0.25");

    double *initial = malloc(net->n_params * sizeof *initial);
    assert_non_null(initial);
    memcpy(initial, net->params, net->n_params * sizeof *initial);
    mlp_train_result stopped = {.best_epoch = 6};
    o = (mlp_train_options){.learning_rate = 0.1, .epochs = 5, .refit_scale = 1.5e-3};
    assert_int_equal(mlp_train_refit(net, initial, &d, &o, &stopped, &r, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message,
                        "mlp_train_options.refit_scale must be 0 (1) or 1 to 100, not 0.0015");
    free(initial);
    mlp_net_free(net);
}

/* mlp_weights_describe (mlppredict --info): the statistics and losses. */
static void a_model_should_be_described_with_a_point(void **state)
{
    (void)state;
    mlp_error err;
    mlp_net *net = mlp_net_create(1, (size_t[]){1, 1}, (mlp_activation[]){MLP_ACT_LINEAR},
                                  MLP_LOSS_MSE, &err);
    assert_non_null(net);
    char *features[1] = {"x"}, *targets[1] = {"y"};
    double mean[1] = {0.5}, sd[1] = {1.5};
    mlp_schema schema = {.n_features = 1, .feature_names = features, .names_from_header = 1,
                         .n_targets = 1, .target_names = targets, .n_outputs = 1,
                         .normalize = MLP_NORMALIZE_STANDARD, .mean = mean, .std = sd};
    mlp_provenance prov;
    mlp_provenance_init(&prov);
    prov.format_version = 3;
    prov.has_training = 1;
    prov.best_loss = 0.25;
    prov.final_loss = 0.125;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(mlp_weights_describe(out, net, &schema, &prov, &err), MLP_OK);
    assert_int_equal(fclose(out), 0);
    assert_non_null(strstr(text, "mean 0.5, std 1.5"));
    assert_non_null(strstr(text, "0.125"));
    assert_null(strstr(text, "0,5"));
    assert_null(strstr(text, "0,125"));
    free(text);
    mlp_net_free(net);
}

int main(void)
{
    if (!set_comma_locale()) {
        printf("test_c_locale: skipped: no comma-decimal locale (de_DE.UTF-8 is not installed "
               "and localedef could not make one)\n");
        remove_made_locale();
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locale_should_write_a_comma_with_plain_printf),
        cmocka_unit_test(helpers_should_read_and_write_a_point),
        cmocka_unit_test(csv_cells_should_read_past_the_fast_path),
        cmocka_unit_test(numbers_should_be_written_with_a_point),
        cmocka_unit_test(labels_should_keep_their_point),
        cmocka_unit_test(grid_and_lr_scan_should_parse),
        cmocka_unit_test(spec_numbers_should_read_with_a_point),
        cmocka_unit_test(messages_should_write_a_point),
        cmocka_unit_test(a_model_should_be_described_with_a_point),
        cmocka_unit_test(train_options_should_be_told_with_a_point),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    remove_made_locale();
    return failed;
}
