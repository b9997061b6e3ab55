"""Generate testdata/saga.json: scikit-learn 1.2.1 LogisticRegression(solver="saga")
goldens for the l1, elasticnet and l2 penalties.

Run by hand from this directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 gen_saga.py

Data are stored ("bc/X": breast cancer standardised with the population standard
deviation, binary; "iris/X": iris standardised, three classes). Every case is fitted
with tol=1e-8 and max_iter=20000, so SAGA ends near the unique optimum; the Go test
compares coefficients, which do not depend on the random row order at that point.
"""
import json
import time

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression

assert sklearn.__version__ == "1.2.1", sklearn.__version__


def std(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


bc = load_breast_cancer()
Xb, yb = std(bc.data), bc.target.astype(float)
iris = load_iris()
Xi, yi = std(iris.data), iris.target.astype(float)
out = {"sklearn_version": sklearn.__version__,
       "bc/X": Xb.ravel().tolist(), "bc/y": yb.tolist(),
       "iris/X": Xi.ravel().tolist(), "iris/y": yi.tolist()}
cases = {
    "bc_l1": ("bc", {"penalty": "l1", "C": 0.5}),
    "bc_en": ("bc", {"penalty": "elasticnet", "l1_ratio": 0.5, "C": 1.0}),
    "bc_l2": ("bc", {"penalty": "l2", "C": 0.1}),
    "iris_l1": ("iris", {"penalty": "l1", "C": 1.0}),
    "iris_en": ("iris", {"penalty": "elasticnet", "l1_ratio": 0.3, "C": 2.0}),
    "iris_l1_ovr": ("iris", {"penalty": "l1", "C": 1.0, "multi_class": "ovr"}),
    "iris_en_noint": ("iris", {"penalty": "elasticnet", "l1_ratio": 0.7, "C": 0.5, "fit_intercept": False}),
}
for name, (data, kw) in cases.items():
    X, y = (Xb, yb) if data == "bc" else (Xi, yi)
    t0 = time.time()
    m = LogisticRegression(solver="saga", tol=1e-8, max_iter=20000, random_state=0, **kw).fit(X, y)
    out[name + "/coef"] = m.coef_.ravel().tolist()
    out[name + "/intercept"] = m.intercept_.tolist()
    out[name + "/n_iter"] = int(np.max(m.n_iter_))
    print(name, m.n_iter_, "%.1fs" % (time.time() - t0))

with open("saga.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote saga.json")
