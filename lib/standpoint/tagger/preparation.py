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
from functools import lru_cache

from standpoint.errors import InputError
from standpoint.text.quotes import normalise, quote_spans
from standpoint.text.references import reference_spans

QUOTE_TOKEN = "_quote_"
#: the token each kind of :func:`~standpoint.text.references.reference_spans` becomes
REFERENCE_TOKENS = {"bibref": "_bibref_", "cite": "_cite_", "page": "_page_", "xref": "_xref_"}
SUBJECT_TOKEN = "_group_"
MASKS = ("none", "numbers", "names")
CITATIONS = ("keep", "strip", "tokens")
NAMES = ("token", "delete")

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


def name_candidates(text: str) -> frozenset[str]:
    """The lower-cased capitalised words of ``text`` that :func:`mask_names` with a lexicon
    keeps or masks depending on whether the lexicon holds them (words of doctrine are always
    kept): what a change of lexicon can change in a text.

    Example:
        >>> sorted(name_candidates("Then Kollontai met the Leninists of the ICC."))
        ['kollontai', 'then']
    """
    return frozenset(w.lower() for w in _CAPITALISED.findall(require_text(text, "text"))
                     if not _DOCTRINE.search(w))


@lru_cache(maxsize=64)
def subject_pattern(subjects: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for the phrases of ``subjects`` (the names of what the corpus is about,
    e.g. every alias of every opposition): whole words, case-insensitive, an apostrophe
    optional ("Workers Opposition"), longest phrase first. ``None`` for no phrases.

    Example:
        >>> subject_pattern(("Workers' Opposition",)).sub("_", "the workers opposition won")
        'the _ won'
    """
    phrases = sorted({normalise(p).strip() for p in subjects if p and p.strip()},
                     key=lambda p: (-len(p), p))
    if not phrases:
        return None
    alternatives = [re.escape(p).replace("'", "'?") for p in phrases]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?!\w)", re.I)


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
                 citations: str = "tokens", lexicon: frozenset[str] | None = None,
                 subjects: tuple[str, ...] = (), names: str = "token") -> str:
    """Rewrite one text into the token stream the tagger reads.

    Steps, in order: with ``strip_quotes`` every quoted span (outermost, as
    :func:`~standpoint.text.quotes.quote_spans` finds them) becomes ``_quote_``; quote
    characters are normalised (:func:`~standpoint.text.quotes.normalise`); references
    (:func:`~standpoint.text.references.reference_spans`: ``[Daniels, Op. Cit., p. 114]``,
    ``(Allen 2015)``, ``p. 12``, ``see section H.3``) become ``_bibref_`` / ``_cite_`` /
    ``_page_`` / ``_xref_`` with ``citations="tokens"`` (the default), are removed with
    ``"strip"``, stay with ``"keep"``; ``mask="numbers"`` turns years and numbers into
    ``_year_`` / ``_num_``; with ``mask`` other than ``"none"``, the phrases of
    ``subjects`` (:func:`subject_pattern`) become ``_group_``; ``mask="names"`` also turns
    proper names into ``_name_`` (:func:`mask_names` with ``lexicon``). With
    ``names="delete"`` subjects and names are deleted instead of becoming tokens: a token
    for "the group this text is about" would still carry one document's topic.
    ``mask="none"`` masks nothing.

    Example:
        >>> prepare_text('In 1921 Kollontai wrote “all power to the soviets” (Allen 2015).')
        'In _year_ _name_ wrote _quote_ _cite_ .'
        >>> prepare_text('As Lenin put it [Daniels, Op. Cit., p. 114], the party decides.',
        ...              citations="strip")
        'As _name_ put it , the party decides.'
        >>> prepare_text("Lenin attacked the Workers' Opposition.", lexicon=frozenset({"attacked", "the"}),
        ...              subjects=("Workers' Opposition",), names="delete")
        'attacked the .'
    """
    require_text(text, "text")
    if mask not in MASKS:
        raise InputError(f"mask must be 'none', 'numbers' or 'names', not {mask!r}")
    if citations not in CITATIONS:
        raise InputError(f"citations must be 'keep', 'strip' or 'tokens', not {citations!r}")
    if names not in NAMES:
        raise InputError(f"names must be 'token' or 'delete', not {names!r}")
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
    pattern = subject_pattern(tuple(subjects)) if mask != "none" and subjects else None
    if pattern is not None:
        text = pattern.sub(f" {SUBJECT_TOKEN} " if names == "token" else " ", text)
    if mask == "names":
        text = mask_names(text, lexicon, "_name_" if names == "token" else " ")
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)
def _prepared_without_names(text: str, strip_quotes: bool, masked: bool, citations: str,
                            subjects: tuple[str, ...], names: str) -> str:
    return prepare_text(text, strip_quotes=strip_quotes, mask="numbers" if masked else "none",
                        citations=citations, subjects=subjects, names=names)


def prepare_texts(texts: list[str], *, strip_quotes: bool = True, mask: str = "names",
                  citations: str = "tokens", subjects: tuple[str, ...] = (),
                  names: str = "token", lexicon: frozenset[str] | None = None
                  ) -> tuple[list[str], frozenset[str] | None]:
    """:func:`prepare_text` for many texts, and the lexicon of common words the names were
    told by: ``lexicon`` if given, else (with ``mask="names"``) :func:`lowercase_lexicon`
    of these very texts (what a model learns in ``fit``). Everything but the name masking
    is remembered per text, so the folds of an evaluation prepare each text once.

    Example:
        >>> prepared, lexicon = prepare_texts(["Lenin and the party.", "The party of Lenin."])
        >>> prepared, sorted(lexicon)
        (['_name_ and the party.', 'The party of _name_.'], ['and', 'of', 'party', 'the'])
    """
    if mask not in MASKS:
        raise InputError(f"mask must be 'none', 'numbers' or 'names', not {mask!r}")
    stage = [_prepared_without_names(require_text(t, "texts"), bool(strip_quotes),
                                     mask != "none", citations, tuple(subjects), names)
             for t in texts]
    if mask != "names":
        return stage, None
    if lexicon is None:
        lexicon = lowercase_lexicon(stage)
    token = "_name_" if names == "token" else " "
    return [" ".join(mask_names(t, lexicon, token).split()) for t in stage], lexicon
