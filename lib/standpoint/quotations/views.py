"""What the command line, the notebooks and the handouts show of the ledger.

- :func:`quotes_table`: the table ``standpoint quotes`` prints, filtered by tradition, speaker,
  opposition, or to the quotations shared with another document (``shared``).
- :func:`speaker_matrix`: quotations per tradition and speaker (the figure of notebook 05).
- :func:`sources_relied_on`: for one opposition, the speakers each tradition quotes most.
- :func:`shared_for`: for one opposition, the shared quotations with their two cuts.
"""

from __future__ import annotations

import pandas as pd

from standpoint.quotations.attribution import UNKNOWN
from standpoint.quotations.links import LINK_THRESHOLD, shared_quotations

QUOTES_COLUMNS = ["quote_id", "tradition", "doc_id", "passage_id", "speaker", "speaker_name",
                  "found_by", "source", "oppositions", "shared_with", "n_words", "text"]


def _check(value, name: str, allowed) -> None:
    from standpoint.errors import InputError

    if value is not None and value not in set(allowed):
        raise InputError(f"{name}: unknown value {value!r} (one of: {', '.join(sorted(set(allowed)))})")


def quotes_table(ledger: pd.DataFrame, *, tradition: str | None = None, speaker: str | None = None,
                 opposition: str | None = None, shared: bool = False,
                 links: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotations, one row each (columns :data:`QUOTES_COLUMNS`; ``oppositions`` and
    ``shared_with`` are ``;``-joined ids, ``shared_with`` the quotations of other documents it
    is linked to), filtered: ``tradition``, ``speaker`` (an id of ``corpus/speakers.yaml`` or
    ``unknown``), ``opposition`` (an id of ``corpus/oppositions.yaml``), ``shared`` (only
    quotations linked to another document's). ``links``: :func:`shared_quotations` of the
    ledger (computed when ``shared`` and not given). An unknown tradition or speaker is an
    :class:`~standpoint.errors.InputError` naming the allowed values.

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> q = quotations()
        >>> t = quotes_table(q, speaker="ignatov")
        >>> sorted(set(t["tradition"]))
        ['academic']
        >>> quotes_table(q, tradition="marxist")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: tradition: unknown value 'marxist' (one of: academic, anarchist, icc, trotskyist)
    """
    _check(tradition, "tradition", ledger["tradition"])
    _check(speaker, "speaker", list(ledger["speaker"]) + [UNKNOWN])
    if links is None:
        links = shared_quotations(ledger) if shared else pd.DataFrame(columns=["quote_a", "quote_b"])
    partners: dict[str, set[str]] = {}
    for a, b in zip(links["quote_a"], links["quote_b"]):
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    out = ledger.copy()
    out["shared_with"] = [";".join(sorted(partners.get(q, ()))) for q in out["quote_id"]]
    keep = pd.Series(True, index=out.index)
    if tradition is not None:
        keep &= out["tradition"] == tradition
    if speaker is not None:
        keep &= out["speaker"] == speaker
    if opposition is not None:
        keep &= out["oppositions"].apply(lambda ids: opposition in ids)
    if shared:
        keep &= out["shared_with"] != ""
    out = out[keep].copy()
    out["oppositions"] = out["oppositions"].apply(";".join)
    return out[QUOTES_COLUMNS].reset_index(drop=True)


def speaker_matrix(ledger: pd.DataFrame, *, top: int = 15, traditions: list[str] | None = None
                   ) -> pd.DataFrame:
    """Quotations per tradition (rows) and speaker (columns: the ``top`` speakers quoted most
    over all traditions, most first; ``unknown`` left out).

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> m = speaker_matrix(quotations(), top=5)
        >>> m.shape[1], "kollontai" in m.columns
        (5, True)
    """
    known = ledger[ledger["speaker"] != UNKNOWN]
    order = known["speaker"].value_counts()
    order = sorted(order.index, key=lambda s: (-order[s], s))[:top]
    rows = traditions or sorted(ledger["tradition"].unique())
    table = pd.crosstab(known["tradition"], known["speaker"])
    return table.reindex(index=rows, columns=order, fill_value=0)


def sources_relied_on(ledger: pd.DataFrame, opposition: str, *, top: int = 5) -> pd.DataFrame:
    """For one opposition: the speakers each tradition quotes most in the quotations about it
    (columns ``tradition, speaker, speaker_name, quotations, words``; ``top`` per tradition,
    most quotations first, then most words; ``unknown`` left out).

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> s = sources_relied_on(quotations(), "workers-opposition")
        >>> "kollontai" in set(s["speaker"])
        True
    """
    about = ledger[ledger["oppositions"].apply(lambda ids: opposition in ids)
                   & (ledger["speaker"] != UNKNOWN)]
    grouped = (about.groupby(["tradition", "speaker", "speaker_name"], as_index=False)
               .agg(quotations=("quote_id", "size"), words=("n_words", "sum")))
    grouped = grouped.sort_values(["tradition", "quotations", "words", "speaker"],
                                  ascending=[True, False, False, True])
    return grouped.groupby("tradition").head(top).reset_index(drop=True)


def shared_for(ledger: pd.DataFrame, opposition: str, *, links: pd.DataFrame | None = None,
               threshold: float = LINK_THRESHOLD) -> pd.DataFrame:
    """The shared quotations about one opposition (either side's quotation concerns it): the
    rows of :func:`shared_quotations` with both texts (``text_a``, ``text_b``).

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> s = shared_for(quotations(), "workers-opposition")
        >>> bool(len(s)), {"text_a", "segments_a"} <= set(s.columns)
        (True, True)
    """
    links = links if links is not None else shared_quotations(ledger, threshold=threshold)
    about = set(ledger.loc[ledger["oppositions"].apply(lambda ids: opposition in ids), "quote_id"])
    text = dict(zip(ledger["quote_id"], ledger["text"]))
    out = links[links["quote_a"].isin(about) | links["quote_b"].isin(about)].copy()
    out["text_a"] = out["quote_a"].map(text)
    out["text_b"] = out["quote_b"].map(text)
    return out.reset_index(drop=True)


def side_by_side(text: str, segments, *, mark: tuple[str, str] = ("[", "]"),
                 longest: int | None = None) -> str:
    """A cut as plain text with the words only it quotes between ``mark`` (for a terminal or a
    notebook table; HTML rendering belongs to the render stage). ``longest``: a stretch of more
    than this many words is abridged to its first and last words and the number left out
    (only the cut's own words are abridged, never the shared ones).

    Example:
        >>> side_by_side("we must retreat to the NEP now", [(0, 15, "shared"), (16, 26, "only"), (27, 30, "shared")])
        'we must retreat [to the NEP] now'
        >>> side_by_side("a b c d e f g h", [(0, 1, "shared"), (2, 15, "only")], longest=4)
        'a [b c … 3 more words … g h]'
    """
    out, last = [], 0
    for s, e, status in segments:
        out.append(text[last:s])
        piece = text[s:e]
        if status == "only":
            ws = piece.split()
            if longest is not None and len(ws) > longest:
                keep = max(1, longest // 2)
                piece = f"{' '.join(ws[:keep])} … {len(ws) - 2 * keep} more words … {' '.join(ws[-keep:])}"
            piece = f"{mark[0]}{piece}{mark[1]}"
        out.append(piece)
        last = e
    out.append(text[last:])
    return "".join(out)
