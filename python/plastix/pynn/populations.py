"""Population, PopulationView and Assembly of pyNN.plastix: PyNN's own classes (pyNN.common), keeping the
parameters of each neuron in PyNN's units until the run is built (network.py). After the first run(), set() of a
parameter that is the same for the whole population goes to the running simulation (plastix.Simulation.set)."""
import numpy as np
from pyNN import common
from pyNN.parameters import ParameterSpace, simplify

from plastix.pynn import simulator
from plastix.pynn.recording import Recorder


class Assembly(common.Assembly):
    _simulator = simulator


class PopulationView(common.PopulationView):
    _assembly_class = Assembly
    _simulator = simulator

    def _get_parameters(self, *names):
        return ParameterSpace({name: simplify(np.asarray(self.parent._parameters[name])[self.mask])
                               for name in names}, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        simulator.state.changed_after_start("set() of parameters of a PopulationView")
        parameter_space.evaluate(simplify=False)
        for name, value in parameter_space.items():
            old = np.asarray(self.parent._parameters[name])
            values = np.array(old, dtype=float if old.dtype.kind in "fiu" else object)
            values[self.mask] = value
            self.parent._parameters[name] = values

    def _set_initial_value_array(self, variable, initial_values):
        simulator.state.changed_after_start("initialize() after run()")
        full = self.parent.initial_values.get(variable)
        values = np.full(self.parent.size, np.nan) if full is None else np.array(full.evaluate(simplify=False),
                                                                                  dtype=float)
        values[self.mask] = initial_values.evaluate(simplify=False)
        from lazyarray import larray
        self.parent.initial_values[variable] = larray(values)

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)


class Population(common.Population):
    __doc__ = common.Population.__doc__
    _simulator = simulator
    _recorder_class = Recorder
    _assembly_class = Assembly

    def _create_cells(self):
        simulator.state.changed_after_start("a Population created after run()")
        first = simulator.state.id_counter
        self.all_cells = np.array([simulator.ID(i) for i in range(first, first + self.size)], dtype=simulator.ID)
        self._mask_local = np.ones(self.size, dtype=bool)
        parameter_space = self.celltype.native_parameters
        parameter_space.shape = (self.size,)
        parameter_space.evaluate(simplify=False)
        self._parameters = parameter_space.as_dict()
        for cell in self.all_cells:
            cell.parent = self
        simulator.state.id_counter += self.size
        simulator.state.populations.append(self)

    def _set_initial_value_array(self, variable, initial_values):
        simulator.state.changed_after_start("initialize() after run()")

    def _get_view(self, selector, label=None):
        return PopulationView(self, selector, label)

    def _get_parameters(self, *names):
        return ParameterSpace({name: simplify(self._parameters[name]) for name in names}, shape=(self.size,))

    def _set_parameters(self, parameter_space):
        parameter_space.evaluate(simplify=False)
        if simulator.state.started():
            self._set_running(parameter_space)
        for name, value in parameter_space.items():
            self._parameters[name] = value

    def _set_running(self, parameter_space):
        """A parameter change during the run, from now on: the whole population to one value, as the population's
        plastix model keys (plastix.Simulation.set); the rates of Poisson sources (per neuron) as stimuli."""
        from plastix.pynn.network import _per_neuron_stimulus, homogeneous
        from plastix.pynn.standardmodels import SpikeSourceArray, SpikeSourcePoisson
        if isinstance(self.celltype, SpikeSourceArray):
            raise NotImplementedError("pyNN.plastix: changing the spike_times of a SpikeSourceArray after run()")
        if isinstance(self.celltype, SpikeSourcePoisson):
            self._set_rates(parameter_space)
            return
        if not hasattr(self.celltype, "plastix_model"):
            raise NotImplementedError(f"pyNN.plastix: set() during the run of a {type(self.celltype).__name__}")
        state = simulator.state
        sim = state.room_to_change()
        stimulated = _per_neuron_stimulus(self)
        if stimulated in parameter_space.keys():
            raise NotImplementedError(f"pyNN.plastix: set() during the run of '{stimulated}' given per neuron")

        def values(value, select, what):
            return homogeneous(np.broadcast_to(np.asarray(value, dtype=float), (self.size,))[select], what)

        for name, select in state.names.segments[self]:
            before = {key: values(v, select, key) for key, v in self._parameters.items() if key != stimulated}
            after = dict(before)
            for key, value in parameter_space.items():
                after[key] = values(value, select, f"set() of '{key}' (within a group of equal neurons)")
            if stimulated:
                before[stimulated] = after[stimulated] = 0.0
            _, old, _ = self.celltype.plastix_model(before)
            _, new, _ = self.celltype.plastix_model(after)
            for key, value in new.items():
                if old.get(key) != value:
                    sim.set(f"population.{name}.{key}", value)

    def _set_rates(self, parameter_space):
        """New rates of Poisson sources from now on: a [[phase.stimulus]] (rate=, neurons=) per distinct value."""
        if set(parameter_space.keys()) != {"rate"}:
            raise NotImplementedError("pyNN.plastix: of a SpikeSourcePoisson only the rate can change during the run")
        state = simulator.state
        sim = state.room_to_change()
        rates = np.broadcast_to(np.asarray(parameter_space["rate"], dtype=float), (self.size,))
        for rate in np.unique(rates):
            for name, local, _ in state.names.split(self, np.nonzero(rates == rate)[0]):
                neurons = [int(i) for i in local]
                sim.stimulate(name, rate=f"{float(rate)!r} Hz", neurons=neurons)
                state.rate_changes.append({"population": name, "rate": f"{float(rate)!r} Hz", "neurons": neurons,
                                           "start": f"{sim.t!r} ms"})
