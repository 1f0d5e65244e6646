"""The comparison of one opposition, narrowed to the traditions a reader chose: the same typed
rows (:class:`~standpoint.comparison.Comparison`), rendered by the one renderer of comparisons
(:mod:`standpoint.render.comparison`: :func:`~standpoint.render.comparison.to_html`,
:func:`~standpoint.render.comparison.cells`, :func:`~standpoint.render.comparison.records`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from standpoint.comparison import CompareError, Comparison
from standpoint.render.comparison import CELL_COLUMNS, cells, records, to_html


def select_traditions(comparison: Comparison,
                      traditions: Iterable[str] | None = None) -> Comparison:
    """``comparison`` with only the rows of ``traditions`` (all for ``None``), in its table
    order; everything else (the frames behind the rows, the disputed facts) is kept. An
    unknown tradition is a :class:`~standpoint.comparison.CompareError` listing the valid ones.

    Example:
        >>> from standpoint.comparison import compare
        >>> c = select_traditions(compare("left-opposition"), ["academic", "trotskyist"])
        >>> [r.tradition for r in c.rows], c.traditions
        (['trotskyist', 'academic'], ['trotskyist', 'academic'])
    """
    if traditions is None:
        return comparison
    wanted = [traditions] if isinstance(traditions, str) else list(traditions)
    unknown = [t for t in wanted if t not in comparison.traditions]
    if unknown:
        raise CompareError(f"unknown tradition {unknown[0]!r} "
                           f"(valid: {', '.join(comparison.traditions)})")
    keep = [t for t in comparison.traditions if t in wanted]
    return replace(comparison, rows=tuple(r for r in comparison.rows if r.tradition in keep),
                   traditions=keep)


def comparison_table(comparison: Comparison,
                     traditions: Iterable[str] | None = None) -> pd.DataFrame:
    """The comparison rows of ``traditions`` as the flat cells every table shows
    (:func:`standpoint.render.comparison.cells`; columns
    :data:`~standpoint.render.comparison.CELL_COLUMNS`).

    Example:
        >>> from standpoint.comparison import compare
        >>> table = comparison_table(compare("left-opposition"), ["trotskyist"])
        >>> table[["tradition", "verdict"]].values.tolist()
        [['trotskyist', 'endorses']]
    """
    return pd.DataFrame(cells(select_traditions(comparison, traditions)), columns=CELL_COLUMNS)


def comparison_records(comparison: Comparison,
                       traditions: Iterable[str] | None = None) -> list[dict]:
    """The comparison rows of ``traditions`` as typed objects
    (:func:`standpoint.render.comparison.records`, the contract of ``standpoint compare
    --format json``).

    Example:
        >>> from standpoint.comparison import compare
        >>> [r["passage_id"] for r in comparison_records(compare("left-opposition"), ["trotskyist"])]
        ['harman-revolution-lost:069']
    """
    return records(select_traditions(comparison, traditions))


def comparison_html(comparison: Comparison, traditions: Iterable[str] | None = None) -> str:
    """The comparison rows of ``traditions`` as the project's HTML table
    (:func:`standpoint.render.comparison.to_html`).

    Example:
        >>> from standpoint.comparison import compare
        >>> html = comparison_html(compare("left-opposition"), ["icc"])
        >>> "harman-revolution-lost:069" in html, html.count("<tr")
        (False, 2)
    """
    return to_html(select_traditions(comparison, traditions))
