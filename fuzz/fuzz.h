/* SPDX-License-Identifier: MIT */
/* fuzz.h: what every fuzz target shares. Each fuzz/fuzz_<name>.c defines
 * LLVMFuzzerTestOneInput; built with clang and -fsanitize=fuzzer it is a
 * libFuzzer binary (scripts/fuzz.sh), built with replay.c and the normal
 * compiler it is the ctest program that replays fuzz/regressions/<name>/.
 * A target reports a bug by crashing: a sanitizer report or FUZZ_CHECK. */
#ifndef MLP_FUZZ_H
#define MLP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the target checks: on failure say which and abort, so
 * libFuzzer saves the input and the replay test fails. */
#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

#ifdef _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

/* A file in memory holding the bytes (memfd, named name), for the targets
 * that read through a file descriptor as the programs do, leaving no file
 * on disk; -1 when the system gives none. Needs _GNU_SOURCE. */
static inline int fuzz_memfd_with(const char *name, const void *data, size_t size)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    const char *bytes = data;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, bytes + done, size - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    return fd;
}
#endif

#endif
