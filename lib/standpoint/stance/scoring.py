"""Evaluative stance: how warmly or harshly each tradition speaks of each opposition.

A heuristic, not a reading. It counts the words of a hand-made lexicon of praise and blame
(``corpus/evaluative_lexicon.csv``, matched by :mod:`standpoint.stance.matching`) that the
*author* writes in the sentences about an opposition, and turns the counts into a label
comparable with the hand codes (``corpus/annotations.csv``): ``endorses`` (praise only),
``criticises`` (blame only), ``mixed`` (both), ``reports`` (none).

Whose words, about whom
-----------------------
- **The author's words only**: tokens in the passage's quoted spans (``quoted_spans``, the
  span-level voice of :mod:`standpoint.segment`) never count, nor negate; the tokens of any
  group's name never count ("Right Opposition" is a name, not a verdict).
- **Aimed at the right group**: a word counts for a group only in a sentence about it
  (:func:`target_sentences`): a sentence that names the group (or a member, resolved by
  topic attribution), or that names no group and follows a sentence about exactly that one
  group (the "they" of the next sentence). In a sentence that names several groups, a word
  counts for the group named nearest to it in its clause (all of them on a tie), so
  "unlike the Workers' Opposition, the Workers' Group was genuine" praises the Workers' Group.
  A sentence about no group at all ("Each opposition had clear limitations") speaks of the
  passage's subject: its words count for every group the passage is scored for. A sentence
  about another group never counts for this one. (Measured against the hand codes, counting
  these general sentences raised Cohen's kappa from 0.40 to 0.49; the two variants were the
  only ones tried.)

Limits: irony and judgements reported without quotation marks are scored as the author's;
much praise and blame is carried by content, not by evaluative words (those pairs come out
``reports``); the lexicon is tuned to these texts. :func:`~standpoint.stance.agreement`
measures the heuristic against the hand codes (Cohen's kappa and the confusion matrix).

:func:`passage_stance` returns one row per (passage, opposition):

===========  ===========================================================================
column       meaning
===========  ===========================================================================
passage_id   the passage
opposition   the opposition
tradition    the passage's tradition
positive     weighted count of positive hits (a ±2 word counts 2; a negated word 1)
negative     weighted count of negative hits
balance      ``(positive - negative) / (positive + negative)``; NaN when both are 0
words        the lexicon entries hit, sorted, deduplicated, ``'; '``-joined (``not x``)
label        ``endorses`` | ``criticises`` | ``mixed`` | ``reports`` (see ``lean``)
scope        ``sentences`` (the group is named in the text) or ``passage`` (heading or
             topic only)
===========  ===========================================================================

Every function returns new objects and never modifies its inputs.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from standpoint.corpus import load_lexicon
from standpoint.stance.matching import lexicon_index, score_tokens, token_range, tokenise
from standpoint.text.sentences import sentence_spans

LABELS = ("endorses", "criticises", "mixed", "reports")
STANCE_COLUMNS = ["passage_id", "opposition", "tradition", "positive", "negative",
                  "balance", "words", "label", "scope"]
TABLE_COLUMNS = ["tradition", "opposition", "passages", "evaluated", "positive", "negative",
                 "balance", "endorses", "criticises", "mixed", "reports", "top_words"]



def _label(positive: int, negative: int, lean: float) -> str:
    if positive == 0 and negative == 0:
        return "reports"
    balance = (positive - negative) / (positive + negative)
    if balance >= lean:
        return "endorses"
    if balance <= -lean:
        return "criticises"
    return "mixed"


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")




def target_sentences(sentences: list[tuple[int, int]],
                     named: list[set[str]]) -> list[set[str]]:
    """The groups each sentence is about: those it names (``named[i]``), or, for a sentence
    naming none, the single group of the sentence before it (a sentence about two groups, or
    none, passes nothing on). ``sentences`` only gives the count here.

    Example:
        >>> [sorted(g) for g in target_sentences([(0, 1)] * 4, [{"wo"}, set(), {"wo", "lo"}, set()])]
        [['wo'], ['wo'], ['lo', 'wo'], []]
    """
    out: list[set[str]] = []
    carried: set[str] = set()
    for i in range(len(sentences)):
        groups = set(named[i])
        if not groups and len(carried) == 1:
            groups = set(carried)
        out.append(groups)
        carried = groups
    return out


def _nearest_group(token_index: int, clause: int, mentions: list[tuple[int, int, str]]) -> set[str]:
    """The group(s) whose mention is nearest to the token, among the mentions of its clause
    (``(first token, clause, group)``); all of the sentence's groups if none is in the clause."""
    same = [(abs(first - token_index), group) for first, c, group in mentions if c == clause]
    if not same:
        return {group for _, _, group in mentions}
    best = min(d for d, _ in same)
    return {group for d, group in same if d == best}


def _pairs(scored: pd.DataFrame, mentions_df: pd.DataFrame, topics_df, min_topic_score: float):
    """(passage, opposition) -> scope, and the text mentions of each scored passage."""
    order = {pid: k for k, pid in enumerate(scored["passage_id"])}
    known = mentions_df["passage_id"].isin(order) & mentions_df["opposition"].notna() \
        & (mentions_df["opposition"].astype(str) != "")
    text_rows = mentions_df[known & (mentions_df["where"] == "text")]
    cited = (text_rows["in_citation"].fillna(False).astype(bool) if "in_citation" in text_rows
             else pd.Series(False, index=text_rows.index))
    pairs: dict[tuple[str, str], str] = {}
    found: dict[str, list[tuple[int, int, str, bool]]] = {}
    for pid, opp, matched, offset, is_cited in zip(
            text_rows["passage_id"], text_rows["opposition"], text_rows["matched"],
            text_rows["offset"], cited):
        if pd.isna(offset):
            continue
        found.setdefault(pid, []).append((int(offset), int(offset) + len(str(matched)), opp,
                                          bool(is_cited)))
        if not is_cited:
            pairs[(pid, opp)] = "sentences"
    extra = [mentions_df[known & (mentions_df["where"] == "section")][["passage_id", "opposition"]]]
    if topics_df is not None:
        t = topics_df[(topics_df["score"] > min_topic_score) & topics_df["passage_id"].isin(order)]
        if "is_topic" in t.columns:
            t = t[t["is_topic"].astype(bool)]
        extra.append(t[["passage_id", "opposition"]])
    for frame in extra:
        for pid, opp in zip(frame["passage_id"], frame["opposition"]):
            pairs.setdefault((pid, opp), "passage")
    return sorted(pairs.items(), key=lambda kv: (order[kv[0][0]], str(kv[0][1]))), found


def _passage_hits(text: str, spans, mentions, index) -> dict[str | None, list[tuple[str, int]]]:
    """The signed hits of one passage, by the group they are aimed at (``None``: a sentence
    about no group, counted only for heading-only pairs)."""
    tokens = tokenise(text, spans)
    names = [(a, b) for a, b, _, _ in mentions]
    sentences = sentence_spans(text)
    in_sentence: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    starts = [a for a, _ in sentences]
    for a, b, opp, cited in mentions:
        if cited:
            continue
        k = bisect.bisect_right(starts, a) - 1
        r = token_range(tokens, a, b)
        if k >= 0 and r is not None:
            in_sentence[k].append((r[0], tokens[r[0]].clause, opp))
    targets = target_sentences(sentences, [{g for _, _, g in m} for m in in_sentence])
    out: dict[str | None, list[tuple[str, int]]] = {}
    for position, word, weight in score_tokens(tokens, index, None, names, positions=True):
        k = bisect.bisect_right(starts, tokens[position].start) - 1
        if k < 0:
            continue
        if len(targets[k]) <= 1 or not in_sentence[k]:
            aimed = targets[k] or {None}
        else:
            aimed = _nearest_group(position, tokens[position].clause, in_sentence[k])
        for group in aimed:
            out.setdefault(group, []).append((word, weight))
    return out


def passage_stance(passages: pd.DataFrame, mentions_df: pd.DataFrame,
                   topics_df: pd.DataFrame | None = None, lexicon: pd.DataFrame | None = None,
                   *, voices=("author",), lean: float = 1.0,
                   min_topic_score: float = 0.0) -> pd.DataFrame:
    """Evaluative counts and a heuristic label per (passage, opposition) (see the module
    docstring for whose words count, and about whom).

    ``passages``: the passages frame (``passage_id``, ``tradition``, ``text``, ``voice``; and
    ``quoted_spans``, else found with :func:`~standpoint.text.quotes.quotation_spans`).
    ``mentions_df``: ``passage_id, opposition, matched, offset, where`` (``offset`` in the
    passage ``text`` for ``where == "text"``; ``section`` for heading matches; an optional
    ``in_citation``: a mention inside a reference aims nothing). ``topics_df`` (optional):
    ``passage_id, opposition, score``; rows with ``score > min_topic_score`` (and ``is_topic``
    when present) add pairs. ``lexicon``: default :func:`standpoint.corpus.load_lexicon`.
    ``voices``: passages scored (default authorial only). ``lean``: a pair with both kinds of
    hit is ``endorses``/``criticises`` only when ``|balance| >= lean`` (default 1.0: praise
    only / blame only; anything else ``mixed``). Rows in passage order, then opposition.

    Example:
        >>> P = pd.DataFrame({"passage_id": ["d:001"], "tradition": ["icc"], "voice": ["author"],
        ...                   "text": ["Unlike the Workers' Opposition, the Workers' Group was "
        ...                            "resolute."]})
        >>> M = pd.DataFrame({"passage_id": ["d:001", "d:001"], "opposition": ["wo", "wg"],
        ...                   "matched": ["Workers' Opposition", "Workers' Group"],
        ...                   "offset": [11, 36], "where": ["text", "text"]})
        >>> lex = pd.DataFrame({"word": ["resolute", "clear"], "polarity": [1, 1], "note": ["x"] * 2})
        >>> passage_stance(P, M, lexicon=lex)[["opposition", "positive", "words", "label"]]
          opposition  positive     words     label
        0         wg         1  resolute  endorses
        1         wo         0             reports
    """
    _require(passages, "passages", ["passage_id", "tradition", "text", "voice"])
    _require(mentions_df, "mentions", ["passage_id", "opposition", "matched", "offset", "where"])
    if topics_df is not None:
        _require(topics_df, "topics", ["passage_id", "opposition", "score"])
    lexicon = load_lexicon() if lexicon is None else lexicon
    _require(lexicon, "lexicon", ["word", "polarity"])
    index = lexicon_index(lexicon)
    scored = passages[passages["voice"].isin(list(voices))]
    pairs, found = _pairs(scored, mentions_df, topics_df, min_topic_score)
    info = scored.set_index("passage_id")
    has_spans = "quoted_spans" in info.columns
    cache: dict[str, dict] = {}
    rows = []
    for (pid, opp), scope in pairs:
        if pid not in cache:
            spans = info.at[pid, "quoted_spans"] if has_spans else None
            cache[pid] = _passage_hits(str(info.at[pid, "text"]), spans, found.get(pid, []), index)
        by_group = cache[pid]
        hits = by_group.get(opp, []) + by_group.get(None, [])
        positive = sum(w for _, w in hits if w > 0)
        negative = -sum(w for _, w in hits if w < 0)
        total = positive + negative
        rows.append({
            "passage_id": pid, "opposition": opp, "tradition": info.at[pid, "tradition"],
            "positive": positive, "negative": negative,
            "balance": (positive - negative) / total if total else np.nan,
            "words": "; ".join(sorted({w for w, _ in hits})),
            "label": _label(positive, negative, lean), "scope": scope,
        })
    frame = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    return frame.astype({"positive": "int64", "negative": "int64", "balance": "float64"})
