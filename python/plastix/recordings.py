"""The recordings of a run as dicts that explain themselves: a name that was not recorded raises MissingRecording
(a PlastixError and a KeyError) saying what was recorded and how to record it; a population's name finds its one
monitor. Used by plastix.Results (the C++ results of plastix.run) and results.run_output (an output directory).

Units (documented here and in docs/python.md; the records carry the ones that vary). plastix.Results' records
have attributes (r.spikes["exc"].times), run_output's are dicts (out.spikes["exc"]["times"]):
  spikes[name]:        times [ms], senders (neuron index in the population), population
  states[name]:        times [ms], neurons, values [record["unit"]], variable, population, scope
  weights[name]:       times [ms], synapses, pre, post, values [record["unit"]: nS, pA or 1]
  rates[name]:         times [ms] (bin starts), rates [Hz], bin [ms]
  transmissions[name]: times [ms], pre, efficacy [record["unit"]]
"""
import html

try:
    from plastix._core import PlastixError
except ImportError:  # the pure-Python half alone (reading output directories)
    class PlastixError(ValueError):
        pass

# What each kind of recording is, and the monitor that makes it (docs/experiment-files.md [[monitor]]).
_KINDS = {
    "spikes": ("spike", "add_monitor(\"spikes\", population=\"{name}\")", "population"),
    "states": ("state", "add_monitor(\"state\", population=\"{name}\", variable=\"v\")", "population"),
    "weights": ("weight", "add_monitor(\"weights\", projection=\"{name}\")", "projection"),
    "rates": ("rate", "add_monitor(\"rate\", population=\"{name}\")", "population"),
    "transmissions": ("transmission", "add_monitor(\"transmission\", projection=\"{name}\")", "projection"),
}


class MissingRecording(PlastixError, KeyError):
    """A recording that the run does not have (a PlastixError, and a KeyError for code that expects one)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class Recordings(dict):
    """Monitor name -> record (numpy arrays: attributes of plastix.Results' records, keys of run_output's). A
    missing name raises MissingRecording; the name of a population (or projection) with exactly one such monitor
    gives that monitor's record."""

    def __init__(self, kind, records):
        super().__init__(records)
        self.kind = kind

    def __missing__(self, name):
        what, how, owner = _KINDS[self.kind]
        owned = [k for k, r in self.items()
                 if (r.get(owner) if isinstance(r, dict) else getattr(r, owner, None)) == name]
        if len(owned) == 1:
            return self[owned[0]]
        recorded = ", ".join(f"'{k}'" for k in self) or "none"
        if len(owned) > 1:
            raise MissingRecording(f"{self.kind}: {owner} '{name}' has {len(owned)} {what} monitors "
                                   f"({', '.join(owned)}); give a monitor's name")
        raise MissingRecording(f"{self.kind}: nothing named '{name}' was recorded (recorded {self.kind}: "
                               f"{recorded}); record it with exp.{how.format(name=name)} before running")


def wrap(kind, records):
    return Recordings(kind, records)


def install(results_class):
    """Makes the C++ Results' spikes, states, weights, rates and transmissions Recordings, and gives Results a
    Jupyter display."""
    for kind in _KINDS:
        getter = getattr(results_class, kind).fget
        setattr(results_class, kind, property(lambda self, g=getter, k=kind: Recordings(k, g(self)),
                                              doc=getattr(results_class, kind).__doc__))
    results_class._repr_html_ = results_html


def results_html(r):
    """A run's results as HTML (Jupyter): what ran, the recordings, the tables and the metrics."""
    def names(d):
        return ", ".join(html.escape(str(k)) for k in d) or "—"
    summary = getattr(r, "summary", None)
    if summary is not None:  # an output directory (results.run_output)
        head = (f"<b>plastix output '{html.escape(str(summary.get('experiment', '')))}'</b> "
                f"({html.escape(str(r.directory))})")
        metrics = summary.get("metrics", {})
    else:
        head = (f"<b>plastix.Results '{html.escape(r.experiment)}'</b>: {r.bio_time:.10g} ms simulated, "
                f"{r.spike_count} spikes, {r.neuron_count} neurons, {r.synapse_count} synapses, "
                f"{r.wall_time:.3g} s wall")
        metrics = r.metrics
    rows = "".join(f"<tr><td>{kind}</td><td>{names(getattr(r, kind))}</td></tr>" for kind in _KINDS)
    rows += f"<tr><td>tables</td><td>{names(r.tables)}</td></tr>"
    shown = list(metrics.items())[:12]
    metric_rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v:.6g}</td></tr>" for k, v in shown
                          if isinstance(v, (int, float)))
    more = f"<p>… and {len(metrics) - len(shown)} more metrics</p>" if len(metrics) > len(shown) else ""
    return f"{head}<table>{rows}</table><table>{metric_rows}</table>{more}"
