"""pyNN.plastix: a PyNN 0.10 backend that runs PyNN scripts on plastix (docs/pynn.md).

    import pyNN.plastix as sim          # with <source>/python/pynn_shim on sys.path (docs/pynn.md)
    sim.setup(timestep=0.1)
    cells = sim.Population(10, sim.IF_cond_exp())
    ...
    sim.run(1000.0)
    data = cells.get_data().segments[0]

The script's network is written as one plastix experiment (plastix.Experiment) at the first run() and run step by
step with plastix.Simulation; recordings come back as Neo Blocks. What is supported and how PyNN's units map onto
plastix's: docs/pynn.md. Unsupported features raise NotImplementedError naming the feature.
"""
import logging

from pyNN import common
from pyNN.common.control import DEFAULT_MAX_DELAY, DEFAULT_MIN_DELAY, DEFAULT_TIMESTEP
from pyNN.connectors import *  # noqa: F401,F403 (PyNN's connectors choose the connections)
from pyNN.recording import *  # noqa: F401,F403
from pyNN.random import NumpyRNG, RandomDistribution  # noqa: F401

from plastix.pynn import simulator
from plastix.pynn.standardmodels import *  # noqa: F401,F403
from plastix.pynn.standardmodels import StandardCurrentSource  # noqa: F401
from plastix.pynn.populations import Assembly, Population, PopulationView  # noqa: F401
from plastix.pynn.projections import Projection  # noqa: F401

logger = logging.getLogger("PyNN")


def list_standard_models():
    """The standard cell types pyNN.plastix runs."""
    from plastix.pynn import cells
    return [name for name, obj in vars(cells).items()
            if isinstance(obj, type) and issubclass(obj, cells.PlastixCell) and obj is not cells.PlastixCell]


def setup(timestep=DEFAULT_TIMESTEP, min_delay=DEFAULT_MIN_DELAY, **extra_params):
    """Starts a new simulation: timestep [ms] (plastix's dt); extra: seed= (plastix's seed of its random streams:
    Poisson sources, distributions of initial values), max_delay=, lif_method= (plastix's integration of v in
    IF_curr_exp and IF_cond_exp: "exact" (default for IF_curr_exp), "exponential_euler" (default for IF_cond_exp)
    or "euler", Brian2's choice for IF_cond_exp)."""
    common.setup(timestep, min_delay, **extra_params)
    known = {"max_delay", "seed", "rng_seed", "rank", "num_processes", "verbosity", "lif_method"}
    unknown = sorted(set(extra_params) - known)
    if unknown:  # other backends' options (quit_on_end, threads, ...): as PyNN's backends do, not an error
        logger.warning("pyNN.plastix: setup() ignores the options %s", ", ".join(unknown))
    simulator.state.clear()
    simulator.state.dt = float(timestep)
    simulator.state.min_delay = min_delay
    simulator.state.max_delay = extra_params.get("max_delay", DEFAULT_MAX_DELAY)
    simulator.state.seed = int(extra_params.get("seed", extra_params.get("rng_seed", 1)))
    simulator.state.lif_method = extra_params.get("lif_method")
    return rank()


def end(compatible_output=True):
    """Writes the data asked for with write_data on end, and ends the simulation."""
    from neo.io import get_io
    for population, variables, filename in simulator.state.write_on_end:
        population.write_data(get_io(filename), variables)
    simulator.state.write_on_end = []


run, run_until = common.build_run(simulator)
run_for = run
reset = common.build_reset(simulator)
initialize = common.initialize
get_current_time, get_time_step, get_min_delay, get_max_delay, num_processes, rank = \
    common.build_state_queries(simulator)
create = common.build_create(Population)
connect = common.build_connect(Projection, FixedProbabilityConnector, StaticSynapse)  # noqa: F405
record = common.build_record(simulator)


def record_v(source, filename):
    return record(["v"], source, filename)


def record_gsyn(source, filename):
    return record(["gsyn_exc", "gsyn_inh"], source, filename)
