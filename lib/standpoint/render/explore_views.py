"""The explorer's three views, each an HTML fragment for one selection (what the widgets show,
and what a notebook run without a kernel keeps):

- :func:`opposition_view`: an opposition and some traditions -> their comparison rows and the
  passages about it, mentions highlighted, voice marked, each with its citation;
- :func:`term_view`: a term -> its keyness by tradition and its lines in context;
- :func:`tagger_view`: a pasted passage -> the tagger's verdict and why.

A selection the data cannot answer (an unknown id, an empty term) is shown as an error line in
the fragment, never raised: a reader typing in a box should see what went wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from markupsafe import Markup

from standpoint.errors import StandpointError
from standpoint.explore import (
    CORPUS_SCOPE,
    EXPLANATION_COLUMNS,
    TAGGED_COLUMNS,
    ExploreData,
    explain_text,
    passages_about,
    tag_text,
    term_keyness,
    term_lines,
)
from standpoint.render.explore_html import comparison_html, passages_html, tagger_html, term_html
from standpoint.render.comparison import citation_text
from standpoint.render.html import environment

#: a passage written for the explorer's default view (not from the corpus)
EXAMPLE_PASSAGE = (
    "The opposition's defeat at the Tenth Congress was not simply a matter of Lenin's "
    "manoeuvres. The ban on factions expressed the isolation of the revolution: with the "
    "working class dispersed by civil war and famine, the party substituted itself for the "
    "class, and every attempt to restore proletarian democracy inside it was treated as a "
    "threat to the regime.")


def _view(view: str, selection: str, parts: list[str], *, note: str = "", error: str = "") -> str:
    return environment().get_template("explore_view.html.j2").render(
        view=view, selection=selection, parts=[Markup(p) for p in parts], note=note,
        error=error)


def opposition_view(data: ExploreData, opposition: str, traditions: Iterable[str] | None = None,
                    *, limit: int | None = 5, voices: Iterable[str] | None = None,
                    note: str = "") -> str:
    """The comparison rows of ``traditions`` (all for ``None``) on ``opposition``
    (:func:`~standpoint.render.explore_html.comparison_html`) and the passages about it
    (:func:`~standpoint.render.explore_html.passages_html`: ``limit`` per tradition, of ``voices``,
    all for ``None``); ``note`` is shown above (e.g. that this is a static view).

    Example:
        >>> from standpoint.explore import explore_data
        >>> data = explore_data()
        >>> html = opposition_view(data, "workers-group", ["icc"])
        >>> 'data-selection="workers-group"' in html and "<mark class=\\"this\\"" in html
        True
        >>> "unknown opposition" in opposition_view(data, "workers-grup")
        True
    """
    try:
        opposition = data.check_opposition(opposition)
        traditions = data.check_traditions(traditions)
        c = data.comparison(opposition)
        about = passages_about(data.inputs, opposition, traditions=traditions, voices=voices)
        n = len(about)
        title = (f"The passages about it: {n}, of every voice" if voices is None
                 else f"The passages about it: {n}, voice {', '.join(voices)}")
        parts = [comparison_html(c, traditions),
                 passages_html(about, opposition, names=data.tradition_names,
                               colours=data.colours, title=title, limit=limit)]
    except StandpointError as exc:
        return _view("opposition", str(opposition), [], note=note, error=str(exc))
    return _view("opposition", opposition, parts, note=note)


def term_view(data: ExploreData, term: str, scope: str = CORPUS_SCOPE, *,
              limit: int | None = 8, note: str = "") -> str:
    """``term``'s keyness by tradition in ``scope`` (:data:`~standpoint.explore.data.CORPUS_SCOPE`
    or an opposition id: the passages about it) and its lines in context, ``limit`` per
    tradition (:func:`~standpoint.render.explore_html.term_html`).

    Example:
        >>> from standpoint.explore import explore_data
        >>> html = term_view(explore_data(), "bureaucracy")
        >>> 'data-selection="bureaucracy"' in html and "<table class=\\"keyness\\">" in html
        True
    """
    try:
        selected, label = data.scope(scope)
        rows = term_keyness(selected, term, order=data.traditions)
        passages = data.passages if scope == CORPUS_SCOPE else data.passages[
            data.passages["passage_id"].isin(set(data.comparison(scope).topics["passage_id"]))]
        lines = term_lines(passages, term)
        citations = {pid: citation_text(c) for pid, c in
                     zip(*_citations(data, lines["passage_id"].unique()))}
        part = term_html(term, rows, lines, names=data.tradition_names, colours=data.colours,
                         scope=label, citations=citations, limit=limit)
    except StandpointError as exc:
        return _view("term", str(term), [], note=note, error=str(exc))
    return _view("term", term, [part], note=note)


def _citations(data: ExploreData, passage_ids) -> tuple[list[str], list]:
    from standpoint.comparison import cite

    ids = set(passage_ids)
    p = data.passages[data.passages["passage_id"].isin(ids)]
    documents = data.documents
    return (list(p["passage_id"]),
            [cite(pid, section, documents.get(doc, {}))
             for pid, section, doc in zip(p["passage_id"], p["section"], p["doc_id"])])


def tagger_view(data: ExploreData, text: str, *, top: int = 8, note: str = "") -> str:
    """The tagger's verdict on each passage of ``text``, its probabilities and the ``top``
    terms behind it (:func:`~standpoint.render.explore_html.tagger_html`); fits the tagger the
    first time (:meth:`~standpoint.explore.data.ExploreData.tagger`).

    Example:
        >>> from standpoint.explore import explore_data
        >>> "Paste a passage" in tagger_view(explore_data(), "   ")
        True
    """
    try:
        if isinstance(text, str) and not text.strip():  # nothing to tag: say what to do
            tagged = pd.DataFrame(columns=TAGGED_COLUMNS)
            part = tagger_html(tagged, pd.DataFrame(columns=EXPLANATION_COLUMNS),
                               names=data.tradition_names, colours=data.colours)
            return _view("tagger", "", [part], note=note)
        tagger = data.tagger()
        tagged = tag_text(tagger, text)
        threshold = getattr(tagger, "effective_threshold", None)
        part = tagger_html(tagged, explain_text(tagger, tagged, top=top),
                           names=data.tradition_names, colours=data.colours,
                           threshold=threshold() if callable(threshold) else None)
    except StandpointError as exc:
        return _view("tagger", "", [], note=note, error=str(exc))
    selection = ",".join(tagged["verdict"].astype(str))
    return _view("tagger", selection, [part], note=note)
