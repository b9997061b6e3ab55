"""Generate testdata/kpca.json: scikit-learn 1.2.1 KernelPCA reference outputs for
package preprocess.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_kpca.py
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import KernelPCA
from sklearn.metrics.pairwise import rbf_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "datasets", "data")


def load(name, p):
    with open(os.path.join(DATA, name)) as f:
        rows = list(csv.reader(f))[1:]
    return np.array([[float(v) for v in r[:p]] for r in rows])


iris = load("iris.csv", 4)
wine = load("wine_data.csv", 13)
wine = (wine - wine.mean(0)) / wine.std(0)
out = {"sklearn_version": sklearn.__version__}
out["wine_std/X"] = wine.tolist()  # standardized with numpy (ddof 0)
new_iris = iris[::15] + 0.1  # 10 rows near the training data
new_wine = wine[::18] * 0.9

cases = [
    ("iris-linear-2", iris, new_iris, dict(n_components=2)),
    ("iris-linear-none", iris, new_iris, dict()),
    ("iris-rbf-3-inv", iris, new_iris, dict(n_components=3, kernel="rbf", gamma=0.5, fit_inverse_transform=True, alpha=0.1)),
    ("iris-rbf-3-arpack", iris, new_iris, dict(n_components=3, kernel="rbf", gamma=0.5, eigen_solver="arpack")),
    ("iris-rbf-3-randomized", iris, new_iris, dict(n_components=3, kernel="rbf", gamma=0.5, eigen_solver="randomized", random_state=0)),
    ("wine-rbf-4-randomized", wine, new_wine, dict(n_components=4, kernel="rbf", eigen_solver="randomized", random_state=0)),
    ("iris-poly-4", iris, new_iris, dict(n_components=4, kernel="poly", degree=2)),
    ("iris-poly0-3", iris, new_iris, dict(n_components=3, kernel="poly", degree=3, gamma=0.2, coef0=0)),
    ("iris-cosine-3-inv", iris, new_iris, dict(n_components=3, kernel="cosine", fit_inverse_transform=True)),
    ("wine-sigmoid-3", wine, new_wine, dict(n_components=3, kernel="sigmoid", gamma=0.01, coef0=0.5)),
    ("wine-rbf-5-inv", wine, new_wine, dict(n_components=5, kernel="rbf", fit_inverse_transform=True)),
    ("wine-poly-6-rmzero", wine, new_wine, dict(n_components=6, kernel="poly", remove_zero_eig=True)),
]
for name, X, Xnew, kw in cases:
    est = KernelPCA(**kw)
    ft = est.fit_transform(X)
    k = "kpca/" + name
    out[k + "/eigenvalues"] = est.eigenvalues_.tolist()
    out[k + "/eigenvectors"] = est.eigenvectors_.tolist()
    out[k + "/fit_transform"] = ft.tolist()
    out[k + "/new"] = Xnew.tolist()
    z = est.transform(Xnew)
    out[k + "/transform"] = z.tolist()
    if kw.get("fit_inverse_transform"):
        out[k + "/inverse"] = est.inverse_transform(z).tolist()

# A precomputed kernel: iris's rbf kernel.
K = rbf_kernel(iris, gamma=0.5)
Knew = rbf_kernel(new_iris, iris, gamma=0.5)
est = KernelPCA(n_components=3, kernel="precomputed")
est.fit(K)
out["kpca/iris-precomputed-3/eigenvalues"] = est.eigenvalues_.tolist()
out["kpca/iris-precomputed-3/K"] = K.tolist()
out["kpca/iris-precomputed-3/Knew"] = Knew.tolist()
out["kpca/iris-precomputed-3/transform"] = est.transform(Knew).tolist()

with open(os.path.join(HERE, "kpca.json"), "w") as f:
    json.dump(out, f)
