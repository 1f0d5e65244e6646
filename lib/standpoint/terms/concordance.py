"""Keyword in context: every occurrence of a word or phrase in the passages, with the text on
either side, so a scholar can read how each tradition uses a term of the keyness table.

Matching follows the tokenisation of the term statistics (:mod:`standpoint.terms.vocabulary`),
through the package's one tokeniser (:func:`standpoint.text.tokens.phrase_pattern`), so that a
term of the keyness table is found where it was counted:

- case-insensitive; curly apostrophes and quotes match straight ones (``Workers' Opposition``
  finds ``Workers’ Opposition``);
- whole words: ``party`` does not match ``partisan``, and ``revolution`` does not match inside
  ``counter-revolution`` (a hyphenated word is one token); a possessive is allowed after each
  word (``lenin`` finds ``Lenin's``, ``workers opposition`` finds ``Workers' Opposition``);
- a phrase's words may be separated by any whitespace; a possessive in the *term* is
  dropped like the tokenizer drops it (``Lenin's`` searches ``lenin``).

Unlike the keyness table, kwic searches the whole ``text`` of the passages it is given,
quotations and references included (filter the frame on ``voice`` first for authorial
passages only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from standpoint.errors import InputError
from standpoint.segment import check_frame, check_text_column
from standpoint.text.quotes import normalise
from standpoint.text.tokens import phrase_pattern

KWIC_COLUMNS = ["passage_id", "tradition", "left", "match", "right", "offset"]


def term_pattern(term: str) -> re.Pattern:
    """The compiled pattern :func:`kwic` uses for ``term`` (matched against text whose
    apostrophes have been normalised with :func:`standpoint.text.quotes.normalise`).

    Example:
        >>> p = term_pattern("workers opposition")
        >>> [m.group() for m in p.finditer("the Workers' Opposition, the workers' opposition")]
        ["Workers' Opposition", "workers' opposition"]
        >>> bool(term_pattern("revolution").search("counter-revolution"))
        False
        >>> term_pattern(None)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: term: expected a word or phrase (a string), got None
    """
    if not isinstance(term, str):
        kind = "None" if term is None else type(term).__name__
        raise InputError(f"term: expected a word or phrase (a string), got {kind}")
    try:
        return phrase_pattern(term)
    except InputError:
        raise InputError(f"term: empty search term {term!r}") from None


def kwic(passages: pd.DataFrame, term: str, *, window: int = 60,
         tradition: str | Iterable[str] | None = None,
         passage_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Every occurrence of ``term`` (a word or phrase) in the passages' ``text``.

    ``tradition``: keep only passages of this tradition (or these traditions);
    ``passage_ids``: keep only these passages (e.g. those :mod:`standpoint.topics.attribution` says are
    about one opposition). Both filters keep the frame's own order.

    Columns: ``passage_id``, ``tradition``, ``left`` (up to ``window`` characters before the
    match), ``match`` (the text as written, possessive included), ``right`` (up to ``window``
    characters after), ``offset`` (character offset of the match in ``text``). Rows: in the
    order of the passages in the frame, then of the matches in the text.

    Example:
        >>> df = pd.DataFrame({"passage_id": ["d:001", "d:002"], "tradition": ["icc", "anarchist"],
        ...                    "text": ["The Workers’ Opposition was crushed.",
        ...                             "Counter-revolution, said the workers' opposition."]})
        >>> for r in kwic(df, "Workers' Opposition", window=8).itertuples():
        ...     print(f"{r.passage_id} [{r.left}] [{r.match}] [{r.right}]")
        d:001 [The ] [Workers’ Opposition] [ was cru]
        d:002 [aid the ] [workers' opposition] [.]

    Every argument is checked first: a bad one is an :class:`~standpoint.errors.InputError`
    naming it.

        >>> kwic(df, None)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: term: expected a word or phrase (a string), got None
        >>> kwic(df[["passage_id", "tradition"]], "party")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: passages: no 'text' column (its columns: 'passage_id', 'tradition')
    """
    check_frame(passages, "passages", KWIC_COLUMNS[:2] + ["text"])
    pattern = term_pattern(term)
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise InputError(f"window: expected a number of characters (an integer >= 0), "
                         f"got {window!r}")
    wanted = _strings(tradition, "tradition")
    ids = _strings(passage_ids, "passage_ids")
    frame = passages
    if wanted is not None:
        frame = frame[frame["tradition"].isin(wanted)]
    if ids is not None:
        frame = frame[frame["passage_id"].isin(ids)]
    check_text_column(frame, "passages")
    rows = []
    for pid, trad, text in zip(frame["passage_id"].tolist(), frame["tradition"].tolist(),
                               frame["text"].tolist()):
        for m in pattern.finditer(normalise(text)):
            a, b = m.span()
            rows.append({"passage_id": pid, "tradition": trad,
                         "left": text[max(0, a - window):a], "match": text[a:b],
                         "right": text[b:b + window], "offset": a})
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return out.astype({"offset": "int64"})


def _strings(value, name: str) -> list[str] | None:
    """``None``, one string, or an iterable of strings, as a list (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        values = list(value)
        if all(isinstance(v, str) for v in values):
            return values
    raise InputError(f"{name}: expected a string or a list of strings, got "
                     f"{type(value).__name__}")
