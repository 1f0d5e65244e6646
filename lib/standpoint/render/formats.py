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

:func:`render_chunks` gives the same text in pieces of :data:`CHUNK_ROWS` rows, so that a
command can write a large table without holding all of its text at once.

pandas is imported only by the functions that need it, so importing this module is cheap.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from standpoint.errors import InputError, StandpointError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMATS = ("table", "csv", "json", "jsonl")
FLOAT_DIGITS = 4
TABLE_WIDTH = 80
#: rows rendered at a time by :func:`render_chunks`
CHUNK_ROWS = 5_000


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
        standpoint.render.formats.FormatError: unknown format 'xml' (valid: table, csv, json, jsonl)
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
    _check_frame(df)
    columns = [str(c) for c in df.columns]
    if not columns:
        return [{} for _ in range(len(df))]
    values = [_jsonable_column(df.iloc[:, i], digits) for i in range(len(columns))]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _jsonable_column(values: pd.Series, digits: int) -> list[Any]:
    """:func:`to_jsonable` of every value of one column (the same values, converted a
    column at a time where the column's NumPy type allows it)."""
    import numpy as np

    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [round(v, digits) if math.isfinite(v) else None for v in values.tolist()]
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return values.tolist()
    return [v if type(v) is str else to_jsonable(v, digits) for v in values.tolist()]


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
    return "".join(_table_chunks(_check_frame(df), width, CHUNK_ROWS))


def _table_cells(values: pd.Series, width: int) -> list[str]:
    import pandas as pd

    kind = values.dtype.kind
    if kind == "f":
        return ["" if pd.isna(v) else f"{v:.{FLOAT_DIGITS}f}" for v in values]
    if kind in "iub":
        return [str(v) for v in values]
    return ["" if _is_missing(v) else shorten(str(v), width) for v in values]


def _cells_width(values: pd.Series, width: int, rows: int) -> int:
    """The width of the widest of :func:`_table_cells` of ``values`` (a NumPy number column
    is measured from its extremes alone: a longer number never prints shorter)."""
    import numpy as np

    dtype = values.dtype
    if len(values) and isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        arr = values.to_numpy()
        if dtype.kind == "f":
            finite = arr[np.isfinite(arr)]
            negative = np.signbit(finite)  # (-0.0 prints its sign: the sign decides)
            extremes = [part.max() if k else part.min()
                        for k, part in ((1, finite[~negative]), (0, finite[negative])) if part.size]
            extremes += [v for v in (np.inf, -np.inf) if (arr == v).any()]
            return max((len(f"{v:.{FLOAT_DIGITS}f}") for v in extremes), default=0)
        return max(len(str(arr.min())), len(str(arr.max())))
    return max((len(c) for start in range(0, len(values), rows)
                for c in _table_cells(values.iloc[start:start + rows], width)), default=0)


def _table_chunks(df: pd.DataFrame, width: int, rows: int) -> Iterator[str]:
    """:func:`render_table` in pieces of ``rows`` rows: the column widths are measured on
    the whole frame first, then the lines are made a piece at a time."""
    if len(df.columns) == 0:
        yield "\n"
        return
    starts = range(0, len(df), rows)
    headers, widths, aligns = [], [], []
    for i in range(len(df.columns)):
        values = df.iloc[:, i]
        header = shorten(str(df.columns[i]), width)
        cell_width = max(len(header), _cells_width(values, width, rows))
        align = str.rjust if values.dtype.kind in "iuf" else str.ljust
        headers.append(align(header, cell_width))
        widths.append(cell_width)
        aligns.append(align)
    yield "  ".join(headers).rstrip() + "\n"
    for start in starts:
        part = df.iloc[start:start + rows]
        columns = [[align(c, w) for c in _table_cells(part.iloc[:, i], width)]
                   for i, (w, align) in enumerate(zip(widths, aligns))]
        yield "".join("  ".join(row).rstrip() + "\n" for row in zip(*columns))


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
    return "".join(_csv_chunks(_check_frame(df), CHUNK_ROWS))


def _csv_chunks(df: pd.DataFrame, rows: int) -> Iterator[str]:
    # csv quotes a field holding "\n" but not one holding a lone "\r", which a reader then
    # takes for a line end: if any cell has one, quote every text field
    quoting = csv.QUOTE_NONNUMERIC if _has_carriage_return(df) else csv.QUOTE_MINIMAL
    if len(df) == 0:
        yield df.to_csv(index=False, lineterminator="\n", quoting=quoting)
    for start in range(0, len(df), rows):
        yield df.iloc[start:start + rows].to_csv(index=False, header=start == 0,
                                                 lineterminator="\n", quoting=quoting)


def _has_carriage_return(df: pd.DataFrame) -> bool:
    cells = (v for i in range(len(df.columns)) if df.iloc[:, i].dtype.kind not in "iufb"
             for v in df.iloc[:, i])
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
    return "".join(_json_chunks(_check_frame(df), CHUNK_ROWS))


def _json_chunks(df: pd.DataFrame, rows: int) -> Iterator[str]:
    if len(df) == 0:
        yield "[]\n"
        return
    for start in range(0, len(df), rows):
        lines = [json.dumps(r, ensure_ascii=False) for r in records(df.iloc[start:start + rows])]
        yield ("[\n  " if start == 0 else ",\n  ") + ",\n  ".join(lines)
    yield "\n]\n"


def render_jsonl(df: pd.DataFrame) -> str:
    """One JSON object per line (same records as :func:`render_json`).

    Example:
        >>> import pandas as pd
        >>> print(render_jsonl(pd.DataFrame({"id": ["a", "b"], "n": [1, 2]})), end="")
        {"id": "a", "n": 1}
        {"id": "b", "n": 2}
    """
    return "".join(_jsonl_chunks(_check_frame(df), CHUNK_ROWS))


def _jsonl_chunks(df: pd.DataFrame, rows: int) -> Iterator[str]:
    for start in range(0, len(df), rows):
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n"
                      for r in records(df.iloc[start:start + rows]))


_CHUNKERS = {"table": lambda df, rows: _table_chunks(df, TABLE_WIDTH, rows),
             "csv": _csv_chunks, "json": _json_chunks, "jsonl": _jsonl_chunks}


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
        standpoint.render.formats.FormatError: unknown format 'yaml' (valid: table, csv, json, jsonl)
    """
    return "".join(render_chunks(df, fmt))


def render_chunks(df: pd.DataFrame, fmt: str, rows: int | None = None) -> Iterator[str]:
    """The text of :func:`render` in pieces of at most ``rows`` rows each (default
    :data:`CHUNK_ROWS`; the table's
    column widths are measured on the whole frame first), so a large table can be written
    without all of its text in memory: ``"".join(render_chunks(df, fmt)) == render(df, fmt)``.
    The format and the frame are checked before the first piece.

    Example:
        >>> import pandas as pd
        >>> list(render_chunks(pd.DataFrame({"n": [1, 2, 3]}), "csv", rows=2))
        ['n\\n1\\n2\\n', '3\\n']
    """
    check_format(fmt)
    _check_frame(df)
    rows = CHUNK_ROWS if rows is None else rows
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise InputError(f"rows: expected a number of rows (an integer >= 1), got {rows!r}")
    return _CHUNKERS[fmt](df, rows)


def _check_frame(df: Any) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        kind = "None" if df is None else type(df).__name__
        raise InputError(f"df: expected a pandas DataFrame, got {kind}")
    return df
