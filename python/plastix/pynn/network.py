"""The network a PyNN script declared, written as one plastix experiment (the Python builder, plastix.Experiment).

Populations become [[population]] tables named pop0, pop1, ... (a PyNN label may hold any character), each with
its receptors "exc" and "inh" (PyNN's receptor types excitatory and inhibitory); projections become [[projection]]
tables with the list connector: PyNN's connector has already chosen the connections (with PyNN's random numbers),
so every connector PyNN has works, and plastix gets the pairs, weights and delays. A PyNN projection between an
Assembly or views of several populations becomes one plastix projection per pair of populations.

plastix takes one value of each parameter per population. A PyNN population whose neurons differ in parameters or
initial values becomes several plastix populations, one per distinct combination (pop<k>_0, pop<k>_1, ...: its
"segments"); i_offset and a Poisson source's rate per neuron are given as stimuli instead (per_neuron_stimuli).
Projections, current sources, recordings and changes are split the same way (Names.split).
"""
import numpy as np
from pyNN.random import RandomDistribution

import plastix
from plastix.pynn import standardmodels

RECEPTORS = {"excitatory": "exc", "inhibitory": "inh"}
# The unit of a weight on each kind of receptor in plastix, and the factor from PyNN's unit (nA, uS, mV) to it.
WEIGHT_UNITS = {"current": ("pA", 1000.0), "conductance": ("nS", 1000.0), "delta": ("mV", 1.0)}
# PyNN's recordable variables: plastix's state variable and the factor from plastix's unit to PyNN's.
SIGNALS = {"v": ("v", 1.0), "gsyn_exc": ("g_exc", 1e-3), "gsyn_inh": ("g_inh", 1e-3), "w": ("w", 1e-3),
           "u": ("u", 1.0), "isyn_exc": ("g_exc", 1e-3), "isyn_inh": ("g_inh", 1e-3)}
# PyNN's state variables that plastix initialises, with the factor from PyNN's unit to the one written.
INIT = {"v": ("v", "mV", 1.0), "w": ("w", "pA", 1000.0), "u": ("u", "mV", 1.0),
        "gsyn_exc": ("g_exc", "nS", 1000.0), "gsyn_inh": ("g_inh", "nS", 1000.0),
        "isyn_exc": ("g_exc", "pA", 1000.0), "isyn_inh": ("g_inh", "pA", 1000.0)}


class Names:
    """plastix's names of the populations and projections of a run: each population's segments
    [(plastix name, indices of its neurons)] ("pop<k>" when it is one), and for each PyNN projection its plastix
    parts (Projection.plastix_parts)."""

    def __init__(self, state):
        self.segments, self._where = {}, {}
        for k, population in enumerate(state.populations):
            groups = _groups(population)
            names = [f"pop{k}"] if len(groups) == 1 else [f"pop{k}_{j}" for j in range(len(groups))]
            self.segments[population] = list(zip(names, groups))
            segment_of, local_of = np.empty(population.size, int), np.empty(population.size, int)
            for j, indices in enumerate(groups):
                segment_of[indices], local_of[indices] = j, np.arange(len(indices))
            self._where[population] = (segment_of, local_of)
        self.projections = {}
        for k, projection in enumerate(state.projections):
            self.projections[projection] = projection.plastix_parts(f"prj{k}", self)

    def locate(self, population, indices):
        """(segment number, index in the segment) of each neuron index."""
        segment_of, local_of = self._where[population]
        indices = np.asarray(indices, dtype=int)
        return segment_of[indices], local_of[indices]

    def split(self, population, indices):
        """[(plastix name, indices in that population, positions in `indices`)] for neuron indices of a PyNN
        population, one entry per segment they fall in."""
        segment, local = self.locate(population, indices)
        out = []
        for j in np.unique(segment):
            positions = np.nonzero(segment == j)[0]
            out.append((self.segments[population][j][0], local[positions], positions))
        return out


def _groups(population):
    """The neuron indices of each segment of a population: neurons with the same parameters and initial values
    (other than a parameter given per neuron by stimuli), in order of their first neuron."""
    size = population.size
    if isinstance(population.celltype, standardmodels.SpikeSourceArray):
        return [np.arange(size)]
    stimulated = _per_neuron_stimulus(population)
    columns = [np.broadcast_to(np.asarray(values, dtype=float), (size,))
               for key, values in population._parameters.items() if key != stimulated]
    if population.celltype.receptor_kind is not None:
        for variable, lazy in population.initial_values.items():
            if variable in INIT and not isinstance(getattr(lazy, "base_value", None), RandomDistribution):
                columns.append(np.broadcast_to(np.asarray(lazy.evaluate(simplify=False), dtype=float), (size,)))
    if not columns:
        return [np.arange(size)]
    _, first, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).ravel()
    return [np.nonzero(inverse == g)[0] for g in np.argsort(first)]


def homogeneous(values, what):
    """The one value of a parameter that is the same for every neuron (PyNN may give one per neuron)."""
    array = np.atleast_1d(np.asarray(values, dtype=float))
    if array.size and np.any(array != array.flat[0]):
        raise NotImplementedError(f"pyNN.plastix: {what} differs between the neurons of a population; plastix "
                                  f"takes one value per population (create one population per value)")
    return float(array.flat[0]) if array.size else 0.0


def _init(population, select):
    """plastix's init table of the neurons `select` of a population from PyNN's initial values: one value, or a
    uniform or normal RandomDistribution (then drawn by plastix's own random numbers)."""
    init = {}
    for variable, lazy in population.initial_values.items():
        if variable not in INIT:
            continue
        key, unit, factor = INIT[variable]
        if population.celltype.receptor_kind == "delta" and key.startswith("g_"):
            continue
        base = getattr(lazy, "base_value", lazy)
        if isinstance(base, RandomDistribution):
            init[key] = _distribution(base, unit, factor, f"initial value of {variable}")
        else:
            values = np.broadcast_to(np.asarray(lazy.evaluate(simplify=False), dtype=float), (population.size,))
            init[key] = f"{homogeneous(values[select], f'the initial {variable}') * factor!r} {unit}"
    return init


def _distribution(rd, unit, factor, what):
    p = rd.parameters
    if rd.name == "uniform":
        return {"uniform": [f"{p['low'] * factor!r} {unit}", f"{p['high'] * factor!r} {unit}"]}
    if rd.name in ("normal", "normal_clipped"):
        d = {"normal": [f"{p['mu'] * factor!r} {unit}", f"{p['sigma'] * factor!r} {unit}"]}
        if rd.name == "normal_clipped":
            d["min"], d["max"] = f"{p['low'] * factor!r} {unit}", f"{p['high'] * factor!r} {unit}"
        return d
    raise NotImplementedError(f"pyNN.plastix: {what} from a '{rd.name}' distribution is not supported (uniform, "
                              f"normal and normal_clipped are, or give the values)")


def population_table(population, name, select):
    """(keyword arguments of Experiment.add_population, receptors) for the neurons `select` (a segment) of a PyNN
    population."""
    celltype = population.celltype
    if isinstance(celltype, standardmodels.SpikeSourceArray):
        trains = population._parameters["spike_times"]
        times = []
        for train in trains:
            values = np.asarray(getattr(train, "value", train), dtype=float)
            times.append([f"{t!r} ms" for t in np.sort(values)])
        return {"name": name, "size": population.size, "model": "spike_times", "times": times}, []
    if not hasattr(celltype, "plastix_model"):
        raise NotImplementedError(f"pyNN.plastix: the cell type {type(celltype).__name__} is not supported")
    stimulated = _per_neuron_stimulus(population)
    p = {key: homogeneous(np.broadcast_to(np.asarray(values, dtype=float), (population.size,))[select],
                          f"parameter '{key}'")
         for key, values in population._parameters.items() if key != stimulated}
    if stimulated:
        p[stimulated] = 0.0  # given per neuron by stimuli (per_neuron_stimuli)
    model, keys, receptors = celltype.plastix_model(p)
    table = {"name": name, "size": len(select), "model": model, **keys}
    if celltype.receptor_kind is not None:
        init = _init(population, select)
        if init:
            table["init"] = init
    return table, receptors


# Parameters that plastix can take per neuron as [[phase.stimulus]] tables from t = 0: PyNN's i_offset of a neuron
# model (a constant current into i_ext) and the rate of a SpikeSourcePoisson (a source's new rate).
STIMULUS_PARAMETERS = {"i_offset": ("current", "nA"), "rate": ("rate", "Hz")}


def _per_neuron_stimulus(population):
    """The name of the parameter given per neuron by stimuli, or None: i_offset (neuron models) or rate (Poisson
    sources without start or duration) when its values differ between neurons."""
    for key in STIMULUS_PARAMETERS:
        values = population._parameters.get(key)
        if values is None:
            continue
        array = np.atleast_1d(np.asarray(values, dtype=float))
        if array.size and np.any(array != array.flat[0]):
            if key == "rate" and (np.any(np.asarray(population._parameters["start"], dtype=float) > 0) or
                                  np.any(np.asarray(population._parameters["duration"], dtype=float) < 1e9)):
                return None  # start or duration with rates per neuron: refused by homogeneous()
            return key
    return None


def per_neuron_stimuli(population, names):
    """[[phase.stimulus]] tables for a parameter given per neuron (_per_neuron_stimulus), one per distinct value
    and segment."""
    key = _per_neuron_stimulus(population)
    if key is None:
        return []
    kind, unit = STIMULUS_PARAMETERS[key]
    values = np.broadcast_to(np.asarray(population._parameters[key], dtype=float), (population.size,))
    out = []
    for v in np.unique(values):
        if v == 0.0 and kind == "current":
            continue
        for name, local, _ in names.split(population, np.nonzero(values == v)[0]):
            out.append({"population": name, kind: f"{float(v)!r} {unit}", "neurons": [int(i) for i in local],
                        "start": "0 ms"})
    return out


def experiment_text(state, names, duration):
    """The text of the plastix experiment of the network (one phase "run" of `duration` ms)."""
    exp = plastix.Experiment(name="pynn", seed=int(state.seed), dt=f"{state.dt!r} ms")
    for population in state.populations:
        for name, select in names.segments[population]:
            table, receptors = population_table(population, name, select)
            exp.add_population(**table)
            for receptor in receptors:
                exp.add_receptor(name, **receptor)
    for projection in state.projections:
        for item in projection.plastix_tables(names.projections[projection], names):
            exp.add_projection(**item)
    stimuli = stimulus_tables(state, names, duration)
    for population in state.populations:
        for table in population.recorder.plastix_monitors(names):
            exp.add_monitor(**table)
    exp.add_phase("run", f"{duration!r} ms", stimuli=stimuli)
    return exp.text


def stimulus_tables(state, names, duration):
    """The [[phase.stimulus]] tables of the current sources in a phase of `duration` ms."""
    stimuli = []
    for population in state.populations:
        stimuli.extend(per_neuron_stimuli(population, names))
    for source in state.current_sources:
        stimuli.extend(source.plastix_stimuli(names, duration))
    return stimuli + [dict(item) for item in state.rate_changes]


def start(text):
    """A plastix.Simulation of the experiment text."""
    exp = plastix.Experiment.__new__(plastix.Experiment)
    exp._doc, exp._text, exp.file_name, exp.overrides = None, text, "pynn.toml", []
    return plastix.Simulation(exp)
