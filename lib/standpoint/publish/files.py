"""Writing the report's files: each one whole or not at all.

:func:`write_bytes` and :func:`write_file` write to a temporary file in the same folder, flush
it to the disk (a full disk fails here, not later) and rename it over the target, so a reader
sees either the old file or the complete new one; a failure leaves the old file and raises
:class:`~standpoint.publish.errors.OutputDirError` (one line). :func:`prepare_output_dir`
creates an output folder and checks that it can be written to before anything is built.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from standpoint.publish.errors import OutputDirError


def reason(exc: OSError) -> str:
    """The system's one-line reason for an ``OSError`` (``strerror``), else its text.

    Example:
        >>> import errno
        >>> reason(OSError(errno.ENOSPC, "No space left on device"))
        'No space left on device'
    """
    return exc.strerror or str(exc)


def shown(path: Path | str) -> str:
    """A path as one line: line breaks and other unprintable characters escaped.

    Example:
        >>> shown("reports"), shown("bad\\nname")
        ('reports', 'bad\\\\nname')
    """
    text = str(path)
    return text if text.isprintable() else repr(text)[1:-1]


def prepare_output_dir(out_dir: Path | str) -> Path:
    """Create ``out_dir`` if needed and check that files can be written in it.

    Raises :class:`~standpoint.publish.errors.OutputDirError` with a one-line reason otherwise;
    an empty path (``''``, which would be the current folder) is refused.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     prepare_output_dir(Path(d) / "reports").is_dir()
        True
        >>> prepare_output_dir("")
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.OutputDirError: the output folder is an empty path: name a folder, e.g. reports/handouts
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
        raise OutputDirError(f"{out}: cannot create output folder ({reason(exc)})") from None
    try:
        fd, probe = tempfile.mkstemp(dir=out, prefix=".standpoint-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputDirError(f"{out}: output folder is not writable ({reason(exc)})") from None
    return out


def write_to_disk(fh, data: bytes) -> None:
    """Write ``data`` to the open binary file ``fh`` and flush it to the disk (``fsync``), so
    that a full disk raises here rather than after the rename. Every file of the report is
    written through this one function (a test replaces it to fail like a full disk).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryFile() as fh:
        ...     write_to_disk(fh, b"%PDF-1.4")
        ...     _ = fh.seek(0)
        ...     fh.read()
        b'%PDF-1.4'
    """
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, flushed to the disk
    before it is renamed, so the file is either the old one or the complete new one (a full
    disk leaves the old one and raises :class:`~standpoint.publish.errors.OutputDirError`).
    The file gets the usual mode (``0666`` less the umask).

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
            write_to_disk(fh, data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputDirError(f"{path}: cannot write ({reason(exc)})") from None
        raise
    return path


def write_file(path: Path | str, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` via a temporary file in the same
    folder, so the file is either the old one or the complete new one (:func:`write_bytes`).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     write_file(Path(d) / "a.html", "<p>hi</p>").read_text()
        '<p>hi</p>'
    """
    return write_bytes(path, text.encode("utf-8"))


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask. Reading it means setting it for a moment, so the notebook runs'
    threads take turns (else one could read the other's temporary value)."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask
