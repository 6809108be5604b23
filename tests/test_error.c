/* SPDX-License-Identifier: MIT */
/* test_error.c: the one-line form of an error, with control bytes, C1
 * controls and invalid UTF-8 quoted from the data escaped. */
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

/* mlp.h: err may always be NULL. No record reads as an empty one, whose
 * message is "unknown error" (it was dereferenced: a crash). */
static void format_should_take_a_null_error_as_an_empty_one(void **state)
{
    (void)state;
    mlp_error empty;
    mlp_error_clear(&empty);
    char want[64], buf[64];
    mlp_error_format(&empty, "p", want, sizeof want);
    assert_string_equal(want, "p: unknown error");
    memset(buf, 'x', sizeof buf);
    assert_ptr_equal(mlp_error_format(NULL, "p", buf, sizeof buf), buf);
    assert_string_equal(buf, want);
    assert_string_equal(mlp_error_format(NULL, NULL, buf, sizeof buf), "unknown error");
}

/* C1 controls (U+0080 to U+009F; U+009B is a CSI, as ESC [ is) and bytes
 * that are no part of valid UTF-8 move the cursor or recolour some
 * terminals, and show as garbage on the rest: each byte is written \xNN.
 * Valid UTF-8, U+00A0 upwards, is kept. */
static void escape_should_quote_c1_controls_and_invalid_utf8(void **state)
{
    (void)state;
    char buf[256];
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a\x9b" "31mb", "a\\x9b31mb"},                     /* a raw C1 byte: CSI */
        {"a\xc2\x9b" "31mb", "a\\xc2\\x9b31mb"},            /* U+009B encoded in UTF-8 */
        {"\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f"},       /* the first and last C1 */
        {"x\xff" "y", "x\\xffy"},                           /* never in UTF-8 */
        {"caf\xe9.csv", "caf\\xe9.csv"},                    /* Latin-1 é */
        {"\xe2\x82", "\\xe2\\x82"},                         /* cut short at the end */
        {"\xe2\x82" "x", "\\xe2\\x82x"},                    /* cut short by an ASCII byte */
        {"\xc0\xaf", "\\xc0\\xaf"},                         /* overlong "/" */
        {"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},                /* overlong "/" in 3 bytes */
        {"\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"},       /* overlong "/" in 4 bytes */
        {"\xed\xa0\x80", "\\xed\\xa0\\x80"},                /* a surrogate, U+D800 */
        {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},       /* above U+10FFFF */
        {"\x80" "a", "\\x80a"},                             /* a lone continuation byte */
        {"d\xc3\xa9j\xc3\xa0", "d\xc3\xa9j\xc3\xa0"},       /* déjà: kept */
        {"\xc2\xa0\xe2\x82\xac\xf0\x9d\x84\x9e", "\xc2\xa0\xe2\x82\xac\xf0\x9d\x84\x9e"},
        {"\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf", "\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf"},
        {"tab\there\r\x1b\x7f", "tab\there\\x0d\\x1b\\x7f"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(mlp_error_escape(cases[i].in, buf, sizeof buf), cases[i].want);
    /* The size that always suffices. */
    const char *worst = "\xff\xff\xff";
    char exact[MLP_ERROR_ESCAPED_SIZE(3)];
    assert_string_equal(mlp_error_escape(worst, exact, sizeof exact), "\\xff\\xff\\xff");
}

/* Too little room: cut before the first character or escape that does not
 * fit, never inside one (a UTF-8 character cut in two is invalid text). */
static void escape_should_cut_between_characters(void **state)
{
    (void)state;
    char small[5];
    assert_string_equal(mlp_error_escape("ab\xc3\xa9", small, sizeof small), "ab\xc3\xa9");
    char smaller[4];
    assert_string_equal(mlp_error_escape("ab\xc3\xa9", smaller, sizeof smaller), "ab");
    char room[8];
    assert_string_equal(mlp_error_escape("a\xc2\x9b", room, sizeof room), "a");
    char one = 'x';
    assert_string_equal(mlp_error_escape("abc", &one, 1), "");
}

/* Every error line goes through the escape: a path or a value with C1
 * controls or invalid UTF-8 cannot reach the terminal raw. */
static void format_should_escape_c1_controls_and_invalid_utf8(void **state)
{
    (void)state;
    mlp_error err;
    mlp_error_set(&err, MLP_ERR_IO, "caf\xe9\x9b" "31m.csv", 0, 0, "cannot read: No such file");
    mlp_error_hint(&err, "did you mean \"d\xc3\xa9j\xc3\xa0\xc2\x9b.csv\"?");
    char buf[256];
    assert_string_equal(mlp_error_format(&err, "mlptrain", buf, sizeof buf),
                        "mlptrain: caf\\xe9\\x9b31m.csv: cannot read: No such file; "
                        "did you mean \"d\xc3\xa9j\xc3\xa0\\xc2\\x9b.csv\"?");
}

/* A path too long for err->path keeps its end, the file's name, after
 * "...": it was cut at its 1023rd byte, naming a folder, not the file. */
static void set_should_keep_the_end_of_a_path_too_long_to_hold(void **state)
{
    (void)state;
    char path[2100], folder[252];
    memset(folder, 'q', 250);
    folder[250] = '\0';
    size_t n = 0;
    for (int i = 0; i < 5; i++)
        n += (size_t)snprintf(path + n, sizeof path - n, "%s/", folder);
    snprintf(path + n, sizeof path - n, "missing.csv");
    mlp_error err;
    mlp_error_set(&err, MLP_ERR_IO, path, 0, 0, "cannot read: No such file or directory");
    size_t got = strlen(err.path);
    assert_true(got < MLP_ERROR_PATH_MAX);
    assert_true(got > MLP_ERROR_PATH_MAX - 256); /* at most a folder's name dropped */
    assert_memory_equal(err.path, ".../", 4);
    assert_string_equal(err.path + got - 12, "/missing.csv");
    assert_string_equal(err.path + 3, path + strlen(path) - (got - 3));

    /* 1023 bytes fit as they are; 1024 do not. */
    char fits[MLP_ERROR_PATH_MAX + 1];
    memset(fits, 'a', MLP_ERROR_PATH_MAX - 1);
    fits[MLP_ERROR_PATH_MAX - 1] = '\0';
    mlp_error_set(&err, MLP_ERR_IO, fits, 0, 0, "x");
    assert_string_equal(err.path, fits);
    fits[MLP_ERROR_PATH_MAX - 1] = 'b';
    fits[MLP_ERROR_PATH_MAX] = '\0';
    mlp_error_set(&err, MLP_ERR_IO, fits, 0, 0, "x");
    assert_int_equal(strlen(err.path), MLP_ERROR_PATH_MAX - 1);
    assert_memory_equal(err.path, "...aaa", 6);
    assert_int_equal(err.path[MLP_ERROR_PATH_MAX - 2], 'b');

    /* No folder to start at: never inside a UTF-8 character. */
    char wide[2 * 600 + 1];
    for (int i = 0; i < 600; i++)
        memcpy(wide + 2 * i, "\xc3\xa9", 2);
    wide[1200] = '\0';
    char buf[16];
    assert_string_equal(mlp_error_copy_path(buf, sizeof buf, wide),
                        "...\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    assert_string_equal(mlp_error_copy_path(buf, sizeof buf, "a/b.csv"), "a/b.csv");
    assert_string_equal(mlp_error_copy_path(buf, sizeof buf, "folder/sub/name.csv"),
                        ".../name.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_should_escape_control_bytes),
        cmocka_unit_test(format_should_keep_plain_text),
        cmocka_unit_test(format_should_take_a_null_error_as_an_empty_one),
        cmocka_unit_test(escape_should_quote_c1_controls_and_invalid_utf8),
        cmocka_unit_test(escape_should_cut_between_characters),
        cmocka_unit_test(format_should_escape_c1_controls_and_invalid_utf8),
        cmocka_unit_test(set_should_keep_the_end_of_a_path_too_long_to_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
