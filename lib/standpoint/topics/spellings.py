"""The registry's spellings, compiled (:class:`Spellings`), and a text scanned for them.

Matching (see the header of ``corpus/oppositions.yaml``): curly and straight quotes are the same;
a lower-case letter in a registry spelling matches either case, a capital only a capital; words
must stand alone (``Kommunist`` does not match ``Kommunistische``); where matches overlap the
longest wins (``Platform of the 46`` is one mention, not two). A ``not_mentions`` phrase
("Natalia Sedova Trotsky") takes its span away from the names inside it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pandas as pd

from standpoint.text.quotes import normalise


def _key(variant: str) -> str:
    words = re.findall(r"\w+", normalise(variant).lower())
    return max(words, key=len) if words else ""


def _variant_pattern(variant: str) -> str:
    parts = []
    for ch in normalise(variant.strip()):
        if ch.isalpha() and ch.islower():
            parts.append(f"[{ch}{ch.upper()}]")
        elif ch.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    if not parts:
        return r"(?<!\w)(?!\w)"
    # "(?<!\w)" checked just after the first character rather than before it: the pattern
    # then opens with a character (class), which the regex engine scans for quickly; the
    # matches are the same
    return parts[0] + r"(?<!\w[\s\S])" + "".join(parts[1:]) + r"(?!\w)"


@dataclass(frozen=True)
class Spelling:
    """One registry spelling: what it means and whether it needs context."""

    regex: re.Pattern
    key: str  # a lower-case word the text must contain (a cheap pre-filter)
    candidates: tuple[str, ...]  # the oppositions it may mean (the first when it needs no context)
    kind: str  # "name" | "member" | "none" (a not_mentions phrase)
    member: str = ""  # the member's registry name
    primary: str = ""  # the group where the member is listed
    needs_context: bool = False  # a member of several groups, an ambiguous person or phrase
    generic: bool = False  # "the Opposition": the opposition being discussed


@dataclass(frozen=True)
class Match:
    """A spelling found in a text: ``text[start:end]`` as written."""

    start: int
    end: int
    spelling: Spelling
    text: str

    @property
    def who(self) -> str:
        """The person (registry name) or the phrase (lower case, quotes normalised)."""
        return self.spelling.member or normalise(self.text).lower()


class Spellings:
    """Every spelling of an oppositions frame (:func:`standpoint.corpus.load_oppositions`),
    compiled once: aliases, members' variants, ambiguous phrases, and the registry-wide
    ``generic`` and ``not_mentions`` phrases of ``oppositions.attrs``.

    Example:
        >>> from standpoint.corpus import load_oppositions
        >>> found = Spellings(load_oppositions()).scan("The Platform of the 46 and Trotsky.")
        >>> for m in found:
        ...     print(m.start, m.text, m.spelling.kind, m.spelling.candidates)
        4 Platform of the 46 name ('left-opposition',)
        27 Trotsky member ('left-opposition', 'united-opposition')
    """

    def __init__(self, oppositions: pd.DataFrame):
        rank = {oid: i for i, oid in enumerate(oppositions["opposition"])}
        entries: list[Spelling] = []
        ambiguous: dict[str, list[str]] = {}
        for row in oppositions.itertuples(index=False):
            for alias in row.aliases:
                entries.append(_spelling(alias, (row.opposition,), "name"))
            for phrase in row.ambiguous:
                ambiguous.setdefault(normalise(phrase.strip()), []).append(row.opposition)
            for member in row.members:
                needs = bool(member["ambiguous"] or member["also"])
                cands = (row.opposition, *[a for a in member["also"] if a != row.opposition])
                for variant in member["variants"]:
                    entries.append(_spelling(variant, cands, "member", member=member["name"],
                                             primary=row.opposition, needs_context=needs))
        for phrase, cands in ambiguous.items():
            cands = tuple(sorted(set(cands), key=rank.get))
            entries.append(_spelling(phrase, cands, "name", needs_context=True))
        for phrase in oppositions.attrs.get("generic", []):
            entries.append(_spelling(phrase, tuple(rank), "name", needs_context=True,
                                     generic=True))
        for phrase in oppositions.attrs.get("not_mentions", []):
            # look like a name but are someone or something else: they take their span away
            entries.append(_spelling(phrase, (), "none"))
        self.entries = entries
        # entries grouped by their pre-filter word (many share one: "opposition"), so that
        # scan() looks for each word once; indices kept for the tie-break order
        by_key: dict[str, list[tuple[int, Spelling]]] = {}
        for index, entry in enumerate(entries):
            by_key.setdefault(entry.key, []).append((index, entry))
        self._by_key = list(by_key.items())

    def scan(self, text: str) -> list[Match]:
        """Non-overlapping matches in text order; where matches overlap the longest wins
        ("the Left Opposition" is "Left Opposition", not "the Left"), then the first, then the
        spelling listed first."""
        norm = normalise(text)
        lowered = norm.lower()
        found = []
        for key, group in self._by_key:
            if key not in lowered:
                continue
            for index, entry in group:
                for m in entry.regex.finditer(norm):
                    found.append((-(m.end() - m.start()), m.start(), index, m.end(), entry))
        found.sort(key=lambda f: f[:3])
        chosen: list[Match] = []
        # the spans taken so far, sorted; they do not overlap, so their ends are sorted too and
        # the one starting last before a match's end is the only one that can overlap it
        taken: list[tuple[int, int]] = []
        for _, start, _, end, entry in found:
            k = bisect.bisect_left(taken, (end,))  # the taken spans (a, b) with a < end
            if k and taken[k - 1][1] > start:  # overlaps: a < end and start < b
                continue
            chosen.append(Match(start, end, entry, text[start:end]))
            bisect.insort(taken, (start, end))
        return sorted((m for m in chosen if m.spelling.kind != "none"), key=lambda m: m.start)


def _spelling(variant: str, candidates: tuple[str, ...], kind: str, **fields) -> Spelling:
    return Spelling(re.compile(_variant_pattern(variant)), _key(variant), candidates, kind,
                    **fields)
