"""Generate testdata/power.json: scikit-learn 1.2.1 reference outputs for
preprocess.PowerTransformer.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1, scipy 1.10):

    /usr/bin/python3 preprocess/testdata/gen_power.py

Synthetic inputs are written to the JSON; the diabetes and Boston data are read from
the CSV files that package datasets embeds. Keys per case "<name>/<method>/<std>":
lambdas, mean and scale of the standardization, the transform of the first 80
training rows (the model is fitted on all of them),
and the inverse transform of a few transformed rows.
"""
import csv
import gzip
import json
import math
import os
import warnings

import numpy as np
import sklearn
from scipy import optimize
from sklearn.preprocessing import PowerTransformer

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")


def L(a):
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return None if np.isnan(a) else float(a)
    return [L(r) for r in a] if a.ndim > 1 else [None if np.isnan(v) else float(v) for v in a]


with open(os.path.join(DATA, "boston_house_prices.csv")) as f:
    rows = list(csv.reader(f))[2:]
boston = np.array([[float(v) for v in r[:13]] for r in rows])
with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
    diabetes = np.loadtxt(f)
assert boston.shape == (506, 13) and diabetes.shape == (442, 10)

rng = np.random.RandomState(3)
n = 150
skewed = np.c_[
    rng.lognormal(0, 1, n),           # right skew, positive
    rng.exponential(2, n),             # right skew, positive
    -rng.lognormal(1, 0.6, n) + 20,    # left skew, positive
    rng.gamma(0.7, 3, n) - 1.5,        # mixed signs
    -rng.exponential(1, n),            # negative only
]
skewed_nan = skewed.copy()
skewed_nan[rng.rand(n, 5) < 0.1] = np.nan
positive_nan = np.abs(skewed_nan[:, :3])
# Boston columns without zeros (ZN and CHAS have zeros: Box-Cox refuses them).
boston_pos = [0, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]

def libm_lambdas(X, method):
    """scikit-learn's lambda search with libm's elementary functions."""
    pw, lg, l1p = (np.vectorize(f, otypes=[float]) for f in (math.pow, math.log, math.log1p))
    res = []
    for col in X.T:
        x = col[~np.isnan(col)]
        if method == "yeo-johnson":
            s = (np.sign(x) * l1p(np.abs(x))).sum()

            def nll(lmbda):
                pos = x >= 0
                t = np.zeros_like(x)
                if abs(lmbda) < np.spacing(1.0):
                    t[pos] = l1p(x[pos])
                else:
                    t[pos] = (pw(x[pos] + 1, lmbda) - 1) / lmbda
                if abs(lmbda - 2) > np.spacing(1.0):
                    t[~pos] = -(pw(-x[~pos] + 1, 2 - lmbda) - 1) / (2 - lmbda)
                else:
                    t[~pos] = -l1p(-x[~pos])
                v = t.var()
                if v < np.finfo(np.float64).tiny:
                    return np.inf
                return -(-x.shape[0] / 2 * lg(v) + (lmbda - 1) * s)

        else:
            logx = lg(x)
            s = np.sum(logx)

            def nll(lmb):
                v = np.var(logx) if lmb == 0 else np.var(pw(x, lmb) / lmb)
                return -((lmb - 1) * s - x.shape[0] / 2 * lg(v))

        res.append(optimize.brent(nll, brack=(-2, 2)))
    return np.array(res)


out = {
    "sklearn_version": sklearn.__version__,
    "X/skewed": L(skewed),
    "X/skewed_nan": L(skewed_nan),
    "X/positive_nan": L(positive_nan),
    "boston_pos": boston_pos,
}
cases = {
    "skewed": (skewed, ["yeo-johnson", "box-cox"]),
    "skewed_nan": (skewed_nan, ["yeo-johnson"]),
    "positive_nan": (positive_nan, ["yeo-johnson", "box-cox"]),
    "diabetes": (diabetes, ["yeo-johnson", "box-cox"]),
    "boston": (boston, ["yeo-johnson"]),
    "boston_pos": (boston[:, boston_pos], ["box-cox"]),
}
for name, (X, methods) in cases.items():
    if name == "skewed":
        X = X.copy()
        # Box-Cox needs positive data: shift the two non-positive columns.
        Xbc = X.copy()
        Xbc[:, 3] += 1.6
        Xbc[:, 4] += 8
    for method in methods:
        Xm = Xbc if (name == "skewed" and method == "box-cox") else X
        for std in [True, False]:
            key = f"{name}/{method}/{'std' if std else 'raw'}"
            pt = PowerTransformer(method=method, standardize=std)
            Z = pt.fit_transform(Xm)
            out[key + "/lambdas"] = L(pt.lambdas_)
            # scikit-learn's own reproducibility: the largest change of each lambda when
            # the same rows are fitted in 10 other orders. Near the optimum the
            # likelihood is flat and its evaluation is rounded (numpy's SIMD pow, log1p
            # and sums), so Brent's method stops anywhere in a small noisy interval.
            # The same search evaluated with libm's pow, log and log1p instead of
            # numpy's SIMD versions (which differ in the last bit of about one value
            # in four on AVX-512 machines) shows the same noise.
            spread = np.abs(libm_lambdas(Xm, method) - pt.lambdas_)
            for seed in range(10):
                perm = np.random.RandomState(seed).permutation(len(Xm))
                lp = PowerTransformer(method=method, standardize=std).fit(Xm[perm]).lambdas_
                spread = np.maximum(spread, np.abs(lp - pt.lambdas_))
            out[key + "/spread"] = L(spread)
            if std:
                out[key + "/mean"] = L(pt._scaler.mean_)
                out[key + "/scale"] = L(pt._scaler.scale_)
            out[key + "/transform"] = L(pt.transform(Xm[:80]))  # fitted on all rows
            out[key + "/inverse"] = L(pt.inverse_transform(Z[:20]))
            if name == "skewed" and method == "box-cox":
                out["X/skewed_bc"] = L(Xm)

# A constant feature with Yeo-Johnson: scikit-learn's lambda is rounding noise (the
# variance of the transformed constant is a few ulps), skgo uses 1; both standardize
# the feature to 0. The second feature is ordinary.
const = np.c_[np.full(6, 3.0), [1.0, 2, 3, 4, 5, 7]]
pt = PowerTransformer().fit(const)
out["X/const"] = L(const)
out["const/lambdas"] = L(pt.lambdas_)
out["const/transform"] = L(pt.transform(const))

with open(os.path.join(HERE, "power.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", len(out), "keys")
