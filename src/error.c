/* SPDX-License-Identifier: MIT */
/* error.c: fills and formats mlp_error records; maps statuses to exit codes.
 * The only place that knows the one-line message form the CLIs print. */
#include "mlp/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mlp_error_clear(mlp_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

mlp_status mlp_error_set(mlp_error *err, mlp_status code, const char *path, long line, long col,
                         const char *fmt, ...)
{
    if (!err)
        return code;
    mlp_error_clear(err);
    err->code = code;
    if (path)
        snprintf(err->path, sizeof err->path, "%s", path);
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void mlp_error_hint(mlp_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->hint, sizeof err->hint, fmt, ap);
    va_end(ap);
}

/* Control bytes from the data (CR, ESC, ...) written to a terminal would
 * move the cursor or change colours: each but the tab is shown as \xNN, in
 * place, shortening the text from its end when the room runs out. */
static void escape_controls(char *buf, size_t size)
{
    char src[4096];
    size_t len = strlen(buf);
    if (len >= sizeof src)
        len = sizeof src - 1;
    memcpy(src, buf, len);
    src[len] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            if (used + 4 >= size)
                break;
            snprintf(buf + used, size - used, "\\x%02x", c);
            used += 4;
        } else {
            if (used + 1 >= size)
                break;
            buf[used++] = (char)c;
        }
    }
    buf[used] = '\0';
}

char *mlp_error_format(const mlp_error *err, const char *prog, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    size_t used = 0;
    buf[0] = '\0';
#define APPEND(...)                                                                    \
    do {                                                                               \
        if (used < size) {                                                             \
            int n_ = snprintf(buf + used, size - used, __VA_ARGS__);                   \
            used = n_ < 0 ? size : used + (size_t)n_;                                  \
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
    escape_controls(buf, size);
    return buf;
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
