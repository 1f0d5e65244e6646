"""The ``standpoint`` command line (standpoint.cli) and the report builder (standpoint.report).

Commands that train the tagger run on ``small_corpus``: a copy of the real corpus with
every text cut to its first ~15,000 characters (checksums updated), passed with the hidden
``--corpus`` option. The real tagger and the real evaluation then take about a second
instead of a minute, so each command can be run end to end, subprocesses included.
"""

from __future__ import annotations

import re
import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from standpoint import cli
from standpoint.corpus import default_root, load_corpus
from standpoint.segment import PASSAGE_COLUMNS, VOICES, passages, split_text

STANDPOINT = Path(sys.executable).with_name("standpoint")  # the installed console script
P_COLUMNS = ["p_icc", "p_trotskyist", "p_anarchist", "p_academic"]  # traditions.csv order
TAG_COLUMNS = ["id", "tradition", *P_COLUMNS, "voice", "reason", "margin", "familiarity"]

ESSAY = (
    "The left communists understood that the degeneration of the party was bound up with "
    "the isolation of the revolution, and the fractions fought it from within.\n\n"
    "\u201cThe emancipation of the workers must be the act of the workers themselves,\u201d "
    "as the old statute put it.\n\n"
    "The Workers' Opposition called for the unions to manage production, and Lenin "
    "denounced it as a syndicalist deviation at the Tenth Congress.\n"
)


# ---------------------------------------------------------------------- helpers ----
def cut_corpus(src: Path, dst: Path, chars: int = 15_000) -> Path:
    """Copy the corpus at ``src`` to ``dst`` with every text cut after the paragraph that
    crosses ``chars`` characters, and the registry's checksums updated."""
    shutil.copytree(src, dst)
    registry = dst / "documents.csv"
    with registry.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        path = dst / row["file"]
        text = path.read_text(encoding="utf-8")
        cut = text.find("\n\n", chars)
        path.write_text(text[:cut] + "\n" if cut > 0 else text, encoding="utf-8")
        row["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    with registry.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return dst


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``main(argv)`` in-process: (exit code, stdout, stderr); SystemExit counts too."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def assert_one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2, err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


def subprocess_run(*argv: str, stdin: bytes | None = None, module: str | None = None):
    command = [sys.executable, "-m", module, *argv] if module else [str(STANDPOINT), *argv]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=300)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    return cut_corpus(default_root(), tmp_path_factory.mktemp("corpus") / "corpus")


@pytest.fixture(scope="session")
def small_tagger(small_corpus):
    """The real tagger, fitted once on the small corpus (what ``tag --corpus`` fits)."""
    from standpoint.tagger import fit_corpus_tagger

    return fit_corpus_tagger(load_corpus(small_corpus))


@pytest.fixture
def shared_tagger(monkeypatch, small_tagger):
    """Make ``tag`` reuse the session's fitted tagger instead of fitting (or reading) its own."""
    monkeypatch.setattr("standpoint.tagger.corpus_tagger",
                        lambda corpus, **kwargs: small_tagger.fitted_)
    return small_tagger


@pytest.fixture(autouse=True)
def private_cache(monkeypatch, tmp_path_factory):
    """The model cache of ``tag`` goes to a folder of the test session, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture
def essay(tmp_path) -> Path:
    path = tmp_path / "essay.txt"
    path.write_text(ESSAY, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the parser ----
def test_help_is_fast_and_lists_every_command():
    """``standpoint --help`` works from the installed script and names each command."""
    result = subprocess_run("--help")
    assert result.returncode == 0
    for command in ["corpus", "passages", "tag", "evaluate", "report", "compare", "kwic",
                    "handout", "init", "add", "remove"]:
        assert command in result.stdout.decode()
    assert "--corpus DIR" in result.stdout.decode()  # every command reads another corpus
    assert "STANDPOINT_CORPUS" in result.stdout.decode()


def test_importing_the_cli_does_not_import_pandas_or_sklearn():
    code = "import sys, standpoint.cli; print(sorted({'pandas', 'sklearn', 'nbclient'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.parametrize("module", ["standpoint", "standpoint.cli"])
def test_python_dash_m_runs_the_command_line(module):
    result = subprocess_run("--version", module=module)
    assert result.returncode == 0
    assert result.stdout.decode().startswith("standpoint ")


@pytest.mark.parametrize("argv, fragment", [
    ([], "COMMAND"),
    (["frobnicate"], "frobnicate"),
    (["passages", "--format", "xml"], "'table', 'csv', 'json', 'jsonl'"),
    (["corpus", "--format", "yaml"], "yaml"),
    (["evaluate", "--format", "csv"], "'csv'"),
    (["passages", "--voice", "shouting"], "shouting"),
    (["passages", "--no-such-flag"], "--no-such-flag"),
    (["tag", "a.txt", "b.txt"], "b.txt"),
])
def test_usage_errors_are_one_line_with_exit_code_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, out, err, fragment, "--help")


def test_voice_choices_match_the_segmenter():
    assert cli.VOICES == VOICES


# ----------------------------------------------------------- corpus and passages ----
def test_corpus_lists_every_document_with_its_file(capsys, corpus):
    code, out, _ = run(capsys, "corpus", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["doc_id"] for r in rows] == corpus.documents["doc_id"].tolist()
    assert [r["file"] for r in rows] == corpus.documents["file"].tolist()
    assert list(rows[0]) == corpus.documents.columns.tolist()


def test_corpus_table_is_the_default_format(capsys, corpus):
    code, out, _ = run(capsys, "corpus")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[:2] == ["doc_id", "tradition"]
    assert len(lines) == len(corpus.documents) + 1
    for line, doc_id in zip(lines[1:], corpus.documents["doc_id"]):
        assert line.startswith(doc_id + " ")


def test_passages_json_has_every_column_and_every_passage(capsys, passages):
    code, out, _ = run(capsys, "passages", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == len(passages)
    assert list(rows[0]) == PASSAGE_COLUMNS + ["topics"]  # topics: last, after every column
    assert [r["passage_id"] for r in rows] == passages["passage_id"].tolist()
    assert [r["text"] for r in rows] == passages["text"].tolist()  # full, not shortened
    assert [r["start"] for r in rows] == passages["start"].tolist()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_passages_csv_and_jsonl_round_trip(capsys, passages, fmt):
    code, out, _ = run(capsys, "passages", "--format", fmt)
    assert code == 0
    if fmt == "csv":
        back = pd.read_csv(io.StringIO(out), keep_default_na=False)
    else:
        back = pd.DataFrame([json.loads(line) for line in out.splitlines()])
    assert back.columns.tolist() == PASSAGE_COLUMNS + ["topics"]
    assert back["text"].tolist() == passages["text"].tolist()
    assert back["end"].tolist() == passages["end"].tolist()


def test_passages_table_shortens_text_but_keeps_one_line_per_passage(capsys, passages):
    code, out, _ = run(capsys, "passages")
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == len(passages) + 1
    longest = passages.loc[passages["text"].str.len().idxmax(), "text"]
    assert longest not in out and longest[:40] in out
    assert "…" in out


@pytest.mark.parametrize("doc, voice", [
    ("afaq-oppositions", None), (None, "quotation"), ("icc-fractions-1922-23", "note"),
])
def test_passages_filters(capsys, passages, doc, voice):
    argv = ["passages", "--format", "jsonl"]
    expected = passages
    if doc:
        argv += ["--doc", doc]
        expected = expected[expected["doc_id"] == doc]
    if voice:
        argv += ["--voice", voice]
        expected = expected[expected["voice"] == voice]
    code, out, _ = run(capsys, *argv)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert len(expected) > 0  # the filter is exercised, not vacuous
    assert [r["passage_id"] for r in rows] == expected["passage_id"].tolist()


def test_passages_unknown_document_is_a_one_line_error(capsys):
    code, out, err = run(capsys, "passages", "--doc", "nosuch-doc")
    assert_one_line_error(code, out, err, "nosuch-doc", "afaq-oppositions")


def test_output_is_byte_identical_between_runs(capsys):
    first = run(capsys, "passages", "--format", "csv")
    second = run(capsys, "passages", "--format", "csv")
    assert first[0] == 0 and first[1].encode() == second[1].encode()


# ----------------------------------------------------------------------- corpus errors ----
def test_a_changed_text_in_the_corpus_is_a_one_line_error(capsys, tmp_path):
    root = shutil.copytree(default_root(), tmp_path / "corpus")
    text = root / "texts" / "gaido-review.txt"
    text.write_bytes(text.read_bytes() + b"\nAn extra sentence.\n")
    for argv in (["passages"], ["corpus", "--format", "csv"]):
        code, out, err = run(capsys, "--corpus", str(root), *argv)
        assert_one_line_error(code, out, err, "gaido-review.txt", "checksum")


def test_the_corpus_option_also_works_after_the_command(capsys, tmp_path):
    code, out, err = run(capsys, "corpus", "--corpus", str(tmp_path / "nowhere"))
    assert_one_line_error(code, out, err, "nowhere")


# ---------------------------------------------------------------------------- tag ----
def test_tag_plain_text(capsys, essay, small_corpus, shared_tagger):
    code, out, err = run(capsys, "--corpus", str(small_corpus), "tag", str(essay),
                         "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    expected = split_text(ESSAY, doc_id="essay")
    assert len(expected) == 3
    assert [list(r) for r in rows] == [TAG_COLUMNS] * 3
    assert [r["id"] for r in rows] == ["essay:001", "essay:002", "essay:003"]
    assert [r["voice"] for r in rows] == expected["voice"].tolist() == ["author", "quotation", "author"]
    fitted = shared_tagger.fitted_
    for r in rows:
        probs = {c[2:]: r[c] for c in P_COLUMNS}
        assert sum(probs.values()) == pytest.approx(1, abs=1e-3)
        best = max(probs, key=probs.get)
        assert r["reason"] in ("", "low_confidence", "unfamiliar")
        assert r["tradition"] == (best if r["reason"] == "" else "uncertain")
        if r["reason"] == "":
            assert r["margin"] >= fitted.threshold and r["familiarity"] >= fitted.familiarity_threshold
        elif r["reason"] == "low_confidence":
            assert r["margin"] < fitted.threshold


def test_tag_agrees_with_the_tagger_api(capsys, essay, small_corpus, small_tagger):
    """The command (fitting its own tagger on --corpus) prints what tag_passages computes."""
    from standpoint.tagger import tag_passages

    code, out, _ = run(capsys, "--corpus", str(small_corpus), "tag", str(essay), "--format", "csv")
    printed = pd.read_csv(io.StringIO(out))
    direct = tag_passages(small_tagger, split_text(ESSAY, doc_id="essay"))
    assert code == 0
    assert printed["id"].tolist() == direct["id"].tolist()
    assert printed["tradition"].tolist() == direct["tradition"].tolist()
    for column in P_COLUMNS:
        assert printed[column].tolist() == pytest.approx(direct[column].tolist(), abs=1e-9)
    assert printed["reason"].fillna("").tolist() == direct["reason"].tolist()


def test_tag_reads_stdin_as_document_stdin(capsys, monkeypatch, small_corpus, shared_tagger):
    feed_stdin(monkeypatch, ESSAY.encode())
    code, out, _ = run(capsys, "--corpus", str(small_corpus), "tag", "-", "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        "stdin:001", "stdin:002", "stdin:003"]


def test_tag_jsonl_tags_each_line_as_one_passage(capsys, monkeypatch, small_corpus, shared_tagger):
    lines = [
        json.dumps({"id": "para", "text": ESSAY}),  # three paragraphs, still ONE passage
        "",
        json.dumps({"text": "\u201cAll power to the soviets!\u201d"}),
        "   ",
        json.dumps({"id": 7, "text": "The Democratic Centralists wanted collegial management.",
                    "source": "ignored"}),
    ]
    feed_stdin(monkeypatch, "\n".join(lines).encode())
    code, out, err = run(capsys, "--corpus", str(small_corpus), "tag", "--jsonl", "-",
                         "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["para", "line-3", "7"]
    assert [r["voice"] for r in rows] == ["author", "quotation", "author"]
    assert [list(r) for r in rows] == [TAG_COLUMNS] * 3


def test_tag_formats_agree(capsys, essay, small_corpus, shared_tagger):
    outputs = {fmt: run(capsys, "--corpus", str(small_corpus), "tag", str(essay), "--format", fmt)
               for fmt in ["table", "csv", "json", "jsonl"]}
    assert {code for code, _, _ in outputs.values()} == {0}
    from_json = json.loads(outputs["json"][1])
    assert [json.loads(line) for line in outputs["jsonl"][1].splitlines()] == from_json
    from_csv = pd.read_csv(io.StringIO(outputs["csv"][1]))
    assert from_csv["p_icc"].round(4).tolist() == [r["p_icc"] for r in from_json]
    table, note = outputs["table"][1].split("\n\n")
    table = table.splitlines()
    assert table[0].split() == TAG_COLUMNS
    assert [line.split()[0] for line in table[1:]] == [r["id"] for r in from_json]
    assert note.startswith("# ") and "uncertain: low_confidence" in note  # what a verdict means
    assert "# " not in outputs["csv"][1] and "# " not in outputs["json"][1]


def test_tag_with_no_file_and_a_terminal_on_stdin_is_an_error(capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    code, out, err = run(capsys, "tag")
    assert_one_line_error(code, out, err, "no input")


# ------------------------------------------------------------------ tag: bad input ----
def _bad_inputs(tmp: Path) -> list[tuple[list[str], bytes | None, list[str]]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_bytes(b"  \n\n\t\n")
    (tmp / "latin1.txt").write_bytes("Révolution trahie".encode("latin-1"))
    (tmp / "furniture.txt").write_bytes(b"Printer-friendly version\n")
    return [
        (["tag", str(tmp / "missing.txt")], None, ["missing.txt", "not found"]),
        (["tag", str(tmp)], None, [str(tmp), "folder"]),
        (["tag", str(tmp / "empty.txt")], None, ["empty.txt", "empty"]),
        (["tag", str(tmp / "blank.txt")], None, ["blank.txt", "empty"]),
        (["tag", str(tmp / "latin1.txt")], None, ["latin1.txt", "UTF-8", "byte 1"]),
        (["tag", str(tmp / "furniture.txt")], None, ["furniture.txt", "no passages"]),
        (["tag", "-"], b"", ["stdin", "empty"]),
        (["tag", "-"], b"\xff\xfe bad", ["stdin", "UTF-8"]),
        (["tag", "--jsonl", "-"], b'{"text": "ok"}\n\n{"text": "unterminated\n', ["line 3", "invalid JSON"]),
        (["tag", "--jsonl", "-"], b'{"text": "ok"}\n{"id": "x"}\n', ["line 2", "text"]),
        (["tag", "--jsonl", "-"], b'{"text": 42}\n', ["line 1", "text"]),
        (["tag", "--jsonl", "-"], b'{"text": "  "}\n', ["line 1", "empty"]),
        (["tag", "--jsonl", "-"], b'["text", "a list"]\n', ["line 1", "object"]),
        (["tag", "--jsonl", "-"], b'{"text": "ok", "id": [1]}\n', ["line 1", "id"]),
        (["tag", "--jsonl", "-"], b"\n \n", ["stdin", "empty"]),
        (["tag", "--jsonl", "-"], b'{"text": "caf\xe9"}\n', ["stdin", "UTF-8"]),
    ]


BAD_INPUT_IDS = ["missing", "folder", "empty", "blank", "latin1", "furniture", "stdin-empty",
                 "stdin-binary", "jsonl-invalid", "jsonl-no-text", "jsonl-text-number",
                 "jsonl-text-blank", "jsonl-list", "jsonl-bad-id", "jsonl-blank", "jsonl-latin1"]


@pytest.mark.parametrize("case", range(len(BAD_INPUT_IDS)), ids=BAD_INPUT_IDS)
def test_bad_input_is_one_line_on_stderr_with_exit_code_2(capsys, monkeypatch, tmp_path, case):
    """Input is checked before the tagger is trained, so each of these is immediate."""
    argv, stdin, fragments = _bad_inputs(tmp_path)[case]
    monkeypatch.setattr("standpoint.tagger.corpus_tagger",
                        lambda corpus, **kw: pytest.fail("the tagger was trained on bad input"))
    feed_stdin(monkeypatch, stdin or b"")
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, out, err, *fragments)


def test_tag_with_a_broken_corpus_is_a_one_line_error(capsys, tmp_path, essay):
    root = shutil.copytree(default_root(), tmp_path / "corpus")
    (root / "texts" / "harman-revolution-lost.txt").write_text("Rewritten.", encoding="utf-8")
    code, out, err = run(capsys, "--corpus", str(root), "tag", str(essay))
    assert_one_line_error(code, out, err, "harman-revolution-lost.txt")


# -------------------------------------------------------------------------- evaluate ----
@pytest.fixture(scope="module")
def small_report(small_corpus):
    from standpoint.tagger import subjects_of
    from standpoint.tagger.evaluation import evaluate

    corpus = load_corpus(small_corpus)
    return evaluate(passages(corpus), subjects=subjects_of(corpus))


def test_evaluate_table_is_the_evaluation_report(capsys, monkeypatch, small_corpus, small_report):
    from standpoint.tagger.text_report import format_report

    seen = []
    monkeypatch.setattr("standpoint.tagger.evaluation.evaluate",
                        lambda df, subjects: seen.append(subjects) or small_report)
    code, out, _ = run(capsys, "--corpus", str(small_corpus), "evaluate")
    assert code == 0
    assert out == format_report(small_report)
    assert len(seen) == 1 and "Workers' Opposition" in seen[0]  # the corpus's subjects deleted
    assert out.startswith("Tradition tagger: held-out evaluation")


def test_evaluate_json(capsys, monkeypatch, small_corpus, small_report):
    seen = []
    monkeypatch.setattr("standpoint.tagger.evaluation.evaluate",
                        lambda df, subjects: seen.append(len(df)) or small_report)
    code, out, _ = run(capsys, "--corpus", str(small_corpus), "evaluate", "--format", "json")
    assert seen == [len(passages(load_corpus(small_corpus)))]
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["model", "operating_point", "open_set", "no_abstention", "baselines",
                          "comparison", "optimistic"]
    assert set(data["open_set"]) == {"folds", "pooled", "summary", "thresholds", "curve"}
    folds = small_report.open_set["folds"]
    assert [r["fold"] for r in data["open_set"]["folds"]] == folds["fold"].tolist()
    for row, (_, expected) in zip(data["open_set"]["folds"], folds.iterrows()):
        for key in ("recognised", "false_attribution", "uncertain"):
            want = expected[key]
            assert row[key] == (None if want != want else round(want, 4))
    assert set(data["baselines"]) == {"tfidf-logreg", "counts-complementnb"}
    for figures in data["baselines"].values():
        assert [r["fold"] for r in figures["folds"]] == folds["fold"].tolist()  # the same folds
    assert data["open_set"]["summary"]["false_attribution"] == round(
        small_report.open_set["summary"]["false_attribution"], 4)
    assert {r["scheme"] for r in data["optimistic"]} == {"random-folds", "contiguous-blocks"}


# ----------------------------------------------------------------------- subprocesses ----
def test_installed_script_tags_json_lines_end_to_end(small_corpus):
    stdin = b'{"id": "q", "text": "\xe2\x80\x9cAll power to the soviets!\xe2\x80\x9d"}\n' \
            b'{"text": "The fractions fought the degeneration of the party."}\n'
    result = subprocess_run("--corpus", str(small_corpus), "tag", "--jsonl", "-",
                            "--format", "jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [(r["id"], r["voice"]) for r in rows] == [("q", "quotation"), ("line-2", "author")]


def test_installed_script_bad_input_has_no_traceback(tmp_path):
    result = subprocess_run("tag", "--jsonl", "-", stdin=b'{"text": "a"}\nnot json\n')
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().count("\n") == 1 and b"line 2" in result.stderr


def test_a_closed_pipe_ends_quietly():
    """``standpoint passages | head`` : no BrokenPipeError message, exit code of SIGPIPE."""
    proc = subprocess.Popen([str(STANDPOINT), "passages", "--format", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader goes away before the output is written
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == cli.EXIT_PIPE
    assert err == b""


# ---------------------------------------------------------------------------- report ----
def make_notebook(path: Path, *code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Notebook {path.stem}\n\nA tiny test notebook.")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in code]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # fixed ids: deterministic files
    nbformat.write(nb, path)
    return path


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def notebooks(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    make_notebook(folder / "01-tiny.ipynb",
                  "probe_value_xyz = 1 + 1\nprint('sum:', probe_value_xyz)",
                  "from pathlib import Path\nprint('cwd:', Path.cwd().name)")
    return folder


def test_report_builds_html_and_index(notebooks, tmp_path):
    from standpoint.publish.report import build_report

    before = folder_state(notebooks)
    messages: list[str] = []
    index = build_report(tmp_path / "out", notebooks_dir=notebooks, progress=messages.append,
                         cache=False)
    assert index == tmp_path / "out" / "index.html"
    assert messages == ["[1/1] executing 01-tiny.ipynb"]
    assert sorted(p.name for p in index.parent.iterdir()) == ["01-tiny.html", "index.html"]
    page = (tmp_path / "out" / "01-tiny.html").read_text(encoding="utf-8")
    assert "sum: 2" in page  # executed
    assert "cwd: notebooks" in page  # run from the notebooks folder
    assert "probe_value_xyz = 1" not in page  # code hidden by default
    assert 'href="01-tiny.html"' in index.read_text(encoding="utf-8")
    assert "Notebook 01-tiny" in index.read_text(encoding="utf-8")
    assert folder_state(notebooks) == before  # committed notebooks untouched, nothing added

    again = build_report(tmp_path / "again", notebooks_dir=notebooks)
    assert folder_state(again.parent) == folder_state(index.parent)  # byte-identical


def test_report_command_shows_code_and_prints_the_index(capsys, notebooks, tmp_path):
    out_dir = tmp_path / "with-code"
    code, out, err = run(capsys, "report", "--out", str(out_dir), "--show-code",
                         "--notebooks", str(notebooks), "--no-cache")
    assert code == 0, err
    assert out == f"{out_dir / 'index.html'}\n"
    assert "[1/1] executing 01-tiny.ipynb" in err
    page = (out_dir / "01-tiny.html").read_text(encoding="utf-8")
    assert "probe_value_xyz" in page and "sum: 2" in page


def test_a_failing_notebook_names_the_cell_and_keeps_the_partial_run(capsys, notebooks, tmp_path):
    bad = make_notebook(notebooks / "02-bad.ipynb", "print('before the failure')",
                        "raise ValueError('deliberate failure')", "print('never')")
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "report", "--out", str(out_dir), "--notebooks", str(notebooks),
                         "--no-cache")
    assert code == 1
    assert out == ""
    last = err.splitlines()[-1]
    assert err.splitlines()[:2] == ["[1/2] executing 01-tiny.ipynb", "[2/2] executing 02-bad.ipynb"]
    assert len(err.splitlines()) == 3 and "Traceback" not in err
    assert "02-bad.ipynb" in last and "cell 3" in last  # markdown is cell 1
    assert "ValueError: deliberate failure" in last
    partial = nbformat.read(out_dir / "02-bad.failed.ipynb", as_version=4)
    assert partial.cells[1].outputs[0]["text"] == "before the failure\n"
    assert partial.cells[2].outputs[0]["ename"] == "ValueError"
    assert partial.cells[3].outputs == []
    assert not (out_dir / "01-tiny.html").exists()  # a failed build publishes no page
    assert not (out_dir / "index.html").exists()
    assert nbformat.read(bad, as_version=4).cells[2].outputs == []  # the original is untouched

    make_notebook(bad, "print('fixed')")  # once fixed, the debugging copy goes away
    code, _, _ = run(capsys, "report", "--out", str(out_dir), "--notebooks", str(notebooks))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["01-tiny.html", "02-bad.html", "index.html"]


@pytest.mark.parametrize("where", ["a-file", "under-a-file", "the-notebooks-folder"])
def test_an_unusable_output_folder_is_a_one_line_error(capsys, notebooks, tmp_path, where):
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    out_dir = {"a-file": blocker, "under-a-file": blocker / "reports",
               "the-notebooks-folder": notebooks}[where]
    before = folder_state(notebooks)
    code, out, err = run(capsys, "report", "--out", str(out_dir), "--notebooks", str(notebooks))
    assert_one_line_error(code, out, err, str(out_dir))
    assert blocker.read_text() == "keep me"
    assert folder_state(notebooks) == before


def test_no_notebooks_is_a_one_line_error(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "report", "--out", str(tmp_path / "out"),
                         "--notebooks", str(tmp_path / "empty"))
    assert_one_line_error(code, out, err, "no notebooks")
    assert not (tmp_path / "out").exists()


def test_an_unreadable_notebook_fails_with_exit_code_1(capsys, tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    (folder / "01-broken.ipynb").write_text("{not json")
    code, out, err = run(capsys, "report", "--out", str(tmp_path / "out"), "--notebooks", str(folder))
    assert code == 1
    assert "01-broken.ipynb" in err.splitlines()[-1] and "Traceback" not in err


# ------------------------------------------------------------- passages: topics ----
@pytest.fixture(scope="module")
def compare_inputs(corpus, passages):
    """The corpus-wide inputs of ``compare`` (passages, mentions, topics, stance, annotations)."""
    from standpoint.comparison import shared_inputs

    return shared_inputs(corpus, passages=passages)


@pytest.fixture(scope="module")
def topic_ids(passages, compare_inputs):
    """passage_id -> sorted topic ids, computed through the library."""
    from standpoint.topics import topic_lists

    return topic_lists(passages, compare_inputs["topics"]).to_dict()


def test_passages_jsonl_has_a_topics_list_per_passage(capsys, topic_ids):
    code, out, _ = run(capsys, "passages", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == len(topic_ids)
    assert all(isinstance(r["topics"], list) for r in rows)
    assert {r["passage_id"]: r["topics"] for r in rows} == topic_ids
    assert any(r["topics"] == [] for r in rows) and any(len(r["topics"]) > 1 for r in rows)


def test_passages_csv_joins_topics_attributed_before_filtering(capsys, topic_ids):
    """csv (and table) join the ids with ';'. Topics are attributed on the whole corpus (a
    quotation is about what its lead-in is about), then the rows are filtered."""
    code, out, _ = run(capsys, "passages", "--format", "csv", "--voice", "quotation")
    back = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert code == 0 and len(back) > 10
    assert back.columns[-1] == "topics"
    assert back["topics"].tolist() == [";".join(topic_ids[p]) for p in back["passage_id"]]
    assert any(back["topics"] != "")


# ------------------------------------------------------------------------ compare ----
@pytest.fixture
def shared_compare(monkeypatch, compare_inputs):
    """Make ``compare`` reuse the module's corpus-wide inputs instead of recomputing them."""
    monkeypatch.setattr("standpoint.comparison.shared_inputs",
                        lambda corpus, **kw: dict(compare_inputs, corpus=corpus))


def test_compare_formats_match_the_rendering_layer():
    from standpoint.render.comparison import COMPARE_FORMATS

    assert cli.COMPARE_FORMATS == COMPARE_FORMATS
    assert {"table", "csv", "json", "markdown", "latex", "html"} == set(COMPARE_FORMATS)


def test_help_lists_the_new_commands():
    result = subprocess_run("--help")
    for command in ["compare", "kwic"]:
        assert command in result.stdout.decode()


def test_compare_table_end_to_end(capsys, corpus):
    """The real pipeline, nothing shared: one block per tradition, silent ones included."""
    code, out, err = run(capsys, "compare", "left-communists")
    assert code == 0, err
    assert out.startswith("Left Communists (1918): how each tradition judges it\n")
    heads = [line.split(":")[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert heads[1:] == corpus.tradition_order
    assert "trotskyist: no passage about it" in out and "  verdict: silent" in out


def test_compare_formats(capsys, shared_compare, compare_inputs):
    from standpoint.comparison import compare
    from standpoint.render.comparison import render

    expected = compare("workers-opposition", **compare_inputs)
    for fmt in ["csv", "json", "markdown", "latex", "html", "table"]:
        code, out, err = run(capsys, "compare", "workers-opposition", "--format", fmt)
        assert code == 0, err
        assert out == render(expected, fmt)  # the command prints what the API computes
    back = pd.read_csv(io.StringIO(run(capsys, "compare", "workers-opposition", "--format",
                                       "csv")[1]), keep_default_na=False)
    assert back["tradition"].tolist() == expected.traditions


def test_compare_unknown_opposition_lists_the_valid_ids(capsys):
    code, out, err = run(capsys, "compare", "workers-oppositon")
    assert_one_line_error(code, out, err, "workers-oppositon", "workers-opposition",
                          "left-communists", "right-opposition")


def test_compare_json_is_the_documented_contract(capsys):
    """Issue 10: one object per tradition with these keys, for every registry opposition
    (a tradition that does not discuss it says silent)."""
    keys = ["tradition", "passages", "words", "verdict", "verdict_note", "verdict_counts",
            "quotation", "citation", "passage_id", "distinctive_terms", "evaluative_balance",
            "themes_coded"]
    code, out, err = run(capsys, "compare", "military-opposition", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["tradition"] for r in rows] == ["icc", "trotskyist", "anarchist", "academic"]
    assert all(list(r)[:12] == keys for r in rows)
    assert [r["verdict"] for r in rows][1:] == ["silent", "silent", "silent"]


def test_compare_bad_format_is_a_usage_error(capsys):
    code, out, err = run(capsys, "compare", "workers-opposition", "--format", "docx")
    assert_one_line_error(code, out, err, "docx", "markdown")


def test_compare_with_broken_annotations_is_a_one_line_error(capsys, tmp_path):
    root = shutil.copytree(default_root(), tmp_path / "corpus")
    path = root / "annotations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",criticises,", ",praises,", 1)
    assert ",praises," in lines[2]
    path.write_text("".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "--corpus", str(root), "compare", "workers-opposition")
    assert_one_line_error(code, out, err, "annotations.csv", "row 3", "unknown stance 'praises'")


# --------------------------------------------------------------------------- kwic ----
def test_kwic_json_rows_point_into_their_passages(capsys, passages):
    code, out, err = run(capsys, "kwic", "Workers' Opposition", "--format", "json",
                         "--window", "20")
    assert code == 0, err
    rows = json.loads(out)
    by_id = passages.set_index("passage_id")
    assert len(rows) > 50
    assert list(rows[0]) == ["passage_id", "tradition", "voice", "left", "match", "right", "offset"]
    for r in rows:
        text = by_id.at[r["passage_id"], "text"]
        assert text[r["offset"]:r["offset"] + len(r["match"])] == r["match"]
        assert r["left"] == text[max(0, r["offset"] - 20):r["offset"]]
        assert r["tradition"] == by_id.at[r["passage_id"], "tradition"]
        assert r["voice"] == by_id.at[r["passage_id"], "voice"]
    assert {r["tradition"] for r in rows} == {"icc", "trotskyist", "anarchist", "academic"}


def test_kwic_filters(capsys, topic_ids):
    code, out, _ = run(capsys, "kwic", "party", "--format", "jsonl", "--tradition", "academic",
                       "--opposition", "left-opposition", "--voice", "author")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    assert {r["tradition"] for r in rows} == {"academic"}
    assert {r["voice"] for r in rows} == {"author"}
    assert all("left-opposition" in topic_ids[r["passage_id"]] for r in rows)


def test_kwic_table_has_one_line_per_occurrence_with_its_passage_id(capsys, passages):
    from standpoint.terms import kwic

    code, out, _ = run(capsys, "kwic", "Kronstadt", "--tradition", "icc")
    rows = kwic(passages, "Kronstadt", tradition="icc")
    lines = out.splitlines()
    assert code == 0 and len(rows)
    assert lines[0].split() == ["passage_id", "tradition", "context"]
    assert [line.split()[0] for line in lines[1:]] == rows["passage_id"].tolist()
    at = lines[0].index("context") + cli.KWIC_WINDOW  # the left context is right-aligned
    for match, left, line in zip(rows["match"], rows["left"], lines[1:]):
        assert line[at:].startswith(f"[{match}]"), line
        assert line[:at].endswith(left[-20:]), line


@pytest.mark.parametrize("argv, fragments", [
    (["kwic", "party", "--tradition", "marxist"], ["marxist", "icc, trotskyist, anarchist, academic"]),
    (["kwic", "party", "--opposition", "leftists"], ["leftists", "left-communists", "right-opposition"]),
    (["kwic", "party", "--window", "-5"], ["--window", "-5"]),
    (["kwic", "party", "--window", "wide"], ["wide"]),
    (["kwic", "''"], ["empty search term"]),
    (["kwic"], ["TERM"]),
    (["kwic", "party", "--format", "markdown"], ["markdown"]),
])
def test_kwic_bad_input_is_a_one_line_error(capsys, argv, fragments):
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, out, err, *fragments)


# ------------------------------------------------- inputs that exhaust the machine ----
#: ``python -c`` code that runs ``standpoint ARGS`` and writes its own peak RSS (VmHWM, kB)
#: to the file named first: the ``ru_maxrss`` a parent sees includes the parent's own peak
#: (Linux carries it over into a child started by fork/vfork + exec)
_SELF_PEAK = """
import atexit, runpy, sys
out = sys.argv[1]
def report():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(out, "w").write(line.split()[1])
atexit.register(report)
sys.argv = ["standpoint", *sys.argv[2:]]
runpy.run_module("standpoint", run_name="__main__", alter_sys=True)
"""


def _peak_rss_mb(argv: list[str], stdin, timeout: float = 120) -> tuple[int, bytes, bytes, float]:
    """Run ``standpoint *argv``; its exit code, stdout, stderr and peak resident memory (MB).
    Killed, and the test failed, after ``timeout`` seconds."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "hwm"
        try:
            result = subprocess.run([sys.executable, "-c", _SELF_PEAK, str(hwm), *argv],
                                    stdin=stdin, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"standpoint {argv} still running after {timeout} s: the input was "
                        "not bounded")
        return result.returncode, result.stdout, result.stderr, int(hwm.read_text()) / 1024


def test_kwic_window_beyond_the_maximum_is_a_one_line_error_before_any_work():
    """``kwic Kollontai --window 1000000000`` was killed by the kernel at 23.9 GB; ``1e20``
    gave a traceback."""
    for window in ["1000000000", "1e20"]:
        result = subprocess_run("kwic", "Kollontai", "--window", window)
        assert result.returncode == 2
        assert result.stdout == b""
        err = result.stderr.decode()
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert f"--window" in err and repr(window) in err and "0 to 1000" in err


@pytest.mark.parametrize("window", ["1001", "-1", "1.5", "0x10", "", "100000"])
def test_kwic_window_must_be_a_whole_number_up_to_1000(capsys, window):
    code, out, err = run(capsys, "kwic", "party", "--window", window)
    assert_one_line_error(code, out, err, "--window", f"{cli.KWIC_MAX_WINDOW}")


def test_kwic_table_pads_to_the_longest_context_not_to_the_window(capsys):
    """``--window 100000`` printed 70 MB of padding; at the maximum window the left
    contexts are as long as the passages allow, and padded only to the longest of them."""
    code, out, _ = run(capsys, "kwic", "Kollontai", "--window", "1000")
    assert code == 0
    code, js, _ = run(capsys, "kwic", "Kollontai", "--window", "1000", "--format", "json")
    rows = json.loads(js)
    longest = max(len(re.sub(r"\s+", " ", r["left"])) for r in rows)
    lines = out.splitlines()
    assert len(lines) == len(rows) + 1 > 1
    at = lines[0].index("context")
    for line, r in zip(lines[1:], rows):
        assert line[at + longest:].startswith(f"[{r['match']}]"), line
    assert any(line[at] != " " for line in lines[1:])  # the longest is not padded at all
    assert len(out) < len(rows) * (2 * 1000 + 100)


def test_concordance_of_short_contexts_is_not_padded_to_the_window():
    found = pd.DataFrame({"passage_id": ["d:1", "d:2"], "tradition": ["icc", "icc"],
                          "left": ["ab ", "a\n\nb "], "match": ["x", "X"], "right": ["", " y"]})
    assert cli.concordance(found).splitlines()[1:] == [
        "d:1         icc         ab [x]", "d:2         icc        a b [X] y"]


def test_tag_refuses_a_file_over_the_limit_from_its_size(tmp_path):
    """A 5 GB file was read at once (MemoryError, or the OOM killer): it is refused from its
    size alone, in one line, before anything is read or trained."""
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(5 * 10**9)  # sparse: no disk used
    code, out, err, peak = _peak_rss_mb(["tag", str(huge)], subprocess.DEVNULL)
    assert code == 2 and out == b""
    assert err.decode().count("\n") == 1 and b"Traceback" not in err, err
    assert b"5,000,000,000 bytes, more than the limit of 16,000,000 bytes" in err
    assert peak < 100, peak  # (nothing read: the interpreter and the command line)


@pytest.mark.parametrize("how", ["stdin", "file"])
def test_tag_reads_an_endless_input_only_up_to_the_limit(how):
    """``/dev/zero`` never ends: it is read up to the limit and one byte, then refused; the
    process stays small (reading it all would never finish)."""
    argv = ["tag", "-" if how == "stdin" else "/dev/zero"]
    with open("/dev/zero", "rb") as zero:
        code, out, err, peak = _peak_rss_mb(argv, zero if how == "stdin" else subprocess.DEVNULL)
    assert code == 2 and out == b""
    assert err.decode().count("\n") == 1, err
    assert b"more than the limit of 16,000,000 bytes" in err
    assert peak < 150, peak  # (the interpreter and at most 16 MB and a byte of input)


def test_tag_output_is_written_in_pieces(capsys, monkeypatch, small_corpus, shared_tagger):
    """A large result is rendered and written a piece at a time (the same bytes)."""
    lines = "\n".join(json.dumps({"id": f"p{k}", "text": f"The party was wrong, {k} times."})
                      for k in range(25))
    feed_stdin(monkeypatch, lines.encode())
    code, whole, _ = run(capsys, "--corpus", str(small_corpus), "tag", "--jsonl", "-",
                         "--format", "json")
    assert code == 0
    pieces = []
    real_write = cli.write
    monkeypatch.setattr(cli, "write", lambda text: pieces.append(text) or real_write(text))
    monkeypatch.setattr("standpoint.render.formats.CHUNK_ROWS", 10)
    feed_stdin(monkeypatch, lines.encode())
    code, out, _ = run(capsys, "--corpus", str(small_corpus), "tag", "--jsonl", "-",
                       "--format", "json")
    assert code == 0 and out == whole
    assert len(pieces) == 4 and "".join(pieces) == whole  # rows 0-9, 10-19, 20-24, "]"


# ------------------------------------------------------ tracebacks still reachable ----
def test_tag_jsonl_nested_100000_deep_is_a_one_line_error():
    stdin = b'{"text": "ok"}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    result = subprocess_run("tag", "--jsonl", "-", stdin=stdin)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr == b"standpoint: error: stdin: line 2: invalid JSON (nested too deeply)\n"


def test_tag_jsonl_with_a_5000_digit_integer_is_tagged(small_corpus):
    """An integer of 5,000 digits anywhere in a line is valid JSON: no ValueError; as an
    ``id`` it is passed through as written."""
    digits = "7" * 5000
    stdin = (f'{{"text": "The party was wrong.", "n": {digits}}}\n'
             f'{{"id": {digits}, "text": "The fractions fought on.", "x": [-{digits}]}}\n').encode()
    result = subprocess_run("--corpus", str(small_corpus), "tag", "--jsonl", "-",
                            "--format", "jsonl", stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    assert [json.loads(line)["id"] for line in result.stdout.decode().splitlines()] == [
        "line-1", digits]


def test_tag_jsonl_an_id_with_a_lone_surrogate_is_a_one_line_error():
    result = subprocess_run("tag", "--jsonl", "-",
                            stdin=b'{"id": "\\udfff", "text": "The party was wrong."}\n')
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr == (b'standpoint: error: stdin: line 1: "id" holds a lone surrogate '
                             b"(U+DFFF at character 1), which is not a character\n")


def test_tag_jsonl_u2028_inside_a_string_is_one_line(small_corpus):
    """Valid JSON holding U+2028 was rejected and shifted the later line numbers."""
    good = '{"id": "a", "text": "The party\u2028was wrong."}\n\n{"text": "The fractions."}\n'
    result = subprocess_run("--corpus", str(small_corpus), "tag", "--jsonl", "-",
                            "--format", "jsonl", stdin=good.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert [json.loads(line)["id"] for line in result.stdout.decode().splitlines()] == [
        "a", "line-3"]
    bad = subprocess_run("tag", "--jsonl", "-",
                         stdin=(good + '{"text": "unterminated\n').encode())
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("standpoint: error: stdin: line 4: invalid JSON")


def test_output_to_a_full_disk_is_a_one_line_error():
    """``standpoint passages > /dev/full``: no traceback, no second message at exit."""
    with open("/dev/full", "wb") as full:
        result = subprocess.run([str(STANDPOINT), "passages"], stdout=full,
                                stderr=subprocess.PIPE, timeout=120)
    assert result.returncode == 1
    assert result.stderr == (b"standpoint: error: stdout: cannot write the output "
                             b"(No space left on device)\n")


def _shell(script: str) -> subprocess.CompletedProcess:
    """Run ``script`` with ``$0`` = the installed ``standpoint`` script."""
    return subprocess.run(["sh", "-c", script, str(STANDPOINT)], capture_output=True,
                          timeout=120)


def test_output_to_a_closed_stdout_is_a_one_line_error():
    """``standpoint passages >&-``"""
    result = _shell('exec "$0" passages >&-')
    assert result.returncode == 1
    assert result.stderr == (b"standpoint: error: stdout: cannot write the output "
                             b"(stdout is closed)\n")


def test_tag_from_a_closed_stdin_is_a_one_line_error():
    """``standpoint tag - <&-``"""
    result = _shell('exec "$0" tag - <&-')
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr == (b"standpoint: error: stdin: closed, nothing to read "
                             b"(give a FILE, or text on stdin)\n")
    result = _shell('exec "$0" tag <&-')
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1 and b"no input" in result.stderr


def test_an_argument_with_a_newline_is_echoed_on_one_line():
    """``standpoint compare $'workers\\nopposition'`` gave a two-line error."""
    result = subprocess_run("compare", "workers\nopposition")
    assert result.returncode == 2 and result.stdout == b""
    err = result.stderr.decode()
    assert err.count("\n") == 1, err
    assert err.startswith("standpoint: error: unknown opposition 'workers\\nopposition' (valid: ")


@pytest.mark.parametrize("argv, echoed", [
    (["passages", "--doc", "a\nb"], "a\\nb"),
    (["passages", "--doc", "a\u2028b\u2029c\x85d"], "a\\u2028b\\u2029c\\x85d"),
    (["kwic", "party", "--tradition", "icc\r\n"], "icc\\r\\n"),
    (["kwic", "party", "--opposition", "x\x1b[2Jy"], "x\\x1b[2Jy"),
    (["kwic", "party", "--opposition", "\u202eevil"], "\\u202eevil"),
    (["kwic", "\n\t"], "term: empty search term"),
    (["compare", "a\udcffb"], "a\\udcffb"),
    (["passages", "--voice", "x\ny"], "x\\ny"),
    (["passages", "--no-such\nflag"], "--no-such\\nflag"),
    (["frob\nnicate"], "frob\\nnicate"),
    (["tag", "missing\nfile.txt"], "missing\\nfile.txt: file not found"),
])
def test_every_error_is_one_line_whatever_it_echoes(capsys, argv, echoed):
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, out, err, echoed)
    assert err.isprintable() or err[:-1].isprintable(), repr(err)


def test_one_line_escapes_only_what_is_not_printable():
    assert cli.one_line("a\nb\r\tc\x00d\u2028e\udfff") == "a\\nb\\r\\tc\\x00d\\u2028e\\udfff"
    plain = "Kollontai’s ‘Workers’ Opposition’ — déjà vu, “quoted”, Ленин, 列宁 \U0001F600"
    assert cli.one_line(plain) == plain


def test_an_unexpected_memory_error_is_one_line(capsys, monkeypatch):
    def exhausted(args):
        raise MemoryError

    monkeypatch.setattr("standpoint.cli.parser.run_corpus", exhausted)
    code, out, err = run(capsys, "corpus")
    assert (code, out, err) == (1, "", "standpoint: error: out of memory\n")


def test_the_command_line_errors_are_standpoint_errors():
    from standpoint.errors import StandpointError

    assert issubclass(cli.UsageError, StandpointError) and cli.UsageError("x").exit_code == 2
    assert issubclass(cli.OutputError, StandpointError) and cli.OutputError("x").exit_code == 1


@pytest.mark.parametrize("chars, rows", [(10**9, 1), (50, 10**9), (10**9, 2)])
def test_tag_in_pieces_gives_the_rows_of_one_call(small_tagger, chars, rows):
    from standpoint.tagger import tag_passages

    df = split_text(ESSAY * 3)
    whole = tag_passages(small_tagger, df)
    pd.testing.assert_frame_equal(cli.tag_in_pieces(small_tagger, df, chars=chars, rows=rows),
                                  whole)
