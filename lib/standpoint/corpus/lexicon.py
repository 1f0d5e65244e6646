"""The evaluative lexicon (``corpus/evaluative_lexicon.csv``): praise and blame words of this
register, each with a polarity and a note. :func:`load_lexicon` reads and checks it; the stance
heuristic (:mod:`standpoint.stance`) scores passages with it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_utf8
from standpoint.errors import StandpointError
from standpoint.text.tokens import words as tokens_of

LEXICON_COLUMNS = ["word", "polarity", "note"]


POLARITIES = (-2, -1, 1, 2)


class LexiconError(StandpointError, ValueError):
    """A problem with the evaluative lexicon file (the message names file, row and problem)."""


def default_lexicon_path() -> Path:
    """``corpus/evaluative_lexicon.csv`` in the project.

    Example:
        >>> default_lexicon_path().name
        'evaluative_lexicon.csv'
    """
    return default_root() / "evaluative_lexicon.csv"


def load_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the evaluative lexicon (columns ``word``, ``polarity``, ``note``).

    ``word`` is returned normalised (lower case, one space between tokens, a hyphen read
    as a space); ``polarity`` as int64 in {-2, -1, 1, 2}. Rows keep the file order.
    Raises :class:`LexiconError` naming the file, the row (line number) and the problem:
    file missing, missing or unexpected column, empty word, empty note, polarity not in
    the allowed set, duplicate word (after normalisation).

    Example:
        >>> lex = load_lexicon()
        >>> lex.columns.tolist()
        ['word', 'polarity', 'note']
        >>> 80 <= len(lex) <= 200 and set(lex.polarity) <= {-2, -1, 1, 2}
        True
    """
    path = Path(path) if path is not None else default_lexicon_path()
    text = read_utf8(path, LexiconError)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in LEXICON_COLUMNS if c not in header]
    if missing:
        raise LexiconError(f"{path}: missing column(s) {', '.join(missing)}")
    extra = [c for c in header if c not in LEXICON_COLUMNS]
    if extra:
        raise LexiconError(f"{path}: unexpected column(s) {', '.join(extra)}")
    index = {c: header.index(c) for c in LEXICON_COLUMNS}
    rows, seen = [], {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        values = values + [""] * (len(header) - len(values))
        raw_word, raw_pol, note = (values[index[c]].strip() for c in LEXICON_COLUMNS)
        word = " ".join(tokens_of(raw_word))
        if not word:
            raise LexiconError(f"{path}: row {line}: empty word")
        if not re.fullmatch(r"[+-]?\d+", raw_pol) or int(raw_pol) not in POLARITIES:
            raise LexiconError(
                f"{path}: row {line}: polarity {raw_pol!r} for {word!r} not in -2, -1, +1, +2")
        if not note:
            raise LexiconError(f"{path}: row {line}: empty note for {word!r}")
        if word in seen:
            raise LexiconError(
                f"{path}: row {line}: duplicate word {word!r} (first on row {seen[word]})")
        seen[word] = line
        rows.append({"word": word, "polarity": int(raw_pol), "note": note})
    frame = pd.DataFrame(rows, columns=LEXICON_COLUMNS)
    return frame.astype({"polarity": "int64"})
