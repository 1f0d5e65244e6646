"""Where an offset falls among the spans of a text (references, sentences, clauses), in
logarithmic time: the context rules look up the sentence, clause and reference of every match,
and a linear search per match would make a passage with many mentions quadratic.
"""

from __future__ import annotations

import bisect
import re

_SEMICOLON = re.compile(";")


def outside_all(spans: list[tuple[int, int]]):
    """``lambda offset: not any(a <= offset < b for a, b in spans)``, in logarithmic time per
    offset (the spans sorted once, with the running maximum of their ends).

    Example:
        >>> outside = outside_all([(10, 20), (0, 3)])
        >>> [outside(k) for k in (0, 3, 15, 20)]
        [False, True, False, True]
    """
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach, furthest = [], None
    for _, b in ordered:
        furthest = b if furthest is None or b > furthest else furthest
        reach.append(furthest)

    def outside(offset: int) -> bool:
        k = bisect.bisect_right(starts, offset)  # spans starting at or before offset
        return k == 0 or reach[k - 1] <= offset

    return outside


class SpanIndex:
    """Sorted, non-overlapping spans (sentences of :func:`standpoint.text.sentences.sentence_spans`,
    references of :func:`standpoint.text.references.citation_spans`): which one holds an offset.

    Example:
        >>> index = SpanIndex([(0, 10), (11, 25)])
        >>> index.position(12), index.position(10), index.span(3)
        (1, None, (0, 10))
    """

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = list(spans)
        self.starts = [a for a, _ in self.spans]

    def position(self, offset: int) -> int | None:
        """The index of the span holding ``offset`` (the first, if several do), or None."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.spans[k][1]:
            return k
        return None

    def span(self, offset: int, default: tuple[int, int] | None = None) -> tuple[int, int] | None:
        """The span holding ``offset``, else ``default``."""
        k = self.position(offset)
        return default if k is None else self.spans[k]


class Clauses:
    """The sentences of a text and its clauses (a sentence cut after each ``;``).

    Example:
        >>> t = "In 1918 he agreed; in 1928 he did not. Then?"
        >>> c = Clauses(t, [(0, 38), (39, 44)])
        >>> a, b = c.clause(25)
        >>> t[a:b], c.sentence(40), c.sentence(38)
        (' in 1928 he did not.', (39, 44), (0, 44))
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.text = text
        self.sentences = SpanIndex(sentences)
        self._cuts: list[int] | None = None

    @property
    def cuts(self) -> list[int]:
        """The offsets just after each ``;`` (found on first use)."""
        if self._cuts is None:
            self._cuts = [m.end() for m in _SEMICOLON.finditer(self.text)]
        return self._cuts

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset``; the whole text if none does."""
        return self.sentences.span(offset, (0, len(self.text)))

    def clause(self, offset: int) -> tuple[int, int]:
        """The part of the sentence holding ``offset`` between two ``;`` (or its ends)."""
        a, b = self.sentence(offset)
        cuts = self.cuts
        k = bisect.bisect_right(cuts, offset)  # cuts[:k] <= offset < cuts[k:]
        lo = max(a, cuts[k - 1]) if k else a
        hi = min(b, cuts[k]) if k < len(cuts) else b
        return lo, hi
