"""Build the HTML report: execute every notebook and export it to HTML, plus an index.

:func:`build_report` runs each ``notebooks/*.ipynb`` (sorted by name) in a fresh
``python3`` kernel with the notebooks folder as working directory, on an in-memory copy
(the committed notebooks are never written), then exports it with nbconvert's
``HTMLExporter`` (code hidden unless ``show_code``) to ``<out_dir>/<stem>.html`` and writes
``<out_dir>/index.html`` linking them all.

Nothing outside ``out_dir`` is written or deleted. Inside it, each file is written to a
temporary name and renamed, so an interrupted build never leaves half a page; a notebook
that fails leaves ``<stem>.failed.ipynb`` (the partly executed notebook, with the error)
for debugging, which the next successful build of that notebook removes.

Errors: :class:`OutputDirError` (the output folder cannot be created or written; the
command line exits 2), :class:`NotebookError` (a notebook is unreadable or a cell failed;
exit 1), and :class:`ReportError` for anything else the user must fix (no notebooks; exit 2).
"""

from __future__ import annotations

import html
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable

KERNEL = "python3"
TIMEOUT = 600  # seconds per cell
FAILED_SUFFIX = ".failed.ipynb"


class ReportError(Exception):
    """The report cannot be built; ``exit_code`` is what the command line returns."""

    exit_code = 2


class OutputDirError(ReportError):
    """The output folder cannot be created or written to."""

    exit_code = 2


class NotebookError(ReportError):
    """A notebook could not be read or one of its cells failed.

    Attributes:
        notebook: the notebook's path.
        cell: 1-based number of the failing cell among all cells (``None`` if unknown).
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
    return Path(__file__).resolve().parents[2] / "notebooks"


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


def prepare_output_dir(out_dir: Path | str) -> Path:
    """Create ``out_dir`` if needed and check that files can be written in it.

    Raises :class:`OutputDirError` with a one-line reason otherwise.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     prepare_output_dir(Path(d) / "reports").is_dir()
        True
    """
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


def write_file(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file in the same folder, so the
    file is either the old one or the complete new one.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     write_file(Path(d) / "a.html", "<p>hi</p>").read_text()
        '<p>hi</p>'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, path)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise OutputDirError(f"{path}: cannot write ({_reason(exc)})") from None
    return path


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
    """Export a notebook to a standalone HTML page (code cells hidden unless ``show_code``).

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("secret_code = 1")])
        >>> "secret_code" in export_html(nb, "demo")
        False
        >>> "secret_code" in export_html(nb, "demo", show_code=True)
        True
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


def index_html(pages: list[tuple[str, str]]) -> str:
    """The index page: one link per ``(file name, title)``, in the given order.

    Example:
        >>> "<a href=\\"01-corpus.html\\">The corpus</a>" in index_html([("01-corpus.html", "The corpus")])
        True
    """
    items = "\n".join(
        f'  <li><a href="{html.escape(href)}">{html.escape(title)}</a></li>'
        for href, title in pages
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>standpoint report</title>\n</head>\n<body>\n<h1>standpoint report</h1>\n"
        "<p>Rival accounts of the Bolshevik oppositions, 1918-1930: one page per notebook.</p>\n"
        f"<ol>\n{items}\n</ol>\n</body>\n</html>\n"
    )


def execute_notebook(path: Path, out_dir: Path, timeout: int = TIMEOUT) -> Any:
    """Run the notebook at ``path`` (in memory; the file is only read) with the notebook's
    folder as working directory, and return the executed, scrubbed notebook.

    On failure, writes the partly executed notebook to ``out_dir/<stem>.failed.ipynb`` and
    raises :class:`NotebookError` naming the notebook and the failing cell.

    Example (runs a kernel, so not run as a doctest)::

        nb = execute_notebook(Path("notebooks/01-corpus.ipynb"), Path("reports"))
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # JSON or schema errors: a broken notebook file
        raise NotebookError(f"{path}: not a readable notebook ({_first_line(exc)})", path) from None
    current: dict[str, int] = {}

    def on_cell_start(cell: Any, cell_index: int) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb, timeout=timeout, kernel_name=KERNEL, record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        on_cell_start=on_cell_start,
    )
    try:
        # the kernel's own log (e.g. ipykernel's transport warning) is noise on our
        # stderr; the cells' output, errors included, arrives through the notebook
        client.execute(stderr=subprocess.DEVNULL)
    except Exception as exc:
        if isinstance(exc, CellExecutionError):
            reason = f"{exc.ename}: {_first_line(exc.evalue)}" if exc.ename else _first_line(exc)
        else:
            reason = f"{type(exc).__name__}: {_first_line(exc)}"
        partial = Path(out_dir) / (path.stem + FAILED_SUFFIX)
        write_file(partial, nbformat.writes(scrub(nb)))
        cell = current["index"] + 1 if "index" in current else None
        where = f"cell {cell}" if cell is not None else "before the first cell"
        raise NotebookError(
            f"{path.name}: {where} failed: {reason} (partial notebook: {partial})",
            path, cell, partial,
        ) from None
    return scrub(nb)


def _first_line(value: Any) -> str:
    lines = [line.strip() for line in str(value).splitlines() if line.strip()]
    return lines[0] if lines else type(value).__name__


def build_report(
    out_dir: Path | str = "reports",
    show_code: bool = False,
    progress: Callable[[str], None] | None = None,
    notebooks_dir: Path | str | None = None,
) -> Path:
    """Execute every notebook and write ``<stem>.html`` for each plus ``index.html``.

    ``progress`` receives one message per notebook (``"[1/2] executing 01-corpus.ipynb"``).
    Returns the path of ``index.html``. Raises :class:`OutputDirError`,
    :class:`NotebookError` or :class:`ReportError` (see the module docstring).

    Example (runs kernels, so not run as a doctest)::

        index = build_report("reports", progress=print)
    """
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    notebooks = find_notebooks(notebooks_dir)
    out = Path(out_dir)
    if out.resolve() == notebooks_dir.resolve():
        raise OutputDirError(f"{out}: is the notebooks folder; choose another output folder")
    out = prepare_output_dir(out)
    pages: list[tuple[str, str]] = []
    for number, path in enumerate(notebooks, start=1):
        if progress is not None:
            progress(f"[{number}/{len(notebooks)}] executing {path.name}")
        nb = execute_notebook(path, out)
        page = write_file(out / f"{path.stem}.html", export_html(nb, path.stem, show_code))
        stale = out / (path.stem + FAILED_SUFFIX)
        if stale.is_file():
            stale.unlink()
        pages.append((page.name, notebook_title(nb, path.stem)))
    return write_file(out / "index.html", index_html(pages))
