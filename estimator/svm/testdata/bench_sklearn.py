#!/usr/bin/python3
"""Reference timing for BenchmarkSVCFit (and BenchmarkLinearSVCFit with a third
argument "linear"): scikit-learn 1.2.1's SVC() (rbf, libsvm) or LinearSVC()
fitting make_classification(n_samples=N, n_features=20, random_state=0).

Writes the data to the CSV named by the first argument (X columns, then y) so the
Go benchmark fits exactly the same rows, then prints the median of 5 fit times:

  /usr/bin/python3 testdata/bench_sklearn.py /tmp/svm5000.csv 5000
  SVM_BENCH_CSV=/tmp/svm5000.csv go test -run X -bench '^BenchmarkSVCFit' -count 5 .
  /usr/bin/python3 testdata/bench_sklearn.py /tmp/lin.csv 100000 linear
  SVM_BENCH_CSV=/tmp/lin.csv go test -run X -bench LinearSVCFit -count 5 .
"""
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.svm import SVC, LinearSVC

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
linear = len(sys.argv) > 3 and sys.argv[3] == "linear"
X, y = make_classification(n_samples=n, n_features=20, random_state=0)
np.savetxt(path, np.column_stack([X, y]), delimiter=",", fmt="%.17g")
times = []
for _ in range(5):
    t = time.perf_counter()
    m = (LinearSVC() if linear else SVC()).fit(X, y)
    times.append(time.perf_counter() - t)
print("scikit-learn %s.fit %dx20: median %.3f s (runs %s)%s" % (
    "LinearSVC()" if linear else "SVC()", n, np.median(times), " ".join("%.3f" % v for v in times),
    "" if linear else ", nSV %d" % len(m.support_)))
