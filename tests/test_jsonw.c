/* SPDX-License-Identifier: MIT */
/* test_jsonw.c: the JSON strings of the findings and the trace
 * (jsonw.h). RFC 8259 text is UTF-8, so a byte that is no part of valid
 * UTF-8 (a Latin-1 column name, a path) cannot be copied: it is written as
 * the text \xNN (the JSON "\\xNN"), as the text format shows it, while
 * valid UTF-8 of every length passes as it is, and the quote, the
 * backslash and the control bytes keep JSON's escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jsonw.h"

/* mlp_jsonw_string's output for s, compared with want. */
static void string_is(const char *s, const char *want)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    mlp_jsonw_string(out, s);
    assert_int_equal(fclose(out), 0);
    assert_string_equal(text, want);
    free(text);
}

static void jsonw_should_copy_valid_utf8_as_it_is(void **state)
{
    (void)state;
    /* 2 bytes (é), 3 (U+2028, which JSON allows raw), 4 (an emoji), and a
     * C1 control (U+0085, C2 85), valid UTF-8 that JSON need not escape. */
    string_is("temp\xc3\xa9rature", "\"temp\xc3\xa9rature\"");
    string_is("a\xe2\x80\xa8" "b", "\"a\xe2\x80\xa8" "b\"");
    string_is("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
    string_is("\xc2\x85", "\"\xc2\x85\"");
    string_is("", "\"\"");
    string_is(NULL, "null");
}

static void jsonw_should_keep_json_escapes_of_ascii(void **state)
{
    (void)state;
    string_is("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"");
    string_is("a\nb\rc\td\x01\x1f\x7f", "\"a\\nb\\rc\\td\\u0001\\u001f\x7f\"");
}

static void jsonw_should_spell_bytes_not_utf8_as_backslash_x(void **state)
{
    (void)state;
    /* A Latin-1 degree sign (B0 alone is a continuation byte). */
    string_is("temp\xb0" "C", "\"temp\\\\xb0C\"");
    /* FF and FE start no character. */
    string_is("d\xff\xfe.csv", "\"d\\\\xff\\\\xfe.csv\"");
    /* Overlong "/" (C0 AF), a surrogate (ED A0 80), above U+10FFFF (F4 90
     * 80 80): each byte escaped, none read as a character. */
    string_is("\xc0\xaf", "\"\\\\xc0\\\\xaf\"");
    string_is("\xed\xa0\x80", "\"\\\\xed\\\\xa0\\\\x80\"");
    string_is("\xf4\x90\x80\x80", "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
    /* A character cut short at the end, then one cut short by ASCII: the
     * lead byte escaped, what follows it read afresh. */
    string_is("a\xe2\x82", "\"a\\\\xe2\\\\x82\"");
    string_is("\xc3" "A\xc3\xa9", "\"\\\\xc3A\xc3\xa9\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonw_should_copy_valid_utf8_as_it_is),
        cmocka_unit_test(jsonw_should_keep_json_escapes_of_ascii),
        cmocka_unit_test(jsonw_should_spell_bytes_not_utf8_as_backslash_x),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
