#!/usr/bin/env bash
# The detector on real production series: the shared training half (NAB and Microsoft's
# cloud-monitoring-dataset, see ../shared/detector-train/README.md), scored with its own
# scorer beside the three reference detectors. Reads the data where it lives; copies nothing.
#   bash bench/detector/real-series.sh [--no-refs]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=../shared/detector-train
if [ ! -f "$data/score.mjs" ]; then
  echo "no $data here: the real-series bench needs the shared training half" >&2
  exit 0
fi
[ -f dist/cli/index.js ] || npm run build:cli >&2
node "$data/score.mjs" --label rollwatch -- node dist/cli/index.js analyze
if [ "${1:-}" != "--no-refs" ]; then
  for ref in naive kayenta threshold; do
    node "$data/score.mjs" --label "$ref" -- node "$data/refs.mjs" "$ref"
  done
fi
