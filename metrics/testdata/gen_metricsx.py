"""Generate scikit-learn reference values for the clustering metrics and the
classification metrics added with them (engineer metricsx).

Run by hand with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 metrics/testdata/gen_metricsx.py

It writes metrics/testdata/metricsx_sklearn.json. Inputs are fixed literals, come from
a seeded NumPy generator (and are stored in the JSON next to the outputs), come from
load_iris (embedded in the Go datasets package), or are the "formula" label sets that
the Go test rebuilds from a few integers. NaN is written as null; a call that raises
ValueError is written as "error": true.
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
from scipy.spatial.distance import cdist
from sklearn import metrics as M
from sklearn.datasets import load_iris

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore")

rng = np.random.default_rng(20261204)


def clean(v):
    if v is None:
        return None
    if isinstance(v, dict):
        return {str(k): clean(x) for k, x in v.items()}
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


def call(f, *a, **kw):
    """f(*a, **kw), or the string "error" if it raises ValueError."""
    try:
        return f(*a, **kw)
    except (ValueError, ZeroDivisionError):
        return "error"


# ---------------------------------------------------------------- supervised clustering
METHODS = ["arithmetic", "geometric", "min", "max"]


def cluster_outputs(lt, lp):
    c = {}
    c["ari"] = M.adjusted_rand_score(lt, lp)
    c["rand"] = M.rand_score(lt, lp)
    c["mi"] = M.mutual_info_score(lt, lp)
    c["nmi"] = {m: M.normalized_mutual_info_score(lt, lp, average_method=m) for m in METHODS}
    c["ami"] = {m: M.adjusted_mutual_info_score(lt, lp, average_method=m) for m in METHODS}
    c["hcv"] = list(M.homogeneity_completeness_v_measure(lt, lp))
    c["hcv_beta2"] = list(M.homogeneity_completeness_v_measure(lt, lp, beta=2.0))
    c["hcv_beta05"] = list(M.homogeneity_completeness_v_measure(lt, lp, beta=0.5))
    c["fmi"] = M.fowlkes_mallows_score(lt, lp)
    c["pair"] = M.cluster.pair_confusion_matrix(lt, lp).astype(float)
    return c


clustering = []


def cluster_case(name, lt, lp, store_contingency=True):
    lt = np.asarray(lt, float)
    lp = np.asarray(lp, float)
    c = dict(name=name, labels_true=lst(lt), labels_pred=lst(lp))
    c.update(cluster_outputs(lt, lp))
    if store_contingency:
        c["contingency"] = M.cluster.contingency_matrix(lt, lp).astype(float)
    clustering.append(c)


cluster_case("perfect_permuted", [0, 0, 1, 1], [1, 1, 0, 0])
cluster_case("complete_not_pure", [0, 0, 1, 2], [0, 0, 1, 1])
cluster_case("pure_not_complete", [0, 0, 1, 1], [0, 0, 1, 2])
cluster_case("discordant", [0, 0, 1, 1], [0, 1, 0, 1])
cluster_case("all_equal_both", [3, 3, 3, 3, 3], [7, 7, 7, 7, 7])
cluster_case("one_vs_singletons", [0, 0, 0, 0], [0, 1, 2, 3])
cluster_case("singletons_vs_one", [0, 1, 2, 3], [5, 5, 5, 5])
cluster_case("singletons_both", [0, 1, 2, 3, 4], [4, 3, 2, 1, 0])
cluster_case("single_sample", [1], [2])
cluster_case("two_samples", [1, 1], [0, 1])
cluster_case("float_labels", [-1.5, 2.25, 2.25, -1.5, 0.5, 0.5, 0.5], [10, 10, -3, -3, 10, 0.125, 0.125])
for name, n, kt, kp, unbalanced in [
    ("random_200_3_4", 200, 3, 4, False),
    ("random_500_20_15", 500, 20, 15, False),
    ("random_1000_50_2", 1000, 50, 2, False),
    ("random_60_40_45", 60, 40, 45, False),
    ("unbalanced_300_5_6", 300, 5, 6, True),
    ("random_2000_8_8", 2000, 8, 8, False),
]:
    if unbalanced:
        pt = rng.dirichlet(np.full(kt, 0.3))
        pp = rng.dirichlet(np.full(kp, 0.3))
        lt = rng.choice(kt, size=n, p=pt)
        lp = rng.choice(kp, size=n, p=pp)
    else:
        lt = rng.integers(0, kt, n)
        lp = rng.integers(0, kp, n)
    # correlate the labelings a little so the scores are not all near 0
    agree = rng.random(n) < 0.4
    lp = np.where(agree, lt % kp, lp)
    cluster_case(name, lt, lp, store_contingency=(kt * kp <= 400))


# Formula label sets: labels_true[i] = (i * at) % mt % kt, labels_pred[i] = (i * ap) % mp % kp.
def formula(n, a, m, k):
    i = np.arange(n, dtype=np.int64)
    return ((i * a) % m % k).astype(float)


cluster_formulas = []
for n, at, mt, kt, ap, mp, kp in [
    (120000, 7, 11, 3, 13, 17, 2),  # pair-count products above 2^63: exact integers needed
    (30000, 5, 31, 9, 3, 29, 7),
]:
    lt, lp = formula(n, at, mt, kt), formula(n, ap, mp, kp)
    c = dict(n=n, at=at, mt=mt, kt=kt, ap=ap, mp=mp, kp=kp)
    c.update(cluster_outputs(lt, lp))
    cluster_formulas.append(c)

# ---------------------------------------------------------------- unsupervised clustering
silhouette = []


def sil_case(name, X, labels, metrics_list):
    X = np.asarray(X, float)
    labels = np.asarray(labels, float)
    c = dict(name=name, X=X, labels=lst(labels), metrics={})
    for m in metrics_list:
        if m == "precomputed":
            D = cdist(X, X, "euclidean")
            c["D"] = D
            s = call(M.silhouette_samples, D, labels, metric="precomputed")
            sc = call(M.silhouette_score, D, labels, metric="precomputed")
        else:
            s = call(M.silhouette_samples, X, labels, metric=m)
            sc = call(M.silhouette_score, X, labels, metric=m)
        c["metrics"][m] = dict(samples=None if isinstance(s, str) else s, score=None if isinstance(sc, str) else sc,
                               error=isinstance(sc, str))
    ch = call(M.calinski_harabasz_score, X, labels)
    db = call(M.davies_bouldin_score, X, labels)
    c["ch"] = None if isinstance(ch, str) else ch
    c["db"] = None if isinstance(db, str) else db
    c["error"] = isinstance(ch, str)
    silhouette.append(c)


ALL = ["euclidean", "sqeuclidean", "manhattan", "chebyshev", "cosine", "precomputed"]
centers = rng.normal(0, 4, (4, 3))
blob_labels = rng.integers(0, 4, 80)
blobs = centers[blob_labels] + rng.normal(0, 1.2, (80, 3))
sil_case("blobs_80_4", blobs, blob_labels, ALL)
sil_case("blobs_relabelled", blobs, np.array([10.5, -2, 3, 99])[blob_labels], ["euclidean"])
# clusters of size 1 score 0
lab = blob_labels.copy()
lab[0] = 7
lab[5] = 8
sil_case("singletons", blobs, lab, ["euclidean", "manhattan"])
# many clusters
many = rng.integers(0, 25, 80)
sil_case("many_clusters", blobs, many, ["euclidean", "cosine"])
# unbalanced: one big cluster
unb = (rng.random(80) < 0.1).astype(int) + (rng.random(80) < 0.05).astype(int)
sil_case("unbalanced", blobs, unb, ["euclidean", "manhattan"])
# wide data
wide = rng.normal(0, 1, (40, 30))
wide_lab = rng.integers(0, 3, 40)
wide[wide_lab == 1] += 0.8
sil_case("wide_40x30", wide, wide_lab, ["euclidean", "cosine", "chebyshev"])
# identical points in one cluster: intra 0 and inter 0 -> 0
sil_case("duplicates", [[0, 0], [0, 0], [1, 1], [1, 1], [1, 1]], [0, 0, 1, 1, 1], ["euclidean"])
# degenerate: one cluster / all singletons raise
sil_case("one_cluster", blobs[:10], np.zeros(10), ["euclidean"])
sil_case("all_singletons", blobs[:10], np.arange(10), ["euclidean"])
# identical centroids for DB
sil_case("same_centroid", [[-1, 0], [1, 0], [0, -2], [0, 2], [5, 5], [6, 6]], [0, 0, 1, 1, 2, 2], ["euclidean"])

iris = load_iris()
iris_out = {}
for m in ["euclidean", "manhattan", "cosine"]:
    iris_out[m] = M.silhouette_score(iris.data, iris.target, metric=m)
iris_out["samples_euclidean"] = M.silhouette_samples(iris.data, iris.target)
iris_out["ch"] = M.calinski_harabasz_score(iris.data, iris.target)
iris_out["db"] = M.davies_bouldin_score(iris.data, iris.target)

# ---------------------------------------------------------------- classification
classification = []


def report_dict(yt, yp, **kw):
    d = M.classification_report(yt, yp, output_dict=True, **kw)
    return d


def clf_case(name, yt, yp, w=None, labels=None, target_names=None):
    yt = np.asarray(yt)
    yp = np.asarray(yp)
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c = dict(name=name, y_true=lst(yt), y_pred=lst(yp), weights=lst(w), labels=lst(labels), target_names=target_names)
    c["mcc"] = call(M.matthews_corrcoef, yt, yp, **kw)
    c["kappa"] = {str(k): call(M.cohen_kappa_score, yt, yp, weights=k, **kw) for k in [None, "linear", "quadratic"]}
    if labels is not None:
        c["kappa_labels"] = {str(k): call(M.cohen_kappa_score, yt, yp, labels=labels, weights=k, **kw)
                             for k in [None, "linear", "quadratic"]}
    c["hamming"] = M.hamming_loss(yt, yp, **kw)
    c["zero_one"] = M.zero_one_loss(yt, yp, **kw)
    c["zero_one_count"] = M.zero_one_loss(yt, yp, normalize=False, **kw)
    c["jaccard"] = {a: call(M.jaccard_score, yt, yp, average=a, **kw) for a in ["binary", "micro", "macro", "weighted"]}
    rkw = dict(kw)
    if labels is not None:
        rkw["labels"] = labels
    if target_names is not None:
        rkw["target_names"] = target_names
    c["report_text"] = M.classification_report(yt, yp, **rkw)
    c["report_text4"] = M.classification_report(yt, yp, digits=4, **rkw)
    c["report_dict"] = M.classification_report(yt, yp, output_dict=True, **rkw)
    for k, v in list(c.items()):
        if isinstance(v, str) and v == "error":
            c[k] = None
            c[k + "_error"] = True
        if isinstance(v, dict):
            for kk, vv in list(v.items()):
                if isinstance(vv, str) and vv == "error":
                    v[kk] = None
    classification.append(c)


yt3 = rng.integers(0, 3, 60)
yp3 = np.where(rng.random(60) < 0.6, yt3, rng.integers(0, 3, 60))
w60 = rng.integers(1, 5, 60).astype(float) / 2
clf_case("multiclass", yt3, yp3)
clf_case("multiclass_weighted", yt3, yp3, w=w60)
clf_case("multiclass_names", yt3, yp3, target_names=["setosa", "versicolor", "a very long class name"])
clf_case("multiclass_labels_subset", yt3, yp3, labels=[2, 0])
clf_case("multiclass_labels_extra", yt3, yp3, labels=[0, 1, 2, 5])
ytb = rng.integers(0, 2, 50)
ypb = np.where(rng.random(50) < 0.7, ytb, 1 - ytb)
clf_case("binary", ytb, ypb)
clf_case("binary_weighted", ytb, ypb, w=rng.random(50).round(3))
clf_case("binary_pm1", 2 * ytb - 1, 2 * ypb - 1)
# many classes, unbalanced
ytm = rng.choice(12, size=300, p=rng.dirichlet(np.full(12, 0.5)))
ypm = np.where(rng.random(300) < 0.5, ytm, rng.integers(0, 12, 300))
clf_case("many_unbalanced", ytm, ypm)
clf_case("constant_pred", ytb, np.zeros(50, int))
clf_case("perfect", yt3, yt3)
clf_case("all_wrong_2", [0, 0, 1, 1], [1, 1, 0, 0])
clf_case("odd_labels", [1, 3, 5, 1, 3, 5, 1], [1, 5, 5, 3, 3, 1, 1])

# ---------------------------------------------------------------- binary score curves
curves = []


def curve_case(name, yt, s, w=None, pos_label=1):
    yt = np.asarray(yt, float)
    s = np.asarray(s, float)
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c = dict(name=name, y_true=lst(yt), score=lst(s), weights=lst(w), pos_label=pos_label)
    p, r, t = M.precision_recall_curve(yt, s, pos_label=pos_label, **kw)
    c["pr"] = dict(precision=p, recall=r, thresholds=t)
    ap = call(M.average_precision_score, yt, s, pos_label=pos_label, **kw)
    c["ap"] = None if isinstance(ap, str) else ap
    c["ap_error"] = isinstance(ap, str)
    d = call(M.det_curve, yt, s, pos_label=pos_label, **kw)
    c["det"] = None if isinstance(d, str) else dict(fpr=d[0], fnr=d[1], thresholds=d[2])
    if s.min() >= 0 and s.max() <= 1:
        b = call(M.brier_score_loss, yt, s, **kw)
        c["brier"] = None if isinstance(b, str) else b
        c["brier_error"] = isinstance(b, str)
    curves.append(c)


yb = rng.integers(0, 2, 40)
sb = np.clip(yb * 0.3 + rng.random(40) * 0.7, 0, 1).round(2)  # ties from rounding
curve_case("binary", yb, sb)
curve_case("binary_weighted", yb, sb, w=rng.random(40).round(2))
curve_case("binary_zero_weights", yb, sb, w=np.where(rng.random(40) < 0.3, 0, 1.0))
curve_case("pos_label_0", yb, sb, pos_label=0)
curve_case("labels_2_5", np.where(yb == 1, 5, 2), sb, pos_label=5)
curve_case("decision_scores", yb, (rng.normal(0, 1, 40) + yb).round(1))
curve_case("all_negative", np.zeros(10), rng.random(10).round(2))
curve_case("all_positive", np.ones(10), rng.random(10).round(2))
curve_case("perfect", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
curve_case("constant_score", [0, 1, 0, 1, 1], [0.5] * 5)
curve_case("brier_pm1", [-1, 1, 1, -1], [0.2, 0.7, 0.9, 0.4])
curve_case("brier_2_7", [2, 7, 7, 2], [0.2, 0.7, 0.9, 0.4])
curve_case("brier_single_3", [3, 3, 3], [0.2, 0.7, 0.9], pos_label=3)
curve_case("brier_neg1_0", [-1, 0, 0, -1], [0.2, 0.7, 0.9, 0.4], pos_label=0)

# ---------------------------------------------------------------- multiclass scores
multiscore = []
pt = rng.integers(0, 4, 50)
pp = rng.dirichlet(np.ones(4), 50)
pp[np.arange(50), pt] += 0.3
pp /= pp.sum(axis=1, keepdims=True)
pp = pp.round(3)
pp[:5, :] = 0.25  # ties
pw = rng.random(50).round(2)
mc = dict(y_true=lst(pt), score=pp, weights=lst(pw))
mc["ap"] = {a: M.average_precision_score(np.eye(4)[pt], pp, average=a) for a in ["macro", "weighted", "micro"]}
mc["ap_weighted"] = {a: M.average_precision_score(np.eye(4)[pt], pp, average=a, sample_weight=pw)
                     for a in ["macro", "weighted", "micro"]}
mc["topk"] = {str(k): M.top_k_accuracy_score(pt, pp, k=k) for k in [1, 2, 3, 4]}
mc["topk_weighted"] = {str(k): M.top_k_accuracy_score(pt, pp, k=k, sample_weight=pw) for k in [1, 2, 3]}
mc["topk_labels"] = M.top_k_accuracy_score(pt, np.column_stack([pp, np.zeros(50)]), k=2, labels=[0, 1, 2, 3, 4])
multiscore.append(mc)
topk_binary = []
for k in [1, 2]:
    for s in [sb, (sb - 0.5) * 3]:
        topk_binary.append(dict(y_true=lst(yb), score=lst(s), k=k, expected=M.top_k_accuracy_score(yb, s, k=k)))
topk_binary.append(dict(y_true=lst(np.where(yb == 1, 4, 2)), score=lst(sb), k=1,
                        expected=M.top_k_accuracy_score(np.where(yb == 1, 4, 2), sb, k=1)))

# ---------------------------------------------------------------- deviances, likelihood ratios
deviance = []


def dev_case(name, yt, yp, w=None):
    yt = np.asarray(yt, float)
    yp = np.asarray(yp, float)
    kw = {} if w is None else {"sample_weight": np.asarray(w, float)}
    c = dict(name=name, y_true=lst(yt), y_pred=lst(yp), weights=lst(w))
    c["msle"] = call(M.mean_squared_log_error, yt, yp, **kw)
    c["tweedie"] = {str(p): call(M.mean_tweedie_deviance, yt, yp, power=p, **kw) for p in [-1.5, 0, 1, 1.5, 2, 3]}
    c["poisson"] = call(M.mean_poisson_deviance, yt, yp, **kw)
    c["gamma"] = call(M.mean_gamma_deviance, yt, yp, **kw)
    for k in ["msle", "poisson", "gamma"]:
        if isinstance(c[k], str):
            c[k] = None
    c["tweedie"] = {k: (None if isinstance(v, str) else v) for k, v in c["tweedie"].items()}
    deviance.append(c)


dy = rng.gamma(2.0, 1.5, 30).round(3)
dp = (dy * rng.uniform(0.5, 1.5, 30)).round(3) + 0.01
dev_case("positive", dy, dp)
dev_case("positive_weighted", dy, dp, rng.random(30).round(2))
dz = dy.copy()
dz[:4] = 0
dev_case("zeros_in_y", dz, dp)
dev_case("negative_y", dy - 1, dp)

likelihood = []
for name, yt, yp in [("binary", ytb, ypb), ("labels_2_5", np.where(ytb == 1, 5, 2), np.where(ypb == 1, 5, 2)),
                     ("no_fp", [0, 0, 1, 1], [0, 0, 1, 0]), ("no_tn", [0, 0, 1, 1], [1, 1, 1, 0]),
                     ("one_label", [1, 1, 1], [1, 1, 1])]:
    lr = M.class_likelihood_ratios(np.asarray(yt), np.asarray(yp))
    likelihood.append(dict(name=name, y_true=lst(yt), y_pred=lst(yp), positive=lr[0], negative=lr[1]))
lw = rng.random(50).round(2)
lrw = M.class_likelihood_ratios(ytb, ypb, sample_weight=lw)
likelihood.append(dict(name="weighted", y_true=lst(ytb), y_pred=lst(ypb), weights=lst(lw), positive=lrw[0], negative=lrw[1]))

# ---------------------------------------------------------------- scorers


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


class FakeRegressor:
    _estimator_type = "regressor"

    def __init__(self, pred):
        self.pred = np.asarray(pred, float)

    def fit(self, X, y):
        return self

    def predict(self, X):
        return self.pred


scorer_cases = []


def score_case(case, scorer_names, est, y, w=None, decision=None):
    X = np.zeros((len(y), 1))
    for name in scorer_names:
        s = M.get_scorer(name)
        try:
            v = s(est, X, np.asarray(y, float)) if w is None else s(est, X, np.asarray(y, float),
                                                                    sample_weight=np.asarray(w, float))
            err = False
        except (ValueError, TypeError):
            v, err = None, True
        scorer_cases.append(dict(
            case=case, scorer=name, kind=est._estimator_type,
            classes=lst(getattr(est, "classes_", None)),
            pred=lst(est.pred), proba=getattr(est, "proba", None), decision=lst(decision),
            y=lst(y), weights=lst(w), expected=v, error=err))


new_names = ["matthews_corrcoef", "jaccard", "jaccard_micro", "jaccard_macro", "jaccard_weighted",
             "average_precision", "top_k_accuracy", "neg_brier_score",
             "adjusted_rand_score", "rand_score", "adjusted_mutual_info_score", "normalized_mutual_info_score",
             "mutual_info_score", "homogeneity_score", "completeness_score", "v_measure_score",
             "fowlkes_mallows_score"]
bin_proba = np.column_stack([1 - sb, sb])
bin_pred = (sb > 0.5).astype(float)
score_case("binary", new_names, FakeClassifier([0, 1], bin_pred, bin_proba), yb)
score_case("binary_weighted", new_names, FakeClassifier([0, 1], bin_pred, bin_proba), yb, rng.random(40).round(2))
dec = (rng.normal(0, 1, 40) + yb).round(2)
score_case("binary_decision", ["average_precision", "top_k_accuracy"],
           FakeDecisionClassifier([0, 1], bin_pred, bin_proba, dec), yb, decision=dec)
mc_pred = np.array([1, 4, 7])[pp[:, :3].argmax(axis=1)].astype(float)
mc_proba = pp[:, :3] / pp[:, :3].sum(axis=1, keepdims=True)
mc_y = np.array([1, 4, 7])[pt % 3]
score_case("multiclass", new_names, FakeClassifier([1, 4, 7], mc_pred, mc_proba), mc_y)
score_case("multiclass_weighted", new_names, FakeClassifier([1, 4, 7], mc_pred, mc_proba), mc_y, pw)
# a clusterer's labels: permuted cluster ids
cl_pred = np.array([2, 0, 1])[pt % 3].astype(float)
cl_pred[::7] = 3
score_case("clusters", new_names[8:], FakeClassifier([0, 1, 2, 3], cl_pred, np.full((50, 4), 0.25)), pt % 3)

reg_new = ["neg_mean_squared_log_error", "neg_mean_poisson_deviance", "neg_mean_gamma_deviance"]
score_case("deviance", reg_new, FakeRegressor(dp), dy)
score_case("deviance_weighted", reg_new, FakeRegressor(dp), dy, rng.random(30).round(2))
score_case("deviance_negative", reg_new, FakeRegressor(dp), dy - 1)
lr_names = ["positive_likelihood_ratio", "neg_negative_likelihood_ratio"]
score_case("likelihood", lr_names, FakeClassifier([0, 1], ypb, np.full((50, 2), 0.5)), ytb)
score_case("likelihood_weighted", lr_names, FakeClassifier([0, 1], ypb, np.full((50, 2), 0.5)), ytb, lw)
score_case("likelihood_no_fp", lr_names, FakeClassifier([0, 1], [0, 0, 1, 0], np.full((4, 2), 0.5)), [0, 0, 1, 1])

out = dict(deviance=deviance, likelihood=likelihood, sklearn_version=sklearn.__version__, clustering=clustering, cluster_formulas=cluster_formulas,
           silhouette=silhouette, iris=iris_out, classification=classification, curves=curves,
           multiscore=multiscore, topk_binary=topk_binary, scorers=scorer_cases)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metricsx_sklearn.json")
with open(path, "w") as f:
    json.dump(clean(out), f, indent=None, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print("wrote", path, os.path.getsize(path), "bytes")
