#!/bin/bash
# Session 26's "look again" data (an analysis aid, not product code).
#   bash models/shapes-tiny/experiments/session26-look-again/run.sh
# Run from the repository root after `mvn -q install -DskipTests`. Writes the region-colour train
# folder the session26-region-colour*.json recipes read (var/look-again/rcol-train, REG scenes of
# train seed 610) and a val folder (var/look-again/rcol-val, val seed 509); the same for position
# questions (rpos-train, seed 611, which session26-region-position.json reads; rpos-val, seed 510).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=var/look-again
cp=$(bash "$here/../compile-tool.sh" "$out" "$here/RegionColourData.java")
run() { java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn RegionColourData "$@"; }
run train 610 4000 "$out/rcol-train"
run val 509 200 "$out/rcol-val"
run train 611 4000 "$out/rpos-train" position
run val 510 200 "$out/rpos-val" position
