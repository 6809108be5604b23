/* SPDX-License-Identifier: MIT */
/* jsonw.c: JSON strings and numbers for output files. Never opens a file. */
#include "jsonw.h"

#include <math.h>
#include <string.h>

#include "c_locale.h"
#include "utf8.h"

/* One ASCII byte in a JSON string: the quote, the backslash and the control
 * bytes escaped (JSON forbids them raw), every other byte as it is. */
static void jsonw_ascii(FILE *out, unsigned char c)
{
    switch (c) {
    case '"': fputs("\\\"", out); break;
    case '\\': fputs("\\\\", out); break;
    case '\n': fputs("\\n", out); break;
    case '\r': fputs("\\r", out); break;
    case '\t': fputs("\\t", out); break;
    default:
        if (c < 0x20)
            fprintf(out, "\\u%04x", (unsigned)c);
        else
            fputc(c, out);
    }
}

void mlp_jsonw_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left > 0) {
        /* RFC 8259 text is UTF-8: a byte that starts no valid character (a
         * Latin-1 column name, a path) is spelled \xNN, as the text format
         * and stderr show it (mlp_error_escape), so the finding reads the
         * same either way; the backslash itself is escaped for JSON. */
        size_t n = mlp_utf8_length(p, left);
        if (n == 0) {
            fprintf(out, "\\\\x%02x", (unsigned)*p);
            n = 1;
        } else if (n > 1)
            fwrite(p, 1, n, out);
        else
            jsonw_ascii(out, *p);
        p += n;
        left -= n;
    }
    fputc('"', out);
}

void mlp_jsonw_number(FILE *out, double x)
{
    if (!isfinite(x))
        fputs("null", out);
    else
        mlp_c_fprintf(out, "%.17g", x);
}
