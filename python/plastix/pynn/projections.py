"""Projection of pyNN.plastix: PyNN's connector chooses the connections (PyNN's own code and random numbers); they
are kept as arrays in PyNN's units and written as plastix projections with the list connector (network.py). After
the first run(), get("weight") reads the weights of the running plastix simulation."""
import numpy as np
from pyNN import common
from pyNN.random import RandomDistribution
from pyNN.space import Space

from plastix.pynn import simulator
from plastix.pynn.network import RECEPTORS, WEIGHT_UNITS, homogeneous
from plastix.pynn.standardmodels import StaticSynapse


class Projection(common.Projection):
    __doc__ = common.Projection.__doc__
    _simulator = simulator
    _static_synapse_class = StaticSynapse

    def __init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type=None, source=None,
                 receptor_type=None, space=Space(), label=None):
        simulator.state.changed_after_start("a Projection created after run()")
        common.Projection.__init__(self, presynaptic_population, postsynaptic_population, connector, synapse_type,
                                   source, receptor_type, space, label)
        if not hasattr(self.synapse_type, "plastix_rules"):
            raise NotImplementedError(f"pyNN.plastix: the synapse type {type(self.synapse_type).__name__} is not "
                                      f"supported")
        if source not in (None, "spike"):
            raise NotImplementedError(f"pyNN.plastix: projections from source '{source}' are not supported")
        self._chunks = []
        connector.connect(self)
        chunks = self._chunks or [(np.zeros(0, int), np.zeros(0, int), np.zeros(0), np.zeros(0))]
        self._pre, self._post, self._weight, self._delay = (np.concatenate(c) for c in zip(*chunks))
        self._pre, self._post = self._pre.astype(int), self._post.astype(int)
        del self._chunks
        simulator.state.projections.append(self)

    def __len__(self):
        return len(self._pre)

    def _convergent_connect(self, presynaptic_indices, postsynaptic_index, **connection_parameters):
        n = len(presynaptic_indices)
        if n == 0:
            return
        weight = np.broadcast_to(np.asarray(connection_parameters["weight"], dtype=float), (n,))
        delay = np.broadcast_to(np.asarray(connection_parameters["delay"], dtype=float), (n,))
        self._chunks.append((np.asarray(presynaptic_indices, dtype=int), np.full(n, int(postsynaptic_index)),
                             weight.copy(), delay.copy()))

    # -- plastix ---------------------------------------------------------------------------------------------------
    def plastix_parts(self, name, names):
        """[(plastix name, pre population, post population, connection indices in plastix's synapse order,
        pre indices, post indices in their plastix populations, pre plastix name, post plastix name)]: one part per
        pair of plastix populations (segments, network.Names) the connections join."""
        pre_cells, post_cells = self.pre.all_cells[self._pre], self.post.all_cells[self._post]
        n = len(self._pre)
        pre_name, post_name = np.empty(n, dtype=object), np.empty(n, dtype=object)
        pre_local, post_local = np.empty(n, dtype=int), np.empty(n, dtype=int)
        populations = {}
        for cells, name_of, local_of in ((pre_cells, pre_name, pre_local), (post_cells, post_name, post_local)):
            by_population = {}
            for k, cell in enumerate(cells):
                by_population.setdefault(id(cell.parent), (cell.parent, []))[1].append(k)
            for population, positions in by_population.values():
                positions = np.asarray(positions, dtype=int)
                indices = [population.id_to_index(c) for c in cells[positions]]
                for segment, local, where in names.split(population, indices):
                    name_of[positions[where]] = segment
                    local_of[positions[where]] = local
                    populations[segment] = population
        keys = list(dict.fromkeys(zip(pre_name, post_name)))
        parts = []
        for j, (a, b) in enumerate(keys):
            idx = np.nonzero((pre_name == a) & (post_name == b))[0]
            idx = idx[np.argsort(pre_local[idx], kind="stable")]  # plastix keeps the list's synapses by pre neuron
            parts.append((name if len(keys) == 1 else f"{name}_{j}", populations[a], populations[b], idx,
                          pre_local[idx], post_local[idx], a, b))
        return parts

    def _units(self, post):
        kind = post.celltype.receptor_kind
        if kind is None:
            raise NotImplementedError("pyNN.plastix: projections onto spike sources are not supported")
        return WEIGHT_UNITS[kind]

    def plastix_tables(self, parts, names):
        """Keyword arguments of Experiment.add_projection for each part."""
        tables = []
        params = self._synapse_parameters()
        for name, pre, post, idx, pre_index, post_index, pre_name, post_name in parts:
            unit, scale = self._units(post)
            hom = {k: homogeneous(v, f"synapse parameter '{k}'") for k, v in params.items()}
            rules = self.synapse_type.plastix_rules(hom, unit, scale)
            item = {"name": name, "pre": pre_name, "post": post_name, "receptor": RECEPTORS[self.receptor_type],
                    "connector": "list", "pairs": [[int(a), int(b)] for a, b in zip(pre_index, post_index)],
                    **_values("weight", self._weight[idx] * scale, unit), **_values("delay", self._delay[idx], "ms")}
            fraction = hom.get("dendritic_delay_fraction", 0.0)
            if rules and fraction > 0.0 and len(idx):
                delay = homogeneous(self._delay[idx], "delay (with a dendritic_delay_fraction)")
                item["dendritic_delay"] = f"{fraction * delay!r} ms"
            if rules:
                item["plasticity"] = rules
            tables.append(item)
        return tables

    def _current_weights(self):
        """The weights now, in PyNN's units (those of the running simulation after the first run())."""
        names = simulator.state.names
        if not simulator.state.started() or self not in names.projections:
            return self._weight
        weights = self._weight.copy()
        for name, pre, post, idx, *_ in names.projections[self]:
            unit, scale = self._units(post)
            weights[idx] = simulator.state.simulation.weights(name) / scale
        return weights

    # -- PyNN's get/set ----------------------------------------------------------------------------------------------
    def _attribute(self, name):
        if name in ("weight", "weights"):
            return self._current_weights()
        if name in ("delay", "delays"):
            return self._delay
        if name == "presynaptic_index":
            return self._pre
        if name == "postsynaptic_index":
            return self._post
        params = self._synapse_parameters()
        if name not in params:
            raise NotImplementedError(f"pyNN.plastix: get() of '{name}'")
        return np.full(len(self), homogeneous(params[name], name))

    def _synapse_parameters(self):
        """The synapse type's parameters other than weight and delay (one value each)."""
        p = self.synapse_type.native_parameters
        out = {}
        for k, v in p.items():
            if k in ("weight", "delay"):
                continue
            base = getattr(v, "base_value", v)
            if isinstance(base, RandomDistribution) or callable(base):
                raise NotImplementedError(f"pyNN.plastix: the synapse parameter '{k}' per synapse (plastix takes one "
                                          f"value per projection)")
            out[k] = homogeneous(base, f"synapse parameter '{k}'")
        return out

    def _get_attributes_as_list(self, names):
        columns = [self._attribute(n) for n in names]
        return [tuple(float(c[k]) if n not in ("presynaptic_index", "postsynaptic_index") else int(c[k])
                      for n, c in zip(names, columns)) for k in range(len(self))]

    def _get_attributes_as_arrays(self, names, multiple_synapses="sum"):
        operation = common.Projection.MULTI_SYNAPSE_OPERATIONS[multiple_synapses]
        out = []
        for name in names:
            values = np.full((self.pre.size, self.post.size), np.nan)
            for i, j, v in zip(self._pre, self._post, self._attribute(name)):
                values[i, j] = v if np.isnan(values[i, j]) else operation(values[i, j], v)
            out.append(values)
        return out

    def _set_attributes(self, parameter_space):
        simulator.state.changed_after_start("Projection.set() after run()")
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            if name not in ("weight", "delay"):
                raise NotImplementedError(f"pyNN.plastix: Projection.set() of '{name}' (weight and delay are "
                                          f"supported)")
            array = np.broadcast_to(np.asarray(value, dtype=float), (self.pre.size, self.post.size))
            values = array[self._pre, self._post]
            keep = np.isnan(values)
            target = self._weight if name == "weight" else self._delay
            target[~keep] = values[~keep]


def _values(key, values, unit):
    """The list connector's `weight`/`delay` when every synapse has the same value (shorter to write and read),
    else `weights`/`delays`, one per pair."""
    if len(values) and np.all(values == values[0]):
        return {key: f"{float(values[0])!r} {unit}"}
    return {f"{key}s": [f"{float(v)!r} {unit}" for v in values]}
