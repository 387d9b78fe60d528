"""plastix's recordings as Neo objects (python3-neo), for Neo-based analysis tools (Elephant, PyNN's plotting).

`to_neo(results)` takes plastix.Results (plastix.run, Simulation.results()) or an output directory read by
plastix.results.run_output and returns a neo.Block with one Segment holding
  - one SpikeTrain per neuron of each spike monitor (times in ms; annotations source_population, source_index,
    monitor), from t = 0 to the end of the run;
  - one AnalogSignal per state monitor (channels = the recorded neurons, in the variable's unit: mV, pA, nS, ...;
    `array_annotations["channel_index"]` the neuron indices), per weights monitor (channels = synapses,
    array_annotations pre and post) and per rate monitor (Hz); IrregularlySampledSignal when the samples are not
    evenly spaced (a weights monitor that samples only at the end).
The PyNN backend (plastix.pynn) reads plastix's arrays with spike_times_by_neuron and columns_of (below).
"""
import numpy as np


def spike_times_by_neuron(times, senders, neurons):
    """One sorted array of spike times [ms] for each neuron index in `neurons`."""
    times, senders = np.asarray(times, dtype=float), np.asarray(senders)
    order = np.argsort(senders, kind="stable")
    times, senders = times[order], senders[order]
    out = []
    for n in neurons:
        lo, hi = np.searchsorted(senders, n, "left"), np.searchsorted(senders, n, "right")
        out.append(np.sort(times[lo:hi]))
    return out


def columns_of(recorded, wanted):
    """The columns of `wanted` neuron indices in a recording of the neurons `recorded`."""
    position = {int(n): k for k, n in enumerate(np.asarray(recorded))}
    try:
        return [position[int(n)] for n in wanted]
    except KeyError as e:
        raise KeyError(f"neuron {e.args[0]} was not recorded") from None


def units(unit):
    """A quantities unit for plastix's unit text ("mV", "nS", "pA", "1", "uM", "Hz")."""
    import quantities as pq
    if unit in ("", "1", None):
        return pq.dimensionless
    try:
        return pq.Quantity(1.0, unit).units
    except (LookupError, ValueError, SyntaxError):
        return pq.dimensionless


def _field(record, key, default=None):
    if isinstance(record, dict):
        return record.get(key, default)
    return getattr(record, key, default)


def _signal(values, times, unit, name, **annotations):
    import neo
    import quantities as pq
    values = np.asarray(values, dtype=float)
    times = np.asarray(times, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    steps = np.diff(times)
    array_annotations = annotations.pop("array_annotations", {})
    if times.size >= 2 and np.allclose(steps, steps[0], rtol=1e-9, atol=1e-12) and steps[0] > 0:
        return neo.AnalogSignal(values, units=units(unit), t_start=times[0] * pq.ms, sampling_period=steps[0] * pq.ms,
                                name=name, array_annotations=array_annotations, **annotations)
    return neo.IrregularlySampledSignal(times * pq.ms, values, units=units(unit), time_units=pq.ms, name=name,
                                        array_annotations=array_annotations, **annotations)


def to_neo(results):
    """A neo.Block of the run's recordings (spikes, state traces, weights, rates); see the module's text."""
    import neo
    import quantities as pq
    summary = getattr(results, "summary", None)
    if summary is not None:  # plastix.results.run_output
        name, sizes, seed = summary.get("experiment", ""), summary.get("population_sizes", {}), summary.get("seed")
        t_stop = 1000.0 * float(summary.get("bio_time_s", 0.0))  # ms
    else:
        name, sizes, t_stop, seed = results.experiment, dict(results.population_sizes), float(results.bio_time), \
            results.seed
    block = neo.Block(name=name, description="plastix run", simulator="plastix", seed=seed)
    segment = neo.Segment(name=name or "run")
    block.segments.append(segment)
    ends = [t_stop]
    for record in list(results.spikes.values()):
        times = np.asarray(_field(record, "times"))
        if times.size:
            ends.append(float(times.max()))
    t_stop = max(ends)
    for monitor, record in results.spikes.items():
        population = _field(record, "population", monitor)
        size = int(sizes.get(population, 0)) or int(np.max(_field(record, "senders"), initial=-1)) + 1
        trains = spike_times_by_neuron(_field(record, "times"), _field(record, "senders"), range(size))
        for index, times in enumerate(trains):
            segment.spiketrains.append(neo.SpikeTrain(times * pq.ms, t_start=0.0 * pq.ms, t_stop=t_stop * pq.ms,
                                                      source_population=population, source_index=index,
                                                      monitor=monitor))
    for monitor, record in results.states.items():
        neurons = np.asarray(_field(record, "neurons"))
        segment_signal = _signal(_field(record, "values"), _field(record, "times"), _field(record, "unit", ""),
                                 _field(record, "variable", monitor), source_population=_field(record, "population"),
                                 monitor=monitor, array_annotations={"channel_index": neurons})
        _append(segment, segment_signal)
    for monitor, record in results.weights.items():
        signal = _signal(_field(record, "values"), _field(record, "times"), _field(record, "unit", ""), "weight",
                         projection=_field(record, "projection", monitor), monitor=monitor,
                         array_annotations={"channel_index": np.asarray(_field(record, "synapses")),
                                            "pre": np.asarray(_field(record, "pre")),
                                            "post": np.asarray(_field(record, "post"))})
        _append(segment, signal)
    for monitor, record in results.rates.items():
        signal = _signal(_field(record, "rates"), _field(record, "times"), "Hz", "rate",
                         source_population=_field(record, "population", monitor), monitor=monitor)
        _append(segment, signal)
    return block


def _append(segment, signal):
    import neo
    if isinstance(signal, neo.AnalogSignal):
        segment.analogsignals.append(signal)
    else:
        segment.irregularlysampledsignals.append(signal)
