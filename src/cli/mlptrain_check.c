/* SPDX-License-Identifier: MIT */
/* mlptrain_check.c: the pre-flight check (before every training run, before
 * a scan, alone with --check) and the learning-rate scan (--lr-scan); the
 * findings printed one per line. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "comm.h"
#include "mlp/fit.h"
#include "mlp/preflight.h"
#include "mlptrain.h"
#include "plural.h"

void mlptrain_print_finding(FILE *out, const mlp_finding *f)
{
    char line[MLP_ERROR_ESCAPED_SIZE(MLP_ERROR_PATH_MAX + 3 * MLP_ERROR_TEXT_MAX)];
    fprintf(out, "%s\n", mlp_finding_format(f, mlptrain_prog, line, sizeof line));
}

/* ---------------------------------------------------------------------------
 * The pre-flight check: before every training run (findings on stderr, an
 * error stops it), before a scan (without its learning-rate trial), and alone
 * with --check (findings on stdout, as text or JSON). Returns -1 to go on,
 * else the exit code. */

int mlptrain_preflight(const options *o, const mlp_spec *spec, data_sets *d, const mlp_net *net,
                       mlp_rate_advice *advice)
{
    mlp_error err;
    mlp_error_clear(&err);
    mlp_fit_options fo = mlp_spec_fit_options(spec, o->restarts, o->restart_margin, &d->prov);
    mlp_fit_data fd = mlptrain_fit_data(d);
    mlp_train_options topts = mlp_fit_train_options(&fo, &fd);
    /* With a validation split the data checks look at the whole file and
     * the trial trains on the rows training will use. */
    int split = spec->validation_split > 0;
    const mlp_schema *schema = split ? &d->full_schema : &d->schema;
    const mlp_dataset *data = split ? &d->full : &d->train;
    mlp_status st = MLP_OK;
    /* Read in parts (under mpirun), a rank holds some rows only: the ranks
     * agree on target-range, the error their own target cells decide, and
     * run the learning-rate trial as one run, its passes reduced over the
     * ranks as training's are (comm.h); the other data checks, which look
     * at every row, are left to `mlptrain --check` in one process
     * (docs/architecture.md). */
    mlp_parts parts = mlptrain_comm_parts();
    mlptrain_comm_reduce_ctx rctx = {.loss = net->loss, .n_outputs = net->sizes[net->n_layers]};
    if (d->in_parts) {
        st = mlptrain_comm_agree_parts(mlptrain_comm_reduce_prepare(&rctx, net->n_params, &err),
                                       &err);
        topts.reduce = mlptrain_comm_reduce;
        topts.reduce_ctx = &rctx;
    }
    mlp_preflight_input in = {
        .spec = spec,
        .csv = &d->csv,
        .parts = d->in_parts ? &parts : NULL,
        .csv_text = d->csv_text,
        .csv_len = d->csv_len,
        .schema = schema,
        .data = data,
        .trial_data = &d->train,
        .validation = d->have_val ? &d->val : NULL, /* the class targets' rows, as the run's */
        .net = net,
        /* irprop- has no learning rate to try. */
        .train = o->lr_scan || !(mlp_optimizer_info_of(spec->optimizer.kind)->flags &
                                 MLP_OPT_FLAG_LEARNING_RATE)
                     ? NULL
                     : &topts,
        .lr_option = o->have_lr ? "--learning-rate" : NULL,
        .advice = advice,
        .init_given = o->init_weights != NULL,
    };
    mlp_findings f;
    mlp_findings_init(&f);
    if (!st)
        st = mlp_preflight_run(&in, &f, &err);
    int rc = -1;
    size_t errors = mlp_findings_count(&f, MLP_SEVERITY_ERROR);
    /* --quiet hides the warnings, here as in a run: only errors are told. */
    if (o->check && o->quiet) {
        size_t kept = 0;
        for (size_t i = 0; i < f.n; i++)
            if (f.items[i].severity == MLP_SEVERITY_ERROR)
                f.items[kept++] = f.items[i];
        f.n = kept;
    }
    if (st) {
        rc = cli_report(mlptrain_prog, &err);
    } else if (o->check && o->json) {
        if (mlp_findings_write_json(&f, stdout, &err))
            rc = cli_report_stdout(mlptrain_prog, &err);
    } else if (o->check) {
        for (size_t i = 0; i < f.n; i++)
            mlptrain_print_finding(stdout, &f.items[i]);
        size_t warnings = f.n - errors;
        if (o->quiet)
            ; /* errors only, without the summary */
        else if (f.n)
            printf("check: %zu error%s, %zu warning%s\n", errors, mlp_plural(errors, "", "s"),
                   warnings, mlp_plural(warnings, "", "s"));
        else
            printf("check: no problems found\n");
    } else {
        for (size_t i = 0; i < f.n; i++)
            if (f.items[i].severity == MLP_SEVERITY_ERROR || !o->quiet)
                mlptrain_print_finding(stderr, &f.items[i]);
    }
    if (rc < 0 && errors)
        rc = MLP_EXIT_BAD_INPUT;
    else if (rc < 0 && o->check)
        rc = MLP_EXIT_OK;
    if (o->check) /* the findings on stdout: told when they could not be written */
        rc = cli_check_stdout(mlptrain_prog, rc);
    mlp_findings_free(&f);
    mlptrain_comm_reduce_free(&rctx);
    return rc;
}

/* --lr-scan: the trials and their table on stdout; no file is written. */
int mlptrain_lr_scan(const options *o, const mlp_spec *spec, const mlp_net *net,
                     const data_sets *d)
{
    mlp_error err;
    mlp_error_clear(&err);
    mlp_fit_options fo = mlp_spec_fit_options(spec, o->restarts, o->restart_margin, &d->prov);
    mlp_fit_data fd = mlptrain_fit_data(d);
    mlp_train_options topts = mlp_fit_train_options(&fo, &fd);
    mlp_lrscan_result *r = malloc(sizeof *r);
    if (!r) {
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory for the scan");
        return cli_report(mlptrain_prog, &err);
    }
    int rc = MLP_EXIT_OK;
    mlp_lrscan_options scan = o->scan;
    scan.normalize = spec->normalize; /* raw inputs far from 0 are then named as the cure */
    if (mlp_lrscan_run(net, &d->train, &topts, &scan, r, &err))
        rc = cli_report(mlptrain_prog, &err);
    else if (mlp_lrscan_write(stdout, &scan, r, &err))
        rc = cli_report_stdout(mlptrain_prog, &err);
    free(r);
    return cli_check_stdout(mlptrain_prog, rc);
}
