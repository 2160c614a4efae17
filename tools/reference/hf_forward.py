#!/usr/bin/env python3
"""Independent PyTorch forward pass of Hugging Face decoder checkpoints, to hold libs/ml against.

Written from the published definitions, importing none of them (transformers, peft and
bitsandbytes are not installed here):
  - transformers' modeling_llama / modeling_qwen2 / modeling_qwen3 / modeling_mistral (eager
    attention, RMSNorm, rotate_half RoPE, SwiGLU), the config classes' defaults, and
    modeling_rope_utils (default, linear, dynamic, llama3 inverse frequencies) plus
    masking_utils' sliding_window_overlay;
  - peft's LoraConfig and check_target_module_exists / get_pattern_key (list, regex and
    "all-linear" targets, exclude_modules, layers_to_transform, rank_pattern, alpha_pattern,
    use_rslora);
  - bitsandbytes' blockwise NF4 quantization (kQuantizeBlockwise, dQuantizeNF4) and its double
    quantization of the absmax values (mean offset, create_dynamic_map, blocks of 256).

Usage: hf_forward.py JOBS.json, where JOBS.json is a list of
  {"model_dir", "adapter_dir"?, "quant"?: "nf4", "double_quant"?: bool, "ids": [..], "out"}
Each job writes the logits [len(ids), vocab] as little-endian float32 to "out".
Needs Debian's python3-torch (run with /usr/bin/python3).
"""
import json
import math
import re
import struct
import sys

import torch

torch.set_num_threads(1)

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
PROJECTIONS = {"q_proj": "self_attn", "k_proj": "self_attn", "v_proj": "self_attn", "o_proj": "self_attn",
               "gate_proj": "mlp", "up_proj": "mlp", "down_proj": "mlp"}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        begin, end = meta["data_offsets"]
        t = torch.frombuffer(bytearray(body[begin:end]), dtype=DTYPES[meta["dtype"]]).reshape(meta["shape"])
        out[name] = t.to(torch.float32)
    return out


def read_weights(model_dir):
    import os
    single = os.path.join(model_dir, "model.safetensors")
    if os.path.exists(single):
        return read_safetensors(single)
    with open(os.path.join(model_dir, "model.safetensors.index.json")) as f:
        shards = sorted(set(json.load(f)["weight_map"].values()))
    out = {}
    for s in shards:
        out.update(read_safetensors(os.path.join(model_dir, s)))
    return out


class Config:
    """The fields the four config classes define, with their defaults where config.json omits them."""

    def __init__(self, raw):
        self.model_type = raw.get("model_type", "llama")
        g = raw.get
        self.hidden_size = g("hidden_size")
        self.num_heads = g("num_attention_heads")
        self.num_kv_heads = g("num_key_value_heads") or self.num_heads
        default_head_dim = 128 if self.model_type == "qwen3" else self.hidden_size // self.num_heads
        self.head_dim = g("head_dim") or default_head_dim
        self.num_layers = g("num_hidden_layers")
        self.eps = g("rms_norm_eps", 1e-6)
        self.tie = g("tie_word_embeddings", False)
        self.max_pos = g("max_position_embeddings", {"llama": 2048, "mistral": 4096 * 32}.get(self.model_type, 32768))
        rope = g("rope_scaling") or g("rope_parameters") or {}
        self.rope_type = rope.get("rope_type", rope.get("type", "default"))
        self.rope_theta = rope.get("rope_theta", g("rope_theta", 10000.0))
        self.rope = dict(rope)
        if self.rope_type == "llama3":
            self.rope.setdefault("original_max_position_embeddings", self.max_pos)
        mt = self.model_type
        self.attention_bias = g("attention_bias", False) if mt in ("llama", "qwen3") else False
        self.mlp_bias = g("mlp_bias", False) if mt == "llama" else False
        self.qkv_bias = mt == "qwen2"
        self.qk_norm = mt == "qwen3"
        # Sliding windows: Mistral on every layer; Qwen2/Qwen3 via use_sliding_window,
        # max_window_layers or layer_types.
        self.window = [None] * self.num_layers
        if mt == "mistral":
            w = g("sliding_window", 4096)
            self.window = [w] * self.num_layers
        elif mt in ("qwen2", "qwen3"):
            # Qwen2Config: sliding_window = sliding_window if use_sliding_window else None
            w = g("sliding_window", 4096) if g("use_sliding_window", False) else None
            types = g("layer_types")
            if types is None and w is not None:
                types = ["sliding_attention" if i >= g("max_window_layers", 28) else "full_attention" for i in range(self.num_layers)]
            if types is not None and w is not None:
                self.window = [w if t == "sliding_attention" else None for t in types]


def inv_freq_for(cfg, seq_len):
    """modeling_rope_utils, as evaluated for a fresh model's forward pass over seq_len positions."""
    dim = cfg.head_dim
    base = cfg.rope_theta
    ar = torch.arange(0, dim, 2, dtype=torch.int64).to(dtype=torch.float)
    if cfg.rope_type == "dynamic" and seq_len > cfg.max_pos:
        # dynamic_rope_update: growth beyond max_position_embeddings recomputes with seq_len
        # (a tensor in the forward pass, so the base is a float32 tensor).
        factor = cfg.rope["factor"]
        s = torch.maximum(torch.tensor(seq_len), torch.tensor(cfg.max_pos))
        base = base * ((factor * s / cfg.max_pos) - (factor - 1)) ** (dim / (dim - 2))
    inv = 1.0 / (base ** (ar / dim))
    if cfg.rope_type == "linear":
        inv = inv / cfg.rope["factor"]
    elif cfg.rope_type == "llama3":
        factor = cfg.rope["factor"]
        low = cfg.rope["low_freq_factor"]
        high = cfg.rope["high_freq_factor"]
        old = cfg.rope["original_max_position_embeddings"]
        low_wl = old / low
        high_wl = old / high
        wavelen = 2 * math.pi / inv
        llama = torch.where(wavelen > low_wl, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * llama / factor + smooth * llama
        medium = ~(wavelen < high_wl) * ~(wavelen > low_wl)
        inv = torch.where(medium, smoothed, llama)
    elif cfg.rope_type not in ("default", "dynamic"):
        raise SystemExit(f"rope_type {cfg.rope_type} not in this reference")
    return inv


def rms_norm(x, w, eps):
    var = x.pow(2).mean(-1, keepdim=True)
    return w * (x * torch.rsqrt(var + eps))


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


# ---- bitsandbytes NF4 + double quantization -------------------------------------------------

NF4 = torch.tensor([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
                    -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
                    0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
                    0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0])


def create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8):
    data = []
    non_sign_bits = total_bits - (1 if signed else 0)
    for i in range(max_exponent_bits):
        items = int(2 ** (i + non_sign_bits - max_exponent_bits) + 1 if signed else 2 ** (i + non_sign_bits - max_exponent_bits + 1) + 1)
        boundaries = torch.linspace(0.1, 1, items)
        means = (boundaries[:-1] + boundaries[1:]) / 2.0
        data += ((10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
        if signed:
            data += (-(10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
    data.append(0)
    data.append(1.0)
    data.sort()
    return torch.tensor(data)


DYNAMIC = create_dynamic_map()


def nearest(values, book):
    """Index of the nearest code-book entry (the kernels' decision trees split at midpoints)."""
    order = torch.argsort(book)
    sorted_book = book[order]
    mids = (sorted_book[1:] + sorted_book[:-1]) / 2
    return order[torch.bucketize(values, mids)]


def blockwise(flat, block):
    pad = (-flat.numel()) % block
    blocks = torch.cat([flat, flat.new_zeros(pad)]).reshape(-1, block)
    return blocks, blocks.abs().amax(dim=1)


def nf4_dequantized(w, double_quant, block=64):
    flat = w.reshape(-1)
    blocks, absmax = blockwise(flat, block)
    scaled = blocks * (1.0 / absmax.clamp_min(1e-38))[:, None]
    codes = nearest(scaled, NF4)
    if double_quant:
        offset = absmax.mean()
        centred = absmax - offset
        b2, scale2 = blockwise(centred, 256)
        c2 = nearest(b2 * (1.0 / scale2.clamp_min(1e-38))[:, None], DYNAMIC)
        absmax = (DYNAMIC[c2] * scale2[:, None]).reshape(-1)[: absmax.numel()] + offset
    return (NF4[codes] * absmax[:, None]).reshape(-1)[: flat.numel()].reshape(w.shape)


# ---- PEFT LoRA ------------------------------------------------------------------------------

def module_names(cfg):
    names = ["model", "model.embed_tokens", "model.layers", "model.norm", "model.rotary_emb", "lm_head"]
    for i in range(cfg.num_layers):
        p = f"model.layers.{i}"
        names += [p, f"{p}.self_attn", f"{p}.mlp", f"{p}.mlp.act_fn", f"{p}.input_layernorm", f"{p}.post_attention_layernorm"]
        if cfg.qk_norm:
            names += [f"{p}.self_attn.q_norm", f"{p}.self_attn.k_norm"]
        names += [f"{p}.{sub}.{proj}" for proj, sub in PROJECTIONS.items()]
    return names


def is_target(pc, key):
    """peft.tuners.tuners_utils.check_target_module_exists for a LoraConfig."""
    ex = pc.get("exclude_modules")
    if ex:
        if isinstance(ex, str):
            if re.fullmatch(ex, key):
                return False
        elif key in ex or any(key.endswith(f".{e}") for e in ex):
            return False
    tm = pc["target_modules"]
    if isinstance(tm, str):
        if tm.lower() == "all-linear":
            return key.split(".")[-1] in PROJECTIONS
        return re.fullmatch(tm, key) is not None
    if key in tm:
        return True
    found = any(key.endswith(f".{t}") for t in tm)
    layers = pc.get("layers_to_transform")
    if found and layers is not None and (not isinstance(layers, list) or len(layers) > 0):
        pattern = pc.get("layers_pattern")
        patterns = [pattern] if isinstance(pattern, str) else pattern
        m = None
        if not patterns:
            m = re.match(r".*\.[^.]*\.(\d+)\.", key)
        else:
            for p in patterns:
                m = re.match(rf".*\.{p}\.(\d+)\.", key)
                if m:
                    break
        if m is None:
            return False
        idx = int(m.group(1))
        found = idx == layers if isinstance(layers, int) else idx in layers
    return found


def pattern_key(keys, key):
    for k in keys:
        if re.match(rf"(.*\.)?({k})$", key):
            return k
    return key


def load_lora(adapter_dir, cfg):
    import os
    with open(os.path.join(adapter_dir, "adapter_config.json")) as f:
        pc = json.load(f)
    w = read_safetensors(os.path.join(adapter_dir, "adapter_model.safetensors"))
    out = {}
    for key in module_names(cfg):
        if not is_target(pc, key):
            continue
        r = pc.get("rank_pattern", {}).get(pattern_key(pc.get("rank_pattern", {}).keys(), key), pc["r"])
        alpha = pc.get("alpha_pattern", {}).get(pattern_key(pc.get("alpha_pattern", {}).keys(), key), pc["lora_alpha"])
        scale = alpha / math.sqrt(r) if pc.get("use_rslora") else alpha / r
        a = w[f"base_model.model.{key}.lora_A.weight"]
        b = w[f"base_model.model.{key}.lora_B.weight"]
        assert a.shape[0] == r and b.shape[1] == r, key
        out[key] = (a, b, scale)
    return out


# ---- forward --------------------------------------------------------------------------------

def forward(model_dir, ids, adapter_dir=None, quant=None, double_quant=False):
    import os
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = Config(json.load(f))
    W = read_weights(model_dir)
    lora = load_lora(adapter_dir, cfg) if adapter_dir else {}

    def weight(name):
        w = W[name + ".weight"]
        if quant == "nf4":
            w = nf4_dequantized(w, double_quant)
        return w

    def has_bias(proj):
        if proj in ("q_proj", "k_proj", "v_proj") and cfg.qkv_bias:
            return True
        return cfg.attention_bias if PROJECTIONS[proj] == "self_attn" else cfg.mlp_bias

    def linear(key, x):
        y = x @ weight(key).T
        if has_bias(key.split(".")[-1]):
            y = y + W[key + ".bias"]
        if key in lora:
            a, b, scale = lora[key]
            y = y + (x @ a.T @ b.T) * scale
        return y

    seq = len(ids)
    nh, nkv, hd = cfg.num_heads, cfg.num_kv_heads, cfg.head_dim
    x = W["model.embed_tokens.weight"][torch.tensor(ids)][None]
    inv = inv_freq_for(cfg, seq)
    pos = torch.arange(seq)[None].float()
    freqs = (inv[None, :, None].float() @ pos[:, None, :]).transpose(1, 2)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]
    q_idx = torch.arange(seq)[:, None]
    kv_idx = torch.arange(seq)[None, :]
    for i in range(cfg.num_layers):
        p = f"model.layers.{i}"
        h = rms_norm(x, W[f"{p}.input_layernorm.weight"], cfg.eps)
        q = linear(f"{p}.self_attn.q_proj", h).view(1, seq, nh, hd)
        k = linear(f"{p}.self_attn.k_proj", h).view(1, seq, nkv, hd)
        v = linear(f"{p}.self_attn.v_proj", h).view(1, seq, nkv, hd).transpose(1, 2)
        if cfg.qk_norm:
            q = rms_norm(q, W[f"{p}.self_attn.q_norm.weight"], cfg.eps)
            k = rms_norm(k, W[f"{p}.self_attn.k_norm.weight"], cfg.eps)
        q, k = q.transpose(1, 2), k.transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(nh // nkv, dim=1)
        v = v.repeat_interleave(nh // nkv, dim=1)
        allowed = kv_idx <= q_idx
        if cfg.window[i] is not None:
            allowed = allowed & (kv_idx > q_idx - cfg.window[i])
        mask = torch.zeros(seq, seq).masked_fill(~allowed, torch.finfo(torch.float32).min)
        scores = (q @ k.transpose(2, 3)) * hd ** -0.5 + mask
        probs = torch.softmax(scores, dim=-1, dtype=torch.float32)
        ctx = (probs @ v).transpose(1, 2).reshape(1, seq, nh * hd)
        x = x + linear(f"{p}.self_attn.o_proj", ctx)
        h = rms_norm(x, W[f"{p}.post_attention_layernorm.weight"], cfg.eps)
        gate = linear(f"{p}.mlp.gate_proj", h)
        x = x + linear(f"{p}.mlp.down_proj", torch.nn.functional.silu(gate) * linear(f"{p}.mlp.up_proj", h))
    x = rms_norm(x, W["model.norm.weight"], cfg.eps)
    head = W["model.embed_tokens.weight"] if cfg.tie else W["lm_head.weight"]
    return (x @ head.T)[0]


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    with torch.no_grad():
        for job in jobs:
            logits = forward(job["model_dir"], job["ids"], job.get("adapter_dir"), job.get("quant"), job.get("double_quant", False))
            with open(job["out"], "wb") as f:
                f.write(logits.contiguous().numpy().astype("<f4").tobytes())
    print(json.dumps({"jobs": len(jobs), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
