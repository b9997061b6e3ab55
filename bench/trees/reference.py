#!/usr/bin/python3
"""Reference timings for bench/trees: scikit-learn 1.2.1 and XGBoost 1.7.4 (hist) on
make_regression(n_samples=50000, n_features=20, random_state=0) split by
train_test_split(random_state=0), with 2 threads, printing the same JSON lines as
main.go (median fit and predict seconds, test R², peak RSS).

    /usr/bin/python3 bench/trees/reference.py -write DIR     # write the shared data
    /usr/bin/python3 bench/trees/reference.py -data DIR -model rf,gb -runs 3

Models: tree (DecisionTreeRegressor), rf (RandomForestRegressor(100)), et
(ExtraTreesRegressor(100)), gb (GradientBoostingRegressor(100)), hgb
(HistGradientBoostingRegressor(), early stopping off: 100 iterations, 255 bins, 31
leaves) and xgb (XGBRegressor hist, lossguide, 31 leaves, 255 bins, 100 rounds, eta
0.1, the same trees as hgb).
"""
import argparse
import json
import os
import resource
import time

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("-write", help="write the data to this directory and exit")
ap.add_argument("-data", default="/tmp/skgo-trees")
ap.add_argument("-model", default="all")
ap.add_argument("-runs", type=int, default=3)
ap.add_argument("-workers", type=int, default=2)
a = ap.parse_args()

if a.write:
    from sklearn.datasets import make_regression
    from sklearn.model_selection import train_test_split

    X, y = make_regression(n_samples=50000, n_features=20, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=0)
    os.makedirs(a.write, exist_ok=True)
    for part, XX, yy in (("train", Xtr, ytr), ("test", Xte, yte)):
        np.ascontiguousarray(XX, dtype="<f8").tofile(os.path.join(a.write, part + "_X.f64"))
        np.ascontiguousarray(yy, dtype="<f8").tofile(os.path.join(a.write, part + "_y.f64"))
        with open(os.path.join(a.write, part + ".shape"), "w") as f:
            f.write(f"{XX.shape[0]} {XX.shape[1]}\n")
    raise SystemExit(0)

os.environ.setdefault("OMP_NUM_THREADS", str(a.workers))
from sklearn.ensemble import (ExtraTreesRegressor, GradientBoostingRegressor,  # noqa: E402
                              HistGradientBoostingRegressor, RandomForestRegressor)
from sklearn.metrics import r2_score  # noqa: E402
from sklearn.tree import DecisionTreeRegressor  # noqa: E402


def load(part):
    with open(os.path.join(a.data, part + ".shape")) as f:
        r, c = map(int, f.read().split())
    X = np.fromfile(os.path.join(a.data, part + "_X.f64"), dtype="<f8").reshape(r, c)
    y = np.fromfile(os.path.join(a.data, part + "_y.f64"), dtype="<f8")
    return X, y


def xgb():
    import xgboost

    return xgboost.XGBRegressor(tree_method="hist", grow_policy="lossguide", max_leaves=31,
                                max_depth=0, max_bin=255, n_estimators=100, learning_rate=0.1,
                                min_child_weight=1, reg_lambda=0, nthread=a.workers)


w = a.workers
models = {
    "tree": lambda: DecisionTreeRegressor(random_state=0),
    "rf": lambda: RandomForestRegressor(100, n_jobs=w, random_state=0),
    "et": lambda: ExtraTreesRegressor(100, n_jobs=w, random_state=0),
    "gb": lambda: GradientBoostingRegressor(n_estimators=100, random_state=0),
    "hgb": lambda: HistGradientBoostingRegressor(early_stopping=False, random_state=0),
    "xgb": xgb,
}
Xtr, ytr = load("train")
Xte, yte = load("test")
names = sorted(models) if a.model == "all" else a.model.split(",")
for name in names:
    fits, preds, cpus = [], [], []
    for _ in range(a.runs):
        m = models[name]()
        t0, c0 = time.perf_counter(), time.process_time()
        m.fit(Xtr, ytr)
        fits.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        t0 = time.perf_counter()
        p = m.predict(Xte)
        preds.append(time.perf_counter() - t0)
    r2 = r2_score(yte, p)
    impl = "xgboost" if name == "xgb" else "sklearn"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"impl": impl, "model": name, "workers": w, "runs": a.runs,
                      "fit_s": round(sorted(fits)[len(fits) // 2], 4),
                      "fit_best_s": round(min(fits), 4),
                      "fit_cpu_s": round(sorted(cpus)[len(cpus) // 2], 4),
                      "predict_s": round(sorted(preds)[len(preds) // 2], 4),
                      "r2": round(r2, 4), "max_rss_mb": round(rss, 1)}))
