/* SPDX-License-Identifier: MIT */
/* test_hostile.c: bounded work on hostile input. Inputs built to make a
 * quadratic step show: a spec with 160,000 "activations" entries (each
 * position lookup used to rescan the text: 42.8 s) and a model of 200,000
 * features matched to a CSV by name (a linear search per feature: 52 s).
 * Both must now take well under a second; ctest gives this program a
 * TIMEOUT (CMakeLists.txt) instead of timing asserts, so a quadratic
 * regression fails by running out of time. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/spec.h"

/* A growing text buffer. */
typedef struct {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

#define N_ACTS 160000

static void a_spec_with_160000_activations_should_be_refused_at_once(void **state)
{
    (void)state;
    text t = {0};
    put(&t, "{\"layers\": [2, 1],\n \"activations\": [");
    for (size_t k = 0; k < N_ACTS; k++)
        put(&t, k ? ",\n  \"relu\"" : "\"relu\"");
    put(&t, "],\n \"loss\": \"mse\", \"data\": {\"train\": \"x.csv\"}}\n");
    mlp_spec spec;
    mlp_error err;
    assert_int_equal(mlp_spec_parse(t.s, t.len, "big.json", &spec, &err), MLP_ERR_SPEC);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 17);
    assert_string_equal(err.message,
                        "\"activations\" has 160000 names, but 2 layer sizes need 1");
    free(t.s);
}

/* The same entries, one of them unknown near the end: its line and column
 * come from the line table, not from a rescan. */
static void an_error_deep_in_a_long_spec_should_have_its_position(void **state)
{
    (void)state;
    text t = {0};
    put(&t, "{\"layers\": [2, 1],\n \"activations\": [");
    for (size_t k = 0; k < N_ACTS; k++)
        put(&t, k == N_ACTS - 1 ? ",\n  \"rleu\"" : k ? ",\n  \"relu\"" : "\"relu\"");
    put(&t, "],\n \"loss\": \"mse\", \"data\": {\"train\": \"x.csv\"}}\n");
    mlp_spec spec;
    mlp_error err;
    assert_int_equal(mlp_spec_parse(t.s, t.len, "big.json", &spec, &err), MLP_ERR_SPEC);
    assert_int_equal(err.line, 1 + N_ACTS);
    assert_int_equal(err.col, 3);
    assert_string_equal(err.message, "unknown activation \"rleu\"");
    free(t.s);
}

#define N_COLS 200000

/* A header of n columns named c0..c<n-1> (reversed when backwards), then
 * one row of the column numbers, and the target y = 1 last. */
static void wide_csv(text *t, size_t n, int backwards)
{
    char buf[32];
    for (size_t k = 0; k < n; k++) {
        snprintf(buf, sizeof buf, "%sc%zu", k ? "," : "", backwards ? n - 1 - k : k);
        put(t, buf);
    }
    put(t, ",y\n");
    for (size_t k = 0; k < n; k++) {
        snprintf(buf, sizeof buf, "%s%zu", k ? "," : "", backwards ? n - 1 - k : k);
        put(t, buf);
    }
    put(t, ",1\n");
}

static void a_model_of_200000_features_should_match_columns_by_name_at_once(void **state)
{
    (void)state;
    text train = {0}, input = {0};
    wide_csv(&train, N_COLS, 0);
    wide_csv(&input, N_COLS, 1);
    char json[256];
    snprintf(json, sizeof json,
             "{\"layers\": [%d, 1], \"activations\": [\"linear\"], \"loss\": \"mse\","
             " \"data\": {\"train\": \"wide.csv\"}}",
             N_COLS);
    mlp_spec spec;
    mlp_error err;
    if (mlp_spec_parse(json, strlen(json), "wide.json", &spec, &err) != MLP_OK)
        fail_msg("%s", err.message);
    mlp_csv a, b;
    assert_int_equal(mlp_csv_parse(train.s, train.len, "wide.csv", &a, &err), MLP_OK);
    assert_int_equal(mlp_csv_parse(input.s, input.len, "input.csv", &b, &err), MLP_OK);
    mlp_schema schema;
    mlp_dataset data, again;
    assert_int_equal(mlp_dataset_from_csv(&a, &spec, &schema, &data, &err), MLP_OK);
    assert_int_equal(mlp_dataset_with_schema(&b, &schema, 1, &again, &err), MLP_OK);
    /* Column c<k> holds k in both files, whatever its place. */
    for (size_t k = 0; k < N_COLS; k++)
        assert_true(again.X[k] == (double)k);
    assert_true(again.Y[0] == 1.0);
    mlp_dataset_free(&again);
    mlp_dataset_free(&data);
    mlp_schema_free(&schema);
    mlp_csv_free(&a);
    mlp_csv_free(&b);
    mlp_spec_free(&spec);
    free(train.s);
    free(input.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_spec_with_160000_activations_should_be_refused_at_once),
        cmocka_unit_test(an_error_deep_in_a_long_spec_should_have_its_position),
        cmocka_unit_test(a_model_of_200000_features_should_match_columns_by_name_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
