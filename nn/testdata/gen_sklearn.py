"""Reference scores of scikit-learn 1.2.1's MLPs on the splits nn's tests use.

Run by hand with Debian's Python: /usr/bin/python3 nn/testdata/gen_sklearn.py
Writes nn/testdata/sklearn.json. The networks are stochastic and initialised
differently, so the Go tests compare scores with a margin, never weights.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_digits, load_diabetes
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

out = {}

# Digits scaled to [0, 1], every fifth row held out (nn_test.go's digits()).
d = load_digits()
X = d.data / 16.0
test = np.arange(len(X)) % 5 == 0
accs = []
for seed in range(5):
    clf = MLPClassifier(hidden_layer_sizes=(64,), alpha=1e-4, max_iter=40, random_state=seed)
    clf.fit(X[~test], d.target[~test])
    accs.append(accuracy_score(d.target[test], clf.predict(X[test])))
out["digits/mlp64/accuracy"] = float(np.mean(accs))

# Diabetes, standardised on the training rows, every fifth row held out.
dia = load_diabetes()
X, y = dia.data, dia.target
test = np.arange(len(X)) % 5 == 0
sc = StandardScaler().fit(X[~test])
r2s = []
for seed in range(5):
    reg = MLPRegressor(hidden_layer_sizes=(32,), alpha=1e-4, learning_rate_init=0.01, max_iter=300, random_state=seed)
    reg.fit(sc.transform(X[~test]), y[~test])
    r2s.append(r2_score(y[test], reg.predict(sc.transform(X[test]))))
out["diabetes/mlp32/r2"] = float(np.mean(r2s))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print(out)
