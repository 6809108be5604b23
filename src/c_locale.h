/* SPDX-License-Identifier: MIT */
/* c_locale.h: the library's number text in the "C" locale, whatever locale
 * the program has set. Numbers are read and written with a '.' everywhere:
 * CSV cells, class labels, spec values, grids, output files and messages.
 * Plain strtod and printf follow the program's LC_NUMERIC, so a program that
 * calls setlocale(LC_ALL, "") under a comma-decimal locale (de_DE, fr_FR)
 * made strtod stop at the '.' and printf write "0,5": a "1,5" label, a cell
 * refused as "not a number", another model file from the same data.
 *
 * Each function switches only the calling thread to the C locale
 * (uselocale), makes its one call and switches back. Thread-safe, cheap
 * (two thread-local stores), and the program's locale is left as it was.
 * Every strtod and every printf of a floating-point number in the library
 * (src/, not src/cli or src/plot) goes through here. */
#ifndef MLP_C_LOCALE_H
#define MLP_C_LOCALE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* strtod and strtold as in the C locale. */
double mlp_c_strtod(const char *s, char **end);
long double mlp_c_strtold(const char *s, char **end);

/* snprintf, vsnprintf and fprintf as in the C locale; the same results. */
int mlp_c_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int mlp_c_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int mlp_c_fprintf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
