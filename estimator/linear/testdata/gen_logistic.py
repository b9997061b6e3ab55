"""Generate testdata/logistic.json: scikit-learn 1.2.1 LogisticRegression (lbfgs) goldens.

Run by hand from this directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 gen_logistic.py

Every case is fitted with tol=1e-10 and max_iter=10000 ("<case>/coef", ...). scipy's
L-BFGS-B still stops on its relative-reduction test (factr), so each case also stores
the exact optimum of the same objective ("<case>/opt_coef", "<case>/opt_intercept"),
found by driving scikit-learn's own LinearModelLoss to a gradient max-norm near 1e-10
with ftol=0; "<case>/lbfgs_vs_opt" records how far sklearn's answer is from it. Breast cancer is standardised
(population standard deviation, ddof=0) first, exactly as the Go test does.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, make_classification
from scipy.optimize import minimize
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.class_weight import compute_class_weight

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {"sklearn_version": sklearn.__version__}


def rows(a):
    return np.asarray(a, dtype=float).tolist()


def optimum(X, y, sample_weight, C, fit_intercept, multi_class, class_weight, penalty):
    """Drives sklearn's own objective (LinearModelLoss, as _logistic_regression_path
    builds it) to a gradient max-norm below 1e-9 with scipy's L-BFGS-B, ftol=0, and
    returns (coef, intercept) laid out like coef_ and intercept_."""
    classes = np.unique(y)
    n, p = X.shape
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float).copy()
    l2 = 0.0 if penalty == "none" else 1.0 / C
    le = LabelEncoder().fit(classes)

    def solve(base, target, w):
        loss = LinearModelLoss(base_loss=base, fit_intercept=fit_intercept)
        coef0 = loss.init_zero_coef(X).ravel(order="F")
        res = None
        for _ in range(5):
            res = minimize(
                loss.loss_gradient, coef0, method="L-BFGS-B", jac=True,
                args=(X, target, w, l2, 1),
                options={"ftol": 0.0, "gtol": 1e-11, "maxiter": 100000, "maxcor": 30},
            )
            coef0 = res.x
        g = loss.loss_gradient(res.x, X, target, w, l2, 1)[1]
        return res.x, float(np.abs(g).max())

    if multi_class == "multinomial":
        w = sw.copy()
        if class_weight is not None:
            w *= compute_class_weight(class_weight, classes=classes, y=y)[le.transform(y)]
        K = len(classes)
        x, g = solve(HalfMultinomialLoss(n_classes=K), le.transform(y).astype(float), w)
        W = x.reshape((K, -1), order="F")
        if K == 2:
            W = W[1:]
        coef, icpt = (W[:, :-1], W[:, -1]) if fit_intercept else (W, np.zeros(len(W)))
        return coef, icpt, g
    pos = classes[1:] if len(classes) == 2 else classes
    coefs, icpts, gs = [], [], []
    for c in pos:
        yb = (y == c).astype(float)
        w = sw.copy()
        if class_weight is not None:
            w *= compute_class_weight(class_weight, classes=np.array([0.0, 1.0]), y=yb)[
                yb.astype(int)]
        x, g = solve(HalfBinomialLoss(), yb, w)
        coefs.append(x[:p])
        icpts.append(x[p] if fit_intercept else 0.0)
        gs.append(g)
    return np.array(coefs), np.array(icpts), max(gs)


def case(name, X, y, sample_weight=None, **kw):
    params = dict(solver="lbfgs", tol=1e-10, max_iter=10000)
    params.update(kw)
    m = LogisticRegression(**params).fit(X, y, sample_weight=sample_weight)
    mc = params.get("multi_class", "auto")
    if mc == "auto":
        mc = "multinomial" if len(m.classes_) > 2 else "ovr"
    coef, icpt, g = optimum(X, y, sample_weight, params.get("C", 1.0),
                            params.get("fit_intercept", True), mc,
                            params.get("class_weight"), params.get("penalty", "l2"))
    diff = max(np.abs(m.coef_ - coef).max(), np.abs(m.intercept_ - icpt).max())
    out[name + "/coef"] = rows(m.coef_)
    out[name + "/intercept"] = rows(m.intercept_)
    out[name + "/classes"] = rows(m.classes_)
    out[name + "/proba"] = rows(m.predict_proba(X))
    out[name + "/decision"] = rows(m.decision_function(X))
    out[name + "/predict"] = rows(m.predict(X))
    out[name + "/n_iter"] = int(np.max(m.n_iter_))
    out[name + "/opt_coef"] = rows(coef)
    out[name + "/opt_intercept"] = rows(icpt)
    out[name + "/lbfgs_vs_opt"] = float(diff)
    print(f"{name:36s} n_iter={int(np.max(m.n_iter_)):5d} "
          f"|lbfgs-opt|={diff:.2e} opt |grad|inf={g:.1e}")


iris = load_iris()
case("iris/C=1", iris.data, iris.target)
case("iris/C=0.1", iris.data, iris.target, C=0.1)
case("iris/ovr", iris.data, iris.target, multi_class="ovr")
case("iris/no-intercept", iris.data, iris.target, fit_intercept=False)

bc = load_breast_cancer()
Xbc = (bc.data - bc.data.mean(axis=0)) / bc.data.std(axis=0)
case("breast_cancer/C=1", Xbc, bc.target)
case("breast_cancer/C=0.05", Xbc, bc.target, C=0.05)
case("breast_cancer/multinomial", Xbc, bc.target, multi_class="multinomial")
case("breast_cancer/balanced", Xbc, bc.target, class_weight="balanced")

# Synthetic data: X and y are stored so the Go test uses the very same numbers.
Xs, ys = make_classification(
    n_samples=300, n_features=8, n_informative=5, n_redundant=1, n_classes=3,
    n_clusters_per_class=1, flip_y=0.05, random_state=0,
)
ys = np.array([1.0, 2.0, 5.0])[ys]  # arbitrary float labels
sw = np.random.RandomState(1).uniform(0.2, 3.0, size=len(ys))
out["synthetic/X"] = rows(Xs)
out["synthetic/y"] = rows(ys)
out["synthetic/w"] = rows(sw)
case("synthetic/multinomial", Xs, ys)
case("synthetic/C=0.01", Xs, ys, C=0.01)
case("synthetic/ovr", Xs, ys, multi_class="ovr")
case("synthetic/weighted", Xs, ys, sample_weight=sw)
case("synthetic/balanced", Xs, ys, class_weight="balanced")
case("synthetic/ovr-balanced-weighted", Xs, ys, sample_weight=sw, multi_class="ovr",
     class_weight="balanced", C=0.5)

Xb, yb = make_classification(
    n_samples=400, n_features=6, n_informative=3, flip_y=0.1, class_sep=0.5,
    random_state=3,
)
out["binary/X"] = rows(Xb)
out["binary/y"] = rows(yb)
out["binary/w"] = rows(np.random.RandomState(2).uniform(0.2, 3.0, size=len(yb)))
case("binary/C=1", Xb, yb)
case("binary/none", Xb, yb, penalty="none")
case("binary/weighted-no-intercept", Xb, yb, sample_weight=np.array(out["binary/w"]),
     fit_intercept=False, C=0.3)

with open("logistic.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
