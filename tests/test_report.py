"""The report (standpoint.publish): per-opposition notebooks, handouts, the index page and its
template, provenance, reproducibility, stale pages, and the user's mistakes.

Most tests run tiny notebooks written here (a kernel each, a second or two). Two builds use the
real notebooks:

- :func:`full_report` builds everything once per session (every notebook, the comparison
  notebook for every comparable opposition, every handout) and is shared with
  ``tests/test_browser.py`` (through :func:`build_full_report`, cached in this module);
- :func:`test_two_builds_are_byte_identical` builds a restricted report (the comparison notebook
  for one opposition, its handout, the index) twice into the same folder and compares every
  file's SHA-256, PDFs included; and compares those pages with the full build's.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from standpoint import cli
from standpoint.publish import notebooks as N
from standpoint.publish import provenance as P
from standpoint.publish import report as R
from standpoint.publish.chromium import find_chromium
from standpoint.publish.execution import stable_ids

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parents[1]
TWICE_OPPOSITION = "workers-truth"  # the smallest comparable opposition: a cheap full path
_FULL: dict[str, Path] = {}


def build_full_report(tmp_path_factory) -> Path:
    """The full report, built once per test session (also used by tests/test_browser.py)."""
    if "index" not in _FULL:
        out = tmp_path_factory.mktemp("full-report") / "reports"
        messages: list[str] = []
        _FULL["index"] = R.build_report(out, progress=messages.append, jobs=2, cache=False,
                                        command="standpoint report --out reports")
        _FULL["messages"] = messages  # type: ignore[assignment]
    return _FULL["index"]


@pytest.fixture(scope="session")
def full_report(tmp_path_factory) -> Path:
    return build_full_report(tmp_path_factory)


def make_notebook(path: Path, *code: str, parameters: str | None = None, title: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title or 'Notebook ' + path.stem}\n\nTiny.")]
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nb.cells += [nbformat.v4.new_code_cell(source) for source in code]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.write(nb, path)
    return path


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys, *argv: str):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A notebooks folder: one plain notebook and one per-opposition notebook."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    make_notebook(folder / "01-plain.ipynb", "print('plain ran')")
    make_notebook(folder / "03-compare-opposition.ipynb",
                  "print('comparing', opposition)",
                  "import pandas as pd\npd.DataFrame({'a': [1, 2]}).style",  # a random Styler id
                  parameters='opposition = "workers-opposition"', title="Compare one opposition")
    return folder


# ----------------------------------------------------------------------- units ----
def test_parameters_and_page_names():
    p = nbformat.v4.new_code_cell('opposition: str = "x"  # the id\ntop = 3')
    p.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1"), p])
    assert N.notebook_parameters(nb) == ["opposition", "top"]
    assert N.notebook_parameters(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("opposition = 1")])) == []
    assert N.page_stem("03-compare-opposition", "left-opposition") == "03-compare-left-opposition"
    at = N.inject_parameters(nb, {"opposition": "workers-group"})
    assert at == 2 and nb.cells[2].metadata["tags"] == ["injected-parameters"]
    assert 'opposition = "workers-group"' in nb.cells[2].source


def test_stable_ids_renumber_random_styler_ids_consistently():
    def nb_with(uuid: str):
        html = f'<style>#T_{uuid}_row0_col0 {{}}</style><table id="T_{uuid}"><td id="T_{uuid}_row0_col0">'
        out = nbformat.v4.new_output("execute_result", data={"text/html": html}, execution_count=1)
        fixed = nbformat.v4.new_output("display_data", data={"text/html": '<table id="T_comparison-x">'})
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("t", outputs=[out, fixed])])

    a, b = stable_ids(nb_with("1a2b3")), stable_ids(nb_with("ffe09"))
    assert a.cells[0].outputs == b.cells[0].outputs
    assert "T_00001_row0_col0" in a.cells[0].outputs[0].data["text/html"]
    assert a.cells[0].outputs[1].data["text/html"] == '<table id="T_comparison-x">'  # fixed ids kept


def test_git_commit_clean_dirty_excluded_and_unknown(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@e")
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    (repo / "a.txt").write_text("1")
    subprocess.run(["git", "-C", str(repo), "add", "a.txt"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "c"], check=True, env=env)
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    assert P.git_commit(repo) == head
    (repo / "reports").mkdir()
    (repo / "reports" / "index.html").write_text("x")  # the build's own output ...
    assert P.git_commit(repo, exclude=repo / "reports") == head  # ... does not make it dirty
    assert P.git_commit(repo) == head + "+dirty"  # but any other untracked file does
    shutil.rmtree(repo / "reports")
    (repo / "a.txt").write_text("2")
    assert P.git_commit(repo, exclude=repo / "reports") == head + "+dirty"
    assert P.git_commit(tmp_path / "elsewhere") == "unknown"


def test_package_versions_are_the_installed_direct_dependencies():
    import importlib.metadata

    versions = dict(P.package_versions())
    assert list(versions)[0] == "standpoint"
    for name in ("pandas", "scikit-learn", "matplotlib", "nbconvert", "papermill"):
        assert versions[name] == importlib.metadata.version(name)
    assert "pytest" not in versions  # test extras are not the report's dependencies


def test_select_notebooks_and_default_command(tiny):
    found = N.find_notebooks(tiny)
    assert [p.name for p in N.select_notebooks(found, ["03-compare-opposition.ipynb"])] == [
        "03-compare-opposition.ipynb"]
    with pytest.raises(R.ReportError, match=r"unknown notebook '02' \(valid: 01-plain, 03-compare-opposition\)"):
        N.select_notebooks(found, ["02"])
    assert R.default_command(True, ["01 x"], ["a"]) == \
        "standpoint report --show-code --notebook '01 x' --opposition a"


# ------------------------------------------------------------------- the index page ----
HOSTILE = "<script>alert('x')</script> & \"quoted\""


def test_the_index_escapes_every_value_the_one_way():
    """Every value the index shows (corpus, pages, comparisons, provenance) is escaped, and in
    one form (html.escape's, &#x27; for an apostrophe): with every escaped copy removed,
    nothing of the hostile text is left."""
    import html
    import types

    import pandas as pd

    from standpoint.publish.index import ComparisonEntry, index_html
    from standpoint.publish.provenance import Provenance

    corpus = types.SimpleNamespace(
        traditions=pd.DataFrame({"tradition": ["t"], "name": [HOSTILE]}),
        colours={"t": HOSTILE},
        documents=pd.DataFrame({"doc_id": [HOSTILE], "tradition": ["t"], "author": [HOSTILE],
                                "title": [HOSTILE], "year": [HOSTILE]}))
    prov = Provenance(documents=[{"doc_id": HOSTILE, "file": HOSTILE, "sha256": HOSTILE}],
                      packages=[(HOSTILE, HOSTILE)], commit=HOSTILE, command=HOSTILE,
                      python=HOSTILE, chromium=HOSTILE)
    entry = ComparisonEntry("x", HOSTILE, HOSTILE, ((HOSTILE, HOSTILE),), (HOSTILE + ".pdf",))
    page = index_html([(HOSTILE, HOSTILE)], comparisons=[entry], corpus=corpus, prov=prov)
    escaped = html.escape(HOSTILE, quote=True)
    assert page.count(escaped) == 23  # each of the 23 places it was given
    rest = page.replace(escaped, "")
    assert "script" not in rest and "alert" not in rest and "quoted" not in rest
    assert "&#39;" not in page and "&#34;" not in page  # never markupsafe's form


def test_the_html_environment_escapes_every_way_of_printing_alike():
    import html

    import jinja2
    from markupsafe import Markup

    from standpoint.render.html import environment

    env = environment()
    expected = html.escape(HOSTILE, quote=True)
    for source in ("{{ v }}", "{{ v | e }}", "{{ v | escape }}", "{{ [v] | join(', ') }}"):
        assert env.from_string(source).render(v=HOSTILE) == expected, source
    assert env.from_string("{{ v }}").render(v=Markup("<br>")) == "<br>"  # already HTML
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("<p>{{ missing }}</p>").render()


def test_every_template_is_shipped_with_the_package():
    """The templates are package data: each file in render/templates matches a pattern of
    pyproject.toml's [tool.setuptools.package-data] (else an installed standpoint has no
    index page)."""
    import tomllib

    from standpoint.render.html import TEMPLATES

    package = REPO / "lib" / "standpoint"
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["standpoint"]
    templates = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
    assert templates, TEMPLATES
    for path in templates:
        rel = path.relative_to(package)
        assert any(rel.match(pattern) for pattern in patterns), f"{rel} is not package data"


# ------------------------------------------------------------ tiny notebooks, built ----
def test_per_opposition_runs_progress_and_injected_parameter(tiny, tmp_path):
    messages: list[str] = []
    out = tmp_path / "out"
    index = R.build_report(out, notebooks_dir=tiny, progress=messages.append,
                           oppositions=["left-opposition", "workers-group"], command="cmd",
                           cache=False)
    assert messages == ["[1/3] executing 01-plain.ipynb",
                        "[2/3] executing 03-compare-opposition.ipynb (workers-group)",
                        "[3/3] executing 03-compare-opposition.ipynb (left-opposition)"]
    assert sorted(hashes(out)) == ["01-plain.html", "03-compare-left-opposition.html",
                                   "03-compare-workers-group.html", "index.html"]
    page = (out / "03-compare-workers-group.html").read_text(encoding="utf-8")
    assert "comparing workers-group" in page and "comparing workers-opposition" not in page
    assert "<script" not in page and "T_00001" in page
    text = index.read_text(encoding="utf-8")
    for href in ("01-plain.html", "03-compare-workers-group.html", "03-compare-left-opposition.html"):
        assert f'href="{href}"' in text
    assert "Workers&#x27; Group" in text and "Left Opposition" in text
    assert "<code>cmd</code>" in text


def test_a_failing_per_opposition_run_names_the_cell_of_the_notebook_file(capsys, tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    make_notebook(folder / "03-compare-opposition.ipynb", "print('ok')",
                  "assert opposition != 'workers-group', 'no ' + opposition",
                  parameters='opposition = "x"')
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "report", "--out", str(out), "--notebooks", str(folder),
                            "--opposition", "workers-group", "--jobs", "1")
    assert code == 1 and stdout == ""
    last = err.splitlines()[-1]
    # markdown = cell 1, parameters = 2, print = 3, the assert = 4 (the injected cell not counted)
    assert "03-compare-opposition.ipynb (workers-group): cell 4 failed: AssertionError: no workers-group" in last
    partial = out / "03-compare-workers-group.failed.ipynb"
    assert str(partial) in last and partial.is_file()
    executed = nbformat.read(partial, as_version=4)
    assert executed.cells[2].metadata["tags"] == ["injected-parameters"]
    assert executed.cells[4].outputs[0]["ename"] == "AssertionError"
    assert not (out / "index.html").exists()


def test_parallel_runs_report_the_first_failure_and_publish_nothing(capsys, tmp_path):
    """A failed build publishes no page (the folder is one whole build or nothing): only the
    partial notebook is left, for debugging; no build folder or lock file stays beside it."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    make_notebook(folder / "01-ok.ipynb", "print('fine')")
    make_notebook(folder / "02-bad.ipynb", "1 / 0")
    code, _, err = run(capsys, "report", "--out", str(tmp_path / "out"), "--notebooks", str(folder),
                       "--jobs", "2")
    assert code == 1
    assert "02-bad.ipynb: cell 2 failed: ZeroDivisionError" in err.splitlines()[-1]
    assert sorted(hashes(tmp_path / "out")) == ["02-bad.failed.ipynb"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs", "out"]


def test_stale_pages_go_and_nothing_else_is_touched(tiny, tmp_path):
    parent = tmp_path / "work"
    out = parent / "reports"
    (parent).mkdir()
    (parent / "03-compare-left-opposition.html").write_text("outside: keep")
    R.build_report(out, notebooks_dir=tiny, oppositions=["workers-group", "left-opposition"])
    (out / "notes.txt").write_text("mine")
    (out / "handouts").mkdir()
    (out / "handouts" / "left-opposition.pdf").write_text("an old handout")
    (out / "handouts" / "my-notes.pdf").write_text("mine too")
    R.build_report(out, notebooks_dir=tiny, oppositions=["workers-group"], handouts=False)
    assert sorted(hashes(out)) == ["01-plain.html", "03-compare-workers-group.html",
                                   "handouts/my-notes.pdf", "index.html", "notes.txt"]
    assert (parent / "03-compare-left-opposition.html").read_text() == "outside: keep"
    assert (out / "notes.txt").read_text() == "mine"


def test_a_blocked_handouts_folder_fails_before_any_notebook_runs(tiny, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "handouts").write_text("a file where the folder should be")
    with pytest.raises(R.OutputDirError, match="handouts: exists and is not a folder"):
        R.build_report(out, notebooks_dir=tiny, handouts=True, oppositions=["workers-truth"])
    assert sorted(p.name for p in out.iterdir()) == ["handouts"]


def test_unknown_opposition_is_one_line_and_writes_nothing(capsys, tmp_path):
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "report", "--out", str(out), "--opposition", "workers-oppositoin")
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1
    assert ("unknown opposition 'workers-oppositoin' (valid: left-communists, "
            "democratic-centralists, workers-opposition,") in err
    assert not out.exists()
    code, _, err = run(capsys, "report", "--out", str(out), "--opposition", "military-opposition")
    assert code == 2 and "fewer than two traditions" in err and not out.exists()


@pytest.mark.parametrize("argv,fragment", [
    (["--notebook", "99-nothing"], "unknown notebook '99-nothing' (valid: 00-explore, 01-corpus, "),
    (["--jobs", "0"], "--jobs must be 1 or more"),
])
def test_other_mistakes_are_one_line(capsys, tmp_path, argv, fragment):
    code, stdout, err = run(capsys, "report", "--out", str(tmp_path / "out"), *argv)
    assert code == 2 and stdout == "" and err.count("\n") == 1 and fragment in err
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------- the real report ----
def test_two_builds_are_byte_identical(tmp_path, full_report):
    """A restricted build (comparison notebook + handout for one opposition, index), twice into
    the same folder: every file the same bytes, PDFs included. Its pages are also the same
    bytes as the full build's (made in parallel, in another folder)."""
    out = tmp_path / "reports"
    kwargs = dict(notebooks=["03-compare-opposition"], oppositions=[TWICE_OPPOSITION],
                  command="standpoint report --out reports")
    R.build_report(out, **kwargs)
    first = hashes(out)
    expected = {"index.html", f"03-compare-{TWICE_OPPOSITION}.html",
                f"handouts/{TWICE_OPPOSITION}.html"}
    if find_chromium() or IN_CI:
        expected.add(f"handouts/{TWICE_OPPOSITION}.pdf")
    assert set(first) == expected
    R.build_report(out, **kwargs)
    assert hashes(out) == first
    full = hashes(full_report.parent)
    for name in expected - {"index.html"}:
        assert full[name] == first[name], name
    assert str(tmp_path) not in (out / "index.html").read_text(encoding="utf-8")


def test_full_report_has_every_page(full_report):
    from standpoint.comparison import comparable_oppositions

    out = full_report.parent
    comparable = comparable_oppositions()
    plain = [p.stem for p in N.find_notebooks(N.default_notebooks_dir())
             if p not in N.parameterised(N.find_notebooks(N.default_notebooks_dir()))]
    per = N.parameterised(N.find_notebooks(N.default_notebooks_dir()))
    assert [p.name for p in per] == ["03-compare-opposition.ipynb"], "the comparison notebook"
    files = set(hashes(out))
    expected = {f"{s}.html" for s in plain} | {"index.html"}
    expected |= {f"03-compare-{o}.html" for o in comparable}
    expected |= {f"handouts/{o}.html" for o in comparable}
    if find_chromium() or IN_CI:
        expected |= {f"handouts/{o}.pdf" for o in comparable}
    assert files == expected
    n = len(plain) + len(comparable)
    executing = [m for m in _FULL["messages"] if " executing " in m]
    assert len(executing) == n and all(m.startswith("[") and f"/{n}] executing " in m for m in executing)
    assert any(m.endswith("03-compare-opposition.ipynb (workers-opposition)") for m in executing)
    index = full_report.read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"]+)"', index))
    assert links == files - {"index.html"}  # every page linked, every link a page


def test_full_report_provenance(full_report):
    from standpoint import __version__
    from standpoint.corpus import load_corpus

    index = full_report.read_text(encoding="utf-8")
    footer = index[index.index("<footer>"):]
    for row in load_corpus().documents.to_dict("records"):
        assert row["sha256"] in footer and row["doc_id"] in footer
    assert f"standpoint {__version__}" in footer and "pandas 3.1.1" in footer
    commit = re.search(r"Git commit: <code>([^<]+)</code>", footer).group(1)
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?|unknown", commit), commit
    assert "Built with: <code>standpoint report --out reports</code>" in footer
    if find_chromium():
        assert "PDF handouts printed by: Chromium" in footer
    assert "The corpus" in index and "gaido-review" in index.split("<footer>")[0]


def test_full_report_pages_are_self_contained_and_hide_code(full_report):
    out = full_report.parent
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text, page.name  # nothing to fetch, nothing to run
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), page.name
        assert "from standpoint" not in text, page.name  # code cells hidden by default
        styler_ids = re.findall(r"\bT_([0-9a-f]{5})_row", text)
        assert all(s.isdigit() for s in styler_ids), page.name  # renumbered, not random
    compare = (out / "03-compare-workers-opposition.html").read_text(encoding="utf-8")
    assert "how each tradition judges it" in compare and "<img" in compare

