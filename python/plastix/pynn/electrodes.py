"""PyNN's current sources on plastix: [[phase.stimulus]] tables with current= (into the neurons' i_ext, PyNN's
i_inj)."""
import numpy as np
from pyNN.parameters import ParameterSpace, Sequence
from pyNN.standardmodels import StandardCurrentSource, electrodes

from plastix.pynn import simulator
from plastix.pynn.units import identity_translations, quantity


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
                    item = {"population": name, "current": quantity(amplitude, "nA"),
                            "neurons": [int(i) for i in local], "start": quantity(start, "ms")}
                    if stop is not None:
                        item["stop"] = quantity(stop, "ms")
                    out.append(item)
        return out


class DCSource(_PlastixCurrentSource, electrodes.DCSource):
    __doc__ = electrodes.DCSource.__doc__
    translations = identity_translations(electrodes.DCSource)

    def pieces(self):
        stop = float(self._native["stop"])
        return [(float(self._native["start"]), stop if stop < 1e11 else None, float(self._native["amplitude"]))]


class StepCurrentSource(_PlastixCurrentSource, electrodes.StepCurrentSource):
    __doc__ = electrodes.StepCurrentSource.__doc__
    translations = identity_translations(electrodes.StepCurrentSource)

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


__all__ = [name for name, obj in list(globals().items())
           if isinstance(obj, type) and obj.__module__ == __name__ and not name.startswith("_")]
