"""Varying currents in [[phase.stimulus]]: a Gaussian noise current (current_sd, noise_interval; PyNN's
NoisyCurrentSource, NEST's noise_generator) and a sine current (sine_amplitude, sine_frequency, sine_phase; PyNN's
ACSource). Checked against a self-contained reference loop of the LIF membrane (sine), against the normal
distribution (noise), and for reproducibility across pieces and checkpoints."""
import math

import numpy as np
import pytest

import plastix
from plastix.units import Hz, ms, mV, nS, pA, pF, second

E_L, G_L, C_M, DT = -70.0, 10.0, 200.0, 0.1  # mV, nS, pF, ms


def passive(name, size, stimulus, duration=0.5 * second, interval=DT * ms, tau_m=None):
    """A population of LIF neurons that never fire (threshold far away), v recorded every step."""
    exp = plastix.Experiment(name=name, seed=7, dt=DT * ms)
    params = {"c_m": C_M * pF, "g_l": G_L * nS} if tau_m is None else {"tau_m": tau_m, "g_l": G_L * nS}
    exp.add_population("cells", size, "lif", e_l=E_L * mV, v_th=1000 * mV, v_reset=E_L * mV,
                       init={"v": f"{E_L} mV"}, **params)
    exp.add_monitor("state", population="cells", variable="v", interval=interval, name="v")
    exp.add_phase("run", duration, stimuli=[{"population": "cells", **stimulus}])
    return exp


def test_a_sine_current_drives_the_membrane_as_the_reference_loop_does():
    amplitude, frequency, phase, offset, start = 80.0, 7.0, 30.0, 20.0, 50.0  # pA, Hz, degrees, pA, ms
    exp = passive("sine", 1, {"current": offset * pA, "sine_amplitude": amplitude * pA, "sine_frequency": frequency * Hz,
                              "sine_phase": phase, "start": start * ms, "stop": 400 * ms})
    record = plastix.run(exp).states["v"]
    # Reference: exponential Euler (exact for the current held over a step), the current of step n taken at
    # t = n·dt − start from the stimulus's start, on in [start, stop).
    decay, v, expected = math.exp(-DT * G_L / C_M), E_L, []
    for n in range(len(record.times)):
        expected.append(v)
        t = n * DT
        i = offset + amplitude * math.sin(2 * math.pi * frequency * 1e-3 * (t - start) + math.radians(phase)) \
            if start <= t < 400.0 else 0.0
        v_inf = E_L + i / G_L
        v = v_inf + (v - v_inf) * decay
    np.testing.assert_allclose(record.times, np.arange(len(record.times)) * DT, atol=1e-9)
    np.testing.assert_allclose(record.values[:, 0], expected, atol=1e-9)
    assert np.ptp(record.values[:, 0]) > 5.0  # the sine moves v by mV


def test_a_noise_current_is_gaussian_with_the_given_mean_and_sd_and_independent_per_neuron_and_interval():
    mean, sd, held = 30.0, 50.0, 20.0  # pA, pA, ms
    # tau_m = 0.5 ms: v relaxes to e_l + I/g_l well within each 20 ms interval, so v at the interval's end reads I
    exp = passive("noise", 200, {"current": mean * pA, "current_sd": sd * pA, "noise_interval": held * ms},
                  duration=1 * second, interval=held * ms, tau_m=0.5 * ms)
    record = plastix.run(exp).states["v"]
    currents = (record.values[1:] - E_L) * G_L  # [intervals, neurons]
    n = currents.size
    assert n == 50 * 200  # samples at 20, 40, ..., 1000 ms: the end of each interval
    assert abs(currents.mean() - mean) < 4 * sd / math.sqrt(n)
    assert abs(currents.std() / sd - 1.0) < 4 / math.sqrt(2 * n)
    # independent between neurons and between intervals
    assert abs(np.corrcoef(currents[:, 0], currents[:, 1])[0, 1]) < 4 / math.sqrt(50)
    assert abs(np.corrcoef(currents[:-1].ravel(), currents[1:].ravel())[0, 1]) < 4 / math.sqrt(n)
    # roughly normal: the fraction within one sd
    within = np.mean(np.abs(currents - mean) < sd)
    assert abs(within - 0.6827) < 4 * math.sqrt(0.6827 * 0.3173 / n)


def test_a_noise_value_holds_for_its_interval_and_the_run_is_the_same_for_every_split(tmp_path):
    def build():
        return passive("pieces", 3, {"current": 0 * pA, "current_sd": 40 * pA, "noise_interval": 1 * ms,
                                     "sine_amplitude": 10 * pA, "sine_frequency": 40 * Hz, "start": 2.3 * ms},
                       duration=60 * ms, tau_m=5 * ms)
    whole = plastix.run(build()).states["v"].values
    sim = build().simulation()
    sim.run(7.3 * ms)
    sim.save(tmp_path / "run.checkpoint.h5")
    sim.run(20.1 * ms)
    pieces = sim.finish().states["v"].values
    resumed = plastix.load(tmp_path / "run.checkpoint.h5").finish().states["v"].values
    assert np.array_equal(whole, pieces) and np.array_equal(whole, resumed)
    assert not np.array_equal(whole[:, 0], whole[:, 1])  # each neuron its own noise
    other_seed = build()
    other_seed.seed = 8
    assert not np.array_equal(whole, plastix.run(other_seed).states["v"].values)
    # nothing before the stimulus's start (2.3 ms: step 23; v at t = n·dt is v after step n − 1)
    assert np.all(whole[:24] == E_L) and not np.any(whole[24] == E_L)


def test_varying_currents_are_refused_where_they_cannot_apply():
    exp = passive("bad", 1, {"current": 0 * pA, "current_sd": 10 * pA, "noise_interval": 0.25 * ms})
    with pytest.raises(plastix.PlastixError, match=r"noise_interval must be a positive whole number of dt = 0.1 ms, "
                                                   r"got 0.25 ms"):
        exp.check()
    exp = passive("bad", 1, {"current": 0 * pA, "current_sd": -1 * pA})
    with pytest.raises(plastix.PlastixError, match=r"current_sd must be >= 0 pA"):
        exp.check()
    exp = plastix.Experiment(name="bad")
    exp.add_population("src", 2, "poisson", rate=5 * Hz)
    exp.add_phase("p", 100 * ms, stimuli=[{"population": "src", "rate": 10 * Hz, "sine_amplitude": 5 * pA}])
    with pytest.raises(plastix.PlastixError, match=r"sine_amplitude.*is for current = .* stimuli, not for rates"):
        exp.check()
