"""The passages table: :func:`passages` (the corpus) and :func:`split_text` (any text a user
gives) return one row per passage (columns: :data:`~standpoint.segment.blocks.PASSAGE_COLUMNS`),
and :func:`passage_voice` is the voice of a text that arrives as one passage.
"""

from __future__ import annotations

import pandas as pd

from standpoint.errors import InputError
from standpoint.segment.blocks import (
    AUTHORIAL_MIN,
    NOTES_SECTION,
    PASSAGE_COLUMNS,
    Block,
    _Memo,
    _opens_with_quote,
    _segment,
)
from standpoint.text.checks import described, require_str
from standpoint.text.markup import clean
from standpoint.text.quotes import authorial_share, quotation_spans, quoted_share


def _check_min(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InputError(f"authorial_min: expected a number from 0 to 1, got {described(value)}")
    return float(value)


def _frame(raw: str, blocks: list[Block], doc_id: str, tradition: str,
           memo: _Memo | None = None) -> pd.DataFrame:
    memo = memo if memo is not None else _Memo()
    cols: dict[str, list] = {c: [] for c in PASSAGE_COLUMNS}
    section = ""
    number = 0
    for b in blocks:
        if b.kind == "heading":
            section = memo.cleaned(raw[b.start:b.end])
            continue
        if b.kind != "passage":
            continue
        text = memo.cleaned(raw[b.start:b.end])
        if not text:
            continue
        number += 1
        # someone else's words: the quoted spans of a paragraph read as the author's (also when
        # they outweigh its own words, and it became a quotation), else all of it
        spans = memo.quoted[text] if text in memo.quoted else (
            quotation_spans(text) if b.voice == "author" else [(0, len(text))])
        cols["passage_id"].append(f"{doc_id}:{number:03d}")
        cols["section"].append(NOTES_SECTION if b.voice == "note" else section)
        cols["start"].append(b.start)
        cols["end"].append(b.end)
        cols["text"].append(text)
        cols["voice"].append(b.voice)
        cols["quoted_share"].append(memo.quoted_share(text))
        cols["quoted_spans"].append(spans)
        cols["authorial_share"].append(authorial_share(text, spans))
        cols["n_words"].append(len(text.split()))
    cols["doc_id"] = [doc_id] * number
    cols["tradition"] = [tradition] * number
    # (no passage: an empty frame of object columns, as pd.DataFrame([]) makes)
    frame = pd.DataFrame(cols if number else [], columns=PASSAGE_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "n_words": "int64",
                         "quoted_share": "float64", "authorial_share": "float64"})


def split_text(text: str, doc_id: str = "input", tradition: str = "", *,
               authorial_min: float = AUTHORIAL_MIN) -> pd.DataFrame:
    """Split any text (e.g. pasted by a user) into passages, with the same columns as
    :func:`passages` (``authorial_min`` likewise). The first line is not assumed to be a title.

    Example:
        >>> df = split_text('The group was right.\\n\\n"Power to the soviets," said Lenin.')
        >>> list(df["voice"])
        ['author', 'quotation']
        >>> df.loc[0, "passage_id"]
        'input:001'
    """
    require_str(text, "text", "split_text")
    require_str(doc_id, "doc_id", "split_text")
    require_str(tradition, "tradition", "split_text")
    blocks, memo = _segment(text, False, _Memo(_check_min(authorial_min)))
    return _frame(text, blocks, doc_id, tradition, memo)


def passages(corpus, *, authorial_min: float = AUTHORIAL_MIN) -> pd.DataFrame:
    """All passages of a :class:`~standpoint.corpus.Corpus`, in registry then text order.

    ``authorial_min``: an authorial paragraph with less of its text outside quotations is a
    quotation (default :data:`~standpoint.segment.blocks.AUTHORIAL_MIN`, measured against hand
    labels; ``0`` keeps the paragraph-level voice, as :func:`voice_curve` needs). Raises :class:`~standpoint.errors.InputError` if ``corpus`` is not a Corpus (or one of its
    documents has no text).

    Example:
        >>> from standpoint import load_corpus
        >>> df = passages(load_corpus())
        >>> df.loc[0, "passage_id"], df.loc[0, "voice"]
        ('icc-communist-left-1:001', 'author')
        >>> passages(None)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: passages: corpus must be a Corpus (from load_corpus()), got None
    """
    from standpoint.corpus import Corpus

    if not isinstance(corpus, Corpus):
        raise InputError(
            f"passages: corpus must be a Corpus (from load_corpus()), got {described(corpus)}")
    frames = []
    for row in corpus.documents.itertuples(index=False):
        raw = corpus.texts.get(row.doc_id)
        if not isinstance(raw, str):
            raise InputError(f"passages: corpus has no text for document '{row.doc_id}'")
        blocks, memo = _segment(raw, True, _Memo(_check_min(authorial_min)))
        frames.append(_frame(raw, blocks, row.doc_id, row.tradition, memo))
    if not frames:
        return _frame("", [], "", "")
    return pd.concat(frames, ignore_index=True)


def passage_voice(raw: str) -> str:
    """The voice :func:`split_text` gives ``raw`` read as ONE passage with no paragraph
    before it (no lead-in, no quotation running on from above): ``quotation`` if it opens
    with a quote mark (unless it is a long paragraph mostly outside quote marks, which opens
    on a scare quote) or less than :data:`AUTHORIAL_MIN` of it is outside the quotations
    (:func:`~standpoint.text.quotes.quotation_spans`), else ``author``. Used for texts that arrive already cut into passages (``tag --jsonl``).

    Example:
        >>> passage_voice('"All power to the soviets," said Lenin.')
        'quotation'
        >>> passage_voice("The Workers' Opposition lost in 1921.")
        'author'
    """
    if not isinstance(raw, str):
        raise InputError(f"raw: expected a string, got {type(raw).__name__}")
    s = raw.strip()
    text = clean(s)
    if _opens_with_quote(s):
        return "author" if quoted_share(text) < 0.5 and len(s) > 200 else "quotation"
    return "quotation" if authorial_share(text, quotation_spans(text)) < AUTHORIAL_MIN else "author"
