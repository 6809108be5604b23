/* SPDX-License-Identifier: MIT */
/* comm.h: the processes of one mlptrain run. Started on its own, mlptrain
 * is one process; started by `mpirun -np N mlptrain ...`, it is rank r of
 * N processes that train one model together, data-parallel (README, "More
 * than one process"; docs/architecture.md). Everything MPI is behind this
 * interface, in comm_mpi.c (built when CMake's MLP_MPI is ON);
 * comm_serial.c is the same interface for one process (MLP_MPI=OFF). The
 * library (libmlp) knows nothing of MPI: the training loop only calls the
 * reduce hook of mlp_train_options, which mlptrain points at
 * mlptrain_comm_reduce.
 *
 * The rules every rank keeps:
 *  - every rank makes the same calls below in the same order (they are
 *    collective), and so takes the same decisions from the same figures;
 *  - rank 0 alone prints and writes the outputs: the standard output and
 *    error of the other ranks go to /dev/null once mlptrain_comm_start
 *    returns (a failure that only one rank meets is still told: see
 *    mlptrain_comm_agree);
 *  - every rank ends with the same exit status (mlptrain_comm_end).
 * Without mpirun none of this costs anything: size 1, rank 0, no MPI call. */
#ifndef MLPTRAIN_COMM_H
#define MLPTRAIN_COMM_H

#include <stddef.h>

#include "mlp/error.h"
#include "mlp/loss.h"
#include "mlp/net.h"
#include "mlp/parts.h"

/* Joins the MPI job when the process was started by mpirun (its
 * environment says so), else stays one process. Call once, after anything
 * that may re-execute the program and before any output. MLP_ERR_USAGE
 * (err filled) when MPI cannot start, and in the build without MPI when a
 * launcher started more than one process (each would train alone; ranks
 * other than 0 say nothing, so the message is printed once). */
mlp_status mlptrain_comm_start(int *argc, char ***argv, mlp_error *err);

/* The "MPI: ..." line of mlptrain --version (no newline): "MPI: yes (Open
 * MPI 4.1.4)", the MPI mlptrain was built with, or "MPI: no" (MLP_MPI=OFF,
 * which refuses to run under mpirun). */
const char *mlptrain_comm_describe(void);

int mlptrain_comm_rank(void);  /* 0..size-1 */
int mlptrain_comm_size(void);  /* 1 without mpirun */

/* After a step that every rank takes alike (the same spec, files and
 * options: reading the spec, a file every rank reads whole, building the
 * network). Every rank passes its own status (err filled when it is not
 * MLP_OK); every rank gets back the same: MLP_OK when every rank had
 * MLP_OK, else the first failure, copied into err: the one earliest in the
 * file (the lowest err->line; an error without a line comes after those
 * with one), then the one of the lowest rank. When not every rank failed,
 * the failure is of those ranks alone (their files or machines differ),
 * and the message names the rank (mlp_runid_name_rank: "rank 1 of 2 (not
 * rank 0): ..."); when every rank failed it is told as one process tells
 * it. */
mlp_status mlptrain_comm_agree(mlp_status st, mlp_error *err);

/* The same after a step whose work differs between the ranks by design:
 * each reads its own part of a file (the hook of mlptrain_comm_parts), or
 * rank 0 alone checks the outputs it will write. An error that one rank
 * alone meets is then the one a single process would meet, told as it
 * tells it, without a rank. */
mlp_status mlptrain_comm_agree_parts(mlp_status st, mlp_error *err);

/* Before the first agreement a rank may stop on its own, at its command
 * line (a bad option, --help, a tool refused under mpirun): every rank
 * passes -1 to go on, or the exit status it stops with; every rank gets
 * back -1 when no rank stops, else the status of the lowest rank that
 * stops, and *who is that rank (which printed its own message; rank 0
 * tells a stop of another rank, whose messages go nowhere). One process:
 * rc itself, *who 0. */
int mlptrain_comm_agree_stop(int rc, int *who);

/* The processes as readers of one file in parts (include/mlp/parts.h):
 * rank and size, agree = mlptrain_comm_agree_parts, allgather = one
 * MPI_Allgatherv of bytes (MLP_ERR_USAGE past 2^31 - 1 bytes in all). One
 * process: size 1 (the library then reads the whole file). */
mlp_parts mlptrain_comm_parts(void);

/* The figures a reduction needs: the loss (for its divisor) and the
 * output units of the network. */
typedef struct {
    mlp_loss loss;
    size_t n_outputs;
    double *block;   /* the buffer of the allreduce; owned (mlptrain_comm_reduce_free) */
    size_t cap;
} mlptrain_comm_reduce_ctx;

/* mlp_train_reduce_fn (train.h): one allreduce of one contiguous block,
 * the gradient of the summed loss of this rank's rows, the summed loss,
 * the correct count, the rows and whether a signal was caught here; back
 * comes the gradient of the mean loss over all rows. Every rank reads the
 * stop flag of the same allreduce (mlptrain_comm_stopping). */
mlp_status mlptrain_comm_reduce(void *ctx, double *grads, size_t n, mlp_net_pass *pass,
                                mlp_error *err);
/* The block for gradients of up to n values, made before the first
 * reduction (whose failure one rank alone would meet): MLP_ERR_NOMEM. */
mlp_status mlptrain_comm_reduce_prepare(mlptrain_comm_reduce_ctx *ctx, size_t n, mlp_error *err);
void mlptrain_comm_reduce_free(mlptrain_comm_reduce_ctx *ctx);

/* Whether training stops after this epoch, as the signal that stops it
 * (0: none): one process, the signal caught (mlp_signals_caught); N ranks,
 * one caught by any rank before the last reduction (the largest number when
 * several), so that every rank stops after the same epoch and ends with
 * the same status. */
int mlptrain_comm_stopping(void);

/* Rank 0's value, on every rank. */
int mlptrain_comm_share(int value);

/* Ends the job: every rank gets rank 0's exit status rc, MPI is finalised,
 * and the status returned is that. */
int mlptrain_comm_end(int rc);

#endif
