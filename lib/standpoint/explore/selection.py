"""The comparison of one opposition, narrowed to the traditions a reader chose: the same typed
rows (:class:`~standpoint.comparison.Comparison`), so the one renderer of comparisons
(:mod:`standpoint.render.comparison`) shows them (:mod:`standpoint.render.explore_html`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from standpoint.comparison import CompareError, Comparison


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


