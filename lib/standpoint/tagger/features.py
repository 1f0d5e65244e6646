"""Word counts of prepared texts, with NumPy alone (no scikit-learn, no SciPy: tagging a
sentence with a stored model must start in well under a second).

- :func:`terms`: the terms of one prepared text: its lower-cased word unigrams (scikit-learn's
  token pattern ``\\b\\w+\\b``, so placeholders such as ``_quote_`` are words) and its pooled
  register-lexicon tokens (:func:`~standpoint.tagger.lexicons.register_tokens`);
- :class:`TermRows`: the term counts of many texts as compressed sparse rows (``indptr``,
  ``indices``, ``data``), built against a vocabulary (:func:`count_rows`);
- :func:`row_dot`: each row times a dense ``(k, n_terms)`` matrix, i.e. ``X @ W.T``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

import numpy as np

from standpoint.tagger.lexicons import register_tokens

TOKEN_PATTERN = re.compile(r"(?u)\b\w+\b")  # scikit-learn's word pattern, one-letter words kept


def words(prepared: str) -> list[str]:
    """The lower-cased words of one prepared text (placeholders included).

    Example:
        >>> words("We quote _quote_ twice")
        ['we', 'quote', '_quote_', 'twice']
    """
    return TOKEN_PATTERN.findall(prepared.lower())


def terms(prepared: str, lexicons: bool = True) -> list[str]:
    """The terms of one prepared text: its lower-cased words, then (with ``lexicons``) one
    ``_lex_<name>_`` token per register-lexicon word.

    Example:
        >>> terms("We quote _quote_ perhaps")
        ['we', 'quote', '_quote_', 'perhaps', '_lex_we_', '_lex_hedging_']
    """
    return list(_terms(prepared, bool(lexicons)))


@lru_cache(maxsize=1 << 15)
def _terms(prepared: str, lexicons: bool) -> tuple[str, ...]:
    """(remembered per text: the folds of an evaluation read each text many times)"""
    found = words(prepared)
    if lexicons:
        found.extend(register_tokens(prepared).split())
    return tuple(found)


@dataclass(frozen=True)
class TermRows:
    """Term counts of ``n`` texts as compressed sparse rows: the counts of row ``i`` are
    ``data[indptr[i]:indptr[i + 1]]`` for the terms ``indices[...]`` of the vocabulary.

    Example:
        >>> rows = count_rows([["a", "b", "a"], ["c"]], {"a": 0, "b": 1})
        >>> rows.n, rows.indices.tolist(), rows.data.tolist(), rows.lengths().tolist()
        (2, [0, 1], [2.0, 1.0], [2, 0])
    """

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    def lengths(self) -> np.ndarray:
        """The number of distinct known terms of each row."""
        return np.diff(self.indptr)

    def row_of_entry(self) -> np.ndarray:
        """The row of each stored entry (aligned with ``indices`` and ``data``)."""
        return np.repeat(np.arange(self.n), self.lengths())

    def with_data(self, data: np.ndarray) -> TermRows:
        """The same pattern with other values."""
        return TermRows(self.indptr, self.indices, np.asarray(data, dtype=np.float64))


def vocabulary(term_lists: list[list[str]]) -> dict[str, int]:
    """Every term of ``term_lists``, numbered in sorted order (as scikit-learn numbers a
    vectorizer's vocabulary).

    Example:
        >>> vocabulary([["b", "a"], ["c", "a"]])
        {'a': 0, 'b': 1, 'c': 2}
    """
    return {t: i for i, t in enumerate(sorted({t for ts in term_lists for t in ts}))}


def count_rows(term_lists: list[list[str]], vocab: dict[str, int]) -> TermRows:
    """The counts of the terms of each list that are in ``vocab`` (others are ignored, as a
    fitted vectorizer ignores words it never saw); within a row, entries in vocabulary order.

    Example:
        >>> count_rows([["x", "a", "a"]], {"a": 0}).data.tolist()
        [2.0]
    """
    n = len(term_lists)
    get = vocab.get
    ids = np.fromiter((get(t, -1) for ts in term_lists for t in ts), dtype=np.int64)
    row = np.repeat(np.arange(n, dtype=np.int64), [len(ts) for ts in term_lists])
    known = ids >= 0
    # one sort of (row, term) keys gives every row's distinct terms in vocabulary order
    width = max(vocab.values(), default=0) + 1
    keys, counts = np.unique(row[known] * width + ids[known], return_counts=True)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // width, minlength=n), out=indptr[1:])
    return TermRows(indptr, (keys % width).astype(np.int64), counts.astype(np.float64))


def row_dot(rows: TermRows, weights: np.ndarray) -> np.ndarray:
    """``rows @ weights.T``: shape ``(rows.n, weights.shape[0])``; a row without known terms
    gives zeros.

    Example:
        >>> rows = count_rows([["a", "b", "b"], []], {"a": 0, "b": 1})
        >>> row_dot(rows, np.array([[1.0, 10.0], [0.0, 1.0]])).tolist()
        [[21.0, 2.0], [0.0, 0.0]]
    """
    out = np.zeros((rows.n, weights.shape[0]))
    if rows.indices.size == 0:
        return out
    products = weights[:, rows.indices] * rows.data  # (k, nnz)
    nonempty = rows.lengths() > 0
    starts = rows.indptr[:-1][nonempty]
    out[nonempty] = np.add.reduceat(products, starts, axis=1).T
    return out
