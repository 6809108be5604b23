/* SPDX-License-Identifier: MIT */
/* jsonw.c: JSON strings and numbers for output files. Never opens a file. */
#include "jsonw.h"

#include <math.h>

#include "c_locale.h"

void mlp_jsonw_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", (unsigned)*p);
            else
                fputc(*p, out);
        }
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
