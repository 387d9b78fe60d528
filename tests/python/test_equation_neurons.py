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
