"""Markup and invisible characters: what the cleaned passage text leaves out.

- :func:`visible`: a text without its invisible characters (format and direction marks,
  zero-width characters, BOMs, soft hyphens, control characters).
- :func:`clean`: one passage's raw text as the passages table shows it (markup, links and
  footnote markers removed, whitespace normalised).
"""

from __future__ import annotations

import re

from standpoint.text.checks import require_str

# Invisible characters (see visible()): every format character (Unicode category Cf: direction
# marks and embeddings, zero-width spaces and joiners, BOM, soft hyphen, word joiner, tags...)
# but the prepended concatenation marks (U+0600-0605, U+06DD, U+070F, U+0890-0891, U+08E2,
# U+110BD, U+110CD), which are drawn; every control character (Cc) that is not whitespace; and
# the other default-ignorable code points (variation selectors, combining grapheme joiner,
# Hangul fillers, Khmer inherent vowels, Mongolian free variation selectors). Unicode 14.0
# (Python 3.11's unicodedata); tests/test_segment.py checks the class against it.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]+"
)


# ----------------------------------------------------------------- cleaning ----
# a link "[text](#anchor)" (see _strip_links: the regex r"\[([^\]]*)\]\(#[^)]*\)", scanned
# without restarting at every "[" of a text full of unclosed brackets)
_LINK_MARK = "](#"


_FOOTNOTE_BRACKET = re.compile(r"\[\d{1,3}\]")


# a footnote number glued to a word ("the party3."): the digit first, then the look-behind,
# so the regex engine can skip quickly to digits (same matches as "(?<=[a-z]{3})[1-9]...")
_FOOTNOTE_GLUED = re.compile(r"[1-9](?<=[a-z]{3}[1-9])(?=[.,;:)]?(?:\s|$))")


_MARKUP = re.compile(r"\*+")


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:?!)])")


def visible(text: str) -> str:
    """``text`` without its invisible characters: format and direction marks (U+200E,
    U+202A-202E, U+2066-2069), zero-width spaces and joiners, BOMs, soft hyphens, variation
    selectors and control characters other than whitespace. The segmenter classifies text by
    what this leaves, so an invisible mark never turns a paragraph into a heading.

    Example:
        >>> visible("\\u202eThe party was wrong.\\u202c\\u200b")
        'The party was wrong.'
    """
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def _strip_links(text: str) -> str:
    """``re.sub(r"\\[([^\\]]*)\\]\\(#[^)]*\\)", r"\\1", text)``: "[text](#anchor)" becomes
    "text". Linear: every "[" before a given "]" fails or succeeds with that "]", so after
    a failure the scan goes on after the "]" rather than at the next "["."""
    if _LINK_MARK not in text:
        return text
    out, last = [], 0
    i = text.find("[")
    while i >= 0:
        j = text.find("]", i + 1)
        if j < 0:
            break  # no "]" after any later "[" either
        if text.startswith("(#", j + 1):
            k = text.find(")", j + 3)
            if k < 0:
                break  # no ")" after any later "](#" either
            out.append(text[last:i])
            out.append(text[i + 1:j])
            last = k + 1
            i = text.find("[", last)
        else:
            i = text.find("[", j + 1)
    out.append(text[last:])
    return "".join(out)


def clean(raw: str) -> str:
    """Clean one passage's raw text (the ``text`` column): invisible characters (see
    :func:`visible`), ``**``/``*`` markup, ``[...](#)`` links and footnote markers removed,
    whitespace normalised.

    Example:
        >>> clean('The **Kommunist** group (see [section H.3](#)) was *right*.[12]')
        'The Kommunist group (see section H.3) was right.'
    """
    require_str(raw, "raw", "clean")
    text = _strip_links(visible(raw))
    text = _FOOTNOTE_BRACKET.sub("", text)
    text = _FOOTNOTE_GLUED.sub("", text)
    text = _MARKUP.sub("", text)
    text = " ".join(text.split())  # = _SPACE.sub(" ", text).strip(), faster
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)
