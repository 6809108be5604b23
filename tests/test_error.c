/* SPDX-License-Identifier: MIT */
/* test_error.c: the one-line form of an error, with control bytes quoted
 * from the data escaped. */
#include <string.h>

#include "check.h"
#include "mlp/error.h"

static void format_should_escape_control_bytes(void **state)
{
    (void)state;
    mlp_error err;
    mlp_error_set(&err, MLP_ERR_DATA, "d.csv", 3, 2, "value \"a\rb\x1b[31mc\x7f\" is not a number");
    mlp_error_hint(&err, "tab\there");
    char buf[256];
    assert_string_equal(mlp_error_format(&err, "mlptrain", buf, sizeof buf),
                        "mlptrain: d.csv:3:2: value \"a\\x0db\\x1b[31mc\\x7f\" is not a number; "
                        "tab\there");
    /* Too little room: cut at the end, never inside an escape. */
    char small[24];
    assert_string_equal(mlp_error_format(&err, "mlptrain", small, sizeof small),
                        "mlptrain: d.csv:3:2: va");
    char tiny[28];
    mlp_error_set(&err, MLP_ERR_DATA, NULL, 0, 0, "ab\x1b\x1b\x1b\x1b\x1b\x1b");
    assert_string_equal(mlp_error_format(&err, "p", tiny, sizeof tiny),
                        "p: ab\\x1b\\x1b\\x1b\\x1b\\x1b");
}

static void format_should_keep_plain_text(void **state)
{
    (void)state;
    mlp_error err;
    mlp_error_set(&err, MLP_ERR_SPEC, "s.json", 1, 5, "unknown key \"é\"");
    char buf[128];
    assert_string_equal(mlp_error_format(&err, "mlptrain", buf, sizeof buf),
                        "mlptrain: s.json:1:5: unknown key \"é\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_should_escape_control_bytes),
        cmocka_unit_test(format_should_keep_plain_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
