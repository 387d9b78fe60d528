"""The Python builder's add_modulator ([[modulator]] and [[modulator.reward]]): its keywords are checked against the
catalogue like the other add_* calls, and an experiment built in code with a reward-modulated rule runs and writes
the same file text as one written by hand."""
import numpy as np
import pytest

plastix = pytest.importorskip("plastix")
try:
    from plastix import _core  # noqa: F401
except ImportError as e:  # the module is part of the build: a missing one is a failure, not a skip
    pytest.fail(f"plastix._core not importable ({e}); PYTHONPATH must hold <source>/python and <build>/python")


def rewarded_pairing():
    exp = plastix.Experiment(name="reward", seed=3, duration="3 s")
    exp.add_population("pre", 1, "spike_times", times=[["10 ms", "510 ms"]])
    exp.add_population("post", 1, "spike_times", times=[["20 ms", "520 ms"]])
    exp.add_modulator("dopamine", tau="200 ms", rewards=[{"pre": "pre", "post": "post", "window": "20 ms",
                                                          "delay_min": "1 s", "delay_max": "2 s", "amount": "0.5 uM"}])
    exp.add_projection("pre", "post", name="syn", connector="all_to_all", weight="1 nS",
                       plasticity={"rule": "reward_stdp", "tau_mean": "20 s", "w_max": "10 nS"})
    exp.add_monitor("state", modulator="dopamine", variable="level", interval="1 ms")
    exp.add_monitor("weights", projection="syn", interval="10 ms")
    return exp


def test_add_modulator_writes_the_tables_of_the_file_and_the_rewarded_synapse_grows():
    exp = rewarded_pairing()
    text = exp.text
    assert "[[modulator]]" in text and "[[modulator.reward]]" in text
    assert text.index("[[modulator]]") < text.index("[[projection]]")
    res = plastix.run(exp)
    level = res.states["dopamine_level"].values
    assert np.max(level) > 0.3  # the rewards arrived
    w = res.weights["syn"].values
    assert w[-1, 0] > w[0, 0]  # a reward after a causal pairing: the prediction error is positive


def test_add_modulator_refuses_an_unknown_keyword_with_the_closest_key():
    exp = plastix.Experiment(name="m")
    with pytest.raises(plastix.PlastixError, match="unknown key 'tua'.*did you mean 'tau'"):
        exp.add_modulator("dopamine", tua="200 ms")
    with pytest.raises(plastix.PlastixError, match="modulator 'dopamine', reward: unknown key 'windw'.*'window'"):
        exp.add_modulator("dopamine", rewards=[{"pre": "a", "post": "b", "windw": "20 ms"}])
