"""Reference timing for bench/sweep: scikit-learn 1.2.1 GridSearchCV on Boston with
Pipeline(StandardScaler, PolynomialFeatures, Ridge), degree in {1, 2} x alpha in
logspace(-3, 3, 13), KFold(5) unshuffled, r2, n_jobs=1 and n_jobs=2.

    /usr/bin/python3 bench/sweep/reference.py [runs]
"""
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

warnings.simplefilter("ignore")
here = os.path.dirname(os.path.abspath(__file__))
raw = np.loadtxt(os.path.join(here, "../../datasets/data/boston_house_prices.csv"), delimiter=",", skiprows=2)
X, y = raw[:, :13], raw[:, 13]
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
print("scikit-learn", sklearn.__version__)
for n_jobs in (1, 2):
    times = []
    for _ in range(runs):
        pipe = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures()), ("ridge", Ridge())])
        gs = GridSearchCV(pipe, {"poly__degree": [1, 2], "ridge__alpha": np.logspace(-3, 3, 13)},
                          cv=KFold(5), scoring="r2", n_jobs=n_jobs)
        t0 = time.perf_counter()
        gs.fit(X, y)
        times.append(time.perf_counter() - t0)
    print(f"sklearn GridSearchCV 26x5 n_jobs={n_jobs}  median {1e3 * np.median(times):8.2f} ms  "
          f"(best {gs.best_params_}, r2 {gs.best_score_:.4f})")
