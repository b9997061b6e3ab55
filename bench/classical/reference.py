#!/usr/bin/python3
"""Reference timings for bench/classical: scikit-learn 1.2.1 on the data sets of
issue 10, with WORKERS threads (OMP_NUM_THREADS and the BLAS threads set before numpy
loads, and threadpoolctl's limit around every fit and predict), printing the same
JSON lines as main.go (median fit and predict seconds, wall and CPU, a quality figure, model facts,
peak RSS). An untimed fit on the first 2000 rows comes first (the first fit of a
process pays about a second of start-up otherwise).

    /usr/bin/python3 bench/classical/reference.py -write DIR     # write the shared data
    /usr/bin/python3 bench/classical/reference.py -data DIR -model knn,svc -runs 3

Data sets (the first rows train, the rest test; the generators shuffle):
  knn    make_classification(60000, 20, random_state=0): 50 000 / 10 000
  blobs  make_blobs(110000, 100, centers=8, random_state=0): 100 000 / 10 000
  svc    make_classification(12500, 20, random_state=0): 10 000 / 2 500
  linear make_classification(125000, 20, random_state=0): 100 000 / 25 000
  ridge  make_regression(125000, 100, noise=10, random_state=0): 100 000 / 25 000

Models: knn (KNeighborsClassifier(5, algorithm="brute")), kmeans / kmeans-elkan
(KMeans(8, n_init=10), lloyd / elkan), kmeans1 (KMeans(8, n_init=1)), svc (SVC()),
linearsvc (LinearSVC()), sgd (SGDClassifier()), ridgecv (RidgeCV over
numpy.logspace(-3, 3, 20), leave-one-out), pca (PCA(10), svd_solver "auto":
randomized here), pca-full (PCA(10, svd_solver="full")).
"""
import argparse
import json
import os
import resource
import time
import warnings

ap = argparse.ArgumentParser()
ap.add_argument("-write", help="write the data to this directory and exit")
ap.add_argument("-data", default="/tmp/skgo-classical")
ap.add_argument("-model", default="all")
ap.add_argument("-runs", type=int, default=3)
ap.add_argument("-workers", type=int, default=2)
a = ap.parse_args()
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(a.workers)

import numpy as np  # noqa: E402

if a.write:
    from sklearn.datasets import make_blobs, make_classification, make_regression

    sets = {
        "knn": (make_classification(n_samples=60000, n_features=20, random_state=0), 50000),
        "blobs": (make_blobs(n_samples=110000, n_features=100, centers=8, random_state=0), 100000),
        "svc": (make_classification(n_samples=12500, n_features=20, random_state=0), 10000),
        "linear": (make_classification(n_samples=125000, n_features=20, random_state=0), 100000),
        "ridge": (make_regression(n_samples=125000, n_features=100, noise=10, random_state=0), 100000),
    }
    os.makedirs(a.write, exist_ok=True)
    for name, ((X, y), ntr) in sets.items():
        for part, XX, yy in (("train", X[:ntr], y[:ntr]), ("test", X[ntr:], y[ntr:])):
            base = os.path.join(a.write, f"{name}_{part}")
            np.ascontiguousarray(XX, dtype="<f8").tofile(base + "_X.f64")
            np.ascontiguousarray(yy, dtype="<f8").tofile(base + "_y.f64")
            with open(base + ".shape", "w") as f:
                f.write(f"{XX.shape[0]} {XX.shape[1]}\n")
    raise SystemExit(0)

from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import RidgeCV, SGDClassifier  # noqa: E402
from sklearn.metrics import accuracy_score, r2_score  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.svm import SVC, LinearSVC  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

warnings.simplefilter("ignore", ConvergenceWarning)
warnings.simplefilter("ignore", FutureWarning)  # KMeans' n_init default
w = a.workers


def load(name, part):
    base = os.path.join(a.data, f"{name}_{part}")
    with open(base + ".shape") as f:
        r, c = map(int, f.read().split())
    X = np.fromfile(base + "_X.f64", dtype="<f8").reshape(r, c)
    y = np.fromfile(base + "_y.f64", dtype="<f8")
    return X, y


def accuracy(m, X, y, p):
    return accuracy_score(y, p)


def r2(m, X, y, p):
    return r2_score(y, p)


def evr(m, X, y, p):
    return float(np.sum(m.explained_variance_ratio_))


def kmeans(alg, n_init):
    return ("blobs", lambda: KMeans(8, n_init=n_init, algorithm=alg, random_state=0),
            "predict", "inertia", lambda m, X, y, p: float(m.inertia_),
            lambda m: {"n_iter": m.n_iter_})


# name: (data set, constructor, predict method, quality name, quality, facts)
models = {
    "knn": ("knn", lambda: KNeighborsClassifier(5, algorithm="brute", n_jobs=w),
            "predict", "accuracy", accuracy, None),
    "kmeans": kmeans("lloyd", 10),
    "kmeans-elkan": kmeans("elkan", 10),
    "kmeans1": kmeans("lloyd", 1),
    "svc": ("svc", SVC, "predict", "accuracy", accuracy,
            lambda m: {"n_sv": len(m.support_)}),
    "linearsvc": ("linear", lambda: LinearSVC(random_state=0), "predict", "accuracy", accuracy,
                  lambda m: {"n_iter": int(m.n_iter_)}),
    "sgd": ("linear", lambda: SGDClassifier(random_state=0), "predict", "accuracy", accuracy,
            lambda m: {"n_iter": int(m.n_iter_)}),
    "ridgecv": ("ridge", lambda: RidgeCV(alphas=np.logspace(-3, 3, 20)), "predict", "r2", r2,
                lambda m: {"alpha": float(m.alpha_)}),
    "pca": ("ridge", lambda: PCA(10, random_state=0), "transform", "evr_sum", evr, None),
    "pca-full": ("ridge", lambda: PCA(10, svd_solver="full"), "transform", "evr_sum", evr, None),
}
names = sorted(models) if a.model == "all" else a.model.split(",")
cache = {}
for name in names:
    data, mk, method, qname, quality, facts = models[name]
    if data not in cache:
        cache[data] = (load(data, "train"), load(data, "test"))
    (Xtr, ytr), (Xte, yte) = cache[data]
    with threadpool_limits(limits=w):  # warm-up: imports, OpenMP and BLAS start-up
        m = mk().fit(Xtr[:2000], ytr[:2000])
        getattr(m, method)(Xte[:100])
    fits, preds, fitc, predc = [], [], [], []
    for _ in range(a.runs):
        m = mk()
        with threadpool_limits(limits=w):
            t0, c0 = time.perf_counter(), time.process_time()
            m.fit(Xtr, ytr)
            fits.append(time.perf_counter() - t0)
            fitc.append(time.process_time() - c0)
            t0, c0 = time.perf_counter(), time.process_time()
            p = getattr(m, method)(Xte)
            preds.append(time.perf_counter() - t0)
            predc.append(time.process_time() - c0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"impl": "sklearn", "model": name, "workers": w, "runs": a.runs,
           "fit_s": round(float(np.median(fits)), 4),
           "predict_s": round(float(np.median(preds)), 4),
           "fit_cpu_s": round(float(np.median(fitc)), 4),
           "predict_cpu_s": round(float(np.median(predc)), 4),
           "quality": qname, "value": round(quality(m, Xte, yte, p), 6)}
    if facts:
        out["facts"] = {k: float(v) for k, v in facts(m).items()}
    out["max_rss_mb"] = round(rss, 1)
    print(json.dumps(out))
