"""Reference values for the pipeline tests (scikit-learn 1.2.1).

Run by hand with Debian's interpreter: /usr/bin/python3 gen_sklearn.py
Writes sklearn.json next to this file.
"""
import json
import os

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import Ridge
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import StandardScaler

rng = np.random.RandomState(0)
X = rng.normal(size=(30, 3)) * [1.0, 3.0, 0.5] + [2.0, -1.0, 0.0]
y = np.exp(0.5 * X[:, 0] - 0.2 * X[:, 1] + 0.1 * rng.normal(size=30))  # positive, skewed

out = {"X": X.tolist(), "y": y.tolist()}

p = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(X, y)
out["pipeline/scale_ridge/pred"] = p.predict(X).tolist()
out["pipeline/scale_ridge/coef"] = p.named_steps["ridge"].coef_.tolist()

names = [n for n, _ in make_pipeline(StandardScaler(), StandardScaler(with_mean=False), "passthrough", StandardScaler(), Ridge()).steps]
out["make/names"] = names

u = FeatureUnion(
    [("scale", StandardScaler()), ("raw", "passthrough"), ("gone", "drop")],
    transformer_weights={"raw": 0.5},
)
out["union/transform"] = u.fit_transform(X).tolist()
out["union/names"] = [str(s) for s in u.get_feature_names_out()]

t = TransformedTargetRegressor(regressor=Ridge(alpha=1.0), func=np.log1p, inverse_func=np.expm1).fit(X, y)
out["ttr/log1p/pred"] = t.predict(X).tolist()
t = TransformedTargetRegressor(regressor=Ridge(alpha=1.0), transformer=StandardScaler()).fit(X, y)
out["ttr/scaler/pred"] = t.predict(X).tolist()

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn.json"), "w") as f:
    json.dump(out, f, indent=1)
