"""Render DataFrames for the command line: ``table``, ``csv``, ``json`` and ``jsonl``.

Every renderer is deterministic (the same frame gives the same bytes) and returns text
ending in a newline (except ``jsonl`` for an empty frame, which is empty):

- ``table``: for people, like ``DataFrame.to_string(index=False)`` but with text columns
  left-aligned, long strings shortened to :data:`TABLE_WIDTH` characters with ``…`` and
  whitespace runs shown as one space, floats with :data:`FLOAT_DIGITS` decimals.
- ``csv``: everything, in full (``index=False``, ``\\n`` line ends).
- ``json``: an array of records, keys in column order, floats rounded to
  :data:`FLOAT_DIGITS` decimals, missing values as ``null``, UTF-8 (not ``\\u`` escapes).
- ``jsonl``: the same records, one compact object per line.

pandas is imported only by the functions that need it, so importing this module is cheap.
"""

from __future__ import annotations

from standpoint.errors import StandpointError

import csv
import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMATS = ("table", "csv", "json", "jsonl")
FLOAT_DIGITS = 4
TABLE_WIDTH = 80


class FormatError(StandpointError, ValueError):
    """An unknown output format (the message lists the valid ones)."""


def check_format(fmt: str, valid: tuple[str, ...] = FORMATS) -> str:
    """Return ``fmt`` if it is one of ``valid``, else raise :class:`FormatError`.

    Example:
        >>> check_format("csv")
        'csv'
        >>> check_format("xml")
        Traceback (most recent call last):
        ...
        standpoint.formats.FormatError: unknown format 'xml' (valid: table, csv, json, jsonl)
    """
    if fmt not in valid:
        raise FormatError(f"unknown format {fmt!r} (valid: {', '.join(valid)})")
    return fmt


def shorten(value: str, width: int = TABLE_WIDTH) -> str:
    """One line of at most ``width`` characters (runs of whitespace, line breaks and tabs
    become one space), ending in ``…`` if it was cut.

    Example:
        >>> shorten("a\\n\\tb")
        'a b'
        >>> shorten("abcdefgh", width=5)
        'abcd…'
    """
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def to_jsonable(value: Any, digits: int = FLOAT_DIGITS) -> Any:
    """Convert pandas / numpy / dataclass values into plain JSON values.

    Floats are rounded to ``digits`` decimals, ``NaN`` becomes ``None``, a DataFrame with
    a plain 0..n-1 index becomes a list of records and any other DataFrame a mapping
    ``index -> record`` (e.g. a confusion matrix ``true -> {predicted: count}``).

    Example:
        >>> import pandas as pd
        >>> to_jsonable({"f1": 0.123456, "n": pd.Series([1, 2]).sum(), "x": float("nan")})
        {'f1': 0.1235, 'n': 3, 'x': None}
        >>> to_jsonable(pd.DataFrame({"a": [1]}, index=["icc"]))
        {'icc': {'a': 1}}
        >>> to_jsonable(pd.DataFrame({"a": [0.5, 1.0]}))
        [{'a': 0.5}, {'a': 1.0}]
    """
    import dataclasses

    import numpy as np
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        if isinstance(value.index, pd.RangeIndex) and value.index.start == 0 and value.index.step == 1:
            return [to_jsonable(dict(zip(value.columns, row)), digits)
                    for row in value.itertuples(index=False, name=None)]
        return {to_jsonable(k, digits): to_jsonable(dict(zip(value.columns, row)), digits)
                for k, row in zip(value.index, value.itertuples(index=False, name=None))}
    if isinstance(value, pd.Series):
        return {to_jsonable(k, digits): to_jsonable(v, digits) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name), digits)
                for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {_key(to_jsonable(k, digits)): to_jsonable(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v, digits) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v, digits) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, digits)
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _key(key: Any) -> Any:
    return key if isinstance(key, str) else json.dumps(key)


def records(df: pd.DataFrame, digits: int = FLOAT_DIGITS) -> list[dict[str, Any]]:
    """The rows of ``df`` as JSON-ready dicts, keys in column order.

    Example:
        >>> import pandas as pd
        >>> records(pd.DataFrame({"id": ["a"], "p": [1 / 3]}))
        [{'id': 'a', 'p': 0.3333}]
    """
    columns = [str(c) for c in df.columns]
    return [dict(zip(columns, (to_jsonable(v, digits) for v in row)))
            for row in df.itertuples(index=False, name=None)]


def render_table(df: pd.DataFrame, width: int = TABLE_WIDTH) -> str:
    """A plain-text table for people: text left-aligned and shortened to ``width``
    characters, numbers right-aligned, floats with :data:`FLOAT_DIGITS` decimals.

    Example:
        >>> import pandas as pd
        >>> print(render_table(pd.DataFrame({"id": ["a", "bb"], "p": [0.5, 1 / 3]})), end="")
        id       p
        a   0.5000
        bb  0.3333
    """
    import pandas as pd

    columns = []
    for name in df.columns:
        values = df[name]
        kind = values.dtype.kind
        if kind == "f":
            cells = ["" if pd.isna(v) else f"{v:.{FLOAT_DIGITS}f}" for v in values]
        elif kind in "iub":
            cells = [str(v) for v in values]
        else:
            cells = ["" if _is_missing(v) else shorten(str(v), width) for v in values]
        header = shorten(str(name), width)
        cell_width = max([len(header)] + [len(c) for c in cells])
        align = str.rjust if kind in "iuf" else str.ljust
        columns.append([align(c, cell_width) for c in [header] + cells])
    if not columns:
        return "\n"
    lines = ["  ".join(row).rstrip() for row in zip(*columns)]
    return "\n".join(lines) + "\n"


def _is_missing(value: Any) -> bool:
    import pandas as pd

    return not isinstance(value, (list, tuple, dict)) and bool(pd.isna(value))


def render_csv(df: pd.DataFrame) -> str:
    """Every column in full, as CSV with ``\\n`` line ends and no index.

    Example:
        >>> import pandas as pd
        >>> print(render_csv(pd.DataFrame({"id": ["a"], "text": ["x, y"]})), end="")
        id,text
        a,"x, y"
    """
    # csv quotes a field holding "\n" but not one holding a lone "\r", which a reader then
    # takes for a line end: if any cell has one, quote every text field
    quoting = csv.QUOTE_NONNUMERIC if _has_carriage_return(df) else csv.QUOTE_MINIMAL
    return df.to_csv(index=False, lineterminator="\n", quoting=quoting)


def _has_carriage_return(df: pd.DataFrame) -> bool:
    cells = (v for name in df.columns if df[name].dtype.kind not in "iufb" for v in df[name])
    return any("\r" in str(c) for c in df.columns) or any(
        isinstance(v, str) and "\r" in v for v in cells)


def render_json(df: pd.DataFrame) -> str:
    """A JSON array of records (keys in column order, floats rounded, UTF-8 kept).

    Example:
        >>> import pandas as pd
        >>> print(render_json(pd.DataFrame({"id": ["é"], "p": [2 / 3]})), end="")
        [
          {"id": "é", "p": 0.6667}
        ]
    """
    rows = [json.dumps(r, ensure_ascii=False) for r in records(df)]
    if not rows:
        return "[]\n"
    return "[\n" + ",\n".join("  " + r for r in rows) + "\n]\n"


def render_jsonl(df: pd.DataFrame) -> str:
    """One JSON object per line (same records as :func:`render_json`).

    Example:
        >>> import pandas as pd
        >>> print(render_jsonl(pd.DataFrame({"id": ["a", "b"], "n": [1, 2]})), end="")
        {"id": "a", "n": 1}
        {"id": "b", "n": 2}
    """
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(df))


def render(df: pd.DataFrame, fmt: str) -> str:
    """Render ``df`` in one of :data:`FORMATS`; raises :class:`FormatError` otherwise.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"id": ["a"], "p_icc": [0.25]})
        >>> render(df, "jsonl")
        '{"id": "a", "p_icc": 0.25}\\n'
        >>> render(df, "yaml")
        Traceback (most recent call last):
        ...
        standpoint.formats.FormatError: unknown format 'yaml' (valid: table, csv, json, jsonl)
    """
    renderers = {"table": render_table, "csv": render_csv, "json": render_json,
                 "jsonl": render_jsonl}
    return renderers[check_format(fmt)](df)
