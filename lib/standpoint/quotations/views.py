"""What the command line, the notebooks and the handouts show of the ledger.

- :func:`quotes_table`: the table ``standpoint quotes`` prints (the arguments checked against
  the corpus), :func:`filter_quotes`: the same filters on a ledger already built.
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
        valid = ", ".join(dict.fromkeys(allowed))
        raise InputError(f"unknown {name} {value!r} (valid: {valid})")


def quotes_table(corpus=None, passages: pd.DataFrame | None = None, *,
                 tradition: str | None = None, speaker: str | None = None,
                 opposition: str | None = None, shared: bool = False,
                 ledger: pd.DataFrame | None = None, links: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """What ``standpoint quotes`` prints: the quotations of ``corpus`` (default: the project's),
    one row each, filtered (columns :data:`QUOTES_COLUMNS`, see :func:`filter_quotes`).

    ``passages``: the corpus's passages table if the caller has it; ``ledger`` (its
    :func:`~standpoint.quotations.ledger.quotations`) and ``links`` (their
    :func:`shared_quotations`): when the caller has them already (a notebook showing several
    views), nothing is computed twice. ``tradition`` (of the
    corpus's traditions), ``speaker`` (an id of ``speakers.yaml``, or ``unknown``) and
    ``opposition`` (an id of the oppositions registry) are checked before any work: an unknown
    value is an :class:`~standpoint.errors.InputError` with a one-line message listing the
    valid ones. ``shared``: only the quotations linked to another document's.

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> t = quotes_table(speaker="ignatov")
        >>> sorted(set(t["tradition"])), list(t.columns[:3])
        (['academic'], ['quote_id', 'tradition', 'doc_id'])
        >>> q = quotations()
        >>> quotes_table(ledger=q, links=shared_quotations(q), shared=True).equals(
        ...     quotes_table(shared=True))
        True
        >>> quotes_table(opposition="mensheviks")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: unknown opposition 'mensheviks' (valid: ...workers-opposition...)
    """
    from standpoint.corpus import load_corpus, load_oppositions, load_speakers
    from standpoint.quotations.ledger import quotations

    corpus = corpus if corpus is not None else load_corpus()
    _check(tradition, "tradition", list(corpus.tradition_order))
    opp = load_oppositions(corpus.root)
    _check(opposition, "opposition", list(opp["opposition"]))
    _check(speaker, "speaker", list(load_speakers(corpus.root, oppositions=opp, missing_ok=True)["speaker"]) + [UNKNOWN])
    table = ledger if ledger is not None else quotations(corpus, passages)
    return filter_quotes(table, tradition=tradition, speaker=speaker, opposition=opposition,
                         shared=shared, links=links)


def filter_quotes(ledger: pd.DataFrame, *, tradition: str | None = None, speaker: str | None = None,
                  opposition: str | None = None, shared: bool = False,
                  links: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotations of a ledger (:func:`~standpoint.quotations.ledger.quotations`), one row
    each, filtered: ``tradition``, ``speaker``, ``opposition`` (the quotations concerning it),
    ``shared`` (only quotations linked to another document's). ``links``:
    :func:`shared_quotations` of the ledger (computed when not given). No value is checked
    here (an unknown one gives no rows): :func:`quotes_table` checks them against the corpus.

    Columns (:data:`QUOTES_COLUMNS`): ``quote_id``, ``tradition``, ``doc_id``, ``passage_id``
    (where the quotation is), ``speaker`` (id, or ``unknown``), ``speaker_name``, ``found_by``
    (``reference``, ``lead-in``, ``none``), ``source`` (the book it was taken from, or ''),
    ``oppositions`` (``;``-joined ids), ``shared_with`` (``;``-joined ids of the other
    documents' quotations linked to it), ``n_words``, ``text``.

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> q = quotations()
        >>> t = filter_quotes(q, speaker="ignatov")
        >>> sorted(set(t["tradition"]))
        ['academic']
        >>> len(filter_quotes(q, tradition="marxist"))
        0
    """
    if links is None:
        links = shared_quotations(ledger)
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
               threshold: float = LINK_THRESHOLD, across_traditions: bool = False) -> pd.DataFrame:
    """The shared quotations about one opposition (either side's quotation concerns it): the
    rows of :func:`shared_quotations` (columns :data:`~standpoint.quotations.links.LINK_COLUMNS`)
    with both texts (``text_a``, ``text_b``); ``across_traditions``: only the links between two
    traditions (not two documents of one).

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> s = shared_for(quotations(), "workers-opposition")
        >>> bool(len(s)), {"text_a", "segments_a"} <= set(s.columns)
        (True, True)
    """
    links = links if links is not None else shared_quotations(ledger, threshold=threshold)
    about = set(ledger.loc[ledger["oppositions"].apply(lambda ids: opposition in ids), "quote_id"])
    text = dict(zip(ledger["quote_id"], ledger["text"]))
    keep = links["quote_a"].isin(about) | links["quote_b"].isin(about)
    if across_traditions:
        keep &= links["cross_tradition"].astype(bool)
    out = links[keep].copy()
    out["text_a"] = out["quote_a"].map(text)
    out["text_b"] = out["quote_b"].map(text)
    return out.reset_index(drop=True)
