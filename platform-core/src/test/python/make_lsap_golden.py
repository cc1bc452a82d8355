#!/usr/bin/env python3
"""Generates the scipy golden fixtures for the Java linear-assignment tests.

Writes, next to each other in src/test/resources/org/refvlm/core/matching/:
  lsap_golden.safetensors  every cost matrix, one tensor per case (F64 or F32)
  lsap_golden.json         per case: scipy's status, total cost and assignment

Status is "ok" (scipy solved it), "infeasible" (scipy: "cost matrix is infeasible") or "invalid"
(scipy: "matrix contains invalid numeric entries"; the first bad cell in row-major order is recorded).
The Java tests compare optimal TOTAL costs only: among tied optima the assignments may differ.

Run from the project root:  python3 src/test/python/make_lsap_golden.py
Deterministic (fixed seed), needs numpy and scipy; the tests themselves do not need Python.
"""

import json
import math
import os
import struct
import sys

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

SEED = 20240605
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "refvlm", "core",
                       "matching")
INF = np.inf


def write_safetensors(path, tensors):
    """Minimal safetensors writer: tensors is a list of (name, contiguous little-endian ndarray)."""
    dtype_names = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i4"): "I32", np.dtype("<f2"): "F16"}
    header, blobs, offset = {}, [], 0
    for name, array in tensors:
        array = np.ascontiguousarray(array)
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": dtype_names[array.dtype.newbyteorder("<")], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)  # the format pads the header to 8-byte alignment
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for blob in blobs:
            f.write(blob)


def expected(cost):
    """scipy's answer for one matrix, as a JSON-ready dict."""
    try:
        rows, cols = linear_sum_assignment(cost)
    except ValueError as e:
        message = str(e)
        if "infeasible" in message:
            return {"status": "infeasible"}
        if "invalid numeric entries" in message:
            bad = np.argwhere(np.isnan(cost) | (cost == -INF))[0]
            return {"status": "invalid", "bad_row": int(bad[0]), "bad_col": int(bad[1])}
        raise
    chosen = cost.astype(np.float64)[rows, cols]
    return {"status": "ok", "total_cost": math.fsum(chosen.tolist()),
            "abs_cost": math.fsum(np.abs(chosen).tolist()),
            "row_ind": rows.tolist(), "col_ind": cols.tolist()}


def detr_box_cost(rng, preds, targets):
    """5 * L1 + 2 * (-GIoU) between random (cx, cy, w, h) boxes, like the REF-VLM box matcher."""
    def boxes(k):
        centre = rng.uniform(0.1, 0.9, size=(k, 2))
        size = rng.uniform(0.05, 0.5, size=(k, 2))
        return np.concatenate([centre, size], axis=1)

    def xyxy(b):
        return np.concatenate([b[:, :2] - b[:, 2:] / 2, b[:, :2] + b[:, 2:] / 2], axis=1)

    p, t = boxes(preds), boxes(targets)
    l1 = np.abs(p[:, None, :] - t[None, :, :]).sum(-1)
    a, b = xyxy(p)[:, None, :], xyxy(t)[None, :, :]
    inter = np.clip(np.minimum(a[..., 2:], b[..., 2:]) - np.maximum(a[..., :2], b[..., :2]), 0, None).prod(-1)
    area_a = (a[..., 2:] - a[..., :2]).prod(-1)
    area_b = (b[..., 2:] - b[..., :2]).prod(-1)
    union = area_a + area_b - inter
    hull = (np.maximum(a[..., 2:], b[..., 2:]) - np.minimum(a[..., :2], b[..., :2])).prod(-1)
    giou = inter / union - (hull - union) / hull
    return 5 * l1 - 2 * giou


def cases(rng):
    """Yields (name, cost ndarray). Names say what the case is about."""
    uniform = rng.uniform

    for n in (1, 2, 3, 5, 8, 10, 16, 25, 50, 100):
        for k in range(3 if n <= 25 else 1):
            yield f"random_square_{n}_{k}", uniform(0, 1, (n, n))
    for shape in ((3, 7), (7, 3), (10, 40), (40, 10), (1, 50), (50, 1), (1, 1), (1, 2), (2, 1),
                  (100, 20), (20, 100), (100, 1), (1, 100), (31, 32), (32, 31)):
        yield f"random_rect_{shape[0]}x{shape[1]}", uniform(0, 1, shape)
    for shape in ((0, 0), (0, 5), (5, 0)):
        yield f"empty_{shape[0]}x{shape[1]}", np.zeros(shape)

    # Ties: few distinct values, all-equal matrices.
    for shape in ((4, 4), (6, 9), (9, 6), (12, 12), (30, 30), (25, 40), (40, 25)):
        yield f"ties_small_ints_{shape[0]}x{shape[1]}", rng.integers(0, 3, shape).astype(np.float64)
    yield "ties_binary_50", rng.integers(0, 2, (50, 50)).astype(np.float64)
    yield "all_zero_6x6", np.zeros((6, 6))
    yield "all_one_5x9", np.ones((5, 9))
    yield "all_minus_2.5_9x5", np.full((9, 5), -2.5)
    yield "all_equal_40x40", np.full((40, 40), 7.0)
    yield "all_equal_100x100", np.full((100, 100), 3.0)

    # Magnitudes: huge, tiny, mixed.
    yield "huge_uniform_20", 1e30 * uniform(0, 1, (20, 20))
    yield "huge_uniform_15x25", 1e30 * uniform(0, 1, (15, 25))
    yield "huge_or_small_20", np.where(uniform(0, 1, (20, 20)) < 0.5, 1e30, uniform(0, 1, (20, 20)))
    forced = uniform(0, 1, (12, 12))
    forced[3, :] = 1e30 + uniform(0, 1e15, 12)  # one row must take a huge cell
    yield "huge_forced_row_12", forced
    yield "huge_and_one_8x8", np.where(np.eye(8) > 0, 1e30, 1.0)
    yield "tiny_uniform_20", 1e-30 * uniform(0, 1, (20, 20))
    yield "tiny_uniform_25x15", 1e-30 * uniform(0, 1, (25, 15))
    yield "tiny_or_one_20", np.where(uniform(0, 1, (20, 20)) < 0.5, 1e-30 * uniform(0, 1, (20, 20)), 1.0)
    yield "row_scales_1e-30_to_1e30_16", uniform(0, 1, (16, 16)) * 10.0 ** uniform(-30, 30, (16, 1))
    yield "col_scales_1e-30_to_1e30_16", uniform(0, 1, (16, 16)) * 10.0 ** uniform(-30, 30, (1, 16))
    yield "big_integers_30", rng.integers(0, 2 ** 40, (30, 30)).astype(np.float64)

    # Signs.
    yield "negative_uniform_20", uniform(-100, 0, (20, 20))
    yield "mixed_sign_30x20", uniform(-1, 1, (30, 20))
    yield "mixed_sign_20x30", uniform(-1, 1, (20, 30))
    yield "normal_1e6_25", rng.normal(0, 1e6, (25, 25))
    yield "negative_huge_10", -1e30 * uniform(0, 1, (10, 10))

    # Structured matrices that are hard for naive Hungarian implementations.
    i, j = np.meshgrid(np.arange(30), np.arange(30), indexing="ij")
    yield "machol_wien_30", (i * j).astype(np.float64)
    yield "machol_wien_plus_one_30", ((i + 1) * (j + 1)).astype(np.float64)
    yield "abs_diff_30", np.abs(i - j).astype(np.float64)
    yield "anti_machol_30", -(i * j).astype(np.float64)
    yield "identity_like_10", 1.0 - np.eye(10)

    # +infinity (forbidden) cells.
    for p in (0.1, 0.3, 0.6, 0.85):
        for shape in ((8, 8), (20, 20), (10, 25), (25, 10), (50, 50)):
            cost = uniform(0, 1, shape)
            cost[uniform(0, 1, shape) < p] = INF
            yield f"inf_p{p}_{shape[0]}x{shape[1]}", cost
    diagonal_only = np.full((15, 15), INF)
    np.fill_diagonal(diagonal_only, uniform(0, 1, 15))
    yield "inf_except_diagonal_15", diagonal_only
    anti = np.full((15, 15), INF)
    anti[np.arange(15), 14 - np.arange(15)] = 1.0
    anti[np.arange(14), 13 - np.arange(14)] = 0.5
    yield "inf_except_two_antidiagonals_15", anti
    tall = uniform(0, 1, (8, 4))
    tall[2, :] = INF
    tall[5, :] = INF
    yield "inf_rows_in_tall_8x4_feasible", tall
    wide = uniform(0, 1, (4, 8))
    wide[:, 1] = INF
    yield "inf_column_in_wide_4x8_feasible", wide
    yield "inf_everywhere_but_one_1x5", np.array([[INF, INF, 2.0, INF, INF]])
    yield "inf_huge_mix_12", np.where(uniform(0, 1, (12, 12)) < 0.3, INF, 1e30 * uniform(0, 1, (12, 12)))

    # Infeasible.
    bad = uniform(0, 1, (6, 6))
    bad[4, :] = INF
    yield "infeasible_inf_row_6", bad
    bad = uniform(0, 1, (5, 9))
    bad[0, :] = INF
    yield "infeasible_inf_row_wide_5x9", bad
    bad = uniform(0, 1, (9, 5))
    bad[:, 3] = INF
    yield "infeasible_inf_column_tall_9x5", bad
    hall = uniform(0, 1, (7, 7))
    hall[1, :] = INF
    hall[4, :] = INF
    hall[1, 2] = 0.5
    hall[4, 2] = 0.25  # two rows compete for the single column 2
    yield "infeasible_hall_7", hall
    yield "infeasible_all_inf_3x3", np.full((3, 3), INF)
    block = uniform(0, 1, (10, 10))
    block[:6, :5] = INF  # six rows can only use the five columns 5..9: Hall's condition fails
    block[6:, 5:] = INF
    yield "infeasible_block_10", block

    # Invalid entries (scipy rejects them; Java must throw InvalidCostException naming the cell).
    invalid = uniform(0, 1, (4, 6))
    invalid[2, 3] = np.nan
    yield "invalid_nan_4x6", invalid
    invalid = uniform(0, 1, (6, 4))
    invalid[5, 1] = -INF
    yield "invalid_minus_inf_6x4", invalid

    # REF-VLM-like box matching costs, grouped sizes typical of phrases.
    for preds, targets in ((7, 7), (30, 7), (7, 30), (100, 12), (100, 100)):
        yield f"detr_box_cost_{preds}x{targets}", detr_box_cost(rng, preds, targets)

    # float32 inputs (the batched cost tensors are fp32); scipy widens to float64 as Java does.
    yield "f32_random_40", uniform(0, 1, (40, 40)).astype(np.float32)
    yield "f32_random_100x15", uniform(0, 1, (100, 15)).astype(np.float32)
    cost = uniform(0, 1, (30, 30)).astype(np.float32)
    cost[uniform(0, 1, (30, 30)) < 0.4] = INF
    yield "f32_inf_30", cost
    yield "f32_huge_20", (1e30 * uniform(0, 1, (20, 20))).astype(np.float32)
    yield "f32_tiny_20", (1e-30 * uniform(0, 1, (20, 20))).astype(np.float32)
    yield "f32_ties_25x35", rng.integers(0, 4, (25, 35)).astype(np.float32)
    yield "f32_detr_box_cost_100x9", detr_box_cost(rng, 100, 9).astype(np.float32)

    # Many small random matrices of every shape up to 8x8 (brute force covers up to 6x6 in Java).
    for rows in range(1, 9):
        for cols in range(1, 9):
            kind = (rows * 8 + cols) % 4
            if kind == 0:
                cost = uniform(0, 1, (rows, cols))
            elif kind == 1:
                cost = rng.integers(-2, 3, (rows, cols)).astype(np.float64)
            elif kind == 2:
                cost = uniform(-10, 10, (rows, cols))
                cost[uniform(0, 1, (rows, cols)) < 0.3] = INF
            else:
                cost = rng.choice([0.0, 1e-30, 1.0, 1e30], size=(rows, cols))
            yield f"small_{rows}x{cols}_kind{kind}", cost


def main():
    rng = np.random.default_rng(SEED)
    tensors, expectations, seen = [], [], set()
    for index, (name, cost) in enumerate(cases(rng)):
        name = f"{index:03d}_{name}"
        assert name not in seen, name
        seen.add(name)
        cost = np.ascontiguousarray(cost)
        tensors.append((name, cost))
        expectations.append({"name": name, "dtype": "F32" if cost.dtype == np.float32 else "F64",
                             "rows": cost.shape[0], "cols": cost.shape[1], **expected(cost)})
    os.makedirs(OUT_DIR, exist_ok=True)
    write_safetensors(os.path.join(OUT_DIR, "lsap_golden.safetensors"), tensors)
    with open(os.path.join(OUT_DIR, "lsap_golden.json"), "w") as f:
        # One case per line keeps the fixture readable and its diffs small.
        f.write(json.dumps({"generator": "src/test/python/make_lsap_golden.py", "seed": SEED,
                            "scipy_version": scipy.__version__, "numpy_version": np.__version__})[:-1])
        f.write(', "cases": [\n')
        f.write(",\n".join(json.dumps(e) for e in expectations))
        f.write("\n]}\n")
    counts = {}
    for e in expectations:
        counts[e["status"]] = counts.get(e["status"], 0) + 1
    print(f"wrote {len(expectations)} cases {counts} to {os.path.normpath(OUT_DIR)}", file=sys.stderr)


if __name__ == "__main__":
    main()
