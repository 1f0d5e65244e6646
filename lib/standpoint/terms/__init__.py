"""Terms: what each tradition's prose is made of (term counts), what it stresses against the
others (keyness, TF-IDF), how close the traditions' vocabularies are (similarity), and every
occurrence of a term in context (KWIC)."""

from standpoint.terms.concordance import KWIC_COLUMNS, kwic, term_pattern
from standpoint.terms.contrast import (
    KEYNESS_COLUMNS,
    STOP_WORDS,
    TermCounts,
    adjust_pvalues,
    count_terms,
    group_order,
    keyness,
    log_likelihood,
    log_ratio,
    method_agreement,
    proper_names,
    tfidf_terms,
    tokenize,
)
from standpoint.terms.similarity import closest_pairs, profile_similarity

__all__ = ["KEYNESS_COLUMNS", "KWIC_COLUMNS", "STOP_WORDS", "TermCounts", "adjust_pvalues",
           "closest_pairs", "count_terms", "group_order", "keyness", "kwic", "log_likelihood",
           "log_ratio", "method_agreement", "profile_similarity", "proper_names", "term_pattern",
           "tfidf_terms", "tokenize"]
