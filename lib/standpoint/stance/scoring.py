"""Evaluative stance: how warmly or harshly each tradition speaks of each opposition.

A heuristic, not a reading. It counts words from a hand-made lexicon of praise and blame
(``corpus/evaluative_lexicon.csv``) that the *author* uses near a mention of an opposition,
and turns the counts into a label comparable with the hand annotations
(``corpus/annotations.csv``, stance ∈ endorses | criticises | mixed | reports).

The lexicon
-----------
``corpus/evaluative_lexicon.csv`` has exactly the columns ``word,polarity,note``:

- ``word``: one word or a phrase ("real alternative", "lack of", "strong point"), matched
  case-insensitively on whole tokens; a hyphen is a token boundary, so "petty-bourgeois"
  and "petty bourgeois" are the same entry. The last token also matches its plural
  (``+s``, ``+es``, ``y -> ies``): "weakness" finds "weaknesses", "inconsistency" finds
  "inconsistencies". No other stemming: "correct" and "correctly" are separate entries.
- ``polarity``: ``+1``/``-1``; ``+2``/``-2`` for strong words whose only use in this
  register is a verdict ("prophetic", "backboneless", "fatal"). A ``±2`` word counts twice.
- ``note``: why the word is evaluative *in this register* (which tradition uses it, and
  how), so a reader can argue with each entry.

How it was built: by reading the five texts and collecting the words each tradition uses
when it judges an opposition — the ICC's "profound", "prophetic", "resolute", "imprecise",
"flawed", "lack of", "inability"; An Anarchist FAQ's "correct", "genuine", "limitations",
"authoritarian", "fake", "pale reflection"; Harman's "adhered most closely", "realistic",
"far from clear"; Gaido's hedged "strong point", "shortcomings", "glaring", "scant
attention" — then checking every candidate in context (authorial text outside quotation
marks) and dropping words that in these texts mostly describe something else:
"right" (the Right Opposition, the right *to* elect), "revolutionary", "proletarian",
"democratic" (descriptions, not verdicts), "real" alone (an intensifier).

Limits (read before trusting a number):

- **Target.** A word near a mention is taken as said *of* that opposition. In a sentence
  that compares two groups ("less resolute than those defended by the communist left"), or
  that judges Lenin or Stalin next to an opposition's name, the word is credited to every
  opposition mentioned within the window.
- **Irony and reported judgement.** "benevolent dictatorship", "the (correct) arguments",
  "dismissed ... as utopian" (by others): the lexicon cannot see irony, and an author
  reporting someone else's verdict without quotation marks is scored as the author's.
- **Negation** is a fixed list of negators in a short span before the word, within one
  clause (:data:`NEGATORS`, :func:`score_text`); scope errors remain ("nor was the group's
  position tainted with sectarianism" is too long a span to flip).
- **Register.** The lexicon is tuned to these five texts; on other prose it will miss
  words and mistake senses. Words are counted, not weighed by argument.
- **Recall.** Much praise and blame in these texts is carried by content, not by
  evaluative words ("the Workers' Group extended their call for workers' democracy");
  such pairs come out ``reports``. Against the hand annotations the labels agree
  moderately (Cohen's kappa about 0.4 when written; :func:`agreement` recomputes it, and
  ``tests/test_stance.py`` records the measured value). The lexicon was built from the
  texts, not tuned on the annotations, and the defaults (window 12, ``lean`` 1.0) were
  fixed before the agreement was measured.

Scoring
-------
For every authorial passage (``voice == "author"`` by default) and every opposition it
concerns:

- **window** scope: the opposition is mentioned in the text (``mentions`` rows with
  ``where == "text"``). Only lexicon words within ``window`` tokens (default
  :data:`DEFAULT_WINDOW` = 12, about a clause either side: a verdict in these texts sits
  in the sentence that names the group) either side of a mention count — the union of
  the windows of all its mentions in the passage; a multi-word entry must lie wholly
  inside;
- **passage** scope: the opposition comes only from the heading (``where == "section"``
  mention rows, or ``topics`` rows, with no mention in the text). Then the *whole
  passage* is scored — the section heading says what the paragraph is about.

In both scopes: tokens inside quotation marks (:func:`standpoint.text.quotes.quote_spans`) are
someone else's words and never count, nor negate; the tokens of any opposition's name
(the mention spans) never count ("Right Opposition" is a name, not a verdict).

Negation: a negator (:data:`NEGATORS`: "not", "no", "never", "nothing", "hardly", "far
from", "by no means", "less", "n't", ...) with at most :data:`NEGATION_GAP` (3) tokens
between it and the word, in the same clause (no ``, ; : . ! ? ( ) —`` between), flips
the word's sign: "by no means be dismissed as morbid", "there was nothing morbid", "less
resolute". A flipped word weighs 1 whatever its strength ("nothing morbid" is a defence,
not strong praise) and is written ``not <word>``. Two negators cancel ("not devoid of
weaknesses"). "not only", "not least", "no doubt", "nothing but" ... are not negators.
:data:`SHIFTERS` ("lack of", "inability to", "failed to", "unable to" ...) are negators
that are also criticisms: "lack of clarity" counts once, as ``not clarity``; "failed to
understand" counts as ``failed``.

Outputs
-------
:func:`passage_stance` — one row per (passage, opposition):

===========  ===========================================================================
column       meaning
===========  ===========================================================================
passage_id   the passage
opposition   the opposition
tradition    the passage's tradition
positive     weighted count of positive hits (a ±2 word counts 2; a negated word 1)
negative     weighted count of negative hits
balance      ``(positive - negative) / (positive + negative)``; NaN when both are 0
words        the lexicon entries hit (the entry, not the inflected form: "weakness" for
             "weaknesses"), sorted, deduplicated, ``'; '``-joined; negated as ``not x``
label        ``endorses`` (positive only), ``criticises`` (negative only), ``mixed``
             (both), ``reports`` (none); see ``lean`` for a balance-threshold variant
scope        ``window`` or ``passage`` (heading-only topic: whole passage scored)
===========  ===========================================================================

:func:`stance_table` aggregates it by tradition × opposition; :func:`agreement` compares
its labels with the hand annotations (Cohen's kappa).

Every function returns new objects and never modifies its inputs.
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from standpoint.corpus import load_lexicon
from standpoint.text.quotes import quote_spans
from standpoint.text.tokens import WORD as _TOKEN
from standpoint.text.tokens import words as tokens_of

LABELS = ("endorses", "criticises", "mixed", "reports")
STANCE_COLUMNS = ["passage_id", "opposition", "tradition", "positive", "negative",
                  "balance", "words", "label", "scope"]
TABLE_COLUMNS = ["tradition", "opposition", "passages", "evaluated", "positive", "negative",
                 "balance", "endorses", "criticises", "mixed", "reports", "top_words"]
DEFAULT_WINDOW = 12
NEGATION_GAP = 3

#: Negators (token sequences). Any token ending in "n't" is a negator as well.
NEGATORS: tuple[tuple[str, ...], ...] = (
    ("by", "no", "means"), ("in", "no", "way"), ("far", "from"), ("not",), ("no",),
    ("never",), ("nothing",), ("none",), ("neither",), ("nor",), ("hardly",),
    ("scarcely",), ("cannot",), ("without",), ("less",), ("devoid", "of"),
)
#: Shifters: negators that are also evaluative words of the lexicon ("lack of clarity",
#: "unable to contribute much of lasting value"). A shifter that flips a following word
#: is not counted itself (the pair is one criticism, written "not clarity"); a shifter
#: followed by no evaluative word counts as its own lexicon entry ("failed to understand").
SHIFTERS: tuple[tuple[str, ...], ...] = (
    ("lack", "of"), ("lacked",), ("lacking",), ("absence", "of"), ("inability", "to"),
    ("incapacity", "to"), ("unable", "to"), ("failed", "to"), ("failure", "to"),
)
#: Sequences that start like a negator but do not negate what follows.
NOT_NEGATORS: tuple[tuple[str, ...], ...] = (
    ("not", "only"), ("not", "just"), ("not", "least"), ("no", "doubt"), ("no", "less"),
    ("nothing", "but"), ("without", "doubt"), ("no", "wonder"),
)
#: Idioms whose tokens never count as evaluation ("not to be confused with").
STOP_PHRASES: tuple[tuple[str, ...], ...] = (("be", "confused", "with"),)

_BOUNDARY = re.compile(r"[,;:.!?()\[\]—–]|--")


# ------------------------------------------------------------------- lexicon ----


def _forms(token: str) -> set[str]:
    forms = {token, token + "s", token + "es"}
    if token.endswith("y") and len(token) > 2:
        forms.add(token[:-1] + "ies")
    return forms


@dataclass(frozen=True)
class _Entry:
    word: str
    head: tuple[str, ...]   # all tokens but the last, exact
    last: frozenset[str]    # accepted forms of the last token
    polarity: int


def _entries(lexicon: pd.DataFrame) -> dict[str, list[_Entry]]:
    """Lexicon entries indexed by their first token (any form), longest entries first."""
    index: dict[str, list[_Entry]] = {}
    for word, polarity in zip(lexicon["word"], lexicon["polarity"]):
        toks = tuple(tokens_of(str(word)))
        if not toks:
            continue
        entry = _Entry(" ".join(toks), toks[:-1], frozenset(_forms(toks[-1])), int(polarity))
        firsts = entry.last if len(toks) == 1 else {toks[0]}
        for first in firsts:
            index.setdefault(first, []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda e: (-(len(e.head) + 1), e.word))
    return index


# ------------------------------------------------------------------- scoring ----

@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    clause: int
    quoted: bool


def _tokenise(text: str) -> list[_Token]:
    spans = quote_spans(text)  # sorted, non-overlapping
    bounds = [m.start() for m in _BOUNDARY.finditer(text)]
    out, b, q, clause = [], 0, 0, 0
    for m in _TOKEN.finditer(text):
        while b < len(bounds) and bounds[b] < m.start():
            clause += 1
            b += 1
        while q < len(spans) and spans[q][1] <= m.start():
            q += 1
        quoted = q < len(spans) and spans[q][0] <= m.start()
        out.append(_Token(m.group().lower().replace("’", "'"), m.start(), m.end(), clause, quoted))
    return out


def _by_first(*groups) -> MappingProxyType:
    index: dict[str, list[tuple[str, ...]]] = {}
    for seq in (s for g in groups for s in g):
        index.setdefault(seq[0], []).append(seq)
    return MappingProxyType({k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()})


_NEGATOR_INDEX = _by_first(NEGATORS, SHIFTERS)
_NOT_NEGATOR_INDEX = _by_first(NOT_NEGATORS)
_STOP_INDEX = _by_first(STOP_PHRASES)


def _seq_at(words: list[str], i: int, index: MappingProxyType):
    """The longest sequence of ``index`` starting at ``words[i]``, or None."""
    return next((q for q in index.get(words[i], ()) if tuple(words[i:i + len(q)]) == q), None)


def _negators(tokens: list[_Token]) -> dict[int, tuple[int, bool]]:
    """Unquoted negators, one clause each: ``index of last token -> (first token, shifter?)``."""
    words = [t.text for t in tokens]
    found: dict[int, tuple[int, bool]] = {}
    i = 0
    while i < len(tokens):
        if tokens[i].quoted:
            i += 1
            continue
        if _seq_at(words, i, _NOT_NEGATOR_INDEX):
            i += 2
            continue
        seq = _seq_at(words, i, _NEGATOR_INDEX)
        if seq is None and words[i].endswith("n't"):
            seq = (words[i],)
        span = tokens[i:i + len(seq)] if seq else []
        if seq and len({t.clause for t in span}) == 1 and not any(t.quoted for t in span):
            found[i + len(seq) - 1] = (i, seq in SHIFTERS)
            i += len(seq)
        else:
            i += 1
    return found


def _hits(tokens: list[_Token], index: dict[str, list[_Entry]], allowed: list[bool]):
    """Lexicon matches ``(first, stop, entry)`` on allowed tokens of one clause, leftmost-longest."""
    words = [t.text for t in tokens]
    out, i = [], 0
    while i < len(tokens):
        found = None
        if allowed[i]:
            for e in index.get(words[i], ()):
                j = i + len(e.head) + 1
                if (j <= len(tokens) and tuple(words[i:j - 1]) == e.head
                        and words[j - 1] in e.last and all(allowed[i:j])
                        and len({t.clause for t in tokens[i:j]}) == 1):
                    found = (i, j, e)
                    break
        if found:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out


def _allowed(tokens: list[_Token], exclude) -> list[bool]:
    """Tokens that may count: not quoted, not in an excluded character span, not in an idiom."""
    # a token is excluded if a span starting before its end reaches past its start: the spans
    # sorted once, with the running maximum of their ends (not every span for every token)
    ordered = sorted(exclude)
    starts = [a for a, _ in ordered]
    reach: list = []
    for _, z in ordered:
        reach.append(z if not reach or z > reach[-1] else reach[-1])
    ok = []
    for t in tokens:
        k = bisect.bisect_left(starts, t.end)  # the spans with a < t.end
        ok.append(not t.quoted and not (k and reach[k - 1] > t.start))
    words = [t.text for t in tokens]
    for i in range(len(tokens)):
        seq = _seq_at(words, i, _STOP_INDEX)
        if seq:
            for k in range(i, i + len(seq)):
                ok[k] = False
    return ok


def _score(tokens: list[_Token], index, windows, exclude) -> list[tuple[str, int]]:
    """Signed hits ``(word, weight)`` in text order (see :func:`score_text`)."""
    allowed = _allowed(tokens, exclude)
    if windows is not None:
        inside = [False] * len(tokens)
        for lo, hi in windows:
            for k in range(max(0, lo), min(len(tokens), hi + 1)):
                inside[k] = True
        allowed = [a and w for a, w in zip(allowed, inside)]
    negators = _negators(tokens)
    hits = _hits(tokens, index, allowed)
    flipped, consumed = set(), set()
    for i, _, _ in hits:
        clause = tokens[i].clause
        near = [end for end in range(max(0, i - NEGATION_GAP - 1), i)
                if end in negators and tokens[end].clause == clause]
        if len(near) % 2 == 1:
            flipped.add(i)
            first, shifter = negators[near[-1]]
            if shifter:
                consumed.add(first)
    out = []
    for i, _, entry in hits:
        if i in consumed:
            continue
        if i in flipped:
            out.append(("not " + entry.word, -1 if entry.polarity > 0 else 1))
        else:
            out.append((entry.word, entry.polarity))
    return out


def score_text(text: str, lexicon: pd.DataFrame, exclude=()) -> list[tuple[str, int]]:
    """The author's evaluative hits in the whole of ``text``, as ``(word, weight)`` pairs.

    ``weight`` is the signed lexicon polarity, or ±1 (sign flipped) for a negated word,
    written ``not <word>``. Quoted tokens neither count nor negate. ``exclude``: character
    spans ``(start, end)`` whose tokens never count (opposition names).

    Example:
        >>> lex = pd.DataFrame({"word": ["morbid", "correct", "lack of", "clarity"],
        ...                     "polarity": [-2, 1, -1, 1], "note": ["n"] * 4})
        >>> score_text("There was nothing morbid in it, and it was correct.", lex)
        [('not morbid', 1), ('correct', 1)]
        >>> score_text('They called it "morbid" but it was not correct.', lex)
        [('not correct', -1)]
        >>> score_text("A lack of clarity; a lack of nerve.", lex)
        [('not clarity', -1), ('lack of', -1)]
    """
    return _score(_tokenise(text), _entries(lexicon), None, exclude)


def _token_range(tokens: list[_Token], start: int, end: int) -> tuple[int, int] | None:
    """The first and last index of the tokens overlapping ``[start, end)`` (tokens are in text
    order and do not overlap: two binary searches, not a scan of the passage)."""
    first = bisect.bisect_right(tokens, start, key=lambda t: t.end)  # first with t.end > start
    last = bisect.bisect_left(tokens, end, key=lambda t: t.start) - 1  # last with t.start < end
    return (first, last) if first <= last else None


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


def passage_stance(passages: pd.DataFrame, mentions_df: pd.DataFrame,
                   topics_df: pd.DataFrame | None = None, lexicon: pd.DataFrame | None = None,
                   window: int = DEFAULT_WINDOW, *, voices=("author",), lean: float = 1.0,
                   min_topic_score: float = 0.0) -> pd.DataFrame:
    """Evaluative counts and a heuristic label per (passage, opposition).

    ``passages``: the passages frame (needs ``passage_id``, ``tradition``, ``text``,
    ``voice``). ``mentions_df``: ``passage_id, opposition, matched, offset, where``
    (``offset`` = character offset of ``matched`` in the passage ``text`` when
    ``where == "text"``; ``where == "section"`` for heading matches). ``topics_df``
    (optional): ``passage_id, opposition, score``; rows with ``score > min_topic_score``
    add (passage, opposition) pairs. ``lexicon``: default :func:`load_lexicon`.
    ``window``: tokens either side of each mention (default 12). ``voices``: passages
    scored (default authorial only). ``lean``: a pair with both kinds of hit is labelled
    ``endorses``/``criticises`` only when ``|balance| >= lean``; the default 1.0 means
    "positive only / negative only", anything else ``mixed``.

    Pairs with a mention in the text are scored in a window (``scope == "window"``); pairs
    known only from the heading or from ``topics_df`` are scored on the whole passage
    (``scope == "passage"``). A mention flagged ``in_citation`` (optional column: inside a
    bibliographic reference) anchors no window; rows with an empty opposition are ignored;
    a ``topics_df`` with an ``is_topic`` column keeps only its true rows. Rows are in
    passage order, then opposition name.

    Example:
        >>> P = pd.DataFrame({"passage_id": ["d:001"], "tradition": ["icc"], "voice": ["author"],
        ...                   "text": ["The Workers' Group was resolute; Trotsky was not."]})
        >>> M = pd.DataFrame({"passage_id": ["d:001"], "opposition": ["workers_group"],
        ...                   "matched": ["Workers' Group"], "offset": [4], "where": ["text"]})
        >>> lex = pd.DataFrame({"word": ["resolute"], "polarity": [1], "note": ["ICC praise"]})
        >>> passage_stance(P, M, lexicon=lex)[["opposition", "positive", "negative", "words", "label"]]
              opposition  positive  negative     words     label
        0  workers_group         1         0  resolute  endorses
    """
    _require(passages, "passages", ["passage_id", "tradition", "text", "voice"])
    _require(mentions_df, "mentions", ["passage_id", "opposition", "matched", "offset", "where"])
    if topics_df is not None:
        _require(topics_df, "topics", ["passage_id", "opposition", "score"])
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")
    lexicon = load_lexicon() if lexicon is None else lexicon
    _require(lexicon, "lexicon", ["word", "polarity"])
    index = _entries(lexicon)

    scored = passages[passages["voice"].isin(list(voices))]
    order = {pid: k for k, pid in enumerate(scored["passage_id"])}
    known = mentions_df["passage_id"].isin(order) & mentions_df["opposition"].notna() \
        & (mentions_df["opposition"].astype(str) != "")
    text_rows = mentions_df[known & (mentions_df["where"] == "text")]
    cited = (text_rows["in_citation"].fillna(False).astype(bool) if "in_citation" in text_rows
             else pd.Series(False, index=text_rows.index))
    anchors = text_rows[~cited]
    pairs: dict[tuple[str, str], str] = {}
    for pid, opp in zip(anchors["passage_id"], anchors["opposition"]):
        pairs[(pid, opp)] = "window"
    heading = mentions_df[known & (mentions_df["where"] == "section")]
    extra = [heading[["passage_id", "opposition"]]]
    if topics_df is not None:
        t = topics_df[(topics_df["score"] > min_topic_score) & topics_df["passage_id"].isin(order)]
        if "is_topic" in t.columns:
            t = t[t["is_topic"].astype(bool)]
        extra.append(t[["passage_id", "opposition"]])
    for frame in extra:
        for pid, opp in zip(frame["passage_id"], frame["opposition"]):
            pairs.setdefault((pid, opp), "passage")

    # character spans of text mentions: names (never counted) and window anchors
    names: dict[str, list[tuple[int, int]]] = {}
    spans: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for pid, opp, matched, offset, is_cited in zip(
            text_rows["passage_id"], text_rows["opposition"], text_rows["matched"],
            text_rows["offset"], cited):
        if pd.isna(offset):
            continue
        span = (int(offset), int(offset) + len(str(matched)))
        names.setdefault(pid, []).append(span)
        if not is_cited:
            spans.setdefault(pid, {}).setdefault(opp, []).append(span)

    info = scored.set_index("passage_id")
    rows = []
    cache: dict[str, list[_Token]] = {}
    for (pid, opp), scope in sorted(pairs.items(), key=lambda kv: (order[kv[0][0]], str(kv[0][1]))):
        text = info.at[pid, "text"]
        if pid not in cache:
            cache[pid] = _tokenise(text)
        tokens = cache[pid]
        windows = None
        if scope == "window":
            windows = []
            for a, z in spans.get(pid, {}).get(opp, []):
                r = _token_range(tokens, a, z)
                if r is not None:
                    windows.append((r[0] - window, r[1] + window))
        hits = _score(tokens, index, windows, names.get(pid, []))
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


# --------------------------------------------------------------- aggregation ----

def _top_words(words: pd.Series, k: int) -> str:
    counts: dict[str, int] = {}
    for cell in words:
        for w in str(cell).split("; ") if cell else []:
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return "; ".join(f"{w} ({n})" for w, n in ranked)


def stance_table(passage_stance_df: pd.DataFrame, order: list[str] | None = None, *,
                 opposition_order: list[str] | None = None, top: int = 5) -> pd.DataFrame:
    """Tradition × opposition aggregates of :func:`passage_stance`.

    Columns: ``tradition``, ``opposition``, ``passages`` (pairs scored), ``evaluated``
    (pairs with at least one hit), ``positive`` and ``negative`` (sums), ``balance``
    (``(positive - negative) / (positive + negative)`` of the sums, NaN when both are 0),
    ``endorses``/``criticises``/``mixed``/``reports`` (label counts), ``top_words`` (the
    ``top`` words found in most passages, ``'word (n)'``, ties alphabetical).
    Rows: traditions in ``order`` (others after, alphabetically; traditions of ``order``
    with no row are left out), oppositions in ``opposition_order`` (default alphabetical).

    Example:
        >>> ps = pd.DataFrame({"passage_id": ["a:1", "a:2", "b:1"],
        ...     "opposition": ["wo", "wo", "wo"], "tradition": ["icc", "icc", "anarchist"],
        ...     "positive": [2, 0, 0], "negative": [1, 1, 0], "balance": [1/3, -1.0, float("nan")],
        ...     "words": ["profound; weakness", "weakness", ""],
        ...     "label": ["mixed", "criticises", "reports"], "scope": ["window"] * 3})
        >>> t = stance_table(ps, ["icc", "anarchist"])
        >>> t[["tradition", "passages", "positive", "negative", "balance", "criticises"]]
           tradition  passages  positive  negative  balance  criticises
        0        icc         2         2         2      0.0           1
        1  anarchist         1         0         0      NaN           0
        >>> t.loc[0, "top_words"]
        'weakness (2); profound (1)'
    """
    _require(passage_stance_df, "passage_stance", ["passage_id", "opposition", "tradition",
                                                   "positive", "negative", "words", "label"])
    ps = passage_stance_df
    rows = []
    for (tradition, opposition), g in ps.groupby(["tradition", "opposition"], sort=False):
        pos, neg = int(g["positive"].sum()), int(g["negative"].sum())
        labels = g["label"].value_counts()
        rows.append({
            "tradition": tradition, "opposition": opposition, "passages": len(g),
            "evaluated": int(((g["positive"] + g["negative"]) > 0).sum()),
            "positive": pos, "negative": neg,
            "balance": (pos - neg) / (pos + neg) if pos + neg else np.nan,
            **{label: int(labels.get(label, 0)) for label in LABELS},
            "top_words": _top_words(g["words"], top),
        })
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    order = list(order or [])
    t_rank = {t: k for k, t in enumerate(order)}
    o_rank = {o: k for k, o in enumerate(opposition_order or [])}
    table["_t"] = table["tradition"].map(lambda t: (t_rank.get(t, len(t_rank)), str(t)))
    table["_o"] = table["opposition"].map(lambda o: (o_rank.get(o, len(o_rank)), str(o)))
    table = table.sort_values(["_t", "_o"], kind="stable").drop(columns=["_t", "_o"])
    ints = ["passages", "evaluated", "positive", "negative", *LABELS]
    return table.astype({c: "int64" for c in ints} | {"balance": "float64"}).reset_index(drop=True)


# ----------------------------------------------------------------- agreement ----

def _collapse(stances: pd.Series) -> str:
    """One annotated stance for a pair annotated several times (several anchors)."""
    found = set(stances)
    evaluative = found - {"reports"}
    if not evaluative:
        return "reports"
    if len(evaluative) == 1:
        return evaluative.pop()
    return "mixed"


def agreement(passage_stance_df: pd.DataFrame, annotations_df: pd.DataFrame) -> dict:
    """Agreement of the heuristic labels with the hand annotations, pair by pair.

    Pairs are (passage_id, opposition) present in both frames. A pair annotated more than
    once (several anchors) is collapsed to one stance: the single evaluative stance if
    there is one, ``mixed`` if the rows disagree (endorses + criticises, or any
    ``mixed``), ``reports`` if all rows report. Annotation rows with an empty opposition
    or a stance outside the four labels are ignored.

    Returns a dict: ``kappa`` (Cohen's kappa, :func:`sklearn.metrics.cohen_kappa_score`,
    NaN when undefined: no pairs, or both sides use one label), ``agreement`` (raw share
    of equal labels, NaN without pairs), ``n`` (pairs), ``confusion`` (DataFrame of
    counts, rows = annotated stance, columns = heuristic label, both in the order
    endorses, criticises, mixed, reports), ``pairs`` (the merged pairs: ``passage_id,
    opposition, annotated, heuristic``).

    Example:
        >>> ps = pd.DataFrame({"passage_id": ["a", "b", "c", "d"], "opposition": ["x"] * 4,
        ...                    "label": ["endorses", "criticises", "criticises", "reports"]})
        >>> an = pd.DataFrame({"passage_id": ["a", "b", "c", "d"], "opposition": ["x"] * 4,
        ...                    "stance": ["endorses", "criticises", "mixed", "reports"]})
        >>> r = agreement(ps, an)
        >>> r["n"], r["agreement"], round(r["kappa"], 3)
        (4, 0.75, 0.667)
    """
    from sklearn.metrics import cohen_kappa_score

    _require(passage_stance_df, "passage_stance", ["passage_id", "opposition", "label"])
    _require(annotations_df, "annotations", ["passage_id", "opposition", "stance"])
    an = annotations_df[["passage_id", "opposition", "stance"]].dropna()
    an = an.assign(stance=an["stance"].astype(str).str.strip(),
                   opposition=an["opposition"].astype(str).str.strip())
    an = an[(an["opposition"] != "") & an["stance"].isin(LABELS)]
    annotated = (an.groupby(["passage_id", "opposition"], sort=True)["stance"]
                 .agg(_collapse).rename("annotated").reset_index())
    heuristic = (passage_stance_df[["passage_id", "opposition", "label"]]
                 .drop_duplicates(["passage_id", "opposition"])
                 .rename(columns={"label": "heuristic"}))
    pairs = annotated.merge(heuristic, on=["passage_id", "opposition"], how="inner")
    pairs = pairs.sort_values(["passage_id", "opposition"]).reset_index(drop=True)
    labels = list(LABELS)
    confusion = pd.crosstab(pd.Categorical(pairs["annotated"], categories=labels),
                            pd.Categorical(pairs["heuristic"], categories=labels),
                            dropna=False).reindex(index=labels, columns=labels, fill_value=0)
    confusion = confusion.astype("int64")
    confusion.index.name, confusion.columns.name = "annotated", "heuristic"
    n = len(pairs)
    if n == 0:
        return {"kappa": float("nan"), "agreement": float("nan"), "n": 0,
                "confusion": confusion, "pairs": pairs}
    raw = float((pairs["annotated"] == pairs["heuristic"]).mean())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = float(cohen_kappa_score(pairs["annotated"], pairs["heuristic"], labels=labels))
    return {"kappa": kappa, "agreement": raw, "n": n, "confusion": confusion, "pairs": pairs}
