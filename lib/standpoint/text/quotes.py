"""Quotation marks: one normalisation of quote characters, quoted spans, quoted share, scare
quotes. Every module that reads quote marks uses these (one home for the concept).

- :data:`QUOTE_MAP` / :func:`normalise`: curly and typographic quotes, apostrophes and hyphen
  variants become their ASCII forms, one character for one character, so offsets are kept.
- :func:`quote_spans`: the outermost quoted spans of a text (double quotes nest; a single quote
  is told from an apostrophe by its context).
- :func:`quoted_share`: the share of a text's characters inside quote marks.
- :func:`is_scare_quote`: a short quoted span that names a group, slogan or concept in the
  author's own sentence ("Workers' Opposition", 'one-man management').
"""

from __future__ import annotations

import re

from standpoint.text.checks import require_str

OPEN_QUOTES = "\"“‘'«„"
#: One-to-one replacements (offsets are preserved): curly and typographic quotes and
#: apostrophes, primes and backticks become ASCII quotes, the Unicode hyphens an ASCII hyphen.
#: Dashes (en, em) are not hyphens and are kept.
QUOTE_MAP = str.maketrans({c: "'" for c in "’‘‛′ʼ`´"} | {c: '"' for c in "“”„‟″«»"}
                          | {c: "-" for c in "‐‑"})
# the same replacements as (old, new) pairs: str.replace character by character is several
# times faster than str.translate on non-ASCII text (which looks every character up)
_REPLACEMENTS = tuple((chr(k), v) for k, v in QUOTE_MAP.items())


def normalise(text: str) -> str:
    """``text`` with :data:`QUOTE_MAP` applied (same length: offsets are kept).

    Example:
        >>> normalise("“one‑man” management")
        '"one-man" management'
        >>> normalise("Workers’ Opposition") == "Workers' Opposition"
        True
    """
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


# the only characters quote_spans / _later_single_close act on (the rest are skipped)
_QUOTE_CHAR = re.compile("[“«„”»\"‘'’]")


_SINGLE_OR_END = re.compile("[.?!‘'’]")


def _is_plural_possessive(text: str, i: int) -> bool:
    """``text[i]`` is an apostrophe after a plural and before a word: "Workers’ Opposition"."""
    return i > 0 and text[i - 1] == "s" and text[i + 1:i + 2] == " " and text[i + 2:i + 3].isalpha()


def _later_single_close(text: str, start: int) -> tuple[bool, int]:
    """Is there another closing single quote later in the same sentence (and before the next
    opening single quote)? Then an ambiguous ``s’`` is an apostrophe, not the close.

    Returns the answer and the position of the character that decided it (``len(text)`` if
    none did): the answer is the same for every ``start`` up to that position, which lets
    :func:`quote_spans` ask once for a run of possessives (linear, not quadratic)."""
    n = len(text)
    # only sentence ends and single quotes can decide: visit those characters alone
    for m in _SINGLE_OR_END.finditer(text, start):
        j = m.start()
        ch = m.group()
        prev = text[j - 1]
        nxt = text[j + 1] if j + 1 < n else " "
        if ch in ".?!" and nxt == " " and text[j + 2:j + 3].isupper():
            return False, j  # end of the sentence
        if ch in "‘'" and (prev.isspace() or prev in "([{—–-/*") and not nxt.isspace():
            return False, j  # the next quotation opens first
        if ch in "’'" and (nxt.isspace() or nxt in ".,;:?!)]}—–-*…" or j + 1 == n):
            if not _is_plural_possessive(text, j):
                return True, j
    return False, n


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` inside quotation marks (outermost quotes only).

    Double quotes (straight and curly) nest; a single quote opens only after a space or
    bracket and closes only before a space or punctuation, so apostrophes
    (``Workers’``, ``don't``) are not taken for quotes unless a single quote is open. Inside
    a single quote, a plural possessive before a word (``‘the Workers’ Opposition demanded’``)
    closes the quote only if no other closing quote follows in the same sentence.

    Example:
        >>> t = 'He wrote "the party is always right" and stopped.'
        >>> [t[a:b] for a, b in quote_spans(t)]
        ['"the party is always right"']
        >>> t = "She wrote ‘the Workers’ Opposition is right’ in 1921."
        >>> [t[a:b] for a, b in quote_spans(t)]
        ['‘the Workers’ Opposition is right’']
    """
    require_str(text, "text", "quote_spans")
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    # the stack depths of each family's open quotes, innermost last (so that a close finds
    # its quote without walking down a deep stack of the other family's)
    depths: dict[str, list[int]] = {"d": [], "s": []}
    decided = (False, -1)  # the last answer of _later_single_close and where it was decided
    n = len(text)
    for match in _QUOTE_CHAR.finditer(text):  # no other character can open or close
        i = match.start()
        ch = match.group()
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        opener_ctx = prev.isspace() or prev in "([{—–-/*" or i == 0
        closer_ctx = nxt.isspace() or nxt in ".,;:?!)]}—–-*…" or i + 1 == n
        kind = None
        if ch in "“«„":
            kind = ("d", "open")
        elif ch in "”»":
            kind = ("d", "close")
        elif ch == '"':
            if stack and stack[-1][0] == "d" and closer_ctx and not prev.isspace():
                kind = ("d", "close")
            elif opener_ctx:
                kind = ("d", "open")
            else:
                kind = ("d", "close")
        elif ch in "‘'’":
            if ch in "‘'" and opener_ctx and not nxt.isspace():
                kind = ("s", "open")
            elif ch in "’'" and closer_ctx and stack and stack[-1][0] == "s":
                if _is_plural_possessive(text, i) and decided[1] <= i:
                    decided = _later_single_close(text, i + 1)
                if not (_is_plural_possessive(text, i) and decided[0]):
                    kind = ("s", "close")
        if kind is None:
            continue
        family, action = kind
        if action == "open":
            depths[family].append(len(stack))
            stack.append((family, i))
        elif depths[family]:
            # close the innermost quote of this family (drop unclosed inner ones)
            depth = depths[family][-1]
            _, opened = stack[depth]
            del stack[depth:]
            for family_depths in depths.values():
                while family_depths and family_depths[-1] >= depth:
                    family_depths.pop()
            if not stack:
                spans.append((opened, i + 1))
    if stack:  # an unclosed quote runs to the end (a quotation broken across paragraphs)
        spans.append((stack[0][1], n))
    return spans


def quoted_share(text: str) -> float:
    """Fraction of the characters of ``text`` that lie inside quotation marks.

    Example:
        >>> quoted_share('"all of it"')
        1.0
        >>> quoted_share('none of it')
        0.0
    """
    require_str(text, "text", "quoted_share")
    return _share(text, quote_spans(text) if text else [])


def _share(text: str, spans: list[tuple[int, int]]) -> float:
    if not text:
        return 0.0
    inside = sum(b - a for a, b in spans)
    return round(min(1.0, inside / len(text)), 4)


SCARE_QUOTE_WORDS = 4  # a quoted span this short, without . ! ?, is a scare quote (kept)


def is_scare_quote(span: str) -> bool:
    """Is this quoted span (quote marks included) a scare quote, kept by ``strip_quotes=True``?

    Example:
        >>> is_scare_quote('“Workers’ Opposition”'), is_scare_quote('‘socialism in one country’')
        (True, True)
        >>> is_scare_quote('"were thrown into prison."'), is_scare_quote('"we must retreat to NEP now"')
        (False, False)
        >>> is_scare_quote('“Workers’ Group.”'), is_scare_quote('"Go Home. Now."')
        (True, False)
    """
    inner = span.strip(OPEN_QUOTES + "”’»")
    name = inner.rstrip(".,;:")
    if name != inner and name.split() and all(w[:1].isupper() for w in name.split()):
        inner = name  # a name carrying the sentence's stop inside the marks: "Workers' Group."
    return len(inner.split()) <= SCARE_QUOTE_WORDS and not re.search(r"[.!?]", inner)


def quotation_spans(text: str, *, continues: bool = False) -> list[tuple[int, int]]:
    """Spans of ``text`` that are someone else's words set off by quote marks: the spans of
    :func:`quote_spans` without scare quotes (:func:`is_scare_quote`: a short name or term in
    the author's own sentence), with unclosed quotes read as a reader would:

    - an unclosed single quote is a stray mark (these texts close every quotation they open
      with a single quote), not a quotation;
    - an unclosed double quote ends just before the first reference after it (a quotation
      followed by its source, ``[Daniels, Op. Cit., p. 87]``); without one, it runs to the end
      of the text when ``continues`` (the quotation goes on in the next paragraph), else to the
      end of its sentence (a stray mark swallows no more than the sentence it opens).

    Example:
        >>> t = 'He called it "state capitalism" and wrote "the party decides all." Then he left.'
        >>> [t[a:b] for a, b in quotation_spans(t)]
        ['"the party decides all."']
        >>> t = "Lenin said: ‘we are all wrong. It was his view."
        >>> quotation_spans(t)
        []
        >>> t = 'It was "brought into play against the opposition [Daniels, Op. Cit., p. 113] Next.'
        >>> [t[a:b] for a, b in quotation_spans(t)]
        ['"brought into play against the opposition ']
    """
    require_str(text, "text", "quotation_spans")
    from standpoint.text.references import reference_spans
    from standpoint.text.sentences import sentence_spans

    out = []
    for a, b in quote_spans(text):
        if is_scare_quote(text[a:b]):
            continue
        closed = b < len(text) or text[b - 1] in "”»\"’'"
        if closed and b - a > 1:
            out.append((a, b))
            continue
        if text[a] in "‘'":
            continue  # an unclosed single quote: a stray mark
        end = next((r0 for r0, _, _ in reference_spans(text) if r0 > a), None)
        if end is None:
            end = b if continues else next((s1 for s0, s1 in sentence_spans(text) if s1 > a), b)
        if end > a + 1:
            out.append((a, end))
    return out


def authorial_share(text: str, spans: list[tuple[int, int]]) -> float:
    """The share of ``text``'s characters outside ``spans`` (someone else's words), rounded to
    four decimals; 1.0 for an empty text.

    Example:
        >>> authorial_share("abcdefghij", [(0, 4)])
        0.6
    """
    if not text:
        return 1.0
    return round(1 - _share(text, spans), 4)
