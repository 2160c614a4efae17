#!/usr/bin/env python3
"""PEFT check: load a base exported by libs/ml (saveModel) and an adapter (saveAdapter) with
transformers + peft, and compare their logits with the logits libs/ml computed.

    pip install torch transformers peft safetensors
    python3 tools/peft-check/check_peft.py --model-dir OUT/model --adapter-dir OUT/adapter \
        --expected OUT/logits.json --ids 1,72,101,108,108,111

`expected` is a JSON list of rows (sequence x vocabulary), e.g. written by
`tools/peft-check/export.ts`. Exits 1 if the largest difference exceeds --tol (1e-4).
"""
import argparse, json, sys
import torch
from transformers import AutoModelForCausalLM
from peft import PeftModel

ap = argparse.ArgumentParser()
ap.add_argument("--model-dir", required=True)
ap.add_argument("--adapter-dir")
ap.add_argument("--expected", required=True)
ap.add_argument("--ids", required=True)
ap.add_argument("--tol", type=float, default=1e-4)
a = ap.parse_args()

model = AutoModelForCausalLM.from_pretrained(a.model_dir, torch_dtype=torch.float32, attn_implementation="eager")
if a.adapter_dir:
    model = PeftModel.from_pretrained(model, a.adapter_dir)
model.eval()
ids = torch.tensor([[int(x) for x in a.ids.split(",")]])
with torch.no_grad():
    logits = model(input_ids=ids).logits[0]
expected = torch.tensor(json.load(open(a.expected)))
diff = (logits - expected).abs().max().item()
print(json.dumps({"max_abs_diff": diff, "tol": a.tol, "ok": diff <= a.tol}))
sys.exit(0 if diff <= a.tol else 1)
