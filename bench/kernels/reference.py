#!/usr/bin/python3
"""Reference timings for bench/kernels: numpy + OpenBLAS matrix products (n x n,
float32 and float64) and scikit-learn 1.2.1's PCA(n_components=10) on 100 000 x 100
rows, with OpenBLAS limited to -threads threads (set before numpy loads). Prints one
JSON line per benchmark in main.go's format:

    /usr/bin/python3 bench/kernels/reference.py -threads 1
"""
import argparse
import json
import os
import sys

ap = argparse.ArgumentParser()
ap.add_argument("-threads", type=int, default=2)
ap.add_argument("-n", type=int, default=1024)
ap.add_argument("-runs", type=int, default=7)
ap.add_argument("-bench", default="sgemm,dgemm,pca")
args = ap.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import time  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402

want = set(b.strip() for b in args.bench.split(","))
rng = np.random.default_rng(1)


def emit(name, size, flops, f):
    f()
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    times.sort()
    r = {"impl": "numpy", "bench": name, "threads": args.threads, "n": size, "runs": args.runs,
         "median_s": times[len(times) // 2], "best_s": times[0]}
    if flops:
        r["gflops"] = flops / r["median_s"] / 1e9
    print(json.dumps(r))
    sys.stdout.flush()


n = args.n
flops = 2.0 * n * n * n
for name, dt in (("sgemm", np.float32), ("dgemm", np.float64)):
    if name in want:
        a = rng.standard_normal((n, n)).astype(dt)
        b = rng.standard_normal((n, n)).astype(dt)
        c = np.empty((n, n), dt)
        emit(name, n, flops, lambda: np.matmul(a, b, out=c))
if "pca" in want:
    x = rng.standard_normal((100000, 100)) * (1 + np.arange(100) % 10)
    emit("pca10_sklearn", 100000, 0, lambda: PCA(n_components=10, random_state=0).fit(x))
