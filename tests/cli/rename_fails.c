/* SPDX-License-Identifier: MIT */
/* rename_fails.c: an LD_PRELOAD library for tests/cli/test_write_failures.sh.
 * rename and renameat2 are libc's, except that a rename whose destination's
 * last component is $MLP_TEST_RENAME_FAIL fails with $MLP_TEST_RENAME_ERRNO
 * (default EBUSY), as a rename over a bind-mounted file or over another
 * user's file in a sticky folder does: the failure of the second rename of
 * mlp_outputs_write, which no pre-flight check foresaw, without root. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int refused(const char *to)
{
    const char *name = getenv("MLP_TEST_RENAME_FAIL");
    const char *slash = strrchr(to, '/');
    if (!name || strcmp(slash ? slash + 1 : to, name) != 0)
        return 0;
    const char *e = getenv("MLP_TEST_RENAME_ERRNO");
    errno = e ? atoi(e) : EBUSY;
    return 1;
}

int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *);
    *(void **)&real = dlsym(RTLD_NEXT, "rename");
    return refused(to) ? -1 : real(from, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags)
{
    int (*real)(int, const char *, int, const char *, unsigned);
    *(void **)&real = dlsym(RTLD_NEXT, "renameat2");
    return refused(to) ? -1 : real(fromfd, from, tofd, to, flags);
}
