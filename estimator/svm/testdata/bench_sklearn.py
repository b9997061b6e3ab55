#!/usr/bin/python3
"""Reference timing for BenchmarkSVCFit: scikit-learn 1.2.1's SVC() (rbf, libsvm)
fitting make_classification(n_samples=N, n_features=20, random_state=0).

Writes the data to the CSV named by the first argument (X columns, then y) so the
Go benchmark fits exactly the same rows, then prints the median of 5 fit times:

  /usr/bin/python3 testdata/bench_sklearn.py /tmp/svm5000.csv 5000
  SVM_BENCH_CSV=/tmp/svm5000.csv go test -run X -bench SVCFit -count 5 .
"""
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.svm import SVC

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
X, y = make_classification(n_samples=n, n_features=20, random_state=0)
np.savetxt(path, np.column_stack([X, y]), delimiter=",", fmt="%.17g")
times = []
for _ in range(5):
    t = time.perf_counter()
    m = SVC().fit(X, y)
    times.append(time.perf_counter() - t)
print("scikit-learn SVC().fit %dx20: median %.3f s (runs %s), nSV %d" % (
    n, np.median(times), " ".join("%.3f" % v for v in times), len(m.support_)))
