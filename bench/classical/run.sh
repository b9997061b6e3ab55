#!/usr/bin/env bash
# Side-by-side timings of skgo's classical models and scikit-learn 1.2.1 on the same
# data (bench/classical/reference.py writes it once), one model per process (so
# peak RSS is the model's), ROUNDS rounds, then the medians over the rounds and
# the ratios skgo / scikit-learn:
#
#   bash bench/classical/run.sh                  # every model skgo has
#   ROUNDS=5 RUNS=1 bash bench/classical/run.sh knn kmeans
#
# WORKERS (default 2) is skgo's Workers and the reference's thread count.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-/usr/bin/python3}
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-1}
WORKERS=${WORKERS:-2}
DATA=${DATA:-/tmp/skgo-classical}
[ -f "$DATA/ridge_train.shape" ] || "$PY" bench/classical/reference.py -write "$DATA"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/classical" ./bench/classical
models=${*:-$("$bin/classical" -list)}
for round in $(seq "$ROUNDS"); do
  echo "=== round $round ($(uptime | sed 's/.*load/load/'))"
  for m in $models; do
    "$bin/classical" -data "$DATA" -model "$m" -runs "$RUNS" -workers "$WORKERS" | tee -a "$bin/lines"
    "$PY" bench/classical/reference.py -data "$DATA" -model "$m" -runs "$RUNS" -workers "$WORKERS" | tee -a "$bin/lines"
  done
done
echo "=== medians over $ROUNDS rounds of $RUNS fits (workers $WORKERS)"
"$bin/classical" -summary "$bin/lines"
