/* SPDX-License-Identifier: MIT */
/* test_parse_number.c: the fast decimal parser gives strtod's double bit for
 * bit (hard cases, halfway cases rounded to even, random doubles in every
 * printed form, every power of ten), its table of powers of five equals the
 * powers computed here with big integers, and the fast path really decides
 * the common numbers (so the speed is not strtod's). */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse_number.h"

/* strtod is the specification: a cell is a number when strtod takes all of
 * it and the result is finite, and then its value is strtod's. */
static void assert_like_strtod(const char *s)
{
    size_t len = strlen(s);
    char *end;
    double want = strtod(s, &end);
    int want_ok = len > 0 && end == s + len && isfinite(want) && s[0] != ' ' && s[0] != '\t' &&
                  s[0] != '\n' && s[0] != '\r' && s[0] != '\v' && s[0] != '\f';
    double got = 12345.0;
    int ok = mlp_parse_number(s, len, &got);
    if (ok != want_ok)
        fail_msg("\"%s\": parse_number says %s, strtod says %s", s, ok ? "number" : "not a number",
                 want_ok ? "number" : "not a number");
    if (ok && memcmp(&got, &want, sizeof got) != 0)
        fail_msg("\"%s\": got %a, strtod gives %a", s, got, want);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_u64(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* ------------------------------------------------------------------------ */

static void parse_number_should_equal_strtod_on_hard_cases(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* 17 significant digits: what %.17g prints for any double */
        "0.74346117619553931", "-0.6320315690978896", "1.6575566177861691",
        "2.2250738585072014e-308", "1.7976931348623157e308", "4.9406564584124654e-324",
        "9007199254740993", "0.30000000000000004", "123456789012345678", "1234567890123456789",
        /* more than 19 digits, and 19 with leading zeros that do not count */
        "12345678901234567890", "1.00000000000000000000", "0.000000000000000000000000001234567",
        "00000000000000000000000000012.5",
        /* subnormals, the smallest ones, underflow to zero (finite: a number) */
        "2.2250738585072011e-308", "4.9e-324", "5e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1e-320", "1e-400", "-1e-400",
        /* overflow: inf is not a number */
        "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400",
        /* exponents in every form */
        "1e0", "1E5", "1e+5", "1e-5", "-2.5E-3", "1e22", "1e23", "9007199254740993e-5",
        "7.2057594037927933e16", "8.589973e9", "1e-22", "1e-23", "3e-1", ".5e1", "5.e-1",
        /* halfway cases between two doubles */
        "9007199254740993", "9007199254740995", "4503599627370496.5", "4503599627370497.5",
        "2.5", "0.5", "1.00000", "36028797018963971", "36028797018963973",
        /* signs, zeros, short forms */
        "-0", "+0", "-0.0", "0.000", "1.", ".5", "-.5", "+.5e+3", "0", "0000",
        /* not numbers, or not all of the text */
        "", ".", "-", "+", "e5", "1e", "1e+", "1e-", "--1", "1..2", "1e5.5", "1 2", " 1", "1 ",
        "inf", "-inf", "infinity", "nan", "NaN", "nan(1)", "1,5", "0x", "1f",
        /* hex floats: strtod takes them, so they are numbers */
        "0x1p3", "0x1.8p1", "-0X10",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        assert_like_strtod(cases[k]);
}

/* d printed the f-th way programs print doubles (literal formats, so the
 * compiler checks them). */
enum { N_FORMS = 9 };

static void print_form(char *text, size_t size, int f, double d)
{
    switch (f) {
    case 0: snprintf(text, size, "%.17g", d); break;
    case 1: snprintf(text, size, "%.16g", d); break;
    case 2: snprintf(text, size, "%.15g", d); break;
    case 3: snprintf(text, size, "%.6g", d); break;
    case 4: snprintf(text, size, "%.5f", d); break;
    case 5: snprintf(text, size, "%.10e", d); break;
    case 6: snprintf(text, size, "%.3e", d); break;
    case 7: snprintf(text, size, "%.0f", d); break;
    default: snprintf(text, size, "%.19g", d); break;
    }
}

/* Every double printed the ways programs print them. */
static void parse_number_should_equal_strtod_on_random_doubles(void **state)
{
    (void)state;
    char text[512];
    long numbers = 0;
    for (int i = 0; i < 60000; i++) {
        uint64_t bits = next_u64();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (!isfinite(d))
            continue;
        double small = (double)(int64_t)(next_u64() % 2000001) / 1e5 - 10.0; /* data-like */
        for (int f = 0; f < N_FORMS; f++) {
            print_form(text, sizeof text, f, d);
            assert_like_strtod(text);
            print_form(text, sizeof text, f, small);
            assert_like_strtod(text);
            numbers += 2;
        }
    }
    assert_true(numbers > 1000000);
}

/* Decimal strings built from random digits and exponents over the whole
 * range, so the big-table path sees every power of ten. */
static void parse_number_should_equal_strtod_on_random_decimals(void **state)
{
    (void)state;
    char digits[32], text[96];
    for (int i = 0; i < 200000; i++) {
        int n = 1 + (int)(next_u64() % 19);
        for (int k = 0; k < n; k++)
            digits[k] = (char)('0' + next_u64() % 10);
        digits[n] = '\0';
        int e = (int)(next_u64() % 720) - 360;
        int point = (int)(next_u64() % (uint64_t)(n + 1));
        snprintf(text, sizeof text, "%se%d", digits, e);
        assert_like_strtod(text);
        snprintf(text, sizeof text, "-%.*s.%se%d", point, digits, digits + point, e / 10);
        assert_like_strtod(text);
    }
    /* every power of ten, and numbers just around them */
    for (int e = -350; e <= 320; e++) {
        static const char *const mantissas[] = {"1", "9.999999999999999", "1.7", "4.9406564584124654",
                                                "2.2250738585072014", "9007199254740993"};
        for (size_t m = 0; m < sizeof mantissas / sizeof mantissas[0]; m++) {
            snprintf(text, sizeof text, "%se%d", mantissas[m], e);
            assert_like_strtod(text);
        }
    }
}

/* Exact ties round to the even neighbour. The expected value is computed
 * here with integers, not by strtod: for N in [2^52, 2^53) doubles are the
 * integers, so "N.5" lies halfway between N and N + 1 and rounds to the even
 * one; for N in [2^53, 2^54) doubles are the even integers, so an odd N lies
 * halfway between N - 1 and N + 1. */
static void parse_number_should_round_halfway_cases_to_even(void **state)
{
    (void)state;
    char text[64];
    for (int i = 0; i < 20000; i++) {
        uint64_t n = ((uint64_t)1 << 52) | (next_u64() & (((uint64_t)1 << 52) - 1));
        snprintf(text, sizeof text, "%llu.5", (unsigned long long)n);
        double got;
        assert_true(mlp_parse_number(text, strlen(text), &got));
        double want = (double)(n % 2 == 0 ? n : n + 1);
        assert_memory_equal(&got, &want, sizeof got);

        uint64_t odd = ((uint64_t)1 << 53) | next_u64() % ((uint64_t)1 << 53) | 1;
        snprintf(text, sizeof text, "%llu", (unsigned long long)odd);
        assert_true(mlp_parse_number(text, strlen(text), &got));
        uint64_t even = (odd >> 1) % 2 == 0 ? odd - 1 : odd + 1; /* the multiple of 4 */
        want = (double)even;
        assert_true((uint64_t)want == even);
        assert_memory_equal(&got, &want, sizeof got);
        /* the same ties written with an exponent, and in the big-table range */
        snprintf(text, sizeof text, "%llu0e-1", (unsigned long long)odd);
        assert_like_strtod(text);
        snprintf(text, sizeof text, "%llue30", (unsigned long long)odd);
        assert_like_strtod(text);
    }
}

/* The speed comes from the fast path deciding the common numbers without
 * strtod; check that it does, and that it leaves what it cannot read. */
static void parse_number_fast_should_decide_common_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t taken; /* bytes the fast path takes; 0 = leaves it to strtod */
    } cases[] = {
        {"-1.23456", 8},  {"0.5", 3},       {"42", 2},          {"0.74346117619553931", 19},
        {"1e-5", 4},      {"6.02214076e23", 13}, {"-0", 2},     {"3.14,", 4},
        {"1e", 1},        {"7.5x", 3},      {"0x1p3", 1},       {"inf", 0},
        {"", 0},          {"-", 0},         {".", 0},           {"4.9e-324", 0},
        {"1e400", 0},     {"12345678901234567890", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *s = cases[k].text;
        double v = 0;
        const char *end = mlp_parse_number_fast(s, s + strlen(s), &v);
        if (cases[k].taken == 0) {
            if (end != NULL)
                fail_msg("\"%s\": the fast path took it", s);
            continue;
        }
        if (end == NULL || (size_t)(end - s) != cases[k].taken)
            fail_msg("\"%s\": the fast path took %ld bytes, want %zu", s, end ? (long)(end - s) : -1L,
                     cases[k].taken);
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%.*s", (int)cases[k].taken, s);
        double want = strtod(prefix, NULL);
        assert_memory_equal(&v, &want, sizeof v);
    }
    /* never past the end it is given */
    double v;
    const char text[] = "12345";
    assert_ptr_equal(mlp_parse_number_fast(text, text + 2, &v), text + 2);
    assert_true(v == 12.0);
}

/* ------------------------------------------------------------------------ */
/* The table against big integers computed here: numbers of 32-bit limbs,
 * least significant first.                                                 */

enum { LIMBS = 40 }; /* 1280 bits: 2^(bits(5^342) + 127) fits */

typedef struct {
    uint32_t v[LIMBS];
} big;

static int big_bits(const big *a)
{
    for (int i = LIMBS - 1; i >= 0; i--)
        if (a->v[i])
            return 32 * i + 32 - __builtin_clz(a->v[i]);
    return 0;
}

static int big_bit(const big *a, int k)
{
    return (a->v[k / 32] >> (k % 32)) & 1;
}

static void big_mul_small(big *a, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < LIMBS; i++) {
        uint64_t t = (uint64_t)a->v[i] * m + carry;
        a->v[i] = (uint32_t)t;
        carry = t >> 32;
    }
    assert_true(carry == 0);
}

static int big_cmp(const big *a, const big *b)
{
    for (int i = LIMBS - 1; i >= 0; i--)
        if (a->v[i] != b->v[i])
            return a->v[i] < b->v[i] ? -1 : 1;
    return 0;
}

static void big_sub(big *a, const big *b)
{
    int64_t borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
        int64_t t = (int64_t)a->v[i] - b->v[i] - borrow;
        borrow = t < 0;
        a->v[i] = (uint32_t)(t + (borrow << 32));
    }
}

static void big_shl1(big *a)
{
    for (int i = LIMBS - 1; i > 0; i--)
        a->v[i] = (a->v[i] << 1) | (a->v[i - 1] >> 31);
    a->v[0] <<= 1;
}

/* The 128 bits of a starting at bit `from` (bits below 0 read as 0). */
static void big_window(const big *a, int from, uint64_t *hi, uint64_t *lo)
{
    *hi = *lo = 0;
    for (int k = 127; k >= 0; k--) {
        int b = from + k >= 0 ? big_bit(a, from + k) : 0;
        if (k >= 64)
            *hi |= (uint64_t)b << (k - 64);
        else
            *lo |= (uint64_t)b << k;
    }
}

static void pow5_table_should_equal_big_integer_powers(void **state)
{
    (void)state;
    int q_min, q_max;
    const uint64_t(*table)[2] = mlp_parse_number_pow5_table(&q_min, &q_max);
    assert_int_equal(q_min, -342);
    assert_int_equal(q_max, 308);
    /* q >= 0: the 128 leading bits of 5^q, exact bits shifted up when shorter */
    big p = {{1}};
    for (int q = 0; q <= q_max; q++) {
        uint64_t hi, lo;
        big_window(&p, big_bits(&p) - 128, &hi, &lo);
        if (table[q - q_min][0] != hi || table[q - q_min][1] != lo)
            fail_msg("5^%d: table %016llx%016llx, computed %016llx%016llx", q,
                     (unsigned long long)table[q - q_min][0], (unsigned long long)table[q - q_min][1],
                     (unsigned long long)hi, (unsigned long long)lo);
        big_mul_small(&p, 5);
    }
    /* q < 0: floor(2^(bits(5^-q) + 127) / 5^-q), by long division */
    big d = {{5}};
    for (int n = 1; n <= -q_min; n++) {
        int k = big_bits(&d) + 127;
        big r = {{0}}, quot = {{0}};
        for (int i = k; i >= 0; i--) {
            big_shl1(&r);
            r.v[0] |= (uint32_t)(i == k);
            big_shl1(&quot);
            if (big_cmp(&r, &d) >= 0) {
                big_sub(&r, &d);
                quot.v[0] |= 1;
            }
        }
        assert_int_equal(big_bits(&quot), 128);
        uint64_t hi, lo;
        big_window(&quot, 0, &hi, &lo);
        if (table[-n - q_min][0] != hi || table[-n - q_min][1] != lo)
            fail_msg("5^-%d: table %016llx%016llx, computed %016llx%016llx", n,
                     (unsigned long long)table[-n - q_min][0],
                     (unsigned long long)table[-n - q_min][1], (unsigned long long)hi,
                     (unsigned long long)lo);
        big_mul_small(&d, 5);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_number_should_equal_strtod_on_hard_cases),
        cmocka_unit_test(parse_number_should_equal_strtod_on_random_doubles),
        cmocka_unit_test(parse_number_should_equal_strtod_on_random_decimals),
        cmocka_unit_test(parse_number_should_round_halfway_cases_to_even),
        cmocka_unit_test(parse_number_fast_should_decide_common_numbers),
        cmocka_unit_test(pow5_table_should_equal_big_integer_powers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
