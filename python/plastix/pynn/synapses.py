"""PyNN's synapse types on plastix, each with `plastix_rules(p, weight_unit, scale)`: the plastix plasticity rules
for its parameters p (PyNN's units; weights times `scale` in `weight_unit`). stdp: Song, Miller & Abbott 2000;
stp: Tsodyks & Markram 1997; istdp: Vogels et al. 2011 (docs/models/stdp.md, stp.md, homeostasis.md)."""
from pyNN.standardmodels import build_translations, synapses

from plastix.pynn import simulator
from plastix.pynn.units import identity_translations, quantity


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


class PlastixSynapse(StaticSynapse):
    """plastix's own plasticity rules on a PyNN projection (a plastix extension of PyNN):
    PlastixSynapse(rules=[{"rule": "triplet", "preset": "visual_cortex_nearest", "w_max": "1 nS"}], weight=0.0005,
    delay=1.0). The weight and delay are in PyNN's units (uS or nA, ms); the rules' keys are those of
    [[projection.plasticity]] in docs/experiment-files.md, with plastix's units (strings such as "1 nS"): triplet,
    calcium, clopath, bcm, tagging, scaling, dopamine_stdp, ... Several rules stack in the order given."""

    def __init__(self, rules=(), weight=0.0, delay=None):
        super().__init__(weight=weight, delay=delay)
        rules = [rules] if isinstance(rules, dict) else list(rules)
        if not rules or not all(isinstance(r, dict) and "rule" in r for r in rules):
            raise ValueError("PlastixSynapse: rules is a list of dicts, each with its 'rule' (docs/pynn.md)")
        self.rules = [dict(r) for r in rules]

    def plastix_rules(self, p, weight_unit, scale):
        return [dict(r) for r in self.rules]


class TsodyksMarkramSynapse(synapses.TsodyksMarkramSynapse):
    __doc__ = synapses.TsodyksMarkramSynapse.__doc__
    translations = identity_translations(synapses.TsodyksMarkramSynapse)

    def _get_minimum_delay(self):
        return _minimum_delay()

    def plastix_rules(self, p, weight_unit, scale):
        # Tsodyks & Markram 1997 with facilitation (Maass & Markram 2002): u relaxes to 0 between spikes.
        return [{"rule": "stp", "u": float(p["U"]), "tau_rec": quantity(p["tau_rec"], "ms"),
                 "tau_fac": quantity(p["tau_facil"], "ms"), "u_rest": 0.0}]


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
        rule = {"rule": "stdp", "tau_plus": quantity(p["tau_plus"], "ms"), "tau_minus": quantity(p["tau_minus"], "ms"),
                "pairing": "all_to_all", "w_min": quantity(w_min, weight_unit), "w_max": quantity(w_max, weight_unit)}
        rule.update(self.weight_dependence.plastix_amplitudes(float(p["A_plus"]), float(p["A_minus"]), w_min, w_max,
                                                              p))
        return [rule]


class SpikePairRule(synapses.SpikePairRule):
    __doc__ = synapses.SpikePairRule.__doc__
    translations = identity_translations(synapses.SpikePairRule)


class Vogels2011Rule(synapses.Vogels2011Rule):
    __doc__ = synapses.Vogels2011Rule.__doc__
    translations = identity_translations(synapses.Vogels2011Rule)

    def plastix_rule(self, p, weight_unit, scale, w_min, w_max, weight_dependence):
        """plastix's istdp (Vogels et al. 2011): at a pre spike w += η(x_post − 2ρτ), at a post spike w += η·x_pre,
        as NEST's vogels_sprekeler_synapse that PyNN's rule names; η in PyNN's weight unit, the bounds additive."""
        if not isinstance(weight_dependence, AdditiveWeightDependence):
            raise NotImplementedError("pyNN.plastix: Vogels2011Rule needs AdditiveWeightDependence (its bounds)")
        return {"rule": "istdp", "tau": quantity(p["tau"], "ms"),
                "eta": quantity(float(p["eta"]) * scale, weight_unit), "target_rate": quantity(p["rho"], "Hz"),
                "w_min": quantity(w_min, weight_unit), "w_max": quantity(w_max, weight_unit)}


class _WeightDependence:
    pass


class AdditiveWeightDependence(_WeightDependence, synapses.AdditiveWeightDependence):
    __doc__ = synapses.AdditiveWeightDependence.__doc__
    translations = identity_translations(synapses.AdditiveWeightDependence)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN: Δw = ±w_max·A±·trace; plastix additive: Δw = ±a±·trace in weight units.
        return {"weight_dependence": "additive", "a_plus": a_plus * w_max, "a_minus": a_minus * w_max}


class MultiplicativeWeightDependence(_WeightDependence, synapses.MultiplicativeWeightDependence):
    __doc__ = synapses.MultiplicativeWeightDependence.__doc__
    translations = identity_translations(synapses.MultiplicativeWeightDependence)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN: Δw+ = A+·(w_max − w)·x, Δw− = A−·(w − w_min)·y: plastix's multiplicative (soft bounds).
        return {"weight_dependence": "multiplicative", "a_plus": a_plus, "a_minus": a_minus}


class AdditivePotentiationMultiplicativeDepression(_WeightDependence,
                                                   synapses.AdditivePotentiationMultiplicativeDepression):
    __doc__ = synapses.AdditivePotentiationMultiplicativeDepression.__doc__
    translations = identity_translations(synapses.AdditivePotentiationMultiplicativeDepression)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN: Δw+ = w_max·A+·x, Δw− = A−·w·y: plastix's van_rossum (f+ = 1, f− = w; van Rossum et al. 2000).
        if w_min != 0.0:
            raise NotImplementedError("pyNN.plastix: AdditivePotentiationMultiplicativeDepression with w_min != 0 "
                                      "is not supported (plastix's van_rossum depression is proportional to w)")
        return {"weight_dependence": "van_rossum", "a_plus": a_plus * w_max, "a_minus": a_minus}


class GutigWeightDependence(_WeightDependence, synapses.GutigWeightDependence):
    __doc__ = synapses.GutigWeightDependence.__doc__
    translations = identity_translations(synapses.GutigWeightDependence)

    def plastix_amplitudes(self, a_plus, a_minus, w_min, w_max, p):
        # PyNN (NEST's normalised form): Δw+ = w_max·A+·(1 − w/w_max)^μ+ = A+·w_max^(1−μ)·(w_max − w)^μ.
        mu_plus, mu_minus = float(p["mu_plus"]), float(p["mu_minus"])
        if mu_plus != mu_minus or w_min != 0.0:
            raise NotImplementedError("pyNN.plastix: GutigWeightDependence needs mu_plus == mu_minus and w_min == 0 "
                                      "(plastix's gutig rule has one exponent mu)")
        return {"weight_dependence": "gutig", "mu": mu_plus, "a_plus": a_plus * w_max ** (1.0 - mu_plus),
                "a_minus": a_minus * w_max ** (1.0 - mu_plus)}


__all__ = [name for name, obj in list(globals().items())
           if isinstance(obj, type) and obj.__module__ == __name__ and not name.startswith("_")]
