/* SPDX-License-Identifier: MIT */
/* committee.h: the models of a prediction and the rows each reads
 * (mlppredict A.bin [B.bin ...] INPUT.csv): the weights files read and
 * checked to be one committee (mlp_predict_check_committee), then the
 * rows of one CSV table read by each model's own schema, models that read
 * them alike sharing one data set. mlp_predict_committee (predict.h) then
 * runs them; a committee of one is one model. */
#ifndef MLP_COMMITTEE_H
#define MLP_COMMITTEE_H

#include <stddef.h>

#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

typedef struct {
    size_t n;                  /* models */
    char *const *paths;        /* n: their weights files, the caller's (not copied) */
    mlp_net **nets;            /* n; owned */
    mlp_schema *schemas;       /* n; owned */
    mlp_dataset *sets;         /* n; owned: the sets read (those shared are empty) */
    const mlp_dataset **data;  /* n: the set each model reads, into sets */
} mlp_committee;

/* Reads the n weights files at paths (n >= 1; kept in c, not copied) into c
 * and checks that each
 * joins the first (same outputs, labels and loss) and has labels of its
 * own kind. input_path (the CSV the rows come from, or NULL) only helps a
 * hint: a CSV given as a model (the -o forgotten), or the model and the CSV
 * swapped. MLP_ERR_NOMEM, MLP_ERR_WEIGHTS, the readers' errors; c is to be
 * freed (mlp_committee_free) in every case. */
mlp_status mlp_committee_load(mlp_committee *c, char *const *paths, size_t n,
                              const char *input_path, mlp_error *err);

/* Reads the table of input_path with base's options into csv as the first
 * model reads it (mlp_schema_read_csv, dataset.h): with its feature names
 * when its training CSV had a header, so that a header of numbers is known
 * by them (docs/csv.md) where base alone would read it as a row; the cells'
 * texts kept only for the columns some model reads (mlp_schemas_read_csv,
 * schema.h). The errors of mlp_csv_read_with, but a weights file (or
 * .npz) at input_path that the reader refused is said to be a model, at
 * its path: "a trained model, not the CSV of the rows to predict", with
 * ": the model is given twice" when it is one of c's files, and a hint
 * with the command that puts a CSV last; csv is to be freed (mlp_csv_free)
 * in every case. */
mlp_status mlp_committee_read_csv(const mlp_committee *c, const char *input_path,
                                  const mlp_csv_options *base, mlp_csv *csv, mlp_error *err);

/* The rows of csv (read from input_path: an error's column is found in its
 * text, datatext.h) by each model's schema, into c->data. With targets,
 * the first model (the committee's) reads the targets too
 * (MLP_TARGETS_REQUIRED); the others never do, so a file to predict may
 * hold blanks or unknown labels in its target column. The errors of
 * mlp_dataset_with_schema; in a committee of more than one, a column by
 * header name that a model reads and csv lacks is said with that model's
 * path and place, and that it may be left out ("no column "x3" for
 * b.bin, the 2nd model of the committee; add the column, or leave b.bin
 * out of the committee"), and so is a model whose columns do not fit csv
 * otherwise (no header for a model read by name; by position, another
 * count of columns or an unnamed one: "4 columns but b.bin, the 2nd model
 * of the committee, takes 2 ..."; the reader's hint, then "; or leave
 * b.bin out of the committee"); a model alone gets the reader's message. */
mlp_status mlp_committee_read_rows(mlp_committee *c, const mlp_csv *csv, const char *input_path,
                                   int targets, mlp_error *err);

/* Frees what c holds (a c zeroed or partly loaded too). */
void mlp_committee_free(mlp_committee *c);

#endif
