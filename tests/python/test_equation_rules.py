"""A rule written as equations from the Python builder with what docs/equations.md added last: initial values drawn
from a distribution, the post neuron's state by name, on_tick with its interval and event-driven ODEs; and a
variable in a compound unit, recorded with that unit and read by plastix.units."""

import pytest

plastix = pytest.importorskip("plastix")


def test_a_rule_with_drawn_values_post_state_on_tick_and_a_compound_unit_is_built_in_code_and_recorded(
        tmp_path, monkeypatch):
    import numpy as np
    from plastix.units import Quantity, mV, ms, unit_of
    monkeypatch.setenv("PLASTIX_CACHE_DIR", str(tmp_path / "cache"))
    exp = plastix.Experiment(name="eq_rule", seed=5)
    exp.add_population("input", 20, "poisson", rate="40 Hz")
    exp.add_population("n", 4, "adex", i_e="300 pA", t_ref="1 ms")
    exp.add_receptor("n", "exc", tau_decay="5 ms", e_rev="0 mV")
    exp.add_projection("input", "n", receptor="exc", connector="all_to_all", weight="1 nS")
    exp.add_rule("input_n", "equations", label="drawn",
                 constants={"tau_r": "10 ms", "k": 0.5},
                 synapse={"z": {"uniform": ["0.2", "0.6"]}, "r": "0 mV/ms", "seen": "0 pA", "n_ticks": 0},
                 equations="dr/dt = (v_post/tau_r - r)/tau_r; dz/dt = -z/tau_r",
                 event_driven=["z"],
                 on_pre="seen = w_post; z += k",
                 tick="10 ms", on_tick="n_ticks += 1")
    for variable in ("r", "z", "seen", "n_ticks"):
        exp.add_monitor("state", projection="input_n", variable=variable, interval="1 ms")
    exp.add_phase("drive", "100 ms")
    res = plastix.run(exp)
    r = res.states["input_n_r"]
    assert r.unit == "mV/ms"
    rates = Quantity(r.values, r.unit)
    assert rates.dim == unit_of("mV/ms")[0]
    assert np.all((rates * ms).to("mV") == r.values)
    assert res.states["input_n_seen"].unit == "pA"  # the adex neuron's adaptation current w, read as w_post
    assert res.states["input_n_seen"].values[-1].max() > 0.0
    assert res.states["input_n_n_ticks"].values[-1].min() == 10.0
    z0 = res.states["input_n_z"].values[0]
    assert len(set(z0.tolist())) > 50 and z0.min() >= 0.2 * np.exp(-0.1)


def test_a_ticking_rule_without_its_interval_is_refused():
    exp = plastix.Experiment(name="eq_rule")
    exp.add_population("input", 2, "poisson", rate="4 Hz")
    exp.add_population("n", 2, "lif")
    exp.add_receptor("n", "exc", tau_decay="5 ms")
    exp.add_projection("input", "n", receptor="exc", weight="1 nS")
    exp.add_rule("input_n", "equations", synapse={"c": 0}, on_tick="c += 1")
    exp.add_phase("p", "1 ms")
    with pytest.raises(plastix.PlastixError, match="together"):
        plastix.run(exp)
