"""Word tokens: one tokeniser for the package. What differs between its users is a parameter
of :func:`scan`, not another tokeniser.

:func:`scan` reads a text into word tokens, after normalising quote characters
(:func:`standpoint.text.quotes.normalise`), removing soft hyphens and turning ``--`` into a
dash. Its parameters:

- ``hyphens``: ``"keep"``: an inner hyphen joins (``one-man``, ``counter-revolution`` are one
  token); ``"split"``: a hyphen separates words, like a dash.
- ``possessives``: ``"strip"``: a possessive ``'s`` and edge apostrophes go (``Lenin's`` ->
  ``lenin``, ``Workers'`` -> ``workers``); ``"keep"``: an inner apostrophe stays (``lenin's``,
  ``didn't``).
- ``numbers``: ``"drop"``: a token holding a digit (``1921``, ``10th``, ``1920s``) is not a
  word, and breaks the clause; ``"split"``: digits separate words, like punctuation.
- ``lower``: lower-case the words (whether a word was capitalised is recorded either way).
- ``references``: ``"strip"`` removes references and cross-references
  (:func:`standpoint.text.references.reference_spans`: ``[Daniels, Op. Cit., p. 87]``,
  ``(Allen 2015)``, ``see section H.3``); ``"keep"`` reads them as prose.
- ``strip_quotes``: ``True`` removes quotations but keeps scare quotes
  (:func:`standpoint.text.quotes.is_scare_quote`: ``"Workers' Opposition"``); ``"all"`` removes
  every quoted span; ``False`` none. ``mark_quoted`` records which kept tokens lie inside
  quotation marks.

A removed span (reference or quotation) is a hard break. Each :class:`Token` has a
``position`` (``start``: opens a sentence; ``mid``; ``unknown``: follows a removed span) and a
``clause``: the number of the stretch between hard breaks (punctuation other than an
apostrophe, a dropped number, a removed span), which :func:`ngrams` never crosses.

:func:`words` is the setting the evaluative lexicon and the stance heuristic use (hyphens and
digits split, inner apostrophes kept, nothing removed); :func:`phrase_pattern` is the regular
expression that finds a phrase's words as whole tokens under the same rules (the concordance).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from standpoint.errors import InputError
from standpoint.text.checks import require_str
from standpoint.text.quotes import is_scare_quote, normalise, quote_spans
from standpoint.text.references import reference_spans

#: letters with inner apostrophes (straight or curly): what :func:`words` matches
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_TOKEN_PATTERNS = {  # (hyphens, numbers) -> the pattern of a raw token
    ("keep", "drop"): re.compile(r"[\w'-]+"),
    ("split", "drop"): re.compile(r"[\w']+"),
    ("keep", "split"): re.compile(r"[^\W\d_]+(?:['-]+[^\W\d_]+)*"),
    ("split", "split"): re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*"),
}
_PLACEHOLDER = "\ue000"  # stands for a removed span: a hard break of unknown position
_HARD = re.compile(r"[^\s']")  # anything but space and apostrophe ends a clause
_SENTENCE_END = re.compile(r"[.!?:•]")
_NOT_A_WORD = re.compile(r"[\d_]")  # a token with a digit (or underscore) is not a word
_CHOICES = {"hyphens": ("keep", "split"), "possessives": ("strip", "keep"),
            "numbers": ("drop", "split"), "references": ("strip", "keep")}


class Token(NamedTuple):
    """One word of a text, as :func:`scan` reads it."""

    word: str  #: the word (lower-cased unless ``lower=False``)
    capitalised: bool  #: its first letter was upper-case in the text
    position: str  #: ``start`` (opens a sentence), ``mid`` or ``unknown`` (after a removed span)
    clause: int  #: number of the stretch between hard breaks
    quoted: bool  #: lies inside quotation marks (always False without ``mark_quoted``)


class Scan(NamedTuple):
    """What :func:`scan` returns: the tokens and the number of running words (= tokens)."""

    tokens: list[Token]
    n_words: int


def check_strip_quotes(strip_quotes) -> None:
    """Raise :class:`~standpoint.errors.InputError` unless ``strip_quotes`` is True, False or
    ``"all"``.

    Example:
        >>> check_strip_quotes("some")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: strip_quotes must be True, False or 'all', not 'some'
    """
    if not (strip_quotes is True or strip_quotes is False or strip_quotes == "all"):
        raise InputError(f"strip_quotes must be True, False or 'all', not {strip_quotes!r}")


def _choice(name: str, value) -> None:
    if value not in _CHOICES[name]:
        raise InputError(f"{name} must be {' or '.join(map(repr, _CHOICES[name]))}, not {value!r}")


def _normalised(text: str) -> str:
    return normalise(text).replace("\u00ad", "").replace("--", " — ")


def _cut(text: str, spans: Iterable[tuple[int, int]]) -> str:
    parts, last = [], 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(f" {_PLACEHOLDER} ")
        last = b
    parts.append(text[last:])
    return "".join(parts)


def _prepared(text: str, strip_quotes, references: str,
              mark_quoted: bool) -> tuple[str, list[tuple[int, int]]]:
    """The normalised text with references and quotations cut, and the spans (in it) of the
    quotations kept."""
    if references == "strip":
        spans = reference_spans(text)
        if spans:
            text = _cut(text, ((a, b) for a, b, _ in spans))
    if not (strip_quotes or mark_quoted):
        return _normalised(text), []
    parts: list[str] = []
    kept: list[tuple[int, int]] = []
    size, last = 0, 0
    for a, b in quote_spans(text):
        # (no quotation mark is a hyphen: normalising piece by piece = normalising the whole)
        parts.append(_normalised(text[last:a]))
        size += len(parts[-1])
        if strip_quotes and (strip_quotes == "all" or not is_scare_quote(text[a:b])):
            parts.append(f" {_PLACEHOLDER} ")
        else:
            parts.append(_normalised(text[a:b]))
            kept.append((size, size + len(parts[-1])))
        size += len(parts[-1])
        last = b
    parts.append(_normalised(text[last:]))
    return "".join(parts), kept


def scan(text: str, *, hyphens: str = "keep", possessives: str = "strip", numbers: str = "drop",
         lower: bool = True, references: str = "strip", strip_quotes: bool | str = True,
         mark_quoted: bool = True) -> Scan:
    """The word tokens of ``text`` (see the module docstring for the parameters).

    Example:
        >>> s = scan('In 1921 Lenin’s “one-man management” (see section H.3) was "a retreat, not a victory."')
        >>> [(t.word, t.position, t.clause, t.quoted) for t in s.tokens]  # doctest: +NORMALIZE_WHITESPACE
        [('in', 'start', 0, False), ('lenin', 'mid', 1, False), ('one-man', 'mid', 2, True),
         ('management', 'mid', 2, True), ('was', 'unknown', 3, False)]
        >>> [t.word for t in scan("One-man management, 10th congress", hyphens="split").tokens]
        ['one', 'man', 'management', 'congress']
    """
    require_str(text, "text", "scan")
    for name, value in (("hyphens", hyphens), ("possessives", possessives), ("numbers", numbers),
                        ("references", references)):
        _choice(name, value)
    check_strip_quotes(strip_quotes)
    text, kept = _prepared(text, strip_quotes, references, mark_quoted)
    strip_possessive = possessives == "strip"
    tokens: list[Token] = []
    clause = 0
    pending = ""  # trailing hyphens/apostrophes of the previous match
    prev_end = 0
    first = True
    k = 0  # the first kept quotation not yet passed
    for m in _TOKEN_PATTERNS[hyphens, numbers].finditer(text):
        raw = m.group()
        if raw[0] not in "'-" and raw[-1] not in "'-":  # the common case: nothing to strip
            core = raw
            gap = pending + text[prev_end:m.start()] if pending else text[prev_end:m.start()]
            pending = ""
        else:
            core = raw.strip("'-")
            if not core:
                pending += text[prev_end:m.end()]
                prev_end = m.end()
                continue
            lead = raw[: len(raw) - len(raw.lstrip("'-"))]
            gap = pending + text[prev_end:m.start()] + lead
            pending = raw[len(lead) + len(core):]
        prev_end = m.end()
        if gap == " ":  # the common case: no break, no removed span, no sentence end
            position = "start" if first else "mid"
        else:
            if _HARD.search(gap):
                clause += 1
            if _PLACEHOLDER in gap:
                position = "unknown"
            elif first or _SENTENCE_END.search(gap):
                position = "start"
            else:
                position = "mid"
        first = False
        if strip_possessive and core[-2:].lower() == "'s":
            core = core[:-2].rstrip("'-")
        # (a word of letters only has no digit or underscore: the regex is not needed)
        if not core or (not core.isalpha() and _NOT_A_WORD.search(core)):
            clause += 1  # a number: not a word, and a break
            continue
        while k < len(kept) and kept[k][1] <= m.start():
            k += 1
        quoted = k < len(kept) and kept[k][0] <= m.start()
        tokens.append(Token(core.lower() if lower else core, core[0].isupper(), position, clause,
                            quoted))
    return Scan(tokens, len(tokens))


def ngrams(tokens: Sequence[Token], ngram_range: tuple[int, int] = (1, 2), *,
           skip: frozenset[str] = frozenset(), min_length: int = 2) -> list[tuple[str, bool]]:
    """The n-grams of a scan as ``(term, quoted)`` pairs: runs of adjacent tokens of one
    clause, none of them in ``skip`` (e.g. stop words) or shorter than ``min_length``
    characters (initials); all unigrams of a run, then its bigrams, ... An n-gram is
    ``quoted`` when all its words are.

    Example:
        >>> s = scan('The trade unions, "Workers’ Opposition" and V. I. Lenin.')
        >>> ngrams(s.tokens, (1, 2), skip=frozenset({"the", "and"}))  # doctest: +NORMALIZE_WHITESPACE
        [('trade', False), ('unions', False), ('trade unions', False), ('workers', True),
         ('opposition', True), ('workers opposition', True), ('lenin', False)]
    """
    low, high = check_ngram_range(ngram_range)
    terms: list[tuple[str, bool]] = []
    run: list[str] = []
    flags: list[bool] = []

    def flush():
        for n in range(low, high + 1):
            for i in range(len(run) - n + 1):
                terms.append((" ".join(run[i:i + n]), all(flags[i:i + n])))

    clause = None
    for word, _cap, _pos, c, quoted in tokens:
        out = word in skip or len(word) < min_length
        if c != clause or out:
            flush()
            run, flags = [], []
        clause = c
        if not out:
            run.append(word)
            flags.append(quoted)
    flush()
    return terms


def check_ngram_range(ngram_range) -> tuple[int, int]:
    """``(low, high)`` as two integers with ``1 <= low <= high``, or an
    :class:`~standpoint.errors.InputError`.

    Example:
        >>> check_ngram_range([1, 2])
        (1, 2)
    """
    try:
        low, high = (int(x) for x in ngram_range)
    except (TypeError, ValueError):
        low, high = 0, 0
    if not 1 <= low <= high:
        raise InputError(f"ngram_range must be (low, high) with 1 <= low <= high, got {ngram_range!r}")
    return low, high


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``: :func:`scan` with hyphens and digits separating
    words, inner apostrophes kept, nothing removed.

    Example:
        >>> words("The petty-bourgeois Workers’ Opposition didn't.")
        ['the', 'petty', 'bourgeois', 'workers', 'opposition', "didn't"]
    """
    return [t.word for t in scan(text, hyphens="split", possessives="keep", numbers="split",
                                 references="keep", strip_quotes=False, mark_quoted=False).tokens]


def tokens_of(text: str) -> list[str]:
    """The same as :func:`words` (the stance heuristic's historical name).

    Example:
        >>> tokens_of("Workers’ Opposition")
        ['workers', 'opposition']
    """
    return words(text)


def phrase_pattern(phrase: str, *, hyphens: str = "keep", possessives: str = "strip") -> re.Pattern:
    """A case-insensitive pattern finding ``phrase`` as whole tokens, as :func:`scan` reads
    them, in text normalised with :func:`standpoint.text.quotes.normalise`: its words are
    separated by any whitespace; with ``hyphens="keep"`` a word never matches inside a
    hyphenated one; with ``possessives="strip"`` a possessive in the phrase is dropped and one
    is allowed after each word. The words are literal (no regular expression).

    Example:
        >>> p = phrase_pattern("Lenin's party")
        >>> [m.group() for m in p.finditer("Lenin's party; lenin party; Lenin’s partisans")]
        ["Lenin's party", 'lenin party']
        >>> bool(phrase_pattern("revolution").search("counter-revolution"))
        False
        >>> bool(phrase_pattern("revolution", hyphens="split").search("counter-revolution"))
        True
    """
    require_str(phrase, "phrase", "phrase_pattern")
    _choice("hyphens", hyphens)
    _choice("possessives", possessives)
    parts = [w.strip("'") for w in normalise(phrase).split()]
    if possessives == "strip":
        parts = [w[:-2] if w.lower().endswith("'s") else w for w in parts]
    parts = [w for w in (w.strip("'") for w in parts) if w]
    if not parts:
        raise InputError(f"phrase: no word in {phrase!r}")
    tail = r"(?:'s|')?" if possessives == "strip" else ""
    body = (tail + r"\s+").join(re.escape(w) for w in parts)
    if hyphens == "keep":
        before, after = r"(?<!\w)(?<!\w-)(?<!\w')", r"(?!\w)(?!-\w)(?!'\w)"
    else:
        before, after = r"(?<!\w)(?<!\w')", r"(?!\w)(?!'\w)"
    return re.compile(before + body + tail + after, re.IGNORECASE)
