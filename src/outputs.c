/* SPDX-License-Identifier: MIT */
/* outputs.c: the output plan of a run (no output is an input or another
 * output, each can be written) and the writing of the weights and the loss
 * log together, in step, under a lock (outputs.h says in which order and
 * why). */
#include "mlp/outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "fileio.h"
#include "mlp/trace.h"
#include "pathid.h"
#include "signals.h"

mlp_status mlp_outputs_check_paths(const mlp_named_path *outputs, size_t n_outputs,
                                   const mlp_named_path *inputs, size_t n_inputs, mlp_error *err)
{
    for (size_t i = 0; i < n_outputs; i++) {
        const mlp_named_path *o = &outputs[i];
        if (!o->path)
            continue;
        for (size_t j = 0; j < i; j++) {
            const mlp_named_path *p = &outputs[j];
            if (!p->path || !mlp_pathid_same(o->path, p->path))
                continue;
            mlp_error_set(err, MLP_ERR_USAGE, p->path, 0, 0,
                          "the %s and the %s would be written to the same file", p->what, o->what);
            mlp_error_hint(err, "give %s and %s different paths", p->option, o->option);
            return MLP_ERR_USAGE;
        }
        for (size_t j = 0; j < n_inputs; j++) {
            const mlp_named_path *in = &inputs[j];
            /* "-" reads standard input: redirected from a file (`< in.csv`),
             * that file is the input. */
            if (!in->path || !mlp_pathid_output_is_input(o->path, in->path))
                continue;
            mlp_error_set(err, MLP_ERR_USAGE, mlp_fileio_display_name(o->path, 1), 0, 0,
                          "the %s would overwrite the %s (%s)", o->what, in->what,
                          mlp_fileio_display_name(in->path, 0));
            mlp_error_hint(err, "give %s another path", o->option);
            return MLP_ERR_USAGE;
        }
    }
    return MLP_OK;
}

mlp_status mlp_outputs_check_writable(const char *path, mlp_error *err)
{
    return mlp_fileio_atomic_check(path, err);
}

/* The files of a CSV trace in dir. Their names depend only on the
 * network's layers, the l2 penalty and whether the initial weights are
 * known (trace.h), so the trace of one row of zeros names the files of
 * every trace of the run, without its data. */
static mlp_status trace_csv_paths(const mlp_outputs_plan *p, char ***paths, size_t *n,
                                  mlp_error *err)
{
    const mlp_net *net = p->net;
    size_t width = net->sizes[0] + net->sizes[net->n_layers];
    double *zeros = mlp_alloc_zero(width, sizeof *zeros);
    if (!zeros)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    mlp_trace tr;
    mlp_trace_options to = {.epoch = 1, .row = 0, .initial = net->params, .l2 = p->l2};
    mlp_status st = mlp_trace_run(net, zeros, zeros + net->sizes[0], 1, &to, &tr, err);
    if (!st)
        st = mlp_trace_csv_paths(&tr, p->trace, paths, n, err);
    mlp_trace_free(&tr);
    free(zeros);
    return st;
}

/* A plan the checks cannot read: refused, not dereferenced (mlp.h). */
static mlp_status refuse_plan(const mlp_outputs_plan *p, mlp_error *err)
{
    const char *what = !p ? "the plan" : "the network whose layers name a CSV trace's files";
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_outputs_check_plan: %s is NULL", what);
    mlp_error_hint(err, !p ? "give the run's paths in an mlp_outputs_plan"
                           : "set net, or trace_format to NULL for a JSON trace");
    return MLP_ERR_USAGE;
}

/* Whether each output can be written, in the order the messages were
 * always given: the weights, a JSON trace, a CSV trace's folder then (in
 * a folder that exists already) its files, the loss log. The trace's
 * folder is made when the trace is written: it must be one that can be
 * made. */
static mlp_status check_writable_all(const mlp_outputs_plan *p, int csv, char **files,
                                     size_t n_files, mlp_error *err)
{
    mlp_status st = MLP_OK;
    if (p->weights)
        st = mlp_outputs_check_writable(p->weights, err);
    if (!st && p->trace && !csv)
        st = mlp_outputs_check_writable(p->trace, err);
    struct stat sb;
    if (!st && csv)
        st = mlp_trace_csv_check_folder(p->trace, err);
    if (!st && csv && stat(p->trace, &sb) == 0 && S_ISDIR(sb.st_mode))
        for (size_t i = 0; i < n_files && !st; i++)
            st = mlp_outputs_check_writable(files[i], err);
    if (!st && p->loss_log)
        st = mlp_outputs_check_writable(p->loss_log, err);
    return st;
}

mlp_status mlp_outputs_check_plan(const mlp_outputs_plan *p, mlp_error *err)
{
    int csv = p && p->trace && p->trace_format && strcmp(p->trace_format, "csv") == 0;
    if (!p || (csv && !p->net))
        return refuse_plan(p, err);
    char **files = NULL;
    size_t n_files = 0;
    mlp_status st = csv ? trace_csv_paths(p, &files, &n_files, err) : MLP_OK;
    /* Each file of a CSV trace is an output of its own: an existing one
     * may be an input or another output under a second name (a link). */
    mlp_named_path *outputs = st ? NULL : mlp_alloc(3 + n_files, sizeof *outputs);
    if (!st && !outputs)
        st = mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (!st) {
        outputs[0] = (mlp_named_path){p->weights, "weights", "--weights"};
        outputs[1] = (mlp_named_path){p->loss_log, "loss log", "--loss-log"};
        outputs[2] = (mlp_named_path){p->trace, "trace", "--trace"};
        for (size_t i = 0; i < n_files; i++)
            outputs[3 + i] = (mlp_named_path){files[i], "trace", "--trace"};
        const mlp_named_path inputs[] = {
            {p->spec, "spec", NULL},
            {p->train, "training data", NULL},
            {p->validation, "validation data", NULL},
            {p->init_weights, "initial weights", NULL},
        };
        st = mlp_outputs_check_paths(outputs, 3 + n_files, inputs, 4, err);
    }
    if (!st)
        st = check_writable_all(p, csv, files, n_files, err);
    free(outputs);
    mlp_trace_csv_paths_free(files, n_files);
    return st;
}

/* Writes len bytes to fd with write(2); 0, or the errno that stopped it.
 * Not fwrite: a signal that cuts a write to a full pipe short after some
 * bytes went through makes write return that count, not EINTR, and stdio
 * then wrote the rest at once, blocked again with the signal already
 * handled, so `mlptrain -o - | sleep 30` did not stop at SIGTERM until the
 * reader went (under mpirun, SIGKILL came next and left the weights'
 * temporary file). A signal of mlp's recorded since the outputs' writing
 * began (before: mlp_signals_arrivals() then) ends the write as EINTR,
 * which io_error reports as the stop: at once for a pipe, a FIFO or a
 * device, which may wait for room without end; for a regular file, which
 * never waits so, only when a write returns EINTR, so a signal while the
 * outputs are written still lets them be written whole. An EINTR without
 * one (a handler of the program's own) is no failure. */
static int write_all(int fd, const unsigned char *p, size_t len, int before)
{
    struct stat sb;
    int may_wait = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode);
    while (len > 0) {
        if (may_wait && mlp_signals_arrivals() != before)
            return EINTR;
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR && mlp_signals_arrivals() != before)
            return EINTR;
        if (w < 0 && errno != EINTR)
            return errno;
        if (w == 0)
            return EIO; /* write(2) writes something or fails: not reached */
        if (w > 0) {
            p += w;
            len -= (size_t)w;
        }
    }
    return 0;
}

/* Writes len bytes to a temporary file for path and finishes it (not yet
 * renamed). On failure af is released and the temporary file removed. */
static mlp_status write_temporary(mlp_atomic_file *af, const char *path, const void *bytes,
                                  size_t len, int before, mlp_error *err)
{
    mlp_status st = mlp_fileio_atomic_open(af, path, err);
    if (st)
        return st;
    /* The stream is fresh (nothing buffered), so its descriptor takes the
     * bytes directly; the finish then flushes nothing and checks the rest. */
    int e = write_all(fileno(af->fp), bytes, len, before);
    if (e) {
        /* Reported here, while e says why (a full disk, a quota, a signal). */
        mlp_fileio_atomic_abort(af);
        return mlp_fileio_write_error(path, e, err);
    }
    return mlp_fileio_atomic_finish(af, err);
}

/* An exclusive flock on the folder holding path; -1 when the folder cannot
 * be opened (then nothing is locked). Blocks until the lock is free. */
static int lock_folder(const char *path)
{
    /* The folder's name on the stack: nothing here may fail for want of
     * memory once both temporary files are written. */
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t n = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
    if (n >= sizeof dir)
        return -1;
    if (n == 0)
        memcpy(dir, ".", 2);
    else {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    }
    return fd;
}

static void unlock_folder(int fd)
{
    if (fd >= 0)
        close(fd); /* closing the last descriptor releases the flock */
}

mlp_status mlp_outputs_write(const mlp_outputs *out, mlp_error *err)
{
    unsigned char *wbuf = NULL;
    size_t wlen = 0;
    const char *ltext = NULL;
    size_t llen = 0;
    mlp_atomic_file wf = {0}, lf = {0};
    /* A log path without its log: refused (mlp.h), not dereferenced, before
     * anything is encoded or written. */
    if (out->loss_path && !out->log) {
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "mlp_outputs_write: the loss log is NULL");
        mlp_error_hint(err, "give loss_path its in-memory log (mlp_losslog_create), or set "
                            "loss_path to NULL");
        return MLP_ERR_USAGE;
    }
    mlp_status st = MLP_OK;
    int before = mlp_signals_arrivals(); /* a signal after this stops a waiting write */
    if (out->weights_path) {
        st = mlp_weights_encode_provenance(out->net, out->schema, out->prov, &wbuf, &wlen, err);
        if (st && err && !err->path[0])
            mlp_error_copy_path(err->path, sizeof err->path, out->weights_path);
    }
    if (!st && out->loss_path)
        st = mlp_losslog_text(out->log, &ltext, &llen, err);
    if (!st && out->weights_path)
        st = write_temporary(&wf, out->weights_path, wbuf, wlen, before, err);
    free(wbuf);
    if (!st && out->loss_path)
        st = write_temporary(&lf, out->loss_path, ltext, llen, before, err);
    if (st) {
        mlp_fileio_atomic_abort(&wf);
        mlp_fileio_atomic_abort(&lf);
        if (st == MLP_ERR_INTERRUPTED)
            mlp_error_hint(err, "no output file was replaced");
        return st;
    }
    /* The folder of the file the weights' rename replaces: through a link
     * (-w other/link.bin -> ../w.bin) that is the target's folder, the one
     * a run naming w.bin itself locks. */
    const mlp_atomic_file *first = out->weights_path ? &wf : &lf;
    int lock = lock_folder(first->target ? first->target
                           : out->weights_path ? out->weights_path
                           : out->loss_path ? out->loss_path
                                            : ".");
    /* The log first, kept undoable: when the weights then cannot be
     * renamed, the old log is put back, so the pair stays the old one. */
    if (out->loss_path)
        st = out->weights_path ? mlp_fileio_atomic_rename_undoable(&lf, err)
                               : mlp_fileio_atomic_rename(&lf, err);
    if (!st && out->weights_path) {
        st = mlp_fileio_atomic_rename(&wf, err);
        if (st && out->loss_path && !mlp_fileio_atomic_undo(&lf))
            mlp_error_hint(err, "the new loss log %s could not be taken back and is beside the "
                                "old weights; write both again", out->loss_path);
    }
    unlock_folder(lock);
    mlp_fileio_atomic_abort(&wf);
    mlp_fileio_atomic_abort(&lf);
    return st;
}
