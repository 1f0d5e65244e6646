"""A corpus of one's own from the command line: ``init``, ``add``, ``remove``, and ``--corpus``
(or ``STANDPOINT_CORPUS``) on the commands that read it, tried on the second test corpus (the
German Revolution, tests/data/second_corpus)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from second_corpus import SOURCE

from standpoint import cli
from standpoint.corpus import load_corpus


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def add_all(capsys, root: Path) -> list[str]:
    """``standpoint add`` every text of the second corpus's manifest; returns the doc ids."""
    names = {r["tradition"]: r for r in csv.DictReader(
        (SOURCE / "traditions.csv").open(encoding="utf-8"))}
    seen, ids = set(), []
    for row in csv.DictReader((SOURCE / "manifest.csv").open(encoding="utf-8")):
        t = row["tradition"]
        new = [] if t in seen else ["--new-tradition", names[t]["name"],
                                    "--colour", names[t]["colour"]]
        seen.add(t)
        code, out, err = run(capsys, "add", str(SOURCE / row["file"]), "--corpus", str(root),
                             "--tradition", t, "--author", row["author"], "--title",
                             row["title"], "--year", row["year"], "--venue", row["venue"],
                             "--doc-id", row["doc_id"], *new)
        assert (code, err) == (0, ""), err
        ids.append(out.strip())
    return ids


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    """The second corpus, made with ``init`` and ``add`` (module scope: built once)."""
    import contextlib
    import io

    root = tmp_path_factory.mktemp("german") / "corpus"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert cli.main(["init", str(root)]) == 0
    assert out.getvalue() == f"{root}\n" and "standpoint add" in err.getvalue()
    (root / "subjects.yaml").write_text((SOURCE / "subjects.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    return root


def test_init_and_add_make_a_corpus_that_loads_with_checksums(german, capsys):
    ids = add_all(capsys, german)
    assert ids == ["council-councils", "council-january", "spd-order", "spd-assembly",
                   "academic-councils", "academic-january"]
    corpus = load_corpus(german)
    assert corpus.tradition_order == ["council", "socialdemocratic", "academic"]
    for row in corpus.documents.itertuples():
        assert (german / row.file).read_bytes() == (SOURCE / "texts" / f"{row.doc_id}.txt").read_bytes()


@pytest.mark.parametrize("argv,fragment", [
    (["--tradition", "council", "--author", "X", "--title", "Again"], "already in the corpus"),
    (["--tradition", "nobody", "--author", "X", "--title", "T"], "unknown tradition 'nobody'"),
    (["--tradition", "council", "--author", "X", "--title", "T", "--doc-id", "Bad Id"],
     "lower-case letters"),
    (["--tradition", "new", "--author", "X", "--title", "T", "--new-tradition", "New",
      "--colour", "red"], "--colour must be #rrggbb"),
])
def test_add_refusals_are_one_line_and_change_nothing(german, capsys, argv, fragment):
    if not (german / "documents.csv").read_text(encoding="utf-8").count("\n") > 1:
        add_all(capsys, german)
    before = snapshot(german)
    text = SOURCE / "texts" / "council-councils.txt"
    if "already" not in fragment:  # a text not yet in the corpus, so the check made is the one named
        text = german.parent / "new.txt"
        text.write_text("A text not yet in the corpus.", encoding="utf-8")
    code, out, err = run(capsys, "add", str(text), "--corpus", str(german), *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err, err
    assert snapshot(german) == before


def test_init_refuses_a_folder_in_use(tmp_path, capsys):
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "ch1.tex").write_text("keep")
    code, out, err = run(capsys, "init", str(tmp_path / "thesis"))
    assert code == 2 and out == "" and "not an empty folder" in err and err.count("\n") == 1
    assert (tmp_path / "thesis" / "ch1.tex").read_text() == "keep"


def test_remove_says_what_it_removes_and_keep_file_keeps_it(tmp_path, capsys):
    root = tmp_path / "c"
    assert run(capsys, "init", str(root))[0] == 0
    text = tmp_path / "essay.txt"
    text.write_text("The councils were the revolution.", encoding="utf-8")
    code, out, _ = run(capsys, "add", str(text), "--corpus", str(root), "--tradition", "x",
                       "--author", "A Writer", "--title", "Essay", "--new-tradition", "X",
                       "--colour", "#123456")
    assert code == 0 and out == "writer-essay\n"
    code, out, err = run(capsys, "remove", "writer-essay", "--corpus", str(root), "--keep-file")
    assert code == 0 and out == f"{tmp_path / 'writer-essay.txt'}\n" and "kept" in err
    assert (tmp_path / "writer-essay.txt").read_text(encoding="utf-8") == text.read_text()
    assert list(load_corpus(root).documents["doc_id"]) == []  # an empty corpus loads
    code, out, err = run(capsys, "tag", str(text), "--corpus", str(root))
    assert code == 2 and out == "" and "needs two or more" in err and err.count("\n") == 1
    code, out, err = run(capsys, "remove", "writer-essay", "--corpus", str(root))
    assert code == 2 and "unknown document 'writer-essay'" in err


def test_the_environment_variable_names_the_corpus_and_the_option_wins(german, capsys,
                                                                      monkeypatch, tmp_path):
    if len(load_corpus(german).documents) == 0:
        add_all(capsys, german)
    monkeypatch.setenv("STANDPOINT_CORPUS", str(german))
    code, out, _ = run(capsys, "corpus", "--format", "csv")
    assert code == 0 and "council-councils" in out and "icc" not in out
    code, out, _ = run(capsys, "corpus", "--format", "csv", "--corpus", "corpus")
    assert code == 0 and "icc-communist-left-1" in out
    monkeypatch.setenv("STANDPOINT_CORPUS", str(tmp_path / "nowhere"))
    code, out, err = run(capsys, "corpus")
    assert code == 2 and out == "" and err.count("\n") == 1 and "nowhere" in err


def test_every_reading_command_works_on_the_second_corpus(german, capsys):
    if len(load_corpus(german).documents) == 0:
        add_all(capsys, german)
    c = ["--corpus", str(german)]
    code, out, _ = run(capsys, "passages", *c, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["doc_id"] for r in rows} == set(load_corpus(german).texts)
    assert any("councils" in r["topics"] for r in rows)  # subjects from subjects.yaml
    code, out, _ = run(capsys, "compare", "councils", *c, "--format", "json")
    comparison = json.loads(out)
    assert code == 0 and [r["tradition"] for r in comparison] == [
        "council", "socialdemocratic", "academic"]
    # no position statements and no codes yet: the verdict says so, it is not invented
    assert {r["verdict"] for r in comparison if r["passages"]} == {"uncoded"}
    code, out, _ = run(capsys, "kwic", "councils", *c, "--tradition", "council", "--format", "csv")
    assert code == 0 and out.count("council-") >= 3
    code, out, err = run(capsys, "compare", "workers-opposition", *c)
    assert code == 2 and "unknown" in err and "councils" in err


def test_tag_trains_on_the_corpus_it_is_given(german, capsys, monkeypatch, tmp_path):
    if len(load_corpus(german).documents) == 0:
        add_all(capsys, german)
    text = tmp_path / "t.txt"
    text.write_text("The councils were the organs the class made for itself.\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "tag", str(text), "--corpus", str(german), "--format", "json")
    row = json.loads(out)[0]
    assert code == 0 and {"p_council", "p_socialdemocratic", "p_academic"} <= set(row)
    assert row["tradition"] in {"council", "socialdemocratic", "academic", "uncertain"}


def test_a_handout_of_an_uncoded_subject_invents_no_agreement(german, capsys, tmp_path):
    """With no positions and no codes, nothing is 'agreed' and no question is built on it."""
    if len(load_corpus(german).documents) == 0:
        add_all(capsys, german)
    code, out, err = run(capsys, "handout", "councils", "--corpus", str(german), "--no-pdf",
                         "--out", str(tmp_path / "h"))
    assert code == 0, err
    page = (tmp_path / "h" / "councils.html").read_text(encoding="utf-8")
    assert "uncoded the" not in page and "both uncoded" not in page
    assert "No verdict or theme on which two traditions judge the group alike" in page


SIXTH = Path(__file__).resolve().parent / "data" / "sixth_document" / "anarchist-pamphlet.txt"


def test_a_sixth_document_changes_the_evaluation_and_the_comparison(tmp_path, capsys):
    """Issue 12: a second anarchist text (written for the tests) added to a copy of the
    project's corpus gives the tagger's evaluation one more fold (the anarchist folds become
    closed: the tradition keeps a document in training) and the comparison more anarchist
    passages about the Workers' Opposition, with no code change."""
    import shutil

    from standpoint.corpus import default_root

    root = tmp_path / "corpus"
    shutil.copytree(default_root(), root)
    code, before, _ = run(capsys, "compare", "workers-opposition", "--corpus", str(root),
                          "--format", "json")
    assert code == 0
    code, out, err = run(capsys, "add", str(SIXTH), "--corpus", str(root), "--tradition",
                         "anarchist", "--author", "A. Tester", "--title", "The Workers' "
                         "Opposition and the Question of Power", "--year", "2026")
    assert code == 0, err
    doc_id = out.strip()
    code, after, _ = run(capsys, "compare", "workers-opposition", "--corpus", str(root),
                         "--format", "json")
    passages = {r["tradition"]: r["passages"] for r in json.loads(after)}
    previous = {r["tradition"]: r["passages"] for r in json.loads(before)}
    assert passages["anarchist"] > previous["anarchist"]
    assert {t: n for t, n in passages.items() if t != "anarchist"} == {
        t: n for t, n in previous.items() if t != "anarchist"}
    code, out, err = run(capsys, "evaluate", "--corpus", str(root), "--format", "json")
    assert code == 0, err
    folds = {f["fold"]: f["kind"] for f in json.loads(out)["open_set"]["folds"]}
    assert folds[doc_id] == "closed" and folds["afaq-oppositions"] == "closed"
    assert "icc-communist-left-1" in folds and len(folds) == 8  # 5 documents + 1 + Cliff/Harman


def test_the_tagger_is_evaluated_on_the_second_corpus(german, capsys):
    """Every tradition of the second corpus has two documents: six closed folds, each
    leaving one document out, with recognition paired with false attribution."""
    if len(load_corpus(german).documents) == 0:
        add_all(capsys, german)
    code, out, err = run(capsys, "evaluate", "--corpus", str(german), "--format", "json")
    assert code == 0, err
    folds = json.loads(out)["open_set"]["folds"]
    assert sorted(f["fold"] for f in folds) == sorted(load_corpus(german).texts)
    assert {f["kind"] for f in folds} == {"closed"}
    for f in folds:
        assert 0 <= f["recognised"] <= 1 and 0 <= f["false_attribution"] <= 1
        assert f["recognised"] + f["false_attribution"] + f["uncertain"] == pytest.approx(1, abs=0.01)


def test_the_learning_curve_on_the_second_corpus(german, capsys):
    """Issue 11, item 5: with two documents per tradition, one training document each: every
    document is held out closed (its tradition keeps one other) and open (its tradition
    absent); the figures are shares and the open tests say how often an absent tradition is
    still given a verdict."""
    from standpoint import passages
    from standpoint.tagger import subjects_of
    from standpoint.tagger.learning import SUMMARY_COLUMNS, learning_curve

    if len(load_corpus(german).documents) == 0:
        add_all(capsys, german)
    corpus = load_corpus(german)
    curve = learning_curve(passages(corpus), sizes=[1], subjects=subjects_of(corpus))
    assert list(curve.columns) == SUMMARY_COLUMNS and list(curve["n_documents"]) == [1]
    row = curve.iloc[0]
    assert row["closed_tests"] == 6 and row["open_tests"] == 6
    for key in ("recognised", "false_attribution", "uncertain"):
        assert 0 <= row[key] <= 1
