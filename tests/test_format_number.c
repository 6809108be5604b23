/* SPDX-License-Identifier: MIT */
/* test_format_number.c: every double formatted by mlp_format_double reads
 * back (strtod) to the same double, bit for bit, and its text is the
 * shortest that does: the number of significant digits equals the smallest
 * p in 1..17 for which snprintf("%.*e", p - 1) reads back, a search done
 * here with glibc alone, and its digits are the nearest of that length
 * (snprintf's correctly rounded ones). Random bit patterns over the whole exponent range,
 * random values in the loss log's usual range, and edge cases (zeros,
 * subnormals, the extremes, powers of two and ten, the borders of the fixed
 * and exponent layouts). The layout is checked against printf's "%g". */
#include "check.h"

#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format_number.h"
#include "rng.h"

static mlp_rng rng = {{0x2545F4914F6CDD1Dull, 1, 2, 3}};

static uint64_t next_u64(void)
{
    return mlp_rng_next(&rng);
}

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* The fewest significant digits with which snprintf's correctly rounded
 * text reads back to x. */
static int shortest_digits(double x)
{
    char t[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(t, sizeof t, "%.*e", p - 1, x);
        if (strtod(t, NULL) == x)
            return p;
    }
    return 99;
}

static int significant_digits(const char *s)
{
    int n = 0, started = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s >= '1' && *s <= '9')
            started = 1;
        if (started && *s >= '0' && *s <= '9')
            n++;
    }
    /* Trailing zeros of an integer in fixed layout are not significant. */
    return n;
}

/* The significant digits of a text, leading and trailing zeros dropped. */
static void digits_of(const char *s, char *out)
{
    int n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && (n > 0 || *s != '0'))
            out[n++] = *s;
    while (n > 1 && out[n - 1] == '0')
        n--;
    out[n] = '\0';
}

/* Checks one value: reads back, and (when check_short) is shortest. */
static void check_value(double x, int check_short)
{
    char buf[MLP_FORMAT_NUMBER_MAX];
    size_t len = mlp_format_double(buf, x);
    assert_int_equal(len, strlen(buf));
    assert_true(len < MLP_FORMAT_NUMBER_MAX);
    char *end;
    double back = strtod(buf, &end);
    if (*end != '\0' || memcmp(&back, &x, sizeof x) != 0)
        fail_msg("%a formatted as \"%s\" reads back as %a", x, buf, back);
    if (check_short) {
        int want = shortest_digits(x);
        int got = significant_digits(buf);
        /* An integer in fixed layout ("25000000000") shows its zeros; count
         * them out by comparing with the digits of the exponent form. */
        if (!strchr(buf, '.') && !strchr(buf, 'e')) {
            char *digits = buf + (buf[0] == '-');
            int n = (int)strlen(digits);
            while (n > 1 && digits[n - 1] == '0')
                n--;
            got = (digits[0] == '0') ? 1 : n;
        }
        if (got != want)
            fail_msg("%a formatted as \"%s\" (%d digits), shortest is %d digits", x, buf, got, want);
        /* And the nearest of that length: snprintf's correctly rounded digits. */
        char ref[64];
        snprintf(ref, sizeof ref, "%.*e", want - 1, fabs(x));
        char a[24], b[24];
        digits_of(buf, a);
        digits_of(ref, b);
        if (strcmp(a, b) != 0)
            fail_msg("%a formatted as \"%s\", the nearest %d digits are %s", x, buf, want, ref);
    }
}

static void format_should_read_back_random_bit_patterns(void **state)
{
    (void)state;
    int n = 0;
    for (int i = 0; i < 400000; i++) {
        double x = from_bits(next_u64());
        if (!isfinite(x))
            continue;
        check_value(x, i < 30000);
        n++;
    }
    assert_true(n > 390000); /* not vacuous: NaN and infinities are 0.05% of bit patterns */
}

static void format_should_read_back_values_of_the_usual_range(void **state)
{
    (void)state;
    /* Losses and accuracies: 1e-12 to 1e6, and simple fractions k/n. */
    for (int i = 0; i < 200000; i++) {
        double u = (double)(next_u64() >> 11) * 0x1p-53;
        double x = pow(10.0, -12.0 + 18.0 * u);
        check_value(x, i < 30000);
        check_value(-x, 0);
    }
    for (int nden = 1; nden <= 300; nden++)
        for (int k = 0; k <= nden; k++)
            check_value((double)k / nden, 1);
}

static void format_should_read_back_edge_cases(void **state)
{
    (void)state;
    const double edges[] = {
        0.0, DBL_MIN, DBL_MAX, DBL_TRUE_MIN, 2 * DBL_TRUE_MIN, DBL_MIN - DBL_TRUE_MIN,
        DBL_EPSILON, 1.0 - DBL_EPSILON / 2, 1.0 + DBL_EPSILON, 0.1, 0.2, 0.3, 1.0 / 3,
        2.0 / 3, 0.75, 1e23, 9.999999999999999e22, 5e-324, 9007199254740992.0,
        9007199254740993.0, 18014398509481984.0, 1e15, 1e16, 1e17, 123456789012345678.0,
        9.9999999999999995e16, 1e-4, 1e-5, 9.9999999999999991e-5, 0.0001, 0.00011,
        1.7976931348623157e308, 2.2250738585072014e-308, 2.2250738585072009e-308,
        4.9406564584124654e-324, 0.30000000000000004, 100.0, 1e21, 1e22, 5e-5,
        0.6931471805599453, 2.718281828459045, 3.141592653589793, 1e-300, 25000000000.0,
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        check_value(edges[i], 1);
        check_value(-edges[i], 1);
    }
    /* Every power of two and of ten in range, and their neighbours. */
    for (int e = -1074; e <= 1023; e++) {
        double x = ldexp(1.0, e);
        check_value(x, 1);
        check_value(nextafter(x, 0), 1);
        check_value(nextafter(x, INFINITY), 1);
    }
    for (int e = -323; e <= 308; e++) {
        char t[16];
        snprintf(t, sizeof t, "1e%d", e);
        double x = strtod(t, NULL);
        check_value(x, 1);
        check_value(nextafter(x, 0), 1);
        check_value(nextafter(x, INFINITY), 1);
    }
}

static void assert_text(double x, const char *want)
{
    char buf[MLP_FORMAT_NUMBER_MAX];
    mlp_format_double(buf, x);
    assert_string_equal(buf, want);
}

static void format_should_lay_out_like_g_without_trailing_zeros(void **state)
{
    (void)state;
    /* Expected texts: the shortest digits (Python's repr of the same
     * double gives the same digits) in printf's "%g" layout. */
    assert_text(0.0, "0");
    assert_text(-0.0, "-0");
    assert_text(1.0, "1");
    assert_text(0.75, "0.75");
    assert_text(0.1, "0.1");
    assert_text(1.0 / 3, "0.3333333333333333");
    assert_text(2.0 / 3, "0.6666666666666666");
    assert_text(25000000000.0, "25000000000");
    assert_text(1e16, "10000000000000000");
    assert_text(1e17, "1e+17");
    assert_text(1.5e17, "1.5e+17");
    assert_text(1e-4, "0.0001");
    assert_text(1.25e-4, "0.000125");
    assert_text(1e-5, "1e-05");
    assert_text(-1.5e-5, "-1.5e-05");
    assert_text(1e-300, "1e-300");
    assert_text(5e-324, "5e-324");
}

static void format_should_spell_nan_and_infinities_one_way(void **state)
{
    (void)state;
    assert_text(NAN, "nan");
    assert_text(-NAN, "nan");
    assert_text(INFINITY, "inf");
    assert_text(-INFINITY, "-inf");
}

static void format_should_write_longs(void **state)
{
    (void)state;
    char buf[24];
    const long v[] = {0, 7, -7, 10, 1234567890, -9876543210L, LONG_MAX, LONG_MIN};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[24];
        snprintf(want, sizeof want, "%ld", v[i]);
        assert_int_equal(mlp_format_long(buf, v[i]), strlen(want));
        assert_string_equal(buf, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_should_read_back_random_bit_patterns),
        cmocka_unit_test(format_should_read_back_values_of_the_usual_range),
        cmocka_unit_test(format_should_read_back_edge_cases),
        cmocka_unit_test(format_should_lay_out_like_g_without_trailing_zeros),
        cmocka_unit_test(format_should_spell_nan_and_infinities_one_way),
        cmocka_unit_test(format_should_write_longs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
