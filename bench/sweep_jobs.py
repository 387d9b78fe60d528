#!/usr/bin/python3
"""Parallel sweeps: wall time of ready sweeps with --jobs 1 and --jobs 2 (docs/parallel.md), side by side; with
--ranks K, of one process against `mpirun -n K` (the points shared out over the processes).

    /usr/bin/python3 bench/sweep_jobs.py --plastix build/bin/plastix [--experiments tagging_capture scaling_ttx]
                                         [--repeat 3] [--jobs 2 | --ranks 2] [--priority]

Each repeat runs `plastix run FILE --jobs 1` and `--jobs N` one right after the other (interleaved, so that a change
in the machine's load falls on both), each at full size; the results of the two must be identical
(scripts/compare-results). Printed: the best and median wall time of each, and the speed-up (--jobs 1 / --jobs N)
of each repeat and of the best times.

On a machine that other work keeps busy, Linux's sched_autogroup gives each session an equal share of the cores
whatever its number of threads, which hides most of the gain. --priority starts each run in a session of its own and
raises that session's priority (nice -10 of its autogroup, /proc/<pid>/autogroup; root or CAP_SYS_NICE only): the
benchmark's runs compete as one busy user, the same for both job counts. Nothing else on the machine is reniced.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def raise_own_priority():
    """In the child, after setsid: a higher priority for its own new autogroup (nothing else is in it)."""
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write("-10")
    except OSError:
        pass  # not permitted: the run goes on at the normal priority (checked in main)


def timed_run(cmd, priority):
    started = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, start_new_session=priority,
                       preexec_fn=raise_own_priority if priority else None)
    seconds = time.monotonic() - started
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {p.stderr.strip()[-500:]}")
    return seconds


def priority_permitted():
    p = subprocess.run(["cat", "/proc/self/autogroup"], capture_output=True, text=True, start_new_session=True,
                       preexec_fn=raise_own_priority)
    return "nice -10" in p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plastix", default=str(ROOT / "build/bin/plastix"))
    ap.add_argument("--experiments", nargs="+", default=["tagging_capture", "scaling_ttx"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--ranks", type=int, default=0, help="compare with mpirun -n RANKS instead of --jobs")
    ap.add_argument("--priority", action="store_true", help="run at a raised priority (see above)")
    a = ap.parse_args()
    if a.ranks > 1:
        sys.path.insert(0, str(ROOT / "bench"))
        from mpi_speedup import launcher
        a.jobs = a.ranks
    if a.priority and not priority_permitted():
        print("--priority: not permitted here (needs root or CAP_SYS_NICE); running at the normal priority")
        a.priority = False
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}, priority raised: {a.priority}")
    print(f"{'experiment':<18} {'ranks' if a.ranks > 1 else 'jobs':>4} {'best s':>8} {'median s':>9}   "
          "speed-up per repeat")
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.experiments:
            f = str(ROOT / "experiments" / f"{name}.toml")
            times = {1: [], a.jobs: []}
            for r in range(a.repeat):
                for jobs in (1, a.jobs):
                    out = f"{tmp}/{name}_{jobs}_{r}"
                    cmd = [a.plastix, "run", "--no-report", f, "-q", "-o", out, "--jobs", str(jobs)]
                    if a.ranks > 1:
                        cmd = (launcher(a.ranks) if jobs > 1 else []) + cmd[:-2] + ["--jobs", "1"]
                    times[jobs].append(timed_run(cmd, a.priority))
            compare = [str(ROOT / "scripts/compare-results"), f"{tmp}/{name}_1_0", f"{tmp}/{name}_{a.jobs}_0"]
            same = subprocess.run(compare, capture_output=True, text=True).returncode == 0
            ratios = [t1 / tn for t1, tn in zip(times[1], times[a.jobs])]
            for jobs in (1, a.jobs):
                extra = "  ".join(f"{x:.2f}x" for x in ratios) if jobs == a.jobs else ""
                print(f"{name:<18} {jobs:>4} {min(times[jobs]):8.2f} {statistics.median(times[jobs]):9.2f}   {extra}")
            print(f"{name:<18} speed-up of the best times: {min(times[1]) / min(times[a.jobs]):.2f}x; results "
                  + ("identical" if same else "DIFFER"))
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
