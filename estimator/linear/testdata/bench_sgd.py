"""Time scikit-learn 1.2.1's SGDClassifier() on make_classification(100000, 20), the
problem of BenchmarkSGDClassifier (bench_sgd_test.go). Prints the median wall time and
the mean CPU time (process_time: the machines we share are loaded) over 10 fits
(random_state 0..9), the mean number of epochs and the CPU time per epoch (minimum and mean; the minimum is
the steadier figure on a loaded machine).

    /usr/bin/python3 bench_sgd.py
"""
import time

import numpy as np
import sklearn
from sklearn.datasets import make_classification, make_regression
from sklearn.linear_model import SGDClassifier, SGDRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__

X, y = make_classification(100000, 20, random_state=0)
for name, make, data in (
    ("SGDClassifier", SGDClassifier, (X, y)),
    ("SGDRegressor", SGDRegressor, make_regression(100000, 20, noise=1.0, random_state=0)),
):
    times, cpus, epochs = [], [], []
    for s in range(10):
        m = make(random_state=s)
        t0, c0 = time.perf_counter(), time.process_time()
        m.fit(*data)
        cpus.append(time.process_time() - c0)
        times.append(time.perf_counter() - t0)
        epochs.append(m.n_iter_)
    per_epoch = [c / e for c, e in zip(cpus, epochs)]
    print("%s: wall median %.1f ms, CPU mean %.1f ms/fit, mean epochs %.1f, CPU per epoch min %.2f ms, mean %.2f ms"
          % (name, 1e3 * np.median(times), 1e3 * np.mean(cpus), np.mean(epochs), 1e3 * min(per_epoch), 1e3 * np.mean(per_epoch)))
