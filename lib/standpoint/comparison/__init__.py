"""Comparison: how the traditions judge one opposition, side by side (:func:`compare`)."""

from standpoint.comparison.assemble import (
    CompareError,
    Comparison,
    comparable_oppositions,
    compare,
    shared_inputs,
)

__all__ = ["CompareError", "Comparison", "comparable_oppositions", "compare", "shared_inputs"]
