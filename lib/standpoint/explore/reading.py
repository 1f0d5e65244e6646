"""The passages about one opposition, for reading: :func:`passages_about` selects them (topic
attribution, :func:`standpoint.topics.topics`) with their voice, quoted spans, every mention of
a group (:func:`standpoint.topics.mentions`) and their citation
(:func:`standpoint.comparison.cite`); :func:`passages_html` shows them with the mentions
highlighted and someone else's words marked (template ``explore_passages.html.j2``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from standpoint.comparison import CompareError, cite
from standpoint.errors import InputError
from standpoint.explore.marking import Mention, runs
from standpoint.render.comparison import citation_text
from standpoint.render.html import environment

#: the columns of :func:`passages_about`, in order
READING_COLUMNS = ["passage_id", "doc_id", "tradition", "section", "voice", "score", "evidence",
                   "text", "quoted_spans", "mentions", "section_mentions", "citation"]
#: what a reader is told each voice means
VOICE_NOTES = {"author": "the author's own words", "quotation": "someone else's words, quoted",
               "note": "a footnote"}


def _is_topic(topics: pd.DataFrame) -> pd.DataFrame:
    return topics[topics["is_topic"].astype(bool)] if "is_topic" in topics.columns else topics


def passages_about(inputs: dict, opposition: str, *, traditions: Iterable[str] | None = None,
                   voices: Iterable[str] | None = None) -> pd.DataFrame:
    """The passages about ``opposition``, every voice (or those of ``voices``), of every
    tradition (or those of ``traditions``), in table order of the traditions then text order.

    ``inputs``: the dict of :func:`standpoint.comparison.shared_inputs` (``corpus``,
    ``passages``, ``topics``, ``mentions``, ``oppositions``). An unknown opposition is a
    :class:`~standpoint.comparison.CompareError` listing the valid ids.

    Columns (:data:`READING_COLUMNS`): the passage's ``passage_id, doc_id, tradition, section,
    voice``; topic attribution's ``score`` and ``evidence``; ``text`` and its
    ``quoted_spans``; ``mentions``, a list of :class:`~standpoint.explore.marking.Mention` of
    every group named in the text (offsets into ``text``; the selected group's and the others'),
    and ``section_mentions``, those in the section heading (offsets into ``section``);
    ``citation``, its :class:`~standpoint.comparison.Citation`.

    Example:
        >>> from standpoint.comparison import shared_inputs
        >>> about = passages_about(shared_inputs(), "workers-truth", traditions=["icc"])
        >>> about[["passage_id", "voice"]].values.tolist()
        [['icc-fractions-1922-23:022', 'author']]
        >>> m = about.loc[0, "mentions"][0]
        >>> about.loc[0, "text"][m.start:m.end], m.opposition
        ('Workers’ Truth', 'workers-truth')
    """
    oppositions = inputs["oppositions"]
    ids = list(oppositions["opposition"])
    if opposition not in ids:
        raise CompareError(f"unknown opposition {opposition!r} (valid: {', '.join(ids)})")
    corpus = inputs["corpus"]
    order = list(corpus.tradition_order)
    wanted = order if traditions is None else [t for t in order if t in set(traditions)]
    p = inputs["passages"].reset_index(drop=True)
    topics = _is_topic(inputs["topics"])
    topics = topics[topics["opposition"] == opposition][["passage_id", "score", "evidence"]]
    rows = p.assign(_position=range(len(p))).merge(topics, on="passage_id")
    rows = rows[rows["tradition"].isin(wanted)]
    if voices is not None:
        rows = rows[rows["voice"].isin(set(voices))]
    rows = rows.assign(_rank=rows["tradition"].map({t: k for k, t in enumerate(order)}))
    rows = rows.sort_values(["_rank", "_position"]).reset_index(drop=True)
    names = dict(zip(oppositions["opposition"], oppositions["name"]))
    documents = {r["doc_id"]: r for r in corpus.documents.to_dict("records")}
    mentions = inputs["mentions"]
    mentions = mentions[mentions["passage_id"].isin(set(rows["passage_id"]))
                        & (mentions["opposition"] != "")]
    found: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions.itertuples(index=False):
        label = names.get(m.opposition, m.opposition)
        if m.member:
            label += f" (member: {m.member})"
        if m.in_citation:
            label += ", in a reference"
        found.setdefault((m.passage_id, m.where), []).append(
            Mention(int(m.offset), int(m.offset) + len(m.matched), m.opposition, label))
    out = rows.assign(
        mentions=[found.get((pid, "text"), []) for pid in rows["passage_id"]],
        section_mentions=[found.get((pid, "section"), []) for pid in rows["passage_id"]],
        citation=[cite(pid, section, documents.get(doc, {})) for pid, section, doc
                  in zip(rows["passage_id"], rows["section"], rows["doc_id"])])
    return out[READING_COLUMNS]


def passage_cards(about: pd.DataFrame, opposition: str, *, limit: int | None = 5) -> list[dict]:
    """What :func:`passages_html` shows, per tradition: ``{"tradition", "shown", "hidden"}``,
    ``shown`` the first ``limit`` passages (all for ``None``) as dicts with ``runs`` (the text
    as :class:`~standpoint.explore.marking.Run` objects), ``this`` (how many mentions are of
    ``opposition``), ``voice_note`` and ``citation`` (text), ``hidden`` how many are left out.

    Example:
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
    """The passages of :func:`passages_about` as an HTML fragment (``explore_passages.html.j2``):
    per tradition (its colour beside it), each passage with its voice, section, topic evidence
    and citation; the mentions of ``opposition`` highlighted (``<mark class="this">``), those of
    other groups underlined, quoted words in a quotation style; ``limit`` passages per
    tradition, with how many more there are. Every text is escaped by the template engine.

    Example:
        >>> from standpoint.comparison import shared_inputs
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
