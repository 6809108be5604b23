/* SPDX-License-Identifier: MIT */
/* test_alloc.c: the one form of an out-of-memory error (mlp_alloc_error):
 * "out of memory for WHAT (needs SIZE)" with SIZE in binary units, no SIZE
 * when it is not known, and a hint always (a default one when none is
 * given). The failure hooks are tested by test_alloc_sweep.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"

static void format_bytes_should_use_binary_units(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(mlp_alloc_format_bytes(1, buf, sizeof buf), "1 byte");
    assert_string_equal(mlp_alloc_format_bytes(272, buf, sizeof buf), "272 bytes");
    assert_string_equal(mlp_alloc_format_bytes(1023, buf, sizeof buf), "1023 bytes");
    assert_string_equal(mlp_alloc_format_bytes(1024, buf, sizeof buf), "1.0 KiB");
    assert_string_equal(mlp_alloc_format_bytes(1536.0 * 1024, buf, sizeof buf), "1.5 MiB");
    /* never "1024.0 MiB": a value that rounds up to the next unit takes it */
    assert_string_equal(mlp_alloc_format_bytes(1024.0 * 1024 * 1024 - 1, buf, sizeof buf),
                        "1.0 GiB");
    /* 100,000 rows of 100,000 one-hot outputs, 8 bytes each */
    assert_string_equal(mlp_alloc_format_bytes(8e10, buf, sizeof buf), "74.5 GiB");
    assert_string_equal(mlp_alloc_format_bytes(4503601769547792.0, buf, sizeof buf), "4.0 PiB");
    assert_string_equal(mlp_alloc_format_bytes(1e30, buf, sizeof buf), "867361737988.4 EiB");
}

static void error_should_say_what_how_much_and_what_to_do(void **state)
{
    (void)state;
    mlp_error err;
    assert_int_equal(mlp_alloc_error(&err, "t.csv", 8e10, "use fewer rows",
                                     "the data set of %d rows", 100000),
                     MLP_ERR_NOMEM);
    assert_int_equal(err.code, MLP_ERR_NOMEM);
    assert_string_equal(err.path, "t.csv");
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "out of memory for the data set of 100000 rows (needs 74.5 GiB)");
    assert_string_equal(err.hint, "use fewer rows");
    /* size unknown, default hint */
    mlp_alloc_error(&err, NULL, 0, NULL, "the loss log");
    assert_string_equal(err.path, "");
    assert_string_equal(err.message, "out of memory for the loss log");
    assert_string_equal(err.hint, "free some memory and try again");
    assert_int_equal(mlp_alloc_error(NULL, NULL, 1, NULL, "nothing"), MLP_ERR_NOMEM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_bytes_should_use_binary_units),
        cmocka_unit_test(error_should_say_what_how_much_and_what_to_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
