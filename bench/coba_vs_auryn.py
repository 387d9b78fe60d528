#!/usr/bin/python3
"""The COBA benchmark with Auryn's own parameters, in plastix and in Auryn (Zenke & Gerstner 2014), side by side,
one core each.

    /usr/bin/python3 bench/coba_vs_auryn.py --auryn PATH/examples/sim_coba_benchmark [--plastix build/bin/plastix]
                                            [--duration 10] [--repeat 3] [--method euler]

plastix does not ship Auryn: build Auryn's own benchmark from its sources (github.com/fzenke/auryn; it needs
Debian's libboost-{mpi,serialization,program-options,date-time,test,system,filesystem}-dev and OpenMPI) with
`cmake .. -DCMAKE_BUILD_TYPE=Release && make sim_coba_benchmark` and point --auryn at the binary. Auryn's release
flags are its own (-O3 -march=native -ffast-math); plastix is built as `make build` builds it.

The network is Auryn's examples/sim_coba_benchmark.cpp (TIFGroup): 3200 + 800 neurons, C = 200 pF, g_L = 10 nS,
E_L = reset = -60 mV, threshold -50 mV, 5 ms refractory, a 200 pA bias current (Auryn's bg_current 20 mV), AMPA
5 ms / 0 mV, GABA 10 ms / -80 mV, p = 0.02, weights 4 nS (0.4 g_L) and 51 nS (5.1 g_L), delay 0.8 ms (Auryn's
MINDELAY of 8 steps), every neuron starting at rest with closed channels; dt 0.1 ms. Auryn integrates v by forward
Euler and decays the conductances by their exact factor, as plastix's lif does with `method = "euler"` (the
default here; --method exponential_euler times plastix's default step instead). Auryn computes in single precision,
plastix in double: the two runs are statistically alike (rates), not spike for spike.

Reported, each the best of --repeat runs: the whole process (CPU: user + system of the child) and the simulation
loop, CPU: the process's CPU time minus a one-step run's, for both; wall: Auryn's own record (elapsed.dat) and
plastix's summary.json wall_time_s minus a one-step run's. On a shared machine compare CPU times. Rates come from one untimed Auryn run that writes its spikes
(without --fast) and from plastix's spike count. Ratios Auryn/plastix > 1: plastix is faster.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from coba_vs_brian2 import N_EXC, N_INH, cpu_model, strip_monitors, timed, timed_plastix_runs, with_lif_key  # noqa

AURYN_INIT = 'init = { v = "-60 mV", g_exc = "0 nS", g_inh = "0 nS" }'


def auryn_experiment(method):
    """experiments/coba.toml turned into Auryn's COBA benchmark (see the module's text)."""
    path = ROOT / "experiments" / "coba.toml"
    text = strip_monitors(path.read_text())
    text, n_init = re.subn(r"(?m)^init = \{.*\}$", AURYN_INIT, text)
    text, n_exc = re.subn(r'(?m)^weight = "6 nS"$', 'weight = "4 nS"', text)
    text, n_inh = re.subn(r'(?m)^weight = "67 nS"$', 'weight = "51 nS"', text)
    text, n_delay = re.subn(r'(?m)^delay = "0.1 ms"$', 'delay = "0.8 ms"', text)
    if (n_init, n_exc, n_inh, n_delay) != (2, 2, 2, 4):
        sys.exit(f"{path} no longer has the lines this script changes (init, weights, delays): update the script")
    text = with_lif_key(text, 'i_e = "200 pA"', path)
    if method != "exponential_euler":
        text = with_lif_key(text, f'method = "{method}"', path)
    return text


def run_plastix(binary, duration_s, work, repeat, method):
    exp = work / "coba_auryn.toml"
    exp.write_text(auryn_experiment(method))
    setups, runs = timed_plastix_runs(binary, exp, duration_s, work, repeat)
    best = lambda rs, key: min(r[key] for r in rs)  # noqa: E731
    summary = runs[0]["summary"]
    return {"process_cpu_s": best(runs, "cpu"), "process_wall_s": best(runs, "wall"),
            "loop_cpu_s": best(runs, "cpu") - best(setups, "cpu"),
            "loop_wall_s": best(runs, "sim") - best(setups, "sim"),
            "rate_exc": summary["metrics"]["rate_hz.exc"], "rate_inh": summary["metrics"]["rate_hz.inh"],
            "synapses": summary["synapse_count"]}


def run_auryn(binary, duration_s, work, repeat):
    def one(duration, out):
        out.mkdir()
        proc, wall, cpu = timed([str(binary), "--fast", "--simtime", repr(duration), "--dir", str(out)])
        if proc.returncode != 0:
            sys.exit(f"Auryn failed:\n{proc.stdout}{proc.stderr}")
        return {"wall": wall, "cpu": cpu, "loop": float((out / "elapsed.dat").read_text().split()[0])}

    setups = [one(1e-4, work / f"auryn_setup{k}") for k in range(repeat)]  # one step: everything but the loop
    runs = [one(duration_s, work / f"auryn{k}") for k in range(repeat)]
    spikes = work / "auryn_spikes"
    spikes.mkdir()
    proc = subprocess.run([str(binary), "--simtime", repr(duration_s), "--dir", str(spikes)], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit(f"Auryn failed:\n{proc.stdout}{proc.stderr}")
    count = lambda name: sum(1 for _ in open(spikes / f"coba.0.{name}.ras"))  # noqa: E731
    return {"process_cpu_s": min(r["cpu"] for r in runs), "process_wall_s": min(r["wall"] for r in runs),
            "loop_wall_s": min(r["loop"] for r in runs),
            "loop_cpu_s": min(r["cpu"] for r in runs) - min(r["cpu"] for r in setups),
            "rate_exc": count("e") / (N_EXC * duration_s), "rate_inh": count("i") / (N_INH * duration_s)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--auryn", required=True, help="Auryn's sim_coba_benchmark binary (built from Auryn's sources)")
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"), help="plastix binary")
    ap.add_argument("--duration", type=float, default=10.0, help="biological time [s] (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the best is reported (default 3)")
    ap.add_argument("--method", choices=["euler", "exponential_euler"], default="euler",
                    help="plastix's integration of v (Auryn's is forward Euler)")
    args = ap.parse_args()
    for label, path in (("plastix", args.plastix), ("Auryn", args.auryn)):
        if not Path(path).is_file():
            sys.exit(f"no {label} binary at {path}")
    repeat = max(1, args.repeat)
    print(f"COBA with Auryn's parameters, {args.duration:g} s biological, dt 0.1 ms, plastix method {args.method}, "
          f"one core each, best of {repeat}; CPU {cpu_model()}, load average {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="plastix_auryn_") as tmp:
        work = Path(tmp)
        px = run_plastix(Path(args.plastix), args.duration, work, repeat, args.method)
        au = run_auryn(Path(args.auryn), args.duration, work, repeat)
    print(f"{'[s]':40s} {'plastix':>9s} {'Auryn':>9s} {'Auryn/plastix':>14s}")
    for label, key in (("whole run, CPU", "process_cpu_s"), ("simulation loop, CPU", "loop_cpu_s"),
                       ("whole run, wall", "process_wall_s"), ("simulation loop, wall", "loop_wall_s")):
        print(f"{label:40s} {px[key]:9.3f} {au[key]:9.3f} {au[key] / px[key]:14.2f}")
    print(f"{'mean rate exc [Hz]':40s} {px['rate_exc']:9.3f} {au['rate_exc']:9.3f}")
    print(f"{'mean rate inh [Hz]':40s} {px['rate_inh']:9.3f} {au['rate_inh']:9.3f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
