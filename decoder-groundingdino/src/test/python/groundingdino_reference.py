#!/usr/bin/env python3
"""Independent numpy forward of Hugging Face's GroundingDinoForObjectDetection (written from the
architecture's description, no torch here). It proves itself on the transformers-made fixture
grounding-dino-tiny, then writes a golden for a differently sized random configuration that the
Java port must also reproduce.

usage: groundingdino_reference.py check FIXTURE_DIR
       groundingdino_reference.py make OUT_DIR  (writes config.json, model.safetensors, golden.safetensors, manifest.json)
"""
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
from scipy.special import erf

F = np.float64  # compute in double: the reference must not be the noisier side


# ---------------------------------------------------------------- safetensors
def load_st(path):
    b = Path(path).read_bytes()
    n = struct.unpack('<Q', b[:8])[0]
    h = json.loads(b[8:8 + n])
    out = {}
    for k, v in h.items():
        if k == '__metadata__':
            continue
        dt = {'F32': np.float32, 'I64': np.int64}[v['dtype']]
        s, e = v['data_offsets']
        out[k] = np.frombuffer(b[8 + n + s:8 + n + e], dtype=dt).reshape(v['shape'])
    return out


def save_st(path, tensors):
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        a = np.ascontiguousarray(tensors[k])
        dt = {np.dtype(np.float32): 'F32', np.dtype(np.int64): 'I64'}[a.dtype]
        raw = a.tobytes()
        header[k] = {'dtype': dt, 'shape': list(a.shape), 'data_offsets': [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    hb = json.dumps(header).encode()
    hb += b' ' * ((8 - len(hb) % 8) % 8)
    Path(path).write_bytes(struct.pack('<Q', len(hb)) + hb + b''.join(blobs))


# ---------------------------------------------------------------- primitives
def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


def layer_norm(x, w, b, eps):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def softmax(x, axis=-1):
    x = x - np.max(np.where(np.isfinite(x), x, -1e300), axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis, keepdims=True)


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def logit(p, eps=1e-5):
    p = np.clip(p, eps, 1 - eps)
    return np.log(p / (1 - p))


def conv2d(x, w, b, stride, pad):
    # x [B, C, H, W], w [O, C, kh, kw]
    B, C, H, W = x.shape
    O, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    Ho = (H + 2 * pad - kh) // stride + 1
    Wo = (W + 2 * pad - kw) // stride + 1
    out = np.zeros((B, O, Ho, Wo))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i:i + stride * Ho:stride, j:j + stride * Wo:stride]  # [B, C, Ho, Wo]
            out += np.einsum('bchw,oc->bohw', patch, w[:, :, i, j])
    return out + b[None, :, None, None]


def group_norm(x, groups, w, b, eps=1e-5):
    B, C, H, W = x.shape
    g = x.reshape(B, groups, -1)
    m = g.mean(-1, keepdims=True)
    v = ((g - m) ** 2).mean(-1, keepdims=True)
    g = (g - m) / np.sqrt(v + eps)
    return g.reshape(B, C, H, W) * w[None, :, None, None] + b[None, :, None, None]


def mha(q_in, k_in, v_in, P, prefix, heads, additive=None, names=('query', 'key', 'value', 'out_proj')):
    # q_in [B, Lq, D]; additive broadcastable to [B, h, Lq, Lk]
    B, Lq, _ = q_in.shape
    q = linear(q_in, P[prefix + names[0] + '.weight'], P[prefix + names[0] + '.bias'])
    k = linear(k_in, P[prefix + names[1] + '.weight'], P[prefix + names[1] + '.bias'])
    v = linear(v_in, P[prefix + names[2] + '.weight'], P[prefix + names[2] + '.bias'])
    dh = q.shape[-1] // heads
    sp = lambda t: t.reshape(B, t.shape[1], heads, dh).transpose(0, 2, 1, 3)
    q, k, v = sp(q), sp(k), sp(v)
    s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(dh)
    if additive is not None:
        s = s + additive
    a = softmax(s) @ v
    a = a.transpose(0, 2, 1, 3).reshape(B, Lq, heads * dh)
    return linear(a, P[prefix + names[3] + '.weight'], P[prefix + names[3] + '.bias'])


NEG = float(np.finfo(np.float32).min)


# ---------------------------------------------------------------- Swin backbone
def rel_index(w):
    coords = np.stack(np.meshgrid(np.arange(w), np.arange(w), indexing='ij')).reshape(2, -1)
    rel = coords[:, :, None] - coords[:, None, :]
    rel = rel.transpose(1, 2, 0) + (w - 1)
    return rel[:, :, 0] * (2 * w - 1) + rel[:, :, 1]  # [w*w, w*w]


def window_partition(x, w):
    B, H, W, C = x.shape
    x = x.reshape(B, H // w, w, W // w, w, C).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(-1, w * w, C)


def window_reverse(x, w, H, W):
    B = x.shape[0] // ((H // w) * (W // w))
    x = x.reshape(B, H // w, W // w, w, w, -1).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(B, H, W, -1)


def shift_mask(Hp, Wp, w, s):
    img = np.zeros((Hp, Wp))
    cnt = 0
    for hs in (slice(0, -w), slice(-w, -s), slice(-s, None)):
        for ws in (slice(0, -w), slice(-w, -s), slice(-s, None)):
            img[hs, ws] = cnt
            cnt += 1
    mw = window_partition(img[None, :, :, None], w)[:, :, 0]  # [nW, w*w]
    m = mw[:, None, :] - mw[:, :, None]
    return np.where(m != 0, -100.0, 0.0)


def swin_block(x, H, W, P, p, heads, window, shift, eps):
    B, L, C = x.shape
    built = int(round(math.sqrt(P[p + 'attention.self.relative_position_bias_table'].shape[0]))) // 2 + 1
    if min(H, W) <= window:
        shift = 0
        window = min(H, W)
    assert window == built, f'{p}: a {H}x{W} grid needs window {window}, the table was built for {built}'
    short = x
    x = layer_norm(x, P[p + 'layernorm_before.weight'], P[p + 'layernorm_before.bias'], eps).reshape(B, H, W, C)
    ph = (window - H % window) % window
    pw = (window - W % window) % window
    x = np.pad(x, ((0, 0), (0, ph), (0, pw), (0, 0)))
    Hp, Wp = H + ph, W + pw
    if shift > 0:
        x = np.roll(x, (-shift, -shift), axis=(1, 2))
    win = window_partition(x, window)  # [B*nW, w*w, C]
    table = P[p + 'attention.self.relative_position_bias_table']
    bias = table[rel_index(window).reshape(-1)].reshape(window * window, window * window, -1).transpose(2, 0, 1)
    add = bias[None]
    if shift > 0:
        m = shift_mask(Hp, Wp, window, shift)  # [nW, N, N]; windows are batch-major
        add = np.tile(m, (B, 1, 1))[:, None] + bias[None]
    names = ('attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense')
    a = mha(win, win, win, P, p, heads, add, names)
    x = window_reverse(a, window, Hp, Wp)
    if shift > 0:
        x = np.roll(x, (shift, shift), axis=(1, 2))
    x = x[:, :H, :W].reshape(B, H * W, C)
    x = short + x
    y = layer_norm(x, P[p + 'layernorm_after.weight'], P[p + 'layernorm_after.bias'], eps)
    y = gelu(linear(y, P[p + 'intermediate.dense.weight'], P[p + 'intermediate.dense.bias']))
    return x + linear(y, P[p + 'output.dense.weight'], P[p + 'output.dense.bias'])


def patch_merge(x, H, W, P, p, eps):
    B, L, C = x.shape
    x = x.reshape(B, H, W, C)
    x = np.pad(x, ((0, 0), (0, H % 2), (0, W % 2), (0, 0)))
    x = np.concatenate([x[:, 0::2, 0::2], x[:, 1::2, 0::2], x[:, 0::2, 1::2], x[:, 1::2, 1::2]], -1)
    H2, W2 = x.shape[1], x.shape[2]
    x = x.reshape(B, H2 * W2, 4 * C)
    x = layer_norm(x, P[p + 'norm.weight'], P[p + 'norm.bias'], eps)
    return linear(x, P[p + 'reduction.weight']), H2, W2


def swin(pix, P, bc):
    pre = 'model.backbone.conv_encoder.model.'
    eps = bc['layer_norm_eps']
    ps = bc['patch_size']
    B, _, H, W = pix.shape
    pix = np.pad(pix, ((0, 0), (0, 0), (0, (ps - H % ps) % ps), (0, (ps - W % ps) % ps)))
    x = conv2d(pix, P[pre + 'embeddings.patch_embeddings.projection.weight'],
               P[pre + 'embeddings.patch_embeddings.projection.bias'], ps, 0)
    _, C, H, W = x.shape
    x = x.reshape(B, C, H * W).transpose(0, 2, 1)
    x = layer_norm(x, P[pre + 'embeddings.norm.weight'], P[pre + 'embeddings.norm.bias'], eps)
    maps = []
    for s, depth in enumerate(bc['depths']):
        for i in range(depth):
            shift = 0 if i % 2 == 0 else bc['window_size'] // 2
            x = swin_block(x, H, W, P, pre + f'encoder.layers.{s}.blocks.{i}.', bc['num_heads'][s],
                           bc['window_size'], shift, eps)
        name = f'stage{s + 1}'
        if name in bc['out_features']:
            y = layer_norm(x, P[pre + f'hidden_states_norms.{name}.weight'],
                           P[pre + f'hidden_states_norms.{name}.bias'], eps)
            maps.append(y.reshape(B, H, W, -1).transpose(0, 3, 1, 2))
        if s < len(bc['depths']) - 1:
            x, H, W = patch_merge(x, H, W, P, pre + f'encoder.layers.{s}.downsample.', eps)
    return maps


# ---------------------------------------------------------------- BERT
def special_masks(ids):
    B, T = ids.shape
    special = np.isin(ids, [101, 102, 1012, 1029])
    att = np.tile(np.eye(T, dtype=bool)[None], (B, 1, 1))
    pos = np.zeros((B, T), dtype=np.int64)
    for b in range(B):
        prev = 0
        for c in np.nonzero(special[b])[0]:
            if c == 0 or c == T - 1:
                att[b, c, c] = True
                pos[b, c] = 0
            else:
                att[b, prev + 1:c + 1, prev + 1:c + 1] = True
                pos[b, prev + 1:c + 1] = np.arange(0, c - prev)
            prev = c
    return att, pos


def bert(ids, types, self_mask, pos, P, tc):
    p = 'model.text_backbone.'
    eps = tc['layer_norm_eps']
    x = P[p + 'embeddings.word_embeddings.weight'][ids] + P[p + 'embeddings.token_type_embeddings.weight'][types] \
        + P[p + 'embeddings.position_embeddings.weight'][pos]
    x = layer_norm(x, P[p + 'embeddings.LayerNorm.weight'], P[p + 'embeddings.LayerNorm.bias'], eps)
    add = np.where(self_mask, 0.0, NEG)[:, None]
    for i in range(tc['num_hidden_layers']):
        q = p + f'encoder.layer.{i}.'
        a = mha(x, x, x, P, q, tc['num_attention_heads'], add,
                ('attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense'))
        x = layer_norm(x + a, P[q + 'attention.output.LayerNorm.weight'], P[q + 'attention.output.LayerNorm.bias'], eps)
        h = gelu(linear(x, P[q + 'intermediate.dense.weight'], P[q + 'intermediate.dense.bias']))
        h = linear(h, P[q + 'output.dense.weight'], P[q + 'output.dense.bias'])
        x = layer_norm(x + h, P[q + 'output.LayerNorm.weight'], P[q + 'output.LayerNorm.bias'], eps)
    return x


# ---------------------------------------------------------------- position encodings
def sine_2d(H, W, d, temperature):
    half = d // 2
    y = np.arange(1, H + 1, dtype=F)[:, None].repeat(W, 1) / (H + 1e-6) * 2 * math.pi
    x = np.arange(1, W + 1, dtype=F)[None, :].repeat(H, 0) / (W + 1e-6) * 2 * math.pi
    dim_t = temperature ** (2 * (np.arange(half) // 2) / half)
    px = x[:, :, None] / dim_t
    py = y[:, :, None] / dim_t
    inter = lambda t: np.stack([np.sin(t[..., 0::2]), np.cos(t[..., 1::2])], -1).reshape(H, W, half)
    return np.concatenate([inter(py), inter(px)], -1).transpose(2, 0, 1)  # [d, H, W]


def sine_embed(pos, feats, temperature=10000, exchange_xy=True):
    # pos [..., n] -> [..., n * feats]
    dim_t = temperature ** (2 * (np.arange(feats) // 2) / feats)
    parts = []
    for i in range(pos.shape[-1]):
        t = pos[..., i:i + 1] * 2 * math.pi / dim_t
        parts.append(np.stack([np.sin(t[..., 0::2]), np.cos(t[..., 1::2])], -1).reshape(*t.shape[:-1], feats))
    if exchange_xy:
        parts[0], parts[1] = parts[1], parts[0]
    return np.concatenate(parts, -1)


# ---------------------------------------------------------------- deformable attention
def bilinear(value, H, W, loc):
    # value [B, H*W, h, dh]; loc [B, Q, h, P, 2] in [0, 1] -> [B, Q, h, P, dh]
    # grid_sample(align_corners=False, zeros padding): pixel = loc * size - 0.5
    B, _, h, dh = value.shape
    x = loc[..., 0] * W - 0.5
    y = loc[..., 1] * H - 0.5
    x0 = np.floor(x)
    y0 = np.floor(y)
    out = 0
    bi = np.arange(B)[:, None, None, None]
    hi = np.arange(h)[None, None, :, None]
    for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
        xi, yi = x0 + dx, y0 + dy
        wgt = (1 - np.abs(x - xi)) * (1 - np.abs(y - yi))
        ok = (xi >= 0) & (xi < W) & (yi >= 0) & (yi < H)
        idx = (np.clip(yi, 0, H - 1) * W + np.clip(xi, 0, W - 1)).astype(np.int64)
        out = out + value[bi, idx, hi][...] * (wgt * ok)[..., None]
    return out


def msda(query, pos, value_in, refs, shapes, P, p, heads, points):
    # query [B, Q, D]; value_in [B, S, D]; refs [B, Q, L, 2 or 4]
    q = query + pos if pos is not None else query
    B, Q, D = q.shape
    L = len(shapes)
    v = linear(value_in, P[p + 'value_proj.weight'], P[p + 'value_proj.bias']).reshape(B, -1, heads, D // heads)
    off = linear(q, P[p + 'sampling_offsets.weight'], P[p + 'sampling_offsets.bias']).reshape(B, Q, heads, L, points, 2)
    aw = linear(q, P[p + 'attention_weights.weight'], P[p + 'attention_weights.bias']).reshape(B, Q, heads, L * points)
    aw = softmax(aw).reshape(B, Q, heads, L, points)
    if refs.shape[-1] == 2:
        norm = np.array([[w, h] for h, w in shapes], dtype=F)
        loc = refs[:, :, None, :, None, :] + off / norm[None, None, None, :, None, :]
    else:
        loc = refs[:, :, None, :, None, :2] + off / points * refs[:, :, None, :, None, 2:] * 0.5
    out = 0
    start = 0
    for l, (h, w) in enumerate(shapes):
        vl = v[:, start:start + h * w]
        s = bilinear(vl, h, w, loc[:, :, :, l])  # [B, Q, h, P, dh]
        out = out + (s * aw[:, :, :, l, :, None]).sum(3)
        start += h * w
    out = out.reshape(B, Q, D)
    return linear(out, P[p + 'output_proj.weight'], P[p + 'output_proj.bias'])


# ---------------------------------------------------------------- Grounding DINO
def contrastive(vis, text, token_mask, max_len):
    out = vis @ text.transpose(0, 2, 1)
    out = np.where(token_mask[:, None, :], out, -np.inf)
    full = np.full(out.shape[:-1] + (max_len,), -np.inf)
    full[..., :out.shape[-1]] = out
    return full


def mlp(x, P, p, n):
    for i in range(n):
        x = linear(x, P[p + f'layers.{i}.weight'], P[p + f'layers.{i}.bias'])
        if i < n - 1:
            x = relu(x)
    return x


def forward(P, cfg, pixel_values, input_ids, attention_mask, text_features=None, text_self_mask=None,
            text_pos_ids=None):
    """Returns logits, pred_boxes, last_hidden_state (and every layer's, for auxiliary checks)."""
    P = {k: v.astype(F) for k, v in P.items()}
    d = cfg['d_model']
    eps = cfg['layer_norm_eps']
    bc = cfg['backbone_config']
    tc = cfg['text_config']
    B = pixel_values.shape[0]
    token_mask = attention_mask.astype(bool)
    if text_features is None:
        self_mask, pos_ids = special_masks(input_ids)
        types = np.zeros_like(input_ids)
        tf = bert(input_ids, types, self_mask, pos_ids, P, tc)
        text = linear(tf, P['model.text_projection.weight'], P['model.text_projection.bias'])
    else:
        text, self_mask, pos_ids = text_features, text_self_mask, text_pos_ids

    maps = swin(pixel_values.astype(F), P, bc)
    feats = []
    for l, m in enumerate(maps):
        p = f'model.input_proj_vision.{l}.'
        feats.append(group_norm(conv2d(m, P[p + '0.weight'], P[p + '0.bias'], 1, 0), 32, P[p + '1.weight'], P[p + '1.bias']))
    for l in range(len(maps), cfg['num_feature_levels']):
        p = f'model.input_proj_vision.{l}.'
        src = maps[-1] if l == len(maps) else feats[-1]
        feats.append(group_norm(conv2d(src, P[p + '0.weight'], P[p + '0.bias'], 2, 1), 32, P[p + '1.weight'], P[p + '1.bias']))
    shapes = [(f.shape[2], f.shape[3]) for f in feats]
    src = np.concatenate([f.reshape(B, d, -1).transpose(0, 2, 1) for f in feats], 1)
    lvl_pos = np.concatenate([
        np.broadcast_to(sine_2d(h, w, d, cfg['positional_embedding_temperature']).reshape(d, -1).T
                        + P['model.level_embed'][l], (B, h * w, d)) for l, (h, w) in enumerate(shapes)], 1)
    # encoder reference points: pixel centres of every level, the same for all levels (no padding)
    refs = np.concatenate([np.stack(np.meshgrid((np.arange(w) + 0.5) / w, (np.arange(h) + 0.5) / h, indexing='xy'), -1)
                           .reshape(-1, 2) for h, w in shapes], 0)
    enc_refs = np.broadcast_to(refs[None, :, None, :], (B, refs.shape[0], len(shapes), 2))

    vis = src
    text_pos = sine_embed(pos_ids[..., None].astype(F), d, exchange_xy=False)
    text_add = np.where(self_mask, 0.0, NEG)[:, None]
    pad_add = np.where(token_mask, 0.0, -np.inf)[:, None, None, :]
    fh = cfg['encoder_attention_heads'] // 2
    for i in range(cfg['encoder_layers']):
        p = f'model.encoder.layers.{i}.'
        # fusion: bi-directional vision <-> text attention with layer scale
        fp = p + 'fusion_layer.'
        v_n = layer_norm(vis, P[fp + 'layer_norm_vision.weight'], P[fp + 'layer_norm_vision.bias'], eps)
        t_n = layer_norm(text, P[fp + 'layer_norm_text.weight'], P[fp + 'layer_norm_text.bias'], eps)
        a = fp + 'attn.'
        E = P[a + 'vision_proj.weight'].shape[0]
        dh = E // fh
        sp = lambda t: t.reshape(B, t.shape[1], fh, dh).transpose(0, 2, 1, 3)
        vq = sp(linear(v_n, P[a + 'vision_proj.weight'], P[a + 'vision_proj.bias'])) * dh ** -0.5
        tk = sp(linear(t_n, P[a + 'text_proj.weight'], P[a + 'text_proj.bias']))
        vv = sp(linear(v_n, P[a + 'values_vision_proj.weight'], P[a + 'values_vision_proj.bias']))
        tv = sp(linear(t_n, P[a + 'values_text_proj.weight'], P[a + 'values_text_proj.bias']))
        s = vq @ tk.transpose(0, 1, 3, 2)  # [B, h, Nv, Nt]
        text_att = softmax(s.transpose(0, 1, 3, 2))  # text attends to all vision tokens (no pixel padding)
        vis_att = softmax(s + pad_add)
        dv = (vis_att @ tv).transpose(0, 2, 1, 3).reshape(B, -1, E)
        dt = (text_att @ vv).transpose(0, 2, 1, 3).reshape(B, -1, E)
        dv = linear(dv, P[a + 'out_vision_proj.weight'], P[a + 'out_vision_proj.bias'])
        dt = linear(dt, P[a + 'out_text_proj.weight'], P[a + 'out_text_proj.bias'])
        vis = v_n + P[fp + 'vision_param'] * dv
        text = t_n + P[fp + 'text_param'] * dt
        # text enhancer: post-norm self-attention over the text with the block mask
        tp = p + 'text_enhancer_layer.'
        qk = text + text_pos
        att = mha(qk, qk, text, P, tp + 'self_attn.', cfg['encoder_attention_heads'] // 2, text_add)
        text = layer_norm(text + att, P[tp + 'layer_norm_before.weight'], P[tp + 'layer_norm_before.bias'], eps)
        h = linear(relu(linear(text, P[tp + 'fc1.weight'], P[tp + 'fc1.bias'])), P[tp + 'fc2.weight'], P[tp + 'fc2.bias'])
        text = layer_norm(text + h, P[tp + 'layer_norm_after.weight'], P[tp + 'layer_norm_after.bias'], eps)
        # deformable self-attention over the vision tokens
        dp = p + 'deformable_layer.'
        att = msda(vis, lvl_pos, vis, enc_refs, shapes, P, dp + 'self_attn.', cfg['encoder_attention_heads'],
                   cfg['encoder_n_points'])
        vis = layer_norm(vis + att, P[dp + 'self_attn_layer_norm.weight'], P[dp + 'self_attn_layer_norm.bias'], eps)
        h = linear(relu(linear(vis, P[dp + 'fc1.weight'], P[dp + 'fc1.bias'])), P[dp + 'fc2.weight'], P[dp + 'fc2.bias'])
        vis = layer_norm(vis + h, P[dp + 'final_layer_norm.weight'], P[dp + 'final_layer_norm.bias'], eps)

    # two-stage query selection
    props = []
    for l, (h, w) in enumerate(shapes):
        g = np.stack(np.meshgrid((np.arange(w) + 0.5) / w, (np.arange(h) + 0.5) / h, indexing='xy'), -1).reshape(-1, 2)
        props.append(np.concatenate([g, np.full_like(g, 0.05 * 2.0 ** l)], -1))
    props = np.concatenate(props, 0)[None].repeat(B, 0)
    valid = ((props > 0.01) & (props < 0.99)).all(-1, keepdims=True)
    props = np.where(valid, np.log(props / (1 - props)), np.inf)
    obj = np.where(valid, vis, 0.0)
    obj = layer_norm(linear(obj, P['model.enc_output.weight'], P['model.enc_output.bias']),
                     P['model.enc_output_norm.weight'], P['model.enc_output_norm.bias'], eps)
    enc_class = contrastive(obj, text, token_mask, cfg['max_text_len'])
    enc_coord = mlp(obj, P, 'model.encoder_output_bbox_embed.', 3) + props
    nq = cfg['num_queries']
    score = enc_class.max(-1)
    top = np.argsort(-score, axis=1, kind='stable')[:, :nq]
    # a port in float32 must pick the same proposals in the same order: record how close the calls were
    srt = -np.sort(-score, axis=1)[:, :nq + 1]
    TOPK_MARGIN.append(float(np.min(srt[:, :-1] - srt[:, 1:])))
    ref = sigmoid(np.take_along_axis(enc_coord, top[..., None], 1))
    init_ref = ref
    hs = np.broadcast_to(P['model.query_position_embeddings.weight'][None], (B, nq, d)).copy()

    # decoder
    text_cross_add = np.where(token_mask, 0.0, NEG)[:, None, None, :]
    box_prefix = lambda l: f'bbox_embed.{0 if cfg.get("decoder_bbox_embed_share", True) else l}.'
    inter, inter_ref = [], []
    for i in range(cfg['decoder_layers']):
        p = f'model.decoder.layers.{i}.'
        refs_in = ref[:, :, None, :].repeat(len(shapes), 2)
        qpos = mlp(sine_embed(ref, d // 2), P, 'model.decoder.reference_points_head.', 2)
        qk = hs + qpos
        att = mha(qk, qk, hs, P, p + 'self_attn.', cfg['decoder_attention_heads'])
        hs = layer_norm(hs + att, P[p + 'self_attn_layer_norm.weight'], P[p + 'self_attn_layer_norm.bias'], eps)
        att = mha(hs + qpos, text, text, P, p + 'encoder_attn_text.', cfg['decoder_attention_heads'], text_cross_add)
        hs = layer_norm(hs + att, P[p + 'encoder_attn_text_layer_norm.weight'], P[p + 'encoder_attn_text_layer_norm.bias'], eps)
        att = msda(hs, qpos, vis, refs_in, shapes, P, p + 'encoder_attn.', cfg['decoder_attention_heads'],
                   cfg['decoder_n_points'])
        hs = layer_norm(hs + att, P[p + 'encoder_attn_layer_norm.weight'], P[p + 'encoder_attn_layer_norm.bias'], eps)
        h = linear(relu(linear(hs, P[p + 'fc1.weight'], P[p + 'fc1.bias'])), P[p + 'fc2.weight'], P[p + 'fc2.bias'])
        hs = layer_norm(hs + h, P[p + 'final_layer_norm.weight'], P[p + 'final_layer_norm.bias'], eps)
        ref = sigmoid(mlp(hs, P, box_prefix(i), 3) + logit(ref))
        inter.append(layer_norm(hs, P['model.decoder.layer_norm.weight'], P['model.decoder.layer_norm.bias'], eps))
        inter_ref.append(ref)
    logits, boxes = [], []
    for l in range(len(inter)):
        r = init_ref if l == 0 else inter_ref[l - 1]
        logits.append(contrastive(inter[l], text, token_mask, cfg['max_text_len']))
        boxes.append(sigmoid(mlp(inter[l], P, box_prefix(l), 3) + logit(r)))
    return logits, boxes, inter[-1]


def check(folder):
    folder = Path(folder)
    cfg = json.loads((folder / 'config.json').read_text())
    P = load_st(folder / 'model.safetensors')
    g = load_st(folder / 'golden.safetensors')
    logits, boxes, last = forward(P, cfg, g['forward.in.pixel_values'], g['forward.in.input_ids'],
                                  g['forward.in.attention_mask'])
    ok = True
    for name, got in (('logits', logits[-1]), ('pred_boxes', boxes[-1]), ('last_hidden_state', last)):
        want = g['forward.out.' + name].astype(F)
        fin = np.isfinite(want)
        same_inf = np.array_equal(fin, np.isfinite(got))
        diff = np.abs(np.where(fin, want, 0) - np.where(fin, got, 0)).max()
        print(f'{name:20s} max abs diff {diff:.3e}  infinities agree: {same_inf}')
        ok &= bool(diff < 2e-4 and same_inf)
    return ok


def other_config():
    """A configuration unlike the fixture's in every size that has a code path: shifted and padded
    Swin windows, a non-square image, two BERT layers, separate box heads per decoder layer,
    padded text tokens and special tokens inside the caption, a batch of two."""
    return {
        'd_model': 64, 'encoder_layers': 2, 'decoder_layers': 3, 'encoder_attention_heads': 4,
        'decoder_attention_heads': 4, 'encoder_ffn_dim': 96, 'decoder_ffn_dim': 80, 'encoder_n_points': 3,
        'decoder_n_points': 2, 'num_feature_levels': 4, 'num_queries': 12, 'max_text_len': 16,
        'layer_norm_eps': 1e-5, 'positional_embedding_temperature': 20, 'decoder_bbox_embed_share': False,
        'two_stage_bbox_embed_share': False, 'two_stage': True, 'embedding_init_target': True,
        'position_embedding_type': 'sine', 'activation_function': 'relu', 'query_dim': 4,
        'text_enhancer_dim_feedforward': 96, 'model_type': 'grounding-dino',
        'architectures': ['GroundingDinoForObjectDetection'],
        'backbone_config': {'model_type': 'swin', 'embed_dim': 16, 'depths': [2, 2, 2, 1], 'num_heads': [1, 2, 2, 4],
                            'window_size': 4, 'patch_size': 4, 'image_size': 128, 'mlp_ratio': 2.0, 'layer_norm_eps': 1e-5,
                            'hidden_act': 'gelu', 'num_channels': 3, 'qkv_bias': True, 'use_absolute_embeddings': False,
                            'out_features': ['stage2', 'stage3', 'stage4'], 'out_indices': [2, 3, 4],
                            'stage_names': ['stem', 'stage1', 'stage2', 'stage3', 'stage4']},
        'text_config': {'model_type': 'bert', 'hidden_size': 48, 'num_hidden_layers': 2, 'num_attention_heads': 3,
                        'intermediate_size': 72, 'vocab_size': 1100, 'max_position_embeddings': 40,
                        'type_vocab_size': 2, 'layer_norm_eps': 1e-12, 'hidden_act': 'gelu', 'pad_token_id': 0},
    }


def random_weights(cfg, rng):
    d = cfg['d_model']
    bc, tc = cfg['backbone_config'], cfg['text_config']
    P = {}

    def lin(name, o, i, bias=True):
        P[name + '.weight'] = rng.normal(0, 1 / math.sqrt(i), (o, i))
        if bias:
            P[name + '.bias'] = rng.normal(0, 0.1, (o,))

    def norm(name, n):
        P[name + '.weight'] = 1 + rng.normal(0, 0.1, (n,))
        P[name + '.bias'] = rng.normal(0, 0.1, (n,))

    def mlp_w(name, dims):
        for k in range(len(dims) - 1):
            lin(f'{name}.layers.{k}', dims[k + 1], dims[k])

    pre = 'model.backbone.conv_encoder.model.'
    e, ps = bc['embed_dim'], bc['patch_size']
    P[pre + 'embeddings.patch_embeddings.projection.weight'] = rng.normal(0, 1 / math.sqrt(3 * ps * ps), (e, 3, ps, ps))
    P[pre + 'embeddings.patch_embeddings.projection.bias'] = rng.normal(0, 0.1, (e,))
    norm(pre + 'embeddings.norm', e)
    dims = [e * 2 ** s for s in range(len(bc['depths']))]
    w = bc['window_size']
    for s, depth in enumerate(bc['depths']):
        c = dims[s]
        for i in range(depth):
            p = pre + f'encoder.layers.{s}.blocks.{i}.'
            for n in ('query', 'key', 'value'):
                lin(p + 'attention.self.' + n, c, c)
            P[p + 'attention.self.relative_position_bias_table'] = rng.normal(0, 0.5, ((2 * w - 1) ** 2, bc['num_heads'][s]))
            lin(p + 'attention.output.dense', c, c)
            norm(p + 'layernorm_before', c)
            norm(p + 'layernorm_after', c)
            hid = int(bc['mlp_ratio'] * c)
            lin(p + 'intermediate.dense', hid, c)
            lin(p + 'output.dense', c, hid)
        if s < len(bc['depths']) - 1:
            p = pre + f'encoder.layers.{s}.downsample.'
            norm(p + 'norm', 4 * c)
            lin(p + 'reduction', 2 * c, 4 * c, bias=False)
    for s in (2, 3, 4):
        norm(pre + f'hidden_states_norms.stage{s}', dims[s - 1])
    norm(pre + 'swin.layernorm', dims[-1])  # in the checkpoint, unused by the backbone
    t = 'model.text_backbone.'
    h = tc['hidden_size']
    P[t + 'embeddings.word_embeddings.weight'] = rng.normal(0, 1, (tc['vocab_size'], h))
    P[t + 'embeddings.position_embeddings.weight'] = rng.normal(0, 0.5, (tc['max_position_embeddings'], h))
    P[t + 'embeddings.token_type_embeddings.weight'] = rng.normal(0, 0.5, (tc['type_vocab_size'], h))
    norm(t + 'embeddings.LayerNorm', h)
    for i in range(tc['num_hidden_layers']):
        p = t + f'encoder.layer.{i}.'
        for n in ('query', 'key', 'value'):
            lin(p + 'attention.self.' + n, h, h)
        lin(p + 'attention.output.dense', h, h)
        norm(p + 'attention.output.LayerNorm', h)
        lin(p + 'intermediate.dense', tc['intermediate_size'], h)
        lin(p + 'output.dense', h, tc['intermediate_size'])
        norm(p + 'output.LayerNorm', h)
    lin('model.text_projection', d, h)
    ins = dims[1:]
    for l in range(cfg['num_feature_levels']):
        p = f'model.input_proj_vision.{l}.'
        if l < len(ins):
            P[p + '0.weight'] = rng.normal(0, 1 / math.sqrt(ins[l]), (d, ins[l], 1, 1))
        else:
            cin = ins[-1] if l == len(ins) else d
            P[p + '0.weight'] = rng.normal(0, 1 / math.sqrt(cin * 9), (d, cin, 3, 3))
        P[p + '0.bias'] = rng.normal(0, 0.1, (d,))
        norm(p + '1', d)
    P['model.level_embed'] = rng.normal(0, 1, (cfg['num_feature_levels'], d))
    P['model.query_position_embeddings.weight'] = rng.normal(0, 1, (cfg['num_queries'], d))

    def msda_w(p, heads, points):
        L = cfg['num_feature_levels']
        lin(p + 'sampling_offsets', heads * L * points * 2, d)
        P[p + 'sampling_offsets.weight'] *= 0.3
        P[p + 'sampling_offsets.bias'] = rng.normal(0, 1.5, (heads * L * points * 2,))
        lin(p + 'attention_weights', heads * L * points, d)
        lin(p + 'value_proj', d, d)
        lin(p + 'output_proj', d, d)

    def mha_w(p):
        for n in ('query', 'key', 'value', 'out_proj'):
            lin(p + n, d, d)

    fe = cfg['encoder_ffn_dim'] // 2
    for i in range(cfg['encoder_layers']):
        p = f'model.encoder.layers.{i}.'
        tp = p + 'text_enhancer_layer.'
        mha_w(tp + 'self_attn.')
        lin(tp + 'fc1', fe, d)
        lin(tp + 'fc2', d, fe)
        norm(tp + 'layer_norm_before', d)
        norm(tp + 'layer_norm_after', d)
        fp = p + 'fusion_layer.'
        norm(fp + 'layer_norm_vision', d)
        norm(fp + 'layer_norm_text', d)
        for n in ('vision_proj', 'text_proj', 'values_vision_proj', 'values_text_proj'):
            lin(fp + 'attn.' + n, fe, d)
        lin(fp + 'attn.out_vision_proj', d, fe)
        lin(fp + 'attn.out_text_proj', d, fe)
        P[fp + 'vision_param'] = rng.normal(0.5, 0.2, (d,))
        P[fp + 'text_param'] = rng.normal(0.5, 0.2, (d,))
        dp = p + 'deformable_layer.'
        msda_w(dp + 'self_attn.', cfg['encoder_attention_heads'], cfg['encoder_n_points'])
        norm(dp + 'self_attn_layer_norm', d)
        lin(dp + 'fc1', cfg['encoder_ffn_dim'], d)
        lin(dp + 'fc2', d, cfg['encoder_ffn_dim'])
        norm(dp + 'final_layer_norm', d)
    for i in range(cfg['decoder_layers']):
        p = f'model.decoder.layers.{i}.'
        mha_w(p + 'self_attn.')
        norm(p + 'self_attn_layer_norm', d)
        mha_w(p + 'encoder_attn_text.')
        norm(p + 'encoder_attn_text_layer_norm', d)
        msda_w(p + 'encoder_attn.', cfg['decoder_attention_heads'], cfg['decoder_n_points'])
        norm(p + 'encoder_attn_layer_norm', d)
        lin(p + 'fc1', cfg['decoder_ffn_dim'], d)
        lin(p + 'fc2', d, cfg['decoder_ffn_dim'])
        norm(p + 'final_layer_norm', d)
        mlp_w(f'bbox_embed.{i}', [d, d, d, 4])
        P[f'bbox_embed.{i}.layers.2.weight'] *= 0.3
    norm('model.decoder.layer_norm', d)
    mlp_w('model.decoder.reference_points_head', [2 * d, d, d])
    lin('model.enc_output', d, d)
    norm('model.enc_output_norm', d)
    mlp_w('model.encoder_output_bbox_embed', [d, d, d, 4])
    P['model.encoder_output_bbox_embed.layers.2.weight'] *= 0.3
    return {k: v.astype(np.float32) for k, v in P.items()}


def make(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cfg = other_config()
    for seed in range(20240, 20340):
        rng = np.random.default_rng(seed)
        P = random_weights(cfg, rng)
        pix = rng.normal(0, 1, (2, 3, 128, 160)).astype(np.float32)
        # [CLS] a b . c d [SEP] pad pad / [CLS] e f g . h [SEP] pad
        ids = np.array([[101, 7, 33, 1012, 45, 60, 102, 0, 0], [101, 17, 901, 222, 1012, 88, 102, 0, 0]], dtype=np.int64)
        mask = np.array([[1, 1, 1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1, 0]], dtype=np.int64)
        logits, boxes, last, margin = forward_with_margin(P, cfg, pix, ids, mask)
        if margin > 1e-2:
            break
    print(f'seed {seed}: smallest gap around the top-k cut and sort order {margin:.3e}')
    (out / 'config.json').write_text(json.dumps(cfg, indent=2))
    save_st(out / 'model.safetensors', P)
    save_st(out / 'golden.safetensors', {
        'forward.in.pixel_values': pix, 'forward.in.input_ids': ids, 'forward.in.attention_mask': mask,
        'forward.out.logits': logits.astype(np.float32), 'forward.out.pred_boxes': boxes.astype(np.float32),
        'forward.out.last_hidden_state': last.astype(np.float32)})
    (out / 'manifest.json').write_text(json.dumps({
        'kind': 'grounding-dino', 'suite': 'refvlm',
        'generator': 'decoder-groundingdino/src/test/python/groundingdino_reference.py make (numpy, float64), '
                     'checked first against the transformers-made grounding-dino-tiny fixture',
        'seed': seed,
        'cases': [{'name': 'forward', 'what': 'a second Grounding DINO configuration: shifted and padded Swin '
                   'windows, non-square image, 2 BERT layers, per-layer box heads, padded text, batch 2', 'atol': 0.0002}],
        'model_files': ['config.json', 'model.safetensors'],
        'library_class': 'transformers.GroundingDinoForObjectDetection'}, indent=2))


def forward_with_margin(P, cfg, pix, ids, mask):
    global TOPK_MARGIN
    TOPK_MARGIN = []
    logits, boxes, last = forward(P, cfg, pix, ids, mask)
    return logits[-1], boxes[-1], last, min(TOPK_MARGIN)


TOPK_MARGIN = []


if __name__ == '__main__':
    if sys.argv[1] == 'check':
        sys.exit(0 if check(sys.argv[2]) else 1)
    if sys.argv[1] == 'make':
        make(sys.argv[2])
