"""Optuna's TPE on the bench's functions, for bench/search.ts to print beside ours.

Usage: search-optuna.py SEEDS BUDGET [FUNCTIONS]. FUNCTIONS is a comma list (default
branin,hartmann6). Prints one JSON object:
{"<function>": {"<sampler>": [[best after each evaluation] per seed]}}.
Same functions, domains, seeds (0..SEEDS-1) and budget as the TypeScript side; Optuna's
own defaults otherwise (3.1: n_startup_trials 10, 24 EI candidates, consider_prior...).
"""
import json
import math
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
ALPHA = [1.0, 1.2, 3.0, 3.2]


def branin(t):
    x1, x2 = t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15)
    b, c = 5.1 / (4 * math.pi ** 2), 5 / math.pi
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


def hartmann6(t):
    x = [t.suggest_float(f"x{j + 1}", 0, 1) for j in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6))) for i in range(4))


def main():
    seeds, budget = int(sys.argv[1]), int(sys.argv[2])
    wanted = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else ["branin", "hartmann6"]
    out = {}
    for name, f in [("branin", branin), ("hartmann6", hartmann6)]:
        if name not in wanted:
            continue
        out[name] = {}
        for label, multivariate in [("optuna-tpe", False), ("optuna-tpe-multivariate", True)]:
            runs = []
            for seed in range(seeds):
                sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
                study = optuna.create_study(sampler=sampler)
                study.optimize(f, n_trials=budget)
                best, curve = math.inf, []
                for tr in study.trials:
                    best = min(best, tr.value)
                    curve.append(best)
                runs.append(curve)
            out[name][label] = runs
    print(json.dumps(out))


if __name__ == "__main__":
    main()
