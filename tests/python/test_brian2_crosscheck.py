"""Cross-check plastix against Brian2 on small networks both can express exactly.

The same network is written once as a plain Python description and rendered twice: as a plastix experiment file
(run with the `plastix` binary) and as a Brian2 model (runtime mode, numpy target). Every conductance-/current-based
LIF neuron must spike in exactly the same time steps in both, and the membrane potential and synaptic state must
agree to rounding error at every step.

The two simulators agree on these conventions (include/plastix/neuron/lif.hpp; Brian2 documentation):
- exponential Euler for the membrane (Brian2 method='exponential_euler'), exact decay of the synaptic variables;
- threshold v >= v_th, reset v = v_reset, v clamped during t_ref (Brian2 `(unless refractory)`);
- a spike emitted in step s through a delay of d steps is delivered at the end of step s + d (Brian2 delay = d·dt);
- spikes are stamped t = s·dt; state monitors sample the state at the start of a step.

Two kinds of network:
- small hand-made ones (conductance-based, conductance-based with rise times, current-based): connectivity as explicit lists with per-synapse weights and
  delays (0 to 23 steps, one repeated pair), explicit input spike times; nothing random except what the test fixes
  with its own seed. Spikes must agree exactly, and v and every receptor state to 1e-9 at every step.
- a COBA-like random network (1000 neurons) built by plastix's fixed_probability connector and initial-value
  distributions; the realized synapses and initial voltages are read back from data.h5 and rebuilt in Brian2.
  The network is chaotic, so this also shows that the arithmetic agrees closely enough for hundreds of ms:
  should it ever fail only late in the run, compare the first differing spikes with the small tests' state check.

Environment: PLASTIX_BINARY (default <source>/build/bin/plastix), PLASTIX_SOURCE_DIR, PLASTIX_BUILD_DIR.
"""

import subprocess

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from plastix_paths import plastix_binary  # noqa: E402

DT = 0.1  # [ms]
DURATION = 300.0  # [ms]



# ---------------------------------------------------------------------------------------------------------------
# The network description (internal units: ms, mV, nS, pA, pF).


def quantize(x, grid):
    """Round to a decimal grid so that the value prints exactly the same in TOML and in Python."""
    return np.round(np.asarray(x) / grid) * grid


def make_network(kind, seed=20240611):
    """A spike_times source driving 16 excitatory + 4 inhibitory LIF neurons with recurrent E and I projections.

    kind: "conductance" (weights in nS), "rise" (conductances with a rise time: difference of exponentials whose
    peak is the weight) or "current" (weights in pA)."""
    rng = np.random.RandomState(seed)
    n_in, n_exc, n_inh = 10, 16, 4

    # Input: Poisson-like trains at 40 Hz, on the 0.1 ms grid, at most one spike per step.
    times = []
    for _ in range(n_in):
        steps = np.unique(rng.randint(10, int((DURATION - 20.0) / DT), size=int(0.04 * DURATION)))
        times.append([int(s) for s in steps])

    if kind == "conductance":
        receptors = {
            "exc": dict(kind="conductance", tau_decay=5.0, e_rev=0.0),
            "inh": dict(kind="conductance", tau_decay=10.0, e_rev=-80.0),
        }
        w_in, w_ee, w_ei, w_ie, w_ii = (4.0, 12.0), (1.0, 4.0), (2.0, 6.0), (8.0, 25.0), (5.0, 15.0)
        grid = 0.01  # nS
    elif kind == "rise":
        receptors = {
            "exc": dict(kind="conductance", tau_decay=5.0, tau_rise=1.0, e_rev=0.0),
            "inh": dict(kind="conductance", tau_decay=10.0, tau_rise=0.5, e_rev=-80.0),
        }
        w_in, w_ee, w_ei, w_ie, w_ii = (3.0, 9.0), (1.0, 3.0), (2.0, 5.0), (6.0, 20.0), (4.0, 12.0)
        grid = 0.01  # nS
    else:
        receptors = {
            "exc": dict(kind="current", tau_decay=5.0),
            "inh": dict(kind="current", tau_decay=10.0),
        }
        w_in, w_ee, w_ei, w_ie, w_ii = (150.0, 400.0), (40.0, 150.0), (80.0, 200.0), (-500.0, -150.0), (-300.0, -100.0)
        grid = 0.1  # pA

    lif_exc = dict(c_m=200.0, g_l=10.0, e_l=-60.0, v_th=-50.0, v_reset=-60.0, t_ref=5.0, i_e=0.0, v0=-55.0)
    lif_inh = dict(c_m=150.0, g_l=12.0, e_l=-65.0, v_th=-52.0, v_reset=-62.0, t_ref=2.0, i_e=60.0, v0=-58.0)

    # Delays in steps: 0 (same-step delivery), 1 (plastix's default), and longer ones.
    delay_choices = np.array([0, 1, 2, 5, 10, 23])

    def random_list(n_pre, n_post, k, w_range, same):
        pairs = []
        for post in range(n_post):
            candidates = [p for p in range(n_pre) if not (same and p == post)]
            for pre in rng.choice(candidates, size=k, replace=False):
                pairs.append((int(pre), post))
        # One multapse: the same pair twice, so repeated (pre, post) pairs are exercised.
        pairs.append(pairs[0])
        weights = quantize(rng.uniform(*w_range, size=len(pairs)), grid)
        delays = rng.choice(delay_choices, size=len(pairs))
        return dict(pairs=pairs, weights=[float(w) for w in weights], delays=[int(d) for d in delays])

    populations = {
        "input": dict(model="spike_times", size=n_in, times=times),
        "exc": dict(model="lif", size=n_exc, params=lif_exc, receptors=receptors),
        "inh": dict(model="lif", size=n_inh, params=lif_inh, receptors=receptors),
    }
    projections = {
        "in_exc": dict(pre="input", post="exc", receptor="exc", **random_list(n_in, n_exc, 4, w_in, False)),
        "in_inh": dict(pre="input", post="inh", receptor="exc", **random_list(n_in, n_inh, 3, w_in, False)),
        "ee": dict(pre="exc", post="exc", receptor="exc", **random_list(n_exc, n_exc, 3, w_ee, True)),
        "ei": dict(pre="exc", post="inh", receptor="exc", **random_list(n_exc, n_inh, 5, w_ei, False)),
        "ie": dict(pre="inh", post="exc", receptor="inh", **random_list(n_inh, n_exc, 2, w_ie, False)),
        "ii": dict(pre="inh", post="inh", receptor="inh", **random_list(n_inh, n_inh, 1, w_ii, True)),
    }
    return dict(kind=kind, populations=populations, projections=projections)


# ---------------------------------------------------------------------------------------------------------------
# plastix


def fmt(x, unit):
    return f'"{float(x)!r} {unit}"'


def to_toml(net):
    weight_unit = "pA" if net["kind"] == "current" else "nS"
    lines = [
        "[experiment]",
        'name = "brian2_crosscheck"',
        "seed = 1",
        f"dt = {fmt(DT, 'ms')}",
        f"duration = {fmt(DURATION, 'ms')}",
        "",
    ]
    for name, pop in net["populations"].items():
        lines += ["[[population]]", f'name = "{name}"', f'model = "{pop["model"]}"']
        if pop["model"] == "spike_times":
            lists = ", ".join("[" + ", ".join(fmt(s * DT, "ms") for s in ts) + "]" for ts in pop["times"])
            lines.append(f"times = [{lists}]")
        else:
            p = pop["params"]
            lines.append(f"size = {pop['size']}")
            units = dict(c_m="pF", g_l="nS", e_l="mV", v_th="mV", v_reset="mV", t_ref="ms", i_e="pA")
            for key, unit in units.items():
                lines.append(f"{key} = {fmt(p[key], unit)}")
            lines.append(f"init = {{ v = {fmt(p['v0'], 'mV')} }}")
            for rname, r in pop["receptors"].items():
                lines += ["  [[population.receptor]]", f'  name = "{rname}"', f'  kind = "{r["kind"]}"',
                          f"  tau_decay = {fmt(r['tau_decay'], 'ms')}"]
                if r.get("tau_rise"):
                    lines.append(f"  tau_rise = {fmt(r['tau_rise'], 'ms')}")
                if r["kind"] == "conductance":
                    lines.append(f"  e_rev = {fmt(r['e_rev'], 'mV')}")
        lines.append("")
    for name, proj in net["projections"].items():
        lines += [
            "[[projection]]",
            f'name = "{name}"',
            f'pre = "{proj["pre"]}"',
            f'post = "{proj["post"]}"',
            f'receptor = "{proj["receptor"]}"',
            'connector = "list"',
            "pairs = [" + ", ".join(f"[{a}, {b}]" for a, b in proj["pairs"]) + "]",
            "weights = [" + ", ".join(fmt(w, weight_unit) for w in proj["weights"]) + "]",
            "delays = [" + ", ".join(fmt(d * DT, "ms") for d in proj["delays"]) + "]",
            "",
        ]
    for name, pop in net["populations"].items():
        lines += ["[[monitor]]", f'name = "{name}"', 'type = "spikes"', f'population = "{name}"', ""]
        if pop["model"] == "lif":
            for var in ["v"] + [f"g_{r}" for r in pop["receptors"]]:
                lines += ["[[monitor]]", f'name = "{name}_{var}"', 'type = "state"', f'population = "{name}"',
                          f'variable = "{var}"', ""]
    return "\n".join(lines)


def run_plastix(net, tmp_path):
    binary = plastix_binary()
    exp = tmp_path / "crosscheck.toml"
    exp.write_text(to_toml(net))
    out = tmp_path / "out"
    proc = subprocess.run([str(binary), "run", str(exp), "-o", str(out), "-q"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, f"plastix failed:\n{proc.stdout}\n{proc.stderr}\n--- file ---\n{exp.read_text()}"
    result = {"spikes": {}, "state": {}}
    with h5py.File(out / "data.h5", "r") as f:
        for name, pop in net["populations"].items():
            g = f["spikes"][name]
            result["spikes"][name] = (np.rint(g["times"][:] / DT).astype(np.int64), g["senders"][:].astype(np.int64))
            if pop["model"] == "lif":
                for var in ["v"] + [f"g_{r}" for r in pop["receptors"]]:
                    s = f["state"][f"{name}_{var}"]
                    result["state"][(name, var)] = (np.rint(s["times"][:] / DT).astype(np.int64),
                                                    s["neurons"][:].astype(np.int64), s["values"][:])
    return result


# ---------------------------------------------------------------------------------------------------------------
# Brian2


def run_brian2(net):
    b2 = pytest.importorskip("brian2")
    from brian2 import (Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, StateMonitor, Synapses, ms, mV, nS,
                        pA, pF, prefs)

    prefs.codegen.target = "numpy"
    b2.start_scope()
    b2.defaultclock.dt = DT * ms
    conductance = net["kind"] != "current"
    w_unit = nS if conductance else pA
    receptors = {}  # (population, receptor) -> receptor description

    groups, monitors, state_monitors, objects = {}, {}, {}, []
    for name, pop in net["populations"].items():
        if pop["model"] == "spike_times":
            idx = np.concatenate([np.full(len(ts), i) for i, ts in enumerate(pop["times"])]).astype(int)
            t = np.concatenate([np.asarray(ts, dtype=float) * DT for ts in pop["times"]])
            g = SpikeGeneratorGroup(pop["size"], idx, t * ms, name=name)
        else:
            p = pop["params"]
            currents, eqs = ["g_l*(e_l - v)", "i_e"], []
            for rname, r in pop["receptors"].items():
                receptors[(name, rname)] = r
                if conductance and r.get("tau_rise"):
                    # Difference of exponentials: g = g_d − g_r, both jump by w·norm (peak of g = w).
                    currents.append(f"g_{rname}*(e_{rname} - v)")
                    eqs += [f"g_{rname} = gd_{rname} - gr_{rname} : siemens",
                            f"dgd_{rname}/dt = -gd_{rname}/tau_{rname} : siemens",
                            f"dgr_{rname}/dt = -gr_{rname}/tau_rise_{rname} : siemens"]
                elif conductance:
                    currents.append(f"g_{rname}*(e_{rname} - v)")
                    eqs.append(f"dg_{rname}/dt = -g_{rname}/tau_{rname} : siemens")
                else:
                    currents.append(f"g_{rname}")
                    eqs.append(f"dg_{rname}/dt = -g_{rname}/tau_{rname} : amp")
            eqs.insert(0, f"dv/dt = ({' + '.join(currents)})/c_m : volt (unless refractory)")
            namespace = dict(c_m=p["c_m"] * pF, g_l=p["g_l"] * nS, e_l=p["e_l"] * mV, i_e=p["i_e"] * pA,
                             v_th=p["v_th"] * mV, v_reset=p["v_reset"] * mV)
            for rname, r in pop["receptors"].items():
                namespace[f"tau_{rname}"] = r["tau_decay"] * ms
                if r.get("tau_rise"):
                    namespace[f"tau_rise_{rname}"] = r["tau_rise"] * ms
                if conductance:
                    namespace[f"e_{rname}"] = r["e_rev"] * mV
            g = NeuronGroup(pop["size"], "\n".join(eqs), threshold="v >= v_th", reset="v = v_reset",
                            refractory=p["t_ref"] * ms, method="exponential_euler", namespace=namespace, name=name)
            g.v = p["v0"] * mV
            variables = ["v"] + [f"g_{r}" for r in pop["receptors"]]
            state_monitors[name] = StateMonitor(g, variables, record=True, name=f"{name}_state")
            objects.append(state_monitors[name])
        groups[name] = g
        monitors[name] = SpikeMonitor(g, name=f"{name}_spikes")
        objects += [g, monitors[name]]

    for name, proj in net["projections"].items():
        r, rname = receptors[(proj["post"], proj["receptor"])], proj["receptor"]
        if r.get("tau_rise"):
            td, tr = r["tau_decay"], r["tau_rise"]
            t_peak = td * tr / (td - tr) * np.log(td / tr)
            norm = 1.0 / (np.exp(-t_peak / td) - np.exp(-t_peak / tr))
            on_pre = f"gd_{rname}_post += w*{norm!r}\ngr_{rname}_post += w*{norm!r}"
        else:
            on_pre = f"g_{rname}_post += w"
        s = Synapses(groups[proj["pre"]], groups[proj["post"]], model="w : " + ("siemens" if conductance else "amp"),
                     on_pre=on_pre, name=name)
        pairs = np.asarray(proj["pairs"], dtype=int)
        s.connect(i=pairs[:, 0], j=pairs[:, 1])
        s.w = np.asarray(proj["weights"]) * w_unit
        s.delay = np.asarray(proj["delays"], dtype=float) * DT * ms
        objects.append(s)

    network = Network(*objects)
    network.run(DURATION * ms)

    result = {"spikes": {}, "state": {}}
    for name, m in monitors.items():
        result["spikes"][name] = (np.rint(np.asarray(m.t / ms) / DT).astype(np.int64), np.asarray(m.i, dtype=np.int64))
    for name, sm in state_monitors.items():
        steps = np.rint(np.asarray(sm.t / ms) / DT).astype(np.int64)
        scale = {"v": mV, "g": nS if conductance else pA}
        for var in ["v"] + [f"g_{r}" for r in net["populations"][name]["receptors"]]:
            values = np.asarray(getattr(sm, var) / scale[var[0]]).T  # [time, neuron]
            result["state"][(name, var)] = (steps, np.arange(values.shape[1]), values)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Comparison


def spike_table(steps, senders):
    order = np.lexsort((senders, steps))
    return np.stack([steps[order], senders[order]], axis=1)


def describe_difference(a, b, label_a="plastix", label_b="brian2"):
    """The first (step, neuron) pairs where two sorted spike tables differ."""
    set_a, set_b = set(map(tuple, a.tolist())), set(map(tuple, b.tolist()))
    only_a, only_b = sorted(set_a - set_b), sorted(set_b - set_a)
    return (f"{len(only_a)} spikes only in {label_a} (first: {only_a[:5]}), "
            f"{len(only_b)} only in {label_b} (first: {only_b[:5]}) [(step, neuron), dt = {DT} ms]")


def compare(net, ours, theirs):
    n_compared = 0
    for name, pop in net["populations"].items():
        a = spike_table(*ours["spikes"][name])
        b = spike_table(*theirs["spikes"][name])
        assert a.shape == b.shape and np.array_equal(a, b), f"population '{name}': " + describe_difference(a, b)
        if pop["model"] == "lif":
            n_compared += len(a)
    # The state, every step, for every neuron: agrees to rounding error. (Checked after the spikes so that a spike
    # mismatch is reported as such; a state mismatch with identical spikes points at the sub-threshold dynamics.)
    for key, (steps_a, neurons_a, values_a) in ours["state"].items():
        steps_b, neurons_b, values_b = theirs["state"][key]
        common = np.intersect1d(steps_a, steps_b)
        assert len(common) >= int(DURATION / DT) - 1, f"{key}: state samples do not line up"
        ia, ib = np.searchsorted(steps_a, common), np.searchsorted(steps_b, common)
        va, vb = values_a[ia], values_b[ib][:, neurons_a]
        scale = max(1.0, float(np.max(np.abs(vb))))
        err = np.abs(va - vb)
        worst = np.unravel_index(np.argmax(err), err.shape)
        assert err[worst] <= 1e-9 * scale, (
            f"{key}: max |plastix − brian2| = {err[worst]:.3g} at step {common[worst[0]]}, neuron {worst[1]} "
            f"(plastix {va[worst]!r}, brian2 {vb[worst]!r})")
    return n_compared


@pytest.mark.parametrize("kind", ["conductance", "rise", "current"])
def test_spike_times_agree_with_brian2(kind, tmp_path):
    net = make_network(kind)
    ours = run_plastix(net, tmp_path)
    theirs = run_brian2(net)
    n = compare(net, ours, theirs)
    print(f"{kind}: {n} LIF spikes identical in plastix and Brian2 over {DURATION:g} ms")
    # Not vacuous: the network must actually be active, in both populations.
    assert n > 50, f"only {n} LIF spikes: the cross-check would be too weak"
    for name in ("exc", "inh"):
        assert len(ours["spikes"][name][0]) > 10, f"population '{name}' barely fires"


# ---------------------------------------------------------------------------------------------------------------
# A COBA-like random network built by plastix's own connector and initial-value distributions. The realized
# network (every synapse, from weight monitors; every initial voltage, from state monitors at t = 0) is read back
# from data.h5 and rebuilt in Brian2, so both simulate the same network.

RANDOM_NET_TOML = """
[experiment]
name = "coba_small"
seed = 7
dt = "0.1 ms"
duration = "{duration} ms"
{populations}
[[projection]]
name = "ee"
pre = "exc"
post = "exc"
receptor = "exc"
connector = "fixed_probability"
p = 0.08
autapses = false
weight = "6 nS"

[[projection]]
name = "ei"
pre = "exc"
post = "inh"
receptor = "exc"
connector = "fixed_probability"
p = 0.08
weight = "6 nS"
delay = "0.5 ms"

[[projection]]
name = "ie"
pre = "inh"
post = "exc"
receptor = "inh"
connector = "fixed_probability"
p = 0.08
weight = "67 nS"

[[projection]]
name = "ii"
pre = "inh"
post = "inh"
receptor = "inh"
connector = "fixed_probability"
p = 0.08
autapses = false
weight = "67 nS"
delay = "0.3 ms"
"""

RANDOM_NET_POPULATION = """
[[population]]
name = "{name}"
size = {size}
model = "lif"
c_m = "200 pF"
g_l = "10 nS"
e_l = "-60 mV"
v_th = "-50 mV"
v_reset = "-60 mV"
t_ref = "5 ms"
i_e = "200 pA"
init = {{ v = {{ uniform = ["-60 mV", "-50 mV"] }} }}
  [[population.receptor]]
  name = "exc"
  kind = "conductance"
  tau_decay = "5 ms"
  e_rev = "0 mV"
  [[population.receptor]]
  name = "inh"
  kind = "conductance"
  tau_decay = "10 ms"
  e_rev = "-80 mV"

[[monitor]]
name = "{name}"
type = "spikes"
population = "{name}"

[[monitor]]
name = "{name}_v"
type = "state"
population = "{name}"
variable = "v"
interval = "{duration} ms"
"""


def test_random_network_agrees_with_brian2(tmp_path):
    binary = plastix_binary()
    b2 = pytest.importorskip("brian2")
    from brian2 import Network, NeuronGroup, SpikeMonitor, Synapses, ms, mV, nS, pA, pF, prefs

    duration, sizes = 500.0, {"exc": 800, "inh": 200}
    delays = {"ee": 0.1, "ei": 0.5, "ie": 0.1, "ii": 0.3}  # [ms], as in RANDOM_NET_TOML (default: one step)
    pops = "".join(RANDOM_NET_POPULATION.format(name=n, size=s, duration=duration) for n, s in sizes.items())
    text = RANDOM_NET_TOML.format(duration=duration, populations=pops)
    text += "".join(f'\n[[monitor]]\nname = "{p}"\ntype = "weights"\nprojection = "{p}"\n' for p in delays)
    exp = tmp_path / "coba_small.toml"
    exp.write_text(text)
    proc = subprocess.run([str(binary), "run", str(exp), "-o", str(tmp_path / "out"), "-q"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, f"plastix failed:\n{proc.stdout}\n{proc.stderr}"

    with h5py.File(tmp_path / "out" / "data.h5", "r") as f:
        v0 = {n: f["state"][f"{n}_v"]["values"][0] for n in sizes}
        syn = {p: (f["weights"][p]["pre"][:].astype(int), f["weights"][p]["post"][:].astype(int),
                   f["weights"][p]["values"][-1]) for p in delays}
        ours = {n: spike_table(np.rint(f["spikes"][n]["times"][:] / DT).astype(np.int64),
                               f["spikes"][n]["senders"][:].astype(np.int64)) for n in sizes}

    prefs.codegen.target = "numpy"
    b2.start_scope()
    b2.defaultclock.dt = DT * ms
    ns = dict(c_m=200 * pF, g_l=10 * nS, e_l=-60 * mV, v_th=-50 * mV, v_reset=-60 * mV, e_exc=0 * mV,
              e_inh=-80 * mV, tau_exc=5 * ms, tau_inh=10 * ms, i_e=200 * pA)
    eqs = """dv/dt = (g_l*(e_l - v) + g_exc*(e_exc - v) + g_inh*(e_inh - v) + i_e)/c_m : volt (unless refractory)
             dg_exc/dt = -g_exc/tau_exc : siemens
             dg_inh/dt = -g_inh/tau_inh : siemens"""
    groups, monitors = {}, {}
    for n, size in sizes.items():
        groups[n] = NeuronGroup(size, eqs, threshold="v >= v_th", reset="v = v_reset", refractory=5 * ms,
                                method="exponential_euler", namespace=ns, name=n)
        groups[n].v = v0[n] * mV
        monitors[n] = SpikeMonitor(groups[n])
    projections = []
    for p, (pre, post, weights) in syn.items():
        src, dst = {"e": "exc", "i": "inh"}[p[0]], {"e": "exc", "i": "inh"}[p[1]]
        s = Synapses(groups[src], groups[dst], "w : siemens", on_pre=f"g_{src}_post += w", delay=delays[p] * ms)
        s.connect(i=pre, j=post)
        s.w = weights * nS
        projections.append(s)
    Network(*groups.values(), *monitors.values(), *projections).run(duration * ms)

    n = 0
    for name in sizes:
        m = monitors[name]
        theirs = spike_table(np.rint(np.asarray(m.t / ms) / DT).astype(np.int64), np.asarray(m.i, dtype=np.int64))
        assert ours[name].shape == theirs.shape and np.array_equal(ours[name], theirs), (
            f"population '{name}': " + describe_difference(ours[name], theirs))
        n += len(theirs)
    print(f"random network: {n} spikes identical in plastix and Brian2 over {duration:g} ms")
    assert n > 1000, f"only {n} spikes"
