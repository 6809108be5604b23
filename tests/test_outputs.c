/* SPDX-License-Identifier: MIT */
/* test_outputs.c: the output plan and the writing of a run's outputs
 * (outputs.h): files compared by identity, not by spelling; the weights
 * and the loss log appear together or not at all, nothing is left behind;
 * two processes writing the same outputs leave one whole pair. */
#define _XOPEN_SOURCE 700 /* symlink, mkdtemp */
#define _DEFAULT_SOURCE   /* flock */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mlp/outputs.h"
#include "mlp/weights.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/mlp-test-outputs-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (unlink(p) != 0)
                rmdir(p); /* an empty trace folder a failed test left */
        }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static const char *at(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static size_t entries(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    closedir(d);
    return n;
}

static void one_file_under_two_names_should_be_refused(void **state)
{
    (void)state;
    put(at("data.csv"), "x,y\n1,0\n");
    assert_int_equal(symlink(at("data.csv"), at("link.csv")), 0);
    assert_int_equal(link(at("data.csv"), at("hard.csv")), 0);
    mlp_named_path in[] = {{at("data.csv"), "training data", NULL}, {NULL, "spec", NULL}};
    mlp_error err;
    char up[128];
    snprintf(up, sizeof up, "../%s/data.csv", strrchr(dir, '/') + 1);
    const char *same[] = {"data.csv", "link.csv", "hard.csv", "./data.csv", up};
    char spelled[256];
    for (size_t k = 0; k < sizeof same / sizeof *same; k++) {
        snprintf(spelled, sizeof spelled, "%s/%s", dir, same[k]);
        mlp_named_path out[] = {{spelled, "weights", "--weights"}};
        assert_int_equal(mlp_outputs_check_paths(out, 1, in, 2, &err), MLP_ERR_USAGE);
        assert_string_equal(err.path, spelled);
        char want[400];
        snprintf(want, sizeof want, "the weights would overwrite the training data (%s)",
                 at("data.csv"));
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, "give --weights another path");
    }
    /* Two outputs that do not exist yet: the same name in the same folder. */
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/new.bin", dir);
    snprintf(b, sizeof b, "%s/./new.bin", dir);
    mlp_named_path outs[] = {{a, "weights", "--weights"}, {b, "loss log", "--loss-log"}};
    assert_int_equal(mlp_outputs_check_paths(outs, 2, NULL, 0, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the weights and the loss log would be written to the same file");
    assert_string_equal(err.hint, "give --weights and --loss-log different paths");
    /* Different files pass; unused entries are skipped. */
    snprintf(b, sizeof b, "%s/new.csv", dir);
    mlp_named_path fine[] = {{a, "weights", "--weights"}, {b, "loss log", "--loss-log"},
                             {NULL, "trace", "--trace"}};
    assert_int_equal(mlp_outputs_check_paths(fine, 3, in, 2, &err), MLP_OK);
}

/* An output through a dangling link is the file the link leads to: the
 * other output of that name is refused (the log was lost under the
 * weights). A character device is never one file: /dev/null takes both. */
static void a_dangling_link_is_its_target_and_a_device_is_no_file(void **state)
{
    (void)state;
    assert_int_equal(symlink("x.bin", at("dl")), 0); /* x.bin does not exist */
    char target[256];
    snprintf(target, sizeof target, "%s", at("x.bin"));
    mlp_named_path outs[] = {{at("dl"), "weights", "--weights"}, {target, "loss log", "--loss-log"}};
    mlp_error err;
    assert_int_equal(mlp_outputs_check_paths(outs, 2, NULL, 0, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the weights and the loss log would be written to the same file");
    /* A link to a link to it, and a link to another name, which is not it. */
    assert_int_equal(symlink("dl", at("dl2")), 0);
    outs[0].path = at("dl2");
    assert_int_equal(mlp_outputs_check_paths(outs, 2, NULL, 0, &err), MLP_ERR_USAGE);
    assert_int_equal(symlink("y.bin", at("other")), 0);
    outs[0].path = at("other");
    assert_int_equal(mlp_outputs_check_paths(outs, 2, NULL, 0, &err), MLP_OK);
    /* /dev/null as both outputs discards both. */
    mlp_named_path null[] = {{"/dev/null", "weights", "--weights"},
                             {"/dev/null", "loss log", "--loss-log"}};
    assert_int_equal(mlp_outputs_check_paths(null, 2, NULL, 0, &err), MLP_OK);
}

/* fd now reads or writes path (saved first, into *saved); -1 on failure. */
static int redirect(int fd, const char *path, int flags, int *saved)
{
    fflush(stdout);
    int f = open(path, flags, 0600);
    *saved = dup(fd);
    if (f < 0 || *saved < 0 || dup2(f, fd) < 0)
        return -1;
    close(f);
    return 0;
}

static void restore(int fd, int saved)
{
    fflush(stdout);
    dup2(saved, fd);
    close(saved);
}

/* "-" is the file open on its descriptor: for an input, standard input,
 * so an output that is the file it is redirected from is refused (the
 * input "-" was skipped: `mlppredict m.bin - -o in.csv < in.csv` replaced
 * in.csv); for an output, standard output, so /dev/stdout beside it is the
 * same file (it was not, and one of the two outputs was lost) unless it is
 * a character device, which both write through. */
static void a_standard_stream_should_be_the_file_it_is_open_on(void **state)
{
    (void)state;
    put(at("in.csv"), "x,y\n1,0\n");
    int saved;
    mlp_error err;
    assert_int_equal(redirect(STDIN_FILENO, at("in.csv"), O_RDONLY, &saved), 0);
    mlp_named_path in[] = {{"-", "input", NULL}};
    mlp_named_path out[] = {{at("in.csv"), "predictions", "--output"}};
    mlp_status st = mlp_outputs_check_paths(out, 1, in, 1, &err);
    mlp_error err_other;
    mlp_named_path other[] = {{at("out.csv"), "predictions", "--output"}};
    mlp_status st_other = mlp_outputs_check_paths(other, 1, in, 1, &err_other);
    restore(STDIN_FILENO, saved);
    assert_int_equal(st, MLP_ERR_USAGE);
    assert_string_equal(err.path, at("in.csv"));
    assert_string_equal(err.message, "the predictions would overwrite the input (<stdin>)");
    assert_string_equal(err.hint, "give --output another path");
    assert_int_equal(st_other, MLP_OK);

    mlp_named_path outs[] = {{"-", "weights", "--weights"}, {"/dev/stdout", "loss log", "--loss-log"}};
    assert_int_equal(redirect(STDOUT_FILENO, at("both.out"), O_WRONLY | O_CREAT, &saved), 0);
    st = mlp_outputs_check_paths(outs, 2, NULL, 0, &err);
    restore(STDOUT_FILENO, saved);
    assert_int_equal(st, MLP_ERR_USAGE);
    assert_string_equal(err.message, "the weights and the loss log would be written to the same file");
    assert_int_equal(redirect(STDOUT_FILENO, "/dev/null", O_WRONLY, &saved), 0);
    st = mlp_outputs_check_paths(outs, 2, NULL, 0, &err);
    restore(STDOUT_FILENO, saved);
    assert_int_equal(st, MLP_OK);
    /* Two "-" are one file, whatever standard output is. */
    outs[1].path = "-";
    assert_int_equal(mlp_outputs_check_paths(outs, 2, NULL, 0, &err), MLP_ERR_USAGE);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* The check never opens a FIFO: its reader would take the open and close
 * for the end of the data, and without a reader the open blocks (here an
 * alarm cuts it short after 2 s: the check failed with EINTR). */
static void the_check_should_not_open_a_fifo(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(at("log.fifo"), 0600), 0);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: a blocked open returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);
    alarm(2);
    mlp_error err;
    mlp_status st = mlp_outputs_check_writable(at("log.fifo"), &err);
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    assert_int_equal(st, MLP_OK);
    assert_int_equal(entries(), 1); /* no temporary file beside it */
    /* A FIFO that cannot be written is still reported. */
    if (geteuid() != 0) {
        assert_int_equal(chmod(at("log.fifo"), 0400), 0);
        assert_int_equal(mlp_outputs_check_writable(at("log.fifo"), &err), MLP_ERR_IO);
        assert_string_equal(err.message, "cannot write: Permission denied");
    }
}

/* A 2-1 network and its schema, enough to write a weights file. */
typedef struct {
    mlp_net *net;
    mlp_schema schema;
    char *names[2], *targets[1];
} model;

static void make_model(model *m)
{
    const size_t sizes[2] = {2, 1};
    const mlp_activation acts[1] = {MLP_ACT_SIGMOID};
    m->net = mlp_net_create(1, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, NULL);
    assert_non_null(m->net);
    mlp_net_init(m->net, MLP_INIT_XAVIER, 1);
    m->names[0] = "a";
    m->names[1] = "b";
    m->targets[0] = "y";
    m->schema = (mlp_schema){.n_features = 2, .feature_names = m->names, .names_from_header = 1,
                             .n_targets = 1, .target_names = m->targets, .n_outputs = 1};
}

static mlp_losslog *make_log(int rows)
{
    mlp_losslog_columns cols = {0};
    mlp_losslog *log = mlp_losslog_create(&cols, NULL);
    assert_non_null(log);
    for (int k = 1; k <= rows; k++) {
        mlp_epoch_stats s = {.epoch = k, .loss = 1.0 / k};
        assert_int_equal(mlp_losslog_append(log, &s, NULL), MLP_OK);
    }
    return log;
}

static void both_outputs_should_be_written_with_nothing_left_behind(void **state)
{
    (void)state;
    model m;
    make_model(&m);
    mlp_losslog *log = make_log(3);
    mlp_outputs out = {.weights_path = at("w.bin"), .net = m.net, .schema = &m.schema,
                       .loss_path = at("l.csv"), .log = log};
    mlp_error err;
    assert_int_equal(mlp_outputs_write(&out, &err), MLP_OK);
    const char *text;
    size_t len;
    assert_int_equal(mlp_losslog_text(log, &text, &len, &err), MLP_OK);
    assert_int_equal(strncmp(text, "epoch,loss\n1,1\n2,0.5\n3,0.333", 28), 0);
    assert_string_equal(slurp(at("l.csv")), text); /* the file holds the log's text */
    mlp_net *back = NULL;
    mlp_schema sc = {0};
    assert_int_equal(mlp_weights_read(at("w.bin"), &back, &sc, &err), MLP_OK);
    assert_memory_equal(back->params, m.net->params, m.net->n_params * sizeof(double));
    assert_int_equal(entries(), 2);
    mlp_net_free(back);
    mlp_schema_free(&sc);
    /* Without weights (a diverged run) only the log is written. */
    unlink(at("w.bin"));
    out.weights_path = NULL;
    assert_int_equal(mlp_outputs_write(&out, &err), MLP_OK);
    assert_null(slurp(at("w.bin")));
    assert_int_equal(entries(), 1);
    mlp_losslog_abort(log);
    mlp_net_free(m.net);
}

/* outputs.h: a NULL that a path needs is refused with MLP_ERR_USAGE and
 * nothing is written; a NULL log was dereferenced (a crash). */
static void a_null_net_or_log_should_be_refused_before_anything_is_written(void **state)
{
    (void)state;
    model m;
    make_model(&m);
    mlp_losslog *log = make_log(2);
    char w[256], l[256]; /* at()'s buffers are reused */
    snprintf(w, sizeof w, "%s", at("w.bin"));
    snprintf(l, sizeof l, "%s", at("l.csv"));
    put(w, "old weights");
    mlp_outputs out = {.weights_path = w, .net = m.net, .schema = &m.schema, .loss_path = l,
                       .log = NULL};
    mlp_error err;
    assert_int_equal(mlp_outputs_write(&out, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_outputs_write: the loss log is NULL");
    assert_null(slurp(l));
    assert_string_equal(slurp(w), "old weights");
    out.log = log;
    out.net = NULL;
    assert_int_equal(mlp_outputs_write(&out, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "cannot save the model: the network is NULL");
    assert_string_equal(err.path, w);
    assert_null(slurp(l));
    assert_string_equal(slurp(w), "old weights");
    assert_int_equal(entries(), 1); /* no temporary file */
    mlp_losslog_abort(log);
    mlp_net_free(m.net);
}

static void a_failing_log_should_leave_the_old_weights(void **state)
{
    (void)state;
    model m;
    make_model(&m);
    mlp_losslog *log = make_log(2);
    put(at("w.bin"), "old weights");
    mlp_outputs out = {.weights_path = at("w.bin"), .net = m.net, .schema = &m.schema,
                       .loss_path = "/dev/full", .log = log};
    mlp_error err;
    assert_int_equal(mlp_outputs_write(&out, &err), MLP_ERR_IO);
    assert_string_equal(err.path, "/dev/full");
    assert_string_equal(slurp(at("w.bin")), "old weights");
    assert_int_equal(entries(), 1); /* the weights' temporary file is gone */
    /* A missing folder for the log: the same. */
    out.loss_path = at("nodir/l.csv");
    assert_int_equal(mlp_outputs_write(&out, &err), MLP_ERR_IO);
    assert_string_equal(slurp(at("w.bin")), "old weights");
    assert_int_equal(entries(), 1);
    mlp_losslog_abort(log);
    mlp_net_free(m.net);
}

/* Two processes write their pairs to the same two files many times; at the
 * end the log names the same writer as the weights. */
static void concurrent_writers_should_leave_one_whole_pair(void **state)
{
    (void)state;
    for (int trial = 0; trial < 20; trial++) {
        pid_t pid[2];
        for (int w = 0; w < 2; w++) {
            pid[w] = fork();
            assert_true(pid[w] >= 0);
            if (pid[w] == 0) {
                model m;
                make_model(&m);
                mlp_net_init(m.net, MLP_INIT_XAVIER, (uint64_t)w + 1);
                mlp_losslog *log = make_log(w + 1); /* writer w logs w + 1 rows */
                mlp_outputs out = {.weights_path = at("w.bin"), .net = m.net,
                                   .schema = &m.schema, .loss_path = at("l.csv"), .log = log};
                int bad = 0;
                for (int k = 0; k < 20; k++)
                    bad |= mlp_outputs_write(&out, NULL) != MLP_OK;
                _exit(bad);
            }
        }
        for (int w = 0; w < 2; w++) {
            int status;
            waitpid(pid[w], &status, 0);
            assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        mlp_net *back = NULL;
        mlp_schema sc = {0};
        assert_int_equal(mlp_weights_read(at("w.bin"), &back, &sc, NULL), MLP_OK);
        model m;
        make_model(&m);
        int rows = 0;
        for (const char *c = slurp(at("l.csv")); *c; c++)
            rows += *c == '\n';
        mlp_net_init(m.net, MLP_INIT_XAVIER, (uint64_t)(rows - 1));
        assert_memory_equal(back->params, m.net->params, m.net->n_params * sizeof(double));
        assert_int_equal(entries(), 2);
        mlp_net_free(back);
        mlp_schema_free(&sc);
        mlp_net_free(m.net);
    }
}

/* A run that names the weights through a link in another folder
 * (sub/w.bin -> ../w.bin) takes the lock of the folder the link leads to,
 * the one a run naming w.bin itself takes: while that lock is held it
 * waits, nothing renamed. It locked the link's folder and renamed at once,
 * so two such runs could leave the log of one beside the weights of the
 * other. */
static void a_link_to_the_weights_should_lock_the_folder_of_its_target(void **state)
{
    (void)state;
    assert_int_equal(mkdir(at("sub"), 0700), 0);
    assert_int_equal(symlink("../w.bin", at("sub/w.bin")), 0);
    int held = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(held >= 0);
    assert_int_equal(flock(held, LOCK_EX), 0);
    char link_path[256], log_path[256];
    snprintf(link_path, sizeof link_path, "%s", at("sub/w.bin"));
    snprintf(log_path, sizeof log_path, "%s", at("l.csv"));
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(held); /* the lock stays with the parent's descriptor */
        model m;
        make_model(&m);
        mlp_losslog *log = make_log(2);
        mlp_outputs out = {.weights_path = link_path, .net = m.net, .schema = &m.schema,
                           .loss_path = log_path, .log = log};
        _exit(mlp_outputs_write(&out, NULL) != MLP_OK);
    }
    /* Half a second: the write of two small files takes milliseconds. */
    int status = 0, done = 0;
    for (int k = 0; k < 50 && !done; k++) {
        done = waitpid(pid, &status, WNOHANG) == pid;
        if (!done)
            usleep(10000);
    }
    int waited = !done;
    int untouched = slurp(at("w.bin")) == NULL && slurp(at("l.csv")) == NULL;
    flock(held, LOCK_UN);
    close(held);
    if (!done)
        waitpid(pid, &status, 0);
    int unlinked = unlink(at("sub/w.bin")) == 0 && rmdir(at("sub")) == 0;
    assert_true(unlinked);
    assert_true(waited);
    assert_true(untouched);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    mlp_net *back = NULL;
    mlp_schema sc = {0};
    assert_int_equal(mlp_weights_read(at("w.bin"), &back, &sc, NULL), MLP_OK);
    assert_int_equal(strncmp(slurp(at("l.csv")), "epoch,loss\n1,1\n2,0.5\n", 21), 0);
    mlp_net_free(back);
    mlp_schema_free(&sc);
}

/* The names in folder d, sorted, one per line (dot files included: a
 * temporary file beside an output starts with a dot). */
static char *listing(const char *d)
{
    static char buf[4096];
    char *names[64];
    size_t n = 0;
    DIR *dp = opendir(d);
    assert_non_null(dp);
    struct dirent *e;
    while ((e = readdir(dp)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(dp);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strncat(buf, names[i], sizeof buf - strlen(buf) - 2);
        strcat(buf, "\n");
        free(names[i]);
    }
    return buf;
}

/* One layer, 2 inputs to 1 sigmoid output: a CSV trace of it writes
 * index.csv, 01_X, 02_T, 03_W1, 04_b1, 05_Z1, 06_A1, 07_loss, 08_dZ1,
 * 09_dW1, 10_db1 (trace.h's order of the steps), with l2 > 0 11_penalty
 * and 12_gW1, and initial_W1 and initial_b1. */
static mlp_net *one_layer_net(void)
{
    const size_t sizes[2] = {2, 1};
    const mlp_activation acts[1] = {MLP_ACT_SIGMOID};
    mlp_net *net = mlp_net_create(1, sizes, acts, MLP_LOSS_BINARY_CROSS_ENTROPY, NULL);
    assert_non_null(net);
    mlp_net_init(net, MLP_INIT_XAVIER, 1);
    return net;
}

/* The plan of a run: inputs spec.json and data.csv (made here), outputs
 * w.bin, l.csv and a JSON trace t.json in the test's folder. */
static mlp_outputs_plan plan_of_run(void)
{
    put(at("spec.json"), "{}\n");
    put(at("data.csv"), "a,b,y\n0,1,1\n");
    static char paths[5][256];
    const char *names[5] = {"w.bin", "l.csv", "t.json", "spec.json", "data.csv"};
    for (int k = 0; k < 5; k++)
        snprintf(paths[k], sizeof paths[k], "%s/%s", dir, names[k]);
    return (mlp_outputs_plan){.weights = paths[0], .loss_log = paths[1], .trace = paths[2],
                              .spec = paths[3], .train = paths[4]};
}

static void a_plan_with_an_output_over_an_input_should_be_refused(void **state)
{
    (void)state;
    mlp_outputs_plan p = plan_of_run();
    char init[256];
    snprintf(init, sizeof init, "%s/init.bin", dir);
    put(init, "weights to start from\n");
    p.init_weights = init;
    mlp_error err;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    /* The loss log over the initial weights: the message names the output
     * (its path and what it is) and the input (what it is and its path). */
    p.loss_log = init;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    assert_string_equal(err.path, init);
    char want[400];
    snprintf(want, sizeof want, "the loss log would overwrite the initial weights (%s)", init);
    assert_string_equal(err.message, want);
    assert_string_equal(err.hint, "give --loss-log another path");
    /* The trace over the spec, spelled otherwise. */
    p.loss_log = NULL;
    char spelled[256];
    snprintf(spelled, sizeof spelled, "%s/./spec.json", dir);
    p.trace = spelled;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    snprintf(want, sizeof want, "the trace would overwrite the spec (%s)", p.spec);
    assert_string_equal(err.message, want);
    assert_string_equal(err.path, spelled);
}

static void a_plan_with_two_outputs_in_one_file_should_be_refused(void **state)
{
    (void)state;
    mlp_outputs_plan p = plan_of_run();
    p.loss_log = p.weights; /* neither exists yet */
    mlp_error err;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the weights and the loss log would be written to the same file");
    assert_string_equal(err.hint, "give --weights and --loss-log different paths");
    assert_string_equal(err.path, p.weights);
    assert_int_equal(access(p.weights, F_OK), -1); /* nothing written */
}

/* The files of a CSV trace are outputs too, named from the network and
 * the l2 penalty alone, before the folder exists. */
static void a_csv_trace_s_files_should_be_outputs_of_the_plan(void **state)
{
    (void)state;
    mlp_net *net = one_layer_net();
    mlp_outputs_plan p = plan_of_run();
    char tr[256], file[300];
    snprintf(tr, sizeof tr, "%s/tr", dir);
    p.trace = tr;
    p.trace_format = "csv";
    p.net = net;
    mlp_error err;
    snprintf(file, sizeof file, "%s/tr/index.csv", dir);
    p.weights = file;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the weights and the trace would be written to the same file");
    assert_string_equal(err.hint, "give --weights and --trace different paths");
    assert_int_equal(access(tr, F_OK), -1); /* the folder was not made */
    /* The gradient with the penalty has a file only when there is one (the
     * folder made, for the weights in it to be writable). */
    assert_int_equal(mkdir(tr, 0700), 0);
    snprintf(file, sizeof file, "%s/tr/12_gW1.csv", dir);
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    p.l2 = 0.1;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "the weights and the trace would be written to the same file");
    /* A JSON trace at that path is the folder itself, not its files. */
    p.trace_format = "json";
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_IO);
    assert_string_equal(err.path, tr);
    assert_int_equal(rmdir(tr), 0);
    /* A CSV trace needs the network its files are named after. */
    p.trace_format = "csv";
    p.net = NULL;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    assert_non_null(strstr(err.message, "NULL"));
    assert_int_equal(mlp_outputs_check_plan(NULL, &err), MLP_ERR_USAGE);
    assert_string_equal(err.message, "mlp_outputs_check_plan: the plan is NULL");
    mlp_net_free(net);
}

static void a_plan_with_an_unwritable_folder_should_be_refused(void **state)
{
    (void)state;
    mlp_net *net = one_layer_net();
    mlp_outputs_plan p = plan_of_run();
    char missing[256];
    snprintf(missing, sizeof missing, "%s/nodir/l.csv", dir);
    p.loss_log = missing;
    mlp_error err;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_IO);
    assert_string_equal(err.path, missing);
    assert_non_null(strstr(err.message, "No such file or directory"));
    /* A folder that is a file: no trace folder can be made in it. */
    char tr[256];
    snprintf(tr, sizeof tr, "%s/data.csv/tr", dir);
    p.loss_log = NULL;
    p.trace = tr;
    p.trace_format = "csv";
    p.net = net;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_IO);
    assert_string_equal(err.path, tr);
    assert_string_equal(listing(dir), "data.csv\nspec.json\n");
    /* In a trace folder that exists, a file of the trace that cannot be
     * replaced (a folder in its place) is found before training. */
    char index[300];
    snprintf(tr, sizeof tr, "%s/tr", dir);
    snprintf(index, sizeof index, "%s/index.csv", tr);
    assert_int_equal(mkdir(tr, 0700), 0);
    assert_int_equal(mkdir(index, 0700), 0);
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_IO);
    assert_string_equal(err.path, index);
    assert_int_equal(rmdir(index), 0);
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    assert_string_equal(listing(tr), "");
    assert_int_equal(rmdir(tr), 0);
    mlp_net_free(net);
}

/* Every output checked, the JSON trace and a CSV trace in a folder that
 * exists: nothing is made, nothing is left, not even a dot file. */
static void a_checked_plan_should_leave_the_folder_as_it_was(void **state)
{
    (void)state;
    mlp_net *net = one_layer_net();
    mlp_outputs_plan p = plan_of_run();
    put(p.weights, "previous weights\n");
    char before[4096];
    snprintf(before, sizeof before, "%s", listing(dir));
    mlp_error err;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    assert_string_equal(listing(dir), before);
    assert_string_equal(slurp(p.weights), "previous weights\n");
    char tr[256];
    snprintf(tr, sizeof tr, "%s/tr", dir);
    p.trace = tr;
    p.trace_format = "csv";
    p.net = net;
    p.l2 = 0.1;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    assert_string_equal(listing(dir), before); /* no folder tr made */
    assert_int_equal(mkdir(tr, 0700), 0);
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    assert_string_equal(listing(tr), "");
    assert_int_equal(rmdir(tr), 0);
    mlp_net_free(net);
}

/* A path left NULL is no file of this run: not compared, not checked. */
static void a_null_path_in_the_plan_should_be_skipped(void **state)
{
    (void)state;
    mlp_outputs_plan p = plan_of_run();
    p.loss_log = NULL; /* two NULL outputs are not one file */
    p.trace = NULL;
    p.spec = NULL;
    mlp_error err;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    mlp_outputs_plan none = {0};
    assert_int_equal(mlp_outputs_check_plan(&none, &err), MLP_OK);
    /* The only output NULL: the input it would overwrite is not an output's. */
    p.weights = NULL;
    p.trace = p.train;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_ERR_USAGE);
    p.trace = NULL;
    assert_int_equal(mlp_outputs_check_plan(&p, &err), MLP_OK);
    assert_string_equal(listing(dir), "data.csv\nspec.json\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(one_file_under_two_names_should_be_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_dangling_link_is_its_target_and_a_device_is_no_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_standard_stream_should_be_the_file_it_is_open_on, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_check_should_not_open_a_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(both_outputs_should_be_written_with_nothing_left_behind,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_null_net_or_log_should_be_refused_before_anything_is_written, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failing_log_should_leave_the_old_weights, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_link_to_the_weights_should_lock_the_folder_of_its_target,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(concurrent_writers_should_leave_one_whole_pair, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_plan_with_an_output_over_an_input_should_be_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_plan_with_two_outputs_in_one_file_should_be_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_csv_trace_s_files_should_be_outputs_of_the_plan, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_plan_with_an_unwritable_folder_should_be_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_checked_plan_should_leave_the_folder_as_it_was, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_null_path_in_the_plan_should_be_skipped, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
