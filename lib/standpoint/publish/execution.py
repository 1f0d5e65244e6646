"""Running one notebook: reproducibly, in a fresh kernel, and so that it can be stopped.

:func:`execute_notebook` runs a notebook in memory (the file is only read) in a fresh
``python3`` kernel with the notebook's folder as working directory, and returns it executed,
scrubbed and with stable ids. The same inputs give the same notebook: kernels run with
``PYTHONHASHSEED=0``, ``SOURCE_DATE_EPOCH`` (fixed unless set) and a matplotlibrc of the
caller's (:func:`kernel_env`); execution times, kernel and papermill metadata are removed
(:func:`scrub`); pandas Styler's random table ids are renumbered (:func:`stable_ids`).

A failing cell is a :class:`~standpoint.publish.errors.NotebookError` naming the notebook, its
parameters and the cell (its number in the notebook file), with the partly executed notebook
written to ``<stem>.failed.ipynb`` for debugging. A :class:`RunControl` shared by the runs of
one build stops them all at once: no further cell starts and the running kernels are killed
(:class:`Cancelled` is raised instead of an error, and nothing is written).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from standpoint.publish.errors import NotebookError, OutputDirError
from standpoint.publish.files import write_file
from standpoint.publish.notebooks import KERNEL, inject_parameters
from standpoint.publish.ownership import FAILED_SUFFIX

TIMEOUT = 600  # seconds per cell
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, unless the environment sets one

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
        """Register a running notebook client (an nbclient ``NotebookClient``) so that
        :meth:`cancel` can kill its kernel; killed at once if the build is already cancelled."""
        with self._lock:
            self._clients.add(client)
        if self._event.is_set():
            _kill_kernel(client)

    def discard(self, client: Any) -> None:
        """Forget a client whose run has ended."""
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


# ------------------------------------------------------------------ reproducible output ----

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
