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
