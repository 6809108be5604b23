/* SPDX-License-Identifier: MIT */
/* npz.c: the model as a numpy .npz (include/mlp/npz.h): a small writer and
 * reader of stored zip archives and of .npy arrays (format 1.0 written;
 * 1.0 to 3.0 read). The consistency of what is read is checked by the
 * weights module itself: the model is encoded as a weights file and decoded
 * again, so an .npz passes exactly the checks a weights file does. */
#include "mlp/npz.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "crc32.h"
#include "fileio.h"
#include "mlp/weights.h"
#include "nearest.h"
#include "plural.h"
#include "schema.h"
#include "weights_check.h"

/* ------------------------------------------------------------------------ */
/* A growing byte buffer. */

typedef struct {
    unsigned char *p;
    size_t len, cap;
    int oom;
} bytes;

static void put(bytes *b, const void *src, size_t n)
{
    if (b->oom || n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *p = mlp_alloc(cap, 1);
        if (!p) {
            b->oom = 1;
            return;
        }
        if (b->len)
            memcpy(p, b->p, b->len);
        free(b->p);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, src, n);
    b->len += n;
}

static void put_le(bytes *b, uint64_t v, int n)
{
    unsigned char t[8];
    for (int i = 0; i < n; i++)
        t[i] = (unsigned char)(v >> (8 * i));
    put(b, t, (size_t)n);
}

static uint64_t get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* ------------------------------------------------------------------------ */
/* Writing: each member is an .npy array, stored in the zip. */

#define MAX_MEMBERS (2 * MLP_MAX_LAYERS + 16)

typedef struct {
    bytes zip;
    bytes npy;                      /* the member being built */
    char names[MAX_MEMBERS][24];
    uint32_t crc[MAX_MEMBERS];
    size_t size[MAX_MEMBERS], offset[MAX_MEMBERS];
    size_t n;
} writer;

/* The .npy header of version 1.0, padded so the data starts at a multiple
 * of 64 bytes, as numpy writes it. */
static void npy_header(bytes *b, const char *descr, const size_t *shape, int ndim)
{
    char dict[256], dims[96] = "";
    size_t k = 0;
    for (int d = 0; d < ndim; d++)
        k += (size_t)snprintf(dims + k, sizeof dims - k, "%s%zu", d ? ", " : "", shape[d]);
    snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (%s%s), }",
             descr, dims, ndim == 1 ? "," : "");
    size_t len = strlen(dict), total = (10 + len + 1 + 63) / 64 * 64;
    put(b, "\x93NUMPY\x01\x00", 8);
    put_le(b, total - 10, 2);
    put(b, dict, len);
    for (size_t i = 10 + len; i + 1 < total; i++)
        put(b, " ", 1);
    put(b, "\n", 1);
}

/* Appends the finished member b->npy under `name`.npy. Local file header,
 * no data descriptor, DOS time 1980-01-01 00:00 so no clock gets in. */
static void member_end(writer *w, const char *name)
{
    if (w->n >= MAX_MEMBERS) {
        w->zip.oom = 1;
        return;
    }
    size_t i = w->n++;
    snprintf(w->names[i], sizeof w->names[i], "%s.npy", name);
    w->crc[i] = mlp_crc32(0, w->npy.p, w->npy.len);
    w->size[i] = w->npy.len;
    w->offset[i] = w->zip.len;
    size_t nl = strlen(w->names[i]);
    put_le(&w->zip, 0x04034b50, 4);
    put_le(&w->zip, 20, 2);           /* version needed: 2.0 */
    put_le(&w->zip, 0, 2);            /* flags */
    put_le(&w->zip, 0, 2);            /* method: stored */
    put_le(&w->zip, 0, 2);            /* time */
    put_le(&w->zip, 0x21, 2);         /* date: 1980-01-01 */
    put_le(&w->zip, w->crc[i], 4);
    put_le(&w->zip, w->size[i], 4);
    put_le(&w->zip, w->size[i], 4);
    put_le(&w->zip, nl, 2);
    put_le(&w->zip, 0, 2);
    put(&w->zip, w->names[i], nl);
    put(&w->zip, w->npy.p, w->npy.len);
    w->zip.oom |= w->npy.oom;
    w->npy.len = 0;
}

static void add_f64(writer *w, const char *name, const double *v, const size_t *shape, int ndim)
{
    size_t n = 1;
    for (int d = 0; d < ndim; d++)
        n *= shape[d];
    npy_header(&w->npy, "<f8", shape, ndim);
    for (size_t i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        put_le(&w->npy, bits, 8);
    }
    member_end(w, name);
}

static void add_bool(writer *w, const char *name, int v)
{
    npy_header(&w->npy, "|b1", NULL, 0);
    put_le(&w->npy, v ? 1 : 0, 1);
    member_end(w, name);
}

/* The code point of the well-formed UTF-8 sequence at *s, *s advanced past
 * it; -1 (and *s advanced by one byte) where none starts: RFC 3629 allows
 * no overlong forms, no surrogates (U+D800..U+DFFF) and nothing above
 * U+10FFFF. s is NUL-terminated, so the continuation test stops at its end. */
static long next_utf8(const unsigned char **s)
{
    static const uint32_t least[4] = {0, 0x80, 0x800, 0x10000};
    const unsigned char *p = *s;
    uint32_t c = p[0];
    int n = c < 0x80 ? 0 : c < 0xc0 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf8 ? 3 : -1;
    *s = p + 1;
    if (n < 0)
        return -1;
    c &= n ? 0x3fu >> n : 0x7fu;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return -1;
        c = c << 6 | (p[i] & 0x3fu);
    }
    if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return -1;
    *s = p + n + 1;
    return (long)c;
}

/* The code points of s, or SIZE_MAX when s is not well-formed UTF-8. */
static size_t utf8_count(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; n++)
        if (next_utf8(&p) < 0)
            return SIZE_MAX;
    return n;
}

/* n texts (a scalar when ndim is 0) as numpy str '<U{width}': UTF-32LE,
 * zero-padded. mlp's names are bytes (a CSV header may be in any encoding);
 * when one of them is not well-formed UTF-8 the array is written as numpy
 * bytes '|S{width}' instead, verbatim, so that reading it back gives the same
 * bytes (a str array could only carry a replacement character). */
static void add_strs(writer *w, const char *name, char *const *texts, size_t n, int ndim)
{
    size_t width = 1, bytes_width = 1;
    int utf8 = 1;
    for (size_t i = 0; i < n; i++) {
        const char *t = texts[i] ? texts[i] : "";
        size_t c = utf8_count(t), b = strlen(t);
        utf8 = utf8 && c != SIZE_MAX;
        width = c != SIZE_MAX && c > width ? c : width;
        bytes_width = b > bytes_width ? b : bytes_width;
    }
    char descr[32];
    snprintf(descr, sizeof descr, utf8 ? "<U%zu" : "|S%zu", utf8 ? width : bytes_width);
    npy_header(&w->npy, descr, &n, ndim);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)(texts[i] ? texts[i] : "");
        size_t c = 0;
        if (!utf8) {
            for (; p[c]; c++)
                put_le(&w->npy, p[c], 1);
            for (; c < bytes_width; c++)
                put_le(&w->npy, 0, 1);
            continue;
        }
        for (; *p; c++)
            put_le(&w->npy, (uint64_t)next_utf8(&p), 4);
        for (; c < width; c++)
            put_le(&w->npy, 0, 4);
    }
    member_end(w, name);
}

static void add_str(writer *w, const char *name, const char *text)
{
    char *t = (char *)text;
    add_strs(w, name, &t, 1, 0);
}

mlp_status mlp_npz_encode(const mlp_net *net, const mlp_schema *sc, unsigned char **buf,
                          size_t *len, mlp_error *err)
{
    *buf = NULL;
    *len = 0;
    /* The statistics are read for every input and the names by the
     * schema's counts: a schema of another network would be read past its
     * arrays; and nothing is written that a reader (this one) refuses. */
    mlp_status st = mlp_weights_check_savable(net, sc, err);
    if (st)
        return st;
    writer *w = mlp_alloc_zero(1, sizeof *w);
    if (!w)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the .npz");
    size_t L = net->n_layers, F = net->sizes[0];
    char name[32];
    const char *acts[MLP_MAX_LAYERS];
    for (size_t l = 0; l < L; l++) {
        const mlp_layer *ly = &net->layers[l];
        size_t shape[2] = {ly->n_out, ly->n_in};
        snprintf(name, sizeof name, "W%zu", l + 1);
        add_f64(w, name, ly->W, shape, 2);
        snprintf(name, sizeof name, "b%zu", l + 1);
        add_f64(w, name, ly->b, shape, 1);
        acts[l] = mlp_activation_name(ly->act);
    }
    add_strs(w, "activations", (char *const *)acts, L, 1);
    add_str(w, "loss", mlp_loss_name(net->loss));
    int standard = sc->normalize == MLP_NORMALIZE_STANDARD && sc->mean && sc->std;
    add_str(w, "normalize", standard ? "standard" : "none");
    double *mean = mlp_alloc_zero(F, sizeof *mean), *std = mlp_alloc(F, sizeof *std);
    if (mean && std) {
        for (size_t j = 0; j < F; j++) {
            mean[j] = standard ? sc->mean[j] : 0.0;
            std[j] = standard ? sc->std[j] : 1.0;
        }
        add_f64(w, "mean", mean, &F, 1);
        add_f64(w, "std", std, &F, 1);
    } else {
        w->zip.oom = 1;
    }
    free(mean);
    free(std);
    add_strs(w, "feature_names", sc->feature_names, sc->feature_names ? sc->n_features : 0, 1);
    add_strs(w, "target_names", sc->target_names, sc->target_names ? sc->n_targets : 0, 1);
    add_strs(w, "labels", sc->labels, sc->labels ? sc->n_labels : 0, 1);
    add_bool(w, "names_from_header", sc->names_from_header);
    add_bool(w, "one_hot_columns", sc->one_hot_columns);

    size_t cd = w->zip.len;
    for (size_t i = 0; i < w->n; i++) {
        size_t nl = strlen(w->names[i]);
        put_le(&w->zip, 0x02014b50, 4);
        put_le(&w->zip, 20, 2);       /* made by: 2.0, MS-DOS attributes */
        put_le(&w->zip, 20, 2);
        put_le(&w->zip, 0, 2);
        put_le(&w->zip, 0, 2);
        put_le(&w->zip, 0, 2);
        put_le(&w->zip, 0x21, 2);
        put_le(&w->zip, w->crc[i], 4);
        put_le(&w->zip, w->size[i], 4);
        put_le(&w->zip, w->size[i], 4);
        put_le(&w->zip, nl, 2);
        put_le(&w->zip, 0, 2);        /* extra */
        put_le(&w->zip, 0, 2);        /* comment */
        put_le(&w->zip, 0, 2);        /* disk */
        put_le(&w->zip, 0, 2);        /* internal attributes */
        put_le(&w->zip, 0, 4);        /* external attributes */
        put_le(&w->zip, w->offset[i], 4);
        put(&w->zip, w->names[i], nl);
    }
    size_t cd_size = w->zip.len - cd;
    put_le(&w->zip, 0x06054b50, 4);
    put_le(&w->zip, 0, 2);
    put_le(&w->zip, 0, 2);
    put_le(&w->zip, w->n, 2);
    put_le(&w->zip, w->n, 2);
    put_le(&w->zip, cd_size, 4);
    put_le(&w->zip, cd, 4);
    put_le(&w->zip, 0, 2);
    free(w->npy.p);
    /* A 4 GiB member or archive would need zip64; a model that large does not fit the weights
     * file's limits either. */
    if (w->zip.oom || w->zip.len > UINT32_MAX) {
        free(w->zip.p);
        free(w);
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the .npz");
    }
    *buf = w->zip.p;
    *len = w->zip.len;
    free(w);
    return MLP_OK;
}

/* path with its extension, if any, replaced by ".npz": data.csv -> data.npz. */
static void npz_name_for(const char *path, char *buf, size_t size)
{
    mlp_fileio_name_with_suffix(path, ".npz", buf, size);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Whether --export writes to a file of this name: one that ends in .npz,
 * or standard output or a device, written straight through with no name of
 * its own to check. */
static int npz_name_fits(const char *npz_path)
{
    struct stat st;
    return ends_with(npz_path, ".npz") || mlp_fileio_is_std(npz_path) ||
           strncmp(npz_path, "/dev/", 5) == 0 || strncmp(npz_path, "/proc/", 6) == 0 ||
           (stat(npz_path, &st) == 0 && !S_ISREG(st.st_mode));
}

/* What an .npz may be written over (mlppredict --export), beyond the model
 * it comes from (the program's identity check of its paths): never an mlp weights file, the model given in the
 * wrong place (`--export m.weights.bin m.npz`, the arguments swapped), and
 * only a name that ends in .npz, the name numpy.savez gives every .npz, so
 * that a CSV or any other file named there is not replaced by a zip.
 * Standard output and devices (/dev/null, /dev/stdout) are written
 * straight through and have no name of their own to check. */
mlp_status mlp_npz_check_write_path(const char *npz_path, const char *weights_path,
                                    mlp_error *err)
{
    char want[MLP_ERROR_PATH_MAX];
    /* A path that names a folder: no name to put .npz after; without the
     * "/", one that would then be refused is advised with .npz. */
    static const mlp_fileio_output_name npz_names = {npz_name_fits, ".npz"};
    mlp_status slash = mlp_fileio_check_trailing_slash(npz_path, &npz_names, err);
    if (slash)
        return slash;
    if (mlp_weights_file_has_magic(npz_path)) {
        mlp_error_set(err, MLP_ERR_USAGE, npz_path, 0, 0,
                      "--export would overwrite this mlp weights file");
        /* A weights file's name where the .npz's goes: the arguments
         * swapped, or this model meant; the .npz named as given, or after
         * it. A weights file named .npz suggests no swap: the other
         * argument may be a model to keep. */
        if (!ends_with(npz_path, ".npz")) {
            if (ends_with(weights_path, ".npz"))
                snprintf(want, sizeof want, "%s", weights_path);
            else
                npz_name_for(npz_path, want, sizeof want);
            mlp_error_hint(err, "the .npz to write comes first, then the model: mlppredict "
                                "--export %s %s", want, npz_path);
        } else {
            mlp_error_hint(err, "give --export the path of an .npz or of a new file");
        }
        return MLP_ERR_USAGE;
    }
    if (npz_name_fits(npz_path))
        return MLP_OK;
    npz_name_for(npz_path, want, sizeof want);
    mlp_error_set(err, MLP_ERR_USAGE, npz_path, 0, 0,
                  "the name does not end in .npz, which numpy.savez gives every .npz");
    mlp_error_hint(err, "give --export %s", want);
    return MLP_ERR_USAGE;
}

mlp_status mlp_npz_write(const char *path, const mlp_net *net, const mlp_schema *schema,
                         mlp_error *err)
{
    unsigned char *buf;
    size_t len;
    mlp_status st = mlp_npz_encode(net, schema, &buf, &len, err);
    if (st) {
        if (err && !err->path[0])
            mlp_error_copy_path(err->path, sizeof err->path, path);
        return st;
    }
    mlp_atomic_file af;
    if (!(st = mlp_fileio_atomic_open(&af, path, err))) {
        /* Flushed here, so that a full disk or a file-size limit is told
         * with its errno however small the file (a buffered write fails
         * only at the flush), in the words of mlptrain's failed writes. */
        errno = 0;
        if (fwrite(buf, 1, len, af.fp) != len || fflush(af.fp) != 0) {
            int e = errno ? errno : EIO;
            mlp_fileio_atomic_abort(&af);
            st = mlp_fileio_write_error(path, e, err);
        } else {
            st = mlp_fileio_atomic_commit(&af, err);
        }
    }
    free(buf);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Reading: the central directory, then each member's .npy. */

int mlp_npz_is_npz(const unsigned char *buf, size_t len)
{
    /* numpy.savez stores each array as a member "NAME.npy", the first one
     * at offset 0: a local header of 30 bytes, the name's length at 26 and
     * the name after it. Every zip starts "PK\3\4" (an .xlsx workbook, a
     * .zip of notes), and those were called a trained model, the advice
     * to predict with them failing next. */
    if (len < 30 || memcmp(buf, "PK\x03\x04", 4) != 0)
        return 0;
    size_t nl = (size_t)get_le(buf + 26, 2);
    return nl >= 4 && len - 30 >= nl && memcmp(buf + 30 + nl - 4, ".npy", 4) == 0;
}

typedef struct {
    const char *name;           /* member name without ".npy", not terminated */
    size_t name_len;
    const unsigned char *data;  /* the stored bytes */
    size_t size;
} entry;

typedef struct {
    const char *path;
    entry *e;
    size_t n;
    mlp_error *err;
} archive;

static mlp_status bad(archive *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static mlp_status bad(archive *a, const char *fmt, ...)
{
    char text[MLP_ERROR_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0, "%s", text);
    mlp_error_hint(a->err, "see the layout in docs/numpy.md");
    return MLP_ERR_WEIGHTS;
}

/* A member whose .npy bytes do not parse: damaged, or not numpy's format. */
static mlp_status bad_npy(archive *a, const char *what, const char *problem)
{
    bad(a, "member \"%s\" %s", what, problem);
    mlp_error_hint(a->err, "the file is damaged or was not written by numpy; write it again with numpy.savez");
    return MLP_ERR_WEIGHTS;
}

static mlp_status truncated(archive *a)
{
    mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0, "the .npz (zip) archive is truncated or damaged");
    mlp_error_hint(a->err, "write it again with numpy.savez");
    return MLP_ERR_WEIGHTS;
}

/* The zip64 extra field of a central directory entry: the 64-bit values of
 * the fields that were 0xFFFFFFFF, in the order usize, csize, offset. */
static void zip64_fields(const unsigned char *x, size_t xlen, uint64_t *vals[3])
{
    for (size_t i = 0; i + 4 <= xlen;) {
        size_t id = (size_t)get_le(x + i, 2), n = (size_t)get_le(x + i + 2, 2);
        if (i + 4 + n > xlen)
            return;
        if (id == 1) {
            size_t k = 0;
            for (int f = 0; f < 3; f++)
                if (*vals[f] == 0xffffffffu && k + 8 <= n) {
                    *vals[f] = get_le(x + i + 4 + k, 8);
                    k += 8;
                }
        }
        i += 4 + n;
    }
}

/* Whether the name in a member's local header (at lh, whose name the
 * caller has checked lies inside the file) differs from the nl bytes at
 * name that the central directory gives it; if so, a->err says so. The
 * zip format has the two agree, and Python's zipfile, numpy's reader,
 * refuses a file where they do not. Taking the directory's word alone
 * read a file that a reader walking the local headers (unzip as a
 * stream) sees holding other arrays: damaged, or made to read two ways. */
static int local_name_differs(archive *a, const unsigned char *lh, const unsigned char *name,
                              size_t nl, const char *member)
{
    size_t ll = (size_t)get_le(lh + 26, 2);
    if (ll == nl && memcmp(lh + 30, name, nl) == 0)
        return 0;
    bad(a, "member \"%s\" is named \"%.*s\" in its local header", member, (int)(ll < 60 ? ll : 60),
        (const char *)lh + 30);
    mlp_error_hint(a->err, "the file is damaged; write it again with numpy.savez");
    return 1;
}

static mlp_status read_directory(archive *a, const unsigned char *buf, size_t len)
{
    size_t eocd = SIZE_MAX;
    for (size_t i = len >= 22 ? len - 22 : 0; len >= 22; i--) {
        if (get_le(buf + i, 4) == 0x06054b50) {
            eocd = i;
            break;
        }
        if (i == 0 || len - i > 22 + 65535)
            break;
    }
    if (eocd == SIZE_MAX)
        return truncated(a);
    size_t count = (size_t)get_le(buf + eocd + 10, 2), off = (size_t)get_le(buf + eocd + 16, 4);
    a->e = mlp_alloc_zero(count ? count : 1, sizeof *a->e);
    if (!a->e)
        return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0, "out of memory reading the .npz");
    for (size_t k = 0; k < count; k++) {
        if (off > eocd || eocd - off < 46 || get_le(buf + off, 4) != 0x02014b50)
            return truncated(a);
        const unsigned char *c = buf + off;
        size_t method = (size_t)get_le(c + 10, 2), nl = (size_t)get_le(c + 28, 2);
        size_t xl = (size_t)get_le(c + 30, 2), cl = (size_t)get_le(c + 32, 2);
        uint32_t crc = (uint32_t)get_le(c + 16, 4);
        uint64_t csize = get_le(c + 20, 4), usize = get_le(c + 24, 4), loc = get_le(c + 42, 4);
        if (eocd - off < 46 + nl + xl + cl)
            return truncated(a);
        uint64_t *vals[3] = {&usize, &csize, &loc};
        zip64_fields(c + 46 + nl, xl, vals);
        entry *e = &a->e[a->n];
        e->name = (const char *)c + 46;
        e->name_len = nl;
        if (nl >= 4 && memcmp(e->name + nl - 4, ".npy", 4) == 0)
            e->name_len -= 4;
        off += 46 + nl + xl + cl;
        if (loc > len || len - loc < 30 || get_le(buf + loc, 4) != 0x04034b50)
            return truncated(a);
        size_t skip = 30 + (size_t)get_le(buf + loc + 26, 2) + (size_t)get_le(buf + loc + 28, 2);
        if (len - loc < skip || len - loc - skip < csize)
            return truncated(a);
        char member[64];
        snprintf(member, sizeof member, "%.*s", (int)(nl < 60 ? nl : 60), e->name);
        if (local_name_differs(a, buf + loc, c + 46, nl, member))
            return MLP_ERR_WEIGHTS;
        /* A member twice (zipfile's append of a second "labels.npy"):
         * numpy reads the last, a first-match reader the first, so the two
         * would disagree silently (labels swapped). */
        int twice = 0;
        for (size_t i = 0; i < a->n && !twice; i++)
            twice = a->e[i].name_len == e->name_len && memcmp(a->e[i].name, e->name, e->name_len) == 0;
        if (twice) {
            bad(a, "member \"%.*s\" is in the archive twice", (int)(e->name_len < 60 ? e->name_len : 60),
                e->name);
            mlp_error_hint(a->err, "numpy reads the last copy; save the .npz again with "
                                   "numpy.savez(f, **dict(numpy.load(f))) to keep only that one");
            return MLP_ERR_WEIGHTS;
        }
        if (method != 0) {
            bad(a, "member \"%s\" is compressed; mlp reads stored members only", member);
            mlp_error_hint(a->err, "save it with numpy.savez, not numpy.savez_compressed");
            return MLP_ERR_WEIGHTS;
        }
        e->data = buf + loc + skip;
        e->size = (size_t)csize;
        if (usize != csize || mlp_crc32(0, e->data, e->size) != crc) {
            bad(a, "member \"%s\" fails its CRC-32 check", member);
            mlp_error_hint(a->err, "the file is damaged; write it again");
            return MLP_ERR_WEIGHTS;
        }
        a->n++;
    }
    return MLP_OK;
}

static const entry *find(const archive *a, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].name_len == n && memcmp(a->e[i].name, name, n) == 0)
            return &a->e[i];
    return NULL;
}

/* One .npy array. */
typedef struct {
    char kind;              /* 'f' float64, 'U' str, 'S' bytes, 'b' bool */
    size_t item;            /* bytes per element */
    int fortran;
    int ndim;
    size_t shape[8];
    size_t count;           /* elements */
    const unsigned char *data;
} array;

/* The value text after 'key': in the header dict, or NULL. */
static const char *dict_value(const char *dict, size_t len, const char *key)
{
    char k[32];
    snprintf(k, sizeof k, "'%s':", key);
    size_t kl = strlen(k);
    for (size_t i = 0; i + kl <= len; i++)
        if (memcmp(dict + i, k, kl) == 0) {
            const char *p = dict + i + kl;
            while (p < dict + len && *p == ' ')
                p++;
            return p;
        }
    return NULL;
}

static void dtype_hint(archive *a, const char *name, char want, const array *got);

/* Parses member e, named `what` in messages, as an .npy array; want is the
 * kind the caller reads ('f', 'U', 'b'; 0 for any), which the hint for a
 * dtype mlp does not read is about. */
static mlp_status parse_npy(archive *a, const entry *e, const char *what, char want, array *arr)
{
    memset(arr, 0, sizeof *arr);
    const unsigned char *p = e->data;
    if (e->size < 10 || memcmp(p, "\x93NUMPY", 6) != 0)
        return bad_npy(a, what, "is not a .npy array");
    size_t hl, hs;
    if (p[6] == 1) {
        hl = (size_t)get_le(p + 8, 2);
        hs = 10;
    } else {
        if (e->size < 12)
            return bad_npy(a, what, "is not a .npy array");
        hl = (size_t)get_le(p + 8, 4);
        hs = 12;
    }
    if (e->size - hs < hl)
        return bad_npy(a, what, "is not a .npy array");
    const char *dict = (const char *)p + hs, *end = dict + hl;
    const char *d = dict_value(dict, hl, "descr"), *f = dict_value(dict, hl, "fortran_order"),
               *s = dict_value(dict, hl, "shape");
    if (!d || !f || !s || d >= end || (*d != '\'' && *d != '"'))
        return bad_npy(a, what, "has a .npy header mlp cannot read");
    char descr[16];
    size_t dl = 0;
    for (const char *q = d + 1; q < end && *q != *d && dl + 1 < sizeof descr; q++)
        descr[dl++] = *q;
    descr[dl] = '\0';
    arr->fortran = end - f >= 4 && memcmp(f, "True", 4) == 0;
    if (strcmp(descr, "<f8") == 0) {
        arr->kind = 'f';
        arr->item = 8;
    } else if (strcmp(descr, "|b1") == 0) {
        arr->kind = 'b';
        arr->item = 1;
    } else if ((descr[0] == '<' || descr[0] == '|') && (descr[1] == 'U' || descr[1] == 'S') &&
               descr[2] >= '1' && descr[2] <= '9' && strspn(descr + 2, "0123456789") == dl - 2) {
        /* A width of at most 13 digits (descr holds 15 characters): no overflow. */
        arr->kind = descr[1];
        arr->item = strtoul(descr + 2, NULL, 10) * (descr[1] == 'U' ? 4 : 1);
    } else {
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                      "member \"%s\" has dtype %s, which mlp does not read", what, descr);
        /* Floats of another width (float32 from torch, float16): their
         * values are not read here, so the hint cannot tell whole numbers;
         * .astype(str) alone would make the labels "0.0", "1.0". */
        if (want == 'U' && (descr[0] == '<' || descr[0] == '>') && descr[1] == 'f')
            mlp_error_hint(a->err, "save it as text: %s.astype(int).astype(str) for whole-number "
                                   "labels (%s.astype(str) alone gives \"0.0\" for 0), else "
                                   "%s.astype(str)", what, what, what);
        /* ">f8" is float64 already, in the other byte order (a big-endian
         * machine's, or dtype(">f8") asked for): "save numbers as float64"
         * told it to be what it was. */
        else if (want == 'f' && descr[0] == '>' && descr[1] == 'f')
            mlp_error_hint(a->err, "mlp reads little-endian float64 (\"<f8\"), not big-endian: "
                                   "save %s.astype(\"<f8\")", what);
        else
            dtype_hint(a, what, want, NULL);
        return MLP_ERR_WEIGHTS;
    }
    if (s >= end || *s != '(')
        return bad_npy(a, what, "has a .npy header mlp cannot read");
    /* The shape tuple, "(2, 3)", "(3,)" or "()": digits read by hand, as the
     * header is not NUL-terminated and ends where hl says. */
    arr->count = 1;
    const char *q = s + 1;
    while (q < end && *q != ')') {
        if (*q == ',' || *q == ' ') {
            q++;
            continue;
        }
        size_t v = 0;
        const char *digits = q;
        for (; q < end && *q >= '0' && *q <= '9'; q++) {
            size_t dv = (size_t)(*q - '0');
            if (v > (SIZE_MAX - dv) / 10)
                return bad_npy(a, what, "has a .npy header mlp cannot read");
            v = v * 10 + dv;
        }
        if (q == digits || arr->ndim == 8 || (v && arr->count > SIZE_MAX / v))
            return bad_npy(a, what, "has a .npy header mlp cannot read");
        arr->shape[arr->ndim++] = v;
        arr->count *= v;
    }
    if (q == end)
        return bad_npy(a, what, "has a .npy header mlp cannot read");
    if (arr->count > (e->size - hs - hl) / arr->item)
        return bad_npy(a, what, "is shorter than its shape says");
    arr->data = p + hs + hl;
    return MLP_OK;
}

/* A member by name: absent (*present = 0, when optional) or parsed. */
static mlp_status get_array(archive *a, const char *name, int required, char kind, array *arr,
                            int *present)
{
    const entry *e = find(a, name);
    *present = e != NULL;
    if (!e && required) {
        bad(a, "the .npz has no array \"%s\"", name);
        mlp_error_hint(a->err, "save W1, b1, W2, b2, ..., activations and loss (docs/numpy.md)");
        return MLP_ERR_WEIGHTS;
    }
    if (!e)
        return MLP_OK;
    mlp_status st = parse_npy(a, e, name, kind, arr);
    if (st)
        return st;
    int text = arr->kind == 'U' || arr->kind == 'S';
    if ((kind == 'U' && !text) || (kind != 'U' && arr->kind != kind)) {
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0, "array \"%s\" holds %s, not %s", name,
                      text ? "text" : arr->kind == 'b' ? "booleans" : "numbers",
                      kind == 'U' ? "text" : kind == 'b' ? "a boolean" : "float64 numbers");
        if (kind == 'f')
            mlp_error_hint(a->err, "see the layout in docs/numpy.md");
        else
            dtype_hint(a, name, kind, arr);
        return MLP_ERR_WEIGHTS;
    }
    return MLP_OK;
}

/* Element i (C order) of a 2-D or lower array. */
static double f64_at(const array *arr, size_t i)
{
    size_t k = i;
    if (arr->fortran && arr->ndim == 2) {
        size_t r = i / arr->shape[1], c = i % arr->shape[1];
        k = c * arr->shape[0] + r;
    }
    uint64_t bits = get_le(arr->data + 8 * k, 8);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* "()", "(3,)" or "(2, 2)": arr's shape as numpy prints it. */
static void shape_text(const array *arr, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "(");
    for (int d = 0; d < arr->ndim && used < size; d++)
        used += (size_t)snprintf(buf + used, size - used, "%s%zu", d ? ", " : "", arr->shape[d]);
    if (used < size)
        snprintf(buf + used, size - used, "%s)", arr->ndim == 1 ? "," : "");
}

/* " [i]" or " [r][c]": element i (C order) of arr as numpy indexes it;
 * "" for a 0-d array. */
static void index_text(const array *arr, size_t i, char *at, size_t size)
{
    at[0] = '\0';
    if (arr->ndim == 2)
        snprintf(at, size, " [%zu][%zu]", i / arr->shape[1], i % arr->shape[1]);
    else if (arr->ndim == 1)
        snprintf(at, size, " [%zu]", i);
}

/* A value of a float64 member that the model cannot hold (a weight or a
 * mean that is not a finite number, a std that is not a positive one):
 * named by member and index in the file's shape, as numpy prints them,
 * before the model is checked as a weights file would be (whose words,
 * "cannot save the model", are the writer's and name no file). */
static mlp_status bad_value(archive *a, const char *name, const array *arr, size_t i, double v,
                            const char *what)
{
    char at[64];
    index_text(arr, i, at, sizeof at);
    mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0, "array \"%s\"%s is %g, not a %s number",
                  name, at, v, what);
    return MLP_ERR_WEIGHTS;
}

/* The hint for member `name`, read as kind want, that holds another dtype
 * (got: the array, where it parsed; NULL for a dtype mlp does not read).
 * Names (labels, feature names) are text, and "save numbers as float64"
 * was the wrong advice for them: labels=numpy.array([0, 1]) saved so was
 * then refused as numbers. Integral float64s become "0.0" through
 * astype(str), which is not the label "0" the training CSV gives. */
static void dtype_hint(archive *a, const char *name, char want, const array *got)
{
    if (want == 'b') {
        mlp_error_hint(a->err, "save it as a bool: %s=numpy.array(True) or numpy.array(False)",
                       name);
        return;
    }
    if (want != 'U') {
        mlp_error_hint(a->err, "save numbers as float64 (x.astype(numpy.float64)) and texts as str");
        return;
    }
    int integral = got && got->kind == 'f' && got->count > 0;
    for (size_t i = 0; integral && i < got->count; i++) {
        double v = f64_at(got, i);
        integral = v == floor(v) && fabs(v) < 9007199254740992.0; /* 2^53: exact in int64 */
    }
    if (integral)
        mlp_error_hint(a->err, "save it as text: %s.astype(int).astype(str) (\"%.0f\", where "
                               "%s.astype(str) alone gives \"%.1f\")",
                       name, f64_at(got, 0), name, f64_at(got, 0));
    else
        mlp_error_hint(a->err, "save it as text: %s.astype(str)", name);
}

/* Text element i of the text array `name` as a new UTF-8 string in *out: a
 * numpy str element ('<U', UTF-32) encoded as UTF-8, a bytes element ('|S')
 * as its bytes; either ends at its first NUL (numpy's padding). A str code
 * point that is not a Unicode scalar value (a surrogate, or above U+10FFFF)
 * has no UTF-8 form and is refused. */
static mlp_status text_at(archive *a, const char *name, const array *arr, size_t i, char **out)
{
    size_t n = arr->kind == 'U' ? arr->item / 4 : arr->item;
    char *s = *out = mlp_alloc(4 * n + 1, 1);
    if (!s)
        return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0, "out of memory reading the .npz");
    size_t k = 0;
    const unsigned char *p = arr->data + i * arr->item;
    for (size_t j = 0; j < n; j++) {
        uint32_t c = arr->kind == 'U' ? (uint32_t)get_le(p + 4 * j, 4) : p[j];
        if (c == 0) {
            /* numpy pads a text with NULs; one before a character is
             * inside the text, which mlp's names (C strings) cannot hold:
             * b'a\x00b' was read as "a". */
            for (size_t r = j + 1; r < n; r++)
                if (arr->kind == 'U' ? get_le(p + 4 * r, 4) != 0 : p[r] != 0) {
                    free(s);
                    *out = NULL;
                    char at[64];
                    index_text(arr, i, at, sizeof at);
                    mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                                  "array \"%s\"%s holds a text with a NUL character inside it, "
                                  "which mlp cannot keep in a name", name, at);
                    mlp_error_hint(a->err, "save the names without NUL characters");
                    return MLP_ERR_WEIGHTS;
                }
            break;
        }
        if (arr->kind == 'S' || c < 0x80) {
            s[k++] = (char)c;
        } else if (c < 0x800) {
            s[k++] = (char)(0xc0 | c >> 6);
            s[k++] = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000 && !(c >= 0xd800 && c <= 0xdfff)) {
            s[k++] = (char)(0xe0 | c >> 12);
            s[k++] = (char)(0x80 | (c >> 6 & 0x3f));
            s[k++] = (char)(0x80 | (c & 0x3f));
        } else if (c >= 0x10000 && c <= 0x10ffff) {
            s[k++] = (char)(0xf0 | c >> 18);
            s[k++] = (char)(0x80 | (c >> 12 & 0x3f));
            s[k++] = (char)(0x80 | (c >> 6 & 0x3f));
            s[k++] = (char)(0x80 | (c & 0x3f));
        } else {
            free(s);
            *out = NULL;
            bad(a, "array \"%s\" holds a text with code point 0x%lX, which is not Unicode", name,
                (unsigned long)c);
            mlp_error_hint(a->err, "save texts that Python can encode as UTF-8, or as bytes");
            return MLP_ERR_WEIGHTS;
        }
    }
    s[k] = '\0';
    return MLP_OK;
}

/* n texts of an optional 1-D text member, or n made-up names prefix1..n
 * (prefix alone when n is 1) when it is absent. */
static mlp_status get_names(archive *a, const char *name, size_t n, const char *prefix,
                            char ***out, size_t *count)
{
    array arr;
    int present;
    mlp_status st = get_array(a, name, 0, 'U', &arr, &present);
    if (st)
        return st;
    if (present) {
        if (arr.ndim != 1 || (n != SIZE_MAX && arr.count != n)) {
            char want[32];
            snprintf(want, sizeof want, "%zu", n);
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\" must have shape (%s,)", name, n == SIZE_MAX ? "N" : want);
            mlp_error_hint(a->err, "see the layout in docs/numpy.md");
            return MLP_ERR_WEIGHTS;
        }
        n = arr.count;
    } else if (n == SIZE_MAX) {
        n = 0;
    }
    *out = mlp_alloc_zero(n ? n : 1, sizeof **out);
    if (!*out)
        return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0, "out of memory reading the .npz");
    *count = n;
    for (size_t i = 0; i < n; i++) {
        char made[64];
        snprintf(made, sizeof made, n == 1 ? "%s" : "%s%zu", prefix, i + 1);
        if (present) {
            if ((st = text_at(a, name, &arr, i, &(*out)[i])))
                return st;
        } else if (!((*out)[i] = mlp_alloc_strdup(made))) {
            return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0,
                                 "out of memory reading the .npz");
        }
    }
    return MLP_OK;
}

/* How many names the array `name` holds; 0 when it is absent or not a
 * 1-D text array (get_names then says why, in its own words: this look
 * leaves a->err alone). */
static size_t names_count(archive *a, const char *name)
{
    mlp_error quiet;
    archive q = *a;
    q.err = &quiet;
    array arr;
    int present;
    if (get_array(&q, name, 0, 'U', &arr, &present) || !present || arr.ndim != 1)
        return 0;
    return arr.count;
}

static mlp_status get_flag(archive *a, const char *name, int *v)
{
    array arr;
    int present;
    mlp_status st = get_array(a, name, 0, 'b', &arr, &present);
    if (!st && present && arr.count == 1)
        *v = arr.data[0] != 0;
    return st;
}

/* numpy code often computes z = a @ W + b and keeps W as (inputs, units),
 * the transpose of mlp's (units, inputs), z = a @ W.T + b. Read in mlp's
 * layout, such a W1 makes the first b or the next W look wrong (and the
 * messages blamed them). Called where a shape does not fit mlp's layout:
 * 1 when every Wk, bk of the archive fits the transposed one instead (each
 * Wk 2-D float64, bk's count Wk's columns, W(k+1)'s rows Wk's columns),
 * and then the message says so, naming the first W that is not square (a
 * square W reads alike both ways: only the others show the layout); 0 and
 * nothing touched otherwise, so that the caller's message stands. */
static int refuse_transposed(archive *a)
{
    mlp_error quiet;
    archive q = *a;
    q.err = &quiet;
    size_t L = 0, prev = 0, shown = SIZE_MAX, rows = 0, cols = 0;
    char name[32];
    for (;; L++) {
        array W, b;
        snprintf(name, sizeof name, "W%zu", L + 1);
        const entry *e = find(a, name);
        if (!e)
            break;
        if (L == MLP_MAX_LAYERS || parse_npy(&q, e, name, 'f', &W) || W.kind != 'f' || W.ndim != 2 ||
            W.shape[0] == 0 || W.shape[1] == 0 || (L > 0 && W.shape[0] != prev))
            return 0;
        snprintf(name, sizeof name, "b%zu", L + 1);
        if (!(e = find(a, name)) || parse_npy(&q, e, name, 'f', &b) || b.kind != 'f' || b.ndim > 2 ||
            b.count != W.shape[1])
            return 0;
        if (shown == SIZE_MAX && W.shape[0] != W.shape[1]) {
            shown = L;
            rows = W.shape[0];
            cols = W.shape[1];
        }
        prev = W.shape[1];
    }
    if (shown == SIZE_MAX)
        return 0;
    mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                  "array \"W%zu\" has shape (%zu, %zu), (inputs, units) as for z = a @ W + b; mlp "
                  "stores W as (units, inputs), here (%zu, %zu), and computes z = a @ W.T + b",
                  shown + 1, rows, cols, cols, rows);
    if (L == 1)
        mlp_error_hint(a->err, "save W1.T: numpy.savez(..., W1=W1.T, ...) (docs/numpy.md)");
    else if (L <= 3)
        mlp_error_hint(a->err, "save every W transposed: numpy.savez(..., W1=W1.T, W2=W2.T%s, "
                               "...) (docs/numpy.md)", L == 3 ? ", W3=W3.T" : "");
    else
        mlp_error_hint(a->err, "save every W transposed: numpy.savez(..., W1=W1.T, W2=W2.T, ..., "
                               "W%zu=W%zu.T, ...) (docs/numpy.md)", L, L);
    return 1;
}

/* "a, b or c": the names of the n rows of a table (activation.c, loss.c),
 * so that the hint lists every name the reader accepts (softplus was
 * missing from a list written by hand). */
static void join_names(char *buf, size_t cap, size_t n, const char *(*name_of)(size_t))
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && used < cap; k++) {
        int w = snprintf(buf + used, cap - used, "%s%s", k == 0 ? "" : k + 1 < n ? ", " : " or ",
                         name_of(k));
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static const char *activation_name_of(size_t k)
{
    return mlp_activation_name((mlp_activation)k);
}

static const char *loss_name_of(size_t k)
{
    return mlp_loss_name((mlp_loss)k);
}

/* The hint for the unknown name t of kind `what` (an activation, a loss)
 * among the n names of a table: the spec reader's (PyTorch's "BCELoss",
 * scikit-learn's "logistic", a letter case, a near spelling), else the list
 * of names. */
static void unknown_name_hint(archive *a, const char *t, const char *what, size_t n,
                              const char *(*name_of)(size_t))
{
    const char *names[32];
    char list[256], text[MLP_ERROR_TEXT_MAX];
    for (size_t k = 0; k < n && k < sizeof names / sizeof names[0]; k++)
        names[k] = name_of(k);
    join_names(list, sizeof list, n, name_of);
    if (n <= sizeof names / sizeof names[0] &&
        mlp_nearest_hint(t, what, names, (int)n, list, text, sizeof text))
        mlp_error_hint(a->err, "%s", text);
    else
        mlp_error_hint(a->err, "use %s", list);
}


/* The hint for a network mlp_net_create refuses (its message says what is
 * wrong, in the words of any model): which array to change. A row-wise
 * activation (softmax) on a hidden layer, or a loss that cannot follow the
 * output layer; the others (sizes, counts) are checked above. */
static void net_hint(archive *a, size_t L, const size_t *sizes, const mlp_activation *acts,
                     mlp_loss loss)
{
    for (size_t l = 0; l + 1 < L; l++)
        if (mlp_activation_info_of(acts[l])->flags & MLP_ACT_FLAG_ROWS) {
            mlp_error_hint(a->err, "save \"activations\"[%zu], hidden layer %zu's, as an "
                                   "element-wise activation such as \"tanh\" or \"relu\"", l, l + 1);
            return;
        }
    mlp_activation out = acts[L - 1];
    if (mlp_loss_accepts(loss, out))
        return;
    char works[128];
    mlp_loss_names_accepting(out, works, sizeof works);
    /* The output the loss needs, where it needs one; a softmax of one unit
     * is always 1, so it is never the way for one output. */
    size_t n_needed = 0, needed = 0;
    for (size_t k = 0; k < MLP_ACT_COUNT; k++)
        if (mlp_loss_accepts(loss, (mlp_activation)k)) {
            n_needed++;
            needed = k;
        }
    if (n_needed == 1 && !(sizes[L] == 1 && needed == MLP_ACT_SOFTMAX))
        mlp_error_hint(a->err, "for a %s output save \"loss\" as %s, or make the last entry of "
                               "\"activations\" \"%s\" for \"%s\"",
                       mlp_activation_name(out), works, mlp_activation_name((mlp_activation)needed),
                       mlp_loss_name(loss));
    else
        mlp_error_hint(a->err, "for a %s output save \"loss\" as %s", mlp_activation_name(out),
                       works);
}

/* The network from W1.., b1.., activations and loss. */
static mlp_status read_net(archive *a, mlp_net **net)
{
    size_t L = 0, sizes[MLP_MAX_LAYERS + 1];
    array W[MLP_MAX_LAYERS], b[MLP_MAX_LAYERS];
    mlp_activation acts[MLP_MAX_LAYERS];
    char name[32];
    int present;
    mlp_status st;
    for (;; L++) {
        snprintf(name, sizeof name, "W%zu", L + 1);
        if (!find(a, name))
            break;
        if (L == MLP_MAX_LAYERS)
            return bad(a, "the .npz has more than %d weight layers", MLP_MAX_LAYERS);
        if ((st = get_array(a, name, 1, 'f', &W[L], &present)))
            return st;
        if (W[L].ndim != 2)
            return bad(a, "array \"%s\" must have 2 dimensions (units out, units in)", name);
        if (W[L].shape[0] == 0 || W[L].shape[1] == 0)
            return bad(a, "array \"%s\" has shape (%zu, %zu): every layer needs at least one unit",
                       name, W[L].shape[0], W[L].shape[1]);
        if (L == 0)
            sizes[0] = W[0].shape[1];
        if (W[L].shape[1] != sizes[L]) {
            if (refuse_transposed(a))
                return MLP_ERR_WEIGHTS;
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\" has shape (%zu, %zu) but layer %zu has %zu unit%s", name,
                          W[L].shape[0], W[L].shape[1], L, sizes[L], mlp_plural(sizes[L], "", "s"));
            mlp_error_hint(a->err, "W%zu must have shape (units of layer %zu, units of layer %zu)",
                           L + 1, L + 1, L);
            return MLP_ERR_WEIGHTS;
        }
        sizes[L + 1] = W[L].shape[0];
        snprintf(name, sizeof name, "b%zu", L + 1);
        if ((st = get_array(a, name, 1, 'f', &b[L], &present)))
            return st;
        if (b[L].count != sizes[L + 1]) {
            if (refuse_transposed(a))
                return MLP_ERR_WEIGHTS;
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\" has %zu value%s for %zu unit%s", name, b[L].count,
                          mlp_plural(b[L].count, "", "s"), sizes[L + 1],
                          mlp_plural(sizes[L + 1], "", "s"));
            mlp_error_hint(a->err, "b%zu must have shape (%zu,)", L + 1, sizes[L + 1]);
            return MLP_ERR_WEIGHTS;
        }
        /* A (2, 2) or (4, 1) b1 of 4 values was flattened silently. */
        if (b[L].ndim != 1) {
            char shape[96];
            shape_text(&b[L], shape, sizeof shape);
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\" has shape %s; it must have shape (%zu,), one bias per unit",
                          name, shape, sizes[L + 1]);
            mlp_error_hint(a->err, "save b%zu with shape (%zu,), its biases in the order of W%zu's "
                                   "rows (docs/numpy.md)", L + 1, sizes[L + 1], L + 1);
            return MLP_ERR_WEIGHTS;
        }
    }
    if (L == 0)
        return get_array(a, "W1", 1, 'f', &W[0], &present);
    /* The layers are W1, W2, ... without a gap: a bias or a later layer
     * past the first missing W means that W is missing, not that the
     * network ends there. */
    for (size_t k = L + 1; k <= MLP_MAX_LAYERS + 1; k++) {
        char later[32] = "";
        for (int w = 0; w < 2 && !later[0]; w++) {
            snprintf(name, sizeof name, w ? "W%zu" : "b%zu", k);
            if ((w == 0 || k > L + 1) && find(a, name))
                snprintf(later, sizeof later, "%s", name);
        }
        if (later[0]) {
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\" is saved but \"W%zu\" is missing: the layers must be W1, "
                          "W2, ... without a gap", later, L + 1);
            mlp_error_hint(a->err, "save W%zu (shape (units of layer %zu, units of layer %zu)), or "
                                   "remove the arrays past W%zu", L + 1, L + 1, L, L);
            return MLP_ERR_WEIGHTS;
        }
    }
    array arr;
    if ((st = get_array(a, "activations", 1, 'U', &arr, &present)))
        return st;
    if (arr.ndim != 1 || arr.count != L) {
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                      "array \"activations\" must hold %zu name%s, one per weight layer", L,
                      mlp_plural(L, "", "s"));
        /* An example of L names: tanh on the hidden layers, a sigmoid output;
         * past 3 in numpy's own shorthand for a repeated name. */
        if (L <= 3)
            mlp_error_hint(a->err, "for example numpy.array([%s\"sigmoid\"])",
                           L == 3 ? "\"tanh\", \"tanh\", " : L == 2 ? "\"tanh\", " : "");
        else
            mlp_error_hint(a->err, "for example numpy.array([\"tanh\"] * %zu + [\"sigmoid\"])",
                           L - 1);
        return MLP_ERR_WEIGHTS;
    }
    for (size_t l = 0; l < L; l++) {
        char *t;
        if ((st = text_at(a, "activations", &arr, l, &t)))
            return st;
        int ok = mlp_activation_from_name(t, &acts[l]) == 0;
        if (!ok) {
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "unknown activation \"%s\" in \"activations\"", t);
            unknown_name_hint(a, t, "activation", MLP_ACT_COUNT, activation_name_of);
        }
        free(t);
        if (!ok)
            return MLP_ERR_WEIGHTS;
    }
    if ((st = get_array(a, "loss", 1, 'U', &arr, &present)))
        return st;
    char names[256];
    join_names(names, sizeof names, MLP_LOSS_COUNT, loss_name_of);
    /* Two names (or none) were told as the unknown loss "". */
    if (arr.count != 1 || arr.ndim > 1) {
        char shape[96];
        shape_text(&arr, shape, sizeof shape);
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                      "array \"loss\" has shape %s; it must hold one name, shape () or (1,)",
                      shape);
        mlp_error_hint(a->err, "save one of %s, as loss=\"%s\"", names,
                       mlp_loss_name((mlp_loss)0));
        return MLP_ERR_WEIGHTS;
    }
    char *t = NULL;
    if ((st = text_at(a, "loss", &arr, 0, &t)))
        return st;
    mlp_loss loss;
    int ok = mlp_loss_from_name(t, &loss) == 0;
    if (!ok) {
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0, "unknown loss \"%s\" in \"loss\"",
                      t);
        unknown_name_hint(a, t, "loss", MLP_LOSS_COUNT, loss_name_of);
    }
    free(t);
    if (!ok)
        return MLP_ERR_WEIGHTS;
    *net = mlp_net_create(L, sizes, acts, loss, a->err);
    if (!*net) {
        mlp_error_copy_path(a->err->path, sizeof a->err->path, a->path);
        if (a->err->code != MLP_ERR_NOMEM && !a->err->hint[0])
            net_hint(a, L, sizes, acts, loss);
        return a->err->code;
    }
    for (size_t l = 0; l < L; l++) {
        mlp_layer *ly = &(*net)->layers[l];
        for (size_t i = 0; i < ly->n_out * ly->n_in; i++)
            ly->W[i] = f64_at(&W[l], i);
        for (size_t i = 0; i < ly->n_out; i++)
            ly->b[i] = f64_at(&b[l], i);
    }
    /* A NaN or inf makes every output NaN: the weights of a run that diverged. */
    for (size_t l = 0; l < L; l++) {
        mlp_layer *ly = &(*net)->layers[l];
        const array *src[2] = {&W[l], &b[l]};
        const double *v[2] = {ly->W, ly->b};
        size_t n[2] = {ly->n_out * ly->n_in, ly->n_out};
        for (int k = 0; k < 2; k++)
            for (size_t i = 0; i < n[k]; i++)
                if (!isfinite(v[k][i])) {
                    snprintf(name, sizeof name, "%c%zu", k ? 'b' : 'W', l + 1);
                    bad_value(a, name, src[k], i, v[k][i], "finite");
                    mlp_error_hint(a->err, "save finite weights (numpy.isfinite(%s).all()); a NaN "
                                           "or inf is left by a run that diverged: train it again "
                                           "at a lower learning rate",
                                   name);
                    return MLP_ERR_WEIGHTS;
                }
    }
    return MLP_OK;
}

/* The hint for statistics saved with "normalize" "none": either they are
 * meant (then the model standardises) or they are the neutral ones. */
static void none_statistics_hint(archive *a, size_t F)
{
    mlp_error_hint(a->err, "set normalize=\"standard\" to standardise the inputs by these "
                           "statistics, or save mean=numpy.zeros(%zu) and std=numpy.ones(%zu) "
                           "(docs/numpy.md)", F, F);
}

/* Under "normalize" "none" the inputs are taken as they are, while the
 * forward pass of docs/numpy.md computes (x - mean) / std all the same: a
 * saved mean or std must then be F zeros or F ones, else the two disagree
 * silently (mean=[5, 0] was read as no statistics at all). mean or std is
 * NULL where it is not saved. */
static mlp_status check_none_statistics(archive *a, size_t F, const array *mean, const array *std)
{
    const array *arr[2] = {mean, std};
    const char *name[2] = {"mean", "std"};
    for (int k = 0; k < 2; k++) {
        if (!arr[k])
            continue;
        if (arr[k]->count != F || arr[k]->ndim != 1) {
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\" must have shape (%zu,), one value per input", name[k], F);
            none_statistics_hint(a, F);
            return MLP_ERR_WEIGHTS;
        }
        double want = k ? 1.0 : 0.0;
        for (size_t j = 0; j < F; j++) {
            double v = f64_at(arr[k], j);
            if (v == want)
                continue;
            char at[64];
            index_text(arr[k], j, at, sizeof at);
            mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                          "array \"%s\"%s is %g, not %g: \"normalize\" is \"none\", which takes "
                          "the inputs as they are", name[k], at, v, want);
            none_statistics_hint(a, F);
            return MLP_ERR_WEIGHTS;
        }
    }
    return MLP_OK;
}

/* The target names of one-hot target columns saved without target_names:
 * copies of the labels, which the weights format makes their names. */
static mlp_status labels_as_targets(archive *a, mlp_schema *sc)
{
    sc->target_names = mlp_alloc_zero(sc->n_labels, sizeof *sc->target_names);
    if (!sc->target_names)
        return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0, "out of memory reading the .npz");
    sc->n_targets = sc->n_labels;
    for (size_t k = 0; k < sc->n_labels; k++)
        if (!(sc->target_names[k] = mlp_alloc_strdup(sc->labels[k])))
            return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0,
                                 "out of memory reading the .npz");
    return MLP_OK;
}

/* The names (features, targets, labels) and the two flags of the schema;
 * *given says which names the file holds (mlp_npz_decode_given). */
static mlp_status read_names(archive *a, const mlp_net *net, mlp_schema *sc, unsigned *given)
{
    size_t F = net->sizes[0], K = net->sizes[net->n_layers];
    mlp_status st;
    int named = find(a, "feature_names") != NULL;
    *given = (named ? MLP_NPZ_FEATURE_NAMES : 0u) |
             (find(a, "target_names") ? MLP_NPZ_TARGET_NAMES : 0u) |
             (find(a, "labels") ? MLP_NPZ_LABELS : 0u);
    if ((st = get_names(a, "feature_names", F, "x", &sc->feature_names, &sc->n_features)) ||
        (st = get_names(a, "labels", SIZE_MAX, "", &sc->labels, &sc->n_labels)))
        return st;
    /* Names made up for the features (x1, x2) are no column names: without
     * feature_names the inputs are matched by position, whatever the flag
     * says (it made a CSV whose header read "x2,x1" swap the inputs). */
    int by_name = 1;
    if ((st = get_flag(a, "names_from_header", &by_name)) ||
        (st = get_flag(a, "one_hot_columns", &sc->one_hot_columns)))
        return st;
    sc->names_from_header = named && by_name;
    /* One-hot target columns are named by the labels (weights-format.md):
     * without them there is nothing to name the columns or the classes by
     * (it was told as "target_names must have shape (0,)"). */
    if (sc->one_hot_columns && sc->n_labels == 0) {
        bad(a, "\"one_hot_columns\" is True but the .npz has no labels to name the one-hot "
               "target columns");
        mlp_error_hint(a->err, "save the names of the 0/1 target columns in output-unit order as "
                               "labels=numpy.array([...]), or one_hot_columns=False for a model "
                               "without them (docs/numpy.md)");
        return MLP_ERR_WEIGHTS;
    }
    if (sc->one_hot_columns && sc->n_labels && !find(a, "target_names")) {
        /* Not made up (y1, y2, which --evaluate took in the file's column
         * order, so that swapped columns swapped the classes silently): the
         * columns are the labels, and are found by name. */
        *given |= MLP_NPZ_TARGET_NAMES;
        return labels_as_targets(a, sc);
    }
    /* Without target names: one "label" column for classes, else y1..yK. */
    size_t T = sc->one_hot_columns ? sc->n_labels : sc->n_labels ? 1 : K;
    /* Saved without labels, a classifier still has the one target column
     * it was trained on (--export's target_names=["label"] with labels
     * deleted): a model may have 1 target column or one per output
     * (schema.h), and the missing labels are told afterwards, where they
     * are needed (mlp_weights_check_labels), or taken from the training
     * data; it was refused as "must have shape (K,)". Only a classifier:
     * a regression has a target column per output. */
    if (!sc->n_labels && !sc->one_hot_columns && mlp_weights_is_classifier(net) &&
        names_count(a, "target_names") == 1)
        T = 1;
    return get_names(a, "target_names", T, sc->n_labels && !sc->one_hot_columns ? "label" : "y",
                     &sc->target_names, &sc->n_targets);
}

/* normalize, mean and std: the statistics of a standardised model, or the
 * neutral ones (checked) of one that takes its inputs as they are. */
static mlp_status read_statistics(archive *a, size_t F, mlp_schema *sc)
{
    mlp_status st;
    array mean, std, norm;
    int has_mean, has_std, has_norm;
    if ((st = get_array(a, "mean", 0, 'f', &mean, &has_mean)) ||
        (st = get_array(a, "std", 0, 'f', &std, &has_std)) ||
        (st = get_array(a, "normalize", 0, 'U', &norm, &has_norm)))
        return st;
    int standard = has_mean && has_std;
    if (has_norm) {
        char *t = NULL;
        if (norm.count == 1 && (st = text_at(a, "normalize", &norm, 0, &t)))
            return st;
        standard = t && strcmp(t, "standard") == 0;
        int none = t && strcmp(t, "none") == 0;
        free(t);
        if (!standard && !none)
            return bad(a, "array \"normalize\" must be \"standard\" or \"none\"");
        if (standard && !(has_mean && has_std))
            return bad(a, "\"normalize\" is \"standard\" but %s is missing", has_mean ? "std" : "mean");
    }
    /* One of the two alone is a model saved in part: its inputs would be
     * taken as they are, the saved statistics dropped. */
    if (!has_norm && has_mean != has_std) {
        bad(a, "array \"%s\" is saved but \"%s\" is missing", has_mean ? "mean" : "std",
            has_mean ? "std" : "mean");
        mlp_error_hint(a->err, "save both, mean=X.mean(0) and std=X.std(0) of the training "
                               "inputs, or neither for a model that takes them as they are");
        return MLP_ERR_WEIGHTS;
    }
    if (!standard)
        return check_none_statistics(a, F, has_mean ? &mean : NULL, has_std ? &std : NULL);
    if (mean.count != F || std.count != F || mean.ndim != 1 || std.ndim != 1) {
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                      "arrays \"mean\" and \"std\" must have shape (%zu,), one value per input", F);
        mlp_error_hint(a->err, "save the statistics of the training inputs X, of shape (rows, %zu): "
                               "mean=X.mean(0) and std=X.std(0)", F);
        return MLP_ERR_WEIGHTS;
    }
    sc->normalize = MLP_NORMALIZE_STANDARD;
    sc->mean = mlp_alloc(F, sizeof *sc->mean);
    sc->std = mlp_alloc(F, sizeof *sc->std);
    if (!sc->mean || !sc->std)
        return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0, "out of memory reading the .npz");
    for (size_t j = 0; j < F; j++) {
        sc->mean[j] = f64_at(&mean, j);
        sc->std[j] = f64_at(&std, j);
    }
    /* numpy's X.std(0) is 0 for a constant column, where mlp keeps 1. */
    for (size_t j = 0; j < F; j++) {
        if (!isfinite(sc->mean[j])) {
            bad_value(a, "mean", &mean, j, sc->mean[j], "finite");
            mlp_error_hint(a->err, "save the training columns' means (numpy: X.mean(0))");
            return MLP_ERR_WEIGHTS;
        }
        double sd = sc->std[j];
        if (!(isfinite(sd) && sd > 0)) {
            bad_value(a, "std", &std, j, sd, isfinite(sd) ? "positive" : "finite");
            if (sd == 0)
                mlp_error_hint(a->err, "a constant column has std 0: save 1 there (numpy: "
                                       "std[std == 0] = 1)");
            else
                mlp_error_hint(a->err, "save the training columns' standard deviations (numpy: "
                                       "std = X.std(0); std[std == 0] = 1)");
            return MLP_ERR_WEIGHTS;
        }
    }
    return MLP_OK;
}

/* Where name k of a list comes from, for a message: the array and index
 * that hold it, else the name mlp made up for it. */
static void name_source(archive *a, const char *array_name, const char *made_up_for, size_t k,
                        char *buf, size_t size)
{
    if (find(a, array_name))
        snprintf(buf, size, "%s[%zu]", array_name, k);
    else if (strcmp(array_name, "target_names") == 0 && find(a, "labels"))
        snprintf(buf, size, "labels[%zu], which name the one-hot target columns", k);
    else
        snprintf(buf, size, "the name mlp gives %s %zu without %s", made_up_for, k + 1,
                 array_name);
}

/* A target column named as an input: --evaluate finds the target column
 * by its name and would score the model against one of its own inputs
 * (rc 0, a plausible accuracy). mlptrain refuses a column that is both, so
 * it never saves one; weights.c refuses it in a .bin at its offsets, and
 * here it is told at the arrays; both ask mlp_weights_target_named_as_feature. */
static mlp_status check_target_not_feature(archive *a, const mlp_schema *sc)
{
    size_t t, f;
    int found = mlp_weights_target_named_as_feature(sc, &t, &f);
    if (found < 0)
        return mlp_error_set(a->err, MLP_ERR_NOMEM, a->path, 0, 0, "out of memory reading the .npz");
    if (!found)
        return MLP_OK;
    char ts[96], fs[96];
    name_source(a, "target_names", "target", t, ts, sizeof ts);
    name_source(a, "feature_names", "input", f, fs, sizeof fs);
    mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                  "inconsistent model: the target name \"%.64s\" (%s) is also a feature "
                  "name (%s)", sc->target_names[t], ts, fs);
    mlp_error_hint(a->err, "a column is an input or a target, not both: save the names of "
                           "the input columns as feature_names and of the target columns "
                           "as target_names, none in both (docs/numpy.md)");
    return MLP_ERR_WEIGHTS;
}

static mlp_status read_schema(archive *a, const mlp_net *net, mlp_schema *sc, unsigned *given)
{
    sc->n_outputs = net->sizes[net->n_layers];
    mlp_status st = read_names(a, net, sc, given);
    if (!st)
        st = check_target_not_feature(a, sc);
    return st ? st : read_statistics(a, net->sizes[0], sc);
}

/* Whether the n bytes at name are a layer's array: W or b and a layer
 * number from 1, with no leading 0 (which find never looks up). */
static int layer_member(const char *name, size_t n)
{
    return n >= 2 && (name[0] == 'W' || name[0] == 'b') && name[1] >= '1' && name[1] <= '9' &&
           strspn(name + 1, "0123456789") >= n - 1;
}

/* Every member is one of docs/numpy.md's arrays: a misspelt one ("means"
 * for "mean") was ignored silently and the model read without it (an
 * unnormalised model, its accuracy fallen without a word), as the spec
 * reader refuses an unknown key. Told with the nearest name, if one is. */
static mlp_status check_members(archive *a)
{
    static const char *const known[] = {"activations", "loss", "normalize", "mean", "std",
                                        "feature_names", "target_names", "labels",
                                        "names_from_header", "one_hot_columns", "W1", "b1"};
    for (size_t i = 0; i < a->n; i++) {
        const entry *e = &a->e[i];
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(e->name_len < 60 ? e->name_len : 60), e->name);
        int is_known = layer_member(name, e->name_len) && e->name_len < 60;
        for (size_t k = 0; k < sizeof known / sizeof known[0] && !is_known; k++)
            is_known = strlen(known[k]) == e->name_len && memcmp(known[k], e->name, e->name_len) == 0;
        if (is_known)
            continue;
        mlp_error_set(a->err, MLP_ERR_WEIGHTS, a->path, 0, 0,
                      "the .npz holds an array \"%s\", which is none of the arrays mlp reads",
                      name);
        int near = mlp_nearest(name, known, (int)(sizeof known / sizeof known[0]));
        if (near >= 0)
            mlp_error_hint(a->err, "did you mean \"%s\"? save it under that name (docs/numpy.md)",
                           known[near]);
        else
            mlp_error_hint(a->err, "save only the arrays docs/numpy.md lists");
        return MLP_ERR_WEIGHTS;
    }
    return MLP_OK;
}

mlp_status mlp_npz_decode(const unsigned char *buf, size_t len, const char *name, mlp_net **net,
                          mlp_schema *schema, mlp_error *err)
{
    return mlp_npz_decode_given(buf, len, name, net, schema, NULL, err);
}

mlp_status mlp_npz_decode_given(const unsigned char *buf, size_t len, const char *name,
                                mlp_net **net, mlp_schema *schema, unsigned *given, mlp_error *err)
{
    /* The error is read back below (the encoder's message is reworded, a
     * failed mlp_net_create's code returned): a caller's NULL gets one here. */
    mlp_error local;
    if (!err)
        err = &local;
    unsigned held = 0;
    if (given)
        *given = 0;
    *net = NULL;
    memset(schema, 0, sizeof *schema);
    archive a = {.path = name, .err = err};
    mlp_net *n = NULL;
    mlp_schema sc;
    memset(&sc, 0, sizeof sc);
    mlp_status st = read_directory(&a, buf, len);
    if (!st)
        st = check_members(&a);
    if (!st)
        st = read_net(&a, &n);
    if (!st)
        st = read_schema(&a, n, &sc, &held);
    /* Every check of a weights file, by encoding the model as one and
     * decoding it. What the encoder refuses is said as the .npz's fault, at
     * its name: not in the writer's words ("cannot save the model: ...",
     * with a hint about the C API's schema). */
    unsigned char *wbuf = NULL;
    size_t wlen = 0;
    if (!st && (st = mlp_weights_encode(n, &sc, &wbuf, &wlen, err)) && st != MLP_ERR_NOMEM) {
        static const char prefix[] = "cannot save the model: ";
        char what[sizeof err->message];
        const char *m = err->message;
        if (strncmp(m, prefix, sizeof prefix - 1) == 0)
            m += sizeof prefix - 1;
        snprintf(what, sizeof what, "%s", m);
        st = mlp_error_set(err, MLP_ERR_WEIGHTS, name, 0, 0, "%s", what);
        mlp_error_hint(err, "the arrays of the .npz do not fit together; see docs/numpy.md");
    }
    if (!st && (st = mlp_weights_decode(wbuf, wlen, name, net, schema, err)))
        mlp_error_hint(err, "the arrays of the .npz do not fit together; see docs/numpy.md");
    /* The weights format has no place for it: what the .npz did not name. */
    if (!st)
        schema->target_names_made_up = !(held & MLP_NPZ_TARGET_NAMES);
    free(wbuf);
    free(a.e);
    mlp_net_free(n);
    mlp_schema_free(&sc);
    if (!st && given)
        *given = held;
    return st;
}
