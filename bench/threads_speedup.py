#!/usr/bin/python3
"""Threads inside a run (docs/parallel.md): COBA + STDP and a larger plastic network with --threads 1 and
--threads N side by side, interleaved.

    /usr/bin/python3 bench/threads_speedup.py --plastix build/bin/plastix [--duration 2] [--repeat 3] [--threads 2]
                                              [--large-size 20000] [--huge-size 100000] [--huge-p 0.002]
                                              [--only coba_stdp large_stdp plastic_100k]

Networks: `coba_stdp` is bench/coba_stdp_vs_brian2.py's (experiments/coba.toml, 4000 neurons, pair STDP on E→E);
`large_stdp` is the same at `--large-size` neurons (80 % excitatory) with the same p = 0.02: 320 E→E synapses per
neuron at 20 000 (≈ 5.1 M plastic E→E synapses, 8 M in all); `plastic_100k` is bench/plastic_events.py's network at
`--huge-size` neurons (default 100 000; 0 leaves it out) with p = `--huge-p` (default 0.002: 200 inputs per neuron,
2·10^7 synapses, 1.3·10^7 of them plastic; weights scaled to COBA's mean input, a 150 pA bias current). Each repeat runs --threads 1 and --threads N one right
after the other (a change in the machine's load falls on both); the two results must be identical
(scripts/compare-results). Printed per network: the best and median of the wall time and of the CPU time (user +
system of the process), the run's own simulation time (summary.json wall_time_s: the loop, without reading and
building), and the speed-ups 1 / N of each. The load average is printed before and after: on a shared machine the
speed-up is bounded by the cores free, and with Linux's sched_autogroup a session gets its share of the cores
whatever its number of threads: --priority (as in bench/sweep_jobs.py) runs each run in a session of its own at a
raised priority.
"""

import argparse
import json
import os
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
from plastic_events import network_text  # noqa: E402
from speedup_table import interleaved_runs, print_speedup  # noqa: E402
from sweep_jobs import priority_permitted, raise_own_priority  # noqa: E402


def network_file(tmp, large_size, huge_size=0, huge_p=0.002):
    text = with_stdp(strip_monitors((ROOT / "experiments" / "coba.toml").read_text()), STDP)
    path = Path(tmp) / "coba_stdp_threads.toml"
    path.write_text(text)
    n_exc = int(round(large_size * 0.8))
    networks = {"coba_stdp": (path, []),
                "large_stdp": (path, [f"population.exc.size={n_exc}", f"population.inh.size={large_size - n_exc}"])}
    if huge_size > 0:
        huge = Path(tmp) / "plastic_huge.toml"
        huge.write_text(network_text(huge_size, huge_p, 150.0))
        networks[f"plastic_{huge_size // 1000}k"] = (huge, [])
    return networks


def run_one(binary, exp, sets, duration, threads, out, priority):
    cmd = [binary, "run", "--no-report", str(exp), "-q", "-o", str(out), "--threads", str(threads),
           "--set", f"experiment.duration={duration!r} s"] + [x for s in sets for x in ("--set", s)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, start_new_session=priority,
                          preexec_fn=raise_own_priority if priority else None)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"plastix failed ({' '.join(cmd)}):\n{proc.stderr[-800:]}")
    summary = json.loads((Path(out) / "summary.json").read_text())
    return {"wall": wall, "cpu": cpu, "sim": summary["wall_time_s"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plastix", default=str(ROOT / "build/bin/plastix"))
    ap.add_argument("--duration", type=float, default=2.0, help="biological time [s]")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--large-size", type=int, default=20000)
    ap.add_argument("--huge-size", type=int, default=100000, help="neurons of plastic_100k (0: left out)")
    ap.add_argument("--huge-p", type=float, default=0.002, help="connection probability of plastic_100k")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--priority", action="store_true",
                    help="run each in a session of its own at nice −10 (bench/sweep_jobs.py; root only)")
    a = ap.parse_args()
    if a.priority and not priority_permitted():
        print("--priority: not permitted here (needs root or CAP_SYS_NICE); running at the normal priority")
        a.priority = False
    print(f"priority raised: {a.priority}")
    print(f"cores: {os.cpu_count()}, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    n = a.threads
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, runs, same in interleaved_runs(
                tmp, network_file(tmp, a.large_size, a.huge_size, a.huge_p), n, a.repeat,
                lambda exp, sets, threads, out: run_one(a.plastix, exp, sets, a.duration, threads, out, a.priority),
                a.only):
            print(f"\n{name} ({a.duration:g} s biological; results with {n} threads "
                  f"{'identical' if same else 'DIFFER'}):")
            row, per_repeat = print_speedup(runs, n, "threads", "one thread")
            results[name] = {"identical": same, "best": row, "sim_speedup_per_repeat": per_repeat}
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(json.dumps(results))
    return 0 if all(r["identical"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
