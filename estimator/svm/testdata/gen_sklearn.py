#!/usr/bin/python3
"""Goldens for estimator/svm, from scikit-learn 1.2.1 (libsvm 3.x, liblinear).

Run by hand: cd estimator/svm && /usr/bin/python3 testdata/gen_sklearn.py
The data sets are stored in the JSON (after scaling), so the Go tests read exactly
what scikit-learn saw:
  iris          iris, StandardScaler
  cancer        breast cancer, StandardScaler
  diabetes      diabetes (already centred and scaled by scikit-learn), y as is
  clf           make_classification(n_samples=200, n_features=8, n_informative=5,
                n_classes=2, random_state=0)
  clf3          make_classification(n_samples=150, n_features=6, n_informative=4,
                n_classes=3, n_clusters_per_class=1, random_state=1)
Each case stores support_, n_support_, dual_coef_, intercept_, decision_function
and predict on the training data.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, make_classification
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR, LinearSVC, LinearSVR, NuSVC, NuSVR, OneClassSVM

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
data = {}
iris = load_iris()
data["iris"] = (StandardScaler().fit_transform(iris.data), iris.target.astype(float))
bc = load_breast_cancer()
data["cancer"] = (StandardScaler().fit_transform(bc.data), bc.target.astype(float))
db = load_diabetes()
data["diabetes"] = (db.data, db.target.astype(float))
X, y = make_classification(n_samples=200, n_features=8, n_informative=5, n_classes=2, random_state=0)
data["clf"] = (X, y.astype(float))
X, y = make_classification(n_samples=150, n_features=6, n_informative=4, n_classes=3,
                           n_clusters_per_class=1, random_state=1)
data["clf3"] = (X, y.astype(float))
for k, (X, y) in data.items():
    out["data/%s/X" % k] = X.tolist()
    out["data/%s/y" % k] = y.tolist()


def put(key, m, X, kind):
    out[key + "/support"] = m.support_.tolist()
    out[key + "/dual_coef"] = m.dual_coef_.tolist()
    out[key + "/intercept"] = np.atleast_1d(m.intercept_).tolist()
    if kind == "clf":
        out[key + "/n_support"] = m.n_support_.tolist()
        out[key + "/predict"] = m.predict(X).tolist()
        df = m.decision_function(X)
        out[key + "/decision"] = df.tolist()
        if len(m.classes_) > 2:
            m.decision_function_shape = "ovo"
            out[key + "/decision_ovo"] = m.decision_function(X).tolist()
            m.decision_function_shape = "ovr"
    elif kind == "oc":
        out[key + "/decision"] = m.decision_function(X).tolist()
        out[key + "/predict"] = m.predict(X).tolist()
        out[key + "/score_samples"] = m.score_samples(X).tolist()
        out[key + "/offset"] = float(m.offset_)
    else:
        out[key + "/predict"] = m.predict(X).tolist()
    if getattr(m, "kernel", None) == "linear":
        out[key + "/coef"] = np.atleast_2d(m.coef_).tolist()


# cases: (name, estimator factory, dataset, kind, params)
cases = [
    ("svc/iris/rbf", SVC, "iris", "clf", dict()),
    ("svc/iris/rbf_c10", SVC, "iris", "clf", dict(C=10)),
    ("svc/iris/linear", SVC, "iris", "clf", dict(kernel="linear")),
    ("svc/iris/poly", SVC, "iris", "clf", dict(kernel="poly", degree=3, coef0=1)),
    ("svc/iris/sigmoid", SVC, "iris", "clf", dict(kernel="sigmoid", gamma=0.05)),
    ("svc/iris/auto_noshrink", SVC, "iris", "clf", dict(gamma="auto", shrinking=False, C=3)),
    ("svc/iris/balanced", SVC, "iris", "clf", dict(class_weight="balanced", C=2)),
    ("svc/cancer/rbf", SVC, "cancer", "clf", dict()),
    ("svc/cancer/linear", SVC, "cancer", "clf", dict(kernel="linear", C=0.1)),
    ("svc/cancer/poly", SVC, "cancer", "clf", dict(kernel="poly", degree=2, gamma=0.02, coef0=1)),
    ("svc/clf/rbf", SVC, "clf", "clf", dict(C=5)),
    ("svc/clf/linear", SVC, "clf", "clf", dict(kernel="linear")),
    ("svc/clf/poly", SVC, "clf", "clf", dict(kernel="poly")),
    ("svc/clf3/rbf", SVC, "clf3", "clf", dict(gamma=0.3)),
    ("nusvc/iris/rbf", NuSVC, "iris", "clf", dict(nu=0.3)),
    ("nusvc/iris/linear", NuSVC, "iris", "clf", dict(kernel="linear", nu=0.2)),
    ("nusvc/cancer/rbf", NuSVC, "cancer", "clf", dict(nu=0.1)),
    ("nusvc/clf/poly", NuSVC, "clf", "clf", dict(kernel="poly", nu=0.4)),
    ("nusvc/iris/balanced", NuSVC, "iris", "clf", dict(nu=0.2, class_weight="balanced")),
    ("svr/diabetes/rbf", SVR, "diabetes", "reg", dict(C=100, epsilon=5)),
    ("svr/diabetes/linear", SVR, "diabetes", "reg", dict(kernel="linear", C=1000, epsilon=1)),
    ("svr/diabetes/poly", SVR, "diabetes", "reg", dict(kernel="poly", C=100, coef0=1)),
    ("svr/clf/rbf", SVR, "clf", "reg", dict(C=3, epsilon=0.2)),
    ("nusvr/diabetes/rbf", NuSVR, "diabetes", "reg", dict(C=100, nu=0.3)),
    ("nusvr/diabetes/linear", NuSVR, "diabetes", "reg", dict(kernel="linear", C=1000)),
    ("nusvr/clf/poly", NuSVR, "clf", "reg", dict(kernel="poly", nu=0.6)),
    ("ocsvm/iris/rbf", OneClassSVM, "iris", "oc", dict(nu=0.1)),
    ("ocsvm/iris/linear", OneClassSVM, "iris", "oc", dict(kernel="linear", nu=0.3)),
    ("ocsvm/cancer/rbf", OneClassSVM, "cancer", "oc", dict(nu=0.2, gamma=0.01)),
    ("ocsvm/clf/poly", OneClassSVM, "clf", "oc", dict(kernel="poly", nu=0.5)),
]
for name, cls, ds, kind, params in cases:
    X, y = data[ds]
    m = cls(**params)
    if kind == "oc":
        m.fit(X)
    else:
        m.fit(X, y)
    put(name, m, X, kind)
    out[name + "/params"] = {k: v for k, v in params.items()}

# sample weights: every third row weighs 2, every fifth 0.5
X, y = data["iris"]
w = np.ones(len(y))
w[::3] = 2
w[::5] = 0.5
m = SVC(C=1.5).fit(X, y, sample_weight=w)
put("svc/iris/weighted", m, X, "clf")
out["svc/iris/weighted/w"] = w.tolist()
X, y = data["diabetes"]
w = np.ones(len(y))
w[::4] = 3
m = SVR(C=50, epsilon=2).fit(X, y, sample_weight=w)
put("svr/diabetes/weighted", m, X, "reg")
out["svr/diabetes/weighted/w"] = w.tolist()

# break_ties: argmax of the ovr decision instead of the vote
for ds in ["iris", "clf3"]:
    X, y = data[ds]
    m = SVC(break_ties=True, C=0.5).fit(X, y)
    out["breakties/%s/predict" % ds] = m.predict(X).tolist()

# Platt probabilities: libsvm's internal CV is random, so these are compared loosely.
for ds in ["iris", "clf", "clf3"]:
    X, y = data[ds]
    m = SVC(probability=True, random_state=0).fit(X, y)
    P = m.predict_proba(X)
    out["proba/%s/proba" % ds] = P.tolist()
    out["proba/%s/logloss" % ds] = log_loss(y, P)
    out["proba/%s/predict" % ds] = m.predict(X).tolist()
    out["proba/%s/probA" % ds] = m.probA_.tolist()
    out["proba/%s/probB" % ds] = m.probB_.tolist()

# liblinear
lin_cases = [
    ("linsvc/iris/default", LinearSVC, "iris", dict()),
    ("linsvc/iris/hinge", LinearSVC, "iris", dict(loss="hinge", C=0.5)),
    ("linsvc/cancer/default", LinearSVC, "cancer", dict(C=0.1)),
    ("linsvc/cancer/primal", LinearSVC, "cancer", dict(dual=False, C=0.1)),
    ("linsvc/cancer/l1", LinearSVC, "cancer", dict(penalty="l1", dual=False, C=0.1)),
    ("linsvc/clf/default", LinearSVC, "clf", dict(C=0.5)),
    ("linsvc/clf/nointercept", LinearSVC, "clf", dict(fit_intercept=False)),
    ("linsvc/clf3/cs", LinearSVC, "clf3", dict(multi_class="crammer_singer", C=0.5)),
    ("linsvr/diabetes/default", LinearSVR, "diabetes", dict(C=10, max_iter=100000)),
    ("linsvr/diabetes/squared", LinearSVR, "diabetes", dict(loss="squared_epsilon_insensitive", C=1, max_iter=100000)),
    ("linsvr/clf/default", LinearSVR, "clf", dict(C=1, epsilon=0.1, max_iter=100000)),
    ("linsvr/diabetes/primal", LinearSVR, "diabetes", dict(loss="squared_epsilon_insensitive", dual=False, C=1, epsilon=1)),
    ("linsvc/iris/weighted", LinearSVC, "iris", dict(class_weight="balanced", C=0.3)),
]
for name, cls, ds, params in lin_cases:
    X, y = data[ds]
    m = cls(random_state=0, tol=1e-8, **params)
    if cls is LinearSVC:
        m.set_params(max_iter=params.get("max_iter", 100000))
    m.fit(X, y)
    out[name + "/coef"] = np.atleast_2d(m.coef_).tolist()
    out[name + "/intercept"] = np.atleast_1d(m.intercept_).tolist()
    out[name + "/predict"] = m.predict(X).tolist()
    if cls is LinearSVC:
        out[name + "/decision"] = m.decision_function(X).tolist()
    out[name + "/params"] = params

with open("testdata/sklearn.json", "w") as f:
    json.dump(out, f)
print(len(out), "keys")
