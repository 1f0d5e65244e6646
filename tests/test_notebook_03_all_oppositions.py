"""Notebook 03 runs for every opposition on which at least two traditions take a position.

nbval checks the committed notebook (the default opposition, ``workers-opposition``) against its
outputs; this file executes it with papermill for every *other* comparable opposition
(:func:`standpoint.comparison.comparable_oppositions`), in memory (no file is written), kernel
``python3``, working directory ``notebooks/``, and checks that no cell failed, that the
comparison table rendered for that opposition is exactly what the library renders.

The runs are sequential: papermill's ``cwd`` changes the working directory of the whole test
process, so runs in parallel threads would leave it pointing at ``notebooks/`` for other tests.
"""

from __future__ import annotations

import html

import os
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOK = NOTEBOOKS / "03-compare-opposition.ipynb"
DEFAULT = "workers-opposition"


def _execute(opposition: str):
    import papermill as pm

    return pm.execute_notebook(str(NOTEBOOK), None, parameters={"opposition": opposition},
                               kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False,
                               log_output=False)


@pytest.fixture(scope="module")
def inputs():
    from standpoint.comparison import shared_inputs

    return shared_inputs()


@pytest.fixture(scope="module")
def comparable(inputs):
    from standpoint.comparison import comparable_oppositions

    return comparable_oppositions(**inputs)


class _Run:
    """The executed notebook for one opposition, run on first use (an exception re-raises in
    the test that asks for it, not in the others)."""

    def __init__(self, opposition: str):
        self.opposition = opposition

    def result(self):
        if not hasattr(self, "_outcome"):
            here = os.getcwd()
            try:
                self._outcome = (_execute(self.opposition), None)
            except Exception as exc:  # noqa: BLE001 - re-raised below, in its own test
                self._outcome = (None, exc)
            finally:
                os.chdir(here)
        notebook, error = self._outcome
        if error is not None:
            raise error
        return notebook


@pytest.fixture(scope="module")
def runs(comparable):
    """opposition -> its run (executed sequentially, on first use)."""
    return {o: _Run(o) for o in comparable if o != DEFAULT}


def _texts(nb) -> str:
    """Every text an output of the notebook shows (streams, plain text and HTML, its entities
    read as the characters they stand for)."""
    import html

    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            for key in ("text/plain", "text/html"):
                parts.append(out.get("data", {}).get(key, ""))
    return html.unescape("\n".join(parts))


def _registry_ids() -> list[str]:
    from standpoint.corpus import load_oppositions

    return list(load_oppositions()["opposition"])


def test_the_notebook_has_a_tagged_parameters_cell_with_the_default():
    """papermill needs the tag; nbval runs the default; the first code cell (the imports, before
    the parameters) sets up figures."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].source.splitlines()[0] == f'opposition = "{DEFAULT}"'
    assert tagged[0].source.splitlines()[1].startswith("corpus_dir = None")  # another corpus
    assert code[0].source.startswith("%matplotlib inline") and code[1] is tagged[0]


def test_the_default_and_the_left_opposition_are_comparable(comparable):
    """The two oppositions named in the definition of done are among those the notebook serves."""
    assert DEFAULT in comparable and "left-opposition" in comparable
    assert len(comparable) >= 3


@pytest.mark.parametrize("opposition", _registry_ids())
def test_notebook_03_runs_for_every_comparable_opposition(opposition, comparable, runs, inputs):
    """No cell fails; the comparison table is rendered for that opposition, with every
    tradition's verdict as compare() gives it."""
    if opposition == DEFAULT:
        pytest.skip("the default opposition is the committed notebook, checked by nbval")
    if opposition not in comparable:
        pytest.skip(f"{opposition}: fewer than two traditions write about it (not comparable)")
    from standpoint.comparison import compare

    nb = runs[opposition].result()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    comparison = compare(opposition, **inputs)
    text = _texts(nb)
    assert f"{comparison.title}: how each tradition judges it" in text  # the table's caption
    assert f'id="comparison-{opposition}"' in text  # the comparison table itself
    from standpoint.render.comparison import to_html

    assert html.unescape(to_html(comparison)) in text  # exactly what the library renders
