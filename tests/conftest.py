"""Shared fixtures. The corpus is loaded once per session; hypothesis is derandomised."""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("standpoint", derandomize=True, deadline=None, max_examples=200)
settings.load_profile("standpoint")


@pytest.fixture(scope="session")
def corpus():
    from standpoint import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def passages(corpus):
    from standpoint import passages as make_passages

    return make_passages(corpus)


def pytest_configure(config):
    """The report's cache of this test session: a fresh folder, never the user's
    (``~/.cache/standpoint``); kernels and subprocesses inherit it."""
    import os
    import tempfile

    os.environ["STANDPOINT_CACHE"] = tempfile.mkdtemp(prefix="standpoint-test-cache-")
