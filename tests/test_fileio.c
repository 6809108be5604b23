/* SPDX-License-Identifier: MIT */
/* test_fileio.c: whole-file reads, atomic writes (the destination changes
 * only at commit, nothing is left behind), their error messages, and paths
 * resolved against a config file. */
#define _GNU_SOURCE /* syscall */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "alloc.h"
#include "fileio.h"
#include "nearest.h"
#include "slow_pipe.h"
#include "check.h"

/* ------------------------------------------------------------------------ */
/* Helpers: a fresh folder per test, removed with what is in it. */

typedef struct {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/mlp-test-fileio-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            chmod(p, 0700);
            remove_tree(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    mlp_alloc_fail_after(0);
    remove_tree(f->dir);
    free(f);
    return 0;
}

static void join(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < size);
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

/* The whole content of path as a NUL-terminated string (test files are text). */
static void slurp(const char *path, char *out, size_t size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(out, 1, size - 1, fp);
    out[n] = '\0';
    fclose(fp);
}

/* ------------------------------------------------------------------------ */
/* Reading */

static void read_all_should_report_a_missing_file(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "missing.csv");
    char *buf = (char *)1;
    size_t len = 99;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all(path, &buf, &len, &err), MLP_ERR_IO);
    assert_null(buf);
    assert_int_equal(len, 0);
    assert_int_equal(err.code, MLP_ERR_IO);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "cannot read: No such file or directory");
    assert_string_equal(err.hint, "check the path");
}

/* A missing file whose name is a typo of one in its folder gets "did you
 * mean", with the path as the user wrote it; a name that is not near, a
 * number of a series ("m9.bin" beside m1 and m2), two names equally near,
 * or a short name sharing only its extension get the plain hint. */
static void read_all_should_suggest_the_file_a_typo_meant(void **state)
{
    fixture *f = *state;
    static const char *const present[] = {"moons.csv", "xor.csv", "m1.bin", "m2.bin", "ab.bin",
                                          "cat.csv", "car.csv"};
    char path[256], want[320];
    for (size_t k = 0; k < sizeof present / sizeof present[0]; k++) {
        join(path, sizeof path, f->dir, present[k]);
        write_file(path, "x", 1);
    }
    static const struct {
        const char *given, *meant;
    } cases[] = {
        {"moon.csv", "moons.csv"}, {"xor.cvs", "xor.csv"}, {"xr.csv", "xor.csv"},
        {"m9.bin", NULL},  /* a series: m1, m2 */
        {"zz.bin", NULL},  /* "ab.bin": 2 edits of a 2-letter stem */
        {"cab.csv", NULL}, /* cat.csv and car.csv, equally near */
        {"weights.bin", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        join(path, sizeof path, f->dir, cases[k].given);
        char *buf;
        size_t len;
        mlp_error err;
        assert_int_equal(mlp_fileio_read_all(path, &buf, &len, &err), MLP_ERR_IO);
        if (cases[k].meant)
            snprintf(want, sizeof want, "did you mean \"%s/%s\"?", f->dir, cases[k].meant);
        else
            snprintf(want, sizeof want, "check the path");
        if (strcmp(err.hint, want) != 0)
            fail_msg("%s: hint \"%s\", want \"%s\"", cases[k].given, err.hint, want);
    }
}

/* The distance behind "did you mean": each insert, delete, substitution and
 * swap of two neighbours costs 1; names past MLP_NEAREST_MAX are never near. */
static void edit_distance_should_count_edits_and_swaps(void **state)
{
    (void)state;
    assert_int_equal(mlp_edit_distance("xor.cvs", "xor.csv"), 1);      /* a swap */
    assert_int_equal(mlp_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(mlp_edit_distance("", "abc"), 3);
    assert_int_equal(mlp_edit_distance("learnig_rate", "learning_rate"), 1);
    char longer[MLP_NEAREST_MAX + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_true(mlp_edit_distance(longer, "a") == SIZE_MAX);
    assert_true(mlp_near_enough(1, 3) && !mlp_near_enough(2, 3) && mlp_near_enough(2, 6));
    const char *const keys[] = {"epochs", "learning_rate", "layers"};
    assert_int_equal(mlp_nearest("epoch", keys, 3), 0);
    assert_int_equal(mlp_nearest("lr", keys, 3), -1);
}

static void read_all_should_report_a_folder(void **state)
{
    fixture *f = *state;
    char *buf;
    size_t len;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all(f->dir, &buf, &len, &err), MLP_ERR_IO);
    assert_null(buf);
    assert_string_equal(err.path, f->dir);
    assert_string_equal(err.message, "is a folder");
    assert_string_equal(err.hint, "give the path of a file");
}

static void read_all_should_return_every_byte_and_a_terminating_nul(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "bytes.bin");
    const char data[] = {'a', '\0', 'b', '\n', (char)0xff};
    write_file(path, data, sizeof data);
    char *buf;
    size_t len;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all(path, &buf, &len, &err), MLP_OK);
    assert_int_equal(len, sizeof data);
    assert_memory_equal(buf, data, sizeof data);
    assert_int_equal(buf[len], '\0');
    free(buf);
}

/* Regression: a regular file's buffer was sized to exactly its length + 1,
 * so the read that filled it could not see EOF and the whole file was
 * copied into a buffer twice the size (0.5 s on a 400 MB CSV). A file whose
 * size fstat knows must take one allocation. */
static void read_all_should_allocate_once_for_a_regular_file(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "sized.csv");
    char data[10000];
    memset(data, 'x', sizeof data);
    write_file(path, data, sizeof data);
    char *buf = NULL;
    size_t len;
    mlp_error err;
    mlp_alloc_fail_after(2); /* the second allocation would fail */
    mlp_status st = mlp_fileio_read_all(path, &buf, &len, &err);
    mlp_alloc_fail_after(0);
    assert_int_equal(st, MLP_OK);
    assert_int_equal(len, sizeof data);
    free(buf);
}

static void read_all_should_read_an_empty_file(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "empty.csv");
    write_file(path, "", 0);
    char *buf;
    size_t len = 7;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all(path, &buf, &len, &err), MLP_OK);
    assert_int_equal(len, 0);
    assert_non_null(buf);
    assert_int_equal(buf[0], '\0');
    free(buf);
}

/* A FIFO reports size 0, so the buffer must grow while reading. */
static void read_all_should_read_a_stream_of_unknown_size(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "fifo");
    assert_int_equal(mkfifo(path, 0600), 0);
    enum { N = 20000 };
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *fp = fopen(path, "wb");
        if (!fp)
            _exit(1);
        for (int i = 0; i < N; i++)
            fputc('a' + i % 26, fp);
        _exit(fclose(fp) == 0 ? 0 : 1);
    }
    char *buf;
    size_t len;
    mlp_error err;
    mlp_status st = mlp_fileio_read_all(path, &buf, &len, &err);
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(st, MLP_OK);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(len, N);
    for (int i = 0; i < N; i++)
        assert_int_equal(buf[i], 'a' + i % 26);
    assert_int_equal(buf[N], '\0');
    free(buf);
}

/* A signal of the program's own, its handler installed without SA_RESTART
 * (a timer's SIGALRM), cuts a read short while the writer of a pipe is
 * slow: EINTR, which is no error; the read goes on and gets every byte. It
 * was taken for a failed read ("cannot read: Interrupted system call"). */
static void read_all_should_go_on_after_a_signal_cuts_a_read_short(void **state)
{
    (void)state;
    static const char *const parts[] = {"first,", "second,", "third,", "fourth\n"};
    slow_pipe p;
    slow_pipe_start(&p, parts, 4);
    char *buf = NULL;
    size_t len = 0;
    mlp_error err;
    mlp_status st = mlp_fileio_read_all(p.path, &buf, &len, &err);
    int cut_short = slow_pipe_finish(&p);
    if (st)
        fail_msg("%s", err.message);
    assert_string_equal(buf, "first,second,third,fourth\n");
    assert_int_equal(len, strlen(buf));
    assert_true(cut_short >= 1); /* the signals came while the read waited */
    free(buf);
}

static void read_all_should_report_out_of_memory(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "x.csv");
    write_file(path, "x,y\n", 4);
    char *buf;
    size_t len;
    mlp_error err;
    mlp_alloc_fail_after(1);
    assert_int_equal(mlp_fileio_read_all(path, &buf, &len, &err), MLP_ERR_NOMEM);
    mlp_alloc_fail_after(0);
    assert_null(buf);
    assert_string_equal(err.path, path);
}

/* ------------------------------------------------------------------------ */
/* Atomic writes */

static void atomic_write_should_replace_the_destination_only_at_commit(void **state)
{
    fixture *f = *state;
    char path[256], text[64];
    join(path, sizeof path, f->dir, "out.csv");
    write_file(path, "old\n", 4);

    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    assert_non_null(af.fp);
    assert_string_equal(af.path, path);
    /* The temporary file is a dot file beside the destination. */
    char prefix[256];
    join(prefix, sizeof prefix, f->dir, ".out.csv.tmp.");
    assert_memory_equal(af.tmp_path, prefix, strlen(prefix));
    assert_int_equal(strlen(af.tmp_path), strlen(prefix) + 6);
    assert_int_equal(fputs("new\n", af.fp) >= 0, 1);
    assert_int_equal(fflush(af.fp), 0);

    slurp(path, text, sizeof text);
    assert_string_equal(text, "old\n");
    assert_int_equal(check_count_entries(f->dir), 2);

    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
    assert_null(af.fp);
    assert_null(af.path);
    assert_null(af.tmp_path);
    slurp(path, text, sizeof text);
    assert_string_equal(text, "new\n");
    assert_int_equal(check_count_entries(f->dir), 1);
}

static void atomic_write_should_create_a_new_file(void **state)
{
    fixture *f = *state;
    char path[256], text[64];
    join(path, sizeof path, f->dir, "fresh.bin");
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    fputs("abc", af.fp);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
    slurp(path, text, sizeof text);
    assert_string_equal(text, "abc");
    assert_int_equal(check_count_entries(f->dir), 1);
}

static void atomic_abort_should_keep_the_old_file_and_remove_the_temporary(void **state)
{
    fixture *f = *state;
    char path[256], text[64];
    join(path, sizeof path, f->dir, "keep.csv");
    write_file(path, "old\n", 4);
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    fputs("half a fi", af.fp);
    mlp_fileio_atomic_abort(&af);
    assert_null(af.fp);
    assert_null(af.tmp_path);
    slurp(path, text, sizeof text);
    assert_string_equal(text, "old\n");
    assert_int_equal(check_count_entries(f->dir), 1);
    /* A second abort, and an abort of a zeroed record, do nothing. */
    mlp_fileio_atomic_abort(&af);
    mlp_atomic_file zero = {0};
    mlp_fileio_atomic_abort(&zero);
    mlp_fileio_atomic_abort(NULL);
}

static void atomic_open_should_fail_on_a_folder_destination(void **state)
{
    fixture *f = *state;
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, f->dir, &err), MLP_ERR_IO);
    assert_null(af.fp);
    assert_null(af.path);
    assert_null(af.tmp_path);
    assert_string_equal(err.path, f->dir);
    assert_string_equal(err.message, "cannot write: Is a directory");
    assert_string_equal(err.hint, "give the path of a file, not of a folder");
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* A path ending in "/" names a folder: said so, not strerror's "Is a
 * directory", when there is no such folder or it is a file ("nodir/",
 * "s.json/"); the file stays as it was and nothing is created. */
static void atomic_open_should_explain_a_trailing_slash(void **state)
{
    fixture *f = *state;
    char path[300], file[256], want[600];
    mlp_atomic_file af;
    mlp_error err;

    join(file, sizeof file, f->dir, "nodir");
    snprintf(path, sizeof path, "%s/", file);
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_ERR_IO);
    assert_null(af.fp);
    assert_string_equal(err.path, path);
    snprintf(want, sizeof want,
             "cannot write: the path ends in \"/\", so it names a folder, and there is no "
             "folder \"%s\"",
             file);
    assert_string_equal(err.message, want);
    assert_string_equal(err.hint, "drop the \"/\" to write a file of that name, or create the "
                                  "folder and give a file's name after the \"/\"");

    join(file, sizeof file, f->dir, "s.json");
    write_file(file, "{}", 2);
    snprintf(path, sizeof path, "%s//", file);
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_ERR_IO);
    assert_null(af.fp);
    snprintf(want, sizeof want,
             "cannot write: the path ends in \"/\", but \"%s\" is a file, not a folder", file);
    assert_string_equal(err.message, want);
    assert_string_equal(err.hint, "drop the \"/\" to write that file");
    assert_int_equal(check_count_entries(f->dir), 1);

    /* A folder with its slash is a folder. */
    snprintf(path, sizeof path, "%s/", f->dir);
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot write: Is a directory");
    assert_string_equal(err.hint, "give the path of a file, not of a folder");
}

static void atomic_open_should_fail_on_a_missing_folder(void **state)
{
    fixture *f = *state;
    char path[256], hint[400];
    join(path, sizeof path, f->dir, "nowhere/model.bin");
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_ERR_IO);
    assert_null(af.fp);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "cannot write: No such file or directory");
    snprintf(hint, sizeof hint, "create the folder \"%s/nowhere\" first, or check the path",
             f->dir);
    assert_string_equal(err.hint, hint);
}

/* A file that cannot be created (ENOENT) where its folder exists has no
 * folder to create: the hint said `create the folder "/proc/self/fd"`. A
 * descriptor's name is a descriptor not open; a link says where it leads. */
static void atomic_open_should_name_a_folder_to_create_only_when_it_is_missing(void **state)
{
    fixture *f = *state;
    mlp_atomic_file af;
    mlp_error err;
    /* A descriptor number surely closed: one just closed. */
    int fd = dup(STDERR_FILENO);
    assert_true(fd > 2);
    close(fd);
    char path[256], link[256], want[512];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot write: No such file or directory");
    snprintf(want, sizeof want,
             "descriptor %d is not open; open it for writing (%d> out.txt) or give the path of "
             "a file", fd, fd);
    assert_string_equal(err.hint, want);

    /* The same reached through a link of the user's. */
    join(link, sizeof link, f->dir, "out");
    assert_int_equal(symlink(path, link), 0);
    assert_int_equal(mlp_fileio_atomic_open(&af, link, &err), MLP_ERR_IO);
    snprintf(want, sizeof want,
             "it is a symbolic link leading to \"%s\": descriptor %d is not open; open it for "
             "writing (%d> out.txt) or give the path of a file", path, fd, fd);
    assert_string_equal(err.hint, want);

    /* A folder that exists but where no file can be made. */
    struct stat st;
    if (stat("/proc/self", &st) == 0) {
        assert_int_equal(mlp_fileio_atomic_open(&af, "/proc/mlp-test.csv", &err), MLP_ERR_IO);
        assert_string_equal(err.message, "cannot write: No such file or directory");
        assert_string_equal(err.hint, "the folder \"/proc\" exists, but no file can be created "
                                      "there; check the path");
    }
    assert_int_equal(check_count_entries(f->dir), 1);
}

/* A working folder deleted while in use (a shell in it, `rmdir ../g` from
 * another) is still a folder, of no links, where nothing can be created:
 * the hint called it existing (`the folder "." exists, but no file can be
 * created there`), and a folder under it one to create. */
static void atomic_open_should_say_the_working_folder_was_deleted(void **state)
{
    fixture *f = *state;
    char gone[256], back[PATH_MAX], hint[2][MLP_ERROR_TEXT_MAX];
    mlp_status st[2];
    struct stat dot;
    assert_non_null(getcwd(back, sizeof back));
    join(gone, sizeof gone, f->dir, "g");
    assert_int_equal(mkdir(gone, 0700), 0);
    assert_int_equal(chdir(gone), 0);
    assert_int_equal(rmdir(gone), 0);
    int unlinked = stat(".", &dot) == 0 && dot.st_nlink == 0;
    const char *paths[2] = {"w.bin", "sub/w.bin"};
    for (int k = 0; k < 2; k++) {
        mlp_atomic_file af;
        mlp_error err;
        st[k] = mlp_fileio_atomic_open(&af, paths[k], &err);
        snprintf(hint[k], sizeof hint[k], "%s", err.hint);
    }
    assert_int_equal(chdir(back), 0); /* back before any assertion stops the test */
    if (!unlinked)
        skip(); /* a file system that keeps a deleted folder's links: nothing to tell it by */
    assert_int_equal(st[0], MLP_ERR_IO);
    assert_string_equal(hint[0], "the folder \".\" was deleted while in use; cd to a folder that "
                                 "exists, or give a path in one");
    assert_int_equal(st[1], MLP_ERR_IO);
    assert_string_equal(hint[1], "the working folder was deleted while in use, so no folder "
                                 "\"sub\" can be made in it; cd to a folder that exists, or give "
                                 "a path in one");
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* Root writes anywhere, so as root the attempt runs in a child that has
 * given up its privileges; the verdict comes back as the exit status. */
static int open_in_read_only_folder(const char *path)
{
    mlp_atomic_file af;
    mlp_error err;
    mlp_status st = mlp_fileio_atomic_open(&af, path, &err);
    if (st == MLP_OK) {
        mlp_fileio_atomic_abort(&af);
        return 1;
    }
    if (st != MLP_ERR_IO || strcmp(err.path, path) != 0 ||
        strcmp(err.message, "cannot write: Permission denied") != 0 ||
        strcmp(err.hint, "choose a folder you can write to") != 0)
        return 2;
    return 0;
}

static void atomic_open_should_fail_in_a_read_only_folder(void **state)
{
    fixture *f = *state;
    char ro[256], path[256];
    join(ro, sizeof ro, f->dir, "ro");
    join(path, sizeof path, ro, "out.csv");
    assert_int_equal(mkdir(ro, 0755), 0);
    assert_int_equal(chmod(ro, 0555), 0);
    assert_int_equal(chmod(f->dir, 0755), 0);
    if (geteuid() != 0) {
        assert_int_equal(open_in_read_only_folder(path), 0);
    } else {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(9);
            _exit(open_in_read_only_folder(path));
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(check_count_entries(ro), 0);
}

#define STICKY_MESSAGE                                                                          \
    "cannot write: it belongs to another user and its folder is sticky (like /tmp), so only its " \
    "owner can replace it"
#define STICKY_HINT "give another path, or ask the file's owner to remove it"

/* In a child running as nobody, over root's files in a sticky folder of
 * root's: 0 when every step fails in the sticky words, else the step. */
static int replace_as_nobody(const char *path, const char *late, const char *late2)
{
    mlp_atomic_file af;
    mlp_error err;
    /* root's file there: refused at the open, before any work. */
    if (mlp_fileio_atomic_open(&af, path, &err) != MLP_ERR_IO || strcmp(err.path, path) != 0 ||
        strcmp(err.message, STICKY_MESSAGE) != 0 || strcmp(err.hint, STICKY_HINT) != 0)
        return 1;
    /* A file root makes after the open: refused at the rename (EPERM), in
     * the same words, by the plain and by the undoable rename. */
    for (int undoable = 0; undoable < 2; undoable++) {
        const char *dest = undoable ? late2 : late;
        if (mlp_fileio_atomic_open(&af, dest, &err) != MLP_OK)
            return 2;
        fputs("new\n", af.fp);
        if (seteuid(0) != 0)
            return 3;
        int fd = open(dest, O_CREAT | O_WRONLY, 0666);
        if (fd < 0 || close(fd) != 0 || seteuid(65534) != 0)
            return 4;
        mlp_status st = mlp_fileio_atomic_finish(&af, &err);
        if (st == MLP_OK)
            st = undoable ? mlp_fileio_atomic_rename_undoable(&af, &err)
                          : mlp_fileio_atomic_rename(&af, &err);
        if (st != MLP_ERR_IO || strcmp(err.path, dest) != 0 ||
            strcmp(err.message, STICKY_MESSAGE) != 0 || strcmp(err.hint, STICKY_HINT) != 0)
            return 5 + undoable;
        mlp_fileio_atomic_abort(&af);
    }
    return 0;
}

/* Every writer (mlppredict -o, --export, mlpplot -o) opens its output
 * with mlp_fileio_atomic_open: over another user's file in a sticky folder
 * it was told "cannot write: Operation not permitted; choose a folder you
 * can write to" at the rename, after the work, where only mlptrain's
 * pre-flight said why. */
static void atomic_write_should_explain_another_user_s_file_in_a_sticky_folder(void **state)
{
    fixture *f = *state;
    if (geteuid() != 0)
        skip(); /* needs a file of another user: made as root, replaced as nobody */
    char sticky[256], path[256], late[256], late2[256];
    join(sticky, sizeof sticky, f->dir, "sticky");
    join(path, sizeof path, sticky, "root.csv");
    join(late, sizeof late, sticky, "late.csv");
    join(late2, sizeof late2, sticky, "late2.csv");
    assert_int_equal(mkdir(sticky, 0755), 0);
    assert_int_equal(chmod(sticky, 01777), 0);
    assert_int_equal(chmod(f->dir, 0755), 0);
    write_file(path, "root's\n", 7);
    assert_int_equal(chmod(path, 0666), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setegid(65534) != 0 || seteuid(65534) != 0)
            _exit(9);
        _exit(replace_as_nobody(path, late, late2));
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char got[16];
    slurp(path, got, sizeof got);
    assert_string_equal(got, "root's\n");
    assert_int_equal(check_count_entries(sticky), 3); /* root's three files, no temporary one */
}

/* The umask, for every caller in this program, the library included: a
 * definition here comes before libc's, so the library's calls land here
 * and are counted while `watching` (the tests' own calls are not). The
 * mask is set with the system call itself. */
static int watching;
static int umask_calls;

mode_t umask(mode_t mask)
{
    if (watching)
        umask_calls++;
    return (mode_t)syscall(SYS_umask, mask);
}

static void atomic_commit_should_give_the_mode_of_a_plain_create(void **state)
{
    fixture *f = *state;
    static const struct {
        mode_t umask, want;
    } cases[] = {{022, 0644}, {077, 0600}, {002, 0664}, {0, 0666}, {027, 0640}};
    mode_t saved = umask(022);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256], name[32];
        snprintf(name, sizeof name, "mode%zu.csv", i);
        join(path, sizeof path, f->dir, name);
        umask(cases[i].umask);
        mlp_atomic_file af;
        mlp_error err;
        watching = 1;
        assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
        fputs("x\n", af.fp);
        assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
        watching = 0;
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 07777, cases[i].want);
    }
    umask(saved);
    /* The mode came without setting the umask even for a moment: a file
     * another thread creates meanwhile must get the program's umask, not
     * the 0 the library set while it read it. */
    assert_int_equal(umask_calls, 0);
}

static void atomic_commit_should_report_a_failed_rename_and_remove_the_temporary(void **state)
{
    fixture *f = *state;
    char sub[256], path[256];
    join(sub, sizeof sub, f->dir, "gone");
    join(path, sizeof path, sub, "out.csv");
    assert_int_equal(mkdir(sub, 0700), 0);
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    fputs("x\n", af.fp);
    /* The rename target's folder disappears between open and commit. */
    assert_int_equal(unlink(af.tmp_path), 0);
    assert_int_equal(rmdir(sub), 0);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_ERR_IO);
    assert_null(af.path);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "cannot write: No such file or directory");
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* /dev/full takes the open and fails every write with ENOSPC: the commit
 * must see it. (A character device is written in place, never renamed.) */
static void atomic_commit_should_report_a_full_disk(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode))
        skip();
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, "/dev/full", &err), MLP_OK);
    assert_null(af.tmp_path);
    fputs("x\n", af.fp);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_ERR_IO);
    assert_string_equal(err.path, "/dev/full");
    assert_string_equal(err.message, "cannot write: No space left on device");
    assert_string_equal(err.hint, "free some disk space and try again");
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

/* Every failed write of every program is told in these words: the errno's
 * text and its hint, "-" shown as <stdout>, 0 read as EIO. */
static void write_error_should_say_why_and_what_to_do(void **state)
{
    (void)state;
    mlp_error err;
    assert_int_equal(mlp_fileio_write_error("out/p.csv", ENOSPC, &err), MLP_ERR_IO);
    assert_string_equal(err.path, "out/p.csv");
    assert_string_equal(err.message, "cannot write: No space left on device");
    assert_string_equal(err.hint, "free some disk space and try again");
    assert_int_equal(mlp_fileio_write_error("-", EFBIG, &err), MLP_ERR_IO);
    assert_string_equal(err.path, "<stdout>");
    assert_string_equal(err.message, "cannot write: File too large");
    assert_string_equal(err.hint, "the file would pass a size limit (ulimit -f, or the file "
                                  "system's): raise it, or write the file elsewhere");
    assert_int_equal(mlp_fileio_write_error("w.bin", 0, &err), MLP_ERR_IO);
    assert_string_equal(err.message, "cannot write: Input/output error");
    assert_string_equal(err.hint, "check the path and the free space");
}

/* The first of two outputs renamed so that it can be taken back: undo puts
 * the old file back (the same inode), or removes a file that did not
 * exist; abort keeps the new one; neither leaves a temporary file. */
static void an_undoable_rename_should_be_taken_back_or_kept(void **state)
{
    fixture *f = *state;
    char path[256], text[64];
    join(path, sizeof path, f->dir, "log.csv");
    write_file(path, "old\n", 4);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    mlp_error err;
    for (int keep = 0; keep < 2; keep++) {
        mlp_atomic_file af;
        assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
        fputs("new\n", af.fp);
        assert_int_equal(mlp_fileio_atomic_finish(&af, &err), MLP_OK);
        assert_int_equal(mlp_fileio_atomic_rename_undoable(&af, &err), MLP_OK);
        slurp(path, text, sizeof text);
        assert_string_equal(text, "new\n");
        if (keep) {
            mlp_fileio_atomic_abort(&af);
            slurp(path, text, sizeof text);
            assert_string_equal(text, "new\n");
        } else {
            assert_int_equal(mlp_fileio_atomic_undo(&af), 1);
            slurp(path, text, sizeof text);
            assert_string_equal(text, "old\n");
            assert_int_equal(stat(path, &after), 0);
            assert_true(after.st_ino == before.st_ino);
        }
        assert_null(af.path);
        assert_int_equal(check_count_entries(f->dir), 1);
    }
    /* No file before: undo removes the new one. */
    join(path, sizeof path, f->dir, "fresh.csv");
    mlp_atomic_file af;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    fputs("new\n", af.fp);
    assert_int_equal(mlp_fileio_atomic_finish(&af, &err), MLP_OK);
    assert_int_equal(mlp_fileio_atomic_rename_undoable(&af, &err), MLP_OK);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(mlp_fileio_atomic_undo(&af), 1);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(check_count_entries(f->dir), 1);
}

/* A broken pipe is told as what it is: the reader ended first. */
static void a_broken_pipe_should_be_told_as_a_reader_that_ended(void **state)
{
    (void)state;
    mlp_error err;
    assert_int_equal(mlp_fileio_write_error("-", EPIPE, &err), MLP_ERR_IO);
    assert_string_equal(err.path, "<stdout>");
    assert_string_equal(err.message, "cannot write: Broken pipe");
    assert_string_equal(err.hint, "the program reading the pipe ended before it had read "
                                  "everything (a pipe into head?); let it read to the end");
}

static void atomic_write_should_write_a_fifo_in_place(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "pipe");
    assert_int_equal(mkfifo(path, 0600), 0);
    int rd = open(path, O_RDONLY | O_NONBLOCK);
    assert_true(rd >= 0);
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    assert_null(af.tmp_path);
    fputs("through\n", af.fp);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
    char got[32] = {0};
    assert_int_equal(read(rd, got, sizeof got - 1), 8);
    close(rd);
    assert_string_equal(got, "through\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(check_count_entries(f->dir), 1);
}

static void atomic_open_should_report_out_of_memory_and_leave_nothing(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "out.csv");
    int failures = 0;
    for (long n = 1; n < 10; n++) {
        mlp_atomic_file af;
        mlp_error err;
        mlp_alloc_fail_after(n);
        mlp_status st = mlp_fileio_atomic_open(&af, path, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            mlp_fileio_atomic_abort(&af);
            break;
        }
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_null(af.fp);
        assert_string_equal(err.path, path);
        failures++;
    }
    assert_int_equal(failures, 2);
    assert_int_equal(check_count_entries(f->dir), 0);
}


/* ------------------------------------------------------------------------ */
/* Limits on reading, and output paths (issue 10) */

/* A regular file past the limit is refused from its size, before reading. */
static void read_all_should_refuse_a_file_past_the_limit(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "big.csv");
    static char data[3000];
    memset(data, '1', sizeof data);
    write_file(path, data, sizeof data);
    char *buf = (char *)1;
    size_t len = 1;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all_max(path, 2048, &buf, &len, &err), MLP_ERR_IO);
    assert_null(buf);
    assert_int_equal(len, 0);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, "the file is larger than 2048 bytes, the most mlp reads");
    /* Exactly at the limit is fine. */
    assert_int_equal(mlp_fileio_read_all_max(path, 3000, &buf, &len, &err), MLP_OK);
    assert_int_equal(len, 3000);
    free(buf);
}

/* An endless stream is read only up to the limit, then refused. */
static void read_all_should_refuse_an_endless_stream(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/dev/zero", &st) != 0 || !S_ISCHR(st.st_mode))
        skip();
    char *buf = (char *)1;
    size_t len = 1;
    mlp_error err;
    assert_int_equal(mlp_fileio_read_all_max("/dev/zero", (size_t)1 << 20, &buf, &len, &err),
                     MLP_ERR_IO);
    assert_null(buf);
    assert_string_equal(err.message, "the file is larger than 1 MiB, the most mlp reads");
    assert_string_equal(err.hint, "check that this is the file you meant (an endless stream such "
                                  "as /dev/zero is refused)");
    assert_int_equal(MLP_FILEIO_READ_MAX, (size_t)1 << 31);
}

static void write_and_commit(const char *path, const char *text)
{
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
    fputs(text, af.fp);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
}

/* An output that is a symbolic link: the file it leads to is replaced (the
 * temporary file beside it, not beside the link) and the link stays. */
static void atomic_write_should_follow_a_symlink_and_keep_it(void **state)
{
    fixture *f = *state;
    char sub[256], real[256], link1[256], link2[256], got[64];
    join(sub, sizeof sub, f->dir, "models");
    assert_int_equal(mkdir(sub, 0700), 0);
    join(real, sizeof real, sub, "real.bin");
    join(link1, sizeof link1, f->dir, "link1");
    join(link2, sizeof link2, f->dir, "link2");
    write_file(real, "old\n", 4);
    assert_int_equal(symlink("models/real.bin", link1), 0); /* relative to the link's folder */
    assert_int_equal(symlink(link1, link2), 0);              /* a chain of two */
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, link2, &err), MLP_OK);
    assert_non_null(af.target);
    assert_string_equal(af.target, real);
    assert_int_equal(strncmp(af.tmp_path, sub, strlen(sub)), 0);
    fputs("new\n", af.fp);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
    struct stat st;
    assert_int_equal(lstat(link1, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(link2, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    slurp(real, got, sizeof got);
    assert_string_equal(got, "new\n");
    assert_int_equal(check_count_entries(sub), 1);
    assert_int_equal(check_count_entries(f->dir), 3);

    /* A dangling link: the file it names is created. */
    char dangling[256], made[256];
    join(dangling, sizeof dangling, f->dir, "dangling");
    join(made, sizeof made, sub, "made.csv");
    assert_int_equal(symlink("models/made.csv", dangling), 0);
    write_and_commit(dangling, "made\n");
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    slurp(made, got, sizeof got);
    assert_string_equal(got, "made\n");

    /* A loop of links is an error, naming the path given. */
    char loop_a[256], loop_b[256];
    join(loop_a, sizeof loop_a, f->dir, "loop_a");
    join(loop_b, sizeof loop_b, f->dir, "loop_b");
    assert_int_equal(symlink("loop_b", loop_a), 0);
    assert_int_equal(symlink("loop_a", loop_b), 0);
    assert_int_equal(mlp_fileio_atomic_open(&af, loop_a, &err), MLP_ERR_IO);
    assert_string_equal(err.path, loop_a);
    assert_string_equal(err.message, "cannot write: Too many levels of symbolic links");
}

/* A file that is replaced keeps its permission bits, whatever the umask. */
static void atomic_commit_should_keep_the_mode_of_a_replaced_file(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "kept.csv");
    write_file(path, "old\n", 4);
    assert_int_equal(chmod(path, 0640), 0);
    mode_t saved = umask(077);
    write_and_commit(path, "new\n");
    umask(saved);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(chmod(path, 0755), 0);
    write_and_commit(path, "newer\n");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0755);
}

/* Checks and replaces path, a read-only file in a folder its user may
 * write to: 0 when both succeed and the file holds the new text with its
 * mode kept, else the step that failed. */
static int replace_read_only_file(const char *path)
{
    mlp_atomic_file af;
    mlp_error err;
    if (mlp_fileio_atomic_check(path, &err) != MLP_OK)
        return 1;
    if (mlp_fileio_atomic_open(&af, path, &err) != MLP_OK)
        return 2;
    fputs("new\n", af.fp);
    if (mlp_fileio_atomic_commit(&af, &err) != MLP_OK)
        return 3;
    char got[16];
    slurp(path, got, sizeof got);
    struct stat st;
    return strcmp(got, "new\n") != 0 ? 4 : stat(path, &st) != 0 || (st.st_mode & 07777) != 0444 ? 5 : 0;
}

/* docs/exit-codes.md, "Output files": a read-only (0444) output file is
 * replaced, as the rename replaces it: the folder's permissions govern, not
 * the file's, and the file keeps its 0444. Root writes anywhere, so as
 * root the write runs in a child that has given up its privileges. */
static void atomic_commit_should_replace_a_read_only_file(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "ro.csv");
    write_file(path, "old\n", 4);
    assert_int_equal(chmod(path, 0444), 0);
    if (geteuid() != 0) {
        assert_int_equal(replace_read_only_file(path), 0);
    } else {
        assert_int_equal(chown(f->dir, 65534, 65534), 0);
        assert_int_equal(chown(path, 65534, 65534), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(9);
            _exit(replace_read_only_file(path));
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(check_count_entries(f->dir), 1);
}

/* Every name the file system takes can be written: a name of 255 bytes
 * gets the short temporary name. */
static void atomic_write_should_accept_the_longest_name(void **state)
{
    fixture *f = *state;
    for (size_t n = 240; n <= 255; n++) {
        char name[256], path[512], got[16];
        memset(name, 'n', n);
        name[n] = '\0';
        join(path, sizeof path, f->dir, name);
        mlp_atomic_file af;
        mlp_error err;
        assert_int_equal(mlp_fileio_atomic_open(&af, path, &err), MLP_OK);
        const char *base = strrchr(af.tmp_path, '/') + 1;
        assert_true(strlen(base) <= 255);
        fputs("x\n", af.fp);
        assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
        slurp(path, got, sizeof got);
        assert_string_equal(got, "x\n");
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* A link into /proc or /dev/fd (what /dev/stdout is) names an open file:
 * it is written straight through and the link is never replaced, even when
 * the open file is a regular file (`mlptrain -o /dev/stdout > file`). */
static void atomic_write_should_write_through_a_link_to_an_open_file(void **state)
{
    fixture *f = *state;
    char file[256], link[256], target[64], got[64];
    join(file, sizeof file, f->dir, "redirected.txt");
    join(link, sizeof link, f->dir, "stdout");
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
    struct stat st;
    if (stat(target, &st) != 0) {
        close(fd);
        skip(); /* no /proc */
    }
    assert_int_equal(symlink(target, link), 0);
    mlp_atomic_file af;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&af, link, &err), MLP_OK);
    assert_null(af.tmp_path);
    fputs("through\n", af.fp);
    assert_int_equal(mlp_fileio_atomic_commit(&af, &err), MLP_OK);
    close(fd);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    slurp(file, got, sizeof got);
    assert_string_equal(got, "through\n");
    assert_int_equal(check_count_entries(f->dir), 2);
}

/* The registry from several threads at once (a program that writes files
 * from threads of its own): before, two threads could take the same free
 * slot, the second path overwriting the first, so that a signal then left
 * the first temporary file behind. Each thread enters its own paths and
 * checks that the registry holds each one while it is entered. */
enum { RACE_THREADS = 4, RACE_ROUNDS = 20000, RACE_HOLD_MAX = 12 };
typedef struct {
    int id;
    int hold;   /* paths a thread holds entered at once */
    int rounds;
    long lost;  /* paths entered but not found in the registry */
} race_job;

static void *race_registry(void *arg)
{
    race_job *j = arg;
    char path[RACE_HOLD_MAX][64];
    mlp_fileio_temp_id slot[RACE_HOLD_MAX];
    for (int r = 0; r < j->rounds; r++) {
        for (int h = 0; h < j->hold; h++) {
            snprintf(path[h], sizeof path[h], "/nonexistent/mlp-race-%d-%d-%d", j->id, r, h);
            slot[h] = mlp_fileio_track_temp(path[h]);
        }
        for (int h = 0; h < j->hold; h++)
            if (!mlp_fileio_temp_is_tracked(path[h]))
                j->lost++;
        for (int h = 0; h < j->hold; h++)
            mlp_fileio_untrack_temp(slot[h]);
    }
    return NULL;
}

static long race(int hold, int rounds)
{
    pthread_t tid[RACE_THREADS];
    race_job jobs[RACE_THREADS];
    for (int t = 0; t < RACE_THREADS; t++) {
        jobs[t] = (race_job){.id = t, .hold = hold, .rounds = rounds};
        assert_int_equal(pthread_create(&tid[t], NULL, race_registry, &jobs[t]), 0);
    }
    long lost = 0;
    for (int t = 0; t < RACE_THREADS; t++) {
        pthread_join(tid[t], NULL);
        lost += jobs[t].lost;
    }
    return lost;
}

static void the_registry_should_hold_every_thread_s_temporary_files(void **state)
{
    (void)state;
    assert_int_equal(race(1, RACE_ROUNDS), 0);
    /* Every slot is free again. */
    char path[64];
    for (int k = 0; k < MLP_FILEIO_TEMP_BLOCK; k++) {
        snprintf(path, sizeof path, "/nonexistent/mlp-race-%d-%d-0", k % RACE_THREADS,
                 RACE_ROUNDS - 1 - k / RACE_THREADS);
        assert_false(mlp_fileio_temp_is_tracked(path));
    }
    /* 4 threads holding 12 paths each (48 at once, 3 blocks) grow the
     * registry at the same moment: no path is lost to a block that two
     * threads hung at once. */
    assert_int_equal(race(RACE_HOLD_MAX, RACE_ROUNDS / 10), 0);
}

/* The registry of temporary files: a handler's sweep removes every live
 * one; committed and aborted ones are no longer in it. */
static void remove_temps_should_remove_every_live_temporary_file(void **state)
{
    fixture *f = *state;
    char a[256], b[256], c[256];
    join(a, sizeof a, f->dir, "a.csv");
    join(b, sizeof b, f->dir, "b.csv");
    join(c, sizeof c, f->dir, "c.csv");
    mlp_atomic_file fa, fb, fc;
    mlp_error err;
    assert_int_equal(mlp_fileio_atomic_open(&fa, a, &err), MLP_OK);
    assert_int_equal(mlp_fileio_atomic_open(&fb, b, &err), MLP_OK);
    assert_int_equal(mlp_fileio_atomic_open(&fc, c, &err), MLP_OK);
    assert_int_equal(check_count_entries(f->dir), 3);
    assert_int_equal(mlp_fileio_atomic_commit(&fa, &err), MLP_OK);
    mlp_fileio_atomic_abort(&fb);
    assert_int_equal(check_count_entries(f->dir), 2); /* a.csv and c's temporary */
    mlp_fileio_remove_temps();
    assert_int_equal(check_count_entries(f->dir), 1);
    assert_int_equal(access(a, F_OK), 0);
    mlp_fileio_atomic_abort(&fc);
    assert_int_equal(check_count_entries(f->dir), 1);
}

/* More temporary files alive at once than a block of the registry holds
 * (16): before, the 17th was not entered (track returned 0, silently), so
 * a signal's sweep left it behind. Every one is listed and removed. */
enum { MANY_TEMPS = 3 * MLP_FILEIO_TEMP_BLOCK + 1 };
static void remove_temps_should_remove_more_files_than_one_block_holds(void **state)
{
    fixture *f = *state;
    mlp_atomic_file af[MANY_TEMPS];
    mlp_error err;
    for (int k = 0; k < MANY_TEMPS; k++) {
        char name[32], path[256];
        snprintf(name, sizeof name, "out%02d.csv", k);
        join(path, sizeof path, f->dir, name);
        assert_int_equal(mlp_fileio_atomic_open(&af[k], path, &err), MLP_OK);
    }
    assert_int_equal(check_count_entries(f->dir), MANY_TEMPS);
    mlp_fileio_remove_temps();
    assert_int_equal(check_count_entries(f->dir), 0);
    for (int k = 0; k < MANY_TEMPS; k++)
        mlp_fileio_atomic_abort(&af[k]);
    /* Their slots are free again and reused: as many open once more. */
    for (int k = 0; k < MANY_TEMPS; k++) {
        char name[32], path[256];
        snprintf(name, sizeof name, "again%02d.csv", k);
        join(path, sizeof path, f->dir, name);
        assert_int_equal(mlp_fileio_atomic_open(&af[k], path, &err), MLP_OK);
        assert_true(mlp_fileio_temp_is_tracked(af[k].tmp_path));
    }
    for (int k = 0; k < MANY_TEMPS; k++)
        mlp_fileio_atomic_abort(&af[k]);
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* When the registry has no memory for one more block, the file is refused
 * (MLP_ERR_NOMEM, nothing left on disk), never kept unlisted. The open
 * that needs a block makes one allocation more than the others: each open
 * is given exactly that many, until one fails. */
enum { NOMEM_TEMPS = 8 * MLP_FILEIO_TEMP_BLOCK };
static void an_open_should_be_refused_when_the_registry_cannot_grow(void **state)
{
    fixture *f = *state;
    static mlp_atomic_file af[NOMEM_TEMPS];
    mlp_error err;
    char path[256], name[32];
    long before = mlp_alloc_count();
    join(path, sizeof path, f->dir, "first.csv");
    assert_int_equal(mlp_fileio_atomic_open(&af[0], path, &err), MLP_OK);
    long per_open = mlp_alloc_count() - before;
    int n = 1, refused = 0;
    while (n < NOMEM_TEMPS && !refused) {
        snprintf(name, sizeof name, "out%03d.csv", n);
        join(path, sizeof path, f->dir, name);
        mlp_alloc_fail_after(per_open + 1);
        mlp_status st = mlp_fileio_atomic_open(&af[n], path, &err);
        mlp_alloc_fail_after(0);
        if (st == MLP_OK) {
            n++;
            continue;
        }
        refused = 1;
        assert_int_equal(st, MLP_ERR_NOMEM);
        assert_string_equal(err.path, path);
        assert_string_equal(err.message, "out of memory opening the file (listing its temporary "
                                         "file for removal on a signal)");
        assert_null(af[n].fp);
        assert_null(af[n].tmp_path);
    }
    assert_true(refused);
    assert_int_equal(n % MLP_FILEIO_TEMP_BLOCK, 0);
    assert_int_equal(check_count_entries(f->dir), n); /* the refused one's file is gone */
    /* With memory it opens, in a new block, and is listed. */
    assert_int_equal(mlp_fileio_atomic_open(&af[n], path, &err), MLP_OK);
    assert_true(mlp_fileio_temp_is_tracked(af[n].tmp_path));
    n++;
    for (int k = 0; k < n; k++)
        mlp_fileio_atomic_abort(&af[k]);
    assert_int_equal(check_count_entries(f->dir), 0);
}

/* ------------------------------------------------------------------------ */
/* Paths */

static void resolve_should_join_relative_paths_to_the_config_folder(void **state)
{
    (void)state;
    static const struct {
        const char *base, *rel, *want;
    } cases[] = {
        {"configs/xor.json", "data/xor.csv", "configs/data/xor.csv"},
        {"xor.json", "data/xor.csv", "data/xor.csv"},
        {"/etc/mlp/a.json", "/srv/d.csv", "/srv/d.csv"},
        {"/a.json", "d.csv", "/d.csv"},
        {"a/b/c.json", "../d.csv", "a/b/../d.csv"},
        {"./c.json", "d.csv", "./d.csv"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = mlp_fileio_resolve(cases[i].base, cases[i].rel);
        assert_non_null(got);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
    mlp_alloc_fail_after(1);
    assert_null(mlp_fileio_resolve("configs/x.json", "d.csv"));
    mlp_alloc_fail_after(0);
}

/* A spec read from an open file (/dev/stdin, bash's <(...) as /dev/fd/63)
 * has no folder: its paths are the current folder's, as for "-". They were
 * looked up in /dev/ and /dev/fd/. */
static void resolve_should_keep_paths_of_an_open_file_relative_to_the_current_folder(void **state)
{
    (void)state;
    static const char *const bases[] = {"/dev/stdin", "/dev/fd/63", "/proc/self/fd/3",
                                        "/proc/12/fd/0"};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        assert_true(mlp_fileio_names_open_file(bases[i]));
        char *got = mlp_fileio_resolve(bases[i], "data/xor.csv");
        assert_non_null(got);
        assert_string_equal(got, "data/xor.csv");
        free(got);
    }
    assert_false(mlp_fileio_names_open_file("/dev/null"));
    assert_false(mlp_fileio_names_open_file("dev/stdin"));
    assert_false(mlp_fileio_names_open_file("/dev/stdin.json"));
    char *got = mlp_fileio_resolve("/dev/specs/a.json", "d.csv");
    assert_non_null(got);
    assert_string_equal(got, "/dev/specs/d.csv");
    free(got);
}

/* A replaced file keeps its owner and group where the process may give
 * them: root any, another user a group of its own. It was: the owner and
 * group became the writer's (root's), only the mode was kept. */
static void atomic_commit_should_keep_the_owner_of_a_replaced_file(void **state)
{
    fixture *f = *state;
    char path[256];
    join(path, sizeof path, f->dir, "owned.bin");
    write_file(path, "old\n", 4);
    assert_int_equal(chmod(path, 0640), 0);
    uid_t uid = (uid_t)-1;
    gid_t gid = (gid_t)-1;
    if (geteuid() == 0) {
        uid = 65534; /* nobody; any id will do for root */
        gid = 65534;
    } else {
        gid_t groups[256];
        int n = getgroups(256, groups);
        for (int i = 0; i < n && gid == (gid_t)-1; i++)
            if (groups[i] != getegid())
                gid = groups[i];
        if (gid == (gid_t)-1)
            skip(); /* one group only: nothing another group could be given */
    }
    assert_int_equal(chown(path, uid, gid), 0);
    write_and_commit(path, "new\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    if (uid != (uid_t)-1)
        assert_int_equal(st.st_uid, uid);
    else
        assert_int_equal(st.st_uid, geteuid());
    assert_int_equal(st.st_gid, gid);
    assert_int_equal(st.st_mode & 07777, 0640);
    char got[16];
    slurp(path, got, sizeof got);
    assert_string_equal(got, "new\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(read_all_should_report_a_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(read_all_should_suggest_the_file_a_typo_meant, setup,
                                        teardown),
        cmocka_unit_test(edit_distance_should_count_edits_and_swaps),
        cmocka_unit_test_setup_teardown(read_all_should_report_a_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(read_all_should_return_every_byte_and_a_terminating_nul,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(read_all_should_read_an_empty_file, setup, teardown),
        cmocka_unit_test(read_all_should_go_on_after_a_signal_cuts_a_read_short),
        cmocka_unit_test_setup_teardown(read_all_should_allocate_once_for_a_regular_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(read_all_should_read_a_stream_of_unknown_size, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(read_all_should_report_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_should_replace_the_destination_only_at_commit,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_should_create_a_new_file, setup, teardown),
        cmocka_unit_test_setup_teardown(
            atomic_abort_should_keep_the_old_file_and_remove_the_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_open_should_fail_on_a_folder_destination, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(atomic_open_should_explain_a_trailing_slash, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(atomic_open_should_fail_on_a_missing_folder, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            atomic_open_should_name_a_folder_to_create_only_when_it_is_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_open_should_say_the_working_folder_was_deleted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_open_should_fail_in_a_read_only_folder, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            atomic_write_should_explain_another_user_s_file_in_a_sticky_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_commit_should_give_the_mode_of_a_plain_create,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            atomic_commit_should_report_a_failed_rename_and_remove_the_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_commit_should_report_a_full_disk, setup, teardown),
        cmocka_unit_test(write_error_should_say_why_and_what_to_do),
        cmocka_unit_test_setup_teardown(an_undoable_rename_should_be_taken_back_or_kept, setup,
                                        teardown),
        cmocka_unit_test(a_broken_pipe_should_be_told_as_a_reader_that_ended),
        cmocka_unit_test_setup_teardown(atomic_write_should_write_a_fifo_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_open_should_report_out_of_memory_and_leave_nothing,
                                        setup, teardown),
        cmocka_unit_test(resolve_should_join_relative_paths_to_the_config_folder),
        cmocka_unit_test_setup_teardown(read_all_should_refuse_a_file_past_the_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(read_all_should_refuse_an_endless_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_should_follow_a_symlink_and_keep_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(atomic_commit_should_replace_a_read_only_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(atomic_commit_should_keep_the_mode_of_a_replaced_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(atomic_write_should_accept_the_longest_name, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(atomic_write_should_write_through_a_link_to_an_open_file,
                                        setup, teardown),
        cmocka_unit_test(the_registry_should_hold_every_thread_s_temporary_files),
        cmocka_unit_test_setup_teardown(remove_temps_should_remove_every_live_temporary_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(remove_temps_should_remove_more_files_than_one_block_holds,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(an_open_should_be_refused_when_the_registry_cannot_grow,
                                        setup, teardown),
        cmocka_unit_test(resolve_should_keep_paths_of_an_open_file_relative_to_the_current_folder),
        cmocka_unit_test_setup_teardown(atomic_commit_should_keep_the_owner_of_a_replaced_file,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
