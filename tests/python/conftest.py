"""Shared fixtures: where the plastix binary, the sources and the build are."""
import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("PLASTIX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BUILD_DIR = pathlib.Path(os.environ.get("PLASTIX_BUILD_DIR", SOURCE_DIR / "build"))


@pytest.fixture(scope="session")
def plastix_binary():
    path = pathlib.Path(os.environ.get("PLASTIX_BINARY", BUILD_DIR / "bin" / "plastix"))
    if not path.exists():
        pytest.fail(f"plastix binary not found at {path}; build first (make test does)")
    return str(path)


@pytest.fixture(scope="session")
def source_dir():
    return SOURCE_DIR
