"""Projection of pyNN.plastix: PyNN's connector chooses the connections (PyNN's own code and random numbers); they
are kept as arrays in PyNN's units and written as plastix projections with the list connector (network.py). After
the first run(), get("weight") reads the weights of the running plastix simulation."""
import numpy as np
from pyNN import common
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
    def plastix_parts(self, name):
        """[(plastix name, pre population, post population, connection indices in plastix's synapse order,
        pre indices, post indices in their populations)]: one per pair of populations."""
        pre_cells, post_cells = self.pre.all_cells[self._pre], self.post.all_cells[self._post]
        pre_pops = np.array([id(c.parent) for c in pre_cells], dtype=np.int64)
        post_pops = np.array([id(c.parent) for c in post_cells], dtype=np.int64)
        pre_index = np.array([c.parent.id_to_index(c) for c in pre_cells], dtype=int)
        post_index = np.array([c.parent.id_to_index(c) for c in post_cells], dtype=int)
        parts, seen = [], {}
        for k, (a, b) in enumerate(zip(pre_pops, post_pops)):
            if (a, b) not in seen:
                seen[(a, b)] = (pre_cells[k].parent, post_cells[k].parent)
        for j, ((a, b), (pre, post)) in enumerate(seen.items()):
            idx = np.nonzero((pre_pops == a) & (post_pops == b))[0]
            idx = idx[np.argsort(pre_index[idx], kind="stable")]  # plastix keeps the list's synapses by pre neuron
            parts.append((name if len(seen) == 1 else f"{name}_{j}", pre, post, idx, pre_index[idx], post_index[idx]))
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
        for name, pre, post, idx, pre_index, post_index in parts:
            unit, scale = self._units(post)
            hom = {k: homogeneous(v, f"synapse parameter '{k}'") for k, v in params.items()}
            rules = self.synapse_type.plastix_rules(hom, unit, scale)
            item = {"name": name, "pre": names[pre], "post": names[post], "receptor": RECEPTORS[self.receptor_type],
                    "connector": "list", "pairs": [[int(a), int(b)] for a, b in zip(pre_index, post_index)],
                    "weights": [f"{w * scale!r} {unit}" for w in self._weight[idx]],
                    "delays": [f"{d!r} ms" for d in self._delay[idx]]}
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
        for name, pre, post, idx, _, _ in names.projections[self]:
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
        p.shape = (1,)
        return {k: v.evaluate(simplify=True) for k, v in p.items() if k not in ("weight", "delay")}

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
