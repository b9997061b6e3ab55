"""Generate testdata/quantile.json: scikit-learn 1.2.1 QuantileRegressor goldens
(solver="highs", scipy's HiGHS dual simplex).

Run by hand from this directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 gen_quantile.py

Data are stored: "syn/X" (300x5, heteroscedastic noise), "syn/y", weights "syn/w";
"diab/X" (diabetes, standardised with the population standard deviation), "diab/y"
(the raw target). Each case stores coef_, intercept_ and the objective
(1/S) sum s_i rho_q(r_i) + alpha ||w||_1 at scikit-learn's solution.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import QuantileRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__

rng = np.random.RandomState(7)
n, p = 300, 5
X = rng.normal(size=(n, p))
y = X @ np.array([1.0, -2.0, 0.5, 0.0, 3.0]) + 2.0 + (1 + np.abs(X[:, 0])) * rng.standard_t(3, size=n)
w = rng.uniform(0.2, 3.0, size=n)
diab = load_diabetes()
Xd = (diab.data - diab.data.mean(axis=0)) / diab.data.std(axis=0)
yd = diab.target.astype(float)

out = {"sklearn_version": sklearn.__version__,
       "syn/X": X.ravel().tolist(), "syn/y": y.tolist(), "syn/w": w.tolist(),
       "diab/X": Xd.ravel().tolist(), "diab/y": yd.tolist()}


def objective(m, X, y, sw, q, alpha):
    r = y - X @ m.coef_ - m.intercept_
    loss = np.where(r >= 0, q * r, (q - 1) * r)
    sw = np.ones_like(y) if sw is None else sw
    return float(np.sum(sw * loss) / np.sum(sw) + alpha * np.abs(m.coef_).sum())


cases = {
    "default": ("syn", {}, False),
    "alpha0": ("syn", {"alpha": 0.0}, False),
    "alpha0.01": ("syn", {"alpha": 0.01}, False),
    "q0.1": ("syn", {"quantile": 0.1, "alpha": 0.005}, False),
    "q0.9_noint": ("syn", {"quantile": 0.9, "alpha": 0.0, "fit_intercept": False}, False),
    "weighted": ("syn", {"quantile": 0.3, "alpha": 0.02}, True),
    "diab_median": ("diab", {"alpha": 0.0}, False),
    "diab_q0.8": ("diab", {"quantile": 0.8, "alpha": 0.1}, False),
    "diab_lasso": ("diab", {"alpha": 2.0}, False),
}
for name, (data, kw, weighted) in cases.items():
    Xc, yc = (X, y) if data == "syn" else (Xd, yd)
    sw = w if weighted else None
    m = QuantileRegressor(solver="highs", **kw).fit(Xc, yc, sample_weight=sw)
    out[name + "/coef"] = m.coef_.tolist()
    out[name + "/intercept"] = float(m.intercept_)
    out[name + "/objective"] = objective(m, Xc, yc, sw, kw.get("quantile", 0.5), kw.get("alpha", 1.0))

with open("quantile.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote quantile.json")
