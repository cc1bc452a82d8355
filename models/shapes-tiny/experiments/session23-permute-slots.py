"""Reorders the image-token slots of a projector with four tokens per cell (session 23; an analysis
aid, not product code).

    python3 session23-permute-slots.py IN/projector.safetensors OUT/projector.safetensors 3,1,2,0

The projector's last layer (`model.2`) writes a cell's four tokens as four consecutive blocks of D
rows. New block j is old block ORDER[j]: with the shipped order (size, colour, pattern, shape), 3,1,2,0
gives shape, colour, pattern, size, the order `session23-slot-order.patch` trains with. Copy the rest of
the model folder beside the new file.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "F64": np.float64}


def read(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if DTYPES.get(meta["dtype"]) is None:
            sys.exit(f"{name}: dtype {meta['dtype']} not handled")
        start, end = meta["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=DTYPES[meta["dtype"]]).reshape(meta["shape"]).copy()
    return header, tensors


def write(path, header, tensors):
    out_header, blobs, offset = {}, [], 0
    if "__metadata__" in header:
        out_header["__metadata__"] = header["__metadata__"]
    for name in (k for k in header if k != "__metadata__"):
        blob = tensors[name].tobytes()
        out_header[name] = {"dtype": header[name]["dtype"], "shape": list(tensors[name].shape),
                            "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(out_header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    order = [int(x) for x in sys.argv[3].split(",")]
    header, tensors = read(sys.argv[1])
    k = len(order)
    for name in ("model.2.weight", "model.2.bias"):
        t = tensors[name]
        if t.shape[0] % k:
            sys.exit(f"{name}: {t.shape[0]} rows do not split into {k} slots")
        d = t.shape[0] // k
        tensors[name] = np.concatenate([t[j * d:(j + 1) * d] for j in order], axis=0)
    write(sys.argv[2], header, tensors)


if __name__ == "__main__":
    main()
