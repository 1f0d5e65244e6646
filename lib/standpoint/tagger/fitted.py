"""A fitted tagger that tags with NumPy alone: the model's scores and the learnt abstention.

:class:`FittedTagger` is what :class:`standpoint.tagger.open_set.TraditionTagger` learns
(``fitted_``), and what :mod:`standpoint.tagger.store` writes to and reads from the cache, so
that ``standpoint tag`` answers a sentence without importing scikit-learn or refitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from standpoint.tagger.abstention import decide, softmax

#: columns of :meth:`FittedTagger.tag` after the probabilities
SCORE_COLUMNS = ("reason", "margin", "familiarity")


@dataclass
class FittedTagger:
    """Scores (``scorer.scores(texts) -> (log scores, familiarity)``, e.g. a
    :class:`~standpoint.tagger.naive_bayes.NaiveBayesModel`) and the learnt abstention.

    Attributes:
        classes: the traditions (the scorer's column order).
        bias, threshold, familiarity_threshold, temperature, reliability: see
            :func:`standpoint.tagger.abstention.learn_abstention`.
        params: the parameters it was fitted with (for the record).

    Example:
        >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
        >>> model = fit_naive_bayes(["red flag red", "black flag black"], ["a", "b"])
        >>> tagger = FittedTagger(model, model.classes, np.zeros(2), threshold=1.0,
        ...                       familiarity_threshold=0.9)
        >>> tagger.tag(["red red", "flag", "green tulips in the garden"])[["tradition", "reason"]].values.tolist()
        [['a', ''], ['uncertain', 'low_confidence'], ['uncertain', 'unfamiliar']]
    """

    scorer: object = field(repr=False)
    classes: np.ndarray
    bias: np.ndarray
    threshold: float
    familiarity_threshold: float
    temperature: float = 1.0
    reliability: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    @property
    def classes_(self) -> np.ndarray:
        """``classes`` under scikit-learn's name."""
        return self.classes

    def scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(log scores + bias, familiarity)`` of ``texts``.

        Example:
            >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
            >>> model = fit_naive_bayes(["red flag", "black flag"], ["a", "b"])
            >>> t = FittedTagger(model, model.classes, np.array([1.0, -1.0]), 0.0, 0.0)
            >>> float(t.scores(["flag"])[0][0, 0] - t.scores(["flag"])[0][0, 1])
            2.0
        """
        raw, familiarity = self.scorer.scores(list(texts))
        return raw + self.bias, familiarity

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """``softmax((scores + bias) / temperature)``, columns in ``classes`` order.

        Example:
            >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
            >>> model = fit_naive_bayes(["red flag", "black flag"], ["a", "b"])
            >>> FittedTagger(model, model.classes, np.zeros(2), 0.0, 0.0).predict_proba(["flag"]).tolist()
            [[0.5, 0.5]]
        """
        scores, _ = self.scores(texts)
        return softmax(scores / self.temperature)

    def tag(self, texts: list[str]):
        """One row per text: ``tradition`` (or ``uncertain``), ``p_<class>`` for each class,
        ``reason`` (``""``, ``low_confidence`` or ``unfamiliar``), ``margin`` (the log-score
        difference between the two best traditions) and ``familiarity``.

        Example:
            >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
            >>> model = fit_naive_bayes(["red flag", "black flag"], ["a", "b"])
            >>> t = FittedTagger(model, model.classes, np.zeros(2), 0.5, 0.0)
            >>> list(t.tag(["red"]).columns)
            ['tradition', 'p_a', 'p_b', 'reason', 'margin', 'familiarity']
        """
        import pandas as pd

        scores, familiarity = self.scores(texts)
        tradition, reason, margin = decide(scores, familiarity, self.classes,
                                           threshold=self.threshold,
                                           familiarity_threshold=self.familiarity_threshold)
        proba = softmax(scores / self.temperature) if len(scores) else scores
        out = pd.DataFrame({"tradition": tradition})
        for k, c in enumerate(self.classes):
            out[f"p_{c}"] = proba[:, k]
        out["reason"] = reason
        out["margin"] = margin
        out["familiarity"] = familiarity
        return out

    def verdict(self, texts: list[str]) -> np.ndarray:
        """The ``tradition`` column of :meth:`tag` as an object array.

        Example:
            >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
            >>> model = fit_naive_bayes(["red flag", "black flag"], ["a", "b"])
            >>> FittedTagger(model, model.classes, np.zeros(2), 9.0, 0.0).verdict(["red"]).tolist()
            ['uncertain']
        """
        return self.tag(texts)["tradition"].to_numpy()
