#!/usr/bin/env bash
# Runs every side-by-side speed comparison of skgo with scikit-learn 1.2.1 and
# PyTorch 1.13 on this machine, ours and the reference back to back, ROUNDS times:
#
#   bench/run.sh              # all of them, 3 rounds
#   ROUNDS=5 bench/run.sh cv  # one group: cv ols logistic pipeline sweep nn kernels, or trees,
#                             # classical (neighbours, k-means, SVMs, PCA) or cifar (FastResNet,
#                             # ResNet18, VGG16 training steps, ~5 min a round; not in the default set)
#
# The references need Debian's packages: apt-get install python3-sklearn python3-torch
# python3-pandas python3-xgboost (checked below before anything runs).
# Each program prints medians; on a shared machine compare ratios within a round.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
ROUNDS=${ROUNDS:-3}
missing=$("$PY" - <<'PY'
import importlib.util
mods = {"sklearn": "python3-sklearn", "torch": "python3-torch",
        "pandas": "python3-pandas", "xgboost": "python3-xgboost", "numpy": "python3-numpy"}
print(" ".join(pkg for m, pkg in mods.items() if importlib.util.find_spec(m) is None))
PY
)
if [ -n "$missing" ]; then
  echo "bench/run.sh: the references need Python modules that $PY cannot import;" >&2
  echo "install them with: apt-get install $missing" >&2
  exit 1
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
for b in bostoncv ols logistic pipeline sweep nn kernels cifar; do
  go build -o "$bin/$b" "./bench/$b"
done
groups=${*:-cv ols logistic pipeline sweep nn kernels}
for round in $(seq "$ROUNDS"); do
  echo "=== round $round ($(uptime | sed 's/.*load/load/'))"
  for g in $groups; do
    case $g in
      cv)       "$bin/bostoncv"; "$PY" bench/bostoncv/reference.py ;;
      ols)      "$bin/ols" -runs 5; "$PY" bench/ols/reference.py 5 ;;
      logistic) "$PY" bench/logistic/reference.py; "$bin/logistic" ;;
      pipeline) "$bin/pipeline"; "$PY" bench/pipeline/reference.py ;;
      sweep)    "$bin/sweep" -exp boston -runs 7; "$PY" bench/sweep/reference.py 5
                "$bin/sweep" -exp scaling -runs 5 ;;
      nn)       "$bin/nn"; "$PY" bench/nn/reference.py
                "$bin/nn" -mode estimator; "$PY" bench/nn/reference.py estimator ;;
      kernels)  for t in 1 2; do "$bin/kernels" -threads $t; "$PY" bench/kernels/reference.py -threads $t; done ;;
      cifar)    for m in fast resnet18 vgg16; do # ours first in odd rounds, PyTorch's in even ones
                  if ((round % 2)); then "$bin/cifar" -model $m; "$PY" bench/cifar/reference.py $m
                  else "$PY" bench/cifar/reference.py $m; "$bin/cifar" -model $m; fi; done ;;
      trees)    ROUNDS=1 bash bench/trees/run.sh ;;
      classical) ROUNDS=1 bash bench/classical/run.sh ;;
      *) echo "unknown group $g" >&2; exit 2 ;;
    esac
  done
done
