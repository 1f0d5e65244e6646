"""Dates: the years a text gives (:func:`date_spans`), the date that governs a mention
(:class:`DateIndex`), and which opposition existed at a date (:class:`Lifetimes`).

The rules (see the header of ``corpus/oppositions.yaml``): the date that governs a mention is the
last one before it in the same clause (or passage), else the first one after it. A date range
must fall more than half within a group's years; a group's last year is extended by
:data:`END_SLACK` (its defeat is told the year after). A date when no candidate existed vetoes
the mention.
"""

from __future__ import annotations

import bisect
import functools
import re

import pandas as pd

from standpoint.topics.spans import outside_all

# a group's last year is extended by END_SLACK when dating a mention (its defeat and its members'
# capitulations are told in the year after: "months before [1928] he had attacked the Left")
END_SLACK = 1

# a year: "(?<![\w,.°])(1[89]\d\d|20\d\d)...", the look-behind written after the first digit so
# that the regex engine can scan for the digits quickly (the same matches and groups)
_YEAR = re.compile(r"(1(?<![\w,.°]1)[89]\d\d|2(?<![\w,.°]2)0\d\d)"
                   r"(?:(s)|\s?[-–]\s?(\d{1,4})(?!\d))?(?![\w])")


def date_spans(text: str, dates=(),
               exclude: list[tuple[int, int]] | None = None) -> list[tuple[int, int, int]]:
    """Dates in ``text`` as ``(offset, first_year, last_year)``: years ("1921", "1923-7",
    "1926-27", "1920s") and dated events from the registry (``dates``: ``(phrase, y0, y1)``,
    matched ignoring case). Offsets inside ``exclude`` spans (citations) are skipped.

    Example:
        >>> date_spans("In 1923-7, after the Tenth Congress, and in the 1920s.",
        ...            [("Tenth Congress", 1921, 1921)])
        [(3, 1923, 1927), (21, 1921, 1921), (48, 1920, 1929)]
    """
    exclude = exclude or []
    found = []
    for m in _YEAR.finditer(text):
        y0 = int(m.group(1))
        if m.group(2):
            y1 = y0 + 9
        elif m.group(3):
            tail = m.group(3)
            y1 = int(m.group(1)[: 4 - len(tail)] + tail) if len(tail) < 4 else int(tail)
            if y1 < y0:
                y1 = y0
        else:
            y1 = y0
        found.append((m.start(), y0, y1))
    lowered = text.lower()
    for first_word, regex, y0, y1 in _date_patterns(tuple(tuple(d) for d in dates)):
        if first_word not in lowered:  # cheap pre-filter: the phrase's first word must occur
            continue
        for m in regex.finditer(lowered):
            found.append((m.start(), y0, y1))
    outside = outside_all(exclude)
    return sorted(f for f in set(found) if outside(f[0]))


@functools.lru_cache(maxsize=64)
def _date_patterns(dates: tuple) -> list[tuple[str, re.Pattern, int, int]]:
    """The compiled patterns of registry date phrases (``(phrase, y0, y1)``), built once per
    registry: ``(first word, regex on lowercased text, y0, y1)``."""
    out = []
    for phrase, y0, y1 in dates:
        words = phrase.lower().split()
        body = r"\s+".join(map(re.escape, words))
        # = "(?<!\w)" + body: the look-behind after the first character, for a fast scan
        # (re.escape escapes character by character, so body[:k] is the first character)
        k = len(re.escape(words[0][0])) if words else 0
        pattern = (body[:k] + r"(?<!\w[\s\S])" + body[k:] if k else r"(?<!\w)" + body) + r"(?!\w)"
        out.append((words[0] if words else "", re.compile(pattern), int(y0), int(y1)))
    return out


class DateIndex:
    """The dates of one text (:func:`date_spans`, sorted), to find the one governing an offset
    in logarithmic time.

    Example:
        >>> index = DateIndex([(3, 1921, 1921), (30, 1928, 1928)])
        >>> index.governing(20, 0, 40), index.governing(2, 0, 40), index.governing(2, 10, 20)
        ((3, 1921, 1921), (3, 1921, 1921), None)
    """

    def __init__(self, dates: list[tuple[int, int, int]]):
        self.dates = sorted(dates)
        self.offsets = [d[0] for d in self.dates]

    def governing(self, offset: int, a: int, b: int) -> tuple[int, int, int] | None:
        """The date that governs a mention at ``offset`` within ``[a, b)``: the last one at or
        before it (narrative order: "In 1923 ... Trotsky"), else the first one after it; None
        if there is none in ``[a, b)``."""
        lo = bisect.bisect_left(self.offsets, a)
        hi = bisect.bisect_left(self.offsets, b)
        if lo >= hi:
            return None
        k = min(max(bisect.bisect_right(self.offsets, offset), lo), hi)
        return self.dates[k - 1] if k > lo else self.dates[lo]


class Lifetimes:
    """The years of each opposition of a registry frame (and its rank, the registry order), to
    say which candidate group existed at a date.

    Example:
        >>> from standpoint.corpus import load_oppositions
        >>> life = Lifetimes(load_oppositions())
        >>> life.by_date(("left-communists", "right-opposition"), "left-communists", 1928, 1928)
        'right-opposition'
        >>> print(life.by_date(("right-opposition",), "right-opposition", 1921, 1921))
        None
    """

    def __init__(self, oppositions: pd.DataFrame):
        self.order = list(oppositions["opposition"])
        self.rank = {oid: i for i, oid in enumerate(self.order)}
        self.years = {
            row.opposition: (int(row.start_year), int(row.end_year))
            for row in oppositions.itertuples(index=False)
        }

    def active(self, candidate: str, y0: int, y1: int, slack: int = END_SLACK) -> float:
        """Share of the date span [y0, y1] during which ``candidate`` existed (its last year
        extended by ``slack``: a defeated group is still discussed the year after)."""
        start, end = self.years[candidate]
        overlap = min(y1, end + slack) - max(y0, start) + 1
        return max(0, overlap) / (y1 - y0 + 1)

    def by_date(self, candidates, primary: str, y0: int, y1: int):
        """The candidate active in [y0, y1] (for more than half of a span); ``None`` if no
        candidate existed at all then (a veto); ``""`` if the date does not decide. Of several
        active candidates, one active without the slack wins, then ``primary`` (the group
        where the person is listed), then the one with the shortest life."""
        shares = {c: self.active(c, y0, y1) for c in candidates}
        if not any(shares.values()):
            return None
        active = [c for c in candidates if shares[c] > 0.5]
        if not active:
            return ""
        strict = [c for c in active if self.active(c, y0, y1, slack=0) > 0.5]
        active = strict or active
        if len(active) == 1:
            return active[0]
        if primary in active:
            return primary
        widths = sorted((self.years[c][1] - self.years[c][0], self.rank[c], c) for c in active)
        if widths[0][0] < widths[1][0]:
            return widths[0][2]
        return ""
