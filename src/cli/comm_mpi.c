/* SPDX-License-Identifier: MIT */
/* comm_mpi.c: comm.h over MPI (MLP_MPI=ON), the one file of mlp that calls
 * MPI. Under mpirun every rank joins MPI_COMM_WORLD; started on its own,
 * mlptrain makes no MPI call at all (not even MPI_Init), so it behaves
 * exactly as the build without MPI. */
#include "comm.h"

#include <fcntl.h>
#include <limits.h>
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlp/loss.h"
#include "pathid.h"
#include "runid.h"
#include "signals.h"

static int joined;       /* MPI_Init was called */
static int rank, size = 1;
static int agreed_stop;  /* the signal agreed at the last reduction, 0: none */

/* mpirun (Open MPI's orterun, or any PMIx launcher) says so in the
 * environment of the processes it starts. */
static int started_by_mpirun(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

mlp_status mlptrain_comm_start(int *argc, char ***argv, mlp_error *err)
{
    if (!started_by_mpirun())
        return MLP_OK;
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "MPI could not start");
    joined = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* Rank 0's standard output is mpirun's pseudo-terminal, not the user's
     * terminal: `-w - -o /dev/stdout` would be one stream (pathid.h). */
    mlp_pathid_stdout_forwarded(1);
    if (rank > 0) {
        /* Rank 0 speaks for the job. */
        fflush(stdout);
        fflush(stderr);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            close(null);
        }
    }
    return MLP_OK;
}

const char *mlptrain_comm_describe(void)
{
    /* The MPI of mpi.h, the one mlptrain was built and linked with. */
#define MLPTRAIN_STR_(x) #x
#define MLPTRAIN_STR(x) MLPTRAIN_STR_(x)
#ifdef OMPI_MAJOR_VERSION
    return "MPI: yes (Open MPI " MLPTRAIN_STR(OMPI_MAJOR_VERSION) "." MLPTRAIN_STR(
        OMPI_MINOR_VERSION) "." MLPTRAIN_STR(OMPI_RELEASE_VERSION) ")";
#else
    return "MPI: yes (MPI " MLPTRAIN_STR(MPI_VERSION) "." MLPTRAIN_STR(MPI_SUBVERSION) ")";
#endif
}

int mlptrain_comm_rank(void)
{
    return rank;
}

int mlptrain_comm_size(void)
{
    return size;
}

/* The agreement of comm.h; with name, an error that not every rank met
 * names the rank it is of (mlp_runid_name_rank). */
static mlp_status agree(mlp_status st, mlp_error *err, int name)
{
    if (size < 2)
        return st;
    struct {
        long key;
        int rank;
    } mine = {LONG_MAX, rank}, first;
    if (st)
        mine.key = err->line > 0 ? err->line : LONG_MAX - 1;
    MPI_Allreduce(&mine, &first, 1, MPI_LONG_INT, MPI_MINLOC, MPI_COMM_WORLD);
    if (first.key == LONG_MAX)
        return MLP_OK;
    MPI_Bcast(err, (int)sizeof *err, MPI_BYTE, first.rank, MPI_COMM_WORLD);
    if (name) {
        /* The lowest rank without an error, if there is one. */
        int ok[2] = {st ? 1 : 0, rank}, fine[2];
        MPI_Allreduce(ok, fine, 1, MPI_2INT, MPI_MINLOC, MPI_COMM_WORLD);
        if (fine[0] == 0)
            mlp_runid_name_rank(err, first.rank, size, fine[1]);
    }
    return err->code;
}

mlp_status mlptrain_comm_agree(mlp_status st, mlp_error *err)
{
    return agree(st, err, 1);
}

mlp_status mlptrain_comm_agree_parts(mlp_status st, mlp_error *err)
{
    return agree(st, err, 0);
}

int mlptrain_comm_agree_stop(int rc, int *who)
{
    *who = 0;
    if (size < 2)
        return rc;
    /* The lowest rank whose key is 0 (it stops); 1 everywhere: none does. */
    int mine[2] = {rc >= 0 ? 0 : 1, rank}, first[2];
    MPI_Allreduce(mine, first, 1, MPI_2INT, MPI_MINLOC, MPI_COMM_WORLD);
    if (first[0] == 1)
        return -1;
    MPI_Bcast(&rc, 1, MPI_INT, first[1], MPI_COMM_WORLD);
    *who = first[1];
    return rc;
}

/* Each rank reads its own part of the file: an error in one part is the
 * whole file's, told as one process tells it. */
static mlp_status parts_agree(void *ctx, mlp_status st, mlp_error *err)
{
    (void)ctx;
    return mlptrain_comm_agree_parts(st, err);
}

static mlp_status parts_allgather(void *ctx, const void *mine, void *all, const size_t *lens,
                                  mlp_error *err)
{
    (void)ctx;
    int *counts = malloc(2 * (size_t)size * sizeof *counts);
    size_t total = 0;
    for (int q = 0; q < size; q++)
        total += lens[q];
    /* The same lens everywhere: every rank refuses alike. */
    if (total > INT_MAX) {
        free(counts);
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "%zu bytes are too many for one MPI_Allgatherv (at most %d)", total,
                             INT_MAX);
    }
    if (!counts) {
        /* Out of memory on this rank alone while the others wait in the
         * collective: no rank can go on, so the message is printed here. */
        fprintf(stderr, "mlptrain: rank %d: out of memory for the %d counts of a gather; "
                        "free memory or run fewer processes per machine\n", rank, size);
        MPI_Abort(MPI_COMM_WORLD, MLP_EXIT_INTERNAL);
        return MLP_ERR_NOMEM;
    }
    int *displs = counts + size;
    for (int q = 0, at = 0; q < size; q++) {
        counts[q] = (int)lens[q];
        displs[q] = at;
        at += counts[q];
    }
    MPI_Allgatherv(mine, counts[rank], MPI_BYTE, all, counts, displs, MPI_BYTE, MPI_COMM_WORLD);
    free(counts);
    return MLP_OK;
}

mlp_parts mlptrain_comm_parts(void)
{
    return (mlp_parts){.rank = rank, .size = size, .agree = parts_agree,
                       .allgather = parts_allgather};
}

/* The block: n gradient sums, then the summed loss, the correct count,
 * the rows and the number of ranks that caught a signal (counts are exact
 * in a double up to 2^53). */
enum { TAIL = 4 };

mlp_status mlptrain_comm_reduce_prepare(mlptrain_comm_reduce_ctx *ctx, size_t n, mlp_error *err)
{
    if (size < 2 || n + TAIL <= ctx->cap)
        return MLP_OK;
    if (n > (size_t)INT_MAX - TAIL)
        return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                             "%zu parameters are too many for one MPI_Allreduce (at most %d)", n,
                             INT_MAX - TAIL);
    double *b = realloc(ctx->block, (n + TAIL) * sizeof *b);
    if (!b)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0,
                             "out of memory for the allreduce of %zu values", n + TAIL);
    ctx->block = b;
    ctx->cap = n + TAIL;
    return MLP_OK;
}

mlp_status mlptrain_comm_reduce(void *ctx_, double *grads, size_t n, mlp_net_pass *pass,
                                mlp_error *err)
{
    mlptrain_comm_reduce_ctx *ctx = ctx_;
    if (size < 2)
        return MLP_OK;
    if (n + TAIL > ctx->cap) {
        /* Prepared too small: a rank alone cannot fail here without leaving
         * the others waiting in the allreduce, so the whole job ends. */
        mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "the allreduce block was not prepared");
        MPI_Abort(MPI_COMM_WORLD, MLP_EXIT_INTERNAL);
        return MLP_ERR_NOMEM;
    }
    double *b = ctx->block;
    /* mlp_net_gradient leaves the gradient of this rank's MEAN loss, scaled
     * by 1/divisor(this rank's rows): times that divisor it is the
     * gradient of the summed loss, which adds up across ranks. */
    double mine = mlp_loss_divisor(ctx->loss, pass->rows, ctx->n_outputs);
    for (size_t i = 0; i < n; i++)
        b[i] = grads[i] * mine;
    b[n] = pass->loss_sum;
    b[n + 1] = (double)pass->correct;
    b[n + 2] = (double)pass->rows;
    b[n + 3] = mlp_signals_caught() ? 1.0 : 0.0;
    MPI_Allreduce(MPI_IN_PLACE, b, (int)(n + TAIL), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    pass->rows = (size_t)b[n + 2];
    double all = mlp_loss_divisor(ctx->loss, pass->rows, ctx->n_outputs);
    for (size_t i = 0; i < n; i++)
        grads[i] = b[i] / all;
    pass->loss_sum = b[n];
    pass->loss = b[n] / all;
    pass->correct = (size_t)b[n + 1];
    /* Every rank takes this branch together: the signal to end with is
     * agreed too, so that a SIGTERM sent to one rank ends the job with
     * 143 as in one process (the largest number when ranks caught several). */
    agreed_stop = 0;
    if (b[n + 3] > 0) {
        int sig = mlp_signals_caught();
        MPI_Allreduce(MPI_IN_PLACE, &sig, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        agreed_stop = sig;
    }
    return MLP_OK;
}

void mlptrain_comm_reduce_free(mlptrain_comm_reduce_ctx *ctx)
{
    free(ctx->block);
    ctx->block = NULL;
    ctx->cap = 0;
}

int mlptrain_comm_stopping(void)
{
    return size < 2 ? mlp_signals_caught() : agreed_stop;
}

int mlptrain_comm_share(int value)
{
    if (size > 1)
        MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
}

int mlptrain_comm_end(int rc)
{
    if (!joined)
        return rc;
    rc = mlptrain_comm_share(rc);
    /* Everything is printed and written. A rank that ends with a non-zero
     * status makes mpirun stop the others with SIGTERM: they are done and
     * end with the status agreed, without a message about it. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    MPI_Finalize();
    return rc;
}
