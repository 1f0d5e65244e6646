"""Terms: what each tradition's prose is made of and what it stresses.

The pipeline inside: :mod:`~standpoint.terms.vocabulary` (what counts as a term) ->
:mod:`~standpoint.terms.matrix` (the term matrix, counted once: :func:`term_matrix`) ->
statistics that read it: :mod:`~standpoint.terms.contrast` (keyness, TF-IDF, their agreement)
and :mod:`~standpoint.terms.similarity` (how close the traditions' vocabularies are);
:mod:`~standpoint.terms.concordance` shows every occurrence of a term in context (KWIC)."""

from standpoint.terms.concordance import KWIC_COLUMNS, kwic, term_pattern
from standpoint.terms.contrast import (
    KEYNESS_COLUMNS,
    adjust_pvalues,
    keyness,
    log_likelihood,
    log_ratio,
    method_agreement,
    tfidf_terms,
)
from standpoint.terms.matrix import (
    DEFAULT,
    TermMatrix,
    TermOptions,
    as_term_matrix,
    count_terms,
    group_order,
    term_matrix,
)
from standpoint.terms.similarity import closest_pairs, profile_similarity
from standpoint.terms.vocabulary import STOP_WORDS, proper_names, tokenize

#: the earlier name of :class:`TermMatrix`
TermCounts = TermMatrix

__all__ = ["DEFAULT", "KEYNESS_COLUMNS", "KWIC_COLUMNS", "STOP_WORDS", "TermCounts", "TermMatrix",
           "TermOptions", "adjust_pvalues", "as_term_matrix", "closest_pairs", "count_terms",
           "group_order", "keyness", "kwic", "log_likelihood", "log_ratio", "method_agreement",
           "profile_similarity", "proper_names", "term_matrix", "term_pattern", "tfidf_terms",
           "tokenize"]
