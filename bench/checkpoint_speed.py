#!/usr/bin/python3
"""Checkpoint size per synapse and write/read speed for a plastic network of --synapses synapses (default 10^7).

    /usr/bin/python3 bench/checkpoint_speed.py --plastix build/bin/plastix [--synapses 10000000] [--repeat 3]

The network: a Poisson source (2000 neurons, 5 Hz) onto 10 000 LIF neurons, fixed_indegree connectivity (exactly
synapses / 10 000 per neuron), pair STDP, no monitors, 10 ms of biological time. Wall times (best of --repeat):
  run        plastix run                                   (build + 10 ms + results)
  run+write  plastix run --checkpoint-at-end                (the same + writing the checkpoint)
  resume     plastix resume CHECKPOINT                      (build + reading and loading the checkpoint + results)
  build      plastix run with 0.1 ms of biological time   (what resume does besides reading)
and, as plastix reports them, the time to save and write the checkpoint (write) and to read it (read).
Size: the checkpoint file, per synapse.
"""

import argparse
import re
import subprocess
import tempfile
import time
from pathlib import Path

TEMPLATE = """
[experiment]
name = "checkpoint_speed"
seed = 1
dt = "0.1 ms"
duration = "{duration}"

[[population]]
name = "src"
size = 2000
model = "poisson"
rate = "5 Hz"

[[population]]
name = "post"
size = 10000
model = "lif"
  [[population.receptor]]
  name = "exc"
  kind = "conductance"
  tau_decay = "5 ms"
  e_rev = "0 mV"

[[projection]]
name = "syn"
pre = "src"
post = "post"
receptor = "exc"
connector = "fixed_indegree"
indegree = {indegree}
weight = "0.02 nS"
delay = "1 ms"
  [[projection.plasticity]]
  rule = "stdp"
  tau_plus = "20 ms"
  tau_minus = "20 ms"
  a_plus = 0.001
  a_minus = 0.00105
  w_min = "0 nS"
  w_max = "1 nS"
"""


def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - t, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plastix", default="build/bin/plastix")
    ap.add_argument("--synapses", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    indegree = a.synapses // 10000
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        (d / "net.toml").write_text(TEMPLATE.format(duration="10 ms", indegree=indegree))
        (d / "build.toml").write_text(TEMPLATE.format(duration="0.1 ms", indegree=indegree))
        ck = d / "net.checkpoint.h5"
        best, reported = {}, {}
        for _ in range(a.repeat):
            for k in range(4):
                for p in d.glob("out*"):
                    subprocess.run(["rm", "-rf", str(p)])
                if k == 0:
                    t, _ = timed([a.plastix, "run", "--no-report", str(d / "net.toml"), "-q", "-o", str(d / "out0")])
                    key = "run"
                elif k == 1:
                    if ck.exists():
                        ck.unlink()
                    t, err = timed([a.plastix, "run", "--no-report", str(d / "net.toml"), "-o", str(d / "out1"),
                                    "--checkpoint", str(ck), "--checkpoint-at-end"])
                    key = "run+write"
                    w = float(re.search(r"MB in ([0-9.]+) s", err).group(1))
                    reported["write"] = min(reported.get("write", 1e9), w)
                elif k == 2:
                    t, err = timed([a.plastix, "resume", "--no-report", str(ck), "-o", str(d / "out2"), "--checkpoint",
                                    str(d / "other.checkpoint.h5")])
                    key = "resume"
                    r = float(re.search(r"read in ([0-9.]+) s", err).group(1))
                    reported["read"] = min(reported.get("read", 1e9), r)
                else:
                    t, _ = timed([a.plastix, "run", "--no-report", str(d / "build.toml"), "-q", "-o", str(d / "out3")])
                    key = "build"
                best[key] = min(best.get(key, 1e9), t)
        size = ck.stat().st_size
    n = indegree * 10000
    write, read = reported["write"], reported["read"]
    print(f"synapses {n}")
    for k, v in best.items():
        print(f"  {k:10s} {v:7.2f} s")
    print(f"checkpoint {size / 1e6:.1f} MB = {size / n:.2f} bytes per synapse")
    print(f"write {write:.2f} s ({size / 1e6 / max(write, 1e-9):.0f} MB/s), read {read:.2f} s "
          f"({size / 1e6 / max(read, 1e-9):.0f} MB/s)")


if __name__ == "__main__":
    main()
