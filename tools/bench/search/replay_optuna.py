"""Replays the sweep-search table (table.json) for Optuna 3.1's multi-objective samplers.

Each trial suggests the four categorical dimensions of the table; its objectives are the table's
final eval accuracy (maximise) and measured peak memory (minimise). Prints one JSON line per
(sampler, seed) with the objective pairs in trial order; replay.ts scores them like its own.
  /usr/bin/python3 tools/bench/search/replay_optuna.py tools/bench/search/table.json 20 40
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

table = json.load(open(sys.argv[1]))
seeds = int(sys.argv[2])
budget = int(sys.argv[3])
space = table["space"]
rows = {(r["quantization"], r["rank"], r["targets"], r["learningRate"]): r for r in table["rows"]}
targets = [len(t) for t in space["targetModules"]]


def objective(trial):
    key = (
        trial.suggest_categorical("quantization", space["quantization"]),
        trial.suggest_categorical("rank", space["rank"]),
        trial.suggest_categorical("targets", targets),
        trial.suggest_categorical("learningRate", space["learningRate"]),
    )
    r = rows[key]
    trial.set_user_attr("key", list(key))
    return r["accuracy"], r["peakMemoryBytes"]


samplers = {
    "optuna-tpe": lambda s: optuna.samplers.TPESampler(seed=s, multivariate=False),
    "optuna-nsga2": lambda s: optuna.samplers.NSGAIISampler(seed=s),
}
for name, make in samplers.items():
    for seed in range(seeds):
        study = optuna.create_study(directions=["maximize", "minimize"], sampler=make(seed))
        study.optimize(objective, n_trials=budget)
        print(json.dumps({"sampler": name, "seed": seed, "trials": [t.user_attrs["key"] for t in study.trials]}))
