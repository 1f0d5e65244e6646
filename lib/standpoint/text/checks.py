"""Argument checks shared by the text primitives (one message style: the function, the
argument, what it got).

Example:
    >>> require_str("x", "text", "clean")
    >>> require_str(None, "text", "clean")
    Traceback (most recent call last):
    ...
    standpoint.errors.InputError: clean: text must be a string, got None
"""

from __future__ import annotations

from standpoint.errors import InputError


def described(value) -> str:
    """``value`` as an error message shows it: None, or its type and a short repr."""
    if value is None:
        return "None"
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"{type(value).__name__} {shown}"


def require_str(value, name: str, function: str) -> None:
    if not isinstance(value, str):
        raise InputError(f"{function}: {name} must be a string, got {described(value)}")
