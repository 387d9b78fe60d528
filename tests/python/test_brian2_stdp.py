"""Pair STDP in plastix and in Brian2: the same synapses must end (and pass through) the same weights.

Brian2 side: the idiom of Brian2's documentation (Song, Miller & Abbott 2000 example), per-synapse traces that are
updated only at events,

    model:   w : siemens
             dapre/dt  = -apre/tau_plus   : 1 (event-driven)
             dapost/dt = -apost/tau_minus : 1 (event-driven)
    on_pre:  [g_exc_post += w]                              (only where the projection transmits)
             w = clip(w - a_minus*f_minus(w)*apost, w_min, w_max)
             apre += 1          (nearest pairing: apre = 1)
    on_post: w = clip(w + a_plus*f_plus(w)*apre, w_min, w_max)
             apost += 1         (nearest pairing: apost = 1)

with the synapse's delay on the pre pathway and 2·dendritic_delay on the post pathway. This is plastix's convention
(src/plasticity/stdp.cpp, docs/models/stdp.md): on_pre runs when the spike reaches the synapse
(t_pre + delay) and sees the post trace from before any post event of that step; on_post runs at
t_post + 2·dendritic_delay and sees the pre trace including the arrivals of that step (Brian2 runs the pre pathway,
order −1, before the post pathway, order +1, in the same 'synapses' slot); the spike is transmitted with the weight
before its own update (g_exc_post += w is the first statement). plastix keeps one pre trace per (pre neuron,
delay) and one post trace per post neuron instead of two per synapse: the same numbers, since every synapse of a
(pre neuron, delay) sees the same events.

Two networks, both with explicit list connectivity, delays of 0–23 steps and a few repeated pairs:
- plasticity only: 20 spike_times pre neurons → 5 spike_times post neurons (the projection transmits nothing), with
  pre spikes placed so that some arrivals fall in the same step as a post spike (Δt = 0 at the synapse) and some
  pre and post spikes are emitted in the same step; three (pairing, weight dependence) variants and one with a
  dendritic delay;
- a small LIF network: the same kind of input onto 8 conductance-based LIF neurons through a plastic projection,
  plus plastic recurrent connections among them, so the weights change the spikes and the spikes the weights.
The weights must agree to 1e-9 relative (observed: <= 1.4e-12) at every millisecond and at the end, and the LIF spikes
exactly.

Environment: PLASTIX_BINARY (default <source>/build/bin/plastix), PLASTIX_SOURCE_DIR, PLASTIX_BUILD_DIR.
"""

import subprocess

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from plastix_paths import plastix_binary  # noqa: E402

DT = 0.1  # [ms]
DURATION = 1000.0  # [ms]
N_STEPS = int(round(DURATION / DT))
SAMPLE = 1.0  # weight samples every SAMPLE ms
RTOL = 1e-9
DELAYS = np.array([0, 1, 2, 3, 5, 10, 23])  # [steps]



def fmt(x, unit):
    return f'"{float(x)!r} {unit}"'


# ---------------------------------------------------------------------------------------------------------------
# Descriptions (internal units: ms, mV, nS, pA, pF; spike times and delays in steps)


def poisson_steps(rng, rate_hz, first=5, last=N_STEPS - 5):
    """A Poisson-like train on the step grid (at most one spike per step), as sorted step numbers."""
    n = rng.poisson(rate_hz * DURATION * 1e-3)
    return np.unique(rng.randint(first, last, size=n))


def random_pairs(rng, n_pre, n_post, k, delays, exclude_self=False, d_min=0):
    """k random pre neurons per post neuron, with random delays (≥ d_min steps), plus repeated pairs: one with a
    different delay and one with the same delay (two synapses that see identical events)."""
    pre, post, delay = [], [], []
    for i in range(n_post):
        candidates = [j for j in range(n_pre) if not (exclude_self and j == i)]
        for j in rng.choice(candidates, size=k, replace=False):
            pre.append(int(j))
            post.append(i)
    allowed = delays[delays >= d_min]
    delay = [int(d) for d in rng.choice(allowed, size=len(pre))]
    other = [int(d) for d in allowed if d != delay[0]]
    pre += [pre[0], pre[1]]
    post += [post[0], post[1]]
    delay += [other[0], delay[1]]
    return np.array(pre), np.array(post), np.array(delay)


def stdp_rule(pairing, dependence, dendritic_delay=0):
    if dependence == "additive":  # amplitudes in nS
        amp = dict(a_plus=0.25, a_minus=0.28)
    else:  # multiplicative: plain numbers
        amp = dict(a_plus=0.08, a_minus=0.09)
    return dict(tau_plus=16.8, tau_minus=33.7, pairing=pairing, dependence=dependence, w_min=0.0, w_max=4.0,
                dendritic_delay=dendritic_delay, **amp)


def sources_network(pairing="all_to_all", dependence="additive", dendritic_delay=0, seed=31):
    """20 spike_times pre → 5 spike_times post, plasticity only."""
    rng = np.random.RandomState(seed)
    n_pre, n_post = 20, 5
    pre, post, delay = random_pairs(rng, n_pre, n_post, 12, DELAYS, d_min=dendritic_delay)
    post_trains = [set(poisson_steps(rng, 15.0).tolist()) for _ in range(n_post)]
    pre_trains = [set(poisson_steps(rng, 15.0).tolist()) for _ in range(n_pre)]
    # Coincidences at the synapse: an arrival (t_pre + delay) in the same step as the post event
    # (t_post + 2·dendritic delay), and pre and post emitted in the same step.
    for s in rng.choice(len(pre), size=40, replace=False):
        t_post = int(rng.choice(sorted(post_trains[post[s]])))
        t_pre = t_post + 2 * dendritic_delay - int(delay[s])
        if 0 <= t_pre < N_STEPS:
            pre_trains[pre[s]].add(t_pre)
    for s in rng.choice(len(pre), size=10, replace=False):
        pre_trains[pre[s]].add(int(rng.choice(sorted(post_trains[post[s]]))))
    weights = np.round(rng.uniform(0.5, 3.5, size=len(pre)), 2)
    return dict(
        populations={
            "pre": dict(model="spike_times", times=[sorted(t) for t in pre_trains]),
            "post": dict(model="spike_times", times=[sorted(t) for t in post_trains]),
        },
        projections={
            "syn": dict(pre="pre", post="post", receptor=None, i=pre, j=post, delay=delay, w=weights,
                        rule=stdp_rule(pairing, dependence, dendritic_delay)),
        },
    )


def lif_network(seed=5):
    """20 spike_times inputs → 8 conductance-based LIF neurons (plastic), plus plastic recurrent connections."""
    rng = np.random.RandomState(seed)
    n_in, n_exc = 20, 8
    pre, post, delay = random_pairs(rng, n_in, n_exc, 10, DELAYS)
    rpre, rpost, rdelay = random_pairs(rng, n_exc, n_exc, 3, DELAYS[DELAYS > 0], exclude_self=True)
    in_trains = [sorted(poisson_steps(rng, 20.0).tolist()) for _ in range(n_in)]
    rule = dict(stdp_rule("all_to_all", "additive"), a_plus=0.1, a_minus=0.11, w_max=6.0)
    return dict(
        populations={
            "input": dict(model="spike_times", times=in_trains),
            "exc": dict(model="lif", size=n_exc),
        },
        projections={
            "in_exc": dict(pre="input", post="exc", receptor="exc", i=pre, j=post, delay=delay,
                           w=np.round(rng.uniform(2.0, 5.0, size=len(pre)), 2), rule=rule),
            "ee": dict(pre="exc", post="exc", receptor="exc", i=rpre, j=rpost, delay=rdelay,
                       w=np.round(rng.uniform(1.0, 3.0, size=len(rpre)), 2), rule=rule),
        },
    )


LIF = dict(c_m=200.0, g_l=10.0, e_l=-60.0, v_th=-50.0, v_reset=-60.0, t_ref=2.0, v0=-58.0, tau_exc=5.0, e_exc=0.0)


# ---------------------------------------------------------------------------------------------------------------
# plastix


def to_toml(net):
    lines = ["[experiment]", 'name = "brian2_stdp"', "seed = 1", f"dt = {fmt(DT, 'ms')}",
             f"duration = {fmt(DURATION, 'ms')}", ""]
    for name, pop in net["populations"].items():
        lines += ["[[population]]", f'name = "{name}"', f'model = "{pop["model"]}"']
        if pop["model"] == "spike_times":
            lists = ", ".join("[" + ", ".join(fmt(s * DT, "ms") for s in ts) + "]" for ts in pop["times"])
            lines.append(f"times = [{lists}]")
        else:
            lines.append(f"size = {pop['size']}")
            for key, unit in dict(c_m="pF", g_l="nS", e_l="mV", v_th="mV", v_reset="mV", t_ref="ms").items():
                lines.append(f"{key} = {fmt(LIF[key], unit)}")
            lines.append(f"init = {{ v = {fmt(LIF['v0'], 'mV')} }}")
            lines += ["  [[population.receptor]]", '  name = "exc"', '  kind = "conductance"',
                      f"  tau_decay = {fmt(LIF['tau_exc'], 'ms')}", f"  e_rev = {fmt(LIF['e_exc'], 'mV')}"]
        lines.append("")
    for name, proj in net["projections"].items():
        r = proj["rule"]
        lines += ["[[projection]]", f'name = "{name}"', f'pre = "{proj["pre"]}"', f'post = "{proj["post"]}"']
        if proj["receptor"]:
            lines.append(f'receptor = "{proj["receptor"]}"')
        lines += [
            'connector = "list"',
            "pairs = [" + ", ".join(f"[{a}, {b}]" for a, b in zip(proj["i"], proj["j"])) + "]",
            "weights = [" + ", ".join(fmt(w, "nS") for w in proj["w"]) + "]",
            "delays = [" + ", ".join(fmt(d * DT, "ms") for d in proj["delay"]) + "]",
            f"dendritic_delay = {fmt(r['dendritic_delay'] * DT, 'ms')}",
            "  [[projection.plasticity]]",
            '  rule = "stdp"',
            f"  tau_plus = {fmt(r['tau_plus'], 'ms')}",
            f"  tau_minus = {fmt(r['tau_minus'], 'ms')}",
            f"  a_plus = {r['a_plus']!r}",
            f"  a_minus = {r['a_minus']!r}",
            f'  pairing = "{r["pairing"]}"',
            f'  weight_dependence = "{r["dependence"]}"',
            f"  w_min = {fmt(r['w_min'], 'nS')}",
            f"  w_max = {fmt(r['w_max'], 'nS')}",
            "",
            "[[monitor]]", 'type = "weights"', f'name = "{name}"', f'projection = "{name}"',
            f"interval = {fmt(SAMPLE, 'ms')}", "",
        ]
    for name, pop in net["populations"].items():
        if pop["model"] == "lif":
            lines += ["[[monitor]]", 'type = "spikes"', f'name = "{name}"', f'population = "{name}"', ""]
    return "\n".join(lines)


def csr_order(proj):
    """plastix's synapse ids: the list sorted by (pre, delay, post), ties in the order given (stable)."""
    n = len(proj["i"])
    return sorted(range(n), key=lambda s: (proj["i"][s], proj["delay"][s], proj["j"][s], s))


def run_plastix(net, tmp_path):
    exp = tmp_path / "stdp.toml"
    exp.write_text(to_toml(net))
    out = tmp_path / "out"
    proc = subprocess.run([str(plastix_binary()), "run", str(exp), "-o", str(out), "-q"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"plastix failed:\n{proc.stdout}\n{proc.stderr}\n--- file ---\n{exp.read_text()}"
    result = {"weights": {}, "spikes": {}}
    with h5py.File(out / "data.h5", "r") as f:
        for name, proj in net["projections"].items():
            g = f["weights"][name]
            order = np.array(csr_order(proj))
            ids = g["synapses"][:].astype(np.int64)
            pre, post = g["pre"][:].astype(np.int64), g["post"][:].astype(np.int64)
            ours = order[ids]  # position in our list of each recorded column
            assert np.array_equal(pre, proj["i"][ours]) and np.array_equal(post, proj["j"][ours]), (
                f"{name}: plastix's synapse order is not (pre, delay, post); the test maps synapses by that order")
            values = np.empty_like(g["values"][:])
            values[:, ours] = g["values"][:]
            result["weights"][name] = (np.rint(g["times"][:] / DT).astype(np.int64), values)
        for name, pop in net["populations"].items():
            if pop["model"] == "lif":
                s = f["spikes"][name]
                result["spikes"][name] = spike_table(np.rint(s["times"][:] / DT).astype(np.int64),
                                                     s["senders"][:].astype(np.int64))
    return result


# ---------------------------------------------------------------------------------------------------------------
# Brian2


def brian2_code(rule, transmit):
    f_plus = {"additive": "", "multiplicative": "*(w_max - w)/nS"}[rule["dependence"]]
    f_minus = {"additive": "", "multiplicative": "*(w - w_min)/nS"}[rule["dependence"]]
    jump = "= 1" if rule["pairing"] == "nearest" else "+= 1"
    on_pre = ("g_exc_post += w\n" if transmit else "") + (
        f"w = clip(w - a_minus{f_minus}*apost, w_min, w_max)\n"
        f"apre {jump}")
    on_post = (f"w = clip(w + a_plus{f_plus}*apre, w_min, w_max)\n"
               f"apost {jump}")
    model = """
    w : siemens
    dapre/dt = -apre/tau_plus : 1 (event-driven)
    dapost/dt = -apost/tau_minus : 1 (event-driven)
    """
    return model, on_pre, on_post


def run_brian2(net):
    b2 = pytest.importorskip("brian2")
    from brian2 import (Network, NeuronGroup, SpikeGeneratorGroup, SpikeMonitor, StateMonitor, Synapses, ms, mV,
                        nS, pF, prefs)

    prefs.codegen.target = "numpy"
    b2.start_scope()
    b2.defaultclock.dt = DT * ms
    groups, spike_monitors, objects = {}, {}, []
    for name, pop in net["populations"].items():
        if pop["model"] == "spike_times":
            idx = np.concatenate([np.full(len(ts), k) for k, ts in enumerate(pop["times"])]).astype(int)
            times = np.concatenate([np.asarray(ts, dtype=float) * DT for ts in pop["times"]])
            g = SpikeGeneratorGroup(len(pop["times"]), idx, times * ms, name=name)
        else:
            ns = dict(c_m=LIF["c_m"] * pF, g_l=LIF["g_l"] * nS, e_l=LIF["e_l"] * mV, v_th=LIF["v_th"] * mV,
                      v_reset=LIF["v_reset"] * mV, tau_exc=LIF["tau_exc"] * ms, e_exc=LIF["e_exc"] * mV)
            eqs = """
            dv/dt = (g_l*(e_l - v) + g_exc*(e_exc - v))/c_m : volt (unless refractory)
            dg_exc/dt = -g_exc/tau_exc : siemens
            """
            g = NeuronGroup(pop["size"], eqs, threshold="v >= v_th", reset="v = v_reset", refractory=LIF["t_ref"] * ms,
                            method="exponential_euler", namespace=ns, name=name)
            g.v = LIF["v0"] * mV
            spike_monitors[name] = SpikeMonitor(g, name=f"{name}_spikes")
            objects.append(spike_monitors[name])
        groups[name] = g
        objects.append(g)

    synapses, weight_monitors = {}, {}
    for name, proj in net["projections"].items():
        r = proj["rule"]
        model, on_pre, on_post = brian2_code(r, proj["receptor"] is not None)
        # Amplitudes in nS: additive Δw = a·trace; multiplicative Δw = a·f(w)/nS·trace with a plain number in plastix.
        ns = dict(tau_plus=r["tau_plus"] * ms, tau_minus=r["tau_minus"] * ms, w_min=r["w_min"] * nS,
                  w_max=r["w_max"] * nS, a_plus=r["a_plus"] * nS, a_minus=r["a_minus"] * nS)
        s = Synapses(groups[proj["pre"]], groups[proj["post"]], model=model, on_pre=on_pre, on_post=on_post,
                     namespace=ns, name=name)
        s.connect(i=proj["i"], j=proj["j"])
        assert np.array_equal(s.i[:], proj["i"]) and np.array_equal(s.j[:], proj["j"])
        s.w = proj["w"] * nS
        s.pre.delay = proj["delay"] * DT * ms
        s.post.delay = 2 * r["dendritic_delay"] * DT * ms
        # Samples at the start of the steps t = 0, 1, 2, ... ms, the times of plastix's samples.
        weight_monitors[name] = StateMonitor(s, "w", record=True, dt=SAMPLE * ms, name=f"{name}_w")
        synapses[name] = s
        objects += [s, weight_monitors[name]]

    Network(*objects).run(DURATION * ms)
    result = {"weights": {}, "spikes": {}}
    for name, s in synapses.items():
        m = weight_monitors[name]
        steps = np.append(np.rint(np.asarray(m.t / ms) / DT).astype(np.int64), N_STEPS)
        values = np.vstack([np.asarray(m.w / nS).T, np.asarray(s.w / nS)[None, :]])  # [time, synapse]
        result["weights"][name] = (steps, values)
    for name, m in spike_monitors.items():
        result["spikes"][name] = spike_table(np.rint(np.asarray(m.t / ms) / DT).astype(np.int64),
                                             np.asarray(m.i, dtype=np.int64))
    return result


# ---------------------------------------------------------------------------------------------------------------
# Comparison


def spike_table(steps, senders):
    order = np.lexsort((senders, steps))
    return np.stack([steps[order], senders[order]], axis=1)


def coincidences(net, name):
    """(same-step pre/post events at the synapse, same-step pre/post emissions), summed over synapses."""
    proj = net["projections"][name]
    pre_times = net["populations"][proj["pre"]]["times"]
    post_times = net["populations"][proj["post"]]["times"]
    shift = 2 * proj["rule"]["dendritic_delay"]
    at_synapse = emitted = 0
    for j, i, d in zip(proj["i"], proj["j"], proj["delay"]):
        tp = set(post_times[i])
        at_synapse += sum(1 for t in pre_times[j] if t + d - shift in tp)
        emitted += sum(1 for t in pre_times[j] if t in tp)
    return at_synapse, emitted


def compare_weights(net, ours, theirs):
    """Every synapse at every common sample time; returns (largest relative difference, mean |Δw| over the run)."""
    worst_rel, changes = 0.0, []
    for name, proj in net["projections"].items():
        steps_a, wa = ours["weights"][name]
        steps_b, wb = theirs["weights"][name]
        common = np.intersect1d(steps_a, steps_b)
        assert len(common) >= int(DURATION / SAMPLE) and common[-1] == N_STEPS, (
            f"{name}: weight samples do not line up (plastix {steps_a[:3]}..{steps_a[-1]}, "
            f"brian2 {steps_b[:3]}..{steps_b[-1]})")
        a = wa[np.searchsorted(steps_a, common)]
        b = wb[np.searchsorted(steps_b, common)]
        assert np.array_equal(a[0], proj["w"]) and np.allclose(b[0], proj["w"], rtol=1e-15, atol=0), (
            f"{name}: initial weights differ")
        err = np.abs(a - b)
        scale = np.maximum(np.abs(a), np.abs(b))
        bad = err > RTOL * scale + 1e-15
        if bad.any():
            k, s = np.argwhere(bad)[0]
            raise AssertionError(
                f"{name}: weights differ first at t = {common[k] * DT:g} ms, synapse {s} (pre {proj['i'][s]}, "
                f"post {proj['j'][s]}, delay {proj['delay'][s]} steps): plastix {a[k, s]!r}, brian2 {b[k, s]!r} "
                f"(before: {a[k - 1, s]!r} / {b[k - 1, s]!r}); {int(bad.sum())} (sample, synapse) pairs differ")
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.where(scale > 0, err / scale, 0.0)
        worst_rel = max(worst_rel, float(rel.max()))
        changes.append(np.abs(a[-1] - proj["w"]))
    return worst_rel, float(np.mean(np.concatenate(changes)))


@pytest.mark.parametrize("pairing,dependence,dendritic_delay", [
    ("all_to_all", "additive", 0),
    ("nearest", "additive", 0),
    ("all_to_all", "multiplicative", 0),
    ("all_to_all", "additive", 2),
])
def test_stdp_weights_agree_with_brian2(pairing, dependence, dendritic_delay, tmp_path):
    net = sources_network(pairing, dependence, dendritic_delay)
    ours = run_plastix(net, tmp_path)
    theirs = run_brian2(net)
    worst, mean_change = compare_weights(net, ours, theirs)
    w_end = ours["weights"]["syn"][1][-1]
    same_step, same_emission = coincidences(net, "syn")
    print(f"{pairing}/{dependence}/dendritic {dendritic_delay}: {len(w_end)} synapses, {same_step} same-step "
          f"pre/post events at a synapse, {same_emission} same-step emissions; weights agree at every ms "
          f"(largest relative difference {worst:.2g}); mean |Δw| {mean_change:.3f} nS")
    assert same_step >= 20 and same_emission >= 5, "too few simultaneous events to test their order"
    # Not vacuous: the weights moved, and some reached the bounds.
    assert mean_change > 0.3, f"weights barely changed (mean |Δw| = {mean_change:.3g} nS)"
    if dependence == "additive":
        assert np.any(w_end == 0.0) or np.any(w_end == 4.0), "no weight reached a bound: clipping is not exercised"


def test_stdp_lif_network_agrees_with_brian2(tmp_path):
    net = lif_network()
    ours = run_plastix(net, tmp_path)
    theirs = run_brian2(net)
    a, b = ours["spikes"]["exc"], theirs["spikes"]["exc"]
    if not (a.shape == b.shape and np.array_equal(a, b)):
        sa, sb = set(map(tuple, a.tolist())), set(map(tuple, b.tolist()))
        raise AssertionError(f"LIF spikes differ: only plastix {sorted(sa - sb)[:5]}, only brian2 "
                             f"{sorted(sb - sa)[:5]} [(step, neuron)]")
    worst, mean_change = compare_weights(net, ours, theirs)
    print(f"LIF network: {len(a)} spikes identical, weights agree at every ms (largest relative difference "
          f"{worst:.2g}); mean |Δw| {mean_change:.3f} nS")
    assert len(a) > 100, f"only {len(a)} LIF spikes: too weak a check"
    assert mean_change > 0.1, f"weights barely changed (mean |Δw| = {mean_change:.3g} nS)"
