"""Comparison: how the traditions judge one opposition, side by side (:func:`compare`), as
typed data (:mod:`standpoint.comparison.model`)."""

from standpoint.comparison.assemble import (
    KEYNESS_OPTIONS,
    CompareError,
    comparable_oppositions,
    compare,
    shared_inputs,
    verdicts,
)
from standpoint.comparison.citations import Citation, cite, short_source
from standpoint.comparison.model import Comparison, Quotation, TraditionRow

__all__ = ["Citation", "CompareError", "Comparison", "KEYNESS_OPTIONS", "Quotation",
           "TraditionRow", "cite", "comparable_oppositions", "compare", "shared_inputs",
           "short_source", "verdicts"]
