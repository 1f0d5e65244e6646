"""The passages about one opposition, for reading: :func:`passages_about` selects them (topic
attribution, :func:`standpoint.topics.topics`) with their voice, quoted spans, every mention of
a group (:func:`standpoint.topics.mentions`) and their citation
(:func:`standpoint.comparison.cite`); :func:`standpoint.render.explore_html.passages_html`
shows them with the mentions highlighted and someone else's words marked.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from standpoint.comparison import CompareError, cite
from standpoint.explore.marking import Mention

#: the columns of :func:`passages_about`, in order
READING_COLUMNS = ["passage_id", "doc_id", "tradition", "section", "voice", "score", "evidence",
                   "text", "quoted_spans", "mentions", "section_mentions", "citation"]


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


