/* SPDX-License-Identifier: MIT */
/* fileio.c: whole-file reads and write-to-temporary-then-rename outputs.
 * Owns every fopen/rename in the library; knows nothing of what the bytes
 * mean. Messages carry the strerror text; err->path is always the file the
 * user named, never the temporary one. */
/* statx and renameat2 (RENAME_EXCHANGE) are Linux's. */
#define _GNU_SOURCE
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "nearest.h"
#include "signals.h"

/* A hint for the errno of a failed open or create. */
static const char *hint_for(int e, int writing)
{
    switch (e) {
    case ENOENT:
        return writing ? "create the folder first, or check the path" : "check the path";
    case EACCES:
    case EPERM:
        return writing ? "choose a folder you can write to" : "check the file's permissions";
    case EROFS:
        return "choose a folder on a writable file system";
    case ENOSPC:
    case EDQUOT:
        return "free some disk space and try again";
    case EFBIG:
        return "the file would pass a size limit (ulimit -f, or the file system's): raise it, "
               "or write the file elsewhere";
    case EISDIR:
        return writing ? "give the path of a file, not of a folder" : "give the path of a file";
    case ENOTDIR:
        return "a part of the path is a file, not a folder; check the path";
    case EBUSY:
        return "a file system may be mounted on it; give another path, or unmount it";
    case EPIPE:
        return "the program reading the pipe ended before it had read everything (a pipe into "
               "head?); let it read to the end";
    case ELOOP:
        return "a symbolic link in the path leads back to itself, or through more than 40 links; "
               "check where they lead (ls -l)";
    case ENAMETOOLONG:
        return writing ? "give a shorter path: a name of at most 255 bytes, in a path of at most "
                         "4095 with room for the 15-byte temporary file written beside it (run "
                         "from a folder nearer the file to shorten it)"
                       : "give a shorter path: a name of at most 255 bytes, a path of at most 4095 "
                         "(run from a folder nearer the file to shorten it)";
    default:
        return writing ? "check the path and the free space" : "check the path";
    }
}

/* Whether a and b have the same length and differ only where both hold a
 * digit: "m9.bin" and "m1.bin" are two files of a series, not a typo. */
static int differ_in_digits_only(const char *a, const char *b)
{
    if (strlen(a) != strlen(b))
        return 0;
    for (; *a; a++, b++)
        if (*a != *b && !(*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9'))
            return 0;
    return 1;
}

int mlp_fileio_nearest_file(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    char dir[PATH_MAX];
    if (dir_len >= sizeof dir || !*base)
        return 0;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)dir_len, path);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t best_d = SIZE_MAX, ties = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || strcmp(de->d_name, "..") == 0))
            continue;
        /* Near for the length of the name without its extension, so that
         * a short name's shared ".bin" does not make "ab.bin" near "m9.bin". */
        const char *dot = strrchr(de->d_name, '.');
        size_t stem = dot && dot != de->d_name ? (size_t)(dot - de->d_name) : strlen(de->d_name);
        size_t dist = mlp_edit_distance(base, de->d_name);
        if (dist == SIZE_MAX || dist == 0 || dist > best_d || !mlp_near_enough(dist, stem) ||
            differ_in_digits_only(base, de->d_name))
            continue;
        ties = dist == best_d ? ties + 1 : 1;
        best_d = dist;
        snprintf(out, cap, "%.*s%s", slash ? (int)(base - path) : 0, path, de->d_name);
    }
    closedir(d);
    return best_d != SIZE_MAX && ties == 1;
}

static int follow_links(const char *path, char **target, int *through, int keep_open_file);

/* What the folder part of path ("a/b" of "a/b/f.csv"; "/" of "/f.csv";
 * "." when it has none) is: missing, a folder that exists, or one that was
 * deleted while in use (a shell's working folder after `rmdir ../g`: it
 * stays a folder, of no links, where nothing can be created). A file that
 * cannot be created (ENOENT) in a folder that exists has no folder to
 * create (/proc/x.csv), so the hint must not say so; nor "exists" of a
 * deleted one. */
enum { FOLDER_MISSING, FOLDER_EXISTS, FOLDER_DELETED };
static int folder_state(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    size_t n = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    if (n >= sizeof dir)
        return FOLDER_MISSING;
    if (n)
        memcpy(dir, path, n);
    else
        dir[n++] = '.';
    dir[n] = '\0';
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return FOLDER_MISSING;
    return st.st_nlink == 0 ? FOLDER_DELETED : FOLDER_EXISTS;
}

/* Whether the working folder was deleted while in use: a relative path's
 * folder is then missing because every name under "." is gone, and creating
 * it fails too. */
static int working_folder_deleted(void)
{
    struct stat st;
    return stat(".", &st) == 0 && st.st_nlink == 0;
}

/* The descriptor that path names (/dev/stdout 1, /dev/fd/N and
 * /proc/self/fd/N N), or -1; *pid is set, else 0, when it is another
 * process's (/proc/PID/fd/N). Such a path is no file to create: ENOENT on
 * it means that the descriptor is not open. */
static long descriptor_named(const char *path, long *pid)
{
    static const char *const std[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    *pid = 0;
    if (!mlp_fileio_names_open_file(path))
        return -1;
    for (long fd = 0; fd < 3; fd++)
        if (strcmp(path, std[fd]) == 0)
            return fd;
    /* mlp_fileio_names_open_file: the path ends in "/fd/" and digits. */
    if (strncmp(path, "/proc/", 6) == 0 && path[6] >= '0' && path[6] <= '9' &&
        strtol(path + 6, NULL, 10) != (long)getpid())
        *pid = strtol(path + 6, NULL, 10);
    errno = 0;
    long fd = strtol(strrchr(path, '/') + 1, NULL, 10);
    return errno ? -1 : fd;
}

/* Why the file at path cannot be created (the open said ENOENT), into buf:
 * the folder to create only when it is really missing; a descriptor's name
 * when that descriptor is closed (`mlppredict -o /dev/stdout ... >&-`);
 * otherwise the path to check (a folder such as /proc, where no file can
 * be made). `what` is what to check: "path", or "link" for a link's target. */
static void why_cannot_create(const char *path, const char *what, char *buf, size_t size)
{
    long pid, fd = descriptor_named(path, &pid);
    const char *slash = strrchr(path, '/');
    int dir_len = !slash ? 1 : slash == path ? 1 : (int)(slash - path), folder;
    if (fd >= 0 && pid)
        snprintf(buf, size, "process %ld has no descriptor %ld open, or has ended; check the %s",
                 pid, fd, what);
    else if (fd == 1 || fd == 2)
        snprintf(buf, size, "the standard %s is closed; give it a file, a pipe or /dev/null (%s)",
                 fd == 1 ? "output" : "error", fd == 1 ? "> out.txt" : "2> err.txt");
    else if (fd >= 0)
        snprintf(buf, size, "descriptor %ld is not open; open it for writing (%ld> out.txt) or "
                            "give the path of a file", fd, fd);
    else if ((folder = folder_state(path)) == FOLDER_DELETED)
        snprintf(buf, size, "the folder \"%.*s\" was deleted while in use; cd to a folder that "
                            "exists, or give a path in one", dir_len, slash ? path : ".");
    else if (folder == FOLDER_EXISTS)
        snprintf(buf, size, "the folder \"%.*s\" exists, but no file can be created there; check "
                            "the %s", dir_len, slash ? path : ".", what);
    else if (path[0] != '/' && working_folder_deleted())
        snprintf(buf, size, "the working folder was deleted while in use, so no folder \"%.*s\" "
                            "can be made in it; cd to a folder that exists, or give a path in one",
                 dir_len, path);
    else if (slash && slash != path)
        snprintf(buf, size, "create the folder \"%.*s\" first, or check the %s", dir_len, path,
                 what);
    else
        snprintf(buf, size, "%s", hint_for(ENOENT, 1));
}

/* The hint for an output that cannot be created (ENOENT). When path is a
 * symbolic link ("dl" -> "/nonexist/w.bin") it is about where the link
 * leads: the path as given has no folder to create. */
static void hint_cannot_create(mlp_error *err, const char *path)
{
    char why[MLP_ERROR_TEXT_MAX];
    struct stat lst;
    char *target = NULL;
    int through = 0;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
        follow_links(path, &target, &through, 1) == 0 && target) {
        why_cannot_create(target, "link", why, sizeof why);
        mlp_error_hint(err, "it is a symbolic link leading to \"%s\": %s", target, why);
        free(target);
        return;
    }
    why_cannot_create(path, "path", why, sizeof why);
    mlp_error_hint(err, "%s", why);
}

static mlp_status io_error(mlp_error *err, const char *path, int e, int writing)
{
    /* A write blocked on a FIFO or a pipe (an open that waits for a reader,
     * a write that waits for room), or a read waiting for data
     * (mlp_fileio_fread), that a signal cut short while the program defers
     * signals: not a failed write or read but the signal's stop. */
    int sig = mlp_signals_caught();
    if (e == EINTR && sig) {
        mlp_error_set(err, MLP_ERR_INTERRUPTED, path, 0, 0, "stopped by %s while %s",
                      mlp_signals_name(sig), writing ? "writing" : "reading");
        return MLP_ERR_INTERRUPTED;
    }
    mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "cannot %s: %s", writing ? "write" : "read",
                  strerror(e));
    char near[PATH_MAX + 64];
    if (writing && e == ENOENT)
        hint_cannot_create(err, path);
    else if (!writing && e == ENOENT && mlp_fileio_nearest_file(path, near, sizeof near))
        mlp_error_hint(err, "did you mean \"%s\"?", near);
    else
        mlp_error_hint(err, "%s", hint_for(e, writing));
    return MLP_ERR_IO;
}

/* ------------------------------------------------------------------------ */
/* Reading */

int mlp_fileio_is_std(const char *path)
{
    return path && strcmp(path, "-") == 0;
}

const char *mlp_fileio_display_name(const char *path, int writing)
{
    return mlp_fileio_is_std(path) ? (writing ? "<stdout>" : "<stdin>") : path;
}

/* A stream of its own on standard input or output (a duplicate of the file
 * descriptor), so closing it leaves fd 0 or 1 open. */
static FILE *std_stream(int writing)
{
    int fd = dup(writing ? STDOUT_FILENO : STDIN_FILENO);
    FILE *fp = fd >= 0 ? fdopen(fd, writing ? "wb" : "rb") : NULL;
    if (!fp && fd >= 0)
        close(fd);
    return fp;
}

/* The message for a file past the limit; "2 GiB" for 2^31. */
static mlp_status too_large(mlp_error *err, const char *path, size_t max)
{
    if (max >= ((size_t)1 << 30) && max % ((size_t)1 << 30) == 0)
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "the file is larger than %zu GiB, the most mlp reads",
                      max >> 30);
    else if (max >= ((size_t)1 << 20) && max % ((size_t)1 << 20) == 0)
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "the file is larger than %zu MiB, the most mlp reads",
                      max >> 20);
    else
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "the file is larger than %zu bytes, the most mlp reads",
                      max);
    mlp_error_hint(err, "check that this is the file you meant (an endless stream such as /dev/zero is "
                        "refused)");
    return MLP_ERR_IO;
}

mlp_status mlp_fileio_too_large(const char *path, size_t max, mlp_error *err)
{
    return too_large(err, mlp_fileio_display_name(path, 0), max);
}

mlp_status mlp_fileio_read_error(const char *path, int e, mlp_error *err)
{
    return io_error(err, mlp_fileio_display_name(path, 0), e ? e : EIO, 0);
}

mlp_status mlp_fileio_write_error(const char *path, int e, mlp_error *err)
{
    mlp_status st = io_error(err, mlp_fileio_display_name(path, 1), e ? e : EIO, 1);
    /* EBADF on the standard output is a descriptor closed before the start
     * (`>&-`): there is no path to check and no space to free. */
    if (e == EBADF && mlp_fileio_is_std(path))
        mlp_error_hint(err, "the standard output is closed; give it a file, a pipe or /dev/null "
                            "(> out.txt)");
    return st;
}

mlp_status mlp_fileio_open_read(const char *path, FILE **fp, long long *size, mlp_error *err)
{
    *size = -1;
    *fp = mlp_fileio_is_std(path) ? std_stream(0) : fopen(path, "rb");
    path = mlp_fileio_display_name(path, 0);
    if (!*fp)
        return io_error(err, path, errno, 0);
    /* fopen succeeds on a folder under glibc; only the first read fails. */
    struct stat st;
    int fstat_ok = fstat(fileno(*fp), &st) == 0;
    if (fstat_ok && S_ISDIR(st.st_mode)) {
        fclose(*fp);
        *fp = NULL;
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "is a folder");
        mlp_error_hint(err, "give the path of a file");
        return MLP_ERR_IO;
    }
    if (fstat_ok && S_ISREG(st.st_mode))
        *size = (long long)st.st_size;
    return MLP_OK;
}

size_t mlp_fileio_fread(void *buf, size_t n, FILE *fp, int *e)
{
    size_t got = 0;
    *e = 0;
    while (got < n) {
        errno = 0;
        got += fread((char *)buf + got, 1, n - got, fp);
        if (got == n || !ferror(fp))
            break; /* all of it, or the end of the file */
        int why = errno ? errno : EIO;
        /* A handler of the program's own installed without SA_RESTART (a
         * timer's SIGALRM) cuts a read of a pipe or a terminal short with
         * EINTR: nothing failed, the read goes on. Unless it was mlp's
         * own handler in defer mode: the program is to stop. */
        if (why != EINTR || mlp_signals_caught()) {
            *e = why;
            break;
        }
        clearerr(fp);
    }
    return got;
}

mlp_status mlp_fileio_read_all(const char *path, char **buf, size_t *len, mlp_error *err)
{
    return mlp_fileio_read_all_max(path, MLP_FILEIO_READ_MAX, buf, len, err);
}

mlp_status mlp_fileio_read_all_max(const char *path, size_t max, char **buf, size_t *len,
                                   mlp_error *err)
{
    *buf = NULL;
    *len = 0;
    FILE *fp = mlp_fileio_is_std(path) ? std_stream(0) : fopen(path, "rb");
    path = mlp_fileio_display_name(path, 0);
    if (!fp)
        return io_error(err, path, errno, 0);

    /* fopen succeeds on a folder under glibc; only the first read fails. */
    struct stat st;
    int fstat_ok = fstat(fileno(fp), &st) == 0;
    if (fstat_ok && S_ISDIR(st.st_mode)) {
        fclose(fp);
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "is a folder");
        mlp_error_hint(err, "give the path of a file");
        return MLP_ERR_IO;
    }

    /* The size from fstat is only a first guess: pipes report 0 and a file
     * may grow while we read, so the buffer doubles until EOF. Room for the
     * NUL and one byte more lets the first read of a file of the size fstat
     * gave come up short at EOF, instead of doubling (and copying) the
     * buffer just to learn that nothing follows. */
    if (fstat_ok && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        fclose(fp);
        return too_large(err, path, max);
    }
    size_t cap = 4096;
    if (fstat_ok && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size + 2;
    size_t used = 0;
    char *data = mlp_alloc(cap, 1);
    if (!data)
        goto nomem;
    for (;;) {
        if (used > max) {
            free(data);
            fclose(fp);
            return too_large(err, path, max);
        }
        if (used + 1 >= cap) {
            if (cap > ((size_t)-1) / 2)
                goto nomem;
            /* Room for the limit, one byte past it and the NUL at most. */
            size_t want_cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            char *bigger = mlp_alloc(want_cap, 1);
            if (!bigger)
                goto nomem;
            memcpy(bigger, data, used);
            free(data);
            data = bigger;
            cap = want_cap;
        }
        /* Never more than one byte past the limit: enough to know. */
        size_t want = cap - 1 - used;
        if (want > max + 1 - used)
            want = max + 1 - used;
        int e;
        size_t got = mlp_fileio_fread(data + used, want, fp, &e);
        used += got;
        if (got < want) {
            if (e) {
                free(data);
                fclose(fp);
                return io_error(err, path, e, 0);
            }
            break;
        }
    }
    fclose(fp);
    data[used] = '\0';
    *buf = data;
    *len = used;
    return MLP_OK;

nomem:
    free(data);
    fclose(fp);
    mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory reading the file");
    mlp_error_hint(err, "free some memory or use a smaller file");
    return MLP_ERR_NOMEM;
}

/* ------------------------------------------------------------------------ */
/* Atomic writes */

/* The temporary file beside dest (the file that will be replaced): in the
 * same folder, so rename never crosses a file system, with a dot name, so a
 * listing does not show it: "<dir>/.<base>.tmp.XXXXXX", or, when that would
 * pass the longest name a folder takes (NAME_MAX, 255 bytes) or the
 * longest path (PATH_MAX, 4095 bytes and the NUL), the short
 * "<dir>/.mlp.tmp.XXXXXX", so every name the file system accepts can be
 * written, in any folder that leaves room for the short name. */
static char *temp_template(const char *dest)
{
    const char *slash = strrchr(dest, '/');
    size_t dir_len = slash ? (size_t)(slash - dest) + 1 : 0;
    const char *base = dest + dir_len;
    static const char prefix[] = ".", suffix[] = ".tmp.XXXXXX";
    size_t name_len = strlen(base) + (sizeof prefix - 1) + (sizeof suffix - 1);
    if (name_len > NAME_MAX || dir_len + name_len + 1 > PATH_MAX)
        base = "mlp";
    size_t n = dir_len + (sizeof prefix - 1) + strlen(base) + (sizeof suffix - 1) + 1;
    char *t = mlp_alloc(n, 1);
    if (!t)
        return NULL;
    memcpy(t, dest, dir_len);
    snprintf(t + dir_len, n - dir_len, "%s%s%s", prefix, base, suffix);
    return t;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A path into /proc or /dev/fd, or /dev/stdin, /dev/stdout or /dev/stderr,
 * names an open file of some process (a "magic" link: /dev/stdout ->
 * /proc/self/fd/1 -> a pipe, a terminal, or the file a shell opened with
 * `>`; bash's <(...) is /dev/fd/63): its text is no path to rename over,
 * and its folder is no place to look for the files it names. */
static int names_an_open_file(const char *p)
{
    return starts_with(p, "/proc/") || starts_with(p, "/dev/fd/") || strcmp(p, "/dev/stdin") == 0 ||
           strcmp(p, "/dev/stdout") == 0 || strcmp(p, "/dev/stderr") == 0;
}

/* Whether s is a decimal number and nothing else. */
static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Narrower than names_an_open_file: only a descriptor's own name, not every
 * path under /proc (/proc/self/cwd/spec.json and /proc/PID/root/... are
 * ordinary files reached another way, whose folder is a folder). */
int mlp_fileio_names_open_file(const char *path)
{
    if (!path)
        return 0;
    if (strcmp(path, "/dev/stdin") == 0 || strcmp(path, "/dev/stdout") == 0 ||
        strcmp(path, "/dev/stderr") == 0)
        return 1;
    if (starts_with(path, "/dev/fd/"))
        return all_digits(path + strlen("/dev/fd/"));
    if (!starts_with(path, "/proc/"))
        return 0;
    const char *p = path + strlen("/proc/"), *slash = strchr(p, '/');
    if (!slash)
        return 0;
    size_t n = (size_t)(slash - p);
    int self = (n == 4 && strncmp(p, "self", 4) == 0) || (n == 11 && strncmp(p, "thread-self", 11) == 0);
    int pid = n > 0 && strspn(p, "0123456789") == n;
    return (self || pid) && starts_with(slash, "/fd/") && all_digits(slash + strlen("/fd/"));
}

/* Follows the symbolic links of path's last component (the folders in the
 * path are followed by the kernel anyway) to the file an atomic write must
 * replace, so the link itself is kept. Returns 0 and sets *target to a new
 * string (NULL when path is not a link, or reaches a magic link: then
 * *through is 1 and the file is to be written straight through, and
 * *target is that link's name only with keep_open_file, for a message); an
 * errno value on failure (ELOOP after 40 links, ENOMEM). */
static int follow_links(const char *path, char **target, int *through, int keep_open_file)
{
    *target = NULL;
    *through = names_an_open_file(path);
    char *cur = NULL;
    const char *p = path;
    for (int hops = 0; !*through; hops++) {
        struct stat lst;
        if (lstat(p, &lst) != 0 || !S_ISLNK(lst.st_mode))
            break; /* p is the file (or will be created) */
        if (hops == 40) {
            free(cur);
            return ELOOP;
        }
        size_t cap = lst.st_size > 0 ? (size_t)lst.st_size + 1 : PATH_MAX;
        char *link = mlp_alloc(cap, 1);
        if (!link) {
            free(cur);
            return ENOMEM;
        }
        ssize_t n = readlink(p, link, cap);
        if (n < 0 || (size_t)n >= cap) {
            int e = n < 0 ? errno : ENAMETOOLONG;
            free(link);
            free(cur);
            return e;
        }
        link[n] = '\0';
        char *next = mlp_fileio_resolve(p, link);
        free(link);
        free(cur);
        if (!next)
            return ENOMEM;
        cur = next;
        p = cur;
        *through = names_an_open_file(p);
    }
    if (*through && !keep_open_file) {
        free(cur);
        cur = NULL;
    }
    *target = cur;
    return 0;
}

static void atomic_release(mlp_atomic_file *af)
{
    free(af->path);
    free(af->tmp_path);
    free(af->target);
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
    af->target = NULL;
    af->keep_mode = 0;
    af->mode = 0;
    af->undo = MLP_FILEIO_UNDO_NONE;
}

/* An output path that ends in "/" names a folder. When what it names
 * without the slashes is a folder (or the root) that is plain EISDIR;
 * otherwise strerror's "Is a directory" misleads: the path names a file
 * there is no folder for ("nodir/"), or a file given a slash ("s.json/").
 * Dropping the "/" is advised only for a name the caller writes (fit NULL:
 * any); another gets the name with the caller's suffix (fileio.h). */
static mlp_status trailing_slash_error(mlp_error *err, const char *path, size_t plen,
                                       const mlp_fileio_output_name *fit)
{
    while (plen > 0 && path[plen - 1] == '/')
        plen--;
    char file[PATH_MAX], want[PATH_MAX + 16];
    struct stat st;
    if (plen == 0 || plen >= sizeof file)
        return io_error(err, path, EISDIR, 1);
    memcpy(file, path, plen);
    file[plen] = '\0';
    int found = stat(file, &st) == 0;
    if (found && S_ISDIR(st.st_mode))
        return io_error(err, path, EISDIR, 1);
    /* Without the "/" the caller's own check of the name would refuse it
     * next ("d" has no picture format): name one it takes instead. */
    int named = fit && !fit->fits(file);
    if (named)
        mlp_fileio_name_with_suffix(file, fit->suffix, want, sizeof want);
    if (found) {
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0,
                      "cannot write: the path ends in \"/\", but \"%s\" is a file, not a folder",
                      file);
        if (named)
            mlp_error_hint(err, "write \"%s\" instead", want);
        else
            mlp_error_hint(err, "drop the \"/\" to write that file");
    } else {
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0,
                      "cannot write: the path ends in \"/\", so it names a folder, and there is "
                      "no folder \"%s\"",
                      file);
        if (named)
            mlp_error_hint(err, "write \"%s\" instead, or create the folder and give a file's "
                                "name after the \"/\"",
                           want);
        else
            mlp_error_hint(err, "drop the \"/\" to write a file of that name, or create the "
                                "folder and give a file's name after the \"/\"");
    }
    return MLP_ERR_IO;
}

void mlp_fileio_name_with_suffix(const char *path, const char *suffix, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    /* A dot that starts the name (".hidden") is not an extension. */
    size_t keep = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    snprintf(buf, size, "%.*s%s", (int)keep, path, suffix);
}

mlp_status mlp_fileio_check_trailing_slash(const char *path, const mlp_fileio_output_name *fit,
                                           mlp_error *err)
{
    size_t plen = strlen(path);
    return plen > 0 && path[plen - 1] == '/' ? trailing_slash_error(err, path, plen, fit)
                                             : MLP_OK;
}

/* What an atomic write to path will do, before anything is created:
 * fills af->path, af->target (the file a link leads to) and af->tmp_path
 * (the template of the temporary file; NULL when the destination is not a
 * regular file and is written straight through), and keep_mode/mode. *st
 * and *exists describe the destination. On failure af is released. */
static mlp_status atomic_plan(mlp_atomic_file *af, const char *path, struct stat *st, int *exists,
                              mlp_error *err)
{
    memset(af, 0, sizeof *af);
    size_t plen = strlen(path);
    if (plen == 0)
        return io_error(err, path, ENOENT, 1);
    *exists = stat(path, st) == 0;
    if (path[plen - 1] == '/')
        return trailing_slash_error(err, path, plen, NULL);
    if (*exists && S_ISDIR(st->st_mode))
        return io_error(err, path, EISDIR, 1);

    int through = 0;
    int e = follow_links(path, &af->target, &through, 0);
    if (e == ENOMEM) {
        mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory opening the file");
        return MLP_ERR_NOMEM;
    }
    if (e)
        return io_error(err, path, e, 1);
    af->path = mlp_alloc_strdup(path);
    af->tmp_path = af->path ? temp_template(af->target ? af->target : path) : NULL;
    if (!af->path || !af->tmp_path) {
        atomic_release(af);
        mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory opening the file");
        return MLP_ERR_NOMEM;
    }
    /* Anything that is not a regular file (/dev/null, a terminal, a FIFO, a
     * socket, /dev/stdout whatever it leads to) cannot be replaced by a
     * rename, and must not be: it is written straight through, and tmp_path
     * stays NULL to say so. */
    if (through || (*exists && !S_ISREG(st->st_mode))) {
        free(af->tmp_path);
        af->tmp_path = NULL;
    } else if (*exists) {
        /* A file that is replaced keeps its permission bits. */
        af->keep_mode = 1;
        af->mode = (unsigned)(st->st_mode & 07777);
    }
    return MLP_OK;
}

/* Creates the temporary file of a planned af. */
static mlp_status atomic_create(mlp_atomic_file *af, mlp_error *err)
{
    /* Created and entered in the registry as one step (signals.h). */
    mlp_signals_hold();
    int fd = mkstemp(af->tmp_path);
    int e = errno, untracked = 0;
    if (fd >= 0 && !(af->temp_id = mlp_fileio_track_temp(af->tmp_path))) {
        /* Not entered (no memory for another block of the registry): a
         * signal would leave it behind, so it is not kept. */
        close(fd);
        unlink(af->tmp_path);
        fd = -1;
        untracked = 1;
    }
    mlp_signals_release();
    if (untracked) {
        mlp_error_set(err, MLP_ERR_NOMEM, af->path, 0, 0,
                      "out of memory opening the file (listing its temporary file for removal "
                      "on a signal)");
        atomic_release(af);
        return MLP_ERR_NOMEM;
    }
    if (fd < 0) {
        mlp_status st = io_error(err, af->path, e, 1);
        atomic_release(af);
        return st;
    }
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        e = errno;
        close(fd);
        mlp_fileio_untrack_temp(af->temp_id);
        af->temp_id = 0;
        unlink(af->tmp_path);
        mlp_status st = io_error(err, af->path, e, 1);
        atomic_release(af);
        return st;
    }
    return MLP_OK;
}

static mlp_status check_replace(const char *path, const char *dest, mlp_error *err);

mlp_status mlp_fileio_atomic_open(mlp_atomic_file *af, const char *path, mlp_error *err)
{
    memset(af, 0, sizeof *af);
    if (mlp_fileio_is_std(path)) {
        /* What the process already wrote to stdout comes first. */
        fflush(stdout);
        af->path = mlp_alloc_strdup("<stdout>");
        af->fp = af->path ? std_stream(1) : NULL;
        if (!af->fp) {
            int e = errno;
            atomic_release(af);
            return io_error(err, "<stdout>", e, 1);
        }
        return MLP_OK;
    }
    struct stat st;
    int exists;
    mlp_status s = atomic_plan(af, path, &st, &exists, err);
    if (s)
        return s;
    if (af->tmp_path) {
        /* What will refuse the rename at the commit is said now, in its own
         * words, before any work is written: every program that writes an
         * output (mlppredict -o, --export, mlpplot -o) gets what mlptrain's
         * pre-flight (mlp_fileio_atomic_check) says. */
        if ((s = check_replace(path, af->target ? af->target : path, err))) {
            atomic_release(af);
            return s;
        }
        return atomic_create(af, err);
    }
    af->fp = fopen(path, "wb");
    if (!af->fp) {
        s = io_error(err, path, errno, 1);
        atomic_release(af);
        return s;
    }
    return MLP_OK;
}

/* Whether the file at dest (a link already followed) is the root of a
 * mount: a file bind-mounted over it, which no rename can replace (EBUSY).
 * statx says so directly; where it cannot, a device that differs from its
 * folder's. */
static int is_mount_point(const char *dest, const struct stat *st)
{
    struct statx sx;
    if (statx(AT_FDCWD, dest, 0, STATX_BASIC_STATS, &sx) == 0 &&
        (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
        return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
    char dir[PATH_MAX];
    const char *slash = strrchr(dest, '/');
    size_t n = !slash ? 0 : slash == dest ? 1 : (size_t)(slash - dest);
    if (n >= sizeof dir)
        return 0;
    memcpy(dir, n ? dest : ".", n ? n : 1);
    dir[n ? n : 1] = '\0';
    struct stat ds;
    return stat(dir, &ds) == 0 && ds.st_dev != st->st_dev;
}

/* Whether the rename at the commit will be refused although the folder
 * can be written: dest is a mount point, or it sits in a sticky folder
 * (/tmp's mode 1777) and neither it nor the folder is ours. MLP_ERR_IO
 * naming path; MLP_OK when dest does not exist yet. */
static mlp_status check_replace(const char *path, const char *dest, mlp_error *err)
{
    struct stat st, ds;
    if (lstat(dest, &st) != 0)
        return MLP_OK;
    if (is_mount_point(dest, &st)) {
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0,
                      "cannot write: a file system is mounted on it, so it cannot be replaced");
        mlp_error_hint(err, "give another path, or unmount it first");
        return MLP_ERR_IO;
    }
    char dir[PATH_MAX];
    const char *slash = strrchr(dest, '/');
    size_t n = !slash ? 0 : slash == dest ? 1 : (size_t)(slash - dest);
    if (n >= sizeof dir)
        return MLP_OK;
    memcpy(dir, n ? dest : ".", n ? n : 1);
    dir[n ? n : 1] = '\0';
    uid_t me = geteuid();
    /* Root may replace any file (CAP_FOWNER); another user may not
     * replace a file it does not own in a sticky folder it does not own. */
    if (me != 0 && stat(dir, &ds) == 0 && (ds.st_mode & S_ISVTX) && st.st_uid != me &&
        ds.st_uid != me) {
        mlp_error_set(err, MLP_ERR_IO, path, 0, 0,
                      "cannot write: it belongs to another user and its folder is sticky "
                      "(like /tmp), so only its owner can replace it");
        mlp_error_hint(err, "give another path, or ask the file's owner to remove it");
        return MLP_ERR_IO;
    }
    return MLP_OK;
}

/* A rename of af's temporary file refused with errno e: in check_replace's
 * words when it sees why (a mount on the destination, another user's file
 * in a sticky folder: both EPERM or EBUSY, and both may arise after the
 * open), else io_error's. */
static void rename_error(const mlp_atomic_file *af, int e, mlp_error *err)
{
    if ((e == EPERM || e == EBUSY) && check_replace(af->path, af->target ? af->target : af->path, err))
        return;
    io_error(err, af->path, e, 1);
}

mlp_status mlp_fileio_atomic_check(const char *path, mlp_error *err)
{
    if (mlp_fileio_is_std(path))
        return MLP_OK;
    mlp_atomic_file af;
    struct stat st;
    int exists;
    mlp_status s = atomic_plan(&af, path, &st, &exists, err);
    if (s)
        return s;
    if (!af.tmp_path) {
        /* Written straight through: never opened here (a FIFO's reader
         * would take the open and close for the end of its data). */
        if (access(path, W_OK) != 0)
            s = io_error(err, path, errno, 1);
        atomic_release(&af);
        return s;
    }
    s = check_replace(path, af.target ? af.target : path, err);
    if (!s && (s = atomic_create(&af, err)) == MLP_OK)
        mlp_fileio_atomic_abort(&af);
    atomic_release(&af);
    return s;
}

/* mkstemp creates 0600; an output should get the mode a plain fopen would
 * give it, 0666 & ~umask. The umask is read from /proc/self/status (Linux
 * 4.7 and later), never with umask(): that call reads it only by setting
 * it, and a file another thread created before it was set back got 0666
 * whatever the program's umask. Without /proc the file keeps 0600: no
 * more open than the umask allows, never a race. */
static mode_t default_mode(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp)
        return 0600;
    char line[256];
    long mask = -1;
    while (mask < 0 && fgets(line, sizeof line, fp))
        if (strncmp(line, "Umask:", 6) == 0)
            mask = strtol(line + 6, NULL, 8);
    fclose(fp);
    return mask < 0 ? (mode_t)0600 : (mode_t)0666 & ~(mode_t)mask;
}

/* A file that is replaced keeps its owner and group where the process
 * may give them: root may give any, another user only a group it belongs
 * to (then the group alone is kept). Best effort: a file written by
 * another user than its owner becomes that user's, as any new file would.
 * Before the mode is set, since a change of owner clears set-id bits. */
static void keep_owner(int fd, const char *dest)
{
    struct stat old, now;
    if (stat(dest, &old) != 0 || !S_ISREG(old.st_mode) || fstat(fd, &now) != 0)
        return;
    if (old.st_uid == now.st_uid && old.st_gid == now.st_gid)
        return;
    if (fchown(fd, old.st_uid, old.st_gid) == 0 || old.st_gid == now.st_gid)
        return;
    if (fchown(fd, (uid_t)-1, old.st_gid) != 0)
        return; /* not a group of ours either: the file becomes ours */
}

mlp_status mlp_fileio_atomic_finish(mlp_atomic_file *af, mlp_error *err)
{
    if (!af->fp) {
        mlp_fileio_atomic_abort(af);
        mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "cannot write: the file is not open");
        return MLP_ERR_IO;
    }
    int e = 0;
    if (af->tmp_path && af->keep_mode)
        keep_owner(fileno(af->fp), af->target ? af->target : af->path);

    /* Every write error surfaces by here: a failed fwrite sets the error
     * indicator, a full disk may only show at the flush or the close. */
    if (fflush(af->fp) != 0)
        e = errno;
    else if (ferror(af->fp))
        e = EIO;
    else if (af->tmp_path &&
             fchmod(fileno(af->fp), af->keep_mode ? (mode_t)af->mode : default_mode()) != 0)
        e = errno;
    else if (af->tmp_path && fsync(fileno(af->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(af->fp) != 0 && e == 0)
        e = errno;
    af->fp = NULL;
    if (e != 0) {
        io_error(err, af->path, e, 1);
        mlp_fileio_atomic_abort(af);
        return MLP_ERR_IO;
    }
    return MLP_OK;
}

mlp_status mlp_fileio_atomic_rename(mlp_atomic_file *af, mlp_error *err)
{
    if (af->fp || !af->path || af->undo) {
        mlp_fileio_atomic_abort(af);
        mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "cannot write: the file is not finished");
        return MLP_ERR_IO;
    }
    /* Over the file a symbolic link leads to, so the link stays. */
    if (af->tmp_path && rename(af->tmp_path, af->target ? af->target : af->path) != 0) {
        rename_error(af, errno, err);
        mlp_fileio_atomic_abort(af);
        return MLP_ERR_IO;
    }
    mlp_fileio_untrack_temp(af->temp_id);
    af->temp_id = 0;
    atomic_release(af);
    return MLP_OK;
}

mlp_status mlp_fileio_atomic_rename_undoable(mlp_atomic_file *af, mlp_error *err)
{
    if (af->fp || !af->path || af->undo) {
        mlp_fileio_atomic_abort(af);
        mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "cannot write: the file is not finished");
        return MLP_ERR_IO;
    }
    if (!af->tmp_path)
        return MLP_OK; /* written straight through: nothing to rename */
    const char *dest = af->target ? af->target : af->path;
    struct stat st;
    int e;
    int undo = MLP_FILEIO_UNDO_REMOVE;
    if (lstat(dest, &st) == 0) {
        /* The new file and the old one trade names in one step: the old
         * one lives on under the temporary name (still in the registry). */
        if (renameat2(AT_FDCWD, af->tmp_path, AT_FDCWD, dest, RENAME_EXCHANGE) == 0) {
            af->undo = MLP_FILEIO_UNDO_EXCHANGE;
            return MLP_OK;
        }
        e = errno;
        /* A file system without the exchange (NFS, some FUSE): a plain
         * rename, which cannot be taken back. */
        if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP)
            goto failed;
        undo = MLP_FILEIO_UNDO_LOST;
    } else if (errno != ENOENT) {
        e = errno;
        goto failed;
    }
    if (rename(af->tmp_path, dest) == 0) {
        mlp_fileio_untrack_temp(af->temp_id);
        af->temp_id = 0;
        af->undo = undo;
        return MLP_OK;
    }
    e = errno;
failed:
    rename_error(af, e, err);
    mlp_fileio_atomic_abort(af);
    return MLP_ERR_IO;
}

int mlp_fileio_atomic_undo(mlp_atomic_file *af)
{
    int ok = 1;
    if (af->undo == MLP_FILEIO_UNDO_EXCHANGE) {
        const char *dest = af->target ? af->target : af->path;
        if (renameat2(AT_FDCWD, af->tmp_path, AT_FDCWD, dest, RENAME_EXCHANGE) != 0)
            ok = 0; /* the new file stays; the old one is dropped below */
    } else if (af->undo == MLP_FILEIO_UNDO_REMOVE) {
        ok = unlink(af->target ? af->target : af->path) == 0 || errno == ENOENT;
    } else if (af->undo == MLP_FILEIO_UNDO_LOST) {
        ok = 0;
    }
    /* After an exchange the temporary name holds the new file again (or
     * the old one, when the exchange back failed), which abort removes;
     * otherwise the name was renamed away and nothing is left by it. */
    if (af->undo != MLP_FILEIO_UNDO_EXCHANGE) {
        free(af->tmp_path);
        af->tmp_path = NULL;
    }
    af->undo = MLP_FILEIO_UNDO_NONE;
    mlp_fileio_atomic_abort(af);
    return ok;
}

mlp_status mlp_fileio_atomic_commit(mlp_atomic_file *af, mlp_error *err)
{
    mlp_status st = mlp_fileio_atomic_finish(af, err);
    return st ? st : mlp_fileio_atomic_rename(af, err);
}

void mlp_fileio_atomic_abort(mlp_atomic_file *af)
{
    if (!af)
        return;
    if (af->fp)
        fclose(af->fp);
    /* After mlp_fileio_atomic_rename_undoable the new file is in place:
     * the old one under the temporary name is dropped, nothing else. */
    if (af->undo == MLP_FILEIO_UNDO_REMOVE || af->undo == MLP_FILEIO_UNDO_LOST) {
        atomic_release(af); /* its temporary name was renamed away */
        return;
    }
    if (af->tmp_path) {
        unlink(af->tmp_path);
        mlp_fileio_untrack_temp(af->temp_id);
        af->temp_id = 0;
    }
    atomic_release(af);
}

/* ------------------------------------------------------------------------ */
/* The registry of temporary files, for signal handlers, and for threads
 * of a program that write files at once. A slot's state word holds its
 * state in the low two bits, free (0), being written (1) or live (2), and
 * the slot's generation above them, which rises each time the slot is
 * taken. A thread takes a free slot by compare-and-swap, so two threads
 * never take the same one, writes its path, then makes it live; the id it
 * gets names the slot and that generation. Only the holder of the id
 * frees the slot, and only while it is still live in that generation (a
 * compare-and-swap of the whole word): once the slot was emptied by
 * mlp_fileio_remove_temps (a program's handler that returns) and taken by
 * another file, the old id frees nothing. By its number alone, it freed the
 * other file's entry, and a signal then left that file behind. The path
 * is never compared, so no thread reads a slot another is writing. A
 * handler sees only live slots, whose paths are whole. Lock-free atomics,
 * safe in a signal handler.
 *
 * The slots come in blocks of MLP_FILEIO_TEMP_BLOCK: the first is static,
 * and when every slot is taken, track (never a handler) allocates one more
 * and hangs it at the end of the chain by compare-and-swap (a thread that
 * loses the race frees its own and takes the winner's). Blocks are never
 * freed nor unhooked, so a handler walks the chain without a lock and
 * without allocating. It was one fixed block of 16: a 17th file alive at
 * once was not entered, and a signal then left it behind. */

enum { TEMP_FREE = 0, TEMP_WRITING = 1, TEMP_LIVE = 2, TEMP_STATE_BITS = 2 };
#define TEMP_STATE(w) ((w) & 3u)
#define TEMP_GEN(w) ((w) >> TEMP_STATE_BITS)
#define TEMP_WORD(gen, state) ((unsigned)(gen) << TEMP_STATE_BITS | (unsigned)(state))
/* Generations wrap at 2^30: an id is taken for another file's only after a
 * billion reuses of its slot while it is held. */
#define TEMP_GEN_MASK ((UINT_MAX >> TEMP_STATE_BITS))

typedef struct temp_block {
    _Atomic(struct temp_block *) next;   /* the next block; NULL: the last */
    atomic_uint state[MLP_FILEIO_TEMP_BLOCK]; /* TEMP_WORD(generation, TEMP_*) */
    char paths[MLP_FILEIO_TEMP_BLOCK][PATH_MAX];
} temp_block;

static temp_block first_block;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the registry's flags must be lock-free for handlers");
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the registry's chain must be lock-free for handlers");

/* The block after b, allocating it when b is the last; NULL when out of
 * memory. */
static temp_block *next_block(temp_block *b)
{
    temp_block *next = atomic_load(&b->next);
    if (next)
        return next;
    temp_block *fresh = mlp_alloc(1, sizeof *fresh);
    if (!fresh)
        return NULL;
    atomic_init(&fresh->next, NULL);
    for (int i = 0; i < MLP_FILEIO_TEMP_BLOCK; i++)
        atomic_init(&fresh->state[i], TEMP_WORD(0, TEMP_FREE));
    if (atomic_compare_exchange_strong(&b->next, &next, fresh))
        return fresh;
    free(fresh); /* another thread hung one first: next is now that one */
    return next;
}

/* Takes slot i of b for path (n bytes and the NUL) when it is free; the
 * generation it is taken in, or -1. */
static long take_slot(temp_block *b, int i, const char *path, size_t n)
{
    unsigned w = atomic_load(&b->state[i]);
    if (TEMP_STATE(w) != TEMP_FREE)
        return -1;
    unsigned gen = (TEMP_GEN(w) + 1) & TEMP_GEN_MASK;
    if (!atomic_compare_exchange_strong(&b->state[i], &w, TEMP_WORD(gen, TEMP_WRITING)))
        return -1;
    memcpy(b->paths[i], path, n + 1);
    atomic_store(&b->state[i], TEMP_WORD(gen, TEMP_LIVE));
    return (long)gen;
}

mlp_fileio_temp_id mlp_fileio_track_temp(const char *tmp_path)
{
    size_t n = strlen(tmp_path);
    if (n >= PATH_MAX)
        return 0;
    temp_block *b = &first_block;
    for (uint32_t base = 0; b && base <= UINT32_MAX - 2 * MLP_FILEIO_TEMP_BLOCK;
         base += MLP_FILEIO_TEMP_BLOCK) {
        for (int i = 0; i < MLP_FILEIO_TEMP_BLOCK; i++) {
            long gen = take_slot(b, i, tmp_path, n);
            if (gen >= 0)
                return (mlp_fileio_temp_id)gen << 32 | (base + (uint32_t)i + 1);
        }
        b = next_block(b);
    }
    return 0;
}

void mlp_fileio_untrack_temp(mlp_fileio_temp_id id)
{
    uint32_t slot = (uint32_t)id;
    if (slot == 0)
        return;
    uint32_t i = slot - 1;
    temp_block *b = &first_block;
    for (; b && i >= MLP_FILEIO_TEMP_BLOCK; i -= MLP_FILEIO_TEMP_BLOCK)
        b = atomic_load(&b->next);
    if (!b)
        return;
    /* Freed only while it is still this id's entry: live, and of the
     * generation the id was given in. */
    unsigned gen = (unsigned)(id >> 32);
    unsigned mine = TEMP_WORD(gen, TEMP_LIVE);
    atomic_compare_exchange_strong(&b->state[i], &mine, TEMP_WORD(gen, TEMP_FREE));
}

int mlp_fileio_temp_is_tracked(const char *tmp_path)
{
    for (temp_block *b = &first_block; b; b = atomic_load(&b->next))
        for (int i = 0; i < MLP_FILEIO_TEMP_BLOCK; i++)
            if (TEMP_STATE(atomic_load(&b->state[i])) == TEMP_LIVE &&
                strcmp(b->paths[i], tmp_path) == 0)
                return 1;
    return 0;
}

void mlp_fileio_remove_temps(void)
{
    for (temp_block *b = &first_block; b; b = atomic_load(&b->next)) {
        for (int i = 0; i < MLP_FILEIO_TEMP_BLOCK; i++) {
            unsigned w = atomic_load(&b->state[i]);
            if (TEMP_STATE(w) != TEMP_LIVE)
                continue;
            unsigned gen = TEMP_GEN(w);
            if (atomic_compare_exchange_strong(&b->state[i], &w, TEMP_WORD(gen, TEMP_WRITING))) {
                unlink(b->paths[i]);
                atomic_store(&b->state[i], TEMP_WORD(gen, TEMP_FREE));
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Paths */

char *mlp_fileio_resolve(const char *base_file, const char *rel)
{
    /* A base that is an open file (/dev/stdin, <(...)'s /dev/fd/63) has
     * no folder of its own: like "-", its paths are the current folder's. */
    const char *slash = strrchr(base_file, '/');
    if (rel[0] == '/' || !slash || mlp_fileio_is_std(rel) || mlp_fileio_names_open_file(base_file))
        return mlp_alloc_strdup(rel);
    /* Keeping the slash itself gives "/x" for a base file in the root. */
    size_t dir_len = (size_t)(slash - base_file) + 1;
    size_t rel_len = strlen(rel);
    char *out = mlp_alloc(dir_len + rel_len + 1, 1);
    if (!out)
        return NULL;
    memcpy(out, base_file, dir_len);
    memcpy(out + dir_len, rel, rel_len + 1);
    return out;
}
