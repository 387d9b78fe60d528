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

    def plastix_monitors(self, names):
        """Keyword arguments of Experiment.add_monitor for what is recorded of the population: one monitor per
        variable and plastix population (segment, network.Names) with recorded neurons."""
        tables = []
        for variable in sorted(self.recorded):
            indices = sorted(self.population.id_to_index(i) for i in self.recorded[variable])
            if not indices:
                continue
            for name, local, _ in names.split(self.population, indices):
                neurons = [int(i) for i in local]
                if variable == "spikes":
                    tables.append({"type": "spikes", "name": f"{name}_spikes", "population": name,
                                   "neurons": neurons})
                else:
                    tables.append({"type": "state", "name": f"{name}_{variable}", "population": name,
                                   "variable": SIGNALS[variable][0], "neurons": neurons,
                                   "interval": f"{self.sampling_interval!r} ms"})
        return tables

    def _pieces(self, ids):
        """[(plastix name, indices in that population, positions in ids)] of the recorded cells `ids`."""
        return simulator.state.names.split(self.population, [self.population.id_to_index(i) for i in ids])

    def _get_spiketimes(self, ids, clear=False):
        results = simulator.state.results()
        trains = [np.zeros(0)] * len(ids)
        if results is not None and len(ids):
            for name, local, positions in self._pieces(ids):
                record = results.spikes[f"{name}_spikes"]
                keep = record.times >= self._cleared_at
                for k, train in zip(positions, _neo.spike_times_by_neuron(record.times[keep], record.senders[keep],
                                                                          local)):
                    trains[k] = train
        return {int(i): t for i, t in zip(ids, trains)}

    def _get_all_signals(self, variable, ids, clear=False):
        results = simulator.state.results()
        if results is None or not ids:
            return np.zeros((0, len(ids))), None
        out = None
        for name, local, positions in self._pieces(ids):
            record = results.states[f"{name}_{variable}"]
            keep = record.times >= self._cleared_at - 1e-9
            columns = _neo.columns_of(record.neurons, local)
            values = np.asarray(record.values)[keep][:, columns] * SIGNALS[variable][1]
            if out is None:
                out = np.empty((values.shape[0], len(ids)))
            out[:, positions] = values
        return out, None

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
