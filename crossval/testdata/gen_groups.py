"""Generate scikit-learn 1.2.1 reference splits for the group splitters.

    cd crossval/testdata && /usr/bin/python3 gen_groups.py

Writes groups.json: "<splitter>/<case>" -> list of [train_indices, test_indices],
and "<case>/groups", "<case>/y" inputs.
"""
import json

import numpy as np
import sklearn
from sklearn.model_selection import (
    GroupShuffleSplit,
    LeaveOneGroupOut,
    LeavePGroupsOut,
    StratifiedGroupKFold,
)

assert sklearn.__version__ == "1.2.1", sklearn.__version__

out = {}
rng = np.random.RandomState(0)
cases = {
    "small": (np.array([3, 1, 1, 2, 3, 3, 2, 5, 5, 1, 4, 4]), np.array([0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0])),
    "random": (rng.randint(0, 15, size=120), rng.randint(0, 3, size=120)),
    "skewed": (rng.randint(0, 40, size=300), (rng.rand(300) < 0.15).astype(int)),
}
for name, (groups, y) in cases.items():
    out[name + "/groups"] = groups.tolist()
    out[name + "/y"] = y.astype(float).tolist()
    X = np.zeros((len(y), 1))
    out["logo/" + name] = [[tr.tolist(), te.tolist()] for tr, te in LeaveOneGroupOut().split(X, y, groups)]
    for p in ((1, 2, 3) if name == "small" else (1, 2) if name == "random" else ()):
        out["lpgo%d/" % p + name] = [[tr.tolist(), te.tolist()] for tr, te in LeavePGroupsOut(p).split(X, y, groups)]
    for k in (2, 3, 4):
        out["sgkf%d/" % k + name] = [[tr.tolist(), te.tolist()] for tr, te in StratifiedGroupKFold(k).split(X, y, groups)]
    sizes = []
    for ts in (0.2, 0.5, 2):
        tr, te = next(GroupShuffleSplit(1, test_size=ts, random_state=0).split(X, y, groups))
        sizes.append([len(np.unique(groups[tr])), len(np.unique(groups[te]))])
    out["gss_group_sizes/" + name] = sizes

with open("groups.json", "w") as f:
    json.dump(out, f)
