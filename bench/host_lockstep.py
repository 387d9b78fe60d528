#!/usr/bin/python3
"""What this machine allows two threads that meet at every time step (docs/performance.md, "Threads: what the host
allows"): bench/host_lockstep.cpp — no plastix code, a leaky-integrator update over N neurons — is compiled here
(g++ -O3 -march=native) and run for several N: the whole step on one thread, the step split in two halves on two
threads with a fork and a join per step (as plastix's thread pool), and two independent one-thread processes side
by side (whether the machine gives two programs a core each). Printed per N: µs per step on one thread, on two
threads and the speed-up, each thread's busy µs per step, and the two processes' µs per step.

    /usr/bin/python3 bench/host_lockstep.py [--sizes 1000 4000 16000 64000 256000] [--steps-us 400000] [--repeat 3]

A plastix time step has the same shape: COBA + STDP (4000 neurons) takes about 13 µs on one thread, plastic_100k
(bench/threads_speedup.py) about 560 µs. Where the fork and join alone cost microseconds, or where the halves take as
long as the whole, no split of the same step can reach 2× on this machine, whatever the simulator.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "host_lockstep.cpp"


def run(binary, threads, n, steps):
    out = subprocess.run([str(binary), str(threads), str(n), str(steps)], capture_output=True, text=True, check=True)
    per_step, busy0, busy1, _ = (float(x) for x in out.stdout.split())
    return per_step, busy0, busy1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000, 64000, 256000])
    ap.add_argument("--steps-us", type=float, default=400000.0,
                    help="steps per run × µs per step of one thread, roughly (the run's length in µs)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        binary = Path(tmp) / "host_lockstep"
        subprocess.run(["g++", "-O3", "-march=native", "-std=c++20", "-pthread", str(SOURCE), "-o", str(binary)],
                       check=True)
        print(f"cores: {os.cpu_count()}, load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
        print(f"{'neurons':>8} {'1 thread':>9} {'2 threads':>10} {'speed-up':>9} {'busy 0':>8} {'busy 1':>8}"
              f" {'2 processes':>12}   [µs per step; median of {args.repeat}]")
        for n in args.sizes:
            steps = max(200, int(args.steps_us / max(0.05, n * 2e-4)))
            one, two, procs, busy = [], [], [], []
            for _ in range(args.repeat):  # interleaved: a change of the machine's load falls on all three
                one.append(run(binary, 1, n, steps)[0])
                t, b0, b1 = run(binary, 2, n, steps)
                two.append(t)
                busy.append((b0, b1))
                side = [subprocess.Popen([str(binary), "1", str(n), str(steps)], stdout=subprocess.PIPE, text=True)
                        for _ in range(2)]
                procs.append(max(float(p.communicate()[0].split()[0]) for p in side))
            a, b = statistics.median(one), statistics.median(two)
            b0 = statistics.median(x[0] for x in busy)
            b1 = statistics.median(x[1] for x in busy)
            print(f"{n:>8} {a:>9.2f} {b:>10.2f} {a / b:>8.2f}× {b0:>8.2f} {b1:>8.2f} {statistics.median(procs):>12.2f}")
        print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
