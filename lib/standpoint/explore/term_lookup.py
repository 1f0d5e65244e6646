"""One term across the traditions: how much each tradition stresses it against the others
(:func:`term_keyness`, from :func:`standpoint.terms.keyness`) and every line where it occurs
(:func:`term_lines`, from :func:`standpoint.terms.kwic`), shown together by
:func:`standpoint.render.explore_html.term_html`.

A term is counted as the term statistics count it (:mod:`standpoint.terms.vocabulary`):
lowercased, one word or two adjacent words that are not stop words, in the authorial passages
with quotations removed; :func:`counted_term` says what a typed term is counted as, if
anything. Its lines in context are searched in every passage, quotations included, and each
line says whose words it is in (``voice``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from standpoint.comparison import KEYNESS_OPTIONS
from standpoint.errors import InputError
from standpoint.explore.marking import in_spans
from standpoint.terms import keyness, kwic, term_matrix, tokenize

#: the columns of :func:`term_keyness`, in order
TERM_COLUMNS = ["tradition", "term", "tested", "freq", "n_passages", "per_10k", "freq_other",
                "per_10k_other", "log_ratio", "g2", "p_adj", "direction", "significant"]
#: the columns of :func:`term_lines`, in order
LINE_COLUMNS = ["passage_id", "tradition", "voice", "left", "match", "right", "offset"]


def counted_term(term: str) -> str | None:
    """What the term statistics count ``term`` as: its one or two words, lowercased, without
    possessives (``"Workers' Opposition"`` -> ``workers opposition``); ``None`` when it is not a
    term they count (a stop word only, three words or more, a number). Stop words around it
    are dropped (``the party`` -> ``party``).

    Example:
        >>> counted_term("Workers’ Opposition"), counted_term("the Party"), counted_term("of the")
        ('workers opposition', 'party', None)
        >>> counted_term("dictatorship of the party") is None
        True
    """
    if not isinstance(term, str):
        raise InputError(f"term: expected a word or phrase (a string), got {type(term).__name__}")
    words = tokenize(term, ngram_range=(1, 1), strip_quotes=False)
    if len(words) == 1:
        return words[0]
    pairs = tokenize(term, ngram_range=(2, 2), strip_quotes=False)
    if len(words) == 2 and pairs == [" ".join(words)]:
        return pairs[0]
    return None


def term_keyness(passages: pd.DataFrame, term: str, *, order: Sequence[str] | None = None,
                 options: dict | None = None) -> pd.DataFrame:
    """The keyness of ``term`` for each tradition of ``passages`` against the others
    (:func:`standpoint.terms.keyness` with ``options``, by default those of the comparisons,
    :data:`standpoint.comparison.KEYNESS_OPTIONS`), one row per tradition in ``order``.

    Columns (:data:`TERM_COLUMNS`): ``tradition``, ``term`` (as counted, :func:`counted_term`),
    ``tested`` (whether keyness tested it: it occurs ``min_freq`` times in ``min_docs`` passages
    of the selection, and two traditions have words), then keyness's columns of the same names
    (``freq``, ``n_passages``, ``per_10k`` and the others' ``freq_other``, ``per_10k_other`` are
    counted for every term; ``log_ratio``, ``g2``, ``p_adj``, ``direction`` and ``significant``
    are missing (``NaN``, ``''``, ``False``) for a term that was not tested). No row for a term
    the statistics do not count.

    Example:
        >>> df = pd.DataFrame({"tradition": ["icc"] * 3 + ["academic"] * 3, "voice": "author",
        ...     "text": ["The fraction fought.", "A fraction again and the fraction.",
        ...              "The fraction and the party.", "The party archive.",
        ...              "An archive of the party.", "The party and the archive."]})
        >>> k = term_keyness(df, "Fraction", options={"min_freq": 2})
        >>> k[["tradition", "tested", "freq", "direction", "significant"]].values.tolist()
        [['icc', True, 4, 'over', False], ['academic', True, 0, 'under', False]]
        >>> term_keyness(df, "revolution")[["freq", "tested"]].values.tolist()
        [[0, False], [0, False]]
    """
    counted = counted_term(term)
    if counted is None:
        return pd.DataFrame(columns=TERM_COLUMNS)
    options = {**KEYNESS_OPTIONS, **(options or {})}
    m = term_matrix(passages)
    groups, _ = m.groups("tradition", order)
    if order is not None:
        groups = [g for g in order if g in set(groups)]
    g = m.group("tradition", groups)
    hits = np.flatnonzero(g.terms == counted)
    freq = (np.asarray(g.counts[:, hits[0]].todense()).ravel() if len(hits)
            else np.zeros(len(groups), dtype=np.int64))
    docs = (np.asarray(g.passages_with[:, hits[0]].todense()).ravel() if len(hits)
            else np.zeros(len(groups), dtype=np.int64))
    words = g.n_words.astype(float)
    other_freq, other_words = freq.sum() - freq, words.sum() - words
    with np.errstate(divide="ignore", invalid="ignore"):
        rows = pd.DataFrame({
            "tradition": groups, "term": counted, "tested": False,
            "freq": freq.astype(np.int64), "n_passages": docs.astype(np.int64),
            "per_10k": np.where(words > 0, freq / words * 1e4, np.nan),
            "freq_other": other_freq.astype(np.int64),
            "per_10k_other": np.where(other_words > 0, other_freq / other_words * 1e4, np.nan),
            "log_ratio": np.nan, "g2": np.nan, "p_adj": np.nan, "direction": "",
            "significant": False})
    try:
        k = keyness(m, order=groups, **options)
    except ValueError as exc:  # fewer than two traditions with words: nothing to contrast
        if "at least two groups" not in str(exc):
            raise
        return rows[TERM_COLUMNS]
    k = k[k["term"] == counted].set_index("tradition")
    if len(k):
        for column in ("log_ratio", "g2", "p_adj", "direction", "significant"):
            rows[column] = rows["tradition"].map(k[column]).where(
                rows["tradition"].isin(k.index), rows[column])
        rows["tested"] = rows["tradition"].isin(k.index)
    return rows[TERM_COLUMNS].astype({"tested": bool, "significant": bool})


def term_lines(passages: pd.DataFrame, term: str, *, traditions: Iterable[str] | None = None,
               window: int = 60) -> pd.DataFrame:
    """Every occurrence of ``term`` in ``passages`` (:func:`standpoint.terms.kwic`, every
    voice), with whose words it is in: ``voice`` is the passage's, or ``quoted`` for an
    authorial passage's quoted span (``quoted_spans``). Columns :data:`LINE_COLUMNS`.

    Example:
        >>> df = pd.DataFrame({"passage_id": ["d:001", "d:002"], "tradition": "icc",
        ...     "voice": ["author", "quotation"], "quoted_spans": [[(24, 40)], [(0, 20)]],
        ...     "text": ["The fraction; they said 'a fraction dies'.", "A fraction survives."]})
        >>> term_lines(df, "fraction", window=4)[["passage_id", "voice", "match"]].values.tolist()
        [['d:001', 'author', 'fraction'], ['d:001', 'quoted', 'fraction'], ['d:002', 'quotation', 'fraction']]
    """
    lines = kwic(passages, term, window=window,
                 tradition=list(traditions) if traditions is not None else None)
    frame = passages.set_index("passage_id")
    voices = frame["voice"].to_dict() if "voice" in frame else {}
    spans = frame["quoted_spans"].to_dict() if "quoted_spans" in frame else {}
    voice = [("quoted" if voices.get(pid) == "author" and in_spans(offset, spans.get(pid, []))
              else voices.get(pid, ""))
             for pid, offset in zip(lines["passage_id"], lines["offset"])]
    return lines.assign(voice=voice)[LINE_COLUMNS]


