"""plastix: the Python interface of the plastix synaptic-plasticity simulator.

Describe or load an experiment, run it, and read its recordings as numpy arrays (the C++ module `plastix._core`);
draw figures and write HTML reports of run output directories (pure Python: `plots`, `figures`, `report`,
`results`). See docs/python.md.

The build writes the whole package to <build>/python (plastix/_core*.so and a copy of these sources):
`PYTHONPATH=<build>/python` is enough, or `pip install --no-build-isolation <build>/python`. With the source
folder (<source>/python) also on the path, ahead of it, the sources are used: this package extends its __path__
over every `plastix` folder on sys.path, so both halves import as one package. Quantities with units:
plastix.units (20*ms). See docs/python.md.
"""
import pkgutil

__path__ = pkgutil.extend_path(__path__, __name__)

from plastix import units  # noqa: E402,F401  (quantities: from plastix.units import ms, mV, nS)

__all__ = ["Experiment", "PlastixError", "Results", "RunStopped", "Simulation", "help", "load", "load_experiment",
           "models", "run", "run_sweep", "figures", "plots", "report", "results", "units"]

try:
    from plastix._core import PlastixError, Results, RunStopped  # noqa: F401
    from plastix.experiment import Experiment, load_experiment, run, run_sweep  # noqa: F401
    from plastix.catalogue import help, models  # noqa: F401,A004
    from plastix.simulation import Simulation, load  # noqa: F401
    from plastix.neo import to_neo as _to_neo

    from plastix import recordings as _recordings

    # results.to_neo(): the recordings as a neo.Block with units (plastix/neo.py; needs python3-neo).
    Results.to_neo = lambda self: _to_neo(self)
    # results.spikes["exc"] etc. explain a missing recording; Jupyter shows results as a table.
    _recordings.install(Results)
except ImportError as _e:  # only the pure-Python part (figures, reports of output directories) is available
    _import_error = _e

    def __getattr__(name):
        if name in ("Experiment", "PlastixError", "Results", "RunStopped", "Simulation", "help", "load",
                    "load_experiment", "models", "run", "run_sweep"):
            raise ImportError(f"plastix.{name} needs the C++ module plastix._core, which could not be imported "
                              f"({_import_error}); build plastix and put <build>/python on PYTHONPATH")
        raise AttributeError(f"module 'plastix' has no attribute '{name}'")
