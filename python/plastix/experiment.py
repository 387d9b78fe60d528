"""Experiments in Python: load an experiment file or build one in code, change parameters, run.

An Experiment is the text of an experiment file plus a list of `--set` style overrides. Building in code writes
that text (TOML) from the calls below; everything is then read by plastix's own experiment file reader, so values,
units, defaults, validation and error messages are exactly those of experiment files (docs/experiment-files.md).
Mistakes raise plastix.PlastixError (a ValueError) naming the key, when the experiment is read: at `.spec`,
`.check()` or `run()`; one error holds every problem found (one line each, and as dicts in its `problems`).

Values: keyword arguments are the keys of the experiment file. Quantities with a dimension are Quantity objects
(`20*ms`, `-65*mV`, `6*nS`, `5*Hz` with the units of plastix.units) or strings with a unit ("20 ms"); plain numbers
are only for dimensionless keys (sizes, probabilities, seeds, indices, rule amplitudes given as numbers in the
file). Distributions are dicts: {"uniform": [0*nS, 1*nS]}. numpy arrays and scalars are taken wherever lists and
numbers are.

Where errors are raised: a keyword that is not a key of the model, or a value of the wrong dimension, raises at the
add_* call. Everything else is found when the description is read (at `.spec`, `.check()`, `run()`); the message
then names the Python line of the call that added the offending item (`script.py:12`) beside the line of the
experiment's text (`exp.text`).
"""
import math
import numbers
import os
import re
import sys

from plastix import _core
from plastix import catalogue as _catalogue
from plastix import units as _units
from plastix._core import PlastixError

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

_ORDER = ["experiment", "population", "modulator", "protocol", "projection", "monitor", "phase", "table", "analysis", "sweep"]


class Experiment:
    """An experiment description: Experiment(name=..., seed=..., dt=..., duration=...) builds one in code;
    load_experiment(path) reads a file. Unset arguments take the file format's defaults."""

    def __init__(self, name="experiment", seed=None, dt=None, duration=None, **experiment_keys):
        head = {"name": name}
        for key, value in (("seed", seed), ("dt", dt), ("duration", duration)):
            if value is not None:
                head[key] = value
        head.update(experiment_keys)
        self._doc = {"experiment": head}
        self._text = None  # set for experiments read from a file
        self.file_name = f"{name}.toml"  # used in error messages
        self.overrides = []
        # The Python line that added each item (id of its dict -> "file.py:line"), for error messages.
        self._sites = {id(head): _caller()}
        self._override_sites = []

    @classmethod
    def from_file(cls, path, overrides=()):
        path = os.fspath(path)
        exp = cls.__new__(cls)
        exp._doc = None
        try:
            with open(path, "rb") as f:
                exp._text = f.read().decode("utf-8")
        except OSError as e:
            raise PlastixError(f"{path}: cannot open the experiment file: {e.strerror}") from None
        exp.file_name = path
        exp.overrides = [str(o) for o in overrides]
        exp._sites, exp._override_sites = {}, [None] * len(exp.overrides)
        return exp

    # -- building ------------------------------------------------------------------------------------------------
    def _add(self, section, item):
        if self._doc is None:
            raise PlastixError(f"{self.file_name}: an experiment read from a file is changed with set(key, value), "
                               f"not add_{section}()")
        self._doc.setdefault(section, []).append(item)
        self._sites[id(item)] = _caller()
        return self

    def _named(self, section, name):
        for item in (self._doc or {}).get(section, []):
            if item.get("name") == name:
                return item
        raise PlastixError(f"{self.file_name}: no {section} named '{name}' was added")

    def add_population(self, name, size, model, **params):
        """[[population]]: `size` neurons of `model` ("lif", "adex", "izhikevich", "poisson", "spike_times", ...)
        with the model's parameters, e.g. tau_m="20 ms", init={"v": {"uniform": ["-60 mV", "-50 mV"]}}.
        plastix.help("lif") lists a model's keys with their units; plastix.models() lists the models.
        A keyword that is not a key of the model raises PlastixError with the closest key. A model written as
        equations (docs/equations.md): model="equations", constants={...}, state={"v": "-70 mV"},
        equations="dv/dt = ...", threshold="v > v_th", reset="v = v_r", t_ref="2 ms"."""
        entry = _catalogue.find("neuron model", model) or _catalogue.find("source", model)
        if entry is not None:
            extra = _EQUATIONS_NEURON_KEYS if model == "equations" else ()
            _catalogue.check_keywords(f"{self.file_name}: population '{name}'", entry, params,
                                      ("init", "receptor", "intrinsic", "neurogenesis") + extra)
        return self._add("population", {"name": name, "size": size, "model": model, **params})

    def add_receptor(self, population, name, **params):
        """[[population.receptor]] of a population added before: add_receptor("exc", "ampa", kind="conductance",
        tau_decay="5 ms", e_rev="0 mV"), or a preset: add_receptor("exc", "ampa", preset="ampa")."""
        entry = _catalogue.find("receptor", params.get("kind", "conductance"))
        if entry is not None:
            _catalogue.check_values(f"{self.file_name}: receptor '{name}' of population '{population}'", entry,
                                    params)
        item = {"name": name, **params}
        self._named("population", population).setdefault("receptor", []).append(item)
        self._sites[id(item)] = _caller()
        return self

    def add_projection(self, pre, post, name=None, plasticity=(), **params):
        """[[projection]] from pre to post: receptor=, connector= ("all_to_all", "one_to_one", "fixed_probability"
        with p=, ...), weight=, delay=, and plasticity: a list of rule dicts ({"rule": "stdp", "tau_plus": "20 ms",
        ...}), or add_rule() afterwards."""
        item = {"pre": pre, "post": post, **params}
        if name is not None:
            item = {"name": name, **item}
        if isinstance(plasticity, dict):
            plasticity = [plasticity]
        if plasticity:
            item["plasticity"] = [dict(r) for r in plasticity]
        return self._add("projection", item)

    def add_rule(self, projection, rule, **params):
        """[[projection.plasticity]]: add_rule("syn", "stdp", tau_plus="16.8 ms", a_plus=0.0067, ...).
        A projection without a name is addressed as "<pre>_<post>". plastix.help("stdp") lists a rule's keys with
        their units; a keyword that is not a key of the rule raises PlastixError with the closest key."""
        entry = _catalogue.find("rule", rule)
        if entry is not None:
            _catalogue.check_keywords(f"{self.file_name}: projection '{projection}'", entry, params,
                                      _EQUATIONS_KEYS if rule == "equations" else ())
        for item in (self._doc or {}).get("projection", []):
            if item.get("name", f"{item.get('pre')}_{item.get('post')}") == projection:
                rule_item = {"rule": rule, **params}
                item.setdefault("plasticity", []).append(rule_item)
                self._sites[id(rule_item)] = _caller()
                return self
        raise PlastixError(f"{self.file_name}: no projection named '{projection}' was added")

    def add_modulator(self, name, rewards=(), **params):
        """[[modulator]]: a neuromodulator's level, read by name by three-factor rules (dopamine_stdp,
        reward_stdp): add_modulator("dopamine", tau="200 ms", baseline="0.002 uM", population="da", amount="0.1 uM"),
        or a schedule (times=["1 s", "2 s"], amounts=["0.5 uM", "0.5 uM"]). rewards is a list of dicts
        ([[modulator.reward]]: pre=, post=, pre_neuron=, post_neuron=, window=, delay_min=, delay_max=, amount=).
        plastix.help("modulator") lists the keys; a keyword that is not one raises PlastixError with the closest."""
        where = f"{self.file_name}: modulator '{name}'"
        entry = _catalogue.find("modulator", "modulator")
        if entry is not None:
            _catalogue.check_keywords(where, entry, params)
        item = {"name": name, **params}
        if isinstance(rewards, dict):
            rewards = [rewards]
        reward_entry = _catalogue.find("modulator", "modulator.reward")
        for r in rewards:
            if reward_entry is not None:
                _catalogue.check_keywords(f"{where}, reward", reward_entry, r)
        if rewards:
            item["reward"] = [dict(r) for r in rewards]
        return self._add("modulator", item)

    def add_monitor(self, type, **params):  # noqa: A002 (the file's key)
        """[[monitor]]: add_monitor("spikes", population="exc"), ("state", population=, variable="v",
        neurons=[0, 1], interval="1 ms"), ("weights", projection=, ...), ("rate", population=, bin="5 ms").
        plastix.help("state") lists a monitor's keys; a keyword that is not one raises PlastixError."""
        self._check_type_keywords("monitor", type, params)
        return self._add("monitor", {"type": type, **params})

    def _check_type_keywords(self, family, type, params):  # noqa: A002
        """Check the keywords of a [[monitor]], [[protocol]] or [[analysis]] of `type` against its declared keys."""
        entry = _catalogue.find(family, type)
        if entry is not None:
            _catalogue.check_keywords(f"{self.file_name}: {family} '{type}'", entry, params)

    def add_phase(self, name, duration, stimuli=(), set=None, **params):  # noqa: A002
        """[[phase]]: phases run in order; stimuli is a list of dicts ([[phase.stimulus]]). set changes parameters
        during the run, with the dotted keys of set(): a dict at the phase's start
        (set={"projection.ff.plasticity[0].a_plus": 0.001}), or a list of dicts each with "at" ([[phase.set]])."""
        item = {"name": name, "duration": duration, **params}
        if stimuli:
            item["stimulus"] = [dict(s) for s in stimuli]
        if set:
            item["set"] = dict(set) if isinstance(set, dict) else [dict(s) for s in set]
        return self._add("phase", item)

    def add_protocol(self, type, **params):  # noqa: A002
        """[[protocol]]: add_protocol("pairing", pre="pre", post="post", n=60, frequency="1 Hz", dt="10 ms").
        plastix.help("pairing") lists a protocol's keys; a keyword that is not one raises PlastixError."""
        self._check_type_keywords("protocol", type, params)
        return self._add("protocol", {"type": type, **params})

    def add_table(self, name, columns):
        """[[table]] computed from recorded series: columns is a list of dicts ({"name": ..., "series": ...})."""
        return self._add("table", {"name": name, "column": [dict(c) for c in columns]})

    def add_analysis(self, type, **params):  # noqa: A002
        """[[analysis]]: computed after the run (principal_component, pattern_responses, recall, weight_scaling,
        overlap). plastix.help("recall") lists an analysis' keys; a keyword that is not one raises PlastixError."""
        self._check_type_keywords("analysis", type, params)
        return self._add("analysis", {"type": type, **params})

    def set_sweep(self, table, axes, measures):
        """[sweep]: axes are dicts (key=, values= or range=, unit=, column=), measures dicts (column=, metric= or series=)."""
        if self._doc is None:
            raise PlastixError(f"{self.file_name}: set_sweep() is for experiments built in code")
        self._doc["sweep"] = {"table": table, "axis": [dict(a) for a in axes], "measure": [dict(m) for m in measures]}
        self._sites[id(self._doc["sweep"])] = _caller()
        return self

    # -- changing parameters -------------------------------------------------------------------------------------
    def set(self, key, value):
        """Sets a dotted key as `--set key=value` does: set("population.exc.size", 100),
        set("projection.ee.weight", "0.5 nS"), set("phase.baseline.duration", "2 s")."""
        self.overrides.append(f"{key}={_value(value)}")
        self._override_sites.append(_caller())
        return self

    def set_duration(self, phase, value):
        """The duration of one phase (a string with a unit)."""
        return self.set(f"phase.{phase}.duration", value)

    @property
    def seed(self):
        return self.spec.seed

    @seed.setter
    def seed(self, value):
        self.set("experiment.seed", int(value))

    @property
    def dt(self):
        """The time step [ms]; set it with a unit: exp.dt = "0.05 ms"."""
        return self.spec.dt

    @dt.setter
    def dt(self, value):
        self.set("experiment.dt", value)

    @property
    def name(self):
        return self.spec.name

    # -- reading -------------------------------------------------------------------------------------------------
    @property
    def text(self):
        """The experiment file text (before overrides)."""
        return self._text if self._doc is None else to_toml(self._doc)

    @property
    def spec(self):
        """The description as read and validated by plastix (a plastix._core.ExperimentSpec)."""
        with self.located():
            return _core.parse_experiment(self.text, self.file_name, self.overrides)

    def check(self):
        """Reads and validates the experiment (and every point of its sweep) without running; returns self."""
        with self.located():
            _core.check_sweep(self.text, self.file_name, self.overrides)
        return self

    def located(self):
        """A context in which a PlastixError that names a line of this experiment's text is raised again naming
        the Python line that added the item on that line (and an override's error the line of its set())."""
        return _Located(self)

    def python_line(self, line):
        """The Python call ("script.py:12") that wrote line `line` (1-based) of self.text, or None."""
        if self._doc is None:
            return None
        line_sites = []
        _render(self._doc, self._sites, line_sites)
        return line_sites[line - 1] if 0 < line <= len(line_sites) else None

    def _repr_html_(self):
        return _experiment_html(self)

    def simulation(self, threads=1):
        """A plastix.Simulation of this experiment, to run step by step (plastix/simulation.py), with `threads`
        threads inside it."""
        from plastix.simulation import Simulation
        return Simulation(self, threads=threads)

    def __repr__(self):
        return f"<plastix.Experiment {self.file_name!r}, {len(self.overrides)} overrides>"


def load_experiment(path, overrides=()):
    """Reads an experiment file; overrides are `--set` strings, "population.exc.size=100"."""
    return Experiment.from_file(path, overrides)


def _check_threads(threads):
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or threads < 1:
        raise PlastixError(f"threads: expected a whole number of at least 1, got {threads!r}")
    return int(threads)


def run(experiment, sweep=True, jobs=None, threads=1):
    """Runs an Experiment (its [sweep] when it has one, as `plastix run` does, unless sweep=False) and returns
    plastix.Results. A sweep runs `jobs` points at once, each on a thread (None: the number of cores, as
    `plastix run --jobs`); each run uses `threads` threads (as `plastix run --threads`; with a sweep, jobs × threads
    at once). The results are the same for every number of jobs and threads (docs/parallel.md)."""
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral) or jobs < 1):
        raise PlastixError(f"jobs: expected a whole number of at least 1 (or None: the number of cores), got {jobs!r}")
    with experiment.located():
        return _core.run_text(experiment.text, experiment.file_name, list(experiment.overrides), sweep,
                              int(jobs or 0), _check_threads(threads))


def run_sweep(experiment, jobs=None, threads=1):
    """Runs the experiment's [sweep] (`jobs` points at once, `threads` threads in each, as for run); the results
    hold its table (no recordings)."""
    if not experiment.spec.has_sweep:
        raise PlastixError(f"{experiment.file_name}: the experiment has no [sweep]")
    return run(experiment, sweep=True, jobs=jobs, threads=threads)


# -- where errors come from ---------------------------------------------------------------------------------------
def _caller():
    """"file.py:line" of the nearest caller outside the plastix package (the user's script or notebook cell)."""
    frame = sys._getframe(1)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE_DIR + os.sep):
        frame = frame.f_back
    return f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else None


class _Located:
    """Raises a PlastixError that names lines of the experiment's text again, with the Python call of each line."""

    def __init__(self, experiment):
        self.experiment = experiment

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if kind is not PlastixError:  # not RunStopped (a subclass), nor other errors
            return False
        exp = self.experiment
        problems = [dict(p) for p in getattr(error, "problems", [])]
        pattern = re.compile(re.escape(exp.file_name) + r":(\d+)")
        sites = {}
        for p in problems:
            if p.get("file") == exp.file_name and p.get("line"):
                site = exp.python_line(p["line"])
                if site:
                    p["python"] = site
                    sites[p["line"]] = site
        for k, o in enumerate(exp.overrides):  # an override's error names it as --set key=value
            site = exp._override_sites[k] if k < len(exp._override_sites) else None
            if site and o.split("=", 1)[0] in str(error):
                sites.setdefault(o, site)
        if not sites:
            return False
        message = pattern.sub(lambda m: f"{sites[int(m.group(1))]} ({m.group(0)})" if int(m.group(1)) in sites
                              else m.group(0), str(error))
        located = PlastixError(message)
        located.problems = problems
        raise located from None


def _experiment_html(exp):
    """The experiment as an HTML table for Jupyter: its populations, projections with their rules, phases (as read
    and validated; a description with errors shows them)."""
    import html
    import tomllib
    try:
        spec = exp.spec
        doc = tomllib.loads(exp.text)
    except (PlastixError, tomllib.TOMLDecodeError) as e:
        return f"<b>plastix.Experiment {html.escape(exp.file_name)}</b><pre>{html.escape(str(e))}</pre>"
    models = {p.get("name"): p.get("model", "") for p in doc.get("population", [])}
    rows = [f"<tr><td>population</td><td>{html.escape(n)}</td><td>{size} × {html.escape(str(models.get(n, '')))}"
            f"</td></tr>" for n, size in spec.populations.items()]
    for p in doc.get("projection", []):
        name = p.get("name", f"{p.get('pre')}_{p.get('post')}")
        rules = [str(r.get("rule", "")) for r in p.get("plasticity", [])]
        rows.append(f"<tr><td>projection</td><td>{html.escape(name)}</td><td>{html.escape(str(p.get('pre')))} → "
                    f"{html.escape(str(p.get('post')))}{': ' + html.escape(', '.join(rules)) if rules else ''}"
                    f"</td></tr>")
    rows += [f"<tr><td>phase</td><td>{html.escape(name)}</td><td>{duration:.10g} ms</td></tr>"
             for name, duration in spec.phases]
    sweep = "; a [sweep]" if spec.has_sweep else ""
    return (f"<b>plastix.Experiment '{html.escape(spec.name)}'</b> (seed {spec.seed}, dt {spec.dt:g} ms{sweep}, "
            f"{len(exp.overrides)} overrides)<table>{''.join(rows)}</table>")


# -- TOML ----------------------------------------------------------------------------------------------------------
# The keys of a rule written as equations beyond its declared ones (equations_keys() in
# include/plastix/spec/rules/equations.hpp; docs/equations.md).
_EQUATIONS_KEYS = ("label", "constants", "synapse", "pre", "post", "signals", "equations", "on_pre", "on_post",
                   "on_tick", "tick", "event_driven")
# The keys of a neuron model written as equations beyond its declared ones (spec/neurons/equations.hpp).
_EQUATIONS_NEURON_KEYS = ("label", "constants", "state", "equations", "threshold", "reset")


def to_toml(doc):
    """The text of an experiment file for a dict of sections (tables and arrays of tables)."""
    return _render(doc)


def _render(doc, sites=None, line_sites=None):
    """to_toml; with `sites` (id of a table's dict -> Python call), fills line_sites with the call of each line."""
    lines = []
    for section in sorted(doc, key=lambda s: _ORDER.index(s) if s in _ORDER else len(_ORDER)):
        value = doc[section]
        if isinstance(value, list):
            for item in value:
                _table(lines, section, item, True, sites, line_sites)
        else:
            _table(lines, section, value, False, sites, line_sites)
    return "\n".join(lines) + "\n"


def _table(lines, header, table, array, sites=None, line_sites=None, site=None):
    site = (sites or {}).get(id(table), site)
    lines.append("")
    lines.append(f"[[{header}]]" if array else f"[{header}]")
    nested = []
    for key, value in table.items():
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    if line_sites is not None:
        line_sites.extend([site] * (len(lines) - len(line_sites)))
    for key, items in nested:
        for item in items:
            _table(lines, f"{header}.{_key(key)}", item, True, sites, line_sites, site)


def _key(key):
    key = str(key)
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else _string(key)


def _string(s):
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


def _value(v):
    if isinstance(v, _units.Quantity):
        return _value(v.to_file_value())
    if isinstance(v, (bool, getattr(sys.modules.get("numpy"), "bool_", bool))):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if hasattr(v, "tolist"):  # numpy arrays and scalars
        return _value(v.tolist())
    raise TypeError(f"cannot write {v!r} ({type(v).__name__}) into an experiment file: use a number, a string with "
                    f"a unit, a bool, a list or a dict")
