/* SPDX-License-Identifier: MIT */
/* near_number.c: the cells that nearly are numbers (near_number.h). A text
 * is read as digit groups and the separators between them, and judged by
 * rules that never give a wrong number: a date, thousands separated (and
 * the decimal mark after them), a comma that is a decimal or a thousands
 * one, a trailing minus, a unit after the number. Apart from dataset.c,
 * which only asks for the hint, so that the rules can be tested alone. */
#include "near_number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "c_locale.h"

/* The bytes of s shown in a message of at most max bytes of it: cut before
 * a UTF-8 character that would not fit whole (a cut one is escaped as
 * \xNN bytes, which reads as a corrupt file). */
int mlp_shown_len(const char *s, size_t max)
{
    return mlp_shown_len_n(s, strlen(s), max);
}

/* A byte 10xxxxxx continues a character: the cut moves back over those. */
int mlp_shown_len_n(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* What other notations put between a number's digits. The first five
 * only ever separate thousands. */
enum { SEP_SPACE, SEP_NBSP, SEP_NNBSP, SEP_THIN, SEP_APOSTROPHE, SEP_COMMA, SEP_POINT,
       SEP_MINUS, SEP_SLASH, SEP_COLON, SEP_NONE };

static const struct {
    const char *text;
    const char *plural; /* in a hint; NULL: never between thousands */
} separators[SEP_NONE] = {
    {" ", "spaces"},
    {"\xC2\xA0", "U+00A0 no-break spaces"},
    {"\xE2\x80\xAF", "U+202F narrow no-break spaces"},
    {"\xE2\x80\x89", "U+2009 thin spaces"},
    {"'", "apostrophes"},
    {",", "commas"},
    {".", "points"},
    {"-", NULL},
    {"/", NULL},
    {":", NULL},
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The separator at s when a digit follows it (its length in *len), else
 * SEP_NONE. */
static int separator_at(const char *s, size_t *len)
{
    for (int k = 0; k < SEP_NONE; k++) {
        size_t n = strlen(separators[k].text);
        if (strncmp(s, separators[k].text, n) == 0 && is_digit(s[n])) {
            *len = n;
            return k;
        }
    }
    return SEP_NONE;
}

#define GROUPS_MAX 8

/* A text read as [sign] digits (separator digits)...: "1 234,5" is the
 * groups 1, 234 and 5 split by a space and a comma. */
typedef struct {
    char sign;                 /* '+', '-' or 0 */
    size_t n;                  /* groups; 0 when no digit comes first */
    const char *at[GROUPS_MAX];
    size_t len[GROUPS_MAX];
    int sep[GROUPS_MAX];       /* sep[k] is between groups k and k + 1 */
    const char *rest;          /* after the last group */
} digit_groups;

static void read_groups(const char *s, digit_groups *g)
{
    memset(g, 0, sizeof *g);
    if (*s == '+' || *s == '-')
        g->sign = *s++;
    while (is_digit(*s)) {
        g->at[g->n] = s;
        while (is_digit(*s))
            s++;
        g->len[g->n] = (size_t)(s - g->at[g->n]);
        g->n++;
        size_t len = 0;
        int sep = separator_at(s, &len);
        if (sep == SEP_NONE || g->n == GROUPS_MAX)
            break;
        g->sep[g->n - 1] = sep;
        s += len;
    }
    g->rest = s;
}

/* 2024-01-05, 2024/1/5, 05.01.2024, 1/5/24, 12:30: a date or a time,
 * whose first number strtod reads ("2024", "05.01"). */
static int looks_like_date(const digit_groups *g)
{
    const size_t *len = g->len;
    if (g->sign || g->n < 2)
        return 0;
    if (g->sep[0] == SEP_COLON)
        return len[0] <= 2 && len[1] == 2;
    int s = g->sep[0];
    if (g->n < 3 || g->sep[1] != s || (s != SEP_MINUS && s != SEP_SLASH && s != SEP_POINT))
        return 0;
    if (len[1] > 2)
        return 0;
    return len[0] == 4 ? len[2] <= 2 : len[0] <= 2 && (len[2] == 2 || len[2] == 4);
}

/* What a cell that strtod reads only the start of most likely is, for a
 * hint that never gives a wrong number: where a text has two readings
 * ("1,500": 1.5 or 1500) the hint gives none. */
typedef enum {
    NEAR_NOT,          /* no finite number at its start, or all of it is one */
    NEAR_UNIT,         /* a number, then text that is no part of one: "5%", "12 kg" */
    NEAR_COMMA,        /* a decimal comma or a thousands comma, not told apart: "1,5", "1,500" */
    NEAR_GROUPED,      /* thousands separated, then maybe a decimal mark: "1 234,5", "1,234.5" */
    NEAR_POINTS,       /* points between thousands, the last maybe a decimal comma turned
                          into one by tr: "1.234.5", "1.234.567" (no reading) */
    NEAR_DATE,         /* "2024-01-05", "12:30" */
    NEAR_TRAILING_MINUS, /* "12-", an accounting export's -12 */
    NEAR_JOINED        /* more digits after separators no rule reads: "1.5.2", "1 2", "1-2" */
} near_kind;

/* Digits in groups: a first of 1 to 3 digits, then groups of 3 after one
 * separator G, then at most a decimal point or comma other than G and
 * digits, and nothing after. NEAR_GROUPED, or NEAR_POINTS for points alone
 * (G a point: the last group read as decimals when it is not 3 digits,
 * else no reading), with the number written plainly into plain (or ""), and
 * G and the decimal mark (SEP_NONE: none) in *g_sep, *dec; else NEAR_NOT. */
static near_kind grouped_number(const digit_groups *g, char *plain, size_t cap, int *g_sep,
                                int *dec)
{
    plain[0] = '\0';
    *g_sep = g->sep[0];
    *dec = SEP_NONE;
    if (g->n < 2 || *g->rest || g->len[0] > 3 || !separators[*g_sep].plural)
        return NEAR_NOT;
    size_t k = 1; /* groups [0, k) are the integer part */
    while (k < g->n && g->sep[k - 1] == *g_sep && g->len[k] == 3)
        k++;
    near_kind kind = NEAR_GROUPED;
    if (k < g->n) {
        *dec = g->sep[k - 1];
        if (k + 1 != g->n || k == 1 || (*dec != SEP_COMMA && *dec != SEP_POINT))
            return NEAR_NOT;
        if (*dec == *g_sep && *g_sep != SEP_POINT)
            return NEAR_NOT;
        kind = *dec == *g_sep ? NEAR_POINTS : NEAR_GROUPED;
    } else if (*g_sep == SEP_POINT) {
        return k > 2 ? NEAR_POINTS : NEAR_NOT; /* "1.234.567": thousands, or after tr? */
    } else if (*g_sep == SEP_COMMA && k == 2) {
        return NEAR_NOT; /* "1,500": 1.5 or 1500 (NEAR_COMMA) */
    }
    size_t at = 0;
    if (g->sign == '-' && at + 1 < cap)
        plain[at++] = '-';
    for (size_t i = 0; i < g->n; i++) {
        if (i == k && at + 1 < cap)
            plain[at++] = '.';
        for (size_t d = 0; d < g->len[i] && at + 1 < cap; d++)
            plain[at++] = g->at[i][d];
    }
    plain[at] = '\0';
    if (at + 1 >= cap)
        plain[0] = '\0'; /* too long to show: no number rather than a cut one */
    return kind;
}

/* The kind of text, with the number it stands for in plain (cap bytes; ""
 * when there is no safe one), the separators of a grouped one in *g_sep
 * and *dec, and the end of strtod's number in *endp. */
static near_kind near_number(const char *text, char *plain, size_t cap, int *g_sep, int *dec,
                             const char **endp)
{
    char *e;
    double v = mlp_c_strtod(text, &e);
    *endp = e;
    plain[0] = '\0';
    *g_sep = *dec = SEP_NONE;
    if (e == text || *e == '\0' || !isfinite(v)) /* "inferior" starts with inf */
        return NEAR_NOT;
    digit_groups g;
    read_groups(text, &g);
    if (looks_like_date(&g))
        return NEAR_DATE;
    near_kind kind = grouped_number(&g, plain, cap, g_sep, dec);
    if (kind != NEAR_NOT)
        return kind;
    size_t len = 0;
    if (strcmp(e, "-") == 0 && is_digit(text[0]) && (size_t)(e - text) + 2 <= cap) {
        snprintf(plain, cap, "-%.*s", (int)(e - text), text);
        return NEAR_TRAILING_MINUS;
    }
    if (*e == ',')
        return NEAR_COMMA;
    if (separator_at(e, &len) != SEP_NONE || ((*e == '+' || *e == '-') && !e[1]))
        return NEAR_JOINED; /* "-12-": no safe reading */
    return NEAR_UNIT;
}

/* The hint for a cell whose text starts with a number but goes on: how to
 * write it alone, or why it does not read as one. Returns 1 when it gave
 * one. */
int mlp_near_number_hint(mlp_error *err, const char *text)
{
    char plain[64];
    int g_sep, dec;
    const char *e;
    near_kind kind = near_number(text, plain, sizeof plain, &g_sep, &dec, &e);
    switch (kind) {
    case NEAR_NOT:
        return 0;
    case NEAR_UNIT:
        mlp_error_hint(err, "cells must hold a number alone: write %.*s without the \"%.*s%s\" "
                            "after it (units and %% signs are not read)",
                       (int)(e - text), text, mlp_shown_len(e, 20), e, strlen(e) > 20 ? "..." : "");
        break;
    case NEAR_COMMA:
        mlp_error_hint(err, "cells must hold a number alone, written with a decimal point "
                            "and without thousands separators (1.5, not 1,5; 1500, not "
                            "1,500)");
        break;
    case NEAR_GROUPED:
        mlp_error_hint(err, "cells must hold a number alone: write %s (thousands separators, "
                            "here %s, are not read%s)",
                       plain[0] ? plain : "it without them", separators[g_sep].plural,
                       dec == SEP_COMMA ? ", and the decimal mark is a point" : "");
        break;
    case NEAR_POINTS:
        mlp_error_hint(err, "a number has one decimal point and no thousands separators: "
                            "write %s (a file that writes 1.234,5 needs its thousands points "
                            "removed before tr ',;' '.,' turns its decimal commas into points)",
                       plain[0] ? plain : "it without the points between thousands");
        break;
    case NEAR_DATE:
        mlp_error_hint(err, "a date or a time is not read as a number: write it as one, such "
                            "as the days since a fixed date");
        break;
    case NEAR_TRAILING_MINUS:
        mlp_error_hint(err, "a minus sign goes before the number: write %s, not %s", plain, text);
        break;
    case NEAR_JOINED:
        mlp_error_hint(err, "cells must hold one number alone, with no spaces, separators or "
                            "second sign inside it (1234.5, -0.25, 1e-3)");
        break;
    }
    return 1;
}
