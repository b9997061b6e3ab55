"""Generate testdata/quantile.json: scikit-learn 1.2.1 reference outputs for
preprocess.QuantileTransformer.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_quantile.py

Inputs are written to the JSON (NaN as null). Every case has at most Subsample rows,
so no subsampling happens (skgo subsamples with Go's generator, not numpy's).
Keys per case "<name>/<output>": quantiles_ (transposed: one list per feature),
references_, the transform of the test rows and the inverse transform of the
inverse-test rows.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.preprocessing import QuantileTransformer

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")


def L(a):
    a = np.asarray(a, dtype=float)
    if a.ndim > 1:
        return [L(r) for r in a]
    return [None if np.isnan(v) else float(v) for v in a]


rng = np.random.RandomState(5)
n = 120
train = np.c_[
    rng.lognormal(0, 1, n),
    rng.normal(3, 2, n),
    rng.randint(0, 5, n).astype(float),   # heavy ties: repeated quantiles
    np.round(rng.exponential(1, n), 1),   # ties too
]
train_nan = train.copy()
train_nan[rng.rand(n, 4) < 0.15] = np.nan
lo, hi = np.nanmin(train, axis=0), np.nanmax(train, axis=0)
test = lo + rng.uniform(-0.3, 1.3, size=(30, 4)) * (hi - lo)
test = np.vstack([test, train[:20], lo, hi, lo - 1e-8, hi + 1e-8])
test[3, 1] = np.nan
inv_uniform = np.c_[np.linspace(-0.2, 1.2, 15), np.linspace(0, 1, 15), rng.uniform(0, 1, 15), np.linspace(1, 0, 15)]
inv_normal = np.c_[np.linspace(-7, 7, 15), rng.normal(size=15), np.linspace(-5.2, 5.2, 15), np.linspace(2, -2, 15)]
inv_uniform[4, 2] = np.nan

out = {
    "sklearn_version": sklearn.__version__,
    "X/train": L(train),
    "X/train_nan": L(train_nan),
    "X/test": L(test),
    "X/inv_uniform": L(inv_uniform),
    "X/inv_normal": L(inv_normal),
}
cases = {
    "default": (train, {}),
    "q10": (train, {"n_quantiles": 10}),
    "q7": (train, {"n_quantiles": 7}),
    "q2": (train, {"n_quantiles": 2}),
    "nan": (train_nan, {"n_quantiles": 50}),
    "nan_default": (train_nan, {}),
}
for name, (X, params) in cases.items():
    for dist in ["uniform", "normal"]:
        key = f"{name}/{dist}"
        qt = QuantileTransformer(output_distribution=dist, **params).fit(X)
        out[key + "/nquantiles"] = int(qt.n_quantiles_)
        out[key + "/quantiles"] = L(qt.quantiles_.T)
        out[key + "/references"] = L(qt.references_)
        out[key + "/transform"] = L(qt.transform(test))
        out[key + "/fit_transform"] = L(qt.transform(X))
        inv = inv_normal if dist == "normal" else inv_uniform
        out[key + "/inverse"] = L(qt.inverse_transform(inv))

# Boston: quantiles and transforms of the full data set (506 rows, 13 columns, with
# many ties), 100 quantiles.
import csv
with open(os.path.join(DATA, "boston_house_prices.csv")) as f:
    rows = list(csv.reader(f))[2:]
boston = np.array([[float(v) for v in r[:13]] for r in rows])
for dist in ["uniform", "normal"]:
    qt = QuantileTransformer(n_quantiles=100, output_distribution=dist).fit(boston)
    out[f"boston/{dist}/quantiles"] = L(qt.quantiles_.T)
    out[f"boston/{dist}/transform"] = L(qt.transform(boston[::5]))
    out[f"boston/{dist}/inverse"] = L(qt.inverse_transform(qt.transform(boston[::5])))

# A constant feature and a single row.
const = np.c_[np.full(5, 2.0), [1.0, 2, 3, 4, 5]]
qt = QuantileTransformer(n_quantiles=3).fit(const)
out["X/const"] = L(const)
out["const/quantiles"] = L(qt.quantiles_.T)
out["const/transform"] = L(qt.transform(np.c_[[1.0, 2, 3], [0.0, 2.5, 9]]))
one = np.array([[4.0, -1.0]])
qt = QuantileTransformer(output_distribution="normal").fit(one)
out["one/transform"] = L(qt.transform(np.array([[3.0, -1.0], [4.0, 0.0], [5.0, -2.0]])))
out["one/inverse"] = L(qt.inverse_transform(np.array([[0.0, -1.0], [3.0, 1.0]])))

with open(os.path.join(HERE, "quantile.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", len(out), "keys")
