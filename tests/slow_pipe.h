/* SPDX-License-Identifier: MIT */
/* slow_pipe.h: a pipe whose writer is slow, and a signal of a program's own
 * that cuts the reader's waits short, for the tests of the readers'
 * EINTR handling (test_fileio.c, test_csv_stream.c).
 *
 * A thread writes the parts one by one into a pipe. Before each part after
 * the first it waits until the reading thread sleeps (blocked in read(),
 * its state 'S' in /proc/self/task/TID/stat, the pipe empty), sends it
 * SIGALRM, whose handler is installed without SA_RESTART as a program's
 * timer might be, and waits until the handler has run: the read, with no
 * data there yet, has then returned EINTR. Only then does it write the
 * part. So every signal after the first part lands in a read that waits,
 * whatever the timing; a reader that takes EINTR for an error fails. The
 * reader opens the path slow_pipe.path (/dev/fd/N, the read end). Needs
 * _GNU_SOURCE (syscall). */
#ifndef MLP_TEST_SLOW_PIPE_H
#define MLP_TEST_SLOW_PIPE_H

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct {
    char path[32];             /* /dev/fd/N: the read end, for the reader to open */
    const char *const *parts;  /* written in turn */
    size_t n_parts;
    int fds[2];
    pid_t reader_tid;
    pthread_t reader, writer;
    struct sigaction old;
    int cut_short;             /* signals sent while the reader waited */
} slow_pipe;

static volatile sig_atomic_t slow_pipe_alarms;

static inline void slow_pipe_on_alarm(int sig)
{
    (void)sig;
    slow_pipe_alarms++;
}

/* 1 once thread tid sleeps, polling for up to 5 s. */
static inline int slow_pipe_wait_asleep(pid_t tid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    for (int i = 0; i < 5000; i++) {
        FILE *fp = fopen(path, "r");
        size_t n = fp ? fread(stat, 1, sizeof stat - 1, fp) : 0;
        if (fp)
            fclose(fp);
        stat[n] = '\0';
        const char *end = strrchr(stat, ')'); /* the name may hold anything */
        if (end && end[1] == ' ' && end[2] == 'S')
            return 1;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    return 0;
}

static inline void *slow_pipe_write(void *arg)
{
    slow_pipe *p = arg;
    for (size_t k = 0; k < p->n_parts; k++) {
        if (k > 0 && slow_pipe_wait_asleep(p->reader_tid)) {
            sig_atomic_t before = slow_pipe_alarms;
            pthread_kill(p->reader, SIGALRM);
            for (int i = 0; i < 5000 && slow_pipe_alarms == before; i++)
                nanosleep(&(struct timespec){0, 1000000}, NULL);
            p->cut_short += slow_pipe_alarms != before;
        }
        size_t len = strlen(p->parts[k]);
        if (write(p->fds[1], p->parts[k], len) != (ssize_t)len)
            break;
    }
    close(p->fds[1]);
    return NULL;
}

/* Starts the writer; the calling thread is the reader. */
static inline void slow_pipe_start(slow_pipe *p, const char *const *parts, size_t n_parts)
{
    memset(p, 0, sizeof *p);
    p->parts = parts;
    p->n_parts = n_parts;
    assert_int_equal(pipe(p->fds), 0);
    snprintf(p->path, sizeof p->path, "/dev/fd/%d", p->fds[0]);
    p->reader = pthread_self();
    p->reader_tid = (pid_t)syscall(SYS_gettid);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = slow_pipe_on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a read that waits fails with EINTR */
    assert_int_equal(sigaction(SIGALRM, &sa, &p->old), 0);
    assert_int_equal(pthread_create(&p->writer, NULL, slow_pipe_write, p), 0);
}

/* Joins the writer, puts SIGALRM's handler back, closes the read end;
 * returns how many reads the signal cut short. */
static inline int slow_pipe_finish(slow_pipe *p)
{
    pthread_join(p->writer, NULL);
    sigaction(SIGALRM, &p->old, NULL);
    close(p->fds[0]);
    return p->cut_short;
}

#endif
