"""Tagging: a scikit-learn classifier that says which tradition's register a passage is
written in, or ``uncertain``, and its honest evaluation (:mod:`standpoint.tagger.evaluation`)."""

from standpoint.tagger.model import (
    UNCERTAIN,
    TraditionTagger,
    fit_corpus_tagger,
    fit_passages,
    prepare_text,
    tag_passages,
    training_frame,
)

__all__ = ["TraditionTagger", "UNCERTAIN", "fit_corpus_tagger", "fit_passages", "prepare_text",
           "tag_passages", "training_frame"]
