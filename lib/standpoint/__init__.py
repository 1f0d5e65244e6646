"""standpoint: comparative-perspective analysis of rival accounts of the same events.

The pipeline (each step's output is the next one's input)::

    load_corpus()  ->  passages(corpus)  ->  TraditionTagger / evaluation  ->  tables, figures

Heavy modules (scikit-learn, matplotlib) are imported lazily, on first use of a name.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Corpus": "standpoint.corpus",
    "CorpusError": "standpoint.corpus",
    "load_corpus": "standpoint.corpus",
    "passages": "standpoint.segment",
    "split_text": "standpoint.segment",
    "StandpointError": "standpoint.errors",
    "InputError": "standpoint.errors",
    "TraditionTagger": "standpoint.tagger",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'standpoint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
