"""The quoted spans of a passages table, one row each (before any speaker is found).

:func:`quoted_spans` walks the passages of each document in order and makes a row of:

- a **whole quotation passage** (voice ``quotation``, all of it someone else's words: it opens
  with a quote mark or is an unmarked block quotation after a lead-in), or a contiguous **run**
  of them: a run goes on while the quotation is not closed (a closing quote mark, a reference
  ``[Daniels, Op. Cit., p. 87]`` or a footnote marker ``[31]`` at the end of a paragraph closes
  it, as Gaido's review closes its block quotations of the Tenth Congress with a footnote);
- each **quoted span inside an authorial passage** (the passage's ``quoted_spans``: marked
  quotations, unclosed quotes ended by their reference, scare quotes excluded);
- each quoted span of a **partly quoted passage** (voice ``quotation`` because less than
  :data:`~standpoint.segment.AUTHORIAL_MIN` of it is the author's own words) and of a footnote.

Offsets are into the passage's cleaned ``text``; a whole passage's span stops before the
reference that closes it (the reference is apparatus, kept in ``reference``).
"""

from __future__ import annotations

import re

import pandas as pd

from standpoint.text import quotes as _quotes
from standpoint.text.references import reference_spans

#: columns of :func:`quoted_spans` (documented in :mod:`standpoint.quotations.ledger`)
SPAN_COLUMNS = [
    "quote_id", "doc_id", "tradition", "passage_id", "passage_ids", "start", "end", "text",
    "form", "lead_in", "context", "reference", "reference_passage", "reference_start",
]
FORMS = ("block", "inline", "partial", "note")

_FOOTNOTE_END = re.compile(r"\[\d{1,3}\][.*\s]*$")
_CLOSING = "”\"’'»"
_SOURCE_KINDS = ("bibref", "cite")


def _is_whole(row) -> bool:
    spans = list(row.quoted_spans)
    return row.voice == "quotation" and spans == [(0, len(row.text))]


def _closes(raw: str, text: str) -> bool:
    """Does this paragraph of a block quotation close it (a reference, a footnote marker or a
    closing quote mark at its end)?"""
    tail = text.rstrip(" .*…")
    if _FOOTNOTE_END.search(raw.rstrip()):
        return True
    if any(kind in _SOURCE_KINDS for _, _, kind in reference_spans(text)):
        return True
    return bool(tail) and tail[-1] in _CLOSING


_TRAILER = re.compile(r"[\s.,;]*([(\[][^()\[\]]{3,200}[)\]])[\s.,;]*$")


def block_end(text: str) -> tuple[int, int]:
    """Where a whole quotation's words end and where its reference starts (-1 if none): before
    its first reference, or, for a quotation in quote marks, before a bracket or parenthesis
    that follows its closing mark ("(Rosa Luxemburg, in The Russian Revolution.)").

    Example:
        >>> t = '"It could not be solved in Russia". (Rosa Luxemburg, in The Russian Revolution.)'
        >>> end, at = block_end(t)
        >>> t[:end], t[at:]
        ('"It could not be solved in Russia"', '(Rosa Luxemburg, in The Russian Revolution.)')
    """
    for a, b, kind in reference_spans(text):
        if kind in _SOURCE_KINDS and a > 0:
            return len(text[:a].rstrip()), a
    spans = _quotes.quote_spans(text)
    if spans and spans[-1][1] < len(text):
        trailer = _TRAILER.match(text, spans[-1][1])
        if trailer:
            return spans[-1][1], trailer.start(1)
    return len(text.rstrip()), -1


def _reference_after(text: str, end: int) -> tuple[str, int]:
    """The first reference after a quoted span in its passage (the FAQ gives one reference
    for several quotations in a row) and where it starts (-1 if none)."""
    for a, b, kind in reference_spans(text):
        if kind in _SOURCE_KINDS and a >= end:
            return text[a:b], a
    return "", -1


def quoted_spans(passages: pd.DataFrame, raw_texts: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per quoted span of ``passages`` (columns :data:`SPAN_COLUMNS`), in passage order.

    ``raw_texts`` (``doc_id -> raw text``, e.g. ``corpus.texts``) lets a footnote marker in the
    raw text close a block quotation (the cleaned ``text`` has lost it).

    Example:
        >>> from standpoint.segment import split_text
        >>> p = split_text('As Lenin put it:\\n\\nWe must retreat.\\n\\nHe wrote that "the party '
        ...                'decides every question alone." [Lenin, p. 4] Then he left.')
        >>> s = quoted_spans(p)
        >>> s[["passage_id", "form", "text", "lead_in", "reference"]].values.tolist()
        [['input:002', 'block', 'We must retreat.', 'input:001', ''], ['input:003', 'inline', '"the party decides every question alone."', '', '[Lenin, p. 4]']]
    """
    raw_texts = raw_texts or {}
    out: list[dict] = []
    for doc_id, doc in passages.groupby("doc_id", sort=False):
        raw = raw_texts.get(doc_id)
        rows = list(doc.itertuples(index=False))
        number = 0
        i = 0
        while i < len(rows):
            row = rows[i]
            if _is_whole(row):
                j = i
                while j + 1 < len(rows) and _is_whole(rows[j + 1]) and not _closes(
                        raw[rows[j].start:rows[j].end] if raw else rows[j].text, rows[j].text):
                    j += 1
                run = rows[i:j + 1]
                end, ref_at = block_end(run[-1].text)
                ref = reference_at(run[-1].text, ref_at)
                texts = [r.text for r in run[:-1]] + [run[-1].text[:end]]
                before = rows[i - 1] if i > 0 else None
                lead = before.passage_id if before is not None and not _is_whole(before) \
                    and before.voice != "note" else ""
                number += 1
                out.append({
                    "quote_id": f"{doc_id}:q{number:03d}", "doc_id": doc_id,
                    "tradition": row.tradition, "passage_id": row.passage_id,
                    "passage_ids": [r.passage_id for r in run], "start": 0, "end": end,
                    "text": "\n\n".join(texts), "form": "block", "lead_in": lead,
                    "context": before.text if lead else "", "reference": ref,
                    "reference_passage": run[-1].passage_id if ref else "",
                    "reference_start": ref_at if ref else -1,
                })
                i = j + 1
                continue
            spans = list(row.quoted_spans)
            if row.voice == "note":
                spans = _quotes.quotation_spans(row.text)
            form = {"author": "inline", "note": "note"}.get(row.voice, "partial")
            for a, b in spans:
                ref, ref_at = _reference_after(row.text, b)
                number += 1
                out.append({
                    "quote_id": f"{doc_id}:q{number:03d}", "doc_id": doc_id,
                    "tradition": row.tradition, "passage_id": row.passage_id,
                    "passage_ids": [row.passage_id], "start": a, "end": b,
                    "text": row.text[a:b], "form": form, "lead_in": "",
                    "context": row.text[:a], "reference": ref,
                    "reference_passage": row.passage_id if ref else "", "reference_start": ref_at,
                })
            i += 1
    frame = pd.DataFrame(out, columns=SPAN_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "reference_start": "int64"})


def reference_at(text: str, start: int) -> str:
    """The reference (or bracketed trailer) of ``text`` that starts at ``start`` ('' for -1).

    Example:
        >>> reference_at('"Go." [Lenin, p. 4] Then.', 6)
        '[Lenin, p. 4]'
    """
    if start < 0:
        return ""
    for a, b, _ in reference_spans(text):
        if a == start:
            return text[a:b]
    trailer = _TRAILER.match(text, start)
    return trailer.group(1) if trailer else ""
