"""The explorer's HTML fragments and tables (:mod:`standpoint.explore` computes, this module
formats): an opposition's comparison rows narrowed to some traditions, the passages about it
with the mentions highlighted and the voice marked, a term's keyness and lines in context, a
pasted text's verdicts. Each fragment comes from a template ``explore_*.html.j2``; every text
is escaped by the template engine.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from standpoint.comparison import Comparison
from standpoint.errors import InputError
from standpoint.explore import counted_term, runs, select_traditions
from standpoint.render.comparison import CELL_COLUMNS, cells, citation_text, records, to_html
from standpoint.render.html import environment
from standpoint.tagger import UNCERTAIN

def comparison_table(comparison: Comparison,
                     traditions: Iterable[str] | None = None) -> pd.DataFrame:
    """The comparison rows of ``traditions`` as the flat cells every table shows
    (:func:`standpoint.render.comparison.cells`; columns
    :data:`~standpoint.render.comparison.CELL_COLUMNS`).

    Example:
        >>> from standpoint.comparison import compare
        >>> table = comparison_table(compare("left-opposition"), ["trotskyist"])
        >>> table[["tradition", "verdict"]].values.tolist()
        [['trotskyist', 'endorses']]
    """
    return pd.DataFrame(cells(select_traditions(comparison, traditions)), columns=CELL_COLUMNS)


def comparison_records(comparison: Comparison,
                       traditions: Iterable[str] | None = None) -> list[dict]:
    """The comparison rows of ``traditions`` as typed objects
    (:func:`standpoint.render.comparison.records`, the contract of ``standpoint compare
    --format json``).

    Example:
        >>> from standpoint.comparison import compare
        >>> [r["passage_id"] for r in comparison_records(compare("left-opposition"), ["trotskyist"])]
        ['harman-revolution-lost:069']
    """
    return records(select_traditions(comparison, traditions))


def comparison_html(comparison: Comparison, traditions: Iterable[str] | None = None) -> str:
    """The comparison rows of ``traditions`` as the project's HTML table
    (:func:`standpoint.render.comparison.to_html`).

    Example:
        >>> from standpoint.comparison import compare
        >>> html = comparison_html(compare("left-opposition"), ["icc"])
        >>> "harman-revolution-lost:069" in html, html.count("<tr")
        (False, 2)
    """
    return to_html(select_traditions(comparison, traditions))


#: what a reader is told each voice means
VOICE_NOTES = {"author": "the author's own words", "quotation": "someone else's words, quoted",
               "note": "a footnote"}


def passage_cards(about: pd.DataFrame, opposition: str, *, limit: int | None = 5) -> list[dict]:
    """What :func:`passages_html` shows, per tradition: ``{"tradition", "shown", "hidden"}``,
    ``shown`` the first ``limit`` passages (all for ``None``) as dicts with ``runs`` (the text
    as :class:`~standpoint.explore.Run` objects), ``this`` (how many mentions are of
    ``opposition``), ``voice_note`` and ``citation`` (text), ``hidden`` how many are left out.

    Example:
        >>> from standpoint.explore import Mention
        >>> about = pd.DataFrame({"passage_id": ["d:001"], "doc_id": ["d"], "tradition": ["icc"],
        ...     "section": [""], "voice": ["author"], "score": [2.0], "evidence": ["name×1"],
        ...     "text": ["The Decists spoke."], "quoted_spans": [[]],
        ...     "mentions": [[Mention(4, 11, "democratic-centralists")]],
        ...     "section_mentions": [[]], "citation": [None]})
        >>> card = passage_cards(about, "democratic-centralists")[0]["shown"][0]
        >>> [r.text for r in card["runs"]], card["this"]
        (['The ', 'Decists', ' spoke.'], 1)
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InputError(f"limit: expected a number of passages (1 or more) or None, "
                         f"got {limit!r}")
    groups = []
    for tradition, rows in about.groupby("tradition", sort=False):
        shown = rows if limit is None else rows.head(limit)
        cards = []
        for r in shown.itertuples(index=False):
            cards.append({
                "passage_id": r.passage_id, "section": r.section, "voice": r.voice,
                "voice_note": VOICE_NOTES.get(r.voice, r.voice), "score": r.score,
                "evidence": r.evidence, "citation": citation_text(r.citation),
                "runs": runs(r.text, r.mentions, r.quoted_spans),
                "section_runs": runs(r.section, r.section_mentions),
                "this": sum(m.opposition == opposition for m in r.mentions),
                "quoted": bool(r.quoted_spans) and r.voice == "author"})
        groups.append({"tradition": tradition, "shown": cards, "hidden": len(rows) - len(shown)})
    return groups


def passages_html(about: pd.DataFrame, opposition: str, *, names: dict[str, str],
                  colours: dict[str, str], title: str = "", limit: int | None = 5) -> str:
    """The passages of :func:`standpoint.explore.passages_about` as an HTML fragment (``explore_passages.html.j2``):
    per tradition (its colour beside it), each passage with its voice, section, topic evidence
    and citation; the mentions of ``opposition`` highlighted (``<mark class="this">``), those of
    other groups underlined, quoted words in a quotation style; ``limit`` passages per
    tradition, with how many more there are. Every text is escaped by the template engine.

    Example:
        >>> from standpoint.comparison import shared_inputs
        >>> from standpoint.explore import passages_about
        >>> inputs = shared_inputs()
        >>> about = passages_about(inputs, "workers-truth", traditions=["icc"])
        >>> html = passages_html(about, "workers-truth", names={"icc": "ICC"},
        ...                      colours={"icc": "#d62728"})
        >>> '<mark class="this"' in html and "icc-fractions-1922-23:022" in html
        True
    """
    template = environment().get_template("explore_passages.html.j2")
    return template.render(groups=passage_cards(about, opposition, limit=limit), names=names,
                           colours=colours, title=title, opposition=opposition,
                           total=len(about))


def term_html(term: str, keyness_rows: pd.DataFrame, lines: pd.DataFrame, *,
              names: dict[str, str], colours: dict[str, str], scope: str = "",
              citations: dict[str, str] | None = None, limit: int | None = 8) -> str:
    """A term's keyness by tradition (:func:`standpoint.explore.term_keyness`) and its lines in context
    (:func:`standpoint.explore.term_lines`, ``limit`` per tradition, all for ``None``) as an HTML fragment
    (``explore_term.html.j2``); ``scope`` names the passages counted; ``citations``:
    ``passage_id -> citation text``, shown on each line. Every text is escaped by the template
    engine.

    Example:
        >>> from standpoint.explore import LINE_COLUMNS, TERM_COLUMNS
        >>> k = pd.DataFrame(columns=TERM_COLUMNS)
        >>> l = pd.DataFrame(columns=LINE_COLUMNS)
        >>> "not a term the statistics count" in term_html("of the", k, l, names={}, colours={})
        True
    """
    rows = []
    for r in keyness_rows.to_dict("records"):
        shown = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()}
        rows.append(shown)
    by_tradition = []
    for tradition, group in lines.groupby("tradition", sort=False):
        shown = group if limit is None else group.head(limit)
        by_tradition.append({"tradition": tradition, "lines": shown.to_dict("records"),
                             "hidden": len(group) - len(shown)})
    order = {t: k for k, t in enumerate(names)}
    by_tradition.sort(key=lambda g: order.get(g["tradition"], len(order)))
    template = environment().get_template("explore_term.html.j2")
    return template.render(term=term, counted=counted_term(term), rows=rows,
                           groups=by_tradition, names=names, colours=colours, scope=scope,
                           citations=citations or {}, n_lines=len(lines))


def tagger_html(tagged: pd.DataFrame, explanation: pd.DataFrame, *, names: dict[str, str],
                colours: dict[str, str], threshold: float | None = None) -> str:
    """The verdict on each passage of a pasted text, its probabilities by tradition and the
    terms behind it, as an HTML fragment (``explore_tagger.html.j2``). Every text is escaped by
    the template engine.

    Example:
        >>> from standpoint.explore import EXPLANATION_COLUMNS, TAGGED_COLUMNS
        >>> "Paste a passage" in tagger_html(pd.DataFrame(columns=TAGGED_COLUMNS),
        ...                                  pd.DataFrame(columns=EXPLANATION_COLUMNS),
        ...                                  names={}, colours={})
        True
    """
    probabilities = [c for c in tagged.columns if str(c).startswith("p_")]
    passages = []
    for r in tagged.to_dict("records"):
        terms = explanation[explanation["passage_id"] == r["passage_id"]]
        passages.append({
            **r, "uncertain": r["verdict"] == UNCERTAIN,
            "probabilities": sorted(((c[2:], float(r[c])) for c in probabilities),
                                    key=lambda kv: -kv[1]),
            "terms": terms[["term", "weight"]].to_dict("records")})
    template = environment().get_template("explore_tagger.html.j2")
    return template.render(passages=passages, names=names, colours=colours,
                           threshold=threshold, uncertain=UNCERTAIN)
