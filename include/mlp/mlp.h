/* SPDX-License-Identifier: MIT */
/* mlp.h: the whole library in one include, and its version.
 *
 *     #include <mlp/mlp.h>
 *
 * brings in every public header (each can also be included alone) and the
 * version of the headers the program was compiled against. Build with
 * `pkg-config --cflags --libs mlp` or, in CMake, `find_package(mlp)` and
 * `target_link_libraries(app PRIVATE mlp::mlp)`; docs/install.md has both.
 *
 * The macros below are the version of these headers; mlp_version() is the
 * version of the library the program runs with. tests/test_version.c keeps
 * the macros equal to project(VERSION) in CMakeLists.txt.
 */
/* NULL arguments, one rule for the whole library: a pointer argument must
 * not be NULL unless its function's comment says it may be (`err` may
 * always be NULL, and every *_free takes NULL). Passing NULL anyway is a
 * mistake of the calling program, not bad input; still, the functions that
 * take a program's objects and names from outside (mlp_net_create,
 * mlp_workspace_create, mlp_net_predict, mlp_csv_parse, mlp_csv_read,
 * mlp_csv_find_column, mlp_dataset_build, mlp_dataset_with_schema,
 * mlp_train_run, mlp_fit_run, mlp_predict_run, mlp_weights_read,
 * mlp_weights_write, mlp_grid_parse, mlp_spec_load, mlp_spec_parse,
 * mlp_spec_builtin_xor, mlp_spec_check_options, mlp_spec_override,
 * mlp_dataset_from_csv, mlp_dataset_from_csv_split) refuse it with MLP_ERR_USAGE naming
 * the argument (mlp_csv_find_column: -1) rather than crash. The passes
 * (mlp_net_forward, mlp_net_gradient, ...) do not check for NULL: they run
 * in loops, on objects these functions made (they do refuse a workspace
 * made for a network of another shape: net.h). */
/* Threads, one rule for the whole library: an object (a network, workspace,
 * pool, spec, table, data set, schema, loss log) is used by one thread at a
 * time, and a function that takes it const only reads it. So threads of a
 * program may call the library at the same time on objects of their own
 * (each reads its own files and trains its own network with mlp_train_run
 * or mlp_fit_run), and may share an object that every one of them only
 * reads (a network evaluated or predicted by several threads, each with its
 * own workspace: net.h). What is the process's, not an object's: the BLAS's
 * thread count (mlp_pool_set_blas_threads, pool.h: set once at start-up;
 * passes of several threads at once keep it), the start-up of mlp_blas_init
 * (blas.h: first thing in main), the BLAS self-test (mlp_blas_selftest,
 * blas.h: calls of several threads take turns), and the list of temporary files that a
 * program's signal handler removes (mlp_signals_remove_temps, signals.h:
 * async-signal-safe), which the atomic writes of files (mlp_weights_write,
 * mlp_outputs_write, ...) keep: threads may write files at once (each takes
 * its own entry, lock-free), every temporary file alive at once is listed
 * (the list grows in blocks of 16; a write that cannot grow it fails with
 * MLP_ERR_NOMEM rather than leave its file unlisted). Texts the library
 * returns for the process are safe from any thread: mlp_version_text and
 * mlp_blas_describe (a buffer per thread). Two things are cJSON's: its
 * cJSON_Version() prints into a static buffer of cJSON's; mlp calls it once
 * (the first mlp_version_text), so a program that calls it itself should
 * not do so while another thread makes the first --version text. And its
 * allocator hooks (cJSON_InitHooks) are the program's: mlp never sets them
 * and parses a spec with the ones set (spec.h), so a program sets its own
 * before it calls mlp and keeps them while a spec is loaded. */
#ifndef MLP_MLP_H
#define MLP_MLP_H

#include <stddef.h>

#include "mlp/activation.h"
#include "mlp/blas.h"
#include "mlp/csv.h"
#include "mlp/dataset.h"
#include "mlp/diagnose.h"
#include "mlp/error.h"
#include "mlp/finding.h"
#include "mlp/fit.h"
#include "mlp/gradcheck.h"
#include "mlp/grid.h"
#include "mlp/loss.h"
#include "mlp/losslog.h"
#include "mlp/lrscan.h"
#include "mlp/net.h"
#include "mlp/npz.h"
#include "mlp/outputs.h"
#include "mlp/parts.h"
#include "mlp/optimizer.h"
#include "mlp/pool.h"
#include "mlp/predict.h"
#include "mlp/preflight.h"
#include "mlp/progress.h"
#include "mlp/schedule.h"
#include "mlp/signals.h"
#include "mlp/spec.h"
#include "mlp/trace.h"
#include "mlp/train.h"
#include "mlp/weights.h"

#define MLP_VERSION_MAJOR 0
#define MLP_VERSION_MINOR 1
#define MLP_VERSION_PATCH 0
#define MLP_VERSION_STRING "0.1.0"
/* One number that grows with every release, for #if: 0.1.0 is 100. */
#define MLP_VERSION_NUMBER (MLP_VERSION_MAJOR * 10000 + MLP_VERSION_MINOR * 100 + MLP_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library the program runs with, as "MAJOR.MINOR.PATCH".
 * With the shared library it can differ from MLP_VERSION_STRING, the version
 * the program was compiled against; the major numbers must agree. */
const char *mlp_version(void);

/* The text of `PROG --version`, GNU style, one line each:
 *
 *     mlptrain (mlp) 0.1.0
 *     BLAS: OpenBLAS 0.3.21, core Zen (OpenBLAS's choice)
 *     OpenBLAS build: NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64
 *     cJSON 1.7.15
 *     Copyright (C) 2026 The mlp developers.
 *     License MIT: <https://opensource.org/licenses/MIT>.
 *     This is free software: you are free to change and redistribute it.
 *     There is NO WARRANTY, to the extent permitted by law.
 *
 * The BLAS lines are what the running OpenBLAS reports of itself (version,
 * the core, i.e. the kernel set, it runs on and why: mlp_blas_describe() of
 * mlp/blas.h; its build options), so they name the library actually loaded,
 * not the one compiled against. Writes at most cap
 * bytes to buf, always NUL-terminated when cap > 0, and returns the length
 * of the whole text (as snprintf does: a return >= cap means it was cut). */
size_t mlp_version_text(const char *prog, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
