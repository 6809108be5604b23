/* SPDX-License-Identifier: MIT */
/* test_signals.c: what a program of its own that uses the library does
 * about signals (mlp/signals.h): its handler removes the library's
 * temporary files with mlp_signals_remove_temps, and the destinations stay
 * as they were. */
#define _GNU_SOURCE /* mkdtemp */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "mlp/mlp.h"

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

static int count_entries(const char *dir)
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
    assert_int_equal(count_entries(f->dir), 1 + FILES);

    struct sigaction sa, before;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = program_handler;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGUSR1, &sa, &before), 0);
    handled = 0;
    raise(SIGUSR1);
    assert_int_equal(sigaction(SIGUSR1, &before, NULL), 0);
    assert_int_equal(handled, SIGUSR1);

    assert_int_equal(count_entries(f->dir), 1); /* kept.bin alone */
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
    assert_int_equal(count_entries(f->dir), 1);
    char buf[64] = {0};
    fp = fopen(old, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    assert_int_equal(n, strlen("the old bytes\n"));
    assert_string_equal(buf, "the old bytes\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(program_handler_should_remove_every_temporary_file,
                                        make_folder, remove_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
