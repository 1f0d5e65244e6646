"""Exploring: choose an opposition and traditions and read what each says about it; follow a
term across the traditions; paste a passage and see which tradition's register it is in.

This package computes (typed rows: DataFrames with documented columns, dataclasses); the HTML
views and the ipywidgets controls around them are in :mod:`standpoint.render.explore_html`,
:mod:`standpoint.render.explore_views` and :mod:`standpoint.render.explore_widgets`, so that
``notebooks/00-explore.ipynb`` is a few calls.

- :mod:`~standpoint.explore.data`: what the explorer reads, computed once (:func:`explore_data`)
- :mod:`~standpoint.explore.marking`: a text cut into runs (mentions, quoted words)
- :mod:`~standpoint.explore.selection`: a comparison narrowed to the traditions chosen
- :mod:`~standpoint.explore.reading`: the passages about an opposition, with their mentions
- :mod:`~standpoint.explore.term_lookup`: one term's keyness by tradition and its lines
- :mod:`~standpoint.explore.tagging`: a pasted text tagged and explained
"""

from standpoint.explore.data import CORPUS_SCOPE, ExploreData, explore_data
from standpoint.explore.marking import Mention, Run, in_spans, runs
from standpoint.explore.reading import READING_COLUMNS, passages_about
from standpoint.explore.selection import select_traditions
from standpoint.explore.tagging import (
    EXPLANATION_COLUMNS,
    TAGGED_COLUMNS,
    explain_text,
    tag_text,
    tagger_verdicts,
)
from standpoint.explore.term_lookup import (
    LINE_COLUMNS,
    TERM_COLUMNS,
    counted_term,
    term_keyness,
    term_lines,
)

__all__ = [
    "CORPUS_SCOPE", "EXPLANATION_COLUMNS", "ExploreData", "LINE_COLUMNS", "Mention",
    "READING_COLUMNS", "Run", "TAGGED_COLUMNS", "TERM_COLUMNS", "counted_term", "explain_text",
    "explore_data", "in_spans", "passages_about", "runs", "select_traditions", "tag_text",
    "tagger_verdicts", "term_keyness", "term_lines",
]
