/* SPDX-License-Identifier: MIT */
/* comm_serial.c: comm.h for one process, the build without MPI
 * (MLP_MPI=OFF): rank 0 of 1, every agreement is the process's own. */
#include "comm.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

/* The value of the environment variable name when it is a whole number,
 * else -1. */
static long env_number(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return -1;
    long n = strtol(v, &end, 10);
    return *end == '\0' && n >= 0 ? n : -1;
}

/* The processes a launcher started, as its environment says (the
 * variables comm_mpi.c looks for: Open MPI's, PMIx's, and PMI's of MPICH
 * and Slurm), and this one's rank in *rank (0 when none says): 1 when no
 * launcher started this process. A rank above 0 without a size is one of
 * several all the same. */
static long launcher_size(long *rank)
{
    static const char *const sizes[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
    static const char *const ranks[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"};
    long size = 1;
    *rank = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        if (env_number(sizes[i]) > size)
            size = env_number(sizes[i]);
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++)
        if (env_number(ranks[i]) > *rank)
            *rank = env_number(ranks[i]);
    return size > *rank ? size : *rank + 1;
}

/* Under mpirun this build would run N copies, each training the whole
 * model alone and each writing the same outputs (N summaries, "ranks 1"
 * in every weights file): refused. Rank 0 alone tells it; the others'
 * standard error goes to /dev/null, as under MPI. */
mlp_status mlptrain_comm_start(int *argc, char ***argv, mlp_error *err)
{
    (void)argc;
    (void)argv;
    long rank, size = launcher_size(&rank);
    if (size < 2)
        return MLP_OK;
    if (rank > 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDERR_FILENO);
            close(null);
        }
    }
    mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0,
                  "this mlptrain was built without MPI, and a launcher (mpirun) started %ld "
                  "processes of it, each of which would train alone",
                  size);
    mlp_error_hint(err, "rebuild with cmake -DMLP_MPI=ON (with libopenmpi-dev installed), or "
                        "run one process, without mpirun");
    return MLP_ERR_USAGE;
}

const char *mlptrain_comm_describe(void)
{
    return "MPI: no";
}

int mlptrain_comm_rank(void)
{
    return 0;
}

int mlptrain_comm_size(void)
{
    return 1;
}

mlp_status mlptrain_comm_agree(mlp_status st, mlp_error *err)
{
    (void)err;
    return st;
}

mlp_status mlptrain_comm_agree_parts(mlp_status st, mlp_error *err)
{
    (void)err;
    return st;
}

int mlptrain_comm_agree_stop(int rc, int *who)
{
    *who = 0;
    return rc;
}

static mlp_status parts_agree(void *ctx, mlp_status st, mlp_error *err)
{
    (void)ctx;
    (void)err;
    return st;
}

static mlp_status parts_allgather(void *ctx, const void *mine, void *all, const size_t *lens,
                                  mlp_error *err)
{
    (void)ctx;
    (void)err;
    if (lens[0])
        memcpy(all, mine, lens[0]);
    return MLP_OK;
}

mlp_parts mlptrain_comm_parts(void)
{
    return (mlp_parts){.rank = 0, .size = 1, .agree = parts_agree, .allgather = parts_allgather};
}

mlp_status mlptrain_comm_reduce(void *ctx, double *grads, size_t n, mlp_net_pass *pass,
                                mlp_error *err)
{
    (void)ctx;
    (void)grads;
    (void)n;
    (void)pass;
    (void)err;
    return MLP_OK;
}

mlp_status mlptrain_comm_reduce_prepare(mlptrain_comm_reduce_ctx *ctx, size_t n, mlp_error *err)
{
    (void)ctx;
    (void)n;
    (void)err;
    return MLP_OK;
}

void mlptrain_comm_reduce_free(mlptrain_comm_reduce_ctx *ctx)
{
    (void)ctx;
}

int mlptrain_comm_stopping(void)
{
    return mlp_signals_caught();
}

int mlptrain_comm_share(int value)
{
    return value;
}

int mlptrain_comm_end(int rc)
{
    return rc;
}
