#!/usr/bin/env bash
# The Java linear-assignment solver against scipy.optimize.linear_sum_assignment on the same
# matrices, in one run (see lsap_vs_scipy.py); also checks `bin/refvlm lsap` gives the same costs.
# Usage: benchmarks/lsap_vs_scipy.sh [--repeats N] [--seed S]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
(cd "$root" && mvn -q -B install -DskipTests -pl benchmarks,distribution -am)
exec python3 "$root/benchmarks/lsap_vs_scipy.py" \
  --classpath "$root/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$root/benchmarks/target/lib/*" "$@"
