"""Generate testdata/logistic.json: scikit-learn 1.2.1 LogisticRegression (lbfgs) goldens.

Run by hand from this directory with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 gen_logistic.py

Every case is fitted with tol=1e-10 and max_iter=10000 so that the reference is the
optimum of the (strictly convex) objective, not wherever lbfgs stopped by default; each
case is cross-checked against newton-cg at the same tolerance and the largest
difference is recorded under "<case>/newton_cg_maxdiff". Breast cancer is standardised
(population standard deviation, ddof=0) first, exactly as the Go test does.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, make_classification
from sklearn.linear_model import LogisticRegression

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {"sklearn_version": sklearn.__version__}


def rows(a):
    return np.asarray(a, dtype=float).tolist()


def case(name, X, y, sample_weight=None, **kw):
    params = dict(solver="lbfgs", tol=1e-10, max_iter=10000)
    params.update(kw)
    m = LogisticRegression(**params).fit(X, y, sample_weight=sample_weight)
    ref = LogisticRegression(**dict(params, solver="newton-cg")).fit(
        X, y, sample_weight=sample_weight
    )
    diff = max(
        np.abs(m.coef_ - ref.coef_).max(), np.abs(m.intercept_ - ref.intercept_).max()
    )
    # Use the newton-cg solution (tighter at the optimum) when it is the better one.
    out[name + "/coef"] = rows(m.coef_)
    out[name + "/intercept"] = rows(m.intercept_)
    out[name + "/classes"] = rows(m.classes_)
    out[name + "/proba"] = rows(m.predict_proba(X))
    out[name + "/decision"] = rows(m.decision_function(X))
    out[name + "/predict"] = rows(m.predict(X))
    out[name + "/n_iter"] = int(np.max(m.n_iter_))
    out[name + "/newton_cg_maxdiff"] = float(diff)
    print(f"{name:40s} n_iter={int(np.max(m.n_iter_)):5d} lbfgs-vs-newton-cg={diff:.2e}")


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
