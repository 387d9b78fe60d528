"""Runs you continue step by step: build or load an experiment, run it for a while, look, change something, run on.

    sim = plastix.Simulation(exp)          # or exp.simulation(), or plastix.load("run.checkpoint.h5")
    sim.run(200*ms)                        # a Quantity (plastix.units), a string "200 ms", or a number of seconds
    sim.set("projection.ee.plasticity[0].a_plus", 0.002)
    sim.intervene("block_plasticity", projection="ee", duration="50 ms")
    sim.add_monitor("weights", projection="ee", interval="10 ms")
    sim.run(0.3)
    w = sim.weights("ee"); r = sim.results()
    sim.save("run.checkpoint.h5")
    sim.write("results/run")               # runs what is left of the phases, writes an output directory

The run crosses the phases the experiment declares ([[phase]], or one phase "run" of experiment.duration); running
past their end is an error. A change is written into the experiment's text at the time it is made — sim.set as a
[[phase.set]] table with `at` = now, sim.intervene as a [[phase.intervention]] with `start` = now — and read by
plastix's own reader: the same keys, checks and messages as experiment files, and the run is bitwise the run of the
file with those tables written in it (`sim.text` is that file). See docs/python.md.
"""
import os
import tomllib

from plastix import _core
from plastix import units as _units
from plastix.experiment import _catalogue, _check_threads, to_toml
from plastix._core import PlastixError


def _ms(duration, what="duration"):
    """A time as a Quantity (200*ms), a string with a unit ("20 ms", "2 s") or a number of seconds, in ms."""
    if isinstance(duration, _units.Quantity):
        if duration.dim != _units.DIMENSIONS["time"]:
            raise PlastixError(f"{what}: expected a time; got {duration} ({_units.dimension_name(duration.dim)})")
        return float(duration.to("ms"))
    if isinstance(duration, str):
        return _core.quantity_ms(duration)
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) and not hasattr(duration, "item"):
        raise PlastixError(f"{what}: expected a time with its unit (\"200 ms\") or a number of seconds; "
                           f"got {duration!r}")
    return float(duration) * 1000.0


class Simulation:
    """A run of one experiment (no [sweep]) that goes on step by step: Simulation(experiment) builds it (nothing
    runs yet); plastix.load(checkpoint) continues a saved one."""

    def __init__(self, experiment, threads=1):
        spec = experiment.spec  # reads and validates: errors name the file and key
        if spec.has_sweep:
            raise PlastixError(f"{experiment.file_name}: a Simulation runs one experiment, not a [sweep]; run sweeps "
                               f"with plastix.run(exp), or remove the sweep")
        self._core = _core.Session(spec.file_text, experiment.file_name)
        self.threads = threads

    @property
    def threads(self):
        """Threads inside the run (1: none; docs/parallel.md). May change between two steps; the results are the
        same for every number."""
        return self._core.threads

    @threads.setter
    def threads(self, n):
        self._core.threads = _check_threads(n)

    @classmethod
    def _of(cls, core):
        sim = cls.__new__(cls)
        sim._core = core
        return sim

    # -- time ----------------------------------------------------------------------------------------------------
    @property
    def t(self):
        """The simulated time [ms]."""
        return self._core.t

    @property
    def end(self):
        """The time at which the declared phases end [ms]."""
        return self._core.end

    @property
    def phase(self):
        """The name of the phase running (or due next); None once every phase has run."""
        return self._core.phase

    def run(self, duration):
        """Advances by `duration` ("200 ms", or seconds as a number), across phases. Raises PlastixError past the
        end of the declared phases, RunStopped (with .results up to the stop) when a value becomes NaN or infinite,
        and KeyboardInterrupt on Ctrl-C (the simulation cannot go on after these)."""
        self._core.run(_ms(duration))
        return self

    # -- changes -------------------------------------------------------------------------------------------------
    def set(self, key, value):
        """Changes a parameter from now on, as a [[phase.set]] table at this time does: a neuron model's key
        ("population.exc.tau_m", "25 ms") or a plasticity rule's ("projection.ee.plasticity[0].a_plus", 0.002).
        Checked like the file's: a key that cannot change during a run, an unknown key or a value out of range
        raises PlastixError and changes nothing."""
        def edit(phase, at):
            sets = phase.get("set", [])
            sets = [sets] if isinstance(sets, dict) else list(sets)
            sets.append({"at": f"{at!r} ms", str(key): value})
            phase["set"] = sets
        self._edit(edit)
        return self

    def intervene(self, type, duration=None, **keys):  # noqa: A002 (the file's key)
        """An intervention from now on ([[phase.intervention]]: block_receptor, block_protein_synthesis,
        voltage_clamp, block_spikes, lesion, block_plasticity, with their keys: population=, projection=,
        neurons=, receptor=, fraction=, voltage=), for `duration` or to the end of the phase running."""
        if "start" in keys or "stop" in keys:
            raise PlastixError("intervene: the intervention starts now; give its length as duration=, not start= "
                               "or stop=")
        entry = _catalogue.find("intervention", type)
        if entry is not None:
            _catalogue.check_keywords(f"intervention '{type}'", entry, keys, ("type",))

        def edit(phase, at):
            item = {"type": type, **keys, "start": f"{at!r} ms"}
            if duration is not None:
                item["stop"] = f"{at + _ms(duration)!r} ms"
            phase.setdefault("intervention", []).append(item)
        self._edit(edit)
        return self

    def stimulate(self, population, rate=None, current=None, duration=None, **keys):
        """A stimulus from now on ([[phase.stimulus]]): a new rate of a poisson or regular source (rate="40 Hz") or
        a current into a neuron population (current="100 pA"), on neurons= (default all) or the keys of a pattern
        stimulus (patterns=, pattern=, fraction=, on=, off=), for `duration` or to the end of the phase running.
        Rates of several stimuli on one population do not add up (the last one on wins, as in the file); currents
        add up."""
        if "start" in keys or "stop" in keys:
            raise PlastixError("stimulate: the stimulus starts now; give its length as duration=, not start= or "
                               "stop=")
        if (rate is None) == (current is None):
            raise PlastixError("stimulate: give either rate= (for poisson and regular sources) or current= (for "
                               "neuron populations)")

        def edit(phase, at):
            item = {"population": population, **({"rate": rate} if rate is not None else {"current": current}),
                    **keys, "start": f"{at!r} ms"}
            if duration is not None:
                item["stop"] = f"{at + _ms(duration)!r} ms"
            phase.setdefault("stimulus", []).append(item)
        self._edit(edit)
        return self

    def _edit(self, edit):
        index, at = self._core.position()  # begins the phase due now; an error once every phase has run
        doc = tomllib.loads(self._core.text)
        if "phase" not in doc:  # one phase of experiment.duration: written out as the phase "run"
            head = doc.setdefault("experiment", {})
            doc["phase"] = [{"name": "run", "duration": head.pop("duration")}]
        edit(doc["phase"][index], at)
        self._core.update(to_toml(doc))

    def add_monitor(self, type, **params):  # noqa: A002 (the file's key)
        """A [[monitor]] recording from now on: add_monitor("spikes", population="exc"), ("state", population=,
        variable="v", interval="1 ms"), ("weights", projection=, interval=), ("rate", population=, bin=)."""
        entry = _catalogue.find("monitor", type)
        if entry is not None:
            _catalogue.check_keywords(f"monitor '{type}'", entry, params)
        self._core.add_monitor(to_toml({"monitor": [{"type": type, **params}]}))
        return self

    # -- reading -------------------------------------------------------------------------------------------------
    def weights(self, projection):
        """A copy of the projection's weights now (numpy, by synapse)."""
        return self._core.weights(projection)

    def results(self):
        """The results so far (plastix.Results): recordings, counts and the plain metrics (rate_hz, mean_weight,
        synapses, dw_rel, w_start, w_end); [[metric]], [[table]] and [[analysis]] come with finish()."""
        return self._core.results()

    @property
    def text(self):
        """The experiment as it runs: its file with every change made so far (and the monitors added)."""
        return self._core.text + self._core.monitors

    # -- saving, finishing ---------------------------------------------------------------------------------------
    def save(self, path):
        """Writes a checkpoint of the run now (the format of --checkpoint-every; plastix.load continues it)."""
        self._core.save(os.fspath(path))
        return self

    def finish(self):
        """Runs what is left of the phases; returns the complete results (as plastix.run would)."""
        return self._core.finish()

    def write(self, outdir):
        """finish(), then writes the output directory plastix run writes (data.h5, summary.json, experiment.toml:
        the experiment with every change, to run it again)."""
        results = self.finish()
        results.write(os.fspath(outdir))
        return results

    def __repr__(self):
        return f"<plastix.Simulation t={self.t:.10g} ms of {self.end:.10g} ms, phase {self.phase!r}>"


def load(path, threads=1):
    """Continues the run saved in a checkpoint (sim.save, plastix run --checkpoint-every, Ctrl-C) as a
    Simulation (with `threads` threads inside it: any number, whatever the saved run used)."""
    sim = Simulation._of(_core.load_session(os.fspath(path)))
    sim.threads = threads
    return sim

