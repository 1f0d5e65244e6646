"""The tagger's model, fitted and applied with NumPy alone: Complement naive Bayes on the word
counts of the prepared text (plus the register-lexicon tokens), one class per tradition with
each document weighing the same within it, or (``documents=True``) one class per training
document, a tradition scoring as the sum (or best) of its documents.

Which of these is the tagger was decided by the open-set evaluation
(:mod:`standpoint.tagger.ablation`): the research behind it (``research/REPORT.md`` on the
``tagger-research`` branch) found that naive Bayes' margin, unlike any logistic regression's,
separates passages of known traditions from passages of traditions absent from training
(AUROC 0.82 against 0.54-0.65) and proposed documents as classes; with the abstention learnt
inside each fold, tradition classes recognised as much at a lower false attribution.

:func:`fit_naive_bayes` fits a :class:`NaiveBayesModel` on texts, labels and documents;
:meth:`NaiveBayesModel.scores` gives each text a log score per tradition (differences are
log-likelihood ratios) and a *familiarity*: the share of its words that occur in the training
texts (after preparation: names and numbers are not words here), counting
:data:`FAMILIAR_PRIOR` imaginary known words, so that one new word does not make a sentence
of seven unfamiliar while a paragraph about something else still is. Complement naive Bayes is
scikit-learn's ``ComplementNB(alpha, norm=False)``, computed here so that a stored model needs
no scikit-learn to tag (``tests/test_tagger.py`` checks the numbers against scikit-learn's).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from standpoint.errors import InputError
from standpoint.tagger.features import TermRows, count_rows, row_dot, terms, vocabulary, words
from standpoint.tagger.preparation import prepare_texts

AGGREGATES = ("sum", "max")
#: familiarity counts this many imaginary known words in every text (a prior, set a priori:
#: a text is presumed familiar until its unknown words outweigh it)
FAMILIAR_PRIOR = 5
#: the preparation and feature options a NaiveBayesModel records (and applies to new texts)
OPTION_NAMES = ("strip_quotes", "mask", "citations", "subjects", "names", "lexicons")


def balanced_weights(y, groups=None, balance: str | None = "documents") -> np.ndarray | None:
    """Sample weights: ``None`` for ``balance=None``; with ``"classes"`` each class weighs the
    same in total; with ``"documents"`` each document (``groups``) also weighs the same within
    its class (without ``groups``, as ``"classes"``). The weights sum to ``len(y)``.

    Example:
        >>> balanced_weights(["a", "a", "a", "b"], ["d1", "d1", "d2", "d3"]).tolist()
        [0.5, 0.5, 1.0, 2.0]
    """
    if balance is None:
        return None
    if balance not in ("classes", "documents"):
        raise ValueError(f"balance must be None, 'classes' or 'documents', not {balance!r}")
    y = np.asarray(y)
    classes, cls = np.unique(y, return_inverse=True)
    n, k = len(y), len(classes)
    per_class = np.bincount(cls, minlength=k)
    if balance == "documents" and groups is not None:  # (one pass: linear in the texts)
        index: dict = {}  # (class, document) -> its number
        pair = np.asarray([index.setdefault((c, d), len(index))
                           for c, d in zip(cls.tolist(), np.asarray(groups, dtype=object).tolist())],
                          dtype=np.int64)
        per_pair = np.bincount(pair, minlength=len(index))
        pair_class = np.zeros(len(per_pair), dtype=np.int64)
        pair_class[pair] = cls
        docs_per_class = np.bincount(pair_class, minlength=k)
        return n / (k * docs_per_class[cls] * per_pair[pair])
    return n / (k * per_class[cls]) if n else np.empty(0, dtype=np.float64)


def _logsumexp(values: np.ndarray) -> np.ndarray:
    top = values.max(axis=1, keepdims=True)
    top[~np.isfinite(top)] = 0.0
    return (top + np.log(np.exp(values - top).sum(axis=1, keepdims=True))).ravel()


@dataclass
class NaiveBayesModel:
    """A fitted model (see the module docstring). Build it with :func:`fit_naive_bayes`.

    Attributes:
        classes: the traditions, sorted.
        units: the naive Bayes classes: the training documents (or the traditions, when
            fitted with ``documents=False``); ``unit_class[j]`` is the index in ``classes``
            of unit ``j``'s tradition.
        vocabulary: ``term -> column``; ``feature_log_prob`` ``(n_units, n_terms)``: the
            complement naive Bayes weights.
        lexicon: the common words names were told by (``None`` without name masking).
        options: the preparation and feature options (:data:`OPTION_NAMES`) and
            ``aggregate``.
    """

    classes: np.ndarray
    units: np.ndarray
    unit_class: np.ndarray
    vocabulary: dict[str, int] = field(repr=False)
    feature_log_prob: np.ndarray = field(repr=False)
    lexicon: frozenset[str] | None = field(repr=False)
    options: dict = field(default_factory=dict)

    def prepare(self, texts: list[str]) -> list[str]:
        """The texts as this model reads them (its preparation, its lexicon of common words).

        Example:
            >>> m = fit_naive_bayes(["Lenin wrote", "Trotsky spoke"], ["a", "b"])
            >>> m.prepare(["Lenin wrote in 1921"])
            ['wrote in _year_']
        """
        options = {k: self.options[k] for k in OPTION_NAMES if k != "lexicons"}
        return prepare_texts(texts, lexicon=self.lexicon, **options)[0]

    def term_rows(self, texts: list[str]) -> TermRows:
        """The term counts of ``texts`` over this model's vocabulary.

        Example:
            >>> m = fit_naive_bayes(["red flag", "black flag"], ["a", "b"])
            >>> m.term_rows(["red red unknown"]).data.tolist()
            [2.0]
        """
        return self._rows_and_familiarity(self.prepare(texts))[0]

    def _rows_and_familiarity(self, prepared: list[str]) -> tuple[TermRows, np.ndarray]:
        lexicons = bool(self.options.get("lexicons", True))
        found = [words(t) for t in prepared]
        known = np.array([(sum(w in self.vocabulary for w in ws) + FAMILIAR_PRIOR)
                          / (len(ws) + FAMILIAR_PRIOR) if ws else 0.0 for ws in found])
        rows = count_rows([terms(t, lexicons) for t in prepared], self.vocabulary)
        return rows, known

    def unit_scores(self, rows: TermRows) -> np.ndarray:
        """The joint log-likelihood of each row under each unit, ``(n, n_units)``."""
        return row_dot(rows, self.feature_log_prob)

    def scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(log scores (n, n_classes), familiarity (n,))``: a tradition's log score is the
        log of the summed likelihoods of its documents (``aggregate="max"``: the best one);
        familiarity is the share of the text's words (prepared) that occur in training, with
        :data:`FAMILIAR_PRIOR` known words added (0 for a text without words).

        Example:
            >>> m = fit_naive_bayes(["red flag red", "black flag black"], ["a", "b"])
            >>> scores, familiarity = m.scores(["red red flag", "red tulips"])
            >>> bool(scores[0, 0] > scores[0, 1]), familiarity.round(2).tolist()
            (True, [1.0, 0.86])
        """
        rows, familiarity = self._rows_and_familiarity(self.prepare(texts))
        return self.row_scores(rows), familiarity

    def row_scores(self, rows: TermRows) -> np.ndarray:
        """The log score of each tradition for term counts ``rows`` over this model's
        vocabulary (:meth:`scores` without the preparation and the familiarity).

        Example:
            >>> m = fit_naive_bayes(["red flag red", "black flag black"], ["a", "b"])
            >>> np.array_equal(m.row_scores(m.term_rows(["red"])), m.scores(["red"])[0])
            True
        """
        jll = self.unit_scores(rows)
        out = np.empty((rows.n, len(self.classes)))
        for k in range(len(self.classes)):
            cols = jll[:, self.unit_class == k]
            out[:, k] = _logsumexp(cols) if self.options.get("aggregate", "sum") == "sum" \
                else cols.max(axis=1)
        return out


def check_parameters(alpha: float, aggregate: str) -> None:
    """An :class:`~standpoint.errors.InputError` for a smoothing or an aggregate
    :func:`fit_naive_bayes` does not take.

    Example:
        >>> check_parameters(0.0, "sum")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: alpha must be positive, not 0.0
    """
    if aggregate not in AGGREGATES:
        raise InputError(f"aggregate must be 'sum' or 'max', not {aggregate!r}")
    if not alpha > 0:
        raise InputError(f"alpha must be positive, not {alpha!r}")


def unit_layout(y, groups, documents: bool, aggregate: str):
    """How :func:`fit_naive_bayes` turns texts into naive Bayes classes: ``(classes, units,
    unit_class, unit index of each text, weight of each text)`` (see its docstring; the
    weight is the same for every text of a document).

    Example:
        >>> layout = unit_layout(np.array(["a", "a", "b"]), ["d1", "d2", "d3"], True, "sum")
        >>> layout[1].tolist(), layout[3].tolist(), layout[4].tolist()
        (['d1', 'd2', 'd3'], [0, 1, 2], [0.75, 0.75, 1.5])
    """
    y = np.asarray(y)
    classes = np.unique(y)
    g = (np.asarray(groups, dtype=object).astype(str) if groups is not None
         else y.astype(str))
    tradition_of: dict = {}
    for u, c in zip(g.tolist(), y.tolist()):  # (one pass: linear in the texts)
        if tradition_of.setdefault(u, c) != c:
            raise InputError("groups: a document holds texts of two traditions")
    if not documents:
        g = y.astype(str)
        weights = balanced_weights(y, groups, "documents")
    else:
        n_units = len(tradition_of)
        size = Counter(g.tolist())
        weights = (balanced_weights(y, g, "documents") if aggregate == "sum"
                   else np.array([len(y) / (n_units * size[d]) for d in g.tolist()]))
    units = np.asarray(sorted({str(u) for u in g}), dtype=object)
    unit_of = {u: j for j, u in enumerate(units)}
    first = dict(zip(g.tolist()[::-1], y.tolist()[::-1]))  # the tradition of each unit
    unit_class = np.asarray([int(np.searchsorted(classes, first[u])) for u in units],
                            dtype=np.int64)
    return classes, units, unit_class, np.asarray([unit_of[u] for u in g], dtype=np.int64), weights


def complement_log_prob(counts: np.ndarray, alpha: float) -> np.ndarray:
    """Complement naive Bayes weights ``(n_units, n_terms)`` from weighted term ``counts``
    per unit with additive smoothing ``alpha`` (scikit-learn's ``ComplementNB(norm=False)``).

    Example:
        >>> complement_log_prob(np.array([[2.0, 0.0], [0.0, 2.0]]), 1.0).round(3).tolist()
        [[1.386, 0.288], [0.288, 1.386]]
    """
    complement = counts.sum(axis=0) + alpha - counts
    return -np.log(complement / complement.sum(axis=1, keepdims=True))


def fit_naive_bayes(texts: list[str], y, groups=None, *, alpha: float = 1.0,
                    lexicons: bool = True, strip_quotes: bool = True, mask: str = "names",
                    citations: str = "strip", subjects: tuple[str, ...] = (),
                    names: str = "delete", documents: bool = False,
                    aggregate: str = "sum") -> NaiveBayesModel:
    """Fit a :class:`NaiveBayesModel` on ``texts`` with traditions ``y`` and documents
    ``groups`` (without groups each tradition is one document).

    Preparation: :func:`~standpoint.tagger.preparation.prepare_texts` with ``strip_quotes``,
    ``mask``, ``citations``, ``subjects`` (phrases naming what the corpus is about, e.g. the
    oppositions) and ``names`` (``"delete"``: subjects and proper names are removed;
    ``"token"``: they become ``_group_`` / ``_name_``). Features: word counts plus, with
    ``lexicons``, the register-lexicon tokens. Classes: the traditions (default; each
    tradition weighs the same, each document the same within its tradition); or, with
    ``documents=True``, the documents, weighted so that each tradition weighs the same and
    each document the same within its tradition (``aggregate="sum"``) or each document the
    same (``"max"``). ``alpha``: additive smoothing.

    Example:
        >>> m = fit_naive_bayes(["red flag", "red banner", "black flag"], ["a", "a", "b"],
        ...                     ["d1", "d2", "d3"], documents=True)
        >>> m.units.tolist(), m.unit_class.tolist(), m.feature_log_prob.shape
        (['d1', 'd2', 'd3'], [0, 0, 1], (3, 4))
        >>> fit_naive_bayes(["red flag", "red banner", "black flag"], ["a", "a", "b"]).units.tolist()
        ['a', 'b']
    """
    check_parameters(alpha, aggregate)
    y = np.asarray(y)
    classes, units, unit_class, unit_index, weights = unit_layout(y, groups, documents,
                                                                  aggregate)
    options = {"strip_quotes": bool(strip_quotes), "mask": mask, "citations": citations,
               "subjects": tuple(subjects), "names": names, "lexicons": bool(lexicons),
               "aggregate": aggregate}
    prepared, lexicon = prepare_texts(list(texts), strip_quotes=strip_quotes, mask=mask,
                                      citations=citations, subjects=tuple(subjects), names=names)
    term_lists = [terms(t, lexicons) for t in prepared]
    vocab = vocabulary(term_lists)
    rows = count_rows(term_lists, vocab)
    n_terms = len(vocab)
    entry_row = rows.row_of_entry()
    entry_unit = unit_index[entry_row]
    counts = np.zeros((len(units), n_terms))
    np.add.at(counts, (entry_unit, rows.indices), rows.data * weights[entry_row])
    feature_log_prob = complement_log_prob(counts, alpha)
    return NaiveBayesModel(classes=classes, units=units, unit_class=unit_class, vocabulary=vocab,
                         feature_log_prob=feature_log_prob, lexicon=lexicon, options=options)
