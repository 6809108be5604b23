/* SPDX-License-Identifier: MIT */
/* pathid.h: whether two path names name the same file. Internal to libmlp
 * (outputs.c; the programs' standard-input check, src/cli/cli.c), so that
 * an output is never one of the inputs or another output under a second
 * spelling, and standard input is not read twice under two. */
#ifndef MLP_PATHID_H
#define MLP_PATHID_H

/* 1 when outputs a and b name the same file, else 0. "-" is standard
 * output: the file open on descriptor 1 (`-w - -o /dev/stdout > f` is one
 * file, f), and two "-" are always one file.
 *  - both exist: the same device and inode (symbolic links followed, so a
 *    link and its target, or two hard links, are the same file);
 *    A character device (/dev/null, a terminal) is never the same file:
 *    every writer writes it straight through, none replaces it, so
 *    `-w /dev/null -o /dev/null` discards both;
 *  - neither exists: the same name in the same folder, after following the
 *    symbolic links of the last component (a dangling link names the file
 *    a write through it creates), the folders compared by their resolved
 *    paths (realpath), or the strings themselves when a folder cannot be
 *    resolved (the write fails there anyway); a "-" whose descriptor is
 *    closed is no file;
 *  - one exists and the other does not: different files.
 * Under mlp_pathid_stdout_forwarded(1), the character device on standard
 * output is the same file under every name. */
int mlp_pathid_same(const char *a, const char *b);

/* Says that standard output is a launcher's pseudo-terminal (on != 0), not
 * a terminal: mpirun gives rank 0 one and gathers what is written there
 * into its own standard output, so two outputs on it would be one stream,
 * as on a pipe (mlptrain's comm layer calls it under mpirun). */
void mlp_pathid_stdout_forwarded(int on);

/* mlp_pathid_same for an output and an input, where the input "-" is
 * standard input: the file open on descriptor 0 (`-o in.csv < in.csv` is
 * one file). 1 when writing output would overwrite input; a pipe or a
 * socket that is both (a program started by inetd or socat reads and
 * writes one socket) is not: writing to it overwrites nothing. */
int mlp_pathid_output_is_input(const char *output, const char *input);

/* 1 when reading the input path reads standard input, else 0: path is
 * "-", or names the file open on descriptor 0 (the same device and inode)
 * and either reaches it through a descriptor link (/dev/stdin, /dev/fd/0,
 * /proc/self/fd/0) or that file is no regular file (a pipe, a FIFO, a
 * terminal: it can be read only once, under any name). A regular file
 * under its own name (`in.csv` with `< in.csv`) is read anew: 0. */
int mlp_pathid_is_stdin(const char *path);

#endif
