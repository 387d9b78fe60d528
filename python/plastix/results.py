"""Reading a run's output directory (DIR/data.h5 and DIR/summary.json) into plain numpy arrays."""
import json
import os

import h5py
import numpy as np

from plastix import recordings as _recordings


class run_output:
    """The results of one `plastix run`: summary, spikes, states, rates, weights and transmissions as numpy arrays,
    and the result tables (name -> {column: array}, columns in order; table_labels: name -> {column: [name per
    row]}, e.g. the condition names of a sweep's "condition" column)."""

    def __init__(self, directory):
        self.directory = directory
        with open(os.path.join(directory, "summary.json")) as f:
            self.summary = json.load(f)
        self.spikes, self.states, self.rates, self.weights, self.transmissions = {}, {}, {}, {}, {}
        # JSON null (NaN in the run) becomes nan.
        self.tables = {name: {c: np.asarray(v, dtype=float) for c, v in columns.items()}
                       for name, columns in self.summary.get("tables", {}).items()}
        self.table_labels = self.summary.get("table_labels", {})
        with h5py.File(os.path.join(directory, "data.h5"), "r") as h5:
            for name, g in h5.get("spikes", {}).items():
                self.spikes[name] = {"times": np.asarray(g["times"]), "senders": np.asarray(g["senders"]),
                                     "population": _attr(g, "population", name)}
            for name, g in h5.get("state", {}).items():
                self.states[name] = {"times": np.asarray(g["times"]), "neurons": np.asarray(g["neurons"]),
                                     "values": np.asarray(g["values"]), "variable": _attr(g, "variable", name),
                                     "unit": _attr(g, "unit", ""), "population": _attr(g, "population", name),
                                     # a rule's state: "synapse", "neuron" (post) or "pre"; else a population's neurons
                                     "scope": _attr(g, "scope", "")}
            for name, g in h5.get("rates", {}).items():
                self.rates[name] = {"times": np.asarray(g["times"]), "rates": np.asarray(g["rates"])}
            for name, g in h5.get("weights", {}).items():
                self.weights[name] = {k: np.asarray(g[k]) for k in ("times", "synapses", "pre", "post", "values")}
                self.weights[name]["unit"] = _attr(g, "unit", "")
            for name, g in h5.get("transmission", {}).items():
                self.transmissions[name] = {k: np.asarray(g[k]) for k in ("times", "pre", "efficacy")}
                self.transmissions[name]["unit"] = _attr(g, "unit", "")
                self.transmissions[name]["projection"] = _attr(g, "projection", name)

        for kind in ("spikes", "states", "rates", "weights", "transmissions"):
            setattr(self, kind, _recordings.wrap(kind, getattr(self, kind)))

    def population_size(self, population):
        return int(self.summary.get("population_sizes", {}).get(population, 0))

    def _repr_html_(self):
        return _recordings.results_html(self)

    def to_neo(self):
        """The recordings as a neo.Block (plastix/neo.py): spike trains, state traces, weights and rates with units."""
        from plastix.neo import to_neo
        return to_neo(self)


def _attr(group, key, default):
    value = group.attrs.get(key, default)
    return value.decode() if isinstance(value, bytes) else str(value)
