"""PyNN's standard cell types on plastix, each with `plastix_model(p)`: the plastix model, its keys and receptors
for the parameters p of a population (PyNN's units). Models and papers: docs/experiment-files.md (lif: Lapicque
1907; adex: Brette & Gerstner 2005; izhikevich: Izhikevich 2003); the mappings: docs/pynn.md, tested in
tests/python/test_pynn_backend.py and test_pynn_brian2.py."""
from pyNN.standardmodels import cells

from plastix.pynn import simulator
from plastix.pynn.units import identity_translations, quantity


class PlastixCell:
    """A PyNN cell type that plastix runs: `plastix_model(p)` gives (model, keys, receptors) for the homogeneous
    parameters p of a population (PyNN units)."""
    receptor_kind = None  # "current", "conductance" or "delta" for neuron models; None for spike sources


def _lif_keys(p):
    # c_m dv/dt = (c_m/tau_m)(v_rest - v) + I: plastix's lif with c_m and tau_m (sets g_l = c_m/tau_m).
    return {"c_m": quantity(p["cm"], "nF"), "tau_m": quantity(p["tau_m"], "ms"),
            "e_l": quantity(p["v_rest"], "mV"), "v_th": quantity(p["v_thresh"], "mV"),
            "v_reset": quantity(p["v_reset"], "mV"), "t_ref": quantity(p["tau_refrac"], "ms"),
            "i_e": quantity(p["i_offset"], "nA")}


# An alpha function w·(t/τ)·e^{1−t/τ} is the limit of plastix's peak-normalised difference of exponentials
# w·η·(e^{−t/τ_d} − e^{−t/τ_r}) as τ_r, τ_d → τ; with τ_d = τ(1 + δ), τ_r = τ(1 − δ) the first-order terms cancel
# and the shape differs from the alpha function by O(δ²) (about 1e-6 of its peak for δ = 1e-3).
ALPHA_SPREAD = 1e-3


def _time_constants(tau, alpha):
    if not alpha:
        return {"tau_decay": quantity(tau, "ms")}
    return {"tau_decay": quantity(tau * (1.0 + ALPHA_SPREAD), "ms"),
            "tau_rise": quantity(tau * (1.0 - ALPHA_SPREAD), "ms")}


def _current_receptors(p, alpha=False):
    return [{"name": "exc", "kind": "current", **_time_constants(p["tau_syn_E"], alpha)},
            {"name": "inh", "kind": "current", **_time_constants(p["tau_syn_I"], alpha)}]


def _conductance_receptors(p, alpha=False):
    return [{"name": "exc", "kind": "conductance", **_time_constants(p["tau_syn_E"], alpha),
             "e_rev": quantity(p["e_rev_E"], "mV")},
            {"name": "inh", "kind": "conductance", **_time_constants(p["tau_syn_I"], alpha),
             "e_rev": quantity(p["e_rev_I"], "mV")}]


class IF_curr_exp(PlastixCell, cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = identity_translations(cells.IF_curr_exp)
    receptor_kind = "current"

    def plastix_model(self, p):
        # By default plastix's "exact" integration of v: NEST's iaf_psc_exp, exact for exponential currents.
        return "lif", {**_lif_keys(p), "method": simulator.state.lif_method or "exact"}, _current_receptors(p)


class IF_curr_delta(PlastixCell, cells.IF_curr_delta):
    __doc__ = cells.IF_curr_delta.__doc__
    translations = identity_translations(cells.IF_curr_delta)
    receptor_kind = "delta"  # a spike moves v by its weight (mV)

    def plastix_model(self, p):
        method = simulator.state.lif_method or "exact"
        return "lif", {**_lif_keys(p), "method": method}, [{"name": "exc", "kind": "delta"},
                                                           {"name": "inh", "kind": "delta"}]


class IF_curr_alpha(PlastixCell, cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__
    translations = identity_translations(cells.IF_curr_alpha)
    receptor_kind = "current"

    def plastix_model(self, p):
        # Alpha-shaped currents (ALPHA_SPREAD); v by exponential Euler unless setup(lif_method=...).
        method = simulator.state.lif_method or "exponential_euler"
        return "lif", {**_lif_keys(p), "method": method}, _current_receptors(p, alpha=True)


class IF_cond_alpha(PlastixCell, cells.IF_cond_alpha):
    __doc__ = cells.IF_cond_alpha.__doc__
    translations = identity_translations(cells.IF_cond_alpha)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        method = simulator.state.lif_method or "exponential_euler"
        return "lif", {**_lif_keys(p), "method": method}, _conductance_receptors(p, alpha=True)


class IF_cond_exp(PlastixCell, cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    translations = identity_translations(cells.IF_cond_exp)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        # By default plastix's exponential Euler (exact for the input held over a step); "euler" is Brian2's.
        method = simulator.state.lif_method or "exponential_euler"
        return "lif", {**_lif_keys(p), "method": method}, _conductance_receptors(p)


class EIF_cond_exp_isfa_ista(PlastixCell, cells.EIF_cond_exp_isfa_ista):
    __doc__ = cells.EIF_cond_exp_isfa_ista.__doc__
    translations = identity_translations(cells.EIF_cond_exp_isfa_ista)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        g_l = 1000.0 * p["cm"] / p["tau_m"]  # nS = 1000 nF/ms
        keys = {"c_m": quantity(p["cm"], "nF"), "g_l": quantity(g_l, "nS"), "e_l": quantity(p["v_rest"], "mV"),
                "delta_t": quantity(p["delta_T"], "mV"), "v_t": quantity(p["v_thresh"], "mV"),
                "v_peak": quantity(p["v_spike"], "mV"), "v_reset": quantity(p["v_reset"], "mV"),
                "tau_w": quantity(p["tau_w"], "ms"), "a": quantity(p["a"], "nS"), "b": quantity(p["b"], "nA"),
                "t_ref": quantity(p["tau_refrac"], "ms"), "i_e": quantity(p["i_offset"], "nA")}
        return "adex", keys, _conductance_receptors(p)


class EIF_cond_alpha_isfa_ista(PlastixCell, cells.EIF_cond_alpha_isfa_ista):
    __doc__ = cells.EIF_cond_alpha_isfa_ista.__doc__
    translations = identity_translations(cells.EIF_cond_alpha_isfa_ista)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        _, keys, _ = EIF_cond_exp_isfa_ista.plastix_model(self, p)
        return "adex", keys, _conductance_receptors(p, alpha=True)


class Izhikevich(PlastixCell, cells.Izhikevich):
    __doc__ = cells.Izhikevich.__doc__
    translations = identity_translations(cells.Izhikevich)
    receptor_kind = "delta"  # PyNN's Izhikevich: a spike moves v by its weight (mV)

    def plastix_model(self, p):
        # dv/dt = 0.04 v^2 + 5 v + 140 - u + I/(1 pF): PyNN's i_offset [nA] over 1 pF, as in the paper's units.
        keys = {"a": float(p["a"]), "b": float(p["b"]), "c": quantity(p["c"], "mV"), "d": float(p["d"]),
                "c_m": "1 pF", "i_e": quantity(p["i_offset"], "nA")}
        return "izhikevich", keys, [{"name": "exc", "kind": "delta"}, {"name": "inh", "kind": "delta"}]


class SpikeSourcePoisson(PlastixCell, cells.SpikeSourcePoisson):
    __doc__ = cells.SpikeSourcePoisson.__doc__
    translations = identity_translations(cells.SpikeSourcePoisson)

    def plastix_model(self, p):
        rate, start, duration = float(p["rate"]), float(p["start"]), float(p["duration"])
        if start <= 0.0 and duration >= 1e9:
            return "poisson", {"rate": quantity(rate, "Hz")}, []
        profile = [["0 ms", "0 Hz"]] if start > 0.0 else []
        profile.append([quantity(start, "ms"), quantity(rate, "Hz")])
        if duration < 1e9:
            profile.append([quantity(start + duration, "ms"), "0 Hz"])
        return "poisson", {"profile": profile}, []


class SpikeSourceArray(PlastixCell, cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = identity_translations(cells.SpikeSourceArray)

    def plastix_model(self, p):
        raise AssertionError("spike_times populations are written by plastix_source_array")


def _unsupported_cell(cls, why):
    class Unsupported(cls):
        __doc__ = cls.__doc__

        def __init__(self, *args, **kwargs):
            raise NotImplementedError(f"pyNN.plastix: the cell type {cls.__name__} is not supported ({why}); "
                                      f"see docs/pynn.md")
    Unsupported.__name__ = cls.__name__
    Unsupported.__qualname__ = cls.__name__
    return Unsupported


HH_cond_exp = _unsupported_cell(cells.HH_cond_exp, "plastix has no Hodgkin-Huxley model")
IF_cond_exp_gsfa_grr = _unsupported_cell(cells.IF_cond_exp_gsfa_grr, "no model with these adaptation currents")


__all__ = [name for name, obj in list(globals().items())
           if isinstance(obj, type) and obj.__module__ == __name__ and not name.startswith("_")]
