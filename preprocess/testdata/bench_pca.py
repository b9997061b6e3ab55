"""Time scikit-learn 1.2.1 PCA(n_components=10) on a 100 000 × 100 Gaussian matrix
(svd_solver "auto" → randomized, "full", "arpack"): the reference for
BenchmarkPCARandomized. Run with /usr/bin/python3 preprocess/testdata/bench_pca.py.
It prints the best of 5 wall-clock times per solver; solvers may be named as
arguments (default: auto full arpack). Compare with

    go test ./preprocess -run XXX -bench BenchmarkPCARandomized -benchtime 1x -count 5

taking the minimum of each sub-benchmark."""
import sys
import time

import numpy as np
from sklearn.decomposition import PCA

X = np.random.RandomState(0).normal(size=(100_000, 100))
for solver in sys.argv[1:] or ["auto", "full", "arpack"]:
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        PCA(n_components=10, svd_solver=solver, random_state=0).fit(X)
        best = min(best, time.perf_counter() - t)
    print(f"{solver}: {best:.3f} s")
