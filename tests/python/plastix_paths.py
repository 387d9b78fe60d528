"""Where the plastix sources, build and binary are, for every Python test (environment set by ctest:
PLASTIX_SOURCE_DIR, PLASTIX_BUILD_DIR, PLASTIX_BINARY; defaults: this checkout and its build/ folder)."""
import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("PLASTIX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BUILD_DIR = pathlib.Path(os.environ.get("PLASTIX_BUILD_DIR", SOURCE_DIR / "build"))
PLASTIX = pathlib.Path(os.environ.get("PLASTIX_BINARY", BUILD_DIR / "bin" / "plastix"))


def plastix_binary():
    """The plastix binary; a missing binary fails the test (CI must never pass by skipping)."""
    if not PLASTIX.is_file():
        pytest.fail(f"plastix binary not found at {PLASTIX}; build first (make test does) or set PLASTIX_BINARY")
    return PLASTIX
