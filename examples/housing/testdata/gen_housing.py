"""Goldens for examples/housing (run with scikit-learn 1.2.1 and numpy):

    /usr/bin/python3 examples/housing/testdata/gen_housing.py > examples/housing/testdata/housing.json

The data is the Boston CSV embedded by datasets.Boston (scikit-learn's copy). Rows
0..399 train and rows 400..505 validate; the features are standardised with the
training rows' mean and population standard deviation (StandardScaler).

- "ols": LinearRegression on the standardised training rows: the closed-form
  least-squares fit the gradient-descent linear model converges to.
- "gd_zero": full-batch gradient descent on the mean squared error from w = 0, b = 0
  with learning rate 0.1 (Knet's housing.jl update), in float64: training and
  validation RMSE after each of 200 epochs, and the final weights.
- "knet_all": Knet's housing.jl setting: all 506 rows standardised, 20 epochs of
  gradient descent with learning rate 0.1 from zero, and the least-squares MSE.
- "cv_linear_rmse": the RMSE of StandardScaler -> LinearRegression on each of the
  five unshuffled KFold folds over all rows (part 3's reference row).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
csv = os.path.join(here, "..", "..", "..", "datasets", "data", "boston_house_prices.csv")
data = np.loadtxt(csv, delimiter=",", skiprows=2)
X, y = data[:, :13], data[:, 13]
Xtr, ytr, Xval, yval = X[:400], y[:400], X[400:], y[400:]

scaler = StandardScaler().fit(Xtr)
Xtr_s, Xval_s = scaler.transform(Xtr), scaler.transform(Xval)


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


ols = LinearRegression().fit(Xtr_s, ytr)


def gd(X, y, epochs, lr, record=None):
    """Gradient descent on mean((Xw + b - y)^2): grad_w = 2/n X'r, grad_b = 2 mean(r)."""
    n, p = X.shape
    w, b = np.zeros(p), 0.0
    for _ in range(epochs):
        r = X @ w + b - y
        w, b = w - lr * 2.0 / n * (X.T @ r), b - lr * 2.0 * r.mean()
        if record is not None:
            record(w, b)
    return w, b


train_curve, val_curve = [], []


def rec(w, b):
    train_curve.append(rmse(Xtr_s @ w + b, ytr))
    val_curve.append(rmse(Xval_s @ w + b, yval))


w, b = gd(Xtr_s, ytr, 200, 0.1, rec)

X_all = StandardScaler().fit_transform(X)
wa, ba = gd(X_all, y, 20, 0.1)
ols_all = LinearRegression().fit(X_all, y)

# Part 3's reference row: StandardScaler -> LinearRegression on 5 unshuffled folds.
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline

cv_linear = -cross_val_score(make_pipeline(StandardScaler(), LinearRegression()), X, y,
                             cv=KFold(5), scoring="neg_root_mean_squared_error")

out = {
    "sklearn_version": sklearn.__version__,
    "ols": {
        "coef": ols.coef_.tolist(),
        "intercept": float(ols.intercept_),
        "train_rmse": rmse(ols.predict(Xtr_s), ytr),
        "val_rmse": rmse(ols.predict(Xval_s), yval),
    },
    "gd_zero": {
        "lr": 0.1,
        "train_rmse": train_curve,
        "val_rmse": val_curve,
        "coef": w.tolist(),
        "intercept": float(b),
    },
    "knet_all": {
        "epochs": 20,
        "lr": 0.1,
        "gd_mse": float(np.mean((X_all @ wa + ba - y) ** 2)),
        "ols_mse": float(np.mean((ols_all.predict(X_all) - y) ** 2)),
    },
    "cv_linear_rmse": cv_linear.tolist(),
}
print(json.dumps(out, indent=1))
