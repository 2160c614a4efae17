#!/usr/bin/env python3
"""PyTorch reference for the trainer benchmark (tools/bench/trainer/run.ts): a LoRA / QLoRA
training step of a Llama-shaped model with random weights, timed on this machine's CPU.

Extended from ../shared/reference/torch_lora.py (its `bench` job) to take a config: an HF
config.json (hidden, layers, heads, kv heads, ffn, vocab, rms eps, rope theta, tied
embeddings), the number of layers, seq, batch, rank, alpha and targets. Written from the HF
Llama / PEFT LoRA definitions; it imports neither.

NF4: bitsandbytes is not installed here, so the frozen weights are quantized and dequantized in
pure torch with bitsandbytes' code books and block layout (NF4 blocks of 64; double
quantization: absmax minus its mean, 8-bit dynamic map in blocks of 256), the same functions
hf_forward.py holds the forward pass against. As bitsandbytes does for training on CPU, each
base matmul dequantizes its weight to fp32 first (every forward and backward).

Jobs (one JSON line on stdout each):
  bench   --config config.json [--layers N] --seq --batch --rank --alpha --targets --quant none|nf4
          [--double-quant] --steps --warmup --threads: median step time, tokens/s, peak RSS.
  sgemm   --threads: GFLOP/s of numpy's sgemm (the BLAS numpy links: OpenBLAS with Debian's
          libopenblas0-pthread) on the step's matmul shapes, for the roofline.
Threads: torch.set_num_threads and OPENBLAS_NUM_THREADS (set it in the environment) = --threads.
Needs Debian's python3-torch and libopenblas0-pthread (without it numpy and torch use the
reference BLAS, ~1.5 GFLOP/s). Run with /usr/bin/python3.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from hf_forward import DYNAMIC, NF4, blockwise, nearest  # noqa: E402


class QuantizedWeight:
    """bitsandbytes-layout NF4 (+ double quantization) of a frozen [out, in] weight."""

    def __init__(self, w, double_quant, block=64):
        self.shape = w.shape
        blocks, absmax = blockwise(w.reshape(-1), block)
        self.codes = nearest(blocks * (1.0 / absmax.clamp_min(1e-38))[:, None], NF4).to(torch.uint8)
        self.double_quant = double_quant
        if double_quant:
            self.offset = absmax.mean()
            b2, self.scale2 = blockwise(absmax - self.offset, 256)
            self.c2 = nearest(b2 * (1.0 / self.scale2.clamp_min(1e-38))[:, None], DYNAMIC).to(torch.uint8)
            self.n_blocks = absmax.numel()
        else:
            self.absmax = absmax

    def dequantize(self):
        if self.double_quant:
            absmax = (DYNAMIC[self.c2.long()] * self.scale2[:, None]).reshape(-1)[: self.n_blocks] + self.offset
        else:
            absmax = self.absmax
        n = self.shape[0] * self.shape[1]
        return (NF4[self.codes.long()] * absmax[:, None]).reshape(-1)[:n].reshape(self.shape)


class Linear(torch.nn.Module):
    """Frozen base weight [out, in] (fp32 or NF4) + optional LoRA A [r, in], B [out, r]."""

    def __init__(self, w, r, alpha, quant, double_quant):
        super().__init__()
        self.q = QuantizedWeight(w, double_quant) if quant == "nf4" else None
        if self.q is None:
            self.register_buffer("w", w)
        self.r = r
        if r:
            self.A = torch.nn.Parameter(torch.empty(r, w.shape[1]))
            torch.nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
            self.B = torch.nn.Parameter(torch.zeros(w.shape[0], r))
            self.scale = alpha / r

    def forward(self, x):
        y = x @ (self.q.dequantize() if self.q is not None else self.w).t()
        if self.r:
            y = y + (x @ self.A.t() @ self.B.t()) * self.scale
        return y


def rms(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rope_tables(T, hd, theta):
    inv = 1.0 / (theta ** (torch.arange(0, hd, 2).float() / hd))
    f = torch.outer(torch.arange(T).float(), inv)
    emb = torch.cat([f, f], dim=-1)
    return emb.cos(), emb.sin()


def rope(x, cos, sin):
    h = x.shape[-1] // 2
    return x * cos + torch.cat([-x[..., h:], x[..., :h]], dim=-1) * sin


PROJ = [("q_proj", "attn"), ("k_proj", "attn"), ("v_proj", "attn"), ("o_proj", "attn"),
        ("gate_proj", "mlp"), ("up_proj", "mlp"), ("down_proj", "mlp")]


class Llama(torch.nn.Module):
    def __init__(self, cfg, r, alpha, targets, quant, double_quant, seed=0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        d, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
        nh = cfg["num_attention_heads"]
        nkv = cfg.get("num_key_value_heads", nh)
        hd = cfg.get("head_dim", d // nh)
        self.cfg, self.nh, self.nkv, self.hd = cfg, nh, nkv, hd
        rnd = lambda *s: torch.randn(*s, generator=g) * 0.02
        shapes = {"q_proj": (nh * hd, d), "k_proj": (nkv * hd, d), "v_proj": (nkv * hd, d), "o_proj": (d, nh * hd),
                  "gate_proj": (f, d), "up_proj": (f, d), "down_proj": (d, f)}
        self.embed = rnd(v, d)
        self.head = self.embed if cfg.get("tie_word_embeddings", False) else rnd(v, d)
        self.layers = []
        for i in range(cfg["num_hidden_layers"]):
            L = {}
            for name, _ in PROJ:
                L[name] = Linear(rnd(*shapes[name]), r if name in targets else 0, alpha, quant, double_quant)
                self.add_module(f"l{i}_{name}", L[name])
            L["ln1"], L["ln2"] = torch.ones(d), torch.ones(d)
            self.layers.append(L)
        self.norm = torch.ones(d)

    def forward(self, ids):
        c = self.cfg
        B, T = ids.shape
        nh, nkv, hd = self.nh, self.nkv, self.hd
        eps, theta = c.get("rms_norm_eps", 1e-6), c.get("rope_theta", 10000.0)
        cos, sin = rope_tables(T, hd, theta)
        x = self.embed[ids]
        mask = torch.full((T, T), float("-inf")).triu(1)
        for L in self.layers:
            h = rms(x, L["ln1"], eps)
            q = L["q_proj"](h).view(B, T, nh, hd).transpose(1, 2)
            k = L["k_proj"](h).view(B, T, nkv, hd).transpose(1, 2)
            v = L["v_proj"](h).view(B, T, nkv, hd).transpose(1, 2)
            q, k = rope(q, cos, sin), rope(k, cos, sin)
            if nkv != nh:
                k = k.repeat_interleave(nh // nkv, dim=1)
                v = v.repeat_interleave(nh // nkv, dim=1)
            att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask
            o = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, nh * hd)
            x = x + L["o_proj"](o)
            h = rms(x, L["ln2"], eps)
            x = x + L["down_proj"](F.silu(L["gate_proj"](h)) * L["up_proj"](h))
        return rms(x, self.norm, eps) @ self.head.t()


def bench(a):
    cfg = json.load(open(a.config))
    if a.layers:
        cfg["num_hidden_layers"] = a.layers
    torch.manual_seed(0)
    t0 = time.perf_counter()
    m = Llama(cfg, a.rank, a.alpha, set(a.targets.split(",")), a.quant, a.double_quant)
    build_s = time.perf_counter() - t0
    params = [p for p in m.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0)
    vocab = cfg["vocab_size"]
    ids = torch.randint(0, vocab, (a.batch, a.seq + 1))

    def step():
        logits = m(ids[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab), ids[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    n = len(times)
    med = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    print(json.dumps({"impl": "torch-" + torch.__version__, "quant": a.quant, "double_quant": a.double_quant,
                      "layers": cfg["num_hidden_layers"], "threads": torch.get_num_threads(),
                      "trainable": sum(p.numel() for p in params), "build_s": round(build_s, 2),
                      "step_s": round(med, 4), "tokens_per_s": round(a.batch * a.seq / med, 1),
                      "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def sgemm(a):
    import numpy as np

    shapes = [tuple(int(x) for x in s.split("x")) for s in a.shapes.split(",")]
    rng = np.random.default_rng(0)
    out = {}
    for m_, k_, n_ in shapes:
        x = rng.standard_normal((m_, k_), dtype=np.float32)
        y = rng.standard_normal((k_, n_), dtype=np.float32)
        x @ y
        best = math.inf
        for _ in range(a.steps):
            t = time.perf_counter()
            x @ y
            best = min(best, time.perf_counter() - t)
        out[f"{m_}x{k_}x{n_}"] = round(2 * m_ * k_ * n_ / best / 1e9, 2)
    print(json.dumps({"impl": "numpy-" + np.__version__, "threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                      "gflops": out, "best_gflops": max(out.values())}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("job", choices=["bench", "sgemm"])
    ap.add_argument("--config")
    ap.add_argument("--layers", type=int, default=0)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=16)
    ap.add_argument("--targets", default=",".join(n for n, _ in PROJ))
    ap.add_argument("--quant", default="none", choices=["none", "nf4"])
    ap.add_argument("--double-quant", action="store_true")
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--shapes", default="1024x576x1536,1024x1536x576,1024x576x576")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    (bench if a.job == "bench" else sgemm)(a)


if __name__ == "__main__":
    main()
