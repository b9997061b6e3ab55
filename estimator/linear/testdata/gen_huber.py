"""Generate testdata/huber.json: scikit-learn 1.2.1 HuberRegressor goldens.

Run by hand from this directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 gen_huber.py

Data ("X" 200x5, "y", weights "w") are stored: a linear model with noise and 10%
gross outliers. Each case stores scikit-learn's fit with its defaults ("<case>/sk/...":
coef_, intercept_, scale_, outliers_, n_iter_) and the exact optimum of the same
objective ("<case>/opt/..."), found by scipy's L-BFGS-B on scikit-learn's own
_huber_loss_and_gradient with ftol=0 and gtol=1e-12.
"""
import json

import numpy as np
import sklearn
from scipy import optimize
from sklearn.linear_model import HuberRegressor
from sklearn.linear_model._huber import _huber_loss_and_gradient

assert sklearn.__version__ == "1.2.1", sklearn.__version__

rng = np.random.RandomState(42)
n, p = 200, 5
X = rng.normal(size=(n, p)) * np.array([1.0, 2.0, 0.5, 1.0, 3.0]) + 1.0
coef = np.array([1.5, -2.0, 0.0, 3.0, 0.7])
y = X @ coef + 4.0 + rng.normal(scale=0.5, size=n)
out_idx = rng.choice(n, size=20, replace=False)
y[out_idx] += rng.normal(scale=20.0, size=20)
w = rng.uniform(0.5, 2.0, size=n)

out = {"sklearn_version": sklearn.__version__, "X": X.ravel().tolist(), "y": y.tolist(), "w": w.tolist()}

cases = {
    "default": ({}, None),
    "eps1.1": ({"epsilon": 1.1}, None),
    "alpha0": ({"alpha": 0.0}, None),
    "alpha10": ({"alpha": 10.0}, None),
    "nointercept": ({"fit_intercept": False}, None),
    "weighted": ({}, w),
    "eps2_weighted": ({"epsilon": 2.0, "alpha": 1.0}, w),
}
for name, (kw, sw) in cases.items():
    m = HuberRegressor(**kw).fit(X, y, sample_weight=sw)
    k = name + "/sk/"
    out[k + "coef"] = m.coef_.tolist()
    out[k + "intercept"] = float(m.intercept_)
    out[k + "scale"] = float(m.scale_)
    out[k + "outliers"] = m.outliers_.astype(int).tolist()
    out[k + "n_iter"] = int(m.n_iter_)
    # Exact optimum.
    fit_intercept = kw.get("fit_intercept", True)
    eps = kw.get("epsilon", 1.35)
    alpha = kw.get("alpha", 1e-4)
    x0 = np.zeros(p + (2 if fit_intercept else 1))
    x0[-1] = 1
    bounds = np.tile([-np.inf, np.inf], (x0.shape[0], 1))
    bounds[-1][0] = np.finfo(np.float64).eps * 10
    swv = np.ones(n) if sw is None else sw
    res = optimize.minimize(_huber_loss_and_gradient, x0, method="L-BFGS-B", jac=True,
                            args=(X, y, eps, alpha, swv), bounds=bounds,
                            options={"maxiter": 100000, "gtol": 1e-12, "ftol": 0, "maxls": 100})
    g = _huber_loss_and_gradient(res.x, X, y, eps, alpha, swv)[1]
    k = name + "/opt/"
    out[k + "coef"] = res.x[:p].tolist()
    out[k + "intercept"] = float(res.x[p]) if fit_intercept else 0.0
    out[k + "scale"] = float(res.x[-1])
    out[k + "grad_maxnorm"] = float(np.abs(g).max())

with open("huber.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote huber.json")
