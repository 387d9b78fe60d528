"""`pyNN.plastix`: PyNN's name for plastix's backend, which lives in plastix.pynn (docs/pynn.md)."""
import sys

import plastix.pynn

sys.modules[__name__] = plastix.pynn
