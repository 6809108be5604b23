/* SPDX-License-Identifier: MIT */
/* test_preflight.c: every pre-flight case on a fixture that triggers it and
 * on one that must stay silent (tests/fixtures/preflight/), with the exact
 * position and figures where they are part of the contract; the JSON-key
 * and CSV-cell locators on awkward texts; the findings list and its JSON. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "fileio.h"
#include "mlp/lrscan.h"
#include "mlp/diagnose.h"
#include "mlp/fit.h"
#include "mlp/preflight.h"

#define DIR MLP_FIXTURES "/preflight/"

/* Loads a fixture spec, its CSV, data set and initialised net, runs the
 * check (with the learning-rate trial, for a run of `epochs` epochs, 0 for
 * the spec's) and returns the findings. */
static int run_init_given; /* the input's init_given of run_advised */
static const double *run_val_targets; /* run_advised: a validation set of the training
                                         inputs with these targets; NULL: none */
static size_t run_trial_rows; /* run_advised: training uses the first this many rows of the
                                 file (trial_data, as a split's training rows); 0: all */

static void run_advised(const char *name, long epochs, mlp_rate_advice *advice,
                        mlp_findings *out)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", name[0] == '/' ? "" : DIR, name); /* a fixture, or made */
    mlp_error err;
    mlp_spec spec;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    char *csv_text;
    size_t csv_len;
    if (mlp_spec_load(path, &spec, &err))
        fail_msg("%s: %s", path, err.message);
    assert_int_equal(mlp_csv_read(spec.train_path, &csv, &err), MLP_OK);
    assert_int_equal(mlp_fileio_read_all(spec.train_path, &csv_text, &csv_len, &err), MLP_OK);
    if (mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err))
        fail_msg("%s: %s", name, err.message);
    mlp_net *net = mlp_net_create(spec.n_layers, spec.sizes, spec.acts, spec.loss, &err);
    assert_non_null(net);
    mlp_net_init(net, spec.init, spec.seed);
    mlp_train_options train = {.learning_rate = spec.optimizer.learning_rate,
                               .epochs = epochs ? epochs : spec.epochs,
                               .classify = schema.n_labels > 0};
    mlp_dataset val = data;
    val.Y = (double *)run_val_targets;
    mlp_dataset trial = data;
    trial.n_rows = run_trial_rows;
    mlp_preflight_input in = {
        .spec = &spec,
        .csv = &csv, .csv_text = csv_text, .csv_len = csv_len,
        .schema = &schema, .data = &data, .net = net, .train = &train, .advice = advice,
        .init_given = run_init_given, .validation = run_val_targets ? &val : NULL,
        .trial_data = run_trial_rows ? &trial : NULL,
    };
    mlp_findings_init(out);
    assert_int_equal(mlp_preflight_run(&in, out, &err), MLP_OK);
    mlp_net_free(net);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
    free(csv_text);
}

static void run_epochs(const char *name, long epochs, mlp_findings *out)
{
    run_advised(name, epochs, NULL, out);
}

static void run(const char *name, mlp_findings *out)
{
    run_epochs(name, 0, out);
}

/* The findings must be exactly these codes, in order. */
static void expect_codes(const mlp_findings *f, const char *const *codes, size_t n)
{
    char all[1024] = "";
    for (size_t i = 0; i < f->n; i++) {
        strncat(all, f->items[i].code, sizeof all - strlen(all) - 2);
        strncat(all, " ", sizeof all - strlen(all) - 1);
    }
    if (f->n != n)
        fail_msg("%zu findings (%s), expected %zu", f->n, all, n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(f->items[i].code, codes[i]) != 0)
            fail_msg("finding %zu is %s, expected %s (all: %s)", i, f->items[i].code, codes[i], all);
}

static void expect_one(const char *fixture, const char *code, mlp_severity sev, mlp_finding *copy)
{
    mlp_findings f;
    run(fixture, &f);
    expect_codes(&f, &code, 1);
    assert_int_equal(f.items[0].severity, sev);
    assert_true(f.items[0].message[0] != '\0');
    assert_true(f.items[0].hint[0] != '\0');
    if (copy)
        *copy = f.items[0];
    mlp_findings_free(&f);
}

static void expect_silent(const char *fixture)
{
    mlp_findings f;
    run(fixture, &f);
    expect_codes(&f, NULL, 0);
    mlp_findings_free(&f);
}

static void expect_at(const mlp_finding *f, const char *file, long line, long col)
{
    const char *base = strrchr(f->path, '/');
    assert_string_equal(base ? base + 1 : f->path, file);
    assert_int_equal(f->line, line);
    assert_int_equal(f->col, col);
}

/* ------------------------------------------------------------------------ */

static void preflight_should_find_nothing_in_a_sound_setup(void **state)
{
    (void)state;
    expect_silent("clean_xor.json");
}

static void preflight_should_stop_a_one_unit_softmax(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("softmax_one_unit.json", "softmax-one-unit", MLP_SEVERITY_ERROR, &f);
    /* The last entry of "layers": line 2, `  "layers": [2, 4, 1],` col 20. */
    expect_at(&f, "softmax_one_unit.json", 2, 20);
    expect_silent("softmax_two_units.json");
}

static void preflight_should_stop_targets_outside_the_output_range(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("target_range.json", "target-range", MLP_SEVERITY_ERROR, &f);
    /* regress_5.csv: the 7th data row (line 8) is "0.6667,5": y starts at col 8. */
    expect_at(&f, "regress_5.csv", 8, 8);
    assert_true(f.measured == 5.0);
    assert_true(f.threshold == 1.0);
    assert_string_equal(f.message, "target 5 in column \"y\" is outside [0, 1], the range of the "
                                   "sigmoid output layer");
    /* Sigmoid with -1/+1 targets: 5 of 10 values below 0, the first on line 2. */
    expect_one("target_range_pm1.json", "target-range", MLP_SEVERITY_ERROR, &f);
    expect_at(&f, "regress_pm1.csv", 2, 8);
    assert_true(f.measured == -1.0 && f.threshold == 0.0);
    assert_non_null(strstr(f.message, "(5 of the 10 target values are)"));
    /* tanh with the same -1/+1 targets, and tanh with 0/1 targets: in range. */
    expect_silent("tanh_pm1.json");
    expect_silent("tanh_01.json");
}

/* House prices on a linear output: targets of 1e5 against outputs near 0
 * at the start. Said at the target column's header cell, with the power of
 * ten to divide by; targets within +-100 (regress_5: at most 5) are not. */
static void preflight_should_warn_of_targets_far_from_the_outputs_scale(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("target_scale.json", "target-scale", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "prices.csv", 1, 12); /* "area,rooms,price": price at col 12 */
    assert_true(f.measured == 644500.0 && f.threshold == MLP_DIAG_LARGE_TARGET);
    assert_non_null(strstr(f.message, "the targets in column \"price\" lie in [181300, 644500]"));
    assert_string_equal(f.hint, "divide the column by 100000 and multiply the predictions by it, "
                                "so the targets lie within +-10; mlp scales the inputs, not the "
                                "targets");
    expect_silent("target_scale_ok.json");
}

static void preflight_should_warn_of_a_tanh_output_read_as_probabilities(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("moons_tanh2.json", "output-not-probability", MLP_SEVERITY_WARNING, &f);
    /* The output activation: line 3 `  "activations": ["tanh", "tanh"],` col 27. */
    expect_at(&f, "moons_tanh2.json", 3, 27);
    assert_non_null(strstr(f.message, "2 outputs are not made to sum to 1"));
    expect_silent("moons_softmax2.json");
}

static void preflight_should_warn_of_mse_on_class_targets(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("sigmoid_mse.json", "mse-for-classes", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "sigmoid_mse.json", 4, 11); /* `  "loss": "mse",` */
    assert_non_null(strstr(f.hint, "binary_cross_entropy"));
    expect_silent("clean_xor.json");
}

/* Several sigmoid outputs with binary_cross_entropy on rows of one class
 * each (one-hot columns, or a column of labels): K separate yes/no units,
 * whose probabilities need not sum to 1 (a 3-class spiral so trained gave
 * rows summing to 0.81 and 1.33), said nothing; softmax with cross_entropy
 * is the cure. Rows with no class or two (multi-label) stay silent, and a
 * validation file with such a row does too. */
static void preflight_should_warn_of_sigmoid_outputs_on_one_class_rows(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("moons_sigmoid2.json", "sigmoid-one-class", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "moons_sigmoid2.json", 3, 27); /* the output activation */
    assert_string_equal(f.message, "each row is one of 2 classes, but 2 sigmoid outputs with "
                                   "\"binary_cross_entropy\" are 2 separate yes/no "
                                   "probabilities, which need not sum to 1");
    assert_string_equal(f.hint, "use \"softmax\" on the output layer with \"loss\": "
                                "\"cross_entropy\", one probability per class summing to 1; "
                                "sigmoid outputs are for rows that may hold several classes or "
                                "none (multi-label)");
    expect_one("three_labels.json", "sigmoid-one-class", MLP_SEVERITY_WARNING, &f);
    assert_non_null(strstr(f.message, "each row is one of 3 classes, but 3 sigmoid outputs"));
    expect_silent("multilabel.json");
    expect_silent("moons_softmax2.json");
    expect_silent("clean_xor.json"); /* one sigmoid output: a yes/no */
    /* One-hot training rows, a validation row of both classes: multi-label. */
    static double val[160];
    for (size_t i = 0; i < 80; i++)
        val[2 * i] = 1, val[2 * i + 1] = i == 7;
    run_val_targets = val;
    mlp_findings fs;
    run("moons_sigmoid2.json", &fs);
    run_val_targets = NULL;
    assert_true(mlp_findings_find(&fs, "sigmoid-one-class") < 0);
    mlp_findings_free(&fs);
}

/* Writes the CSV text `rows` under the header x,a,b,c and a spec of one
 * input and 3 sigmoid outputs with binary_cross_entropy on a, b and c into
 * a new directory, runs the check (run_trial_rows, run_val_targets as set)
 * and removes them; 1 when the findings hold sigmoid-one-class. */
static int sigmoid_one_class_on(const char *rows)
{
    char dir[] = "/tmp/mlp-test-preflight-XXXXXX", csv[64], spec[64];
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/rows.csv", dir);
    snprintf(spec, sizeof spec, "%s/rows.json", dir);
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fprintf(fp, "x,a,b,c\n%s", rows);
    fclose(fp);
    fp = fopen(spec, "w");
    assert_non_null(fp);
    fputs("{\"layers\": [1, 3], \"activations\": [\"sigmoid\"],\n"
          " \"loss\": \"binary_cross_entropy\", \"learning_rate\": 0.1,\n"
          " \"data\": {\"train\": \"rows.csv\", \"targets\": [\"a\", \"b\", \"c\"]}}\n",
          fp);
    fclose(fp);
    mlp_findings f;
    run(spec, &f);
    /* Read: removed before any assertion can leave them behind. */
    int removed = remove(csv) == 0 && remove(spec) == 0 && remove(dir) == 0;
    int found = mlp_findings_find(&f, "sigmoid-one-class") >= 0;
    mlp_findings_free(&f);
    assert_true(removed);
    return found;
}

/* sigmoid-one-class says "each row is one of K classes" only of targets the
 * run counts as classes (mlp_fit_counts_class_targets, the rule of
 * output-not-probability and mse-for-classes: one-hot rows, at least two
 * classes present), judged on the rows training uses (trial_data, a split's
 * training rows): rows all of class a were told "one of 3 classes" while
 * the run counted none (no accuracy in its summary). */
static void sigmoid_one_class_should_follow_the_class_rule_on_the_training_rows(void **state)
{
    (void)state;
    /* Ten rows of class a, then ten of class b. */
    char rows[512] = "";
    for (int i = 0; i < 20; i++)
        snprintf(rows + strlen(rows), sizeof rows - strlen(rows), "%d,%d,%d,0\n", i, i < 10,
                 i >= 10);
    /* Both classes in training: the warning, as before. */
    assert_true(sigmoid_one_class_on(rows));
    /* Training on the first ten rows, all class a (the other ten held out):
     * the run counts no classes, and nothing is said. */
    run_trial_rows = 10;
    int trial = sigmoid_one_class_on(rows);
    run_trial_rows = 0;
    assert_false(trial);
    /* Every row of the file class a: no classes counted. */
    rows[0] = '\0';
    for (int i = 0; i < 20; i++)
        snprintf(rows + strlen(rows), sizeof rows - strlen(rows), "%d,1,0,0\n", i);
    assert_false(sigmoid_one_class_on(rows));
}

/* fit.c's mlp_fit_class_targets for a fixture's spec and data. */
static int fit_class_targets(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", name[0] == '/' ? "" : DIR, name); /* a fixture, or made */
    mlp_error err;
    mlp_spec spec;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    assert_int_equal(mlp_spec_load(path, &spec, &err), MLP_OK);
    assert_int_equal(mlp_csv_read(spec.train_path, &csv, &err), MLP_OK);
    assert_int_equal(mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err), MLP_OK);
    int yes = mlp_fit_class_targets(&data, spec.acts[spec.n_layers - 1]);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
    return yes;
}

/* One rule of 0/1 class targets: the pre-flight warns of what it calls
 * class targets exactly where the run counts their accuracy
 * (mlp_fit_class_targets): 0/1 on a sigmoid unit (mse-for-classes),
 * one-hot rows on 2 tanh units (output-not-probability), and not 0/1 on
 * one tanh unit, a regression the user may mean (neither). */
static void preflight_should_call_class_targets_what_the_run_counts(void **state)
{
    (void)state;
    mlp_findings f;
    run("sigmoid_mse.json", &f);
    assert_true(mlp_findings_find(&f, "mse-for-classes") >= 0);
    assert_true(fit_class_targets("sigmoid_mse.json"));
    mlp_findings_free(&f);
    run("moons_tanh2.json", &f);
    assert_true(mlp_findings_find(&f, "output-not-probability") >= 0);
    assert_true(fit_class_targets("moons_tanh2.json"));
    mlp_findings_free(&f);
    expect_silent("tanh_01.json");
    assert_false(fit_class_targets("tanh_01.json"));
}

/* The pre-flight judged class targets on the training rows alone: 0/1
 * training targets validated on 0.5s were warned of as class targets
 * (mse-for-classes) while the run, whose validation rows are not 0/1,
 * counts no accuracy (mlp_fit_counts_class_targets). The same rule on the
 * same rows now: the warning with 0/1 validation targets, none with a 0.5. */
static void preflight_should_judge_class_targets_on_the_validation_rows_too(void **state)
{
    (void)state;
    const double classes[4] = {1, 0, 0, 1}, half[4] = {0, 1, 0.5, 0};
    mlp_findings f;
    run_val_targets = classes;
    run("sigmoid_mse.json", &f);
    run_val_targets = NULL;
    assert_true(mlp_findings_find(&f, "mse-for-classes") >= 0);
    mlp_findings_free(&f);
    run_val_targets = half;
    run("sigmoid_mse.json", &f);
    run_val_targets = NULL;
    assert_int_equal(mlp_findings_find(&f, "mse-for-classes"), -1);
    mlp_findings_free(&f);
}

/* A feature that is the target again hands the model its answer: one-hot
 * x1,x2,c0,c1 with "layers" [3, ...] and no "targets" reads c0 = 1 - c1 as
 * a feature of the target c1; a copy of a regression's target, equal on
 * every row. Said at the feature's header cell; the one-hot pair is told
 * to name both as targets. Without the column, silent. */
static void preflight_should_warn_of_a_feature_that_is_the_target(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("leak_onehot.json", "target-leak", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "leak_onehot.csv", 1, 7); /* "x1,x2,c0,c1": c0 at col 7 */
    assert_string_equal(f.message, "feature \"c0\" equals 1 - the target \"c1\" in every row: "
                                   "it gives the model the answer, which data to predict will "
                                   "not have");
    assert_non_null(strstr(f.hint, "\"targets\": [\"c0\", \"c1\"], with 2 \"softmax\" output "
                                   "units"));
    assert_true(f.measured == 1 && f.threshold == 0);
    expect_one("leak_copy.json", "target-leak", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "leak_copy.csv", 1, 4); /* "x1,y_copy,x2,y" */
    assert_string_equal(f.message, "feature \"y_copy\" equals the target \"y\" in every row: "
                                   "it gives the model the answer, which data to predict will "
                                   "not have");
    assert_string_equal(f.hint, "leave \"y_copy\" out: list the columns to read in "
                                "\"data.features\"");
    expect_silent("leak_dropped.json");
    expect_silent("clean_xor.json");
}

/* A file laid out label first, without "targets": the last column, x3, is
 * the target and the labels an input. Said at the first column's header
 * cell, naming both columns and both "targets" that settle it; silent once
 * "targets" is given, and when the last column is named like a target too
 * ("y"; the names in any letter case: "Class"). */
static void preflight_should_warn_of_a_target_named_first(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("label_first.json", "target-named-first", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "label_first.csv", 1, 1);
    assert_string_equal(f.message, "the first column, \"label\", is named like a target, but "
                                   "without \"targets\" the target is the last column, \"x3\", "
                                   "and \"label\" is read as a feature");
    assert_string_equal(f.hint, "if \"label\" is the column to predict, name it in \"data\" "
                                "as \"targets\": [\"label\"]; if \"x3\" is, name that one: "
                                "\"targets\": [\"x3\"]");
    expect_silent("label_first_named.json");
    expect_silent("class_first_y_last.json");
}

static void preflight_should_warn_of_unscaled_features(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("scales.json", "feature-scales", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "scales.json", 6, 11); /* the "data" object */
    /* scales.csv: income in [14235, 97905], age in [18, 90]: magnitudes
     * (largest |x|) 97905 and 90. */
    assert_true(f.measured == 97905.0 / 90.0);
    assert_true(f.threshold == MLP_PREFLIGHT_SCALE_RATIO);
    assert_non_null(strstr(f.message, "\"income\" lies in [14235, 97905]"));
    assert_non_null(strstr(f.message, "\"age\" in [18, 90]"));
    /* Similar scales but large: a, b in the hundreds to 2000. */
    expect_one("large.json", "feature-scales", MLP_SEVERITY_WARNING, &f);
    assert_true(f.measured == 2000.0 && f.threshold == MLP_PREFLIGHT_LARGE_FEATURE);
    assert_string_equal(f.hint, "add \"normalize\": \"standard\" to \"data\" in the spec");
    /* From --init-weights the spec cannot change the weights file's
     * scaling (it is refused): the hint says what works. */
    run_init_given = 1;
    expect_one("large.json", "feature-scales", MLP_SEVERITY_WARNING, &f);
    run_init_given = 0;
    assert_string_equal(f.hint, "add \"normalize\": \"standard\" to \"data\" in the spec, training "
                                "without --init-weights, whose file keeps its own scaling");
    expect_silent("scales_normalized.json");
}

static void preflight_should_warn_of_a_constant_column(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("constant.json", "constant-column", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "constant.csv", 1, 7); /* header "x1,x2,bias,y" */
    assert_string_equal(f.message,
                        "column \"bias\" has the value 4 in every row: it carries no information");
    assert_string_equal(f.hint, "leave it out: list the columns to read in \"data.features\" (or "
                                "give it values that vary)");
    expect_silent("clean_xor.json");
}

static void preflight_should_warn_of_duplicates_with_other_targets(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("duplicates.json", "conflicting-duplicates", MLP_SEVERITY_WARNING, &f);
    /* "0,1,1" on line 3 and "0,1,0" on line 7. */
    expect_at(&f, "duplicates.csv", 7, 0);
    assert_true(f.measured == 2.0);
    assert_non_null(strstr(f.message, "lines 3 and 7"));
    /* Real overlap (iris on two of its features, rounded) is not a mistake:
     * the hint says so beside the check for one. */
    assert_string_equal(f.hint, "no network can fit both: check these rows for copying or "
                                "labelling mistakes; if the classes truly overlap there (a feature "
                                "left out, values rounded), the loss cannot reach 0 and that is "
                                "expected");
    /* The same duplicate with the same label is harmless. */
    expect_silent("duplicates_agree.json");
}

/* The duplicate search hashes each row's features and sorts the hashes;
 * what it tells is what a sort of the rows by their features told: every
 * row of a conflicting group counted, and the pair of the group of the
 * least feature vector, its first row and its first row of other targets.
 * Three conflicting groups, so that the order of their hashes is unlikely
 * to be theirs: (0, 7) with -0 as 0 (equal numbers, other bits), the
 * least; (1, 2), whose second row agrees; (5, 5); and (3, 3), agreeing. */
static void duplicates_should_be_told_as_a_sort_of_the_rows_told_them(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp-test-preflight-XXXXXX", csv[64], spec[64];
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/dups.csv", dir);
    snprintf(spec, sizeof spec, "%s/dups.json", dir);
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("x1,x2,y\n"  /* line 1 */
          "5,5,0\n"    /* 2 */
          "1,2,1\n"    /* 3: (1, 2)'s first */
          "5,5,1\n"    /* 4: (5, 5) conflicts */
          "3,3,0\n"    /* 5 */
          "1,2,1\n"    /* 6: agrees with line 3 */
          "-0,7,1\n"   /* 7: (0, 7)'s first */
          "0,7,0\n"    /* 8: its other target */
          "1,2,0\n"    /* 9: (1, 2) conflicts */
          "3,3,0\n"    /* 10: agrees with line 5 */
          "2,1,1\n",   /* 11: alone */
          fp);
    fclose(fp);
    fp = fopen(spec, "w");
    assert_non_null(fp);
    fputs("{\"layers\": [2, 4, 1], \"activations\": [\"tanh\", \"sigmoid\"],\n"
          " \"loss\": \"binary_cross_entropy\", \"learning_rate\": 0.5,\n"
          " \"data\": {\"train\": \"dups.csv\"}}\n", fp);
    fclose(fp);
    mlp_findings f;
    run(spec, &f);
    int removed = remove(csv) == 0 && remove(spec) == 0 && remove(dir) == 0;
    const mlp_finding *dup = NULL;
    for (size_t i = 0; i < f.n; i++)
        if (strcmp(f.items[i].code, "conflicting-duplicates") == 0)
            dup = &f.items[i];
    assert_non_null(dup);
    /* (0, 7): 2 rows, (1, 2): 3, (5, 5): 2; (3, 3) agrees. */
    assert_true(dup->measured == 7.0);
    expect_at(dup, "dups.csv", 8, 0);
    assert_string_equal(dup->message, "7 rows share their features with a row of other targets: "
                                      "lines 7 and 8 have the same features but targets \"1\" and \"0\"");
    mlp_findings_free(&f);
    assert_true(removed);
}

static void preflight_should_warn_of_a_rare_class(void **state)
{
    (void)state;
    mlp_finding f;
    /* 50/48/2 rows: 2 < 0.1 * 100 / 3. */
    expect_one("rare.json", "rare-class", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "rare.csv", 1, 7);
    assert_true(f.measured == 2.0);
    assert_true(fabs(f.threshold - 10.0 / 3.0) < 1e-12);
    /* An even split of 100 rows in 3 classes is 33.33 rows: to a tenth. */
    assert_string_equal(f.message, "class \"c\" has 2 of the 100 rows (2%), fewer than a tenth of "
                                   "the 33.3 an even split gives");
    /* 50/46/4: 4 >= 3.33. */
    expect_silent("rare_enough.json");
}

/* An even split of a whole number of rows is said whole: thyroid's 3600
 * rows in 3 classes were "fewer than a tenth of the 1.2e+03 an even split
 * gives". Here 2000 rows, 10 of them class "b": 1000 each, a tenth 100. */
static void a_rare_class_should_count_an_even_split_in_whole_rows(void **state)
{
    (void)state;
    char dir[] = "/tmp/mlp-test-preflight-XXXXXX", csv[64], spec[64];
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/rows.csv", dir);
    snprintf(spec, sizeof spec, "%s/rows.json", dir);
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("x1,x2,kind\n", fp);
    for (int i = 0; i < 2000; i++) /* distinct points of a spiral: no duplicate rows */
        fprintf(fp, "%.6f,%.6f,%s\n", 1e-3 * i * cos(0.1 * i), 1e-3 * i * sin(0.1 * i),
                i % 200 == 0 ? "b" : "a");
    fclose(fp);
    fp = fopen(spec, "w");
    assert_non_null(fp);
    fputs("{\"layers\": [2, 8, 2], \"activations\": [\"tanh\", \"softmax\"],\n"
          " \"loss\": \"cross_entropy\", \"learning_rate\": 0.1,\n"
          " \"data\": {\"train\": \"rows.csv\"}}\n", fp);
    fclose(fp);
    mlp_findings f;
    run(spec, &f);
    /* Read: removed before any assertion can leave them behind. */
    int removed = remove(csv) == 0 && remove(spec) == 0 && remove(dir) == 0;
    const char *code = "rare-class";
    expect_codes(&f, &code, 1);
    assert_string_equal(f.items[0].message, "class \"b\" has 10 of the 2000 rows (0.5%), fewer "
                                            "than a tenth of the 1000 an even split gives");
    mlp_findings_free(&f);
    assert_true(removed);
}

static void preflight_should_warn_of_an_unstable_learning_rate(void **state)
{
    (void)state;
    mlp_finding f;
    expect_one("lr_unstable.json", "lr-unstable", MLP_SEVERITY_WARNING, &f);
    expect_at(&f, "lr_unstable.json", 5, 20); /* `  "learning_rate": 40,` */
    assert_true(f.measured > MLP_LRSCAN_RISE);
    assert_non_null(strstr(f.message, "learning rate 40 is unstable"));
    /* The same network at 0.1 is stable. */
    expect_silent("moons_softmax2.json");
}

/* Targets far from the outputs' scale (13 to 287, inputs within +-0.1)
 * make rate 0.1 unstable in the trial; the run's one cure is target-scale's
 * (the diagnosis and the error of the diverged run name it too), so the
 * trial's hint names dividing the targets, not a smaller rate (it named
 * 0.01, and the run then diverged with "divide them by 100"). */
static void preflight_should_name_the_target_scale_cure_for_an_unstable_rate(void **state)
{
    (void)state;
    mlp_findings f;
    run("target_scale_diverge.json", &f);
    static const char *const codes[] = {"target-scale", "lr-unstable"};
    expect_codes(&f, codes, 2);
    assert_non_null(strstr(f.items[0].hint, "divide the column by 100 "));
    assert_non_null(strstr(f.items[1].message, "learning rate 0.1 is unstable"));
    assert_string_equal(f.items[1].hint, "the targets far from the outputs' scale make the steps "
                                         "large: divide them by 100, and multiply the predictions "
                                         "by it");
    mlp_findings_free(&f);
}

/* The rate the hint names is handed out for every later message of the
 * run; a stable rate leaves the advice as it was. */
static void preflight_should_hand_out_the_rate_it_names(void **state)
{
    (void)state;
    mlp_findings f;
    mlp_rate_advice advice = {0};
    run_advised("lr_unstable.json", 0, &advice, &f);
    long i = mlp_findings_find(&f, "lr-unstable");
    assert_int_equal(i, 0);
    /* A tenth (MLP_LRSCAN_SAFETY, as --lr-scan) of the largest stable rate
     * tried, one of 4, 0.4, 0.04, 0.004: not the edge of stability itself. */
    assert_false(advice.below);
    int tenth = 0;
    for (int k = 1; k <= MLP_PREFLIGHT_PROBE_RETRIES; k++)
        tenth |= fabs(advice.rate - 40 * pow(0.1, k) / MLP_LRSCAN_SAFETY) < 1e-12 * advice.rate;
    assert_true(tenth);
    char want[200];
    snprintf(want, sizeof want, "try learning_rate %g (a tenth of %g, stable in the same trial), "
                                "or run mlptrain --lr-scan 0.04:40",
             advice.rate, advice.rate * MLP_LRSCAN_SAFETY);
    assert_string_equal(f.items[i].hint, want);
    mlp_findings_free(&f);
    advice = (mlp_rate_advice){.rate = 7, .below = 1};
    run_advised("moons_softmax2.json", 0, &advice, &f);
    expect_codes(&f, NULL, 0);
    assert_true(advice.rate == 7 && advice.below == 1);
    mlp_findings_free(&f);
}

/* No trial runs after an error: training will not start anyway. */
static void preflight_should_skip_the_trial_after_an_error(void **state)
{
    (void)state;
    mlp_findings f;
    run("target_range.json", &f);
    assert_int_equal(mlp_findings_count(&f, MLP_SEVERITY_ERROR), 1);
    assert_int_equal(mlp_findings_find(&f, "lr-unstable"), -1);
    mlp_findings_free(&f);
}

/* The trial costs at most a tenth of the run: none for a 99-epoch run. */
static void preflight_should_skip_the_trial_for_a_short_run(void **state)
{
    (void)state;
    mlp_findings f;
    run_epochs("lr_unstable.json", MLP_PREFLIGHT_PROBE_MIN_RUN - 1, &f);
    expect_codes(&f, NULL, 0);
    mlp_findings_free(&f);
    run_epochs("lr_unstable.json", MLP_PREFLIGHT_PROBE_MIN_RUN, &f);
    assert_int_equal(mlp_findings_find(&f, "lr-unstable"), 0);
    mlp_findings_free(&f);
}

/* A table of 20,000 columns whose features the spec lists in reverse: each
 * is found by name (once a scan of the header per name, 100,000 columns
 * took 20 s; now through the sorted index of names.h), so the constant
 * column is named with its own header cell, and its features are read in
 * the spec's order. */
static void preflight_should_map_many_columns_by_name(void **state)
{
    (void)state;
    enum { C = 20000, ROWS = 6, CONSTANT = 12345 };
    size_t cap = (size_t)C * 24 + 4096;
    char *csv_text = malloc(cap), *spec_text = malloc(cap);
    assert_non_null(csv_text);
    assert_non_null(spec_text);
    size_t len = 0;
    for (size_t j = 0; j < C; j++)
        len += (size_t)sprintf(csv_text + len, "c%zu,", j);
    len += (size_t)sprintf(csv_text + len, "y\n");
    for (size_t r = 0; r < ROWS; r++) {
        for (size_t j = 0; j < C; j++)
            len += (size_t)sprintf(csv_text + len, "%zu,", j == CONSTANT ? (size_t)4 : (j + r) % 3);
        len += (size_t)sprintf(csv_text + len, "%zu\n", r % 2);
    }
    size_t sl = (size_t)sprintf(spec_text, "{\"layers\": [%d, 1], \"activations\": [\"sigmoid\"], "
                                           "\"loss\": \"binary_cross_entropy\", \"data\": "
                                           "{\"train\": \"t.csv\", \"targets\": \"y\", "
                                           "\"features\": [", C);
    for (size_t j = C; j-- > 0;)
        sl += (size_t)sprintf(spec_text + sl, "\"c%zu\"%s", j, j ? ", " : "]}}");
    mlp_error err;
    mlp_spec spec;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    if (mlp_spec_parse(spec_text, sl, "t.json", &spec, &err))
        fail_msg("%s", err.message);
    assert_int_equal(mlp_csv_parse(csv_text, len, "t.csv", &csv, &err), MLP_OK);
    if (mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err))
        fail_msg("%s", err.message);
    assert_string_equal(schema.feature_names[0], "c19999");
    mlp_preflight_input in = {.spec = &spec, .csv = &csv, .csv_text = csv_text, .csv_len = len,
                              .schema = &schema, .data = &data};
    mlp_findings f;
    mlp_findings_init(&f);
    assert_int_equal(mlp_preflight_run(&in, &f, &err), MLP_OK);
    size_t i = 0;
    while (i < f.n && strcmp(f.items[i].code, "constant-column") != 0)
        i++;
    assert_true(i < f.n);
    /* header "c0,c1,...": c12345 starts after the 12,345 names before it */
    long col = 1;
    for (size_t j = 0; j < CONSTANT; j++)
        col += snprintf(NULL, 0, "c%zu,", j);
    expect_at(&f.items[i], "t.csv", 1, col);
    assert_string_equal(f.items[i].message,
                        "column \"c12345\" has the value 4 in every row: it carries no information");
    mlp_findings_free(&f);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
    free(csv_text);
    free(spec_text);
}

static void preflight_should_survive_every_failed_allocation(void **state)
{
    (void)state;
    /* Everything loaded first, then the check with the Nth allocation failing. */
    char path[512];
    snprintf(path, sizeof path, DIR "%s", "duplicates.json");
    mlp_error err;
    mlp_spec spec;
    mlp_csv csv;
    mlp_schema schema;
    mlp_dataset data;
    assert_int_equal(mlp_spec_load(path, &spec, &err), MLP_OK);
    assert_int_equal(mlp_csv_read(spec.train_path, &csv, &err), MLP_OK);
    assert_int_equal(mlp_dataset_from_csv(&csv, &spec, &schema, &data, &err), MLP_OK);
    mlp_preflight_input in = {.spec = &spec, .csv = &csv, .schema = &schema, .data = &data};
    long failures = 0;
    for (long n = 1;; n++) {
        assert_true(n < 50);
        mlp_findings f;
        mlp_findings_init(&f);
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_preflight_run(&in, &f, &err);
        mlp_alloc_fail_after(0);
        mlp_findings_free(&f);
        if (st == MLP_OK)
            break;
        assert_int_equal(st, MLP_ERR_NOMEM);
        /* the size of the block refused and what to do; it said "out of
         * memory for the pre-flight check" alone */
        if (strncmp(err.message, "out of memory for the pre-flight check (needs ", 46) != 0 &&
            strcmp(err.message, "out of memory for the findings") != 0)
            fail_msg("allocation %ld: \"%s\"", n, err.message);
        if (strncmp(err.message, "out of memory for the pre-flight check", 38) == 0)
            assert_string_equal(err.hint, "free some memory, or train on fewer rows or columns "
                                          "(the check runs before every training run)");
        failures++;
    }
    assert_true(failures >= 5); /* two column maps, the ranges, the sort, the finding */
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&csv);
    mlp_spec_free(&spec);
}

/* ------------------------------------------------------------------------ */

static void csv_col_should_count_bytes_past_quotes_and_blanks(void **state)
{
    (void)state;
    const char *t = "a,b,c\n1,  \"x,\"\"y\",3\r\n\"q\",,7\n";
    size_t n = strlen(t);
    assert_int_equal(mlp_csv_field_col(t, n, 1, 0), 1);
    assert_int_equal(mlp_csv_field_col(t, n, 1, 2), 5);
    assert_int_equal(mlp_csv_field_col(t, n, 2, 1), 5);
    assert_int_equal(mlp_csv_field_col(t, n, 2, 2), 13);
    assert_int_equal(mlp_csv_field_col(t, n, 3, 1), 5);
    assert_int_equal(mlp_csv_field_col(t, n, 3, 2), 6);
    assert_int_equal(mlp_csv_field_col(t, n, 3, 3), 0);
    assert_int_equal(mlp_csv_field_col(t, n, 9, 0), 0);
    assert_int_equal(mlp_csv_field_col(NULL, 0, 1, 0), 0);
}

static void findings_should_format_as_one_line_and_as_json(void **state)
{
    (void)state;
    mlp_findings list;
    mlp_error err;
    mlp_findings_init(&list);
    mlp_finding *f = mlp_findings_add(&list, "target-range", MLP_SEVERITY_ERROR, &err);
    assert_non_null(f);
    mlp_finding_at(f, "d.csv", 3, 5);
    mlp_finding_message(f, "target %g is \"out\"", 5.0);
    mlp_finding_hint(f, "scale it");
    f->measured = 5;
    f->threshold = 1;
    f = mlp_findings_add(&list, "constant-column", MLP_SEVERITY_WARNING, &err);
    mlp_finding_message(f, "tab\there");
    char buf[512];
    assert_string_equal(mlp_finding_format(&list.items[0], "mlptrain", buf, sizeof buf),
                        "mlptrain: d.csv:3:5: error: target 5 is \"out\"; scale it");
    assert_string_equal(mlp_finding_format(&list.items[1], "mlptrain", buf, sizeof buf),
                        "mlptrain: warning: tab\there");
    assert_int_equal(mlp_findings_count(&list, MLP_SEVERITY_ERROR), 1);
    assert_int_equal(mlp_findings_count(&list, MLP_SEVERITY_WARNING), 1);
    assert_int_equal(mlp_findings_find(&list, "constant-column"), 1);

    char out[2048];
    FILE *fp = fmemopen(out, sizeof out, "w");
    assert_non_null(fp);
    assert_int_equal(mlp_findings_write_json(&list, fp, &err), MLP_OK);
    fclose(fp);
    assert_string_equal(
        out,
        "{\"errors\": 1, \"warnings\": 1, \"findings\": [\n"
        "  {\"code\": \"target-range\", \"severity\": \"error\", \"path\": \"d.csv\", \"line\": 3, "
        "\"col\": 5, \"message\": \"target 5 is \\\"out\\\"\", \"hint\": \"scale it\", "
        "\"measured\": 5, \"threshold\": 1},\n"
        "  {\"code\": \"constant-column\", \"severity\": \"warning\", \"path\": null, \"line\": null, "
        "\"col\": null, \"message\": \"tab\\there\", \"hint\": \"\", \"measured\": null, "
        "\"threshold\": null}\n"
        "]}\n");
    mlp_findings_free(&list);

    fp = fmemopen(out, sizeof out, "w");
    assert_int_equal(mlp_findings_write_json(&list, fp, &err), MLP_OK);
    fclose(fp);
    assert_string_equal(out, "{\"errors\": 0, \"warnings\": 0, \"findings\": []}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(preflight_should_find_nothing_in_a_sound_setup),
        cmocka_unit_test(preflight_should_stop_a_one_unit_softmax),
        cmocka_unit_test(preflight_should_stop_targets_outside_the_output_range),
        cmocka_unit_test(preflight_should_warn_of_targets_far_from_the_outputs_scale),
        cmocka_unit_test(preflight_should_warn_of_a_tanh_output_read_as_probabilities),
        cmocka_unit_test(preflight_should_warn_of_mse_on_class_targets),
        cmocka_unit_test(preflight_should_warn_of_sigmoid_outputs_on_one_class_rows),
        cmocka_unit_test(sigmoid_one_class_should_follow_the_class_rule_on_the_training_rows),
        cmocka_unit_test(preflight_should_call_class_targets_what_the_run_counts),
        cmocka_unit_test(preflight_should_judge_class_targets_on_the_validation_rows_too),
        cmocka_unit_test(preflight_should_warn_of_a_feature_that_is_the_target),
        cmocka_unit_test(preflight_should_warn_of_a_target_named_first),
        cmocka_unit_test(preflight_should_warn_of_unscaled_features),
        cmocka_unit_test(preflight_should_warn_of_a_constant_column),
        cmocka_unit_test(preflight_should_warn_of_duplicates_with_other_targets),
        cmocka_unit_test(duplicates_should_be_told_as_a_sort_of_the_rows_told_them),
        cmocka_unit_test(preflight_should_warn_of_a_rare_class),
        cmocka_unit_test(a_rare_class_should_count_an_even_split_in_whole_rows),
        cmocka_unit_test(preflight_should_warn_of_an_unstable_learning_rate),
        cmocka_unit_test(preflight_should_name_the_target_scale_cure_for_an_unstable_rate),
        cmocka_unit_test(preflight_should_hand_out_the_rate_it_names),
        cmocka_unit_test(preflight_should_skip_the_trial_after_an_error),
        cmocka_unit_test(preflight_should_skip_the_trial_for_a_short_run),
        cmocka_unit_test(preflight_should_map_many_columns_by_name),
        cmocka_unit_test(preflight_should_survive_every_failed_allocation),
        cmocka_unit_test(csv_col_should_count_bytes_past_quotes_and_blanks),
        cmocka_unit_test(findings_should_format_as_one_line_and_as_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
