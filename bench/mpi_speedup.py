#!/usr/bin/python3
"""MPI across processes (docs/parallel.md): COBA + STDP and a larger plastic network in one process and under
`mpirun -n K` (default 2) side by side, interleaved, with the cost of the spike exchange per step.

    /usr/bin/python3 bench/mpi_speedup.py --plastix build/bin/plastix [--duration 2] [--repeat 3] [--ranks 2]
                                          [--large-size 20000] [--huge-size 100000] [--huge-p 0.002]
                                          [--only coba_stdp large_stdp plastic_100k] [--delay "1 ms"]

The networks are bench/threads_speedup.py's: `coba_stdp` (experiments/coba.toml, 4000 neurons, pair STDP on E→E)
`large_stdp` (the same at --large-size neurons, p = 0.02) and `plastic_100k` (--huge-size neurons, p = --huge-p). Each repeat runs one process and K processes one
right after the other; the results must be identical (scripts/compare-results). Printed per network: the best and
median wall time (mpirun's start included), the run's own simulation loop (summary.json wall_time_s, rank 0's), the
CPU time (user + system of all processes) and the speed-ups. A last run with PLASTIX_MPI_TIMING=1 measures the
exchange: a barrier before each step's allgather separates the wait for the slowest process (imbalance, and a
process without a core of its own) from the exchange itself (µs per step, bytes per step). The load average is
printed before and after: on a shared machine K processes get at most the cores that are free.
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
from speedup_table import interleaved_runs, print_speedup  # noqa: E402
from threads_speedup import network_file  # noqa: E402


def launcher(ranks):
    if ranks <= 1:
        return []
    cmd = ["mpirun", "-n", str(ranks), "--oversubscribe", "--bind-to", "none"]
    return cmd + (["--allow-run-as-root"] if os.geteuid() == 0 else [])


def run_one(binary, exp, sets, duration, ranks, out, env=None):
    cmd = launcher(ranks) + [binary, "run", "--no-report", str(exp), "-q", "-o", str(out),
                             "--set", f"experiment.duration={duration!r} s"] + [x for s in sets for x in ("--set", s)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"plastix failed ({' '.join(cmd)}):\n{proc.stderr[-800:]}")
    summary = json.loads((Path(out) / "summary.json").read_text())
    return {"wall": wall, "cpu": cpu, "sim": summary["wall_time_s"], "stderr": proc.stderr}


def with_delay(exp, delay):
    """--set arguments giving every projection of the experiment file `exp` the delay `delay`."""
    import tomllib
    with open(exp, "rb") as f:
        projections = tomllib.load(f).get("projection", [])
    return [f"projection.{p['name']}.delay={delay}" for p in projections]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plastix", default=str(ROOT / "build/bin/plastix"))
    ap.add_argument("--duration", type=float, default=2.0, help="biological time [s]")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--large-size", type=int, default=20000)
    ap.add_argument("--huge-size", type=int, default=100000, help="neurons of plastic_100k (0: left out)")
    ap.add_argument("--huge-p", type=float, default=0.002, help="connection probability of plastic_100k")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--delay", help='every projection\'s delay, e.g. "1 ms" (the spikes are exchanged once per '
                                    'shortest delay: docs/parallel.md); default: the networks\' own (0.1 ms)')
    a = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    k = a.ranks
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        networks = network_file(tmp, a.large_size, a.huge_size, a.huge_p)
        if a.delay:
            networks = {name: (exp, sets + with_delay(exp, a.delay)) for name, (exp, sets) in networks.items()}
        for name, runs, same in interleaved_runs(
                tmp, networks, k, a.repeat, lambda exp, sets, ranks, out: run_one(a.plastix, exp, sets, a.duration,
                                                                                   ranks, out), a.only):
            exp, sets = networks[name]
            env = dict(os.environ, PLASTIX_MPI_TIMING="1")
            timing = run_one(a.plastix, exp, sets, a.duration, k, f"{tmp}/{name}_timing", env)["stderr"]
            m = re.search(r"([\d.]+) us per step exchanging \(([\d.]+) bytes gathered per step\), ([\d.]+) us per "
                          r"step waiting", timing)
            steps = a.duration * 1e4  # dt = 0.1 ms
            print(f"\n{name} ({a.duration:g} s biological, {steps:.0f} steps; results with {k} processes "
                  f"{'identical' if same else 'DIFFER'}):")
            row, per_repeat = print_speedup(runs, k, "procs", "one process")
            exchange = None
            if m:
                exchange = {"exchange_us": float(m.group(1)), "bytes": float(m.group(2)), "wait_us": float(m.group(3))}
                loop_us = row[1]["sim"] / steps * 1e6
                print(f"  spike exchange: {exchange['exchange_us']:.2f} µs per step ({exchange['bytes']:.0f} bytes), "
                      f"waiting for the slowest process {exchange['wait_us']:.2f} µs per step; one process's step: "
                      f"{loop_us:.1f} µs")
            else:
                print(f"  (no timing line: {timing.strip()[-300:]})")
            results[name] = {"identical": same, "best": row, "sim_speedup_per_repeat": per_repeat,
                             "exchange": exchange, "steps": steps}
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(json.dumps(results))
    return 0 if all(r["identical"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
