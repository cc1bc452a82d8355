"""Writes masks encoded by pycocotools, the reference implementation of COCO RLE, so the Java code is checked
against it: platform-core/src/test/resources/org/refvlm/api/rle_golden.json (masks, for org.refvlm.api.CocoRle)
and vt-instruct/src/test/resources/org/refvlm/data/polygon_golden.json (polygons rasterised by pycocotools, for
the data module's PolygonRasterizer). Run once from platform-core with pycocotools installed:
    python3 src/test/python/make_rle_golden.py
The outputs are committed; tests never run Python."""
import json
import os

import numpy as np
from pycocotools import mask as cocomask

rng = np.random.default_rng(20261126)
cases = []
shapes = [(1, 1), (3, 5), (7, 4), (16, 16), (31, 17), (64, 48)]
for h, w in shapes:
    for kind in ("empty", "full", "random", "blob", "first-pixel"):
        m = np.zeros((h, w), dtype=np.uint8)
        if kind == "full":
            m[:] = 1
        elif kind == "random":
            m = (rng.random((h, w)) < 0.4).astype(np.uint8)
        elif kind == "blob":
            yy, xx = np.mgrid[0:h, 0:w]
            m = (((yy - h / 2) ** 2 + (xx - w / 3) ** 2) < (min(h, w) / 2.5) ** 2).astype(np.uint8)
        elif kind == "first-pixel":
            m[0, 0] = 1
        rle = cocomask.encode(np.asfortranarray(m))
        cases.append({
            "name": f"{kind}-{h}x{w}",
            "size": [int(x) for x in rle["size"]],
            "counts": rle["counts"].decode("ascii"),
            "area": int(cocomask.area(rle)),
            "bbox": [float(x) for x in cocomask.toBbox(rle)],
            "rows": ["".join(str(int(v)) for v in row) for row in m],
        })
# a large run forces multi-group numbers and negative deltas
h, w = 300, 400
m = np.zeros((h, w), dtype=np.uint8)
m[20:280, 30:390] = 1
m[100:110, 50:60] = 0
rle = cocomask.encode(np.asfortranarray(m))
cases.append({"name": "large-hole", "size": [h, w], "counts": rle["counts"].decode("ascii"),
              "area": int(cocomask.area(rle)), "bbox": [float(x) for x in cocomask.toBbox(rle)], "rows": None})
# polygons: pycocotools' own rasterisation, for an area comparison
polys = []
shapes = [[10.0, 10.0, 50.0, 12.0, 45.0, 40.0, 12.0, 35.0], [5.5, 5.5, 60.2, 5.5, 60.2, 30.7, 5.5, 30.7],
          [30.0, 2.0, 34.0, 20.0, 52.0, 22.0, 36.0, 28.0, 40.0, 46.0, 30.0, 32.0, 20.0, 46.0, 24.0, 28.0, 8.0, 22.0,
           26.0, 20.0]]  # a concave star
for _ in range(5):
    n = int(rng.integers(3, 9))
    ang = np.sort(rng.random(n) * 2 * np.pi)
    rad = 5 + rng.random(n) * 18
    shapes.append([round(float(v), 2) for a, r in zip(ang, rad) for v in (32 + r * np.cos(a), 24 + r * np.sin(a))])
for poly in shapes:
    r = cocomask.merge(cocomask.frPyObjects([poly], 48, 64))
    polys.append({"polygon": poly, "height": 48, "width": 64, "area": int(cocomask.area(r)),
                  "counts": r["counts"].decode("ascii")})
here = os.path.dirname(__file__)
masks_out = os.path.join(here, "..", "resources", "org", "refvlm", "api", "rle_golden.json")
polygons_out = os.path.join(here, "..", "..", "..", "..", "vt-instruct", "src", "test", "resources", "org", "refvlm", "data",
                            "polygon_golden.json")
with open(masks_out, "w") as f:
    json.dump({"masks": cases}, f, indent=1)
with open(polygons_out, "w") as f:
    json.dump({"polygons": polys}, f, indent=1)
print("wrote", len(cases), "masks to", os.path.normpath(masks_out), "and", len(polys), "polygons to",
      os.path.normpath(polygons_out))
