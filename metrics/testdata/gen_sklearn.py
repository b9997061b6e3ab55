"""Generate scikit-learn reference values for the metrics package.

Run by hand with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 metrics/testdata/gen_sklearn.py

It writes metrics/testdata/sklearn.json. All inputs are fixed literals or come from a
seeded NumPy generator, and are stored in the JSON next to the outputs, so the Go tests
read both from there. NaN is written as null.
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore")  # UndefinedMetricWarning etc.: zero_division="warn" -> 0

rng = np.random.default_rng(20240601)


def clean(v):
    """Convert numpy values to JSON-able Python values, NaN -> None."""
    if v is None:
        return None
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if isinstance(v, np.ndarray):
        return clean(v.tolist())
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if math.isnan(f) else f
    if isinstance(v, (np.integer, int)):
        return int(v)
    return v


def lst(a):
    return None if a is None else [float(x) for x in a]


# ---------------------------------------------------------------- regression
def reg_case(name, yt, yp, w=None):
    yt = np.asarray(yt, float)
    yp = np.asarray(yp, float)
    c = dict(name=name, y_true=lst(yt), y_pred=lst(yp), weights=lst(w))
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c["r2"] = M.r2_score(yt, yp, **kw)
    c["mse"] = M.mean_squared_error(yt, yp, **kw)
    c["rmse"] = M.mean_squared_error(yt, yp, squared=False, **kw)
    c["mae"] = M.mean_absolute_error(yt, yp, **kw)
    c["medae"] = M.median_absolute_error(yt, yp, **kw)
    c["mape"] = M.mean_absolute_percentage_error(yt, yp, **kw)
    c["ev"] = M.explained_variance_score(yt, yp, **kw)
    c["max_error"] = M.max_error(yt, yp)
    return c


regression = []
yt = rng.normal(3, 2, 25).round(3)
yp = (yt + rng.normal(0, 1, 25)).round(3)
w = rng.uniform(0.1, 3, 25).round(2)
regression.append(reg_case("random25", yt, yp))
regression.append(reg_case("random25_weighted", yt, yp, w))
regression.append(reg_case("random_odd", yt[:9], yp[:9]))
regression.append(reg_case("random_odd_weighted", yt[:9], yp[:9], w[:9]))
regression.append(reg_case("ties_even", [1, 2, 3, 4, 5, 6], [2, 3, 4, 3, 4, 7]))
regression.append(reg_case("ties_weighted", [1, 2, 3, 4, 5, 6], [2, 3, 4, 3, 4, 7], [1, 2, 1, 2, 1, 2]))
regression.append(reg_case("weighted_median_exact_half", [0, 0, 0, 0], [1, 2, 3, 4], [1, 1, 1, 1]))
regression.append(reg_case("zero_weights", [1, 2, 3, 4, 5], [1.5, 2, 2, 5, 9], [0, 1, 2, 0, 1]))
regression.append(reg_case("constant_y_imperfect", [2, 2, 2, 2], [2, 2.5, 1, 2]))
regression.append(reg_case("constant_y_perfect", [2, 2, 2, 2], [2, 2, 2, 2]))
regression.append(reg_case("constant_y_weighted", [2, 2, 2], [1, 2, 3], [1, 2, 3]))
regression.append(reg_case("bias", [1, 2, 3, 4, 5], [2, 3, 4, 5, 6]))
regression.append(reg_case("zero_in_y", [0, 1, -2, 3], [0.5, 1, -1, 3.5]))
regression.append(reg_case("negative_r2", [1, 2, 3], [3, 1, 2]))
regression.append(reg_case("single", [1.5], [2.0]))


# ---------------------------------------------------------------- labels
def prf_dict(yt, yp, avg, kw, pos_label=1):
    d = {}
    try:
        d["precision"] = M.precision_score(yt, yp, average=avg, pos_label=pos_label, **kw)
        d["recall"] = M.recall_score(yt, yp, average=avg, pos_label=pos_label, **kw)
        d["f1"] = M.f1_score(yt, yp, average=avg, pos_label=pos_label, **kw)
        d["f05"] = M.fbeta_score(yt, yp, beta=0.5, average=avg, pos_label=pos_label, **kw)
        d["f2"] = M.fbeta_score(yt, yp, beta=2, average=avg, pos_label=pos_label, **kw)
        d["finf"] = M.fbeta_score(yt, yp, beta=np.inf, average=avg, pos_label=pos_label, **kw)
        d["error"] = False
    except ValueError:
        d = {"error": True}
    return d


def label_case(name, yt, yp, w=None, pos_label=1, sub_labels=None, scale=1):
    """scale: scikit-learn rejects non-integral float labels as "continuous", so
    fractional labels are scored as yt*scale (same order) and stored as yt."""
    yt = np.asarray(yt, float)
    yp = np.asarray(yp, float)
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c = dict(name=name, y_true=lst(yt), y_pred=lst(yp), weights=lst(w), pos_label=float(pos_label))
    yt, yp = yt * scale, yp * scale
    c["accuracy"] = M.accuracy_score(yt, yp, **kw)
    c["balanced_accuracy"] = M.balanced_accuracy_score(yt, yp, **kw)
    c["confusion"] = M.confusion_matrix(yt, yp, **kw).astype(float)
    if sub_labels is not None:
        c["sub_labels"] = lst(sub_labels)
        c["confusion_sub"] = M.confusion_matrix(yt, yp, labels=sub_labels, **kw).astype(float)
    c["binary"] = prf_dict(yt, yp, "binary", kw, pos_label)
    for avg in ("micro", "macro", "weighted"):
        c[avg] = prf_dict(yt, yp, avg, kw)
    labels = np.unique(np.concatenate([yt, yp])) / scale
    for beta, key in ((1.0, "prfs"), (2.0, "prfs_beta2")):
        p, r, f, s = M.precision_recall_fscore_support(yt, yp, beta=beta, **kw)
        c[key] = dict(labels=lst(labels), p=p, r=r, f=f, s=np.asarray(s, float))
    if sub_labels is not None:
        p, r, f, s = M.precision_recall_fscore_support(yt, yp, labels=sub_labels, **kw)
        c["prfs_sub"] = dict(labels=lst(sub_labels), p=p, r=r, f=f, s=np.asarray(s, float))
    return c


labels = []
b_t = rng.integers(0, 2, 30)
b_p = np.where(rng.uniform(size=30) < 0.75, b_t, 1 - b_t)
b_w = rng.uniform(0.2, 2, 30).round(2)
labels.append(label_case("binary01", b_t, b_p, sub_labels=[1]))
labels.append(label_case("binary01_weighted", b_t, b_p, b_w))
labels.append(label_case("binary_pm1", 2 * b_t - 1, 2 * b_p - 1))
labels.append(label_case("binary_2_5_pos5", 3 * b_t + 2, 3 * b_p + 2, pos_label=5))
labels.append(label_case("binary_2_5_pos1_error", 3 * b_t + 2, 3 * b_p + 2))
m_t = rng.integers(0, 4, 40)
m_p = np.where(rng.uniform(size=40) < 0.6, m_t, rng.integers(0, 4, 40))
m_w = rng.uniform(0.1, 3, 40).round(2)
labels.append(label_case("multiclass4", m_t, m_p, sub_labels=[3, 0, 7]))
labels.append(label_case("multiclass4_weighted", m_t, m_p, m_w, sub_labels=[2, 1]))
labels.append(label_case("class_missing_from_pred", [0, 1, 2, 2, 1, 0, 2], [0, 1, 1, 1, 1, 0, 0]))
labels.append(label_case("class_only_in_pred", [0, 1, 1, 0, 1, 0], [0, 2, 1, 0, 2, 1]))
labels.append(label_case("all_negative", [0, 0, 0, 0], [0, 0, 0, 0]))
labels.append(label_case("all_positive_pred_negative", [1, 1, 1], [0, 0, 0]))
labels.append(label_case("fractional_labels", [0.5, 1.5, 2.5, 0.5, 1.5, 2.5, 2.5], [0.5, 2.5, 2.5, 1.5, 1.5, 0.5, 2.5],
                         [1, 2, 3, 1, 2, 3, 1], scale=2))
labels.append(label_case("zero_weight_class", [0, 1, 2, 2, 1], [0, 1, 2, 1, 1], [1, 1, 0, 0, 2]))


# ---------------------------------------------------------------- binary scores
def binary_case(name, yt, score, w=None):
    yt = np.asarray(yt, float)
    score = np.asarray(score, float)
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c = dict(name=name, y_true=lst(yt), score=lst(score), weights=lst(w))
    c["roc_auc"] = M.roc_auc_score(yt, score, **kw)
    pos = float(np.max(yt))
    fpr, tpr, thr = M.roc_curve(yt, score, pos_label=pos, **kw)
    c["pos_label"] = pos
    c["fpr"], c["tpr"], c["thresholds"] = fpr, tpr, thr
    if set(np.unique(yt)) <= {0.0, 1.0} and score.min() >= 0 and score.max() <= 1:
        c["log_loss_1d"] = M.log_loss(yt, score, **kw)
        c["log_loss_2d"] = M.log_loss(yt, np.column_stack([1 - score, score]), labels=[0, 1], **kw)
    return c


binary = []
s_t = rng.integers(0, 2, 40)
s_s = np.clip(0.3 * s_t + rng.uniform(0, 0.7, 40), 0, 1).round(2)  # rounding makes ties
s_w = rng.uniform(0.1, 2, 40).round(2)
binary.append(binary_case("ties40", s_t, s_s))
binary.append(binary_case("ties40_weighted", s_t, s_s, s_w))
s_w0 = s_w.copy()
s_w0[::5] = 0
binary.append(binary_case("zero_weights", s_t, s_s, s_w0))
binary.append(binary_case("clip_extremes", [0, 1, 1, 0, 1, 0], [0.0, 1.0, 0.0, 1.0, 0.5, 1e-20]))
binary.append(binary_case("perfect", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]))
binary.append(binary_case("all_tied", [0, 1, 0, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5]))
binary.append(binary_case("decision_pm1", [-1, 1, 1, -1, 1, -1, -1], [-2.5, 0.3, 1.7, 0.3, -0.1, -1.0, 2.0]))
binary.append(binary_case("labels_3_7", [3, 7, 7, 3, 7], [0.2, 0.9, 0.4, 0.4, 0.6]))


# ---------------------------------------------------------------- multiclass probabilities
def proba_case(name, yt, proba, classes, w=None):
    yt = np.asarray(yt, float)
    proba = np.asarray(proba, float)
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c = dict(name=name, y_true=lst(yt), proba=proba, classes=lst(classes), weights=lst(w))
    c["log_loss"] = M.log_loss(yt, proba, labels=classes, **kw)
    if np.allclose(1, proba.sum(axis=1)) and len(np.unique(yt)) == len(classes):
        for avg in ("macro", "weighted", "micro"):
            c["ovr_" + avg] = M.roc_auc_score(yt, proba, multi_class="ovr", average=avg, labels=classes, **kw)
        if w is None:
            for avg in ("macro", "weighted"):
                c["ovo_" + avg] = M.roc_auc_score(yt, proba, multi_class="ovo", average=avg, labels=classes)
    return c


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


probas = []
p_t = rng.integers(0, 3, 30)
z = rng.normal(0, 1, (30, 3)).round(1)
z[np.arange(30), p_t] += 1
p_p = softmax(z)
p_w = rng.uniform(0.1, 2, 30).round(2)
probas.append(proba_case("softmax3", p_t, p_p, [0, 1, 2]))
probas.append(proba_case("softmax3_weighted", p_t, p_p, [0, 1, 2], p_w))
probas.append(proba_case("labels_1_4_7", np.array([1, 4, 7])[p_t], p_p, [1, 4, 7]))
q = np.array([[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5], [0.5, 0.25, 0.25],
              [0.25, 0.5, 0.25], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
probas.append(proba_case("ties_and_zeros", [0, 1, 2, 1, 0, 2, 2, 0], q, [0, 1, 2]))
probas.append(proba_case("unnormalised_rows", [0, 1, 2, 1], [[2, 1, 1], [0.1, 0.3, 0.2], [0, 0, 0.5], [1, 1, 1]], [0, 1, 2]))
probas.append(proba_case("class_absent_from_y", [0, 2, 2, 0], p_p[:4], [0, 1, 2]))


# ---------------------------------------------------------------- scorers
class FakeRegressor:
    _estimator_type = "regressor"

    def __init__(self, pred):
        self.pred = np.asarray(pred, float)

    def fit(self, X, y):
        return self

    def predict(self, X):
        return self.pred


class FakeClassifier:
    _estimator_type = "classifier"

    def __init__(self, classes, pred, proba):
        self.classes_ = np.asarray(classes, float)
        self.pred = np.asarray(pred, float)
        self.proba = np.asarray(proba, float)

    def fit(self, X, y):
        return self

    def predict(self, X):
        return self.pred

    def predict_proba(self, X):
        return self.proba


class FakeDecisionClassifier(FakeClassifier):
    def __init__(self, classes, pred, proba, decision):
        super().__init__(classes, pred, proba)
        self.decision = np.asarray(decision, float)

    def decision_function(self, X):
        return self.decision


scorer_cases = []


def score_case(case, scorer_names, est, y, w=None, decision=None):
    X = np.zeros((len(y), 1))
    for name in scorer_names:
        s = M.get_scorer(name)
        try:
            v = s(est, X, np.asarray(y, float)) if w is None else s(est, X, np.asarray(y, float), sample_weight=np.asarray(w, float))
            err = False
        except (ValueError, TypeError):
            v, err = None, True
        scorer_cases.append(dict(
            case=case, scorer=name, kind=est._estimator_type,
            classes=lst(getattr(est, "classes_", None)),
            pred=lst(est.pred), proba=getattr(est, "proba", None), decision=lst(decision),
            y=lst(y), weights=lst(w), expected=v, error=err))


reg_names = ["r2", "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error",
             "neg_median_absolute_error", "neg_mean_absolute_percentage_error", "explained_variance", "max_error"]
score_case("reg", reg_names, FakeRegressor(yp), yt)
score_case("reg_weighted", reg_names, FakeRegressor(yp), yt, w)

clf_names = ["accuracy", "balanced_accuracy", "precision", "recall", "f1",
             "precision_micro", "precision_macro", "precision_weighted",
             "recall_micro", "recall_macro", "recall_weighted",
             "f1_micro", "f1_macro", "f1_weighted", "neg_log_loss", "roc_auc",
             "roc_auc_ovr", "roc_auc_ovr_weighted", "roc_auc_ovo", "roc_auc_ovo_weighted"]
# binary: the probability of class 1 is s_s, prediction thresholded at 0.5
bin_proba = np.column_stack([1 - s_s, s_s])
bin_pred = (s_s > 0.5).astype(float)
score_case("binary", clf_names, FakeClassifier([0, 1], bin_pred, bin_proba), s_t)
score_case("binary_weighted", clf_names, FakeClassifier([0, 1], bin_pred, bin_proba), s_t, s_w)
# decision function preferred by roc_auc
dec = rng.normal(0, 1, 40).round(2) + s_t
score_case("binary_decision", ["roc_auc"], FakeDecisionClassifier([0, 1], bin_pred, bin_proba, dec), s_t,
           decision=dec)
# multiclass with labels 1, 4, 7
mc_pred = np.array([1, 4, 7])[p_p.argmax(axis=1)].astype(float)
score_case("multiclass", clf_names, FakeClassifier([1, 4, 7], mc_pred, p_p), np.array([1, 4, 7])[p_t])
score_case("multiclass_weighted", clf_names, FakeClassifier([1, 4, 7], mc_pred, p_p), np.array([1, 4, 7])[p_t], p_w)

out = dict(sklearn_version=sklearn.__version__, regression=regression, labels=labels, binary=binary,
           multiclass=probas, scorers=scorer_cases)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn.json")
with open(path, "w") as f:
    json.dump(clean(out), f, indent=1, allow_nan=False)
    f.write("\n")
print("wrote", path)
