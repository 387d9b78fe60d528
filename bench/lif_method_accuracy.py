#!/usr/bin/python3
"""Accuracy of the LIF integration methods (key `method`: exponential_euler, euler, exact) at dt 0.1 ms.

    /usr/bin/python3 bench/lif_method_accuracy.py --plastix build/bin/plastix [--duration 2] [--json FILE]

Two measurements, each against a reference run of the same model with a step 100 times smaller:

1. Spike times under identical input. 200 spike_times sources (Poisson trains drawn here, 12 Hz, on the 0.1 ms grid,
   so that every step size sees exactly the same input) drive 100 LIF neurons (fixed_probability 0.1, 80 %
   excitatory inputs), once with COBA's conductance receptors (exc 5 ms / 0 mV, inh 10 ms / −80 mV) and once with
   current receptors of the same time constants (CUBA). Each run's spikes are matched to the reference's, neuron by
   neuron (nearest spike within 2 ms): the table gives the mean and the 95th percentile of |Δt| of matched spikes, the
   fraction of reference spikes missed, the spikes added, and the rate difference. The reference is the exponential
   Euler step at dt 0.001 ms (for CUBA also `exact`, which is exact at any dt; both agree).
2. The COBA network (experiments/coba.toml, chaotic: spike trains diverge whatever the method): mean rates and the
   mean CV of the interspike intervals of the excitatory neurons at dt 0.1 ms per method against dt 0.01 ms.

No timing here: speed is bench/coba_vs_brian2.py --method.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
N_INPUT, N_EXC_INPUT, N_CELLS = 200, 160, 100


def run(binary, text, out, dt_ms, duration_s):
    exp = out.with_suffix(".toml")
    exp.write_text(text)
    cmd = [str(binary), "run", "--no-report", str(exp), "-o", str(out), "-q", "--set", f"experiment.dt={dt_ms!r} ms",
           "--set", f"experiment.duration={duration_s!r} s"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"plastix failed ({' '.join(cmd)}):\n{proc.stdout}{proc.stderr}")
    trains = {}
    with h5py.File(out / "data.h5") as f:
        for name in f["spikes"]:
            times, senders = f["spikes"][name]["times"][:], f["spikes"][name]["senders"][:]
            trains[name] = (times, senders)
    return trains


def per_neuron(times, senders, n):
    order = np.argsort(senders, kind="stable")
    t, s = times[order], senders[order]
    bounds = np.searchsorted(s, np.arange(n + 1))
    return [np.sort(t[bounds[i]:bounds[i + 1]]) for i in range(n)]


def compare(test, ref, n, duration_s, window_ms=2.0):
    """Greedy nearest matching of each neuron's spikes to the reference's."""
    a, b = per_neuron(*test, n), per_neuron(*ref, n)
    dts, missed, added = [], 0, 0
    for x, y in zip(a, b):
        used = np.zeros(len(x), bool)
        for t in y:
            if len(x) == 0:
                missed += 1
                continue
            k = np.searchsorted(x, t)
            best = None
            for j in (k - 1, k):
                if 0 <= j < len(x) and not used[j] and abs(x[j] - t) <= window_ms:
                    if best is None or abs(x[j] - t) < abs(x[best] - t):
                        best = j
            if best is None:
                missed += 1
            else:
                used[best] = True
                dts.append(abs(x[best] - t))
        added += int((~used).sum())
    n_ref = sum(len(y) for y in b)
    rate_test = sum(len(x) for x in a) / (n * duration_s)
    rate_ref = n_ref / (n * duration_s)
    dts = np.array(dts) if dts else np.zeros(1)
    return {"mean_abs_dt_ms": float(dts.mean()), "p95_abs_dt_ms": float(np.percentile(dts, 95)),
            "missed_fraction": missed / max(n_ref, 1), "added_fraction": added / max(n_ref, 1),
            "rate_hz": rate_test, "rate_ref_hz": rate_ref, "rate_difference": rate_test / rate_ref - 1.0}


def driven_cells(kind, method, duration_s, seed=5):
    """The identical-input model: spike_times inputs → 100 LIF neurons with `kind` receptors."""
    rng = np.random.default_rng(seed)
    trains = []
    for _ in range(N_INPUT):
        n = rng.poisson(12.0 * duration_s)
        steps = np.unique(rng.integers(1, int(duration_s * 1e4), n))
        trains.append("[" + ", ".join(f'"{s / 10:.1f} ms"' for s in steps) + "]")
    if kind == "conductance":
        receptors = ('  [[population.receptor]]\n  name = "exc"\n  kind = "conductance"\n  tau_decay = "5 ms"\n'
                     '  e_rev = "0 mV"\n  [[population.receptor]]\n  name = "inh"\n  kind = "conductance"\n'
                     '  tau_decay = "10 ms"\n  e_rev = "-80 mV"\n')
        w_exc, w_inh = "4 nS", "20 nS"
    else:
        receptors = ('  [[population.receptor]]\n  name = "exc"\n  kind = "current"\n  tau_decay = "5 ms"\n'
                     '  [[population.receptor]]\n  name = "inh"\n  kind = "current"\n  tau_decay = "10 ms"\n')
        w_exc, w_inh = "160 pA", "-400 pA"
    projection = ('[[projection]]\nname = "{name}"\npre = "{pre}"\npost = "cells"\nreceptor = "{rec}"\n'
                  'connector = "fixed_probability"\np = 0.1\nweight = "{w}"\ndelay = "0.1 ms"\n\n')
    source = '[[population]]\nname = "{name}"\nsize = {n}\nmodel = "spike_times"\ntimes = [{times}]\n\n'
    return (f'[experiment]\nname = "lif_methods"\nseed = {seed}\ndt = "0.1 ms"\nduration = "{duration_s} s"\n\n'
            + source.format(name="exc_inputs", n=N_EXC_INPUT, times=", ".join(trains[:N_EXC_INPUT]))
            + source.format(name="inh_inputs", n=N_INPUT - N_EXC_INPUT, times=", ".join(trains[N_EXC_INPUT:])) +
            f'[[population]]\nname = "cells"\nsize = {N_CELLS}\nmodel = "lif"\nmethod = "{method}"\n'
            f'init = {{ v = {{ uniform = ["-60 mV", "-50 mV"] }} }}\n{receptors}\n'
            + projection.format(name="excitation", pre="exc_inputs", rec="exc", w=w_exc)
            + projection.format(name="inhibition", pre="inh_inputs", rec="inh", w=w_inh)
            + '[[monitor]]\ntype = "spikes"\npopulation = "cells"\n')


def coba(method):
    text = (ROOT / "experiments" / "coba.toml").read_text()
    blocks = re.split(r"(?m)^(?=\[\[monitor\]\])", text)
    text = blocks[0] + "".join(b for b in blocks[1:] if re.search(r'type\s*=\s*"spikes"', b))
    return re.sub(r'(?m)^(model[ \t]*=[ \t]*"lif")[ \t]*$', lambda m: m.group(1) + f'\nmethod = "{method}"', text)


def cv_isi(times, senders, n):
    cvs = []
    for t in per_neuron(times, senders, n):
        if len(t) > 2:
            isi = np.diff(t)
            cvs.append(isi.std() / isi.mean())
    return float(np.mean(cvs)) if cvs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"))
    ap.add_argument("--duration", type=float, default=2.0, help="biological time of each run [s] (default 2)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()
    binary = Path(args.plastix)
    if not binary.is_file():
        sys.exit(f"no plastix binary at {binary}; build it first (make build)")
    results = {"driven": {}, "coba": {}}
    with tempfile.TemporaryDirectory(prefix="plastix_lif_methods_") as tmp:
        work = Path(tmp)
        print(f"1. Identical input, {N_CELLS} LIF neurons, {args.duration:g} s; reference: dt 0.001 ms")
        print(f"{'receptors':12s} {'method':18s} {'mean |dt| [ms]':>15s} {'p95 |dt| [ms]':>14s} {'missed':>8s} "
              f"{'added':>8s} {'rate [Hz]':>10s} {'ref [Hz]':>9s} {'rate diff':>10s}")
        for kind in ("conductance", "current"):
            ref = run(binary, driven_cells(kind, "exponential_euler", args.duration), work / f"{kind}_ref", 0.001,
                      args.duration)["cells"]
            methods = ["exponential_euler", "euler"] + (["exact"] if kind == "current" else [])
            for method in methods:
                for dt in ([0.1, 0.001] if method == "exact" else [0.1]):
                    got = run(binary, driven_cells(kind, method, args.duration), work / f"{kind}_{method}_{dt}", dt,
                              args.duration)["cells"]
                    c = compare(got, ref, N_CELLS, args.duration)
                    label = method if dt == 0.1 else f"{method} @{dt:g} ms"
                    results["driven"][f"{kind}/{label}"] = c
                    print(f"{kind:12s} {label:18s} {c['mean_abs_dt_ms']:15.4f} {c['p95_abs_dt_ms']:14.4f} "
                          f"{c['missed_fraction']:8.2%} {c['added_fraction']:8.2%} {c['rate_hz']:10.3f} "
                          f"{c['rate_ref_hz']:9.3f} {c['rate_difference']:+10.2%}")
        print(f"\n2. COBA network (experiments/coba.toml, 4000 LIF), {args.duration:g} s")
        print(f"{'method':18s} {'dt [ms]':>8s} {'exc [Hz]':>9s} {'inh [Hz]':>9s} {'CV ISI exc':>11s}")
        for method, dt in (("exponential_euler", 0.01), ("exponential_euler", 0.1), ("euler", 0.01), ("euler", 0.1)):
            spikes = run(binary, coba(method), work / f"coba_{method}_{dt}", dt, args.duration)
            rate_exc = len(spikes["exc"][0]) / (3200 * args.duration)
            rate_inh = len(spikes["inh"][0]) / (800 * args.duration)
            cv = cv_isi(*spikes["exc"], 3200)
            results["coba"][f"{method}@{dt:g}"] = {"rate_exc_hz": rate_exc, "rate_inh_hz": rate_inh, "cv_isi_exc": cv}
            print(f"{method:18s} {dt:8g} {rate_exc:9.3f} {rate_inh:9.3f} {cv:11.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
