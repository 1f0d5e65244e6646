"""Build the HTML report: execute every notebook and export it to HTML, write the seminar
handouts, and an index with the provenance of it all.

:func:`build_report` runs each ``notebooks/*.ipynb`` (sorted by name) in a fresh ``python3``
kernel with the notebooks folder as working directory, on an in-memory copy (the committed
notebooks are never written), then exports it with nbconvert (code hidden unless
``show_code``) to ``<out_dir>/<stem>.html``. A notebook whose cell tagged ``parameters`` sets
``opposition`` (papermill's convention) is run once per opposition that at least two traditions
discuss (:func:`standpoint.comparison.comparable_oppositions`), with the value injected after that
cell, to ``<stem-without-"opposition"><id>.html``: ``03-compare-opposition.ipynb`` gives
``03-compare-workers-opposition.html``. Then it writes the seminar handouts
(:mod:`standpoint.publish.handouts`: ``handouts/<id>.html`` and, with Chromium, ``.pdf``, each PDF
verified before it counts) and ``<out_dir>/index.html``: what the corpus is, a link to every
page, and a provenance footer (corpus checksums, package versions, git commit, the command).

Reproducible: the same inputs give the same bytes. Kernels run with ``PYTHONHASHSEED=0``,
``SOURCE_DATE_EPOCH`` (fixed unless set) and a matplotlibrc with a fixed ``svg.hashsalt``;
execution times, kernel and papermill metadata are removed (:func:`scrub`); pandas Styler's
random table ids are renumbered (:func:`stable_ids`); pages load no script or other external
resource; PDF dates are fixed (:func:`standpoint.publish.handouts.fix_pdf_dates`).

A report folder is always one whole build (:mod:`standpoint.publish.folders`): the output folder must
be new, empty or a previous report; it is locked for the build (a second build into it refuses
at once); everything is built into a hidden folder beside it, which replaces it only when every
notebook, handout and PDF succeeded. Files of the old folder that no build writes (a user's
notes) are carried over; pages the new build does not make (an opposition no longer
comparable, a notebook left out, a PDF not printed) are gone. A failed or interrupted build
leaves the previous report as it was; a notebook that fails leaves only
``<out_dir>/<page stem>.failed.ipynb`` (the partly executed notebook, with the error) for
debugging, which the next successful build removes. Nothing outside ``out_dir`` is written
except the lock file and the build folder beside it, both removed at the end.

Ctrl-C (``KeyboardInterrupt``) stops a build at once: queued notebooks are not started, running
kernels are killed, Chromium is ended, the build folder is removed, and the interrupt is raised
again (the command line prints one line and exits 130).

Errors: :class:`OutputDirError` (the output folder cannot be used: not its own, busy, not
writable; the command line exits 2), :class:`NotebookError` (a notebook is unreadable or a cell
failed; exit 1), :class:`BuildError` (a handout or PDF failed; exit 1) and :class:`ReportError`
for anything else the user must fix (no notebooks, an unknown notebook or opposition; exit 2).
"""

from __future__ import annotations

import html
import importlib.metadata
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from standpoint.corpus import project_root
from standpoint.errors import StandpointError
from standpoint.publish.folders import GENERATOR_META

KERNEL = "python3"
TIMEOUT = 600  # seconds per cell
FAILED_SUFFIX = ".failed.ipynb"
PARAMETER = "opposition"  # the parameter a per-opposition notebook declares
INJECTED_ID = "injected-parameters"
HANDOUTS_DIR = "handouts"
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, unless the environment sets one
#: The nbconvert template: JupyterLab's, without the scripts it would fetch from the network
#: (require.js, MathJax, mermaid), so a page is self-contained and works offline.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


class ReportError(StandpointError):
    """The report cannot be built; ``exit_code`` is what the command line returns."""

    exit_code = 2


class OutputDirError(ReportError):
    """The output folder cannot be created or written to."""

    exit_code = 2


class BuildError(ReportError):
    """A step after the notebooks failed (e.g. Chromium could not print a handout)."""

    exit_code = 1


class NotebookError(ReportError):
    """A notebook could not be read or one of its cells failed.

    Attributes:
        notebook: the notebook's path.
        cell: 1-based number of the failing cell among the notebook's cells (``None`` if
            unknown, or if it was the injected parameters cell).
        partial: where the partly executed notebook was written (``None`` if nowhere).
    """

    exit_code = 1

    def __init__(self, message: str, notebook: Path, cell: int | None = None,
                 partial: Path | None = None):
        super().__init__(message)
        self.notebook = notebook
        self.cell = cell
        self.partial = partial


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
        standpoint.publish.report.ReportError: unknown notebook '03-x' (valid: 01-corpus, 02-tagger)
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


def prepare_output_dir(out_dir: Path | str) -> Path:
    """Create ``out_dir`` if needed and check that files can be written in it.

    Raises :class:`OutputDirError` with a one-line reason otherwise; an empty path (``''``,
    which would be the current folder) is refused.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     prepare_output_dir(Path(d) / "reports").is_dir()
        True
        >>> prepare_output_dir("")
        Traceback (most recent call last):
        ...
        standpoint.publish.report.OutputDirError: the output folder is an empty path: name a folder, e.g. reports/handouts
    """
    if out_dir is None or not str(out_dir).strip():
        raise OutputDirError("the output folder is an empty path: name a folder, "
                             "e.g. reports/handouts")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputDirError(f"{out}: exists and is not a folder") from None
    except OSError as exc:
        raise OutputDirError(f"{out}: cannot create output folder ({_reason(exc)})") from None
    try:
        fd, probe = tempfile.mkstemp(dir=out, prefix=".standpoint-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputDirError(f"{out}: output folder is not writable ({_reason(exc)})") from None
    return out


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write_all(fh, data: bytes) -> None:
    """Write ``data`` to the open file ``fh`` and flush it to the disk (a full disk raises
    here, not later). Kept apart so that a test can make it fail like a full disk."""
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, flushed to the disk
    before it is renamed, so the file is either the old one or the complete new one (a full
    disk leaves the old one and raises :class:`OutputDirError`).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     write_bytes(Path(d) / "a.pdf", b"%PDF-1.4").read_bytes()
        b'%PDF-1.4'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputDirError(f"{path}: cannot write ({_reason(exc)})") from None
        raise
    return path


def write_file(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` via a temporary file in the same
    folder, so the file is either the old one or the complete new one.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     write_file(Path(d) / "a.html", "<p>hi</p>").read_text()
        '<p>hi</p>'
    """
    return write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def scrub(nb: Any) -> Any:
    """Remove what changes from run to run (timings, kernel and widget state, papermill
    metadata) from an executed notebook, in place; returns it.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
        >>> nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
        >>> "execution" in scrub(nb).cells[0].metadata
        False
    """
    for key in ("widgets", "papermill", "execution"):
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in ("execution", "papermill", "ExecuteTime"):
            cell.metadata.pop(key, None)
    return nb


_STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?![0-9A-Za-z-])")


def stable_ids(nb: Any) -> Any:
    """Renumber, in order of appearance, the random ids pandas gives a ``Styler`` table without
    a fixed uuid (``T_3fa9c``, ``T_3fa9c_row0_col1`` ...) in the notebook's HTML outputs, in
    place; returns it. The same tables get the same ids on every run, distinct within the page.

    Example:
        >>> import nbformat
        >>> out = nbformat.v4.new_output("display_data", data={"text/html":
        ...     '<style>#T_3fa9c_row0_col0 {}</style><table id="T_3fa9c">'})
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("t", outputs=[out])])
        >>> stable_ids(nb).cells[0].outputs[0].data["text/html"]
        '<style>#T_00001_row0_col0 {}</style><table id="T_00001">'
    """
    mapping: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        if m.group(1) not in mapping:
            mapping[m.group(1)] = f"{len(mapping) + 1:05d}"
        return "T_" + mapping[m.group(1)]

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                value = data["text/html"]
                text = "".join(value) if isinstance(value, list) else value
                data["text/html"] = _STYLER_ID.sub(rename, text)
    return nb


def notebook_title(nb: Any, default: str) -> str:
    """The first Markdown heading of the notebook, or ``default``.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# The corpus\\nText")])
        >>> notebook_title(nb, "01-corpus")
        'The corpus'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                title = line.lstrip("#").strip()
                if title:
                    return title
    return default


def export_html(nb: Any, name: str, show_code: bool = False) -> str:
    """Export a notebook to a standalone HTML page (code cells hidden unless ``show_code``):
    JupyterLab's look, all CSS inline, no script and nothing fetched from the network.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("secret_code = 1")])
        >>> "secret_code" in export_html(nb, "demo")
        False
        >>> "secret_code" in export_html(nb, "demo", show_code=True)
        True
        >>> "<script" in export_html(nb, "demo")
        False
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"standpoint.html.j2": TEMPLATE})],
        template_file="standpoint.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


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

    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                return re.findall(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=", cell.source, re.M)
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
        if self.parameters:
            return f"{self.notebook.name} ({', '.join(map(str, self.parameters.values()))})"
        return self.notebook.name


def plan_jobs(notebooks: list[Path], oppositions: list[str]) -> list[Job]:
    """One :class:`Job` per plain notebook, and one per opposition of ``oppositions`` for a
    notebook whose ``parameters`` cell sets ``opposition``, in notebook then opposition order.
    A notebook that cannot be read becomes one job (its run reports the error).

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
    import nbformat

    jobs: list[Job] = []
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # reported when the job runs
            jobs.append(Job(path, path.stem))
            continue
        title = notebook_title(nb, path.stem)
        if PARAMETER in notebook_parameters(nb):
            jobs += [Job(path, page_stem(path.stem, o), {PARAMETER: o}, title) for o in oppositions]
        else:
            jobs.append(Job(path, path.stem, {}, title))
    return jobs


def parameterised(notebooks: list[Path]) -> list[Path]:
    """The notebooks among ``notebooks`` whose ``parameters`` cell sets ``opposition``.

    Example:
        >>> parameterised([])
        []
    """
    import nbformat

    out = []
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        if PARAMETER in notebook_parameters(nb):
            out.append(path)
    return out


# ---------------------------------------------------------------------------- running ----

def kernel_env(matplotlibrc: Path | None = None) -> dict[str, str]:
    """The environment of the kernels: this process's, plus ``PYTHONHASHSEED=0`` (set order is
    the same on every run), ``SOURCE_DATE_EPOCH`` (kept if set, else 1980-01-01: matplotlib
    writes it instead of today's date) and ``MATPLOTLIBRC`` (if given: a file with a fixed
    ``svg.hashsalt``, and no personal matplotlibrc changes the figures).

    Example:
        >>> env = kernel_env()
        >>> env["PYTHONHASHSEED"], env["SOURCE_DATE_EPOCH"].isdigit()
        ('0', True)
    """
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    if matplotlibrc is not None:
        env["MATPLOTLIBRC"] = str(matplotlibrc)
    return env


class Cancelled(Exception):
    """The build was interrupted: a notebook run stopped without failing (no partial notebook
    is written, nothing is reported as a cell failure)."""


class RunControl:
    """What the notebook runs of one build share: a cancel flag, and the kernels running now,
    so that :meth:`cancel` can stop queued runs and kill the running kernels at once.

    Example:
        >>> control = RunControl()
        >>> control.cancelled, control.cancel(), control.cancelled
        (False, 0, True)
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._clients: set = set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the build was cancelled (a hook between cells)."""
        if self._event.is_set():
            raise Cancelled("interrupted")

    def add(self, client: Any) -> None:
        with self._lock:
            self._clients.add(client)
        if self._event.is_set():
            _kill_kernel(client)

    def discard(self, client: Any) -> None:
        with self._lock:
            self._clients.discard(client)

    def cancel(self) -> int:
        """Stop: no further cell or notebook starts; every running kernel is killed (its whole
        process group, ``SIGKILL``). Return how many kernels were killed."""
        self._event.set()
        with self._lock:
            clients = list(self._clients)
        return sum(_kill_kernel(c) for c in clients)


def _kill_kernel(client: Any) -> bool:
    """Kill the kernel of an nbclient ``NotebookClient`` (and its children), if it has one."""
    provisioner = getattr(getattr(client, "km", None), "provisioner", None)
    pgid = getattr(provisioner, "pgid", None)
    pid = getattr(provisioner, "pid", None)
    for target, kill in ((pgid, getattr(os, "killpg", None)), (pid, os.kill)):
        if target and kill is not None:
            try:
                kill(target, signal.SIGKILL)
                return True
            except (ProcessLookupError, PermissionError):
                continue
    return False


def execute_notebook(path: Path, out_dir: Path | None, timeout: int = TIMEOUT, *,
                     parameters: dict[str, Any] | None = None, stem: str | None = None,
                     env: dict[str, str] | None = None,
                     control: RunControl | None = None) -> Any:
    """Run the notebook at ``path`` (in memory; the file is only read) with the notebook's
    folder as working directory, and return the executed, scrubbed notebook.

    ``parameters``: injected after the ``parameters`` cell (:func:`inject_parameters`);
    ``stem``: the page stem (default the notebook's); ``env``: the kernel's environment
    (default :func:`kernel_env`); ``control``: a :class:`RunControl` that can cancel the run
    (it then raises :class:`Cancelled`, and writes nothing).

    On failure, writes the partly executed notebook to ``out_dir/<stem>.failed.ipynb`` (to a
    new temporary folder if ``out_dir`` is ``None``) and raises :class:`NotebookError` naming
    the notebook, the parameters and the failing cell (its number in the notebook file; the
    injected cell is named as such).

    Example (runs a kernel, so not run as a doctest)::

        nb = execute_notebook(Path("notebooks/03-compare-opposition.ipynb"), Path("reports"),
                              parameters={"opposition": "left-opposition"},
                              stem="03-compare-left-opposition")
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    stem = stem or path.stem
    name = path.name + (f" ({', '.join(map(str, parameters.values()))})" if parameters else "")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # JSON or schema errors: a broken notebook file
        raise NotebookError(f"{path}: not a readable notebook ({_first_line(exc)})", path) from None
    injected = inject_parameters(nb, parameters) if parameters else None
    current: dict[str, int] = {}

    def on_cell_start(cell: Any, cell_index: int) -> None:
        if control is not None:
            control.check()
        current["index"] = cell_index

    def on_notebook_start(notebook: Any) -> None:
        if control is not None:
            control.check()

    client = NotebookClient(
        nb, timeout=timeout, kernel_name=KERNEL, record_timing=False, shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=on_cell_start, on_notebook_start=on_notebook_start,
    )
    if control is not None:
        control.check()
        control.add(client)
    try:
        # the kernel's own log (e.g. ipykernel's transport warning) is noise on our
        # stderr; the cells' output, errors included, arrives through the notebook
        client.execute(stderr=subprocess.DEVNULL, env=env if env is not None else kernel_env())
    except Exception as exc:
        if control is not None and control.cancelled:
            raise Cancelled("interrupted") from None  # not a failure: no partial notebook
        if isinstance(exc, CellExecutionError):
            reason = f"{exc.ename}: {_first_line(exc.evalue)}" if exc.ename else _first_line(exc)
        else:
            reason = f"{type(exc).__name__}: {_first_line(exc)}"
        folder = Path(out_dir) if out_dir is not None else Path(
            tempfile.mkdtemp(prefix="standpoint-failed-"))
        partial = folder / (stem + FAILED_SUFFIX)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_file(partial, nbformat.writes(scrub(nb)))
        except (OSError, OutputDirError):
            partial = None
        cell, where = None, "before the first cell"
        if "index" in current:
            index = current["index"]
            if injected is not None and index == injected:
                where = "the injected parameters cell"
            else:
                shift = 1 if injected is not None and index > injected else 0
                cell = index + 1 - shift
                where = f"cell {cell}"
        kept = f" (partial notebook: {partial})" if partial is not None else ""
        raise NotebookError(f"{name}: {where} failed: {reason}{kept}", path, cell,
                            partial) from None
    finally:
        if control is not None:
            control.discard(client)
    return stable_ids(scrub(nb))


def _first_line(value: Any) -> str:
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    return lines[0] if lines else type(value).__name__


#: After Ctrl-C: how long to wait for the notebook runs to end once their kernels are killed.
CANCEL_WAIT = 15  # seconds


def _run_jobs(jobs: list[Job], out: Path, show_code: bool, progress, n_jobs: int,
              env: dict[str, str], *, failed_dir: Path | None = None,
              control: RunControl | None = None) -> list[tuple[str, str]]:
    """Run the jobs (``n_jobs`` at a time, each in a worker thread), write each page into
    ``out``; return ``(file, title)`` in job order. A failure stops the queue: the jobs not
    started are not run, and the first failure (in job order) is raised once the running ones
    have finished. ``KeyboardInterrupt`` (in the calling, main thread) cancels everything at
    once (:meth:`RunControl.cancel`) and is raised again. Partial notebooks of failed runs go
    to ``failed_dir``."""
    control = control or RunControl()
    lock = threading.Lock()
    counter = {"started": 0}
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for item in enumerate(jobs):
        todo.put(item)
    results: list = [None] * len(jobs)
    errors: dict[int, BaseException] = {}

    def run(job: Job) -> tuple[str, str]:
        with lock:
            counter["started"] += 1
            number = counter["started"]
            if progress is not None:
                progress(f"[{number}/{len(jobs)}] executing {job.label}")
        nb = execute_notebook(job.notebook, failed_dir, parameters=job.parameters or None,
                              stem=job.stem, env=env, control=control)
        control.check()
        page = write_file(out / f"{job.stem}.html", export_html(nb, job.stem, show_code))
        return page.name, notebook_title(nb, job.stem)

    def worker(done: threading.Event) -> None:
        try:
            work()
        finally:
            done.set()

    def work() -> None:
        while not control.cancelled:
            with lock:  # no new job once one has failed
                if errors:
                    return
                try:
                    i, job = todo.get_nowait()
                except queue.Empty:
                    return
            try:
                results[i] = run(job)
            except Cancelled:
                return
            except BaseException as exc:  # noqa: BLE001 - re-raised below, in job order
                with lock:
                    errors[i] = exc

    # Daemon threads, each setting its own event when it ends: the main thread waits on the
    # events, never with Thread.join (on Python 3.11 a join interrupted by Ctrl-C marks a
    # running thread as stopped), and an interrupted build never waits for them to exit.
    done = [threading.Event() for _ in range(max(1, min(n_jobs, len(jobs))))]
    try:
        for k, event in enumerate(done):
            threading.Thread(target=worker, args=(event,), name=f"standpoint-report-{k}",
                             daemon=True).start()
        for event in done:
            while not event.wait(0.2):
                pass
    except BaseException:
        control.cancel()
        _wait_for(done, CANCEL_WAIT)
        raise
    if errors:
        raise errors[min(errors)]
    if control.cancelled:
        raise KeyboardInterrupt
    return results


def _wait_for(done: list[threading.Event], seconds: float) -> None:
    """Wait up to ``seconds`` in all for every event of ``done`` (the notebook runs ending);
    another Ctrl-C here is ignored: the build is already stopping."""
    import time

    deadline = time.monotonic() + seconds
    for event in done:
        while not event.is_set() and time.monotonic() < deadline:
            try:
                event.wait(min(0.2, max(0.0, deadline - time.monotonic())))
            except KeyboardInterrupt:
                continue


# ------------------------------------------------------------------------- provenance ----

def git_commit(root: Path | str | None = None, exclude=None) -> str:
    """``git rev-parse HEAD`` of ``root`` (default the project), with ``+dirty`` when the work
    tree has uncommitted changes or untracked files (``exclude``, a path or a list of paths,
    e.g. the report folder and the build's lock and staging folder beside it, does not count: a
    build must not make the next one differ); ``unknown`` without git or a repository.
    Read-only (``GIT_OPTIONAL_LOCKS=0``).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     git_commit(d)
        'unknown'
    """
    root = Path(root) if root is not None else project_root()
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)

    def git(*args: str) -> subprocess.CompletedProcess | None:
        try:
            return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, env=env, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None

    top = git("rev-parse", "--show-toplevel")
    head = git("rev-parse", "--verify", "HEAD")
    if top is None or head is None or top.returncode != 0 or head.returncode != 0:
        return "unknown"
    commit = head.stdout.strip()
    toplevel = Path(top.stdout.strip()).resolve()
    spec = ["--", "."]
    excluded = [] if exclude is None else (
        [exclude] if isinstance(exclude, (str, os.PathLike)) else list(exclude))
    for path in excluded:
        try:
            rel = Path(path).resolve().relative_to(toplevel)
            if str(rel) not in ("", "."):
                spec.append(f":(exclude,literal){rel.as_posix()}")
        except ValueError:
            pass  # the output folder is outside the repository
    status = git("-C", str(toplevel), "status", "--porcelain", "--untracked-files=normal", *spec)
    if status is None or status.returncode != 0:
        return f"{commit}+unknown-state"
    return commit + ("+dirty" if status.stdout.strip() else "")


def package_versions(distribution: str = "standpoint") -> list[tuple[str, str]]:
    """``(name, version)`` of ``distribution`` and its direct runtime dependencies (not the
    extras), as installed, in the order its metadata lists them.

    Example:
        >>> versions = dict(package_versions())
        >>> versions["standpoint"] == __import__("standpoint").__version__, "pandas" in versions
        (True, True)
    """
    from packaging.requirements import Requirement

    out = [(distribution, importlib.metadata.version(distribution))]
    for spec in importlib.metadata.requires(distribution) or []:
        req = Requirement(spec)
        if req.marker is not None and "extra" in str(req.marker):
            continue
        try:
            out.append((req.name, importlib.metadata.version(req.name)))
        except importlib.metadata.PackageNotFoundError:
            out.append((req.name, "not installed"))
    return out


@dataclass(frozen=True)
class Provenance:
    """Where a report came from: the corpus files with their (verified) checksums, package
    versions, the git commit, the command, the Python and the Chromium that printed the PDFs."""

    documents: list[dict]
    packages: list[tuple[str, str]]
    commit: str
    command: str
    python: str
    chromium: str = ""


def provenance(command: str, corpus=None, exclude=None,
               chromium: str = "") -> Provenance:
    """Collect the :class:`Provenance` of a build (``corpus`` default: :func:`load_corpus`,
    which verifies every checksum).

    Example:
        >>> p = provenance("standpoint report --out reports")
        >>> [d["doc_id"] for d in p.documents][:1], len(p.documents[0]["sha256"])
        (['icc-communist-left-1'], 64)
    """
    if corpus is None:
        from standpoint.corpus import load_corpus

        corpus = load_corpus()
    docs = [{k: str(v) for k, v in row.items()} for row in corpus.documents.to_dict("records")]
    return Provenance(documents=docs, packages=package_versions(),
                      commit=git_commit(exclude=exclude), command=command,
                      python=sys.version.split()[0], chromium=chromium)


# ------------------------------------------------------------------------------ index ----

INDEX_CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; max-width: 60em;
       margin: 1.5em auto; padding: 0 1em; line-height: 1.45; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f2f2f2; }
code { font-size: 0.9em; }
table.corpus td:first-child code, table.corpus td:nth-child(2) { white-space: nowrap; }
table.checksums code { overflow-wrap: anywhere; }
footer { margin-top: 2em; font-size: 0.85em; color: #333; border-top: 2px solid #ccc; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em;
          vertical-align: baseline; }
"""


@dataclass(frozen=True)
class ComparisonEntry:
    """One opposition in the index: its comparison page(s) and handout files (file names)."""

    opposition: str
    name: str
    years: str
    pages: tuple[tuple[str, str], ...] = ()
    handouts: tuple[str, ...] = ()


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _corpus_html(corpus) -> str:
    names = dict(zip(corpus.traditions["tradition"], corpus.traditions["name"]))
    colours = corpus.colours
    rows = []
    for d in corpus.documents.to_dict("records"):
        t = d["tradition"]
        rows.append(
            f"<tr><td><code>{_e(d['doc_id'])}</code></td><td><span class=\"swatch\" "
            f"style=\"background: {_e(colours.get(t, '#999999'))}\"></span>{_e(names.get(t, t))}</td>"
            f"<td>{_e(d['author'])}</td><td>{_e(d['title'])}</td><td>{_e(d['year'] or '—')}</td></tr>")
    return (
        "<h2>The corpus</h2>\n"
        f"<p>{len(corpus.documents)} texts on the oppositions inside the Bolshevik party, "
        f"1918-1930, from {len(names)} traditions ({_e(', '.join(names.values()))}). Each text "
        "is split into passages; a passage is the author's own voice, a quotation of someone "
        "else, or a note. The comparisons use only the authors' own passages, and the hand "
        "annotations of them (<code>corpus/annotations.csv</code>).</p>\n"
        "<table class=\"corpus\">\n<thead><tr><th>Document</th><th>Tradition</th><th>Author</th>"
        "<th>Title</th><th>Year</th></tr></thead>\n<tbody>\n" + "\n".join(rows)
        + "\n</tbody>\n</table>")


def _comparisons_html(entries: list[ComparisonEntry]) -> str:
    if not entries:
        return ""
    rows = []
    for c in entries:
        pages = "<br>".join(f'<a href="{_e(href)}">{_e(title)}</a>' for href, title in c.pages) or "—"
        files = " · ".join(f'<a href="{_e(h)}">{_e(Path(h).suffix[1:].upper())}</a>'
                           for h in c.handouts) or "—"
        rows.append(f"<tr><td>{_e(c.name)}</td><td>{_e(c.years)}</td><td>{pages}</td>"
                    f"<td>{files}</td></tr>")
    return (
        "<h2>The oppositions compared</h2>\n"
        "<p>One comparison page per opposition that at least two traditions discuss, and a "
        "printable seminar handout (the group in two lines, each tradition's verdict in its own "
        "words, where they agree and disagree, questions for discussion).</p>\n"
        "<table class=\"comparisons\">\n<thead><tr><th>Opposition</th><th>Years</th>"
        "<th>Comparison</th><th>Seminar handout</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows) + "\n</tbody>\n</table>")


def _footer_html(p: Provenance) -> str:
    docs = "\n".join(f"<tr><td><code>{_e(d['doc_id'])}</code></td><td><code>{_e(d['file'])}</code>"
                     f"</td><td><code>{_e(d['sha256'])}</code></td></tr>" for d in p.documents)
    packages = ", ".join(f"{_e(n)} {_e(v)}" for n, v in p.packages)
    chromium = f"<li>PDF handouts printed by: {_e(p.chromium)}</li>\n" if p.chromium else ""
    return (
        "<footer>\n<h2>Provenance</h2>\n"
        "<p>Corpus texts, each verified against its SHA-256 in <code>corpus/documents.csv</code> "
        "before the build:</p>\n<table class=\"checksums\">\n<thead><tr><th>Document</th>"
        "<th>File</th><th>SHA-256</th></tr></thead>\n<tbody>\n" + docs + "\n</tbody>\n</table>\n"
        "<ul>\n"
        f"<li>Packages: {packages}</li>\n"
        f"<li>Python: {_e(p.python)}</li>\n"
        f"{chromium}"
        f"<li>Git commit: <code>{_e(p.commit)}</code></li>\n"
        f"<li>Built with: <code>{_e(p.command)}</code></li>\n"
        "</ul>\n</footer>")


def index_html(pages: list[tuple[str, str]], *, comparisons: list[ComparisonEntry] = (),
               corpus=None, prov: Provenance | None = None) -> str:
    """The index page: what the corpus is (if ``corpus`` is given), one link per
    ``(file name, title)`` of ``pages`` in the given order, the oppositions compared (their
    comparison pages and handouts), and the provenance footer (if ``prov`` is given). Every
    text is HTML-escaped; the page has inline CSS and nothing else.

    Example:
        >>> "<a href=\\"01-corpus.html\\">The corpus</a>" in index_html([("01-corpus.html", "The corpus")])
        True
    """
    items = "\n".join(
        f'  <li><a href="{html.escape(href)}">{html.escape(title)}</a></li>'
        for href, title in pages
    )
    notebooks = (f"<h2>Notebooks</h2>\n<ol class=\"notebooks\">\n{items}\n</ol>\n" if pages else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"{GENERATOR_META}\n"
        f"<title>standpoint report</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        "<h1>standpoint report</h1>\n"
        "<p>Rival accounts of the Bolshevik oppositions, 1918-1930: how four traditions "
        "(left communist, Trotskyist, anarchist, academic) judge the oppositions inside the "
        "party. One page per notebook, one comparison per opposition, and seminar handouts.</p>\n"
        + (_corpus_html(corpus) + "\n" if corpus is not None else "")
        + notebooks
        + _comparisons_html(list(comparisons))
        + ("\n" + _footer_html(prov) if prov is not None else "")
        + "\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------ build ----

def default_command(show_code: bool = False, notebooks=None, oppositions=None) -> str:
    """The ``standpoint report`` options equivalent to the arguments (for the footer when no
    command is given). The output folder is left out: it is where the index is, and the same
    build into two folders gives the same files.

    Example:
        >>> default_command(oppositions=["left-opposition"])
        'standpoint report --opposition left-opposition'
    """
    argv = ["standpoint", "report"]
    if show_code:
        argv.append("--show-code")
    for name in notebooks or []:
        argv += ["--notebook", str(name)]
    for o in oppositions or []:
        argv += ["--opposition", str(o)]
    return shlex.join(argv)


def build_report(
    out_dir: Path | str = "reports",
    show_code: bool = False,
    progress: Callable[[str], None] | None = None,
    notebooks_dir: Path | str | None = None,
    *,
    notebooks: list[str] | None = None,
    oppositions: list[str] | None = None,
    handouts: bool | None = None,
    pdf: bool | None = None,
    jobs: int = 1,
    command: str | None = None,
) -> Path:
    """Execute the notebooks, write ``<stem>.html`` for each run, the handouts and
    ``index.html``; return the path of ``index.html``.

    ``notebooks``: only these (file names or stems; default all). ``oppositions``: run the
    per-opposition notebooks and write handouts only for these ids (default every comparable
    one; an unknown or not comparable id is a :class:`ReportError` listing the valid ones).
    ``handouts``: write the handouts (default: when building the project's own notebooks, i.e.
    ``notebooks_dir`` is None). ``pdf``: print them to PDF (``None``: when Chromium is found;
    ``True``: Chromium required). ``jobs``: notebooks run at a time. ``command``: the command
    line shown in the footer (default :func:`default_command`; the command line passes what was
    typed). ``progress`` receives one
    message per notebook run (``"[3/9] executing 03-compare-opposition.ipynb
    (workers-opposition)"``) and per handout. Every argument is checked before anything is
    written. The folder is replaced only by a complete build (see the module docstring).
    Raises :class:`OutputDirError`, :class:`NotebookError`, :class:`BuildError` or
    :class:`ReportError` (see the module docstring), or ``KeyboardInterrupt`` after stopping.

    Example (runs kernels, so not run as a doctest)::

        index = build_report("reports", progress=print, oppositions=["workers-opposition"])
    """
    from standpoint.publish import folders as reportdir

    own_notebooks = notebooks_dir is None
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    found = find_notebooks(notebooks_dir)
    chosen = select_notebooks(found, notebooks)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ReportError(f"jobs must be 1 or more, not {jobs!r}")
    out = reportdir.check_output_path(out_dir)
    if out.resolve() == notebooks_dir.resolve():
        raise OutputDirError(f"{out}: is the notebooks folder; choose another output folder")
    want_handouts = own_notebooks if handouts is None else handouts
    per_opposition = parameterised(chosen)

    from standpoint.corpus import load_corpus

    corpus = load_corpus()  # verifies every checksum before anything runs
    inputs = None
    registry: list[str] = []
    names: dict[str, tuple[str, str]] = {}
    selected_oppositions: list[str] = []
    if per_opposition or want_handouts or oppositions is not None:
        from standpoint.comparison import comparable_oppositions, shared_inputs
        from standpoint.publish.handouts import HandoutError, check_oppositions

        inputs = shared_inputs(corpus)
        table = inputs["oppositions"]
        registry = list(table["opposition"])
        names = {o: (n, str(y0) if y0 == y1 else f"{y0}–{y1}") for o, n, y0, y1 in
                 zip(table["opposition"], table["name"], table["start_year"], table["end_year"])}
        try:
            selected_oppositions = check_oppositions(
                oppositions, comparable_oppositions(**inputs), registry)
        except HandoutError as exc:
            raise ReportError(str(exc)) from None
    write_handouts_now = bool(want_handouts and selected_oppositions)

    printer = ""
    if want_handouts and pdf is not False:
        from standpoint.publish.handouts import find_chromium

        printer = find_chromium() or ""
        if pdf and not printer:
            raise ReportError("no Chromium found to print the PDF handouts (install the Debian "
                              "packages chromium and fonts-dejavu-core, or use --no-pdf)")

    # every path a build can write; anything else in the folder is the user's
    if not registry:
        from standpoint.corpus import load_oppositions

        registry = list(load_oppositions(corpus.root)["opposition"])
    all_per_opposition = parameterised(found)
    pages = {f"{p.stem}.html" for p in found} - {f"{p.stem}.html" for p in all_per_opposition}
    for path in all_per_opposition:
        pages |= {f"{page_stem(path.stem, o)}.html" for o in registry}
    handout_names = {f"{o}.{ext}" for o in registry for ext in ("html", "pdf")}
    owned = reportdir.owned_paths(pages, HANDOUTS_DIR, handout_names)

    # a symbolic link to the report folder stays a link: the folder it points to is rebuilt
    target = out.resolve() if out.is_symlink() and out.is_dir() else out
    with reportdir.FolderLock(target) as lock:
        if write_handouts_now and (out / HANDOUTS_DIR).exists() and not (out / HANDOUTS_DIR).is_dir():
            raise OutputDirError(f"{out / HANDOUTS_DIR}: exists and is not a folder")
        reportdir.check_dedicated(out, owned)
        if out.is_dir():
            prepare_output_dir(out)  # writable: the old folder can be removed after the swap
        reportdir.remove_leftovers(target)
        staging = reportdir.new_staging(target)
        try:
            if printer == "" and want_handouts and pdf is not False and progress is not None:
                progress("note: no Chromium found: handouts are written as HTML only "
                         "(install the Debian package chromium for the PDFs)")
            index_name = _build_into(
                staging, out=out, corpus=corpus, inputs=inputs, chosen=chosen,
                selected_oppositions=selected_oppositions, names=names,
                write_handouts_now=write_handouts_now, printer=printer, show_code=show_code,
                progress=progress, jobs=jobs,
                command=command or default_command(show_code, notebooks, oppositions),
                exclude=[out, staging, lock.path])
            reportdir.publish(staging, target, owned)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return out / index_name


def _build_into(staging: Path, *, out: Path, corpus, inputs, chosen, selected_oppositions,
                names, write_handouts_now, printer, show_code, progress, jobs, command,
                exclude) -> str:
    """The build itself, into the empty folder ``staging``; returns the index's file name.
    Partial notebooks of failed runs go to ``out`` (the only thing a failed build leaves)."""
    job_list = plan_jobs(chosen, selected_oppositions)
    with tempfile.TemporaryDirectory(prefix="standpoint-report-") as tmp:
        rc = Path(tmp) / "matplotlibrc"
        rc.write_text("svg.hashsalt: standpoint\n", encoding="utf-8")
        results = _run_jobs(job_list, staging, show_code, progress, jobs, kernel_env(rc),
                            failed_dir=out)

    plain: list[tuple[str, str]] = []
    by_opposition: dict[str, list[tuple[str, str]]] = {}
    for job, (name, title) in zip(job_list, results):
        if job.parameters:
            by_opposition.setdefault(job.parameters[PARAMETER], []).append((name, title))
        else:
            plain.append((name, title))

    handout_files: dict[str, list[str]] = {}
    if write_handouts_now:
        from standpoint.publish.handouts import HandoutError, write_handouts

        try:
            written = write_handouts(staging / HANDOUTS_DIR, selected_oppositions, inputs=inputs,
                                     pdf=bool(printer), progress=progress,
                                     chromium=printer or None)
        except HandoutError as exc:  # a failed print or a broken PDF (the ids were checked)
            raise BuildError(str(exc)) from None
        for path in written:
            handout_files.setdefault(path.stem, []).append(f"{HANDOUTS_DIR}/{path.name}")

    entries = [ComparisonEntry(o, names[o][0], names[o][1], tuple(by_opposition.get(o, [])),
                               tuple(handout_files.get(o, [])))
               for o in selected_oppositions]
    from standpoint.publish.handouts import chromium_version

    prov = provenance(command, corpus, exclude=exclude,
                      chromium=chromium_version(printer) if printer and handout_files else "")
    index = write_file(staging / "index.html",
                       index_html(plain, comparisons=entries, corpus=corpus, prov=prov))
    return index.name
