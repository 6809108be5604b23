#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""mlp's plain config (configs/sklearn/<set>.json) against scikit-learn's
MLPClassifier / MLPRegressor with their defaults, on the small real data sets
that scikit-learn ships (no network). Owns the split (one stratified 75/25
split per set, written to CSV; both tools train and test on exactly those
rows), the runs (one per seed and tool) and the Markdown table. Run it through
scripts/sklearn_compare.sh, which builds mlp and names the programs; see
docs/benchmarks.md.

    usage: scripts/sklearn_compare.py --mlptrain PROGRAM --mlppredict PROGRAM --work DIR
                                      [--seeds N] [--sets A,B,...] [--batch-size B]
                                      [--holdout K] [--configs DIR]
      --mlptrain, --mlppredict  the programs to run
      --work DIR      folder for the split CSVs, models and results.csv
      --seeds N       seeds 1..N for each tool [5]
      --sets LIST     only these sets, comma-separated [all of them]
      --batch-size B  also run mlp's plain config with --batch-size B
      --holdout K     K-fold held-out scores of mlp's config on the training splits only
      --configs DIR   the configs <set>.json [configs/sklearn]

Needs numpy and scikit-learn: /usr/bin/python3 with Debian's python3-sklearn.
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
import cli_usage  # noqa: E402  (--help and the one form of a usage error)

# numpy and scikit-learn are imported where they are used, once the command
# line has been read: --help and a usage error need neither, and a Python
# without them is told so (cli_usage.Usage.need) instead of a traceback.
# name -> (loader of sklearn.datasets, task); every loader reads files installed
# with scikit-learn.
SETS = {
    "iris": ("load_iris", "classification"),
    "wine": ("load_wine", "classification"),
    "breast_cancer": ("load_breast_cancer", "classification"),
    "digits": ("load_digits", "classification"),
    "diabetes": ("load_diabetes", "regression"),
}
SPLIT_SEED = 0  # random_state of the one train/test split per set
TEST_SIZE = 0.25  # scikit-learn's default share of train_test_split


def write_split(name, task, out_dir):
    """Splits the set once and writes <name>.train.csv and <name>.test.csv:
    x1..xN then the target (label: integer class; y: the number), every value
    as repr() so it reads back to the same double. Returns the arrays."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    loader, _ = SETS[name]
    x, y = getattr(datasets, loader)(return_X_y=True)
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=TEST_SIZE, random_state=SPLIT_SEED,
        stratify=y if task == "classification" else None)
    for part, xs, ys in (("train", x_tr, y_tr), ("test", x_te, y_te)):
        write_rows(os.path.join(out_dir, f"{name}.{part}.csv"), xs, ys, task)
    return x_tr, x_te, y_tr, y_te


def write_rows(path, xs, ys, task):
    """x1..xN then the target (label or y), each value as repr()."""
    target = "label" if task == "classification" else "y"
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([f"x{j + 1}" for j in range(xs.shape[1])] + [target])
        for row, t in zip(xs, ys):
            w.writerow([repr(float(v)) for v in row]
                       + [str(int(t)) if task == "classification" else repr(float(t))])


def score(task, y_true, y_pred):
    """accuracy (classification) or (R^2, MSE) (regression), as a dict."""
    from sklearn.metrics import accuracy_score, mean_squared_error, r2_score
    if task == "classification":
        return {"accuracy": accuracy_score(y_true, y_pred)}
    return {"r2": r2_score(y_true, y_pred), "mse": mean_squared_error(y_true, y_pred)}


def run_sklearn(task, scaled, seed, x_tr, y_tr, x_te, y_te):
    """One MLPClassifier/MLPRegressor with every default but random_state;
    scaled: behind a StandardScaler (its defaults too)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    model = (MLPClassifier if task == "classification" else MLPRegressor)(random_state=seed)
    if scaled:
        model = make_pipeline(StandardScaler(), model)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(x_tr, y_tr)
    seconds = time.perf_counter() - start
    est = model[-1] if scaled else model
    result = score(task, y_te, model.predict(x_te))
    result.update(seconds=seconds, epochs=est.n_iter_,
                  capped=any(issubclass(w.category, ConvergenceWarning) for w in caught))
    return result


def run_mlp(args, name, task, config, seed, work, y_te, extra):
    """mlptrain on the split's training file (the config's "train" path is
    rewritten to it), then mlppredict on the test file; scored from the
    predictions with the same functions as scikit-learn's runs."""
    import numpy as np
    spec = json.load(open(config))
    spec["data"]["train"] = os.path.abspath(os.path.join(work, f"{name}.train.csv"))
    tag = f"{name}.{seed}" + ("." + "_".join(a.lstrip("-") for a in extra) if extra else "")
    cfg = os.path.join(work, f"{tag}.json")
    with open(cfg, "w") as f:
        json.dump(spec, f, indent=2)
    weights, loss_log = os.path.join(work, f"{tag}.bin"), os.path.join(work, f"{tag}.loss.csv")
    start = time.perf_counter()
    subprocess.run([args.mlptrain, "-q", "-c", cfg, "-s", str(seed), "-t", "1",
                    "-w", weights, "-o", loss_log] + extra, check=True)
    seconds = time.perf_counter() - start
    pred = os.path.join(work, f"{tag}.pred.csv")
    subprocess.run([args.mlppredict, weights, os.path.join(work, f"{name}.test.csv"),
                    "-t", "1", "-o", pred], check=True)
    with open(pred) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    col = header.index("label" if task == "classification" else "y")
    if task == "classification":
        y_pred = np.array([int(r[col]) for r in rows])
    else:
        y_pred = np.array([float(r[col]) for r in rows])
    with open(loss_log) as f:
        log = list(csv.DictReader(f))
    epochs = sum(1 for r in log if r.get("refit", "0") == "0")
    result = score(task, y_te, y_pred)
    result.update(seconds=seconds, epochs=epochs, capped=epochs >= spec.get("epochs", 1000))
    return result


def holdout(args, names, seeds):
    """--holdout K: never reads a test split. Each set's training split is cut
    into K folds (stratified for classification, shuffled with seed 0); mlp's
    config is trained on K - 1 of them and scored on the other, for each fold
    and seed. Prints the mean score over folds x seeds: for choosing the plain
    config from the training rows alone."""
    from sklearn.model_selection import KFold, StratifiedKFold
    extra = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    print(f"| set | mlp config | {args.holdout}-fold held-out accuracy % or R² "
          f"(mean ± sd over folds x seeds) |")
    print("|---|---|---|")
    for name in names:
        task = SETS[name][1]
        x_tr, _, y_tr, _ = write_split(name, task, args.work)
        cut = (StratifiedKFold if task == "classification" else KFold)(
            n_splits=args.holdout, shuffle=True, random_state=0)
        config = os.path.join(args.configs, f"{name}.json")
        scores = []
        for fold, (inner, held) in enumerate(cut.split(x_tr, y_tr), 1):
            fname = f"{name}.f{fold}"
            write_rows(os.path.join(args.work, f"{fname}.train.csv"), x_tr[inner], y_tr[inner], task)
            write_rows(os.path.join(args.work, f"{fname}.test.csv"), x_tr[held], y_tr[held], task)
            for seed in seeds:
                r = run_mlp(args, fname, task, config, seed, args.work, y_tr[held], extra)
                scores.append(100 * r["accuracy"] if task == "classification" else r["r2"])
        how = args.configs + (f" --batch-size {args.batch_size}" if args.batch_size else "")
        fmt = "%.2f" if task == "classification" else "%.4f"
        print(f"| {name} | {how} | {mean_sd(scores, fmt)} |", flush=True)


def mean_sd(values, fmt):
    m = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{fmt % m} ± {fmt % sd}"


def main():
    ap = cli_usage.ArgumentParser(__file__, __doc__)
    ap.add_argument("--mlptrain", required=True)
    ap.add_argument("--mlppredict", required=True)
    ap.add_argument("--configs", default="configs/sklearn")
    ap.add_argument("--work", required=True)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--batch-size", type=int, default=0)
    ap.add_argument("--holdout", type=int, default=0)
    args = ap.parse_args()
    names = args.sets.split(",")
    for name in names:
        if name not in SETS:
            ap.error(f"--sets: no set \"{name}\" (the sets: {', '.join(SETS)})")
    ap.usage_of.need("numpy", "python3-numpy")
    ap.usage_of.need("sklearn", "python3-sklearn")
    os.makedirs(args.work, exist_ok=True)
    seeds = list(range(1, args.seeds + 1))
    if args.holdout:
        holdout(args, names, seeds)
        return
    tools = [("mlp", []), ("sklearn", False), ("sklearn+scaler", True)]
    if args.batch_size:
        tools.insert(1, (f"mlp batch {args.batch_size}", ["--batch-size", str(args.batch_size)]))
    results = []  # (set, tool, seed, dict)
    for name in names:
        task = SETS[name][1]
        x_tr, x_te, y_tr, y_te = write_split(name, task, args.work)
        config = os.path.join(args.configs, f"{name}.json")
        print(f"{name}: {len(y_tr)} train / {len(y_te)} test rows, {x_tr.shape[1]} inputs",
              file=sys.stderr)
        for tool, how in tools:
            for seed in seeds:
                if tool.startswith("mlp"):
                    r = run_mlp(args, name, task, config, seed, args.work, y_te, how)
                else:
                    r = run_sklearn(task, how, seed, x_tr, y_tr, x_te, y_te)
                results.append((name, tool, seed, r))
    with open(os.path.join(args.work, "results.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["set", "tool", "seed", "accuracy", "r2", "mse", "epochs", "capped", "seconds"])
        for name, tool, seed, r in results:
            w.writerow([name, tool, seed, r.get("accuracy", ""), r.get("r2", ""), r.get("mse", ""),
                        r["epochs"], int(r["capped"]), f"{r['seconds']:.3f}"])

    import numpy as np
    import sklearn
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; one split per set "
          f"(train_test_split test_size={TEST_SIZE}, random_state={SPLIT_SEED}, stratified "
          f"for classification); seeds {seeds[0]}..{seeds[-1]} (mlp --seed, random_state)\n")
    print("| set | rows train/test | tool | test accuracy % or R² (mean ± sd) | test MSE "
          "(regression) | epochs (mean) | runs at the epoch cap | s/run |")
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        task = SETS[name][1]
        for tool, _ in tools:
            rs = [r for n, t, _, r in results if n == name and t == tool]
            if task == "classification":
                main_col = mean_sd([100 * r["accuracy"] for r in rs], "%.2f")
                mse_col = "–"
            else:
                main_col = "R² " + mean_sd([r["r2"] for r in rs], "%.3f")
                mse_col = mean_sd([r["mse"] for r in rs], "%.0f")
            n_tr = sum(1 for _ in open(os.path.join(args.work, f"{name}.train.csv"))) - 1
            n_te = sum(1 for _ in open(os.path.join(args.work, f"{name}.test.csv"))) - 1
            print(f"| {name} | {n_tr}/{n_te} | {tool} | {main_col} | {mse_col} | "
                  f"{statistics.fmean(r['epochs'] for r in rs):.0f} | "
                  f"{sum(r['capped'] for r in rs)} of {len(rs)} | "
                  f"{statistics.fmean(r['seconds'] for r in rs):.2f} |")


if __name__ == "__main__":
    main()
