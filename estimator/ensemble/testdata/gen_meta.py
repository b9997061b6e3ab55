#!/usr/bin/python3
"""Goldens for the voting, stacking and bagging ensembles of estimator/ensemble, from
scikit-learn 1.2.1.

Run by hand: cd estimator/ensemble && /usr/bin/python3 testdata/gen_meta.py
The data (iris standardised, so that LogisticRegression converges well within its
iteration limit; diabetes as scikit-learn ships it) are stored in the JSON, so the Go
tests read them from there.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_iris
from sklearn.ensemble import (BaggingClassifier, BaggingRegressor, StackingClassifier,
                              StackingRegressor, VotingClassifier, VotingRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
iris = load_iris()
X = iris.data
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = iris.target.astype(float) * 2 + 1  # labels 1, 3, 5: not codes
out["iris/X"] = X.tolist()
out["iris/y"] = y.tolist()
yb = (iris.target == 2).astype(float)
out["iris/ybin"] = yb.tolist()
rng = np.random.RandomState(0)
w = rng.uniform(0.5, 2.0, size=len(y))
out["iris/w"] = w.tolist()

dia = load_diabetes()
Xd, yd = dia.data, dia.target.astype(float)
out["diabetes/X"] = Xd.tolist()
out["diabetes/y"] = yd.tolist()
wd = rng.uniform(0.5, 2.0, size=len(yd))
out["diabetes/w"] = wd.tolist()


def clf_members():
    return [("lr", LogisticRegression()), ("nb", GaussianNB()), ("knn", KNeighborsClassifier())]


def reg_members():
    return [("ols", LinearRegression()), ("ridge", Ridge(alpha=1.0)), ("knn", KNeighborsRegressor())]


# Voting
for name, kw in {"hard": dict(voting="hard"), "soft": dict(voting="soft"),
                 "hard_w": dict(voting="hard", weights=[1, 2, 2]),
                 "soft_w": dict(voting="soft", weights=[2, 1, 1])}.items():
    m = VotingClassifier(clf_members(), **kw).fit(X, y)
    key = "voting_clf/" + name
    out[key + "/predict"] = m.predict(X).tolist()
    out[key + "/transform"] = m.transform(X).tolist()
    if kw["voting"] == "soft":
        out[key + "/proba"] = m.predict_proba(X).tolist()
m = VotingClassifier([("lr", LogisticRegression()), ("nb", GaussianNB())], voting="soft").fit(X, y, sample_weight=w)
out["voting_clf/weighted/proba"] = m.predict_proba(X).tolist()

for name, kw in {"plain": {}, "w": dict(weights=[1, 2, 3])}.items():
    m = VotingRegressor(reg_members(), **kw).fit(Xd, yd)
    key = "voting_reg/" + name
    out[key + "/predict"] = m.predict(Xd).tolist()
    out[key + "/transform"] = m.transform(Xd).tolist()
m = VotingRegressor([("ols", LinearRegression()), ("ridge", Ridge(alpha=1.0))]).fit(Xd, yd, sample_weight=wd)
out["voting_reg/weighted/predict"] = m.predict(Xd).tolist()

# Stacking
for name, kw in {"default": {}, "passthrough": dict(passthrough=True),
                 "predict": dict(stack_method="predict"),
                 "cv3": dict(cv=3)}.items():
    m = StackingClassifier([("nb", GaussianNB()), ("knn", KNeighborsClassifier())], **kw).fit(X, y)
    key = "stacking_clf/" + name
    out[key + "/predict"] = m.predict(X).tolist()
    out[key + "/proba"] = m.predict_proba(X).tolist()
    out[key + "/transform"] = m.transform(X).tolist()
m = StackingClassifier([("nb", GaussianNB()), ("lr", LogisticRegression())]).fit(X, yb)
out["stacking_clf/binary/proba"] = m.predict_proba(X).tolist()
out["stacking_clf/binary/transform"] = m.transform(X).tolist()
out["stacking_clf/binary/decision"] = m.decision_function(X).tolist()
m = StackingClassifier([("nb", GaussianNB()), ("knn", KNeighborsClassifier())]).fit(X, y)
out["stacking_clf/default/decision"] = m.decision_function(X).tolist()
m = StackingClassifier([("lr", LogisticRegression())], stack_method="decision_function").fit(X, y)
out["stacking_clf/decision/proba"] = m.predict_proba(X).tolist()
out["stacking_clf/decision/transform"] = m.transform(X).tolist()

for name, kw in {"default": {}, "passthrough": dict(passthrough=True)}.items():
    m = StackingRegressor(reg_members(), final_estimator=Ridge(alpha=1.0), **kw).fit(Xd, yd)
    key = "stacking_reg/" + name
    out[key + "/predict"] = m.predict(Xd).tolist()
    out[key + "/transform"] = m.transform(Xd).tolist()

# The default final estimator of StackingRegressor: RidgeCV(alphas=(0.1, 1, 10)),
# unweighted and weighted.
m = StackingRegressor(reg_members()).fit(Xd, yd)
out["stacking_reg/ridgecv/predict"] = m.predict(Xd).tolist()
out["stacking_reg/ridgecv/alpha"] = float(m.final_estimator_.alpha_)
m = StackingRegressor([("knn", KNeighborsRegressor(n_neighbors=30))]).fit(Xd, yd)
out["stacking_reg/ridgecv_knn/predict"] = m.predict(Xd).tolist()
out["stacking_reg/ridgecv_knn/alpha"] = float(m.final_estimator_.alpha_)
m = StackingRegressor([("ols", LinearRegression()), ("ridge", Ridge(alpha=1.0))]).fit(Xd, yd, sample_weight=wd)
out["stacking_reg/ridgecv_w/predict"] = m.predict(Xd).tolist()
out["stacking_reg/ridgecv_w/alpha"] = float(m.final_estimator_.alpha_)
# RidgeCV alone on a small design whose alphas' scores differ clearly.
from sklearn.linear_model import RidgeCV
Xs = Xd[:60, :3] * 10
ys = yd[:60]
for nm, wts in {"plain": None, "w": wd[:60]}.items():
    r = RidgeCV(alphas=(0.1, 1.0, 10.0)).fit(Xs, ys, sample_weight=wts)
    out["ridgecv/" + nm + "/alpha"] = float(r.alpha_)
    out["ridgecv/" + nm + "/best_score"] = float(r.best_score_)
    out["ridgecv/" + nm + "/coef"] = r.coef_.tolist()
    out["ridgecv/" + nm + "/intercept"] = float(r.intercept_)

# Bagging: scikit-learn's random streams cannot be reproduced, so the goldens are mean
# 5-fold CV scores (unshuffled folds), averaged over 5 random_state values.
def cvmean(make, Xs, ys, cv):
    return float(np.mean([cross_val_score(make(s), Xs, ys, cv=cv).mean() for s in range(5)]))


skf, kf = StratifiedKFold(5), KFold(5)
out["bagging/knn_clf"] = cvmean(lambda s: BaggingClassifier(KNeighborsClassifier(), n_estimators=50, random_state=s), X, y, skf)
out["bagging/nb_clf_feat"] = cvmean(lambda s: BaggingClassifier(GaussianNB(), n_estimators=50, max_features=0.5, random_state=s), X, y, skf)
out["bagging/tree_clf"] = cvmean(lambda s: BaggingClassifier(DecisionTreeClassifier(), n_estimators=50, random_state=s), X, y, skf)
out["bagging/knn_reg"] = cvmean(lambda s: BaggingRegressor(KNeighborsRegressor(), n_estimators=50, random_state=s), Xd, yd, kf)
out["bagging/ridge_reg_half"] = cvmean(lambda s: BaggingRegressor(Ridge(alpha=1.0), n_estimators=50, max_samples=0.5, bootstrap=False, random_state=s), Xd, yd, kf)
out["bagging/tree_reg"] = cvmean(lambda s: BaggingRegressor(DecisionTreeRegressor(), n_estimators=50, random_state=s), Xd, yd, kf)
out["bagging/knn_reg_oob"] = float(np.mean([BaggingRegressor(KNeighborsRegressor(), n_estimators=50, oob_score=True, random_state=s).fit(Xd, yd).oob_score_ for s in range(5)]))
out["bagging/knn_clf_oob"] = float(np.mean([BaggingClassifier(KNeighborsClassifier(), n_estimators=50, oob_score=True, random_state=s).fit(X, y).oob_score_ for s in range(5)]))

with open("testdata/meta_sklearn.json", "w") as f:
    json.dump(out, f)
print(len(out), "keys")
