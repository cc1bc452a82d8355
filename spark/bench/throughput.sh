#!/usr/bin/env bash
# Throughput of refvlm-spark synth and eval at local[1] and local[2], each against its
# single-machine command (bin/refvlm data synth, bin/refvlm eval) measured in the same run, on the
# same arguments. Usage: spark/bench/throughput.sh [SYNTH_N] [EVAL_N]   (defaults 100000 and 500)
# The figures are wall-clock rates from the commands' own reports (JVM start and platform boot
# excluded where the command reports them; see docs/spark.md, "Throughput").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=${1:-100000}
eval_n=${2:-500}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rate() { grep -o '[0-9.]* samples/s' | head -1 | cut -d' ' -f1; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
now() { date +%s.%N; }
same_metrics() {  # report.json metrics of two runs, but the time per answer, which each run measures
  python3 - "$1" "$2" <<'PY'
import json, sys
m = [{k: v for k, v in json.load(open(f))["metrics"].items() if "econds" not in k} for f in sys.argv[1:]]
sys.exit(0 if m[0] == m[1] else 1)
PY
}

single=$("$root/bin/refvlm" data synth --n "$n" --split train --seed 11 --out "$work/single" 2>/dev/null | rate)
echo "synth, $n samples: data synth (one JVM, its scene threads) $single samples/s"
for m in 1 2; do
  r=$("$root/bin/refvlm-spark" synth --master "local[$m]" --partitions 16 --n "$n" --split train --seed 11 \
      --out "$work/spark$m" 2>/dev/null | rate)
  echo "synth, $n samples: refvlm-spark local[$m] $r samples/s ($(div "$r" "$single")x data synth)"
done
rm -rf "$work"/single "$work"/spark*

"$root/bin/refvlm" data synth --n "$eval_n" --split test --seed 31337 --tasks rec --out "$work/rec" >/dev/null
start=$(now)
"$root/bin/refvlm" eval --task rec --data "$work/rec" --out "$work/single-eval" >/dev/null
single=$(div "$eval_n" "$(awk -v a="$(now)" -v b="$start" 'BEGIN { print a - b }')")
echo "eval rec, $eval_n samples: bin/refvlm eval $single samples/s (whole command: boot, model load, scoring)"
for m in 1 2; do
  start=$(now)
  "$root/bin/refvlm-spark" eval --master "local[$m]" --task rec --data "$work/rec" --out "$work/spark-eval$m" 2>/dev/null \
      | grep "answered by" | sed "s/^/  local[$m]: /"
  r=$(div "$eval_n" "$(awk -v a="$(now)" -v b="$start" 'BEGIN { print a - b }')")
  echo "eval rec, $eval_n samples: refvlm-spark local[$m] $r samples/s ($(div "$r" "$single")x bin/refvlm eval; whole command)"
  same_metrics "$work/single-eval/report.json" "$work/spark-eval$m/report.json" && echo "  same metrics as bin/refvlm eval"
done
