"""Writes sklearn_plots.json: what scikit-learn 1.2.1's Display classes (on
matplotlib 3.6.3) and numpy draw for fixed inputs, for plot's tests.

Run from the plot directory:  /usr/bin/python3 testdata/gen_plots.py
"""
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from matplotlib import cbook  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    ConfusionMatrixDisplay,
    PrecisionRecallDisplay,
    PredictionErrorDisplay,
    RocCurveDisplay,
)

assert sklearn.__version__ == "1.2.1", sklearn.__version__
rng = np.random.RandomState(0)
out = {"sklearn": sklearn.__version__, "matplotlib": matplotlib.__version__, "numpy": np.__version__}


def hexcolor(rgba):
    r, g, b = (int(round(v * 255)) for v in rgba[:3])
    return "%02x%02x%02x" % (r, g, b)


# --- confusion matrices -------------------------------------------------------
yt3 = rng.randint(0, 3, 60)
yp3 = np.where(rng.rand(60) < 0.7, yt3, rng.randint(0, 3, 60))
big_t = np.r_[np.zeros(1500, int), np.ones(40, int), np.full(7, 2)]
big_p = big_t.copy()
big_p[:30] = 1
big_p[1500:1505] = 0
absent_t = np.array([0, 0, 1, 1, 0])  # class 2 only predicted: its row sums to 0
absent_p = np.array([0, 2, 1, 2, 0])
w3 = rng.rand(60) * 3
cases = [
    ("three", yt3, yp3, None, None, None),
    ("three_true", yt3, yp3, None, None, "true"),
    ("three_pred", yt3, yp3, None, None, "pred"),
    ("three_all", yt3, yp3, None, None, "all"),
    ("weighted", yt3, yp3, None, w3, None),
    ("weighted_true", yt3, yp3, None, w3, "true"),
    ("big", big_t, big_p, None, None, None),
    ("big_true", big_t, big_p, None, None, "true"),
    ("labels_subset", yt3, yp3, [2, 0], None, None),
    ("absent_true", absent_t, absent_p, None, None, "true"),
    ("single", np.array([4, 4, 4]), np.array([4, 4, 4]), None, None, None),
]
cms = []
for name, yt, yp, labels, w, normalize in cases:
    d = ConfusionMatrixDisplay.from_predictions(
        yt, yp, labels=labels, sample_weight=w, normalize=normalize
    )
    cm = d.confusion_matrix
    k = cm.shape[0]
    cmin, cmax = d.im_.cmap(0), d.im_.cmap(1.0)
    texts, hi = [], []
    for i in range(k):
        for j in range(k):
            t = d.text_[i, j]
            texts.append(t.get_text())
            c = t.get_color()
            assert c in (cmin, cmax)
            hi.append(c == cmax)
    cells = d.im_.cmap(d.im_.norm(cm.astype(float)), bytes=True)[:, :, :3]
    cms.append(
        {
            "name": name,
            "y_true": [float(v) for v in yt],
            "y_pred": [float(v) for v in yp],
            "labels": None if labels is None else [float(v) for v in labels],
            "weights": None if w is None else [float(v) for v in w],
            "normalize": normalize or "",
            "matrix": [float(v) for v in cm.ravel()],
            "texts": texts,
            "text_is_cmap_max": hi,
            "cells": ["%02x%02x%02x" % tuple(int(v) for v in c) for c in cells.reshape(-1, 3)],
            "xticklabels": [t.get_text() for t in d.ax_.get_xticklabels()],
            "xlabel": d.ax_.get_xlabel(),
            "ylabel": d.ax_.get_ylabel(),
            "cmap_min": hexcolor(cmin),
            "cmap_max": hexcolor(cmax),
        }
    )
    plt.close("all")
out["confusion"] = cms

# --- ROC and precision-recall curves -------------------------------------------
yb = rng.randint(0, 2, 80)
score = yb * 0.6 + rng.rand(80)
score[5:15] = np.round(score[5:15], 1)  # ties
wb = rng.rand(80)
curves = []
for name, yt, s, pos, w, est in [
    ("basic", yb, score, 1, None, "model A"),
    ("weighted", yb, score, 1, wb, None),
    ("poslabel0", yb, -score, 0, None, "neg"),
    ("pm1", 2 * yb - 1, score, 1, None, "pm"),
]:
    roc = RocCurveDisplay.from_predictions(yt, s, pos_label=pos, sample_weight=w, name=est)
    pr = PrecisionRecallDisplay.from_predictions(yt, s, pos_label=pos, sample_weight=w, name=est)
    steps = cbook.pts_to_poststep(pr.recall, pr.precision)
    curves.append(
        {
            "name": name,
            "y_true": [float(v) for v in yt],
            "score": [float(v) for v in s],
            "pos_label": float(pos),
            "weights": None if w is None else [float(v) for v in w],
            "est": est or "",
            "fpr": roc.fpr.tolist(),
            "tpr": roc.tpr.tolist(),
            "roc_auc": float(roc.roc_auc),
            "roc_label": roc.line_.get_label(),
            "roc_xlabel": roc.ax_.get_xlabel(),
            "roc_ylabel": roc.ax_.get_ylabel(),
            "precision": pr.precision.tolist(),
            "recall": pr.recall.tolist(),
            "ap": float(pr.average_precision),
            "pr_label": pr.line_.get_label(),
            "pr_xlabel": pr.ax_.get_xlabel(),
            "pr_ylabel": pr.ax_.get_ylabel(),
            "pr_steps_x": steps[0].tolist(),
            "pr_steps_y": steps[1].tolist(),
        }
    )
    plt.close("all")
out["curves"] = curves

# --- prediction error ------------------------------------------------------------
yr = rng.randn(50) * 3 + 1
ypr = yr + rng.randn(50)
pe = []
for kind in ["actual_vs_predicted", "residual_vs_predicted"]:
    d = PredictionErrorDisplay.from_predictions(yr, ypr, kind=kind, subsample=None)
    pe.append(
        {
            "kind": kind,
            "y_true": yr.tolist(),
            "y_pred": ypr.tolist(),
            "points": d.scatter_.get_offsets().data.tolist(),
            "line": d.line_.get_xydata().tolist(),
            "xlabel": d.ax_.get_xlabel(),
            "ylabel": d.ax_.get_ylabel(),
        }
    )
    plt.close("all")
out["prediction_error"] = pe

# --- numpy.histogram -------------------------------------------------------------
v = rng.rand(300)
edge = np.r_[np.linspace(0, 1, 11), np.linspace(0, 1, 11), [0.3, 0.30000000000000004]]
hists = []
for name, vals, bins, rg, density in [
    ("default", v, None, None, False),
    ("bins7", v, 7, None, False),
    ("density", v, 13, None, True),
    ("range", v, 5, (0.25, 0.75), False),
    ("range_density", v, 4, (0.1, 0.6), True),
    ("edges", edge, 10, None, False),
    ("edges3", edge, 3, None, False),
    ("thirds", np.arange(31) / 30.0, 3, None, False),
    ("constant", np.full(5, 2.5), 4, None, False),
    ("wide", rng.randn(200) * 1e6, 9, None, False),
]:
    kw = {}
    if bins is not None:
        kw["bins"] = bins
    if rg is not None:
        kw["range"] = rg
    counts, edges = np.histogram(vals, density=density, **kw)
    hists.append(
        {
            "name": name,
            "values": vals.tolist(),
            "bins": bins or 0,
            "range": list(rg) if rg else [0, 0],
            "density": density,
            "counts": counts.astype(float).tolist(),
            "edges": edges.tolist(),
        }
    )
out["histograms"] = hists

# --- mean ± std bands --------------------------------------------------------------
scores = rng.rand(4, 5)
out["bands"] = {
    "scores": scores.tolist(),
    "mean": scores.mean(axis=1).tolist(),
    "std": scores.std(axis=1).tolist(),
}

with open("testdata/sklearn_plots.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
