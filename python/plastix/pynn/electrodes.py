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

    def varying_keys(self):
        """The keys of a varying current (noise, sine) added to each piece's stimulus table: {} for none."""
        return {}

    def plastix_stimuli(self, names, duration):
        """[[phase.stimulus]] tables in a phase of `duration` ms (pieces after it left out, stops clipped)."""
        out = []
        for population, indices in self.targets:
            for name, local, _ in names.split(population, indices):
                varying = self.varying_keys()
                for start, stop, amplitude in self.pieces():
                    if (amplitude == 0.0 and not varying) or start >= duration:
                        continue
                    if stop is not None and stop >= duration:
                        stop = None
                    item = {"population": name, "current": quantity(amplitude, "nA"),
                            "neurons": [int(i) for i in local], "start": quantity(start, "ms")}
                    if stop is not None:
                        item["stop"] = quantity(stop, "ms")
                    out.append({**item, **varying})
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


class _WindowSource(_PlastixCurrentSource):
    """A source on from start to stop (DCSource, NoisyCurrentSource, ACSource)."""

    def window(self):
        stop = float(self._native["stop"])
        return float(self._native["start"]), stop if stop < 1e11 else None


class NoisyCurrentSource(_WindowSource, electrodes.NoisyCurrentSource):
    __doc__ = electrodes.NoisyCurrentSource.__doc__ + """
    On plastix: a current stimulus with current_sd and noise_interval (docs/experiment-files.md): each neuron draws
    its own value, held for dt, from plastix's counter-based streams."""
    translations = identity_translations(electrodes.NoisyCurrentSource)

    def pieces(self):
        return [(*self.window(), float(self._native["mean"]))]

    def varying_keys(self):
        return {"current_sd": quantity(float(self._native["stdev"]), "nA"),
                "noise_interval": quantity(float(self._native["dt"]), "ms")}


class ACSource(_WindowSource, electrodes.ACSource):
    __doc__ = electrodes.ACSource.__doc__ + """
    On plastix: a current stimulus with sine_amplitude, sine_frequency and sine_phase; t counts from start (as
    PyNN's Brian2 backend; NEST's ac_generator counts from 0)."""
    translations = identity_translations(electrodes.ACSource)

    def pieces(self):
        return [(*self.window(), float(self._native["offset"]))]

    def varying_keys(self):
        return {"sine_amplitude": quantity(float(self._native["amplitude"]), "nA"),
                "sine_frequency": quantity(float(self._native["frequency"]), "Hz"),
                "sine_phase": float(self._native["phase"])}


__all__ = [name for name, obj in list(globals().items())
           if isinstance(obj, type) and obj.__module__ == __name__ and not name.startswith("_")]
