/* SPDX-License-Identifier: MIT */
/* signal_in_mkstemp.c: an LD_PRELOAD library for tests/cli/test_signals.sh.
 * mkstemp is libc's, except that call number MLP_TEST_MKSTEMP_AT (from 1)
 * raises signal MLP_TEST_MKSTEMP_SIGNAL once the file exists, before the
 * caller has the descriptor. That is where a signal sent while the kernel
 * creates the file is delivered, as the open() call returns: a moment a
 * test can otherwise hit only by chance (as CI once did). And rename, when
 * MLP_TEST_RENAME_SIGNAL is set, raises that signal once the file is renamed
 * into place: a signal while an output is committed (the message "stopped
 * by ... after FILE was written"). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>

int mkstemp(char *template);

int mkstemp(char *template)
{
    static int calls;
    int (*real)(char *);
    *(void **)&real = dlsym(RTLD_NEXT, "mkstemp");
    int fd = real(template);
    const char *sig = getenv("MLP_TEST_MKSTEMP_SIGNAL");
    const char *at = getenv("MLP_TEST_MKSTEMP_AT");
    if (fd >= 0 && sig && at && ++calls == atoi(at))
        raise(atoi(sig));
    return fd;
}

int rename(const char *from, const char *to);

int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *);
    *(void **)&real = dlsym(RTLD_NEXT, "rename");
    int rc = real(from, to);
    const char *sig = getenv("MLP_TEST_RENAME_SIGNAL");
    if (rc == 0 && sig)
        raise(atoi(sig));
    return rc;
}
