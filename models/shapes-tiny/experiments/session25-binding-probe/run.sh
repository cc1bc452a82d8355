#!/bin/bash
# Session 25's text-only binding probe (an analysis aid, not product code).
#   bash models/shapes-tiny/experiments/session25-binding-probe/run.sh [-Dprop=value ...] ARGS...
# Run from the repository root after `mvn -q install -DskipTests`. Arguments and properties are
# described in BindingProbe.java. One thread: two probes can run side by side on two cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=var/binding-probe
mkdir -p "$out/classes"
if [ ! -s "$out/classpath.txt" ]; then
  mvn -q -o dependency:build-classpath -pl trainer -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
fi
cp="$(cat "$out/classpath.txt"):trainer/target/classes"
javac -cp "$cp" -d "$out/classes" "$here/BindingProbe.java"
props=()
while [ $# -gt 0 ] && [[ $1 == -D* ]]; do props+=("$1"); shift; done
OMP_NUM_THREADS=1 exec java -cp "$cp:$out/classes" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 "${props[@]}" BindingProbe "$@"
