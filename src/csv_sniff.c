/* SPDX-License-Identifier: MIT */
/* csv_sniff.c: what a CSV file is before its first row is read (csv_sniff.h):
 * a file of another encoding, a compressed file or a workbook, lines ended
 * by a CR alone, Excel's "sep=" line, another separator than the comma, a
 * byte-order mark out of place. Each is refused by name, with the command
 * that converts it, instead of reading on and failing later with a message
 * about the wrong thing ("NUL byte", "no feature columns"). Apart from
 * csv.c, which calls it, so that the reader proper stays about reading. */
#include "csv_sniff.h"

#include <stdio.h>
#include <string.h>

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* A file in UTF-16 or UTF-32 (what Windows calls "Unicode text") has a NUL
 * in every ASCII character, so it would be refused as binary at its first
 * NUL: name the encoding instead, by its byte-order mark or, without one,
 * by every second byte of an ASCII start being 0. b: the first n bytes of
 * the file. */
static mlp_status check_not_utf16(const unsigned char *b, size_t n, const char *name,
                                  mlp_error *err)
{
    const char *enc = NULL, *how = NULL;
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        enc = "UTF-32", how = "it starts with the byte-order mark FF FE 00 00";
    else if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        enc = "UTF-32", how = "it starts with the byte-order mark 00 00 FE FF";
    else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        enc = "UTF-16", how = "it starts with the byte-order mark FF FE";
    else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        enc = "UTF-16", how = "it starts with the byte-order mark FE FF";
    else if (n >= 4 && b[0] && b[0] < 0x80 && !b[1] && b[2] && b[2] < 0x80 && !b[3])
        enc = "UTF-16LE", how = "no byte-order mark, but a 0 after each of its first characters";
    else if (n >= 4 && !b[0] && b[1] && b[1] < 0x80 && !b[2] && b[3] && b[3] < 0x80)
        enc = "UTF-16BE", how = "no byte-order mark, but a 0 before each of its first characters";
    if (!enc)
        return MLP_OK;
    mlp_error_set(err, MLP_ERR_DATA, name, 1, 1, "the file is %s text (%s)", enc, how);
    mlp_error_hint(err, "mlp reads UTF-8 (or plain ASCII); convert it first, for example with "
                        "iconv -f %s -t UTF-8 FILE > FILE-utf8.csv", enc);
    return MLP_ERR_DATA;
}

/* Appends len bytes of s at out[*at], as far as they fit before a NUL in
 * cap bytes; *at counts them all, so *at >= cap says they did not fit. */
static void put_bytes(char *out, size_t cap, size_t *at, const char *s, size_t len)
{
    size_t room = *at + 1 < cap ? cap - 1 - *at : 0;
    if (room > 0)
        memcpy(out + *at, s, len < room ? len : room);
    *at += len;
}

/* Appends s (len bytes) to the text out[0, *n) as one word of the POSIX
 * shell: as it is when the shell takes every byte of it literally, else in
 * single quotes ('\'' for a quote inside); "./" first when it starts with
 * "-", which a tool would take for an option. 0, and out as it was, when
 * it does not fit in cap bytes with the NUL. */
static int put_shell_word(char *out, size_t cap, size_t *n, const char *s, size_t len)
{
    int plain = len > 0;
    for (size_t i = 0; i < len && plain; i++) {
        unsigned char ch = (unsigned char)s[i];
        plain = ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                (ch >= '0' && ch <= '9') || (ch != '\0' && strchr("_-./+,:@%=", ch));
    }
    size_t at = *n;
    if (len > 0 && s[0] == '-')
        put_bytes(out, cap, &at, "./", 2);
    if (!plain)
        put_bytes(out, cap, &at, "'", 1);
    for (size_t i = 0; i < len; i++) {
        if (!plain && s[i] == '\'')
            put_bytes(out, cap, &at, "'\\''", 4);
        else
            put_bytes(out, cap, &at, s + i, 1);
    }
    if (!plain)
        put_bytes(out, cap, &at, "'", 1);
    if (at >= cap) {
        out[*n] = '\0';
        return 0;
    }
    out[at] = '\0';
    *n = at;
    return 1;
}

/* The hint for a compressed file: "decompress it first: " and a command
 * that works as printed, whatever the name. A tool decompresses in place
 * (gunzip -k data.csv.gz) only a name that ends in its suffix; any other
 * name (d.csv) gets the text written beside it, its extension replaced by
 * "-text.csv" (gunzip -c d.csv > d-text.csv). Standard input, a text
 * without a name, or a name too long for the hint: FILE for the name. */
static void decompress_hint(mlp_error *err, const char *name, const char *tool,
                            const char *in_place, const char *suffix)
{
    char hint[MLP_ERROR_TEXT_MAX];
    size_t used = (size_t)snprintf(hint, sizeof hint, "decompress it first: %s ", tool);
    size_t len = name && name[0] != '<' ? strlen(name) : 0, sl = strlen(suffix);
    if (len > sl && strcmp(name + len - sl, suffix) == 0 && name[len - sl - 1] != '/') {
        size_t at = used;
        put_bytes(hint, sizeof hint, &at, in_place, strlen(in_place));
        if (at < sizeof hint && put_shell_word(hint, sizeof hint, &at, name, len)) {
            mlp_error_hint(err, "%s", hint);
            return;
        }
    }
    const char *base = len ? strrchr(name, '/') : NULL;
    base = base ? base + 1 : name;
    const char *dot = len ? strrchr(base, '.') : NULL;
    size_t stem = dot && dot > base ? (size_t)(dot - name) : len;
    char out[MLP_ERROR_TEXT_MAX];
    size_t at = used;
    put_bytes(hint, sizeof hint, &at, "-c ", 3);
    if (len > 0 && stem + sizeof "-text.csv" <= sizeof out && at < sizeof hint &&
        put_shell_word(hint, sizeof hint, &at, name, len)) {
        memcpy(out, name, stem);
        memcpy(out + stem, "-text.csv", sizeof "-text.csv");
        put_bytes(hint, sizeof hint, &at, " > ", 3);
        if (at < sizeof hint &&
            put_shell_word(hint, sizeof hint, &at, out, stem + sizeof "-text.csv" - 1)) {
            mlp_error_hint(err, "%s", hint);
            return;
        }
    }
    mlp_error_hint(err, "decompress it first: %s -c FILE > FILE-text.csv", tool);
}

/* A compressed file or a spreadsheet workbook is refused at its first NUL
 * byte as "binary"; its magic bytes say what it is and how to get the CSV
 * out of it (a learner's data.csv.gz, or an Excel file named .csv). */
static mlp_status check_not_archive(const unsigned char *b, size_t n, const char *name,
                                    mlp_error *err)
{
    /* a compressor's hint comes from decompress_hint (its tool, the option
     * that keeps the file, its suffix); a workbook's is `hint` and the name */
    static const struct {
        const char *magic;
        size_t len;
        const char *what, *tool, *in_place, *suffix, *hint;
    } kinds[] = {
        {"\x1F\x8B", 2, "gzip-compressed", "gunzip", "-k ", ".gz", NULL},
        {"\xFD\x37\x7A\x58\x5A\x00", 6, "xz-compressed", "unxz", "-k ", ".xz", NULL},
        {"\x28\xB5\x2F\xFD", 4, "zstd-compressed", "unzstd", "", ".zst", NULL},
        /* "BZh", the block size 1-9 (not compared), then the block's magic */
        {"BZh?\x31\x41\x59\x26\x53\x59", 10, "bzip2-compressed", "bunzip2", "-k ", ".bz2", NULL},
        {"PK\x03\x04", 4, "a zip archive (as an .xlsx or .ods workbook is)", NULL, NULL, NULL,
         "save the sheet as CSV (comma-separated) from the spreadsheet, or unzip "},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Excel workbook (.xls)", NULL, NULL, NULL,
         "save the sheet as CSV (comma-separated) from the spreadsheet that opens "},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *m = kinds[k].magic;
        size_t i = 0;
        while (i < kinds[k].len && i < n && (m[i] == '?' || (unsigned char)m[i] == b[i]))
            i++;
        if (i < kinds[k].len)
            continue;
        mlp_error_set(err, MLP_ERR_DATA, name, 1, 1, "the file is %s, not CSV text",
                      kinds[k].what);
        if (kinds[k].tool) {
            decompress_hint(err, name, kinds[k].tool, kinds[k].in_place, kinds[k].suffix);
        } else {
            char word[MLP_ERROR_TEXT_MAX];
            size_t used = 0;
            word[0] = '\0';
            int named = name && name[0] != '\0' && name[0] != '<' &&
                        put_shell_word(word, sizeof word, &used, name, strlen(name));
            mlp_error_hint(err, "%s%s", kinds[k].hint, named ? word : "FILE");
        }
        return MLP_ERR_DATA;
    }
    return MLP_OK;
}

/* Where the text of a file starts, from its first len bytes at buf: after a
 * UTF-8 byte-order mark, or at 0; a UTF-16 or UTF-32 file, a compressed file
 * and a workbook are refused. Every way of reading a file (streamed, whole,
 * from memory) starts here. */
mlp_status mlp_csv_text_start(const char *buf, size_t len, const char *name, size_t *pos,
                              mlp_error *err)
{
    *pos = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    mlp_status st = check_not_utf16((const unsigned char *)buf, len, name, err);
    return st ? st : check_not_archive((const unsigned char *)buf, len, name, err);
}

/* A file whose lines end in a CR alone (classic Mac OS, some Excel
 * exports) has no LF: read as it is, it would be one line of one row.
 * Reading a lone CR as a line end would take every part of the reader
 * that cuts the text at LFs (blocks, threads, processes, the text kept
 * for messages), so the file is refused with the command that converts
 * it. At (line, col), the first lone CR. */
mlp_status mlp_csv_cr_only(const char *name, long line, long col, mlp_error *err)
{
    mlp_error_set(err, MLP_ERR_DATA, name, line, col,
                  "line ends are CR only (no LF after the CR, as classic Mac OS and some "
                  "Excel exports write them), so the file would be read as one line");
    mlp_error_hint(err, "mlp reads LF or CRLF line ends; convert it first, for example with "
                        "tr '\\r' '\\n' < FILE > FILE-lf.csv");
    return MLP_ERR_DATA;
}

/* The first CR of the line at p outside double quotes that is neither
 * followed by an LF nor the last byte of the text (both line ends, as
 * csv.c's line_end_at reads them), or NULL. The line is whole in [p, end):
 * end is the end of the text or just after an LF. */
const char *mlp_csv_lone_cr(const char *p, const char *end)
{
    int quoted = 0;
    for (const char *q = p; q < end && *q != '\n'; q++) {
        if (*q == '"')
            quoted = !quoted;
        else if (*q == '\r' && !quoted && q + 1 < end && q[1] != '\n')
            return q;
    }
    return NULL;
}

/* Excel's separator line: "sep=" (any letter case), one byte, then only
 * blanks up to the line end. Excel writes it before the first row, and
 * reads the file by it; here it would be a one-column header (and, before
 * a file of semicolons, the semicolons would be taken for the header's).
 * Refused at line `line`, column col, with what to do for its separator:
 * remove the line (sed), and convert the rest to commas (tr). */
static mlp_status check_sep_line(const char *p, const char *end, long line, long col,
                                 const char *name, mlp_error *err)
{
    if (end - p < 5 || (p[0] | 0x20) != 's' || (p[1] | 0x20) != 'e' || (p[2] | 0x20) != 'p' ||
        p[3] != '=' || p[4] == '\n' || p[4] == '\r')
        return MLP_OK;
    char x = p[4];
    const char *q = p + 5;
    while (q < end && is_blank(*q))
        q++;
    if (q < end && *q != '\n' && *q != '\r')
        return MLP_OK;
    const char *what = x == ',' ? "commas" : x == ';' ? "semicolons" : x == '\t' ? "tabs" : NULL;
    if (what)
        mlp_error_set(err, MLP_ERR_DATA, name, line, col,
                      "the first line is Excel's separator line \"%.4s%s\" (the file is "
                      "separated by %s), not a row of data", p,
                      x == '\t' ? "\\t" : x == ',' ? "," : ";", what);
    else
        mlp_error_set(err, MLP_ERR_DATA, name, line, col,
                      "the first line is Excel's separator line \"%.5s\", not a row of data", p);
    if (x == ',') {
        mlp_error_hint(err, "remove that line, for example with sed %ldd FILE > FILE-data.csv",
                       line);
    } else if (x == ';' || x == '\t') {
        const char *t = x == ';' ? ";" : "\\t";
        mlp_error_hint(err, "mlp reads comma-separated files with decimal points and no such "
                            "line; convert it first, for example with sed %ldd FILE | tr '%s' "
                            "',' > FILE-commas.csv (when no value holds a comma), or with "
                            "sed %ldd FILE | tr ',%s' '.,' > FILE-commas.csv where numbers "
                            "have decimal commas (0,5)", line, t, line, t);
    } else if (x > ' ' && x < 0x7f && x != '\'' && x != '\\') {
        mlp_error_hint(err, "mlp reads comma-separated files; convert it first, for example "
                            "with sed %ldd FILE | tr '%c' ',' > FILE-commas.csv (when no value "
                            "holds a comma)", line, x);
    } else {
        mlp_error_hint(err, "mlp reads comma-separated files; remove that line and separate "
                            "the fields by commas");
    }
    return MLP_ERR_DATA;
}

/* Past the blank lines at p, as the parser's next_row skips them: a line of
 * spaces and tabs ending in an LF, a CRLF, or a CR that ends the text. The
 * first byte of the first row that is not a space or a tab (or end); *line
 * and *line_start follow. A CR alone is no line end, so a line of blanks and
 * lone CRs is the first row: taking every CR for blank space, as this check
 * once did, judged the line after it, which the parser and the streamed
 * reader (holding only that line) did not take for the first row, and the
 * same file gave two errors. */
static const char *first_row(const char *p, const char *end, long *line,
                             const char **line_start)
{
    for (;;) {
        const char *q = p;
        while (q < end && is_blank(*q))
            q++;
        if (q < end && *q == '\r' && q + 1 < end && q[1] == '\n')
            q++; /* CRLF */
        else if (q < end && *q == '\r' && q + 1 == end)
            return end; /* a CR that ends the text */
        if (q >= end || *q != '\n')
            return q;
        p = q + 1;
        (*line)++;
        *line_start = p;
    }
}

/* A first line with no comma but semicolons or tabs between its fields is
 * a file of another separator: refuse it by name, instead of reading one
 * column and failing later with a puzzling "no feature columns". So is a
 * first row with a CR alone in it (mlp_csv_cr_only), and Excel's "sep=" line
 * (check_sep_line). p is the
 * start of line `line`, after the bom bytes (3 or 0) of a BOM on line 1,
 * which its columns count; blank lines before the first row are skipped. */
mlp_status mlp_csv_check_separator(const char *p, const char *end, long line, long bom,
                                   const char *name, mlp_error *err)
{
    const char *text = p, *line_start = p;
    long first_line = line;
    p = first_row(p, end, &line, &line_start);
    /* text is just past the one byte-order mark the reader skips (or the
     * first row, when the streamed reader has passed the blank lines). A
     * mark at the first row would silently become part of the first
     * column's name: right at the start it is a second one; after blank
     * lines, one out of place. Judged after the blank lines, so that a file
     * and the same bytes through a pipe are read alike. */
    long col0 = line == 1 ? bom : 0; /* bytes of the line before line_start */
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        if (p == text && line == first_line && line == 1) {
            mlp_error_set(err, MLP_ERR_DATA, name, line, col0 + 1,
                          "a second byte-order mark (bytes EF BB BF) starts the first line");
            mlp_error_hint(err, "save the file with at most one byte-order mark");
        } else {
            mlp_error_set(err, MLP_ERR_DATA, name, line, col0 + (long)(p - line_start) + 1,
                          "a byte-order mark (bytes EF BB BF) after blank space starts the "
                          "first row");
            mlp_error_hint(err, "a byte-order mark belongs at the very start of the file: remove "
                                "what comes before it, or the mark");
        }
        return MLP_ERR_DATA;
    }
    const char *start = p, *last = p;
    const char *cr = mlp_csv_lone_cr(start, end);
    if (cr)
        return mlp_csv_cr_only(name, line, col0 + (long)(cr - line_start) + 1, err);
    mlp_status st = check_sep_line(start, end, line, col0 + (long)(start - line_start) + 1,
                                   name, err);
    if (st)
        return st;
    while (last < end && *last != '\n')
        last++;
    while (last > start && (last[-1] == '\r' || last[-1] == ' ' || last[-1] == '\t'))
        last--;
    const char *first_sep = NULL;
    int quoted = 0, commas = 0;
    for (const char *q = start; q < last; q++) {
        if (*q == '"')
            quoted = !quoted;
        else if (!quoted && *q == ',')
            commas++;
        else if (!quoted && !first_sep && (*q == ';' || *q == '\t'))
            first_sep = q;
    }
    if (commas || !first_sep)
        return MLP_OK;
    int tab = *first_sep == '\t';
    /* The line-start offset is within the first line, so the column fits a long. */
    mlp_error_set(err, MLP_ERR_DATA, name, line, col0 + (long)(first_sep - line_start) + 1,
                  "the first line is separated by %s, not commas", tab ? "tabs" : "semicolons (\";\")");
    /* Spreadsheets that separate cells by semicolons write decimal commas
     * (0,5): the hint converts both for them. It is judged on the first
     * line alone, as every way of reading the file sees the same of it. */
    mlp_error_hint(err, "mlp reads comma-separated files with decimal points; convert it first, "
                        "for example with tr '%s' ',' (when no value holds a comma), or with "
                        "tr ',%s' '.,' where numbers have decimal commas (0,5)",
                   tab ? "\\t" : ";", tab ? "\\t" : ";");
    return MLP_ERR_DATA;
}
