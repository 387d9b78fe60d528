"""The same PyNN scripts on pyNN.plastix and on pyNN.brian2 (Debian's PyNN 0.10 and Brian2): spikes of IF_curr_exp
and IF_cond_exp neurons driven by DCSource and SpikeSourceArray, STDP weights after a deterministic pairing
protocol, and Poisson statistics (docs/pynn.md). Brian2 runs with its numpy code generation (no compiler), and
every script is short, so the whole file takes seconds."""
import numpy as np
import pytest

pytest.importorskip("pyNN")
pytest.importorskip("brian2")


@pytest.fixture(scope="module")
def backends():
    import brian2
    import pyNN.brian2
    import pyNN.plastix
    brian2.prefs.codegen.target = "numpy"
    return {"plastix": pyNN.plastix, "brian2": pyNN.brian2}


def spike_lists(population):
    return [np.asarray(st.magnitude) for st in population.get_data("spikes").segments[0].spiketrains]


def current_based(sim):
    """IF_curr_exp: two neurons, one also driven by a DC step, all fed by a spike train (excitatory and
    inhibitory), in two run() pieces."""
    sim.setup(timestep=0.1)
    cells = sim.Population(3, sim.IF_curr_exp(tau_refrac=2.0, tau_syn_E=3.0, tau_syn_I=6.0, v_thresh=-52.0,
                                              i_offset=0.1))
    source = sim.Population(2, sim.SpikeSourceArray(spike_times=[[10.0, 30.0, 31.0, 32.0, 90.0], [60.0, 61.0]]))
    sim.Projection(source[0:1], cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=4.0, delay=1.0),
                   receptor_type="excitatory")
    sim.Projection(source[1:2], cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=-3.0, delay=2.5),
                   receptor_type="inhibitory")
    sim.DCSource(amplitude=0.9, start=50.0, stop=150.0).inject_into(cells[0:1])
    sim.StepCurrentSource(times=[20.0, 80.0, 120.0], amplitudes=[0.5, 1.2, 0.0]).inject_into(cells[2:3])
    cells.record(["spikes", "v"])
    sim.run(100.0)
    sim.run(100.0)
    spikes = spike_lists(cells)
    v = cells.get_data("v").segments[0].analogsignals[0]
    sim.end()
    return spikes, np.asarray(v.magnitude)


def conductance_based(sim, **options):
    """IF_cond_exp: the same with conductances (uS) and reversal potentials."""
    sim.setup(timestep=0.1, **options)
    cells = sim.Population(2, sim.IF_cond_exp(tau_refrac=2.0, tau_syn_E=3.0, tau_syn_I=6.0, e_rev_I=-75.0))
    source = sim.Population(2, sim.SpikeSourceArray(spike_times=[[10.0, 30.0, 31.0, 32.0, 33.0, 90.0], [60.0]]))
    sim.Projection(source[0:1], cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.1, delay=1.0),
                   receptor_type="excitatory")
    sim.Projection(source[1:2], cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.2, delay=1.0),
                   receptor_type="inhibitory")
    sim.DCSource(amplitude=1.0, start=50.0, stop=150.0).inject_into(cells[1:2])
    cells.record(["spikes", "v", "gsyn_exc"])
    sim.run(200.0)
    spikes = spike_lists(cells)
    segment = cells.get_data().segments[0]
    signals = {s.name: np.asarray(s.magnitude) for s in segment.analogsignals}
    sim.end()
    return spikes, signals


def test_current_based_neurons_fire_at_the_same_steps_as_brian2(backends):
    # plastix's lif with method "exact" integrates exponential currents exactly, as Brian2's exact method does
    # for these linear equations: the same spikes, to the step, and the same voltage to rounding.
    plastix_spikes, plastix_v = current_based(backends["plastix"])
    brian2_spikes, brian2_v = current_based(backends["brian2"])
    assert sum(len(s) for s in plastix_spikes) >= 6
    for ours, theirs in zip(plastix_spikes, brian2_spikes):
        np.testing.assert_allclose(ours, theirs, atol=1e-9)
    assert plastix_v.shape == brian2_v.shape
    np.testing.assert_allclose(plastix_v, brian2_v, atol=1e-6)


def test_conductance_based_neurons_with_plastix_integration_stay_within_half_a_millisecond_of_brian2(backends):
    # Brian2 chooses forward Euler for IF_cond_exp (for v and for the conductances); plastix integrates v by
    # exponential Euler (exact for the input held over a step) and the conductances' decay exactly. Measured: the
    # first spikes on the same step, later ones up to 0.4 ms (four steps) apart over 200 ms of DC drive; the same
    # spike counts. Tolerance 0.5 ms. (setup(lif_method="euler") does not make them equal: g still decays exactly.)
    plastix_spikes, _ = conductance_based(backends["plastix"])
    brian2_spikes, _ = conductance_based(backends["brian2"])
    for ours, theirs in zip(plastix_spikes, brian2_spikes):
        assert len(ours) == len(theirs)
        np.testing.assert_allclose(ours, theirs, atol=0.5)


def stdp_pairing(sim, dt_pairs):
    """15 pairings at 5 Hz for each of two synapses: the pre spike, then a post spike forced by a strong input
    about dt_pair ms later (dt_pair < 0: before); the plastic synapse is too weak to make the post neuron fire."""
    sim.setup(timestep=0.1)
    n = 15
    pre_times = [50.0 + 200.0 * k for k in range(n)]
    post = sim.Population(2, sim.IF_curr_exp(tau_refrac=50.0))
    pre = sim.Population(2, sim.SpikeSourceArray(spike_times=[pre_times, pre_times]))
    kick = sim.Population(2, sim.SpikeSourceArray(spike_times=[[t + d - 2.0 for t in pre_times] for d in dt_pairs]))
    sim.Projection(kick, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0, delay=0.5))
    stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=16.8, tau_minus=33.7, A_plus=0.01,
                                                                   A_minus=0.012),
                             weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.5),
                             weight=0.25, delay=1.0, dendritic_delay_fraction=0.0)
    plastic = sim.Projection(pre, post, sim.OneToOneConnector(), stdp)
    post.record("spikes")
    sim.run(200.0 * n)
    w = np.diag(plastic.get("weight", format="array"))
    spikes = spike_lists(post)
    sim.end()
    return w, spikes


def test_stdp_weights_after_pairing_match_brian2(backends):
    # Additive pair STDP (PyNN: Δw = ±w_max·A±·trace, all-to-all pairs, delays axonal): 15 pairings about 10 ms
    # apart (pre first) and 15 ms apart (post first) move the weights by about ±15·0.005·e^{−|Δt|/τ}; the post
    # spikes are the same steps on both, and the weights agree to 1e-9 uS (rounding).
    dt_pairs = [10.0, -15.0]
    w_plastix, spikes_plastix = stdp_pairing(backends["plastix"], dt_pairs)
    w_brian2, spikes_brian2 = stdp_pairing(backends["brian2"], dt_pairs)
    for ours, theirs in zip(spikes_plastix, spikes_brian2):
        assert len(ours) == 15
        np.testing.assert_allclose(ours, theirs, atol=1e-9)
    assert w_plastix[0] - 0.25 > 0.02 and 0.25 - w_plastix[1] > 0.02  # potentiation (pre first), depression
    np.testing.assert_allclose(w_plastix, w_brian2, atol=1e-9)


def poisson_counts(sim, seed):
    sim.setup(timestep=0.1, **({"seed": seed} if sim.__name__ == "pyNN.plastix" else {}))
    sources = sim.Population(200, sim.SpikeSourcePoisson(rate=20.0, start=100.0, duration=500.0))
    sources.record("spikes")
    sim.run(1000.0)
    trains = spike_lists(sources)
    sim.end()
    return trains


def test_poisson_sources_have_the_rate_and_window_of_brian2_statistically(backends):
    # 200 sources at 20 Hz for 500 ms: 2000 spikes expected (Poisson: sd 45); both backends within 4 sd of it and
    # within 4·sqrt(2) sd of each other; no spike outside [start, start + duration]; CV of intervals near 1.
    counts = {}
    for name, sim in backends.items():
        trains = poisson_counts(sim, 3)
        all_times = np.concatenate(trains)
        assert all_times.min() >= 100.0 and all_times.max() <= 600.0  # Brian2's window includes its end step
        counts[name] = all_times.size
        intervals = np.concatenate([np.diff(t) for t in trains if len(t) > 2])
        assert intervals.std() / intervals.mean() == pytest.approx(1.0, abs=0.15)
        assert abs(all_times.size - 2000) < 4 * np.sqrt(2000)
    assert abs(counts["plastix"] - counts["brian2"]) < 4 * np.sqrt(2 * 2000)


def driven_pair(sim, celltype, weights, record):
    """Two neurons of `celltype` fed by an excitatory burst and an inhibitory spike; the second also by a DC step.
    weights: (excitatory, inhibitory, DC amplitude) in PyNN's units."""
    sim.setup(timestep=0.1)
    cells = sim.Population(2, celltype)
    source = sim.Population(2, sim.SpikeSourceArray(spike_times=[[10.0, 30.0, 31.0, 32.0, 33.0, 90.0], [60.0]]))
    sim.Projection(source[0:1], cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=weights[0], delay=1.0),
                   receptor_type="excitatory")
    sim.Projection(source[1:2], cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=weights[1], delay=1.0),
                   receptor_type="inhibitory")
    sim.DCSource(amplitude=weights[2], start=50.0, stop=150.0).inject_into(cells[1:2])
    cells.record(["spikes"] + record)
    sim.run(200.0)
    segment = cells.get_data().segments[0]
    spikes = [np.asarray(st.magnitude) for st in segment.spiketrains]
    signals = {s.name: np.asarray(s.magnitude) for s in segment.analogsignals}
    sim.end()
    return spikes, signals


@pytest.mark.parametrize("model, weights, tolerance", [
    # IF_cond_alpha: Brian2's forward Euler against plastix's exponential Euler and exact conductances (as for
    # IF_cond_exp); measured: spikes at most 0.2 ms apart, the same counts.
    ("IF_cond_alpha", (0.05, 0.1, 1.0), 0.5),
    # AdEx: measured up to 0.5 ms apart after 100 ms of DC drive near threshold (the exponential term magnifies
    # the integrators' difference), the same counts; tolerance 0.6 ms.
    ("EIF_cond_exp_isfa_ista", (0.03, 0.05, 1.0), 0.6),
    # Izhikevich (delta synapses, weights in mV): measured the same spikes, to rounding.
    ("Izhikevich", (5.0, -5.0, 0.01), 1e-9)])
def test_alpha_adex_and_izhikevich_neurons_fire_as_on_brian2(backends, model, weights, tolerance):
    ours, _ = driven_pair(backends["plastix"], getattr(backends["plastix"], model)(), weights, [])
    theirs, _ = driven_pair(backends["brian2"], getattr(backends["brian2"], model)(), weights, [])
    assert sum(len(s) for s in ours) >= 3
    for a, b in zip(ours, theirs):
        assert len(a) == len(b)
        np.testing.assert_allclose(a, b, atol=tolerance)


def varying_currents(sim):
    """IF_curr_exp without spikes (threshold far away) driven by an ACSource and, in another neuron, a
    NoisyCurrentSource."""
    sim.setup(timestep=0.1)
    cells = sim.Population(2, sim.IF_curr_exp(v_thresh=100.0, tau_m=10.0))
    sim.ACSource(start=20.0, stop=180.0, amplitude=0.4, offset=0.1, frequency=15.0, phase=40.0).inject_into(cells[0:1])
    sim.NoisyCurrentSource(mean=0.5, stdev=0.3, start=10.0, stop=2000.0, dt=5.0).inject_into(cells[1:2])
    cells.record("v")
    sim.run(2000.0)
    v = np.asarray(cells.get_data("v").segments[0].analogsignals[0].magnitude)
    sim.end()
    return v


def test_ac_and_noisy_current_sources_drive_the_membrane_as_in_brian2(backends):
    ours, theirs = varying_currents(backends["plastix"]), varying_currents(backends["brian2"])
    assert ours.shape == theirs.shape
    # the sine: the same current at each step, so the same voltage to rounding (sampled before 200 ms)
    np.testing.assert_allclose(ours[:2000, 0], theirs[:2000, 0], atol=1e-6)
    assert np.ptp(ours[:2000, 0]) > 3.0
    # the noise: other random numbers, the same statistics of v (mean 0.5 nA · R = 5 mV above rest; its sd)
    rest = -65.0
    a, b = ours[1000:, 1] - rest, theirs[1000:, 1] - rest
    assert abs(a.mean() - 5.0) < 1.0 and abs(b.mean() - 5.0) < 1.0 and abs(a.std() / b.std() - 1.0) < 0.3
