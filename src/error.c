/* SPDX-License-Identifier: MIT */
/* error.c: fills and formats mlp_error records; maps statuses to exit codes.
 * The only place that knows the one-line message form the CLIs print. */
#include "mlp/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "c_locale.h"
#include "utf8.h"

void mlp_error_clear(mlp_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* A path too long for its buffer keeps its end, where the file's name
 * is: "..." and the last folders whole, from a "/" on. The front is what
 * goes: the folders nearest the root say least about which file it is. */
char *mlp_error_copy_path(char *buf, size_t size, const char *path)
{
    if (size == 0)
        return buf;
    size_t len = strlen(path);
    if (len < size) {
        memcpy(buf, path, len + 1);
        return buf;
    }
    static const char mark[] = "...";
    size_t m = size > sizeof mark ? sizeof mark - 1 : 0;
    size_t keep = size - 1 - m;
    const char *tail = path + len - keep;
    const char *slash = memchr(tail, '/', keep);
    if (m && slash)
        tail = slash;
    else
        while (((unsigned char)*tail & 0xc0) == 0x80) /* not inside a UTF-8 character */
            tail++;
    memcpy(buf, mark, m);
    memcpy(buf + m, tail, (size_t)(path + len - tail) + 1);
    return buf;
}

mlp_status mlp_error_set(mlp_error *err, mlp_status code, const char *path, long line, long col,
                         const char *fmt, ...)
{
    if (!err)
        return code;
    mlp_error_clear(err);
    err->code = code;
    if (path)
        mlp_error_copy_path(err->path, sizeof err->path, path);
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    mlp_c_vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void mlp_error_hint(mlp_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    mlp_c_vsnprintf(err->hint, sizeof err->hint, fmt, ap);
    va_end(ap);
}

/* The length of the valid UTF-8 character at s, of which left bytes are
 * there (2 to 4), or 0 when s starts none: a continuation byte, a lead byte
 * without its continuations, an overlong form (C0, C1, E0 80-9F, F0 80-8F),
 * a surrogate (ED A0-BF) or a code point above U+10FFFF (F4 90-, F5-FF).
 * For an ASCII byte it is 1. */
size_t mlp_utf8_length(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf; /* the range of the second byte */
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else
        return 0;
    if (left < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

/* Each byte that would move the cursor or change colours on a terminal, or
 * that a terminal would show as something else, is written as \xNN, a
 * character at a time, stopping at the first that has no room. */
char *mlp_error_escape(const char *text, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), used = 0;
    for (size_t i = 0; i < len;) {
        size_t n = mlp_utf8_length(s + i, len - i);
        /* C1 controls, U+0080 to U+009F, are C2 80 to C2 9F. */
        int c1 = n == 2 && s[i] == 0xc2 && s[i + 1] <= 0x9f;
        int control = n == 1 && ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f);
        if (n == 0 || c1 || control) {
            size_t k = n ? n : 1;
            if (used + 4 * k >= size)
                break;
            for (size_t j = 0; j < k; j++, used += 4)
                snprintf(buf + used, size - used, "\\x%02x", s[i + j]);
            i += k;
        } else {
            if (used + n >= size)
                break;
            memcpy(buf + used, s + i, n);
            used += n;
            i += n;
        }
    }
    buf[used] = '\0';
    return buf;
}

char *mlp_error_format(const mlp_error *err, const char *prog, char *buf, size_t size)
{
    /* mlp.h: err may always be NULL. No record is formatted as an empty
     * one: a failure that was not told is an unknown error. */
    static const mlp_error none;
    if (!err)
        err = &none;
    if (size == 0)
        return buf;
    /* Formatted in full first, then escaped into buf: prog, path, message
     * and hint, each within its field's size, fit in line. */
    char line[MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX + 64];
    size_t used = 0;
    line[0] = '\0';
#define APPEND(...)                                                                    \
    do {                                                                               \
        if (used < sizeof line) {                                                      \
            int n_ = snprintf(line + used, sizeof line - used, __VA_ARGS__);           \
            used = n_ < 0 ? sizeof line : used + (size_t)n_;                           \
        }                                                                              \
    } while (0)
    if (prog && prog[0])
        APPEND("%s: ", prog);
    if (err->path[0]) {
        APPEND("%s:", err->path);
        if (err->line > 0) {
            APPEND("%ld:", err->line);
            if (err->col > 0)
                APPEND("%ld:", err->col);
        }
        APPEND(" ");
    }
    APPEND("%s", err->message[0] ? err->message : "unknown error");
    if (err->hint[0])
        APPEND("; %s", err->hint);
#undef APPEND
    return mlp_error_escape(line, buf, size);
}

mlp_exit_code mlp_error_exit_code(mlp_status status)
{
    switch (status) {
    case MLP_OK:
        return MLP_EXIT_OK;
    case MLP_ERR_DIVERGED:
    case MLP_ERR_GRADCHECK:
        return MLP_EXIT_FAILURE;
    case MLP_ERR_NOMEM:
        return MLP_EXIT_INTERNAL;
    case MLP_ERR_INTERRUPTED:
        return MLP_EXIT_INTERRUPTED;
    case MLP_ERR_USAGE:
    case MLP_ERR_IO:
    case MLP_ERR_SPEC:
    case MLP_ERR_DATA:
    case MLP_ERR_WEIGHTS:
        break;
    }
    return MLP_EXIT_BAD_INPUT;
}
