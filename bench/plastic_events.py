#!/usr/bin/python3
"""Synaptic events per core-second with STDP on a large network, with 1 and N threads (issue 18, item 6).

    /usr/bin/python3 bench/plastic_events.py --plastix build/bin/plastix [--neurons 100000] [--p 0.01]
                                             [--duration 1] [--threads 1 2]

The network is bench/coba_stdp_vs_brian2.py's COBA + pair STDP on E→E (experiments/coba.toml, 80 % excitatory)
at --neurons neurons with connection probability --p (100 000 and 0.01: 10^8 synapses, 6.4·10^7 of them plastic),
the weights scaled by 80 / (p · N_exc) so that each neuron receives the same mean conductance as in COBA (80
excitatory and 20 inhibitory inputs there), and a bias current (--drive) into every neuron, since with many weak
inputs the network does not sustain COBA's activity by itself. A synaptic event is one spike arriving at one synapse: every spike of
a neuron reaches its p·N targets (all four projections have probability p), so events = spikes × p × N.
Reported per thread count: the simulation time (summary.json wall_time_s minus that of a one-step run of the same
network: construction excluded), the process CPU time, events per wall second of the loop and per core-second
(the loop's CPU time: the process CPU time minus the one-step run's), construction time and peak memory (VmHWM).
Each run holds the whole network (10^8 synapses: ≈ 3.5 GB at construction): run it at nice -n 10 on a shared
machine, once.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from coba_stdp_vs_brian2 import STDP, with_stdp  # noqa: E402
from coba_vs_brian2 import strip_monitors  # noqa: E402


def network_text(neurons, p, drive_pa):
    n_exc = int(round(neurons * 0.8))
    scale = 80.0 / (p * n_exc)  # COBA: p = 0.02 of 4000 neurons, 64 + 16 inputs
    stdp = dict(STDP, a_plus=STDP["a_plus"] * scale, a_minus=STDP["a_minus"] * scale,
                w_min=STDP["w_min"] * scale, w_max=STDP["w_max"] * scale)
    # no weight monitor: writing 6.4·10^7 weights (compressed) would be most of a one-step run and of its memory
    text = strip_monitors(with_stdp((ROOT / "experiments" / "coba.toml").read_text(), stdp))
    text = re.sub(r'(?m)^size = 3200$', f"size = {n_exc}", text)
    text = re.sub(r'(?m)^size = 800$', f"size = {neurons - n_exc}", text)
    text = re.sub(r'(?m)^p = 0\.02$', f"p = {p!r}", text)
    text = re.sub(r'(?m)^model = "lif"$', f'model = "lif"\ni_e = "{drive_pa!r} pA"', text)
    text = re.sub(r'(?m)^weight = "(6|67) nS"$', lambda m: f'weight = "{float(m.group(1)) * scale!r} nS"', text)
    return text


def run(binary, exp, duration, threads, out):
    cmd = [binary, "run", "--no-report", str(exp), "-q", "-o", str(out), "--threads", str(threads),
           "--set", f"experiment.duration={duration!r} s"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    hwm = 0
    while proc.poll() is None:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"plastix failed ({' '.join(cmd)}):\n{stderr[-800:]}")
    summary = json.loads((Path(out) / "summary.json").read_text())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "sim": summary["wall_time_s"], "spikes": summary["spike_count"],
            "synapses": summary["synapse_count"], "peak_bytes": hwm * 1024}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"))
    ap.add_argument("--neurons", type=int, default=100000)
    ap.add_argument("--p", type=float, default=0.01)
    ap.add_argument("--duration", type=float, default=1.0, help="biological time [s]")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--drive", type=float, default=150.0, metavar="PA",
                    help="bias current of every neuron [pA] (default 150): with many weak inputs the scaled network "
                         "loses COBA's self-sustained activity, the bias keeps it firing")
    ap.add_argument("--json", help="also write the results to this JSON file")
    a = ap.parse_args()
    print(f"{a.neurons} neurons, p = {a.p}, {a.duration:g} s; load average {os.getloadavg()[0]:.2f}", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="plastix_events_") as tmp:
        exp = Path(tmp) / "events.toml"
        exp.write_text(network_text(a.neurons, a.p, a.drive))
        for t in a.threads:
            setup = run(a.plastix, exp, 0.0001, t, Path(tmp) / "setup")
            r = run(a.plastix, exp, a.duration, t, Path(tmp) / "out")
            events = r["spikes"] * a.p * a.neurons
            loop_wall = r["sim"] - setup["sim"]
            loop_cpu = r["cpu"] - setup["cpu"]
            results[t] = dict(r, setup_cpu=setup["cpu"], setup_sim=setup["sim"], loop_wall=loop_wall,
                              loop_cpu=loop_cpu, events=events, events_per_wall_s=events / loop_wall,
                              events_per_core_s=events / loop_cpu)
            print(f"--threads {t}: {r['synapses']} synapses, {r['spikes']} spikes ({events:.3g} events); "
                  f"construction {setup['cpu']:.1f} s CPU, peak {r['peak_bytes'] / 1e9:.2f} GB "
                  f"({r['peak_bytes'] / r['synapses']:.1f} B per synapse); loop {loop_wall:.2f} s wall, "
                  f"{loop_cpu:.2f} s CPU: {events / loop_wall:.3g} events per wall second, "
                  f"{events / loop_cpu:.3g} per core-second; load {os.getloadavg()[0]:.2f}", flush=True)
    if a.json:
        Path(a.json).write_text(json.dumps({"neurons": a.neurons, "p": a.p, "duration_s": a.duration,
                                            "results": results}, indent=2))


if __name__ == "__main__":
    main()
