/* SPDX-License-Identifier: MIT */
/* fuzz_number.c: the fast number parser against strtod, the reference it
 * promises to equal bit for bit (src/parse_number.h). For arbitrary text:
 *  - mlp_parse_number accepts exactly what strtod takes whole with a finite
 *    result, and gives the same bits;
 *  - when mlp_parse_number_fast decides a prefix, strtod on that prefix ends
 *    at the same place with the same bits. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "parse_number.h"

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    size_t len = strlen(s); /* the parsers take NUL-terminated text */

    /* mlp_parse_number does not skip leading blanks; strtod does. */
    int blank = len > 0 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'));
    double got = 0, want;
    char *end;
    int ok = mlp_parse_number(s, len, &got);
    want = strtod(s, &end);
    int want_ok = !blank && len > 0 && end == s + len && isfinite(want);
    FUZZ_CHECK(ok == want_ok);
    if (ok)
        FUZZ_CHECK(same_bits(got, want));

    double fast = 0;
    const char *fend = mlp_parse_number_fast(s, s + len, &fast);
    if (fend) {
        FUZZ_CHECK(fend > s && fend <= s + len);
        char *prefix = malloc((size_t)(fend - s) + 1);
        if (prefix) {
            memcpy(prefix, s, (size_t)(fend - s));
            prefix[fend - s] = '\0';
            char *pend;
            double ref = strtod(prefix, &pend);
            FUZZ_CHECK(pend == prefix + (fend - s));
            FUZZ_CHECK(same_bits(fast, ref));
            free(prefix);
        }
    }
    free(s);
    return 0;
}
