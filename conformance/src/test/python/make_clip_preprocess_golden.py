"""Writes the golden outputs of CLIP image preprocessing for portrait, landscape and square
pictures with odd and even crop offsets (and a crop larger than the resized picture), for
ClipImageProcessorGoldenTest: src/test/resources/clip-preprocess/ (PNG pictures, manifest.json,
golden.safetensors).

transformers (5.x, torchvision backend) preprocesses a CLIP picture as:
  1. size: shortest edge -> S, longest -> int(S * long / short)   (get_resize_output_image_size)
  2. torchvision resize of the uint8 tensor, bicubic, antialias=True: on the CPU torchvision hands
     uint8 straight to torch.nn.functional.interpolate, reproduced here by calling it directly;
  3. centre crop (TorchVisionBackend.center_crop): when the crop is larger than the picture, zero
     padding of (crop - size) // 2 before and (crop - size + 1) // 2 after; then the offset is
     int((size - crop) / 2.0), i.e. truncated, not rounded;
  4. (x - 255 mean) / (255 std) in float32 (the fused rescale-and-normalise).
Only torch is needed (no transformers or torchvision on these machines); run once from conformance/:
    python3 src/test/python/make_clip_preprocess_golden.py
The outputs are committed; tests never run Python."""
import json
import os
import struct
import zlib

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "clip-preprocess")
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def write_png(path, rgb):
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def picture(rng, w, h):
    # Smooth gradients plus noise: resampling errors and one-pixel crop shifts both show.
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([xx * 255.0 / max(w - 1, 1), yy * 255.0 / max(h - 1, 1), (xx + yy) * 127.0 / (w + h)], -1)
    noisy = base + rng.normal(0, 40, base.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def preprocess(rgb, shortest, crop_h, crop_w):
    h, w, _ = rgb.shape
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = shortest, int(shortest * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    t = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0).contiguous()
    t = torch.nn.functional.interpolate(t, size=(new_h, new_w), mode="bicubic", antialias=True, align_corners=False)
    if crop_w > new_w or crop_h > new_h:
        pad = [(crop_w - new_w) // 2 if crop_w > new_w else 0, (crop_w - new_w + 1) // 2 if crop_w > new_w else 0,
               (crop_h - new_h) // 2 if crop_h > new_h else 0, (crop_h - new_h + 1) // 2 if crop_h > new_h else 0]
        t = torch.nn.functional.pad(t, pad, value=0)
    top = int((t.shape[-2] - crop_h) / 2.0)
    left = int((t.shape[-1] - crop_w) / 2.0)
    t = t[:, :, top:top + crop_h, left:left + crop_w].float()
    mean = torch.tensor(MEAN).view(1, 3, 1, 1) * 255.0
    std = torch.tensor(STD).view(1, 3, 1, 1) * 255.0
    return ((t - mean) / std).contiguous(), top, left


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


# name, width, height, shortest edge, crop height, crop width
CASES = [
    ("portrait-odd", 50, 70, 48, 48, 48),      # resized 48x67: top offset 19 / 2 = 9.5 -> 9
    ("portrait-even", 45, 60, 32, 32, 32),     # 32x42: top offset 5
    ("landscape-odd", 70, 50, 48, 48, 48),     # 67x48: left offset 9.5 -> 9
    ("landscape-even", 60, 45, 32, 32, 32),    # 42x32: left offset 5
    ("square-even", 60, 60, 48, 40, 40),       # 48x48: offsets 4
    ("square-odd", 60, 60, 48, 41, 41),        # 48x48: offsets 3.5 -> 3
    ("portrait-pad", 31, 40, 24, 31, 27),      # 24x30: crop wider and taller than the picture, zero padded
]

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261203)
    manifest, tensors = [], {}
    for name, w, h, shortest, ch, cw in CASES:
        rgb = picture(rng, w, h)
        write_png(os.path.join(OUT, name + ".png"), rgb)
        out, top, left = preprocess(rgb, shortest, ch, cw)
        tensors[name + ".out.pixel_values"] = out
        manifest.append({"name": name, "picture": name + ".png", "shortest_edge": shortest,
                         "crop_height": ch, "crop_width": cw, "crop_top": top, "crop_left": left})
    write_safetensors(os.path.join(OUT, "golden.safetensors"), tensors)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"what": "CLIP preprocessing as transformers 5 does it (see the generator's docstring)",
                   "versions": {"torch": torch.__version__, "numpy": np.__version__},
                   "atol": 0.03, "image_mean": MEAN, "image_std": STD, "cases": manifest}, f, indent=2)
