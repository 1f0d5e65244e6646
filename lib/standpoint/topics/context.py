"""The context rules: which opposition an ambiguous match means (a member of several groups, a
person prominent outside any opposition, a phrase such as "the Right" or "the Opposition").

The rules are those of the header of ``corpus/oppositions.yaml`` (the first that decides wins):

1. years: a date in the same clause when none of the candidate groups existed -> not counted
2. alias-nearby: an unambiguous name of a candidate group in the same sentence
3. years: the date in the same clause falls in one candidate group's years
4. section: the section heading names a candidate group
5. years: the passage's governing date (none of the candidates existed -> not counted)
6. alias-nearby: an unambiguous name of a candidate group anywhere in the passage
7. section: (phrases only, not people) the candidate group its section names most often
8. member-cooccurrence: a member of a candidate group placed by rules 1-7 (or needing no
   context), a person next to a phrase that can only mean one of his groups ("Bukharin's right
   wing faction"), or two other people who were both in the group
9. years: the years in the section heading

A generic phrase ("the Opposition") is the single group its heading names, else the nearest
unambiguous name in the passage. A heading is read with its whole section
(:func:`resolve_heading`). Every lookup is logarithmic (sorted offsets), and rule 8 tallies the
passage's people once, so a passage with n matches takes O(n log n), not O(n²).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from standpoint.topics.dates import DateIndex, Lifetimes
from standpoint.topics.spans import Clauses, outside_all
from standpoint.topics.spellings import Match


@dataclass
class ScannedText:
    """One passage's text, scanned: its matches
    (:meth:`standpoint.topics.spellings.Spellings.scan`), references, sentences and dates
    (:func:`standpoint.topics.dates.date_spans`, references excluded)."""

    text: str
    matches: list[Match]
    citations: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    dates: list[tuple[int, int, int]]
    outside: Callable[[int], bool] = field(init=False, repr=False)  # not in a reference

    def __post_init__(self):
        self.outside = outside_all(self.citations)


@dataclass
class Section:
    """What a passage's section says: the groups its heading names (resolved, in heading
    order), the heading's dates, and the unambiguous names in its passages
    (:func:`section_counts`)."""

    heading_groups: list[str]
    heading_dates: list[tuple[int, int, int]]
    counts: dict[str, int]


def section_counts(scanned: list[ScannedText]) -> dict[str, int]:
    """Unambiguous name mentions per opposition in a section's passages (references excluded)."""
    counts: dict[str, int] = {}
    for s in scanned:
        for m in s.matches:
            e = m.spelling
            if not e.needs_context and e.kind == "name" and s.outside(m.start):
                counts[e.candidates[0]] = counts.get(e.candidates[0], 0) + 1
    return counts


def _most_named(life: Lifetimes, candidates, counts: dict[str, int]) -> str:
    """The candidate named most often (more often than any other), else ``""``."""
    ranked = sorted(((counts.get(c, 0), -life.rank[c], c) for c in candidates), reverse=True)
    if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][2]
    return ""


def resolve_heading(life: Lifetimes, heading_matches: list[Match], heading_dates,
                    scanned: list[ScannedText],
                    counts: dict[str, int]) -> dict[int, tuple[str, str]]:
    """Resolve the matches of a section heading from the whole section: ``index -> (opposition,
    resolved_by)`` for those placed. An ambiguous name goes by the heading's own date, else to
    the candidate the section's passages name most, else to the one their dates point to."""
    out: dict[int, tuple[str, str]] = {}
    date_list = [d for s in scanned for d in s.dates]
    votes_for: dict[tuple[str, ...], str] = {}
    for i, m in enumerate(heading_matches):
        e = m.spelling
        if not e.needs_context:
            out[i] = (e.candidates[0], "")
            continue
        if heading_dates and not e.generic:
            d = heading_dates[0]
            choice = life.by_date(e.candidates, e.primary, d[1], d[2])
            if choice is None:
                continue
            if choice:
                out[i] = (choice, "years")
                continue
        most = _most_named(life, e.candidates, counts)
        if most:
            out[i] = (most, "section")
            continue
        if e.generic:
            continue
        if e.candidates not in votes_for:
            votes: dict[str, int] = {}
            for _, y0, y1 in date_list:
                for c in e.candidates:
                    if life.active(c, y0, y1) > 0.5:
                        votes[c] = votes.get(c, 0) + 1
            best = sorted(((v, c) for c, v in votes.items()), reverse=True)
            ok = best and (len(best) == 1 or best[0][0] > best[1][0])
            votes_for[e.candidates] = best[0][1] if ok else ""
        if votes_for[e.candidates]:
            out[i] = (votes_for[e.candidates], "years")
    return out


class _Names:
    """The unambiguous names of a passage (outside references): the nearest one of some
    candidate groups to an offset, in logarithmic time."""

    def __init__(self, plain: list[Match]):
        self.starts: dict[str, list[int]] = {}
        for p in plain:  # plain is in text order
            self.starts.setdefault(p.spelling.candidates[0], []).append(p.start)
        self.every = [(p.start, p.spelling.candidates[0]) for p in plain]
        self.every_starts = [p.start for p in plain]

    def __bool__(self):
        return bool(self.every)

    def nearest(self, offset: int, candidates=None, lo: int = 0, hi: int | None = None) -> str:
        """The group of the nearest name (the earlier of two equally near) in ``[lo, hi)``
        among ``candidates`` (all groups if None); ``""`` if there is none."""
        hi = float("inf") if hi is None else hi
        lists = ([(self.every_starts, None)] if candidates is None else
                 [(self.starts[c], c) for c in dict.fromkeys(candidates) if c in self.starts])
        best = None
        for starts, group in lists:
            k = bisect.bisect_left(starts, offset)
            for j in (k - 1, k):
                if 0 <= j < len(starts) and lo <= starts[j] < hi:
                    key = (abs(starts[j] - offset), starts[j])
                    if best is None or key < best[0]:
                        best = (key, group if group is not None else self.every[j][1])
        return best[1] if best else ""


def resolve_text(life: Lifetimes, scanned: ScannedText,
                 section: Section) -> list[tuple[Match, str, str]]:
    """Resolve each match of one passage's text: ``(match, opposition, resolved_by)``;
    opposition is ``""`` when the context does not decide (the rules above)."""
    text, matches, outside = scanned.text, scanned.matches, scanned.outside
    clauses = Clauses(text, scanned.sentences)
    dates = DateIndex(scanned.dates)
    names = _Names([m for m in matches if outside(m.start) and not m.spelling.needs_context
                    and m.spelling.kind == "name"])
    heading_groups = section.heading_groups
    results: dict[int, tuple[str, str]] = {}
    vetoed: set[int] = set()

    # pass 1 (rules 1-7): the clause's date (a veto first), names in the same sentence, the
    # clause's date, the section heading, the passage's governing date, names anywhere in the
    # passage, and for phrases the group the section discusses
    for i, m in enumerate(matches):
        e = m.spelling
        if not e.needs_context:
            results[i] = (e.candidates[0], "")
            continue
        if e.generic:
            in_heading = [g for g in heading_groups if g in e.candidates]
            if len(set(in_heading)) == 1:
                results[i] = (in_heading[0], "section")
            elif names:
                results[i] = (names.nearest(m.start), "alias-nearby")
            continue
        d = dates.governing(m.start, *clauses.clause(m.start))
        by_clause = life.by_date(e.candidates, e.primary, d[1], d[2]) if d else ""
        if by_clause is None:
            vetoed.add(i)
            continue
        near = names.nearest(m.start, e.candidates, *clauses.sentence(m.start))
        if near:
            results[i] = (near, "alias-nearby")
            continue
        if by_clause:
            results[i] = (by_clause, "years")
            continue
        in_heading = [g for g in dict.fromkeys(heading_groups) if g in e.candidates]
        if in_heading:
            pick = e.primary if e.primary in in_heading else in_heading[0]
            results[i] = (pick, "section")
            continue
        d = dates.governing(m.start, 0, len(text))
        if d:
            choice = life.by_date(e.candidates, e.primary, d[1], d[2])
            if choice is None:
                vetoed.add(i)
                continue
            if choice:
                results[i] = (choice, "years")
                continue
        near = names.nearest(m.start, e.candidates)
        if near:
            results[i] = (near, "alias-nearby")
            continue
        if e.kind == "name":
            # a phrase ("the Lefts", "the Right") refers to the group the section discusses
            most = _most_named(life, e.candidates, section.counts)
            if most:
                results[i] = (most, "section")
                continue

    # pass 2 (rule 8)
    for i, placed in _cooccurrence(matches, results, vetoed, outside).items():
        results[i] = (placed, "member-cooccurrence")

    # pass 3 (rule 9): the years in the section heading
    if section.heading_dates:
        d = section.heading_dates[0]
        for i, m in enumerate(matches):
            e = m.spelling
            if i in results or i in vetoed or e.generic:
                continue
            choice = life.by_date(e.candidates, e.primary, d[1], d[2])
            if choice:
                results[i] = (choice, "years")

    return [(m, *results.get(i, ("", ""))) for i, m in enumerate(matches)]


def _others(whos: dict[str, int] | None, who: str) -> int:
    """How many people (or phrases) other than ``who`` a tally holds."""
    return len(whos) - (who in whos) if whos else 0


def _cooccurrence(matches: list[Match], first_pass: dict[int, tuple[str, str]], vetoed: set[int],
                  outside) -> dict[int, str]:
    """Rule 8: the other people (and phrases) of the passage (outside references, not generic,
    not vetoed, not the same person). A member placed by rules 1-7, or an unambiguous member,
    decides (strong); so does a person next to a phrase that can only mean one of his groups,
    or a phrase next to a person of one group only (strong); two other unplaced people who were
    both in one of the candidate groups decide when nothing strong does (weak). Several strong
    groups, or a tie of weak ones, leave the match unplaced.

    The passage's people are tallied once per group (``group -> {who: count}``), so that each
    match only looks at its candidates' tallies."""
    placed_by: dict[str, dict[str, int]] = {}  # placed people (and resolved phrases)
    any_by = {"member": {}, "name": {}}  # unplaced, by kind: every candidate group
    single_by = {"member": {}, "name": {}}  # unplaced, by kind: those of one group only
    pending = []
    for j, other in enumerate(matches):
        e = other.spelling
        if not outside(other.start) or e.generic or j in vetoed:
            continue
        who = other.who
        if j in first_pass:
            group, how = first_pass[j]
            if e.kind == "member" or how:
                tally = placed_by.setdefault(group, {})
                tally[who] = tally.get(who, 0) + 1
            continue
        pending.append((j, other, who))
        for c in e.candidates:
            tally = any_by[e.kind].setdefault(c, {})
            tally[who] = tally.get(who, 0) + 1
        if len(e.candidates) == 1:
            tally = single_by[e.kind].setdefault(e.candidates[0], {})
            tally[who] = tally.get(who, 0) + 1
    out: dict[int, str] = {}
    for i, m, who in pending:
        e = m.spelling
        strong = {c for c in e.candidates if _others(placed_by.get(c), who)}
        partner = "name" if e.kind == "member" else "member"  # a person next to a phrase
        if len(e.candidates) == 1:
            if _others(any_by[partner].get(e.candidates[0]), who):
                strong.add(e.candidates[0])
        else:
            strong |= {c for c in e.candidates if _others(single_by[partner].get(c), who)}
        if len(strong) == 1:
            out[i] = next(iter(strong))
            continue
        if not strong and e.kind == "member":
            weak = [(_others(any_by["member"].get(c), who), c) for c in dict.fromkeys(e.candidates)]
            best = sorted(((n, c) for n, c in weak if n >= 2), reverse=True)
            if best and (len(best) == 1 or best[0][0] > best[1][0]):
                out[i] = best[0][1]
    return out
