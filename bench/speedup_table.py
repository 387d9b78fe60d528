"""The table threads_speedup.py and mpi_speedup.py print for a network run with 1 and with n threads or processes:
best and median wall, simulation-loop and CPU times, and the speed-ups."""
import statistics


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
