"""Which oppositions each passage names, and which it is substantively about.

Three steps, each a DataFrame:

1. :func:`mentions` — every match of a registry name or member in a passage's text or in its
   section heading (one row per match);
2. :func:`topics` — per passage, the oppositions it is *about* (a score from a few documented
   weights, and a human-readable ``evidence`` string); :func:`topic_lists` turns that into
   ``passage_id -> sorted list of ids``;
3. :func:`coverage` — traditions x oppositions: how many passages (and words) each tradition
   devotes to each opposition.

:func:`evaluate_topics` compares topics with hand labels (micro precision/recall/F1, per
opposition, per kind of case).

Matching (see the header of ``corpus/oppositions.yaml``): curly and straight quotes are the same;
a lower-case letter in a registry spelling matches either case, a capital only a capital; words
must stand alone (``Kommunist`` does not match ``Kommunistische``); where matches overlap the
longest wins (``Platform of the 46`` is one mention, not two). A member of several groups, a
person prominent outside any opposition, or an ambiguous phrase ("the Right", "the Lefts",
"the Opposition") yields a row only when the context resolves it; the ``resolved_by`` column says
how (``years`` | ``alias-nearby`` | ``section`` | ``member-cooccurrence``; empty for a name that
needs no context). Matches inside a bibliographic reference ("[Daniels, Op. Cit., p. 87]",
"(Kollontai, ibid, p. 33)") are kept but flagged ``in_citation``; for topics they only say whose
document or whose words a passage quotes.

The topic weights and thresholds are module constants (``W_CONTEXT`` ... ``THRESHOLD``),
explained in the comment above them.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from standpoint.text.quotes import normalise
from standpoint.text.references import citation_spans
from standpoint.text.sentences import sentence_spans

MENTION_COLUMNS = [
    "passage_id", "opposition", "matched", "offset", "kind", "where",
    "resolved_by", "member", "in_citation",
]
TOPIC_COLUMNS = ["passage_id", "opposition", "score", "evidence"]
RESOLVED_BY = ("years", "alias-nearby", "section", "member-cooccurrence")

# ---------------------------------------------------------------- topic weights ----
# score = W_CONTEXT * [the context says so: the section heading names it (not for footnotes);
#                      or the passage is a quotation whose lead-in ("... argued:") is mainly
#                      about it; or the passage has no group of its own, its first sentence
#                      says "they", "the group", "the manifesto", "Its ..." ..., and the
#                      passage before it (same section) is about exactly one group]
#       + W_SECTION * [it is the group its section names most (>= SECTION_MIN mentions, at least
#                      half of them), and the passage names one of its members]
#       + W_FIRST   * [the passage's first sentence names it (not in passing)]
#       + S + W_SHARE * S / number_of_sentences
# S sums over the passage's sentences: 1 for a sentence that names the group (or a member of
# it, resolved); MINOR for a sentence that mentions it only in passing: in a comparison ("Like
# the Left Communists, ...", "unlike the Workers' Opposition"), as a time marker ("after the
# formation of the United Opposition"), in a list (a sentence naming LIST_MIN or more
# oppositions, for a group whose name appears once in it), by a member in a sentence that names
# another group but not this one ("the left communist Miasnikov said of the Decists"), or
# through a pronoun ("They ...", "Its ...", "He ...": a sentence without a name continues the
# single group of the sentence before it; "Both ..." continues two). S also counts 1 for each
# reference that names the group's own document ("[The Platform of the Opposition, ...]") and,
# in a quotation, for a reference naming a member (the speaker).
# A passage is about a group when score >= THRESHOLD: the context alone suffices; so do two
# sentences; one sentence when it is at least half of the passage, or opens the passage of a
# section about that group.
W_CONTEXT = 2.0
W_SECTION = 1.0
W_FIRST = 0.5
W_SHARE = 2.0
MINOR = 0.5
LIST_MIN = 3
SECTION_MIN = 5
THRESHOLD = 2.0
# a group's last year is extended by END_SLACK when dating a mention (its defeat and its members'
# capitulations are told in the year after: "months before [1928] he had attacked the Left")
END_SLACK = 1

_LEADIN_END = re.compile(r"(?::|\b(?:that|because|finally|follows|saying|thus|below))[\s*]*$", re.I)
_SENTENCE_ANAPHOR = re.compile(
    r"^\W*(?:(both)|they|their|them|its|he|his|she|her|the group|this group|the grouping|"
    r"this grouping|this opposition|this tendency|the tendency|these groups)\b", re.I)
_TIME_MARKER = re.compile(
    r"(?:\b(?:after|before|since|until|till)\s+(?:the\s+)?(?:formation|creation|emergence|defeat|"
    r"fall|dissolution|banning|birth|rise|appearance|establishment|end)\s+of"
    r"|\bby the time of)\s+(?:the\s+)?(?:former\s+)?[\"'*]*$", re.I)
_COMPARISON = re.compile(
    r"(?:(?:^|[,;:(\u2013\u2014-]\s*|\bjust\s+)(?:unlike|like|as with)\s+the|\bthan\s+the"
    r"|\b(?:in contrast to|contrary to|compared (?:to|with)|similar to)(?:\s+the)?)"
    r"\s+(?:former\s+)?[\"'*]*$", re.I)
_PASSAGE_ANAPHOR = re.compile(
    r"\b(?:they|their|them|the group|this group|the grouping|this grouping|this opposition|"
    r"these groups|the (?:manifesto|platform|programme|program|text|document|pamphlet|brochure))\b"
    r"|^\W*its\b", re.I)

# ---------------------------------------------------------------------- dates ----
# a year: "(?<![\w,.°])(1[89]\d\d|20\d\d)...", the look-behind written after the first digit so
# that the regex engine can scan for the digits quickly (the same matches and groups)
_YEAR = re.compile(r"(1(?<![\w,.°]1)[89]\d\d|2(?<![\w,.°]2)0\d\d)"
                   r"(?:(s)|\s?[-–]\s?(\d{1,4})(?!\d))?(?![\w])")


# ================================================================== helpers ====


def _outside_all(spans: list[tuple[int, int]]):
    """``lambda offset: not any(a <= offset < b for a, b in spans)``, in logarithmic time per
    offset (the spans sorted once, with the running maximum of their ends)."""
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
    outside = _outside_all(exclude)
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
class _Entry:
    """One registry spelling: what it means and whether it needs context."""

    regex: re.Pattern
    key: str  # a lower-case word the text must contain (a cheap pre-filter)
    candidates: tuple[str, ...]
    kind: str  # "name" | "member"
    member: str = ""
    primary: str = ""
    needs_context: bool = False
    generic: bool = False


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    entry: _Entry
    text: str


class _Registry:
    """Compiled spellings and years of an oppositions frame (built once per call)."""

    def __init__(self, oppositions: pd.DataFrame, dates=None):
        self.order = list(oppositions["opposition"])
        self.rank = {oid: i for i, oid in enumerate(self.order)}
        self.years = {
            row.opposition: (int(row.start_year), int(row.end_year))
            for row in oppositions.itertuples(index=False)
        }
        self.dates = list(oppositions.attrs.get("dates", []) if dates is None else dates)
        entries: list[_Entry] = []
        ambiguous: dict[str, list[str]] = {}
        for row in oppositions.itertuples(index=False):
            for alias in row.aliases:
                entries.append(_Entry(re.compile(_variant_pattern(alias)), _key(alias),
                                      (row.opposition,), "name"))
            for phrase in row.ambiguous:
                ambiguous.setdefault(normalise(phrase.strip()), []).append(row.opposition)
            for member in row.members:
                needs = bool(member["ambiguous"] or member["also"])
                cands = (row.opposition, *[a for a in member["also"] if a != row.opposition])
                for variant in member["variants"]:
                    entries.append(_Entry(re.compile(_variant_pattern(variant)), _key(variant),
                                          cands, "member",
                                          member=member["name"], primary=row.opposition,
                                          needs_context=needs))
        for phrase, cands in ambiguous.items():
            cands = tuple(sorted(set(cands), key=self.rank.get))
            entries.append(_Entry(re.compile(_variant_pattern(phrase)), _key(phrase), cands, "name",
                                  needs_context=True))
        for phrase in oppositions.attrs.get("generic", []):
            entries.append(_Entry(re.compile(_variant_pattern(phrase)), _key(phrase),
                                  tuple(self.order), "name",
                                  needs_context=True, generic=True))
        for phrase in oppositions.attrs.get("not_mentions", []):
            # look like a name but are someone or something else: they take their span away
            entries.append(_Entry(re.compile(_variant_pattern(phrase)), _key(phrase), (), "none"))
        self.entries = entries
        # entries grouped by their pre-filter word (many share one: "opposition"), so that
        # scan() looks for each word once; indices kept for the tie-break order
        by_key: dict[str, list[tuple[int, _Entry]]] = {}
        for index, entry in enumerate(entries):
            by_key.setdefault(entry.key, []).append((index, entry))
        self._by_key = list(by_key.items())

    def scan(self, text: str) -> list[_Match]:
        """Non-overlapping matches in text order; where matches overlap the longest wins
        ("the Left Opposition" is "Left Opposition", not "the Left")."""
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
        chosen: list[_Match] = []
        taken: list[tuple[int, int]] = []
        for _, start, _, end, entry in found:
            if all(end <= a or start >= b for a, b in taken):
                chosen.append(_Match(start, end, entry, text[start:end]))
                taken.append((start, end))
        return sorted((m for m in chosen if m.entry.kind != "none"), key=lambda m: m.start)

    def active(self, candidate: str, y0: int, y1: int, slack: int = END_SLACK) -> float:
        """Share of the date span [y0, y1] during which ``candidate`` existed (its last year
        extended by ``slack``: a defeated group is still discussed the year after)."""
        start, end = self.years[candidate]
        overlap = min(y1, end + slack) - max(y0, start) + 1
        return max(0, overlap) / (y1 - y0 + 1)

    def by_date(self, candidates, primary: str, y0: int, y1: int):
        """The candidate active in [y0, y1] (for more than half of a span); ``None`` if no
        candidate existed at all then (a veto); ``""`` if the date does not decide."""
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


def _nearest(items, offset):
    return min(items, key=lambda item: (abs(item[0] - offset), item[0]))


def _governing(dates, offset: int, a: int, b: int):
    """The date that governs a mention at ``offset`` within [a, b): the last one before it
    (narrative order: "In 1923 ... Trotsky"), else the first one after it; None if none."""
    inside = [d for d in dates if a <= d[0] < b]
    before = [d for d in inside if d[0] <= offset]
    if before:
        return max(before)
    return min(inside) if inside else None


# ================================================================= mentions ====

def _section_runs(passages: pd.DataFrame) -> list[list[int]]:
    """Row positions of consecutive passages sharing a document and a section."""
    runs: list[list[int]] = []
    previous = None
    for pos, (doc, section) in enumerate(zip(passages["doc_id"], passages["section"])):
        key = (doc, section)
        if key != previous:
            runs.append([])
            previous = key
        runs[-1].append(pos)
    return runs


def _resolve_text(reg: _Registry, text: str, matches: list[_Match], citations, sentences,
                  dates, heading_groups: list[str], heading_dates,
                  section_counts: dict[str, int]) -> list[tuple[_Match, str, str]]:
    """Resolve each match of one passage's text: ``(match, opposition, resolved_by)``;
    opposition is ``""`` when the context does not decide."""
    outside = _outside_all(citations)
    live = [m for m in matches if outside(m.start)]
    plain = [m for m in live if not m.entry.needs_context and m.entry.kind == "name"]
    results: dict[int, tuple[str, str]] = {}
    vetoed: set[int] = set()

    def sentence_of(offset):
        for a, b in sentences:
            if a <= offset < b:
                return a, b
        return 0, len(text)

    def clause_of(offset):
        a, b = sentence_of(offset)
        cuts = [a] + [k + 1 for k in range(a, b) if text[k] == ";"] + [b]
        for lo, hi in zip(cuts, cuts[1:]):
            if lo <= offset < hi:
                return lo, hi
        return a, b

    # pass 1: the clause's date (a veto first), names in the same sentence, the clause's date,
    # the section heading, the passage's governing date, names anywhere in the passage, and for
    # phrases the group the section discusses
    for i, m in enumerate(matches):
        e = m.entry
        if not e.needs_context:
            results[i] = (e.candidates[0], "")
            continue
        if e.generic:
            in_heading = [g for g in heading_groups if g in e.candidates]
            if len(set(in_heading)) == 1:
                results[i] = (in_heading[0], "section")
            elif plain:
                near = _nearest([(p.start, p.entry.candidates[0]) for p in plain], m.start)
                results[i] = (near[1], "alias-nearby")
            continue
        d = _governing(dates, m.start, *clause_of(m.start))
        by_clause = reg.by_date(e.candidates, e.primary, d[1], d[2]) if d else ""
        if by_clause is None:
            vetoed.add(i)
            continue
        a, b = sentence_of(m.start)
        near = [(p.start, p.entry.candidates[0]) for p in plain
                if p.entry.candidates[0] in e.candidates and a <= p.start < b]
        if near:
            results[i] = (_nearest(near, m.start)[1], "alias-nearby")
            continue
        if by_clause:
            results[i] = (by_clause, "years")
            continue
        in_heading = [g for g in dict.fromkeys(heading_groups) if g in e.candidates]
        if in_heading:
            pick = e.primary if e.primary in in_heading else in_heading[0]
            results[i] = (pick, "section")
            continue
        d = _governing(dates, m.start, 0, len(text))
        if d:
            choice = reg.by_date(e.candidates, e.primary, d[1], d[2])
            if choice is None:
                vetoed.add(i)
                continue
            if choice:
                results[i] = (choice, "years")
                continue
        near = [(p.start, p.entry.candidates[0]) for p in plain
                if p.entry.candidates[0] in e.candidates]
        if near:
            results[i] = (_nearest(near, m.start)[1], "alias-nearby")
            continue
        if e.kind == "name":
            # a phrase ("the Lefts", "the Right") refers to the group the section discusses
            ranked = sorted(((section_counts.get(c, 0), -reg.rank[c], c) for c in e.candidates),
                            reverse=True)
            if ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                results[i] = (ranked[0][2], "section")
                continue

    # pass 2: the other people (and phrases) in the same passage. A member placed by the
    # context, or an unambiguous member, decides; so does a person next to a phrase that can
    # only mean one of his groups ("Bukharin's right wing faction"); two other people who were
    # both in one of the candidate groups decide ("Bukharin, Rykov and Tomsky").
    def who(match):
        return match.entry.member or normalise(match.text).lower()

    first_pass = dict(results)
    for i, m in enumerate(matches):
        e = m.entry
        if i in results or i in vetoed or e.generic or not outside(m.start):
            continue
        strong: set[str] = set()
        weak: dict[str, set[str]] = {}
        for j, other in enumerate(matches):
            if j == i or not outside(other.start) or other.entry.generic or j in vetoed:
                continue
            if who(other) == who(m):
                continue
            if j in first_pass:
                placed = first_pass[j][0]
                if placed in e.candidates and (other.entry.kind == "member" or first_pass[j][1]):
                    strong.add(placed)
                continue
            shared = [c for c in other.entry.candidates if c in e.candidates]
            person_and_phrase = {e.kind, other.entry.kind} == {"member", "name"}
            single = len(e.candidates) == 1 or len(other.entry.candidates) == 1
            for c in shared:
                if person_and_phrase and single:
                    strong.add(c)
                elif e.kind == other.entry.kind == "member":
                    weak.setdefault(c, set()).add(who(other))
        if len(strong) == 1:
            results[i] = (next(iter(strong)), "member-cooccurrence")
            continue
        if not strong:
            best = sorted(((len(v), c) for c, v in weak.items() if len(v) >= 2), reverse=True)
            if best and (len(best) == 1 or best[0][0] > best[1][0]):
                results[i] = (best[0][1], "member-cooccurrence")
                continue

    # pass 3: the years in the section heading
    for i, m in enumerate(matches):
        e = m.entry
        if i in results or i in vetoed or e.generic or not heading_dates:
            continue
        d = heading_dates[0]
        choice = reg.by_date(e.candidates, e.primary, d[1], d[2])
        if choice:
            results[i] = (choice, "years")

    return [(m, *results.get(i, ("", ""))) for i, m in enumerate(matches)]


def _section_counts(section_texts) -> dict[str, int]:
    """Unambiguous name mentions per opposition in a section's passages (references excluded)."""
    counts: dict[str, int] = {}
    for _, matches, citations, _ in section_texts:
        outside = _outside_all(citations)
        for m in matches:
            if not m.entry.needs_context and m.entry.kind == "name" and outside(m.start):
                counts[m.entry.candidates[0]] = counts.get(m.entry.candidates[0], 0) + 1
    return counts


def _resolve_heading(reg: _Registry, heading_matches, heading_dates,
                     section_texts) -> dict[int, tuple[str, str]]:
    """Resolve the ambiguous names in a section heading from the whole section's text."""
    out: dict[int, tuple[str, str]] = {}
    counts = _section_counts(section_texts)
    date_list = [d for *_, dates in section_texts for d in dates]
    for i, m in enumerate(heading_matches):
        e = m.entry
        if not e.needs_context:
            out[i] = (e.candidates[0], "")
            continue
        if heading_dates and not e.generic:
            d = heading_dates[0]
            choice = reg.by_date(e.candidates, e.primary, d[1], d[2])
            if choice is None:
                continue
            if choice:
                out[i] = (choice, "years")
                continue
        ranked = sorted(((counts.get(c, 0), -reg.rank[c], c) for c in e.candidates), reverse=True)
        if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            out[i] = (ranked[0][2], "section")
            continue
        if e.generic:
            continue
        votes: dict[str, int] = {}
        for _, y0, y1 in date_list:
            for c in e.candidates:
                if reg.active(c, y0, y1) > 0.5:
                    votes[c] = votes.get(c, 0) + 1
        best = sorted(((v, c) for c, v in votes.items()), reverse=True)
        if best and (len(best) == 1 or best[0][0] > best[1][0]):
            out[i] = (best[0][1], "years")
    return out


def mentions(passages: pd.DataFrame, oppositions: pd.DataFrame, *,
             keep_unresolved: bool = False) -> pd.DataFrame:
    """Every mention of an opposition (by name or member) in each passage's text and heading.

    Columns:

    ===========  ===============================================================
    passage_id   the passage
    opposition   the opposition id ('' only for unresolved rows, see below)
    matched      the text as written (curly quotes and all)
    offset       character offset of the match in ``text`` (``where == "text"``) or in
                 ``section`` (``where == "section"``)
    kind         ``name`` | ``member`` (in the text) | ``heading`` (in the section title)
    where        ``text`` | ``section``
    resolved_by  how an ambiguous match was placed: ``years`` | ``alias-nearby`` | ``section``
                 | ``member-cooccurrence``; '' when the spelling needs no context
    member       the member's registry name for member matches ('' for group names)
    in_citation  True inside a bibliographic reference (never counted as a topic)
    ===========  ===============================================================

    A heading is read with its whole section: an ambiguous name in it ("Trotsky’s fatal
    hesitations", "The ‘Right’ and the ‘Centre’") goes to the candidate group the section's
    passages name most, else to the one their dates point to; every passage of the section
    gets the heading's rows. Text matches are resolved passage by passage (the rules are in
    the header of ``corpus/oppositions.yaml``).

    Rows are in passage order, headings first, then by offset. Ambiguous matches the context
    does not resolve are left out (``keep_unresolved=True`` keeps them, with ``opposition ==
    ""`` and ``resolved_by == "unresolved"``). Neither input is modified.

    Example:
        >>> from standpoint.segment import split_text
        >>> from standpoint.corpus import load_oppositions
        >>> p = split_text("In 1928 Bukharin, Rykov and Tomsky led the Right against Stalin.")
        >>> m = mentions(p, load_oppositions())
        >>> m[["opposition", "matched", "resolved_by"]].values.tolist()[:2]
        [['right-opposition', 'Bukharin', 'years'], ['right-opposition', 'Rykov', 'years']]
        >>> p = split_text("At Brest-Litovsk Bukharin wanted a revolutionary war.")
        >>> mentions(p, load_oppositions()).loc[0, ["opposition", "resolved_by"]].tolist()
        ['left-communists', 'years']
    """
    reg = _Registry(oppositions)
    rows = []
    ids = passages["passage_id"].tolist()
    texts = passages["text"].fillna("").astype(str).tolist()
    sections = passages["section"].fillna("").astype(str).tolist()

    # every passage's text: matches, citations, sentences, dates
    scanned = []
    for text in texts:
        citations = citation_spans(text)
        scanned.append((text, reg.scan(text), citations, sentence_spans(text),
                        date_spans(text, reg.dates, citations)))

    for run in _section_runs(passages):
        section = sections[run[0]]
        heading_matches = reg.scan(section) if section else []
        heading_dates = date_spans(section, reg.dates, citation_spans(section)) if section else []
        section_texts = [(scanned[p][0], scanned[p][1], scanned[p][2], scanned[p][4]) for p in run]
        resolved_heading = _resolve_heading(reg, heading_matches, heading_dates, section_texts)
        heading_groups = [resolved_heading[i][0] for i in sorted(resolved_heading)]
        counts = _section_counts(section_texts)
        for pos in run:
            text, matches, citations, sentences, dates = scanned[pos]
            outside = _outside_all(citations)
            for i, m in enumerate(heading_matches):
                opp, how = resolved_heading.get(i, ("", "unresolved"))
                if opp or keep_unresolved:
                    rows.append((pos, 0, m.start, ids[pos], opp, m.text, m.start, "heading",
                                 "section", how, m.entry.member, False))
            for m, opp, how in _resolve_text(reg, text, matches, citations, sentences, dates,
                                             heading_groups, heading_dates, counts):
                if not opp and not keep_unresolved:
                    continue
                rows.append((pos, 1, m.start, ids[pos], opp, m.text, m.start, m.entry.kind,
                             "text", how if opp else "unresolved", m.entry.member,
                             not outside(m.start)))
    rows.sort(key=lambda r: r[:3])
    frame = pd.DataFrame([r[3:] for r in rows], columns=MENTION_COLUMNS)
    return frame.astype({"offset": "int64", "in_citation": "bool"}).reset_index(drop=True)


# =================================================================== topics ====

class _Row(NamedTuple):
    """One mention row, as :func:`topics` reads it."""

    where: str
    opposition: str
    matched: str
    offset: int
    kind: str
    member: str
    in_citation: bool


def _sentence_weights(text: str, rows, quotation: bool = False):
    """Per opposition: the weighted sum S of sentences naming it, the plain number of those
    sentences; the number of sentences of the passage; the groups its first sentence names
    (not in passing) (see the weights above). A reference that names a group's document
    ("[The Platform of the Opposition, ...]") counts like a sentence; in a quotation, so does a
    reference naming a member (the speaker)."""
    citations = citation_spans(text)
    blanked = text
    for a, b in citations:
        blanked = blanked[:a] + " " * (b - a) + blanked[b:]
    spans = [s for s in sentence_spans(text) if blanked[s[0]:s[1]].strip(" .,;:'\"")]
    spans = spans or [(0, len(text))]
    # per sentence: opposition -> list of (kind, in passing)
    found: list[dict[str, list[tuple[str, bool]]]] = [{} for _ in spans]
    cited: dict[str, set[int]] = {}
    for offset, opp, kind in zip(rows["offset"], rows["opposition"], rows["kind"]):
        where = [c for c, (a, b) in enumerate(citations) if a <= offset < b]
        if where:
            if kind == "name" or quotation:
                cited.setdefault(opp, set()).add(where[0])
            continue
        for k, (a, b) in enumerate(spans):
            if a <= offset < b:
                before = normalise(text[max(a, offset - 40):offset])
                passing = bool(_COMPARISON.search(before) or _TIME_MARKER.search(before))
                found[k].setdefault(opp, []).append((kind, passing))
                break
    weights: dict[str, float] = {}
    counts: dict[str, int] = {}
    previous: list[str] = []
    first: set[str] = set()
    for k, (a, b) in enumerate(spans):
        here = found[k]
        sentence_weights: dict[str, float] = {}
        named = {o for o, ev in here.items() if any(kind == "name" and not cmp for kind, cmp in ev)}
        for opp, ev in here.items():
            main = [(kind, cmp) for kind, cmp in ev if not cmp]
            if not main:
                w = MINOR  # only in comparisons or as a time marker
            elif not any(kind == "name" for kind, _ in main) and named - {opp}:
                w = MINOR  # a member named aside, in a sentence about another group
            elif len(here) >= LIST_MIN and sum(kind == "name" for kind, _ in ev) <= 1:
                w = MINOR  # one name in a list of oppositions
            else:
                w = 1.0
            sentence_weights[opp] = w
        subjects = [o for o, w in sentence_weights.items() if w == 1.0]
        if not here and previous:
            m = _SENTENCE_ANAPHOR.match(text[a:b])
            if m and (len(previous) == 1 or (m.group(1) and len(previous) == 2)):
                sentence_weights = {o: MINOR for o in previous}
                subjects = list(previous)
        for opp, w in sentence_weights.items():
            weights[opp] = weights.get(opp, 0.0) + w
            counts[opp] = counts.get(opp, 0) + 1
        if k == 0:
            first = set(subjects)
        previous = subjects
    for opp, where in cited.items():
        weights[opp] = weights.get(opp, 0.0) + len(where)
        counts.setdefault(opp, 0)
    return weights, counts, len(spans), first, {o: len(w) for o, w in cited.items()}


def _ends_with_leadin(text: str) -> bool:
    """``_LEADIN_END.search(text)``, looking only at the end: the match is a lead-in word (at
    most 7 letters) or ":" right before the trailing run of whitespace and ``*``."""
    p = len(text)
    while p and (text[p - 1].isspace() or text[p - 1] == "*"):
        p -= 1
    return _LEADIN_END.search(text, max(0, p - 16)) is not None


def _section_dominant(mentions_df: pd.DataFrame, passages: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(doc_id, section) -> the opposition named most in that section's text, if it has at
    least SECTION_MIN mentions and at least half of all the section's mentions."""
    rows = mentions_df[(mentions_df["where"] == "text") & ~mentions_df["in_citation"].astype(bool)
                       & (mentions_df["opposition"].astype(str) != "")]
    key_of = {pid: (doc, sec) for pid, doc, sec in
              zip(passages["passage_id"], passages["doc_id"], passages["section"])}
    tallies: dict[tuple[str, str], dict[str, int]] = {}
    for pid, opp in zip(rows["passage_id"], rows["opposition"]):
        if pid in key_of:
            t = tallies.setdefault(key_of[pid], {})
            t[opp] = t.get(opp, 0) + 1
    out = {}
    for key, t in tallies.items():
        best = sorted(t.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(t.values())
        if best[0][1] >= SECTION_MIN and 2 * best[0][1] >= total and (
            len(best) == 1 or best[0][1] > best[1][1]
        ):
            out[key] = best[0][0]
    return out


def topics(passages: pd.DataFrame, mentions_df: pd.DataFrame, oppositions: pd.DataFrame, *,
           threshold: float = THRESHOLD, keep_all: bool = False) -> pd.DataFrame:
    """The oppositions each passage is substantively about.

    Columns: ``passage_id``, ``opposition``, ``score`` (float, see the weights at the top of
    this module), ``evidence`` (what counted, e.g. ``"heading: Workers' Opposition; name×3;
    member: Kollontai; 3/5 sentences"``). One row per (passage, opposition) with
    ``score >= threshold``, in passage then registry order. ``keep_all=True`` returns every
    scored pair with an extra boolean column ``is_topic``.

    Rules (weights in the module constants): a section heading naming the group makes every
    passage under it about the group, even one that only says "the group" or "they" (not
    footnotes, which merely follow the last heading); otherwise the group must be named (or a
    member of it, resolved) in two sentences, or in a sentence that is at least half of the
    passage or opens a passage in a section about the group. Mentions in passing count half: in
    a list of three or more oppositions, in a comparison ("unlike the Left Communists"), as a
    time marker ("after the formation of the United Opposition"), a member named aside in a
    sentence about another group, a pronoun sentence. A quotation is about what its lead-in
    passage ("... argued:") is mainly about, and about the group whose document (or, for a
    member, whose words) its reference names; a passage without a group of its own that opens
    with "they", "the group", "the manifesto" ... continues the single group of the passage
    before it.

    Example:
        >>> from standpoint.segment import split_text
        >>> from standpoint.corpus import load_oppositions
        >>> opp = load_oppositions()
        >>> p = split_text("The Workers' Opposition\\n\\nThe group wanted union management. "
        ...                "Lenin refused. Even the Decists and the Left Communists, like the "
        ...                "Workers' Group, were ignored.")
        >>> t = topics(p, mentions(p, opp), opp)
        >>> t[["opposition", "score"]].values.tolist()
        [['workers-opposition', 2.0]]
    """
    reg_order = list(oppositions["opposition"])
    rank = {oid: i for i, oid in enumerate(reg_order)}
    m = mentions_df[mentions_df["opposition"].astype(str) != ""]
    # each passage's mention rows as plain tuples, in row order (per-passage DataFrame
    # filtering cost more than everything else here)
    by_passage: dict[str, list[_Row]] = {}
    for pid, *values in zip(m["passage_id"], *(m[c] for c in _Row._fields)):
        by_passage.setdefault(pid, []).append(_Row(*values))
    dominant = _section_dominant(m, passages)
    out = []
    chain: set[str] | None = None
    prev_key = None
    prev_topics: set[str] = set()
    for row in passages.itertuples(index=False):
        key = (row.doc_id, row.section)
        if key != prev_key:
            chain, prev_topics = None, set()
        rows = by_passage.get(row.passage_id)
        heading: dict[str, list[str]] = {}
        text_rows: list[_Row] = []
        if rows is not None:
            if row.voice != "note":  # footnotes sit after the last heading but belong to the text
                for r in rows:
                    if r.where == "section":
                        heading.setdefault(r.opposition, [])
                        if r.matched not in heading[r.opposition]:
                            heading[r.opposition].append(r.matched)
            text_rows = [r for r in rows if r.where == "text"]
        text = "" if pd.isna(row.text) else str(row.text)
        weights, counts, n_sent, first_groups, cited_here = _sentence_weights(
            text, {"offset": [r.offset for r in text_rows],
                   "opposition": [r.opposition for r in text_rows],
                   "kind": [r.kind for r in text_rows]},
            row.voice == "quotation")
        text_rows = [r for r in text_rows if not bool(r.in_citation)]
        leadin = chain if (row.voice == "quotation" and chain) else set()
        section_group = dominant.get(key)
        scores: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        for opp in set(heading) | set(weights) | leadin:
            s = weights.get(opp, 0.0)
            sub = [r for r in text_rows if r.opposition == opp]
            in_section = (opp == section_group and opp not in heading
                          and any(r.kind == "member" for r in sub))
            opens = opp in first_groups and n_sent > 1
            context = opp in heading or opp in leadin
            score = (W_CONTEXT * context + W_SECTION * in_section + W_FIRST * opens
                     + s + W_SHARE * s / n_sent)
            scores[opp] = score
            parts = []
            if opp in heading:
                parts.append("heading: " + ", ".join(heading[opp]))
            if opp in leadin:
                parts.append("quoted after a lead-in about it")
            if in_section:
                parts.append("member of the section's main group")
            if opens:
                parts.append("opens the passage")
            if opp in weights:
                n_names = sum(r.kind == "name" for r in sub)
                if n_names:
                    parts.append(f"name×{n_names}")
                members = [r.member for r in sub if r.kind == "member"]
                if members:
                    tally = {mm: members.count(mm) for mm in dict.fromkeys(members)}
                    parts.append("member: " + ", ".join(
                        f"{mm}×{c}" if c > 1 else mm for mm, c in tally.items()))
                if counts[opp]:
                    parts.append(f"{counts[opp]}/{n_sent} sentences")
            if opp in cited_here:
                parts.append(f"cited×{cited_here[opp]}")
            if s < counts.get(opp, 0) + cited_here.get(opp, 0):
                parts.append("partly in passing")
            evidence[opp] = parts
        mine = {o for o, sc in scores.items() if sc >= threshold}
        # a pronoun passage continues the single group of the passage before it
        if not mine and len(prev_topics) == 1:
            first = sentence_spans(text)[:1]
            if first and _PASSAGE_ANAPHOR.search(text[first[0][0]:first[0][1]]):
                opp = next(iter(prev_topics))
                scores[opp] = scores.get(opp, 0.0) + W_CONTEXT
                evidence.setdefault(opp, []).append("continues the previous passage (pronoun)")
                mine = {o for o, sc in scores.items() if sc >= threshold}
        for opp in sorted(scores, key=lambda o: (rank.get(o, len(rank)), o)):
            is_topic = opp in mine
            if is_topic or keep_all:
                record = {"passage_id": row.passage_id, "opposition": opp,
                          "score": round(scores[opp], 2), "evidence": "; ".join(evidence[opp])}
                if keep_all:
                    record["is_topic"] = is_topic
                out.append(record)
        # quotations after a lead-in ("... argued:") are about the lead-in's main group(s)
        if row.voice == "quotation" and chain:
            pass
        elif mine and _ends_with_leadin(text):
            top = max(scores[o] for o in mine)
            chain = {o for o in mine if scores[o] == top}
        else:
            chain = None
        prev_key, prev_topics = key, mine
    columns = TOPIC_COLUMNS + (["is_topic"] if keep_all else [])
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"score": "float64"}).reset_index(drop=True)


def topic_lists(passages: pd.DataFrame, topics_df: pd.DataFrame) -> pd.Series:
    """``passage_id -> sorted list of opposition ids`` for every passage (``[]`` if none), in
    passage order. Used by ``standpoint passages --format jsonl`` for its ``topics`` field.

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"passage_id": ["a:001", "a:002"]})
        >>> t = pd.DataFrame({"passage_id": ["a:001", "a:001"], "opposition": ["x", "b"]})
        >>> topic_lists(p, t).to_dict()
        {'a:001': ['b', 'x'], 'a:002': []}
    """
    grouped: dict[str, set[str]] = {}
    if "is_topic" in topics_df.columns:
        topics_df = topics_df[topics_df["is_topic"].astype(bool)]
    for pid, opp in zip(topics_df["passage_id"], topics_df["opposition"]):
        grouped.setdefault(pid, set()).add(opp)
    ids = list(passages["passage_id"])
    return pd.Series([sorted(grouped.get(pid, ())) for pid in ids],
                     index=pd.Index(ids, name="passage_id"),
                     name="topics", dtype=object)


# ================================================================= coverage ====

def coverage(passages: pd.DataFrame, topics_df: pd.DataFrame, order: list[str], *,
             voice: str | None = "author", traditions: list[str] | None = None) -> pd.DataFrame:
    """Traditions x oppositions: how many passages, and how many words, are about each.

    Returns one frame with two-level columns: ``("passages", opposition)`` and ``("words",
    opposition)``, oppositions in ``order`` (the registry order); rows are traditions (in
    ``traditions`` order, default: order of first appearance in ``passages``), integers, zeros
    included. A passage about two oppositions counts for both. ``voice="author"`` (default)
    counts authorial passages only; ``voice=None`` (or ``"all"``) counts every passage; any
    other value counts passages of that voice.

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"passage_id": ["a:1", "a:2", "b:1"],
        ...                   "tradition": ["icc", "icc", "academic"],
        ...                   "voice": ["author", "quotation", "author"], "n_words": [10, 5, 7]})
        >>> t = pd.DataFrame({"passage_id": ["a:1", "a:2", "b:1"], "opposition": ["x", "x", "y"]})
        >>> c = coverage(p, t, ["x", "y"])
        >>> c["passages"].to_dict("index")
        {'icc': {'x': 1, 'y': 0}, 'academic': {'x': 0, 'y': 1}}
        >>> int(coverage(p, t, ["x", "y"], voice=None).loc["icc", ("words", "x")])
        15
    """
    order = list(order)
    known = set(topics_df["opposition"]) if len(topics_df) else set()
    if known and not known & set(order):
        raise ValueError(f"coverage: order {order[:3]}... names none of the oppositions in topics_df")
    chosen = passages
    if voice not in (None, "all"):
        chosen = passages[passages["voice"] == voice]
    if traditions is None:
        traditions = list(dict.fromkeys(passages["tradition"]))
    t = topics_df
    if "is_topic" in t.columns:
        t = t[t["is_topic"].astype(bool)]
    joined = t[["passage_id", "opposition"]].drop_duplicates().merge(
        chosen[["passage_id", "tradition", "n_words"]], on="passage_id", how="inner")
    counts = joined.pivot_table(index="tradition", columns="opposition", values="passage_id",
                                aggfunc="count", fill_value=0)
    words = joined.pivot_table(index="tradition", columns="opposition", values="n_words",
                               aggfunc="sum", fill_value=0)
    counts = counts.reindex(index=traditions, columns=order, fill_value=0).fillna(0).astype("int64")
    words = words.reindex(index=traditions, columns=order, fill_value=0).fillna(0).astype("int64")
    frame = pd.concat({"passages": counts, "words": words}, axis=1)
    frame.index.name = "tradition"
    frame.columns.names = ["measure", "opposition"]
    return frame


# =============================================================== evaluation ====

def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def parse_label(value) -> set[str]:
    """The set of ids in a label cell: ``"a;b"`` -> ``{"a", "b"}``; empty/NaN -> ``set()``.

    Example:
        >>> sorted(parse_label(" workers-group; workers-truth ")), parse_label(float("nan"))
        (['workers-group', 'workers-truth'], set())
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return set()
    return {part.strip() for part in str(value).split(";") if part.strip()}


def evaluate_topics(topics_df: pd.DataFrame, labels_df: pd.DataFrame) -> dict:
    """Compare topics with hand labels over (passage, opposition) pairs.

    ``labels_df``: columns ``passage_id``, ``oppositions`` (semicolon-separated ids, empty =
    about none) and optionally ``kind`` (the kind of case). Only labelled passages are judged.

    Returns a dict: ``micro`` (dict: precision, recall, f1, tp, fp, fn, passages),
    ``per_opposition`` (DataFrame: opposition, tp, fp, fn, precision, recall, f1),
    ``per_kind`` (DataFrame: kind, passages, tp, fp, fn, precision, recall, f1) and ``errors``
    (DataFrame: passage_id, opposition, error ``fp``/``fn``). With no predicted (or no true)
    pairs, precision (recall) is 1.0.

    Example:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"passage_id": ["a", "a", "b"], "opposition": ["x", "y", "x"]})
        >>> l = pd.DataFrame({"passage_id": ["a", "b"], "oppositions": ["x", ""], "kind": ["k", "k"]})
        >>> r = evaluate_topics(t, l)
        >>> r["micro"]["precision"], r["micro"]["recall"], r["micro"]["tp"]
        (0.3333, 1.0, 1)
    """
    if "is_topic" in topics_df.columns:
        topics_df = topics_df[topics_df["is_topic"].astype(bool)]
    labelled = list(dict.fromkeys(labels_df["passage_id"]))
    truth = {pid: set() for pid in labelled}
    kinds = {}
    for row in labels_df.itertuples(index=False):
        truth[row.passage_id] |= parse_label(row.oppositions)
        kinds[row.passage_id] = str(getattr(row, "kind", "") if "kind" in labels_df.columns else "")
    predicted = {pid: set() for pid in labelled}
    for pid, opp in zip(topics_df["passage_id"], topics_df["opposition"]):
        if pid in predicted:
            predicted[pid].add(opp)
    errors = []
    per_opp: dict[str, list[int]] = {}
    per_kind: dict[str, list[int]] = {}
    for pid in labelled:
        t, p = truth[pid], predicted[pid]
        k = kinds.get(pid, "")
        pk = per_kind.setdefault(k, [0, 0, 0, 0])
        pk[0] += 1
        for opp in t | p:
            po = per_opp.setdefault(opp, [0, 0, 0])
            if opp in t and opp in p:
                po[0] += 1
                pk[1] += 1
            elif opp in p:
                po[1] += 1
                pk[2] += 1
                errors.append((pid, opp, "fp"))
            else:
                po[2] += 1
                pk[3] += 1
                errors.append((pid, opp, "fn"))
    tp = sum(v[0] for v in per_opp.values())
    fp = sum(v[1] for v in per_opp.values())
    fn = sum(v[2] for v in per_opp.values())
    precision, recall, f1 = _prf(tp, fp, fn)
    opp_rows = [(o, *v, *_prf(*v)) for o, v in sorted(per_opp.items())]
    kind_rows = [(k, v[0], v[1], v[2], v[3], *_prf(v[1], v[2], v[3]))
                 for k, v in sorted(per_kind.items())]
    return {
        "micro": {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp,
                  "fn": fn, "passages": len(labelled)},
        "per_opposition": pd.DataFrame(opp_rows, columns=["opposition", "tp", "fp", "fn",
                                                          "precision", "recall", "f1"]),
        "per_kind": pd.DataFrame(kind_rows, columns=["kind", "passages", "tp", "fp", "fn",
                                                     "precision", "recall", "f1"]),
        "errors": pd.DataFrame(errors, columns=["passage_id", "opposition", "error"]),
    }
