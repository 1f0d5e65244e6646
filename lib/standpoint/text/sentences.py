"""Sentences: :func:`sentence_spans` cuts a text into sentences, knowing that initials
("G. T. Miasnikov"), abbreviations ("p.", "Op. Cit.", "ibid.") and references do not end one,
and that a reference after a full stop does.
"""

from __future__ import annotations

import re

from standpoint.text.references import citation_spans

_ABBREVIATIONS = {
    "p", "pp", "op", "cit", "vol", "vols", "ed", "eds", "st", "dr", "mr", "mrs", "no", "nos",
    "cf", "ie", "eg", "etc", "ibid", "viz", "vs", "ch", "fig",
}


# a sentence end: a run of . ! ? …, closing quotes or brackets, whitespace, then a capital or a
# digit. It can only start where a run of . ! ? … starts (the look-behind) and gives nothing
# back (possessive quantifiers): linear, where r"[.!?…]+['\")\]]*\s+(?=...)" (the same matches)
# restarted at every dot of a long run of dots
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++['\")\]]*+\s++(?=['\"(\[]*[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)`` spans (initials and abbreviations such as
    "G. T.", "p.", "Op. Cit." do not end a sentence).

    Example:
        >>> t = "G. T. Miasnikov led it. They were few (see p. 3). It ended."
        >>> [t[a:b] for a, b in sentence_spans(t)]
        ['G. T. Miasnikov led it.', 'They were few (see p. 3).', 'It ended.']
    """
    spans = []
    start = 0
    ends = list(_SENTENCE_END.finditer(text))
    # a reference after a full stop ('..." [Daniels, p. 87] The next') also ends the sentence
    for a, b in citation_spans(text):
        if _REFERENCE_THEN_CAPITAL.match(text, b) and _ends_with_stop(text, a):
            ends.append(_SPACES.match(text, b))
    ends.sort(key=lambda m: m.start())
    for m in ends:
        if m.start() < start:
            continue
        word = None
        if text[m.start()] == "." and m.group().startswith("."):  # (only then is it needed)
            word = _last_word(text, start, m.start())
        if word and text[m.start()] == "." and m.group().startswith(".") and (
            word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())
        ):
            continue
        end = m.start() + len(m.group().rstrip())
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


_REFERENCE_THEN_CAPITAL = re.compile(r"\s+['\"(\[]*[A-Z0-9]")


_SPACES = re.compile(r"\s+")


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _ends_with_stop(text: str, a: int) -> bool:
    r"""``re.search(r"[.!?]['\")]*\s*$", text[:a])``, without scanning (or copying) the whole
    prefix: the prefix, trailing whitespace and then trailing quotes/brackets removed, ends in
    . ! or ?"""
    k = a
    while k and text[k - 1].isspace():
        k -= 1
    while k and text[k - 1] in "'\")":
        k -= 1
    return k > 0 and text[k - 1] in ".!?"


def _last_word(text: str, start: int, end: int) -> str | None:
    r"""The word of ``re.search(r"([A-Za-z]+)\.?$", text[start:end])`` (its group 1), or None,
    found from the end without scanning the text: the run of ASCII letters ending at the end,
    or just before a final ".", a final newline, or a final "." and newline (where ``$``
    matches)."""

    def letter(k: int) -> bool:
        return start <= k < end and text[k] in _ASCII_LETTERS

    last = text[end - 1] if end > start else ""
    if letter(end - 1):
        r = end
    elif last in ".\n" and letter(end - 2):
        r = end - 1
    elif last == "\n" and end - 2 >= start and text[end - 2] == "." and letter(end - 3):
        r = end - 2
    else:
        return None
    i = r
    while i > start and text[i - 1] in _ASCII_LETTERS:
        i -= 1
    return text[i:r]
