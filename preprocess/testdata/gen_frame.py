"""Goldens for the dataframe side of package preprocess (Frame, encoders, imputers,
ColumnTransformer), from pandas + scikit-learn 1.2.1.

Run by hand from the repository root:

    /usr/bin/python3 preprocess/testdata/gen_frame.py

It writes preprocess/testdata/frame.json. NaN is written as null.
"""
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.preprocessing import (LabelEncoder, OneHotEncoder, OrdinalEncoder,
                                   StandardScaler)

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
out = {}


def clean(v):
    if isinstance(v, np.ndarray):
        return clean(v.tolist())
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def put(key, v):
    out[key] = clean(v)


# The mixed table (also built in frame_test.go as a gota DataFrame): a string column
# with a missing cell, an int column, a float column with missing cells, a bool column.
city = ["London", "Paris", "Berlin", "Paris", np.nan, "London", "Berlin", "Paris"]
size = [3, 1, 2, 3, 1, 2, 3, 1]
price = [1.5, np.nan, 2.25, 3.0, 4.5, np.nan, 1.0, 2.0]
flag = [True, False, True, True, False, False, True, False]
df = pd.DataFrame({"city": city, "size": size, "price": price, "flag": flag})
df["city"] = df["city"].astype(object)

# OneHotEncoder on the string and int columns.
for name, kw in [("default", {}), ("first", {"drop": "first"}), ("if_binary", {"drop": "if_binary"})]:
    enc = OneHotEncoder(sparse_output=False, **kw)
    Z = enc.fit_transform(df[["city", "size", "flag"]])
    put(f"ohe/{name}/out", Z)
    put(f"ohe/{name}/names", list(enc.get_feature_names_out()))

enc = OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit(df[["city", "size"]])
test = pd.DataFrame({"city": ["Rome", "Paris", np.nan], "size": [3, 7, 1]})
test["city"] = test["city"].astype(object)
put("ohe/ignore/out", enc.transform(test))

# Infrequent categories.
for name, kw in [
    ("min3", {"min_frequency": 3}),
    ("frac", {"min_frequency": 0.3}),
    ("max2", {"max_categories": 2}),
    ("max1", {"max_categories": 1}),
    ("min3-first", {"min_frequency": 3, "drop": "first"}),
    ("max3-if_binary", {"max_categories": 3, "drop": "if_binary"}),
]:
    enc = OneHotEncoder(sparse_output=False, handle_unknown="infrequent_if_exist", **kw)
    enc.fit(df[["city", "size"]])
    put(f"ohe/infrequent/{name}/out", enc.transform(df[["city", "size"]]))
    put(f"ohe/infrequent/{name}/test", enc.transform(test))
    put(f"ohe/infrequent/{name}/names", list(enc.get_feature_names_out()))

# Float categories on a plain matrix.
Xf = np.array([[0.0, 1.5], [1.0, 2.5], [0.0, 1e-5], [1.0, 1.5]])
enc = OneHotEncoder(sparse_output=False).fit(Xf)
put("ohe/float/out", enc.transform(Xf))
put("ohe/float/names", list(enc.get_feature_names_out()))

# OrdinalEncoder.
enc = OrdinalEncoder().fit(df[["city", "size"]])
put("ordinal/out", enc.transform(df[["city", "size"]]))
enc = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(df[["city", "size"]])
put("ordinal/unknown/out", enc.transform(test))

# SimpleImputer on a numeric matrix with an all-missing column.
Xn = np.array([
    [1.0, np.nan, 7.0, np.nan],
    [2.0, 4.0, np.nan, np.nan],
    [np.nan, 4.0, 7.0, np.nan],
    [4.0, 5.0, 1.0, np.nan],
    [2.0, np.nan, 3.0, np.nan],
])
Xt = np.array([[np.nan, np.nan, np.nan, 5.0], [3.0, 1.0, 2.0, np.nan]])
for strat in ["mean", "median", "most_frequent", "constant"]:
    kw = {"fill_value": -1.0} if strat == "constant" else {}
    imp = SimpleImputer(strategy=strat, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        imp.fit(Xn)
        put(f"impute/{strat}/stats", imp.statistics_)
        put(f"impute/{strat}/out", imp.transform(Xn))
        put(f"impute/{strat}/test", imp.transform(Xt))
        put(f"impute/{strat}/names", list(imp.get_feature_names_out()))
imp = SimpleImputer(strategy="mean", add_indicator=True)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    put("impute/indicator/out", imp.fit_transform(Xn))
    put("impute/indicator/names", list(imp.get_feature_names_out()))

# SimpleImputer on the string column.
imp = SimpleImputer(strategy="most_frequent").fit(df[["city"]])
put("impute/strings/most_frequent", list(imp.transform(df[["city"]])[:, 0]))
imp = SimpleImputer(strategy="constant").fit(df[["city"]])
put("impute/strings/constant", list(imp.transform(df[["city"]])[:, 0]))

# MissingIndicator.
for feat in ["missing-only", "all"]:
    mi = MissingIndicator(features=feat).fit(Xn)
    put(f"indicator/{feat}/out", mi.transform(Xn).astype(float))
    put(f"indicator/{feat}/features", mi.features_)
    put(f"indicator/{feat}/names", list(mi.get_feature_names_out()))

# ColumnTransformer on the mixed table.
ct = ColumnTransformer([
    ("imp", SimpleImputer(strategy="median"), ["price"]),
    ("scale", StandardScaler(), ["size"]),
    ("cat", OneHotEncoder(sparse_output=False, handle_unknown="ignore"), ["city"]),
], remainder="passthrough")
put("ct/mixed/out", ct.fit_transform(df))
put("ct/mixed/names", list(ct.get_feature_names_out()))
test2 = pd.DataFrame({"flag": [True, False], "price": [np.nan, 10.0], "size": [2, 5], "city": ["Rome", "Berlin"]})
test2["city"] = test2["city"].astype(object)
put("ct/mixed/test", ct.transform(test2))

# ColumnTransformer on Boston (CHAS as a float categorical column).
raw = np.loadtxt(os.path.join(HERE, "../../datasets/data/boston_house_prices.csv"), delimiter=",", skiprows=2)
with open(os.path.join(HERE, "../../datasets/data/boston_house_prices.csv")) as fh:
    fh.readline()
    names = [s.strip("\"") for s in fh.readline().strip().split(",")]
boston = pd.DataFrame(raw[:, :13], columns=names[:13])
ct = ColumnTransformer([
    ("num", StandardScaler(), ["CRIM", "RM", "LSTAT", "PTRATIO", "NOX"]),
    ("cat", OneHotEncoder(sparse_output=False), ["CHAS"]),
], remainder="passthrough")
Z = ct.fit_transform(boston)
put("ct/boston/head", Z[:5])
put("ct/boston/sum", Z.sum(axis=0))
put("ct/boston/names", list(ct.get_feature_names_out()))

# LabelEncoder.
le = LabelEncoder().fit(["b", "a", "c", "a"])
put("label/classes", list(le.classes_))
put("label/codes", le.transform(["c", "a", "b"]).astype(float))

with open(os.path.join(HERE, "frame.json"), "w") as fh:
    json.dump(out, fh, indent=1, sort_keys=True)
    fh.write("\n")
