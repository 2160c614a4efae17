"""Writes libs/ml/src/data/fixtures/: one small dataset per format, in the files Hugging Face
`datasets` writes (its `to_json` JSON lines and JSON array, its `to_parquet` through pyarrow with
snappy, and a ClassLabel column with the `huggingface` schema metadata datasets stores), so the
readers are tested against a writer nobody here wrote. Deterministic (random.Random(7)).

  /tmp/pa-venv/bin/python tools/testing/make_dataset_fixtures.py

pyarrow is not a Debian package; a venv with the pyarrow wheel does it:
  /usr/bin/python3 -m venv /tmp/pa-venv && /tmp/pa-venv/bin/pip install --no-index <pyarrow wheel>
The outputs are committed; tests only read them.
"""
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

OUT = Path(__file__).resolve().parents[2] / "libs/ml/src/data/fixtures"
rng = random.Random(7)

# A small word mapping every generative format learns (exact match on held-out records of the same mapping).
WORDS = {"cat": "chat", "dog": "chien", "red": "rouge", "sun": "soleil", "sea": "mer", "tree": "arbre", "milk": "lait", "bread": "pain"}
TOPICS = {
    "sport": ["ball", "goal", "team", "race", "coach", "score"],
    "food": ["bread", "soup", "rice", "cake", "salt", "meal"],
    "tech": ["code", "chip", "data", "disk", "byte", "wifi"],
    "music": ["song", "drum", "band", "tune", "note", "bass"],
}


def pick_word():
    return rng.choice(list(WORDS))


def write_jsonl(name, rows):
    # datasets' to_json default: JSON lines (orient="records", lines=True), ensure_ascii off.
    (OUT / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def write_json_array(name, rows):
    # datasets' to_json(lines=False): one JSON array of records.
    (OUT / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1))


def hf_metadata(features):
    return {b"huggingface": json.dumps({"info": {"features": features}}).encode()}


def write_parquet(name, table, compression="snappy", row_group_size=None):
    pq.write_table(table, OUT / name, compression=compression, row_group_size=row_group_size)


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    # prompt/completion, JSON lines in a .json file (to_json's default), eval by a split field.
    rows = []
    for i in range(240):
        w = pick_word()
        r = {"prompt": f"{w}=", "completion": f"{WORDS[w]}\n"}
        if i >= 200:
            r["split"] = "test"
        rows.append(r)
    write_jsonl("prompt-completion.json", rows)

    # alpaca: a JSON array (to_json(lines=False)), with a separate eval file.
    def alpaca(n):
        out = []
        for _ in range(n):
            w = pick_word()
            out.append({"instruction": "fr", "input": w, "output": WORDS[w]})
        return out
    write_json_array("alpaca.json", alpaca(200))
    write_json_array("alpaca-eval.json", alpaca(40))

    # sharegpt: JSON lines, two exchanges per conversation (both gpt turns carry the loss).
    rows = []
    for _ in range(220):
        a, b = pick_word(), pick_word()
        rows.append({"conversations": [
            {"from": "human", "value": a}, {"from": "gpt", "value": WORDS[a]},
            {"from": "human", "value": b}, {"from": "gpt", "value": WORDS[b]},
        ]})
    write_jsonl("sharegpt.jsonl", rows)

    # chat messages: Parquet (a list of structs), snappy, several row groups.
    msgs = []
    for _ in range(220):
        w = pick_word()
        msgs.append([{"role": "system", "content": "fr"}, {"role": "user", "content": w}, {"role": "assistant", "content": WORDS[w]}])
    t = pa.table({"messages": msgs})
    t = t.replace_schema_metadata(hf_metadata({"messages": [{"role": {"dtype": "string", "_type": "Value"}, "content": {"dtype": "string", "_type": "Value"}}]}))
    write_parquet("messages.parquet", t, row_group_size=100)

    # text/label: Parquet with a ClassLabel column (int64 ids, names in the huggingface metadata), snappy.
    names = list(TOPICS)
    texts, labels = [], []
    for _ in range(260):
        k = rng.randrange(len(names))
        texts.append(" ".join(rng.choice(TOPICS[names[k]]) for _ in range(4)))
        labels.append(k)
    t = pa.table({"text": pa.array(texts, pa.string()), "label": pa.array(labels, pa.int64())})
    t = t.replace_schema_metadata(hf_metadata({"text": {"dtype": "string", "_type": "Value"}, "label": {"names": names, "_type": "ClassLabel"}}))
    write_parquet("text-label.parquet", t)

    # plain text: Parquet, zstd (pyarrow's other common codec): counting digits from a random start.
    texts = []
    for _ in range(200):
        s = rng.randrange(10)
        texts.append("".join(str((s + j) % 10) for j in range(24)))
    t = pa.table({"text": texts})
    t = t.replace_schema_metadata(hf_metadata({"text": {"dtype": "string", "_type": "Value"}}))
    write_parquet("text.parquet", t, compression="zstd")

    # Bad input: an int label column without ClassLabel names (a non-string label from row 0).
    t = pa.table({"text": ["a b", "c d", "e f", "g h"], "label": pa.array([0, 1, 0, 1], pa.int64())})
    write_parquet("bad-label.parquet", t)


if __name__ == "__main__":
    main()
