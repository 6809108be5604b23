/* SPDX-License-Identifier: MIT */
/* mpi_timing.c: a profiling shim for bench/mpi_run.py, built as a shared
 * library and put in front of mlptrain with LD_PRELOAD. Through MPI's
 * standard profiling interface (every MPI_X is also PMPI_X) it times each
 * MPI_Allreduce a rank makes, without a line of mlp changed, and at
 * MPI_Finalize writes one line to $MLP_BENCH_TIMING_DIR/mpi.<rank>:
 *
 *   rank 0 size 2 big_calls 20 big_s 0.0123 small_calls 9 small_s 0.0004 setup_s 1.92 total_s 8.41
 *
 * big: the allreduces of at least BIG doubles (the gradient blocks of the
 * epochs); small: the others (agreeing the data, the statistics, the
 * validation and final passes); setup_s: from the end of MPI_Init to the end
 * of the last small allreduce before the first big one (reading the CSV,
 * all of it on every rank today, and agreeing the data); total_s:
 * MPI_Init to MPI_Finalize. A time in MPI_Allreduce includes waiting for
 * the slowest rank to arrive. Without the variable it writes nothing. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { BIG = 1024 };

static double t_init, t_setup_end = -1, big_s, small_s;
static long big_calls, small_calls;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int MPI_Init(int *argc, char ***argv)
{
    int rc = PMPI_Init(argc, argv);
    t_init = now();
    return rc;
}

int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op,
                  MPI_Comm comm)
{
    double t0 = now();
    int rc = PMPI_Allreduce(sendbuf, recvbuf, count, datatype, op, comm);
    double t1 = now();
    if (count >= BIG && datatype == MPI_DOUBLE) {
        big_s += t1 - t0;
        big_calls++;
    } else {
        small_s += t1 - t0;
        small_calls++;
        if (big_calls == 0)
            t_setup_end = t1;
    }
    return rc;
}

int MPI_Finalize(void)
{
    const char *dir = getenv("MLP_BENCH_TIMING_DIR");
    if (dir) {
        int rank = 0, size = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        char path[4096];
        snprintf(path, sizeof path, "%s/mpi.%d", dir, rank);
        FILE *f = fopen(path, "w");
        if (f) {
            fprintf(f, "rank %d size %d big_calls %ld big_s %.6f small_calls %ld small_s %.6f "
                       "setup_s %.6f total_s %.6f\n",
                    rank, size, big_calls, big_s, small_calls, small_s,
                    t_setup_end < 0 ? -1.0 : t_setup_end - t_init, now() - t_init);
            fclose(f);
        }
    }
    return PMPI_Finalize();
}
