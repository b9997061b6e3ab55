"""Generate testdata/spline.json: scikit-learn 1.2.1 reference outputs for
preprocess.SplineTransformer.

Run by hand from the repository root with Debian's Python (sklearn 1.2.1):

    /usr/bin/python3 preprocess/testdata/gen_spline.py

The random inputs are written to the JSON too, so the Go tests read the exact same
numbers. Keys: "X/train", "X/test", "X/ties", "w", then one entry per case under
"case/<name>/...": its parameters, the knot vectors (bsplines_[j].t), the transform
of the test rows and the output feature names.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.preprocessing import SplineTransformer

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))


def L(a):
    return np.asarray(a, dtype=float).tolist()


rng = np.random.RandomState(0)
train = rng.normal(size=(40, 3)) * [1.0, 10.0, 0.1] + [0.0, 50.0, -2.0]
# Test rows: inside and outside the training range, plus the exact training extremes.
lo, hi = train.min(axis=0), train.max(axis=0)
span = hi - lo
test = lo + rng.uniform(-0.6, 1.6, size=(18, 3)) * span
test = np.vstack([test, lo, hi])
# Data with ties (repeated quantile knots) for quantile and weighted knots.
ties = np.c_[
    rng.randint(0, 4, size=30).astype(float),
    np.round(rng.exponential(size=30), 1),
]
ties_test = np.c_[np.linspace(-1, 5, 13), np.linspace(-0.5, 4, 13)]
w = rng.uniform(0, 2, size=40)
w[:5] = 0  # zero weights: ignored for uniform min/max, skipped at percentile 0
w_ties = rng.randint(0, 3, size=30).astype(float)
w_ties[0] = 1

out = {
    "sklearn_version": sklearn.__version__,
    "X/train": L(train),
    "X/test": L(test),
    "X/ties": L(ties),
    "X/ties_test": L(ties_test),
    "w": L(w),
    "w_ties": L(w_ties),
}


def case(name, Xfit, Xt, weights=None, **params):
    st = SplineTransformer(**params)
    st.fit(Xfit, sample_weight=weights)
    d = {k: (v if not isinstance(v, np.ndarray) else L(v)) for k, v in params.items()}
    out["case/" + name + "/params"] = d
    out["case/" + name + "/t"] = [L(b.t) for b in st.bsplines_]
    if params.get("extrapolation") == "linear" and params.get("degree", 3) <= 1 and Xfit.shape[1] > 1:
        # scikit-learn 1.2.1's linear extrapolation increments its local `degree` for
        # degree <= 1 inside the loop over features, so features after the first are
        # evaluated with the wrong degree (boundary knots t[degree] shifted). skgo
        # extrapolates every feature as scikit-learn does the first: the reference is
        # one single-feature fit per column, side by side.
        cols = []
        for j in range(Xfit.shape[1]):
            sj = SplineTransformer(**params).fit(Xfit[:, [j]], sample_weight=weights)
            cols.append(sj.transform(Xt[:, [j]]))
        out["case/" + name + "/transform"] = L(np.hstack(cols))
    else:
        out["case/" + name + "/transform"] = L(st.transform(Xt))
    out["case/" + name + "/names"] = [str(s) for s in st.get_feature_names_out()]


for extrap in ["constant", "linear", "continue", "periodic", "error"]:
    for degree in [0, 1, 2, 3, 4]:
        for knots in ["uniform", "quantile"]:
            n_knots = 4 if degree % 2 else 5
            if extrap == "periodic" and n_knots <= degree:
                n_knots = degree + 2
            bias = (degree + len(knots)) % 2 == 0
            name = f"{extrap}/d{degree}/{knots}"
            if degree == 0 and extrap == "constant":
                # scikit-learn 1.2.1 raises a broadcasting error for degree 0 above
                # the last knot: compare on the rows below it only.
                Xt = test[(test <= hi).all(axis=1)]
                out["case/" + name + "/rows"] = np.flatnonzero((test <= hi).all(axis=1)).tolist()
            elif extrap == "error":
                inside = ((test >= lo) & (test <= hi)).all(axis=1)
                Xt = test[inside]
                out["case/" + name + "/rows"] = np.flatnonzero(inside).tolist()
            else:
                Xt = test
            case(name, train, Xt, degree=degree, n_knots=n_knots, knots=knots,
                 extrapolation=extrap, include_bias=bias)

# Default settings, F order (same values), n_knots=2.
case("default", train, test)
case("order_f", train, test, order="F", n_knots=3)
case("nknots2", train, test, n_knots=2, degree=2)
case("degree6", train, test, degree=6, n_knots=7, extrapolation="linear")

# Quantile knots on data with ties (repeated knots), with and without weights.
for extrap in ["constant", "linear", "continue"]:
    case(f"ties/{extrap}", ties, ties_test, knots="quantile", n_knots=6, extrapolation=extrap)
    case(f"ties/{extrap}/weighted", ties, ties_test, weights=w_ties, knots="quantile",
         n_knots=6, extrapolation=extrap)
case("weighted/quantile", train, test, weights=w, knots="quantile", n_knots=7)
case("weighted/uniform", train, test, weights=w, knots="uniform", n_knots=5,
     extrapolation="linear")
case("weighted/periodic", train, test, weights=w, knots="quantile", n_knots=6,
     extrapolation="periodic", degree=2)

# Explicit knots: a day-of-year feature with periodic splines, and a two-feature
# array with uneven spacing.
days = np.c_[np.arange(0, 366, 7.0)]
knots_days = np.c_[np.linspace(0, 365, 13)]
out["X/days"] = L(days)
out["X/days_test"] = L(np.c_[[-30.0, 0, 1, 100, 364.9, 365, 400, 800]])
case("explicit/periodic", days, np.asarray(out["X/days_test"]), knots=knots_days,
     extrapolation="periodic")
uneven = np.array([[-3.0, 40.0], [-0.5, 45.0], [0.0, 49.0], [0.2, 52.0], [2.5, 70.0]])
case("explicit/uneven", train[:, :2], test[:, :2], knots=uneven, extrapolation="continue")
case("explicit/uneven/linear", train[:, :2], test[:, :2], knots=uneven, extrapolation="linear",
     include_bias=False, degree=2)

with open(os.path.join(HERE, "spline.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", len(out), "keys")
