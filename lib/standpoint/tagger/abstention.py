"""Saying ``uncertain``: a wrapping estimator that learns its abstention threshold in ``fit``.

:class:`TraditionTagger` wraps a classifier of texts (default
:class:`~standpoint.tagger.linear.LinearTagger`) the way scikit-learn's
``TunedThresholdClassifierCV`` wraps a binary one: ``fit`` fits the classifier on all the
data, and also on held-out splits of it, and chooses the threshold on the held-out
predictions (:func:`choose_threshold`). The threshold is therefore learnt from data inside the
estimator, never set from outside; evaluation code imports the tagger, never the reverse.

Held-out splits: contiguous blocks. Within each document (``groups``), the rows are taken in
the order given (text order) and cut into ``n_blocks`` contiguous blocks; fold *k* holds out
the *k*-th block of every document (:func:`contiguous_splits`).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils.validation import check_is_fitted

from standpoint.errors import InputError
from standpoint.tagger.conventions import as_labels, as_texts

UNCERTAIN = "uncertain"
N_BLOCKS = 5


def choose_threshold(y_true, proba, classes) -> float:
    """The ``uncertain`` threshold, derived from held-out probabilities.

    Rule: a verdict scores +1 if right, -1 if wrong, 0 if the tagger abstains
    (``uncertain``) -- a wrong verdict is as bad as a right one is good. Among thresholds
    *t*, pick the one maximising the total score of the held-out passages whose top
    probability is >= *t* (ties: the smallest *t*, i.e. the most verdicts). This is Chow's
    reject rule with an abstention costing half an error, applied to *observed*
    correctness rather than to the nominal probabilities. No target or cost is tuned. The
    returned value is the midpoint between the least confident passage still given a
    verdict and the most confident one withheld, so it is not glued to one observation; it
    is ``1 / n_classes`` (never abstain) if abstaining never pays, ``1`` if no verdict pays.
    It always lies in ``[1 / n_classes, 1]``.

    ``y_true``: true labels; ``proba``: ``(n, n_classes)`` out-of-fold probabilities with
    columns in ``classes`` order.

    Example:
        >>> import numpy as np
        >>> p = np.array([[.9, .1], [.8, .2], [.55, .45], [.52, .48]])
        >>> choose_threshold(["a", "a", "b", "b"], p, ["a", "b"])
        0.675
    """
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=np.float64)
    classes = np.asarray(classes)
    if proba.ndim != 2 or proba.shape[1] != len(classes) or len(y_true) != len(proba):
        raise ValueError("proba must be (n, n_classes) with one row per label")
    if len(y_true) == 0:
        raise ValueError("choose_threshold needs at least one held-out prediction")
    floor = 1.0 / len(classes)
    top = proba.max(axis=1)
    gain = np.where(classes[np.argmax(proba, axis=1)] == y_true, 1.0, -1.0)
    order = np.argsort(-top, kind="stable")
    top_sorted, cumulative = top[order], np.cumsum(gain[order])
    # a cut can only fall between distinct probability values
    last_of_value = np.r_[top_sorted[1:] != top_sorted[:-1], True]
    candidates = np.flatnonzero(last_of_value)
    scores = cumulative[candidates]
    best = candidates[np.flatnonzero(scores == scores.max())[-1]]  # ties: most verdicts
    if cumulative[best] <= 0:  # never worth giving a verdict: abstain on everything
        return 1.0
    if best == len(top_sorted) - 1:
        return floor
    threshold = (top_sorted[best] + top_sorted[best + 1]) / 2
    if not top_sorted[best + 1] < threshold:  # two values too close to split in floats
        threshold = top_sorted[best]
    return float(min(1.0, max(floor, threshold)))


def contiguous_splits(groups, n_blocks: int = N_BLOCKS) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(train positions, test positions)`` of contiguous-block folds: within each group
    (document), its rows in the order given are cut into ``n_blocks`` contiguous blocks
    (``numpy.array_split``); fold *k* tests the *k*-th block of every group.

    Example:
        >>> [test.tolist() for _, test in contiguous_splits(["a", "a", "b", "b"], 2)]
        [[0, 2], [1, 3]]
    """
    g = np.asarray(groups, dtype=object)
    test: list[list[int]] = [[] for _ in range(n_blocks)]
    for doc in dict.fromkeys(g):  # documents in order of first appearance
        rows = np.flatnonzero(g == doc)
        for k, chunk in enumerate(np.array_split(rows, n_blocks)):
            test[k].extend(chunk.tolist())
    everything = np.arange(len(g))
    return [(np.setdiff1d(everything, t), np.asarray(sorted(t), dtype=np.int64))
            for t in test if t]


def verdicts(classes, proba, threshold: float) -> np.ndarray:
    """The most probable class of each row, or ``"uncertain"`` where the top probability is
    below ``threshold``.

    Example:
        >>> import numpy as np
        >>> verdicts(np.array(["a", "b"]), np.array([[0.9, 0.1], [0.55, 0.45]]), 0.6).tolist()
        ['a', 'uncertain']
    """
    proba = np.asarray(proba)
    labels = np.asarray(classes)[np.argmax(proba, axis=1)].astype(object)
    labels[proba.max(axis=1) < threshold] = UNCERTAIN
    return labels


class TraditionTagger(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Tag texts by tradition, or say ``uncertain``; the threshold is learnt in :meth:`fit`.

    Parameters:
        estimator: the classifier of texts (``fit(X, y, groups)``, ``predict_proba``,
            ``classes_``); default ``LinearTagger()``. It is cloned, never modified.
        threshold: ``None`` (learn ``threshold_`` from contiguous-block held-out
            probabilities with :func:`choose_threshold`) or a fixed float.
        n_blocks: contiguous blocks per document for learning the threshold.

    Fitted attributes: ``estimator_`` (fitted on everything), ``classes_``, ``threshold_``.

    Example:
        >>> texts = ["red flag red", "black flag black", "red banner", "black banner"] * 3
        >>> tagger = TraditionTagger(threshold=0.6).fit(texts, ["x", "y"] * 6)
        >>> tagger.verdict(["red red", "flag"]).tolist()
        ['x', 'uncertain']
    """

    def __init__(self, estimator=None, *, threshold=None, n_blocks=N_BLOCKS):
        self.estimator = estimator
        self.threshold = threshold
        self.n_blocks = n_blocks

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = True
        tags.input_tags.sparse = False
        return tags

    def _base(self):
        if self.estimator is not None:
            return self.estimator
        from standpoint.tagger.linear import LinearTagger

        return LinearTagger()

    def fit(self, X, y, groups=None):
        """Fit the classifier on ``X, y`` (``groups``: the document of each text) and learn
        ``threshold_`` from its contiguous-block held-out probabilities.

        Example:
            >>> t = TraditionTagger(threshold=0.9).fit(["a b", "c d"], ["x", "y"])
            >>> t.threshold_
            0.9
        """
        y = as_labels(y)
        texts = as_texts(X)
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels")
        g = np.asarray(groups if groups is not None else np.zeros(len(texts)), dtype=object)
        self.estimator_ = clone(self._base()).fit(texts, y, groups=groups)
        self.classes_ = self.estimator_.classes_
        if self.threshold is not None:
            self.threshold_ = float(self.threshold)
            return self
        held = np.zeros((len(texts), len(self.classes_)))
        for train, test in contiguous_splits(g, self.n_blocks):
            model = clone(self._base()).fit([texts[i] for i in train], y[train],
                                            groups=None if groups is None else g[train])
            proba = model.predict_proba([texts[i] for i in test])
            for k, c in enumerate(model.classes_):
                held[test, list(self.classes_).index(c)] = proba[:, k]
        self.threshold_ = choose_threshold(y, held, self.classes_)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """The classifier's probabilities (columns in ``classes_`` order).

        Example:
            >>> t = TraditionTagger(threshold=0.5).fit(["a b", "c d"], ["x", "y"])
            >>> t.predict_proba(["a b"]).shape
            (1, 2)
        """
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        """The most probable tradition (always a class; :meth:`verdict` may abstain).

        Example:
            >>> t = TraditionTagger(threshold=0.99).fit(["a b", "c d"], ["x", "y"])
            >>> t.predict(["c"]).tolist()
            ['y']
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def verdict(self, X) -> np.ndarray:
        """Like :meth:`predict`, but ``"uncertain"`` where the top probability is below
        ``threshold_``. Returns an object array.

        Example:
            >>> t = TraditionTagger(threshold=0.99).fit(["a b", "c d"], ["x", "y"])
            >>> t.verdict(["a b"]).tolist()
            ['uncertain']
        """
        check_is_fitted(self, "estimator_")
        return verdicts(self.classes_, self.predict_proba(X), self.threshold_)

    def effective_threshold(self) -> float:
        """``threshold_`` (the name callers of the former tagger use).

        Example:
            >>> TraditionTagger(threshold=0.5).fit(["a b", "c d"], ["x", "y"]).effective_threshold()
            0.5
        """
        check_is_fitted(self, "estimator_")
        return self.threshold_

    def explain(self, text: str, top: int = 10):
        """The fitted classifier's explanation of ``text`` (see
        :meth:`~standpoint.tagger.linear.LinearTagger.explain`).

        Example:
            >>> from standpoint.tagger.linear import LinearTagger
            >>> t = TraditionTagger(LinearTagger(char_ngrams=None), threshold=0.5)
            >>> t.fit(["red flag", "black flag"], ["x", "y"]).explain("red", 1)["term"].tolist()
            ['red']
        """
        check_is_fitted(self, "estimator_")
        if not hasattr(self.estimator_, "explain"):
            raise InputError(f"{type(self.estimator_).__name__} has no explain()")
        return self.estimator_.explain(text, top)
