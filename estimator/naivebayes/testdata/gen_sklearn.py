#!/usr/bin/python3
"""Goldens for estimator/naivebayes, from scikit-learn 1.2.1.

Run by hand: cd estimator/naivebayes && /usr/bin/python3 testdata/gen_sklearn.py
The data sets are stored in the JSON next to the results, so the Go tests need no
CSV reader: iris (scikit-learn's bundled copy) and synthetic count data drawn with a
fixed numpy seed.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.naive_bayes import BernoulliNB, CategoricalNB, ComplementNB, GaussianNB, MultinomialNB

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
iris = load_iris()
X, y = iris.data, iris.target.astype(float)
out["iris/X"] = X.tolist()
out["iris/y"] = y.tolist()

rng = np.random.RandomState(0)
w = rng.uniform(0.1, 2.0, size=len(y))
out["iris/w"] = w.tolist()


def gauss(key, m, fitw=None):
    out[key + "/proba"] = m.predict_proba(X).tolist()
    out[key + "/log_proba"] = m.predict_log_proba(X).tolist()
    out[key + "/predict"] = m.predict(X).tolist()
    out[key + "/theta"] = m.theta_.tolist()
    out[key + "/var"] = m.var_.tolist()
    out[key + "/class_prior"] = m.class_prior_.tolist()
    out[key + "/class_count"] = m.class_count_.tolist()


gauss("gaussian/default", GaussianNB().fit(X, y))
gauss("gaussian/smooth=0.01", GaussianNB(var_smoothing=0.01).fit(X, y))
gauss("gaussian/priors", GaussianNB(priors=[0.2, 0.3, 0.5]).fit(X, y))
gauss("gaussian/weighted", GaussianNB().fit(X, y, sample_weight=w))
# partial fit in three batches of 50 shuffled rows
perm = rng.permutation(len(y))
out["iris/perm"] = perm.tolist()
m = GaussianNB()
for b in range(3):
    idx = perm[b * 50:(b + 1) * 50]
    m.partial_fit(X[idx], y[idx], classes=[0.0, 1.0, 2.0])
gauss("gaussian/partial", m)

# count data: 120 rows, 6 features, 3 classes with different rates
n, p = 120, 6
cy = np.repeat([1.0, 2.0, 5.0], n // 3)
rates = np.array([[1, 2, 3, 0.5, 1, 4], [3, 1, 0.2, 2, 2, 1], [0.5, 0.5, 4, 3, 1, 0.1]])
cX = np.vstack([rng.poisson(rates[[1.0, 2.0, 5.0].index(c)]) for c in cy]).astype(float)
cw = rng.uniform(0.1, 2.0, size=n)
out["counts/X"] = cX.tolist()
out["counts/y"] = cy.tolist()
out["counts/w"] = cw.tolist()


def discrete(key, m, Xd):
    out[key + "/proba"] = m.predict_proba(Xd).tolist()
    out[key + "/log_proba"] = m.predict_log_proba(Xd).tolist()
    out[key + "/predict"] = m.predict(Xd).tolist()
    out[key + "/feature_log_prob"] = m.feature_log_prob_.tolist()
    out[key + "/class_log_prior"] = m.class_log_prior_.tolist()
    out[key + "/feature_count"] = m.feature_count_.tolist()
    out[key + "/class_count"] = m.class_count_.tolist()


for name, cls in [("multinomial", MultinomialNB), ("bernoulli", BernoulliNB), ("complement", ComplementNB)]:
    discrete(name + "/default", cls().fit(cX, cy), cX)
    discrete(name + "/alpha=0.3", cls(alpha=0.3).fit(cX, cy), cX)
    discrete(name + "/nofitprior", cls(fit_prior=False).fit(cX, cy), cX)
    discrete(name + "/classprior", cls(class_prior=[0.5, 0.3, 0.2]).fit(cX, cy), cX)
    discrete(name + "/weighted", cls().fit(cX, cy, sample_weight=cw), cX)
    m = cls()
    for b in range(3):
        idx = np.arange(b, n, 3)
        m.partial_fit(cX[idx], cy[idx], classes=[1.0, 2.0, 5.0])
    discrete(name + "/partial", m, cX)
discrete("bernoulli/binarize=1.5", BernoulliNB(binarize=1.5).fit(cX, cy), cX)
discrete("bernoulli/nobinarize", BernoulliNB(binarize=None).fit((cX > 1).astype(float), cy), (cX > 1).astype(float))
discrete("complement/norm", ComplementNB(norm=True).fit(cX, cy), cX)

# categorical data: 90 rows, 3 features with 3, 4 and 2 categories
crng = np.random.RandomState(1)
kn = 90
ky = np.repeat([1.0, 2.0, 5.0], kn // 3)
kX = np.column_stack([crng.randint(0, 3, kn), np.minimum(crng.randint(0, 4, kn) + (ky == 2.0), 3), crng.randint(0, 2, kn)]).astype(float)
kw = crng.uniform(0.1, 2.0, size=kn)
out["cat/X"] = kX.tolist()
out["cat/y"] = ky.tolist()
out["cat/w"] = kw.tolist()


def categorical(key, m):
    out[key + "/proba"] = m.predict_proba(kX).tolist()
    out[key + "/log_proba"] = m.predict_log_proba(kX).tolist()
    out[key + "/predict"] = m.predict(kX).tolist()
    out[key + "/feature_log_prob"] = [a.tolist() for a in m.feature_log_prob_]
    out[key + "/category_count"] = [a.tolist() for a in m.category_count_]
    out[key + "/class_log_prior"] = m.class_log_prior_.tolist()
    out[key + "/class_count"] = m.class_count_.tolist()
    out[key + "/n_categories"] = m.n_categories_.tolist()


categorical("categorical/default", CategoricalNB().fit(kX, ky))
categorical("categorical/alpha=0.3", CategoricalNB(alpha=0.3, fit_prior=False).fit(kX, ky))
categorical("categorical/min=5", CategoricalNB(min_categories=5).fit(kX, ky))
categorical("categorical/min=[4,2,6]", CategoricalNB(min_categories=[4, 2, 6]).fit(kX, ky))
categorical("categorical/weighted", CategoricalNB().fit(kX, ky, sample_weight=kw))
m = CategoricalNB()
for b in range(3):
    idx = np.arange(b, kn, 3)
    m.partial_fit(kX[idx], ky[idx], classes=[1.0, 2.0, 5.0])
categorical("categorical/partial", m)

with open("testdata/sklearn.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
