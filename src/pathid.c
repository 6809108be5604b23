/* SPDX-License-Identifier: MIT */
/* pathid.c: file identity of path names, for output checks: stat for files
 * that exist, the resolved folder and the name for those that do not yet. */
/* realpath is XSI. */
#define _XOPEN_SOURCE 700

#include "pathid.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"

/* realpath of path's folder + "/" + its last component; NULL when the
 * folder cannot be resolved or out of memory. */
static char *resolved_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir;
    if (!slash) {
        dir = realpath(".", NULL);
    } else if (slash == path) {
        dir = realpath("/", NULL);
    } else {
        char *d = mlp_alloc((size_t)(slash - path) + 1, 1);
        if (!d)
            return NULL;
        memcpy(d, path, (size_t)(slash - path));
        d[slash - path] = '\0';
        dir = realpath(d, NULL);
        free(d);
    }
    if (!dir)
        return NULL;
    size_t n = strlen(dir) + 1 + strlen(base) + 1;
    char *out = mlp_alloc(n, 1);
    if (out)
        snprintf(out, n, "%s/%s", dir, base);
    free(dir);
    return out;
}

int mlp_pathid_same(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return 0;
    char *ra = resolved_name(a), *rb = resolved_name(b);
    int same = ra && rb ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
    free(ra);
    free(rb);
    return same;
}
