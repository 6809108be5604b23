/* SPDX-License-Identifier: MIT */
/* mlptrain: its options parsed (mlptrain_options.c), then runs the library's data flow
 *   spec -> network -> data -> pre-flight check -> fit (train loop,
 *   restarts, refit, diagnosis) -> weights file (with its provenance) +
 *   loss log (+ trace)
 * or, with --gradcheck, --check or --lr-scan, that tool alone. All real
 * work is in libmlp; each mode's printing is in its own file (mlptrain.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "comm.h"
#include "fileio.h"
#include "gemm.h"
#include "memlimit.h"
#include "mlp/blas.h"
#include "mlp/fit.h"
#include "mlp/gradcheck.h"
#include "mlp/mlp.h"
#include "mlp/pool.h"
#include "mlp/spec.h"
#include "mlptrain.h"
#include "sha256.h"
#include "signals.h"

const char *const mlptrain_prog = "mlptrain";
static const char *const prog = "mlptrain";

/* The spec's bytes, for its digest and the positions of the pre-flight
 * check: the file as it was loaded, or the built-in text. */
static mlp_status spec_bytes(const options *o, char **text, size_t *len, mlp_error *err)
{
    if (o->config)
        return mlp_fileio_read_all_max(o->config, MLP_SPEC_MAX_BYTES, text, len, err);
    const char *json = mlp_spec_builtin_xor_json();
    *len = strlen(json);
    *text = malloc(*len + 1);
    if (!*text)
        return mlp_error_set(err, MLP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memcpy(*text, json, *len + 1);
    return MLP_OK;
}

/* --------------------------------------------------------------------------- */

/* What comes before the spec: the options, the tools refused under mpirun,
 * the threads, --gradcheck of the built-in cases. Returns -1 to go on, else
 * the exit status (its message printed). */
static int prelude(int argc, char **argv, options *o, int *threads, mlp_error *err)
{
    int rc = mlptrain_parse_options(argc, argv, o, err);
    if (rc >= 0)
        return rc;
    int ranks = mlptrain_comm_size();
    /* Refused with their own hint, which says what to do: "try 'mlptrain
     * --help'" (cli_usage_error) after it was a second hint that helps no one. */
    if (ranks > 1 && (o->trace || o->check || o->lr_scan)) {
        const char *tool = o->trace ? "--trace" : o->check ? "--check" : "--lr-scan";
        mlp_error_set(err, MLP_ERR_USAGE, NULL, 0, 0, "%s", o->trace
                      ? "--trace records the pass of one process"
                      : o->check ? "--check looks at every row in one process"
                                 : "--lr-scan looks at every row in one process");
        mlp_error_hint(err, "run %s without mpirun", tool);
        return cli_report(prog, err);
    }
    if (mlptrain_comm_rank() > 0)
        o->quiet = 1; /* its output goes nowhere: spare the work of it */
    /* The one thread count of the run: BLAS, CSV parsing, lanes, provenance;
     * under `ulimit -v` first checked against the BLAS buffers (memlimit.h). */
    int want_threads = o->threads ? (int)o->threads : mlp_pool_default_threads();
    mlp_memlimit_set_threads_option(o->threads != 0); /* advice names --threads */
    if (mlp_memlimit_prepare_blas(want_threads, err))
        return cli_report(prog, err);
    *threads = mlp_pool_set_blas_threads(want_threads);
    if (o->gradcheck && !o->config)
        return mlptrain_gradcheck_builtin(o, o->tolerance > 0 ? o->tolerance
                                                              : MLP_GRADCHECK_TOLERANCE);
    return -1;
}

/* How the standard-input check names a data file of the spec: the key with
 * the spec's own text, and the file it names when that differs (the spec's
 * folder put in front): `"train": "in.csv", that is cfg/in.csv`. */
static void data_named(char *out, size_t cap, const char *what, const char *key,
                       const char *path, size_t folder_len)
{
    const char *written = path ? path + folder_len : "";
    if (path && folder_len && cli_is_stdin(path))
        snprintf(out, cap, "%s (\"%s\": \"%s\", that is %s)", what, key, written, path);
    else
        snprintf(out, cap, "%s (\"%s\": \"%s\")", what, key, written);
}

/* The spec (read once: --config - is standard input) with the options
 * over it, and the provenance's spec digest. Nothing here is collective:
 * a failure of one rank alone is agreed by the caller. */
static mlp_status load_spec(const options *o, int threads, mlp_spec *spec, data_sets *d,
                            char **spec_text, size_t *spec_len, mlp_error *err)
{
    int ranks = mlptrain_comm_size();
    mlp_status st = ranks > 1 ? mlptrain_input_for_ranks(o->config, "spec", err) : MLP_OK;
    if (!st)
        st = spec_bytes(o, spec_text, spec_len, err);
    if (!st)
        st = o->config ? mlp_spec_parse(*spec_text, *spec_len,
                                        mlp_fileio_display_name(o->config, 0), spec, err)
                       : mlp_spec_builtin_xor(spec, err);
    /* A model given as the spec (mlptrain -c xor.weights.bin) is no JSON at
     * its first byte: say what it is and what takes it. */
    if (st == MLP_ERR_SPEC && err->line == 1 && err->col == 1 &&
        mlp_weights_file_looks_like_model(o->config))
        mlp_error_hint(err, "%s is a trained model, not a spec: predict with mlppredict %s "
                            "DATA.csv, or train on from it with --init-weights %s", o->config,
                       o->config, o->config);
    /* Standard input is read once: a second reader would find it empty.
     * Refused before anything but the spec is read. */
    if (!st) {
        /* Each named as given: "-", or /dev/stdin, ... (cli_is_stdin). */
        char what[4][512];
        snprintf(what[0], sizeof what[0], "the spec (--config %s)", o->config ? o->config : "");
        data_named(what[1], sizeof what[1], "the training data", "train", spec->train_path,
                   spec->train_folder_len);
        data_named(what[2], sizeof what[2], "the validation data", "validation",
                   spec->validation_path, spec->validation_folder_len);
        snprintf(what[3], sizeof what[3], "the initial weights (--init-weights %s)",
                 o->init_weights ? o->init_weights : "");
        const mlp_named_path inputs[] = {
            {o->config, what[0], NULL},
            {spec->train_path, what[1], NULL},
            {spec->validation_path, what[2], NULL},
            {o->init_weights, what[3], NULL},
        };
        if (!st && cli_check_stdin_once(inputs, sizeof inputs / sizeof *inputs, err))
            st = MLP_ERR_USAGE;
    }
    if (!st) {
        mlp_provenance_init(&d->prov);
        mlp_sha256_digest(*spec_text, *spec_len, d->prov.spec_sha256);
        d->prov.has_spec_sha256 = 1;
        d->prov.threads = (uint32_t)threads;
        d->prov.ranks = (uint32_t)ranks;
        st = mlptrain_apply_options(spec, o, err);
    }
    if (!st) /* what the options change ("shuffle" with -b) is checked with them applied */
        st = mlp_spec_check_options(spec, err);
    /* Read whole by every rank: refused up front when only rank 0 has it. */
    if (!st && ranks > 1)
        st = mlptrain_input_for_ranks(o->init_weights, "--init-weights file", err);
    /* Said at its key in the spec, as the training file's refusal is. */
    if (!st && ranks > 1 &&
        (st = mlptrain_input_for_ranks(spec->validation_path, "validation data", err)))
        mlp_spec_data_error(spec, err);
    return st;
}

/* One invocation, in each process of the run (comm.h): every rank runs
 * the same steps on the same spec and data and takes the same decisions;
 * rank 0 alone prints, and writes the outputs. A step that can fail on one
 * rank alone is followed by an agreement (mlptrain_comm_agree_stop, then
 * mlptrain_comm_agree), so that every rank enters the next collective step
 * or none does, and every rank stops with the same error. */
static int run(int argc, char **argv)
{
    options o = {0};
    mlp_error err;
    mlp_error_clear(&err);
    int threads = 1, who = 0;
    int rc = mlptrain_comm_agree_stop(prelude(argc, argv, &o, &threads, &err), &who);
    if (rc == MLP_EXIT_INTERNAL && who > 0 && who != mlptrain_comm_rank()) {
        /* Out of memory before the spec (the BLAS buffers under ulimit -v):
         * the same command line on a machine, or a limit, of less memory. */
        mlp_error_set(&err, MLP_ERR_NOMEM, NULL, 0, 0,
                      "rank %d of %d ran out of memory before it read the spec (exit status %d), "
                      "and rank 0 did not",
                      who, mlptrain_comm_size(), rc);
        mlp_error_hint(&err, "give that rank's machine more memory or a higher address-space "
                             "limit (ulimit -v); run its command alone, without mpirun, to see "
                             "its message");
        return cli_report(prog, &err);
    }
    if (rc >= 0 && who > 0 && who != mlptrain_comm_rank()) {
        /* Another rank stopped at its command line; its message went nowhere. */
        mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0,
                      "rank %d of %d stopped at its command line with exit status %d, and "
                      "rank 0 did not: the ranks were given different command lines",
                      who, mlptrain_comm_size(), rc);
        mlp_error_hint(&err, "give every rank the same command line (run that rank's alone, "
                             "without mpirun, to see its message)");
        return cli_report(prog, &err);
    }
    if (rc >= 0)
        return rc;
    int ranks = mlptrain_comm_size();
    double tol = o.tolerance > 0 ? o.tolerance : MLP_GRADCHECK_TOLERANCE;

    mlp_spec spec = {0};
    data_sets d = {0};
    mlp_net *net = NULL;
    char *spec_text = NULL;
    size_t spec_len = 0;
    mlp_status st = mlptrain_comm_agree(
        load_spec(&o, threads, &spec, &d, &spec_text, &spec_len, &err), &err);
    /* Every rank has its spec: it must be rank 0's, with rank 0's options. */
    if (!st && ranks > 1)
        st = mlptrain_same_run(&spec, &o, spec_text, spec_len, &err);
    if (!st)
        st = mlptrain_comm_agree(mlptrain_init_read(&spec, o.init_weights, &d, &err), &err);
    if (!st && ranks > 1)
        st = mlptrain_same_init(&d, o.init_weights, &err);
    if (!st)
        st = mlptrain_data_load(&spec, &d, &err);
    if (st) /* a data file that cannot be read, said at its key in the spec */
        mlp_spec_data_error(&spec, &err);
    if (!st)
        st = mlptrain_check_seed(&o, &spec, spec.refit ? d.all_full : d.all_train, &err);
    if (!st && ranks > 1)
        st = mlptrain_check_batch_ranks(&o, &spec, spec.refit ? d.all_full : d.all_train, &err);
    /* The validation split was drawn from the spec's own seed (mlptrain_data.c). */
    uint64_t split_seed = mlp_spec_data_plan(&spec).split_seed;
    if (o.have_seed)
        spec.seed = (uint64_t)o.seed;
    if (!st) {
        net = mlptrain_net_build(&spec, o.init_weights, &d, &err);
        st = mlptrain_comm_agree(net ? MLP_OK : err.code, &err);
    }
    if (st) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.trace && o.trace_epoch > spec.epochs) {
        mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0, "--trace-epoch %ld is after the last epoch, %ld",
                      o.trace_epoch, spec.epochs);
        mlp_error_hint(&err, "give an epoch from 1 to %ld, or train longer with --epochs %ld",
                       spec.epochs, o.trace_epoch);
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.trace_row && mlptrain_trace_row(&spec, &d, split_seed, o.trace_row, &o.trace_train_row,
                                          &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    if (o.gradcheck) {
        rc = mlptrain_gradcheck_config(&spec, net, &d, tol, o.quiet);
        goto out;
    }
    if (o.lr_scan &&
        !(mlp_optimizer_info_of(spec.optimizer.kind)->flags & MLP_OPT_FLAG_LEARNING_RATE)) {
        /* irprop- adapts a step per weight: no rate to scan. What helps is
         * an optimizer that has one, not --help. */
        mlp_error_set(&err, MLP_ERR_USAGE, NULL, 0, 0,
                      "--lr-scan tries learning rates, which optimizer \"%s\" does not use",
                      mlp_optimizer_name(spec.optimizer.kind));
        mlp_error_hint(&err, "it adapts a step size per weight; to scan rates, give a copy of the "
                             "spec \"optimizer\": {\"name\": \"adam\"} (or gd, momentum)");
        rc = cli_report(prog, &err);
        goto out;
    }
    /* --check answers for the run this command line would make: its outputs
     * too, checked as training checks them before the first epoch. */
    if (o.check && mlptrain_check_outputs(&o, &spec, net, &err)) {
        rc = cli_report(prog, &err);
        goto out;
    }
    mlp_rate_advice advice = {0};
    rc = mlptrain_preflight(&o, &spec, &d, net, &advice);
    if (rc >= 0 || o.check)
        goto out;
    /* The table and its text were kept for the check only, and every row
     * of a split for the check and the refit. */
    mlp_csv_free(&d.csv);
    free(d.csv_text);
    d.csv_text = NULL;
    if (!d.have_full) {
        mlp_dataset_free(&d.full);
        mlp_schema_free(&d.full_schema);
    }
    if (o.lr_scan) {
        rc = mlptrain_lr_scan(&o, &spec, net, &d);
    } else {
        /* Under mpirun each rank fits on its share of the rows. */
        if (ranks > 1)
            mlptrain_data_slice(&d, mlptrain_comm_rank(), ranks);
        rc = mlptrain_train(&o, &spec, net, &d, &advice);
    }
out:
    free(spec_text);
    mlp_net_free(net);
    mlptrain_data_free(&d);
    mlp_spec_free(&spec);
    return rc;
}

int main(int argc, char **argv)
{
    mlp_memlimit_reexec(argv); /* first: under `ulimit -v`, OpenBLAS without worker threads */
    mlp_blas_init(argv); /* may re-execute on a better BLAS core (mlp/blas.h) */
    mlp_signals_install(prog); /* SIGINT, SIGTERM, SIGHUP: a message, no temporary left */
    /* Under mpirun: this process is one rank of the job (comm.h). */
    mlp_error err;
    mlp_error_clear(&err);
    if (mlptrain_comm_start(&argc, &argv, &err))
        return cli_report(prog, &err);
    if (mlptrain_comm_rank() == 0) /* once for the job, not once a rank */
        cli_environment_warnings(prog);
    /* Standard output checked before the ranks agree on the status, closed after. */
    return cli_exit(prog, mlptrain_comm_end(cli_check_stdout(prog, run(argc, argv))));
}
