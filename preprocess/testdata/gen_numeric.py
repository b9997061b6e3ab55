"""Generate testdata/numeric.json: scikit-learn 1.2.1 reference outputs for the numeric
transformers of package preprocess (scalers, PolynomialFeatures, KBinsDiscretizer,
VarianceThreshold, SelectKBest and its score functions, PCA, TruncatedSVD).

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_numeric.py

It reads the same CSV files that package datasets embeds.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn import decomposition as dec
from sklearn import feature_selection as fs
from sklearn import preprocessing as pp

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")


def load(name, header):
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.reader(f))
    n, p = int(rows[0][0]), int(rows[0][1])
    rows = rows[2:] if header else rows[1:]
    a = np.array([[float(v) for v in r[: p + 1]] for r in rows])
    assert a.shape == (n, p + 1)
    return a[:, :p], a[:, p]


def _f(v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)


def L(a):
    """JSON-ready nested lists; non-finite floats become "nan", "inf", "-inf"."""
    a = np.asarray(a)
    if a.dtype == bool or a.dtype.kind in "iu":
        return a.tolist()
    if a.ndim == 0:
        return _f(a)
    return [L(r) if a.ndim > 1 else _f(r) for r in a]


out = {"sklearn_version": sklearn.__version__}
boston_X, boston_y = load("boston_house_prices.csv", True)
iris_X, iris_y = load("iris.csv", False)
wine_X, wine_y = load("wine_data.csv", False)

rng = np.random.RandomState(42)
synth_X = rng.normal(size=(200, 4)) * [1.0, 3.0, 0.5, 2.0] + [0.0, 5.0, -1.0, 2.0]
synth_yr = 2 * synth_X[:, 0] + np.sin(synth_X[:, 1]) + 0.1 * rng.normal(size=200)
synth_yc = (synth_X[:, 0] + 0.5 * synth_X[:, 2] > 0).astype(float) + (synth_X[:, 3] > 3)
out["synth/X"] = L(synth_X)
out["synth/yr"] = L(synth_yr)
out["synth/yc"] = L(synth_yc)
small = np.array([[1.0, 2.0, 3.0], [-0.5, 4.0, 0.25], [2.0, -1.0, 1.5], [0.0, 0.5, -2.0]])
out["small/X"] = L(small)
const = boston_X[:30].copy()
const[:, 3] = 0.0  # CHAS: constant column
const[:, 1] = 7.5
out["const/X"] = L(const)

# Scalers -------------------------------------------------------------------
for name, est in {
    "default": pp.StandardScaler(),
    "nomean": pp.StandardScaler(with_mean=False),
    "nostd": pp.StandardScaler(with_std=False),
}.items():
    t = est.fit_transform(boston_X)
    k = "standard/" + name
    out[k + "/mean"] = L(est.mean_) if est.mean_ is not None else None
    out[k + "/var"] = L(est.var_) if est.var_ is not None else None
    out[k + "/scale"] = L(est.scale_) if est.scale_ is not None else None
    out[k + "/transform"] = L(t[:20])
est = pp.StandardScaler().fit(const)
out["standard/const/scale"] = L(est.scale_)
out["standard/const/transform"] = L(est.transform(const))

for name, est in {
    "default": pp.MinMaxScaler(),
    "range": pp.MinMaxScaler(feature_range=(-1, 2)),
    "clip": pp.MinMaxScaler(feature_range=(-1, 2), clip=True),
}.items():
    est.fit(boston_X[:300])
    k = "minmax/" + name
    out[k + "/scale"] = L(est.scale_)
    out[k + "/min"] = L(est.min_)
    out[k + "/transform"] = L(est.transform(boston_X[280:320]))
est = pp.MinMaxScaler().fit(const)
out["minmax/const/transform"] = L(est.transform(const))

est = pp.MaxAbsScaler().fit(boston_X - boston_X.mean(axis=0))
out["maxabs/scale"] = L(est.scale_)
out["maxabs/transform"] = L(est.transform(boston_X[:20] - boston_X.mean(axis=0)))

for name, est in {
    "default": pp.RobustScaler(),
    "q10-90-unit": pp.RobustScaler(quantile_range=(10.0, 90.0), unit_variance=True),
    "nocenter": pp.RobustScaler(with_centering=False, quantile_range=(33.0, 66.5)),
}.items():
    est.fit(boston_X)
    k = "robust/" + name
    out[k + "/center"] = L(est.center_) if est.center_ is not None else None
    out[k + "/scale"] = L(est.scale_)
    out[k + "/transform"] = L(est.transform(boston_X[:20]))

for norm in ["l2", "l1", "max"]:
    x = iris_X - 5.0
    x[0] = 0.0
    out["normalizer/input"] = L(x[:20])
    out["normalizer/" + norm] = L(pp.Normalizer(norm=norm).fit_transform(x[:20]))

# PolynomialFeatures --------------------------------------------------------
for name, kw in {
    "deg2": dict(degree=2),
    "deg3": dict(degree=3),
    "deg3-inter": dict(degree=3, interaction_only=True),
    "deg2-nobias": dict(degree=2, include_bias=False),
    "deg1": dict(degree=1),
}.items():
    est = pp.PolynomialFeatures(**kw).fit(small)
    k = "poly/" + name
    out[k + "/transform"] = L(est.transform(small))
    out[k + "/names"] = est.get_feature_names_out().tolist()
    out[k + "/names_abc"] = est.get_feature_names_out(["a", "b", "c"]).tolist()
    out[k + "/powers"] = est.powers_.tolist()
est = pp.PolynomialFeatures(degree=2).fit(boston_X)
out["poly/boston/transform"] = L(est.transform(boston_X[:5]))

# KBinsDiscretizer ----------------------------------------------------------
for data_name, X in {"iris": iris_X, "boston": boston_X}.items():
    for strategy in ["quantile", "uniform", "kmeans"]:
        for nb in [3, 5]:
            est = pp.KBinsDiscretizer(n_bins=nb, encode="ordinal", strategy=strategy)
            t = est.fit_transform(X)
            k = "kbins/%s/%s/%d" % (data_name, strategy, nb)
            out[k + "/edges"] = [L(e) for e in est.bin_edges_]
            out[k + "/ordinal"] = L(t)
            out[k + "/inverse"] = L(est.inverse_transform(t[:10]))
est = pp.KBinsDiscretizer(n_bins=4, encode="onehot-dense").fit(iris_X)
out["kbins/onehot/transform"] = L(est.transform(iris_X[:10]))
out["kbins/onehot/names"] = est.get_feature_names_out().tolist()
est = pp.KBinsDiscretizer(n_bins=5, encode="ordinal").fit(const)
out["kbins/const/edges"] = [L(e) for e in est.bin_edges_]
out["kbins/const/transform"] = L(est.transform(const))

# Feature selection ----------------------------------------------------------
for th in [0.0, 1.0, 50.0]:
    est = fs.VarianceThreshold(threshold=th).fit(const)
    k = "variance/%g" % th
    out[k + "/variances"] = L(est.variances_)
    out[k + "/support"] = L(est.get_support())

for name, (X, y) in {"iris": (iris_X, iris_y), "wine": (wine_X, wine_y), "const": (const, boston_y[:30] > 22)}.items():
    f, p = fs.f_classif(X, y)
    out["f_classif/%s/f" % name] = L(f)
    out["f_classif/%s/p" % name] = L(p)
for name, (X, y) in {"boston": (boston_X, boston_y), "const": (const, boston_y[:30]), "synth": (synth_X, synth_yr)}.items():
    f, p = fs.f_regression(X, y)
    out["f_regression/%s/f" % name] = L(f)
    out["f_regression/%s/p" % name] = L(p)

out["mi_regression/synth"] = L(fs.mutual_info_regression(synth_X, synth_yr, random_state=0))
out["mi_classif/synth"] = L(fs.mutual_info_classif(synth_X, synth_yc, random_state=0))
out["mi_regression/boston"] = L(fs.mutual_info_regression(boston_X, boston_y, random_state=0))
out["mi_classif/iris"] = L(fs.mutual_info_classif(iris_X, iris_y, random_state=0))
out["mi_classif/wine"] = L(fs.mutual_info_classif(wine_X, wine_y, random_state=0))

for name, (est, X, y) in {
    "wine-fclassif-5": (fs.SelectKBest(fs.f_classif, k=5), wine_X, wine_y),
    "boston-freg-4": (fs.SelectKBest(fs.f_regression, k=4), boston_X, boston_y),
    "ties-2": (fs.SelectKBest(fs.f_regression, k=2), np.hstack([synth_X[:, :2], synth_X[:, :2]]), synth_yr),
}.items():
    est.fit(X, y)
    out["selectk/%s/support" % name] = L(est.get_support())

# PCA / TruncatedSVD ----------------------------------------------------------
for name, (kw, X) in {
    "iris": (dict(), iris_X),
    "boston-5": (dict(n_components=5), boston_X),
    "boston-5-whiten": (dict(n_components=5, whiten=True), boston_X),
    "boston-std-0.9": (dict(n_components=0.9), pp.StandardScaler().fit_transform(boston_X)),
    "wine-3": (dict(n_components=3), wine_X),
}.items():
    est = dec.PCA(svd_solver="full", **kw).fit(X)
    k = "pca/" + name
    out[k + "/components"] = L(est.components_)
    out[k + "/explained_variance"] = L(est.explained_variance_)
    out[k + "/explained_variance_ratio"] = L(est.explained_variance_ratio_)
    out[k + "/singular_values"] = L(est.singular_values_)
    out[k + "/noise_variance"] = float(est.noise_variance_)
    out[k + "/transform"] = L(est.transform(X[:10]))
    out[k + "/inverse"] = L(est.inverse_transform(est.transform(X[:10])))
    out[k + "/names"] = est.get_feature_names_out().tolist()

for name, (k_, X) in {"boston-3": (3, boston_X), "iris-2": (2, iris_X)}.items():
    est = dec.TruncatedSVD(n_components=k_, algorithm="arpack", tol=0.0).fit(X)
    k = "tsvd/" + name
    out[k + "/components"] = L(est.components_)
    out[k + "/explained_variance"] = L(est.explained_variance_)
    out[k + "/explained_variance_ratio"] = L(est.explained_variance_ratio_)
    out[k + "/singular_values"] = L(est.singular_values_)
    out[k + "/transform"] = L(est.transform(X[:10]))
    out[k + "/names"] = est.get_feature_names_out().tolist()

with open(os.path.join(HERE, "numeric.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", len(out), "keys")
