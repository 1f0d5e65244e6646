"""Exploring: choose an opposition and traditions and read what each says about it; follow a
term across the traditions; paste a passage and see which tradition's register it is in.

The logic is pure functions of the pipeline's typed results, each returning a DataFrame or an
HTML fragment (from the templates ``explore_*.html.j2``, through
:func:`standpoint.render.html.environment`); the widgets are a thin layer on top
(:mod:`~standpoint.explore.widgets`), so that ``notebooks/00-explore.ipynb`` is a few calls.

- :mod:`~standpoint.explore.data`: what the explorer reads, computed once (:func:`explore_data`)
- :mod:`~standpoint.explore.marking`: a text cut into runs (mentions, quoted words)
- :mod:`~standpoint.explore.selection`: the comparison rows of the traditions chosen
- :mod:`~standpoint.explore.reading`: the passages about an opposition, marked up
- :mod:`~standpoint.explore.term_lookup`: one term's keyness by tradition and its lines
- :mod:`~standpoint.explore.tagging`: a pasted text tagged and explained
- :mod:`~standpoint.explore.views`: the three views, as HTML
- :mod:`~standpoint.explore.widgets`: the controls (ipywidgets) and the static view
"""

from standpoint.explore.data import CORPUS_SCOPE, ExploreData, explore_data
from standpoint.explore.marking import Mention, Run, runs
from standpoint.explore.reading import READING_COLUMNS, passages_about, passages_html
from standpoint.explore.selection import (
    comparison_html,
    comparison_records,
    comparison_table,
    select_traditions,
)
from standpoint.explore.tagging import (
    EXPLANATION_COLUMNS,
    TAGGED_COLUMNS,
    explain_text,
    tag_text,
    tagger_html,
)
from standpoint.explore.term_lookup import (
    LINE_COLUMNS,
    TERM_COLUMNS,
    counted_term,
    term_html,
    term_keyness,
    term_lines,
)
from standpoint.explore.views import EXAMPLE_PASSAGE, opposition_view, tagger_view, term_view
from standpoint.explore.widgets import (
    STATIC_NOTE,
    Explorer,
    interactive_frontend,
    opposition_explorer,
    tagger_explorer,
    term_explorer,
)

__all__ = [
    "CORPUS_SCOPE", "EXAMPLE_PASSAGE", "EXPLANATION_COLUMNS", "ExploreData", "Explorer",
    "LINE_COLUMNS", "Mention", "READING_COLUMNS", "Run", "STATIC_NOTE", "TAGGED_COLUMNS",
    "TERM_COLUMNS", "comparison_html", "comparison_records", "comparison_table", "counted_term",
    "explain_text", "explore_data", "interactive_frontend", "opposition_explorer",
    "opposition_view", "passages_about", "passages_html", "runs", "select_traditions",
    "tag_text", "tagger_explorer", "tagger_html", "tagger_view", "term_explorer", "term_html",
    "term_keyness", "term_lines", "term_view",
]
