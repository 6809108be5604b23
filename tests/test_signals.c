/* SPDX-License-Identifier: MIT */
/* test_signals.c: what a program of its own that uses the library does
 * about signals (mlp/signals.h): its handler removes the library's
 * temporary files with mlp_signals_remove_temps, and the destinations stay
 * as they were. And the holds of signals.h (every atomic write takes one)
 * from several threads at once: every hold is released, and a signal held
 * by one thread's hold is acted on at its release. */
#define _GNU_SOURCE /* mkdtemp */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "mlp/mlp.h"
#include "signals.h"
#include "slow_pipe.h"

/* ------------------------------------------------------------------------ */
/* A program's own handler                                                  */

typedef struct {
    char dir[64];
} folder;

static int make_folder(void **state)
{
    folder *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/mlp-test-signals.XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int remove_folder(void **state)
{
    folder *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static volatile sig_atomic_t handled;

/* What a program's handler does before it ends (here it only returns, so
 * that the test can look). */
static void program_handler(int sig)
{
    mlp_signals_remove_temps();
    handled = sig;
}

/* mlp.h promised a list of temporary files "that a program's signal
 * handler removes", but the one function that removes them was internal to
 * libmlp.so: a program could not call it. More files than the list's first
 * block (16) are alive, one of them replacing a file with known bytes. */
static void program_handler_should_remove_every_temporary_file(void **state)
{
    folder *f = *state;
    enum { FILES = 20 };
    char old[128];
    snprintf(old, sizeof old, "%s/kept.bin", f->dir);
    FILE *fp = fopen(old, "wb");
    assert_non_null(fp);
    fputs("the old bytes\n", fp);
    assert_int_equal(fclose(fp), 0);

    mlp_atomic_file af[FILES];
    mlp_error err;
    for (int i = 0; i < FILES; i++) {
        char path[128];
        if (i == 0)
            snprintf(path, sizeof path, "%s", old);
        else
            snprintf(path, sizeof path, "%s/new%d.bin", f->dir, i);
        assert_int_equal(mlp_fileio_atomic_open(&af[i], path, &err), MLP_OK);
        assert_non_null(af[i].tmp_path);
        fputs("half a file", af[i].fp);
    }
    assert_int_equal(check_count_entries(f->dir), 1 + FILES);

    struct sigaction sa, before;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = program_handler;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGUSR1, &sa, &before), 0);
    handled = 0;
    raise(SIGUSR1);
    assert_int_equal(sigaction(SIGUSR1, &before, NULL), 0);
    assert_int_equal(handled, SIGUSR1);

    assert_int_equal(check_count_entries(f->dir), 1); /* kept.bin alone */
    for (int i = 0; i < FILES; i++) {
        errno = 0;
        assert_int_equal(access(af[i].tmp_path, F_OK), -1);
        assert_int_equal(errno, ENOENT);
    }
    /* A write cut short fails at its end and leaves its destination. */
    assert_int_not_equal(mlp_fileio_atomic_commit(&af[0], &err), MLP_OK);
    assert_int_equal(err.code, MLP_ERR_IO);
    for (int i = 1; i < FILES; i++)
        mlp_fileio_atomic_abort(&af[i]);
    assert_int_equal(check_count_entries(f->dir), 1);
    char buf[64] = {0};
    fp = fopen(old, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    assert_int_equal(n, strlen("the old bytes\n"));
    assert_string_equal(buf, "the old bytes\n");
}

/* A program's handler that removes the temporary files and returns: the
 * entries it emptied are taken by files opened after it, and the write it
 * cut short is then aborted. The registry freed an entry by its number
 * alone, so that abort freed the entry of whichever later file had taken
 * the number, and the next signal left that file behind. Now an entry is
 * freed only by the id it was given in, and every later file stays listed
 * and is removed. */
static void abort_after_a_handler_should_keep_the_entries_of_later_files(void **state)
{
    folder *f = *state;
    enum { EARLY = 3, LATER = 2 * MLP_FILEIO_TEMP_BLOCK + 3 };
    mlp_atomic_file early[EARLY], later[LATER];
    mlp_error err;
    char path[128];
    for (int i = 0; i < EARLY; i++) {
        snprintf(path, sizeof path, "%s/early%d.bin", f->dir, i);
        assert_int_equal(mlp_fileio_atomic_open(&early[i], path, &err), MLP_OK);
    }
    mlp_signals_remove_temps(); /* the handler, which returns */
    assert_int_equal(check_count_entries(f->dir), 0);
    /* More files than every block holds: whatever slots the early files
     * had are taken again. */
    for (int i = 0; i < LATER; i++) {
        snprintf(path, sizeof path, "%s/later%d.bin", f->dir, i);
        assert_int_equal(mlp_fileio_atomic_open(&later[i], path, &err), MLP_OK);
    }
    for (int i = 0; i < EARLY; i++)
        mlp_fileio_atomic_abort(&early[i]);
    for (int i = 0; i < LATER; i++)
        if (!mlp_fileio_temp_is_tracked(later[i].tmp_path))
            fail_msg("later file %d is no longer listed: an early file's abort freed its entry",
                     i);
    mlp_signals_remove_temps(); /* the next signal */
    assert_int_equal(check_count_entries(f->dir), 0);
    for (int i = 0; i < LATER; i++)
        mlp_fileio_atomic_abort(&later[i]);
}

/* ------------------------------------------------------------------------ */
/* Holds from several threads                                               */

/* Runs fn in a child with the handlers installed and its stop-mode line
 * going to a pipe; returns the child's wait status, and what it wrote to
 * the pipe in out. */
static int in_child(void (*fn)(int fd), char *out, size_t cap)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        mlp_signals_install("test_signals");
        mlp_signals_message_fd(fds[1]);
        fn(fds[1]);
        _exit(0); /* only when no signal ended it */
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t r;
    while (len + 1 < cap && (r = read(fds[0], out + len, cap - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static pthread_barrier_t start_together;

static void *hold_and_release(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_together);
    for (int i = 0; i < 1000000; i++) {
        mlp_signals_hold();
        mlp_signals_release();
    }
    return NULL;
}

static void hold_from_four_threads_then_stop(int fd)
{
    (void)fd;
    if (pthread_barrier_init(&start_together, NULL, 4))
        _exit(3);
    for (int round = 0; round < 8; round++) {
        pthread_t tid[4];
        for (int k = 0; k < 4; k++)
            if (pthread_create(&tid[k], NULL, hold_and_release, NULL))
                _exit(3);
        for (int k = 0; k < 4; k++)
            pthread_join(tid[k], NULL);
    }
    raise(SIGTERM); /* no hold is on: stops at once */
}

/* The hold count was a plain int that every atomic write raised and
 * lowered: threads writing files at once lost updates (ThreadSanitizer's
 * report from concurrent mlp_weights_write), and a count left above 0
 * held every later signal for good: SIGTERM no longer stopped the
 * program (here: 8 rounds of 4 threads x 10^6 pairs; the old count was
 * left above 0 in about half the runs of one round). */
static void holds_of_threads_at_once_should_all_be_released(void **state)
{
    (void)state;
    char out[256];
    int status = in_child(hold_from_four_threads_then_stop, out, sizeof out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 143)
        fail_msg("the child ended with status 0x%x, not exit 143: SIGTERM was held", status);
    assert_string_equal(out, "test_signals: stopped by SIGTERM; nothing was written\n");
}

static atomic_int holder_holds, signal_sent;

static void *hold_until_signalled(void *arg)
{
    (void)arg;
    mlp_signals_hold();
    atomic_store(&holder_holds, 1);
    while (!atomic_load(&signal_sent))
        sched_yield();
    mlp_signals_release(); /* acts on the held SIGTERM: does not return */
    return NULL;
}

static void signal_in_one_thread_while_another_holds(int fd)
{
    pthread_t tid;
    if (pthread_create(&tid, NULL, hold_until_signalled, NULL))
        _exit(3);
    while (!atomic_load(&holder_holds))
        sched_yield();
    raise(SIGTERM); /* this thread's handler: held, the other thread holds */
    if (write(fd, "held\n", 5) != 5)
        _exit(4);
    atomic_store(&signal_sent, 1);
    pthread_join(tid, NULL);
}

static void signal_held_by_another_thread_should_stop_at_its_release(void **state)
{
    (void)state;
    char out[256];
    int status = in_child(signal_in_one_thread_while_another_holds, out, sizeof out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 143)
        fail_msg("the child ended with status 0x%x, not exit 143", status);
    assert_string_equal(out, "held\ntest_signals: stopped by SIGTERM; nothing was written\n");
}

/* ------------------------------------------------------------------------ */
/* A read waiting for data when a deferred signal comes                     */

static pthread_t reading_thread;
static pid_t reading_tid;

/* SIGTERM to the reading thread once it waits in its read. */
static void *term_once_asleep(void *arg)
{
    (void)arg;
    if (slow_pipe_wait_asleep(reading_tid))
        pthread_kill(reading_thread, SIGTERM);
    return NULL;
}

/* A read of a pipe that never gets data (this process holds its write
 * end), in defer mode (training): SIGTERM cuts it short with EINTR. The
 * readers go on after an EINTR of a program's own handler
 * (mlp_fileio_fread), but this one is mlp's, recorded for the program to
 * stop: the read stops as the signal's stop, it does not wait on. */
static void read_in_defer_mode_then_term(int fd)
{
    alarm(20); /* a read that waited on: ended by SIGALRM, not a hang */
    mlp_signals_defer(1);
    int fds[2];
    if (pipe(fds))
        _exit(3);
    char path[32];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    reading_thread = pthread_self();
    reading_tid = (pid_t)syscall(SYS_gettid);
    pthread_t tid;
    if (pthread_create(&tid, NULL, term_once_asleep, NULL))
        _exit(3);
    char *buf = NULL;
    size_t len;
    mlp_error err;
    mlp_status st = mlp_fileio_read_all(path, &buf, &len, &err);
    pthread_join(tid, NULL);
    dprintf(fd, "%d %s\n", (int)st, err.message);
}

static void deferred_signal_should_stop_a_read_that_waits(void **state)
{
    (void)state;
    char out[256], want[256];
    int status = in_child(read_in_defer_mode_then_term, out, sizeof out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("the child ended with status 0x%x: the read waited on", status);
    snprintf(want, sizeof want, "%d stopped by SIGTERM while reading\n", MLP_ERR_INTERRUPTED);
    assert_string_equal(out, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(program_handler_should_remove_every_temporary_file,
                                        make_folder, remove_folder),
        cmocka_unit_test_setup_teardown(
            abort_after_a_handler_should_keep_the_entries_of_later_files, make_folder,
            remove_folder),
        cmocka_unit_test(holds_of_threads_at_once_should_all_be_released),
        cmocka_unit_test(signal_held_by_another_thread_should_stop_at_its_release),
        cmocka_unit_test(deferred_signal_should_stop_a_read_that_waits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
