/* SPDX-License-Identifier: MIT */
/* spec.c: the JSON network spec, from text to a checked mlp_spec.
 * The only file that parses with cJSON (version.c only asks it for its
 * version). It owns the syntax scan that gives every key and value a line
 * and column, the strict key/type/range checks,
 * the nearest-key suggestions and the copy out of the cJSON tree. It knows
 * nothing of networks beyond the names and limits in the public headers. */
#include "mlp/spec.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "c_locale.h"
#include "fileio.h"
#include "names.h"
#include "nearest.h"
#include "plural.h"
#include "utf8.h"

#define DEFAULT_EPOCHS 1000
#define MAX_EXACT_INTEGER 9007199254740992.0 /* 2^53: the largest integer every double below it can hold */
#define NO_OFFSET ((size_t)-1)
#define MAX_DEPTH 64       /* far more than a spec needs, far less than cJSON's limit of 1000 */
#define MAX_NUMBER_LEN 63  /* cJSON 1.7 reads a number through a 64-byte buffer */
#define SHOW_MAX 40        /* bytes of user text quoted in a message */
#define SHOW_BUF (4 * SHOW_MAX + 4) /* show_n's buffer: each byte as \xNN, "...", NUL */

/* Where one JSON value starts, and where its key starts when it is an
 * object member (NO_OFFSET for the top-level value and array elements). */
typedef struct {
    size_t key, value;
} span;

/* Keys of each object, with a valid value to show in hints. */
typedef struct {
    const char *name;
    const char *example;
} key_info;

enum { K_LAYERS, K_ACTIVATIONS, K_LOSS, K_LEARNING_RATE, K_EPOCHS, K_SEED, K_INIT,
       K_DESCRIPTION, K_DATA, K_OUTPUT, K_OPTIMIZER, K_L2, K_EARLY_STOPPING, K_BATCH_SIZE,
       K_SHUFFLE, K_SCHEDULE, N_TOP_KEYS };
static const key_info top_keys[N_TOP_KEYS] = {
    [K_LAYERS] = {"layers", "[2, 4, 1]"},
    [K_ACTIVATIONS] = {"activations", "[\"tanh\", \"sigmoid\"]"},
    [K_LOSS] = {"loss", "\"mse\""},
    [K_LEARNING_RATE] = {"learning_rate", "0.1"},
    [K_EPOCHS] = {"epochs", "1000"},
    [K_SEED] = {"seed", "42"},
    [K_INIT] = {"init", "\"xavier\""},
    [K_DESCRIPTION] = {"description", "\"what this network is for\""},
    [K_DATA] = {"data", "{\"train\": \"train.csv\"}"},
    [K_OUTPUT] = {"output", "{\"weights\": \"model.weights.bin\", \"loss\": \"model.loss.csv\"}"},
    [K_OPTIMIZER] = {"optimizer", "{\"name\": \"adam\"}"},
    [K_L2] = {"l2", "0.0001"},
    [K_EARLY_STOPPING] = {"early_stopping", "{\"patience\": 100}"},
    [K_BATCH_SIZE] = {"batch_size", "32"},
    [K_SHUFFLE] = {"shuffle", "false"},
    [K_SCHEDULE] = {"schedule", "{\"name\": \"cosine\", \"warmup\": 5}"},
};

enum { D_TRAIN, D_VALIDATION, D_VALIDATION_SPLIT, D_TARGETS, D_FEATURES, D_NORMALIZE, N_DATA_KEYS };
static const key_info data_keys[N_DATA_KEYS] = {
    [D_TRAIN] = {"train", "\"train.csv\""},
    [D_VALIDATION] = {"validation", "\"validation.csv\""},
    [D_VALIDATION_SPLIT] = {"validation_split", "0.2"},
    [D_TARGETS] = {"targets", "[\"y\"]"},
    [D_FEATURES] = {"features", "[\"x1\", \"x2\"]"},
    [D_NORMALIZE] = {"normalize", "\"standard\""},
};

enum { O_WEIGHTS, O_LOSS, N_OUTPUT_KEYS };
static const key_info output_keys[N_OUTPUT_KEYS] = {
    [O_WEIGHTS] = {"weights", "\"model.weights.bin\""},
    [O_LOSS] = {"loss", "\"model.loss.csv\""},
};

/* "optimizer" keys; owner says which optimizer a setting belongs to. */
enum { P_NAME, P_MOMENTUM, P_NESTEROV, P_BETA1, P_BETA2, P_EPSILON, P_INCREASE, P_DECREASE,
       P_DELTA0, P_DELTA_MIN, P_DELTA_MAX, N_OPTIMIZER_KEYS };
static const key_info optimizer_keys[N_OPTIMIZER_KEYS] = {
    [P_NAME] = {"name", "\"adam\""},
    [P_MOMENTUM] = {"momentum", "0.9"},
    [P_NESTEROV] = {"nesterov", "true"},
    [P_BETA1] = {"beta1", "0.9"},
    [P_BETA2] = {"beta2", "0.999"},
    [P_EPSILON] = {"epsilon", "1e-8"},
    [P_INCREASE] = {"increase", "1.2"},
    [P_DECREASE] = {"decrease", "0.5"},
    [P_DELTA0] = {"delta0", "0.1"},
    [P_DELTA_MIN] = {"delta_min", "1e-6"},
    [P_DELTA_MAX] = {"delta_max", "50"},
};
enum { E_PATIENCE, E_MIN_DELTA, E_REFIT, E_REFIT_SCALE, N_EARLY_KEYS };
static const key_info early_keys[N_EARLY_KEYS] = {
    [E_PATIENCE] = {"patience", "100"},
    [E_MIN_DELTA] = {"min_delta", "0"},
    [E_REFIT] = {"refit", "true"},
    [E_REFIT_SCALE] = {"refit_scale", "1.25"},
};

/* "schedule" keys; the schedule table (schedule.h) says whose each is. */
enum { S_NAME, S_WARMUP, S_EVERY, S_FACTOR, S_MIN_FACTOR, N_SCHEDULE_KEYS };
static const key_info schedule_keys[N_SCHEDULE_KEYS] = {
    [S_NAME] = {"name", "\"cosine\""},
    [S_WARMUP] = {"warmup", "5"},
    [S_EVERY] = {"every", "100"},
    [S_FACTOR] = {"factor", "0.5"},
    [S_MIN_FACTOR] = {"min_factor", "0.01"},
};

/* The most keys any object has, for the name list of a suggestion. */
#define MAX_KEYS 24

/* A cJSON item and the index of its span, for the sorted lookup. */
typedef struct {
    uintptr_t node;
    size_t k;
} node_index;

typedef struct {
    int data_optional;   /* the built-in spec carries its data as text */
    const char *stem;    /* output file stem; NULL = from the spec's file name */
} parse_mode;

typedef struct {
    const char *text;    /* the spec, len bytes, not necessarily NUL-terminated */
    size_t len;
    const char *path;    /* names the text in messages; data paths resolve against it */
    mlp_error *err;
    span *spans;         /* one per JSON value, in document order */
    size_t n_spans, cap_spans;
    const cJSON **nodes; /* nodes[i] is the cJSON item spans[i] describes */
    node_index *index;   /* n_spans (node, i) pairs sorted by node: span_of in O(log n) */
    size_t *line_starts; /* offset of each line's first byte, n_lines of them; NULL until
                            the scan has passed (line_col then counts from the start) */
    size_t n_lines;
    mlp_spec *spec;
    const cJSON *top[N_TOP_KEYS], *data[N_DATA_KEYS], *output[N_OUTPUT_KEYS];
    const cJSON *optimizer[N_OPTIMIZER_KEYS], *early[N_EARLY_KEYS];
    const cJSON *schedule[N_SCHEDULE_KEYS];
    const cJSON *root;
    size_t n_acts;       /* entries of "activations"; may exceed MLP_MAX_LAYERS */
    double learning_rate; /* "learning_rate", put into spec->optimizer once it is known */
} parser;

/* ------------------------------------------------------------------------ */
/* Positions and messages */

static void line_col(const parser *p, size_t off, long *line, long *col)
{
    *line = 0;
    *col = 0;
    if (off == NO_OFFSET)
        return;
    if (p->line_starts) {
        /* The last line that starts at or before off: a binary search, so
         * that positions of 100,000 values cost no more than reading them. */
        size_t lo = 0, hi = p->n_lines; /* line_starts[0] = 0 <= off */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (p->line_starts[mid] <= off)
                lo = mid;
            else
                hi = mid;
        }
        *line = (long)lo + 1;
        *col = (long)(off - p->line_starts[lo]) + 1;
        return;
    }
    size_t line_start = 0;
    long n = 1;
    for (size_t i = 0; i < off && i < p->len; i++) {
        if (p->text[i] == '\n') {
            n++;
            line_start = i + 1;
        }
    }
    *line = n;
    *col = (long)(off - line_start) + 1;
}

static mlp_spec_pos pos_at(const parser *p, size_t off)
{
    mlp_spec_pos pos;
    line_col(p, off, &pos.line, &pos.col);
    return pos;
}

/* Sets an MLP_ERR_SPEC error at byte offset off; the hint follows with hint(). */
__attribute__((format(printf, 3, 4)))
static mlp_status fail_at(parser *p, size_t off, const char *fmt, ...)
{
    char msg[MLP_ERROR_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    mlp_c_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line, col;
    line_col(p, off, &line, &col);
    return mlp_error_set(p->err, MLP_ERR_SPEC, p->path, line, col, "%s", msg);
}

__attribute__((format(printf, 2, 3)))
static mlp_status hint(parser *p, const char *fmt, ...)
{
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        mlp_c_vsnprintf(p->err->hint, sizeof p->err->hint, fmt, ap);
        va_end(ap);
    }
    return MLP_ERR_SPEC;
}

static mlp_status out_of_memory(parser *p)
{
    mlp_error_set(p->err, MLP_ERR_NOMEM, p->path, 0, 0, "out of memory reading the spec");
    mlp_error_hint(p->err, "free some memory and try again");
    return MLP_ERR_NOMEM;
}

/* Copies up to SHOW_MAX bytes of s[0..n) into buf for quoting in a message:
 * control bytes but the tab (below 0x20, and 0x7f, the NUL included) are
 * written as \xNN, as mlp_error_escape writes them (a message is one line,
 * and moves no cursor), and a cut is marked with "..." without splitting a
 * UTF-8 sequence. The rest (C1 controls, bytes that are not UTF-8) is left to
 * mlp_error_format's escape. buf of SHOW_BUF bytes holds the longest. */
static const char *show_n(const char *s, size_t n, char *buf, size_t size)
{
    size_t keep = n;
    int cut = 0;
    if (keep > SHOW_MAX) {
        keep = SHOW_MAX;
        while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
            keep--;
        cut = 1;
    }
    size_t o = 0, i = 0;
    for (; i < keep; i++) {
        unsigned char ch = (unsigned char)s[i];
        int raw = ch >= 0x20 ? ch != 0x7F : ch == '\t';
        if (o + (raw ? 1 : 4) + 4 > size) /* room for "..." and the NUL (size >= 4) */
            break;
        if (raw)
            buf[o++] = (char)ch;
        else
            o += (size_t)snprintf(buf + o, size - o, "\\x%02x", ch);
    }
    strcpy(buf + o, cut || i < keep ? "..." : "");
    return buf;
}

static const char *show(const char *s, char *buf, size_t size)
{
    return show_n(s, strlen(s), buf, size);
}

/* ------------------------------------------------------------------------ */
/* The syntax scan.
 *
 * cJSON keeps no positions, and the offset it reports for a syntax error is
 * one byte late whenever a key was expected (`{"a": 1,}` points past the
 * '}'). So before cJSON sees the text, this scanner checks it against the
 * JSON grammar (RFC 8259, plus a leading UTF-8 byte-order mark that cJSON
 * skips too) and records where every value and every key starts. It walks
 * the text once with a stack of open brackets, and records a value when it
 * meets its first byte, which is pre-order: an object, then each member's
 * key and value in turn. cJSON builds its tree in document order, so a
 * pre-order walk of the tree meets the same values in the same order
 * (pair_nodes). The scanner also rejects the few things cJSON would accept
 * and then mangle: a "\u0000" escape, raw control bytes, numbers cJSON
 * cannot read whole, and it rejects unpaired surrogates as cJSON does, so
 * once the text passes, cJSON can only fail for want of memory. */

static int is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int is_structural(char ch)
{
    return ch == ',' || ch == ':' || ch == '[' || ch == ']' || ch == '{' || ch == '}' || ch == '"';
}

static size_t skip_ws(const parser *p, size_t i)
{
    while (i < p->len && is_ws(p->text[i]))
        i++;
    return i;
}

/* End of the bare token (number or literal) starting at i. */
static size_t token_end(const parser *p, size_t i)
{
    while (i < p->len) {
        unsigned char ch = (unsigned char)p->text[i];
        if (ch <= 0x20 || ch == 0x7F || is_structural((char)ch))
            break;
        i++;
    }
    return i;
}

/* What sits at offset i, for "found ..." in a syntax error. */
static void describe_found(const parser *p, size_t i, char *buf, size_t size)
{
    if (i >= p->len) {
        snprintf(buf, size, "the end of the text");
        return;
    }
    unsigned char ch = (unsigned char)p->text[i];
    if (ch == '"') {
        snprintf(buf, size, "a string");
        return;
    }
    size_t end = i;
    while (end < p->len && end - i < 20) {
        char c = p->text[end];
        if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              c == '.' || c == '+' || c == '-'))
            break;
        end++;
    }
    if (end > i)
        snprintf(buf, size, "\"%.*s\"", (int)(end - i), p->text + i);
    else if (ch > 0x20 && ch < 0x7F)
        snprintf(buf, size, "\"%c\"", ch);
    else
        snprintf(buf, size, "byte 0x%02x", ch);
}

/* Whether the text, from its first value at i, reads as CSV data rather
 * than JSON: a first line with a comma and no bracket, as "x1,x2,y". */
static int looks_like_csv(const parser *p, size_t i)
{
    int commas = 0;
    for (size_t k = i; k < p->len && p->text[k] != '\n'; k++) {
        char c = p->text[k];
        if (c == '{' || c == '[' || c == ':')
            return 0;
        commas += c == ',';
    }
    return commas > 0;
}

/* The most likely fix for a syntax error at i where `what` was expected. */
static const char *syntax_hint(const parser *p, size_t i, const char *what)
{
    if (i >= p->len)
        return "the text ends early: check that every \"{\" and \"[\" is closed";
    char ch = p->text[i];
    size_t before = i;
    while (before > 0 && is_ws(p->text[before - 1]))
        before--;
    size_t first = 0;
    while (first < p->len && is_ws(p->text[first]))
        first++;
    size_t eol = first;
    while (eol < p->len && p->text[eol] != '\n')
        eol++;
    if (i <= eol && first < p->len && looks_like_csv(p, first))
        return "this looks like CSV data, not a spec: the spec is a JSON object that names its "
               "data file, as in \"data\": {\"train\": \"data.csv\"}";
    if ((ch == '}' || ch == ']') && before > 0 && p->text[before - 1] == ',')
        return "remove the comma before it: JSON allows no trailing comma";
    if (ch == '\'')
        return "use double quotes: JSON has no single-quoted strings";
    if (ch == '/' || ch == '#')
        return "JSON has no comments; put notes in a \"description\" string";
    if (strcmp(what, "the end of the text") == 0)
        return "the spec is one JSON object: remove what follows it";
    if (what[0] == '"' && what[1] == ',' && (ch == '}' || ch == ']'))
        return "check that each \"[\" is closed by \"]\" and each \"{\" by \"}\"";
    if (what[0] == '"' && what[1] == ',')
        return "a comma may be missing before it";
    if (strcmp(what, "\":\"") == 0)
        return "put a \":\" between each key and its value";
    if (strcmp(what, "a key in double quotes") == 0)
        return "write each key as a string in double quotes";
    return "a value is a number, a \"string\", true, false, null, [...] or {...}";
}

static mlp_status expected(parser *p, size_t i, const char *what)
{
    char found[48];
    describe_found(p, i, found, sizeof found);
    fail_at(p, i, "invalid JSON: expected %s, found %s", what, found);
    return hint(p, "%s", syntax_hint(p, i, what));
}

static int hex4(const parser *p, size_t i, unsigned *code)
{
    if (i + 4 > p->len)
        return 0;
    unsigned v = 0;
    for (size_t k = i; k < i + 4; k++) {
        char c = p->text[k];
        int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0;
        v = v * 16 + (unsigned)d;
    }
    *code = v;
    return 1;
}

/* Checks the string whose opening quote is at *i and moves *i past its
 * closing quote. A raw line break ends the search: a string cannot span
 * lines, and pointing at the opening quote finds the real mistake. */
static mlp_status scan_string(parser *p, size_t *i)
{
    static const char escape_hint[] = "use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX";
    size_t open = *i, k = open + 1;
    char buf[16];
    for (;;) {
        if (k >= p->len || p->text[k] == '\n' || p->text[k] == '\r') {
            fail_at(p, open, "invalid JSON: unterminated string");
            return hint(p, "close it with a double quote on the same line");
        }
        unsigned char ch = (unsigned char)p->text[k];
        if (ch == '"') {
            *i = k + 1;
            return MLP_OK;
        }
        if (ch < 0x20) {
            fail_at(p, k, "invalid JSON: control character (byte 0x%02x) in a string", ch);
            return hint(p, "write it as an escape such as \\u%04x", ch);
        }
        /* RFC 8259 text is UTF-8: a byte outside a string is a syntax error
         * anyway, so strings are where a spec saved in Latin-1 shows. Its
         * bytes were kept, and a name in one matched nothing said in UTF-8. */
        if (ch >= 0x80) {
            size_t n = mlp_utf8_length((const unsigned char *)p->text + k, p->len - k);
            if (n == 0) {
                fail_at(p, k, "invalid JSON: byte 0x%02x in a string is no part of a UTF-8 character",
                        ch);
                return hint(p, "save the spec as UTF-8, which JSON is, for example with iconv -f "
                               "latin1 -t utf-8 FILE > FILE-utf8.json");
            }
            k += n;
            continue;
        }
        if (ch != '\\') {
            k++;
            continue;
        }
        char e = k + 1 < p->len ? p->text[k + 1] : '\0';
        if (e != '\0' && strchr("\"\\/bfnrt", e)) {
            k += 2;
            continue;
        }
        size_t shown = k + 1;
        while (shown < p->len && shown < k + 6 && p->text[shown] != '"' &&
               (unsigned char)p->text[shown] > 0x20)
            shown++;
        show_n(p->text + k, shown - k, buf, sizeof buf);
        unsigned code, low;
        if (e != 'u' || !hex4(p, k + 2, &code)) {
            fail_at(p, k, "invalid JSON: invalid escape \"%s\"", buf);
            return hint(p, "%s", escape_hint);
        }
        if (code == 0) {
            fail_at(p, k, "invalid JSON: \"\\u0000\" is not allowed in a spec");
            return hint(p, "remove the NUL character");
        }
        if (code >= 0xDC00 && code <= 0xDFFF) {
            fail_at(p, k, "invalid JSON: unpaired surrogate \"%s\"", buf);
            return hint(p, "a \\uDC00-\\uDFFF escape must follow a \\uD800-\\uDBFF one");
        }
        if (code >= 0xD800 && code <= 0xDBFF) {
            if (!(k + 7 < p->len && p->text[k + 6] == '\\' && p->text[k + 7] == 'u' &&
                  hex4(p, k + 8, &low) && low >= 0xDC00 && low <= 0xDFFF)) {
                fail_at(p, k, "invalid JSON: unpaired surrogate \"%s\"", buf);
                return hint(p, "a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one");
            }
            k += 12;
            continue;
        }
        k += 6;
    }
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int is_json_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0')
        i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9')
        while (i < n && is_digit(s[i]))
            i++;
    else
        return 0;
    if (i < n && s[i] == '.') {
        if (++i >= n || !is_digit(s[i]))
            return 0;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        if (++i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            return 0;
        while (i < n && is_digit(s[i]))
            i++;
    }
    return i == n;
}

/* Checks the number or literal at *i and moves *i past it. */
static mlp_status scan_bare(parser *p, size_t *i)
{
    size_t start = *i, end = token_end(p, start), n = end - start;
    const char *s = p->text + start;
    char buf[SHOW_BUF];
    if (n > 0 && (s[0] == '-' || is_digit(s[0]))) {
        if (!is_json_number(s, n)) {
            fail_at(p, start, "invalid JSON: invalid number \"%s\"", show_n(s, n, buf, sizeof buf));
            return hint(p, "write numbers like 3, -0.5 or 1e-3");
        }
        if (n > MAX_NUMBER_LEN) {
            fail_at(p, start, "invalid JSON: number \"%s\" is longer than %d characters",
                    show_n(s, n, buf, sizeof buf), MAX_NUMBER_LEN);
            return hint(p, "write it with fewer digits");
        }
    } else if (!((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0) ||
                 (n == 4 && memcmp(s, "null", 4) == 0))) {
        return expected(p, start, "a value");
    }
    *i = end;
    return MLP_OK;
}

static mlp_status record(parser *p, size_t key, size_t value)
{
    if (p->n_spans == p->cap_spans) {
        size_t cap = p->cap_spans ? 2 * p->cap_spans : 64;
        span *bigger = mlp_alloc(cap, sizeof *bigger);
        if (!bigger)
            return out_of_memory(p);
        if (p->n_spans)
            memcpy(bigger, p->spans, p->n_spans * sizeof *bigger);
        free(p->spans);
        p->spans = bigger;
        p->cap_spans = cap;
    }
    p->spans[p->n_spans++] = (span){key, value};
    return MLP_OK;
}

static mlp_status scan(parser *p)
{
    char open[MAX_DEPTH]; /* '{' or '[' of each enclosing container */
    size_t depth = 0, key = NO_OFFSET, i = 0;
    enum { VALUE, FIRST_VALUE, KEY, FIRST_KEY, AFTER_VALUE } state = VALUE;
    mlp_status st;
    if (p->len >= 3 && memcmp(p->text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (;;) {
        i = skip_ws(p, i);
        switch (state) {
        case FIRST_VALUE: /* just after '[' */
            if (i < p->len && p->text[i] == ']') {
                i++;
                depth--;
                state = AFTER_VALUE;
            } else {
                state = VALUE;
            }
            break;
        case VALUE:
            if (i >= p->len)
                return expected(p, i, "a value");
            if ((st = record(p, key, i)))
                return st;
            key = NO_OFFSET;
            if (p->text[i] == '{' || p->text[i] == '[') {
                if (depth == MAX_DEPTH) {
                    fail_at(p, i, "the spec is nested more than %d levels deep", MAX_DEPTH);
                    return hint(p, "a spec needs at most three levels");
                }
                open[depth++] = p->text[i];
                state = p->text[i] == '{' ? FIRST_KEY : FIRST_VALUE;
                i++;
            } else if (p->text[i] == '"') {
                if ((st = scan_string(p, &i)))
                    return st;
                state = AFTER_VALUE;
            } else {
                if ((st = scan_bare(p, &i)))
                    return st;
                state = AFTER_VALUE;
            }
            break;
        case FIRST_KEY: /* just after '{' */
            if (i < p->len && p->text[i] == '}') {
                i++;
                depth--;
                state = AFTER_VALUE;
            } else {
                state = KEY;
            }
            break;
        case KEY:
            if (i >= p->len || p->text[i] != '"')
                return expected(p, i, "a key in double quotes");
            key = i;
            if ((st = scan_string(p, &i)))
                return st;
            i = skip_ws(p, i);
            if (i >= p->len || p->text[i] != ':')
                return expected(p, i, "\":\"");
            i++;
            state = VALUE;
            break;
        case AFTER_VALUE:
            if (depth == 0) {
                if (i < p->len)
                    return expected(p, i, "the end of the text");
                return MLP_OK;
            }
            if (i < p->len && p->text[i] == ',') {
                i++;
                state = open[depth - 1] == '{' ? KEY : VALUE;
            } else if (i < p->len && p->text[i] == (open[depth - 1] == '{' ? '}' : ']')) {
                i++;
                depth--;
            } else {
                return expected(p, i, open[depth - 1] == '{' ? "\",\" or \"}\"" : "\",\" or \"]\"");
            }
            break;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The cJSON tree, with positions */

/* cJSON's allocator hooks (cJSON_InitHooks) are one process-wide setting
 * that belongs to the program: it may have set its own before calling mlp,
 * and objects it made with them must be freed with them. So the library
 * never sets them; the tree is made and freed (cJSON_Delete, in the same
 * call) with whatever the program set, malloc and free by default
 * (spec.h). Setting them here for the parse and back to malloc/free after
 * it left a program's hooks replaced for good: its own objects were then
 * freed with free (a crash for an allocator of its own), and two threads
 * parsing at once raced on the setting. */
static cJSON *parse_tree(const char *text, size_t len)
{
    return cJSON_ParseWithLength(text, len);
}

static void pair_nodes(parser *p, const cJSON *item, size_t *k)
{
    if (*k < p->n_spans)
        p->nodes[(*k)++] = item;
    for (const cJSON *child = item->child; child; child = child->next)
        pair_nodes(p, child, k);
}

static int cmp_node(const void *a, const void *b)
{
    uintptr_t x = ((const node_index *)a)->node, y = ((const node_index *)b)->node;
    return x < y ? -1 : x > y;
}

/* Builds the sorted index of nodes and the table of line starts, so that
 * every position lookup after the scan is a binary search. */
static mlp_status index_positions(parser *p)
{
    p->index = mlp_alloc(p->n_spans, sizeof *p->index);
    size_t n = 1;
    for (size_t i = 0; i < p->len; i++)
        n += p->text[i] == '\n';
    p->line_starts = mlp_alloc(n, sizeof *p->line_starts);
    if (!p->index || !p->line_starts)
        return MLP_ERR_NOMEM;
    for (size_t k = 0; k < p->n_spans; k++)
        p->index[k] = (node_index){(uintptr_t)p->nodes[k], k};
    qsort(p->index, p->n_spans, sizeof *p->index, cmp_node);
    p->line_starts[0] = 0;
    p->n_lines = 1;
    for (size_t i = 0; i < p->len; i++)
        if (p->text[i] == '\n')
            p->line_starts[p->n_lines++] = i + 1;
    return MLP_OK;
}

static const span *span_of(const parser *p, const cJSON *item)
{
    if (!p->index) {
        for (size_t k = 0; k < p->n_spans; k++)
            if (p->nodes && p->nodes[k] == item)
                return &p->spans[k];
        return NULL;
    }
    node_index key = {(uintptr_t)item, 0};
    const node_index *hit = bsearch(&key, p->index, p->n_spans, sizeof *p->index, cmp_node);
    return hit ? &p->spans[hit->k] : NULL;
}

static size_t value_at(const parser *p, const cJSON *item)
{
    const span *s = span_of(p, item);
    return s ? s->value : NO_OFFSET;
}

static size_t key_at(const parser *p, const cJSON *item)
{
    const span *s = span_of(p, item);
    return s ? s->key : NO_OFFSET;
}

/* The number as written in the spec ("1e999", not inf). */
static const char *raw_number(const parser *p, const cJSON *item, char *buf, size_t size)
{
    size_t at = value_at(p, item);
    if (at == NO_OFFSET)
        return show("?", buf, size);
    return show_n(p->text + at, token_end(p, at) - at, buf, size);
}

static const char *type_name(const cJSON *item)
{
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsObject(item))
        return "an object";
    if (cJSON_IsBool(item))
        return "a boolean";
    return "null";
}

static size_t count_items(const cJSON *array)
{
    size_t n = 0;
    for (const cJSON *e = array->child; e; e = e->next)
        n++;
    return n;
}

/* ------------------------------------------------------------------------ */
/* Nearest names (nearest.h), and the list when none is near */

static void join_names(const char *const *names, int n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < n && used < size; k++) {
        int w = snprintf(buf + used, size - used, "%s%s", k ? ", " : "", names[k]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* ------------------------------------------------------------------------ */
/* Values */

/* "\"epochs\"" or "\"data.train\"": how messages name a key. */
static const char *subject(const char *where, const char *name, char *buf, size_t size)
{
    if (where)
        snprintf(buf, size, "\"%s.%s\"", where, name);
    else
        snprintf(buf, size, "\"%s\"", name);
    return buf;
}

static mlp_status example(parser *p, const key_info *ki)
{
    return hint(p, "for example \"%s\": %s", ki->name, ki->example);
}

/* What read_number is asked for. A value, not the text of the message, so
 * that rewording a message cannot change what is accepted. */
typedef enum { NUMBER_REAL, NUMBER_INTEGER } number_kind;

/* How messages name a number_kind ("must be an integer, not a string"). */
static const char *number_kind_text(number_kind kind)
{
    return kind == NUMBER_INTEGER ? "an integer" : "a number";
}

static mlp_status read_number(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                              number_kind kind, double *out)
{
    char raw[SHOW_BUF];
    if (!cJSON_IsNumber(item)) {
        fail_at(p, value_at(p, item), "%s must be %s, not %s", subj, number_kind_text(kind),
                type_name(item));
        return example(p, ki);
    }
    if (!isfinite(item->valuedouble)) {
        fail_at(p, value_at(p, item), "%s must be a finite number, not \"%s\"", subj,
                raw_number(p, item, raw, sizeof raw));
        return example(p, ki);
    }
    *out = item->valuedouble;
    return MLP_OK;
}

/* Whether the JSON number s[0..n) (checked by is_json_number) has a
 * fraction, decided from its digits and not from the nearest double:
 * 4.0000000000000001 and 4503599627370496.5 round to whole doubles, and
 * 1e-400 to 0, yet none is a whole number. It has one when its last nonzero
 * digit stands below the units place once the exponent is applied. */
static int number_has_fraction(const char *s, size_t n)
{
    long last = -1; /* place of the last nonzero digit: 0 the first digit */
    long digits = 0, after_point = 0, exp = 0;
    int in_fraction = 0, exp_sign = 1;
    size_t i = 0;
    for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.')
            in_fraction = 1;
        else if (is_digit(s[i])) {
            if (s[i] != '0')
                last = digits;
            digits++;
            after_point += in_fraction;
        }
    }
    if (last < 0)
        return 0; /* zero, in any form */
    if (i < n)
        i++; /* past the 'e' */
    if (i < n && (s[i] == '+' || s[i] == '-'))
        exp_sign = s[i++] == '-' ? -1 : 1;
    /* more than a number's 63 characters of digits can shift: saturate */
    for (; i < n && is_digit(s[i]); i++)
        if (exp < 1000)
            exp = exp * 10 + (s[i] - '0');
    /* the last nonzero digit's power of ten */
    long place = (digits - 1 - last) - after_point + exp_sign * exp;
    return place < 0;
}

/* Whether item's number has a fraction as written in the spec; by its
 * double only when its text is not known. */
static int has_fraction(const parser *p, const cJSON *item, double v)
{
    size_t at = value_at(p, item);
    if (at == NO_OFFSET)
        return v != floor(v);
    return number_has_fraction(p->text + at, token_end(p, at) - at);
}

static mlp_status read_integer(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                               double min, double max, double *out)
{
    char raw[SHOW_BUF];
    double v = 0;
    mlp_status st = read_number(p, item, subj, ki, NUMBER_INTEGER, &v);
    if (st)
        return st;
    if (has_fraction(p, item, v)) {
        fail_at(p, value_at(p, item), "%s must be a whole number, not \"%s\"", subj,
                raw_number(p, item, raw, sizeof raw));
        return example(p, ki);
    }
    /* 2^53 + 1 and its neighbours round to 2^53 as doubles: read the text
     * again in long double (64 bits of mantissa) so that they are refused
     * like any other integer past the limit, not silently changed. */
    if (v == max && max == MAX_EXACT_INTEGER) {
        size_t at = value_at(p, item);
        char text[MAX_NUMBER_LEN + 1];
        size_t n = at == NO_OFFSET ? 0 : token_end(p, at) - at;
        if (n > MAX_NUMBER_LEN)
            n = MAX_NUMBER_LEN;
        memcpy(text, p->text + (at == NO_OFFSET ? 0 : at), n);
        text[n] = '\0';
        if (n && mlp_c_strtold(text, NULL) > (long double)MAX_EXACT_INTEGER)
            v = INFINITY;
    }
    if (v < min || v > max) {
        fail_at(p, value_at(p, item), "%s must be at %s %.0f, not \"%s\"", subj,
                v < min ? "least" : "most", v < min ? min : max, raw_number(p, item, raw, sizeof raw));
        return example(p, ki);
    }
    *out = v;
    return MLP_OK;
}

static mlp_status read_string(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                              const char **out)
{
    if (!cJSON_IsString(item)) {
        fail_at(p, value_at(p, item), "%s must be a string, not %s", subj, type_name(item));
        return example(p, ki);
    }
    *out = item->valuestring;
    return MLP_OK;
}

static mlp_status read_nonempty(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                                const char **out)
{
    mlp_status st = read_string(p, item, subj, ki, out);
    if (st)
        return st;
    if ((*out)[0] == '\0') {
        fail_at(p, value_at(p, item), "%s must not be empty", subj);
        return example(p, ki);
    }
    return MLP_OK;
}

/* The hint for an unknown name s of kind `what` among names[0..n):
 * mlp_nearest_hint's, else the list. */
static mlp_status hint_unknown_name(parser *p, const char *s, const char *what,
                                    const char *const *names, int n)
{
    char list[256], text[MLP_ERROR_TEXT_MAX];
    join_names(names, n, list, sizeof list);
    if (mlp_nearest_hint(s, what, names, n, list, text, sizeof text))
        return hint(p, "%s", text);
    return hint(p, "use one of: %s", list);
}

/* Looks a string value up in names; an unknown one is an error whose hint
 * is hint_unknown_name's. */
static mlp_status read_name(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                            const char *what, const char *const *names, int n, int *out)
{
    const char *s = "";
    char buf[SHOW_BUF];
    mlp_status st = read_string(p, item, subj, ki, &s);
    if (st)
        return st;
    for (int k = 0; k < n; k++) {
        if (strcmp(s, names[k]) == 0) {
            *out = k;
            return MLP_OK;
        }
    }
    fail_at(p, value_at(p, item), "unknown %s \"%s\"", what, show(s, buf, sizeof buf));
    return hint_unknown_name(p, s, what, names, n);
}

static mlp_status copy_string(parser *p, const char *s, char **out)
{
    *out = mlp_alloc_strdup(s);
    return *out ? MLP_OK : out_of_memory(p);
}

/* ------------------------------------------------------------------------ */
/* Objects */

typedef mlp_status (*member_fn)(parser *p, int key, const cJSON *value);

/* Names other tools (Keras, scikit-learn, PyTorch) use for a key, which
 * spelling distance would map to the wrong key ("lr" is one edit from "l2")
 * or to none: {theirs, mlp's, note}. The note, where not NULL, says what
 * differs besides the name (docs/optimizers.md, "Coming from Keras,
 * scikit-learn or PyTorch"): a number taken over as it is would train
 * otherwise. mlp's name is NULL for a key mlp has no use for: its note
 * says why it can go. The one table of them: docs/spec.md lists it. */
typedef struct {
    const char *theirs, *ours, *note;
} key_alias;

static const key_alias key_aliases[] = {
    {"lr", "learning_rate", NULL},
    {"learning_rate_init", "learning_rate", NULL},
    {"max_iter", "epochs", NULL},
    {"batch", "batch_size", NULL},
    {"weight_decay", "l2", "PyTorch's weight_decay w is \"l2\" w, as with SGD or Adam; AdamW's "
                           "decoupled decay mlp does not have"},
    {"alpha", "l2", "scikit-learn's alpha is \"l2\" alpha / n, n the training rows, or the "
                    "\"batch_size\" with mini-batches"},
    {"validation_fraction", "validation_split", NULL},
    {"optimiser", "optimizer", NULL},
    {"eps", "epsilon", NULL},
    {"warmup_steps", "warmup", "\"warmup\" counts epochs, not steps: S steps of batches of B rows "
                               "over n rows are S / ceil(n / B) epochs"},
    {"step_size", "every", NULL},
    {"gamma", "factor", NULL},
    {"eta_min", "min_factor", "\"min_factor\" is a fraction of \"learning_rate\", not a rate: "
                              "eta_min / learning_rate"},
    {"n_iter_no_change", "patience", "mlp stops on the validation loss, not the training loss"},
    {"restore_best_weights", NULL, "mlp always puts back the best epoch's weights when early "
                                   "stopping stops, as Keras' restore_best_weights=True does: remove the key"},
};

/* The entry of key_aliases for the key another tool calls s; NULL when s
 * is none of them. */
static const key_alias *alias_find(const char *s)
{
    for (size_t a = 0; a < sizeof key_aliases / sizeof key_aliases[0]; a++)
        if (strcmp(s, key_aliases[a].theirs) == 0)
            return &key_aliases[a];
    return NULL;
}

/* mlp's name for the key another tool calls s, in whatever object mlp
 * keeps it; NULL when s is no alias, or one of a key mlp has no use for. */
static const char *alias_target(const char *s)
{
    const key_alias *a = alias_find(s);
    return a ? a->ours : NULL;
}

/* The hint already written, with alias s's note after it in brackets: the
 * name alone would be taken for the same number. */
static mlp_status with_alias_note(parser *p, const char *s)
{
    const key_alias *a = alias_find(s);
    if (p->err && a && a->note) {
        size_t used = strlen(p->err->hint);
        snprintf(p->err->hint + used, sizeof p->err->hint - used, " (%s)", a->note);
    }
    return MLP_ERR_SPEC;
}

/* mlp's name for alias s when it is a key of this object (names[0..n)),
 * else NULL: an alias of another object's key is misplaced's. */
static const char *alias_of(const char *s, const char *const *names, int n)
{
    const char *ours = alias_target(s);
    for (int k = 0; ours && k < n; k++)
        if (strcmp(names[k], ours) == 0)
            return names[k];
    return NULL;
}

/* The one schedule whose setting `key` is; NULL when it is no schedule's
 * or every schedule's ("warmup"). */
static const char *schedule_owner(const char *key)
{
    const char *whose = NULL;
    for (int k = 0; k < MLP_SCHEDULE_COUNT; k++) {
        if (!mlp_schedule_has_setting((mlp_schedule_kind)k, key))
            continue;
        if (whose)
            return NULL;
        whose = mlp_schedule_name((mlp_schedule_kind)k);
    }
    return whose;
}

/* The optimizer whose setting `key` is, by the optimizer table; NULL for none. */
static const char *optimizer_owner(const char *key)
{
    const mlp_optimizer_info *owner = mlp_optimizer_info_by_setting(key);
    return owner ? owner->name : NULL;
}

/* Whose the settings of an object without "name" are: the owner of the
 * first one that has one (owner_of), and the first setting of another
 * owner (odd, of odd_name), if any. */
typedef struct {
    const char *name, *odd, *odd_name;
} settings_owner;

static settings_owner owner_of_settings(const cJSON *obj, const char *(*owner_of)(const char *))
{
    settings_owner w = {NULL, NULL, NULL};
    for (const cJSON *m = obj->child; m; m = m->next) {
        const char *owner = owner_of(m->string);
        if (!owner)
            continue;
        if (!w.name)
            w.name = owner;
        else if (!w.odd && strcmp(owner, w.name) != 0)
            w.odd = m->string, w.odd_name = owner;
    }
    return w;
}

/* The keys an object needs besides `key` for `key` to be read in it, as
 * the start of its example ("\"name\": \"momentum\", " for "momentum" in
 * "optimizer"): a setting needs the name of the optimizer or schedule it
 * belongs to (a step schedule also its "every"), and an "early_stopping"
 * setting its "patience" (its "refit_scale" also "refit"). Empty when the
 * key needs nothing. An example without them led to the next error
 * ("missing key \"name\""), then to one about another optimizer's setting. */
static void needed_with(const char *object, const char *key, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!object || strcmp(key, "name") == 0)
        return;
    if (strcmp(object, "optimizer") == 0) {
        const mlp_optimizer_info *owner = mlp_optimizer_info_by_setting(key);
        if (owner)
            snprintf(buf, size, "\"name\": \"%s\", ", owner->name);
    } else if (strcmp(object, "schedule") == 0) {
        /* "warmup" is every schedule's: the example's cosine */
        const char *owner = schedule_owner(key);
        const char *name = owner ? owner : mlp_schedule_name(MLP_SCHEDULE_COSINE);
        int step = strcmp(name, mlp_schedule_name(MLP_SCHEDULE_STEP)) == 0 &&
                   strcmp(key, schedule_keys[S_EVERY].name) != 0;
        snprintf(buf, size, "\"name\": \"%s\", %s%s%s", name, step ? "\"every\": " : "",
                 step ? schedule_keys[S_EVERY].example : "", step ? ", " : "");
    } else if (strcmp(object, "early_stopping") == 0 &&
               strcmp(key, early_keys[E_PATIENCE].name) != 0) {
        int scale = strcmp(key, early_keys[E_REFIT_SCALE].name) == 0;
        snprintf(buf, size, "\"patience\": %s, %s", early_keys[E_PATIENCE].example,
                 scale ? "\"refit\": true, " : "");
    }
}

/* Where a key unknown in object `where` (NULL: the top level) belongs when
 * it is a key of another object of the spec ("train" at the top level,
 * "learning_rate" in "optimizer", as other tools nest them): a hint naming
 * that object with an example of the key in it, written to p; 0 when the
 * key is no key of any other object ("name" is one of two, so no guess).
 * written is the key as the spec has it: another tool's name for key
 * ("lr" in "optimizer", as PyTorch has it) is named with mlp's, since
 * neither the name nor the place would load. */
static int misplaced(parser *p, const char *written, const char *key, const char *where)
{
    char who[96];
    if (strcmp(written, key) == 0)
        snprintf(who, sizeof who, "\"%s\"", key);
    else
        snprintf(who, sizeof who, "\"%s\" is mlp's \"%s\", which", written, key);
    static const struct {
        const char *object;
        const key_info *keys;
        int n;
    } homes[] = {
        {NULL, top_keys, N_TOP_KEYS},
        {"data", data_keys, N_DATA_KEYS},
        {"output", output_keys, N_OUTPUT_KEYS},
        {"optimizer", optimizer_keys, N_OPTIMIZER_KEYS},
        {"early_stopping", early_keys, N_EARLY_KEYS},
        {"schedule", schedule_keys, N_SCHEDULE_KEYS},
    };
    if (strcmp(key, "name") == 0)
        return 0;
    for (size_t h = 0; h < sizeof homes / sizeof homes[0]; h++) {
        const char *o = homes[h].object;
        if (o == where || (o && where && strcmp(o, where) == 0))
            continue; /* the object it is unknown in */
        for (int k = 0; k < homes[h].n; k++) {
            if (strcmp(key, homes[h].keys[k].name) != 0)
                continue;
            if (!o)
                hint(p, "%s belongs at the top level of the spec, as in \"%s\": %s", who, key,
                     homes[h].keys[k].example);
            else {
                char with[96];
                needed_with(o, key, with, sizeof with);
                hint(p, "%s belongs inside \"%s\", as in \"%s\": {%s\"%s\": %s}", who, o, o, with,
                     key, homes[h].keys[k].example);
            }
            return 1;
        }
    }
    return 0;
}

/* Reads the members of object obj in document order: a duplicate or unknown
 * key is an error at the key; a known one is recorded in found[] and handed
 * to fn. where names the object in messages (NULL for the top level). */
static mlp_status read_object(parser *p, const cJSON *obj, const char *where, const key_info *keys,
                              int n_keys, const cJSON **found, member_fn fn)
{
    char buf[SHOW_BUF], in[64], list[256];
    snprintf(in, sizeof in, where ? " in \"%s\"" : "%s", where ? where : "");
    for (const cJSON *m = obj->child; m; m = m->next) {
        for (const cJSON *prev = obj->child; prev != m; prev = prev->next) {
            if (strcmp(prev->string, m->string) == 0) {
                long line, col;
                line_col(p, key_at(p, prev), &line, &col);
                fail_at(p, key_at(p, m), "duplicate key \"%s\"%s", show(m->string, buf, sizeof buf), in);
                return hint(p, "keep one of the two: the other is at line %ld, column %ld", line, col);
            }
        }
        const char *names[MAX_KEYS];
        int k = -1;
        for (int j = 0; j < n_keys; j++) {
            names[j] = keys[j].name;
            if (strcmp(m->string, keys[j].name) == 0)
                k = j;
        }
        if (k < 0) {
            fail_at(p, key_at(p, m), "unknown key \"%s\"%s", show(m->string, buf, sizeof buf), in);
            const key_alias *theirs = alias_find(m->string);
            if (theirs && !theirs->ours)
                return hint(p, "%s", theirs->note);
            const char *alias = alias_of(m->string, names, n_keys);
            if (alias) {
                hint(p, "did you mean \"%s\"?", alias);
                return with_alias_note(p, m->string);
            }
            const char *ours = alias_target(m->string);
            if (misplaced(p, m->string, ours ? ours : m->string, where))
                return with_alias_note(p, m->string);
            int near = mlp_nearest(m->string, names, n_keys);
            if (near >= 0)
                return hint(p, "did you mean \"%s\"?", names[near]);
            join_names(names, n_keys, list, sizeof list);
            return hint(p, "known keys: %s", list);
        }
        found[k] = m;
        mlp_status st = fn(p, k, m);
        if (st)
            return st;
    }
    return MLP_OK;
}

static mlp_status check_object(parser *p, const cJSON *v, const char *subj, const key_info *ki)
{
    if (cJSON_IsObject(v))
        return MLP_OK;
    fail_at(p, value_at(p, v), "%s must be an object, not %s", subj, type_name(v));
    return example(p, ki);
}

/* "layers" written as Keras writes them, one object per layer
 * ([{"units": 4, "activation": "tanh"}, ...]): after the message at the
 * first object, a hint that rewrites them as mlp's two arrays, where every
 * entry is an object with an integer "units" and a string "activation"
 * (else the plain example). The input size leads mlp's "layers" and is not
 * in Keras' objects, so it is written as the word inputs, unless the first
 * object has "units" and no "activation": that is the input layer, its
 * units the input size. */
static mlp_status hint_layer_objects(parser *p, const cJSON *v, const key_info *ki)
{
    char sizes[160] = "inputs", acts[200] = "";
    size_t ns = strlen(sizes), na = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "units");
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "activation");
        if (e == v->child && cJSON_IsObject(e) && !a && cJSON_IsNumber(u) &&
            u->valuedouble == floor(u->valuedouble) && u->valuedouble >= 1 &&
            u->valuedouble <= MLP_MAX_UNITS && e->next) {
            ns = (size_t)snprintf(sizes, sizeof sizes, "%.0f", u->valuedouble);
            continue;
        }
        if (!cJSON_IsObject(e) || !cJSON_IsNumber(u) || u->valuedouble != floor(u->valuedouble) ||
            u->valuedouble < 1 || u->valuedouble > MLP_MAX_UNITS || !cJSON_IsString(a) ||
            strlen(a->valuestring) > 20)
            return example(p, ki);
        ns += (size_t)snprintf(sizes + ns, ns < sizeof sizes ? sizeof sizes - ns : 0, ", %.0f",
                               u->valuedouble);
        na += (size_t)snprintf(acts + na, na < sizeof acts ? sizeof acts - na : 0, "%s\"%s\"",
                               na ? ", " : "", a->valuestring);
        if (ns >= sizeof sizes || na >= sizeof acts)
            return example(p, ki);
    }
    return hint(p, "mlp takes the sizes and the activations as two arrays, and \"layers\" starts "
                   "with the number of input columns: \"layers\": [%s], \"activations\": [%s]",
                sizes, acts);
}

/* "optimizer": "adam" (as Keras and scikit-learn write it) for an object
 * with a "name" among names[0..n): the message, and a hint with the name
 * inside one (mlp's name for it, where mlp_nearest_known_as knows it). */
static mlp_status name_not_object(parser *p, const cJSON *v, const char *key,
                                  const key_info *name_key, const char *const *names, int n)
{
    char list[256];
    const char *ours = mlp_nearest_known_as(v->valuestring, key, names, n, NULL, NULL);
    fail_at(p, value_at(p, v), "\"%s\" must be an object, not a string", key);
    if (ours)
        return hint(p, "write the name inside one: \"%s\": {\"name\": \"%s\"}", key, ours);
    join_names(names, n, list, sizeof list);
    return hint(p, "write the name inside one, for example \"%s\": {\"name\": %s}; the names "
                   "are: %s", key, name_key->example, list);
}

static mlp_status read_layers(parser *p, const cJSON *v)
{
    const key_info *ki = &top_keys[K_LAYERS];
    mlp_spec *s = p->spec;
    if (!cJSON_IsArray(v)) {
        fail_at(p, value_at(p, v), "\"layers\" must be an array, not %s", type_name(v));
        return example(p, ki);
    }
    size_t n = count_items(v);
    if (n < 2) {
        fail_at(p, value_at(p, v), "\"layers\" needs at least 2 sizes (input and output), found %zu", n);
        return example(p, ki);
    }
    if (n > MLP_MAX_LAYERS + 1) {
        fail_at(p, value_at(p, v), "\"layers\" has %zu sizes, at most %d are allowed", n,
                MLP_MAX_LAYERS + 1);
        return hint(p, "a network has at most %d weight layers", MLP_MAX_LAYERS);
    }
    size_t k = 0;
    for (const cJSON *e = v->child; e; e = e->next, k++) {
        double size = 0;
        if (cJSON_IsObject(e)) {
            fail_at(p, value_at(p, e), "each size in \"layers\" must be an integer, not an object");
            return hint_layer_objects(p, v, ki);
        }
        mlp_status st = read_integer(p, e, "each size in \"layers\"", ki, 1, MLP_MAX_UNITS, &size);
        if (st)
            return st;
        s->sizes[k] = (size_t)size;
        s->pos_output_size = pos_at(p, value_at(p, e));
    }
    s->n_layers = n - 1;
    s->pos_layers = pos_at(p, value_at(p, v));
    return MLP_OK;
}

static mlp_status read_activations(parser *p, const cJSON *v)
{
    const key_info *ki = &top_keys[K_ACTIVATIONS];
    const char *names[MLP_ACT_COUNT];
    for (int a = 0; a < MLP_ACT_COUNT; a++)
        names[a] = mlp_activation_info_of((mlp_activation)a)->name;
    if (!cJSON_IsArray(v)) {
        fail_at(p, value_at(p, v), "\"activations\" must be an array, not %s", type_name(v));
        return example(p, ki);
    }
    size_t k = 0;
    for (const cJSON *e = v->child; e; e = e->next, k++) {
        int act = 0;
        mlp_status st = read_name(p, e, "each entry of \"activations\"", ki, "activation", names,
                                  MLP_ACT_COUNT, &act);
        if (st)
            return st;
        if (k < MLP_MAX_LAYERS)
            p->spec->acts[k] = (mlp_activation)act;
        p->spec->pos_output_act = pos_at(p, value_at(p, e));
    }
    p->n_acts = k;
    return MLP_OK;
}

/* "data.targets" or "data.features": a column name, or an array of
 * distinct, non-empty ones (at most `max`), with the position of the list
 * (*pos) and of each name (*pos_names): an error about one name (no such
 * column, a target also named a feature) points at it. */
static mlp_status read_columns(parser *p, const cJSON *v, int key, size_t max, char ***out,
                               size_t *n_out, mlp_spec_pos *pos, mlp_spec_pos **pos_names)
{
    const key_info *ki = &data_keys[key];
    char whole[32], each[48];
    snprintf(whole, sizeof whole, "\"data.%s\"", ki->name);
    snprintf(each, sizeof each, "each entry of \"data.%s\"", ki->name);
    const char *subj = each;
    size_t n;
    if (cJSON_IsString(v)) {
        n = 1;
        subj = whole;
    } else if (cJSON_IsArray(v)) {
        n = count_items(v);
        if (n == 0) {
            fail_at(p, value_at(p, v), "%s must name at least one column", whole);
            return example(p, ki);
        }
        if (n > max) {
            fail_at(p, value_at(p, v), "%s has %zu names, at most %zu are allowed", whole, n, max);
            return hint(p, "a network has at most %zu %s columns", max,
                        key == D_TARGETS ? "target" : "feature");
        }
    } else {
        fail_at(p, value_at(p, v), "%s must be a string or an array of strings, not %s", whole,
                type_name(v));
        return example(p, ki);
    }
    const cJSON *first = cJSON_IsString(v) ? v : v->child;
    /* The first name named twice, found through a sorted index of the
     * strings (names.h), not by comparing each with every earlier one
     * (100,000 features); then each entry is checked in order up to it, so
     * the first error in the list is the one reported, as before. */
    const cJSON **entry = mlp_alloc(n, sizeof *entry);
    mlp_name *index = mlp_alloc(n, sizeof *index);
    if (!entry || !index) {
        free(entry);
        free(index);
        return out_of_memory(p);
    }
    size_t n_strings = 0, k = 0;
    for (const cJSON *e = first; e; e = cJSON_IsString(v) ? NULL : e->next, k++) {
        entry[k] = e;
        if (cJSON_IsString(e) && e->valuestring)
            index[n_strings++] = (mlp_name){e->valuestring, k};
    }
    mlp_names_sort(index, n_strings);
    size_t earlier = 0, twice = mlp_names_repeat(index, n_strings, &earlier);
    free(index);
    mlp_status st = MLP_OK;
    for (k = 0; k < n && !st; k++) {
        const char *name = "";
        char buf[SHOW_BUF];
        if ((st = read_nonempty(p, entry[k], subj, ki, &name)) || k != twice)
            continue;
        long line, col;
        line_col(p, value_at(p, entry[earlier]), &line, &col);
        fail_at(p, value_at(p, entry[k]), "column \"%s\" is named twice in %s",
                show(name, buf, sizeof buf), whole);
        st = hint(p, "remove one: the other is at line %ld, column %ld", line, col);
    }
    free(entry);
    if (st)
        return st;
    *out = mlp_alloc_zero(n, sizeof **out);
    *pos_names = mlp_alloc(n, sizeof **pos_names);
    if (!*out || !*pos_names)
        return out_of_memory(p);
    *n_out = n;
    k = 0;
    for (const cJSON *e = first; e; e = cJSON_IsString(v) ? NULL : e->next, k++) {
        (*pos_names)[k] = pos_at(p, value_at(p, e));
        st = copy_string(p, e->valuestring, &(*out)[k]);
        if (st)
            return st;
    }
    *pos = pos_at(p, value_at(p, v));
    return MLP_OK;
}

/* A data path, resolved against the spec file's folder. */
static mlp_status read_data_path(parser *p, const cJSON *v, int key, char **out,
                                 size_t *folder_len, mlp_spec_pos *pos)
{
    char subj[64];
    const char *rel = "";
    mlp_status st = read_nonempty(p, v, subject("data", data_keys[key].name, subj, sizeof subj),
                                  &data_keys[key], &rel);
    if (st)
        return st;
    *out = mlp_fileio_resolve(p->path, rel);
    if (!*out)
        return out_of_memory(p);
    /* The resolved path is the folder and then rel as written, or rel alone. */
    *folder_len = strlen(*out) - strlen(rel);
    *pos = pos_at(p, value_at(p, v));
    return MLP_OK;
}

static mlp_status missing(parser *p, const cJSON *obj, const char *where, const key_info *ki);
static mlp_status missing_name(parser *p, const cJSON *obj, const char *where, const key_info *ki,
                               const char *whose, const key_info *needs, const char *odd,
                               const char *odd_whose);

/* A finite number within bounds: lo (inclusive when lo_in) and, when
 * has_hi, hi (inclusive when hi_in). The message states the range. */
typedef struct {
    double lo;
    int lo_in;
    int has_hi;
    double hi;
    int hi_in;
} bounds;

/* Whether v lies within b. */
static int in_bounds(bounds b, double v)
{
    int low_ok = b.lo_in ? v >= b.lo : v > b.lo;
    int high_ok = !b.has_hi || (b.hi_in ? v <= b.hi : v < b.hi);
    return low_ok && high_ok;
}

/* b as messages state it: "at least 0 and less than 1". */
static const char *bounds_text(bounds b, char *buf, size_t size)
{
    int n = mlp_c_snprintf(buf, size, "%s %g", b.lo_in ? "at least" : "greater than", b.lo);
    if (b.has_hi && n > 0 && (size_t)n < size)
        mlp_c_snprintf(buf + n, size - (size_t)n, " and %s %g", b.hi_in ? "at most" : "less than",
                       b.hi);
    return buf;
}

/* Whether item is a number other than 0 that its double holds as 0
 * (1e-400): a nonzero digit before the exponent of a value of 0. */
static int underflows(const parser *p, const cJSON *item)
{
    char raw[SHOW_BUF];
    if (item->valuedouble != 0)
        return 0;
    const char *t = raw_number(p, item, raw, sizeof raw);
    for (const char *c = t; *c && *c != 'e' && *c != 'E'; c++)
        if (*c >= '1' && *c <= '9')
            return 1;
    return 0;
}

/* The smallest double above 0 is 4.94e-324 (DBL_TRUE_MIN); every number
 * from this text on is held as one above 0, and below 2.48e-324 as 0. */
#define SMALLEST_ABOVE_ZERO "5e-324"

/* 1e-400 is no zero, but the nearest double is: said, not taken as 0. The
 * hint names only what the key takes: 0 where b holds 0, else its range
 * ("learning_rate" refuses 0: that advice was a second error). */
static mlp_status too_small(parser *p, const cJSON *item, const char *subj, bounds b)
{
    char raw[SHOW_BUF], range[96];
    fail_at(p, value_at(p, item), "%s is \"%s\", too small for a double, which holds it as 0", subj,
            raw_number(p, item, raw, sizeof raw));
    if (in_bounds(b, 0))
        return hint(p, "write 0, or a number of at least " SMALLEST_ABOVE_ZERO
                       ", the smallest double above 0");
    return hint(p, "%s must be %s: write a number of at least " SMALLEST_ABOVE_ZERO
                   ", the smallest double above 0", subj, bounds_text(b, range, sizeof range));
}

static mlp_status read_bounded(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                               bounds b, double *out)
{
    char raw[SHOW_BUF], range[96];
    double v = 0;
    mlp_status st = read_number(p, item, subj, ki, NUMBER_REAL, &v);
    if (st)
        return st;
    /* Where no number that small is in range (above 1), the range is the
     * message, as for any other number out of it. */
    if (underflows(p, item) && (in_bounds(b, 0) || in_bounds(b, DBL_TRUE_MIN)))
        return too_small(p, item, subj, b);
    if (in_bounds(b, v)) {
        *out = v;
        return MLP_OK;
    }
    fail_at(p, value_at(p, item), "%s must be %s, not \"%s\"", subj,
            bounds_text(b, range, sizeof range), raw_number(p, item, raw, sizeof raw));
    return example(p, ki);
}

static mlp_status read_bool(parser *p, const cJSON *item, const char *subj, const key_info *ki,
                            int *out)
{
    if (!cJSON_IsBool(item)) {
        fail_at(p, value_at(p, item), "%s must be true or false, not %s", subj, type_name(item));
        return example(p, ki);
    }
    *out = cJSON_IsTrue(item) ? 1 : 0;
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* The members of "optimizer", "schedule", "early_stopping", "data" and
 * "output", and of the top level (top_member) */

/* The members are recorded by read_object and read here, once the name is
 * known, in document order: a setting of another optimizer is an error at
 * its key rather than a silent no-op. */
static mlp_status record_only(parser *p, int key, const cJSON *m)
{
    (void)p;
    (void)key;
    (void)m;
    return MLP_OK;
}

static mlp_status optimizer_setting(parser *p, int key, const cJSON *m, mlp_optimizer_options *o)
{
    const key_info *ki = &optimizer_keys[key];
    char subj[64];
    subject("optimizer", ki->name, subj, sizeof subj);
    const bounds unit = {0, 1, 1, 1, 0};         /* [0, 1) */
    const bounds positive = {0, 0, 0, 0, 0};     /* (0, inf) */
    const bounds nonneg = {0, 1, 0, 0, 0};       /* [0, inf) */
    switch (key) {
    case P_MOMENTUM: return read_bounded(p, m, subj, ki, unit, &o->momentum);
    case P_NESTEROV: return read_bool(p, m, subj, ki, &o->nesterov);
    case P_BETA1: return read_bounded(p, m, subj, ki, unit, &o->beta1);
    case P_BETA2: return read_bounded(p, m, subj, ki, unit, &o->beta2);
    case P_EPSILON: return read_bounded(p, m, subj, ki, positive, &o->epsilon);
    case P_INCREASE: return read_bounded(p, m, subj, ki, (bounds){1, 0, 0, 0, 0}, &o->increase);
    case P_DECREASE: return read_bounded(p, m, subj, ki, (bounds){0, 0, 1, 1, 0}, &o->decrease);
    case P_DELTA0: return read_bounded(p, m, subj, ki, positive, &o->delta0);
    case P_DELTA_MIN: return read_bounded(p, m, subj, ki, nonneg, &o->delta_min);
    case P_DELTA_MAX: return read_bounded(p, m, subj, ki, positive, &o->delta_max);
    }
    return MLP_OK;
}

/* irprop-'s three step sizes must nest: delta_min < delta_max and delta0
 * between them. The error sits at a value given (a default is never in the
 * file) that is in the conflict, and names each value's origin; the hint
 * is a change that resolves it, checked against the third value:
 * - delta_max <= delta_min: at the one of the two given last; the example
 *   keeps delta0 between its bounds, whatever delta0 is;
 * - delta0 outside them: at delta0 when it is given, else at the bound it
 *   crosses ("delta_min": 0.2 alone is above the default delta0 0.1; the
 *   error sat at a "delta_max" that was fine, and its hint only named the
 *   default); the hint sets delta0 within the bounds, or moves that bound
 *   to delta0. */
static mlp_status check_deltas(parser *p, const mlp_optimizer_options *o)
{
    const cJSON *d0 = p->optimizer[P_DELTA0], *lo = p->optimizer[P_DELTA_MIN];
    const cJSON *hi = p->optimizer[P_DELTA_MAX];
    const char *deflt = ", the default";
    if (!(o->delta_max > o->delta_min)) {
        /* The defaults nest, so one of the two is given. */
        const cJSON *at = !hi ? lo : !lo ? hi : key_at(p, hi) > key_at(p, lo) ? hi : lo;
        fail_at(p, value_at(p, at),
                "\"optimizer.delta_max\" (%g%s) must be greater than \"optimizer.delta_min\" (%g%s)",
                o->delta_max, hi ? "" : deflt, o->delta_min, lo ? "" : deflt);
        double ex_lo = fmin(1e-6, o->delta0), ex_hi = fmax(50, o->delta0);
        return hint(p, "lower \"delta_min\" or raise \"delta_max\", with \"delta0\" (%g%s) between "
                       "them, as in \"delta_min\": %g, \"delta_max\": %g",
                    o->delta0, d0 ? "" : deflt, ex_lo, ex_hi);
    }
    int below = o->delta0 < o->delta_min;
    if (!below && o->delta0 <= o->delta_max)
        return MLP_OK;
    const char *bound = below ? "delta_min" : "delta_max";
    double bound_v = below ? o->delta_min : o->delta_max;
    if (d0) {
        fail_at(p, value_at(p, d0),
                "\"optimizer.delta0\" (%g) must lie within \"delta_min\" and \"delta_max\" (%g to %g)",
                o->delta0, o->delta_min, o->delta_max);
    } else {
        /* The default delta0 (0.1) lies within the default bounds: the
         * bound it crosses is given. */
        fail_at(p, value_at(p, below ? lo : hi),
                "\"optimizer.%s\" (%g) is %s \"delta0\" (%g, the default), the first step size, which "
                "must lie within \"delta_min\" and \"delta_max\" (%g to %g)",
                bound, bound_v, below ? "above" : "below", o->delta0, o->delta_min, o->delta_max);
    }
    return hint(p, "set \"delta0\" within %g to %g, or %s \"%s\" to %s %g", o->delta_min,
                o->delta_max, below ? "lower" : "raise", bound, below ? "at most" : "at least",
                o->delta0);
}

/* The top-level "optimizer" value: an object (top_subj and top_ki name it in
 * the message when it is not), or a name written alone, refused with the
 * object to write. */
static mlp_status read_optimizer(parser *p, const cJSON *obj, const char *top_subj,
                                 const key_info *top_ki)
{
    const char *names[MLP_OPT_COUNT];
    for (int k = 0; k < MLP_OPT_COUNT; k++)
        names[k] = mlp_optimizer_info_of((mlp_optimizer_kind)k)->name;
    if (cJSON_IsString(obj))
        return name_not_object(p, obj, "optimizer", &optimizer_keys[P_NAME], names, MLP_OPT_COUNT);
    mlp_status st = check_object(p, obj, top_subj, top_ki);
    if (st)
        return st;
    st = read_object(p, obj, "optimizer", optimizer_keys, N_OPTIMIZER_KEYS, p->optimizer,
                     record_only);
    if (st)
        return st;
    if (!p->optimizer[P_NAME]) {
        /* The settings given say which optimizer is meant (the table says
         * whose each is): "adam" after "momentum": 0.9 led to the next error,
         * "optimizer.momentum" is a setting of "momentum", not of "adam". */
        settings_owner whose = owner_of_settings(obj, optimizer_owner);
        return missing_name(p, obj, "optimizer", &optimizer_keys[P_NAME], whose.name, NULL,
                            whose.odd, whose.odd_name);
    }
    int which = 0;
    st = read_name(p, p->optimizer[P_NAME], "\"optimizer.name\"", &optimizer_keys[P_NAME],
                   "optimizer", names, MLP_OPT_COUNT, &which);
    if (st)
        return st;
    mlp_optimizer_kind kind = (mlp_optimizer_kind)which;
    mlp_optimizer_options o = mlp_optimizer_defaults(kind);
    char buf[SHOW_BUF];
    for (const cJSON *m = obj->child; m; m = m->next) {
        int key = 0;
        while (key < N_OPTIMIZER_KEYS && strcmp(m->string, optimizer_keys[key].name) != 0)
            key++;
        if (key == P_NAME || key == N_OPTIMIZER_KEYS) /* read_object let only known keys through */
            continue;
        /* The optimizer table says whose setting a key is. */
        const mlp_optimizer_info *owner = mlp_optimizer_info_by_setting(m->string);
        if (!owner || owner->kind != kind) {
            const char *whose = owner ? owner->name : "?";
            fail_at(p, key_at(p, m), "\"optimizer.%s\" is a setting of \"%s\", not of \"%s\"",
                    show(m->string, buf, sizeof buf), whose, mlp_optimizer_name(kind));
            return hint(p, "remove it, or use \"name\": \"%s\"", whose);
        }
        if ((st = optimizer_setting(p, key, m, &o)))
            return st;
    }
    /* Only irprop- reads the step sizes, and only its own keys can set them,
     * so for the others they hold their defaults, which nest. */
    if ((st = check_deltas(p, &o)))
        return st;
    p->spec->optimizer = o;
    return MLP_OK;
}

/* The top-level "schedule" value: an object (top_subj and top_ki name it in
 * the message when it is not), or a name written alone, refused with the
 * object to write. Read as "optimizer" is: the name first, then each
 * setting, which must be one of that schedule's (schedule.h's table). */
static mlp_status read_schedule(parser *p, const cJSON *obj, const char *top_subj,
                                const key_info *top_ki)
{
    const char *names[MLP_SCHEDULE_COUNT];
    for (int k = 0; k < MLP_SCHEDULE_COUNT; k++)
        names[k] = mlp_schedule_info_of((mlp_schedule_kind)k)->name;
    if (cJSON_IsString(obj))
        return name_not_object(p, obj, "schedule", &schedule_keys[S_NAME], names,
                               MLP_SCHEDULE_COUNT);
    mlp_status st = check_object(p, obj, top_subj, top_ki);
    if (st)
        return st;
    st = read_object(p, obj, "schedule", schedule_keys, N_SCHEDULE_KEYS, p->schedule,
                     record_only);
    if (st)
        return st;
    if (!p->schedule[S_NAME]) {
        /* As for "optimizer": the schedule whose settings are given ("every"
         * is step's, not the example's cosine); "warmup" is every one's. */
        settings_owner whose = owner_of_settings(obj, schedule_owner);
        int step = whose.name && strcmp(whose.name, mlp_schedule_name(MLP_SCHEDULE_STEP)) == 0 &&
                   !p->schedule[S_EVERY];
        return missing_name(p, obj, "schedule", &schedule_keys[S_NAME], whose.name,
                            step ? &schedule_keys[S_EVERY] : NULL, whose.odd, whose.odd_name);
    }
    int which = 0;
    st = read_name(p, p->schedule[S_NAME], "\"schedule.name\"", &schedule_keys[S_NAME], "schedule",
                   names, MLP_SCHEDULE_COUNT, &which);
    if (st)
        return st;
    mlp_schedule_kind kind = (mlp_schedule_kind)which;
    mlp_schedule sc = mlp_schedule_defaults(kind);
    char buf[SHOW_BUF], subj[64];
    double v = 0;
    for (const cJSON *m = obj->child; m; m = m->next) {
        int key = 0;
        while (key < N_SCHEDULE_KEYS && strcmp(m->string, schedule_keys[key].name) != 0)
            key++;
        if (key == S_NAME || key == N_SCHEDULE_KEYS) /* read_object let only known keys through */
            continue;
        if (!mlp_schedule_has_setting(kind, m->string)) {
            const char *whose = "?";
            for (int k = 0; k < MLP_SCHEDULE_COUNT; k++)
                if (mlp_schedule_has_setting((mlp_schedule_kind)k, m->string))
                    whose = names[k];
            fail_at(p, key_at(p, m), "\"schedule.%s\" is a setting of \"%s\", not of \"%s\"",
                    show(m->string, buf, sizeof buf), whose, names[kind]);
            return hint(p, "remove it, or use \"name\": \"%s\"", whose);
        }
        const key_info *ki = &schedule_keys[key];
        subject("schedule", ki->name, subj, sizeof subj);
        switch (key) {
        case S_WARMUP:
            st = read_integer(p, m, subj, ki, 0, MAX_EXACT_INTEGER, &v);
            sc.warmup = (long)v;
            p->spec->pos_warmup = pos_at(p, value_at(p, m));
            break;
        case S_EVERY:
            st = read_integer(p, m, subj, ki, 1, MAX_EXACT_INTEGER, &v);
            sc.every = (long)v;
            break;
        case S_FACTOR:
            st = read_bounded(p, m, subj, ki, (bounds){0, 0, 1, 1, 0}, &sc.factor);
            break;
        case S_MIN_FACTOR:
            st = read_bounded(p, m, subj, ki, (bounds){0, 1, 1, 1, 0}, &sc.min_factor);
            break;
        }
        if (st)
            return st;
    }
    if (kind == MLP_SCHEDULE_STEP && !p->schedule[S_EVERY])
        return missing(p, obj, "schedule", &schedule_keys[S_EVERY]);
    p->spec->schedule = sc;
    return MLP_OK;
}

static mlp_status early_member(parser *p, int key, const cJSON *m)
{
    const key_info *ki = &early_keys[key];
    char subj[64];
    subject("early_stopping", ki->name, subj, sizeof subj);
    double v = 0;
    mlp_status st;
    if (key == E_PATIENCE) {
        if ((st = read_integer(p, m, subj, ki, 1, MAX_EXACT_INTEGER, &v)))
            return st;
        p->spec->patience = (long)v;
        return MLP_OK;
    }
    if (key == E_REFIT) {
        p->spec->pos_refit = pos_at(p, value_at(p, m));
        return read_bool(p, m, subj, ki, &p->spec->refit);
    }
    if (key == E_REFIT_SCALE) /* <= 100 keeps mlp_train_refit_epochs in a long */
        return read_bounded(p, m, subj, ki, (bounds){1, 1, 1, 100, 1}, &p->spec->refit_scale);
    return read_bounded(p, m, subj, ki, (bounds){0, 1, 0, 0, 0}, &p->spec->min_delta);
}

static mlp_status read_early_stopping(parser *p, const cJSON *obj)
{
    mlp_status st = read_object(p, obj, "early_stopping", early_keys, N_EARLY_KEYS, p->early,
                                early_member);
    if (st)
        return st;
    if (!p->early[E_PATIENCE])
        return missing(p, obj, "early_stopping", &early_keys[E_PATIENCE]);
    p->spec->pos_early_stopping = pos_at(p, value_at(p, obj));
    return MLP_OK;
}

static mlp_status data_member(parser *p, int key, const cJSON *m)
{
    static const char *const normalize_names[] = {"none", "standard"};
    mlp_spec *s = p->spec;
    int which = 0;
    mlp_status st;
    switch (key) {
    case D_TRAIN:
        return read_data_path(p, m, key, &s->train_path, &s->train_folder_len, &s->pos_train);
    case D_VALIDATION:
        return read_data_path(p, m, key, &s->validation_path, &s->validation_folder_len,
                              &s->pos_validation);
    case D_VALIDATION_SPLIT:
        s->pos_validation_split = pos_at(p, value_at(p, m));
        return read_bounded(p, m, "\"data.validation_split\"", &data_keys[key],
                            (bounds){0, 0, 1, 1, 0}, &s->validation_split);
    case D_TARGETS:
        return read_columns(p, m, key, MLP_MAX_TARGETS, &s->targets, &s->n_targets,
                            &s->pos_targets, &s->pos_target_names);
    case D_FEATURES:
        return read_columns(p, m, key, MLP_MAX_UNITS, &s->features, &s->n_features,
                            &s->pos_features, &s->pos_feature_names);
    case D_NORMALIZE:
        st = read_name(p, m, "\"data.normalize\"", &data_keys[key], "normalization", normalize_names,
                       2, &which);
        s->normalize = which ? MLP_NORMALIZE_STANDARD : MLP_NORMALIZE_NONE;
        return st;
    }
    return MLP_OK;
}

static mlp_status output_member(parser *p, int key, const cJSON *m)
{
    char subj[64];
    const char *path = "";
    mlp_status st = read_nonempty(p, m, subject("output", output_keys[key].name, subj, sizeof subj),
                                  &output_keys[key], &path);
    if (st)
        return st;
    return copy_string(p, path, key == O_WEIGHTS ? &p->spec->weights_path : &p->spec->loss_path);
}

static mlp_status top_member(parser *p, int key, const cJSON *m)
{
    const key_info *ki = &top_keys[key];
    mlp_spec *s = p->spec;
    const char *names[MLP_LOSS_COUNT > MLP_INIT_HE + 1 ? MLP_LOSS_COUNT : MLP_INIT_HE + 1];
    const char *text = "";
    char subj[64];
    double v = 0;
    int which = 0;
    mlp_status st = MLP_OK;
    subject(NULL, ki->name, subj, sizeof subj);
    switch (key) {
    case K_LAYERS:
        return read_layers(p, m);
    case K_ACTIVATIONS:
        return read_activations(p, m);
    case K_LOSS:
        for (int k = 0; k < MLP_LOSS_COUNT; k++)
            names[k] = mlp_loss_info_of((mlp_loss)k)->name;
        st = read_name(p, m, subj, ki, "loss", names, MLP_LOSS_COUNT, &which);
        s->loss = (mlp_loss)which;
        s->pos_loss = pos_at(p, value_at(p, m));
        return st;
    case K_LEARNING_RATE:
        if ((st = read_bounded(p, m, subj, ki, (bounds){0, 0, 0, 0, 0}, &v))) /* (0, inf) */
            return st;
        p->learning_rate = v;
        s->pos_learning_rate = pos_at(p, value_at(p, m));
        return MLP_OK;
    case K_EPOCHS:
        if ((st = read_integer(p, m, subj, ki, 1, MAX_EXACT_INTEGER, &v)))
            return st;
        s->epochs = (long)v;
        return MLP_OK;
    case K_SEED:
        if ((st = read_integer(p, m, subj, ki, 0, MAX_EXACT_INTEGER, &v)))
            return st;
        s->seed = (uint64_t)v;
        return MLP_OK;
    case K_INIT:
        for (int k = 0; k <= MLP_INIT_HE; k++)
            names[k] = mlp_init_name((mlp_init)k);
        st = read_name(p, m, subj, ki, "init", names, MLP_INIT_HE + 1, &which);
        s->init = (mlp_init)which;
        return st;
    case K_DESCRIPTION:
        return read_string(p, m, subj, ki, &text);
    case K_DATA:
        if ((st = check_object(p, m, subj, ki)))
            return st;
        s->pos_data = pos_at(p, value_at(p, m));
        return read_object(p, m, "data", data_keys, N_DATA_KEYS, p->data, data_member);
    case K_OUTPUT:
        if ((st = check_object(p, m, subj, ki)))
            return st;
        return read_object(p, m, "output", output_keys, N_OUTPUT_KEYS, p->output, output_member);
    case K_OPTIMIZER:
        return read_optimizer(p, m, subj, ki);
    case K_L2:
        return read_bounded(p, m, subj, ki, (bounds){0, 1, 0, 0, 0}, &s->l2);
    case K_EARLY_STOPPING:
        if ((st = check_object(p, m, subj, ki)))
            return st;
        return read_early_stopping(p, m);
    case K_BATCH_SIZE:
        if ((st = read_integer(p, m, subj, ki, 1, MAX_EXACT_INTEGER, &v)))
            return st;
        s->batch_size = (size_t)v;
        s->pos_batch_size = pos_at(p, value_at(p, m));
        return MLP_OK;
    case K_SHUFFLE:
        return read_bool(p, m, subj, ki, &s->shuffle);
    case K_SCHEDULE:
        return read_schedule(p, m, subj, ki);
    }
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Whole-spec checks and defaults */

static mlp_status missing(parser *p, const cJSON *obj, const char *where, const key_info *ki)
{
    char in[64];
    snprintf(in, sizeof in, where ? " in \"%s\"" : "%s", where ? where : "");
    fail_at(p, value_at(p, obj), "missing key \"%s\"%s", ki->name, in);
    return hint(p, "add it, for example \"%s\": %s", ki->name, ki->example);
}

/* A missing "name" in "optimizer" or "schedule" (where, ki) whose object
 * holds settings of `whose` (NULL: none that say whose): the hint names
 * that one, with `needs`, a key it requires that is missing too (step's
 * "every"), and `odd`, the first setting of another one (`odd_whose`), to
 * remove; without settings, the example. */
static mlp_status missing_name(parser *p, const cJSON *obj, const char *where, const key_info *ki,
                               const char *whose, const key_info *needs, const char *odd,
                               const char *odd_whose)
{
    if (!whose)
        return missing(p, obj, where, ki);
    fail_at(p, value_at(p, obj), "missing key \"%s\" in \"%s\"", ki->name, where);
    char also[96] = "";
    if (needs)
        snprintf(also, sizeof also, ", with \"%s\": %s, which %s needs", needs->name,
                 needs->example, whose);
    if (odd)
        return hint(p, "add it: \"%s\": \"%s\" (the %s of the settings given first)%s, and remove "
                       "\"%s\", a setting of \"%s\"",
                    ki->name, whose, where, also, odd, odd_whose);
    return hint(p, "add it: \"%s\": \"%s\" (the %s whose settings are given)%s", ki->name, whose,
                where, also);
}


static mlp_status check_loss(parser *p)
{
    mlp_spec *s = p->spec;
    mlp_activation out = s->acts[s->n_layers - 1];
    if (mlp_loss_accepts(s->loss, out))
        return MLP_OK;
    char needs[64] = "", works[128];
    int n_needed = 0;
    mlp_activation needed = (mlp_activation)0;
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        if (mlp_loss_accepts(s->loss, (mlp_activation)a)) {
            n_needed++;
            needed = (mlp_activation)a;
        }
    }
    if (n_needed == 1)
        snprintf(needs, sizeof needs, "%s needs a %s output layer: ", mlp_loss_name(s->loss),
                 mlp_activation_name(needed));
    mlp_loss_names_accepting(out, works, sizeof works);
    fail_at(p, value_at(p, p->top[K_LOSS]), "loss \"%s\" cannot follow a \"%s\" output layer",
            mlp_loss_name(s->loss), mlp_activation_name(out));
    /* Asking for a cross-entropy asks for probabilities: where no loss is
     * made for this output (a tanh, a linear), the fix to name first is the
     * output activation the loss needs; a loss that ignores probabilities
     * ("mse") is only the alternative. A softmax of 1 unit is always 1, so
     * for 1 output the probability output is a sigmoid with its loss. */
    int made_for_out = 0;
    const char *own = NULL, *general = NULL; /* a loss made for out; one for every output */
    for (int l = 0; l < MLP_LOSS_COUNT; l++) {
        int n_accepted = 0;
        for (int a = 0; a < MLP_ACT_COUNT; a++)
            n_accepted += mlp_loss_accepts((mlp_loss)l, (mlp_activation)a);
        if (!mlp_loss_accepts((mlp_loss)l, out))
            continue;
        made_for_out |= n_accepted < MLP_ACT_COUNT;
        if (n_accepted < MLP_ACT_COUNT && !own)
            own = mlp_loss_name((mlp_loss)l);
        if (n_accepted == MLP_ACT_COUNT && !general)
            general = mlp_loss_name((mlp_loss)l);
    }
    if (n_needed == 1 && !made_for_out) {
        if (needed == MLP_ACT_SOFTMAX && s->sizes[s->n_layers] == 1)
            return hint(p, "%smake the last entry of \"activations\" \"%s\" with \"loss\": "
                           "\"%s\" for a probability from 1 output unit, or keep the %s output "
                           "with %s",
                        needs, mlp_activation_name(MLP_ACT_SIGMOID),
                        mlp_loss_name(MLP_LOSS_BINARY_CROSS_ENTROPY), mlp_activation_name(out), works);
        return hint(p, "%smake the last entry of \"activations\" \"%s\" for probabilities, or "
                       "keep the %s output with %s",
                    needs, mlp_activation_name(needed), mlp_activation_name(out), works);
    }
    /* Several units of an output with its own loss (sigmoid's
     * binary_cross_entropy): asking for cross_entropy says one class per
     * row, which is the softmax. The sigmoid's own loss trains on a label
     * column too, silently, as K independent yes/no units whose outputs do
     * not sum to 1: it is for multi-label targets, so second. "mse" is no
     * such thing: it fits values in the output's range (the shipped PROBEN1
     * building and robot regressions are 3 sigmoid units with it). */
    size_t K = s->sizes[s->n_layers];
    if (n_needed == 1 && K > 1 && own &&
        (mlp_activation_info_of(needed)->flags & MLP_ACT_FLAG_ROWS))
        return hint(p, "%smake the last entry of \"activations\" \"%s\" for one class per row "
                       "(%zu probabilities that sum to 1); keep the %s output with \"%s\" for "
                       "multi-label targets (%zu target columns of 0/1, several of which may be "
                       "1 in a row)%s%s%s%s",
                    needs, mlp_activation_name(needed), K, mlp_activation_name(out), own, K,
                    general ? ", or with \"" : "", general ? general : "",
                    general ? "\" for targets in " : "",
                    general ? mlp_activation_info_of(out)->range : "");
    return hint(p, "%sfor a %s output use %s", needs, mlp_activation_name(out), works);
}

/* The settings that depend on each other: irprop- has no learning rate,
 * early stopping needs a validation set, the validation set comes from one
 * place, and a refit retrains on the whole training file, so its validation
 * rows must come from that file. */
static mlp_status check_training(parser *p, const parse_mode *mode)
{
    mlp_spec *s = p->spec;
    const cJSON *lr = p->top[K_LEARNING_RATE];
    const mlp_optimizer_info *opt = mlp_optimizer_info_of(s->optimizer.kind);
    if (p->top[K_OPTIMIZER] && !(opt->flags & MLP_OPT_FLAG_LEARNING_RATE) && lr) {
        fail_at(p, value_at(p, lr), "\"learning_rate\" is not used by optimizer \"%s\"",
                opt->name);
        return hint(p, "remove it: %s adapts a step size per weight, starting at "
                       "\"optimizer.delta0\"", opt->name);
    }
    const cJSON *batch = p->top[K_BATCH_SIZE], *shuffle = p->top[K_SHUFFLE];
    const cJSON *schedule = p->top[K_SCHEDULE];
    if (batch && !(opt->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        fail_at(p, value_at(p, batch), "\"batch_size\" cannot be used with optimizer \"%s\"",
                opt->name);
        return hint(p, "%s follows the sign of the full-batch gradient, which the noise of "
                       "mini-batches keeps flipping; use \"name\": \"adam\", or remove "
                       "\"batch_size\"", opt->name);
    }
    /* "shuffle" without "batch_size" is mlp_spec_check_options's: the
     * command line can give the batch size. */
    if (shuffle)
        s->pos_shuffle = pos_at(p, value_at(p, shuffle));
    if (schedule && !(opt->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        fail_at(p, value_at(p, schedule), "\"schedule\" is not used by optimizer \"%s\"",
                opt->name);
        return hint(p, "remove it: %s has no learning rate to schedule", opt->name);
    }
    const cJSON *split = p->data[D_VALIDATION_SPLIT];
    if (split && p->data[D_VALIDATION]) {
        fail_at(p, value_at(p, split), "\"data.validation_split\" and \"data.validation\" "
                                       "cannot both be given");
        return hint(p, "keep one: a validation file, or a fraction of the training file");
    }
    const cJSON *early = p->top[K_EARLY_STOPPING];
    if (early && !split && !p->data[D_VALIDATION] && !mode->data_optional) {
        fail_at(p, value_at(p, early), "\"early_stopping\" needs a validation set");
        return hint(p, "add \"validation_split\": 0.2 (or a \"validation\" file) to \"data\"");
    }
    const cJSON *refit = p->early[E_REFIT];
    if (refit && s->refit && p->data[D_VALIDATION]) {
        fail_at(p, value_at(p, refit), "\"early_stopping.refit\" needs \"data.validation_split\", "
                                       "not a \"data.validation\" file");
        return hint(p, "the refit trains on the whole training file; hold the validation rows "
                       "out of it with \"validation_split\", or remove \"refit\"");
    }
    const cJSON *scale = p->early[E_REFIT_SCALE];
    if (scale && !s->refit) {
        fail_at(p, value_at(p, scale), "\"early_stopping.refit_scale\" needs \"refit\": true");
        return hint(p, "it scales the refit's epochs; add \"refit\": true, or remove "
                       "\"refit_scale\"");
    }
    return MLP_OK;
}

/* stem[0..n) + suffix, as a new string. */
static mlp_status stem_path(parser *p, const char *stem, size_t n, const char *suffix, char **out)
{
    size_t len = strlen(suffix);
    if (n > (size_t)-1 - len - 1 || !(*out = mlp_alloc(n + len + 1, 1)))
        return out_of_memory(p);
    memcpy(*out, stem, n);
    memcpy(*out + n, suffix, len + 1);
    return MLP_OK;
}

static mlp_status finish(parser *p, const parse_mode *mode)
{
    mlp_spec *s = p->spec;
    mlp_status st;
    for (int k = 0; k <= K_LOSS; k++)
        if (!p->top[k])
            return missing(p, p->root, NULL, &top_keys[k]);
    if (!mode->data_optional) {
        if (!p->top[K_DATA])
            return missing(p, p->root, NULL, &top_keys[K_DATA]);
        if (!p->data[D_TRAIN])
            return missing(p, p->top[K_DATA], "data", &data_keys[D_TRAIN]);
    }

    if (p->n_acts != s->n_layers) {
        fail_at(p, value_at(p, p->top[K_ACTIVATIONS]),
                "\"activations\" has %zu name%s, but %zu layer sizes need %zu", p->n_acts,
                mlp_plural(p->n_acts, "", "s"), s->n_layers + 1, s->n_layers);
        return hint(p, "give one activation per weight layer, from the first hidden layer to the output");
    }
    const cJSON *e = p->top[K_ACTIVATIONS]->child;
    for (size_t l = 0; l + 1 < s->n_layers; l++, e = e->next) {
        const mlp_activation_info *act = mlp_activation_info_of(s->acts[l]);
        if (act->flags & MLP_ACT_FLAG_ROWS) {
            fail_at(p, value_at(p, e), "\"%s\" is only allowed on the output layer", act->name);
            return hint(p, "use an element-wise activation such as \"tanh\" or \"relu\" for hidden layer %zu",
                        l + 1);
        }
    }
    if ((st = check_loss(p)))
        return st;

    if ((st = check_training(p, mode)))
        return st;
    if (!p->top[K_OPTIMIZER])
        s->optimizer = mlp_optimizer_defaults(MLP_OPT_GD);
    /* The optimizer's options are the one home of the learning rate: the
     * spec's value, else the optimizer's default. */
    if (p->top[K_LEARNING_RATE])
        s->optimizer.learning_rate = p->learning_rate;
    if (!p->top[K_EPOCHS])
        s->epochs = DEFAULT_EPOCHS;
    if (!p->top[K_SEED])
        s->seed = MLP_SPEC_DEFAULT_SEED;
    if (!p->top[K_SHUFFLE])
        s->shuffle = 1;
    if (!p->top[K_SCHEDULE])
        s->schedule = mlp_schedule_defaults(MLP_SCHEDULE_CONSTANT);
    if (!p->early[E_REFIT_SCALE])
        s->refit_scale = 1;

    /* Outputs default to the current folder, named after the spec:
     * configs/moons.json -> moons.weights.bin. A spec read from an open
     * file (/dev/stdin, <(...)'s /dev/fd/63) has no name, as one read from
     * "-" has none: both give "<stdin>", which mlptrain refuses to write. */
    const char *stem = mode->stem;
    size_t n;
    if (stem) {
        n = strlen(stem);
    } else if (mlp_fileio_names_open_file(p->path)) {
        stem = mlp_fileio_display_name("-", 0);
        n = strlen(stem);
    } else {
        const char *slash = strrchr(p->path, '/');
        stem = slash ? slash + 1 : p->path;
        n = strlen(stem);
        if (n > 5 && strcmp(stem + n - 5, ".json") == 0)
            n -= 5;
        if (n == 0) {
            stem = "spec";
            n = 4;
        }
    }
    if (!s->weights_path && (st = stem_path(p, stem, n, ".weights.bin", &s->weights_path)))
        return st;
    if (!s->loss_path && (st = stem_path(p, stem, n, ".loss.csv", &s->loss_path)))
        return st;
    return MLP_OK;
}

/* ------------------------------------------------------------------------ */
/* Public entry points */

static mlp_status parse(const char *text, size_t len, const char *path, const parse_mode *mode,
                        mlp_spec *spec, mlp_error *err)
{
    mlp_spec s = {0};
    parser p = {.text = text ? text : "", .len = text ? len : 0, .path = path ? path : "",
                .err = err, .spec = &s};
    cJSON *root = NULL;
    mlp_status st;
    memset(spec, 0, sizeof *spec);

    s.path = mlp_alloc_strdup(p.path);
    if (!s.path) {
        st = out_of_memory(&p);
        goto out;
    }
    if (skip_ws(&p, p.len >= 3 && memcmp(p.text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0) == p.len) {
        st = fail_at(&p, 0, "the spec is empty");
        hint(&p, "write a JSON object such as {\"layers\": [2, 4, 1], ...} (see docs/spec.md)");
        goto out;
    }
    if ((st = scan(&p)))
        goto out;
    /* The scan accepted the text, so a failure here is memory. */
    root = parse_tree(p.text, p.len);
    p.nodes = root ? mlp_alloc_zero(p.n_spans, sizeof *p.nodes) : NULL;
    if (!p.nodes) {
        st = out_of_memory(&p);
        goto out;
    }
    size_t k = 0;
    pair_nodes(&p, root, &k);
    p.root = root;
    if (index_positions(&p)) {
        st = out_of_memory(&p);
        goto out;
    }

    if (!cJSON_IsObject(root)) {
        st = fail_at(&p, value_at(&p, root), "the spec must be a JSON object, not %s", type_name(root));
        hint(&p, "put the settings in one object: {\"layers\": [2, 4, 1], ...}");
        goto out;
    }
    if ((st = read_object(&p, root, NULL, top_keys, N_TOP_KEYS, p.top, top_member)))
        goto out;
    st = finish(&p, mode);

out:
    cJSON_Delete(root);
    free(p.spans);
    free(p.nodes);
    free(p.index);
    free(p.line_starts);
    if (st) {
        mlp_spec_free(&s);
        return st;
    }
    *spec = s;
    return MLP_OK;
}

/* A NULL where a pointer is required (mlp.h: refused, not dereferenced).
 * The spec is zeroed first, so that the free after any failure is safe. */
static mlp_status null_argument(const char *fn, const char *what, mlp_error *err)
{
    return mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s: %s is NULL", fn, what);
}

mlp_status mlp_spec_parse(const char *text, size_t len, const char *path, mlp_spec *spec,
                          mlp_error *err)
{
    if (spec)
        memset(spec, 0, sizeof *spec);
    /* No text of no bytes is an empty spec, as mlp_csv_parse takes it. */
    if (!spec || (!text && len > 0))
        return null_argument("mlp_spec_parse", !spec ? "the spec" : "the text", err);
    parse_mode mode = {0, NULL};
    return parse(text, len, path, &mode, spec, err);
}

mlp_status mlp_spec_load(const char *path, mlp_spec *spec, mlp_error *err)
{
    char *text;
    size_t len;
    if (spec)
        memset(spec, 0, sizeof *spec);
    if (!path || !spec)
        return null_argument("mlp_spec_load", !path ? "the path" : "the spec", err);
    mlp_status st = mlp_fileio_read_all_max(path, MLP_SPEC_MAX_BYTES, &text, &len, err);
    if (st)
        return st;
    st = mlp_spec_parse(text, len, mlp_fileio_display_name(path, 0), spec, err);
    free(text);
    return st;
}

mlp_status mlp_spec_builtin_xor(mlp_spec *spec, mlp_error *err)
{
    if (!spec)
        return null_argument("mlp_spec_builtin_xor", "the spec", err);
    parse_mode mode = {1, "xor"};
    const char *json = mlp_spec_builtin_xor_json();
    mlp_status st = parse(json, strlen(json), "<built-in xor>", &mode, spec, err);
    if (!st)
        spec->train_text = mlp_spec_builtin_xor_csv();
    return st;
}

mlp_status mlp_spec_check_options(const mlp_spec *spec, mlp_error *err)
{
    if (!spec)
        return null_argument("mlp_spec_check_options", "the spec", err);
    if (spec->pos_shuffle.line && spec->batch_size == 0) {
        mlp_error_set(err, MLP_ERR_SPEC, spec->path, spec->pos_shuffle.line,
                      spec->pos_shuffle.col, "\"shuffle\" needs \"batch_size\"");
        mlp_error_hint(err, "full-batch training uses every row in every update, in no order; add "
                            "\"batch_size\", or remove \"shuffle\"");
        return MLP_ERR_SPEC;
    }
    return MLP_OK;
}

mlp_status mlp_spec_data_error(const mlp_spec *spec, mlp_error *err)
{
    if (!err || !spec || !spec->path || err->code != MLP_ERR_IO || err->line != 0)
        return err ? err->code : MLP_OK;
    const char *paths[] = {spec->train_path, spec->validation_path};
    const size_t folder_lens[] = {spec->train_folder_len, spec->validation_folder_len};
    const mlp_spec_pos pos[] = {spec->pos_train, spec->pos_validation};
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
        char named[MLP_ERROR_PATH_MAX];
        if (!paths[k] || !pos[k].line ||
            strcmp(mlp_error_copy_path(named, sizeof named, paths[k]), err->path) != 0)
            continue;
        const char *path = paths[k];
        size_t pre = folder_lens[k];
        const char *written = path + pre;
        /* "did you mean" is the reader's for a missing file with a near
         * name: asked again, and said without the spec's folder. */
        char near[MLP_ERROR_TEXT_MAX];
        if (strncmp(err->hint, "did you mean \"", 14) == 0 &&
            mlp_fileio_nearest_file(path, near, sizeof near) && strncmp(near, path, pre) == 0)
            mlp_error_hint(err, "did you mean \"%s\"?", near + pre);
        static const char cannot[] = "cannot read: ";
        const char *what = err->message;
        int cannot_read = strncmp(what, cannot, sizeof cannot - 1) == 0;
        if (cannot_read)
            what += sizeof cannot - 1;
        /* Each path at most 120 bytes (its end kept, where the name is) and
         * what is wrong 240: the whole fits the message. */
        char shown[2][120], message[MLP_ERROR_TEXT_MAX];
        mlp_error_copy_path(shown[0], sizeof shown[0], written);
        mlp_error_copy_path(shown[1], sizeof shown[1], path);
        snprintf(message, sizeof message, "%s\"%s\"%s%s%s: %.240s", cannot_read ? "cannot read " : "",
                 shown[0], pre ? " (" : "", pre ? shown[1] : "", pre ? ")" : "", what);
        memcpy(err->message, message, sizeof message);
        mlp_error_copy_path(err->path, sizeof err->path, spec->path);
        err->line = pos[k].line;
        err->col = pos[k].col;
        break;
    }
    return err->code;
}

void mlp_spec_free(mlp_spec *spec)
{
    if (!spec)
        return;
    free(spec->path);
    free(spec->train_path);
    free(spec->validation_path);
    for (size_t k = 0; spec->targets && k < spec->n_targets; k++)
        free(spec->targets[k]);
    free(spec->targets);
    for (size_t k = 0; spec->features && k < spec->n_features; k++)
        free(spec->features[k]);
    free(spec->features);
    free(spec->pos_target_names);
    free(spec->pos_feature_names);
    free(spec->weights_path);
    free(spec->loss_path);
    memset(spec, 0, sizeof *spec);
}
