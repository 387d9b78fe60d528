"""The standard model types of pyNN.plastix (PyNN's naming): cell types (cells.py), synapse types (synapses.py) and
current sources (electrodes.py), each knowing how it becomes part of a plastix experiment."""
from pyNN.standardmodels import StandardCurrentSource  # noqa: F401

from plastix.pynn.cells import *  # noqa: F401,F403
from plastix.pynn.cells import PlastixCell  # noqa: F401
from plastix.pynn.electrodes import *  # noqa: F401,F403
from plastix.pynn.synapses import *  # noqa: F401,F403
