"""What a user hands to standpoint, read and checked before any work is done.

- :func:`read_input`: a UTF-8 text from a file or ``-`` (stdin), at most
  :data:`MAX_INPUT_BYTES` bytes. A larger input is refused without being read: a file's size
  is checked first, and a stream is read only up to one byte past the limit.
- :func:`parse_jsonl` and :func:`jsonl_passages`: JSON lines (one passage per line, with a
  ``text`` string and an optional ``id``) into the passages table that
  :func:`standpoint.tagger.tag_passages` reads. Lines are split on ``\\n`` only, so a JSON
  string holding U+2028 is one line, as JSON says, and line numbers count input lines.
- :func:`check_frame`, :func:`check_text_column`: the argument checks that the public
  functions taking a DataFrame share.

Every problem raises :class:`standpoint.errors.InputError` with a message that names the
file (or stdin) and line, or the argument. Importing this module is cheap (no pandas).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from standpoint.errors import InputError

#: The most bytes :func:`read_input` accepts (``standpoint tag``'s limit): 16 MB, about fifty
#: times the corpus. Measured (``make bench``, ``tag_memory``; benchmarks/README.md): 16 MB of
#: prose is tagged in about 27 s with a peak of 213 MB, no more than a one-paragraph input;
#: the worst shape of text (a two-character passage every 4 bytes) needs 1.9 GB and about
#: 5 minutes at this size, which is what the limit bounds.
MAX_INPUT_BYTES = 16_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def _type(value: Any) -> str:
    return "None" if value is None else type(value).__name__


# ------------------------------------------------------------------------ reading ----
def read_input(source: str | os.PathLike, *, limit: int = MAX_INPUT_BYTES) -> tuple[str, str]:
    """Read UTF-8 text from a file path or ``-`` (stdin); return ``(text, doc_id)``.

    ``doc_id`` is the file's stem, or ``stdin``. A leading byte-order mark is dropped.
    Raises :class:`~standpoint.errors.InputError` for a missing or unreadable file, a closed
    stdin, more than ``limit`` bytes (never reading more than ``limit + 1`` of them), bytes
    that are not UTF-8, or input with nothing but whitespace.

    Example:
        >>> import tempfile, os
        >>> folder = tempfile.TemporaryDirectory()
        >>> path = os.path.join(folder.name, "essay.txt")
        >>> _ = open(path, "w", encoding="utf-8").write("The party was wrong.")
        >>> read_input(path)
        ('The party was wrong.', 'essay')
        >>> read_input(path, limit=10)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: .../essay.txt: 20 bytes, more than the limit of 10 bytes (split the text into smaller files)
        >>> folder.cleanup()
        >>> read_input("/no/such/file.txt")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: /no/such/file.txt: file not found
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InputError(f"limit: expected a number of bytes (an integer >= 0), got {limit!r}")
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if not isinstance(source, str):
        raise InputError(f"source: expected a file path or '-' (stdin), got {_type(source)}")
    if source == "-":
        name, doc_id = "stdin", "stdin"
        data = _read_stdin(limit)
    else:
        name, doc_id = source, Path(source).stem or "input"
        data = _read_file(source, limit)
    if len(data) > limit:
        raise InputError(f"{name}: more than the limit of {limit:,} bytes "
                         "(split the text into smaller files)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    del data  # (the bytes are not needed any more: keep one copy of a large input)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text, doc_id


def _read_stdin(limit: int) -> bytes:
    stream = sys.stdin
    if stream is None:  # started with stdin closed (``<&-``)
        raise InputError("stdin: closed, nothing to read (give a FILE, or text on stdin)")
    reader = getattr(stream, "buffer", stream)  # (a text stream without bytes: read text)
    try:
        data = reader.read(limit + 1)
    except ValueError:  # "I/O operation on closed file"
        raise InputError("stdin: closed, nothing to read (give a FILE, or text on stdin)") from None
    except OSError as exc:
        raise InputError(f"stdin: cannot read ({exc.strerror or exc})") from None
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


def _read_file(source: str, limit: int) -> bytes:
    try:
        info = os.stat(source)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{source}: is a folder, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:  # refused unread
            raise InputError(f"{source}: {info.st_size:,} bytes, more than the limit of "
                             f"{limit:,} bytes (split the text into smaller files)")
        with open(source, "rb") as fh:  # (a pipe or device: read at most limit + 1 bytes)
            return fh.read(limit + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{source}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None


# --------------------------------------------------------------------- JSON lines ----
class _Integer(str):
    """A JSON integer kept as the digits it was written with: an ``id`` of any length is
    passed through (Python refuses to convert more than 4,300 digits to an ``int``)."""


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` split on ``\\n`` only (``str.splitlines`` also splits on
    U+2028, U+0085 and others, which are valid inside a JSON string)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def parse_jsonl(text: str, source: str = "stdin") -> list[dict[str, str]]:
    """Parse ``--jsonl`` input: one JSON object per line with a ``text`` string and an
    optional ``id`` (a string or an integer, of any length; default ``line-N``). Blank lines
    are skipped; ``N`` counts every line of the input from 1, lines ending at ``\\n`` only.
    Other keys are ignored.

    Returns ``[{"id": ..., "text": ...}, ...]``; raises
    :class:`~standpoint.errors.InputError` naming ``source`` and the line.

    Example:
        >>> parse_jsonl('{"id": "a", "text": "One."}\\n\\n{"text": "Two\\u2028lines."}\\n')
        [{'id': 'a', 'text': 'One.'}, {'id': 'line-3', 'text': 'Two\\u2028lines.'}]
        >>> parse_jsonl('{"text": "One."}\\n{"txt": "Two."}')
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: stdin: line 2: no "text" string in the JSON object
    """
    if not isinstance(text, str):
        raise InputError(f"text: expected the JSON lines as a string, got {_type(text)}")
    if not isinstance(source, str):
        raise InputError(f"source: expected a name for messages (a string), got {_type(source)}")
    items = []
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        items.append(_parse_line(line, f"{source}: line {number}", f"line-{number}"))
    if not items:
        raise InputError(f"{source}: empty input (no JSON lines)")
    return items


def _parse_line(line: str, where: str, default_id: str) -> dict[str, str]:
    try:
        obj = json.loads(line, parse_int=_Integer)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # (any other value the decoder refuses)
        raise InputError(f"{where}: invalid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object with a \"text\" string")
    body = obj.get("text")
    if not isinstance(body, str) or isinstance(body, _Integer):
        raise InputError(f"{where}: no \"text\" string in the JSON object")
    if not body.strip():
        raise InputError(f"{where}: \"text\" is empty")
    ident = obj.get("id", default_id)
    if not isinstance(ident, str):  # (an integer is an _Integer, a str; true/false are not)
        raise InputError(f"{where}: \"id\" must be a string or an integer")
    for key, value in (("id", ident), ("text", body)):
        bad = _SURROGATE.search(value)
        if bad:
            raise InputError(f"{where}: \"{key}\" holds a lone surrogate "
                             f"(U+{ord(bad.group()):04X} at character {bad.start() + 1}), "
                             "which is not a character")
    return {"id": str(ident), "text": body}


def jsonl_passages(items: Iterable[dict[str, str]], doc_id: str = "stdin"):
    """A passages DataFrame (the columns of :func:`standpoint.segment.split_text`) with one
    passage per item of :func:`parse_jsonl`; ``passage_id`` is the item's id, ``voice`` the
    segmenter's rule for one passage (:func:`standpoint.segment.passage_voice`).

    Example:
        >>> df = jsonl_passages([{"id": "q1", "text": '"Power to the soviets!"'}])
        >>> df.loc[0, "passage_id"], df.loc[0, "voice"], int(df.loc[0, "n_words"])
        ('q1', 'quotation', 4)
        >>> jsonl_passages([{"id": "q1"}])
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: items: item 1: expected a dict with "id" and "text" strings
    """
    import pandas as pd

    from standpoint.segment.blocks import PASSAGE_COLUMNS
    from standpoint.segment.frame import passage_voice
    from standpoint.text.markup import clean
    from standpoint.text.quotes import authorial_share, quotation_spans, quoted_share

    if isinstance(items, (str, bytes, dict)) or not isinstance(items, Iterable):
        raise InputError(f"items: expected a list of {{\"id\", \"text\"}} dicts, got {_type(items)}")
    if not isinstance(doc_id, str):
        raise InputError(f"doc_id: expected a string, got {_type(doc_id)}")
    cols: dict[str, list] = {c: [] for c in ("passage_id", "end", "text", "voice",
                                             "quoted_share", "quoted_spans", "authorial_share",
                                             "n_words")}
    for number, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("id"), str)
                and isinstance(item.get("text"), str)):
            raise InputError(f"items: item {number}: expected a dict with \"id\" and \"text\" "
                             "strings")
        raw = item["text"]
        text = clean(raw) or raw.strip()
        cols["passage_id"].append(item["id"])
        cols["end"].append(len(raw))
        cols["text"].append(text)
        voice = passage_voice(raw)
        spans = quotation_spans(text) if voice == "author" else [(0, len(text))]
        cols["voice"].append(voice)
        cols["quoted_share"].append(quoted_share(text))
        cols["quoted_spans"].append(spans)
        cols["authorial_share"].append(authorial_share(text, spans))
        cols["n_words"].append(len(text.split()))
    n = len(cols["passage_id"])
    frame = pd.DataFrame({**cols, "doc_id": [doc_id] * n, "tradition": [""] * n,
                          "section": [""] * n, "start": [0] * n}, columns=PASSAGE_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "n_words": "int64",
                         "quoted_share": "float64", "authorial_share": "float64"})


# ---------------------------------------------------------------- argument checks ----
def check_frame(value: Any, name: str, columns: Iterable[str] = ()):
    """``value`` if it is a pandas DataFrame with every column of ``columns``, else an
    :class:`~standpoint.errors.InputError` naming the argument ``name``.

    Example:
        >>> import pandas as pd
        >>> check_frame(pd.DataFrame({"text": ["a"]}), "passages", ["text"]).shape
        (1, 1)
        >>> check_frame(None, "passages")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: passages: expected a pandas DataFrame, got None
        >>> check_frame(pd.DataFrame({"txt": ["a"]}), "passages", ["passage_id", "text"])
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: passages: no 'passage_id', 'text' column (its columns: 'txt')
    """
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise InputError(f"{name}: expected a pandas DataFrame, got {_type(value)}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        have = [repr(c) for c in value.columns[:12]]
        more = ", ..." if len(value.columns) > 12 else ""
        raise InputError(f"{name}: no {', '.join(map(repr, missing))} column "
                         f"(its columns: {', '.join(have) or 'none'}{more})")
    return value


def check_text_column(frame, name: str, column: str = "text") -> list[str]:
    """The values of ``frame[column]`` as a list, if each is a string; else an
    :class:`~standpoint.errors.InputError` naming the argument and the first bad row
    (counted from 0, in frame order).

    Example:
        >>> import pandas as pd
        >>> check_text_column(pd.DataFrame({"text": ["a", None, 3]}), "passages")
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: passages: row 1: 'text' is missing, not a string
    """
    values = frame[column].tolist()
    for row, value in enumerate(values):
        if not isinstance(value, str):
            missing = value is None or (isinstance(value, float) and value != value)
            raise InputError(f"{name}: row {row}: {column!r} is "
                             f"{'missing' if missing else _type(value)}, not a string")
    return values
