#!/usr/bin/python3
"""The cost of running step by step from Python (plastix.Simulation, docs/python.md) and of saving and loading it.

    PYTHONPATH=python:build/python /usr/bin/python3 bench/simulation_steps.py [--file experiments/coba.toml]
        [--duration "2 s"] [--piece "1 ms"] [--repeat 3]

For the experiment (default: the COBA benchmark network, 4000 LIF neurons, ~320 000 synapses) with its duration set
to --duration, wall times (best of --repeat; the network's construction is not counted):
  whole      one sim.run(duration)
  pieces     sim.run(piece) until the duration is done (2000 calls for 2 s in 1 ms pieces)
and, halfway through, sim.save(path) (time and file size) and plastix.load(path) (reading, building the network and
putting the state in place). Checks that the pieces' run is bitwise the whole one (spikes).
"""

import argparse
import os
import tempfile
import time

import numpy as np

import plastix


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default=os.path.join(os.path.dirname(__file__), "..", "experiments", "coba.toml"))
    ap.add_argument("--duration", default="2 s")
    ap.add_argument("--piece", default="1 ms")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    exp = plastix.load_experiment(args.file, overrides=[f"experiment.duration={args.duration}"])
    total_ms = plastix.simulation._ms(args.duration)
    piece_ms = plastix.simulation._ms(args.piece)
    n = round(total_ms / piece_ms)
    whole, pieces, save, load, size = [], [], [], [], 0
    for _ in range(args.repeat):
        sim = exp.simulation()
        t0 = time.perf_counter()
        sim.run(args.duration)
        whole.append(time.perf_counter() - t0)
        a = sim.finish()
        sim = exp.simulation()
        t0 = time.perf_counter()
        for _ in range(n):
            sim.run(args.piece)
        pieces.append(time.perf_counter() - t0)
        b = sim.finish()
        assert all(np.array_equal(a.spikes[k].times, b.spikes[k].times) for k in a.spikes), "pieces differ"
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "ck.h5")
            sim = exp.simulation()
            sim.run(f"{total_ms / 2!r} ms")
            t0 = time.perf_counter()
            sim.save(path)
            save.append(time.perf_counter() - t0)
            size = os.path.getsize(path)
            t0 = time.perf_counter()
            plastix.load(path)
            load.append(time.perf_counter() - t0)
    synapses = a.synapse_count
    print(f"{os.path.basename(args.file)}: {a.neuron_count} neurons, {synapses} synapses, {a.spike_count} spikes "
          f"in {args.duration}")
    print(f"  one run({args.duration!r}):          {min(whole):.3f} s")
    print(f"  {n} x run({args.piece!r}):      {min(pieces):.3f} s  ({(min(pieces) - min(whole)) / n * 1e6:.0f} us "
          f"per call more; bitwise the same run)")
    print(f"  save at {total_ms / 2:.0f} ms:           {min(save):.3f} s, {size / 1e6:.2f} MB "
          f"({size / synapses:.1f} bytes per synapse)")
    print(f"  load (build + state):      {min(load):.3f} s")


if __name__ == "__main__":
    main()
