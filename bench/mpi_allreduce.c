/* SPDX-License-Identifier: MIT */
/* mpi_allreduce.c: the allreduce micro-benchmark of docs/scaling.md. Times
 * MPI_Allreduce(MPI_SUM) of doubles, in place, at a ladder of sizes that
 * includes the gradient blocks of W4 and W5, and fits the ring model's two
 * parameters to the timings. A stand-alone MPI program: it uses nothing of
 * libmlp (bench/mpi_bench.sh builds it with mpicc).
 *
 *   mpirun -np P mpi_allreduce [SECONDS] [COUNT...]
 *
 * SECONDS (default 0.2): the least time of one timed trial per size; COUNT:
 * the sizes in doubles (default: the ladder below). Rank 0 prints one line
 * per size and a fit line, in a fixed "key value" form bench/mpi_run.py reads:
 *
 *   allreduce ranks 2 doubles 235150 bytes 1881200 reps 141 us 616.4 median_us 640.2 algbw_GBps 3.052
 *   fit ranks 2 alpha_us 0.29 bandwidth_GBps 3.10 sizes 5
 *
 * Each of seven trials times reps calls (reps makes a trial last SECONDS);
 * a trial's time is the slowest rank's mean per call (what the next step
 * waits for). us is the least of the trials, median_us their median: on a
 * machine shared with other work a trial in which a rank was descheduled
 * can be many times slower (busy-polling ranks waiting for one that does
 * not run), and the least is the one other work disturbed least. The fit
 * is in the ring form the model of docs/scaling.md uses,
 *   t = 2 (P - 1) alpha + 2 (P - 1) / P * bytes / bandwidth,
 * alpha from the least time of the sizes up to 64 doubles (their bytes cost
 * next to nothing), the
 * bandwidth from the least-squares slope over the sizes of 32 KiB and more
 * with that intercept fixed: the large sizes set the bandwidth, the small
 * one the latency, and neither disturbs the other. Each size is checked:
 * the sum over ranks of rank-dependent small integers (exact in doubles)
 * must come back in every element. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRIALS 7

/* W4 784-256-128-10: 235,146 parameters; W5 32-64-64-1: 6,337; each + 4
 * (mlptrain's block carries the loss sum, the correct count, the rows and
 * the stop flag after the gradient: src/cli/comm_mpi.c). */
static const long LADDER[] = {1, 8, 64, 512, 4096, 6341, 32768, 131072, 235150, 1048576};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void fill(double *buf, long n, int rank)
{
    for (long i = 0; i < n; i++)
        buf[i] = (double)((rank + 1) * (1 + i % 7));
}

/* Every element must be the exact sum over ranks. */
static int check(const double *buf, long n, int size)
{
    double ranks = (double)size * (size + 1) / 2;
    for (long i = 0; i < n; i++)
        if (buf[i] != ranks * (double)(1 + i % 7))
            return 0;
    return 1;
}

/* Mean seconds of one call over reps calls, as the slowest rank saw it. */
static double timed(double *buf, long n, long reps)
{
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (long r = 0; r < reps; r++)
        MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    double t = (MPI_Wtime() - t0) / (double)reps, worst = 0;
    MPI_Allreduce(&t, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return worst;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    double least = argc > 1 ? atof(argv[1]) : 0.2;
    long n_counts = argc > 2 ? argc - 2 : (long)(sizeof LADDER / sizeof LADDER[0]);
    long *counts = malloc((size_t)n_counts * sizeof *counts);
    double *us = malloc((size_t)n_counts * sizeof *us);
    if (!counts || !us || !(least > 0)) {
        if (rank == 0)
            fprintf(stderr, "mpi_allreduce: usage: mpi_allreduce [SECONDS > 0] [COUNT...]\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    long most = 1;
    for (long k = 0; k < n_counts; k++) {
        counts[k] = argc > 2 ? atol(argv[2 + k]) : LADDER[k];
        if (counts[k] < 1 || counts[k] > 1L << 28) {
            if (rank == 0)
                fprintf(stderr, "mpi_allreduce: a count must be 1 to 2^28 doubles, not %s\n",
                        argv[2 + k]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        if (counts[k] > most)
            most = counts[k];
    }
    double *buf = malloc((size_t)most * sizeof *buf);
    if (!buf)
        MPI_Abort(MPI_COMM_WORLD, 1);
    int failed = 0;
    for (long k = 0; k < n_counts; k++) {
        long n = counts[k];
        fill(buf, n, rank);
        MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        int ok = check(buf, n, size), all_ok = 0;
        MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        if (!all_ok) {
            if (rank == 0)
                printf("allreduce ranks %d doubles %ld WRONG SUM\n", size, n);
            failed = 1;
            continue;
        }
        /* Calibrate on rank 0's view, then every rank uses its count. */
        long reps = 4;
        double t = timed(buf, n, reps);
        reps = t > 0 ? (long)(least / t) : 100000;
        if (reps < 3)
            reps = 3;
        if (reps > 100000)
            reps = 100000;
        MPI_Bcast(&reps, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        double trial[TRIALS];
        for (int j = 0; j < TRIALS; j++)
            trial[j] = timed(buf, n, reps);
        qsort(trial, TRIALS, sizeof trial[0], cmp_double);
        us[k] = 1e6 * trial[0];
        if (rank == 0)
            printf("allreduce ranks %d doubles %ld bytes %ld reps %ld us %.4g median_us %.4g "
                   "algbw_GBps %.4g\n",
                   size, n, 8 * n, reps, us[k], 1e6 * trial[TRIALS / 2],
                   8.0 * (double)n / (1e3 * us[k]));
    }
    /* alpha from the sizes up to 64 doubles (or the smallest); the slope
     * through that intercept from the sizes of 32 KiB and more. */
    long small = 0;
    for (long k = 1; k < n_counts; k++)
        if (counts[k] < counts[small])
            small = k;
    double a = us[small];
    for (long k = 0; k < n_counts; k++)
        if (counts[k] <= 64 && us[k] < a)
            a = us[k];
    double steps = 2.0 * (size - 1), sxx = 0, sxy = 0;
    int m = 0;
    for (long k = 0; k < n_counts; k++) {
        double x = 8.0 * (double)counts[k];
        if (x < 32768)
            continue;
        sxx += x * x;
        sxy += x * (us[k] - a);
        m++;
    }
    if (rank == 0 && m >= 1 && size > 1 && !failed) {
        double b = sxy / sxx;                           /* us per byte */
        double alpha = a / steps;                       /* us per step */
        double bw = b > 0 ? steps / size / b / 1e3 : 0; /* GB/s */
        printf("fit ranks %d alpha_us %.4g bandwidth_GBps %.4g sizes %d\n", size, alpha, bw, m);
    }
    fflush(stdout);
    free(buf);
    free(us);
    free(counts);
    MPI_Finalize();
    return failed;
}
