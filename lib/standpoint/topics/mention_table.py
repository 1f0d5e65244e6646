"""Every mention of an opposition in each passage: :func:`mentions`, one row per match of a
registry name or member in a passage's text or in its section heading.

The steps: each text is scanned for the registry's spellings (:mod:`standpoint.topics.spellings`)
with its references, sentences and dates; each section's heading is resolved with its whole
section, then each passage's matches by the context rules (:mod:`standpoint.topics.context`).
"""

from __future__ import annotations

import pandas as pd

from standpoint.text.references import citation_spans
from standpoint.text.sentences import sentence_spans
from standpoint.topics.context import (
    ScannedText,
    Section,
    resolve_heading,
    resolve_text,
    section_counts,
)
from standpoint.topics.dates import Lifetimes, date_spans
from standpoint.topics.spellings import Spellings

MENTION_COLUMNS = [
    "passage_id", "opposition", "matched", "offset", "kind", "where",
    "resolved_by", "member", "in_citation",
]
#: the values of ``resolved_by`` for a match placed by its context ('' when none was needed)
RESOLVED_BY = ("years", "alias-nearby", "section", "member-cooccurrence")


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

    Matching (see the header of ``corpus/oppositions.yaml``): curly and straight quotes are the
    same; a lower-case letter in a registry spelling matches either case, a capital only a
    capital; words stand alone; where matches overlap the longest wins. A member of several
    groups, a person prominent outside any opposition, or an ambiguous phrase ("the Right",
    "the Lefts", "the Opposition") yields a row only when the context resolves it (rules 1-9,
    :mod:`standpoint.topics.context`). Matches inside a bibliographic reference ("[Daniels, Op.
    Cit., p. 87]") are kept but flagged ``in_citation``.

    A heading is read with its whole section: an ambiguous name in it ("Trotsky’s fatal
    hesitations", "The ‘Right’ and the ‘Centre’") goes to the candidate group the section's
    passages name most, else to the one their dates point to; every passage of the section
    gets the heading's rows. Text matches are resolved passage by passage.

    Rows are in passage order, headings first, then by offset. Ambiguous matches the context
    does not resolve are left out (``keep_unresolved=True`` keeps them, with ``opposition ==
    ""`` and ``resolved_by == "unresolved"``). Neither input is modified. The work grows with
    the number of matches n of a passage as n log n.

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
    spellings = Spellings(oppositions)
    life = Lifetimes(oppositions)
    registry_dates = list(oppositions.attrs.get("dates", []))
    rows = []
    ids = passages["passage_id"].tolist()
    texts = passages["text"].fillna("").astype(str).tolist()
    sections = passages["section"].fillna("").astype(str).tolist()

    # every passage's text: matches, citations, sentences, dates
    scanned = []
    for text in texts:
        citations = citation_spans(text)
        scanned.append(ScannedText(text, spellings.scan(text), citations, sentence_spans(text),
                                   date_spans(text, registry_dates, citations)))

    for run in _section_runs(passages):
        heading = sections[run[0]]
        heading_matches = spellings.scan(heading) if heading else []
        heading_dates = (date_spans(heading, registry_dates, citation_spans(heading))
                         if heading else [])
        section_texts = [scanned[pos] for pos in run]
        counts = section_counts(section_texts)
        resolved_heading = resolve_heading(life, heading_matches, heading_dates, section_texts,
                                           counts)
        section = Section([resolved_heading[i][0] for i in sorted(resolved_heading)],
                          heading_dates, counts)
        for pos in run:
            for i, m in enumerate(heading_matches):
                opp, how = resolved_heading.get(i, ("", "unresolved"))
                if opp or keep_unresolved:
                    rows.append((pos, 0, m.start, ids[pos], opp, m.text, m.start, "heading",
                                 "section", how, m.spelling.member, False))
            for m, opp, how in resolve_text(life, scanned[pos], section):
                if not opp and not keep_unresolved:
                    continue
                rows.append((pos, 1, m.start, ids[pos], opp, m.text, m.start, m.spelling.kind,
                             "text", how if opp else "unresolved", m.spelling.member,
                             not scanned[pos].outside(m.start)))
    rows.sort(key=lambda r: r[:3])
    frame = pd.DataFrame([r[3:] for r in rows], columns=MENTION_COLUMNS)
    return frame.astype({"offset": "int64", "in_citation": "bool"}).reset_index(drop=True)
