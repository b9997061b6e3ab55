"""Reference values for skgo's embedded datasets, from scikit-learn 1.2.1.

Run by hand:  /usr/bin/python3 testdata/gen_sklearn.py   (from /work/main/datasets)
Writes testdata/sklearn.json. CI never runs Python.

Boston was removed from scikit-learn in 1.2; it is read from the same CSV that the Go
package embeds (data/boston_house_prices.csv), with the parsing the old load_boston used.
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))


def summary(X, y, feature_names, target_names=None):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    out = {
        "shape": list(X.shape),
        "col_sums": X.sum(axis=0).tolist(),
        "first_row": X[0].tolist(),
        "last_row": X[-1].tolist(),
        "target_sum": float(y.sum()),
        "target_first": float(y[0]),
        "target_last": float(y[-1]),
        "feature_names": [str(s) for s in feature_names],
    }
    if target_names is not None:
        out["target_names"] = [str(s) for s in target_names]
    return out


def boston():
    path = os.path.join(HERE, "..", "data", "boston_house_prices.csv")
    with open(path) as f:
        r = csv.reader(f)
        first = next(r)
        n, p = int(first[0]), int(first[1])
        header = next(r)
        data = np.empty((n, p))
        target = np.empty((n,))
        for i, row in enumerate(r):
            data[i] = np.asarray(row[:-1], dtype=np.float64)
            target[i] = np.asarray(row[-1], dtype=np.float64)
    return summary(data, target, header[:p])


def main():
    assert sklearn.__version__ == "1.2.1", sklearn.__version__
    out = {"sklearn_version": sklearn.__version__}
    for name, loader in [
        ("iris", datasets.load_iris),
        ("wine", datasets.load_wine),
        ("breast_cancer", datasets.load_breast_cancer),
        ("digits", datasets.load_digits),
    ]:
        b = loader()
        out[name] = summary(b.data, b.target, b.feature_names, b.target_names)
    b = datasets.load_diabetes()
    out["diabetes"] = summary(b.data, b.target, b.feature_names)
    b = datasets.load_diabetes(scaled=False)
    out["diabetes_raw"] = summary(b.data, b.target, b.feature_names)
    out["boston"] = boston()
    with open(os.path.join(HERE, "sklearn.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
