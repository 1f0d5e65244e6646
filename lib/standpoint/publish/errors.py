"""What can go wrong while publishing, one class per kind of failure, each with the exit code the
command line returns.

- :class:`ReportError` (exit 2): the report cannot be built as asked (no notebooks, an unknown
  notebook or opposition, ``jobs`` below 1);
- :class:`OutputDirError` (exit 2): the output folder cannot be used (an empty path, not a
  folder, not the report's own, busy with another build, not writable, a full disk);
- :class:`NotebookError` (exit 1): a notebook is unreadable or one of its cells failed;
- :class:`BuildError` (exit 1): a step after the notebooks failed (a handout or its PDF);
- :class:`HandoutError` (exit 2; also a ``ValueError``): a handout cannot be made (an unknown or
  not comparable opposition, no Chromium when a PDF is required);
- :class:`PrintError` (exit 1): Chromium was found but failed, timed out or wrote a broken PDF.

Every message is one line; the command line prints it after ``standpoint: error:``.
"""

from __future__ import annotations

from pathlib import Path

from standpoint.errors import StandpointError


class ReportError(StandpointError):
    """The report cannot be built; ``exit_code`` is what the command line returns.

    Example:
        >>> ReportError("no notebooks").exit_code
        2
    """

    exit_code = 2


class OutputDirError(ReportError):
    """The output folder cannot be created, used or written to.

    Example:
        >>> isinstance(OutputDirError("x"), ReportError), OutputDirError.exit_code
        (True, 2)
    """

    exit_code = 2


class BuildError(ReportError):
    """A step after the notebooks failed (e.g. Chromium could not print a handout).

    Example:
        >>> BuildError.exit_code
        1
    """

    exit_code = 1


class NotebookError(ReportError):
    """A notebook could not be read or one of its cells failed.

    Attributes:
        notebook: the notebook's path.
        cell: 1-based number of the failing cell among the notebook's cells (``None`` if
            unknown, or if it was the injected parameters cell).
        partial: where the partly executed notebook was written (``None`` if nowhere).

    Example:
        >>> e = NotebookError("02-x.ipynb: cell 3 failed", Path("02-x.ipynb"), 3)
        >>> e.cell, e.partial, e.exit_code
        (3, None, 1)
    """

    exit_code = 1

    def __init__(self, message: str, notebook: Path, cell: int | None = None,
                 partial: Path | None = None):
        super().__init__(message)
        self.notebook = notebook
        self.cell = cell
        self.partial = partial


class HandoutError(StandpointError, ValueError):
    """A handout cannot be made (unknown opposition, no Chromium, a failed print).

    Example:
        >>> isinstance(HandoutError("unknown opposition 'x'"), ValueError)
        True
    """


class PrintError(HandoutError):
    """Chromium was found but could not print a PDF (it failed, timed out, or wrote a PDF that
    does not pass :func:`standpoint.publish.pdf.check_pdf`): not a mistake in the input, exit
    code 1.

    Example:
        >>> PrintError.exit_code
        1
    """

    exit_code = 1
