#!/usr/bin/python3
"""COBA with its LIF neurons written as equations (docs/equations.md, "Neuron models") against the built-in `lif`,
single-threaded, in the same plastix binary.

    /usr/bin/python3 bench/coba_equation_neurons.py --plastix build/bin/plastix [--duration 10] [--repeat 3]

The network is experiments/coba.toml (4000 LIF neurons, two conductance receptors). In the second file every
`model = "lif"` population is the same model written as equations, `dv/dt = (g_l*(e_l - v) + I_syn + i_e +
I_ext)/c_m` integrated by exponential Euler, which performs the built-in's operations: both runs give the same
spikes bitwise (checked here). Reported: the simulation loop of each (CPU time of the process minus a one-step run's,
best of --repeat) and their ratio (target: equations ≤ 1.3× lif); the one-step run's wall time with an empty cache
folder (compiles the model) and with the cache filled (loads it): their difference is the compile time. Timings are
never in pass/fail tests.
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
from coba_equations_vs_stdp import one_step_wall  # noqa: E402
from coba_vs_brian2 import strip_monitors, timed_plastix_runs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

LIF_KEYS = ("c_m", "g_l", "e_l", "v_th", "v_reset")


def rewrite_lif_populations(text, keys, model_lines):
    """text with each [[population]] of model = "lif" rewritten: its `keys` (quoted values) taken out and its model
    line replaced by model_lines(values), the lines of the new model ending in a newline."""
    blocks = re.split(r"(?m)^(?=\[\[population\]\])", text)
    out = [blocks[0]]
    for block in blocks[1:]:
        if not re.search(r'(?m)^model\s*=\s*"lif"\s*$', block):
            out.append(block)
            continue
        values = {k: re.search(rf'(?m)^{k}\s*=\s*"([^"]+)"\s*$', block).group(1) for k in keys}
        for k in keys:
            block = re.sub(rf'(?m)^{k}\s*=.*\n', "", block)
        out.append(re.sub(r'(?m)^model\s*=\s*"lif"\s*\n', lambda _: model_lines(values), block))
    return "".join(out)


def as_equations(text):
    """Each [[population]] with model = "lif" rewritten as the same model written as equations."""
    def model_lines(values):
        constants = ", ".join(f'{k} = "{v}"' for k, v in values.items())
        return ('model = "equations"\n'
                f'constants = {{ {constants}, i_e = "0 pA" }}\n'
                f'state = {{ v = "{values["e_l"]}" }}\n'
                'equations = "dv/dt = (g_l*(e_l - v) + I_syn + i_e + I_ext)/c_m"\n'
                'threshold = "v >= v_th"\n'
                'reset = "v = v_reset"\n')
    return rewrite_lif_populations(text, LIF_KEYS, model_lines)


def spikes(out):
    import h5py

    with h5py.File(out / "data.h5", "r") as f:
        return {name: (np.array(g["times"]), np.array(g["senders"])) for name, g in f["spikes"].items()}


def compare(binary, builtin_text, equations_text, duration, repeat, builtin="lif"):
    """Time the same network with its neurons built in (`builtin_text`) and written as equations
    (`equations_text`), single-threaded: the simulation loop of each (CPU time of the process minus a one-step
    run's, best of `repeat`), their ratio, the compile time (one-step run with an empty cache folder minus one with
    the cache filled) and whether both runs give the same spikes bitwise. Used by bench/adex_equation_neurons.py."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["PLASTIX_CACHE_DIR"] = str(tmp / "cache")
        files = {builtin: tmp / "builtin.toml", "equations": tmp / "equations.toml"}
        files[builtin].write_text(builtin_text)
        files["equations"].write_text(equations_text)
        first = one_step_wall(binary, files["equations"], tmp / "first")  # empty cache: compiles
        cached = min(one_step_wall(binary, files["equations"], tmp / "cached") for _ in range(repeat))
        builtin_setup = min(one_step_wall(binary, files[builtin], tmp / "builtin") for _ in range(repeat))
        result = {"first_run_setup_wall_s": first, "cached_setup_wall_s": cached,
                  "builtin_setup_wall_s": builtin_setup, "compile_s": first - cached}
        trains = {}
        for name in (builtin, "equations"):
            work = tmp / name
            work.mkdir()
            setups, runs = timed_plastix_runs(binary, files[name], duration, work, repeat)
            result[f"{name}_loop_cpu_s"] = min(r["cpu"] for r in runs) - min(s["cpu"] for s in setups)
            result[f"{name}_runs_cpu_s"] = [r["cpu"] for r in runs]
            trains[name] = spikes(work / "plastix")
        result[f"ratio_equations_over_{builtin}"] = result["equations_loop_cpu_s"] / result[f"{builtin}_loop_cpu_s"]
        result["spikes"] = int(sum(len(t) for t, _ in trains[builtin].values()))
        result["spikes_bitwise_equal"] = trains[builtin].keys() == trains["equations"].keys() and all(
            np.array_equal(trains[builtin][k][0], trains["equations"][k][0])
            and np.array_equal(trains[builtin][k][1], trains["equations"][k][1]) for k in trains[builtin])
        result["duration_s"] = duration
        return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"))
    ap.add_argument("--duration", type=float, default=10.0, help="biological time [s]")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    base = strip_monitors((ROOT / "experiments" / "coba.toml").read_text())
    print(json.dumps(compare(a.plastix, base, as_equations(base), a.duration, a.repeat), indent=2))


if __name__ == "__main__":
    main()
