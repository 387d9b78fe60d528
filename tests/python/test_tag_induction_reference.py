"""tag_trigger's voltage-triplet induction (Clopath, Ziegler, Vasilaki, Büsing & Gerstner 2008) against a small,
self-contained Python reference of the published model: the equations of the authors' code (ModelDB 118199,
tagtric.py) with its own neuron and its 1 ms forward-Euler step, written again here.

The reference is the expectation of the tags: every synapse of a pathway sees the same presynaptic volleys and the
same postsynaptic voltage (a volley of 100 synapses kicks the neuron far above threshold whatever the weights, so the
voltage does not depend on the tags), so the synapses are independent and alike, and the expected fraction of
untagged, LTP-tagged and LTD-tagged synapses follows a plain recursion over the steps. plastix runs the
tagging_capture cell (docs/models/consolidation.md) at dt = 0.1 ms, with 8 cells of 100 synapses each (800
independent synapses), tags frozen (no decay) and read from the final weights (w = 1 + h + 0.5·l, no late phase).

Tolerances: the binomial noise of the mean over 800 synapses (standard deviation below 2 tags per 100) plus the
differences of the two discretizations (1 ms Euler with a 1-step spike in the reference; 0.1 ms with a 1 ms clamp in
plastix): 6 tags per 100.
"""
import math
import subprocess

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from plastix_paths import plastix_binary  # noqa: E402

N_CELLS = 8


def reference_tags(pulses, freq_hz=100.0):
    """Expected LTP and LTD tags per 100 synapses after `pulses` volleys at `freq_hz` (tagtric.py's model).

    Neuron: AdEx, 1 ms Euler; a spike sets v to 20 mV for one step, then v resets to E_L; each volley adds
    eps·Σw = 3 mV × 160 to v. Rule, per 1 ms step k, for an untagged synapse:
      LTD at a volley with probability A_LTD·[ū_LTD(k−1) − θ_LTD]+,
      then LTP with probability A_LTP·[v(k) − θ_LTP]+·r(k)·[ū_LTP(k−1) − θ_LTD]+,
    r(k) the presynaptic low-pass before the step's own volley (r += (x − r)/τx per ms after it is read), as in the
    code (plastix reads x̄ x_delay = 1 ms late for this); then ū take v(k) (Euler, as in the code). The code tries
    LTP and LTD in a random order per step; here, as in plastix, LTD first (both are rarely possible in one step)."""
    e_l, c_m, g_l, v_t, delta_t, tau_w, a, b = -70.6, 281.0, 30.0, -50.4, 2.0, 144.0, 4.0, 0.0805
    a_ltd, a_ltp, theta_ltp, theta_ltd, tau_ltp, tau_ltd, tau_x = 1e-2, 1e-3, -50.0, e_l, 100.0, 1000.0, 100.0
    period = int(round(1000.0 / freq_hz))
    volleys = {k * period for k in range(pulses)}
    v, w_ad, u_ltd, u_ltp, r = e_l, 0.0, e_l, e_l, 0.0
    untagged, ltp, ltd = 1.0, 0.0, 0.0
    for k in range((pulses - 1) * period + 200):
        x = 1.0 if k in volleys else 0.0
        if v == 20.0:
            v, w_ad = e_l, w_ad + b
        v += (-g_l * (v - e_l) + g_l * delta_t * math.exp((v - v_t) / delta_t) - w_ad) / c_m + 3.0 * 160.0 * x
        if v > 10.0:
            v = 20.0
        w_ad += (a * (v - e_l) - w_ad) / tau_w
        p_ltd = min(1.0, a_ltd * x * max(u_ltd - theta_ltd, 0.0))
        p_ltp = min(1.0, a_ltp * max(v - theta_ltp, 0.0) * r * max(u_ltp - theta_ltd, 0.0))
        r += (x - r) / tau_x
        new_ltd = untagged * p_ltd
        untagged -= new_ltd
        new_ltp = untagged * p_ltp
        untagged -= new_ltp
        ltd += new_ltd
        ltp += new_ltp
        u_ltd += (v - u_ltd) / tau_ltd
        u_ltp += (v - u_ltp) / tau_ltp
    return 100.0 * ltp, 100.0 * ltd


def experiment(pulses):
    return f"""
[experiment]
name = "tag_induction"
seed = 3

[[population]]
name = "in"
size = 100
model = "regular"
rate = "0 Hz"

[[population]]
name = "cell"
size = {N_CELLS}
model = "adex_clopath"
v_peak = "10 mV"
v_spike = "20 mV"
t_spike = "1 ms"
v_t_max = "-50.4 mV"
i_sp = "0 pA"
b = "0.0805 pA"
  [[population.receptor]]
  name = "syn"
  kind = "delta"

[[projection]]
name = "path"
pre = "in"
post = "cell"
receptor = "syn"
connector = "all_to_all"
weight = "1 mV"
delay = "1 ms"
  [[projection.plasticity]]
  rule = "tag_trigger"
  k_h = "0 Hz"
  k_l = "0 Hz"
  gz = 0

[[phase]]
name = "tetanus"
duration = "{pulses * 10} ms"
  [[phase.stimulus]]
  population = "in"
  rate = "100 Hz"

[[phase]]
name = "settle"
duration = "300 ms"

[[monitor]]
type = "weights"
projection = "path"
"""


def plastix_tags(tmp_path, pulses):
    """Mean LTP and LTD tags per 100 synapses over the 8 cells, from the final weights."""
    path = tmp_path / f"tags_{pulses}.toml"
    path.write_text(experiment(pulses))
    out = tmp_path / f"out_{pulses}"
    subprocess.run([str(plastix_binary()), "run", str(path), "-q", "-o", str(out)], check=True)
    with h5py.File(out / "data.h5", "r") as f:
        group = next(iter(f["weights"].values()))
        w = np.asarray(group["values"])[-1]
        post = np.asarray(group["post"])
    assert w.size == 100 * N_CELLS and np.all(np.bincount(post) == 100)
    assert np.all(np.isclose(w, 1.0) | np.isclose(w, 2.0) | np.isclose(w, 0.5)), "tags only: w in {1, 2, 0.5}"
    return 100.0 * np.mean(np.isclose(w, 2.0)), 100.0 * np.mean(np.isclose(w, 0.5))


@pytest.mark.parametrize("pulses", [21, 100])  # weak tetanus; one train of the strong tetanus
def test_tags_of_a_tetanus_match_the_reference_code(tmp_path, pulses):
    ltp_ref, ltd_ref = reference_tags(pulses)
    ltp, ltd = plastix_tags(tmp_path, pulses)
    print(f"{pulses} pulses: LTP tags {ltp:.1f} (reference {ltp_ref:.1f}), LTD tags {ltd:.1f} (reference {ltd_ref:.1f})")
    assert abs(ltp - ltp_ref) < 6.0
    assert abs(ltd - ltd_ref) < 6.0


def test_reference_outcomes_as_published():
    """The reference itself: a weak tetanus tags fewer synapses than the protein trigger θp = 60 (early LTP only),
    one strong train more (late LTP); Σ(h − l) counts both kinds of tags."""
    weak, strong = reference_tags(21), reference_tags(100)
    assert sum(weak) < 60.0 < sum(strong)
    assert weak[0] > weak[1] and strong[0] > strong[1]  # high-frequency trains mostly potentiate
