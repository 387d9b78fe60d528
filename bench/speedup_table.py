"""The table threads_speedup.py and mpi_speedup.py print for a network run with 1 and with n threads or processes:
best and median wall, simulation-loop and CPU times, and the speed-ups."""
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def print_speedup(runs, n, label, one):
    """runs: {1: [...], n: [...]}, each run a dict with "wall", "sim" and "cpu" [s]; label: the column's name
    ("threads", "procs"); one: what n's CPU time is compared with ("one thread"). Returns (best per count, the loop
    speed-up per repeat)."""
    print(f"  {label:>7} {'wall best':>10} {'median':>8} {'sim best':>9} {'median':>8} {'CPU best':>9} {'median':>8}")
    row = {}
    for k in (1, n):
        w, s, c = ([x[key] for x in runs[k]] for key in ("wall", "sim", "cpu"))
        row[k] = {"wall": min(w), "sim": min(s), "cpu": min(c)}
        print(f"  {k:>7} {min(w):>10.3f} {statistics.median(w):>8.3f} {min(s):>9.3f} "
              f"{statistics.median(s):>8.3f} {min(c):>9.3f} {statistics.median(c):>8.3f}")
    per_repeat = [x["sim"] / y["sim"] for x, y in zip(runs[1], runs[n])]
    print(f"  speed-up 1/{n}: wall {row[1]['wall'] / row[n]['wall']:.2f}×, simulation loop "
          f"{row[1]['sim'] / row[n]['sim']:.2f}× (per repeat: {' '.join(f'{x:.2f}' for x in per_repeat)}), "
          f"CPU {row[n]['cpu'] / row[1]['cpu']:.2f}× of {one}'s")
    return row, per_repeat


def interleaved_runs(tmp, networks, n, repeat, run, only=None):
    """For each network (name -> (file, sets)) not left out by `only`: `repeat` rounds of a run with 1 and with n
    (threads or processes), interleaved; run(file, sets, count, out) returns a run's times. Yields (name, {1: [...],
    n: [...]}, whether the first round's results of 1 and n are bitwise identical: scripts/compare-results)."""
    for name, (exp, sets) in networks.items():
        if only and name not in only:
            continue
        runs = {1: [], n: []}
        for r in range(repeat):
            for count in (1, n):
                runs[count].append(run(exp, sets, count, f"{tmp}/{name}_{count}_{r}"))
        compare = [str(ROOT / "scripts/compare-results"), f"{tmp}/{name}_1_0", f"{tmp}/{name}_{n}_0"]
        yield name, runs, subprocess.run(compare, capture_output=True, text=True).returncode == 0
