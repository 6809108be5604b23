/* SPDX-License-Identifier: MIT */
/* format_number.c: shortest round-trip decimal text of a double (see
 * format_number.h), written for the loss log, where printf("%.17g") was a
 * third of a short training run.
 *
 * Method. For a finite non-zero |x| with decimal exponent E (10^E <= |x| <
 * 10^(E+1)), the p-digit candidate is the integer m nearest |x| * 10^(p-1-E),
 * with 10^(p-1) <= m < 10^p. The scaling is one x87 long double multiply or
 * divide by an exactly representable power of ten (10^0..10^27; 64-bit
 * significand, so the scaled value s is within 2^-63 relative). The text of
 * m reads back to x exactly when |s - m| is under half an ulp of x (scaled
 * the same way); when the long double figures say so with a margin that
 * covers their own error, that decides; when they are too close to call,
 * the text is read back with the exact parser (parse_number.h, equal to
 * strtod bit for bit). So a wrong guess can only cost a longer text, never
 * a wrong value.
 *
 * Shortest: the candidates are tried at p = 15, 16, 17. When some text of at
 * most 15 digits reads back to x, the nearest 15-digit decimal is that text
 * padded with zeros (15-digit decimals are at least 10^-15 |x| apart, while
 * any text reading back to x is within 2^-53 |x| of it), so trying p = 15
 * and dropping trailing zeros gives the shortest. At p = 17 the nearest
 * 17-digit decimal always reads back; when the guess was one off, its two
 * neighbours are tried. Exponents outside the exact powers (below about
 * 1e-12 or above 1e41) and guesses that still fail take the slow path:
 * snprintf("%.*e") (exact in glibc) at the same precisions, checked the same
 * way; so do the rare s too near a half-integer to round with certainty,
 * so that the text is always the nearest of its length. Subnormals (fewer significant bits, so shorter texts can read
 * back) search every precision 1..17 on the slow path.
 * tests/test_format_number.c compares the lengths with a search over
 * every precision 1..17 with snprintf and strtod. */
#include "format_number.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c_locale.h"
#include "parse_number.h"

static const long double pow10_exact[28] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};

static const uint64_t pow10_u64[19] = {
    1ull,
    10ull,
    100ull,
    1000ull,
    10000ull,
    100000ull,
    1000000ull,
    10000000ull,
    100000000ull,
    1000000000ull,
    10000000000ull,
    100000000000ull,
    1000000000000ull,
    10000000000000ull,
    100000000000000ull,
    1000000000000000ull,
    10000000000000000ull,
    100000000000000000ull,
    1000000000000000000ull,
};

/* Writes the n digits of m (m < 10^n, leading zeros kept) to out. */
static void put_digits(char *out, uint64_t m, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + m % 10);
        m /= 10;
    }
}

/* Lays out the significant digits m (nd of them, no trailing zero unless m
 * is a single digit) with decimal exponent e10 as "%g" would. */
static size_t layout(char *buf, int negative, uint64_t m, int nd, int e10)
{
    char digits[20];
    put_digits(digits, m, nd);
    char *p = buf;
    if (negative)
        *p++ = '-';
    if (e10 < -4 || e10 >= 17) {
        *p++ = digits[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, digits + 1, (size_t)nd - 1);
            p += nd - 1;
        }
        *p++ = 'e';
        *p++ = e10 < 0 ? '-' : '+';
        int ae = e10 < 0 ? -e10 : e10;
        if (ae >= 100)
            *p++ = (char)('0' + ae / 100);
        *p++ = (char)('0' + ae / 10 % 10);
        *p++ = (char)('0' + ae % 10);
    } else if (e10 >= 0) {
        int whole = e10 + 1;
        if (nd <= whole) {
            memcpy(p, digits, (size_t)nd);
            p += nd;
            memset(p, '0', (size_t)(whole - nd));
            p += whole - nd;
        } else {
            memcpy(p, digits, (size_t)whole);
            p += whole;
            *p++ = '.';
            memcpy(p, digits + whole, (size_t)(nd - whole));
            p += nd - whole;
        }
    } else {
        *p++ = '0';
        *p++ = '.';
        memset(p, '0', (size_t)(-e10 - 1));
        p += -e10 - 1;
        memcpy(p, digits, (size_t)nd);
        p += nd;
    }
    *p = '\0';
    return (size_t)(p - buf);
}

/* Drops the trailing zeros of the p-digit m; returns the digits left. */
static int trim(uint64_t *m, int p)
{
    while (p > 1 && *m % 10 == 0) {
        *m /= 10;
        p--;
    }
    return p;
}

/* Lays out (m, p, e10) and keeps it in buf when it reads back to x. */
static size_t try_text(char *buf, double x, uint64_t m, int p, int e10)
{
    int nd = trim(&m, p);
    size_t len = layout(buf, signbit(x) != 0, m, nd, e10);
    double back;
    const char *end = mlp_parse_number_fast(buf, buf + len, &back);
    if (end != buf + len && !mlp_parse_number(buf, len, &back))
        return 0;
    return back == x ? len : 0;
}

/* The p-digit candidate by one long double operation: 1 with *m, *e10 and
 * *verdict set, 0 when the power needed is not exact or s is too near a
 * half-integer to know the nearest m (then the slow path decides). *verdict is 1 when the
 * candidate surely reads back to x, -1 when it surely does not, 0 when the
 * distance from x is too close to half an ulp to tell (then the text is
 * parsed back). ulp is x's unit in the last place; at a power of two the
 * gap below is half as wide, so only "does not" is trusted there (narrow). */
static int guess(long double ax, long double ulp, int narrow, int p, int *e10, uint64_t *m,
                 int *verdict)
{
    for (int tries = 0; tries < 3; tries++) {
        int k = p - 1 - *e10;
        long double s, half;
        if (k >= 0 && k <= 27) {
            s = ax * pow10_exact[k];
            half = ulp * pow10_exact[k] / 2;
        } else if (k < 0 && k >= -27) {
            s = ax / pow10_exact[-k];
            half = ulp / pow10_exact[-k] / 2;
        } else {
            return 0;
        }
        long double r = rintl(s);
        uint64_t ri = (uint64_t)r;
        if (fabsl(fabsl(s - r) - 0.5L) < s * 0x1p-60L)
            return 0; /* too near a half to be sure of the nearest m */
        if (ri >= pow10_u64[p]) {
            (*e10)++;
        } else if (ri < pow10_u64[p - 1]) {
            (*e10)--;
        } else {
            /* s carries a relative error under 2^-63, half too: margin. */
            long double d = fabsl(s - r), margin = s * 0x1p-60L;
            if (d > half + margin)
                *verdict = -1;
            else if (d < half - margin && !narrow)
                *verdict = 1;
            else
                *verdict = 0;
            *m = ri;
            return 1;
        }
    }
    return 0;
}

/* The slow path: snprintf's exact p-digit rounding, checked the same way. */
static size_t slow(char *buf, double x, int p)
{
    char tmp[40];
    mlp_c_snprintf(tmp, sizeof tmp, "%.*e", p - 1, fabs(x));
    uint64_t m = (uint64_t)(tmp[0] - '0');
    const char *s = tmp + 1;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            m = m * 10 + (uint64_t)(*s - '0');
    int e10 = atoi(s + 1); /* s is at the 'e' */
    return try_text(buf, x, m, p, e10);
}

size_t mlp_format_double(char *buf, double x)
{
    if (isnan(x)) {
        memcpy(buf, "nan", 4);
        return 3;
    }
    if (isinf(x)) {
        const char *t = x > 0 ? "inf" : "-inf";
        size_t n = strlen(t);
        memcpy(buf, t, n + 1);
        return n;
    }
    if (x == 0)
        return layout(buf, signbit(x) != 0, 0, 1, 0);
    double ax = fabs(x);
    if (ax < DBL_MIN) {
        /* Subnormal: fewer than 53 bits, so a text shorter than the nearest
         * 15-digit one may read back; search every precision (rare, slow). */
        for (int p = 1; p <= 17; p++) {
            size_t len = slow(buf, x, p);
            if (len)
                return len;
        }
    }
    int e2;
    double f = frexp(ax, &e2); /* ax = f 2^e2, f in [0.5, 1) */
    long double ulp = ldexpl(1.0L, e2 - 53);
    int narrow = f == 0.5;
    int e10_low = (int)floor((e2 - 1) * 0.30102999566398120); /* log10(ax) or one less */
    for (int p = 15; p <= 17; p++) {
        uint64_t m;
        int verdict;
        size_t len;
        int e10 = e10_low; /* guess moves it: a rounding up at p digits is not one at p + 1 */
        if (guess(ax, ulp, narrow, p, &e10, &m, &verdict)) {
            if (verdict > 0) {
                int nd = trim(&m, p);
                return layout(buf, signbit(x) != 0, m, nd, e10);
            }
            if (verdict == 0 && (len = try_text(buf, x, m, p, e10)))
                return len;
            if (p == 17) {
                if (m + 1 < pow10_u64[17] && (len = try_text(buf, x, m + 1, p, e10)))
                    return len;
                if (m - 1 >= pow10_u64[16] && (len = try_text(buf, x, m - 1, p, e10)))
                    return len;
            }
        } else if ((len = slow(buf, x, p))) {
            return len;
        }
    }
    /* Not reached for an IEEE double: 17 correctly rounded digits read back. */
    return slow(buf, x, 17) ? strlen(buf)
                            : (size_t)mlp_c_snprintf(buf, MLP_FORMAT_NUMBER_MAX, "%.17g", x);
}

size_t mlp_format_long(char *buf, long v)
{
    char tmp[24];
    int n = 0;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}
