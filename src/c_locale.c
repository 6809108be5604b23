/* SPDX-License-Identifier: MIT */
/* c_locale.c: strtod and printf in the C locale (c_locale.h). */
#include "c_locale.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

/* Made once, kept for the life of the process (glibc hands out its static
 * C locale object here, so nothing is allocated). */
static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* Switches the calling thread to the C locale; returns the locale to give
 * back to leave(), or (locale_t)0 when the C locale could not be made (then
 * nothing is switched and the call runs in the program's locale). */
static locale_t enter(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale ? uselocale(c_locale) : (locale_t)0;
}

static void leave(locale_t old)
{
    if (old)
        uselocale(old);
}

double mlp_c_strtod(const char *s, char **end)
{
    locale_t old = enter();
    double v = strtod(s, end);
    leave(old);
    return v;
}

long double mlp_c_strtold(const char *s, char **end)
{
    locale_t old = enter();
    long double v = strtold(s, end);
    leave(old);
    return v;
}

int mlp_c_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    locale_t old = enter();
    int n = vsnprintf(buf, size, fmt, ap);
    leave(old);
    return n;
}

int mlp_c_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = mlp_c_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int mlp_c_fprintf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    locale_t old = enter();
    int n = vfprintf(out, fmt, ap);
    leave(old);
    va_end(ap);
    return n;
}
