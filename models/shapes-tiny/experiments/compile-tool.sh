#!/bin/bash
# Compiles one experiment tool (a single .java file in the default package) against the trainer's
# classpath and prints the classpath to run it with. Used by the experiments' run.sh scripts.
#   cp=$(bash models/shapes-tiny/experiments/compile-tool.sh OUT_DIR TOOL.java)
# Run from the repository root after `mvn -q install -DskipTests`. The trainer's classpath is
# resolved once (offline) into OUT_DIR/classpath.txt; the classes go to OUT_DIR/classes.
set -euo pipefail
out=$1
source=$2
mkdir -p "$out/classes"
if [ ! -s "$out/classpath.txt" ]; then
  mvn -q -o dependency:build-classpath -pl trainer -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
fi
cp="$(cat "$out/classpath.txt"):trainer/target/classes"
javac -cp "$cp" -d "$out/classes" "$source"
echo "$cp:$out/classes"
