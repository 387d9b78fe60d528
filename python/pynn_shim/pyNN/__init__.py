"""A shim that makes PyNN's backend `pyNN.plastix` importable without writing into the system's PyNN.

PyNN finds a backend as the submodule `pyNN.<name>`. With this folder (<source>/python/pynn_shim) ahead of the
system's site-packages on sys.path, `import pyNN` runs this file: it takes the system's PyNN package in (its
__init__ runs in this module, so `pyNN` is PyNN in every respect) and adds this folder to the package's path, where
`pyNN/plastix.py` names plastix's backend (plastix.pynn). Nothing of PyNN is copied. See docs/pynn.md.
"""
import os
import sys


def _system_pynn():
    """The folder of the PyNN package found on sys.path after this one."""
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        candidate = os.path.join(os.path.abspath(entry or os.curdir), "pyNN")
        if os.path.abspath(candidate) != here and os.path.isfile(os.path.join(candidate, "__init__.py")):
            return candidate
    raise ImportError("pyNN (plastix's shim): PyNN itself is not installed (Debian: apt install python3-pynn)")


_folder = _system_pynn()
__path__ = [_folder, os.path.dirname(os.path.abspath(__file__))]
__file__ = os.path.join(_folder, "__init__.py")
with open(__file__, "rb") as _f:
    exec(compile(_f.read(), __file__, "exec"))  # noqa: S102 (PyNN's own __init__, in this module)
