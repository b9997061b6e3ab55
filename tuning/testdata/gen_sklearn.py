"""Generate scikit-learn 1.2.1 reference results for the tuning tests.

Run by hand with Debian's Python (the pyenv python3 on PATH has no sklearn):

    cd tuning/testdata && /usr/bin/python3 gen_sklearn.py

Writes sklearn.json next to this file:

  grid/...      GridSearchCV on Boston with Pipeline(StandardScaler,
                PolynomialFeatures, Ridge), degree in {1, 2} x alpha in
                logspace(-3, 3, 13), cv=KFold(5) (unshuffled), scoring r2.
                Candidates are listed in our Grid order (degree slowest), which
                for this grid is also scikit-learn's (sorted keys).
  halving/...   HalvingGridSearchCV schedules (n_resources_, n_candidates_) for
                several settings; only the schedule is compared (subsampling
                uses numpy's RNG).
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import Ridge, LogisticRegression
from sklearn.model_selection import GridSearchCV, HalvingGridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore")

raw = np.loadtxt("../../datasets/data/boston_house_prices.csv", delimiter=",", skiprows=2)
X, y = raw[:, :13], raw[:, 13]

out = {}

pipe = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures()), ("ridge", Ridge())])
alphas = np.logspace(-3, 3, 13)
grid = {"poly__degree": [1, 2], "ridge__alpha": alphas}
gs = GridSearchCV(pipe, grid, cv=KFold(5), scoring="r2")
gs.fit(X, y)
r = gs.cv_results_
out["grid/alphas"] = alphas.tolist()
out["grid/degree"] = [int(p["poly__degree"]) for p in r["params"]]
out["grid/alpha"] = [float(p["ridge__alpha"]) for p in r["params"]]
out["grid/mean_test_score"] = r["mean_test_score"].tolist()
out["grid/std_test_score"] = r["std_test_score"].tolist()
out["grid/rank_test_score"] = r["rank_test_score"].tolist()
for k in range(5):
    out[f"grid/split{k}_test_score"] = r[f"split{k}_test_score"].tolist()
out["grid/best_index"] = int(gs.best_index_)
out["grid/best_degree"] = int(gs.best_params_["poly__degree"])
out["grid/best_alpha"] = float(gs.best_params_["ridge__alpha"])
out["grid/best_score"] = float(gs.best_score_)


def schedule(name, est, grid, X, y, **kw):
    h = HalvingGridSearchCV(est, grid, random_state=0, **kw)
    h.fit(X, y)
    out[f"halving/{name}/n_resources"] = [int(v) for v in h.n_resources_]
    out[f"halving/{name}/n_candidates"] = [int(v) for v in h.n_candidates_]
    out[f"halving/{name}/n_required_iterations"] = int(h.n_required_iterations_)
    out[f"halving/{name}/n_possible_iterations"] = int(h.n_possible_iterations_)
    out[f"halving/{name}/min_resources"] = int(h.min_resources_)
    out[f"halving/{name}/max_resources"] = int(h.max_resources_)


ridge = Pipeline([("ridge", Ridge())])
schedule("boston26", pipe, grid, X, y, cv=KFold(5), factor=3)
schedule("boston26-f2", pipe, grid, X, y, cv=KFold(5), factor=2)
schedule("boston26-smallest", pipe, grid, X, y, cv=KFold(5), factor=3, min_resources="smallest")
schedule("boston26-min50", pipe, grid, X, y, cv=KFold(5), factor=3, min_resources=50)
schedule("boston-agg", ridge, {"ridge__alpha": np.logspace(-3, 3, 60)}, X, y, cv=KFold(5),
         factor=3, min_resources=100, aggressive_elimination=True)
schedule("boston-max300", ridge, {"ridge__alpha": np.logspace(-3, 3, 20)}, X, y, cv=KFold(5),
         factor=3, max_resources=300)

# A classifier: min_resources 'smallest' counts classes (iris: 3 classes, 150 rows).
iris = np.loadtxt("../../datasets/data/iris.csv", delimiter=",", skiprows=1)
Xi, yi = iris[:, :4], iris[:, 4]
schedule("iris-smallest", LogisticRegression(max_iter=1000), {"C": np.logspace(-2, 2, 10)}, Xi, yi,
         factor=2, min_resources="smallest")

with open("sklearn.json", "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
