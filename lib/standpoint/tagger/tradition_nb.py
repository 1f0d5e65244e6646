""":class:`TraditionNB`: the tagger's classifier as a scikit-learn estimator over *texts*.

It fits a :class:`~standpoint.tagger.naive_bayes.NaiveBayesModel`: Complement naive Bayes on
the word counts of the prepared text (quotations as ``_quote_``, numbers and years masked,
references deleted, the names of the subjects and proper names deleted) plus the
register-lexicon tokens, one class per tradition, each document weighing the same within its
tradition. Like every scikit-learn classifier it always names a class;
:class:`~standpoint.tagger.open_set.TraditionTagger` wraps it to say ``uncertain``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from standpoint.errors import InputError
from standpoint.tagger.abstention import softmax
from standpoint.tagger.conventions import TextInput, as_labels, as_texts
from standpoint.tagger.held_out import HeldOutModels, held_out_models
from standpoint.tagger.naive_bayes import fit_naive_bayes
from standpoint.tagger.features import count_rows, terms
from standpoint.tagger.preparation import kind


class TraditionNB(TextInput, ClassifierMixin, BaseEstimator):
    """Complement naive Bayes over prepared texts (see the module docstring and
    :func:`~standpoint.tagger.naive_bayes.fit_naive_bayes` for every parameter).

    Parameters (stored unchanged): ``alpha`` (smoothing, scikit-learn's default 1.0, not
    tuned), ``lexicons``, ``strip_quotes``, ``mask``, ``citations``, ``subjects`` (a tuple
    of phrases, e.g. the names of the oppositions), ``names`` (``"delete"`` or
    ``"token"``), ``documents`` (documents as classes instead of traditions), ``aggregate``
    (with documents as classes: ``"sum"`` or ``"max"``).

    Example:
        >>> texts = ["the proletariat and its fractions", "the anarchist federation of communes",
        ...          "the fractions of the proletariat", "communes federate freely, anarchists say"]
        >>> nb = TraditionNB().fit(texts, ["icc", "anarchist"] * 2, groups=["i", "a", "i", "a"])
        >>> nb.predict(["fractions of the proletariat"]).tolist()
        ['icc']
    """

    def __init__(self, *, alpha=1.0, lexicons=True, strip_quotes=True, mask="names",
                 citations="strip", subjects=(), names="delete", documents=False,
                 aggregate="sum"):
        self.alpha = alpha
        self.lexicons = lexicons
        self.strip_quotes = strip_quotes
        self.mask = mask
        self.citations = citations
        self.subjects = subjects
        self.names = names
        self.documents = documents
        self.aggregate = aggregate

    def fit(self, X, y, groups=None):
        """Fit on texts ``X`` with traditions ``y``; ``groups``: the document of each text.

        Example:
            >>> TraditionNB().fit(["a b", "c d"], ["x", "y"]).classes_.tolist()
            ['x', 'y']
        """
        y = as_labels(y, "TraditionNB")
        texts = as_texts(X, "TraditionNB")
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels")
        if groups is not None and len(groups) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but groups has {len(groups)} entries")
        self.model_ = fit_naive_bayes(
            texts, y, groups, alpha=self.alpha, lexicons=self.lexicons,
            strip_quotes=self.strip_quotes, mask=self.mask, citations=self.citations,
            subjects=tuple(self.subjects), names=self.names, documents=self.documents,
            aggregate=self.aggregate)
        self.classes_ = self.model_.classes
        return self

    def held_out_models(self, X, y, groups=None) -> HeldOutModels:
        """The texts prepared and counted once, from which the model this estimator would fit
        without any held-out texts is derived (:meth:`HeldOutModels.model
        <standpoint.tagger.held_out.HeldOutModels.model>`, equal to a refit's): how
        :class:`~standpoint.tagger.open_set.TraditionTagger` calibrates in linear time.

        Example:
            >>> hm = TraditionNB().held_out_models(["red flag", "black flag", "red star"],
            ...                                    ["x", "y", "x"], groups=["a", "b", "c"])
            >>> hm.model(np.array([True, False, False])).classes.tolist()
            ['x', 'y']
        """
        return held_out_models(
            as_texts(X, "TraditionNB"), as_labels(y, "TraditionNB"), groups, alpha=self.alpha,
            lexicons=self.lexicons, strip_quotes=self.strip_quotes, mask=self.mask,
            citations=self.citations, subjects=tuple(self.subjects), names=self.names,
            documents=self.documents, aggregate=self.aggregate)

    def fit_counted(self, counted: HeldOutModels):
        """Fit on the texts ``counted`` holds (:meth:`held_out_models`, with this estimator's
        parameters): the same model as :meth:`fit` on them, without preparing them again.

        Example:
            >>> texts, y = ["red flag", "black flag"], ["x", "y"]
            >>> nb = TraditionNB().fit_counted(TraditionNB().held_out_models(texts, y))
            >>> bool((nb.model_.feature_log_prob == TraditionNB().fit(texts, y).model_.feature_log_prob).all())
            True
        """
        self.model_ = counted.model(np.zeros(len(counted.y), dtype=bool))
        self.classes_ = self.model_.classes
        return self

    def scores(self, X) -> tuple[np.ndarray, np.ndarray]:
        """``(log scores (n, n_classes), familiarity (n,))`` (see
        :meth:`~standpoint.tagger.naive_bayes.NaiveBayesModel.scores`).

        Example:
            >>> nb = TraditionNB().fit(["red flag", "black flag"], ["x", "y"])
            >>> nb.scores(["red"])[0].shape
            (1, 2)
        """
        check_is_fitted(self, "model_")
        return self.model_.scores(as_texts(X, "TraditionNB"))

    def decision_function(self, X) -> np.ndarray:
        """The log score of each tradition (differences are log-likelihood ratios).

        Example:
            >>> nb = TraditionNB().fit(["red flag", "black flag"], ["x", "y"])
            >>> bool(np.diff(nb.decision_function(["black"])[0])[0] > 0)
            True
        """
        return self.scores(X)[0]

    def familiarity(self, X) -> np.ndarray:
        """The share of each text's words that occur in the training texts, five imaginary
        known words included (0: no word; see
        :data:`~standpoint.tagger.naive_bayes.FAMILIAR_PRIOR`).

        Example:
            >>> nb = TraditionNB().fit(["red flag", "black flag"], ["x", "y"])
            >>> nb.familiarity(["green", "red flag", "green tulips in the garden"]).round(2).tolist()
            [0.83, 1.0, 0.5]
        """
        return self.scores(X)[1]

    def predict_log_proba(self, X) -> np.ndarray:
        """Log of :meth:`predict_proba`, computed stably.

        Example:
            >>> nb = TraditionNB().fit(["red flag", "black flag"], ["x", "y"])
            >>> np.exp(nb.predict_log_proba(["red"])).sum().round(6)
            np.float64(1.0)
        """
        s = self.decision_function(X)
        s = s - s.max(axis=1, keepdims=True)
        return s - np.log(np.exp(s).sum(axis=1, keepdims=True))

    def predict_proba(self, X) -> np.ndarray:
        """Posterior of each tradition (columns in ``classes_`` order).

        Example:
            >>> TraditionNB().fit(["red flag", "black flag"], ["x", "y"]).predict_proba(["flag"]).tolist()
            [[0.5, 0.5]]
        """
        return softmax(self.decision_function(X))

    def predict(self, X) -> np.ndarray:
        """The best tradition of each text (always a class).

        Example:
            >>> TraditionNB().fit(["red flag", "black flag"], ["x", "y"]).predict(["red"]).tolist()
            ['x']
        """
        scores = self.decision_function(X)
        return self.classes_[np.argmax(scores, axis=1)]

    # ------------------------------------------------------------ reading the model ----
    def _contrast(self) -> tuple[np.ndarray, np.ndarray]:
        """``(terms, (n_classes, n_terms) weight of each term for each tradition relative to
        the other traditions)``: the tradition's mean over its documents minus the mean over
        all documents of the complement naive Bayes weights."""
        check_is_fitted(self, "model_")
        m = self.model_
        names = np.asarray(sorted(m.vocabulary, key=m.vocabulary.get), dtype=object)
        overall = m.feature_log_prob.mean(axis=0)
        weights = np.vstack([m.feature_log_prob[m.unit_class == k].mean(axis=0) - overall
                             for k in range(len(m.classes))])
        return names, weights

    def telling_terms(self, top: int = 12, *, words_only: bool = True) -> pd.DataFrame:
        """The terms that most favour each tradition over the others: the tradition's mean
        (over its classes) of the complement naive Bayes weights minus the mean over all
        classes (``words_only``: no placeholder or lexicon tokens). Columns: ``tradition, rank,
        term, weight``.

        Example:
            >>> nb = TraditionNB(lexicons=False).fit(["red flag", "black flag"], ["x", "y"])
            >>> nb.telling_terms(top=1)[["tradition", "term"]].values.tolist()
            [['x', 'red'], ['y', 'black']]
        """
        names, weights = self._contrast()
        keep = np.array([not (words_only and n.startswith("_")) for n in names], dtype=bool)
        rows = []
        for k, tradition in enumerate(self.classes_):
            idx = np.flatnonzero(keep & (weights[k] > 0))
            order = sorted(idx, key=lambda i: (-weights[k, i], names[i]))[:top]
            rows.extend((str(tradition), r + 1, str(names[i]), float(weights[k, i]))
                        for r, i in enumerate(order))
        return pd.DataFrame(rows, columns=["tradition", "rank", "term", "weight"])

    def explain(self, text: str, top: int = 10) -> pd.DataFrame:
        """The terms of ``text`` that pushed it towards each tradition: ``weight = count x the
        term's weight for the tradition`` (:meth:`telling_terms`' weights), the ``top`` largest
        positive ones per tradition. Columns: ``tradition, term, weight``.

        Example:
            >>> nb = TraditionNB(lexicons=False).fit(["red flag", "black flag"], ["x", "y"])
            >>> nb.explain("red flag", top=1)[["tradition", "term"]].values.tolist()
            [['x', 'red']]
        """
        if not isinstance(text, str):
            raise InputError(f"text: explain() takes one text (a string), got {kind(text)}")
        names, weights = self._contrast()
        m = self.model_
        rows_ = count_rows([terms(t, m.options["lexicons"]) for t in m.prepare([text])],
                           m.vocabulary)
        out = []
        for k, tradition in enumerate(self.classes_):
            w = rows_.data * weights[k, rows_.indices]
            order = sorted(range(len(w)), key=lambda i: (-w[i], names[rows_.indices[i]]))
            out.extend((str(tradition), str(names[rows_.indices[i]]), float(w[i]))
                       for i in order[:top] if w[i] > 0)
        return pd.DataFrame(out, columns=["tradition", "term", "weight"])
