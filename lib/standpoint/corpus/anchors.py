"""Verbatim anchors: every claim the project makes about what a tradition says points to a
passage and an excerpt of it, found exactly in the passage's ``text``, at most
:data:`MAX_ANCHOR` characters, and in the author's own words (outside the passage's quoted
spans, ``quoted_spans``). :func:`locate_anchor` checks one and says where it is.
"""

from __future__ import annotations

from standpoint.text.quotes import quotation_spans

MAX_ANCHOR = 200  # characters


def short(text: str, width: int = 60) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis.

    Example:
        >>> short("a  b\\nc", 4)
        'a b…'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def authorial_fraction(start: int, end: int, quoted_spans) -> float:
    """The share of the characters ``[start, end)`` outside ``quoted_spans``.

    Example:
        >>> authorial_fraction(0, 10, [(5, 20)])
        0.5
    """
    if end <= start:
        return 1.0
    inside = sum(max(0, min(b, end) - max(a, start)) for a, b in quoted_spans)
    return 1 - inside / (end - start)


def locate_anchor(anchor: str, passage_id: str, text: str, quoted_spans=None, *,
                  min_authorial: float, where: str, error: type[ValueError]) -> int:
    """The offset of ``anchor`` in ``text`` (its first occurrence in the author's words), or
    ``error`` naming ``where`` and the problem: empty, longer than :data:`MAX_ANCHOR`, not
    found verbatim, or less than ``min_authorial`` of it outside the quoted spans (``None``:
    found with :func:`~standpoint.text.quotes.quotation_spans`).

    Example:
        >>> t = 'The group was right, and "the party was wrong."'
        >>> locate_anchor("was right", "d:001", t, min_authorial=1.0, where="row 2", error=ValueError)
        10
        >>> locate_anchor("the party was wrong", "d:001", t, min_authorial=0.5, where="row 2",
        ...               error=ValueError)
        Traceback (most recent call last):
        ...
        ValueError: row 2: anchor is someone else's words (inside a quotation in passage 'd:001'): 'the party was wrong'
    """
    if not anchor.strip():
        raise error(f"{where}: empty anchor")
    if len(anchor) > MAX_ANCHOR:
        raise error(f"{where}: anchor is {len(anchor)} characters (at most {MAX_ANCHOR}): "
                    f"'{short(anchor)}'")
    spans = quotation_spans(text) if quoted_spans is None else list(quoted_spans)
    start, best, found = text.find(anchor), None, False
    while start >= 0:
        found = True
        share = authorial_fraction(start, start + len(anchor), spans)
        if share >= min_authorial:
            return start
        best = share if best is None else max(best, share)
        start = text.find(anchor, start + 1)
    if not found:
        raise error(f"{where}: anchor not found verbatim in passage '{passage_id}': '{short(anchor)}'")
    raise error(f"{where}: anchor is someone else's words (inside a quotation in passage "
                f"'{passage_id}'): '{short(anchor)}'")
