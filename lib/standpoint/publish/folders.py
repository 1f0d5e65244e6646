"""Report folders that are always a whole, consistent build.

``standpoint report --out D`` never writes its pages into ``D`` one by one. It

1. refuses an output folder that is not its own (:mod:`standpoint.publish.ownership`): an
   empty path, the current folder or one that contains it, or an existing folder that is
   neither empty nor a previous report;
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

Errors are :class:`standpoint.publish.errors.OutputDirError` (one line; the command line exits 2).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from standpoint.publish.errors import OutputDirError
from standpoint.publish.files import reason as _reason
from standpoint.publish.files import shown as _shown

LOCK_SUFFIX = ".lock"
STAGING_INFIX = ".building-"
OLD_INFIX = ".old-"


# -------------------------------------------------------------------------- lock ----

class FolderLock:
    """An exclusive lock on building into ``out``: ``flock`` on ``.<name>.lock`` beside it
    (the parent folder is created if needed). Entering refuses at once, with
    :class:`~standpoint.publish.errors.OutputDirError` naming the holder's process id, when another
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
            raise OutputDirError(
                f"{_shown(self.out)}: cannot create output folder "
                f"({_shown(self.path.parent)} exists and is not a folder)") from None
        except OSError as exc:
            raise OutputDirError(f"{_shown(self.out)}: cannot create output folder "
                                 f"({_reason(exc)})") from None
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise OutputDirError(f"{_shown(self.out)}: cannot lock the output folder "
                                     f"({_reason(exc)})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {holder})" if holder.isdigit() else ""
                raise OutputDirError(
                    f"{_shown(self.out)}: another standpoint report is building into this "
                    f"folder{who}; wait for it to finish or choose another output folder") from None
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
        raise OutputDirError(f"{_shown(out)}: cannot create a folder to build in beside it "
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
                raise OutputDirError(f"{_shown(old / rel)}: would be replaced by the new build; "
                                     "move it out of the report folder")
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
            raise OutputDirError(f"{_shown(out)}: cannot put the new report in place "
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
        raise OutputDirError(f"{_shown(out)}: cannot put the new report in place "
                             f"({_reason(exc)})") from None
    shutil.rmtree(old, ignore_errors=True)
    return out
