"""Generate scikit-learn 1.2.1 reference splits for the crossval tests.

Run by hand with Debian's Python (the pyenv python3 on PATH has no sklearn):

    cd crossval/testdata && /usr/bin/python3 gen_sklearn.py

Writes sklearn.json next to this file. Keys are "<splitter>/<case>" and hold a list of
folds, each [train_indices, test_indices].
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    LeaveOneOut,
    PredefinedSplit,
    StratifiedKFold,
    TimeSeriesSplit,
)
from sklearn.model_selection._split import _validate_shuffle_split
from sklearn.model_selection._validation import _translate_train_sizes

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}


def folds(cv, n, y=None, groups=None):
    X = np.zeros((n, 1))
    return [[tr.tolist(), te.tolist()] for tr, te in cv.split(X, y, groups)]


# KFold, unshuffled.
for n, k in [(10, 3), (11, 4), (5, 5), (17, 5)]:
    out[f"kfold/n={n},k={k}"] = folds(KFold(n_splits=k), n)

# StratifiedKFold, unshuffled.
strat_cases = {
    # imbalanced, non-contiguous class values, classes sorted by first appearance
    "imbalanced": [5, 5, 5, 5, 5, 5, 5, 2, 2, 2, 9, 9, 9, 9, 9, 5, 2, 9, 5, 5],
    # first appearance order 3, 1, 2 (not sorted), interleaved
    "first-appearance": [3, 1, 3, 2, 1, 3, 3, 2, 1, 1, 3, 2, 3, 1, 1, 3, 2],
    # binary with a tiny class (fewer members than k: sklearn only warns)
    "tiny-class": [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0],
    # negative and fractional-free float codes
    "negative": [-1, 4, -1, 4, 4, 0, 0, -1, 4, 0, 4, -1, 0, 4],
}
for name, y in strat_cases.items():
    for k in (2, 3, 4):
        out[f"stratified/{name}/k={k}"] = folds(StratifiedKFold(n_splits=k), len(y), np.array(y, dtype=float))
    out[f"stratified/{name}/y"] = [float(v) for v in y]

# GroupKFold: unequal group sizes with ties; group labels unsorted.
group_cases = {
    "ties": [7, 7, 3, 3, 3, 1, 1, 9, 9, 9, 4, 4, 0, 5, 5, 2, 2, 2, 8],
    "unequal": [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 4, 4, 4, 5],
}
rng = np.random.RandomState(0)
# Many groups (>16) with many ties exercise numpy's introsort (not stable).
group_cases["many-ties"] = rng.randint(0, 40, size=150).tolist()
group_cases["many-ties-2"] = rng.choice(np.arange(-30, 30, 3), size=90).tolist()
for name, g in group_cases.items():
    for k in (2, 3, 5):
        out[f"group/{name}/k={k}"] = folds(GroupKFold(n_splits=k), len(g), None, np.array(g))
    out[f"group/{name}/groups"] = g

# numpy's default argsort (quicksort = introsort) on count arrays with ties, which
# GroupKFold uses; checked directly against the Go port.
argsort_cases = []
for size in [1, 2, 5, 16, 17, 18, 30, 64, 100, 257, 1000]:
    for hi in (2, 4, 10):
        a = rng.randint(0, hi, size=size)
        argsort_cases.append({"a": a.tolist(), "idx": np.argsort(a).tolist()})
# sorted / reversed / constant inputs
for a in [np.arange(40), np.arange(40)[::-1], np.zeros(50, dtype=int), np.tile([3, 1, 2], 20)]:
    argsort_cases.append({"a": a.tolist(), "idx": np.argsort(a).tolist()})
out["argsort"] = argsort_cases

# numpy's heapsort argsort, which introsort falls back to on deep recursion; checked
# directly against the Go port of aheapsort.
heap_cases = []
for size in [1, 2, 3, 7, 16, 33, 100]:
    a = rng.randint(0, 5, size=size)
    heap_cases.append({"a": a.tolist(), "idx": np.argsort(a, kind="heapsort").tolist()})
out["argsort-heap"] = heap_cases

# TimeSeriesSplit.
for n, kw in [
    (12, dict(n_splits=3)),
    (12, dict(n_splits=3, test_size=2, gap=2)),
    (20, dict(n_splits=4, max_train_size=5)),
    (23, dict(n_splits=5, max_train_size=7, test_size=3, gap=1)),
    (6, dict(n_splits=5)),
]:
    key = ",".join(f"{k}={v}" for k, v in sorted(kw.items()))
    out[f"timeseries/n={n},{key}"] = folds(TimeSeriesSplit(**kw), n)

out["loo/n=4"] = folds(LeaveOneOut(), 4)

test_fold = [0, 1, -1, 1, 0, 2, -1, 2, 1]
out["predefined/test_fold"] = test_fold
out["predefined/folds"] = folds(PredefinedSplit(test_fold), len(test_fold))

# _validate_shuffle_split: [n, test_size, train_size] -> [n_train, n_test].
# Floats are fractions, ints counts, None means unset (default test size 0.1 / 0.25).
sizes = []
for n, test, train, default in [
    (10, None, None, 0.1),
    (10, None, None, 0.25),
    (11, None, None, 0.25),
    (100, 0.2, None, 0.1),
    (101, 0.2, None, 0.1),
    (7, 0.3, 0.5, 0.1),
    (10, 3, None, 0.1),
    (10, None, 4, 0.1),
    (10, None, 0.33, 0.1),
    (10, 2, 5, 0.1),
    (33, 0.15, 0.7, 0.25),
]:
    n_train, n_test = _validate_shuffle_split(n, test, train, default_test_size=default)
    sizes.append({"n": n, "test": test, "train": train, "default": default,
                  "n_train": n_train, "n_test": n_test})
out["shuffle-sizes"] = sizes

# learning_curve's translation of train_sizes (fractions) to absolute sizes.
curves = []
for fr, nmax in [
    (np.linspace(0.1, 1.0, 5), 27),
    (np.linspace(0.1, 1.0, 5), 80),
    (np.array([0.33, 0.66, 1.0]), 100),
    (np.array([0.01, 0.5, 0.5, 1.0]), 9),
    (np.array([0.3, 0.7, 0.9]), 13),
]:
    curves.append({"fractions": fr.tolist(), "n_max": nmax,
                   "sizes": _translate_train_sizes(fr, nmax).tolist()})
out["learning-curve-sizes"] = curves

# End to end: cross_val_score / cross_val_predict / learning_curve of
# LinearRegression on the regData(40) problem of helpers_test.go.
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import cross_val_predict, cross_validate, learning_curve

i = np.arange(40)
a, b = (i + 1).astype(float), np.sin(i * 1.7) * 3
Xr = np.column_stack([a, b])
yr = 0.5 * a - 2 * b + 1 + np.cos(i * 2.3)
cvres = cross_validate(LinearRegression(), Xr, yr, cv=KFold(4),
                       scoring=["r2", "neg_mean_squared_error"], return_train_score=True)
out["e2e/test_r2"] = cvres["test_r2"].tolist()
out["e2e/train_r2"] = cvres["train_r2"].tolist()
out["e2e/test_neg_mse"] = cvres["test_neg_mean_squared_error"].tolist()
out["e2e/predict"] = cross_val_predict(LinearRegression(), Xr, yr, cv=KFold(4)).tolist()
sizes, tr, te = learning_curve(LinearRegression(), Xr, yr, cv=KFold(4),
                               train_sizes=[0.25, 0.5, 1.0], scoring="r2")
out["e2e/lc_sizes"] = sizes.tolist()
out["e2e/lc_train"] = tr.tolist()
out["e2e/lc_test"] = te.tolist()

with open("sklearn.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote sklearn.json with", len(out), "keys", file=sys.stderr)
