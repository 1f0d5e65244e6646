"""Whether an output folder is the report's to replace.

A report build swaps a whole new folder in for its output folder
(:mod:`standpoint.publish.folders`), so it must never take a folder that holds anything but a
previous report. :func:`check_output_path` refuses an empty path, the current folder and any
folder that contains it; :func:`check_dedicated` refuses an existing folder that is neither
empty nor a previous report. A previous report is recognised by its ``index.html``
(:func:`is_report_index`: the ``<meta name="generator" content="standpoint report">`` every
index carries, or the title older builds wrote), or by holding nothing but files a build could
have written (:func:`owned_paths`; for example only ``handouts/``, which ``standpoint handout``
writes).

Errors are :class:`standpoint.publish.errors.OutputDirError` (one line; the command line exits 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from standpoint.publish.errors import OutputDirError
from standpoint.publish.files import reason as _reason
from standpoint.publish.files import shown as _shown

#: The generator every index page names in its ``<head>`` (:data:`GENERATOR_META`): how a
#: report folder is recognised.
GENERATOR = "standpoint report"
GENERATOR_META = f'<meta name="generator" content="{GENERATOR}">'
#: The title of the index pages written before the generator tag existed.
LEGACY_TITLE = "<title>standpoint report</title>"
FAILED_SUFFIX = ".failed.ipynb"


def check_output_path(out_dir: Path | str) -> Path:
    """``out_dir`` as a :class:`~pathlib.Path`, refusing an empty path (``''`` would be the
    current folder), the current folder itself and any folder that contains it (swapping it
    would pull the ground from under the shell).

    Example:
        >>> check_output_path("reports").name
        'reports'
        >>> check_output_path("")
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.OutputDirError: the output folder is an empty path: name a folder for the report, e.g. reports
        >>> check_output_path(".")
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.OutputDirError: .: is the current folder or contains it; choose a folder of its own, e.g. reports
    """
    if out_dir is None or not str(out_dir).strip():
        raise OutputDirError("the output folder is an empty path: name a folder for the report, "
                             "e.g. reports")
    out = Path(out_dir)
    try:
        here = Path.cwd().resolve()
    except OSError:
        here = None
    target = out.resolve()
    if here is not None and (here == target or target in here.parents):
        raise OutputDirError(f"{_shown(out)}: is the current folder or contains it; choose a "
                             "folder of its own, e.g. reports")
    return out


def is_report_index(path: Path | str) -> bool:
    """Whether ``path`` is an index page written by ``standpoint report`` (it has
    :data:`GENERATOR_META`, or the title older builds wrote, in its first 4 KB).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     page = Path(d) / "index.html"
        ...     _ = page.write_text("<html><head>" + GENERATOR_META + "</head></html>")
        ...     mine = is_report_index(page)
        ...     _ = page.write_text("<html><head><title>My site</title></head></html>")
        ...     mine, is_report_index(page), is_report_index(Path(d) / "none.html")
        (True, False, False)
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return GENERATOR_META in head or LEGACY_TITLE in head


def _strangers(out: Path, owned: set[str]) -> Iterable[str]:
    """Entries of ``out`` (relative paths) that no build writes; one level into owned folders."""
    for entry in sorted(out.iterdir()):
        rel = entry.name
        if entry.is_dir() and not entry.is_symlink() and rel in owned:
            for sub in sorted(entry.iterdir()):
                if f"{rel}/{sub.name}" not in owned or sub.is_dir():
                    yield f"{rel}/{sub.name}"
        elif rel not in owned or entry.is_dir() or entry.is_symlink():
            yield rel


def check_dedicated(out: Path | str, owned: Iterable[str]) -> None:
    """Refuse ``out`` unless it does not exist, is empty, is a previous report
    (:func:`is_report_index` of its ``index.html``) or holds only paths in ``owned`` (relative,
    ``/``-separated: the files a build writes, and folders such as ``handouts``).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     check_dedicated(Path(d) / "new", ["index.html"])
        ...     _ = (Path(d) / "thesis.tex").write_text("years of work")
        ...     check_dedicated(d, ["index.html"])
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.OutputDirError: ...: not empty and not a standpoint report folder (it holds 'thesis.tex'); choose a new or empty folder
    """
    out = Path(out)
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise OutputDirError(f"{_shown(out)}: exists and is not a folder")
    try:
        if is_report_index(out / "index.html"):
            return
        first = next(iter(_strangers(out, set(owned))), None)
    except OSError as exc:
        raise OutputDirError(
            f"{_shown(out)}: cannot read the output folder ({_reason(exc)})") from None
    if first is not None:
        raise OutputDirError(f"{_shown(out)}: not empty and not a standpoint report folder (it "
                             f"holds {first!r}); choose a new or empty folder")


def owned_paths(pages: Iterable[str], handouts_dir: str, handouts: Iterable[str]) -> set[str]:
    """The relative paths a build can write: ``index.html``, each page and its
    ``<stem>.failed.ipynb``, the handouts folder and each handout file in it.

    Example:
        >>> sorted(owned_paths(["01-corpus.html"], "handouts", ["x.pdf"]))
        ['01-corpus.failed.ipynb', '01-corpus.html', 'handouts', 'handouts/x.pdf', 'index.html']
    """
    owned = {"index.html", handouts_dir}
    for page in pages:
        owned.add(page)
        owned.add(page[: -len(".html")] + FAILED_SUFFIX if page.endswith(".html") else page)
    owned |= {f"{handouts_dir}/{name}" for name in handouts}
    return owned

