#!/usr/bin/python3
"""Goldens for estimator/isotonic, from scikit-learn 1.2.1.

Run by hand: cd estimator/isotonic && /usr/bin/python3 testdata/gen_isotonic.py
Every case stores its inputs (x, y, sample weights, test points) next to
scikit-learn's results, so the Go tests need nothing else. NaN is written as null.
"""
import json
import math

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression

assert sklearn.__version__ == "1.2.1", sklearn.__version__


def fl(a):
    return [None if math.isnan(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]


rng = np.random.RandomState(0)
cases = {}


def case(name, x, y, w=None, test=None, **params):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    m = IsotonicRegression(**params).fit(x.reshape(-1, 1), y, sample_weight=w)
    if test is None:
        test = np.concatenate([x, np.linspace(x.min() - 1, x.max() + 1, 37)])
    test = np.asarray(test, dtype=float)
    out = {
        "x": fl(x), "y": fl(y), "w": None if w is None else fl(w),
        "params": {k: v for k, v in params.items()},
        "x_thresholds": fl(m.X_thresholds_), "y_thresholds": fl(m.y_thresholds_),
        "x_min": float(m.X_min_), "x_max": float(m.X_max_),
        "increasing": bool(m.increasing_),
        "test": fl(test),
    }
    if m.out_of_bounds == "raise":
        inside = test[(test >= m.X_min_) & (test <= m.X_max_)]
        out["test"] = fl(inside)
        out["pred"] = fl(m.predict(inside))
    else:
        out["pred"] = fl(m.predict(test))
    cases[name] = out


# Ties (x on a 0.1 grid) and weights, some zero.
n = 80
x = np.round(rng.uniform(0, 5, n), 1)
y = np.sin(x) + x + rng.normal(0, 0.6, n)
w = rng.uniform(0, 3, n)
w[rng.rand(n) < 0.15] = 0
case("ties_weights_increasing", x, y, w)
case("ties_weights_decreasing", x, -y, w, increasing=False)
case("ties_weights_auto_down", x, -y, w, increasing="auto")
case("ties_weights_auto_up", x, y, w, increasing="auto")
case("ties_unweighted", x, y)
case("ties_clip", x, y, w, out_of_bounds="clip")
case("ties_raise", x, y, w, out_of_bounds="raise")
case("bounds", x, y, w, y_min=1.0, y_max=4.5)
case("bounds_decreasing", x, -y, w, y_min=-4.0, y_max=-1.5, increasing=False, out_of_bounds="clip")
case("ymin_only", x, y, None, y_min=2.0)
# Near duplicates: within numpy's float64 resolution (1e-15) of the run's first x.
xd = np.array([0.0, 4e-16, 9e-16, 1.2e-15, 1.0, 1.0 + 2.2e-16, 2.0, 3.0, 3.0, 3.0 + 1e-12])
yd = np.array([1.0, 3.0, 2.0, 0.5, 5.0, 2.0, 1.0, 4.0, 6.0, 3.5])
case("near_duplicates", xd, yd, rng.uniform(0.5, 2, len(xd)))
# One distinct x: constant prediction everywhere, whatever OutOfBounds says.
case("single_x", [2.0, 2.0, 2.0], [1.0, 4.0, 2.0], [1.0, 2.0, 1.0])
case("single_x_raise", [2.0, 2.0, 2.0], [1.0, 4.0, 2.0], out_of_bounds="raise",
     test=[0.0, 2.0, 5.0])
# Larger, unsorted, no ties.
n = 1000
x = rng.normal(0, 2, n)
y = np.tanh(x) + rng.normal(0, 0.5, n)
case("large", x, y, rng.exponential(1.0, n))
# auto with a constant y: Spearman's rho is NaN, so scikit-learn picks decreasing.
case("auto_constant_y", [1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0], increasing="auto")

json.dump(cases, open("testdata/isotonic.json", "w"), indent=0)
print("wrote", len(cases), "cases")
