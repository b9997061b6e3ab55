#!/usr/bin/python3
"""Generate scikit-learn 1.2.1 goldens for LogisticCV (LogisticRegressionCV, lbfgs)
(testdata/cv_logistic.json).

Run from the package directory:  /usr/bin/python3 testdata/gen_cv_logistic.py
Iris and breast cancer come from sklearn.datasets (the numbers of the CSVs embedded
by github.com/skgo/skgo/datasets); breast cancer is standardised with the population
standard deviation (ddof=0), as the Go test does. The default StratifiedKFold(5)
without shuffling gives the same folds as crossval.StratifiedKFold{K: 5}.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import KFold

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore", ConvergenceWarning)
HERE = os.path.dirname(os.path.abspath(__file__))

iris = load_iris()
bc = load_breast_cancer()
Xbc = (bc.data - bc.data.mean(axis=0)) / bc.data.std(axis=0)
Xir = (iris.data - iris.data.mean(axis=0)) / iris.data.std(axis=0)
sets = {"iris": (Xir, iris.target.astype(float)), "bc": (Xbc, bc.target.astype(float))}
# Fits at large C on (nearly) separable classes stop at max_iter=100 before
# converging, and where they stop depends on every rounding of the trajectory; the
# cases that reach such Cs run to convergence (tol=1e-8, max_iter=5000) so that the
# comparison is with the optimum both implementations approach. "/n_iter_max" records
# scikit-learn's largest iteration count, below max_iter.
out = {}

for key, data, kw, weighted in [
    ("bc", "bc", dict(), False),
    ("bc/logloss", "bc", dict(Cs=[0.001, 0.01, 0.1, 1.0, 3.0], scoring="neg_log_loss"), False),
    ("bc/norefit", "bc", dict(refit=False), False),
    ("bc/balanced/weighted", "bc", dict(class_weight="balanced", Cs=[0.01, 0.1, 1.0, 10.0]), True),
    ("iris", "iris", dict(tol=1e-8, max_iter=5000), False),
    ("iris/ovr", "iris", dict(multi_class="ovr", tol=1e-8, max_iter=5000), False),
    ("iris/norefit", "iris", dict(refit=False, Cs=6, tol=1e-8, max_iter=5000), False),
    ("iris/ovr/norefit/balanced", "iris", dict(multi_class="ovr", refit=False, class_weight="balanced"), False),
    ("iris/noint/kfold", "iris", dict(fit_intercept=False, cv=KFold(4, shuffle=False), Cs=[0.05, 0.5, 5.0], tol=1e-8, max_iter=5000), False),
]:
    X, y = sets[data]
    sw = np.linspace(0.5, 2.0, len(y)) if weighted else None
    m = LogisticRegressionCV(**kw).fit(X, y, sample_weight=sw)
    out[key + "/C"] = np.asarray(m.C_, dtype=float).tolist()
    out[key + "/Cs"] = m.Cs_.tolist()
    out[key + "/coef"] = m.coef_.tolist()
    out[key + "/intercept"] = np.atleast_1d(m.intercept_).tolist()
    out[key + "/scores"] = [m.scores_[c].tolist() for c in sorted(m.scores_)]
    out[key + "/proba"] = m.predict_proba(X[:15]).tolist()
    out[key + "/predict"] = m.predict(X).astype(float).tolist()
    out[key + "/n_iter_max"] = int(np.max(m.n_iter_))
    print(key, "max n_iter", int(np.max(m.n_iter_)), "C_", m.C_)

with open(os.path.join(HERE, "cv_logistic.json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
