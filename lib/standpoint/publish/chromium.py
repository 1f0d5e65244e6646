"""Printing a page to PDF with headless Chromium (the Debian ``chromium`` package; never a
downloaded browser).

:func:`find_chromium` finds the browser (``$STANDPOINT_CHROMIUM``, else ``chromium`` or
``chromium-browser`` on the ``PATH``); :func:`print_pdf` prints a page with it, in a fresh
profile, with no network and no header or footer, fixes the PDF's dates
(:func:`standpoint.publish.pdf.fix_pdf_dates`) and verifies it
(:func:`standpoint.publish.pdf.check_pdf`) before writing it whole
(:func:`standpoint.publish.files.write_bytes`). Chromium runs in its own session: a timeout or
Ctrl-C ends it and its children, and removes what it wrote.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from standpoint.publish.errors import HandoutError, OutputDirError, PrintError
from standpoint.publish.files import write_bytes
from standpoint.publish.pdf import check_pdf, fix_pdf_dates

#: The browser's names on the ``PATH`` (Debian: ``chromium``); ``STANDPOINT_CHROMIUM`` overrides.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
#: Flags for printing: no network, no profile of the user's, no header or footer on the page.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")
PRINT_TIMEOUT = 120  # seconds per PDF


def find_chromium() -> str | None:
    """The Chromium executable to print with: ``$STANDPOINT_CHROMIUM`` if set, else
    ``chromium`` (Debian's, in ``/usr/bin``) or ``chromium-browser`` on the ``PATH``; ``None``
    if none. Only the ``PATH`` is searched, so a ``PATH`` without it means "no Chromium".

    Example:
        >>> find_chromium() is None or Path(find_chromium()).name.startswith("chrom")
        True
    """
    env = os.environ.get("STANDPOINT_CHROMIUM")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_version(chromium: str | None = None) -> str:
    """``chromium --version`` (one line), or ``''`` when there is none or it fails.

    Example:
        >>> chromium_version("/nonexistent/chromium")
        ''
    """
    exe = chromium or find_chromium()
    if not exe:
        return ""
    try:
        proc = subprocess.run([exe, "--version"], stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    return lines[0] if proc.returncode == 0 and lines else ""


def print_pdf(html_path: Path | str, pdf_path: Path | str, *, chromium: str | None = None,
              timeout: int = PRINT_TIMEOUT, title: str | None = None) -> Path:
    """Print the page at ``html_path`` to ``pdf_path`` with headless Chromium (A4 comes from the
    page's CSS), with fixed dates (:func:`fix_pdf_dates`). The PDF is verified
    (:func:`check_pdf`, with ``title`` if given) before it is written to a temporary name,
    flushed to the disk and renamed, and read back; Chromium gets a fresh profile in a
    temporary folder, removed afterwards.

    Raises :class:`HandoutError` when there is no Chromium, and :class:`PrintError` when it
    fails, times out (its process group is ended) or writes a broken PDF: ``pdf_path`` is then
    left as it was. A full disk while writing is an
    :class:`~standpoint.publish.errors.OutputDirError`. On ``KeyboardInterrupt`` Chromium is ended and
    its output removed.

    Example (starts a browser, so not run as a doctest)::

        print_pdf("reports/handouts/workers-opposition.html", "reports/handouts/workers-opposition.pdf")
    """
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    exe = chromium or find_chromium()
    if not exe:
        raise HandoutError("no Chromium found to print the PDF handouts "
                           "(install the Debian packages chromium and fonts-dejavu-core, "
                           "or set STANDPOINT_CHROMIUM)")
    tmp = pdf_path.with_name(f".{pdf_path.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="standpoint-chromium-") as profile:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
               html_path.as_uri()]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(proc)
            _remove(tmp)
            raise PrintError(f"{pdf_path}: Chromium did not finish printing in {timeout} s") from None
        except BaseException:  # Ctrl-C: Chromium runs in its own session, so end it here
            _end(proc)
            _remove(tmp)
            raise
    try:
        data = tmp.read_bytes() if tmp.is_file() else b""
    finally:
        _remove(tmp)
    if proc.returncode != 0 or not data:
        lines = [line for line in err.decode("utf-8", "replace").splitlines()
                 if line.strip() and "dbus" not in line and "unexpected operator" not in line]
        why = lines[-1].strip() if lines else f"exit code {proc.returncode}, no PDF written"
        raise PrintError(f"{pdf_path}: Chromium could not print {html_path.name} ({why})")
    data = fix_pdf_dates(data)
    check_pdf(data, title, name=str(pdf_path))
    written = write_bytes(pdf_path, data)
    try:
        same = written.read_bytes() == data
    except OSError:
        same = False
    if not same:
        _remove(written)
        raise OutputDirError(f"{pdf_path}: the PDF on disk is not what was written "
                             "(is the disk full?); removed")
    return written


def _end(proc: subprocess.Popen) -> None:
    """End a process started in its own session, and its children; reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=30)
    except (subprocess.SubprocessError, OSError, KeyboardInterrupt):
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
