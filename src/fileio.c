/* SPDX-License-Identifier: MIT */
/* fileio.c: whole-file reads and write-to-temporary-then-rename outputs.
 * Owns every fopen/rename in the library; knows nothing of what the bytes
 * mean. Messages carry the strerror text; err->path is always the file the
 * user named, never the temporary one. */
#include "fileio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

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
    case EISDIR:
        return writing ? "give the path of a file, not of a folder" : "give the path of a file";
    case ENOTDIR:
        return "a part of the path is a file, not a folder; check the path";
    default:
        return writing ? "check the path and the free space" : "check the path";
    }
}

static mlp_status io_error(mlp_error *err, const char *path, int e, int writing)
{
    mlp_error_set(err, MLP_ERR_IO, path, 0, 0, "cannot %s: %s", writing ? "write" : "read",
                  strerror(e));
    const char *slash = strrchr(path, '/');
    if (writing && e == ENOENT && slash && slash != path)
        mlp_error_hint(err, "create the folder \"%.*s\" first, or check the path",
                       (int)(slash - path), path);
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

mlp_status mlp_fileio_read_all(const char *path, char **buf, size_t *len, mlp_error *err)
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
    size_t cap = 4096;
    if (fstat_ok && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size + 2;
    size_t used = 0;
    char *data = mlp_alloc(cap, 1);
    if (!data)
        goto nomem;
    for (;;) {
        if (used + 1 >= cap) {
            if (cap > ((size_t)-1) / 2)
                goto nomem;
            char *bigger = mlp_alloc(cap * 2, 1);
            if (!bigger)
                goto nomem;
            memcpy(bigger, data, used);
            free(data);
            data = bigger;
            cap *= 2;
        }
        size_t want = cap - 1 - used;
        size_t got = fread(data + used, 1, want, fp);
        used += got;
        if (got < want) {
            if (ferror(fp)) {
                int e = errno;
                free(data);
                fclose(fp);
                return io_error(err, path, e ? e : EIO, 0);
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

/* "<dir>/.<base>.tmp.XXXXXX" beside path (or ".<base>.tmp.XXXXXX" when path
 * has no folder part): the same folder, so rename never crosses a file
 * system, and a dot name, so a listing does not show it. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    static const char prefix[] = ".", suffix[] = ".tmp.XXXXXX";
    size_t n = dir_len + (sizeof prefix - 1) + strlen(base) + (sizeof suffix - 1) + 1;
    char *t = mlp_alloc(n, 1);
    if (!t)
        return NULL;
    memcpy(t, path, dir_len);
    snprintf(t + dir_len, n - dir_len, "%s%s%s", prefix, base, suffix);
    return t;
}

static void atomic_release(mlp_atomic_file *af)
{
    free(af->path);
    free(af->tmp_path);
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
}

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
    size_t plen = strlen(path);
    if (plen == 0)
        return io_error(err, path, ENOENT, 1);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (path[plen - 1] == '/' || (exists && S_ISDIR(st.st_mode)))
        return io_error(err, path, EISDIR, 1);

    af->path = mlp_alloc_strdup(path);
    af->tmp_path = temp_template(path);
    if (!af->path || !af->tmp_path) {
        atomic_release(af);
        mlp_error_set(err, MLP_ERR_NOMEM, path, 0, 0, "out of memory opening the file");
        return MLP_ERR_NOMEM;
    }

    /* Character devices and FIFOs (/dev/null, /dev/stdout, a pipe) cannot be
     * replaced by a rename, and must not be: they are written directly, and
     * tmp_path stays NULL to say so. */
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        free(af->tmp_path);
        af->tmp_path = NULL;
        af->fp = fopen(path, "wb");
        if (!af->fp) {
            int e = errno;
            atomic_release(af);
            return io_error(err, path, e, 1);
        }
        return MLP_OK;
    }

    int fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        int e = errno;
        atomic_release(af);
        return io_error(err, path, e, 1);
    }
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        int e = errno;
        close(fd);
        unlink(af->tmp_path);
        atomic_release(af);
        return io_error(err, path, e, 1);
    }
    return MLP_OK;
}

/* mkstemp creates 0600; an output should get the mode a plain fopen would
 * give it. umask can only be read by setting it, so it is set back at once. */
static mode_t default_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return (mode_t)0666 & ~mask;
}

mlp_status mlp_fileio_atomic_finish(mlp_atomic_file *af, mlp_error *err)
{
    if (!af->fp) {
        mlp_fileio_atomic_abort(af);
        mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "cannot write: the file is not open");
        return MLP_ERR_IO;
    }
    int e = 0;

    /* Every write error surfaces by here: a failed fwrite sets the error
     * indicator, a full disk may only show at the flush or the close. */
    if (fflush(af->fp) != 0)
        e = errno;
    else if (ferror(af->fp))
        e = EIO;
    else if (af->tmp_path && fchmod(fileno(af->fp), default_mode()) != 0)
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
    if (af->fp || !af->path) {
        mlp_fileio_atomic_abort(af);
        mlp_error_set(err, MLP_ERR_IO, NULL, 0, 0, "cannot write: the file is not finished");
        return MLP_ERR_IO;
    }
    if (af->tmp_path && rename(af->tmp_path, af->path) != 0) {
        io_error(err, af->path, errno, 1);
        mlp_fileio_atomic_abort(af);
        return MLP_ERR_IO;
    }
    atomic_release(af);
    return MLP_OK;
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
    if (af->tmp_path)
        unlink(af->tmp_path);
    atomic_release(af);
}

/* ------------------------------------------------------------------------ */
/* Paths */

char *mlp_fileio_resolve(const char *base_file, const char *rel)
{
    const char *slash = strrchr(base_file, '/');
    if (rel[0] == '/' || !slash || mlp_fileio_is_std(rel))
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
