"""Generate testdata/nmf.json: scikit-learn 1.2.1 NMF reference outputs for package
preprocess. Every case uses a deterministic initialisation ("nndsvd", "nndsvda",
"custom") on data where NComponents + 10 >= min(n, p), so scikit-learn's
randomized_svd inside NNDSVD is exact.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_nmf.py
"""
import csv
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import NMF

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")

with open(os.path.join(DATA, "iris.csv")) as f:
    iris = np.array([[float(v) for v in r[:4]] for r in list(csv.reader(f))[1:]])

rng = np.random.RandomState(0)
# 60 × 12 non-negative, approximately rank 3, with exact zeros.
synth = np.abs(rng.exponential(size=(60, 3)) @ rng.exponential(size=(3, 12)) + 0.1 * rng.normal(size=(60, 12)))
synth[synth < 0.15] = 0.0
positive = synth + 0.05  # no zeros, for beta <= 0
new = np.abs(rng.exponential(size=(8, 3)) @ rng.exponential(size=(3, 12)))
W0 = np.abs(rng.normal(size=(60, 3)))
H0 = np.abs(rng.normal(size=(3, 12)))

out = {"sklearn_version": sklearn.__version__, "synth/X": synth.tolist(), "positive/X": positive.tolist(),
       "new/X": new.tolist(), "custom/W": W0.tolist(), "custom/H": H0.tolist()}
cases = [
    ("iris-2-nndsvd", iris, iris[::15], dict(n_components=2, init="nndsvd")),
    ("iris-none", iris, iris[::15], dict()),
    ("synth-3-nndsvd", synth, new, dict(n_components=3, init="nndsvd", max_iter=500)),
    ("synth-3-nndsvda-reg", synth, new, dict(n_components=3, init="nndsvda", alpha_W=0.01, l1_ratio=0.5)),
    ("synth-3-alphaH0", synth, new, dict(n_components=3, init="nndsvda", alpha_W=0.02, alpha_H=0.0, l1_ratio=0.2)),
    ("synth-4-mu", synth, new, dict(n_components=4, init="nndsvda", solver="mu", max_iter=300)),
    ("synth-3-mu-kl", synth, new, dict(n_components=3, init="nndsvda", solver="mu", beta_loss="kullback-leibler")),
    ("synth-3-mu-kl-reg", synth, new, dict(n_components=3, init="nndsvda", solver="mu", beta_loss="kullback-leibler", alpha_W=0.01, l1_ratio=0.5)),
    ("positive-3-mu-is", positive, new + 0.05, dict(n_components=3, init="nndsvda", solver="mu", beta_loss="itakura-saito")),
    ("synth-3-mu-1.5", synth, new, dict(n_components=3, init="nndsvda", solver="mu", beta_loss=1.5, alpha_W=0.005)),
    ("synth-3-mu-3", synth, new, dict(n_components=3, init="nndsvdar", solver="mu", beta_loss=3.0, max_iter=50, tol=0.0)),
    ("synth-3-custom", synth, new, dict(n_components=3, init="custom", max_iter=50)),
    ("synth-3-custom-mu", synth, new, dict(n_components=3, init="custom", solver="mu", max_iter=50)),
]
for name, X, Xnew, kw in cases:
    est = NMF(**kw)
    if kw.get("init") == "custom":
        W = est.fit_transform(X, W=W0.copy(), H=H0.copy())
    elif kw.get("init") == "nndsvdar":
        continue  # random fill: not reproducible outside numpy
    else:
        W = est.fit_transform(X)
    k = "nmf/" + name
    out[k + "/W"] = W.tolist()
    out[k + "/H"] = est.components_.tolist()
    out[k + "/reconstruction_err"] = float(est.reconstruction_err_)
    out[k + "/n_iter"] = int(est.n_iter_)
    out[k + "/new"] = Xnew.tolist()
    z = est.transform(Xnew)
    out[k + "/transform"] = z.tolist()
    out[k + "/inverse"] = est.inverse_transform(z).tolist()

with open(os.path.join(HERE, "nmf.json"), "w") as f:
    json.dump(out, f)
