"""What the command line does with mistakes: one printable line on stderr and an exit code.

:class:`UsageError` (exit 2) is a mistake in the command or its input; :class:`OutputError`
(exit 1) is an output that cannot be written. :func:`one_line` escapes what an error echoes;
:class:`Parser` is argparse with one-line usage errors.
"""

from __future__ import annotations

import argparse
import sys

from standpoint.errors import StandpointError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # what a shell reports for a process ended by SIGPIPE
EXIT_INTERRUPTED = 130  # what a shell reports for a process ended by Ctrl-C


class UsageError(StandpointError):
    """A mistake in the command or its input: printed as one line, exit code 2."""


class OutputError(StandpointError):
    """The output cannot be written (a full disk, a closed stdout): exit code 1."""

    exit_code = EXIT_FAILED


def one_line(message: str) -> str:
    """``message`` as one printable line: every character that is not printable (line
    breaks, U+2028, other control and format characters, lone surrogates) is written as its
    Python escape. Every error the command line prints goes through it, whatever the
    message echoes (an argument, a line of the input).

    Example:
        >>> print(one_line("unknown opposition 'workers\\nopposition\\u2028x\\udfff'"))
        unknown opposition 'workers\\nopposition\\u2028x\\udfff'
        >>> one_line("Kollontai’s ‘Workers’ Opposition’ — déjà vu")
        'Kollontai’s ‘Workers’ Opposition’ — déjà vu'
    """
    message = str(message)
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() or c == " " else
                   c.encode("unicode_escape").decode("ascii") for c in message)


def print_error(message: str) -> None:
    """Print ``standpoint: error: <message>`` on stderr, as one line (nothing if stderr is
    closed: the exit code still says it).

    Example:
        >>> import contextlib, io
        >>> err = io.StringIO()
        >>> with contextlib.redirect_stderr(err):
        ...     print_error("two\\nlines")
        >>> err.getvalue()
        'standpoint: error: two\\\\nlines\\n'
    """
    try:
        if sys.stderr is not None:  # (stderr closed: print(file=None) would use stdout)
            print(f"standpoint: error: {one_line(message)}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (with a pointer to ``--help``).

    Example:
        >>> p = Parser(prog="standpoint")
        >>> _ = p.add_argument("--n", type=int)
        >>> p.parse_args(["--n", "3"]).n
        3
    """

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} "
                              f"(see '{self.prog} --help')\n")


__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PIPE", "EXIT_USAGE",
           "OutputError", "Parser", "UsageError", "one_line", "print_error"]
