"""A neuron model written as equations from the Python builder (docs/equations.md, "Neuron models"):
add_population(..., "equations", ...) takes the model's tables and texts, the run compiles it into a temporary cache
folder, and its state is recorded by name."""

import pytest

plastix = pytest.importorskip("plastix")


def test_a_neuron_model_written_as_equations_is_built_in_code_runs_and_is_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("PLASTIX_CACHE_DIR", str(tmp_path / "cache"))
    exp = plastix.Experiment(name="eqn", seed=3)
    exp.add_population("input", 20, "poisson", rate="40 Hz")
    exp.add_population("n", 5, "equations", t_ref="2 ms",
                       constants={"c_m": "200 pF", "g_l": "10 nS", "e_l": "-60 mV", "v_th": "-50 mV",
                                  "v_r": "-60 mV", "tau_u": "50 ms", "du": "20 pA"},
                       state={"v": "-60 mV", "u": "0 pA"},
                       equations="dv/dt = (g_l*(e_l - v) - u + I_syn + I_ext)/c_m; du/dt = -u/tau_u",
                       threshold="v >= v_th", reset="v = v_r; u += du")
    exp.add_receptor("n", "exc", tau_decay="5 ms", e_rev="0 mV")
    exp.add_projection("input", "n", receptor="exc", connector="all_to_all", weight="3 nS")
    exp.add_monitor("state", population="n", variable="u", interval="1 ms")
    exp.add_monitor("spikes", population="n")
    exp.add_phase("drive", "200 ms")
    res = plastix.run(exp)
    assert len(res.spikes["n"].times) > 10
    u = res.states["n_u"]
    assert u.values.max() > 0.0
    assert any(p.suffix == ".so" for p in (tmp_path / "cache").iterdir())


def test_a_keyword_that_is_no_key_of_a_written_model_is_refused_with_the_closest_one():
    exp = plastix.Experiment(name="eqn")
    with pytest.raises(plastix.PlastixError, match="threshold"):
        exp.add_population("n", 5, "equations", treshold="v > 0*mV")


def _written_lif(tmp_path, monkeypatch, sets=None):
    """A passive written LIF driven by a constant current i0; phase 'b' may change constants ([[phase]] set)."""
    monkeypatch.setenv("PLASTIX_CACHE_DIR", str(tmp_path / "cache"))
    exp = plastix.Experiment(name="eqn_set", seed=1, dt="0.1 ms")
    exp.add_population("n", 2, "equations", t_ref="1 ms",
                       constants={"c_m": "200 pF", "g_l": "10 nS", "e_l": "-70 mV", "v_th": "-50 mV",
                                  "v_r": "-70 mV", "i0": "150 pA"},
                       state={"v": "-70 mV"}, equations="dv/dt = (g_l*(e_l - v) + i0 + I_ext)/c_m",
                       threshold="v >= v_th", reset="v = v_r")
    exp.add_monitor("state", population="n", variable="v", interval="0.1 ms")
    exp.add_phase("a", "30 ms")
    exp.add_phase("b", "30 ms", **({"set": sets} if sets else {}))
    return exp


def test_the_constants_of_a_written_neuron_model_change_in_a_phase_as_the_reference_loop_says(tmp_path,
                                                                                             monkeypatch):
    import math
    import numpy as np
    exp = _written_lif(tmp_path, monkeypatch, {"population.n.constants.i0": "250 pA",
                                               "population.n.constants.e_l": "-65 mV"})
    v = plastix.run(exp).states["n_v"].values[:, 0]
    # exponential Euler of a linear ODE with constant input: exact; no spike below threshold (150 pA: -55 mV)
    # until the change at 30 ms (250 pA, e_l -65 mV: v_inf = -40 mV, so the neuron fires)
    decay, x, expected = math.exp(-0.1 * 10 / 200), -70.0, []
    for n in range(len(v)):
        expected.append(x)
        e_l, i0 = (-70.0, 150.0) if n < 300 else (-65.0, 250.0)
        v_inf = e_l + i0 / 10.0
        x = v_inf + (x - v_inf) * decay
        if x >= -50.0:
            break
    np.testing.assert_allclose(v[:len(expected)], expected, atol=1e-9)
    assert len(expected) < len(v) and len(expected) > 300  # it reached threshold in phase b only


def test_only_the_values_of_a_written_models_constants_may_change_during_a_run(tmp_path, monkeypatch):
    exp = _written_lif(tmp_path, monkeypatch, {"population.n.threshold": "v >= v_th + 1*mV"})
    with pytest.raises(plastix.PlastixError, match="its threshold cannot change; only the values of its constants "
                                                   "and t_ref can change during a run"):
        exp.check()
