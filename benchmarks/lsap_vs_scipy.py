#!/usr/bin/env python3
"""Java solver versus scipy.optimize.linear_sum_assignment on the same matrices, in one run.

(a) one 100x100 random matrix; (b) a batch of 256 groups of 100 x k, k uniform in 1..20, float64.
Both sides are timed the same way: best over REPEATS rounds of the mean time of CALLS consecutive calls,
in a warm JVM for Java. The rounds interleave scipy and Java (the Java bench runs as a child process
that takes timing requests on stdin), so that both see the same load on a shared machine. scipy solves
the batch in a Python loop over contiguous groups; Java solves the padded [256, 100, 20] batch with
GroupedAssignment on all processors and, for reference, on one thread.
The optimal costs of scipy, of the Java solver and of the `lsap` command on the same file must agree.

Called by benchmarks/lsap_vs_scipy.sh, which builds the project and passes the Java classpath.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "platform-core", "src", "test", "python"))
from make_lsap_golden import write_safetensors  # noqa: E402

GROUPS, ROWS, MAX_COLS, SIDE = 256, 100, 20, 100


def mean_seconds(calls, work):
    """Mean seconds per call over `calls` consecutive calls."""
    start = time.perf_counter()
    for _ in range(calls):
        work()
    return (time.perf_counter() - start) / calls


def total_cost(cost):
    rows, cols = linear_sum_assignment(cost)
    return math.fsum(cost[rows, cols].tolist())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--classpath", required=True, help="Java classpath (main, test classes, dependencies)")
    parser.add_argument("--workdir", default=os.path.join(HERE, "..", "target", "bench"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)

    rng = np.random.default_rng(args.seed)
    single = rng.uniform(0, 1, (SIDE, SIDE))
    groups = [rng.uniform(0, 1, (ROWS, int(k))) for k in rng.integers(1, MAX_COLS + 1, GROUPS)]
    data_path = os.path.join(args.workdir, "lsap_bench.safetensors")
    write_safetensors(data_path, [("single", single)] + [(f"batch/{g:03d}", m) for g, m in enumerate(groups)])

    def solve_batch():
        for m in groups:
            linear_sum_assignment(m)

    java = subprocess.Popen(["java", "-cp", args.classpath, "org.refvlm.bench.LsapBench",
                             data_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = java.stdout.readline().split()
    if not ready or ready[0] != "ready":
        sys.exit(f"Java bench did not start: {ready}")
    java_parallelism = int(ready[1])

    def java_seconds(workload, calls):
        java.stdin.write(f"time {workload} {calls}\n")
        java.stdin.flush()
        return float(java.stdout.readline())

    single_calls, batch_calls = 200, 20
    timings = {
        "scipy single": lambda: mean_seconds(single_calls, lambda: linear_sum_assignment(single)),
        "java single": lambda: java_seconds("single", single_calls),
        "scipy batch": lambda: mean_seconds(batch_calls, solve_batch),
        "java batch": lambda: java_seconds("batch", batch_calls),
        "java batch 1": lambda: java_seconds("batch-sequential", batch_calls),
    }
    best = {key: math.inf for key in timings}
    for _ in range(args.repeats):
        for key, measure in timings.items():
            best[key] = min(best[key], measure())

    scipy_costs = {"single": total_cost(single)}
    scipy_costs.update({f"batch/{g:03d}": total_cost(m) for g, m in enumerate(groups)})
    bench_json = os.path.join(args.workdir, "java_costs.json")
    java.stdin.write(f"costs {bench_json}\nquit\n")
    java.stdin.flush()
    java.stdout.readline()
    java.wait()
    with open(bench_json) as f:
        java_costs = json.load(f)

    command_json = os.path.join(args.workdir, "lsap_out.json")
    refvlm = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bin", "refvlm")
    subprocess.run([refvlm, "lsap", data_path, command_json], check=True, stdout=subprocess.DEVNULL)
    with open(command_json) as f:
        command_costs = {name: entry["total_cost"] for name, entry in json.load(f)["assignments"].items()}

    mismatches = []
    for name, expected in scipy_costs.items():
        for source, costs in (("solver", java_costs), ("lsap command", command_costs)):
            got = costs.get(name)
            if got is None or not math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-12):
                mismatches.append(f"{name}: scipy {expected!r}, Java {source} {got!r}")
    if mismatches:
        print("COST MISMATCH:\n  " + "\n  ".join(mismatches), file=sys.stderr)
        sys.exit(1)

    us = 1e6
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, Java parallelism {java_parallelism}, best of "
          f"{args.repeats} interleaved rounds; costs equal on all {len(scipy_costs)} matrices "
          f"(scipy, Java solver, lsap command)")
    print(f"{'case':<40}{'scipy':>12}{'Java':>12}{'speed-up':>10}")
    rows = [("single 100x100", best["scipy single"], best["java single"]),
            (f"batch {GROUPS} x (100 x 1..20), parallel", best["scipy batch"], best["java batch"]),
            (f"batch {GROUPS} x (100 x 1..20), 1 thread", best["scipy batch"], best["java batch 1"])]
    for name, s, j in rows:
        print(f"{name:<40}{s * us:>10.1f}us{j * us:>10.1f}us{s / j:>9.2f}x")


if __name__ == "__main__":
    main()
