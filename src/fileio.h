/* SPDX-License-Identifier: MIT */
/* fileio.h: every file mlp opens goes through here.
 *
 * Outputs are written atomically: mlp_fileio_atomic_open creates a temporary
 * file beside the destination (so a missing folder or a read-only one is
 * found before any work is done), the caller writes to .fp, and
 * mlp_fileio_atomic_commit checks every write, closes and renames it over the
 * destination. Until the commit the destination is untouched; on abort the
 * temporary file is removed. A destination that is a symbolic link is
 * followed: the temporary file is made beside the file it leads to and
 * renamed over that file, so the link stays. A destination that is not a
 * regular file, however it is reached (/dev/null, a terminal, a FIFO,
 * /dev/stdout -> /proc/self/fd/1 -> a pipe or the file a shell opened), is
 * written straight through instead (tmp_path NULL). A file that is replaced
 * keeps its permission bits; a new one gets 0666 & ~umask, the umask read
 * from /proc/self/status (0600 without /proc): the library never calls
 * umask(), which reads the mask only by setting it for the whole process.
 *
 * Every temporary file that exists is in a registry a signal handler can
 * empty with mlp_fileio_remove_temps (async-signal-safe), so an interrupted
 * program leaves none behind.
 *
 * The path "-" is standard input to mlp_fileio_read_all and standard output
 * to mlp_fileio_atomic_open (written directly, as a pipe); messages call them
 * "<stdin>" and "<stdout>". Standard input can be read once.
 */
#ifndef MLP_FILEIO_H
#define MLP_FILEIO_H

#include <stdint.h>
#include <stdio.h>

#include "mlp/error.h"

/* An entry of the registry of temporary files (below): its slot and the
 * generation the slot was taken in; 0 names none. */
typedef uint64_t mlp_fileio_temp_id;

typedef struct {
    FILE *fp;        /* write here; NULL when closed */
    char *path;      /* destination as named (messages use it); owned */
    char *tmp_path;  /* temporary file beside the file replaced; owned; NULL when
                        writing straight through */
    char *target;    /* the file a symbolic link at path leads to, which the
                        commit replaces; owned; NULL when path is not a link */
    int keep_mode;   /* 1 when an existing file is replaced: it keeps its mode
                        (and its owner and group, where allowed) */
    unsigned mode;   /* that file's permission bits */
    int undo;        /* after mlp_fileio_atomic_rename_undoable: MLP_FILEIO_UNDO_* */
    mlp_fileio_temp_id temp_id; /* tmp_path's entry in the registry of temporary
                                   files, 0: none */
} mlp_atomic_file;

/* How a rename by mlp_fileio_atomic_rename_undoable can be taken back. */
enum {
    MLP_FILEIO_UNDO_NONE = 0, /* nothing was renamed (or it is over) */
    MLP_FILEIO_UNDO_EXCHANGE, /* the old file lives on under the temporary name */
    MLP_FILEIO_UNDO_REMOVE,   /* there was no file before: removing the new one undoes it */
    MLP_FILEIO_UNDO_LOST,     /* replaced by a plain rename (no RENAME_EXCHANGE here): final */
};

/* 1 when path is "-", standard input or output. */
int mlp_fileio_is_std(const char *path);

/* The name of path in messages: "<stdin>" or "<stdout>" (writing) for "-",
 * else path itself. */
const char *mlp_fileio_display_name(const char *path, int writing);

/* The most bytes mlp_fileio_read_all reads: 2^31 (2 GiB). A larger file,
 * or a stream that goes on past it (/dev/zero, a FIFO that never ends), is
 * refused with MLP_ERR_IO ("the file is larger than ...") instead of being
 * read until memory runs out. Readers of their own (a streaming CSV reader)
 * use the same limit. */
#define MLP_FILEIO_READ_MAX ((size_t)1 << 31)

/* Reads the whole file into a new buffer with a terminating NUL (not counted
 * in *len); the caller frees *buf. MLP_ERR_IO with strerror text when it
 * cannot be opened or read (a folder is reported as such). */
mlp_status mlp_fileio_read_all(const char *path, char **buf, size_t *len, mlp_error *err);

/* The same with another limit than MLP_FILEIO_READ_MAX (the spec loader
 * takes at most MLP_SPEC_MAX_BYTES). */
mlp_status mlp_fileio_read_all_max(const char *path, size_t max, char **buf, size_t *len,
                                   mlp_error *err);

/* For readers of their own (the streaming CSV reader): opens path ("-":
 * standard input) for reading in binary mode, with the errors of
 * mlp_fileio_read_all (a folder is refused). *size is the file's size when
 * it is a regular file, else -1 (a pipe or a device: it cannot be read
 * twice). The caller fcloses *fp (for "-", a duplicate of fd 0). */
mlp_status mlp_fileio_open_read(const char *path, FILE **fp, long long *size, mlp_error *err);

/* fread(buf, 1, n, fp) that goes on where a signal cut a read short: a
 * handler installed without SA_RESTART (a program's own timer, say) makes
 * a read of a pipe or a terminal that waits for data fail with EINTR,
 * which is no error, so the read is made again; but when mlp's own
 * handlers recorded a signal in defer mode (mlp_signals_caught) it stops
 * there with *e = EINTR, which mlp_fileio_read_error reports as the
 * signal's stop (MLP_ERR_INTERRUPTED). Returns the bytes read: n, or fewer
 * at the end of the file (*e = 0) or at an error (*e its errno). Every
 * read loop of the library's readers goes through it. */
size_t mlp_fileio_fread(void *buf, size_t n, FILE *fp, int *e);

/* MLP_ERR_IO for a read of path that failed with errno e (0: EIO), or
 * MLP_ERR_INTERRUPTED for EINTR after a signal mlp's handlers deferred. */
mlp_status mlp_fileio_read_error(const char *path, int e, mlp_error *err);

/* MLP_ERR_IO for a write to path that failed with errno e (0: EIO): "cannot
 * write: <strerror>" with the hint for e (a full disk, a size limit), the
 * words of every failed write of every program. */
mlp_status mlp_fileio_write_error(const char *path, int e, mlp_error *err);

/* MLP_ERR_IO: path goes on past max bytes, in mlp_fileio_read_all's words
 * ("the file is larger than 2 GiB, the most mlp reads"). */
mlp_status mlp_fileio_too_large(const char *path, size_t max, mlp_error *err);

/* Creates the temporary file for destination path. MLP_ERR_IO when path is a
 * folder or its folder cannot be written, or when the rename at the commit
 * will be refused (mlp_fileio_atomic_check's mount point and another user's
 * file in a sticky folder, in its words; a rename refused so later says the
 * same). On failure *af is zeroed. */
mlp_status mlp_fileio_atomic_open(mlp_atomic_file *af, const char *path, mlp_error *err);

/* Flushes, checks for write errors, closes and renames the temporary file
 * over the destination; on any failure removes it and reports MLP_ERR_IO.
 * Frees what af owns in every case. A new file gets mode 0666 & ~umask, a
 * replaced one keeps its mode. */
mlp_status mlp_fileio_atomic_commit(mlp_atomic_file *af, mlp_error *err);

/* mlp_fileio_atomic_commit in two steps, for outputs that must appear
 * together (outputs.c): finish flushes, checks every write, syncs and
 * closes the temporary file, which stays (on failure it is removed, af is
 * freed and MLP_ERR_IO says why); rename then renames it over the
 * destination and frees af (on failure the temporary file is removed).
 * mlp_fileio_atomic_abort still removes a finished temporary file. */
mlp_status mlp_fileio_atomic_finish(mlp_atomic_file *af, mlp_error *err);
mlp_status mlp_fileio_atomic_rename(mlp_atomic_file *af, mlp_error *err);

/* The rename of the first of two outputs that must appear together
 * (outputs.c), so that it can be taken back when the second one fails:
 * an existing destination trades names with the finished temporary file in
 * one step (renameat2 RENAME_EXCHANGE), so the old file lives on under the
 * temporary name; a destination that did not exist is created. af stays
 * held: mlp_fileio_atomic_undo puts the old file back (or removes the
 * created one), mlp_fileio_atomic_abort keeps the new one and removes the
 * old. Where the file system has no exchange (NFS, some FUSE) it is a
 * plain rename that cannot be undone. A destination written straight
 * through has nothing to rename. On failure it is as atomic_rename. */
mlp_status mlp_fileio_atomic_rename_undoable(mlp_atomic_file *af, mlp_error *err);

/* Takes back mlp_fileio_atomic_rename_undoable (see there) and frees af: 1
 * when the destination is as it was before (or was written straight
 * through: nothing to take back), 0 when the new file stays (the exchange
 * back failed, or the rename was plain). Only unlink and renameat2: it
 * allocates nothing. */
int mlp_fileio_atomic_undo(mlp_atomic_file *af);

/* Whether path can be written by an atomic write, without writing it: the
 * checks of mlp_fileio_atomic_open (a folder, a missing or read-only
 * folder: a temporary file is created and removed beside it), and whether
 * the rename at the commit will be refused: a file system mounted on the
 * destination (a bind mount; EBUSY), or, for a user other than root, a
 * destination of another user in a sticky folder (/tmp) of another user
 * (EPERM). A destination that is not a regular file (a FIFO, /dev/null, a
 * terminal) is never opened here, only checked with access(W_OK): a
 * FIFO's reader would take an open and close for the end of its data.
 * "-" is standard output: MLP_OK. MLP_ERR_IO naming path. */
mlp_status mlp_fileio_atomic_check(const char *path, mlp_error *err);

/* Closes and removes the temporary file, frees what af owns; safe on a
 * zeroed or already finished af. */
void mlp_fileio_atomic_abort(mlp_atomic_file *af);

/* The registry of live temporary files (atomic_open adds, commit and abort
 * remove). Threads may enter and remove files at once. It holds as many as
 * are alive: blocks of MLP_FILEIO_TEMP_BLOCK slots, one more allocated when
 * all are taken. track returns the path's id (its slot and the slot's
 * generation), which untrack takes (0: nothing); 0 when it could not be
 * entered (out of memory for a block; a path of PATH_MAX bytes or more), and
 * atomic_open then refuses the file (MLP_ERR_NOMEM) rather than keep one a
 * signal would leave behind. untrack frees the entry only while it is still
 * that id's: after mlp_fileio_remove_temps emptied it (a program's handler
 * that returns) and another file took the slot, the old id frees nothing.
 * mlp_fileio_remove_temps unlinks every one; it only calls unlink and
 * lock-free atomics, so a signal handler may call it.
 * mlp_fileio_temp_is_tracked (for tests): whether path is live in it. */
#define MLP_FILEIO_TEMP_BLOCK 16
mlp_fileio_temp_id mlp_fileio_track_temp(const char *tmp_path);
void mlp_fileio_untrack_temp(mlp_fileio_temp_id id);
int mlp_fileio_temp_is_tracked(const char *tmp_path);
void mlp_fileio_remove_temps(void);

/* The names an output takes: fits(name) says whether the caller writes a
 * file of that name (its own check of the name: a picture's format, .npz),
 * and suffix (".npz", ".png") is what a name that does not fit is given. */
typedef struct {
    int (*fits)(const char *name);
    const char *suffix;
} mlp_fileio_output_name;

/* MLP_OK unless the output path ends in "/"; then the error an atomic
 * write to it gives (MLP_ERR_IO: a folder, a file given a slash, or no
 * folder of that name), without touching anything. What a check of an
 * output's name (its extension: mlpplot's format, --export's .npz) does
 * first, so that its advice is not about a name that names a folder. fit
 * (NULL: any name) keeps the advice from leading to that check's refusal:
 * a name without the "/" that does not fit is advised with fit->suffix
 * ("nodir/" -> "nodir.npz"), not as it is. */
mlp_status mlp_fileio_check_trailing_slash(const char *path, const mlp_fileio_output_name *fit,
                                           mlp_error *err);

/* path with its file name's extension replaced by suffix, or suffix added
 * when it has none ("e.txt" -> "e.png", "nodir" -> "nodir.npz"), into buf
 * (cut at size). */
void mlp_fileio_name_with_suffix(const char *path, const char *suffix, char *buf, size_t size);

/* The file in path's folder whose name is nearest to path's own (a typo:
 * "xor.cvs", "moon.csv"), as a path like the one given (path's folder part,
 * then the name), into out: 1 when one is near, 0 when none is, when two are
 * equally near (no guess between them), when the names differ only in digits
 * ("m9.bin", "m1.bin": a series) or when the folder cannot be listed. The
 * "did you mean" of a file that cannot be read (ENOENT). */
int mlp_fileio_nearest_file(const char *path, char *out, size_t cap);

/* A new string: rel when it is absolute, "-", or base_file has no folder
 * part or names an open file (mlp_fileio_names_open_file), else
 * base_file's folder + "/" + rel. NULL when out of memory. */
char *mlp_fileio_resolve(const char *base_file, const char *rel);

/* Whether path names an already open file rather than a file in a folder:
 * /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N,
 * /proc/thread-self/fd/N or /proc/PID/fd/N (bash's <(...) gives
 * /dev/fd/63). Such a spec has no folder to resolve against and no name to
 * name outputs after, as "-" has none. Other paths under /proc
 * (/proc/self/cwd/..., /proc/PID/root/...) are files in folders. */
int mlp_fileio_names_open_file(const char *path);

#endif
