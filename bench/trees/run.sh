#!/usr/bin/env bash
# Side-by-side timings of skgo's tree models and scikit-learn 1.2.1 / XGBoost 1.7.4 on
# the same data, one model per process (so peak RSS is the model's), ROUNDS rounds:
#
#   bash bench/trees/run.sh             # every model skgo has, with its references
#   ROUNDS=1 RUNS=1 bash bench/trees/run.sh rf gb
#
# skgo's model "hgb" is compared with both scikit-learn's hgb and XGBoost ("xgb").
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-/usr/bin/python3}
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-1}
WORKERS=${WORKERS:-2}
DATA=${DATA:-/tmp/skgo-trees}
[ -f "$DATA/train.shape" ] || "$PY" bench/trees/reference.py -write "$DATA"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/trees" ./bench/trees
models=${*:-$("$bin/trees" -list)}
for round in $(seq "$ROUNDS"); do
  echo "=== round $round ($(uptime | sed 's/.*load/load/'))"
  for m in $models; do
    "$bin/trees" -data "$DATA" -model "$m" -runs "$RUNS" -workers "$WORKERS"
    "$PY" bench/trees/reference.py -data "$DATA" -model "$m" -runs "$RUNS" -workers "$WORKERS"
    if [ "$m" = hgb ]; then
      "$PY" bench/trees/reference.py -data "$DATA" -model xgb -runs "$RUNS" -workers "$WORKERS"
    fi
  done
done
