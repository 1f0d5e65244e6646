"""The term matrix (a document-feature matrix, quanteda's ``dfm``): the passages of a selection
counted once, with the rules of :mod:`standpoint.terms.vocabulary`; every term statistic
(:func:`~standpoint.terms.contrast.keyness`, :func:`~standpoint.terms.contrast.tfidf_terms`,
:func:`~standpoint.terms.similarity.profile_similarity`,
:func:`~standpoint.terms.similarity.closest_pairs`) reads it.

Build it with :func:`term_matrix` (whose words: ``voice``, ``strip_quotes``; ``names`` kept or
dropped; ``ngram_range``), then derive from it: :meth:`TermMatrix.trim` (terms used at least
``min_freq`` times in ``min_docs`` passages), :meth:`TermMatrix.group` (one row per group, in an
order you give), :meth:`TermMatrix.drop` (terms you name), :meth:`TermMatrix.term_table`
(one row per term). A derived matrix is a new object; nothing is counted again.

Group order is always an argument (:func:`group_order`): nothing here reads a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from standpoint.errors import InputError
from standpoint.terms.vocabulary import STOP_WORDS, names_in, term_scan
from standpoint.text.tokens import check_ngram_range, check_strip_quotes, ngrams


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: "not given": a statistic given a passages frame builds the matrix with
#: :func:`term_matrix`'s default; given a matrix, it takes the matrix as built.
DEFAULT = _Default()


@dataclass(frozen=True)
class TermOptions:
    """How a :class:`TermMatrix` was counted (see :func:`term_matrix`)."""

    voice: tuple[str, ...] | None
    strip_quotes: bool | str
    names: str
    ngram_range: tuple[int, int]


@dataclass(frozen=True, eq=False, repr=False)
class TermMatrix:
    """Counts of terms in the rows of a selection (what :func:`term_matrix` returns).

    Attributes:
        rows: one row per matrix row, index 0..n-1: the passages counted (their own columns,
            after the ``voice`` filter), or after :meth:`group` the groups (columns ``<by>``,
            ``n_passages``).
        counts: sparse CSR ``rows x terms``: occurrences (int64).
        quoted: sparse CSR ``rows x terms``: occurrences inside quotation marks (int64; with
            ``strip_quotes=True`` those in scare quotes, with ``False`` in any quotation).
        passages_with: sparse CSR ``rows x terms``: passages of the row holding the term (1 or
            0 for a passage).
        terms: the terms, sorted (object array): the columns.
        is_name: bool array, one per term (a bigram is a name if either word is).
        n_words: running words per row (int64): every word token, stop words and names
            included; numbers, references and removed quotations excluded.
        options: how it was counted (:class:`TermOptions`).
        by: the column the rows were grouped by; None for passages.
    """

    rows: pd.DataFrame
    counts: sp.csr_matrix
    quoted: sp.csr_matrix
    passages_with: sp.csr_matrix
    terms: np.ndarray
    is_name: np.ndarray
    n_words: np.ndarray
    options: TermOptions
    by: str | None = None

    def __repr__(self) -> str:
        kind = "passages" if self.by is None else f"groups by {self.by!r}"
        o = self.options
        return (f"TermMatrix({len(self.rows)} {kind} x {len(self.terms)} terms; voice={o.voice!r}, "
                f"strip_quotes={o.strip_quotes!r}, names={o.names!r}, ngram_range={o.ngram_range!r})")

    def _columns(self, keep: np.ndarray) -> TermMatrix:
        return replace(self, counts=self.counts[:, keep].tocsr(), quoted=self.quoted[:, keep].tocsr(),
                       passages_with=self.passages_with[:, keep].tocsr(), terms=self.terms[keep],
                       is_name=self.is_name[keep])

    def trim(self, min_freq: int = 1, min_docs: int = 1) -> TermMatrix:
        """The terms occurring at least ``min_freq`` times in at least ``min_docs`` passages
        (over all rows). Rows and running words are unchanged.

        Example:
            >>> m = term_matrix(pd.DataFrame({"text": ["Trade unions, trade unions.", "Unions."],
            ...                               "voice": "author"}))
            >>> list(m.trim(min_freq=2, min_docs=2).terms)
            ['unions']
        """
        freq = np.asarray(self.counts.sum(axis=0)).ravel()
        docs = np.asarray(self.passages_with.sum(axis=0)).ravel()
        return self._columns(np.flatnonzero((freq >= min_freq) & (docs >= min_docs)))

    def drop(self, terms: Iterable[str]) -> TermMatrix:
        """The matrix without these terms (running words unchanged: they are still words).

        Example:
            >>> m = term_matrix(pd.DataFrame({"text": ["Lenin and the trade unions."], "voice": "author"}))
            >>> list(m.drop(["lenin", "trade"]).terms)
            ['trade unions', 'unions']
        """
        if isinstance(terms, str):
            raise InputError("terms: expected a list of terms, got one string")
        gone = set(terms)
        return self._columns(np.array([t not in gone for t in self.terms], dtype=bool))

    def groups(self, by: str = "tradition", order: Sequence | None = None) -> tuple[list, np.ndarray]:
        """The groups of column ``by`` in table order (:func:`group_order`) and each row's
        group index.

        Example:
            >>> m = term_matrix(pd.DataFrame({"text": ["a war", "a peace", "the war"],
            ...                               "tradition": ["icc", "academic", "icc"]}), voice=None)
            >>> m.groups(order=["academic", "icc"])
            (['academic', 'icc'], array([1, 0, 1]))
        """
        if by not in self.rows.columns:
            raise InputError(f"by: the rows have no column {by!r} (their columns: "
                             f"{', '.join(map(repr, self.rows.columns))})")
        labels = self.rows[by]
        if labels.isna().any():
            raise InputError(f"by: column {by!r} has missing values "
                             f"(row {int(np.flatnonzero(labels.isna())[0])})")
        groups = group_order(labels, order)
        index = {g: i for i, g in enumerate(groups)}
        return groups, np.array([index[g] for g in labels.tolist()], dtype=np.int64)

    def group(self, by: str = "tradition", order: Sequence | None = None) -> TermMatrix:
        """One row per group of column ``by``, in table order (:func:`group_order`):
        counts, quoted counts, passages and running words summed.

        Example:
            >>> df = pd.DataFrame({"text": ["The war.", "Peace.", "War and war."],
            ...                    "tradition": ["icc", "academic", "icc"], "voice": "author"})
            >>> g = term_matrix(df).group(order=["icc", "academic"])
            >>> g.rows
              tradition  n_passages
            0       icc           2
            1  academic           1
            >>> list(g.terms), g.counts.toarray().tolist(), g.passages_with.toarray().tolist()
            (['peace', 'war'], [[0, 3], [1, 0]], [[0, 2], [1, 0]])
            >>> g.n_words.tolist()  # "The war." and "War and war."; "Peace."
            [5, 1]
        """
        groups, codes = self.groups(by, order)
        sizes = (self.rows["n_passages"].to_numpy(dtype=np.int64) if self.by is not None
                 else np.ones(len(codes), dtype=np.int64))
        indicator = sp.csr_matrix((np.ones(codes.size, dtype=np.int64), (codes, np.arange(codes.size))),
                                  shape=(len(groups), codes.size))
        rows = pd.DataFrame({by: groups, "n_passages": np.bincount(codes, weights=sizes,
                                                                   minlength=len(groups)).astype(np.int64)})
        n_words = np.bincount(codes, weights=self.n_words, minlength=len(groups)).astype(np.int64)
        return replace(self, rows=rows, counts=(indicator @ self.counts).tocsr(),
                       quoted=(indicator @ self.quoted).tocsr(),
                       passages_with=(indicator @ self.passages_with).tocsr(), n_words=n_words, by=by)

    def term_table(self) -> pd.DataFrame:
        """One row per term: ``term``, ``freq`` (occurrences), ``n_passages`` (passages holding
        it), ``in_quotes`` (occurrences inside quotation marks), ``is_name``.

        Example:
            >>> df = pd.DataFrame({"text": ['The "Left Communists" and the Left Communists.'],
            ...                    "voice": "author"})
            >>> term_matrix(df, ngram_range=(1, 1)).term_table()
                     term  freq  n_passages  in_quotes  is_name
            0  communists     2           1          1     True
            1        left     2           1          1     True
        """
        total = lambda m: np.asarray(m.sum(axis=0)).ravel().astype(np.int64)  # noqa: E731
        return pd.DataFrame({"term": self.terms.astype(str), "freq": total(self.counts),
                             "n_passages": total(self.passages_with),
                             "in_quotes": total(self.quoted), "is_name": self.is_name})


def group_order(values: Iterable, order: Sequence | None = None) -> list:
    """The groups present in ``values``, in table order: those of ``order`` first (those
    present), then any others sorted; without ``order``, a categorical's categories, else the
    order of first appearance.

    Example:
        >>> group_order(["academic", "icc", "anarchist", "icc"])
        ['academic', 'icc', 'anarchist']
        >>> group_order(["b", "a", "c"], order=["c"])
        ['c', 'a', 'b']
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        if order is None:
            return [g for g in values.cat.categories if g in present]
    values = pd.Series(list(values), dtype=object)
    if order is None:
        return list(pd.unique(values))
    present = set(pd.unique(values))
    head = [g for g in order if g in present]
    return head + sorted((g for g in present if g not in set(head)), key=str)


def _voices(voice) -> tuple[str, ...] | None:
    if voice is None:
        return None
    if isinstance(voice, str):
        return (voice,)
    voices = tuple(voice)
    if not all(isinstance(v, str) for v in voices):
        raise InputError(f"voice: expected a voice, a list of voices or None, got {voice!r}")
    return voices


def term_matrix(passages: pd.DataFrame, *, voice: str | Iterable[str] | None = "author",
                strip_quotes: bool | str = True, names: str = "keep",
                ngram_range: tuple[int, int] = (1, 2)) -> TermMatrix:
    """Count the terms of the passages once (:mod:`standpoint.terms.vocabulary`: stop words,
    names, references and quotations), every term kept (derive with :meth:`TermMatrix.trim`).

    ``voice``: keep only passages of this voice (or voices); ``None`` keeps all.
    ``strip_quotes``: ``True`` (quotations go, scare quotes stay), ``"all"`` or ``False``.
    ``names``: ``"keep"`` (flagged in ``is_name``) or ``"drop"`` (removed before counting).
    ``ngram_range``: ``(1, 2)`` for unigrams and bigrams.

    Example:
        >>> df = pd.DataFrame({"text": ["Trade unions and trade unions.", "The trade unions.",
        ...                             "A quoted passage."],
        ...                    "voice": ["author", "author", "quotation"]})
        >>> m = term_matrix(df)
        >>> m
        TermMatrix(2 passages x 3 terms; voice=('author',), strip_quotes=True, names='keep', ngram_range=(1, 2))
        >>> list(m.terms), m.counts.toarray().tolist(), m.n_words.tolist()
        (['trade', 'trade unions', 'unions'], [[2, 2, 2], [1, 1, 1]], [5, 3])
    """
    if not isinstance(passages, pd.DataFrame):
        raise InputError(f"passages: expected a pandas DataFrame, got {type(passages).__name__}")
    if "text" not in passages.columns:
        raise InputError("passages: the frame needs a 'text' column")
    if names not in ("keep", "drop"):
        raise InputError(f"names must be 'keep' or 'drop', not {names!r}")
    low_high = check_ngram_range(ngram_range)
    check_strip_quotes(strip_quotes)
    voices = _voices(voice)
    if voices is None:
        rows = passages.reset_index(drop=True)
    elif "voice" not in passages.columns:
        raise InputError("passages: no 'voice' column; pass voice=None to count every row")
    else:
        rows = passages[passages["voice"].isin(voices)].reset_index(drop=True)
    scans = [term_scan(str(t), strip_quotes) for t in rows["text"].tolist()]
    name_words = names_in(scans)
    skip = STOP_WORDS | name_words if names == "drop" else STOP_WORDS

    vocab: dict[str, int] = {}
    indices: list[int] = []
    data: list[int] = []
    q_indices: list[int] = []
    q_data: list[int] = []
    indptr, q_indptr = [0], [0]
    for tokens, _ in scans:
        grams = ngrams(tokens, low_high, skip=skip)
        for term, count in Counter(term for term, _ in grams).items():
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append(count)
        for term, count in Counter(term for term, quoted in grams if quoted).items():
            q_indices.append(vocab[term])
            q_data.append(count)
        indptr.append(len(indices))
        q_indptr.append(len(q_indices))
    shape = (len(scans), len(vocab))

    def csr(d, i, p):
        return sp.csr_matrix((np.asarray(d, dtype=np.int64), np.asarray(i, dtype=np.int64),
                              np.asarray(p, dtype=np.int64)), shape=shape)

    counts, quoted = csr(data, indices, indptr), csr(q_data, q_indices, q_indptr)
    terms = np.empty(len(vocab), dtype=object)
    for term, j in vocab.items():
        terms[j] = term
    keep = np.argsort(terms.astype(str), kind="stable")
    terms = terms[keep]
    counts = counts[:, keep].tocsr()
    return TermMatrix(
        rows=rows, counts=counts, quoted=quoted[:, keep].tocsr(),
        passages_with=(counts > 0).astype(np.int64).tocsr(), terms=terms,
        is_name=np.array([any(w in name_words for w in t.split()) for t in terms], dtype=bool),
        n_words=np.array([n for _, n in scans], dtype=np.int64),
        options=TermOptions(voices, strip_quotes, names, low_high))


def as_term_matrix(data, *, voice=DEFAULT, strip_quotes=DEFAULT, names=DEFAULT,
                   ngram_range=DEFAULT) -> TermMatrix:
    """``data`` as a :class:`TermMatrix`: a passages frame is counted with :func:`term_matrix`
    (with the options given, the others at their defaults); a matrix is returned as it is, and
    an option given must be the one it was built with.

    Example:
        >>> df = pd.DataFrame({"text": ["The trade unions."], "voice": "author"})
        >>> m = as_term_matrix(df, ngram_range=(1, 1))
        >>> as_term_matrix(m) is m, list(m.terms)
        (True, ['trade', 'unions'])
        >>> as_term_matrix(m, ngram_range=(1, 2))
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: ngram_range: the matrix was built with (1, 1), not (1, 2); build one with term_matrix(passages, ngram_range=(1, 2))
    """
    given = {k: v for k, v in (("voice", voice), ("strip_quotes", strip_quotes), ("names", names),
                               ("ngram_range", ngram_range)) if v is not DEFAULT}
    if isinstance(data, TermMatrix):
        built = data.options
        wanted = {"voice": _voices, "ngram_range": check_ngram_range}
        for name, value in given.items():
            value = wanted.get(name, lambda v: v)(value)
            if value != getattr(built, name) or type(value) is not type(getattr(built, name)):
                raise InputError(f"{name}: the matrix was built with {getattr(built, name)!r}, not "
                                 f"{value!r}; build one with term_matrix(passages, {name}={value!r})")
        return data
    if isinstance(data, pd.DataFrame):
        return term_matrix(data, **given)
    raise InputError(f"expected a passages DataFrame or a TermMatrix, got {type(data).__name__}")


def count_terms(selected_passages: pd.DataFrame, *, voice: str | Iterable[str] | None = "author",
                strip_quotes: bool | str = True, names: str = "keep",
                ngram_range: tuple[int, int] = (1, 2), min_freq: int = 1,
                min_docs: int = 1) -> TermMatrix:
    """:func:`term_matrix` then :meth:`TermMatrix.trim` (the earlier name, kept for callers).

    Example:
        >>> df = pd.DataFrame({"text": ["Trade unions and trade unions.", "The trade unions."],
        ...                    "voice": "author"})
        >>> list(count_terms(df, min_freq=3).terms)
        ['trade', 'trade unions', 'unions']
    """
    return term_matrix(selected_passages, voice=voice, strip_quotes=strip_quotes, names=names,
                       ngram_range=ngram_range).trim(min_freq, min_docs)
