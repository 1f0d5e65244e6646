"""Run the doctests of every module in ``lib/standpoint``.

The modules are discovered from the folder when the tests are collected, so a new module's
examples are tested without touching this file, and a module that does not exist yet cannot
break collection. A module that fails to import fails its own test, not the others.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "lib" / "standpoint"
SKIP = {"__main__"}  # running it would run the command line


def discover_modules(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Dotted names of the package, its subpackages and each of their ``*.py`` modules
    (except ``__main__``)."""
    names = []
    for path in sorted(package_dir.rglob("*.py")):
        if path.stem in SKIP:
            continue
        parts = ("standpoint", *path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


MODULES = discover_modules()


def run_doctests(name: str) -> doctest.TestResults:
    """Import ``name`` from lib/standpoint and run its doctests; failures are printed."""
    module = importlib.import_module(name)
    assert PACKAGE_DIR in Path(module.__file__).resolve().parents, (
        f"{name} was imported from {module.__file__}, not from {PACKAGE_DIR}"
    )
    return doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    """Every example in the module's docstrings gives the output it shows."""
    results = run_doctests(name)
    assert results.failed == 0, f"{results.failed} of {results.attempted} doctests failed in {name} (see stdout)"


def test_discovery_finds_the_package_and_its_modules():
    """Discovery sees the package itself, its subpackages and their modules, and skips
    __main__.py."""
    assert "standpoint" in MODULES
    assert "standpoint.corpus" in MODULES and "standpoint.corpus.documents" in MODULES
    assert "standpoint.__main__" not in MODULES


def test_discovery_follows_the_folder(tmp_path):
    """A module added to the folder is discovered; an absent folder discovers nothing."""
    for stem in ["__init__", "__main__", "alpha", "beta"]:
        (tmp_path / f"{stem}.py").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "__init__.py").write_text("")
    (tmp_path / "sub" / "gamma.py").write_text("")
    assert discover_modules(tmp_path) == ["standpoint", "standpoint.alpha", "standpoint.beta",
                                          "standpoint.sub", "standpoint.sub.gamma"]
    assert discover_modules(tmp_path / "missing") == []


def test_corpus_doctests_actually_run():
    """corpus/documents.py has examples and they are run (guards against a runner that tests
    nothing)."""
    results = run_doctests("standpoint.corpus.documents")
    assert results.attempted >= 3
    assert results.failed == 0


def test_a_wrong_example_is_caught(tmp_path, monkeypatch):
    """The runner reports a failure for a module whose example is wrong."""
    (tmp_path / "standpoint_fake_doc_module.py").write_text(
        'def two():\n    """\n    >>> two()\n    3\n    """\n    return 2\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("standpoint_fake_doc_module")
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=False)
    assert results == (1, 1)
