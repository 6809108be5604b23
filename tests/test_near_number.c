/* SPDX-License-Identifier: MIT */
/* test_near_number.c: the classifier of cells that nearly are numbers
 * (near_number.h), one text of each kind, through the hint it gives: a
 * number written plainly only where the text has one reading ("1 234,5",
 * "1,234.5", "1.234.5", "12-"), none where it has two ("1,500": 1.5 or
 * 1500; "1.234.567": thousands, or a decimal comma after tr) or is a date,
 * and no hint at all for a text that is no number or a whole one. And
 * mlp_shown_len, which cuts a shown text only between UTF-8 characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "near_number.h"

/* The hint for text ("" when none), checking that 1 comes back exactly
 * when a hint was written. */
static const char *hint_of(mlp_error *err, const char *text)
{
    mlp_error_clear(err);
    mlp_error_set(err, MLP_ERR_DATA, "t.csv", 2, 1, "value \"%s\" is not a number", text);
    int gave = mlp_near_number_hint(err, text);
    assert_int_equal(gave, err->hint[0] != '\0');
    return err->hint;
}

static void no_hint_for_no_number_or_a_whole_one(void **state)
{
    (void)state;
    mlp_error err;
    /* nothing strtod reads; read whole; an infinity ("inferior" starts
     * with "inf"); a NaN */
    static const char *const texts[] = {"", "abc", "12", "-1.5e3", "inferior", "nan(1)x"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        assert_string_equal(hint_of(&err, texts[k]), "");
}

static void a_unit_after_the_number_is_named(void **state)
{
    (void)state;
    mlp_error err;
    assert_string_equal(hint_of(&err, "5%"),
                        "cells must hold a number alone: write 5 without the \"%\" after it "
                        "(units and % signs are not read)");
    assert_string_equal(hint_of(&err, "12 kg"),
                        "cells must hold a number alone: write 12 without the \" kg\" after it "
                        "(units and % signs are not read)");
}

static void a_lone_comma_gives_no_number(void **state)
{
    (void)state;
    mlp_error err;
    const char *want = "cells must hold a number alone, written with a decimal point and without "
                       "thousands separators (1.5, not 1,5; 1500, not 1,500)";
    assert_string_equal(hint_of(&err, "1,5"), want);
    assert_string_equal(hint_of(&err, "1,500"), want); /* 1.5 or 1500 */
}

static void grouped_thousands_are_written_plainly(void **state)
{
    (void)state;
    mlp_error err;
    /* French: spaces between thousands, a decimal comma */
    assert_string_equal(hint_of(&err, "1 234,5"),
                        "cells must hold a number alone: write 1234.5 (thousands separators, "
                        "here spaces, are not read, and the decimal mark is a point)");
    /* English: commas between thousands, a decimal point */
    assert_string_equal(hint_of(&err, "1,234.5"),
                        "cells must hold a number alone: write 1234.5 (thousands separators, "
                        "here commas, are not read)");
    /* Swiss, with a sign: apostrophes */
    assert_string_equal(hint_of(&err, "-1'234'567"),
                        "cells must hold a number alone: write -1234567 (thousands separators, "
                        "here apostrophes, are not read)");
    /* a no-break space (U+00A0, two bytes) */
    assert_string_equal(hint_of(&err, "12\xC2\xA0" "345"),
                        "cells must hold a number alone: write 12345 (thousands separators, "
                        "here U+00A0 no-break spaces, are not read)");
}

static void points_between_thousands_read_once_or_not_at_all(void **state)
{
    (void)state;
    mlp_error err;
    /* 1.234,5 after tr ',;' '.,': the last group is not 3 digits, so decimals */
    assert_string_equal(hint_of(&err, "1.234.5"),
                        "a number has one decimal point and no thousands separators: write "
                        "1234.5 (a file that writes 1.234,5 needs its thousands points removed "
                        "before tr ',;' '.,' turns its decimal commas into points)");
    /* 1234567, or 1234.567 after tr: no number */
    assert_string_equal(hint_of(&err, "1.234.567"),
                        "a number has one decimal point and no thousands separators: write it "
                        "without the points between thousands (a file that writes 1.234,5 needs "
                        "its thousands points removed before tr ',;' '.,' turns its decimal "
                        "commas into points)");
}

static void dates_and_times_are_not_numbers(void **state)
{
    (void)state;
    mlp_error err;
    static const char *const texts[] = {"2024-01-05", "2024/1/5", "05.01.2024", "1/5/24",
                                        "12:30"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        assert_string_equal(hint_of(&err, texts[k]),
                            "a date or a time is not read as a number: write it as one, such as "
                            "the days since a fixed date");
}

static void a_trailing_minus_goes_before(void **state)
{
    (void)state;
    mlp_error err;
    assert_string_equal(hint_of(&err, "12-"), "a minus sign goes before the number: write -12, "
                                              "not 12-");
}

static void digits_joined_by_no_rule_give_no_number(void **state)
{
    (void)state;
    mlp_error err;
    /* two points, not thousands; a space inside; a range; a second sign */
    static const char *const texts[] = {"1.5.2", "1 2", "1-2", "-12-"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        assert_string_equal(hint_of(&err, texts[k]),
                            "cells must hold one number alone, with no spaces, separators or "
                            "second sign inside it (1234.5, -0.25, 1e-3)");
}

static void shown_len_cuts_between_characters(void **state)
{
    (void)state;
    assert_int_equal(mlp_shown_len("abc", 3), 3); /* fits */
    assert_int_equal(mlp_shown_len("abc", 40), 3);
    assert_int_equal(mlp_shown_len("abcd", 3), 3);
    /* "abc" then é (C3 A9) at bytes 3-4: byte 4 would cut it, so 3 */
    assert_int_equal(mlp_shown_len("abc\xC3\xA9", 4), 3);
    assert_int_equal(mlp_shown_len("abc\xC3\xA9z", 5), 5);
    /* a 4-byte character (U+1F600) at 1-4: any cut inside it falls to 1 */
    for (size_t max = 1; max <= 4; max++)
        assert_int_equal(mlp_shown_len("a\xF0\x9F\x98\x80z", max), 1);
    assert_int_equal(mlp_shown_len("a\xF0\x9F\x98\x80z", 5), 5);
    /* bytes with no NUL after them (a field in the text being read) */
    const char field[5] = {'a', 'b', 'c', '\xC3', '\xA9'};
    assert_int_equal(mlp_shown_len_n(field, 5, 40), 5);
    assert_int_equal(mlp_shown_len_n(field, 5, 4), 3);
    assert_int_equal(mlp_shown_len_n(field, 4, 3), 3);
}

static void a_long_unit_is_cut_between_characters(void **state)
{
    (void)state;
    mlp_error err;
    /* after the 5, "x" and 12 é: 25 bytes, of which 20 are shown at most;
     * byte 20 is the second of the tenth é, so 19 are: x and 9 é */
    const char *e9 = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
    char text[64], want[256];
    snprintf(text, sizeof text, "5x%s\xC3\xA9\xC3\xA9\xC3\xA9", e9);
    snprintf(want, sizeof want, "cells must hold a number alone: write 5 without the \"x%s...\" "
                                "after it (units and %% signs are not read)", e9);
    assert_string_equal(hint_of(&err, text), want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_hint_for_no_number_or_a_whole_one),
        cmocka_unit_test(a_unit_after_the_number_is_named),
        cmocka_unit_test(a_lone_comma_gives_no_number),
        cmocka_unit_test(grouped_thousands_are_written_plainly),
        cmocka_unit_test(points_between_thousands_read_once_or_not_at_all),
        cmocka_unit_test(dates_and_times_are_not_numbers),
        cmocka_unit_test(a_trailing_minus_goes_before),
        cmocka_unit_test(digits_joined_by_no_rule_give_no_number),
        cmocka_unit_test(shown_len_cuts_between_characters),
        cmocka_unit_test(a_long_unit_is_cut_between_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
