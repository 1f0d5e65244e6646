"""A corpus of one's own: init, add (and every refusal, which changes nothing), remove; the
second test corpus built with them loads and runs through the pipeline."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from second_corpus import SOURCE, build

from standpoint.corpus import CorpusError, load_corpus
from standpoint.corpus.manage import add_document, init_corpus, remove_document


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the corpus folder and its sha256."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def second(tmp_path):
    return build(tmp_path / "german")


def test_init_writes_every_file_the_pipeline_reads(tmp_path):
    root = init_corpus(tmp_path / "mine")
    for name in ["documents.csv", "traditions.csv", "subjects.yaml", "codebook.yaml",
                 "annotations.csv", "positions.csv", "claims.csv", "evaluative_lexicon.csv",
                 "README.md"]:
        assert (root / name).is_file(), name
    assert (root / "texts").is_dir()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "thesis.tex").write_text("years of work")
    with pytest.raises(CorpusError, match="not an empty folder"):
        init_corpus(tmp_path / "x")
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["thesis.tex"]


def test_the_second_corpus_loads_with_checksums(second):
    corpus = load_corpus(second)
    assert list(corpus.documents["doc_id"]) == [
        "council-councils", "council-january", "spd-order", "spd-assembly",
        "academic-councils", "academic-january"]
    assert corpus.tradition_order == ["council", "socialdemocratic", "academic"]
    for row in corpus.documents.itertuples():
        data = (second / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256
        assert data == (SOURCE / "texts" / f"{row.doc_id}.txt").read_bytes()


REFUSALS = [
    ("not utf-8", lambda d: d / "latin1.txt", b"caf\xe9", {}, "not valid UTF-8"),
    ("empty", lambda d: d / "empty.txt", b"  \n", {}, "empty text"),
    ("missing", lambda d: d / "missing.txt", None, {}, "file not found"),
    ("duplicate text", lambda d: SOURCE / "texts" / "spd-order.txt", None, {}, "already in the corpus as 'spd-order'"),
    ("doc_id in use", lambda d: d / "new.txt", b"A new text.", {"doc_id": "spd-order"}, "doc_id 'spd-order' is already"),
    ("bad doc_id", lambda d: d / "new.txt", b"A new text.", {"doc_id": "Bad Id"}, "lower-case letters"),
    ("unknown tradition", lambda d: d / "new.txt", b"A new text.", {"tradition": "liberal"}, "unknown tradition 'liberal'"),
    ("new tradition without colour", lambda d: d / "new.txt", b"A new text.",
     {"tradition": "liberal", "new_tradition": "Liberal"}, "--colour must be #rrggbb"),
    ("empty author", lambda d: d / "new.txt", b"A new text.", {"author": " "}, "--author is empty"),
]


@pytest.mark.parametrize("name,path,data,options,message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_every_refusal_leaves_the_corpus_byte_identical(second, tmp_path, name, path, data,
                                                        options, message):
    before = snapshot(second)
    file = path(tmp_path)
    if data is not None:
        file.write_bytes(data)
    args = {"tradition": "council", "author": "A Writer", "title": "A Title", **options}
    with pytest.raises(CorpusError, match=message):
        add_document(second, file, **args)
    assert snapshot(second) == before


def test_add_then_remove_gives_the_corpus_back(second, tmp_path):
    before = snapshot(second)
    new = tmp_path / "liberal.txt"
    new.write_text("A liberal view of the councils of 1918.", encoding="utf-8")
    doc = add_document(second, new, tradition="liberal", author="Ann Lee", title="A View",
                       new_tradition="Liberal", colour="#777777")
    assert doc == "lee-a-view" and "liberal" in load_corpus(second).tradition_order
    removed = remove_document(second, doc)
    assert [p.name for p in removed] == ["lee-a-view.txt"]
    assert snapshot(second) == before


def test_remove_with_keep_file_moves_the_text_out(second):
    kept = remove_document(second, "academic-january", keep_file=True)
    assert kept == [second.parent / "academic-january.txt"] and kept[0].is_file()
    assert "academic-january" not in list(load_corpus(second).documents["doc_id"])


def test_remove_an_unknown_document_lists_the_known(second):
    before = snapshot(second)
    with pytest.raises(CorpusError, match=r"unknown document 'nope' \(known: council-councils"):
        remove_document(second, "nope")
    assert snapshot(second) == before


def test_an_interrupted_write_changes_nothing(second, tmp_path, monkeypatch):
    """A failure while the new files are staged (a full disk, an interrupt) leaves the corpus
    and its folder exactly as they were: no staged file is left behind."""
    import os

    from standpoint.corpus import manage

    before = snapshot(second)
    new = tmp_path / "x.txt"
    new.write_text("Another text.", encoding="utf-8")
    calls = {"n": 0}
    real = os.replace

    def fail_second_rename(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(manage.os, "replace", fail_second_rename)
    with pytest.raises(CorpusError):
        add_document(second, new, tradition="council", author="A B", title="C")
    monkeypatch.undo()
    assert calls["n"] == 2  # the failure came after the text was renamed in: it was undone
    assert snapshot(second) == before
    assert len(load_corpus(second).documents) == 6
