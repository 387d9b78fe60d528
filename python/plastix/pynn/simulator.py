"""The state of a pyNN.plastix simulation: the clock, the network declared so far, and the plastix run.

Nothing runs until the first run(): then the network (populations, projections, current sources, recorders) is
written as one plastix experiment (network.py) with a single phase "run" and started as a plastix.Simulation, which
run()/run_until() advance in pieces. The phase ends at the time the script asked for; when a later run() goes past
it, the run is rebuilt with a longer phase (at least twice as long) and replayed to the present, which plastix's
determinism makes bitwise the same run (tests/python/test_pynn_backend.py). reset() drops the run; the next run()
builds it again from the network as it is then.
"""
import tomllib

from pyNN import common

from plastix.experiment import to_toml

name = "plastix"


class ID(int, common.IDMixin):
    def __init__(self, n):
        int.__init__(n)
        common.IDMixin.__init__(self)


class State(common.control.BaseState):
    def __init__(self):
        super().__init__()
        self.mpi_rank = 0
        self.num_processes = 1
        self.dt = 0.1
        self.min_delay = "auto"
        self.max_delay = 10.0
        self.seed = 1
        self.lif_method = None  # plastix's integration of the lif models (setup(lif_method=...)); None: default
        self.clear()

    def clear(self):
        """Forgets the network (setup())."""
        self.recorders = set()
        self.populations = []
        self.projections = []
        self.current_sources = []
        self.rate_changes = []  # [[phase.stimulus]] tables of Poisson rates set during the run
        self.id_counter = 0
        self.segment_counter = -1
        self.reset()

    def reset(self):
        """Time back to 0: the next run() builds the run again."""
        self.running = False
        self.t_start = 0
        self._sim = None
        self._names = None
        self._results = None
        self._t = 0.0
        self.rate_changes = []
        self.segment_counter += 1

    # -- the run -------------------------------------------------------------------------------------------------
    def started(self):
        return self._sim is not None

    def changed_after_start(self, what):
        if self.started():
            raise NotImplementedError(f"pyNN.plastix: {what} is not supported: declare the network, its current "
                                      f"sources and recordings before the first run() (or call reset())")

    @property
    def t(self):
        return self._sim.t if self._sim is not None else self._t

    def run(self, simtime):
        self.run_until(self.t + simtime)

    def run_until(self, tstop):
        from plastix.pynn import network
        if self._sim is None:
            self._names = network.Names(self)
            text = network.experiment_text(self, self._names, duration=max(tstop, self.dt))
            self._sim = network.start(text)
        elif tstop > self._sim.end + 0.5 * self.dt:
            self._extend(max(tstop, 2.0 * self._sim.end))
        steps = round((tstop - self._sim.t) / self.dt)
        if steps > 0:
            self._sim.run(f"{steps * self.dt!r} ms")
        self._results = None
        self.running = True

    def room_to_change(self):
        """The running simulation, with its phase extended when it is at its end (a change needs time left)."""
        if self._sim.t >= self._sim.end - 0.5 * self.dt:
            self._extend(2.0 * self._sim.end)
        return self._sim

    def _extend(self, end):
        """The run again with its phase lasting `end` ms, replayed to now (with every change made so far)."""
        from plastix.pynn import network
        now = self._sim.t
        doc = tomllib.loads(self._sim.text)
        doc["phase"][0]["duration"] = f"{end!r} ms"
        stimuli = network.stimulus_tables(self, self._names, end)
        doc["phase"][0].pop("stimulus", None)
        if stimuli:
            doc["phase"][0]["stimulus"] = stimuli
        self._sim = network.start(to_toml(doc))
        if now > 0.0:
            self._sim.run(f"{now!r} ms")

    @property
    def simulation(self):
        """The plastix.Simulation running (None before the first run())."""
        return self._sim

    @property
    def names(self):
        """The plastix names of populations and projections (network.Names) of the run."""
        return self._names

    def results(self):
        """plastix.Results of the run so far (cached until the next run())."""
        if self._sim is None:
            return None
        if self._results is None:
            self._results = self._sim.results()
        return self._results


state = State()


def cells_by_population(cells):
    """[(population, indices)] of a Population, PopulationView, Assembly or list of IDs, in order of appearance."""
    groups = {}
    for cell in (cells.all_cells if hasattr(cells, "all_cells") else cells):
        population = cell.parent
        groups.setdefault(id(population), (population, []))[1].append(population.id_to_index(cell))
    return list(groups.values())
