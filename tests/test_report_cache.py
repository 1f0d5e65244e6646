"""The report's cache: a build with nothing changed reuses every page (and gives the same
bytes as a full build); after one row of annotations.csv changes, only the notebook that read
the annotations runs again; ``cache=False`` runs everything."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from standpoint.corpus import default_root
from standpoint.publish.cache import ReportCache, package_fingerprint, page_key
from standpoint.publish.report import build_report

SETUP = "from standpoint import load_corpus, passages\ncorpus = load_corpus(corpus_dir)"


def notebook(path: Path, *code: str) -> None:
    params = nbformat.v4.new_code_cell("corpus_dir = None")
    params.metadata["tags"] = ["parameters"]
    cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"), params,
             nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(c) for c in code]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("STANDPOINT_CACHE", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    shutil.copytree(default_root(), corpus)
    books = tmp_path / "notebooks"
    books.mkdir()
    notebook(books / "a-documents.ipynb", "len(corpus.documents)")
    notebook(books / "b-annotations.ipynb",
             "from standpoint.corpus import load_annotations\n"
             "len(load_annotations(passages(corpus), root=corpus.root))")
    return tmp_path, corpus, books


def build(project, name: str, **kw) -> tuple[dict[str, bytes], list[str]]:
    tmp, corpus, books = project
    said: list[str] = []
    index = build_report(tmp / name, notebooks_dir=books, corpus_dir=corpus, handouts=False,
                         progress=said.append, command="standpoint report", **kw)
    files = {str(p.relative_to(index.parent)): p.read_bytes()
             for p in sorted(index.parent.rglob("*")) if p.is_file()}
    return files, [s.split("] ", 1)[1] for s in said]


def test_a_build_with_nothing_changed_reuses_every_page_and_gives_the_same_bytes(project):
    first, said = build(project, "one")
    assert said == ["executing a-documents.ipynb", "executing b-annotations.ipynb"]
    second, said = build(project, "two")
    assert said == ["reused a-documents.ipynb", "reused b-annotations.ipynb"]
    assert second == first
    full, said = build(project, "three", cache=False)
    assert said == ["executing a-documents.ipynb", "executing b-annotations.ipynb"]
    assert full == first


def test_one_changed_annotation_runs_only_the_notebook_that_reads_annotations(project):
    tmp, corpus, _ = project
    build(project, "one")
    path = corpus / "annotations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + " (edited)\n"  # the note, the last column, of one row
    path.write_text("".join(lines), encoding="utf-8")
    _, said = build(project, "two")
    assert said == ["reused a-documents.ipynb", "executing b-annotations.ipynb"]


def test_a_damaged_entry_is_a_miss_not_an_error(project):
    tmp, _, books = project
    build(project, "one")
    for entry in (tmp / "cache").rglob("*.json"):
        entry.write_text(entry.read_text(encoding="utf-8").replace("<div", "<span"),
                         encoding="utf-8")
    _, said = build(project, "two")
    assert said == ["executing a-documents.ipynb", "executing b-annotations.ipynb"]


def test_the_key_changes_with_the_notebook_and_its_parameters(tmp_path):
    path = tmp_path / "n.ipynb"
    notebook(path, "1 + 1")
    package = package_fingerprint()
    a = page_key(path, {"opposition": "x"}, False, package)
    assert a == page_key(path, {"opposition": "x"}, False, package)
    assert a != page_key(path, {"opposition": "y"}, False, package)
    assert a != page_key(path, {"opposition": "x"}, True, package)
    notebook(path, "1 + 2")
    assert a != page_key(path, {"opposition": "x"}, False, package)
    assert ReportCache(tmp_path / "c").page(a) is None


def test_handouts_are_reused_until_a_corpus_file_changes(tmp_path, monkeypatch):
    """The second build writes the same bytes without comparing anything; after one row of
    annotations.csv changes, the handouts are built again."""
    import standpoint.comparison as comparison_module
    from standpoint.comparison import shared_inputs
    from standpoint.corpus import load_corpus
    from standpoint.publish.handouts import write_handouts

    corpus = tmp_path / "corpus"
    shutil.copytree(default_root(), corpus)
    cache = ReportCache(tmp_path / "cache")

    def build(name):
        inputs = shared_inputs(load_corpus(corpus))
        paths = write_handouts(tmp_path / name, ["workers-opposition"], inputs=inputs,
                               pdf=False, cache=cache)
        return {p.name: p.read_bytes() for p in paths}

    first = build("one")
    real_compare = comparison_module.compare

    def refuse(*args, **kwargs):
        raise AssertionError("the handouts were built again")

    monkeypatch.setattr(comparison_module, "compare", refuse)
    assert build("two") == first
    path = corpus / "annotations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + " (edited)\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(AssertionError, match="built again"):
        build("three")
    monkeypatch.setattr(comparison_module, "compare", real_compare)
    assert build("four").keys() == first.keys()
