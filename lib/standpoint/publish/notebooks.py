"""The notebooks of a report and the runs to make of them.

:func:`find_notebooks` lists ``notebooks/*.ipynb`` (sorted by name) and :func:`select_notebooks`
picks those asked for. A notebook whose cell tagged ``parameters`` sets ``opposition``
(papermill's convention, :func:`notebook_parameters`) is run once per opposition, with the value
injected after that cell (:func:`inject_parameters`), to the page
``<stem-without-"opposition"><id>.html`` (:func:`page_stem`): ``03-compare-opposition.ipynb``
gives ``03-compare-workers-opposition.html``. :func:`plan_jobs` turns the notebooks and the
oppositions into the list of runs (:class:`Job`), in notebook then opposition order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standpoint.corpus import project_root
from standpoint.publish.errors import ReportError

KERNEL = "python3"
PARAMETER = "opposition"  # the parameter a per-opposition notebook declares
CORPUS_PARAMETER = "corpus_dir"  # the parameter a notebook reading another corpus declares
INJECTED_ID = "injected-parameters"

def default_notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder.

    Example:
        >>> default_notebooks_dir().name
        'notebooks'
    """
    return project_root() / "notebooks"


def find_notebooks(notebooks_dir: Path | str) -> list[Path]:
    """The notebooks to run, sorted by file name; :class:`ReportError` if there are none.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     for name in ["02-b.ipynb", "01-a.ipynb", "notes.txt"]:
        ...         _ = (Path(d) / name).write_text("{}")
        ...     [p.name for p in find_notebooks(d)]
        ['01-a.ipynb', '02-b.ipynb']
    """
    folder = Path(notebooks_dir)
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() else []
    if not found:
        raise ReportError(f"{folder}: no notebooks (*.ipynb) found")
    return found


def select_notebooks(found: list[Path], names=None) -> list[Path]:
    """The notebooks of ``found`` named in ``names`` (file name or stem; all if ``None``), in
    ``found``'s order. An unknown name is a :class:`ReportError` listing the valid ones.

    Example:
        >>> nbs = [Path("01-corpus.ipynb"), Path("02-tagger.ipynb")]
        >>> [p.name for p in select_notebooks(nbs, ["02-tagger"])]
        ['02-tagger.ipynb']
        >>> select_notebooks(nbs, ["03-x"])
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.ReportError: unknown notebook '03-x' (valid: 01-corpus, 02-tagger)
    """
    if names is None:
        return list(found)
    stems = {p.stem: p for p in found}
    wanted = set()
    for name in names:
        stem = name[: -len(".ipynb")] if name.endswith(".ipynb") else name
        stem = Path(stem).name
        if stem not in stems:
            raise ReportError(f"unknown notebook '{name}' (valid: {', '.join(stems)})")
        wanted.add(stem)
    return [p for p in found if p.stem in wanted]


def _source(cell) -> str:
    """A cell's source as one string (a notebook file may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def read_outline(path: Path | str) -> dict:
    """The notebook file at ``path`` as plain JSON (its cells, for their titles and
    parameters), without nbformat: planning a build that reuses every page from the cache
    then never imports nbformat (whose schema validator takes about 1.5 s to import).
    Raises ``OSError`` or ``ValueError`` for a file that is not a notebook.

    Example:
        >>> import json, tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".ipynb", delete=False) as f:
        ...     json.dump({"cells": [{"cell_type": "markdown", "source": ["# A title\\n", "text"]}]}, f)
        >>> notebook_title(read_outline(f.name), "x")
        'A title'
    """
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError(f"{path}: not a notebook (no list of cells)")
    return data


def notebook_title(nb: Any, default: str) -> str:
    """The first Markdown heading of the notebook, or ``default``.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# The corpus\\nText")])
        >>> notebook_title(nb, "01-corpus")
        'The corpus'
    """
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in _source(cell).splitlines():
            if line.startswith("#"):
                title = line.lstrip("#").strip()
                if title:
                    return title
    return default


# ---------------------------------------------------------------- parameterised notebooks ----

def notebook_parameters(nb: Any) -> list[str]:
    """The names assigned in the notebook's first cell tagged ``parameters`` (papermill's
    convention), in order; ``[]`` without such a cell.

    Example:
        >>> import nbformat
        >>> cell = nbformat.v4.new_code_cell('opposition = "workers-opposition"\\ntop = 5')
        >>> cell.metadata["tags"] = ["parameters"]
        >>> notebook_parameters(nbformat.v4.new_notebook(cells=[cell]))
        ['opposition', 'top']
    """
    import ast

    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = _source(cell)
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return re.findall(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=", source, re.M)
            names = []
            for node in tree.body:
                targets = node.targets if isinstance(node, ast.Assign) else (
                    [node.target] if isinstance(node, ast.AnnAssign) else [])
                names += [t.id for t in targets if isinstance(t, ast.Name)]
            return names
    return []


def page_stem(stem: str, opposition: str) -> str:
    """The page name of a per-opposition run: the notebook stem with a final ``opposition``
    replaced by the id, else the id appended.

    Example:
        >>> page_stem("03-compare-opposition", "workers-opposition")
        '03-compare-workers-opposition'
        >>> page_stem("05-timeline", "left-opposition")
        '05-timeline-left-opposition'
    """
    if stem.endswith("-" + PARAMETER):
        return stem[: -len(PARAMETER)] + opposition
    return f"{stem}-{opposition}"


def inject_parameters(nb: Any, parameters: dict[str, Any]) -> int:
    """Insert a code cell assigning ``parameters`` after the cell tagged ``parameters`` (at the
    top without one), tagged ``injected-parameters`` with a fixed id, as papermill does;
    return its index. The source is papermill's Python translation (comment ``# Parameters``).

    Example:
        >>> import nbformat
        >>> p = nbformat.v4.new_code_cell('opposition = "x"')
        >>> p.metadata["tags"] = ["parameters"]
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), p])
        >>> inject_parameters(nb, {"opposition": "left-opposition"})
        2
        >>> nb.cells[2].source.splitlines()[-1], nb.cells[2].id
        ('opposition = "left-opposition"', 'injected-parameters')
    """
    import nbformat
    from papermill.translators import translate_parameters

    language = nb.metadata.get("kernelspec", {}).get("language", "python")
    source = translate_parameters(KERNEL, language, parameters, "Parameters").strip()
    cell = nbformat.v4.new_code_cell(source=source)
    cell.metadata["tags"] = [INJECTED_ID]
    cell.id = INJECTED_ID
    where = 0
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and "parameters" in c.metadata.get("tags", []):
            where = i + 1
            break
    nb.cells.insert(where, cell)
    return where


@dataclass(frozen=True)
class Job:
    """One notebook run: the notebook, its parameters (``{}`` for none) and the page stem."""

    notebook: Path
    stem: str
    parameters: dict = field(default_factory=dict)
    title: str = ""

    @property
    def label(self) -> str:
        """What the progress line shows: ``03-compare-opposition.ipynb (workers-opposition)``."""
        if PARAMETER in self.parameters:
            return f"{self.notebook.name} ({self.parameters[PARAMETER]})"
        return self.notebook.name


def plan_jobs(notebooks: list[Path], oppositions: list[str],
              corpus_dir: Path | str | None = None) -> list[Job]:
    """One :class:`Job` per plain notebook, and one per opposition of ``oppositions`` for a
    notebook whose ``parameters`` cell sets ``opposition``, in notebook then opposition order.
    With ``corpus_dir``, every notebook whose ``parameters`` cell sets ``corpus_dir`` gets it
    (as an absolute path). A notebook that cannot be read becomes one job (its run reports the
    error).

    Example:
        >>> import nbformat, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = nbformat.v4.new_code_cell('opposition = "x"')
        ...     p.metadata["tags"] = ["parameters"]
        ...     nbformat.write(nbformat.v4.new_notebook(cells=[p]), Path(d) / "03-compare-opposition.ipynb")
        ...     nbformat.write(nbformat.v4.new_notebook(), Path(d) / "01-corpus.ipynb")
        ...     jobs = plan_jobs(sorted(Path(d).glob("*.ipynb")), ["a", "b"])
        >>> [(j.stem, j.label) for j in jobs]
        [('01-corpus', '01-corpus.ipynb'), ('03-compare-a', '03-compare-opposition.ipynb (a)'), ('03-compare-b', '03-compare-opposition.ipynb (b)')]
    """
    jobs: list[Job] = []
    for path in notebooks:
        try:
            nb = read_outline(path)
        except Exception:  # reported when the job runs
            jobs.append(Job(path, path.stem))
            continue
        title = notebook_title(nb, path.stem)
        declared = notebook_parameters(nb)
        extra = ({CORPUS_PARAMETER: str(Path(corpus_dir).resolve())}
                 if corpus_dir is not None and CORPUS_PARAMETER in declared else {})
        if PARAMETER in declared:
            jobs += [Job(path, page_stem(path.stem, o), {PARAMETER: o, **extra}, title)
                     for o in oppositions]
        else:
            jobs.append(Job(path, path.stem, extra, title))
    return jobs


def parameterised(notebooks: list[Path]) -> list[Path]:
    """The notebooks among ``notebooks`` whose ``parameters`` cell sets ``opposition``.

    Example:
        >>> parameterised([])
        []
    """
    out = []
    for path in notebooks:
        try:
            nb = read_outline(path)
        except Exception:
            continue
        if PARAMETER in notebook_parameters(nb):
            out.append(path)
    return out


