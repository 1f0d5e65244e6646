"""Distinctive terms a reader can use: of the terms a tradition significantly over-uses
against the other traditions writing about the same group (keyness, after correction), only
those that say something about the tradition's own way of judging it.

A term is left out when it is a proper name (``is_name``: capitalised in the selection), made
only of the words of the group's own names (``workers``, ``opposition``, ``workers
opposition``), used in fewer than :data:`MIN_PASSAGES` of the tradition's passages, or used
mostly inside quotation marks (:func:`quoted_shares`: ``communists`` from the quoted name
"Left Communists"). References and cross-references never become terms (the tokeniser removes
them, :mod:`standpoint.text.references`). When no term is left the row has none, rather than
printing noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from standpoint.terms import term_matrix, tokenize

MIN_PASSAGES = 2
MAX_QUOTED = 0.5  # a term with at least this share of its occurrences in quote marks is out
TOP_TERMS = 5


def name_words(names) -> frozenset[str]:
    """The word tokens of a group's names (aliases), as the term counts write them.

    Example:
        >>> sorted(name_words(["Workers' Opposition", "Worker Oppositionists"]))
        ['opposition', 'oppositionists', 'worker', 'workers']
    """
    words: set[str] = set()
    for name in names:
        words.update(tokenize(str(name), ngram_range=(1, 1), strip_quotes=False))
    return frozenset(words)


def quoted_shares(selected_passages: pd.DataFrame, *, ngram_range=(1, 2)) -> dict[str, float]:
    """For every term of the authorial passages, the share of its occurrences that lie inside
    quotation marks of any kind (scare quotes included).

    Example:
        >>> df = pd.DataFrame({"text": ['The "Left Communists" and the communists.',
        ...                             'The "Left Communists" again.'], "voice": "author"})
        >>> quoted_shares(df, ngram_range=(1, 1))["communists"]
        0.6667
    """
    m = term_matrix(selected_passages, strip_quotes=False, ngram_range=ngram_range)
    total = np.asarray(m.counts.sum(axis=0)).ravel()
    quoted = np.asarray(m.quoted.sum(axis=0)).ravel()
    return {str(t): round(float(q / n), 4) for t, q, n in zip(m.terms, quoted, total) if n}


def distinctive_terms(keyness_df: pd.DataFrame, tradition: str, *, shares: dict[str, float],
                      names: frozenset[str], top: int = TOP_TERMS) -> list[str]:
    """The tradition's usable distinctive terms, best first (see the module docstring).

    ``keyness_df``: :func:`standpoint.terms.keyness` of the passages about the group;
    ``shares``: :func:`quoted_shares` of the same passages; ``names``: :func:`name_words` of
    the group.

    Example:
        >>> k = pd.DataFrame({"tradition": ["icc"] * 4,
        ...     "term": ["proletariat", "shliapnikov", "workers opposition", "communists"],
        ...     "significant": [True] * 4, "direction": ["over"] * 4, "rank": [1, 2, 3, 4],
        ...     "is_name": [False, True, False, False], "n_passages": [3, 5, 4, 3]})
        >>> distinctive_terms(k, "icc", shares={"communists": 0.9},
        ...                   names=frozenset({"workers", "opposition"}))
        ['proletariat']
    """
    if keyness_df.empty:
        return []
    k = keyness_df[(keyness_df["tradition"] == tradition) & (keyness_df["direction"] == "over")
                   & keyness_df["significant"].astype(bool) & ~keyness_df["is_name"].astype(bool)
                   & (keyness_df["n_passages"] >= MIN_PASSAGES)]
    out = []
    for term in k.sort_values(["rank", "term"], kind="stable")["term"]:
        if set(str(term).split()) <= names or shares.get(term, 0.0) >= MAX_QUOTED:
            continue
        out.append(str(term))
        if len(out) == top:
            break
    return out
