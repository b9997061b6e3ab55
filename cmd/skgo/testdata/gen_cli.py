"""Goldens for cmd/skgo's end-to-end tests, from scikit-learn 1.2.1.

Run from the repository root with Debian's interpreter:

    /usr/bin/python3 cmd/skgo/testdata/gen_cli.py

It writes cmd/skgo/testdata/mixed.csv (a small seeded table with numeric and
string columns, a numeric target y and a string class label) and
cmd/skgo/testdata/sklearn_cli.json with what scikit-learn computes for the same
command lines the tests run.
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, PolynomialFeatures, StandardScaler

assert sklearn.__version__ == "1.2.1", sklearn.__version__
here = os.path.dirname(os.path.abspath(__file__))
out = {"sklearn": sklearn.__version__}

# Boston, read as `skgo --skip-rows 1` reads it.
boston = pd.read_csv(os.path.join(here, "../../../datasets/data/boston_house_prices.csv"), skiprows=1)
Xb, yb = boston.drop(columns="MEDV"), boston["MEDV"].to_numpy()


def poly_ridge(alpha=10.0):
    return make_pipeline(StandardScaler(), PolynomialFeatures(2, include_bias=False), Ridge(alpha=alpha))


cv = cross_validate(poly_ridge(), Xb, yb, cv=KFold(10), scoring=["r2", "neg_mean_squared_error"])
out["boston_cv10"] = {"r2": cv["test_r2"].tolist(), "neg_mean_squared_error": cv["test_neg_mean_squared_error"].tolist()}

gs = GridSearchCV(poly_ridge(), {"ridge__alpha": [0.1, 1.0, 10.0, 100.0]}, cv=KFold(5), scoring="r2").fit(Xb, yb)
out["boston_grid"] = {
    "alpha": [0.1, 1.0, 10.0, 100.0],
    "mean_test_score": gs.cv_results_["mean_test_score"].tolist(),
    "std_test_score": gs.cv_results_["std_test_score"].tolist(),
    "rank": gs.cv_results_["rank_test_score"].tolist(),
    "best_alpha": gs.best_params_["ridge__alpha"],
}

full = poly_ridge().fit(Xb, yb)
out["boston_predict"] = full.predict(Xb).tolist()

# A mixed table: two numeric columns, two string columns, a numeric target and a
# string label.
rng = np.random.RandomState(0)
n = 120
x1 = rng.normal(size=n).round(4)
x2 = rng.uniform(0, 10, size=n).round(3)
color = rng.choice(["red", "green", "blue"], size=n)
size = rng.choice(["S", "M", "L", "XL"], size=n)
effect = {"red": 1.5, "green": -0.5, "blue": 0.0}
y = (2 * x1 - 0.3 * x2 + np.array([effect[c] for c in color]) + 0.2 * rng.normal(size=n)).round(4)
score = x1 + np.array([effect[c] for c in color]) + 0.5 * rng.normal(size=n)
label = np.where(score > 0.8, "high", np.where(score > -0.5, "mid", "low"))
mixed = pd.DataFrame({"x1": x1, "color": color, "x2": x2, "size": size, "y": y, "label": label})
mixed.to_csv(os.path.join(here, "mixed.csv"), index=False)

mixed = pd.read_csv(os.path.join(here, "mixed.csv"))
num, cat = ["x1", "x2"], ["color", "size"]


def onehot_front():
    return ColumnTransformer([("num", "passthrough", num), ("onehot", OneHotEncoder(handle_unknown="ignore"), cat)])


Xm = mixed[["x1", "color", "x2", "size"]]
reg = make_pipeline(onehot_front(), StandardScaler(), Ridge(alpha=1.0))
cvm = cross_validate(reg, Xm, mixed["y"], cv=KFold(5), scoring=["r2"])
out["mixed_ridge_cv5"] = {"r2": cvm["test_r2"].tolist()}

# Prediction on rows with an unseen category ("purple") and the columns reordered.
reg.fit(Xm, mixed["y"])
new = pd.DataFrame({"size": ["M", "XL", "S"], "x2": [1.0, 5.5, 9.0], "x1": [0.5, -1.0, 2.0], "color": ["red", "purple", "blue"]})
out["mixed_ridge_predict_new"] = reg.predict(new[["x1", "color", "x2", "size"]]).tolist()

clf = make_pipeline(onehot_front(), StandardScaler(), LogisticRegression())
cvc = cross_validate(clf, Xm, mixed["label"], cv=StratifiedKFold(5), scoring=["accuracy"])
out["mixed_logistic_cv5"] = {"accuracy": cvc["test_accuracy"].tolist()}
clf.fit(Xm, mixed["label"])
out["mixed_logistic_predict"] = clf.predict(Xm).tolist()
out["mixed_logistic_classes"] = clf.classes_.tolist()
out["mixed_logistic_proba"] = clf.predict_proba(Xm).tolist()

with open(os.path.join(here, "sklearn_cli.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote sklearn_cli.json and mixed.csv")
