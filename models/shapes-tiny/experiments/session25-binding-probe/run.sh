#!/bin/bash
# Session 25's text-only binding probe (an analysis aid, not product code).
#   bash models/shapes-tiny/experiments/session25-binding-probe/run.sh [-Dprop=value ...] ARGS...
# Run from the repository root after `mvn -q install -DskipTests`. Arguments and properties are
# described in BindingProbe.java. One thread: two probes can run side by side on two cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp=$(bash "$here/../compile-tool.sh" var/binding-probe "$here/BindingProbe.java")
props=()
while [ $# -gt 0 ] && [[ $1 == -D* ]]; do props+=("$1"); shift; done
OMP_NUM_THREADS=1 exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 "${props[@]}" BindingProbe "$@"
