"""pyNN.plastix on its own: how PyNN's units and models map onto plastix's experiment, runs in pieces, PyNN's
containers and connectors, Neo output, and clear errors for what is not supported (docs/pynn.md)."""
import tomllib

import numpy as np
import pytest

pytest.importorskip("pyNN")


@pytest.fixture
def sim():
    import pyNN.plastix
    pyNN.plastix.setup(timestep=0.1)
    yield pyNN.plastix
    pyNN.plastix.end()


def experiment(sim):
    """The plastix experiment the script became (after the first run)."""
    return tomllib.loads(sim.simulator.state.simulation.text)


def test_pynn_units_become_plastix_quantities_of_the_same_size(sim):
    cells = sim.Population(2, sim.IF_cond_exp(cm=0.25, tau_m=15.0, v_rest=-70.0, v_thresh=-48.0, v_reset=-72.0,
                                              tau_refrac=3.0, i_offset=0.2, tau_syn_E=2.0, tau_syn_I=7.0,
                                              e_rev_E=5.0, e_rev_I=-85.0))
    curr = sim.Population(1, sim.IF_curr_exp(cm=0.5, tau_syn_E=4.0))
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0]))
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=0.004, delay=1.5))
    sim.Projection(source, curr, sim.AllToAllConnector(), sim.StaticSynapse(weight=-0.3, delay=2.0),
                   receptor_type="inhibitory")
    sim.run(1.0)
    doc = experiment(sim)
    pop = doc["population"][0]
    assert (pop["model"], pop["c_m"], pop["tau_m"], pop["e_l"], pop["v_th"], pop["v_reset"], pop["t_ref"],
            pop["i_e"]) == ("lif", "0.25 nF", "15.0 ms", "-70.0 mV", "-48.0 mV", "-72.0 mV", "3.0 ms", "0.2 nA")
    assert pop["receptor"] == [
        {"name": "exc", "kind": "conductance", "tau_decay": "2.0 ms", "e_rev": "5.0 mV"},
        {"name": "inh", "kind": "conductance", "tau_decay": "7.0 ms", "e_rev": "-85.0 mV"}]
    assert doc["population"][1]["receptor"][0] == {"name": "exc", "kind": "current", "tau_decay": "4.0 ms"}
    exc, inh = doc["projection"]
    assert exc["weight"] == "4.0 nS" and exc["delay"] == "1.5 ms"  # uS -> nS; one value for all: weight, delay
    assert inh["receptor"] == "inh" and inh["weight"] == "-300.0 pA"  # nA -> pA, sign kept (PyNN's)
    assert sim.get_current_time() == pytest.approx(1.0)


def test_adex_and_izhikevich_parameters_map_onto_plastix_models(sim):
    adex = sim.Population(1, sim.EIF_cond_exp_isfa_ista(cm=0.2, tau_m=10.0, a=2.0, b=0.05, v_spike=-30.0))
    izh = sim.Population(1, sim.Izhikevich(a=0.02, b=0.25, c=-60.0, d=4.0, i_offset=0.005))
    adex.record(["v", "w"])
    izh.record("spikes")
    sim.run(200.0)
    adex_table, izh_table = experiment(sim)["population"]
    assert (adex_table["model"], adex_table["g_l"], adex_table["a"], adex_table["b"], adex_table["v_peak"]) == \
        ("adex", "20.0 nS", "2.0 nS", "0.05 nA", "-30.0 mV")  # g_l = cm / tau_m
    assert (izh_table["model"], izh_table["b"], izh_table["c"], izh_table["d"], izh_table["c_m"],
            izh_table["i_e"]) == ("izhikevich", 0.25, "-60.0 mV", 4.0, "1 pF", "0.005 nA")
    assert izh_table["receptor"][0]["kind"] == "delta"
    # 5 pA over 1 pF drives Izhikevich's regular-spiking neuron (I = 5 in the paper's units) to fire.
    assert len(izh.get_data().segments[0].spiketrains[0]) > 3
    w = adex.get_data().segments[0].filter(name="w")[0]
    assert str(w.units.dimensionality) == "nA" and w.shape == (2001, 1)


def test_stdp_weight_dependences_map_onto_plastix_amplitudes(sim):
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[1.0]))
    post = sim.Population(1, sim.IF_cond_exp())

    def rule(dependence):
        stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=15.0, tau_minus=25.0, A_plus=0.02,
                                                                       A_minus=0.03),
                                 weight_dependence=dependence, weight=0.001, dendritic_delay_fraction=0.0)
        sim.Projection(pre, post, sim.OneToOneConnector(), stdp)

    rule(sim.AdditiveWeightDependence(w_min=0.0, w_max=0.004))
    rule(sim.MultiplicativeWeightDependence(w_min=0.001, w_max=0.004))
    rule(sim.AdditivePotentiationMultiplicativeDepression(w_min=0.0, w_max=0.004))
    sim.Projection(pre, post, sim.OneToOneConnector(), sim.TsodyksMarkramSynapse(U=0.3, tau_rec=200.0,
                                                                                  tau_facil=50.0, weight=0.001))
    sim.run(1.0)
    additive, multiplicative, mixed, stp = (p["plasticity"][0] for p in experiment(sim)["projection"])
    assert additive["weight_dependence"] == "additive"
    assert additive["a_plus"] == pytest.approx(0.02 * 4.0) and additive["a_minus"] == pytest.approx(0.03 * 4.0)
    assert (additive["w_max"], additive["tau_plus"], additive["tau_minus"]) == ("4.0 nS", "15.0 ms", "25.0 ms")
    assert (multiplicative["weight_dependence"], multiplicative["a_plus"], multiplicative["w_min"]) == \
        ("multiplicative", 0.02, "1.0 nS")
    assert (mixed["weight_dependence"], mixed["a_plus"], mixed["a_minus"]) == ("van_rossum", pytest.approx(0.08), 0.03)
    assert (stp["rule"], stp["u"], stp["tau_rec"], stp["tau_fac"]) == ("stp", 0.3, "200.0 ms", "50.0 ms")


def test_runs_in_pieces_past_the_first_end_are_the_run_in_one_piece():
    import pyNN.plastix as sim

    def script(pieces):
        sim.setup(timestep=0.1, seed=5)
        noise = sim.Population(20, sim.SpikeSourcePoisson(rate=40.0))
        cells = sim.Population(5, sim.IF_cond_exp())
        sim.Projection(noise, cells, sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(seed=2)),
                       sim.StaticSynapse(weight=0.01, delay=1.0))
        sim.DCSource(amplitude=0.3, start=30.0, stop=170.0).inject_into(cells)
        cells.record(["spikes", "v"])
        for piece in pieces:
            sim.run(piece)
        segment = cells.get_data().segments[0]
        sim.end()
        return [list(st.magnitude) for st in segment.spiketrains], np.asarray(segment.analogsignals[0])

    whole = script([200.0])
    in_pieces = script([20.0, 50.0, 130.0])  # each run past the end rebuilds and replays the run
    assert sum(len(s) for s in whole[0]) > 5
    assert whole[0] == in_pieces[0]
    np.testing.assert_array_equal(whole[1], in_pieces[1])


def test_views_assemblies_and_pynn_connectors_become_list_projections(sim):
    a = sim.Population(4, sim.IF_curr_exp(), label="a")
    b = sim.Population(3, sim.IF_curr_exp(), label="b")
    rng = sim.NumpyRNG(seed=1)
    fixed = sim.Projection(a[1:3], b, sim.FixedNumberPreConnector(2, rng=rng), sim.StaticSynapse(weight=0.5))
    listed = sim.Projection(a, b, sim.FromListConnector([(0, 2, 0.25, 1.0), (3, 0, 0.75, 2.0)]))
    sim.Projection(a[:3], a[1:4], sim.OneToOneConnector(), sim.StaticSynapse(weight=0.1))
    # (receptor_type given: PyNN's Assembly.receptor_types is a set, whose order, and so PyNN's guess, varies)
    assembly = sim.Projection(b[0:1] + a[0:1], b[1:2] + b[2:3], sim.AllToAllConnector(),
                              sim.StaticSynapse(weight=0.2), receptor_type="excitatory")
    sim.run(1.0)
    projections = {p["name"]: p for p in experiment(sim)["projection"]}
    assert len(fixed) == 6 and {pre for pre, _ in projections["prj0"]["pairs"]} <= {1, 2}
    assert projections["prj1"]["pairs"] == [[0, 2], [3, 0]]
    assert projections["prj1"]["weights"] == ["250.0 pA", "750.0 pA"]
    assert projections["prj1"]["delays"] == ["1.0 ms", "2.0 ms"]
    assert projections["prj2"]["pairs"] == [[0, 1], [1, 2], [2, 3]]
    assert sorted(k for k in projections if k.startswith("prj3")) == ["prj3_0", "prj3_1"]  # two population pairs
    assert len(assembly) == 4
    w = listed.get("weight", format="array")
    assert w[0, 2] == pytest.approx(0.25) and w[3, 0] == pytest.approx(0.75) and np.isnan(w[1, 1])


def test_weights_learnt_are_read_and_weights_set_before_the_run_are_used(sim):
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0, 60.0]))
    post = sim.Population(1, sim.IF_curr_exp())
    kick = sim.Population(1, sim.SpikeSourceArray(spike_times=[12.0, 62.0]))
    sim.Projection(kick, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=20.0, delay=0.5))
    stdp = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(A_plus=0.1, A_minus=0.0),
                             weight_dependence=sim.AdditiveWeightDependence(w_max=1.0), weight=0.1, delay=0.1,
                             dendritic_delay_fraction=0.0)
    plastic = sim.Projection(pre, post, sim.OneToOneConnector(), stdp)
    plastic.set(weight=0.3)
    sim.run(100.0)
    w = plastic.get("weight", format="list")
    assert w[0][:2] == (0, 0)
    assert w[0][2] > 0.3 + 0.1  # two potentiating pairs of about 0.1·e^{-3/20} each
    with pytest.raises(NotImplementedError, match="Projection.set"):
        plastic.set(weight=0.5)


def test_population_set_during_the_run_changes_the_model_from_then_on(sim):
    cells = sim.Population(1, sim.IF_curr_exp(i_offset=0.0))
    cells.record("spikes")
    sim.run(50.0)
    cells.set(i_offset=2.0)
    sim.run(50.0)
    spikes = cells.get_data().segments[0].spiketrains[0]
    assert len(spikes) > 2 and spikes.magnitude.min() > 50.0
    assert "population.pop0.i_e" in experiment(sim)["phase"][0]["set"][0]


def test_unsupported_features_raise_errors_naming_them(sim):
    with pytest.raises(NotImplementedError, match="HH_cond_exp"):
        sim.Population(1, sim.HH_cond_exp())
    pre, post = sim.Population(1, sim.SpikeSourceArray()), sim.Population(1, sim.IF_cond_exp())
    rule = sim.STDPMechanism(timing_dependence=sim.SpikePairRule(tau_plus=sim.RandomDistribution("uniform", (10, 20))),
                             weight_dependence=sim.AdditiveWeightDependence(), dendritic_delay_fraction=0.0)
    with pytest.raises(NotImplementedError, match="tau_plus"):
        sim.Projection(pre, post, sim.AllToAllConnector(), rule)
        sim.run(1.0)
    sim.setup()
    sim.Population(1, sim.IF_curr_exp())
    sim.run(1.0)
    with pytest.raises(NotImplementedError, match="before the first run"):
        sim.Population(1, sim.IF_curr_exp())


def test_reset_starts_a_new_segment_from_time_zero(sim):
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 15.0]))
    source.record("spikes")
    sim.run(10.0)
    sim.reset()
    sim.run(20.0)
    block = source.get_data()
    assert [list(s.spiketrains[0].magnitude) for s in block.segments] == [[5.0], [5.0, 15.0]]


def test_plastix_results_convert_to_a_neo_block_with_units():
    import neo
    import plastix
    from plastix.neo import to_neo
    exp = plastix.Experiment(name="neo", dt="0.1 ms", duration="100 ms")
    exp.add_population("src", 2, "spike_times", times=[["10 ms", "20 ms"], ["15 ms"]])
    exp.add_population("cells", 3, "lif", i_e="250 pA")
    exp.add_receptor("cells", "ampa", preset="ampa")
    exp.add_projection("src", "cells", name="ff", receptor="ampa", weight="2 nS",
                       plasticity={"rule": "stdp", "w_max": "5 nS"})
    exp.add_monitor("spikes", population="cells")
    exp.add_monitor("state", population="cells", variable="v", neurons=[0, 2], interval="1 ms")
    exp.add_monitor("weights", projection="ff", interval="10 ms")
    results = plastix.run(exp)
    block = results.to_neo()
    assert isinstance(block, neo.Block) and block.segments[0].name == "neo"
    segment = block.segments[0]
    trains = segment.spiketrains
    assert len(trains) == 3 and trains[0].annotations["source_population"] == "cells"
    np.testing.assert_allclose(np.concatenate([t.magnitude for t in trains]).size, results.spikes["cells"].times.size)
    assert str(trains[0].units.dimensionality) == "ms" and float(trains[0].t_stop) == pytest.approx(100.0)
    v = segment.filter(name="v")[0]
    assert str(v.units.dimensionality) == "mV" and v.shape == (101, 2)
    assert float(v.sampling_period) == pytest.approx(1.0)
    assert list(v.array_annotations["channel_index"]) == [0, 2]
    np.testing.assert_array_equal(v.magnitude, results.states["cells_v"].values)
    w = segment.filter(name="weight")[0]
    assert str(w.units.dimensionality) == "nS" and w.shape[1] == 6
    assert list(w.array_annotations["pre"]) == list(results.weights["ff"].pre)
    assert len(to_neo(results).segments[0].spiketrains) == 3


def test_an_output_directory_converts_to_the_same_neo_block(tmp_path):
    import plastix
    from plastix.results import run_output
    exp = plastix.Experiment(name="neo_dir", dt="0.1 ms", duration="50 ms")
    exp.add_population("cells", 2, "lif", i_e="300 pA")
    exp.add_monitor("spikes", population="cells")
    exp.add_monitor("state", population="cells", variable="v")
    results = plastix.run(exp)
    results.write(str(tmp_path / "out"))
    from_dir = run_output(str(tmp_path / "out")).to_neo()
    direct = results.to_neo()
    for a, b in zip(from_dir.segments[0].spiketrains, direct.segments[0].spiketrains):
        np.testing.assert_array_equal(a.magnitude, b.magnitude)
        assert float(a.t_stop) == float(b.t_stop) == pytest.approx(50.0)
    np.testing.assert_array_equal(from_dir.segments[0].analogsignals[0].magnitude,
                                  direct.segments[0].analogsignals[0].magnitude)


@pytest.mark.parametrize("receptor, weight, tau", [("excitatory", 1.0, 3.0), ("inhibitory", -1.5, 6.0)])
def test_alpha_currents_move_the_membrane_as_the_closed_form(sim, receptor, weight, tau):
    # IF_curr_alpha: I(s) = w·e·(s/τ)·e^{−s/τ} into c_m dv/dt = −(c_m/τ_m)(v − v_rest) + I gives
    # v − v_rest = (w·e/(c_m·τ))·e^{−s/τ_m}·(1 − e^{−ks}(1 + ks))/k², k = 1/τ − 1/τ_m. The spike (10 ms, delay 1 ms)
    # arrives in the step of 11 ms and the current flows from the next step (s = t − 11.1 ms), as in Brian2 (the
    # spikes compared in test_pynn_brian2.py are the same steps). plastix's receptor is the difference of
    # exponentials with τ(1 ± 1e-3), v integrated exactly (lif_method "exact"): within 1e-5 mV of the closed form.
    sim.setup(timestep=0.1, lif_method="exact")
    cells = sim.Population(1, sim.IF_curr_alpha(tau_syn_E=3.0, tau_syn_I=6.0, cm=0.5, tau_m=15.0, v_rest=-70.0))
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0]))
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=weight, delay=1.0),
                   receptor_type=receptor)
    cells.initialize(v=-70.0)
    cells.record("v")
    sim.run(60.0)
    v = np.asarray(cells.get_data().segments[0].analogsignals[0]).ravel()
    s = np.maximum(np.arange(v.size) * 0.1 - 11.1, 0.0)
    k = 1.0 / tau - 1.0 / 15.0
    expected = -70.0 + weight * np.e / (0.5 * tau) * np.exp(-s / 15.0) * (1.0 - np.exp(-k * s) * (1.0 + k * s)) / k**2
    assert abs(v - (-70.0)).max() > 1.0
    np.testing.assert_allclose(v, expected, atol=1e-5)


@pytest.mark.parametrize("tau_facil", [0.0, 200.0])
def test_tsodyks_markram_synapses_transmit_the_closed_form_efficacies(sim, tau_facil):
    # Tsodyks & Markram 1997 (with facilitation as in Maass & Markram 2002 and NEST's tsodyks synapses): at each
    # spike u ← u·e^{−Δ/τ_facil} + U(1 − u·e^{−Δ/τ_facil}) (u = U without facilitation), the efficacy is u·x, then
    # x ← x − u·x and x recovers to 1 with τ_rec. A near-perfect integrator (τ_m = 10⁷ ms) with fast synapses
    # (1 ms) measures each transmitted charge as a jump of v: the ratios of the jumps are the ratios of u·x (measured
    # to 7e-6: what the leak of τ_m = 10⁷ ms takes from v over 150 ms; tolerance 2e-5).
    U, tau_rec, times = 0.2, 100.0, [10.0, 30.0, 50.0, 70.0, 150.0]
    cells = sim.Population(1, sim.IF_curr_exp(tau_m=1e7, tau_syn_E=1.0, v_thresh=1000.0))
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=times))
    sim.Projection(source, cells, sim.AllToAllConnector(),
                   sim.TsodyksMarkramSynapse(U=U, tau_rec=tau_rec, tau_facil=tau_facil, weight=1.0, delay=1.0))
    cells.record("v")
    sim.run(200.0)
    v = np.asarray(cells.get_data().segments[0].analogsignals[0]).ravel()
    jumps = np.array([v[int(round((t + 18.0) / 0.1))] - v[int(round(t / 0.1))] for t in times])
    u, x, last, expected = 0.0, 1.0, None, []
    for t in times:
        if last is not None:
            x = 1.0 - (1.0 - x) * np.exp(-(t - last) / tau_rec)
            u = u * np.exp(-(t - last) / tau_facil) if tau_facil > 0 else 0.0
        u = U if tau_facil == 0 else u + U * (1.0 - u)
        expected.append(u * x)
        x -= u * x
        last = t
    expected = np.array(expected)
    np.testing.assert_allclose(jumps / jumps[0], expected / expected[0], rtol=2e-5)
    assert jumps[0] == pytest.approx(U * 1.0 * 1.0 / 1.0, rel=1e-3)  # w·u·x·τ_syn/c_m = 0.2 mV


def test_vogels_inhibitory_rule_depresses_by_eta_alpha_per_unpaired_pre_spike(sim):
    # Vogels et al. 2011 (NEST's vogels_sprekeler_synapse, PyNN's Vogels2011Rule): a pre spike without post
    # activity moves w by −η·α, α = 2·ρ·τ = 2 · 3 Hz · 20 ms = 0.12; 10 such spikes with η = 1e-3 uS: −1.2e-3 uS.
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0 + 20.0 * k for k in range(10)]))
    post = sim.Population(1, sim.IF_cond_exp())
    rule = sim.STDPMechanism(timing_dependence=sim.Vogels2011Rule(tau=20.0, eta=1e-3, rho=3.0),
                             weight_dependence=sim.AdditiveWeightDependence(w_min=0.0, w_max=0.1),
                             weight=0.01, delay=1.0, dendritic_delay_fraction=0.0)
    inhibitory = sim.Projection(pre, post, sim.OneToOneConnector(), rule, receptor_type="inhibitory")
    sim.run(250.0)
    table = experiment(sim)["projection"][0]["plasticity"][0]
    assert (table["rule"], table["eta"], table["target_rate"], table["w_max"]) == ("istdp", "1.0 nS", "3.0 Hz",
                                                                                  "100.0 nS")
    assert inhibitory.get("weight", format="array")[0, 0] == pytest.approx(0.01 - 10 * 1e-3 * 0.12, abs=1e-12)


def test_the_shim_adds_pyNN_plastix_to_the_systems_pyNN_unchanged():
    import pyNN
    import pyNN.plastix
    import plastix.pynn
    from pyNN import standardmodels
    assert pyNN.plastix is plastix.pynn
    assert pyNN.__version__.startswith("0.10")
    assert "pynn_shim" not in standardmodels.__file__  # the system's PyNN, not a copy
    assert "IF_cond_exp" in pyNN.plastix.list_standard_models()


def test_recordings_are_cleared_and_written_with_pynns_neo_io(sim, tmp_path):
    cells = sim.Population(2, sim.IF_curr_exp(i_offset=1.5))
    cells.record(["spikes", "v"])
    sim.run(50.0)
    first = cells.get_data(clear=True).segments[0]
    sim.run(50.0)
    second = cells.get_data().segments[0]
    assert first.spiketrains[0].magnitude.max() < 50.0 and second.spiketrains[0].magnitude.min() >= 50.0
    assert second.analogsignals[0].shape[0] == 501  # samples from 50 ms to 100 ms
    cells.write_data(str(tmp_path / "cells.pkl"))
    from neo.io import PickleIO
    block = PickleIO(str(tmp_path / "cells.pkl")).read_block()
    assert len(block.segments[0].spiketrains) == 2


def test_per_neuron_offsets_and_poisson_rates_become_stimuli_and_match_separate_populations(sim):
    # i_offset (and a Poisson source's rate) may differ between neurons: plastix gets them as [[phase.stimulus]]
    # tables from t = 0; the spikes are those of one population per value.
    mixed = sim.Population(3, sim.IF_curr_exp(i_offset=[0.0, 1.0, 1.5]))
    alone = [sim.Population(1, sim.IF_curr_exp(i_offset=v)) for v in (0.0, 1.0, 1.5)]
    for p in [mixed] + alone:
        p.record("spikes")
    sim.run(100.0)
    ours = [list(t.magnitude) for t in mixed.get_data().segments[0].spiketrains]
    theirs = [list(p.get_data().segments[0].spiketrains[0].magnitude) for p in alone]
    assert ours == theirs and len(ours[2]) > len(ours[1]) > 0 == len(ours[0])
    stimuli = experiment(sim)["phase"][0]["stimulus"]
    assert {"population": "pop0", "current": "1.5 nA", "neurons": [2], "start": "0 ms"} in stimuli


def test_poisson_rates_set_during_the_run_change_the_rate_from_then_on(sim):
    sources = sim.Population(50, sim.SpikeSourcePoisson(rate=10.0))
    sources.record("spikes")
    sim.run(1000.0)
    sources.set(rate=[50.0] * 25 + [0.0] * 25)
    sim.run(1000.0)
    trains = [t.magnitude for t in sources.get_data().segments[0].spiketrains]
    before = sum(int(np.sum(t < 1000.0)) for t in trains)
    after_fast = sum(int(np.sum(t >= 1000.0)) for t in trains[:25])
    after_silent = sum(int(np.sum(t >= 1000.0)) for t in trains[25:])
    assert abs(before - 500) < 4 * np.sqrt(500) and abs(after_fast - 1250) < 4 * np.sqrt(1250)
    assert after_silent == 0


def test_delta_synapses_of_if_curr_delta_move_v_by_their_weight(sim):
    cells = sim.Population(1, sim.IF_curr_delta(tau_m=1e7))
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[10.0, 20.0]))
    sim.Projection(source, cells, sim.AllToAllConnector(), sim.StaticSynapse(weight=2.5, delay=1.0))
    cells.record("v")
    sim.run(30.0)
    v = np.asarray(cells.get_data().segments[0].analogsignals[0]).ravel()
    assert v[100] == pytest.approx(-65.0) and v[-1] == pytest.approx(-60.0, abs=1e-4)  # two jumps of 2.5 mV


def test_neurons_with_different_parameters_become_plastix_populations_of_equal_neurons(sim):
    # tau_m and the initial v differ: three groups of equal neurons (pop0_0, pop0_1, pop0_2); projections, current
    # sources and recordings are split with them, and the spikes are those of one PyNN population per group.
    mixed = sim.Population(4, sim.IF_curr_exp(tau_m=[10.0, 20.0, 10.0, 30.0], i_offset=0.0))
    mixed.initialize(v=[-65.0, -60.0, -65.0, -55.0])
    alone = [sim.Population(1, sim.IF_curr_exp(tau_m=t, i_offset=0.0)) for t in (10.0, 20.0, 10.0, 30.0)]
    for p, v in zip(alone, (-65.0, -60.0, -65.0, -55.0)):
        p.initialize(v=v)
    source = sim.Population(1, sim.SpikeSourceArray(spike_times=[5.0, 6.0, 7.0, 40.0, 41.0]))
    for p in [mixed] + alone:
        sim.Projection(source, p, sim.AllToAllConnector(), sim.StaticSynapse(weight=3.0, delay=1.0))
        sim.DCSource(amplitude=0.6, start=20.0, stop=80.0).inject_into(p)
        p.record(["spikes", "v"])
    sim.run(100.0)
    segment = mixed.get_data().segments[0]
    ours = [list(t.magnitude) for t in segment.spiketrains]
    theirs = [list(p.get_data().segments[0].spiketrains[0].magnitude) for p in alone]
    assert ours == theirs and sum(map(len, ours)) > 4
    v = np.asarray(segment.analogsignals[0])
    for k, p in enumerate(alone):
        np.testing.assert_array_equal(v[:, k], np.asarray(p.get_data().segments[0].analogsignals[0])[:, 0])
    names = [p["name"] for p in experiment(sim)["population"]]
    assert names[:3] == ["pop0_0", "pop0_1", "pop0_2"]
    mixed.set(tau_m=15.0)  # the same value for every group: one change per plastix population
    sim.run(10.0)
    assert len(experiment(sim)["phase"][0]["set"]) == 3


def test_parameters_set_on_views_before_the_run_reach_those_neurons(sim):
    cells = sim.Population(4, sim.IF_cond_exp())
    cells[0:2].set(tau_m=12.0)
    sources = sim.Population(2, sim.SpikeSourceArray(spike_times=[[1.0], [2.0]]))
    sources[1:2].set(spike_times=[[5.0, 6.0]])
    sources.record("spikes")
    sim.run(10.0)
    assert list(cells.get("tau_m")) == [12.0, 12.0, 20.0, 20.0]
    assert [t["tau_m"] for t in experiment(sim)["population"][:2]] == ["12.0 ms", "20.0 ms"]
    assert [list(t.magnitude) for t in sources.get_data().segments[0].spiketrains] == [[1.0], [5.0, 6.0]]


def test_distance_dependent_connections_and_delays_come_from_pynns_space(sim):
    from pyNN.space import Grid2D
    grid = sim.Population(25, sim.IF_cond_exp(), structure=Grid2D())
    local = sim.Projection(grid, grid, sim.DistanceDependentProbabilityConnector("d < 1.5"),
                           sim.StaticSynapse(weight=0.001, delay="0.5 + 0.1*d"))
    sim.run(1.0)
    # on a 5 x 5 grid of spacing 1: every cell with itself and its neighbours within 1.5 (incl. diagonals)
    assert len(local) == 25 + 2 * (2 * 4 * 5) + 2 * (2 * 4 * 4)
    delays = {round(d, 6) for _, _, d in local.get("delay", format="list")}
    assert delays == {0.5, 0.6, round(0.5 + 0.1 * np.sqrt(2), 6)}
    assert sorted({d for d in experiment(sim)["projection"][0]["delays"]})[0] == "0.5 ms"


def test_plastix_rules_are_reachable_as_a_native_synapse_type(sim):
    # PlastixSynapse carries plastix's own rules (here the triplet rule of Pfister & Gerstner 2006) with their
    # keys in plastix's units; 20 pre-before-post pairings potentiate the synapse.
    pre = sim.Population(1, sim.SpikeSourceArray(spike_times=[50.0 + 100.0 * k for k in range(20)]))
    kick = sim.Population(1, sim.SpikeSourceArray(spike_times=[55.0 + 100.0 * k for k in range(20)]))
    post = sim.Population(1, sim.IF_cond_exp(tau_refrac=20.0))
    sim.Projection(kick, post, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5, delay=0.1))
    triplet = sim.PlastixSynapse(rules={"rule": "triplet", "preset": "visual_cortex_nearest", "w_max": "1 nS",
                                        "a2_plus": 0.01, "a3_plus": 0.01},
                                 weight=0.0005, delay=1.0)
    plastic = sim.Projection(pre, post, sim.OneToOneConnector(), triplet)
    sim.run(2100.0)
    rule = experiment(sim)["projection"][1]["plasticity"][0]
    assert (rule["rule"], rule["preset"], rule["w_max"]) == ("triplet", "visual_cortex_nearest", "1 nS")
    assert plastic.get("weight", format="array")[0, 0] > 0.0005 + 1e-5
    with pytest.raises(ValueError, match="rules"):
        sim.PlastixSynapse(rules=[{"tau": "1 ms"}])
