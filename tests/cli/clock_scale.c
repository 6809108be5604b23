/* SPDX-License-Identifier: MIT */
/* clock_scale.c: an LD_PRELOAD library for tests/cli/test_epoch_time.sh.
 * clock_gettime is libc's, except that CLOCK_MONOTONIC runs
 * $MLP_TEST_CLOCK_SCALE times as fast, from 1 s at its first reading (near
 * 0, where a double keeps the nanoseconds of a slowed clock): an epoch of a
 * few microseconds then lasts seconds, or nanoseconds, by mlptrain's clock,
 * and the summary line of a slow run is tested in a fraction of a second. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

int clock_gettime(clockid_t id, struct timespec *ts)
{
    int (*real)(clockid_t, struct timespec *);
    *(void **)&real = dlsym(RTLD_NEXT, "clock_gettime");
    int rc = real(id, ts);
    const char *s = getenv("MLP_TEST_CLOCK_SCALE");
    if (rc != 0 || id != CLOCK_MONOTONIC || !s)
        return rc;
    static double first = -1;
    double now = (double)ts->tv_sec + 1e-9 * (double)ts->tv_nsec;
    if (first < 0)
        first = now;
    double scaled = 1 + (now - first) * atof(s);
    ts->tv_sec = (time_t)scaled;
    ts->tv_nsec = (long)((scaled - (double)ts->tv_sec) * 1e9);
    return rc;
}
