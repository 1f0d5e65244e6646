"""The models the tagger must beat, and the tagger itself, as factories for the evaluation.

Every candidate is a :class:`~standpoint.tagger.open_set.TraditionTagger` around a classifier,
so that each learns its abstention the same way, in the same folds, and false attribution
and recognition are compared at the same operating point:

``tfidf-logreg``
    ``make_pipeline(TfidfVectorizer(), LogisticRegression())``, scikit-learn's defaults on
    the raw text;
``counts-complementnb``
    ``make_pipeline(CountVectorizer(), ComplementNB())``, the same;
``previous``
    :class:`~standpoint.tagger.linear.LinearTagger`, the tagger before the open-set
    evaluation (word and character TF-IDF, logistic regression), for the ablation;
``tagger``
    the model kept: :class:`~standpoint.tagger.tradition_nb.TraditionNB` with the corpus's
    subjects deleted.
"""

from __future__ import annotations

from standpoint.tagger.tradition_nb import TraditionNB
from standpoint.tagger.linear import LinearTagger
from standpoint.tagger.open_set import TraditionTagger

BASELINES = ("tfidf-logreg", "counts-complementnb")
MODEL = "tagger"


def classifier(name: str, subjects: tuple[str, ...] = (), **params):
    """A fresh classifier of texts called ``name`` (see the module docstring); ``params`` go
    to :class:`TraditionNB` (``tagger``) or :class:`LinearTagger` (``previous``).

    Example:
        >>> type(classifier("counts-complementnb")).__name__
        'Pipeline'
        >>> classifier("tagger", subjects=("Workers' Opposition",)).subjects
        ("Workers' Opposition",)
    """
    if name == MODEL:
        return TraditionNB(**{"subjects": tuple(subjects), **params})
    if name == "previous":
        return LinearTagger(**params)
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import make_pipeline

    if name == "tfidf-logreg":
        return make_pipeline(TfidfVectorizer(), LogisticRegression())
    if name == "counts-complementnb":
        return make_pipeline(CountVectorizer(), ComplementNB())
    raise ValueError(f"unknown model {name!r}; known: {MODEL}, previous, {', '.join(BASELINES)}")


def candidate(name: str, subjects: tuple[str, ...] = (), *, tagger_params: dict | None = None,
              **params) -> TraditionTagger:
    """``TraditionTagger(classifier(name, subjects, **params), **tagger_params)``: a model of
    the evaluation with its abstention.

    Example:
        >>> candidate("tfidf-logreg", tagger_params={"target_false_attribution": 0.2}
        ...           ).target_false_attribution
        0.2
    """
    return TraditionTagger(classifier(name, subjects, **params), **(tagger_params or {}))
