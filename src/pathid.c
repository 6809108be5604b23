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
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"

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

/* path with the symbolic links of its last component followed, as a new
 * string (a dangling link leads to the file a write through it creates);
 * NULL when out of memory. After 40 links the last name reached is kept
 * (the write fails there anyway). */
static char *follow_last_links(const char *path)
{
    char *cur = mlp_alloc_strdup(path);
    for (int hops = 0; cur && hops < 40; hops++) {
        struct stat lst;
        if (lstat(cur, &lst) != 0 || !S_ISLNK(lst.st_mode))
            break;
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0)
            break;
        link[n] = '\0';
        char *next = mlp_fileio_resolve(cur, link);
        free(cur);
        cur = next;
    }
    return cur;
}

int mlp_pathid_same(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    /* A character device (/dev/null, a terminal) is written straight
     * through by each writer, never replaced: two outputs on it do not
     * overwrite each other. */
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && !S_ISCHR(sa.st_mode);
    if (ea != eb)
        return 0;
    char *fa = follow_last_links(a), *fb = follow_last_links(b);
    char *ra = fa ? resolved_name(fa) : NULL, *rb = fb ? resolved_name(fb) : NULL;
    int same = ra && rb ? strcmp(ra, rb) == 0
                        : strcmp(fa ? fa : a, fb ? fb : b) == 0;
    free(fa);
    free(fb);
    free(ra);
    free(rb);
    return same;
}
