#!/usr/bin/python3
"""Goldens for estimator/calibration, from scikit-learn 1.2.1.

Run by hand: cd estimator/calibration && /usr/bin/python3 testdata/gen_calibration.py

The data are scikit-learn's bundled breast cancer and iris sets, the same files
skgo's datasets package embeds (the Go test checks the column sums stored here).
Breast cancer is standardized with StandardScaler on all rows, in both languages.
The CV is scikit-learn's default cv=5 (or cv=3): unshuffled StratifiedKFold,
whose folds crossval.StratifiedKFold reproduces exactly. Iterative base models are
run to tight tolerances (LinearSVC tol=1e-8, LogisticRegression tol=1e-10) so that
the Go and scikit-learn base models agree far below the compared 1e-6. lbfgs also
stops on scipy's relative-reduction test (factr 1e7), which no option of
LogisticRegression tightens, so the logistic cases use standardized data, where
skgo's L-BFGS takes the same iterates as scipy's (on breast cancer they part, and
the two stopping points differ by ~1e-5 in probability). GaussianNB's breast
cancer probabilities are saturated (345 of the 568 gaps between sorted values are
below 1e-15, numpy's merging threshold for equal x in isotonic regression), so a
last-bit difference regroups them: it is compared with the sigmoid only.
"""
import json

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
bc = load_breast_cancer()
Xbc = StandardScaler().fit_transform(bc.data)
ybc = bc.target.astype(float)
iris = load_iris()
Xir, yir = iris.data, iris.target.astype(float)
Xir_s = StandardScaler().fit_transform(Xir)
out["data/breast_cancer_colsums"] = bc.data.sum(axis=0).tolist()
out["data/iris_colsums"] = Xir.sum(axis=0).tolist()

rng = np.random.RandomState(0)
w_bc = rng.uniform(0.5, 2.0, len(ybc))
out["weights/breast_cancer"] = w_bc.tolist()


def svc():
    return LinearSVC(random_state=0, tol=1e-8, max_iter=100000)


def logistic():
    return LogisticRegression(tol=1e-10, max_iter=10000)


def record(name, model, X, y, w=None):
    model.fit(X, y, sample_weight=w)
    out[name + "/proba"] = model.predict_proba(X).tolist()
    out[name + "/pred"] = model.predict(X).tolist()
    ab = []
    for cc in model.calibrated_classifiers_:
        for cal in cc.calibrators:
            if hasattr(cal, "a_"):
                ab.append([float(cal.a_), float(cal.b_)])
    if ab:
        out[name + "/ab"] = ab


for method in ["sigmoid", "isotonic"]:
    for ens in [True, False]:
        suffix = "" if ens else "_noensemble"
        record(f"bc_linsvc_{method}{suffix}", CalibratedClassifierCV(svc(), method=method, ensemble=ens), Xbc, ybc)
        record(f"iris_gnb_{method}{suffix}", CalibratedClassifierCV(GaussianNB(), method=method, ensemble=ens, cv=3), Xir, yir)
    record(f"iris_logistic_{method}", CalibratedClassifierCV(logistic(), method=method), Xir_s, yir)
    record(f"bc_linsvc_{method}_weighted", CalibratedClassifierCV(svc(), method=method), Xbc, ybc, w_bc)

record("bc_gnb_sigmoid_weighted", CalibratedClassifierCV(GaussianNB()), Xbc, ybc, w_bc)

# Prefit: GaussianNB fitted on the even rows of iris, calibrated on the odd rows.
even, odd = np.arange(0, 150, 2), np.arange(1, 150, 2)
for method in ["sigmoid", "isotonic"]:
    base = GaussianNB().fit(Xir[even], yir[even])
    m = CalibratedClassifierCV(base, method=method, cv="prefit").fit(Xir[odd], yir[odd])
    out[f"iris_gnb_prefit_{method}/proba"] = m.predict_proba(Xir).tolist()

# calibration_curve
y = rng.randint(0, 2, 200).astype(float)
p = np.clip(0.6 * y + 0.4 * rng.uniform(0, 1, 200) - 0.1, 0, 1)
p[:10] = [0.0, 1.0, 0.2, 0.4, 0.6, 0.8, 0.5, 0.25, 0.75, 0.2]  # values on bin edges
out["curve/y"] = y.tolist()
out["curve/p"] = p.tolist()
for strategy in ["uniform", "quantile"]:
    for n_bins in [1, 3, 5, 10, 37]:
        t, q = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
        out[f"curve/{strategy}/{n_bins}"] = [t.tolist(), q.tolist()]
ym = np.where(y > 0, 1.0, -1.0)
t, q = calibration_curve(ym, p, n_bins=4, strategy="quantile")
out["curve/minus/quantile/4"] = [t.tolist(), q.tolist()]
# Probabilities with many ties (quantile edges coincide; empty bins dropped).
pt = np.round(p, 1)
out["curve/p_ties"] = pt.tolist()
for strategy in ["uniform", "quantile"]:
    t, q = calibration_curve(y, pt, n_bins=8, strategy=strategy)
    out[f"curve/ties/{strategy}/8"] = [t.tolist(), q.tolist()]

json.dump(out, open("testdata/calibration.json", "w"))
print("wrote", len(out), "keys")
