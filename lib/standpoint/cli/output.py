"""Writing a command's output to stdout, and stopping quietly when stdout is gone."""

from __future__ import annotations

import os
import sys

from standpoint.cli.errors import OutputError


def write(text: str) -> None:
    """Write ``text`` to stdout at once. A closed pipe stays a :class:`BrokenPipeError`;
    any other failure (a full disk, a closed stream, a character the output's encoding
    cannot hold) is an :class:`~standpoint.cli.errors.OutputError`.

    Example:
        >>> write("one line\\n")
        one line
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except UnicodeEncodeError as exc:
        raise OutputError(f"stdout: cannot write {exc.object[exc.start:exc.end]!r} in "
                          f"{exc.encoding} ({exc.reason})") from None
    except (OSError, ValueError) as exc:  # (ValueError: "I/O operation on closed file")
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputError(f"stdout: cannot write the output ({reason})") from None


def silence_stdout() -> None:
    """After a broken pipe or a failed write, point stdout at /dev/null so the
    interpreter's final flush does not print another error (nothing happens when stdout is
    not a real file, e.g. captured in tests).

    Example:
        >>> silence_stdout()  # stdout captured by doctest: nothing to do
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


class OneInterrupt:
    """While a long command runs: the first SIGINT (Ctrl-C) raises ``KeyboardInterrupt`` as
    usual, later ones are ignored, so the cleanup it starts is never cut short by a second
    traceback. Only in the main thread (elsewhere signals cannot be handled); the previous
    handler comes back unless an interrupt arrived (then the program is ending).

    Example:
        >>> with OneInterrupt() as guard:
        ...     guard.fired
        False
    """

    def __enter__(self):
        import signal
        import threading

        self.previous = None
        self.fired = False
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum, frame):
        if not self.fired:
            self.fired = True
            raise KeyboardInterrupt

    def __exit__(self, *exc_info):
        import signal

        if self.previous is not None and not self.fired:
            signal.signal(signal.SIGINT, self.previous)
        return False


def progress(message: str) -> None:
    """Print a progress message on stderr (commands' output stays on stdout).

    Example:
        >>> progress("[1/3] executing 01-corpus-overview.ipynb")
    """
    print(message, file=sys.stderr, flush=True)


__all__ = ["OneInterrupt", "progress", "silence_stdout", "write"]
