#!/usr/bin/python3
"""Goldens for estimator/tree and internal/cart, from scikit-learn 1.2.1.

Run by hand: cd estimator/tree && /usr/bin/python3 testdata/gen_sklearn.py
Data: scikit-learn's bundled iris, wine, breast cancer and diabetes, and Boston from
skgo's datasets/data/boston_house_prices.csv (scikit-learn < 1.2's copy). Each case
records the fitted tree node by node (scikit-learn numbers nodes depth-first, left
first), the training predictions, apply leaves and feature importances. A checksum of
X (sum and sum of squares) lets the Go tests make sure they read the same data.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

assert sklearn.__version__ == "1.2.1", sklearn.__version__

here = os.path.dirname(os.path.abspath(__file__))
boston = np.loadtxt(os.path.join(here, "../../../datasets/data/boston_house_prices.csv"),
                    delimiter=",", skiprows=2)

data = {
    "iris": load_iris(return_X_y=True),
    "wine": load_wine(return_X_y=True),
    "breast_cancer": load_breast_cancer(return_X_y=True),
    "diabetes": load_diabetes(return_X_y=True),
    "boston": (boston[:, :13], boston[:, 13]),
}

settings = {
    "full": {},
    "depth3": dict(max_depth=3),
    "leaf5": dict(min_samples_leaf=5),
    "split10": dict(min_samples_split=10),
    "leaves8": dict(max_leaf_nodes=8),
    "decrease": dict(min_impurity_decrease=0.01),
    "wfrac": dict(min_weight_fraction_leaf=0.05),
    "ccp": dict(ccp_alpha=0.01),
}

# Regression trees grown to single rows tie everywhere (isolating one row or another
# with the same target), so the regression cases keep leaves of a few rows.
reg_settings = {
    "depth3": dict(max_depth=3),
    "leaf5": dict(min_samples_leaf=5),
    "depth6leaf3": dict(max_depth=6, min_samples_leaf=3),
    "leaves8": dict(max_leaf_nodes=8),
    "decrease": dict(min_samples_leaf=5, min_impurity_decrease=0.5),
    "wfrac": dict(min_weight_fraction_leaf=0.05),
    "ccp": dict(min_samples_leaf=5, ccp_alpha="var/200"),
}

cases = []


def variant(model, X):
    t = model.tree_
    value = t.value[:, 0, :]
    if isinstance(model, DecisionTreeClassifier):
        value = value / value.sum(axis=1, keepdims=True)
    return dict(
        left=t.children_left.tolist(), feature=t.feature.tolist(), threshold=g12(t.threshold),
        value=g12(value.ravel()), impurity=g12(t.impurity),
        n_samples=t.n_node_samples.tolist(), weighted_n_samples=g12(t.weighted_n_node_samples),
        importances=g12(model.feature_importances_))


def g12(a):
    """12 significant digits keep the JSON small; the tests compare to 1e-9."""
    return [float("%.12g" % v) for v in a]


def variants(cls, kw, X, y, sw):
    """Distinct trees over random_state 0..19: scikit-learn breaks exact ties between
    features by its random feature order, so a case can have several right answers."""
    out, seen, feats = [], set(), set()
    for seed in range(20):
        m = cls(random_state=seed, **kw).fit(X, y, sample_weight=sw)
        feats.add(tuple(m.tree_.feature))
        key = (tuple(m.tree_.n_node_samples), tuple(m.apply(X)))
        if key not in seen:
            seen.add(key)
            out.append(variant(m, X))
    return out, len(feats) == 1


def record(name, ds, crit, setting, model, X, y, sw):
    cases.append(dict(
        name=name, data=ds, criterion=crit, setting=setting,
        params={k: v for k, v in model.get_params().items()
                if k in settings.get(setting, {}) or k in reg_settings.get(setting, {})},
        weighted=sw is not None,
        depth=int(model.get_depth()), leaves=int(model.get_n_leaves()),
    ))
    kw = dict(model.get_params())
    kw.pop("random_state")
    cases[-1]["variants"], cases[-1]["stable"] = variants(type(model), kw, X, y, sw)


for ds in ["iris", "wine", "breast_cancer", "diabetes", "boston"]:
    X, y = data[ds]
    clf = ds in ("iris", "wine", "breast_cancer")
    crits = ["gini", "entropy"] if clf else ["squared_error", "friedman_mse", "absolute_error", "poisson"]
    for crit in crits:
        for setting, kw in (settings if clf else reg_settings).items():
            if setting == "weighted":
                continue
            if kw.get("ccp_alpha") == "var/200":
                kw = dict(kw, ccp_alpha=float(np.var(y) / 200))
            if crit == "absolute_error" and setting not in ("depth3", "leaves8"):
                continue  # scikit-learn's MAE is slow; a few cases suffice
            cls = DecisionTreeClassifier if clf else DecisionTreeRegressor
            m = cls(criterion=crit, random_state=0, **kw).fit(X, y)
            record("%s/%s/%s" % (ds, crit, setting), ds, crit, setting, m, X, y, None)
    # sample weights
    sw = 1.0 + (np.arange(len(y)) % 3)
    cls = DecisionTreeClassifier if clf else DecisionTreeRegressor
    crit = "gini" if clf else "squared_error"
    m = cls(criterion=crit, random_state=0, max_depth=4).fit(X, y, sample_weight=sw)
    settings["weighted"] = dict(max_depth=4)  # only for the record below
    record("%s/%s/weighted" % (ds, crit), ds, crit, "weighted", m, X, y, sw)

checks = {ds: [float(np.sum(X)), float(np.sum(X * X))] for ds, (X, y) in data.items()}
iris = load_iris()
# Iris's root split ties (petal length <= 2.45 and petal width <= 0.80 both isolate
# setosa). random_state=15 happens to visit the tied features in the order skgo's rule
# (lowest feature index wins) picks, so its tree is skgo's, node for node.
text = export_text(DecisionTreeClassifier(random_state=15).fit(iris.data, iris.target),
                   feature_names=list(iris.feature_names))
text_default = export_text(DecisionTreeClassifier(max_depth=2, random_state=15).fit(iris.data, iris.target))
text_weights = export_text(DecisionTreeClassifier(max_depth=3, random_state=15).fit(iris.data, iris.target),
                           max_depth=1, spacing=2, decimals=3, show_weights=True)
reg_text = export_text(DecisionTreeRegressor(max_depth=2, random_state=0).fit(*data["diabetes"]), decimals=3)

# cost_complexity_pruning_path
paths = {}
for ds in ["iris", "diabetes"]:
    X, y = data[ds]
    cls = DecisionTreeClassifier if ds == "iris" else DecisionTreeRegressor
    path = cls(random_state=15, min_samples_leaf=5).cost_complexity_pruning_path(X, y)
    paths[ds] = dict(ccp_alphas=path.ccp_alphas.tolist(), impurities=path.impurities.tolist())

with open(os.path.join(here, "sklearn.json"), "w") as f:
    print(sum(c["stable"] for c in cases), "cases without ties,",
          sum(len(c["variants"]) == 1 for c in cases), "with one partition")
    json.dump(dict(version=sklearn.__version__, checks=checks, cases=cases,
                   export_text_iris=text, export_text_iris_depth2=text_default,
                   export_text_iris_weights=text_weights, pruning_paths=paths,
                   export_text_diabetes_depth2=reg_text), f)
print(len(cases), "cases")
