"""Shared evidence: the same source passage quoted in two documents, each cut its own way.

:func:`link_score` compares two quotations' words: both are lower-cased, quote marks, ellipses
and punctuation dropped, British and American spellings made one ("organisation" and
"organization"); the score is rapidfuzz's ``partial_ratio`` of the shorter against the best
window of the longer, over 100 (1.0: every word of the shorter is in the longer, in order).
A different cut (one quotes a sentence of the other's paragraph), an ellipsis, a variant
spelling or a few translated words lower it a little; unrelated quotations score near 0.5.

Scoring every pair (about 36,000 on the project's corpus) took 10-20 s, so
:func:`candidate_pairs` blocks first: a pair is scored only when at least
:data:`BLOCK_CONTAINMENT` of the shorter quotation's distinct words occur in the longer (a set
intersection, microseconds). A score of at least :data:`BLOCK_FLOOR` needs most of the shorter
quotation's characters in order in the longer, so most of its words: on the project's corpus every
pair scoring 0.72 or more has at least half of its words in the other (the links, 0.77 or more,
two thirds), and the blocked pairs and scores are exactly the exhaustive ones (a test runs both).
Below :data:`BLOCK_FLOOR` (``candidate_pairs(floor=0.6)``) every pair is scored, as before.

:func:`shared_quotations` links every pair of quotations from different documents scoring at
least :data:`LINK_THRESHOLD` (measured on hand-checked pairs, ``corpus/quotation_links.csv``,
see :func:`standpoint.quotations.evaluation.evaluate_links`), both at least
:data:`MIN_WORDS` words long and neither a title (:func:`standpoint.text.quotes.is_title`: "To
the Workers of the USSR" is found inside any quotation of the appeal). :func:`cuts` aligns the two cuts word by word (rapidfuzz's
``Indel.opcodes`` over the word sequences: a minimal alignment, where difflib's heuristic
may skip common words in long sequences) and marks the words only one of them quotes.
"""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from standpoint.text.quotes import is_title, normalise
from standpoint.text.tokens import word_spans

#: the least score of a link, chosen on the hand-checked pairs (see evaluate_links)
LINK_THRESHOLD = 0.77
#: quotations shorter than this (in words) are not linked (too little to tell)
MIN_WORDS = 6
#: blocking: a pair is scored only if this share of the shorter quotation's distinct words is in
#: the longer (see the module's docstring) ...
BLOCK_CONTAINMENT = 0.5
#: ... when the floor asked for is at least this (below it, every pair is scored)
BLOCK_FLOOR = 0.72
LINK_COLUMNS = [
    "link_id", "quote_a", "quote_b", "doc_a", "doc_b", "tradition_a", "tradition_b",
    "cross_tradition", "score", "speaker_a", "speaker_b", "shared_words", "only_a_words",
    "only_b_words", "segments_a", "segments_b",
]
_SPELLING = ((re.compile(r"iz(e|ed|es|ing|ation|ations)$"), r"is\1"),
             (re.compile(r"our$"), "or"), (re.compile(r"ours$"), "ors"))


def _norm(word: str) -> str:
    w = normalise(word).lower().replace("'", "")
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    return w


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` as ``(start, end, comparable form)``: the tokens of
    :func:`standpoint.text.tokens.word_spans` (hyphens join, a token with a digit is not a
    word), lower-cased, apostrophes dropped, British and American spellings made one.

    Example:
        >>> [w for _, _, w in words("The Workers’ organization... labour!")]
        ['the', 'workers', 'organisation', 'labor']
    """
    return [(a, b, _norm(text[a:b])) for a, b in word_spans(text, numbers="drop")]


def link_score(a: str, b: str) -> float:
    """How far the shorter quotation's words are found, in order, in the longer (0-1).

    Example:
        >>> link_score("we must retreat to the NEP now, comrades", "Comrades, we must retreat "
        ...            "to the N.E.P. now... or perish")
        0.87
        >>> link_score("the party decides", "the weather was fine")  < 0.6
        True
    """
    wa = " ".join(w for _, _, w in words(a))
    wb = " ".join(w for _, _, w in words(b))
    if not wa or not wb:
        return 0.0
    short, long = sorted((wa, wb), key=len)
    return round(fuzz.partial_ratio(short, long) / 100, 2)


def cuts(a: str, b: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Two cuts of one passage side by side: each text's segments ``(start, end, status)``,
    ``status`` ``shared`` (both quote these words) or ``only`` (this cut alone quotes them).

    Example:
        >>> a = "we must retreat to the NEP now"
        >>> b = "we must retreat ... now or perish"
        >>> seg_a, seg_b = cuts(a, b)
        >>> [(a[s:e], st) for s, e, st in seg_a]
        [('we must retreat', 'shared'), ('to the NEP', 'only'), ('now', 'shared')]
        >>> [(b[s:e], st) for s, e, st in seg_b]
        [('we must retreat ... now', 'shared'), ('or perish', 'only')]
    """
    wa, wb = words(a), words(b)
    status_a = ["only"] * len(wa)
    status_b = ["only"] * len(wb)
    for tag, a0, a1, b0, b1 in Indel.opcodes([w for *_, w in wa], [w for *_, w in wb]):
        if tag == "equal":
            status_a[a0:a1] = ["shared"] * (a1 - a0)
            status_b[b0:b1] = ["shared"] * (b1 - b0)
    return _segments(wa, status_a), _segments(wb, status_b)


def _segments(ws, status) -> list[tuple[int, int, str]]:
    out: list[list] = []
    for (s, e, _), st in zip(ws, status):
        if out and out[-1][2] == st:
            out[-1][1] = e
        else:
            out.append([s, e, st])
    return [tuple(x) for x in out]


def linkable(text: str) -> bool:
    """May this quotation be linked: at least :data:`MIN_WORDS` words and not a title?

    Example:
        >>> linkable('"it is impossible to decree communism."'), linkable('"To the Workers of the USSR"')
        (True, False)
    """
    return len(words(text)) >= MIN_WORDS and not is_title(text)


def candidate_pairs(ledger: pd.DataFrame, *, floor: float = 0.6,
                    exhaustive: bool = False) -> pd.DataFrame:
    """Every pair of quotations from different documents (each :func:`linkable`) with its
    :func:`link_score`, for pairs scoring at least ``floor``; columns ``quote_a, quote_b, score``
    (``quote_a`` first in ledger order). With ``floor`` at least :data:`BLOCK_FLOOR`, only the
    pairs passing the blocking (:func:`blocked`) are scored, unless ``exhaustive``.

    Example:
        >>> q = pd.DataFrame({"quote_id": ["a:q1", "b:q1", "b:q2"], "doc_id": ["a", "b", "b"],
        ...     "text": ["the party must purge itself of every careerist now",
        ...              "the party must purge itself of every careerist",
        ...              "nothing in common with the first one at all here"]})
        >>> candidate_pairs(q).values.tolist()
        [['a:q1', 'b:q1', 1.0]]
        >>> candidate_pairs(q, floor=0.77).equals(candidate_pairs(q, floor=0.77, exhaustive=True))
        True
    """
    rows = []
    seqs = [[w for _, _, w in words(t)] for t in ledger["text"]]
    texts = [" ".join(ws) for ws in seqs]
    # linkable(), on the words already found
    ok = [len(ws) >= MIN_WORDS and not is_title(t) for ws, t in zip(seqs, ledger["text"])]
    ids, docs = list(ledger["quote_id"]), list(ledger["doc_id"])
    block = floor >= BLOCK_FLOOR and not exhaustive
    vocab = [set(ws) for ws in seqs]
    for i in range(len(ids)):
        if not ok[i]:
            continue
        for j in range(i + 1, len(ids)):
            if docs[i] == docs[j] or not ok[j]:
                continue
            # the shorter first (the first of two of one length), as link_score
            s, t = (j, i) if len(texts[j]) < len(texts[i]) else (i, j)
            if block and not blocked(vocab[s], vocab[t]):
                continue
            short, long = texts[s], texts[t]
            # the cutoff is below the floor by half a point: scores are compared after rounding
            score = round(fuzz.partial_ratio(short, long, score_cutoff=floor * 100 - 0.5) / 100, 2)
            if score >= floor:
                rows.append((ids[i], ids[j], score))
    return pd.DataFrame(rows, columns=["quote_a", "quote_b", "score"])


def blocked(short: set[str], long: set[str]) -> bool:
    """Is a pair worth scoring: are at least :data:`BLOCK_CONTAINMENT` of the shorter
    quotation's distinct words (``short``) among the longer's (``long``)?

    Example:
        >>> blocked({"we", "must", "retreat", "now"}, {"we", "must", "retreat", "or", "perish"})
        True
        >>> blocked({"the", "weather", "was", "fine"}, {"the", "party", "decides"})
        False
    """
    return bool(short) and len(short & long) >= BLOCK_CONTAINMENT * len(short)


def shared_quotations(ledger: pd.DataFrame, *, threshold: float = LINK_THRESHOLD) -> pd.DataFrame:
    """The links between quotations of the same source passage in two documents (columns
    :data:`LINK_COLUMNS`; ``segments_a``/``segments_b`` from :func:`cuts`, ``only_a_words``:
    the words only the first quotes), best score first.

    Example:
        >>> from standpoint.quotations.ledger import quotations
        >>> links = shared_quotations(quotations())
        >>> bool((links["score"] >= LINK_THRESHOLD).all()), bool(links["cross_tradition"].any())
        (True, True)
    """
    pairs = candidate_pairs(ledger, floor=threshold)
    by_id = ledger.set_index("quote_id")
    rows = []
    for k, (qa, qb, score) in enumerate(pairs.sort_values(
            ["score", "quote_a", "quote_b"], ascending=[False, True, True]).itertuples(index=False)):
        a, b = by_id.loc[qa], by_id.loc[qb]
        seg_a, seg_b = cuts(a["text"], b["text"])
        count = (lambda segs, text, st: sum(len(words(text[s:e])) for s, e, x in segs if x == st))
        rows.append({
            "link_id": f"link-{k + 1:03d}", "quote_a": qa, "quote_b": qb,
            "doc_a": a["doc_id"], "doc_b": b["doc_id"], "tradition_a": a["tradition"],
            "tradition_b": b["tradition"], "cross_tradition": a["tradition"] != b["tradition"],
            "score": score, "speaker_a": a.get("speaker", ""), "speaker_b": b.get("speaker", ""),
            "shared_words": count(seg_a, a["text"], "shared"),
            "only_a_words": count(seg_a, a["text"], "only"),
            "only_b_words": count(seg_b, b["text"], "only"),
            "segments_a": seg_a, "segments_b": seg_b,
        })
    return pd.DataFrame(rows, columns=LINK_COLUMNS)
