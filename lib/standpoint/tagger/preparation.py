"""Text preparation: the token stream the tagger reads instead of the raw text.

What a text *quotes* is not what its tradition *says*, and whom or when it names is one text's
topic, not its register; so quoted spans become ``_quote_``, references become ``_bibref_`` /
``_cite_`` / ``_page_`` / ``_xref_`` (or go), years and numbers become ``_year_`` / ``_num_``
and proper names ``_name_``. The spans come from the shared text primitives
(:func:`standpoint.text.quotes.quote_spans`, :func:`standpoint.text.quotes.normalise`,
:func:`standpoint.text.references.reference_spans`); this module only decides what replaces
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from standpoint.errors import InputError
from standpoint.text.quotes import normalise, quote_spans
from standpoint.text.references import reference_spans

QUOTE_TOKEN = "_quote_"
#: the token each kind of :func:`~standpoint.text.references.reference_spans` becomes
REFERENCE_TOKENS = {"bibref": "_bibref_", "cite": "_cite_", "page": "_page_", "xref": "_xref_"}
MASKS = ("none", "numbers", "names")
CITATIONS = ("keep", "strip", "tokens")

_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d(?:s|'s)?\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b")
# a capitalised word (not an acronym: "ICC" stays)
_CAPITALISED = re.compile(r"\b[A-Z][a-z][\w-]*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][\w-]*")
# words of doctrine keep their form even when capitalised: -ism, -ist, -ite, -ik, -ian
_DOCTRINE = re.compile(r"(?:isms?|ists?|ites?|iks?|iki|ians?)$")
_SENTENCE_START = re.compile(r"(?:[.!?:]\s+|[\"'(\[]\s*)$")
_DIGIT = re.compile(r"\d")


def kind(value) -> str:
    """How an error message names the type of ``value``.

    Example:
        >>> kind(None), kind("a"), kind([1])
        ('None', 'str', 'list')
    """
    return "None" if value is None else type(value).__name__


def require_text(value, name: str) -> str:
    """``value`` if it is a string, else an :class:`~standpoint.errors.InputError` naming
    ``name``.

    Example:
        >>> require_text(3, "text")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: text: expected a string, got int
    """
    if not isinstance(value, str):
        raise InputError(f"{name}: expected a string, got {kind(value)}")
    return value


def lowercase_lexicon(texts: Iterable[str]) -> frozenset[str]:
    """Words that occur written in lowercase somewhere in ``texts``: common words. A
    capitalised word whose lowercase form is not in it is taken for a proper name.

    Example:
        >>> sorted(lowercase_lexicon(["Lenin and the party", "The Party"]))
        ['and', 'party', 'the']
    """
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        raise InputError(f"texts: expected a list of texts, got {kind(texts)}")
    words: set[str] = set()
    for t in texts:
        words.update(_LOWER_WORD.findall(require_text(t, "texts")))
    return frozenset(words)


def mask_names(text: str, lexicon: frozenset[str] | None, token: str = "_name_") -> str:
    """``text`` with its proper names replaced by ``token``: capitalised words whose
    lowercase form is not in ``lexicon`` (:func:`lowercase_lexicon` of the training texts);
    without a lexicon, capitalised words that do not open a sentence. Words of doctrine
    (``Leninists``, ``Bolshevik``, ``Stalinism``) and acronyms (``ICC``) are kept. With
    ``token=""`` the names are deleted.

    Example:
        >>> mask_names("Then Kollontai met the Leninists of the ICC.", None)
        'Then _name_ met the Leninists of the ICC.'
        >>> mask_names("Then Kollontai met the Leninists.", frozenset({"then", "met", "the"}), "")
        'Then  met the Leninists.'
    """
    require_text(text, "text")

    def repl(m: re.Match) -> str:
        word = m.group()
        if _DOCTRINE.search(word):
            return word
        if lexicon is None:  # no lexicon: only words that do not open a sentence
            opens = m.start() == 0 or _SENTENCE_START.search(text[max(0, m.start() - 8):m.start()])
            return word if opens else token
        return word if word.lower() in lexicon else token

    return _CAPITALISED.sub(repl, text)


def _replace_spans(text: str, spans, token_of) -> str:
    parts, last = [], 0
    for span in spans:
        a, b = span[0], span[1]
        parts.append(text[last:a])
        parts.append(token_of(span))
        last = b
    parts.append(text[last:])
    return "".join(parts)


def prepare_text(text: str, *, strip_quotes: bool = True, mask: str = "names",
                 citations: str = "tokens", lexicon: frozenset[str] | None = None) -> str:
    """Rewrite one text into the token stream the tagger reads.

    Steps, in order: with ``strip_quotes`` every quoted span (outermost, as
    :func:`~standpoint.text.quotes.quote_spans` finds them) becomes ``_quote_``; quote
    characters are normalised (:func:`~standpoint.text.quotes.normalise`); references
    (:func:`~standpoint.text.references.reference_spans`: ``[Daniels, Op. Cit., p. 114]``,
    ``(Allen 2015)``, ``p. 12``, ``see section H.3``) become ``_bibref_`` / ``_cite_`` /
    ``_page_`` / ``_xref_`` with ``citations="tokens"`` (the default), are removed with
    ``"strip"``, stay with ``"keep"``; ``mask="numbers"`` turns years and numbers into
    ``_year_`` / ``_num_``; ``mask="names"`` also turns proper names into ``_name_``
    (:func:`mask_names` with ``lexicon``). ``mask="none"`` masks nothing.

    Example:
        >>> prepare_text('In 1921 Kollontai wrote “all power to the soviets” (Allen 2015).')
        'In _year_ _name_ wrote _quote_ _cite_ .'
        >>> prepare_text('As Lenin put it [Daniels, Op. Cit., p. 114], the party decides.',
        ...              citations="strip")
        'As _name_ put it , the party decides.'
    """
    require_text(text, "text")
    if mask not in MASKS:
        raise InputError(f"mask must be 'none', 'numbers' or 'names', not {mask!r}")
    if citations not in CITATIONS:
        raise InputError(f"citations must be 'keep', 'strip' or 'tokens', not {citations!r}")
    if strip_quotes:
        spans = quote_spans(text)
        if spans:
            text = _replace_spans(text, spans, lambda _: f" {QUOTE_TOKEN} ")
    text = normalise(text)
    if citations != "keep":
        spans = reference_spans(text)
        if spans:
            tokens = citations == "tokens"
            text = _replace_spans(text, spans,
                                  lambda s: f" {REFERENCE_TOKENS[s[2]]} " if tokens else " ")
    if mask != "none" and _DIGIT.search(text):  # (both patterns need a digit)
        text = _NUMBER.sub("_num_", _YEAR.sub("_year_", text))
    if mask == "names":
        text = mask_names(text, lexicon)
    return " ".join(text.split())
