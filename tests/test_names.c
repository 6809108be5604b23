/* SPDX-License-Identifier: MIT */
/* test_names.c: the sorted index of names (names.h) that the CSV header's
 * duplicate check, the spec's "data.features"/"data.targets" and the
 * pre-flight check's column map share: a name is found at its smallest
 * position, a missing or NULL name is not, the repeat reported is the first
 * one a reader meets going down the list (with the earliest copy of it),
 * and 50,000 names behave as 5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "names.h"

static void sorted(mlp_name *v, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        v[k] = (mlp_name){names[k], k};
    mlp_names_sort(v, n);
}

static void names_should_find_each_name_at_its_first_position(void **state)
{
    (void)state;
    static const char *const names[] = {"b", "a", "c", "a", "ab", ""};
    mlp_name v[6];
    sorted(v, names, 6);
    assert_int_equal(mlp_names_find(v, 6, "a"), 1); /* also at 3 */
    assert_int_equal(mlp_names_find(v, 6, "b"), 0);
    assert_int_equal(mlp_names_find(v, 6, "c"), 2);
    assert_int_equal(mlp_names_find(v, 6, "ab"), 4);
    assert_int_equal(mlp_names_find(v, 6, ""), 5);
    assert_true(mlp_names_find(v, 6, "d") == SIZE_MAX);
    assert_true(mlp_names_find(v, 6, "aa") == SIZE_MAX);
    assert_true(mlp_names_find(v, 6, NULL) == SIZE_MAX);
    assert_true(mlp_names_find(v, 0, "a") == SIZE_MAX);
}

static void names_should_report_the_first_repeat_in_list_order(void **state)
{
    (void)state;
    size_t first = 77;
    mlp_name v[6];
    static const char *const distinct[] = {"x", "y", "z"};
    sorted(v, distinct, 3);
    assert_true(mlp_names_repeat(v, 3, &first) == SIZE_MAX);
    assert_int_equal(first, 77); /* untouched */
    assert_true(mlp_names_repeat(v, 0, &first) == SIZE_MAX);
    /* "b" again at 3 comes before "a" again at 4 */
    static const char *const nested[] = {"a", "b", "c", "b", "a"};
    sorted(v, nested, 5);
    assert_int_equal(mlp_names_repeat(v, 5, &first), 3);
    assert_int_equal(first, 1);
    /* three copies: the second is the repeat, the first its earlier copy */
    static const char *const thrice[] = {"q", "p", "q", "p", "q", "p"};
    sorted(v, thrice, 6);
    assert_int_equal(mlp_names_repeat(v, 6, &first), 2);
    assert_int_equal(first, 0);
}

static void names_should_index_many_names(void **state)
{
    (void)state;
    enum { N = 50000 };
    char(*text)[16] = malloc(N * sizeof *text);
    mlp_name *v = malloc(N * sizeof *v);
    assert_non_null(text);
    assert_non_null(v);
    for (size_t k = 0; k < N; k++) {
        snprintf(text[k], sizeof text[k], "x%zu", (k * 7919) % N); /* a permutation */
        v[k] = (mlp_name){text[k], k};
    }
    mlp_names_sort(v, N);
    size_t first = 0;
    assert_true(mlp_names_repeat(v, N, &first) == SIZE_MAX);
    for (size_t k = 0; k < N; k += 997) {
        char name[16];
        snprintf(name, sizeof name, "x%zu", (k * 7919) % N);
        assert_int_equal(mlp_names_find(v, N, name), k);
    }
    /* two repeats: the one at the smaller position is reported */
    strcpy(text[40000], text[123]);
    strcpy(text[30000], text[45000]);
    for (size_t k = 0; k < N; k++)
        v[k] = (mlp_name){text[k], k};
    mlp_names_sort(v, N);
    assert_int_equal(mlp_names_repeat(v, N, &first), 40000);
    assert_int_equal(first, 123);
    free(v);
    free(text);
}

static void names_of_csv_should_index_the_header(void **state)
{
    (void)state;
    static const char text[] = "id,x2,x1,y\n1,2,3,4\n";
    mlp_csv csv;
    mlp_error err;
    assert_int_equal(mlp_csv_parse(text, sizeof text - 1, "t.csv", &csv, &err), MLP_OK);
    mlp_name *v = mlp_names_of_csv(&csv);
    assert_non_null(v);
    assert_int_equal(mlp_names_find(v, csv.n_cols, "x1"), 2);
    assert_int_equal(mlp_names_find(v, csv.n_cols, "y"), 3);
    assert_true(mlp_names_find(v, csv.n_cols, "x3") == SIZE_MAX);
    free(v);
    mlp_alloc_fail_after(1);
    assert_null(mlp_names_of_csv(&csv));
    mlp_alloc_fail_after(0);
    mlp_csv_free(&csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_should_find_each_name_at_its_first_position),
        cmocka_unit_test(names_should_report_the_first_repeat_in_list_order),
        cmocka_unit_test(names_should_index_many_names),
        cmocka_unit_test(names_of_csv_should_index_the_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
