"""PyNN's standard cell, synapse and current-source types on plastix, and how each becomes a plastix model.

The types keep PyNN's parameter names and units as their native ones (identity translations: ms, mV, nA, nF, uS,
Hz); the unit conversion happens once, here, when a population, projection or current source is written into the
plastix experiment: PyNN nF -> "nF", nA -> "nA", uS -> conductance weights in nS (x 1000), nA current weights in
pA (x 1000). Every mapping is tested in tests/python/test_pynn_models.py. Models and papers:
docs/experiment-files.md (lif: Lapicque 1907; adex: Brette & Gerstner 2005; izhikevich: Izhikevich 2003;
stdp: Song, Miller & Abbott 2000; stp: Tsodyks & Markram 1997).
"""
import numpy as np
from pyNN.parameters import Sequence
from pyNN.standardmodels import build_translations, cells, electrodes, synapses
from pyNN.standardmodels import StandardCurrentSource  # noqa: F401 (re-exported for PyNN's conventions)

from plastix.pynn import simulator


def _identity(cls):
    """Translations that keep PyNN's names and units (the conversion to plastix is in `plastix_model`)."""
    return build_translations(*[(name, name) for name in cls.default_parameters])


class _PlastixCell:
    """A PyNN cell type that plastix runs: `plastix_model(p)` gives (model, keys, receptors) for the homogeneous
    parameters p of a population (PyNN units)."""
    receptor_kind = None  # "current", "conductance" or "delta" for neuron models; None for spike sources


def _q(value, unit):
    return f"{float(value)!r} {unit}"


def _lif_keys(p):
    # c_m dv/dt = (c_m/tau_m)(v_rest - v) + I: plastix's lif with c_m and tau_m (sets g_l = c_m/tau_m).
    return {"c_m": _q(p["cm"], "nF"), "tau_m": _q(p["tau_m"], "ms"), "e_l": _q(p["v_rest"], "mV"),
            "v_th": _q(p["v_thresh"], "mV"), "v_reset": _q(p["v_reset"], "mV"), "t_ref": _q(p["tau_refrac"], "ms"),
            "i_e": _q(p["i_offset"], "nA")}


# An alpha function w·(t/τ)·e^{1−t/τ} is the limit of plastix's peak-normalised difference of exponentials
# w·η·(e^{−t/τ_d} − e^{−t/τ_r}) as τ_r, τ_d → τ; with τ_d = τ(1 + δ), τ_r = τ(1 − δ) the first-order terms cancel
# and the shape differs from the alpha function by O(δ²) (about 1e-6 of its peak for δ = 1e-3).
ALPHA_SPREAD = 1e-3


def _time_constants(tau, alpha):
    if not alpha:
        return {"tau_decay": _q(tau, "ms")}
    return {"tau_decay": _q(tau * (1.0 + ALPHA_SPREAD), "ms"), "tau_rise": _q(tau * (1.0 - ALPHA_SPREAD), "ms")}


def _current_receptors(p, alpha=False):
    return [{"name": "exc", "kind": "current", **_time_constants(p["tau_syn_E"], alpha)},
            {"name": "inh", "kind": "current", **_time_constants(p["tau_syn_I"], alpha)}]


def _conductance_receptors(p, alpha=False):
    return [{"name": "exc", "kind": "conductance", **_time_constants(p["tau_syn_E"], alpha),
             "e_rev": _q(p["e_rev_E"], "mV")},
            {"name": "inh", "kind": "conductance", **_time_constants(p["tau_syn_I"], alpha),
             "e_rev": _q(p["e_rev_I"], "mV")}]


class IF_curr_exp(_PlastixCell, cells.IF_curr_exp):
    __doc__ = cells.IF_curr_exp.__doc__
    translations = _identity(cells.IF_curr_exp)
    receptor_kind = "current"

    def plastix_model(self, p):
        # By default plastix's "exact" integration of v: NEST's iaf_psc_exp, exact for exponential currents.
        return "lif", {**_lif_keys(p), "method": simulator.state.lif_method or "exact"}, _current_receptors(p)


class IF_curr_delta(_PlastixCell, cells.IF_curr_delta):
    __doc__ = cells.IF_curr_delta.__doc__
    translations = _identity(cells.IF_curr_delta)
    receptor_kind = "delta"  # a spike moves v by its weight (mV)

    def plastix_model(self, p):
        method = simulator.state.lif_method or "exact"
        return "lif", {**_lif_keys(p), "method": method}, [{"name": "exc", "kind": "delta"},
                                                           {"name": "inh", "kind": "delta"}]


class IF_curr_alpha(_PlastixCell, cells.IF_curr_alpha):
    __doc__ = cells.IF_curr_alpha.__doc__
    translations = _identity(cells.IF_curr_alpha)
    receptor_kind = "current"

    def plastix_model(self, p):
        # Alpha-shaped currents (ALPHA_SPREAD); v by exponential Euler unless setup(lif_method=...).
        method = simulator.state.lif_method or "exponential_euler"
        return "lif", {**_lif_keys(p), "method": method}, _current_receptors(p, alpha=True)


class IF_cond_alpha(_PlastixCell, cells.IF_cond_alpha):
    __doc__ = cells.IF_cond_alpha.__doc__
    translations = _identity(cells.IF_cond_alpha)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        method = simulator.state.lif_method or "exponential_euler"
        return "lif", {**_lif_keys(p), "method": method}, _conductance_receptors(p, alpha=True)


class IF_cond_exp(_PlastixCell, cells.IF_cond_exp):
    __doc__ = cells.IF_cond_exp.__doc__
    translations = _identity(cells.IF_cond_exp)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        # By default plastix's exponential Euler (exact for the input held over a step); "euler" is Brian2's.
        method = simulator.state.lif_method or "exponential_euler"
        return "lif", {**_lif_keys(p), "method": method}, _conductance_receptors(p)


class EIF_cond_exp_isfa_ista(_PlastixCell, cells.EIF_cond_exp_isfa_ista):
    __doc__ = cells.EIF_cond_exp_isfa_ista.__doc__
    translations = _identity(cells.EIF_cond_exp_isfa_ista)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        g_l = 1000.0 * p["cm"] / p["tau_m"]  # nS = 1000 nF/ms
        keys = {"c_m": _q(p["cm"], "nF"), "g_l": _q(g_l, "nS"), "e_l": _q(p["v_rest"], "mV"),
                "delta_t": _q(p["delta_T"], "mV"), "v_t": _q(p["v_thresh"], "mV"), "v_peak": _q(p["v_spike"], "mV"),
                "v_reset": _q(p["v_reset"], "mV"), "tau_w": _q(p["tau_w"], "ms"), "a": _q(p["a"], "nS"),
                "b": _q(p["b"], "nA"), "t_ref": _q(p["tau_refrac"], "ms"), "i_e": _q(p["i_offset"], "nA")}
        return "adex", keys, _conductance_receptors(p)


class EIF_cond_alpha_isfa_ista(_PlastixCell, cells.EIF_cond_alpha_isfa_ista):
    __doc__ = cells.EIF_cond_alpha_isfa_ista.__doc__
    translations = _identity(cells.EIF_cond_alpha_isfa_ista)
    receptor_kind = "conductance"

    def plastix_model(self, p):
        _, keys, _ = EIF_cond_exp_isfa_ista.plastix_model(self, p)
        return "adex", keys, _conductance_receptors(p, alpha=True)


class Izhikevich(_PlastixCell, cells.Izhikevich):
    __doc__ = cells.Izhikevich.__doc__
    translations = _identity(cells.Izhikevich)
    receptor_kind = "delta"  # PyNN's Izhikevich: a spike moves v by its weight (mV)

    def plastix_model(self, p):
        # dv/dt = 0.04 v^2 + 5 v + 140 - u + I/(1 pF): PyNN's i_offset [nA] over 1 pF, as in the paper's units.
        keys = {"a": float(p["a"]), "b": float(p["b"]), "c": _q(p["c"], "mV"), "d": float(p["d"]),
                "c_m": "1 pF", "i_e": _q(p["i_offset"], "nA")}
        return "izhikevich", keys, [{"name": "exc", "kind": "delta"}, {"name": "inh", "kind": "delta"}]


class SpikeSourcePoisson(_PlastixCell, cells.SpikeSourcePoisson):
    __doc__ = cells.SpikeSourcePoisson.__doc__
    translations = _identity(cells.SpikeSourcePoisson)

    def plastix_model(self, p):
        rate, start, duration = float(p["rate"]), float(p["start"]), float(p["duration"])
        if start <= 0.0 and duration >= 1e9:
            return "poisson", {"rate": _q(rate, "Hz")}, []
        profile = [["0 ms", "0 Hz"]] if start > 0.0 else []
        profile.append([_q(start, "ms"), _q(rate, "Hz")])
        if duration < 1e9:
            profile.append([_q(start + duration, "ms"), "0 Hz"])
        return "poisson", {"profile": profile}, []


class SpikeSourceArray(_PlastixCell, cells.SpikeSourceArray):
    __doc__ = cells.SpikeSourceArray.__doc__
    translations = _identity(cells.SpikeSourceArray)

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


# -- synapses -----------------------------------------------------------------------------------------------------
def _minimum_delay():
    d = simulator.state.min_delay
    return simulator.state.dt if d == "auto" else d


class StaticSynapse(synapses.StaticSynapse):
    __doc__ = synapses.StaticSynapse.__doc__
    translations = build_translations(("weight", "weight"), ("delay", "delay"))

    def _get_minimum_delay(self):
        return _minimum_delay()

    def plastix_rules(self, p, weight_unit, scale):
        return []


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__
    translations = _identity(synapses.TsodyksMarkramSynapse)

    def _get_minimum_delay(self):
        return _minimum_delay()

    def plastix_rules(self, p, weight_unit, scale):
        # Tsodyks & Markram 1997 with facilitation (Maass & Markram 2002): u relaxes to 0 between spikes.
        return [{"rule": "stp", "u": float(p["U"]), "tau_rec": _q(p["tau_rec"], "ms"),
                 "tau_fac": _q(p["tau_facil"], "ms"), "u_rest": 0.0}]


class STDPMechanism(synapses.STDPMechanism):
    __doc__ = synapses.STDPMechanism.__doc__
    base_translations = build_translations(("weight", "weight"), ("delay", "delay"),
                                           ("dendritic_delay_fraction", "dendritic_delay_fraction"))

    def __init__(self, timing_dependence=None, weight_dependence=None, voltage_dependence=None,
                 dendritic_delay_fraction=1.0, weight=0.0, delay=None):
        if voltage_dependence is not None:
            raise NotImplementedError("pyNN.plastix: STDPMechanism with a voltage_dependence is not supported")
        if not isinstance(timing_dependence, (SpikePairRule, Vogels2011Rule)):
            raise NotImplementedError(f"pyNN.plastix: the timing dependence {type(timing_dependence).__name__} is "
                                      f"not supported (SpikePairRule and Vogels2011Rule are)")
        if not isinstance(weight_dependence, _WeightDependence):
            raise NotImplementedError(f"pyNN.plastix: the weight dependence {type(weight_dependence).__name__} is "
                                      f"not supported")
        super().__init__(timing_dependence, weight_dependence, voltage_dependence, dendritic_delay_fraction,
                         weight, delay)

    def _get_minimum_delay(self):
        return _minimum_delay()

    def plastix_rules(self, p, weight_unit, scale):
        """The plastix stdp rule of PyNN's pair rule: PyNN's Δw+ = w_max·A+·x (additive), A+·(w_max − w)·x
        (multiplicative), ...; plastix's Δw+ = a_plus·f+(w)·x_pre (docs/models/stdp.md)."""
        w_min, w_max = float(p["w_min"]) * scale, float(p["w_max"]) * scale
        if isinstance(self.timing_dependence, Vogels2011Rule):
            return [self.timing_dependence.plastix_rule(p, weight_unit, scale, w_min, w_max,
                                                        self.weight_dependence)]
        rule = {"rule": "stdp", "tau_plus": _q(p["tau_plus"], "ms"), "tau_minus": _q(p["tau_minus"], "ms"),
                "pairing": "all_to_all", "w_min": _q(w_min, weight_unit), "w_max": _q(w_max, weight_unit)}
        rule.update(self.weight_dependence.plastix_amplitudes(float(p["A_plus"]), float(p["A_minus"]), w_min, w_max,
                                                              p))
        return [rule]


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = _identity(synapses.SpikePairRule)


class Vogels2011Rule(synapses.Vogels2011Rule):
    __doc__ = synapses.Vogels2011Rule.__doc__
    translations = _identity(synapses.Vogels2011Rule)

    def plastix_rule(self, p, weight_unit, scale, w_min, w_max, weight_dependence):
        """plastix's istdp (Vogels et al. 2011): at a pre spike w += η(x_post − 2ρτ), at a post spike w += η·x_pre,
        as NEST's vogels_sprekeler_synapse that PyNN's rule names; η in PyNN's weight unit, the bounds additive."""
        if not isinstance(weight_dependence, AdditiveWeightDependence):
            raise NotImplementedError("pyNN.plastix: Vogels2011Rule needs AdditiveWeightDependence (its bounds)")
        return {"rule": "istdp", "tau": _q(p["tau"], "ms"), "eta": _q(float(p["eta"]) * scale, weight_unit),
                "target_rate": _q(p["rho"], "Hz"), "w_min": _q(w_min, weight_unit), "w_max": _q(w_max, weight_unit)}


class _WeightDependence:
    pass


class AdditiveWeightDependence(_WeightDependence, synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = _identity(synapses.AdditiveWeightDependence)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN: Δw = ±w_max·A±·trace; plastix additive: Δw = ±a±·trace in weight units.
        return {"weight_dependence": "additive", "a_plus": a_plus * w_max, "a_minus": a_minus * w_max}


class MultiplicativeWeightDependence(_WeightDependence, synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = _identity(synapses.MultiplicativeWeightDependence)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN: Δw+ = A+·(w_max − w)·x, Δw− = A−·(w − w_min)·y: plastix's multiplicative (soft bounds).
        return {"weight_dependence": "multiplicative", "a_plus": a_plus, "a_minus": a_minus}


class AdditivePotentiationMultiplicativeDepression(_WeightDependence,
                                                   synapses.AdditivePotentiationMultiplicativeDepression):
    __doc__ = synapses.AdditivePotentiationMultiplicativeDepression.__doc__
    translations = _identity(synapses.AdditivePotentiationMultiplicativeDepression)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN: Δw+ = w_max·A+·x, Δw− = A−·w·y: plastix's van_rossum (f+ = 1, f− = w; van Rossum et al. 2000).
        if w_min != 0.0:
            raise NotImplementedError("pyNN.plastix: AdditivePotentiationMultiplicativeDepression with w_min != 0 "
                                      "is not supported (plastix's van_rossum depression is proportional to w)")
        return {"weight_dependence": "van_rossum", "a_plus": a_plus * w_max, "a_minus": a_minus}


class GutigWeightDependence(_WeightDependence, synapses.GutigWeightDependence):
    __doc__ = synapses.GutigWeightDependence.__doc__
    translations = _identity(synapses.GutigWeightDependence)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN (NEST's normalised form): Δw+ = w_max·A+·(1 − w/w_max)^μ+ = A+·w_max^(1−μ)·(w_max − w)^μ.
        mu_plus, mu_minus = float(p["mu_plus"]), float(p["mu_minus"])
        if mu_plus != mu_minus or w_min != 0.0:
            raise NotImplementedError("pyNN.plastix: GutigWeightDependence needs mu_plus == mu_minus and w_min == 0 "
                                      "(plastix's gutig rule has one exponent mu)")
        return {"weight_dependence": "gutig", "mu": mu_plus, "a_plus": a_plus * w_max ** (1.0 - mu_plus),
                "a_minus": a_minus * w_max ** (1.0 - mu_plus)}


# -- current sources ----------------------------------------------------------------------------------------------
class _PlastixCurrentSource(StandardCurrentSource):
    """A current injected into neurons: written as [[phase.stimulus]] tables with current= (plastix adds it to the
    neurons' i_ext: the same place as PyNN's i_inj)."""

    def __init__(self, **parameters):
        object.__setattr__(self, "_native", {})
        object.__setattr__(self, "targets", [])  # (population, [indices])
        super().__init__(**parameters)
        self.set_parameters(**{**self.default_parameters, **parameters})
        simulator.state.current_sources.append(self)

    def set_native_parameters(self, parameters):
        if simulator.state.started():
            raise NotImplementedError("pyNN.plastix: changing a current source after run() is not supported; "
                                      "create a new one")
        parameters.evaluate(simplify=True)
        for name, value in parameters.items():
            self._native[name] = value.value if isinstance(value, Sequence) else value

    def get_native_parameters(self):
        from pyNN.parameters import ParameterSpace
        return ParameterSpace(dict(self._native))

    def inject_into(self, cells):
        groups = simulator.cells_by_population(cells)
        for population, indices in groups:
            if population.celltype.receptor_kind is None:
                raise TypeError(f"pyNN.plastix: a current cannot be injected into the spike source "
                                f"'{population.label}'")
        self.targets.extend(groups)
        simulator.state.changed_after_start("a current source injected after run()")

    def pieces(self):
        """[(start ms, stop ms or None, amplitude nA)]."""
        raise NotImplementedError

    def plastix_stimuli(self, names, duration):
        """[[phase.stimulus]] tables in a phase of `duration` ms (pieces after it left out, stops clipped)."""
        out = []
        for population, indices in self.targets:
            for name, local, _ in names.split(population, indices):
                for start, stop, amplitude in self.pieces():
                    if amplitude == 0.0 or start >= duration:
                        continue
                    if stop is not None and stop >= duration:
                        stop = None
                    item = {"population": name, "current": _q(amplitude, "nA"),
                            "neurons": [int(i) for i in local], "start": _q(start, "ms")}
                    if stop is not None:
                        item["stop"] = _q(stop, "ms")
                    out.append(item)
        return out


class DCSource(_PlastixCurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = _identity(electrodes.DCSource)

    def pieces(self):
        stop = float(self._native["stop"])
        return [(float(self._native["start"]), stop if stop < 1e11 else None, float(self._native["amplitude"]))]


class StepCurrentSource(_PlastixCurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = _identity(electrodes.StepCurrentSource)

    def pieces(self):
        times = np.asarray(self._native["times"], dtype=float)
        amplitudes = np.asarray(self._native["amplitudes"], dtype=float)
        if times.size != amplitudes.size or np.any(np.diff(times) <= 0) or np.any(times < 0):
            raise ValueError("StepCurrentSource: times must be non-negative and increasing, one per amplitude")
        stops = list(times[1:]) + [None]
        return [(float(t), None if s is None else float(s), float(a)) for t, s, a in zip(times, stops, amplitudes)]


def _unsupported_source(cls):
    class Unsupported(cls):
        __doc__ = cls.__doc__

        def __init__(self, *args, **kwargs):
            raise NotImplementedError(f"pyNN.plastix: the current source {cls.__name__} is not supported; "
                                      f"see docs/pynn.md")
    Unsupported.__name__ = cls.__name__
    return Unsupported


ACSource = _unsupported_source(electrodes.ACSource)
NoisyCurrentSource = _unsupported_source(electrodes.NoisyCurrentSource)
