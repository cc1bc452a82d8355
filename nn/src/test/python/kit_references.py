#!/usr/bin/env python3
"""Independent numpy references for the layer kit (org.refvlm.nn), written from PyTorch's and
DETR's definitions, not from the Java code.

Regenerate (Python 3 and numpy only; torch is not needed), from the repository root:

    python3 nn/src/test/python/kit_references.py

It rewrites nn/src/test/resources/kit/*.json. The seed is fixed, so a rerun gives identical
files; commit them with the script.

Each JSON file holds
    "about":    what is computed and from which definition
    "config":   sizes and options the Java test builds the layer with
    "inputs":   name -> {"shape": [...], "data": [... row-major ...]}
    "params":   parameter name (exactly as the kit names it) -> tensor
    "expected": name -> tensor
All tensors are float32 values. Inputs and weights are drawn in float32; each reference is then
computed in float64 from those float32 values (so it is at least as exact as the float32 kit)
and rounded to float32 on output. Numbers are written in numpy's shortest round-trip form for
float32, which Java's Float.parseFloat reads back to the same bits.

Two places follow PyTorch's float32 behaviour on purpose, each said where it happens:
  * attention: the -1e9 key-padding term is added in float32, where it absorbs a score of order 1
    (the float32 spacing at 1e9 is 64), so a query whose keys are all padding gets exactly uniform
    weights, as it does in PyTorch; in float64 the scores would survive the addition;
  * nearest resizing: PyTorch computes the scale in/out in float32; for the sizes used here that
    equals the exact rule floor(dst * in / out), which the script asserts.
"""

import json
import math
import os

import numpy as np

SEED = 20240611
OUT_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "kit"))
MASKED = -1e9  # the kit's AttentionMask.MASKED and DETR-style "-inf that stays finite"

rng = np.random.default_rng(SEED)          # every input and weight
check_rng = np.random.default_rng(SEED + 1)  # self-checks only, so adding one changes no data


# ---------------------------------------------------------------- helpers

def randn(*shape, scale=1.0, offset=0.0):
    """Float32 normal samples (then used as exact float32 values)."""
    return (rng.standard_normal(shape) * scale + offset).astype(np.float32)


def uniform(*shape, bound):
    return rng.uniform(-bound, bound, shape).astype(np.float32)


def f64(a):
    return np.asarray(a, dtype=np.float64)


def tensor(a):
    a = np.asarray(a, dtype=np.float32)
    # str(np.float32) is the shortest decimal that reads back to the same float32
    return {"shape": list(a.shape), "data": [float(str(v)) for v in a.reshape(-1)]}


def write(name, about, config, inputs, params, expected):
    doc = {
        "about": about,
        "config": config,
        "inputs": {k: tensor(v) for k, v in inputs.items()},
        "params": {k: tensor(v) for k, v in params.items()},
        "expected": {k: tensor(v) for k, v in expected.items()},
    }
    path = os.path.join(OUT_DIR, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {os.path.getsize(path)} bytes")


def linear_params(prefix, fan_in, fan_out, bias=True):
    """torch.nn.Linear's layout: weight [out, in], bias [out], U(-1/sqrt(in), 1/sqrt(in))."""
    bound = 1 / math.sqrt(fan_in)
    p = {prefix + ".weight": uniform(fan_out, fan_in, bound=bound)}
    if bias:
        p[prefix + ".bias"] = uniform(fan_out, bound=bound)
    return p


def norm_params(prefix, width):
    """Affine norm parameters away from their (ones, zeros) init so that they matter."""
    return {prefix + ".weight": randn(width, scale=0.3, offset=1.0), prefix + ".bias": randn(width, scale=0.3)}


# ---------------------------------------------------------------- the layers, from their definitions

def linear(x, p, prefix):
    """y = x W^T + b (torch.nn.Linear)."""
    y = f64(x) @ f64(p[prefix + ".weight"]).T
    if prefix + ".bias" in p:
        y = y + f64(p[prefix + ".bias"])
    return y


def layer_norm(x, weight, bias, eps):
    """torch.nn.LayerNorm over the last axis: biased variance, eps inside the square root."""
    x = f64(x)
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * f64(weight) + f64(bias)


def layer_norm_channels(x, weight, bias, eps):
    """LayerNorm2d (timm / SAM): normalise each pixel's channel vector of an NCHW map."""
    x = f64(x)
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * f64(weight)[None, :, None, None] + f64(bias)[None, :, None, None]


def group_norm(x, groups, weight, bias, eps):
    """torch.nn.GroupNorm: per sample and group, statistics over the group's channels and pixels."""
    x = f64(x)
    b, c = x.shape[:2]
    g = x.reshape(b, groups, -1)
    mean = g.mean(axis=2, keepdims=True)
    var = ((g - mean) ** 2).mean(axis=2, keepdims=True)
    normed = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return normed * f64(weight).reshape(shape) + f64(bias).reshape(shape)


def rms_norm(x, weight, eps):
    """LLaMA's RMSNorm: x / sqrt(mean(x^2) + eps) * w."""
    x = f64(x)
    return x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + eps) * f64(weight)


def conv2d(x, w, b, stride, padding, dilation, groups):
    """torch.nn.functional.conv2d by direct loops: w [out, in/groups, k, k]."""
    x, w = f64(x), f64(w)
    n, cin, h, wd = x.shape
    cout, cin_g, k, _ = w.shape
    cout_g = cout // groups
    hout = (h + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    wout = (wd + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    xp = np.zeros((n, cin, h + 2 * padding, wd + 2 * padding))
    xp[:, :, padding:padding + h, padding:padding + wd] = x
    y = np.zeros((n, cout, hout, wout))
    for bi in range(n):
        for o in range(cout):
            g = o // cout_g
            for oy in range(hout):
                for ox in range(wout):
                    s = 0.0
                    for cl in range(cin_g):
                        c = g * cin_g + cl
                        for i in range(k):
                            for j in range(k):
                                s += w[o, cl, i, j] * xp[bi, c, oy * stride + i * dilation, ox * stride + j * dilation]
                    y[bi, o, oy, ox] = s + (0.0 if b is None else float(b[o]))
    return y


def conv_transpose2d(x, w, b, stride, padding, dilation, groups):
    """torch.nn.functional.conv_transpose2d as the adjoint of conv2d: every input pixel scatters
    its kernel, w [in, out/groups, k, k], onto the uncropped output at (y*stride + i*dilation,
    x*stride + j*dilation); then `padding` rows and columns are cropped from each border."""
    x, w = f64(x), f64(w)
    n, cin, h, wd = x.shape
    _, cout_g, k, _ = w.shape
    cin_g = cin // groups
    cout = cout_g * groups
    full_h = (h - 1) * stride + dilation * (k - 1) + 1
    full_w = (wd - 1) * stride + dilation * (k - 1) + 1
    full = np.zeros((n, cout, full_h, full_w))
    for bi in range(n):
        for c in range(cin):
            g = c // cin_g
            for y in range(h):
                for xx in range(wd):
                    for ol in range(cout_g):
                        for i in range(k):
                            for j in range(k):
                                full[bi, g * cout_g + ol, y * stride + i * dilation, xx * stride + j * dilation] += \
                                    x[bi, c, y, xx] * w[c, ol, i, j]
    hout = (h - 1) * stride - 2 * padding + dilation * (k - 1) + 1
    wout = (wd - 1) * stride - 2 * padding + dilation * (k - 1) + 1
    y = full[:, :, padding:padding + hout, padding:padding + wout]
    if b is not None:
        y = y + f64(b)[None, :, None, None]
    return y


def relu(x):
    return np.maximum(f64(x), 0)


def gelu(x):
    """Exact GELU: x * Phi(x) = x/2 (1 + erf(x / sqrt 2)) (torch.nn.GELU())."""
    x = f64(x)
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def sigmoid(x):
    return 1 / (1 + np.exp(-f64(x)))


def quick_gelu(x):
    """CLIP's x * sigmoid(1.702 x)."""
    return f64(x) * sigmoid(1.702 * f64(x))


def silu(x):
    return f64(x) * sigmoid(x)


ACTIVATIONS = {"RELU": relu, "GELU": gelu, "QUICK_GELU": quick_gelu, "SILU": silu}


def mlp(x, p, prefix, count, activation):
    """DETR's MLP: x = relu(layer(x)) for all but the last layer."""
    h = f64(x)
    for i in range(count):
        h = linear(h, p, f"{prefix}.layers.{i}")
        if i < count - 1:
            h = ACTIVATIONS[activation](h)
    return h


def softmax(s):
    s = s - s.max(axis=-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=-1, keepdims=True)


def attention(query, key, value, p, prefix, heads, key_padding=None, bias=None):
    """Multi-head attention with biased q, k, v, out projections:
    q scaled by 1/sqrt(head_dim) after projection; scores q k^T; key padding adds MASKED to padded
    keys (key_padding true = real key); then the additive bias; softmax over keys; weighted sum of
    v; heads merged; output projection."""
    q = linear(query, p, prefix + ".q_proj")                   # [B, Lq, inner]
    k = linear(key, p, prefix + ".k_proj")                     # [B, Lk, inner]
    v = linear(value, p, prefix + ".v_proj")                   # [B, Lk, inner]
    b, lq, inner = q.shape
    lk = k.shape[1]
    hd = inner // heads
    q = q * (1 / math.sqrt(hd))
    qh = q.reshape(b, lq, heads, hd).transpose(0, 2, 1, 3)     # [B, h, Lq, hd]
    kh = k.reshape(b, lk, heads, hd).transpose(0, 2, 1, 3)     # [B, h, Lk, hd]
    vh = v.reshape(b, lk, heads, hd).transpose(0, 2, 1, 3)     # [B, h, Lk, hd]
    scores = qh @ kh.transpose(0, 1, 3, 2)                     # [B, h, Lq, Lk]
    if key_padding is not None:
        pad = np.where(np.asarray(key_padding, dtype=bool), 0.0, MASKED).reshape(b, 1, 1, lk)
        # Added in float32, as the model computes: next to -1e9 a score of order 1 is below the
        # float32 spacing (64), so an all-padding row becomes exactly uniform (see module doc).
        scores = (scores.astype(np.float32) + pad.astype(np.float32)).astype(np.float64)
    if bias is not None:
        scores = scores + f64(bias)
    context = softmax(scores) @ vh                             # [B, h, Lq, hd]
    merged = context.transpose(0, 2, 1, 3).reshape(b, lq, inner)
    return linear(merged, p, prefix + ".out_proj")             # [B, Lq, d]


def attention_params(prefix, d_model, inner):
    p = {}
    for proj in ("q_proj", "k_proj", "v_proj"):
        p.update(linear_params(f"{prefix}.{proj}", d_model, inner))
    p.update(linear_params(prefix + ".out_proj", inner, d_model))
    return p


def ffn(x, p, prefix, activation):
    return linear(ACTIVATIONS[activation](linear(x, p, prefix + ".fc1")), p, prefix + ".fc2")


def ln(x, p, name, eps):
    return layer_norm(x, p[name + ".weight"], p[name + ".bias"], eps)


def encoder_layer(src, pos, p, prefix, heads, pre_norm, eps, key_padding, activation="RELU"):
    """DETR's TransformerEncoderLayer (dropout inactive): forward_post or forward_pre.
    Names as Hugging Face's DetrEncoderLayer: self_attn, self_attn_layer_norm, fc1, fc2,
    final_layer_norm (DETR's norm1, linear1, linear2, norm2)."""
    src = f64(src)
    j = lambda n: f"{prefix}.{n}"
    if not pre_norm:
        q = src + pos
        src = ln(src + attention(q, q, src, p, j("self_attn"), heads, key_padding), p, j("self_attn_layer_norm"), eps)
        return ln(src + ffn(src, p, prefix, activation), p, j("final_layer_norm"), eps)
    src2 = ln(src, p, j("self_attn_layer_norm"), eps)
    q = src2 + pos
    src = src + attention(q, q, src2, p, j("self_attn"), heads, key_padding)
    src2 = ln(src, p, j("final_layer_norm"), eps)
    return src + ffn(src2, p, prefix, activation)


def decoder_layer(tgt, query_pos, memory, pos, p, prefix, heads, pre_norm, eps,
                  tgt_padding, memory_padding, cross_bias, activation="RELU"):
    """DETR's TransformerDecoderLayer (dropout inactive): forward_post or forward_pre.
    Cross-attention: query = tgt (+ query_pos), key = memory + pos, value = memory.
    Names as Hugging Face's DetrDecoderLayer: self_attn, self_attn_layer_norm, encoder_attn,
    encoder_attn_layer_norm, fc1, fc2, final_layer_norm."""
    tgt = f64(tgt)
    j = lambda n: f"{prefix}.{n}"
    mem_k = f64(memory) + f64(pos)
    if not pre_norm:
        q = tgt + query_pos
        tgt = ln(tgt + attention(q, q, tgt, p, j("self_attn"), heads, tgt_padding), p, j("self_attn_layer_norm"), eps)
        tgt2 = attention(tgt + query_pos, mem_k, memory, p, j("encoder_attn"), heads, memory_padding, cross_bias)
        tgt = ln(tgt + tgt2, p, j("encoder_attn_layer_norm"), eps)
        return ln(tgt + ffn(tgt, p, prefix, activation), p, j("final_layer_norm"), eps)
    tgt2 = ln(tgt, p, j("self_attn_layer_norm"), eps)
    q = tgt2 + query_pos
    tgt = tgt + attention(q, q, tgt2, p, j("self_attn"), heads, tgt_padding)
    tgt2 = ln(tgt, p, j("encoder_attn_layer_norm"), eps)
    tgt = tgt + attention(tgt2 + query_pos, mem_k, memory, p, j("encoder_attn"), heads, memory_padding, cross_bias)
    tgt2 = ln(tgt, p, j("final_layer_norm"), eps)
    return tgt + ffn(tgt2, p, prefix, activation)


def layer_params(prefix, d, ffn_dim, cross):
    p = attention_params(prefix + ".self_attn", d, d)
    p.update(norm_params(prefix + ".self_attn_layer_norm", d))
    if cross:
        p.update(attention_params(prefix + ".encoder_attn", d, d))
        p.update(norm_params(prefix + ".encoder_attn_layer_norm", d))
    p.update(linear_params(prefix + ".fc1", d, ffn_dim))
    p.update(linear_params(prefix + ".fc2", ffn_dim, d))
    p.update(norm_params(prefix + ".final_layer_norm", d))
    return p


def detr_position_sine(h, w, d, temperature=10000.0, scale=2 * math.pi):
    """DETR's PositionEmbeddingSine(num_pos_feats=d/2, normalize=True) on an unpadded h x w map,
    literally: cumsum of not_mask, normalise by the last value (+1e-6), scale; dim_t; sin of the
    even channels and cos of the odd ones stacked on a new last axis and flattened; y before x;
    then flattened to tokens as DETR's transformer does (flatten(2).permute(2, 0, 1)) -> [h*w, d]."""
    npf = d // 2
    not_mask = np.ones((1, h, w))
    y_embed = not_mask.cumsum(axis=1)
    x_embed = not_mask.cumsum(axis=2)
    eps = 1e-6
    y_embed = y_embed / (y_embed[:, -1:, :] + eps) * scale
    x_embed = x_embed / (x_embed[:, :, -1:] + eps) * scale
    dim_t = np.arange(npf, dtype=np.float64)
    dim_t = temperature ** (2 * (dim_t // 2) / npf)
    pos_x = x_embed[:, :, :, None] / dim_t
    pos_y = y_embed[:, :, :, None] / dim_t
    pos_x = np.stack((np.sin(pos_x[:, :, :, 0::2]), np.cos(pos_x[:, :, :, 1::2])), axis=4).reshape(1, h, w, -1)
    pos_y = np.stack((np.sin(pos_y[:, :, :, 0::2]), np.cos(pos_y[:, :, :, 1::2])), axis=4).reshape(1, h, w, -1)
    pos = np.concatenate((pos_y, pos_x), axis=3).transpose(0, 3, 1, 2)   # [1, d, h, w]
    return pos.reshape(1, d, h * w).transpose(2, 0, 1)[:, 0, :]          # [h*w, d]


def sequence_sine(n, d):
    """Attention Is All You Need: PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(same)."""
    pe = np.zeros((n, d))
    p = np.arange(n, dtype=np.float64)[:, None]
    div = 10000.0 ** (np.arange(0, d, 2, dtype=np.float64) / d)
    pe[:, 0::2] = np.sin(p / div)
    pe[:, 1::2] = np.cos(p / div)
    return pe


def bilinear_matrix(n_in, n_out):
    """F.interpolate(mode='bilinear', align_corners=False) along one axis, as a matrix [out, in]:
    src = max((dst + 0.5) * in / out - 0.5, 0); neighbours floor(src) and floor(src) + 1, both
    clamped to in - 1; weights 1 - frac and frac."""
    m = np.zeros((n_out, n_in))
    for dst in range(n_out):
        src = max((dst + 0.5) * n_in / n_out - 0.5, 0.0)
        lo = int(math.floor(src))
        frac = src - lo
        lo_c, hi_c = min(lo, n_in - 1), min(lo + 1, n_in - 1)
        m[dst, lo_c] += 1 - frac
        m[dst, hi_c] += frac
    return m


def nearest_matrix(n_in, n_out):
    """F.interpolate(mode='nearest') along one axis: src = min(floor(dst * in / out), in - 1)."""
    m = np.zeros((n_out, n_in))
    for dst in range(n_out):
        exact = min(dst * n_in // n_out, n_in - 1)
        # PyTorch multiplies by the scale in float32; check that it agrees for the sizes used
        torch_like = min(int(np.floor(np.float32(dst) * (np.float32(n_in) / np.float32(n_out)))), n_in - 1)
        assert exact == torch_like, (n_in, n_out, dst)
        m[dst, exact] = 1
    return m


def resize(x, rows, cols):
    """Separable resize of the last two axes: R_h X R_w^T."""
    return np.einsum("oh,...hw,pw->...op", rows, f64(x), cols)


# ---------------------------------------------------------------- the files

def gen_linear():
    x = randn(2, 3, 4)
    p = linear_params("proj", 4, 5)
    p.update(linear_params("plain", 4, 3, bias=False))
    write("linear", "y = x W^T + b, torch.nn.Linear; 'plain' has no bias",
          {"in": 4, "out": 5, "plainOut": 3}, {"x": x}, p,
          {"proj": linear(x, p, "proj"), "plain": linear(x, p, "plain")})


def gen_norms():
    x = randn(2, 3, 6, scale=2.0, offset=1.5)
    xc = randn(2, 4, 3, 2, scale=2.0, offset=-1.0)
    p = norm_params("ln", 6)
    p.update(norm_params("ln2d", 4))
    write("layer_norm", "LayerNorm over the last axis (eps 1e-5) and over the channels of NCHW (eps 1e-6)",
          {"width": 6, "eps": 1e-5, "channels": 4, "channelsEps": 1e-6}, {"x": x, "xChannels": xc}, p,
          {"ln": layer_norm(x, p["ln.weight"], p["ln.bias"], 1e-5),
           "ln2d": layer_norm_channels(xc, p["ln2d.weight"], p["ln2d.bias"], 1e-6)})

    xg = randn(2, 6, 2, 3, scale=2.0, offset=3.0)
    p = norm_params("gn3", 6)
    p.update(norm_params("gn1", 6))
    p.update(norm_params("gn6", 6))
    write("group_norm", "torch.nn.GroupNorm(groups, 6) for 3, 1 and 6 groups, eps 1e-5",
          {"channels": 6, "eps": 1e-5}, {"x": xg}, p,
          {f"gn{g}": group_norm(xg, g, p[f"gn{g}.weight"], p[f"gn{g}.bias"], 1e-5) for g in (3, 1, 6)})

    xr = randn(2, 3, 8, scale=1.5, offset=0.5)
    p = {"rms.weight": randn(8, scale=0.3, offset=1.0)}
    write("rms_norm", "LLaMA RMSNorm x / sqrt(mean(x^2) + eps) * w, eps 1e-6",
          {"width": 8, "eps": 1e-6}, {"x": xr}, p, {"rms": rms_norm(xr, p["rms.weight"], 1e-6)})


def gen_conv2d():
    x = randn(1, 4, 5, 5)
    cases = {  # prefix: (out, kernel, stride, padding, dilation, groups, bias)
        "strided": (4, 3, 2, 1, 1, 1, True),
        "dilated_grouped": (6, 3, 1, 2, 2, 2, True),
        "pointwise": (2, 1, 2, 0, 1, 1, False),
        "depthwise": (4, 2, 1, 0, 1, 4, True),
    }
    p, expected, config = {}, {}, {}
    for name, (out, k, s, pad, d, g, bias) in cases.items():
        bound = 1 / math.sqrt(4 // g * k * k)
        w = uniform(out, 4 // g, k, k, bound=bound)
        p[name + ".weight"] = w
        b = uniform(out, bound=bound) if bias else None
        if bias:
            p[name + ".bias"] = b
        expected[name] = conv2d(x, w, b, s, pad, d, g)
        config[name] = {"in": 4, "out": out, "kernel": k, "stride": s, "padding": pad, "dilation": d,
                        "groups": g, "bias": bias}
    write("conv2d", "torch.nn.functional.conv2d by direct loops, weight [out, in/groups, k, k]",
          config, {"x": x}, p, expected)


def gen_conv_transpose2d():
    x = randn(1, 4, 3, 3)
    cases = {  # prefix: (out, kernel, stride, padding, dilation, groups, bias)
        "upscale": (3, 2, 2, 0, 1, 1, True),           # SAM's output upscaling
        "grouped": (6, 3, 2, 1, 1, 2, True),
        "dilated": (2, 3, 1, 1, 2, 1, False),
    }
    p, expected, config = {}, {}, {}
    for name, (out, k, s, pad, d, g, bias) in cases.items():
        bound = 1 / math.sqrt(out // g * k * k)
        w = uniform(4, out // g, k, k, bound=bound)
        p[name + ".weight"] = w
        b = uniform(out, bound=bound) if bias else None
        if bias:
            p[name + ".bias"] = b
        y = conv_transpose2d(x, w, b, s, pad, d, g)
        assert y.shape[2] == (3 - 1) * s - 2 * pad + d * (k - 1) + 1
        # conv_transpose2d is the adjoint of conv2d with the same weight read as [out, in/groups, k, k]:
        # <conv2d(z), x> == <z, conv_transpose2d(x)> for any z; checks the scatter against the loops above
        z = check_rng.standard_normal(y.shape)
        y_nobias = y if b is None else y - f64(b)[None, :, None, None]
        assert abs(np.sum(conv2d(z, w, None, s, pad, d, g) * f64(x)) - np.sum(z * y_nobias)) < 1e-9
        expected[name] = y
        config[name] = {"in": 4, "out": out, "kernel": k, "stride": s, "padding": pad, "dilation": d,
                        "groups": g, "bias": bias}
    write("conv_transpose2d", "torch.nn.functional.conv_transpose2d as the scatter (adjoint of conv2d)"
          " then crop, weight [in, out/groups, k, k]", config, {"x": x}, p, expected)


def gen_nonlinearity():
    x = np.concatenate([np.linspace(-6, 6, 25), rng.standard_normal(15) * 2]).astype(np.float32)
    write("nonlinearity", "relu; exact erf GELU; quick GELU x*sigmoid(1.702x); SiLU x*sigmoid(x)",
          {}, {"x": x}, {}, {name: fn(x) for name, fn in ACTIVATIONS.items()})


def gen_mlp():
    x = randn(2, 3, 6)
    p = {}
    for i, (fi, fo) in enumerate([(6, 8), (8, 8), (8, 4)]):
        p.update(linear_params(f"bbox_embed.layers.{i}", fi, fo))
    for i, (fi, fo) in enumerate([(6, 5), (5, 3)]):
        p.update(linear_params(f"head.layers.{i}", fi, fo))
    write("mlp", "DETR MLP: relu between layers, none after the last; 'head' uses GELU",
          {"bbox_embed": {"in": 6, "hidden": 8, "out": 4, "count": 3, "activation": "RELU"},
           "head": {"in": 6, "hidden": 5, "out": 3, "count": 2, "activation": "GELU"}},
          {"x": x}, p,
          {"bbox_embed": mlp(x, p, "bbox_embed", 3, "RELU"), "head": mlp(x, p, "head", 2, "GELU")})


def gen_attention():
    b, lq, lk, d, heads = 2, 3, 4, 8, 2
    query, key, value = randn(b, lq, d), randn(b, lk, d), randn(b, lk, d)
    padding = np.array([[1, 1, 1, 1], [1, 1, 0, 0]], dtype=np.float32)        # 1 = real key
    all_padded = np.array([[0, 0, 0, 0], [1, 0, 1, 0]], dtype=np.float32)
    bias = randn(b, heads, lq, lk)
    narrow_bias = randn(b, 1, lq, lk)
    p = attention_params("attn", d, d)
    p.update(attention_params("narrow", d, 4))
    expected = {
        "plain": attention(query, key, value, p, "attn", heads),
        "padded": attention(query, key, value, p, "attn", heads, padding),
        "padded_bias": attention(query, key, value, p, "attn", heads, padding, bias),
        "bias_only": attention(query, key, value, p, "attn", heads, None, bias),
        "narrow": attention(query, key, value, p, "narrow", heads, padding, narrow_bias),
        "all_padded": attention(query, key, value, p, "attn", heads, all_padded),
    }
    # all keys of sample 0 padded: uniform weights, so every query reads out_proj(mean of v_proj(value))
    uniform_read = linear(linear(value[0], p, "attn.v_proj").mean(axis=0), p, "attn.out_proj")
    assert np.allclose(expected["all_padded"][0], uniform_read[None, :], atol=1e-12)
    write("attention", "multi-head attention, q scaled by 1/sqrt(head_dim) after projection, key padding"
          " adds -1e9 (in float32), then the bias, softmax, out projection; 'narrow' has internalDim 4",
          {"dModel": d, "heads": heads, "narrowInternalDim": 4},
          {"query": query, "key": key, "value": value, "padding": padding, "allPadded": all_padded,
           "bias": bias, "narrowBias": narrow_bias}, p, expected)


def gen_encoder_layer():
    b, n, d, heads, ffn_dim, eps = 2, 5, 6, 2, 8, 1e-5
    x = randn(b, n, d)
    pos = randn(n, d)
    padding = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=np.float32)
    for pre in (False, True):
        name = "pre" if pre else "post"
        p = layer_params("enc", d, ffn_dim, cross=False)
        write("encoder_layer_" + name, f"DETR TransformerEncoderLayer.forward_{name}, relu, no dropout",
              {"dModel": d, "heads": heads, "ffnDim": ffn_dim, "eps": eps, "preNorm": pre},
              {"x": x, "pos": pos, "padding": padding}, p,
              {"out": encoder_layer(x, pos, p, "enc", heads, pre, eps, padding)})


def gen_decoder_layer():
    b, lq, n, d, heads, ffn_dim, eps = 2, 3, 5, 6, 2, 8, 1e-5
    tgt = randn(b, lq, d)
    query_pos = randn(lq, d)
    memory = randn(b, n, d)
    pos = randn(b, n, d)
    tgt_padding = np.array([[1, 1, 1], [1, 1, 0]], dtype=np.float32)
    memory_padding = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]], dtype=np.float32)
    cross_bias = randn(b, 1, lq, n)
    for pre in (False, True):
        name = "pre" if pre else "post"
        p = layer_params("dec", d, ffn_dim, cross=True)
        write("decoder_layer_" + name, f"DETR TransformerDecoderLayer.forward_{name}, relu, no dropout;"
              " memory keys = memory + pos, values = memory",
              {"dModel": d, "heads": heads, "ffnDim": ffn_dim, "eps": eps, "preNorm": pre},
              {"tgt": tgt, "queryPos": query_pos, "memory": memory, "pos": pos, "tgtPadding": tgt_padding,
               "memoryPadding": memory_padding, "crossBias": cross_bias}, p,
              {"out": decoder_layer(tgt, query_pos, memory, pos, p, "dec", heads, pre, eps,
                                    tgt_padding, memory_padding, cross_bias)})


def gen_position():
    write("position", "DETR PositionEmbeddingSine(normalize=True) flattened [h*w, d]; 1-D transformer sinusoid",
          {"grid_3x4x8": [3, 4, 8], "grid_2x5x16": [2, 5, 16], "sequence_6x8": [6, 8]}, {}, {},
          {"grid_3x4x8": detr_position_sine(3, 4, 8), "grid_2x5x16": detr_position_sine(2, 5, 16),
           "sequence_6x8": sequence_sine(6, 8)})


def gen_resize():
    x = randn(1, 2, 3, 4)
    expected, config = {}, {}
    for oh, ow in [(5, 7), (2, 3), (6, 2), (1, 1)]:
        expected[f"bilinear_{oh}x{ow}"] = resize(x, bilinear_matrix(3, oh), bilinear_matrix(4, ow))
        config[f"bilinear_{oh}x{ow}"] = [oh, ow]
    for oh, ow in [(5, 7), (2, 3), (6, 8), (7, 3)]:
        expected[f"nearest_{oh}x{ow}"] = resize(x, nearest_matrix(3, oh), nearest_matrix(4, ow))
        config[f"nearest_{oh}x{ow}"] = [oh, ow]
    write("resize", "F.interpolate bilinear (align_corners=False, no antialias) and nearest, from the"
          " coordinate rules", config, {"x": x}, {}, expected)


if __name__ == "__main__":
    os.makedirs(OUT_DIR, exist_ok=True)
    gen_linear()
    gen_norms()
    gen_conv2d()
    gen_conv_transpose2d()
    gen_nonlinearity()
    gen_mlp()
    gen_attention()
    gen_encoder_layer()
    gen_decoder_layer()
    gen_position()
    gen_resize()
