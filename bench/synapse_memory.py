#!/usr/bin/python3
"""Memory per synapse of a plastix run, from the slope of resident memory over the synapse count.

    /usr/bin/python3 bench/synapse_memory.py --plastix build/bin/plastix [--indegree 0 400 1600] [--post 10000]

One network per case and indegree: a Poisson source (2000 neurons, 5 Hz) onto --post LIF neurons, fixed_indegree
connectivity (exactly indegree·post synapses), 5 s of biological time, no monitors. Cases:
  static      one delay (0.1 ms), no plasticity
  stdp        one delay, pair STDP (traces per neuron: nothing per synapse beyond the weight)
  stdp_delays delays uniform in [0.1, 5] ms (50 distinct values: the transposed index stores a delay slot)
For each run it reports
  peak    VmHWM of the process (/proc/PID/status, read just before it exits): what the machine must have,
          including the temporary list of synapses from which the projection is built;
  steady  VmRSS while the simulation runs (median of the samples taken after VmHWM reached its final value,
          i.e. after network construction freed its temporaries, leaving out the last samples; the second half of
          the run where the peak comes late): what a running simulation holds.
The slope of each over the synapse count (least squares over the indegrees) is the memory per synapse in bytes.
"""

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

TEMPLATE = """
[experiment]
name = "synapse_memory"
seed = 1
dt = "0.1 ms"
duration = "{duration} s"

[[population]]
name = "src"
size = 2000
model = "poisson"
rate = "5 Hz"

[[population]]
name = "post"
size = {post}
model = "lif"
  [[population.receptor]]
  name = "exc"
  kind = "conductance"
  tau_decay = "5 ms"
  e_rev = "0 mV"
{projection}
"""

PROJECTION = """
[[projection]]
name = "syn"
pre = "src"
post = "post"
receptor = "exc"
connector = "fixed_indegree"
indegree = {indegree}
weight = "0.02 nS"  # weak: the LIF neurons fire rarely, so the loop stays cheap
delay = {delay}
"""

STDP = """
  [[projection.plasticity]]
  rule = "stdp"
  tau_plus = "20 ms"
  tau_minus = "20 ms"
  a_plus = 0.001
  a_minus = 0.00105
  w_min = "0 nS"
  w_max = "1 nS"
"""

CASES = {
    "static": dict(delay='"0.1 ms"', stdp=False),
    "stdp": dict(delay='"0.1 ms"', stdp=True),
    "stdp_delays": dict(delay='{ uniform = ["0.1 ms", "5 ms"] }', stdp=True),
}


def status_kib(pid, key):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def measure(binary, text, work):
    exp = work / "mem.toml"
    exp.write_text(text)
    out = work / "out"
    proc = subprocess.Popen([str(binary), "run", "--no-report", str(exp), "-o", str(out), "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    samples = []  # (VmRSS, VmHWM) [KiB]
    while proc.poll() is None:
        rss, hwm = status_kib(proc.pid, "VmRSS"), status_kib(proc.pid, "VmHWM")
        if rss is not None and hwm is not None:
            samples.append((rss, hwm))
        time.sleep(0.02)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"plastix failed:\n{stdout}{stderr}\n--- file ---\n{text}")
    summary = json.loads((out / "summary.json").read_text())
    if len(samples) < 10:
        raise SystemExit("too few memory samples: make the run longer (--duration)")
    peak = samples[-1][1]
    first = next(k for k, (_, hwm) in enumerate(samples) if hwm == peak)  # construction's peak reached
    steady = [rss for rss, _ in samples[first + 1:-3]]
    if len(steady) < 5:  # the peak came late (no large temporaries, e.g. no synapses): the second half of the run
        steady = [rss for rss, _ in samples[len(samples) // 2:-3]]
    return {"synapses": summary["synapse_count"], "peak_kib": peak, "steady_kib": float(np.median(steady)),
            "steady_samples": len(steady)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"))
    ap.add_argument("--indegree", type=int, nargs="+", default=[0, 400, 1600])
    ap.add_argument("--post", type=int, default=10000)
    ap.add_argument("--duration", type=float, default=5.0, help="biological time [s]")
    ap.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()

    results = {}
    with tempfile.TemporaryDirectory(prefix="plastix_mem_") as tmp:
        work = Path(tmp)
        for case in args.cases:
            c = CASES[case]
            rows = []
            for k in args.indegree:
                projection = ""
                if k > 0:
                    projection = PROJECTION.format(indegree=k, delay=c["delay"]) + (STDP if c["stdp"] else "")
                text = TEMPLATE.format(duration=args.duration, post=args.post, projection=projection)
                r = measure(args.plastix, text, work)
                rows.append(r)
                print(f"{case:12s} indegree {k:5d}: {r['synapses']:10d} synapses, peak {r['peak_kib'] / 1024:8.1f} MiB, "
                      f"steady {r['steady_kib'] / 1024:8.1f} MiB ({r['steady_samples']} samples)", flush=True)
            n = np.array([r["synapses"] for r in rows], dtype=float)
            fit = {}
            for key in ("peak_kib", "steady_kib"):
                y = np.array([r[key] for r in rows], dtype=float) * 1024.0
                fit[key.replace("_kib", "_bytes_per_synapse")] = float(np.polyfit(n, y, 1)[0]) if len(n) > 1 else None
            if len(n) > 1:
                print(f"{case:12s} bytes per synapse: peak {fit['peak_bytes_per_synapse']:.1f}, steady "
                      f"{fit['steady_bytes_per_synapse']:.1f}", flush=True)
            results[case] = {"rows": rows, **fit}
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
