"""The project's error types. Every error a user can cause is a :class:`StandpointError`;
the command line prints its message as one line on stderr and exits with its ``exit_code``
(2 unless a subclass says otherwise), never with a traceback.

Example:
    >>> issubclass(InputError, StandpointError) and issubclass(InputError, ValueError)
    True
    >>> InputError("text: expected a string, got None").exit_code
    2
"""

from __future__ import annotations


class StandpointError(Exception):
    """Base of every error a user of standpoint can cause (bad input, bad corpus files)."""

    exit_code = 2


class InputError(StandpointError, ValueError):
    """A public function was given an argument it cannot use (the message names it)."""
