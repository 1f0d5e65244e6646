"""Quotations: who quotes whom."""

from standpoint.quotations.spans import SPAN_COLUMNS, quoted_spans

__all__ = ["SPAN_COLUMNS", "quoted_spans"]
