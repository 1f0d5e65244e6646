"""Word tokens. One home for tokenising prose; the differences between users are explicit
parameters, not separate tokenisers:

- :func:`words`: lower-cased words of letters, an inner apostrophe kept (``didn't``), a hyphen
  or a dash separating words (``petty-bourgeois`` -> ``petty``, ``bourgeois``): what the
  evaluative lexicon and the stance heuristic match against.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (a hyphen or a dash separates tokens).

    Example:
        >>> words("The petty-bourgeois Workers’ Opposition didn't.")
        ['the', 'petty', 'bourgeois', 'workers', 'opposition', "didn't"]
    """
    return [m.group().lower().replace("’", "'") for m in WORD.finditer(text)]


def tokens_of(text: str) -> list[str]:
    """The same as :func:`words` (the stance heuristic's historical name).

    Example:
        >>> tokens_of("Workers’ Opposition")
        ['workers', 'opposition']
    """
    return words(text)
