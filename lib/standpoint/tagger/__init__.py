"""Tagging: which tradition's register a passage is written in, or ``uncertain``.

Modules, along the way a text goes:

- :mod:`~standpoint.tagger.preparation`, :mod:`~standpoint.tagger.lexicons`,
  :mod:`~standpoint.tagger.char_ngrams`: the token stream and features the models read;
- :mod:`~standpoint.tagger.linear`: :class:`LinearTagger`, the classifier of texts;
- :mod:`~standpoint.tagger.abstention`: :class:`TraditionTagger`, which wraps it and learns
  when to say ``uncertain`` inside ``fit``;
- :mod:`~standpoint.tagger.tagging`: fitting on a corpus's passages, tagging passages;
- :mod:`~standpoint.tagger.folds`, :mod:`~standpoint.tagger.evaluation`,
  :mod:`~standpoint.tagger.ablation`, :mod:`~standpoint.tagger.text_report`: the honest
  evaluation (they import the tagger; the tagger never imports them).
"""

from standpoint.tagger.abstention import UNCERTAIN, TraditionTagger, choose_threshold, verdicts
from standpoint.tagger.conventions import SKLEARN_EXPECTED_FAILED_CHECKS, as_texts
from standpoint.tagger.lexicons import REGISTER_LEXICONS, register_tokens
from standpoint.tagger.linear import LinearTagger, balanced_weights
from standpoint.tagger.preparation import lowercase_lexicon, mask_names, prepare_text
from standpoint.tagger.tagging import (
    TAG_PIECE_CHARS,
    TAG_PIECE_ROWS,
    fit_corpus_tagger,
    fit_passages,
    make_tagger,
    tag_in_pieces,
    tag_passages,
    training_frame,
)

__all__ = [
    "LinearTagger", "REGISTER_LEXICONS", "SKLEARN_EXPECTED_FAILED_CHECKS", "TAG_PIECE_CHARS",
    "TAG_PIECE_ROWS", "TraditionTagger", "UNCERTAIN", "as_texts", "balanced_weights",
    "choose_threshold", "fit_corpus_tagger", "fit_passages", "lowercase_lexicon",
    "make_tagger", "mask_names", "prepare_text", "register_tokens", "tag_in_pieces",
    "tag_passages", "training_frame", "verdicts",
]
