"""Generate testdata/sgd.json: scikit-learn 1.2.1 SGDClassifier / SGDRegressor goldens.

Run by hand from this directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 gen_sgd.py

Deterministic cases use shuffle=False, so plain SGD visits the rows in order and the
Go port must reproduce coef_, intercept_ and n_iter_. Their data (standardised with
the population standard deviation) are stored in the file so both sides read the same
bits: "iris/X" (150x4, classes 0, 1, 2), "bc/X" (breast cancer, 569x30, binary),
"diab/X", "diab/y" (diabetes, y scaled to (y - 150) / 80).

Shuffled cases ("shuffled/...") store the mean test accuracy / R^2 over
random_state 0..99 on a fixed split (train: rows i % 3 != 0, test: i % 3 == 0); the Go
side shuffles with its own generator and compares means.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import SGDClassifier, SGDRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {"sklearn_version": sklearn.__version__}


def std(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


iris = load_iris()
Xi, yi = std(iris.data), iris.target.astype(float)
bc = load_breast_cancer()
Xb, yb = std(bc.data), bc.target.astype(float)
diab = load_diabetes()
Xd = std(diab.data)
yd = (diab.target - 150.0) / 80.0
out["iris/X"] = Xi.ravel().tolist()
out["iris/y"] = yi.tolist()
out["bc/X"] = Xb.ravel().tolist()
out["bc/y"] = yb.tolist()
out["diab/X"] = Xd.ravel().tolist()
out["diab/y"] = yd.tolist()

rng = np.random.RandomState(0)
w_iris = rng.uniform(0.2, 2.0, size=len(yi))
w_diab = rng.uniform(0.2, 2.0, size=len(yd))
out["iris/w"] = w_iris.tolist()
out["diab/w"] = w_diab.tolist()

clf_cases = {
    # name: (data, kwargs, use weights)
    "hinge": ("iris", {}, False),
    "log": ("iris", {"loss": "log_loss"}, False),
    "mhuber_en": ("iris", {"loss": "modified_huber", "penalty": "elasticnet", "l1_ratio": 0.3}, False),
    "sqhinge_l1": ("iris", {"loss": "squared_hinge", "penalty": "l1", "alpha": 1e-3}, False),
    "perceptron_none": ("iris", {"loss": "perceptron", "penalty": None}, False),
    "hinge_const": ("iris", {"learning_rate": "constant", "eta0": 0.01}, False),
    "log_l1_invscaling": ("iris", {"loss": "log_loss", "penalty": "l1", "learning_rate": "invscaling", "eta0": 0.1}, False),
    "sqerr_adaptive": ("iris", {"loss": "squared_error", "learning_rate": "adaptive", "eta0": 0.01}, False),
    "huber": ("iris", {"loss": "huber", "epsilon": 0.5, "learning_rate": "constant", "eta0": 0.01}, False),
    "epsins": ("iris", {"loss": "epsilon_insensitive", "learning_rate": "invscaling", "eta0": 0.05}, False),
    "sqepsins": ("iris", {"loss": "squared_epsilon_insensitive", "learning_rate": "constant", "eta0": 0.001}, False),
    "average": ("iris", {"average": True}, False),
    "average10": ("iris", {"loss": "log_loss", "average": 10}, False),
    "balanced_w": ("iris", {"class_weight": "balanced"}, True),
    "dictweight": ("iris", {"class_weight": {0: 1.0, 1: 2.0, 2: 0.5}}, False),
    "nointercept": ("iris", {"fit_intercept": False, "loss": "log_loss"}, False),
    "bc_hinge": ("bc", {}, False),
    "bc_log_en": ("bc", {"loss": "log_loss", "penalty": "elasticnet", "alpha": 1e-3}, False),
    "bc_mhuber_avg": ("bc", {"loss": "modified_huber", "average": 50}, False),
    "bc_balanced": ("bc", {"class_weight": "balanced", "loss": "squared_hinge"}, False),
}
for name, (data, kw, weighted) in clf_cases.items():
    X, y = (Xi, yi) if data == "iris" else (Xb, yb)
    sw = w_iris if weighted else None
    for mode, extra in (("fixed", {"tol": None, "max_iter": 7}), ("conv", {"max_iter": 200})):
        if mode == "conv" and "adaptive" not in name and name not in ("hinge", "log", "bc_hinge", "average"):
            continue
        m = SGDClassifier(shuffle=False, random_state=0, **extra, **kw)
        m.fit(X, y, sample_weight=sw)
        key = "clf/%s/%s" % (name, mode)
        out[key + "/coef"] = m.coef_.ravel().tolist()
        out[key + "/intercept"] = m.intercept_.tolist()
        out[key + "/n_iter"] = int(m.n_iter_)
        out[key + "/t"] = float(m.t_)
        if kw.get("loss") in ("log_loss", "modified_huber"):
            out[key + "/proba"] = m.predict_proba(X).ravel().tolist()
        out[key + "/decision"] = m.decision_function(X).ravel().tolist()

# Convergence cut at max_iter: default tol with too few epochs.
m = SGDClassifier(shuffle=False, max_iter=3).fit(Xi, yi)
out["clf/maxiter3/n_iter"] = int(m.n_iter_)
out["clf/maxiter3/coef"] = m.coef_.ravel().tolist()

# partial_fit: three one-epoch calls on row blocks.
m = SGDClassifier(shuffle=False, loss="log_loss")
blocks = [slice(0, 50), slice(50, 110), slice(110, 150)]
order = np.random.RandomState(1).permutation(150)
for b in blocks:
    idx = order[b]
    m.partial_fit(Xi[idx], yi[idx], classes=[0.0, 1.0, 2.0])
out["clf/partial/order"] = order.tolist()
out["clf/partial/coef"] = m.coef_.ravel().tolist()
out["clf/partial/intercept"] = m.intercept_.tolist()
out["clf/partial/t"] = float(m.t_)

reg_cases = {
    "default": ({}, False),
    "huber": ({"loss": "huber", "epsilon": 0.3}, False),
    "epsins": ({"loss": "epsilon_insensitive", "epsilon": 0.05}, False),
    "sqepsins": ({"loss": "squared_epsilon_insensitive"}, False),
    "l1": ({"penalty": "l1", "alpha": 0.01}, False),
    "en": ({"penalty": "elasticnet", "alpha": 0.01, "l1_ratio": 0.5}, False),
    "constant": ({"learning_rate": "constant", "eta0": 0.001}, False),
    "optimal": ({"learning_rate": "optimal", "alpha": 0.01}, False),
    "adaptive": ({"learning_rate": "adaptive", "eta0": 0.01}, False),
    "average": ({"average": True}, False),
    "average100": ({"average": 100, "learning_rate": "constant", "eta0": 0.01}, False),
    "weighted": ({}, True),
    "nointercept": ({"fit_intercept": False}, False),
    "none": ({"penalty": None, "power_t": 0.4, "eta0": 0.02}, False),
}
for name, (kw, weighted) in reg_cases.items():
    sw = w_diab if weighted else None
    for mode, extra in (("fixed", {"tol": None, "max_iter": 7}), ("conv", {"max_iter": 500})):
        m = SGDRegressor(shuffle=False, random_state=0, **extra, **kw)
        m.fit(Xd, yd, sample_weight=sw)
        key = "reg/%s/%s" % (name, mode)
        out[key + "/coef"] = m.coef_.tolist()
        out[key + "/intercept"] = float(m.intercept_[0])
        out[key + "/n_iter"] = int(m.n_iter_)
        out[key + "/t"] = float(m.t_)

m = SGDRegressor(shuffle=False)
for b in blocks + [slice(150, 442)]:
    m.partial_fit(Xd[b], yd[b])
out["reg/partial/coef"] = m.coef_.tolist()
out["reg/partial/intercept"] = float(m.intercept_[0])
m = SGDRegressor(shuffle=False, average=100)
for b in blocks + [slice(150, 442)]:
    m.partial_fit(Xd[b], yd[b])
out["reg/partial_avg/coef"] = m.coef_.tolist()
out["reg/partial_avg/intercept"] = float(m.intercept_[0])

# Shuffled: mean test score over seeds on a fixed split.
def split(n):
    i = np.arange(n)
    return i % 3 != 0, i % 3 == 0

tr, te = split(len(yb))
accs = [SGDClassifier(random_state=s).fit(Xb[tr], yb[tr]).score(Xb[te], yb[te]) for s in range(100)]
out["shuffled/bc_hinge/acc"] = float(np.mean(accs))
tr, te = split(len(yi))
accs = [SGDClassifier(random_state=s, loss="log_loss").fit(Xi[tr], yi[tr]).score(Xi[te], yi[te]) for s in range(100)]
out["shuffled/iris_log/acc"] = float(np.mean(accs))
accs = [SGDClassifier(random_state=s, early_stopping=True, validation_fraction=0.2).fit(Xb[tr := split(len(yb))[0]], yb[tr]).score(Xb[split(len(yb))[1]], yb[split(len(yb))[1]]) for s in range(100)]
out["shuffled/bc_early/acc"] = float(np.mean(accs))
tr, te = split(len(yd))
r2s = [SGDRegressor(random_state=s).fit(Xd[tr], yd[tr]).score(Xd[te], yd[te]) for s in range(100)]
out["shuffled/diab/r2"] = float(np.mean(r2s))
r2s = [SGDRegressor(random_state=s, early_stopping=True).fit(Xd[tr], yd[tr]).score(Xd[te], yd[te]) for s in range(100)]
out["shuffled/diab_early/r2"] = float(np.mean(r2s))
r2s = [SGDRegressor(random_state=s, loss="huber", average=True).fit(Xd[tr], yd[tr]).score(Xd[te], yd[te]) for s in range(100)]
out["shuffled/diab_huber_avg/r2"] = float(np.mean(r2s))

with open("sgd.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote sgd.json")
