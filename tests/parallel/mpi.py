#!/usr/bin/python3
"""MPI across processes (docs/parallel.md): ready experiments run with `mpirun -n K plastix run` for K = 1, 2 and 3
give bitwise the same results as a plain run in one process (scripts/compare-results: data.h5 and summary.json,
tables included). A network of COBA neurons with rules that split by target neuron is distributed (each process
updates its neurons); spine_turnover (structural plasticity) and COBA with neurogenesis are distributed too, every process holding
every synapse and rewiring the whole projection alike. An error in the
description stops every process with the message printed once; checkpoints are refused; K processes of 2 threads
each give the results of one.

  mpi.py PLASTIX OUTROOT --mpirun MPIEXEC [--only NAME ...]

The runs (reduced as in threads.py): COBA + pair STDP on E→E (100 ms), COBA + triplet STDP with delays of 0.1–2 ms,
COBA + a rule written as equations (threads.EQUATIONS) with such delays, COBA + pair STDP with delays of 1–3 ms and
of 0.3–2 ms (spikes exchanged once per shortest delay; spike, state and weight monitors; the exchanges counted), COBA
(1000 neurons, 1.1 s) with the calcium
rule and state and weight monitors, COBA with dopamine_stdp, with reward_stdp and with pair STDP modulated_by a
modulator (rewards from spikes), COBA + STDP (1000 neurons, 300 ms) with normalization or with synaptic scaling
every 50 ms, with calcium_control, with pf_purkinje and one climbing fibre, with clopath and a monitor of its ū− (gathered from the owners), with tag_trigger, presynaptic and voltage induction (its random numbers keyed by whole-projection ids), calcium_stdp (3 points of its sweep; one post neuron), spine_turnover, COBA + STDP with
neurogenesis (200 neurons born at the start of a second phase) and
stdp_window (3 points of its sweep); the spike exchanges counted; sweeps whose points are shared out over the
processes (a point that overflows among them) or, with fewer points than processes, shared among them; a distributed
run whose per-synapse state overflows (it stops as in one process); which runs keep only their own synapses in each
process (storage shared out) and how many each holds. Exit status 0
when every comparison is identical and every check holds."""
import os
import subprocess
import sys
import time

from split_check import ROOT, compare, load, prepare, run

threads = load("threads", "tests/parallel/threads.py")

CALCIUM = ('  [[projection.plasticity]]\n  rule = "calcium"\n  preset = "DP"\n  w0 = "2 nS"\n  w1 = "10 nS"\n'
           '  up_fraction = 0.5\n')
MONITORS = ('\n[[monitor]]\ntype = "state"\npopulation = "exc"\nvariable = "v"\nneurons = [0, 100, 500, 799]\n'
            'interval = "5 ms"\n\n[[monitor]]\ntype = "weights"\nname = "ee_every_50ms"\nprojection = "ee"\n'
            'interval = "50 ms"\n')


DOPAMINE = ('  [[projection.plasticity]]\n  rule = "dopamine_stdp"\n  modulator = "dopamine"\n  a_plus = 0.1\n'
            '  a_minus = 0.15\n  tau_c = "200 ms"\n  eta = 5.0\n  baseline = "0.002 uM"\n  w_min = "0 nS"\n'
            '  w_max = "12 nS"\n  update_interval = "100 ms"\n')
REWARD = ('\n[[modulator]]\nname = "dopamine"\ntau = "200 ms"\n  [[modulator.reward]]\n  pre = "exc"\n  pre_neuron = 0\n'
          '  post = "exc"\n  post_neuron = 16\n  window = "20 ms"\n  delay_min = "10 ms"\n  delay_max = "100 ms"\n'
          '  amount = "0.5 uM"\n')
# reward_stdp (Frémaux et al. 2010): M = d − d̄, the running mean d̄ of the modulator extended once per step (after
# the modulators) and read by the event hooks of every process; pair STDP whose rates the modulator scales
# (modulated_by: the factor set once per step, after the modulators).
REWARD_STDP = ('  [[projection.plasticity]]\n  rule = "reward_stdp"\n  modulator = "dopamine"\n  a_plus = 0.1\n'
               '  a_minus = 0.15\n  tau_e = "200 ms"\n  eta = 5.0\n  tau_mean = "100 ms"\n  w_min = "0 nS"\n'
               '  w_max = "12 nS"\n  update_interval = "100 ms"\n')
SCHEDULED_REWARD = REWARD.replace('tau = "200 ms"\n', 'tau = "200 ms"\ntimes = ["20 ms", "70 ms", "400 ms"]\n'
                                   'amounts = ["0.5 uM", "0.2 uM", "0.4 uM"]\n')
MODULATED_STDP = (threads.coba_stdp.plasticity_table(threads.coba_stdp.STDP) +
                  '  modulated_by = { modulator = "dopamine", gain = 2.0, baseline = "0.1 uM" }\n')
# Pair STDP and structural plasticity every 50 ms (pruning weak synapses, creating new ones towards an in-degree of
# 18): the fast steps between rewirings deliver through the rewired projection on every process.
STRUCTURAL = (threads.coba_stdp.plasticity_table(threads.coba_stdp.STDP) +
              '\n  [[projection.plasticity]]\n  rule = "structural"\n  interval = "50 ms"\n  target = 18\n'
              '  tau_prune = "200 ms"\n  w_prune = "5 nS"\n  w_width = "1 nS"\n  tau_create = "200 ms"\n'
              '  weight = "6 nS"\n  tau_fluct = "500 ms"\n  sigma_fluct = 0.2\n  w_median = "6 nS"\n'
              '  report_interval = "100 ms"\n')
# Pair STDP followed by a slow rule on the same synapses: normalization of each neuron's inputs, or synaptic scaling
# towards a target rate (every 50 ms: several slow hooks in a run, each after the owners' state is gathered).
NORMALIZATION = (threads.coba_stdp.plasticity_table(threads.coba_stdp.STDP) +
                 '\n  [[projection.plasticity]]\n  rule = "normalization"\n  total = "90 nS"\n  interval = "50 ms"\n')
SCALING = (threads.coba_stdp.plasticity_table(threads.coba_stdp.STDP) +
           '\n  [[projection.plasticity]]\n  rule = "scaling"\n  target_rate = "5 Hz"\n  beta = 0.002\n'
           '  tau_avg = "100 ms"\n  interval = "50 ms"\n')
# calcium_control (Shouval et al. 2002), tag_trigger (Clopath et al. 2008; late phase every 10 ms) and pf_purkinje
# with one climbing fibre, each on E→E.
CALCIUM_CONTROL = '  [[projection.plasticity]]\n  rule = "calcium_control"\n'
# (weights of 5–8 nS keep the network firing, and tags come at its spikes)
TAG_TRIGGER_BASE = '  [[projection.plasticity]]\n  rule = "tag_trigger"\n  slow_step = "10 ms"\n  z_up_fraction = 0.3\n  w0 = 5.0\n'
TAG_TRIGGER = TAG_TRIGGER_BASE + '  induction = "presynaptic"\n  p_ltp = 0.05\n'
TAG_TRIGGER_VOLTAGE = TAG_TRIGGER_BASE + '  induction = "voltage"\n  theta_ltp = "-55 mV"\n'
# clopath on LIF neurons: ū± filtered from v (LTP above θ+ = −52 mV, below the threshold of −50 mV)
CLOPATH = ('  [[projection.plasticity]]\n  rule = "clopath"\n  theta_plus = "-52 mV"\n  a_ltp = 0.001\n'
           '  a_ltd = 0.002\n  w_min = "0 nS"\n  w_max = "12 nS"\n')
U_MINUS = ('\n[[monitor]]\ntype = "state"\nprojection = "ee"\nvariable = "u_minus"\nneurons = [0, 100, 500, 799]\n'
           'interval = "5 ms"\n')
PF_PURKINJE = ('  [[projection.plasticity]]\n  rule = "pf_purkinje"\n  climbing_fibre = "cf"\n  a_ltd = "0.5 nS"\n'
               '  a_ltp = "0.01 nS"\n  w_min = "0 nS"\n  w_max = "12 nS"\n')
CLIMBING_FIBRE = ('\n[[population]]\nname = "cf"\nsize = 1\nmodel = "spike_times"\n'
                  'times = [["10 ms", "60 ms", "110 ms", "160 ms", "210 ms", "260 ms"]]\n')


def coba_intrinsic_file(out):
    """COBA + pair STDP with intrinsic plasticity on the excitatory neurons (a bias current towards 5 Hz, every 20 ms: the network, silent after its first spikes, fires again)."""
    path = coba_file_with(out, "coba_intrinsic", threads.coba_stdp.plasticity_table(threads.coba_stdp.STDP), MONITORS)
    text = open(path).read()
    inh = '\n[[population]]\nname = "inh"'
    assert inh in text
    text = text.replace(inh, '\n  [population.intrinsic]\n  target_rate = "5 Hz"\n  eta = 500.0\n  tau_avg = "100 ms"\n'
                        '  interval = "20 ms"\n' + inh, 1)
    with open(path, "w") as fh:
        fh.write(text)
    return path


def coba_file_with(out, name, plasticity, extra):
    """COBA with `plasticity` on E→E instead of pair STDP, and `extra` tables after the network."""
    text = open(threads.coba_file(out, "stdp")).read()
    head, sep, tail = text.partition("  [[projection.plasticity]]")
    tail = tail[tail.index("\n[") + 1:] if "\n[" in tail else ""
    path = os.path.join(out, name + ".toml")
    with open(path, "w") as fh:
        fh.write(head + plasticity + "\n" + tail + extra)
    return path


def coba_delays_file(out, name, delays, extra):
    """COBA + pair STDP on E→E with every delay drawn from `delays` (a TOML value) and `extra` tables after it: the
    spikes are exchanged once per shortest delay (docs/parallel.md)."""
    text = open(threads.coba_file(out, "stdp")).read().replace('delay = "0.1 ms"', "delay = " + delays)
    path = os.path.join(out, name + ".toml")
    with open(path, "w") as fh:
        fh.write(text + extra)
    return path


SMALL = ["population.exc.size=800", "population.inh.size=200"]
# name: (file or a maker, extra overrides, whether it is distributed)
RUNS = {
    "coba_stdp": (lambda out: threads.coba_file(out, "stdp"), ["experiment.duration=100 ms"], True),
    "coba_triplet_delays": (lambda out: threads.coba_file(out, "triplet"), ["experiment.duration=100 ms"], True),
    "coba_equations_delays": (lambda out: threads.coba_file(out, "equations"), ["experiment.duration=100 ms"], True),
    "coba_calcium_monitors": (lambda out: coba_file_with(out, "coba_calcium", CALCIUM, MONITORS),
                              SMALL + ["experiment.duration=1100 ms"], True),
    # the three-factor rule: on_transmit brings a spike's synapses up to now on every process, slow hooks after a
    # gathering, rewards from spikes of neurons owned by different processes
    "coba_dopamine": (lambda out: coba_file_with(out, "coba_dopamine", DOPAMINE, REWARD + MONITORS),
                      SMALL + ["experiment.duration=1100 ms"], True),
    "coba_reward_stdp": (lambda out: coba_file_with(out, "coba_reward_stdp", REWARD_STDP, SCHEDULED_REWARD + MONITORS),
                         SMALL + ["experiment.duration=1100 ms"], True),
    "coba_modulated_stdp": (lambda out: coba_file_with(out, "coba_modulated_stdp", MODULATED_STDP, SCHEDULED_REWARD + MONITORS),
                            SMALL + ["experiment.duration=300 ms"], True),
    # shortest delay 1 ms: one exchange per 10 steps, ending with the finite guard's every 1 ms (coba.toml records spikes)
    "coba_stdp_delays_1ms": (lambda out: coba_delays_file(out, "coba_delays_1ms", '{ uniform = ["1 ms", "3 ms"] }', ""),
                             ["experiment.duration=200 ms"], True),
    # shortest delay 0.3 ms: blocks of 3 steps, cut by the guard (every 10 steps) and by the samples of state and
    # weight monitors (every 5 and 50 ms)
    "coba_stdp_delays_03ms": (lambda out: coba_delays_file(out, "coba_delays_03ms", '{ uniform = ["0.3 ms", "2 ms"] }',
                                                           MONITORS),
                              SMALL + ["experiment.duration=300 ms"], True),
    "coba_stdp_normalization": (lambda out: coba_file_with(out, "coba_normalization", NORMALIZATION, MONITORS),
                                SMALL + ["experiment.duration=300 ms"], True),
    "coba_stdp_scaling": (lambda out: coba_file_with(out, "coba_scaling", SCALING, MONITORS),
                          SMALL + ["experiment.duration=300 ms"], True),
    "coba_calcium_control": (lambda out: coba_file_with(out, "coba_calcium_control", CALCIUM_CONTROL, MONITORS),
                             SMALL + ["experiment.duration=300 ms"], True),
    # its random numbers keyed by each synapse's id in the whole projection, not in the process's share
    "coba_tag_trigger": (lambda out: coba_file_with(out, "coba_tag_trigger", TAG_TRIGGER, MONITORS),
                         SMALL + ["experiment.duration=300 ms"], True),
    "coba_tag_trigger_voltage": (lambda out: coba_file_with(out, "coba_tag_trigger_voltage", TAG_TRIGGER_VOLTAGE,
                                                            MONITORS), SMALL + ["experiment.duration=300 ms"], True),
    # its filtered voltages ū± gathered from the neurons' owners before a monitor of u_minus reads them
    "coba_clopath": (lambda out: coba_file_with(out, "coba_clopath", CLOPATH, MONITORS + U_MINUS),
                     SMALL + ["experiment.duration=300 ms"], True),
    "coba_pf_purkinje": (lambda out: coba_file_with(out, "coba_pf_purkinje", PF_PURKINJE, CLIMBING_FIBRE + MONITORS),
                         SMALL + ["experiment.duration=300 ms"], True),
    "calcium_stdp": ("calcium_stdp", threads.THREE_POINTS, True),
    # intrinsic plasticity: every process counts every neuron's spikes (exchanged at each step) and sets the same biases
    "coba_intrinsic": (coba_intrinsic_file, SMALL + ["experiment.duration=300 ms"], True),
    # structural plasticity: every process holds every synapse and rewires the whole projection alike
    "coba_structural": (lambda out: coba_file_with(out, "coba_structural", STRUCTURAL, MONITORS),
                        SMALL + ["experiment.duration=300 ms"], True),
    "spine_turnover": ("spine_turnover", [], True),
    # neurogenesis: every process holds every synapse and wires in the same held-back ones at the birth
    "coba_neurogenesis": (lambda out: threads.coba_neurogenesis_file(out, MONITORS), threads.SMALL, True),
    "stdp_window": ("stdp_window", threads.THREE_POINTS, None),
}
REPLICATED = "every process computes the whole run"
# The distributed single runs whose processes each keep only the synapses onto their neurons (storage shared out;
# weights monitors put their samples together from every process); the others read a projection's synapses as a
# whole (a rule state monitor, calcium's readouts), and rank 0 says once that every process holds them all.
SHARED_STORAGE = {"coba_stdp", "coba_triplet_delays", "coba_stdp_delays_1ms", "coba_stdp_delays_03ms", "coba_dopamine",
                  "coba_reward_stdp", "coba_modulated_stdp", "coba_intrinsic",
                  "coba_stdp_normalization", "coba_stdp_scaling", "coba_calcium_control", "coba_pf_purkinje", "coba_tag_trigger",
                  "coba_tag_trigger_voltage"}
WHOLE_STORAGE = "holds every synapse"


def mpirun(a, k):
    """The launcher's command for k processes (as root, as in CI: --allow-run-as-root; 3 processes on 2 cores)."""
    cmd = [a.mpirun, "-n", str(k), "--oversubscribe"]
    if os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    return cmd


def arguments():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("plastix")
    ap.add_argument("outroot")
    ap.add_argument("--mpirun", default="mpirun")
    ap.add_argument("--only", nargs="*")
    return ap.parse_args()


def check_runs(a, lines):
    failed = 0
    for name, (what, extra, distributed) in RUNS.items():
        if a.only and name not in a.only:
            continue
        started = time.monotonic()
        out, f, args = prepare(a.outroot, name, what, extra)
        r = run([a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/plain"] + args)
        if r.returncode != 0:
            lines.append(f"{name}: FAIL in one process: rc {r.returncode}: {r.stderr.strip()[-400:]}")
            failed += 1
            continue
        for k in (1, 2, 3):
            r = run(mpirun(a, k) + [a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/ranks{k}"] + args)
            if r.returncode != 0:
                failed += 1
                lines.append(f"{name}: FAIL with {k} processes: rc {r.returncode}: {r.stderr.strip()[-600:]}")
                continue
            said = r.stderr.count(REPLICATED)
            if k > 1 and distributed is not None and said != (0 if distributed else 1):
                failed += 1
                lines.append(f"{name}: FAIL with {k} processes: expected it to run " +
                             ("distributed" if distributed else "replicated, saying so once") +
                             f"; stderr: {r.stderr.strip()[-400:]}")
            storage = ""
            if k > 1 and distributed and (name.startswith("coba") or name == "spine_turnover"):  # (not sweeps: points shared out)
                shared = name in SHARED_STORAGE
                if r.stderr.count(WHOLE_STORAGE) != (0 if shared else 1):
                    failed += 1
                    lines.append(f"{name}: FAIL with {k} processes: expected its storage " +
                                 ("shared out" if shared else "whole on every process, saying so once") +
                                 f"; stderr: {r.stderr.strip()[-400:]}")
                storage = ", storage shared out" if shared else ", every synapse on every process"
            same, diff = compare(f"{out}/plain", f"{out}/ranks{k}")
            failed += not same
            lines.append(f"{name}: {k} processes " + ("identical to one" if same else "DIFFER: " + diff) +
                         ("" if k == 1 or distributed is None else f" (distributed{storage})" if distributed else
                          " (replicated)"))
        lines.append(f"{name}: {time.monotonic() - started:.1f} s")
    return failed


def check_threads_in_processes(a, lines):
    """K processes of T threads each (thread t of process r owns part r·T + t of K·T) give the results of one
    process: 2 × 2 and 3 × 2 against the plain run of check_runs (which must have run first)."""
    failed = 0
    for name in ("coba_stdp", "coba_stdp_delays_03ms", "coba_equations_delays", "calcium_stdp"):
        if a.only and name not in a.only:
            continue
        what, extra, _ = RUNS[name]
        out, f, args = prepare(a.outroot, name, what, extra, fresh=False)
        for k in (2, 3):
            r = run(mpirun(a, k) + [a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/ranks{k}_threads2",
                                    "--threads", "2"] + args)
            same, diff = compare(f"{out}/plain", f"{out}/ranks{k}_threads2") if r.returncode == 0 else (False, "")
            if REPLICATED in r.stderr:
                same, diff = False, "it ran replicated"
            failed += not same
            lines.append(f"{name}: {k} processes of 2 threads " + ("identical to one" if same else
                         f"DIFFER or failed (rc {r.returncode}): {diff} {r.stderr.strip()[-400:]}"))
    return failed


# runs whose spikes are exchanged once per block: name -> the most steps a block holds (the shortest delay)
BLOCKS = {"coba_stdp": 1, "coba_stdp_delays_1ms": 10, "coba_stdp_delays_03ms": 3}


def check_exchanges(a, lines):
    """The spike exchanges a distributed run makes (PLASTIX_MPI_TIMING=1: rank 0 counts them): one per step with
    delays of one step, about one per shortest delay otherwise (blocks also end before the finite guard, every 1 ms,
    before a monitor's sample and at the end of each run segment), never fewer."""
    import re
    failed = 0
    for name, block in BLOCKS.items():
        if a.only and name not in a.only:
            continue
        what, extra, _ = RUNS[name]
        out, f, args = prepare(a.outroot, name + "_timing", what, extra)
        r = subprocess.run(mpirun(a, 2) + [a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/x"] + args,
                           capture_output=True, text=True, env=dict(os.environ, PLASTIX_MPI_TIMING="1"))
        m = re.search(r"(\d+) spike exchanges for (\d+) steps", r.stderr)
        if r.returncode != 0 or not m:
            failed += 1
            lines.append(f"{name}: FAIL: no exchange count: rc {r.returncode}, stderr {r.stderr.strip()[-400:]}")
            continue
        exchanges, steps = int(m.group(1)), int(m.group(2))
        least = -(-steps // block)  # a block never holds more than `block` steps
        # a block also ends at each multiple of 10 steps (the guard) and at each segment's end (a few)
        most = least if block == 1 else least + steps // 10 + 10
        ok = least <= exchanges <= most
        failed += not ok
        lines.append(f"{name}: {exchanges} spike exchanges for {steps} steps (blocks of at most {block}): " +
                     ("as expected" if ok else f"FAIL: expected {least} to {most}"))
        # the synapses each process holds: with storage shared out, each the synapses onto its own neurons
        held = re.search(r"synapses held by each process: ([\d, ]+) \(of (\d+)\)", r.stderr)
        if not held:
            failed += 1
            lines.append(f"{name}: FAIL: no count of the synapses held: {r.stderr.strip()[-400:]}")
        else:
            each, whole = [int(x) for x in held.group(1).split(", ")], int(held.group(2))
            shared = name in SHARED_STORAGE
            ok = len(each) == 2 and (sum(each) == whole and max(each) < 0.6 * whole if shared else
                                     each == [whole, whole])
            failed += not ok
            lines.append(f"{name}: synapses held by the 2 processes {each} of {whole}: " +
                         (("shared out" if shared else "every one on each") if ok else
                          "FAIL: expected " + ("shares adding up to the whole" if shared else "all on each")))
        # without state or weight monitors the state is gathered once: at the phase's end, not again for the results
        gathers = re.search(r"(\d+) state gathers", r.stderr)
        if name != "coba_stdp_delays_03ms":  # the one with monitors
            once = gathers is not None and int(gathers.group(1)) == 1
            failed += not once
            lines.append(f"{name}: the state gathered " + ("once" if once else
                         f"FAIL: {gathers.group(1) if gathers else 'no count'} times, expected once"))
    return failed


def check_sweep_points(a, lines):
    """A sweep with at least as many points as processes has its points shared out, each computed by one process
    (none says it computes a whole run); with fewer, each point is shared among them. Either way the results are those
    of one process, and a point that stops (a value overflows in the third of five) is reported by every process as
    in one process, with the same results up to it in <DIR>.incomplete/."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "python"))
    guard = load("test_runtime_guard", "tests/python/test_runtime_guard.py")
    failed = 0
    out = os.path.join(a.outroot, "sweep_points")
    subprocess.run(["rm", "-rf", out])
    os.makedirs(out)
    cases = {  # name: (axis values, processes, whether the points are shared out)
        "five_points_one_stops": (["100 s", "200 s", "10 ms", "300 s", "400 s"], (2, 3), True),
        "two_points": (["100 s", "200 s"], (3,), False),
        "a_point_is_invalid": (["100 s", "-5 s", "300 s"], (3,), True),  # computed by process 1; nothing written
    }
    for name, (values, ks, by_points) in cases.items():
        f = os.path.join(out, name + ".toml")
        with open(f, "w") as fh:
            fh.write(guard.runaway_sweep(values))
        args = ["--no-report", f, "-q", "--set", "experiment.duration=5 s"]
        plain = run([a.plastix, "run", "-o", f"{out}/{name}_plain"] + args)
        error = [line for line in plain.stderr.splitlines() if line.startswith("plastix: error")]
        done = f"{out}/{name}_plain" + (".incomplete" if plain.returncode else "")
        for k in ks:
            r = run(mpirun(a, k) + [a.plastix, "run", "-o", f"{out}/{name}_ranks{k}"] + args)
            said = [line for line in r.stderr.splitlines() if line.startswith("plastix: error")]
            replicated = r.stderr.count(REPLICATED)
            mine = f"{out}/{name}_ranks{k}" + (".incomplete" if r.returncode else "")
            same, diff = compare(done, mine) if os.path.exists(done) else (not os.path.exists(mine), "written")
            ok = (r.returncode == plain.returncode and said == error and same and
                  (replicated == 0) == by_points)
            failed += not ok
            lines.append(f"sweep {name}: {k} processes " + (
                f"as one (rc {r.returncode}, {'points shared out' if by_points else 'each point shared'})" if ok else
                f"FAIL: rc {r.returncode} against {plain.returncode}, errors {said} against {error}, said "
                f"'{REPLICATED}' {replicated} times, {'identical' if same else diff}"))
    return failed


# A rule written as equations whose per-synapse z grows as exp(t·(v_post + 75 mV)/(mV·ms)): it overflows after tens
# of ms, first on the synapses onto the most depolarised post neurons, which may belong to any process.
OVERFLOW = ('  [[projection.plasticity]]\n  rule = "equations"\n  label = "overflow"\n  w_min = "0 nS"\n'
            '  w_max = "10 nS"\n  constants = { tau_z = "1 ms" }\n  synapse = { z = "1" }\n'
            '  equations = "dz/dt = z*(v_post + 75*mV)/mV/tau_z"\n  on_pre = "w += 0*z"\n')


def check_nonfinite(a, lines):
    """A distributed run whose state overflows stops as in one process: at the same time, with the same message
    (every non-finite value at that moment) and the same results up to it in <DIR>.incomplete/ — while each process
    scans only the values it owns for the finite guard (sim/finite_guard.hpp set_owned)."""
    failed = 0
    out = os.path.join(a.outroot, "nonfinite")
    subprocess.run(["rm", "-rf", out])
    os.makedirs(out)
    f = coba_file_with(out, "coba_overflow", OVERFLOW, "")
    args = ["--no-report", f, "-q", "--set", "experiment.duration=200 ms"] + [x for s in SMALL for x in ("--set", s)]
    plain = run([a.plastix, "run", "-o", f"{out}/plain"] + args)
    def message(stderr):  # the error, every line of it, printed once
        said = stderr.splitlines()
        first = [i for i, line in enumerate(said) if line.startswith("plastix: error")]
        if len(first) != 1:
            return said
        block = [said[first[0]]]
        for line in said[first[0] + 1:]:  # its lines go on indented
            if not line.startswith("  "):
                break
            block.append(line)
        return block
    error = message(plain.stderr)
    if plain.returncode == 0 or not error or "per-synapse variable 'z': inf" not in plain.stderr:
        lines.append(f"nonfinite: FAIL: one process did not stop on the overflow (rc {plain.returncode}): "
                     f"{plain.stderr.strip()[-400:]}")
        return 1
    for k in (2, 3):
        r = run(mpirun(a, k) + [a.plastix, "run", "-o", f"{out}/ranks{k}"] + args)
        said = message(r.stderr)
        same, diff = compare(f"{out}/plain.incomplete", f"{out}/ranks{k}.incomplete")
        # storage shared out: the message's counts and first synapse come from every process's share
        ok = (r.returncode == plain.returncode and said == error and same and REPLICATED not in r.stderr and
              WHOLE_STORAGE not in r.stderr)
        failed += not ok
        lines.append(f"nonfinite: {k} processes " + (f"stop as one ({error[0][:90]}...)" if ok else
                     f"FAIL: rc {r.returncode} against {plain.returncode}, errors {said} against {error}, "
                     f"{'identical' if same else diff}"))
    return failed


def check_errors(a, lines):
    """An error stops every process, printed once; what is not supported under MPI is refused before the run."""
    failed = 0
    out = os.path.join(a.outroot, "errors")
    subprocess.run(["rm", "-rf", out])
    os.makedirs(out)
    f = threads.coba_file(out, "stdp")
    cases = [
        ("a bad --set", ["--set", "population.exc.size=-4"], "error", 2),
        ("a checkpoint option", ["--checkpoint-at-end"], "not supported yet", 2),
    ]
    for what, extra, message, status in cases:
        r = run(mpirun(a, 2) + [a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/x",
                                "--set", "experiment.duration=20 ms"] + extra)
        lines_said = [line for line in r.stderr.splitlines() if line.startswith("plastix: error")]
        ok = r.returncode != 0 and len(lines_said) == 1 and message in lines_said[0] and not os.path.exists(f"{out}/x")
        failed += not ok
        lines.append(f"errors: {what} under mpirun -n 2: " + ("refused once, nothing written" if ok else
                     f"FAIL: rc {r.returncode}, stderr {r.stderr.strip()[-600:]}"))
    return failed


def main():
    a = arguments()
    lines = []
    failed = check_runs(a, lines)
    failed += check_threads_in_processes(a, lines)
    failed += check_exchanges(a, lines)
    if not a.only or "sweep_points" in a.only:
        failed += check_sweep_points(a, lines)
    if not a.only or "nonfinite" in a.only:
        failed += check_nonfinite(a, lines)
    if not a.only or "errors" in a.only:
        failed += check_errors(a, lines)
    print("\n".join(lines))
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
