/* SPDX-License-Identifier: MIT */
/* test_dataplan.c: the data plan (dataset.h) stands apart from the spec:
 * this file includes no spec header and builds a data set from a plan made
 * by hand; one build gives the training, validation and full sets equal,
 * byte for byte, to the separate builds from the spec's plan; statistics
 * given in the plan are the ones every set is standardised with. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"

#ifdef MLP_SPEC_H
#error "dataset.h must not include spec.h"
#endif

static const char moons[] = MLP_SOURCE_DIR "/data/moons.csv";

static void a_plan_made_by_hand_should_build_a_data_set(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_read(moons, &csv, &err), MLP_OK);
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 2, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY, .normalize = MLP_NORMALIZE_STANDARD};
    mlp_schema schema;
    mlp_dataset train;
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err), MLP_OK);
    assert_int_equal(train.n_rows, csv.n_rows);
    assert_int_equal(schema.n_labels, 2);
    assert_non_null(schema.mean);
    mlp_dataset_free(&train);
    mlp_schema_free(&schema);
    /* A plan that does not fit the file names its source and position. */
    plan.n_inputs = 3;
    plan.source = "net.json";
    plan.pos_layers = (mlp_text_pos){4, 13};
    assert_int_equal(mlp_dataset_build(&csv, &plan, &schema, &train, NULL, NULL, NULL, &err),
                     MLP_ERR_DATA);
    assert_non_null(strstr(err.hint, "net.json:4:13"));
    assert_null(train.X);
    mlp_csv_free(&csv);
}

static void assert_same_set(const mlp_dataset *a, const mlp_dataset *b)
{
    assert_int_equal(a->n_rows, b->n_rows);
    assert_int_equal(a->n_features, b->n_features);
    assert_int_equal(a->n_outputs, b->n_outputs);
    assert_memory_equal(a->X, b->X, a->n_rows * a->n_features * sizeof(double));
    assert_memory_equal(a->Y, b->Y, a->n_rows * a->n_outputs * sizeof(double));
}

static void assert_same_schema(const mlp_schema *a, const mlp_schema *b)
{
    assert_int_equal(a->n_features, b->n_features);
    assert_int_equal(a->n_labels, b->n_labels);
    for (size_t k = 0; k < a->n_labels; k++)
        assert_string_equal(a->labels[k], b->labels[k]);
    for (size_t k = 0; k < a->n_features; k++)
        assert_string_equal(a->feature_names[k], b->feature_names[k]);
    assert_memory_equal(a->mean, b->mean, a->n_features * sizeof(double));
    assert_memory_equal(a->std, b->std, a->n_features * sizeof(double));
}

static void one_build_should_equal_the_separate_builds(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_read(moons, &csv, &err), MLP_OK);
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 2, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY, .normalize = MLP_NORMALIZE_STANDARD,
                          .validation_split = 0.25, .split_seed = 11};
    mlp_schema s1, f1, s2, f2;
    mlp_dataset t1, v1, a1, t2, v2, a2;
    /* Once, with every set. */
    assert_int_equal(mlp_dataset_build(&csv, &plan, &s1, &t1, &v1, &f1, &a1, &err), MLP_OK);
    /* Separately: the split alone, then every row without a split. */
    assert_int_equal(mlp_dataset_build(&csv, &plan, &s2, &t2, &v2, NULL, NULL, &err), MLP_OK);
    mlp_data_plan whole = plan;
    whole.validation_split = 0;
    assert_int_equal(mlp_dataset_build(&csv, &whole, &f2, &a2, NULL, NULL, NULL, &err), MLP_OK);
    assert_same_set(&t1, &t2);
    assert_same_set(&v1, &v2);
    assert_same_set(&a1, &a2);
    assert_same_schema(&s1, &s2);
    assert_same_schema(&f1, &f2);
    assert_int_equal(t1.n_rows + v1.n_rows, a1.n_rows);
    /* The full set has statistics of its own rows, not the training rows'. */
    assert_memory_not_equal(s1.mean, f1.mean, 2 * sizeof(double));
    mlp_dataset *sets[] = {&t1, &v1, &a1, &t2, &v2, &a2};
    for (size_t k = 0; k < 6; k++)
        mlp_dataset_free(sets[k]);
    mlp_schema *schemas[] = {&s1, &f1, &s2, &f2};
    for (size_t k = 0; k < 4; k++)
        mlp_schema_free(schemas[k]);
    mlp_csv_free(&csv);
}

/* The plan's own statistics (a weights file's, when training continues
 * from it) standardise every set and are the schema's: x' = (x - mean) / std
 * exactly, for the training, validation and full sets alike. */
static void statistics_in_the_plan_should_be_used_for_every_set(void **state)
{
    (void)state;
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_read(moons, &csv, &err), MLP_OK);
    static const double mean[2] = {0.25, -3.0}, std[2] = {2.0, 0.5};
    mlp_data_plan plan = {.n_inputs = 2, .n_outputs = 2, .output = MLP_ACT_SOFTMAX,
                          .loss = MLP_LOSS_CROSS_ENTROPY, .normalize = MLP_NORMALIZE_STANDARD,
                          .validation_split = 0.25, .split_seed = 11, .mean = mean, .std = std};
    mlp_data_plan raw_plan = plan;
    raw_plan.normalize = MLP_NORMALIZE_NONE;
    raw_plan.mean = raw_plan.std = NULL;
    mlp_schema s, f, rs, rf;
    mlp_dataset t, v, a, rt, rv, ra;
    assert_int_equal(mlp_dataset_build(&csv, &plan, &s, &t, &v, &f, &a, &err), MLP_OK);
    assert_int_equal(mlp_dataset_build(&csv, &raw_plan, &rs, &rt, &rv, &rf, &ra, &err), MLP_OK);
    assert_memory_equal(s.mean, mean, sizeof mean);
    assert_memory_equal(s.std, std, sizeof std);
    assert_memory_equal(f.mean, mean, sizeof mean);
    assert_memory_equal(f.std, std, sizeof std);
    const mlp_dataset *got[] = {&t, &v, &a}, *raw[] = {&rt, &rv, &ra};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(got[k]->n_rows, raw[k]->n_rows);
        for (size_t i = 0; i < got[k]->n_rows * 2; i++) {
            /* The division by a power of two is exact, so equality is exact. */
            double want = (raw[k]->X[i] - mean[i % 2]) / std[i % 2];
            if (got[k]->X[i] != want)
                fail_msg("set %zu value %zu: %.17g, want %.17g", k, i, got[k]->X[i], want);
        }
    }
    mlp_dataset *sets[] = {&t, &v, &a, &rt, &rv, &ra};
    for (size_t k = 0; k < 6; k++)
        mlp_dataset_free(sets[k]);
    mlp_schema *schemas[] = {&s, &f, &rs, &rf};
    for (size_t k = 0; k < 4; k++)
        mlp_schema_free(schemas[k]);
    mlp_csv_free(&csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_plan_made_by_hand_should_build_a_data_set),
        cmocka_unit_test(one_build_should_equal_the_separate_builds),
        cmocka_unit_test(statistics_in_the_plan_should_be_used_for_every_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
