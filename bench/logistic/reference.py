"""Reference timing for bench/logistic: scikit-learn 1.2.1 LogisticRegression().fit.

    /usr/bin/python3 bench/logistic/reference.py [--repeat 7] [--data /tmp/skgo_logistic_bench.bin]

Generates make_classification(n_samples=100000, n_features=20, random_state=0), writes
it for the Go program (little-endian int64 n, int64 p, then X as float64 row-major,
then y as float64), fits LogisticRegression() with default settings (lbfgs, C=1,
tol=1e-4, max_iter=100) --repeat times and prints the median wall time. The fitted
coefficients go to <data>.coef.json so main.go can compare. With --classes K (K > 2)
the data has K classes (n_informative=10) and the default multinomial model is fitted.
"""
import argparse
import json
import statistics
import time

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

ap = argparse.ArgumentParser()
ap.add_argument("--repeat", type=int, default=7)
ap.add_argument("--data", default="/tmp/skgo_logistic_bench.bin")
ap.add_argument("--classes", type=int, default=2,
                help="K > 2 uses n_informative=10 and fits the multinomial model")
args = ap.parse_args()

if args.classes == 2:
    X, y = make_classification(n_samples=100000, n_features=20, random_state=0)
else:
    X, y = make_classification(n_samples=100000, n_features=20, n_informative=10,
                               n_classes=args.classes, random_state=0)
X = np.ascontiguousarray(X, dtype=np.float64)
with open(args.data, "wb") as f:
    np.array(X.shape, dtype="<i8").tofile(f)
    X.astype("<f8").tofile(f)
    y.astype("<f8").tofile(f)

times = []
for _ in range(args.repeat):
    m = LogisticRegression()
    t0 = time.perf_counter()
    m.fit(X, y)
    times.append(time.perf_counter() - t0)
with open(args.data + ".coef.json", "w") as f:
    json.dump({"coef": m.coef_.ravel().tolist(), "intercept": m.intercept_.tolist()}, f)
print(f"scikit-learn {sklearn.__version__} LogisticRegression().fit  n=100000 p=20 "
      f"classes={args.classes}")
print(f"  median {statistics.median(times)*1e3:.1f} ms over {args.repeat} fits "
      f"(min {min(times)*1e3:.1f} ms)  n_iter={m.n_iter_.max()}  "
      f"train acc={m.score(X, y):.4f}")
