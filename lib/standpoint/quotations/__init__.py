"""Quotations: who quotes whom, and the same evidence cut differently by rival traditions.

The steps, one module each:

- :mod:`~standpoint.quotations.spans`: every quoted span of the passages (block quotations and
  runs of them, quotations inside authorial passages, partly quoted passages, footnotes)
- :mod:`~standpoint.quotations.speakers`: the registry's speakers found in a text
- :mod:`~standpoint.quotations.attribution`: whose words each span is (reference, lead-in)
- :mod:`~standpoint.quotations.ledger`: :func:`quotations`, the ledger (one row per quotation)
- :mod:`~standpoint.quotations.links`: :func:`shared_quotations`, the same source passage in
  two documents (pairs blocked before the fuzzy match), and :func:`cuts`, what each kept and
  left out
- :mod:`~standpoint.quotations.evaluation`: attribution and links against the hand labels
- :mod:`~standpoint.quotations.views`: :func:`quotes_table` (``standpoint quotes``),
  :func:`speaker_matrix`, :func:`sources_relied_on`, :func:`shared_for`
"""

from standpoint.quotations.attribution import FOUND_BY, UNKNOWN, attribute, lead_in_speaker, parse_reference
from standpoint.quotations.evaluation import (
    choose_threshold,
    evaluate_attribution,
    evaluate_links,
    link_table,
    match_labels,
    measure,
    read_labels,
)
from standpoint.quotations.ledger import QUOTATION_COLUMNS, ledger, quotations
from standpoint.quotations.links import (
    BLOCK_CONTAINMENT,
    BLOCK_FLOOR,
    LINK_COLUMNS,
    LINK_THRESHOLD,
    MIN_WORDS,
    blocked,
    candidate_pairs,
    cuts,
    link_score,
    shared_quotations,
    words,
)
from standpoint.quotations.spans import FORMS, SPAN_COLUMNS, block_end, quoted_spans, reference_at
from standpoint.quotations.speakers import Mention, SpeakerIndex, best
from standpoint.quotations.views import (
    QUOTES_COLUMNS,
    filter_quotes,
    quotes_table,
    shared_for,
    sources_relied_on,
    speaker_matrix,
)

__all__ = [
    "BLOCK_CONTAINMENT", "BLOCK_FLOOR", "blocked", "FOUND_BY", "FORMS", "LINK_COLUMNS", "LINK_THRESHOLD", "MIN_WORDS", "Mention",
    "QUOTATION_COLUMNS", "QUOTES_COLUMNS", "SPAN_COLUMNS", "SpeakerIndex", "UNKNOWN", "attribute",
    "best", "block_end", "candidate_pairs", "choose_threshold", "cuts", "evaluate_attribution",
    "evaluate_links", "filter_quotes", "lead_in_speaker", "ledger", "link_score", "link_table", "match_labels",
    "measure", "parse_reference", "quotations", "quoted_spans", "quotes_table", "read_labels",
    "reference_at", "shared_for", "shared_quotations", "sources_relied_on",
    "speaker_matrix", "words",
]
