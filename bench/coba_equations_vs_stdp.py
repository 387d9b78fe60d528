#!/usr/bin/python3
"""COBA + pair STDP on E→E with the rule written as equations (docs/equations.md) against the built-in `stdp` rule,
single-threaded, in the same plastix binary.

    /usr/bin/python3 bench/coba_equations_vs_stdp.py --plastix build/bin/plastix [--duration 10] [--repeat 3]

The network and the STDP parameters are those of bench/coba_stdp_vs_brian2.py (experiments/coba.toml, additive pair
STDP, all-to-all, on `ee`). The equations restate the built-in rule in its order of operations, so both runs give
the same weights bitwise (checked here). Reported: the simulation loop of each (CPU time of the process minus a
one-step run's, best of --repeat) and their ratio (target: equations ≤ 1.3× stdp); the one-step run's wall time
with an empty cache folder (compiles the rule) and with the cache filled (loads it): their difference is the
compile time. Timings are never in pass/fail tests.
"""

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coba_stdp_vs_brian2 import STDP, plasticity_table  # noqa: E402
from coba_vs_brian2 import strip_monitors, timed, timed_plastix_runs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def equations_table(p):
    return (
        "  [[projection.plasticity]]\n"
        '  rule = "equations"\n'
        '  label = "pair_stdp"\n'
        f'  w_min = "{p["w_min"]!r} nS"\n'
        f'  w_max = "{p["w_max"]!r} nS"\n'
        f'  constants = {{ A_plus = "{p["a_plus"]!r} nS", A_minus = "{p["a_minus"]!r} nS", '
        f'tau_plus = "{p["tau_plus"]!r} ms", tau_minus = "{p["tau_minus"]!r} ms" }}\n'
        '  pre = { x = "0" }\n'
        '  post = { y = "0" }\n'
        '  equations = "dx/dt = -x/tau_plus; dy/dt = -y/tau_minus"\n'
        '  on_pre = "w -= A_minus*y; x += 1"\n'
        '  on_post = "w += A_plus*x; y += 1"\n'
    )


def with_table(text, table, projection="ee"):
    blocks = re.split(r"(?m)^(?=\[)", text)
    out = []
    for block in blocks:
        out.append(block)
        if block.startswith("[[projection]]") and re.search(rf'(?m)^name\s*=\s*"{projection}"\s*$', block):
            out.append(table + "\n")
    out.append(f'[[monitor]]\ntype = "weights"\nname = "{projection}"\nprojection = "{projection}"\n')
    return "".join(out)


def final_weights(out):
    import h5py

    with h5py.File(out / "data.h5", "r") as f:
        return np.array(f["weights"]["ee"]["values"][-1])


def one_step_wall(binary, exp, out):
    cmd = [str(binary), "run", "--no-report", str(exp), "-o", str(out), "-q", "--set", "experiment.duration=0.0001 s"]
    proc, wall, _ = timed(cmd)
    if proc.returncode != 0:
        sys.exit(f"plastix failed:\n{proc.stdout}{proc.stderr}")
    return wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"))
    ap.add_argument("--duration", type=float, default=10.0, help="biological time [s]")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    base = strip_monitors((ROOT / "experiments" / "coba.toml").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["PLASTIX_CACHE_DIR"] = str(tmp / "cache")
        files = {}
        for name, table in (("stdp", plasticity_table(STDP)), ("equations", equations_table(STDP))):
            files[name] = tmp / f"coba_{name}.toml"
            files[name].write_text(with_table(base, table))
        first = one_step_wall(a.plastix, files["equations"], tmp / "first")  # empty cache: compiles
        cached = min(one_step_wall(a.plastix, files["equations"], tmp / "cached") for _ in range(a.repeat))
        builtin_setup = min(one_step_wall(a.plastix, files["stdp"], tmp / "builtin") for _ in range(a.repeat))
        result = {"first_run_setup_wall_s": first, "cached_setup_wall_s": cached,
                  "builtin_setup_wall_s": builtin_setup, "compile_s": first - cached}
        weights = {}
        for name in ("stdp", "equations"):
            work = tmp / name
            work.mkdir()
            setups, runs = timed_plastix_runs(a.plastix, files[name], a.duration, work, a.repeat)
            loop = min(r["cpu"] for r in runs) - min(s["cpu"] for s in setups)
            result[f"{name}_loop_cpu_s"] = loop
            result[f"{name}_runs_cpu_s"] = [r["cpu"] for r in runs]
            weights[name] = final_weights(work / "plastix")
        result["ratio_equations_over_stdp"] = result["equations_loop_cpu_s"] / result["stdp_loop_cpu_s"]
        result["weights_bitwise_equal"] = bool(np.array_equal(weights["stdp"], weights["equations"]))
        result["plastic_synapses"] = int(len(weights["stdp"]))
        result["duration_s"] = a.duration
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
