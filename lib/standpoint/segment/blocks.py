"""Split raw texts into passages, with offsets back into the raw text and a voice for each.

The public entry points are :func:`passages` (the whole corpus) and :func:`split_text`
(any text a user pastes in). Both return the passages DataFrame:

==============  =====================================================================
column          meaning
==============  =====================================================================
passage_id      ``doc_id:NNN``, numbered from 001 in text order (stable for a given text)
doc_id          the document
tradition       the tradition that wrote the document ('' for pasted text)
section         the nearest heading above the passage ('' before the first heading;
                "Notes" for footnote lists)
start, end      character offsets: ``raw[start:end]`` is the passage's raw text, exactly
text            cleaned text: ``**``/``*`` markup, ``[section H.x](#)`` links and footnote
                markers removed, whitespace normalised
voice           ``author``; ``quotation`` (opens with a quote mark, or an unmarked block
                quote after a lead-in); ``note`` (footnote lists)
quoted_share    fraction of the cleaned text's characters inside quotation marks
n_words         number of words in ``text``
==============  =====================================================================

How the text is read (see :func:`segment_blocks`): every non-blank line is a unit; a unit
that ends in mid-sentence is joined to the next (page breaks split some paragraphs); units
are then classified as furniture (not a passage: "Printer-friendly version", a table of
contents, taxonomy footers, a by-line), heading (not a passage; becomes ``section``), or
passage. Every visible character of the raw text lies in exactly one block.

Invisible characters (format and direction marks such as U+202C, zero-width spaces, BOMs, soft
hyphens, variation selectors, control characters: see :func:`visible`) never decide anything:
a unit is classified by its visible text, a line of invisible characters only is a blank line,
and the cleaned ``text`` leaves them out (the raw offsets still include them).

Every pattern and loop here takes time linear in the length of the text, whatever its shape
(long runs of digits, brackets, quote marks, tabs, one huge line): no regular expression
scans to the end of the text again from every position of a run, and no loop walks back over
everything seen so far (``tests/test_linear_time.py`` keeps it so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from standpoint.text.checks import require_str as _require_str
from standpoint.text.markup import _MARKUP, clean, visible
from standpoint.text.quotes import (
    OPEN_QUOTES,
    _share,
    authorial_share,
    quotation_spans,
    quote_spans,
)

PASSAGE_COLUMNS = [
    "passage_id", "doc_id", "tradition", "section", "start", "end",
    "text", "voice", "quoted_share", "quoted_spans", "authorial_share", "n_words",
]
VOICES = ("author", "quotation", "note")
NOTES_SECTION = "Notes"  # the section of footnote lists (they belong to no heading above them)
#: A paragraph with less of its text in the author's own words (outside the quoted spans of
#: :func:`~standpoint.text.quotes.quotation_spans`) is someone else's voice; measured against
#: hand labels (``corpus/voice_labels.csv``, see ``standpoint.segment.voice_accuracy``).
AUTHORIAL_MIN = 0.45

_LEADING_JUNK = re.compile(r"^[\s*_…]+|^(?:\. ){2,}\.?\s*")

# ---------------------------------------------------------------- furniture ----
_PRINTER = re.compile(r"^printer-friendly version$", re.I)
_CONTENTS = re.compile(r"^(table of )?contents$", re.I)
_BYLINE = re.compile(r"^By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}$")
_TAXONOMY = re.compile(r"^[A-Z][^.?!:]{0,80}:$")  # "Historic events:", "People:" at the end

_SPACE = re.compile(r"\s+")

# --------------------------------------------------------------------- voice ----
_NOTE_START = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\s)")
_CITATION_LINE = re.compile(r"^\[[^\[\]]+\]\.?$")
_BULLET = re.compile(r"^\s*[•\-–*]\s")
# a block quote ends with a footnote marker or a bibliographic parenthesis / bracket: see
# _ends_with_reference (the regex r"(?:\[\d{1,3}\]|\([^()]*\d[^()]*\)|\[[^\[\]]*(?:Cit|p\.|pp\.)
# [^\[\]]*\])[.*\s]*$", which is quadratic on "(" and a long run of digits, read from the end)
_FOOTNOTE_NUMBER = re.compile(r"\d{1,3}")
_DIGIT = re.compile(r"\d")
# an author reporting someone else's words inline: "argued that ‘...", "saying: “..."
_REPORTING = re.compile(
    r"\b(?:that|because|saying|said|says|argued|argues|wrote|writes|warned|stated|adding|"
    r"declared|noted|notes|claimed|insisted|concluded|recalled|called)[,:]?\s+[‘“\"']"
)
# words after which a line cannot end a sentence: the paragraph was broken mid-phrase
_MID_PHRASE = {
    "a", "an", "the", "its", "their", "his", "her", "our", "of", "to", "in", "on", "at",
    "for", "with", "by", "from", "and", "or", "as", "is", "was", "were", "are", "be",
    "been", "into", "than", "this", "these", "those", "within", "between", "such", "not",
}
_LEADIN_WORDS = {"that", "because", "finally", "follows", "saying", "thus", "below"}


@dataclass(frozen=True)
class Block:
    """A span of the raw text: ``kind`` is ``passage``, ``heading`` or ``furniture``."""

    start: int
    end: int
    kind: str
    voice: str = ""


def _units(raw: str) -> list[tuple[int, int]]:
    """Every non-blank line as a (start, end) span with surrounding whitespace trimmed (a line
    of whitespace and invisible characters only is blank)."""
    units = []
    for m in re.finditer(r"[^\n]+", raw):
        line = m.group()
        stripped = line.strip()
        if not stripped or not visible(stripped).strip():
            continue
        lead = len(line) - len(line.lstrip())
        units.append((m.start() + lead, m.start() + lead + len(stripped)))
    return units


def _plain(s: str) -> str:
    return _MARKUP.sub("", s).strip()


def _is_toc_entry(s: str) -> bool:
    """``re.search(r"\\t\\s*\\d+\\s*$", s)`` (a table of contents entry ends in a tab and a
    page number), read from the end: the regex is quadratic on a long run of tabs."""
    end = len(s.rstrip())
    digits = end
    while digits and s[digits - 1].isdecimal():
        digits -= 1
    if digits == end:
        return False
    space = digits
    while space and s[space - 1].isspace():
        space -= 1
    return "\t" in s[space:digits]


def _ends_with_reference(s: str) -> bool:
    """Does ``s`` end (but for dots, stars and whitespace) with a footnote marker ``[12]``,
    a parenthesis with a digit in it ``(Allen 2015)``, or a bracket with ``Cit``, ``p.`` or
    ``pp.`` in it ``[Op. Cit., p. 4]``? The same answer as the regex it replaces (quoted in
    the comment above ``_FOOTNOTE_NUMBER``), found from the end in linear time."""
    end = len(s)
    while end and (s[end - 1] in ".*" or s[end - 1].isspace()):
        end -= 1
    if not end or s[end - 1] not in ")]":
        return False
    close = s[end - 1]
    pair = "(" if close == ")" else "["
    opened = max(s.rfind(pair, 0, end - 1), s.rfind(close, 0, end - 1))
    if opened < 0 or s[opened] != pair:
        return False  # no opening bracket, or another bracket in between
    if close == ")":
        return _DIGIT.search(s, opened + 1, end - 1) is not None
    inner = s[opened + 1:end - 1]
    return bool(_FOOTNOTE_NUMBER.fullmatch(inner)) or "Cit" in inner or "p." in inner


def _opens_with_quote(s: str) -> bool:
    s = _LEADING_JUNK.sub("", s)
    return bool(s) and s[0] in OPEN_QUOTES


def _is_heading(s: str, *, first: bool) -> bool:
    p = _plain(s)
    if not p or p[0] in OPEN_QUOTES or p[0] == "[" or _BULLET.match(s) or p[0].islower():
        return False
    words = p.split()
    if first and len(words) <= 40 and p[-1] not in ".,;:!":
        return True
    if len(words) > 14 or len(p) > 110 or p[-1] in ".,;:!":
        return False
    if p[-1] in "\"”’'»)" and (len(words) > 12 or re.search(r"[.!?;:][\"”’'»)]*$", p)):
        return False
    if p.endswith("?") and re.search(r"[?.!]\s", p):  # several sentences: prose, not a title
        return False
    return True


def _ends_mid_sentence(s: str) -> bool:
    p = _plain(s)
    return bool(p) and (p[-1].isalpha() and p[-1].islower() or p[-1] == ",")


def _continues(prev: str, nxt: str) -> bool:
    """Was the paragraph ``prev`` broken off in mid-sentence, ``nxt`` being its rest?"""
    if prev.count("[") > prev.count("]"):  # a bracketed reference cut in two: "[Op." / "Cit."
        return True
    if _CITATION_LINE.match(_plain(nxt)):  # a quotation's reference set on a line of its own
        return True
    return _ends_mid_sentence(prev) and (
        _first_char(nxt).islower() or _last_word(prev) in _MID_PHRASE
    )


def _continues_quotation(prev: str, s: str, clean=clean, quote_spans=quote_spans) -> bool:
    """Does ``s`` finish a quotation left open at the end of ``prev``? True when ``prev`` ends
    inside a double quote and most of ``s`` comes before its first closing double quote."""
    prev_text = clean(prev)
    spans = quote_spans(prev_text)
    if not spans or spans[-1][1] != len(prev_text) or prev_text[spans[-1][0]] not in "“\"":
        return False
    if prev_text[-1] in "”\"":  # the quotation closed after all
        return False
    text = clean(s)
    close = re.search(r"[”\"](?=[\s.,;:)]|$)", text)
    return close is not None and close.start() >= 0.5 * len(text)


def _last_word(s: str) -> str:
    words = re.findall(r"[A-Za-z]+", _plain(s))
    return words[-1].lower() if words else ""


def _first_char(s: str) -> str:
    s = _LEADING_JUNK.sub("", s)
    return s[:1]


def segment_blocks(raw: str, *, has_title: bool = False) -> list[Block]:
    """Cut ``raw`` into non-overlapping blocks covering every non-blank character.

    ``has_title``: the first line is the document's title (true for corpus texts, false for
    pasted text). Returns blocks in text order.

    Example:
        >>> raw = "Title\\n\\nPrinter-friendly version\\n\\nFirst para.\\n\\nHe said:\\n\\nA quote.[1]\\n"
        >>> [(b.kind, b.voice, raw[b.start:b.end]) for b in segment_blocks(raw, has_title=True)]
        [('heading', '', 'Title'), ('furniture', '', 'Printer-friendly version'), ('passage', 'author', 'First para.'), ('passage', 'author', 'He said:'), ('passage', 'quotation', 'A quote.[1]')]
    """
    _require_str(raw, "raw", "segment_blocks")
    return _segment(raw, has_title, _Memo())[0]


class _Memo:
    """Within one text, the cleaned text, quote spans and quoted share of each passage are
    computed once (segmentation needs them several times, and so does the frame)."""

    def __init__(self, authorial_min: float = AUTHORIAL_MIN):
        self.authorial_min = authorial_min
        self.clean: dict[str, str] = {}
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self.share: dict[str, float] = {}
        self.quoted: dict[str, list[tuple[int, int]]] = {}  # authorial paragraphs' quoted spans

    def cleaned(self, raw: str) -> str:
        out = self.clean.get(raw)
        if out is None:
            out = self.clean[raw] = clean(raw)
        return out

    def quote_spans(self, text: str) -> list[tuple[int, int]]:
        out = self.spans.get(text)
        if out is None:
            out = self.spans[text] = quote_spans(text)
        return out

    def quoted_share(self, text: str) -> float:
        out = self.share.get(text)
        if out is None:
            out = self.share[text] = _share(text, self.quote_spans(text) if text else [])
        return out


def _segment(raw: str, has_title: bool, memo: _Memo) -> tuple[list[Block], _Memo]:
    """:func:`segment_blocks`, with ``memo`` filled for :func:`_frame`."""
    cleaned, share_of = memo.cleaned, memo.quoted_share
    units = _units(raw)
    # every decision reads the visible text: the raw text with its invisible characters deleted
    text = [visible(raw[a:b]).strip() for a, b in units]
    n = len(units)
    kind = ["passage"] * n

    # furniture ---------------------------------------------------------------
    for i, s in enumerate(text):
        p = _plain(s)
        if _PRINTER.match(p) or _is_toc_entry(s) or _CONTENTS.match(p) or _BYLINE.match(p):
            kind[i] = "furniture"
    # taxonomy footers: a trailing run of short "Label:" lines
    i = n - 1
    while i >= 0 and (kind[i] == "furniture" or _TAXONOMY.match(_plain(text[i]))):
        kind[i] = "furniture"
        i -= 1

    # notes: a trailing run of "[1] ..." / "1 ..." lines (before any footer) ---------
    note = [False] * n
    i = n - 1
    while i >= 0 and kind[i] == "furniture":
        i -= 1
    while i >= 0 and _NOTE_START.match(text[i]) and len(_plain(text[i]).split()) > 3:
        note[i] = True
        i -= 1
    for i, s in enumerate(text):
        if re.match(r"^\s*\[\d{1,3}\]\s", s):
            note[i] = True

    # headings ------------------------------------------------------------------
    first_content = next((i for i in range(n) if kind[i] != "furniture"), None)
    last_content = max((i for i in range(n) if kind[i] != "furniture"), default=-1)
    for i, s in enumerate(text):
        if kind[i] == "furniture" or note[i]:
            continue
        is_last = i == n - 1 or last_content <= i  # only furniture after it
        after_broken = i > 0 and kind[i - 1] == "passage" and _continues(text[i - 1], s)
        if not is_last and not after_broken and _is_heading(s, first=has_title and i == first_content):
            kind[i] = "heading"

    # join lines broken in mid-sentence ----------------------------------------
    groups: list[list[int]] = []
    for i in range(n):
        if kind[i] != "passage" or note[i]:
            groups.append([i])
            continue
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and kind[prev] == "passage"
            and not note[prev]
            and _continues(text[prev], text[i])
        ):
            groups[-1].append(i)
        else:
            groups.append([i])

    # voice ---------------------------------------------------------------------
    blocks: list[Block] = []
    in_block_quote = False
    prev_passage: str | None = None
    for g in groups:
        first, last = g[0], g[-1]
        start, end = units[first][0], units[last][1]
        s = visible(raw[start:end]).strip()
        if kind[first] != "passage":
            blocks.append(Block(start, end, kind[first]))
            in_block_quote = False
            prev_passage = None
            continue
        if note[first]:
            blocks.append(Block(start, end, "passage", "note"))
            in_block_quote = False
            continue
        lead_in = prev_passage is not None and (
            _plain(prev_passage).endswith(":")
            or (_ends_mid_sentence(prev_passage) and _last_word(prev_passage) in _LEADIN_WORDS)
        )
        plain = _plain(s)
        if _opens_with_quote(s):
            voice = "quotation"
            in_block_quote = False
        elif _BULLET.match(s):
            voice = "author"
            in_block_quote = False
        elif lead_in or (in_block_quote and not _REPORTING.search(plain)):
            voice = "quotation"
            in_block_quote = not _ends_with_reference(plain)
        else:
            voice = "author"
            in_block_quote = False
        if voice == "author" and prev_passage is not None and _continues_quotation(
                prev_passage, s, cleaned, memo.quote_spans):
            voice = "quotation"  # the rest of a quotation opened in the previous paragraph
        share = share_of(cleaned(s))
        if voice == "quotation" and _opens_with_quote(s) and share < 0.5 and len(s) > 200:
            voice = "author"  # a scare-quoted phrase opening an authorial paragraph
        blocks.append(Block(start, end, "passage", voice))
        prev_passage = s
    return _span_voices(raw, blocks, memo), memo


def _span_voices(raw: str, blocks: list[Block], memo: _Memo) -> list[Block]:
    """Second pass: the quoted spans of every authorial paragraph (:func:`quotation_spans`; a
    quotation left open at its end runs on when the next passage is a quotation), and its
    voice by its authorial share: below :data:`AUTHORIAL_MIN` it is someone else's words."""
    out = []
    passage_at = [i for i, b in enumerate(blocks) if b.kind == "passage"]
    following = {i: blocks[j] for i, j in zip(passage_at, passage_at[1:])}
    for i, b in enumerate(blocks):
        if b.kind == "passage" and b.voice == "author":
            text = memo.cleaned(raw[b.start:b.end])
            nxt = following.get(i)
            spans = quotation_spans(text, continues=nxt is not None and nxt.voice == "quotation")
            memo.quoted[text] = spans
            if authorial_share(text, spans) < memo.authorial_min:
                b = Block(b.start, b.end, b.kind, "quotation")
        out.append(b)
    return out


