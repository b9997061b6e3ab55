"""GaussianMixture goldens against scikit-learn 1.2.1.

Run with /usr/bin/python3 gen_sklearn.py (writes sklearn.json here). With
weights_init, means_init and precisions_init all given, EM does not depend on the
random initialisation, so every fitted attribute and output must match. The
"kmeans" cases record scikit-learn's best lower bound over seeds, for a quality
comparison (skgo's KMeans draws other random numbers).
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_iris, load_wine
from sklearn.mixture import GaussianMixture

warnings.simplefilter("ignore")
X = load_iris().data
wine = load_wine().data
p = X.shape[1]


def prec_init(ct, k, p, scale):
    if ct == "full":
        return np.array([np.eye(p) * scale * (i + 1) for i in range(k)])
    if ct == "tied":
        return np.eye(p) * scale
    if ct == "diag":
        return np.ones((k, p)) * scale
    return np.ones(k) * scale


out = {"sklearn_version": sklearn.__version__, "X": X.tolist(), "cases": [], "quality": []}
rows = {3: [0, 50, 100], 2: [10, 120], 4: [0, 50, 100, 140]}
for ct in ("full", "tied", "diag", "spherical"):
    for k, tol, max_iter, reg in ((3, 1e-3, 100, 1e-6), (2, 1e-3, 100, 1e-6), (4, 1e-8, 500, 1e-4), (3, 1e-3, 3, 1e-6)):
        w0 = np.full(k, 1.0 / k)
        m0 = X[rows[k]] + 0.1
        P0 = prec_init(ct, k, p, 2.0)
        g = GaussianMixture(n_components=k, covariance_type=ct, tol=tol, max_iter=max_iter, reg_covar=reg,
                            weights_init=w0, means_init=m0, precisions_init=P0).fit(X)
        Xq = X[::7] + 0.05
        out["cases"].append({
            "covariance_type": ct, "k": k, "tol": tol, "max_iter": max_iter, "reg_covar": reg,
            "weights_init": w0.tolist(), "means_init": m0.tolist(), "precisions_init": P0.ravel().tolist(),
            "weights": g.weights_.tolist(), "means": g.means_.tolist(),
            "covariances": g.covariances_.ravel().tolist(), "precisions": g.precisions_.ravel().tolist(),
            "precisions_cholesky": g.precisions_cholesky_.ravel().tolist(),
            "converged": bool(g.converged_), "n_iter": int(g.n_iter_), "lower_bound": float(g.lower_bound_),
            "predict": g.predict(Xq).tolist(), "predict_proba": g.predict_proba(Xq).tolist(),
            "score_samples": g.score_samples(Xq).tolist(), "score": float(g.score(Xq)),
            "bic": float(g.bic(X)), "aic": float(g.aic(X)),
        })
for name, data in (("iris", X), ("wine", wine)):
    for ct in ("full", "tied", "diag", "spherical"):
        lbs = [float(GaussianMixture(n_components=3, covariance_type=ct, random_state=s).fit(data).lower_bound_) for s in range(10)]
        out["quality"].append({"data": name, "covariance_type": ct, "lower_bounds": lbs, "median": float(np.median(lbs))})
        print(name, ct, np.median(lbs), max(lbs))
with open("sklearn.json", "w") as f:
    json.dump(out, f)
