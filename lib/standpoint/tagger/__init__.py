"""Tagging: which tradition's register a passage is written in, or ``uncertain``.

Modules, along the way a text goes (names are imported on first use, so that tagging with a
stored model never imports scikit-learn):

- :mod:`~standpoint.tagger.preparation`, :mod:`~standpoint.tagger.lexicons`,
  :mod:`~standpoint.tagger.features`: the token stream and the word counts the model reads;
- :mod:`~standpoint.tagger.naive_bayes`: the model, in NumPy (documents as classes of a
  Complement naive Bayes); :mod:`~standpoint.tagger.tradition_nb`: :class:`TraditionNB`, the
  same as a scikit-learn estimator;
- :mod:`~standpoint.tagger.abstention`: when to say ``uncertain``, and how it is learnt;
  :mod:`~standpoint.tagger.open_set`: :class:`TraditionTagger`, which learns it in ``fit``;
  :mod:`~standpoint.tagger.fitted`: :class:`FittedTagger`, what tags;
- :mod:`~standpoint.tagger.store`: the fitted model cached on the user's machine;
- :mod:`~standpoint.tagger.tagging`: fitting on a corpus's passages, tagging passages;
- :mod:`~standpoint.tagger.linear`, :mod:`~standpoint.tagger.char_ngrams`: the former tagger
  (TF-IDF and logistic regression), kept for comparison;
- :mod:`~standpoint.tagger.folds`, :mod:`~standpoint.tagger.baselines`,
  :mod:`~standpoint.tagger.evaluation`, :mod:`~standpoint.tagger.ablation`,
  :mod:`~standpoint.tagger.learning`, :mod:`~standpoint.tagger.text_report`: the evaluation
  (they import the tagger; the tagger never imports them).
"""

import importlib

_EXPORTS = {
    "TraditionNB": "standpoint.tagger.tradition_nb",
    "FittedTagger": "standpoint.tagger.fitted",
    "LinearTagger": "standpoint.tagger.linear",
    "REGISTER_LEXICONS": "standpoint.tagger.lexicons",
    "SKLEARN_EXPECTED_FAILED_CHECKS": "standpoint.tagger.conventions",
    "TAG_PIECE_CHARS": "standpoint.tagger.tagging",
    "TAG_PIECE_ROWS": "standpoint.tagger.tagging",
    "TARGET_FALSE_ATTRIBUTION": "standpoint.tagger.open_set",
    "TraditionTagger": "standpoint.tagger.open_set",
    "UNCERTAIN": "standpoint.tagger.abstention",
    "as_texts": "standpoint.tagger.conventions",
    "balanced_weights": "standpoint.tagger.naive_bayes",
    "corpus_subjects": "standpoint.tagger.tagging",
    "corpus_tagger": "standpoint.tagger.tagging",
    "fit_corpus_tagger": "standpoint.tagger.tagging",
    "fit_passages": "standpoint.tagger.tagging",
    "lowercase_lexicon": "standpoint.tagger.preparation",
    "make_tagger": "standpoint.tagger.tagging",
    "mask_names": "standpoint.tagger.preparation",
    "prepare_text": "standpoint.tagger.preparation",
    "register_tokens": "standpoint.tagger.lexicons",
    "subjects_of": "standpoint.tagger.tagging",
    "tag_in_pieces": "standpoint.tagger.tagging",
    "tag_passages": "standpoint.tagger.tagging",
    "training_frame": "standpoint.tagger.tagging",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'standpoint.tagger' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
