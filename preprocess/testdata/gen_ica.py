"""Generate testdata/ica.json: scikit-learn 1.2.1 FastICA reference outputs for
package preprocess, with a given w_init (so the iteration is deterministic) and, for
the classic two-source demo, with scikit-learn's own random start (compared up to
permutation and sign).

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_ica.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import FastICA

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))

# The classic demo: a sine, a square wave and a sawtooth, mixed into 3 (and 5)
# observations with a little noise.
t = np.linspace(0, 8, 1000)
s1 = np.sin(2 * t)
s2 = np.sign(np.sin(3 * t))
s3 = 2 * ((t * 1.3) % 1) - 1
S = np.c_[s1, s2, s3]
S += 0.02 * np.random.RandomState(0).normal(size=S.shape)
S /= S.std(axis=0)
A3 = np.array([[1, 1, 1], [0.5, 2, 1.0], [1.5, 1.0, 2.0]])
A5 = np.array([[1, 1, 1], [0.5, 2, 1.0], [1.5, 1.0, 2.0], [0.2, -1, 0.7], [1, 0.3, -0.5]])
X3 = S @ A3.T + [1.0, -2.0, 0.5]
X5 = S @ A5.T
X2 = S[:, :2] @ np.array([[1, 0.6], [0.4, 1]]).T
rng = np.random.RandomState(7)
W3 = rng.normal(size=(3, 3))
W2 = rng.normal(size=(2, 2))

out = {"sklearn_version": sklearn.__version__, "S": S.tolist(), "X3": X3.tolist(), "X5": X5.tolist(),
       "X2": X2.tolist(), "W3": W3.tolist(), "W2": W2.tolist()}
cases = [
    ("x3-parallel", "X3", X3, dict(whiten="unit-variance", w_init=W3)),
    ("x3-parallel-arbitrary", "X3", X3, dict(whiten="arbitrary-variance", w_init=W3)),
    ("x3-deflation", "X3", X3, dict(whiten="unit-variance", algorithm="deflation", w_init=W3)),
    ("x3-exp", "X3", X3, dict(whiten="unit-variance", fun="exp", w_init=W3)),
    ("x3-cube-deflation", "X3", X3, dict(whiten="unit-variance", fun="cube", algorithm="deflation", w_init=W3)),
    ("x3-logcosh-alpha", "X3", X3, dict(whiten="unit-variance", fun_args={"alpha": 1.5}, w_init=W3)),
    ("x3-eigh", "X3", X3, dict(whiten="unit-variance", whiten_solver="eigh", w_init=W3)),
    ("x5-k3", "X5", X5, dict(n_components=3, whiten="unit-variance", w_init=W3)),
    ("x5-k3-maxiter3", "X5", X5, dict(n_components=3, whiten="unit-variance", w_init=W3, max_iter=3)),
    ("x2-none", "X2", X2, dict(whiten=False, w_init=W2)),
]
for name, xname, X, kw in cases:
    est = FastICA(**kw)
    est.fit(X)
    k = "ica/" + name
    out[k + "/components"] = est.components_.tolist()
    out[k + "/mixing"] = est.mixing_.tolist()
    out[k + "/n_iter"] = int(est.n_iter_)
    out[k + "/transform"] = est.transform(X[:20]).tolist()
    if est.whiten:
        out[k + "/mean"] = est.mean_.tolist()
        out[k + "/whitening"] = est.whitening_.tolist()

# scikit-learn's random start on the demo: the recovered sources.
est = FastICA(n_components=3, whiten="unit-variance", random_state=0)
out["ica/x3-random/sources"] = est.fit_transform(X3).tolist()

with open(os.path.join(HERE, "ica.json"), "w") as f:
    json.dump(out, f)
