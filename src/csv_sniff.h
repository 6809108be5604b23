/* SPDX-License-Identifier: MIT */
/* csv_sniff.h: the checks csv.c makes of a file before it reads rows from it
 * (csv_sniff.c): files that are not comma-separated UTF-8 text, or whose
 * first line is not a row, refused by name with what to do. Internal: the
 * reader calls them on every way in (streamed, whole, from memory, a part),
 * so that each way refuses the same file with the same message. */
#ifndef MLP_CSV_SNIFF_H
#define MLP_CSV_SNIFF_H

#include "mlp/error.h"

#include <stddef.h>

/* Where the text starts in the file's first len bytes at buf (*pos: 3 after
 * a UTF-8 byte-order mark, else 0); a UTF-16 or UTF-32 file, a compressed
 * file and a workbook are refused. len: at least 10 bytes (the longest
 * magic), or the whole file. */
mlp_status mlp_csv_text_start(const char *buf, size_t len, const char *name, size_t *pos,
                              mlp_error *err);

/* The refusal of a file whose lines end in a CR alone, its first lone CR
 * at (line, col). Always returns MLP_ERR_DATA. */
mlp_status mlp_csv_cr_only(const char *name, long line, long col, mlp_error *err);

/* The first CR outside double quotes in the line at p that is neither
 * followed by an LF nor the text's last byte, or NULL. The line is whole
 * in [p, end). */
const char *mlp_csv_lone_cr(const char *p, const char *end);

/* The checks of the first row, line `line` starting at p (blank lines
 * before it are skipped; bom: the bytes of a BOM before p on line 1, 3 or
 * 0): a byte-order mark out of place, a lone CR, Excel's "sep=" line, a
 * line separated by semicolons or tabs and not commas. */
mlp_status mlp_csv_check_separator(const char *p, const char *end, long line, long bom,
                                   const char *name, mlp_error *err);

#endif
