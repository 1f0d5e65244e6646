"""A text cut into runs for display: which characters are a mention of a group and which are
someone else's words (inside a quotation), so that a template can highlight the one and mark
the other without ever parsing the text again.

:func:`runs` takes the spans as data (offsets into the text: the mentions of
:func:`standpoint.topics.mentions`, the ``quoted_spans`` of :func:`standpoint.segment.passages`)
and returns :class:`Run` objects that cover the text exactly, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from standpoint.errors import InputError


@dataclass(frozen=True)
class Mention:
    """A span of a text that names a group: ``text[start:end]``.

    Attributes:
        start, end: character offsets into the text.
        opposition: the group's id.
        label: what a reader is told about it (e.g. ``Workers' Opposition (member: Kollontai)``).
    """

    start: int
    end: int
    opposition: str
    label: str = ""


@dataclass(frozen=True)
class Run:
    """A stretch of a text with one marking.

    Attributes:
        text: the characters (as written).
        quoted: inside a quotation (someone else's words).
        mention: the :class:`Mention` this stretch belongs to, or ``None``.
    """

    text: str
    quoted: bool = False
    mention: Mention | None = None


def runs(text: str, mentions: Iterable[Mention] = (), quoted: Iterable[tuple[int, int]] = ()
         ) -> list[Run]:
    """``text`` cut at every boundary of a mention or a quoted span, as :class:`Run` objects
    that cover it exactly (``"".join(r.text for r in runs(...)) == text``). Where mentions
    overlap, the one that starts first (then the longer) wins; spans are clipped to the text.

    Example:
        >>> m = Mention(4, 23, "workers-opposition")
        >>> [(r.text, r.quoted, r.mention is not None)
        ...  for r in runs('The Workers’ Opposition said "all power".', [m], [(29, 40)])]
        [('The ', False, False), ('Workers’ Opposition', False, True), (' said ', False, False), ('"all power"', True, False), ('.', False, False)]
        >>> runs("", [m])
        []
        >>> runs("abc", [Mention(2, 1, "x")])
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: mentions: span (2, 1) ends before it starts
    """
    if not isinstance(text, str):
        raise InputError(f"text: expected a string, got {type(text).__name__}")
    n = len(text)
    marks = []
    for m in mentions:
        if m.end < m.start:
            raise InputError(f"mentions: span ({m.start}, {m.end}) ends before it starts")
        marks.append(m)
    spans = []
    for start, end in quoted:
        if end < start:
            raise InputError(f"quoted: span ({start}, {end}) ends before it starts")
        spans.append((max(0, start), min(n, end)))
    # the mention that covers each character: first start wins, then the longer one
    owner: list[Mention | None] = [None] * n
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        for i in range(max(0, m.start), min(n, m.end)):
            if owner[i] is None:
                owner[i] = m
    inside = [False] * n
    for start, end in spans:
        for i in range(start, end):
            inside[i] = True
    out: list[Run] = []
    begin = 0
    for i in range(1, n + 1):
        if i == n or owner[i] is not owner[begin] or inside[i] != inside[begin]:
            out.append(Run(text[begin:i], inside[begin], owner[begin]))
            begin = i
    return out


def in_spans(offset: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies inside one of the ``(start, end)`` spans.

    Example:
        >>> in_spans(5, [(0, 3), (4, 9)]), in_spans(9, [(4, 9)])
        (True, False)
    """
    return any(start <= offset < end for start, end in spans)
