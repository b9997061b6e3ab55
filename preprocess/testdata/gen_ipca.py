"""Generate testdata/ipca.json: scikit-learn 1.2.1 IncrementalPCA reference outputs
for package preprocess.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_ipca.py
"""
import csv
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import IncrementalPCA

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")


def load_iris():
    with open(os.path.join(DATA, "iris.csv")) as f:
        rows = list(csv.reader(f))[1:]
    return np.array([[float(v) for v in r[:4]] for r in rows])


def load_digits():
    with gzip.open(os.path.join(DATA, "digits.csv.gz"), "rt") as f:
        return np.array([[float(v) for v in r[:64]] for r in csv.reader(f)])


out = {"sklearn_version": sklearn.__version__}
iris, digits = load_iris(), load_digits()


def record(k, est, X):
    out[k + "/components"] = est.components_.tolist()
    out[k + "/explained_variance"] = est.explained_variance_.tolist()
    out[k + "/explained_variance_ratio"] = est.explained_variance_ratio_.tolist()
    out[k + "/singular_values"] = est.singular_values_.tolist()
    out[k + "/mean"] = est.mean_.tolist()
    out[k + "/var"] = est.var_.tolist()
    out[k + "/noise_variance"] = float(est.noise_variance_)
    out[k + "/n_samples_seen"] = int(est.n_samples_seen_)
    out[k + "/transform"] = est.transform(X[:10]).tolist()
    out[k + "/inverse"] = est.inverse_transform(est.transform(X[:10])).tolist()


for name, X, kw in [
    ("iris-2", iris, dict(n_components=2)),
    ("iris-none-b30", iris, dict(batch_size=30)),
    ("iris-3-whiten-b16", iris, dict(n_components=3, whiten=True, batch_size=16)),
    ("digits-10", digits, dict(n_components=10)),
    ("digits-none", digits, dict()),
    ("digits-20-b100", digits, dict(n_components=20, batch_size=100)),
]:
    record("ipca/" + name, IncrementalPCA(**kw).fit(X), X)

# partial_fit over uneven batches.
est = IncrementalPCA(n_components=5)
for lo, hi in [(0, 40), (40, 45), (45, 300), (300, 1000), (1000, 1797)]:
    est.partial_fit(digits[lo:hi])
record("ipca/digits-partial-5", est, digits)

with open(os.path.join(HERE, "ipca.json"), "w") as f:
    json.dump(out, f)
