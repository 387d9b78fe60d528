#!/usr/bin/python3
"""COBA with AdEx neurons written as equations (experiments/adex_firing_patterns.toml) against the built-in `adex`,
single-threaded, in the same plastix binary.

    /usr/bin/python3 bench/adex_equation_neurons.py --plastix build/bin/plastix [--duration 10] [--repeat 3]

The network is experiments/coba.toml (4000 neurons, two conductance receptors) with every `model = "lif"`
population made an AdEx neuron (Brette & Gerstner 2005) with the LIF's C, g_L, E_L, reset and refractory period and
V_T = the LIF's threshold, Δ_T = 2 mV, a = 2 nS, τ_w = 100 ms, b = 20 pA, V_peak = 0 mV: once as the built-in
`adex`, once written as equations, with the equations, threshold and reset of adex_firing_patterns.toml (forward
Euler, the built-in's operations: the same spikes bitwise, checked here). Reported as bench/coba_equation_neurons.py
does (its `compare`): the simulation loop of each (CPU time minus a one-step run's, best of --repeat), their ratio
(target: equations ≤ 1.3× adex), the compile time and the cached start-up. Timings are never in pass/fail tests.
"""

import argparse
import json
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coba_equation_neurons import compare, rewrite_lif_populations  # noqa: E402
from coba_vs_brian2 import strip_monitors  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

LIF_KEYS = ("c_m", "g_l", "e_l", "v_th", "v_reset", "t_ref")
ADAPTATION = {"delta_t": "2 mV", "a": "2 nS", "tau_w": "100 ms", "b": "20 pA", "v_peak": "0 mV"}


def written_adex():
    """The equations, threshold and reset of the written AdEx of experiments/adex_firing_patterns.toml."""
    spec = tomllib.loads((ROOT / "experiments" / "adex_firing_patterns.toml").read_text())
    model = next(p for p in spec["population"] if p["model"] == "equations")
    return {k: model[k] for k in ("equations", "threshold", "reset", "method")}


def as_adex(text, written):
    """Each lif population of text as the built-in adex (written=None) or as the written AdEx."""
    def model_lines(lif):
        if written is None:
            keys = {"c_m": lif["c_m"], "g_l": lif["g_l"], "e_l": lif["e_l"], "v_t": lif["v_th"],
                    "v_reset": lif["v_reset"], "t_ref": lif["t_ref"], **ADAPTATION}
            return 'model = "adex"\n' + "".join(f'{k} = "{v}"\n' for k, v in keys.items())
        constants = {"C": lif["c_m"], "g_L": lif["g_l"], "E_L": lif["e_l"], "V_T": lif["v_th"],
                     "Delta_T": ADAPTATION["delta_t"], "a": ADAPTATION["a"], "tau_w": ADAPTATION["tau_w"],
                     "b": ADAPTATION["b"], "V_r": lif["v_reset"], "V_peak": ADAPTATION["v_peak"]}
        return ('model = "equations"\n'
                f'method = "{written["method"]}"\n'
                f't_ref = "{lif["t_ref"]}"\n'
                "constants = { " + ", ".join(f'{k} = "{v}"' for k, v in constants.items()) + " }\n"
                f'state = {{ v = "{lif["e_l"]}", w = "0 pA" }}\n'
                f'equations = """{written["equations"]}"""\n'
                f'threshold = "{written["threshold"]}"\n'
                f'reset = "{written["reset"]}"\n')
    return rewrite_lif_populations(text, LIF_KEYS, model_lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"))
    ap.add_argument("--duration", type=float, default=10.0, help="biological time [s]")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    base = strip_monitors((ROOT / "experiments" / "coba.toml").read_text())
    builtin, equations = as_adex(base, None), as_adex(base, written_adex())
    print(json.dumps(compare(a.plastix, builtin, equations, a.duration, a.repeat, builtin="adex"), indent=2))


if __name__ == "__main__":
    main()
