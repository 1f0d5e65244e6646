"""Whose words a quoted span is: from its reference, its lead-in, or ``unknown``.

The rules, in order (the first that gives a speaker wins):

1. **reference naming the speaker and the source**: ``[Lenin, quoted by Daniels, Op. Cit.,
   p. 114]``, ``(Sapranov, quoted in Daniels, ...)``: the first name before "quoted by/in",
   "cited in", "contained in" or ", in" is the speaker, the first after it the source book
   (when another quotation comes between, the reference is that one's: only its author counts).
2. **lead-in saying who speaks**, in the sentence holding the quotation (for a block
   quotation, the last sentence of its lead-in paragraph): a speaker said to speak there
   ("Kollontai argued that", "according to Kollontai", "as Lenin put it", "Kollontai's Diary
   Notes", "a speech by Iury Lutovinov"), or, when a pronoun speaks ("He began by recalling",
   "It runs as follows:", "Its main passages read:"), the nearest speaker of its kind before
   it (:func:`lead_in_speaker`). A group ("They insisted that") gives way to its own member
   named by the reference ("(Kollontai, ibid, p. 33)").
3. **reference naming the author**: ``[Daniels, Op. Cit., p. 87]``, ``[Collected Works, vol.
   27, p. 339]`` (a title of the registry's ``works``); ``Op. Cit.`` and ``ibid`` are the last
   author named in a reference before it, in the same document. A source named only after
   "quoted by" is not the speaker.
4. **lead-in saying who speaks, further back**: an earlier sentence of the passage; when the
   passage names nobody before the quotation, the two passages before it.
5. **lead-in naming a speaker** without a verb of saying: the best-ranked name of the
   sentence holding the quotation or the one before (a block quotation's lead-in ends in ':',
   which says it already).
6. else ``unknown``.

Names inside quotation marks and inside references are not lead-ins (they are the quoted
words or the apparatus). Groups rank after people and documents in the same sentence.
"""

from __future__ import annotations

import re

import pandas as pd

from standpoint.quotations.spans import block_end, reference_at
from standpoint.quotations.speakers import SPEECH_NOUNS, SPEECH_VERBS, Mention, SpeakerIndex, best
from standpoint.text.references import reference_spans
from standpoint.text.sentences import sentence_spans

UNKNOWN = "unknown"
#: how many sentences back (from the one holding the quotation) a name without a verb of
#: saying is looked for (rule 4)
WEAK_SENTENCES = 2
FOUND_BY = ("reference", "lead-in", "none")
_SOURCE_KINDS = ("bibref", "cite")
_SPLIT = re.compile(r"\b(?:quoted (?:in|by)|cited (?:in|by)|contained in)\b|,\s+in\s", re.I)
_CARRIED = re.compile(r"\b(?:op\.?\s*cit|ibid)\b", re.I)
# a pronoun that speaks: "He began by recalling", "Its main passages read", "his watchword"
_PRONOUN_SPEAKS = re.compile(
    r"(?:^|[\s(])(he|she|him|his|her|they|them|their|it|its)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:" + SPEECH_VERBS + "|" + SPEECH_NOUNS + r"|follows)\b", re.I)
#: the kinds of speaker a pronoun can stand for, best first
PRONOUN_KINDS = {
    "he": ("person",), "she": ("person",), "him": ("person",), "his": ("person",),
    "her": ("person",), "they": ("group", "person", "document"), "them": ("group", "person"),
    "their": ("group", "person", "document"), "it": ("document", "periodical", "group"),
    "its": ("document", "periodical", "group"),
}


def _blank(text: str, spans) -> str:
    """``text`` with the given spans replaced by spaces (offsets kept)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _apparatus(text: str) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in reference_spans(text)]


def parse_reference(reference: str, index: SpeakerIndex, last: str = "") -> tuple[str, str, str]:
    """``(speaker, source, author)`` named by a reference: the speaker when it says "X, quoted
    by Y" (else ''), the source Y (else ''), and the author of the words it cites (X, else
    the ``last`` author for ``Op. Cit.``/``ibid``, else ''; never the Y a quotation was taken
    from).

    Example:
        >>> from standpoint.corpus import load_speakers
        >>> index = SpeakerIndex(load_speakers())
        >>> parse_reference("[Lenin, quoted by Daniels, Op. Cit., p. 114]", index)
        ('lenin', 'daniels', 'lenin')
        >>> parse_reference("[quoted by Daniels, Op. Cit., p. 114]", index)
        ('', 'daniels', '')
        >>> parse_reference("[Op. Cit., p. 182]", index, last="sakwa")
        ('', '', 'sakwa')
        >>> parse_reference("[Collected Works, vol. 27, p. 339]", index)
        ('', '', 'lenin')
    """
    split = _SPLIT.search(reference)
    head = reference[:split.start()] if split else reference
    tail = reference[split.end():] if split else ""
    first = index.find(head)
    named = first[0].speaker if first else ""
    source_m = index.find(tail)
    source = source_m[0].speaker if source_m else ""
    if not named and not split and _CARRIED.search(head):
        named = last
    speaker = named if split else ""
    return speaker, source, named


def lead_in_speaker(text: str, end: int, index: SpeakerIndex, blanks=()) -> tuple[Mention | None, int]:
    """The speaker that the words of ``text`` before ``end`` say is speaking, and how many
    sentences back it was found (0: the sentence holding ``end``, or a chain of pronouns from
    it: "Shliapnikov outlined ... He began by recalling ...:"); ``(None, -1)`` if none.

    Sentences are read back from ``end``: the first with a speaker said to speak gives it; a
    sentence whose pronoun speaks ("He began", "Its main passages read") goes back to the
    nearest speaker of the pronoun's kind; a sentence naming a person or document who does not
    speak ends the search; sentences naming only groups (topics, not speakers) are passed.
    ``blanks`` (quotations, references) are not read.

    Example:
        >>> from standpoint.corpus import load_speakers
        >>> index = SpeakerIndex(load_speakers())
        >>> t = "Shliapnikov outlined his differences in an article. He began by recalling:"
        >>> m, back = lead_in_speaker(t, len(t), index)
        >>> m.speaker, back
        ('shliapnikov', 0)
    """
    masked = _blank(text[:end], [(a, min(b, end)) for a, b in blanks if a < end])
    sentences = [(a, min(b, end)) for a, b in sentence_spans(text) if a < end]
    kinds = None
    for k, (a, b) in enumerate(reversed(sentences)):
        mentions = [m._replace(start=m.start + a, end=m.end + a)
                    for m in index.find(masked[a:b])]
        if kinds is not None:
            for kind in kinds:
                found = [m for m in mentions if m.kind == kind]
                if found:
                    return min(found, key=lambda m: m.start), 0
            continue
        speaking = [m for m in mentions if m.speaks]
        if speaking:
            return best(speaking), k
        pronoun = _PRONOUN_SPEAKS.search(masked[a:b])
        if pronoun:
            kinds = PRONOUN_KINDS[pronoun.group(1).lower()]
            continue
        if any(m.kind != "group" for m in mentions):
            return None, -1
    return None, -1


def _named_before(text: str, end: int, index: SpeakerIndex, blanks) -> Mention | None:
    """The best-ranked speaker named (said to speak or not) in the sentence holding ``end`` or
    the :data:`WEAK_SENTENCES` - 1 before it."""
    masked = _blank(text[:end], [(a, min(b, end)) for a, b in blanks if a < end])
    sentences = [(a, min(b, end)) for a, b in sentence_spans(text) if a < end]
    for a, b in list(reversed(sentences))[:WEAK_SENTENCES]:
        pick = best(index.find(masked[a:b]))
        if pick is not None:
            return pick
    return None


def attribute(spans: pd.DataFrame, passages: pd.DataFrame, index: SpeakerIndex) -> pd.DataFrame:
    """``spans`` (from :func:`~standpoint.quotations.spans.quoted_spans`) with ``speaker``,
    ``found_by`` (:data:`FOUND_BY`) and ``source`` (the book it was taken from, when a
    reference names one other than the speaker, else '').

    Example:
        >>> from standpoint.corpus import load_speakers
        >>> from standpoint.segment import split_text
        >>> from standpoint.quotations.spans import quoted_spans
        >>> p = split_text('Kollontai argued that "the unions must manage the whole economy now." '
        ...                'Later "the party must be purged of every careerist." [Lenin, quoted '
        ...                'by Daniels, Op. Cit., p. 114]')
        >>> a = attribute(quoted_spans(p), p, SpeakerIndex(load_speakers()))
        >>> a[["speaker", "found_by", "source"]].values.tolist()
        [['kollontai', 'lead-in', ''], ['lenin', 'reference', 'daniels']]
    """
    by_id = passages.set_index("passage_id")
    order = list(passages["passage_id"])
    position = {pid: i for i, pid in enumerate(order)}
    authors = _reference_authors(passages, index)
    speakers, found, sources = [], [], []
    for row in spans.itertuples(index=False):
        speaker, source, author = "", "", ""
        if row.reference:
            speaker, source, author = authors.get((row.reference_passage, row.reference_start),
                                                  ("", "", ""))
            if row.form != "block" and any(
                    row.end <= a < row.reference_start
                    for a, _ in by_id.loc[row.passage_id, "quoted_spans"]):
                # the reference closes a later quotation: its speaker is not ours (its author
                # may be: the FAQ gives one reference for a run of quotations from one book)
                # ("X, quoted by Y" is X's words: then neither X nor Y is ours)
                author = "" if speaker else author
                speaker, source = "", ""
        how = "reference" if speaker else ""
        if not speaker:
            near, deep, weak = _lead_in(row, by_id, order, position, index)
            if near is not None and index.kind[near.speaker] == "group" and author \
                    and index.group.get(author) == near.speaker:
                near = None  # "They insisted that" + (Kollontai, p. 33): the group's member
            for candidate, kind in ((near, "lead-in"), (author, "reference"),
                                    (deep, "lead-in"), (weak, "lead-in")):
                if candidate:
                    speaker = candidate if isinstance(candidate, str) else candidate.speaker
                    how = kind
                    break
        if source == speaker:
            source = ""
        if not source and author and author != speaker:
            source = author
        speakers.append(speaker or UNKNOWN)
        found.append(how or "none")
        sources.append(source)
    out = spans.copy()
    out["speaker"] = speakers
    out["found_by"] = found
    out["source"] = sources
    return out


def _reference_authors(passages: pd.DataFrame, index: SpeakerIndex) -> dict:
    """``(passage_id, start) -> parse_reference(...)`` for every reference of every passage, in
    text order (``Op. Cit.`` carries the last author named in the same document)."""
    out = {}
    last = {}
    for row in passages.itertuples(index=False):
        starts = [a for a, _, kind in reference_spans(row.text) if kind in _SOURCE_KINDS]
        masked = None
        for a in starts:
            ref = reference_at(row.text, a)
            carried = last.get(row.doc_id, "")
            if _CARRIED.search(ref) and not index.find(ref):
                # "[Op. Cit., p. 182]" after '... notes Richard Sakwa, "...': the author the
                # passage names (said to speak, outside the quotations) before the reference
                if masked is None:
                    masked = _blank(row.text, list(_quotation_blanks(row)) + _apparatus(row.text))
                named = [m for m in index.find(masked[:a]) if m.speaks and m.kind == "person"]
                carried = named[-1].speaker if named else carried
            parsed = parse_reference(ref, index, carried)
            out[(row.passage_id, a)] = parsed
            if parsed[2]:
                last[row.doc_id] = parsed[2]
        # a bracketed trailer after a block quotation, not a reference by the cues
        if row.voice == "quotation":
            _, at = block_end(row.text)
            if at >= 0 and (row.passage_id, at) not in out:
                out[(row.passage_id, at)] = parse_reference(reference_at(row.text, at), index,
                                                            last.get(row.doc_id, ""))
    return out


def _quotation_blanks(row):
    """The spans of a passage that are someone else's words (all of a block quotation that
    opens with a quote mark is blanked by its quote marks only: the author's interjection
    '... notes Richard Sakwa, "...' stays readable)."""
    from standpoint.text.quotes import quotation_spans

    spans = list(row.quoted_spans)
    if spans == [(0, len(row.text))]:
        spans = quotation_spans(row.text)
    return spans


def _lead_in(row, by_id, order, position, index):
    """The lead-in's speaker said to speak near the quotation (its sentence, or the block's
    lead-in's last sentence), further back, and the best one merely named nearby."""
    if row.form == "block":
        if not row.lead_in:
            return None, None, None
        pid, end = row.lead_in, len(by_id.loc[row.lead_in, "text"])
    else:
        pid, end = row.passage_id, row.start
    text = by_id.loc[pid, "text"]
    blanks = list(by_id.loc[pid, "quoted_spans"]) + _apparatus(text)
    if row.form == "block" and by_id.loc[pid, "voice"] != "author":
        blanks = [(0, len(text))]  # a quotation before a quotation is no lead-in
    mention, back = lead_in_speaker(text, end, index, blanks)
    weak = _named_before(text, end, index, blanks)
    if mention is not None:
        return (mention, None, weak) if back == 0 else (None, mention, weak)
    if row.form != "block" and not index.find(_blank(text[:end], blanks)):
        # nobody named before the quotation in its passage: the passages before may say
        i = position[pid]
        for back in (1, 2):
            if i - back < 0 or by_id.loc[order[i - back], "doc_id"] != row.doc_id:
                break
            prev = by_id.loc[order[i - back]]
            blanks = list(prev["quoted_spans"]) + _apparatus(prev["text"])
            mention, _ = lead_in_speaker(prev["text"], len(prev["text"]), index, blanks)
            if mention is not None:
                return None, mention, weak
    return None, None, weak
