"""Shared fixtures: where the plastix binary, the sources and the build are (see plastix_paths.py)."""
import pytest

import plastix_paths


@pytest.fixture(scope="session")
def plastix_binary():
    return str(plastix_paths.plastix_binary())


@pytest.fixture(scope="session")
def source_dir():
    return plastix_paths.SOURCE_DIR
