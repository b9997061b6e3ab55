"""Generate testdata/pca_solvers.json: scikit-learn 1.2.1 PCA with svd_solver
"arpack" and "randomized" (and "full" on the same data) for package preprocess's
PCA.SvdSolver tests.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_pca_solvers.py
"""
import csv
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")


def load(name, header):
    if name.endswith(".gz"):  # digits: no header, 64 pixels then the label
        with gzip.open(os.path.join(DATA, name), "rt") as f:
            return np.array([[float(v) for v in r[:64]] for r in csv.reader(f)])
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.reader(f))
    n, p = int(rows[0][0]), int(rows[0][1])
    rows = rows[2:] if header else rows[1:]
    a = np.array([[float(v) for v in r[: p + 1]] for r in rows])
    assert a.shape == (n, p + 1)
    return a[:, :p]


out = {"sklearn_version": sklearn.__version__}
boston = load("boston_house_prices.csv", True)
digits = load("digits.csv.gz", False)

# Low rank plus noise: 5 strong directions in 50 features, 600 rows (so "auto"
# resolves to "randomized" for 5 components).
rng = np.random.RandomState(0)
lr = rng.normal(size=(600, 5)) @ (rng.normal(size=(5, 50)) * [[8], [6], [4], [3], [2]])
lr += 0.01 * rng.normal(size=(600, 50)) + 3.0
# 40 × 120, n < p: scikit-learn's transposed randomized branch.
wide = rng.normal(size=(40, 3)) @ rng.normal(size=(3, 120)) * 5 + 0.01 * rng.normal(size=(40, 120))
out["lowrank/X"] = lr.tolist()
out["wide/X"] = wide.tolist()

cases = {
    "boston-arpack-5": (boston, dict(n_components=5, svd_solver="arpack")),
    "boston-arpack-none": (boston, dict(svd_solver="arpack")),
    "digits-arpack-10": (digits, dict(n_components=10, svd_solver="arpack")),
    "lowrank-arpack-5": (lr, dict(n_components=5, svd_solver="arpack")),
    "lowrank-randomized-5": (lr, dict(n_components=5, svd_solver="randomized", random_state=0)),
    "lowrank-auto-5": (lr, dict(n_components=5, random_state=0)),
    "lowrank-full-5": (lr, dict(n_components=5, svd_solver="full")),
    "wide-randomized-3": (wide, dict(n_components=3, svd_solver="randomized", random_state=0)),
    "wide-arpack-3": (wide, dict(n_components=3, svd_solver="arpack")),
    "wide-full-3": (wide, dict(n_components=3, svd_solver="full")),
}
for name, (X, kw) in cases.items():
    p = PCA(**kw).fit(X)
    k = "pca/" + name
    out[k + "/solver"] = p._fit_svd_solver
    out[k + "/components"] = p.components_.tolist()
    out[k + "/explained_variance"] = p.explained_variance_.tolist()
    out[k + "/explained_variance_ratio"] = p.explained_variance_ratio_.tolist()
    out[k + "/singular_values"] = p.singular_values_.tolist()
    out[k + "/noise_variance"] = float(p.noise_variance_)
    out[k + "/transform"] = p.transform(X[:10]).tolist()

with open(os.path.join(HERE, "pca_solvers.json"), "w") as f:
    json.dump(out, f)
