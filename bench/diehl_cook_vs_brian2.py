#!/usr/bin/python3
"""The network of Diehl & Cook (2015, Front Comput Neurosci 9:99) learning Fashion-MNIST images, in plastix and in
Brian2's C++ standalone mode, side by side, single-threaded.

    /usr/bin/python3 bench/diehl_cook_vs_brian2.py --plastix build/bin/plastix [--images 200] [--neurons 400]

Both run the training phase of experiments/fashion_stdp.toml on its first --images training images (each shown for
`on`, then `off` of rest), with --neurons excitatory and as many inhibitory neurons; every parameter is read from
that file, so the two run the same network:

- input: one Poisson neuron per pixel, rate·intensity/255 while an image is shown, silent in the rest;
- excitatory layer: the file's written neuron (conductance LIF with an adaptive threshold θ: spike when
  v > v_th + θ − offset, then v = v_reset, θ += θ+; dθ/dt = −θ/τ_θ; refractory t_ref), receptors exc (τ 1 ms,
  E 0 mV) and inh (τ 2 ms, E −100 mV), conductances jump by the weight and decay exponentially;
- inhibitory layer: LIF (plastix's built-in `lif`), one receptor;
- input → exc all to all, initial weights uniform, pair STDP with nearest-spike traces (on a pre spike arriving at
  the synapse w −= a_minus·apost and apre = 1; on a post spike w += a_plus·apre and apost = 1; w clipped),
  and the weights onto each neuron scaled to the sum `total` at the start and every `interval`;
- exc → inh one to one, inh → exc all to all, fixed weights.

plastix: a copy of the file with the training phase only (no labelling, test, analysis or weight monitor; the
excitatory spike monitor stays, as Brian2 records the excitatory spikes too), sizes and image count set by --set.
Brian2: the same model in Brian2's equations (exponential Euler for v, as plastix's default `method`), the images
as a TimedArray of rates, STDP with per-synapse event-driven traces (Brian2's documented idiom), the normalisation
as a summed variable (the sum of the weights onto each neuron) read every `interval` by a run_regularly operation
(the summed variable is computed on a clock of period `interval`, not every step, so that it costs what plastix's
normalisation costs). The two networks are statistically alike, not spike for spike (different random numbers).

Times, each the best of --repeat runs: the whole run (the `plastix run` process; Brian2's compiled main; compilation
excluded) as wall-clock and CPU time, and the simulation loop (plastix: the run's CPU time minus that of a run of one
step; Brian2: the time Network::run records itself, CPU time without OpenMP). Speed: simulated seconds per second of
loop CPU time, and synaptic events (spikes × their targets) per second of loop CPU time. Ratio Brian2/plastix from
CPU times: > 1 means plastix is faster.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coba_vs_brian2 import cpu_model, timed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def quantity(text, unit):
    """'63.75 Hz' -> 63.75 (the unit must be the one named: the file writes its values in these units)."""
    value, u = str(text).split()
    if u != unit:
        sys.exit(f"expected a value in {unit}, got '{text}'")
    return float(value)


def network_parameters(experiment):
    """The parameters of the training phase of a Diehl & Cook experiment file (experiments/fashion_stdp.toml)."""
    spec = tomllib.loads(Path(experiment).read_text())
    pops = {p["name"]: p for p in spec["population"]}
    projs = {p["name"]: p for p in spec["projection"]}
    exc, inh = pops["exc"], pops["inh"]
    c = exc["constants"]
    rec = {r["name"]: r for r in exc["receptor"]}
    stdp, norm = projs["input_exc"]["plasticity"]
    stim = spec["phase"][0]["stimulus"][0]
    images = next(p for p in spec["patterns"] if p["name"] == stim["patterns"])
    w0 = projs["input_exc"]["weight"]["uniform"]
    if stdp["rule"] != "stdp" or stdp.get("pairing") != "nearest" or norm["rule"] != "normalization":
        sys.exit("the input_exc projection must have stdp (nearest) then normalization")
    return {
        "dt": quantity(spec["experiment"]["dt"], "ms"),
        "n_input": pops["input"]["size"],
        "exc": {"c_m": quantity(c["c_m"], "pF"), "g_l": quantity(c["g_l"], "nS"), "e_l": quantity(c["e_l"], "mV"),
                "v_reset": quantity(c["v_reset"], "mV"), "v_th": quantity(c["v_th"], "mV"),
                "offset": quantity(c["offset"], "mV"), "theta_plus": quantity(c["theta_plus"], "mV"),
                "tau_theta": quantity(c["tau_theta"], "ms"), "t_ref": quantity(exc["t_ref"], "ms"),
                "v0": quantity(exc["state"]["v"], "mV"), "theta0": quantity(exc["state"]["theta"], "mV"),
                "tau_e": quantity(rec["exc"]["tau_decay"], "ms"), "e_e": quantity(rec["exc"]["e_rev"], "mV"),
                "tau_i": quantity(rec["inh"]["tau_decay"], "ms"), "e_i": quantity(rec["inh"]["e_rev"], "mV")},
        "inh": {"c_m": quantity(inh["c_m"], "pF"), "g_l": quantity(inh["g_l"], "nS"),
                "e_l": quantity(inh["e_l"], "mV"), "v_reset": quantity(inh["v_reset"], "mV"),
                "v_th": quantity(inh["v_th"], "mV"), "t_ref": quantity(inh["t_ref"], "ms"),
                "tau_e": quantity(inh["receptor"][0]["tau_decay"], "ms"),
                "e_e": quantity(inh["receptor"][0]["e_rev"], "mV")},
        "w_init": (quantity(w0[0], "nS"), quantity(w0[1], "nS")),
        "delay_input": quantity(projs["input_exc"]["delay"], "ms"),
        "w_ei": quantity(projs["exc_inh"]["weight"], "nS"), "delay_ei": quantity(projs["exc_inh"]["delay"], "ms"),
        "w_ie": quantity(projs["inh_exc"]["weight"], "nS"), "delay_ie": quantity(projs["inh_exc"]["delay"], "ms"),
        "stdp": {"tau_plus": quantity(stdp["tau_plus"], "ms"), "tau_minus": quantity(stdp["tau_minus"], "ms"),
                 "a_plus": float(stdp["a_plus"]), "a_minus": float(stdp["a_minus"]),
                 "w_min": quantity(stdp["w_min"], "nS"), "w_max": quantity(stdp["w_max"], "nS")},
        "total": quantity(norm["total"], "nS"), "interval": quantity(norm["interval"], "ms"),
        "rate": quantity(stim["rate"], "Hz"), "on": quantity(stim["on"], "ms"), "off": quantity(stim["off"], "ms"),
        "path": images["path"],
    }


def read_idx_images(path, count):
    """The first `count` images of an IDX file (gzip or plain) as a (count, pixels) array of 0–255."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        header = f.read(4)
        dims = [int.from_bytes(f.read(4), "big") for _ in range(header[3])]
        pixels = int(np.prod(dims[1:]))
        data = np.frombuffer(f.read(count * pixels), dtype=np.uint8)
    return data.reshape(count, pixels).astype(float)


def training_only(text):
    """The experiment text with its first phase only, no analyses and no weight monitors."""
    blocks = re.split(r"(?m)^(?=\[)", text)
    out, phases = [], 0
    for block in blocks:
        if block.startswith("[[phase]]"):
            phases += 1
            if phases > 1:
                continue
        if block.startswith("[[analysis]]"):
            continue
        if block.startswith("[[monitor]]") and re.search(r'(?m)^type\s*=\s*"weights"', block):
            continue
        out.append(block)
    return "".join(out)


def synaptic_events(n_exc, n_input, rate_input, rate_exc, rate_inh, seconds):
    """Spikes × targets: input → every exc neuron, exc → its inh neuron, inh → every exc neuron."""
    return seconds * (rate_input * n_input * n_exc + rate_exc * n_exc + rate_inh * n_exc * n_exc)


def run_plastix(binary, experiment, p, n_exc, images, workdir, repeat):
    exp = workdir / "diehl_cook_bench.toml"
    exp.write_text(training_only(Path(experiment).read_text()))
    period_s = (p["on"] + p["off"]) / 1000.0

    def one(duration_s, out):
        cmd = [str(binary), "run", "--no-report", "-q", str(exp), "-o", str(out),
               "--set", f"population.exc.size={n_exc}", "--set", f"population.inh.size={n_exc}",
               "--set", f"patterns.train_images.count={images}",
               "--set", f"phase.train.duration={duration_s!r} s",
               "--set", f"phase.train.stimulus[0].range=[0, {images}]"]
        proc, wall, cpu = timed(cmd)
        if proc.returncode != 0:
            sys.exit(f"plastix failed ({' '.join(cmd)}):\n{proc.stdout}{proc.stderr}")
        return {"wall": wall, "cpu": cpu, "summary": json.loads((out / "summary.json").read_text())}

    setups = [one(p["dt"] / 1000.0, workdir / "plastix_setup") for _ in range(repeat)]
    runs = [one(images * period_s, workdir / "plastix") for _ in range(repeat)]
    m = runs[-1]["summary"]["metrics"]
    return {
        "process_wall_s": min(r["wall"] for r in runs),
        "process_cpu_s": min(r["cpu"] for r in runs),
        "loop_cpu_s": min(r["cpu"] for r in runs) - min(s["cpu"] for s in setups),
        "runs_cpu_s": [r["cpu"] for r in runs],
        "rate_input": m["rate_hz.input"], "rate_exc": m["rate_hz.exc"], "rate_inh": m["rate_hz.inh"],
        "w_mean_end": m["mean_weight.input_exc"],
        "version": runs[-1]["summary"].get("version", "?"),
    }


def run_brian2(p, n_exc, images, directory, repeat, seed=1):
    import brian2
    from brian2 import (Clock, Hz, Network, NeuronGroup, PoissonGroup, SpikeMonitor, Synapses, TimedArray,
                        defaultclock, device, mV, ms, nS, pF, prefs, set_device)

    set_device("cpp_standalone", directory=str(directory), build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = 0
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    defaultclock.dt = p["dt"] * ms
    brian2.seed(seed)

    # The rates as a TimedArray: one row per slot of `slot` ms, the image's rates while on, zeros while off.
    slot = float(np.gcd(int(p["on"]), int(p["off"])))
    on_slots, off_slots = int(p["on"] / slot), int(p["off"] / slot)
    pixels = read_idx_images(p["path"], images) * (p["rate"] / 255.0)
    rows = []
    for image in pixels:
        rows += [image] * on_slots + [np.zeros_like(image)] * off_slots
    image_rates = TimedArray(np.asarray(rows) * Hz, dt=slot * ms)  # noqa: F841 (the rates' expression names it)
    inp = PoissonGroup(p["n_input"], rates="image_rates(t, i)")

    e, i_ = p["exc"], p["inh"]
    ns_e = dict(c_m=e["c_m"] * pF, g_l=e["g_l"] * nS, e_l=e["e_l"] * mV, v_reset=e["v_reset"] * mV,
                v_th=e["v_th"] * mV, offset=e["offset"] * mV, theta_plus=e["theta_plus"] * mV,
                tau_theta=e["tau_theta"] * ms, tau_e=e["tau_e"] * ms, e_e=e["e_e"] * mV, tau_i=e["tau_i"] * ms,
                e_i=e["e_i"] * mV)
    exc = NeuronGroup(n_exc, """
        dv/dt = (g_l*(e_l - v) + g_e*(e_e - v) + g_i*(e_i - v))/c_m : volt (unless refractory)
        dtheta/dt = -theta/tau_theta : volt
        dg_e/dt = -g_e/tau_e : siemens
        dg_i/dt = -g_i/tau_i : siemens
        wsum : siemens
        """, threshold="v > v_th + theta - offset", reset="v = v_reset; theta += theta_plus",
        refractory=e["t_ref"] * ms, method="exponential_euler", namespace=ns_e)
    exc.v = e["v0"] * mV
    exc.theta = e["theta0"] * mV
    ns_i = dict(c_m=i_["c_m"] * pF, g_l=i_["g_l"] * nS, e_l=i_["e_l"] * mV, v_reset=i_["v_reset"] * mV,
                v_th=i_["v_th"] * mV, tau_e=i_["tau_e"] * ms, e_e=i_["e_e"] * mV)
    inh = NeuronGroup(n_exc, """
        dv/dt = (g_l*(e_l - v) + g_e*(e_e - v))/c_m : volt (unless refractory)
        dg_e/dt = -g_e/tau_e : siemens
        """, threshold="v > v_th", reset="v = v_reset", refractory=i_["t_ref"] * ms, method="exponential_euler",
        namespace=ns_i)
    inh.v = i_["e_l"] * mV

    s = p["stdp"]
    ns_s = dict(tau_plus=s["tau_plus"] * ms, tau_minus=s["tau_minus"] * ms, a_plus=s["a_plus"] * nS,
                a_minus=s["a_minus"] * nS, w_min=s["w_min"] * nS, w_max=s["w_max"] * nS,
                total=p["total"] * nS)
    syn = Synapses(inp, exc, model="""
        w : siemens
        dapre/dt = -apre/tau_plus : 1 (event-driven)
        dapost/dt = -apost/tau_minus : 1 (event-driven)
        wsum_post = w : siemens (summed)
        """, on_pre="""
        g_e_post += w
        w = clip(w - a_minus*apost, w_min, w_max)
        apre = 1
        """, on_post="""
        w = clip(w + a_plus*apre, w_min, w_max)
        apost = 1
        """, delay=p["delay_input"] * ms, namespace=ns_s)
    syn.connect()  # all to all: synapse k = pre*n_exc + post
    rng = np.random.default_rng(seed)
    w0 = rng.uniform(*p["w_init"], size=(p["n_input"], n_exc))
    syn.w = (w0 * p["total"] / w0.sum(axis=0)).ravel() * nS  # normalised once at the start, as plastix does
    # The sum of the weights onto each neuron, computed every `interval` only (Brian2 would compute a summed variable
    # every step, on its target's clock), then the weights scaled to `total` right after it, in the same step.
    norm_clock = Clock(dt=p["interval"] * ms, name="normalization_clock")
    syn.summed_updaters["wsum_post"]._clock = norm_clock
    # (a neuron whose weights sum to 0 has all of them at 0 and keeps them)
    syn.run_regularly("w = w*total/(wsum_post + w_max*int(wsum_post <= w_min))",
                      clock=norm_clock, when="after_groups", name="normalization")
    ei = Synapses(exc, inh, on_pre="g_e_post += w_ei", delay=p["delay_ei"] * ms,
                  namespace={"w_ei": p["w_ei"] * nS})
    ei.connect(j="i")
    ie = Synapses(inh, exc, on_pre="g_i_post += w_ie", delay=p["delay_ie"] * ms,
                  namespace={"w_ie": p["w_ie"] * nS})
    ie.connect()
    m_inp, m_exc, m_inh = SpikeMonitor(inp, record=False), SpikeMonitor(exc), SpikeMonitor(inh, record=False)
    duration_ms = images * (p["on"] + p["off"])
    net = Network(inp, exc, inh, syn, ei, ie, m_inp, m_exc, m_inh)
    net.run(duration_ms * ms)

    _, build_s, _ = timed(lambda: device.build(directory=str(directory), compile=True, run=False, with_output=False))
    runs = []
    for _ in range(repeat):
        _, wall, cpu = timed(device.run, str(directory), False, [])
        runs.append({"wall": wall, "cpu": cpu, "loop": device._last_run_time})
    seconds = duration_ms / 1000.0
    return {
        "binary_wall_s": min(r["wall"] for r in runs),
        "binary_cpu_s": min(r["cpu"] for r in runs),
        "loop_cpu_s": min(r["loop"] for r in runs),
        "build_s": build_s,
        "rate_input": int(m_inp.num_spikes) / (p["n_input"] * seconds),
        "rate_exc": int(m_exc.num_spikes) / (n_exc * seconds),
        "rate_inh": int(m_inh.num_spikes) / (n_exc * seconds),
        "w_mean_end": float(np.mean(syn.w[:] / nS)),
        "version": brian2.__version__,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"), help="plastix binary")
    ap.add_argument("--experiment", default=str(ROOT / "experiments" / "fashion_stdp.toml"))
    ap.add_argument("--images", type=int, default=200, help="training images (default 200)")
    ap.add_argument("--neurons", type=int, default=400, help="excitatory (and inhibitory) neurons (default 400)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each simulator; the best is reported (default 1)")
    ap.add_argument("--only", choices=["plastix", "brian2"], help="run one simulator only")
    ap.add_argument("--brian2-dir", help="Brian2 standalone project directory (default: a temporary one, removed)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()
    p = network_parameters(args.experiment)
    if not Path(p["path"]).is_file():
        sys.exit(f"no data set at {p['path']}: install dataset-fashion-mnist (scripts/install-deps)")
    binary = Path(args.plastix)
    if args.only != "brian2" and not binary.is_file():
        sys.exit(f"no plastix binary at {binary}; build it first (make build)")
    repeat = max(1, args.repeat)
    seconds = args.images * (p["on"] + p["off"]) / 1000.0

    work = Path(tempfile.mkdtemp(prefix="plastix_diehl_cook_bench_"))
    b2dir = Path(args.brian2_dir) if args.brian2_dir else work / "brian2"
    px = b2 = None
    try:
        print(f"Diehl & Cook 2015 ({Path(args.experiment).name}): {p['n_input']} inputs, {args.neurons} exc + "
              f"{args.neurons} inh neurons, {args.images} images ({seconds:g} s of biological time), dt "
              f"{p['dt']:g} ms, single-threaded, best of {repeat}; CPU {cpu_model()}, {os.cpu_count()} cores, load "
              f"average {os.getloadavg()[0]:.2f}", flush=True)
        if args.only != "brian2":
            print("running plastix ...", flush=True)
            px = run_plastix(binary, args.experiment, p, args.neurons, args.images, work, repeat)
        if args.only != "plastix":
            print("running Brian2 (C++ standalone: generate, compile, run) ...", flush=True)
            b2 = run_brian2(p, args.neurons, args.images, b2dir, repeat)
    finally:
        if not args.brian2_dir:
            shutil.rmtree(work, ignore_errors=True)

    for d in (px, b2):
        if d:
            d["events"] = synaptic_events(args.neurons, p["n_input"], d["rate_input"], d["rate_exc"], d["rate_inh"],
                                          seconds)
            d["sim_s_per_cpu_s"] = seconds / d["loop_cpu_s"]
            d["events_per_cpu_s"] = d["events"] / d["loop_cpu_s"]

    def cell(d, key, f="11.3f"):
        return format(d[key], f) if d and key in d else f"{'—':>11s}"

    rows = [("whole run, wall [s] (no compilation)", "process_wall_s", "binary_wall_s", "11.2f"),
            ("whole run, CPU [s]", "process_cpu_s", "binary_cpu_s", "11.2f"),
            ("simulation loop, CPU [s]", "loop_cpu_s", "loop_cpu_s", "11.2f"),
            ("simulated seconds per CPU second (loop)", "sim_s_per_cpu_s", "sim_s_per_cpu_s", "11.2f"),
            ("synaptic events per CPU second (loop)", "events_per_cpu_s", "events_per_cpu_s", "11.3g"),
            ("synaptic events", "events", "events", "11.3g"),
            ("mean rate input [Hz]", "rate_input", "rate_input", "11.3f"),
            ("mean rate exc [Hz]", "rate_exc", "rate_exc", "11.3f"),
            ("mean rate inh [Hz]", "rate_inh", "rate_inh", "11.3f"),
            ("mean input→exc weight at the end [nS]", "w_mean_end", "w_mean_end", "11.4f")]
    print()
    print(f"plastix {(px or {}).get('version', '—')}, Brian2 {(b2 or {}).get('version', '—')}")
    print(f"{'':44s} {'plastix':>11s} {'Brian2':>11s}")
    for label, kp, kb, f in rows:
        print(f"{label:44s} {cell(px, kp, f)} {cell(b2, kb, f)}")
    print(f"{'Brian2 code generation + compilation [s]':44s} {'':11s} {cell(b2, 'build_s', '11.1f')}")
    ratios = {}
    if px and b2:
        ratios = {"ratio_whole_cpu": b2["binary_cpu_s"] / px["process_cpu_s"],
                  "ratio_loop_cpu": b2["loop_cpu_s"] / px["loop_cpu_s"]}
        print()
        print(f"Brian2/plastix (CPU time): whole run {ratios['ratio_whole_cpu']:.2f}, simulation loop "
              f"{ratios['ratio_loop_cpu']:.2f} (> 1: plastix is faster)")
    if args.json:
        Path(args.json).write_text(json.dumps({"images": args.images, "neurons": args.neurons, "cpu": cpu_model(),
                                               "plastix": px, "brian2": b2, **ratios}, indent=2, default=float))


if __name__ == "__main__":
    main()
