""":class:`TraditionTagger`: tag texts by tradition, or say ``uncertain``, with every setting of
the abstention learnt inside ``fit`` from held-out documents of the training data.

It wraps a classifier of texts (default :class:`~standpoint.tagger.tradition_nb.TraditionNB`)
the way scikit-learn's ``TunedThresholdClassifierCV`` wraps one: ``fit`` fits the classifier
on everything, then the models of the calibration folds of
:func:`~standpoint.tagger.abstention.calibration_folds` (each document of a tradition with
several, at most five folds per tradition; each whole tradition), and learns the rules from their held-out passages
(:func:`~standpoint.tagger.abstention.learn_abstention`). Nothing is set from outside, so
evaluation code imports the tagger and never the reverse; an evaluation that clones and fits
it per fold is nested by construction.

The fold models of a classifier with ``held_out_models`` (:class:`TraditionNB`) are derived
from its counts of the training texts, made once (:mod:`standpoint.tagger.held_out`): the
fit is linear in the corpus. Any other classifier (the baselines) is cloned and refitted on
every fold.
"""

from __future__ import annotations

import json

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

from standpoint.tagger.abstention import Calibration, calibration_folds, learn_abstention
from standpoint.tagger.conventions import TextInput, as_labels, as_texts
from standpoint.tagger.naive_bayes import NaiveBayesModel
from standpoint.tagger.tradition_nb import TraditionNB
from standpoint.tagger.fitted import FittedTagger

#: the default operating point: the share of passages of a tradition *absent* from training
#: that the calibration folds may still give a verdict. Chosen by a stated criterion on the
#: held-out-document evaluation (:func:`standpoint.tagger.evaluation.choose_operating_point`):
#: the best macro-F1 on held-out documents of known traditions among the settings whose
#: verdicts there are right at least 80% of the time (measured on the corpus: macro-F1 0.55,
#: precision 0.81, recognised 0.36; the false attribution on absent traditions at that point
#: is 0.13, above the issue's aim of 0.10: README)
TARGET_FALSE_ATTRIBUTION = 0.5
UNFAMILIAR_QUANTILE = 0.05


class _Scores:
    """``scores(texts)`` of any fitted classifier: its log-probabilities, and familiarity
    when it has one (``nan`` otherwise: never ``unfamiliar``)."""

    def __init__(self, estimator):
        self.estimator = estimator

    def scores(self, texts):
        e = self.estimator
        if hasattr(e, "scores"):
            return e.scores(texts)
        if hasattr(e, "predict_log_proba"):
            logp = e.predict_log_proba(texts)
        else:
            with np.errstate(divide="ignore"):
                logp = np.log(e.predict_proba(texts))
        return logp, np.full(len(logp), np.nan)


def _fit(estimator, texts, y, groups):
    if groups is not None and has_fit_parameter(estimator, "groups"):
        return estimator.fit(texts, y, groups=groups)
    return estimator.fit(texts, y)


class TraditionTagger(TextInput, MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Tag texts by tradition, or ``uncertain`` (``low_confidence`` or ``unfamiliar``).

    Parameters:
        estimator: a classifier of texts (``fit(X, y[, groups])``, ``classes_``, and
            ``scores`` or ``predict_log_proba`` / ``predict_proba``); default
            ``TraditionNB()``. It is cloned, never modified.
        target_false_attribution: the operating point: the smallest margin is learnt at which
            the calibration folds whose tradition is absent (all their verdicts are wrong)
            give a verdict to at most this share of passages, on average. Those folds train
            on one tradition fewer than the final model, whose false attribution on an absent
            tradition is therefore lower (README: measured on held-out documents).
        unfamiliar_quantile: the share of held-out passages of known traditions that the
            ``unfamiliar`` rule may flag (0: never ``unfamiliar``).
        neutralise: learn biases so that no tradition is the default answer.

    Fitted attributes: ``estimator_``, ``classes_``, ``calibration_``
    (:class:`~standpoint.tagger.abstention.Calibration`), ``bias_``, ``threshold_``,
    ``familiarity_threshold_``, ``temperature_``, ``reliability_`` and ``fitted_`` (the
    :class:`~standpoint.tagger.fitted.FittedTagger` that tags).

    Example:
        >>> texts = ["red flag and red star", "black flag and black cat", "green flag and green tree",
        ...          "the red star rises", "a black cat sleeps", "a green tree grows",
        ...          "red stars everywhere", "black cats at night", "green trees in spring"] * 2
        >>> y, docs = ["r", "b", "g"] * 6, ["r1", "b1", "g1"] * 3 + ["r2", "b2", "g2"] * 3
        >>> tagger = TraditionTagger(target_false_attribution=0.2).fit(texts, y, groups=docs)
        >>> tagger.tag(["the red star", "flag", "a recipe for soup"])[["tradition", "reason"]].values.tolist()
        [['r', ''], ['uncertain', 'low_confidence'], ['uncertain', 'unfamiliar']]
    """

    def __init__(self, estimator=None, *, target_false_attribution=TARGET_FALSE_ATTRIBUTION,
                 unfamiliar_quantile=UNFAMILIAR_QUANTILE, neutralise=True):
        self.estimator = estimator
        self.target_false_attribution = target_false_attribution
        self.unfamiliar_quantile = unfamiliar_quantile
        self.neutralise = neutralise

    def _base(self):
        return TraditionNB() if self.estimator is None else self.estimator

    def fit(self, X, y, groups=None):
        """Fit the classifier on ``X, y`` (``groups``: the document of each text; without
        them each tradition counts as one document) and learn the abstention from the
        calibration folds.

        Example:
            >>> t = TraditionTagger().fit(["a b", "c d"], ["x", "y"])
            >>> t.threshold_, t.reliability_["open_passages"]
            (0.0, 0)
        """
        y = as_labels(y)
        texts = as_texts(X)
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels")
        if groups is not None and len(groups) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but groups has {len(groups)} entries")
        g = np.asarray(groups if groups is not None else y, dtype=object)
        base = self._base()
        # a classifier that can derive its models from counts made once does so (TraditionNB:
        # the fit is linear in the corpus); any other is refitted on every fold
        counted = (clone(base).held_out_models(texts, y, groups)
                   if callable(getattr(base, "held_out_models", None)) else None)
        self.estimator_ = (clone(base).fit_counted(counted) if counted is not None
                           else _fit(clone(base), texts, y, groups))
        self.classes_ = np.asarray(self.estimator_.classes_)
        self.calibration_ = self._calibrate(base, texts, y, g, groups is not None, counted)
        learnt = learn_abstention(self.calibration_,
                                  target_false_attribution=self.target_false_attribution,
                                  unfamiliar_quantile=self.unfamiliar_quantile,
                                  neutralise=self.neutralise)
        self.bias_ = learnt["bias"]
        self.threshold_ = learnt["threshold"]
        self.familiarity_threshold_ = learnt["familiarity_threshold"]
        self.temperature_ = learnt["temperature"]
        self.reliability_ = learnt["reliability"]
        scorer = getattr(self.estimator_, "model_", None)
        params = json.loads(json.dumps(  # (as the cache's JSON gives them back)
            {k: v for k, v in self.get_params(deep=True).items() if k != "estimator"},
            default=lambda v: v if isinstance(v, str) else repr(v)))
        self.fitted_ = FittedTagger(
            scorer if isinstance(scorer, NaiveBayesModel) else _Scores(self.estimator_),
            self.classes_, self.bias_, self.threshold_, self.familiarity_threshold_,
            self.temperature_, dict(self.reliability_), params)
        return self

    def _calibrate(self, base, texts, y, g, grouped: bool, counted) -> Calibration:
        classes = self.classes_
        parts = {"fold": [], "kind": [], "truth": [], "scores": [], "familiarity": []}
        for name, kind, held in calibration_folds(y, g):
            train = np.flatnonzero(~held)
            test = np.flatnonzero(held)
            model = counted.model(held) if counted is not None else None
            derived = model is not None
            if model is None:
                model = _fit(clone(base), [texts[i] for i in train], y[train],
                             g[train] if grouped else None)
            scores, familiarity = (counted.scores(held, model) if derived else
                                   _Scores(model).scores([texts[i] for i in test]))
            full = np.full((len(test), len(classes)), -np.inf)
            model_classes = model.classes_ if hasattr(model, "classes_") else model.classes
            for k, c in enumerate(model_classes):
                full[:, int(np.searchsorted(classes, c))] = scores[:, k]
            parts["fold"].append(np.full(len(test), name, dtype=object))
            parts["kind"].append(np.full(len(test), kind, dtype=object))
            parts["truth"].append(y[test])
            parts["scores"].append(full)
            parts["familiarity"].append(np.asarray(familiarity, dtype=float))
        if not parts["fold"]:
            empty = np.zeros(0, dtype=object)
            return Calibration(classes, empty, empty, y[:0], np.zeros((0, len(classes))),
                               np.zeros(0))
        return Calibration(classes, *(np.concatenate(parts[k]) for k in
                                      ("fold", "kind", "truth", "scores", "familiarity")))

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities after the learnt biases and temperature (columns: ``classes_``).

        Example:
            >>> t = TraditionTagger().fit(["red flag", "black flag"], ["x", "y"])
            >>> t.predict_proba(["flag"]).round(2).tolist()
            [[0.5, 0.5]]
        """
        check_is_fitted(self, "fitted_")
        return self.fitted_.predict_proba(as_texts(X))

    def predict(self, X) -> np.ndarray:
        """The best tradition (always a class, as scikit-learn expects; :meth:`verdict` and
        :meth:`tag` may say ``uncertain``).

        Example:
            >>> TraditionTagger().fit(["red flag", "black flag"], ["x", "y"]).predict(["red"]).tolist()
            ['x']
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def tag(self, X):
        """One row per text: ``tradition`` (or ``uncertain``), ``p_<class>``..., ``reason``,
        ``margin``, ``familiarity`` (see :meth:`~standpoint.tagger.fitted.FittedTagger.tag`).

        Example:
            >>> t = TraditionTagger().fit(["red flag", "black flag"], ["x", "y"])
            >>> t.tag(["red"])["tradition"].tolist()
            ['x']
        """
        check_is_fitted(self, "fitted_")
        return self.fitted_.tag(as_texts(X))

    def verdict(self, X) -> np.ndarray:
        """The tradition of each text, or ``"uncertain"`` (an object array).

        Example:
            >>> t = TraditionTagger().fit(["red flag", "black flag"], ["x", "y"])
            >>> t.verdict(["red", "green"]).tolist()
            ['x', 'uncertain']
        """
        return self.tag(X)["tradition"].to_numpy()

    def explain(self, text: str, top: int = 10):
        """The fitted classifier's ``explain`` (the terms that pushed ``text`` towards each
        tradition).

        Example:
            >>> t = TraditionTagger(TraditionNB(lexicons=False)).fit(["red flag", "black flag"], ["x", "y"])
            >>> t.explain("red", 1)["term"].tolist()
            ['red']
        """
        check_is_fitted(self, "estimator_")
        return self.estimator_.explain(text, top)
