"""A pasted text, tagged: which tradition's register each of its passages is written in
(:func:`tag_text`) and why (:func:`explain_text`, with
:meth:`standpoint.tagger.TraditionTagger.explain`); shown by
:func:`standpoint.render.explore_html.tagger_html`.

:func:`tagger_verdicts` is the explorer's one call into the tagger's fitting and tagging API
(:func:`standpoint.tagger.fit_corpus_tagger`, :func:`standpoint.tagger.tag_passages`): when
that API changes, only it changes.

The text is cut into passages as the corpus is (:func:`standpoint.segment.split_text`), so a
paragraph that is a quotation is marked as one: the tagger learnt the traditions' *own* words,
and its verdict on a quotation is about the quoted author's register. Only the tagger's public
names are used, and any further column it returns is carried along.
"""

from __future__ import annotations

import pandas as pd

from standpoint.errors import InputError
from standpoint.segment import split_text
from standpoint.tagger import UNCERTAIN, fit_corpus_tagger, tag_passages

#: the first columns of :func:`tag_text` (then the tagger's ``p_<tradition>`` columns and any
#: other column it returns)
TAGGED_COLUMNS = ["passage_id", "voice", "text", "verdict", "top_tradition", "top_probability"]
#: the columns of :func:`explain_text`
EXPLANATION_COLUMNS = ["passage_id", "tradition", "term", "weight"]


def tagger_verdicts(corpus, passages: pd.DataFrame, *, tagger=None) -> tuple[object, pd.DataFrame]:
    """``(tagger, verdicts)``: ``tagger`` (fitted on ``corpus`` by
    :func:`standpoint.tagger.fit_corpus_tagger` when ``None``) and its verdict on each passage
    of ``passages`` (:func:`standpoint.tagger.tag_passages`: ``id``, ``tradition``,
    ``p_<tradition>`` ..., and any further column it returns). The explorer's only call into
    the tagger's API.

    Example:
        >>> from standpoint.tagger import TraditionNB, TraditionTagger
        >>> t = TraditionTagger(TraditionNB(lexicons=False)).fit(["red flag", "black flag"], ["x", "y"])
        >>> same, v = tagger_verdicts(None, pd.DataFrame({"passage_id": ["p:1"], "text": ["red"]}), tagger=t)
        >>> same is t, v["id"].tolist()
        (True, ['p:1'])
    """
    if tagger is None:
        tagger = fit_corpus_tagger(corpus)
    return tagger, tag_passages(tagger, passages)


def tag_text(tagger, text: str) -> pd.DataFrame:
    """Each passage of ``text`` (:func:`standpoint.segment.split_text`, ids ``pasted:001`` ...)
    with the tagger's verdict.

    Columns: ``passage_id``, ``voice``, ``text``; ``verdict`` (a tradition, or ``uncertain``
    below the tagger's threshold); ``top_tradition`` and ``top_probability`` (the most probable
    tradition, even when the verdict is ``uncertain``); then the tagger's ``p_<tradition>``
    columns and whatever else the tagger returns (:func:`tagger_verdicts`). No passage (an
    empty or blank text): no row.

    Example:
        >>> from standpoint.tagger import TraditionNB, TraditionTagger
        >>> t = TraditionTagger(TraditionNB(lexicons=False)).fit(["red flag", "black flag"], ["x", "y"])
        >>> tagged = tag_text(t, "The red flag.")
        >>> tagged[["passage_id", "voice", "top_tradition"]].values.tolist()
        [['pasted:001', 'author', 'x']]
    """
    if not isinstance(text, str):
        raise InputError(f"text: expected the text to tag (a string), got {type(text).__name__}")
    passages = split_text(text, "pasted").reset_index(drop=True)
    if passages.empty:
        return pd.DataFrame(columns=TAGGED_COLUMNS)
    _, tagged = tagger_verdicts(None, passages, tagger=tagger)
    tagged = tagged.reset_index(drop=True)
    probabilities = [c for c in tagged.columns if str(c).startswith("p_")]
    top = tagged[probabilities].to_numpy(dtype=float)
    out = passages[["passage_id", "voice", "text"]].copy()
    out["verdict"] = tagged["tradition"].astype(str).to_numpy()
    out["top_tradition"] = [probabilities[i][2:] for i in top.argmax(axis=1)]
    out["top_probability"] = top.max(axis=1)
    skip = {"id", "passage_id", "voice", "text", "tradition", "top_probability"}
    for column in tagged.columns:
        if column not in skip and column not in out.columns:
            out[column] = tagged[column].to_numpy()
    return out


def explain_text(tagger, tagged: pd.DataFrame, *, top: int = 8) -> pd.DataFrame:
    """For each passage of :func:`tag_text`, the ``top`` terms that pushed it towards its
    most probable tradition (:meth:`~standpoint.tagger.TraditionTagger.explain`: feature value
    in the passage times the tradition's coefficient). Columns :data:`EXPLANATION_COLUMNS`.

    Example:
        >>> from standpoint.tagger import TraditionNB, TraditionTagger
        >>> t = TraditionTagger(TraditionNB(lexicons=False)).fit(["red flag", "black flag"], ["x", "y"])
        >>> explain_text(t, tag_text(t, "The red flag."), top=1)[["tradition", "term"]].values.tolist()
        [['x', 'red']]
    """
    frames = []
    for r in tagged.itertuples(index=False):
        e = tagger.explain(r.text, top=top)
        e = e[e["tradition"].astype(str) == r.top_tradition].head(top)
        frames.append(e.assign(passage_id=r.passage_id)[EXPLANATION_COLUMNS])
    if not frames:
        return pd.DataFrame(columns=EXPLANATION_COLUMNS)
    return pd.concat(frames, ignore_index=True)


