"""Report folders that are always a whole, consistent build.

``standpoint report --out D`` never writes its pages into ``D`` one by one. It

1. refuses an output folder that is not its own (:func:`check_output_path`,
   :func:`check_dedicated`): an empty path, the current folder or one that contains it, or an
   existing folder that is neither empty nor a previous report. A previous report is recognised
   by its ``index.html`` (:func:`is_report_index`: the ``<meta name="generator"
   content="standpoint report">`` every index carries, or the title older builds wrote), or by
   holding nothing but files a build could have written (for example only ``handouts/``, which
   ``standpoint handout`` writes);
2. locks it (:class:`FolderLock`): ``.<name>.lock`` beside ``D``, held with ``flock`` for the
   whole build. A second build into the same folder **refuses at once** with one line naming
   the process that holds it; the lock goes with the process, however it ends;
3. builds into a fresh hidden folder beside ``D`` (:func:`new_staging`: ``.<name>.building-*``,
   on the same file system, so it can be renamed);
4. only when everything succeeded, carries over the files of the old ``D`` that no build
   writes (a user's notes: hard links, so nothing is copied or lost) and swaps the new folder
   in (:func:`publish`: one atomic ``renameat2(RENAME_EXCHANGE)`` on Linux, else two renames),
   then removes the old one.

A failed or interrupted build removes its staging folder and leaves ``D`` as it was. A build
killed outright (``SIGKILL``, power loss) can leave ``.<name>.building-*`` or ``.<name>.old-*``
beside ``D``; the next build into ``D`` removes them (:func:`remove_leftovers`), under the lock.

Errors are :class:`standpoint.publish.report.OutputDirError` (one line; the command line exits 2).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

#: What every index page carries in its ``<head>``: how a report folder is recognised.
GENERATOR_META = '<meta name="generator" content="standpoint report">'
#: The title of the index pages written before the generator tag existed.
LEGACY_TITLE = "<title>standpoint report</title>"
LOCK_SUFFIX = ".lock"
STAGING_INFIX = ".building-"
OLD_INFIX = ".old-"


def _error(message: str) -> Exception:
    from standpoint.publish.report import OutputDirError

    return OutputDirError(message)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _shown(path: Path | str) -> str:
    """A path as one line: control characters escaped."""
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]


# ------------------------------------------------------------------------ checks ----

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
        standpoint.publish.report.OutputDirError: the output folder is an empty path: name a folder for the report, e.g. reports
        >>> check_output_path(".")
        Traceback (most recent call last):
        ...
        standpoint.publish.report.OutputDirError: .: is the current folder or contains it; choose a folder of its own, e.g. reports
    """
    if out_dir is None or not str(out_dir).strip():
        raise _error("the output folder is an empty path: name a folder for the report, "
                     "e.g. reports")
    out = Path(out_dir)
    try:
        here = Path.cwd().resolve()
    except OSError:
        here = None
    target = out.resolve()
    if here is not None and (here == target or target in here.parents):
        raise _error(f"{_shown(out)}: is the current folder or contains it; choose a folder "
                     "of its own, e.g. reports")
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
        standpoint.publish.report.OutputDirError: ...: not empty and not a standpoint report folder (it holds 'thesis.tex'); choose a new or empty folder
    """
    out = Path(out)
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise _error(f"{_shown(out)}: exists and is not a folder")
    try:
        if is_report_index(out / "index.html"):
            return
        first = next(iter(_strangers(out, set(owned))), None)
    except OSError as exc:
        raise _error(f"{_shown(out)}: cannot read the output folder ({_reason(exc)})") from None
    if first is not None:
        raise _error(f"{_shown(out)}: not empty and not a standpoint report folder (it holds "
                     f"{first!r}); choose a new or empty folder")


# -------------------------------------------------------------------------- lock ----

class FolderLock:
    """An exclusive lock on building into ``out``: ``flock`` on ``.<name>.lock`` beside it
    (the parent folder is created if needed). Entering refuses at once, with
    :class:`~standpoint.publish.report.OutputDirError` naming the holder's process id, when another
    build holds it. The lock file is removed on exit; the kernel releases the lock if the
    process dies.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     with FolderLock(Path(d) / "reports"):
        ...         try:
        ...             FolderLock(Path(d) / "reports").__enter__()
        ...         except Exception as exc:
        ...             print("another standpoint report is building" in str(exc))
        True
    """

    def __init__(self, out: Path | str):
        self.out = Path(out)
        self.path = lock_path(self.out)
        self._fd: int | None = None

    def __enter__(self) -> "FolderLock":
        import fcntl

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise _error(f"{_shown(self.out)}: cannot create output folder "
                         f"({_shown(self.path.parent)} exists and is not a folder)") from None
        except OSError as exc:
            raise _error(f"{_shown(self.out)}: cannot create output folder "
                         f"({_reason(exc)})") from None
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise _error(f"{_shown(self.out)}: cannot lock the output folder "
                             f"({_reason(exc)})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {holder})" if holder.isdigit() else ""
                raise _error(f"{_shown(self.out)}: another standpoint report is building into "
                             f"this folder{who}; wait for it to finish or choose another "
                             "output folder") from None
            # the holder before us may have removed the file after we opened it: retry on
            # the file that is there now, or two builds would hold two different locks
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc_info) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)  # while still holding it (see the retry above)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None


def lock_path(out: Path | str) -> Path:
    """The lock file of the output folder ``out``: ``.<name>.lock`` beside it.

    Example:
        >>> lock_path("reports").name
        '.reports.lock'
    """
    out = Path(out).absolute()
    return out.parent / f".{out.name}{LOCK_SUFFIX}"


# ------------------------------------------------------------------- build and swap ----

def new_staging(out: Path | str) -> Path:
    """A new, empty hidden folder beside ``out`` to build into: ``.<name>.building-XXXXXXXX``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     new_staging(Path(d) / "reports").name.startswith(".reports.building-")
        True
    """
    out = Path(out).absolute()
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGING_INFIX}", dir=out.parent))
    except OSError as exc:
        raise _error(f"{_shown(out)}: cannot create a folder to build in beside it "
                     f"({_reason(exc)})") from None


def remove_leftovers(out: Path | str) -> list[str]:
    """Remove the staging and old folders that a killed build left beside ``out``; return
    their names. Call it only while holding :class:`FolderLock`.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = new_staging(Path(d) / "reports")
        ...     (Path(d) / "keep").mkdir()
        ...     [n[:18] for n in remove_leftovers(Path(d) / "reports")], sorted(os.listdir(d))
        (['.reports.building-'], ['keep'])
    """
    import re

    out = Path(out).absolute()
    removed = []
    if not out.parent.is_dir():
        return removed
    # exactly what new_staging and publish create (mkdtemp adds 8 characters), so that the
    # folders of another output folder whose name starts alike are never taken for ours
    ours = re.compile(rf"\.{re.escape(out.name)}(?:{re.escape(STAGING_INFIX)}|"
                      rf"{re.escape(OLD_INFIX)})[a-z0-9_]{{8}}")
    for path in sorted(out.parent.iterdir()):
        if ours.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def carry_over(old: Path, new: Path, owned: set[str]) -> list[str]:
    """Hard-link (or copy, where links are impossible) into ``new`` every file of ``old`` whose
    relative path is not in ``owned`` and does not exist in ``new``; symbolic links are
    recreated, folders made. Return the relative paths carried over.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     old, new = Path(d) / "old", Path(d) / "new"
        ...     (old / "handouts").mkdir(parents=True); new.mkdir()
        ...     for name in ["index.html", "notes.txt", "handouts/x.pdf", "handouts/mine.pdf"]:
        ...         _ = (old / name).write_text(name)
        ...     carry_over(old, new, {"index.html", "handouts", "handouts/x.pdf"})
        ['handouts/mine.pdf', 'notes.txt']
    """
    carried = []
    for root, dirs, files in os.walk(old):
        dirs.sort()
        base = Path(root)
        rel_root = base.relative_to(old)
        for name in sorted(files) + [d for d in dirs if (base / d).is_symlink()]:
            src = base / name
            rel = (rel_root / name).as_posix()
            if rel in owned:
                continue
            dst = new / rel
            if os.path.lexists(dst):
                raise _error(f"{_shown(old / rel)}: would be replaced by the new build; move it "
                             "out of the report folder")
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_symlink():
                os.symlink(os.readlink(src), dst)
            else:
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copy2(src, dst)
            carried.append(rel)
        for d in dirs:
            rel = (rel_root / d).as_posix()
            if not (base / d).is_symlink() and rel not in owned:
                (new / rel).mkdir(parents=True, exist_ok=True)
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
    return sorted(carried)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path | str, b: Path | str) -> bool:
    """Swap the folders ``a`` and ``b`` in one atomic step (Linux ``renameat2`` with
    ``RENAME_EXCHANGE``); ``False`` where the system or file system cannot.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     a, b = Path(d) / "a", Path(d) / "b"
        ...     a.mkdir(); b.mkdir(); _ = (a / "from-a").write_text("")
        ...     exchange(a, b) is False or sorted(os.listdir(b)) == ["from-a"]
        True
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(staging: Path | str, out: Path | str, owned: Iterable[str]) -> Path:
    """Make the complete build in ``staging`` the folder ``out``: carry the files of the old
    ``out`` that are not in ``owned`` over (:func:`carry_over`), swap, remove the old folder.
    Return ``out``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     out = Path(d) / "reports"; out.mkdir()
        ...     for name in ["index.html", "notes.txt"]:
        ...         _ = (out / name).write_text("old")
        ...     staging = new_staging(out); _ = (staging / "index.html").write_text("new")
        ...     _ = publish(staging, out, {"index.html"})
        ...     sorted((p.name, p.read_text()) for p in out.iterdir()), sorted(os.listdir(d))
        ([('index.html', 'new'), ('notes.txt', 'old')], ['reports'])
    """
    staging, out = Path(staging), Path(out)
    owned = set(owned)
    if not out.exists():
        try:
            os.rename(staging, out)
        except OSError as exc:
            raise _error(f"{_shown(out)}: cannot put the new report in place "
                         f"({_reason(exc)})") from None
        return out
    try:
        carry_over(out, staging, owned)
        if exchange(staging, out):
            old = staging
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}{OLD_INFIX}", dir=out.parent))
            os.rename(out, old / "previous")
            try:
                os.rename(staging, out)
            except OSError:
                os.rename(old / "previous", out)
                raise
    except OSError as exc:
        raise _error(f"{_shown(out)}: cannot put the new report in place "
                     f"({_reason(exc)})") from None
    shutil.rmtree(old, ignore_errors=True)
    return out


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
        owned.add(page[: -len(".html")] + ".failed.ipynb" if page.endswith(".html") else page)
    owned |= {f"{handouts_dir}/{name}" for name in handouts}
    return owned

