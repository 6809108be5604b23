/* SPDX-License-Identifier: MIT */
/* check.h: small helpers shared by the cmocka test programs. */
#ifndef MLP_TEST_CHECK_H
#define MLP_TEST_CHECK_H

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* Fails the test unless |got - want| <= tol * max(1, |want|), printing both. */
#define assert_close(got, want, tol)                                                        \
    do {                                                                                    \
        double g_ = (got), w_ = (want), t_ = (tol);                                          \
        double s_ = fabs(w_) > 1.0 ? fabs(w_) : 1.0;                                        \
        if (!(fabs(g_ - w_) <= t_ * s_))                                                     \
            fail_msg("%s = %.17g, want %.17g (tolerance %g)", #got, g_, w_, t_);             \
    } while (0)

/* A file written with `text` in a fresh folder under /tmp, for tests of the
 * readers that take a path; check_temp_remove deletes both. */
typedef struct {
    char dir[64];
    char path[128];
} temp_file;

static inline void temp_write_named(temp_file *t, const char *name, const char *text, size_t len)
{
    strcpy(t->dir, "/tmp/mlp_test_XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
    FILE *fp = fopen(t->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static inline void temp_remove(temp_file *t)
{
    remove(t->path);
    rmdir(t->dir);
}

/* The entries of folder dir but "." and "..": a test of an atomic write
 * counts them to see that no temporary file was left behind. */
static inline int check_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

#endif
