"""The quotation ledger, rendered: the same evidence cut differently by two traditions, side by
side, with the words only one of them quotes highlighted.

- :func:`cut_pieces`: one cut as ``(piece, only)`` pieces covering its text (long stretches
  quoted by one side only abridged);
- :func:`side_by_side`: a cut as plain text, its own words between marks (terminals, tables);
- :func:`shared_html`: shared quotations as an HTML table (template ``shared_cuts.html.j2``,
  also included by the handout).
"""

from __future__ import annotations

import pandas as pd

from standpoint.render.html import environment

#: a stretch quoted by one side only and longer than this (in words) is abridged
LONGEST = 12


def cut_pieces(text: str, segments, longest: int | None = LONGEST) -> list[tuple[str, bool]]:
    """One cut of a shared quotation as ``(piece, only)`` pieces covering all of ``text``
    (``segments``: :func:`standpoint.quotations.cuts`); ``only``: the words this cut alone
    quotes, a stretch longer than ``longest`` words abridged to its first and last words.

    Example:
        >>> cut_pieces("we must retreat to the NEP now", [(0, 15, "shared"), (16, 26, "only"),
        ...            (27, 30, "shared")])
        [('we must retreat', False), (' ', False), ('to the NEP', True), (' ', False), ('now', False)]
        >>> cut_pieces("a b c d e f", [(0, 11, "only")], longest=2)
        [('a … 4 more words … f', True)]
    """
    out, last = [], 0
    for start, end, status in segments:
        if start > last:
            out.append((text[last:start], False))
        piece = text[start:end]
        words = piece.split()
        if status == "only" and longest is not None and len(words) > longest:
            keep = max(1, longest // 2)
            piece = (f"{' '.join(words[:keep])} … {len(words) - 2 * keep} more words … "
                     f"{' '.join(words[-keep:])}")
        out.append((piece, status == "only"))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def side_by_side(text: str, segments, *, mark: tuple[str, str] = ("[", "]"),
                 longest: int | None = None) -> str:
    """A cut as plain text with the words only it quotes between ``mark`` (``longest``: see
    :func:`cut_pieces`).

    Example:
        >>> side_by_side("we must retreat to the NEP now", [(0, 15, "shared"), (16, 26, "only"), (27, 30, "shared")])
        'we must retreat [to the NEP] now'
        >>> side_by_side("a b c d e f g h", [(0, 1, "shared"), (2, 15, "only")], longest=4)
        'a [b c … 3 more words … g h]'
    """
    return "".join(f"{mark[0]}{p}{mark[1]}" if only else p
                   for p, only in cut_pieces(text, segments, longest))


def shared_html(shared: pd.DataFrame, names: dict[str, str] | None = None) -> str:
    """Shared quotations (:func:`standpoint.quotations.shared_for`: ``text_a``/``text_b`` and
    their segments) as an HTML table, one row per link, each cut with its tradition's name
    (``names``: tradition -> name; default the ids) and the words only it quotes in ``<mark>``.

    Example:
        >>> s = pd.DataFrame({"tradition_a": ["icc"], "quote_a": ["i:q1"], "text_a": ["a b <c>"],
        ...     "segments_a": [[(0, 3, "shared"), (4, 7, "only")]], "tradition_b": ["anarchist"],
        ...     "quote_b": ["f:q1"], "text_b": ["a b"], "segments_b": [[(0, 3, "shared")]],
        ...     "score": [1.0]})
        >>> page = shared_html(s, {"icc": "the ICC", "anarchist": "An Anarchist FAQ"})
        >>> "a b <mark>&lt;c&gt;</mark>" in page, "An Anarchist FAQ" in page
        (True, True)
    """
    names = names or {}
    return environment().get_template("shared_cuts.html.j2").render(
        shared=shared, names={t: names.get(t, t) for t in
                              set(shared["tradition_a"]) | set(shared["tradition_b"])},
        cut_pieces=cut_pieces)
