"""Replays the sweep-search table (table.json) for Optuna 3.1's multi-objective samplers.

Each trial suggests the four categorical dimensions of the table; its objectives are the table's
final eval accuracy (maximise) and measured peak memory (minimise). Prints one JSON line per
(sampler, seed) with the configurations in trial order; replay.ts scores them like its own
(a budget of b runs is the first b trials: Optuna's samplers do not know the budget).
  /usr/bin/python3 tools/bench/search/replay_optuna.py tools/bench/search/table.json FIRST_SEED SEEDS TRIALS
"""
import json
import sys
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)  # multivariate TPE

table = json.load(open(sys.argv[1]))
first_seed = int(sys.argv[2])
seeds = int(sys.argv[3])
budget = int(sys.argv[4])
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
    "optuna-tpe-multivariate": lambda s: optuna.samplers.TPESampler(seed=s, multivariate=True),
    "optuna-nsga2": lambda s: optuna.samplers.NSGAIISampler(seed=s),
}
for name, make in samplers.items():
    for seed in range(first_seed, first_seed + seeds):
        study = optuna.create_study(directions=["maximize", "minimize"], sampler=make(seed))
        study.optimize(objective, n_trials=budget)
        print(json.dumps({"sampler": name, "seed": seed, "trials": [t.user_attrs["key"] for t in study.trials]}))
