"""Shared fixtures: where the plastix binary, the sources and the build are (see plastix_paths.py)."""
import sys

import pytest

import plastix_paths

# PyNN's backend pyNN.plastix: the shim folder ahead of the system's PyNN makes `import pyNN.plastix` work
# (python/pynn_shim/pyNN/__init__.py, docs/pynn.md).
sys.path.insert(0, str(plastix_paths.SOURCE_DIR / "python" / "pynn_shim"))


@pytest.fixture(scope="session")
def plastix_binary():
    return str(plastix_paths.plastix_binary())


@pytest.fixture(scope="session")
def source_dir():
    return plastix_paths.SOURCE_DIR
