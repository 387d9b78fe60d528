"""Recording for pyNN.plastix: PyNN's Recorder (it builds the Neo Blocks of get_data()) reading plastix's
recordings. Each recorded variable of a population is one plastix monitor (spikes, or a state monitor sampling
every `sampling_interval`); the arrays are turned into per-neuron spike trains and signals in PyNN's units by the
same functions as plastix.results.to_neo (plastix/neo.py)."""
import numpy as np
from pyNN import recording

from plastix import neo as _neo
from plastix.pynn import simulator
from plastix.pynn.network import SIGNALS


class Recorder(recording.Recorder):
    _simulator = simulator

    def __init__(self, population, file=None):
        super().__init__(population, file)
        self._cleared_at = 0.0

    def _record(self, variable, new_ids, sampling_interval=None):
        if new_ids:
            simulator.state.changed_after_start(f"record('{variable}') after run()")
        if sampling_interval is not None:
            self.sampling_interval = sampling_interval
        if variable != "spikes" and variable not in SIGNALS:
            raise NotImplementedError(f"pyNN.plastix: recording '{variable}' is not supported")

    def plastix_monitors(self, name):
        """Keyword arguments of Experiment.add_monitor for what is recorded of the population named `name`."""
        tables = []
        for variable in sorted(self.recorded):
            neurons = sorted(self.population.id_to_index(i) for i in self.recorded[variable])
            if not neurons:
                continue
            if variable == "spikes":
                tables.append({"type": "spikes", "name": f"{name}_spikes", "population": name, "neurons": neurons})
            else:
                tables.append({"type": "state", "name": f"{name}_{variable}", "population": name,
                               "variable": SIGNALS[variable][0], "neurons": neurons,
                               "interval": f"{self.sampling_interval!r} ms"})
        return tables

    def _monitor(self, variable):
        return f"{simulator.state.names[self.population]}_{variable}"

    def _get_spiketimes(self, ids, clear=False):
        results = simulator.state.results()
        indices = [self.population.id_to_index(i) for i in ids]
        if results is None:
            return {int(i): np.zeros(0) for i in ids}
        record = results.spikes[self._monitor("spikes")]
        keep = record.times >= self._cleared_at
        trains = _neo.spike_times_by_neuron(record.times[keep], record.senders[keep], indices)
        return {int(i): t for i, t in zip(ids, trains)}

    def _get_all_signals(self, variable, ids, clear=False):
        results = simulator.state.results()
        if results is None or not ids:
            return np.zeros((0, len(ids))), None
        record = results.states[self._monitor(variable)]
        columns = _neo.columns_of(record.neurons, [self.population.id_to_index(i) for i in ids])
        keep = record.times >= self._cleared_at - 1e-9
        values = np.asarray(record.values)[keep][:, columns] * SIGNALS[variable][1]
        return values, None

    def _local_count(self, variable, filter_ids=None):
        ids = sorted(self.filter_recorded(variable, filter_ids))
        return {int(i): len(t) for i, t in self._get_spiketimes(ids).items()}

    def _clear_simulator(self):
        self._cleared_at = simulator.state.t

    def _reset(self):
        self._cleared_at = 0.0

    def store_to_cache(self, annotations=None):
        super().store_to_cache(annotations)
        self._cleared_at = 0.0
