/* SPDX-License-Identifier: MIT */
/* pathid.c: file identity of path names, for output checks: stat for files
 * that exist ("-": fstat of standard input or output), the resolved folder
 * and the name for those that do not yet. */
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

/* The file path names, into *st: "-" is the file open on std_fd (0 for an
 * input, standard input; 1 for an output, standard output). 1 when it
 * exists (for "-": when std_fd is open). */
static int path_stat(const char *path, int std_fd, struct stat *st)
{
    return mlp_fileio_is_std(path) ? fstat(std_fd, st) == 0 : stat(path, st) == 0;
}

/* Whether standard output is a launcher's pseudo-terminal (mlp_pathid_stdout_forwarded). */
static int stdout_forwarded;

void mlp_pathid_stdout_forwarded(int on)
{
    stdout_forwarded = on != 0;
}

/* Whether the character device st is the forwarding pseudo-terminal on
 * standard output: mpirun gathers what rank 0 writes there into its own
 * standard output, often a file, so two outputs on it are one stream. */
static int is_forwarded_stdout(const struct stat *st)
{
    struct stat so;
    return stdout_forwarded && fstat(STDOUT_FILENO, &so) == 0 && so.st_dev == st->st_dev &&
           so.st_ino == st->st_ino;
}

/* mlp_pathid_same with "-" read as the file on fd_a for a, on fd_b for b.
 * streams: whether a pipe or socket on both counts (two outputs on it
 * would interleave in one stream) or not (an output written to the socket
 * a program also reads, as inetd or socat start it, overwrites nothing of
 * what it reads). */
static int same_file(const char *a, int fd_a, const char *b, int fd_b, int streams)
{
    int std_a = mlp_fileio_is_std(a), std_b = mlp_fileio_is_std(b);
    /* "-" twice for one stream is one file, whatever it is (a terminal). */
    if (std_a && std_b && fd_a == fd_b)
        return 1;
    struct stat sa, sb;
    int ea = path_stat(a, fd_a, &sa), eb = path_stat(b, fd_b, &sb);
    /* A character device (/dev/null, a terminal) is written straight
     * through by each writer, never replaced: two outputs on it do not
     * overwrite each other. Not mpirun's pseudo-terminal, a stream like a
     * pipe: `mpirun ... -w - -o /dev/stdout > f` put both in f. */
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
               (!S_ISCHR(sa.st_mode) || (streams && is_forwarded_stdout(&sa))) &&
               (streams || !(S_ISSOCK(sa.st_mode) || S_ISFIFO(sa.st_mode)));
    /* A closed standard stream is no file of any name. */
    if (ea != eb || std_a || std_b)
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

int mlp_pathid_same(const char *a, const char *b)
{
    return same_file(a, STDOUT_FILENO, b, STDOUT_FILENO, 1);
}

int mlp_pathid_output_is_input(const char *output, const char *input)
{
    return same_file(output, STDOUT_FILENO, input, STDIN_FILENO, 0);
}

/* 1 when path, or a symbolic link on the way from its last component to
 * the file, lies under /proc once its folder is resolved: /dev/stdin ->
 * /proc/self/fd/0, /dev/fd/0 (/dev/fd -> /proc/self/fd), a descriptor of
 * this process. 0 otherwise, or out of memory. */
static int reaches_proc(const char *path)
{
    char *cur = mlp_alloc_strdup(path);
    int found = 0;
    for (int hops = 0; cur && !found && hops < 40; hops++) {
        char *r = resolved_name(cur);
        found = r && strncmp(r, "/proc/", 6) == 0;
        free(r);
        struct stat lst;
        char link[PATH_MAX];
        ssize_t n;
        if (found || lstat(cur, &lst) != 0 || !S_ISLNK(lst.st_mode) ||
            (n = readlink(cur, link, sizeof link - 1)) < 0)
            break;
        link[n] = '\0';
        char *next = mlp_fileio_resolve(cur, link);
        free(cur);
        cur = next;
    }
    free(cur);
    return found;
}

int mlp_pathid_is_stdin(const char *path)
{
    if (mlp_fileio_is_std(path))
        return 1;
    struct stat si, sp;
    if (fstat(STDIN_FILENO, &si) != 0 || stat(path, &sp) != 0 || si.st_dev != sp.st_dev ||
        si.st_ino != sp.st_ino)
        return 0;
    /* A pipe, a FIFO, a socket or a terminal is read once, under any name.
     * A regular file is read again from its start under its own name, but
     * through a descriptor link it is standard input itself. */
    return !S_ISREG(si.st_mode) || reaches_proc(path);
}
