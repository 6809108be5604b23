/* SPDX-License-Identifier: MIT */
/* comm_serial.c: comm.h for one process, the build without MPI
 * (MLP_MPI=OFF): rank 0 of 1, every agreement is the process's own. */
#include "comm.h"

#include <string.h>

#include "signals.h"

mlp_status mlptrain_comm_start(int *argc, char ***argv, mlp_error *err)
{
    (void)argc;
    (void)argv;
    (void)err;
    return MLP_OK;
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
