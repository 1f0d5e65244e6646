"""The former tagger: register-oriented TF-IDF features and a logistic regression (kept to
compare with: the ablation measures it in the open-set evaluation).

:class:`LinearTagger` is a scikit-learn classifier over *texts*. It rewrites each text into
a register-oriented token stream (:func:`~standpoint.tagger.preparation.prepare_text`),
weighs word uni- and bigrams and within-word character n-grams by TF-IDF, and fits a
multinomial logistic regression. :func:`standpoint.tagger.tagging.fit_corpus_tagger` trains it
on authorial passages only (``voice == "author"``): quoted Lenin is not the ICC's voice.

Each default was measured by :func:`standpoint.tagger.ablation.ablation` and kept only if it
helped there or was needed for an honest answer: authorial passages only; quoted spans as
one ``_quote_`` token; numbers, years and proper names masked; sublinear tf; each document
counting equally within its tradition and each tradition equally overall; logistic
regression (probabilistic, so ``uncertain`` means something) rather than LinearSVC; the
pooled register lexicons (:data:`~standpoint.tagger.lexicons.REGISTER_LEXICONS`); character
n-grams 2-4; references as tokens. Measured and *not* kept (the parameters remain, for the
ablation): references stripped or kept, a vocabulary of terms seen in two or more documents
(``min_docs=2``), LinearSVC with sigmoid calibration.

Those choices were measured on contiguous blocks and on a held-out ICC text, a criterion a
model that calls everything ICC maximises; measured on held-out documents with the false
attribution beside the recognition (:mod:`standpoint.tagger.evaluation`), this model named ICC
for most passages of traditions absent from training. It always names a tradition; wrapped in
:class:`~standpoint.tagger.open_set.TraditionTagger` it can say ``uncertain``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from standpoint.errors import InputError
from standpoint.tagger.char_ngrams import CharNgrams
from standpoint.tagger.conventions import TextInput, as_labels, as_texts
from standpoint.tagger.naive_bayes import balanced_weights
from standpoint.tagger.lexicons import register_tokens
from standpoint.tagger.preparation import kind, lowercase_lexicon, mask_names, prepare_text

#: predict_proba works through longer inputs this many texts at a time (each row's
#: features and probabilities depend on that text alone, so the result is the same; the
#: feature matrices of a large input are never all in memory at once)
PREDICT_CHUNK = 8192


class WordAnalyzer:
    """Word n-grams of a prepared text, plus (with ``lexicons``) its pooled lexicon tokens as
    unigrams: the lexicon tokens form no n-grams with each other or with the words.

    Example:
        >>> WordAnalyzer((1, 2), lexicons=True)("We read the book")
        ['we', 'read', 'the', 'book', 'we read', 'read the', 'the book', '_lex_we_', '_lex_scholarly_']
    """

    def __init__(self, ngram_range: tuple[int, int], lexicons: bool):
        self.ngram_range = ngram_range
        self.lexicons = lexicons
        self._words = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b\w+\b",
                                      ngram_range=ngram_range).build_analyzer()

    def __call__(self, text: str) -> list[str]:
        grams = self._words(text)
        if self.lexicons:
            grams.extend(register_tokens(text).split())
        return grams



def _columns(matrix, keep: np.ndarray):
    """``matrix[:, keep]``; ``matrix`` itself when ``keep`` is every column in order (the
    default ``min_docs=1``), which spares a copy of the whole feature block."""
    if keep.size == matrix.shape[1] and (keep.size == 0 or (keep[0] == 0 and keep[-1] == keep.size - 1)):
        return matrix
    return matrix[:, keep]


class LinearTagger(TextInput, ClassifierMixin, BaseEstimator):
    """Classify texts by tradition: register-oriented TF-IDF features and a linear model.

    Parameters (stored unchanged; the module docstring says why each default was chosen):
        word_ngrams: word n-gram range.
        char_ngrams: ``None`` or the range of within-word character n-grams (``char_wb``).
        sublinear_tf: use ``1 + log(tf)``.
        min_docs: keep only terms occurring in at least this many training *documents*
            (``groups`` in :meth:`fit`; without groups each text is its own document).
        strip_quotes: replace quoted spans by ``_quote_``.
        mask: ``"none"``, ``"numbers"`` or ``"names"`` (see :func:`prepare_text`).
        citations: references in the text: ``"strip"`` (removed), ``"tokens"``
            (``_cite_``/``_bibref_``/``_page_``) or ``"keep"`` (see :func:`prepare_text`).
        lexicons: add the pooled :data:`REGISTER_LEXICONS` tokens to the word features.
        model: ``"logreg"`` (multinomial LogisticRegression), ``"svc"`` (LinearSVC;
            ``predict_proba`` is a softmax of its decision values, *not* calibrated, kept for
            the ablation's baseline), or ``"svc-calibrated"`` (LinearSVC in
            CalibratedClassifierCV, sigmoid, 3 stratified folds).
        C: inverse regularisation strength of the linear model.
        balance: ``None``; ``"classes"`` (each tradition weighs the same in total); or
            ``"documents"`` (each document the same within its tradition, each tradition
            the same overall; needs ``groups``, else behaves as ``"classes"``).
        random_state: seed for the models that use one.

    Example:
        >>> texts = ["the proletariat and its fractions", "the anarchist federation of communes",
        ...          "the fractions of the proletariat", "communes federate freely, anarchists say"]
        >>> tagger = LinearTagger().fit(texts, ["icc", "anarchist"] * 2)
        >>> tagger.classes_.tolist()
        ['anarchist', 'icc']
        >>> tagger.predict(["fractions of the proletariat"]).tolist()
        ['icc']
    """

    def __init__(self, *, word_ngrams=(1, 2), char_ngrams=(2, 4), sublinear_tf=True,
                 min_docs=1, strip_quotes=True, mask="names", citations="tokens", lexicons=True,
                 model="logreg", C=1.0, balance="documents", random_state=0):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.sublinear_tf = sublinear_tf
        self.min_docs = min_docs
        self.strip_quotes = strip_quotes
        self.mask = mask
        self.citations = citations
        self.lexicons = lexicons
        self.model = model
        self.C = C
        self.balance = balance
        self.random_state = random_state

    # ------------------------------------------------------------------ features ----
    def _prepare(self, texts: list[str], *, fit: bool = False) -> list[str]:
        mask = "numbers" if self.mask == "names" else self.mask
        prepared = [prepare_text(t, strip_quotes=self.strip_quotes, mask=mask,
                                 citations=self.citations) for t in texts]
        if self.mask == "names":
            if fit:
                self.lexicon_ = lowercase_lexicon(prepared)
            prepared = [mask_names(t, self.lexicon_) for t in prepared]
        return prepared

    def _blocks(self) -> list[tuple[str, object]]:
        words = WordAnalyzer(tuple(self.word_ngrams), bool(self.lexicons))
        blocks: list[tuple[str, object]] = [("", TfidfVectorizer(
            analyzer=words, sublinear_tf=self.sublinear_tf, norm=None, dtype=np.float64))]
        if self.char_ngrams is not None:
            blocks.append(("char:", CharNgrams(tuple(self.char_ngrams), self.sublinear_tf)))
        return blocks

    def _features(self, prepared: list[str]):
        blocks = [normalize(_columns(vec.transform(prepared), keep))
                  for (prefix, vec), keep in zip(self.vectorizers_, self.keep_)]
        return sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0].tocsr()

    def transform_features(self, X):
        """The feature matrix the linear model sees (rows l2-normalised per block); column
        names in ``feature_names_``.

        Example:
            >>> t = LinearTagger().fit(["a b", "c d"], ["x", "y"])
            >>> t.transform_features(["a b"]).shape[0]
            1
        """
        check_is_fitted(self, "model_")
        return self._features(self._prepare(as_texts(X, "LinearTagger")))

    def make_classifier(self):
        """The unfitted scikit-learn classifier this tagger fits on its features (``model``,
        ``C``, ``random_state``).

        Example:
            >>> type(LinearTagger().make_classifier()).__name__
            'LogisticRegression'
        """
        if self.model == "logreg":
            from sklearn.linear_model import LogisticRegression

            # newton-cg: exact multinomial fit, deterministic, converges in a few
            # iterations on TF-IDF (much faster here than lbfgs on wide features)
            return LogisticRegression(C=self.C, solver="newton-cg", max_iter=1000,
                                      random_state=self.random_state)
        if self.model in ("svc", "svc-calibrated"):
            from sklearn.svm import LinearSVC

            svc = LinearSVC(C=self.C, random_state=self.random_state)
            if self.model == "svc":
                return svc
            from sklearn.calibration import CalibratedClassifierCV
            from sklearn.model_selection import StratifiedKFold

            return CalibratedClassifierCV(
                svc, method="sigmoid",
                cv=StratifiedKFold(3, shuffle=True, random_state=self.random_state))
        raise ValueError(f"model must be 'logreg', 'svc' or 'svc-calibrated', not {self.model!r}")

    # --------------------------------------------------------------- sklearn API ----
    def fit(self, X, y, groups=None):
        """Fit on texts ``X`` with tradition labels ``y``.

        ``groups`` (optional, one per text): the document each text comes from; used by
        the ``min_docs`` vocabulary filter and by ``balance="documents"``.

        Example:
            >>> t = LinearTagger().fit(["a b", "c d"], ["x", "y"])
            >>> t.classes_.tolist()
            ['x', 'y']
        """
        y = as_labels(y, "LinearTagger")
        texts = as_texts(X, "LinearTagger")
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels")
        g = None if groups is None else np.asarray(groups, dtype=object)
        if g is not None and len(g) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but groups has {len(g)} entries")
        self.classes_ = np.unique(y)
        prepared = self._prepare(texts, fit=True)
        group_ids = (np.unique(g.astype(str), return_inverse=True)[1] if g is not None
                     else np.arange(len(texts)))
        membership = sp.csr_matrix((np.ones(len(texts)), (group_ids, np.arange(len(texts)))))
        vectorizers, keeps, blocks, names = [], [], [], []
        for prefix, vec in self._blocks():
            counts = vec.fit_transform(prepared)
            if self.min_docs > 1:
                present = (counts > 0).astype(np.float64)
                n_docs = np.asarray(((membership @ present) > 0).sum(axis=0)).ravel()
                keep = np.flatnonzero(n_docs >= self.min_docs)
            else:
                keep = np.arange(counts.shape[1])
            if keep.size == 0:
                raise ValueError(f"no term occurs in min_docs={self.min_docs} documents")
            vectorizers.append((prefix, vec))
            keeps.append(keep)
            blocks.append(normalize(_columns(counts, keep)))
            names.extend(prefix + t for t in vec.get_feature_names_out()[keep])
        self.vectorizers_, self.keep_ = vectorizers, keeps
        self.feature_names_ = np.asarray(names, dtype=object)
        features = sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0].tocsr()
        self.model_ = self.make_classifier()
        self.model_.fit(features, y, sample_weight=balanced_weights(y, g, self.balance))
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities, shape ``(n, n_classes)``, columns in ``classes_`` order.

        Example:
            >>> t = LinearTagger().fit(["a b", "c d"], ["x", "y"])
            >>> t.predict_proba(["a b"]).shape
            (1, 2)
        """
        check_is_fitted(self, "model_")
        texts = as_texts(X, "LinearTagger")
        if len(texts) > PREDICT_CHUNK:  # rows are independent: the same numbers, less memory
            return np.vstack([self._proba(texts[i:i + PREDICT_CHUNK])
                              for i in range(0, len(texts), PREDICT_CHUNK)])
        return self._proba(texts)

    def _proba(self, texts: list[str]) -> np.ndarray:
        features = self._features(self._prepare(texts))
        if self.model == "svc":
            scores = self.model_.decision_function(features)
            if scores.ndim == 1:
                scores = np.column_stack([-scores, scores])
            e = np.exp(scores - scores.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        return self.model_.predict_proba(features)

    def predict(self, X) -> np.ndarray:
        """The most probable tradition for each text (sklearn-conventional: always a class;
        see :meth:`verdict` for the answer that may be ``"uncertain"``).

        Example:
            >>> t = LinearTagger().fit(["a b", "c d"], ["x", "y"])
            >>> t.predict(["c"]).tolist()
            ['y']
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    # ------------------------------------------------------------ beyond sklearn ----
    def coefficients(self) -> np.ndarray:
        """Coefficient matrix ``(n_classes, n_features)`` in ``classes_`` order (columns:
        ``feature_names_``).

        Example:
            >>> t = LinearTagger(char_ngrams=None).fit(["red flag", "black flag"], ["x", "y"])
            >>> t.coefficients().shape
            (2, 5)
        """
        check_is_fitted(self, "model_")
        if self.model == "svc-calibrated":
            coef = np.mean([c.estimator.coef_ for c in self.model_.calibrated_classifiers_],
                           axis=0)
        else:
            coef = self.model_.coef_
        if coef.shape[0] == 1:  # binary: one row, for classes_[1]
            coef = np.vstack([-coef[0], coef[0]])
        return coef

    def telling_terms(self, top: int = 12, *, words_only: bool = True) -> pd.DataFrame:
        """The features with the largest coefficients for each tradition: what the model
        has learnt to take as that tradition's voice.

        ``words_only`` leaves out character n-grams and placeholder tokens (``_name_`` ...),
        which are hard to read. Columns: ``tradition, rank, term, coefficient``.

        Example:
            >>> t = LinearTagger(char_ngrams=None).fit(["red flag", "black flag"], ["x", "y"])
            >>> t.telling_terms(top=1)[["tradition", "term"]].values.tolist()
            [['x', 'red'], ['y', 'black']]
        """
        coef = self.coefficients()
        names = self.feature_names_
        keep = np.ones(len(names), dtype=bool)
        if words_only:
            keep = np.array([not (n.startswith("char:") or "_" in n) for n in names])
        rows = []
        for k, tradition in enumerate(self.classes_):
            idx = np.flatnonzero(keep & (coef[k] > 0))
            order = sorted(idx, key=lambda i: (-coef[k, i], names[i]))[:top]
            rows.extend((str(tradition), r + 1, str(names[i]), float(coef[k, i]))
                        for r, i in enumerate(order))
        return pd.DataFrame(rows, columns=["tradition", "rank", "term", "coefficient"])

    def explain(self, text: str, top: int = 10) -> pd.DataFrame:
        """The terms that pushed ``text`` towards each tradition.

        For each tradition (``classes_`` order), the ``top`` terms with the largest positive
        ``weight = feature value in this text x the tradition's coefficient`` (feature value:
        the l2-normalised tf-idf); ties broken by term. Character n-grams are named
        ``char:<n-gram>``; ``_quote_``, ``_name_``, ``_year_``, ``_num_`` and ``_lex_*_`` are
        the placeholder and lexicon tokens of :func:`prepare_text` and
        :data:`REGISTER_LEXICONS`. Columns: ``tradition, term, weight``.

        Example:
            >>> t = LinearTagger(char_ngrams=None).fit(["red flag", "black flag"], ["x", "y"])
            >>> t.explain("red flag", top=1)[["tradition", "term"]].values.tolist()
            [['x', 'red']]
        """
        if not isinstance(text, str):
            raise InputError(f"text: explain() takes one text (a string), got {kind(text)}")
        x = self.transform_features([text]).tocsr()
        cols, vals = x.indices, x.data
        names = self.feature_names_[cols]
        coef = self.coefficients()
        rows = []
        for k, tradition in enumerate(self.classes_):
            weight = vals * coef[k, cols]
            order = sorted(range(len(cols)), key=lambda i: (-weight[i], names[i]))
            rows.extend((str(tradition), str(names[i]), float(weight[i]))
                        for i in order[:top] if weight[i] > 0)
        return pd.DataFrame(rows, columns=["tradition", "term", "weight"])
