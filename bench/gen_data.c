/* SPDX-License-Identifier: MIT */
/* gen_data.c: writes the benchmark data sets as CSV files, from a fixed seed,
 * so every machine trains on the same bytes. Uses only src/rng.c of libmlp.
 *
 *   gen_data OUTDIR [NAME...]     NAME: xor moons digits large regression
 *
 * xor         4 rows, x1,x2,y: the XOR truth table.
 * moons       1,000 rows, x,y,label: two interleaved half-moons (as
 *             make_moons: outer cos/sin, inner 1-cos / 0.5-sin, Gaussian
 *             noise sd 0.2), shuffled.
 * digits      1,797 x 64 inputs standardised per column, label 0..9: each
 *             class a random 0..16 prototype plus N(0, 3^2) noise.
 * large       60,000 x 784 N(0,1) inputs, label 0..9 = argmax of x V for a
 *             fixed N(0,1) matrix V (784 x 10); about 0.43 GB.
 * regression  100,000 x 32 N(0,1) inputs, y = sum_k v_k tanh(x.u_k / sqrt(32))
 *             over 16 teacher units, plus N(0, 0.1^2) noise.
 * Inputs are written with 5 decimals (6 significant digits for most values),
 * the size of typical real data; labels as integers. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* The project's generator (src/rng.c, xoshiro256** seeded through
 * splitmix64), with this file's own uniform and normal draws: the data sets
 * were generated with them, so their bytes stay what they were. */
typedef struct {
    mlp_rng core;
    int have_spare;
    double spare;
} rng;

static void rng_seed(rng *r, uint64_t seed)
{
    mlp_rng_seed(&r->core, seed);
    r->have_spare = 0;
}

static uint64_t next_u64(rng *r)
{
    return mlp_rng_next(&r->core);
}

/* Uniform in (0, 1): 53 random bits, never 0. */
static double uniform(rng *r)
{
    return ((double)(next_u64(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

#define PI 3.14159265358979323846
#define TWO_PI (2.0 * PI)

/* Box-Muller, both values used. */
static double normal(rng *r)
{
    if (r->have_spare) {
        r->have_spare = 0;
        return r->spare;
    }
    double u = uniform(r), v = uniform(r);
    double m = sqrt(-2.0 * log(u));
    r->spare = m * sin(TWO_PI * v);
    r->have_spare = 1;
    return m * cos(TWO_PI * v);
}

/* ------------------------------------------------------------------------ */
/* Output: a large buffer, numbers formatted by hand (printf's %f would make
 * generating the 0.43 GB file slower than reading it).                     */

typedef struct {
    FILE *fp;
    char buf[1 << 16];
    size_t len;
} out;

static void out_flush(out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len) {
        perror("gen_data: write");
        exit(1);
    }
    o->len = 0;
}

static void out_str(out *o, const char *s)
{
    size_t n = strlen(s);
    if (o->len + n > sizeof o->buf)
        out_flush(o);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void out_char(out *o, char c)
{
    if (o->len + 1 > sizeof o->buf)
        out_flush(o);
    o->buf[o->len++] = c;
}

/* v with 5 decimals: "-1.23456". */
static void out_fixed5(out *o, double v)
{
    char tmp[40];
    int n = 0;
    long long q = llround(fabs(v) * 1e5);
    if (v < 0 && q != 0)
        tmp[n++] = '-';
    long long ip = q / 100000, fp = q % 100000;
    char digits[24];
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (nd)
        tmp[n++] = digits[--nd];
    tmp[n++] = '.';
    for (long long d = 10000; d; d /= 10)
        tmp[n++] = (char)('0' + (fp / d) % 10);
    tmp[n] = 0;
    out_str(o, tmp);
}

static void out_long(out *o, long v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%ld", v);
    out_str(o, tmp);
}

static void out_open(out *o, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    o->fp = fopen(path, "wb");
    if (!o->fp) {
        perror(path);
        exit(1);
    }
    o->len = 0;
}

static void out_close(out *o)
{
    out_flush(o);
    if (fclose(o->fp) != 0) {
        perror("gen_data: close");
        exit(1);
    }
}

static void header(out *o, size_t n_x, const char *target)
{
    for (size_t j = 0; j < n_x; j++) {
        out_char(o, 'x');
        out_long(o, (long)j + 1);
        out_char(o, ',');
    }
    out_str(o, target);
    out_char(o, '\n');
}

/* ------------------------------------------------------------------------ */

static void gen_xor(const char *dir)
{
    out o;
    out_open(&o, dir, "xor");
    out_str(&o, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
    out_close(&o);
}

static void shuffle(size_t *idx, size_t n, rng *r)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(uniform(r) * (double)i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

static void gen_moons(const char *dir)
{
    enum { N = 1000 };
    rng r;
    rng_seed(&r, 2);
    static double x[N], y[N];
    static int label[N];
    size_t n_out = N / 2, n_in = N - n_out;
    for (size_t i = 0; i < n_out; i++) {
        double t = PI * (double)i / (double)(n_out - 1);
        x[i] = cos(t);
        y[i] = sin(t);
        label[i] = 0;
    }
    for (size_t i = 0; i < n_in; i++) {
        double t = PI * (double)i / (double)(n_in - 1);
        x[n_out + i] = 1.0 - cos(t);
        y[n_out + i] = 0.5 - sin(t);
        label[n_out + i] = 1;
    }
    for (size_t i = 0; i < N; i++) {
        x[i] += 0.2 * normal(&r);
        y[i] += 0.2 * normal(&r);
    }
    static size_t idx[N];
    for (size_t i = 0; i < N; i++)
        idx[i] = i;
    shuffle(idx, N, &r);
    out o;
    out_open(&o, dir, "moons");
    out_str(&o, "x,y,label\n");
    for (size_t k = 0; k < N; k++) {
        size_t i = idx[k];
        out_fixed5(&o, x[i]);
        out_char(&o, ',');
        out_fixed5(&o, y[i]);
        out_char(&o, ',');
        out_long(&o, label[i]);
        out_char(&o, '\n');
    }
    out_close(&o);
}

static void gen_digits(const char *dir)
{
    enum { N = 1797, D = 64, K = 10 };
    rng r;
    rng_seed(&r, 3);
    static double proto[K][D], X[N][D];
    static int label[N];
    for (int k = 0; k < K; k++)
        for (int j = 0; j < D; j++)
            proto[k][j] = 16.0 * uniform(&r);
    static size_t idx[N];
    for (size_t i = 0; i < N; i++)
        idx[i] = i;
    shuffle(idx, N, &r);
    for (size_t i = 0; i < N; i++) {
        label[i] = (int)(idx[i] % K);
        for (int j = 0; j < D; j++)
            X[i][j] = proto[label[i]][j] + 3.0 * normal(&r);
    }
    for (int j = 0; j < D; j++) {
        double m = 0, s = 0;
        for (size_t i = 0; i < N; i++)
            m += X[i][j];
        m /= N;
        for (size_t i = 0; i < N; i++)
            s += (X[i][j] - m) * (X[i][j] - m);
        s = sqrt(s / N);
        for (size_t i = 0; i < N; i++)
            X[i][j] = (X[i][j] - m) / s;
    }
    out o;
    out_open(&o, dir, "digits");
    header(&o, D, "label");
    for (size_t i = 0; i < N; i++) {
        for (int j = 0; j < D; j++) {
            out_fixed5(&o, X[i][j]);
            out_char(&o, ',');
        }
        out_long(&o, label[i]);
        out_char(&o, '\n');
    }
    out_close(&o);
}

static void gen_large(const char *dir)
{
    enum { N = 60000, D = 784, K = 10 };
    rng r;
    rng_seed(&r, 4);
    static double V[D][K];
    for (int j = 0; j < D; j++)
        for (int k = 0; k < K; k++)
            V[j][k] = normal(&r);
    out o;
    out_open(&o, dir, "large");
    header(&o, D, "label");
    double x[D];
    for (size_t i = 0; i < N; i++) {
        for (int j = 0; j < D; j++) {
            x[j] = normal(&r);
            out_fixed5(&o, x[j]);
            out_char(&o, ',');
        }
        int best = 0;
        double best_s = -INFINITY;
        for (int k = 0; k < K; k++) {
            double s = 0;
            for (int j = 0; j < D; j++)
                s += x[j] * V[j][k];
            if (s > best_s) {
                best_s = s;
                best = k;
            }
        }
        out_long(&o, best);
        out_char(&o, '\n');
    }
    out_close(&o);
}

static void gen_regression(const char *dir)
{
    enum { N = 100000, D = 32, H = 16 };
    rng r;
    rng_seed(&r, 5);
    static double U[H][D], v[H];
    for (int h = 0; h < H; h++) {
        for (int j = 0; j < D; j++)
            U[h][j] = normal(&r);
        v[h] = normal(&r) / 4.0;
    }
    out o;
    out_open(&o, dir, "regression");
    header(&o, D, "y");
    double x[D];
    for (size_t i = 0; i < N; i++) {
        for (int j = 0; j < D; j++) {
            x[j] = normal(&r);
            out_fixed5(&o, x[j]);
            out_char(&o, ',');
        }
        double y = 0.1 * normal(&r);
        for (int h = 0; h < H; h++) {
            double s = 0;
            for (int j = 0; j < D; j++)
                s += U[h][j] * x[j];
            y += v[h] * tanh(s / sqrt((double)D));
        }
        out_fixed5(&o, y);
        out_char(&o, '\n');
    }
    out_close(&o);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*gen)(const char *dir);
    } sets[] = {{"xor", gen_xor},
                {"moons", gen_moons},
                {"digits", gen_digits},
                {"large", gen_large},
                {"regression", gen_regression}};
    enum { N_SETS = sizeof sets / sizeof sets[0] };
    if (argc < 2) {
        fprintf(stderr, "usage: gen_data OUTDIR [xor|moons|digits|large|regression]...\n");
        return 2;
    }
    for (size_t s = 0; s < N_SETS; s++) {
        int want = argc == 2;
        for (int a = 2; a < argc; a++)
            want |= strcmp(argv[a], sets[s].name) == 0;
        if (want)
            sets[s].gen(argv[1]);
    }
    for (int a = 2; a < argc; a++) {
        int known = 0;
        for (size_t s = 0; s < N_SETS; s++)
            known |= strcmp(argv[a], sets[s].name) == 0;
        if (!known) {
            fprintf(stderr, "gen_data: unknown data set \"%s\"\n", argv[a]);
            return 2;
        }
    }
    return 0;
}
