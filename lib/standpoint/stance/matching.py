"""Matching the evaluative lexicon in a text: tokens (with their clause and whether someone
else's words), negators and shifters, lexicon hits, signed weights. :func:`score_text` scores
a whole text; :mod:`standpoint.stance.scoring` scores the sentences about one group.

The lexicon (``corpus/evaluative_lexicon.csv``, :func:`standpoint.corpus.load_lexicon`): a word
or phrase is matched case-insensitively on whole tokens (a hyphen separates tokens, so
"petty-bourgeois" and "petty bourgeois" are one entry); its last token also matches its
plural (``+s``, ``+es``, ``y -> ies``); ``±2`` words count twice.

Negation: a negator (:data:`NEGATORS`: "not", "no", "never", "nothing", "hardly", "far
from", "by no means", "less", "n't", ...) with at most :data:`NEGATION_GAP` (3) tokens
between it and the word, in the same clause, flips the word's sign; a flipped word weighs 1
and is written ``not <word>``; two negators cancel. :data:`SHIFTERS` ("lack of", "inability
to", "failed to" ...) are negators that are also criticisms: "lack of clarity" counts once,
as ``not clarity``. Tokens in someone else's words (quotations) neither count nor negate.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from standpoint.text.quotes import quotation_spans, quote_spans
from standpoint.text.tokens import WORD as _TOKEN
from standpoint.text.tokens import words as tokens_of

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


def lexicon_index(lexicon: pd.DataFrame) -> dict[str, list[_Entry]]:
    """Lexicon entries indexed by their first token (any form), longest entries first.

    Example:
        >>> lex = pd.DataFrame({"word": ["lack of", "correct"], "polarity": [-1, 1]})
        >>> sorted(lexicon_index(lex))
        ['correct', 'correctes', 'corrects', 'lack']
    """
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


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    clause: int
    quoted: bool


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(tuple(x) for x in spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def tokenise(text: str, quoted_spans=None) -> list[_Token]:
    """The word tokens of ``text`` with their clause number and whether they are quoted: in
    someone else's words (``quoted_spans``; default
    :func:`~standpoint.text.quotes.quotation_spans`) or inside any quote marks at all (a
    scare-quoted word, "morbid", is the author keeping a word at a distance, not using it).

    Example:
        >>> [(t.text, t.clause, t.quoted) for t in tokenise('It was right, "they said."')]
        [('it', 0, False), ('was', 0, False), ('right', 0, False), ('they', 1, True), ('said', 1, True)]
    """
    spans = _merge(list(quotation_spans(text) if quoted_spans is None else quoted_spans)
                   + quote_spans(text))
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


def score_tokens(tokens: list[_Token], index, windows, exclude, *,
                 positions: bool = False) -> list[tuple]:
    """Signed hits ``(word, weight)`` in text order (see :func:`score_text`), among the tokens
    inside ``windows`` (``(first, last)`` token index ranges; ``None``: all) and outside the
    ``exclude`` character spans; with ``positions``, ``(token index, word, weight)``.

    Example:
        >>> lex = lexicon_index(pd.DataFrame({"word": ["correct"], "polarity": [1]}))
        >>> score_tokens(tokenise("It was correct. Not correct."), lex, [(0, 2)], [])
        [('correct', 1)]
        >>> score_tokens(tokenise("It was correct. Not correct."), lex, None, [], positions=True)
        [(2, 'correct', 1), (4, 'not correct', -1)]
    """
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
            hit = ("not " + entry.word, -1 if entry.polarity > 0 else 1)
        else:
            hit = (entry.word, entry.polarity)
        out.append((i, *hit) if positions else hit)
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
    return score_tokens(tokenise(text), lexicon_index(lexicon), None, exclude)


def token_range(tokens: list[_Token], start: int, end: int) -> tuple[int, int] | None:
    """The first and last index of the tokens overlapping ``[start, end)`` (tokens are in text
    order and do not overlap: two binary searches, not a scan of the passage), or None.

    Example:
        >>> token_range(tokenise("It was correct."), 3, 10)
        (1, 2)
    """
    first = bisect.bisect_right(tokens, start, key=lambda t: t.end)  # first with t.end > start
    last = bisect.bisect_left(tokens, end, key=lambda t: t.start) - 1  # last with t.start < end
    return (first, last) if first <= last else None