"""Verdicts: what a tradition concludes about a group (its position statement, from
``corpus/positions.csv``), and the spread of its passage codes behind it.

``reports`` is never a verdict. When a corpus has no position statement for a pair (a new
corpus in progress), :func:`provisional_verdict` derives one from the codes and says so
(``verdict_source == "codes"``).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from standpoint.corpus import NOT_ABOUT, REPORTS, SILENT

#: the judgement stances, in the order ties are broken (a tie between judgements is mixed)
JUDGEMENTS = ("criticises", "endorses", "mixed")
UNCODED = "uncoded"  # about the group, but not one passage coded yet (a corpus in progress)


def verdict_counts(annotations: pd.DataFrame, stances: list[str]) -> dict[str, int]:
    """How many coded passages of each stance (every stance of ``stances``, zeros
    included, in that order).

    Example:
        >>> a = pd.DataFrame({"stance": ["criticises", "reports", "criticises"]})
        >>> verdict_counts(a, ["endorses", "criticises", "mixed", "reports", "not-about"])
        {'endorses': 0, 'criticises': 2, 'mixed': 0, 'reports': 1, 'not-about': 0}
    """
    counts = Counter(annotations["stance"]) if len(annotations) else Counter()
    return {s: int(counts.get(s, 0)) for s in stances}


def provisional_verdict(counts: dict[str, int], passages: int) -> str:
    """A verdict from the codes alone, for a pair with no position statement: ``silent`` when
    no authorial passage is about the group and none judges it; else the most frequent
    judgement (a tie between two judgements is ``mixed``); ``neutral`` when the codes only
    report; ``uncoded`` when passages are about the group but none is coded yet (a corpus in
    progress: no verdict can be read from nothing).

    Example:
        >>> provisional_verdict({"criticises": 3, "endorses": 1, "reports": 9}, 5)
        'criticises'
        >>> provisional_verdict({"criticises": 2, "endorses": 2}, 4), provisional_verdict({}, 0)
        ('mixed', 'silent')
        >>> provisional_verdict({"reports": 4, "not-about": 1}, 4)
        'neutral'
        >>> provisional_verdict({"reports": 0, "criticises": 0}, 6)
        'uncoded'
    """
    judged = {s: counts.get(s, 0) for s in JUDGEMENTS}
    if passages == 0 and not any(judged.values()):
        return SILENT
    if not any(counts.values()):
        return UNCODED
    top = max(judged.values())
    if top == 0:
        return "neutral"
    winners = [s for s in JUDGEMENTS if judged[s] == top]
    return winners[0] if len(winners) == 1 else "mixed"


def substantive(annotations: pd.DataFrame) -> pd.DataFrame:
    """The codes that say something of the group (all but ``not-about``).

    Example:
        >>> substantive(pd.DataFrame({"stance": ["reports", "not-about"]}))["stance"].tolist()
        ['reports']
    """
    if annotations.empty:
        return annotations
    return annotations[annotations["stance"] != NOT_ABOUT]


def theme_counts(annotations: pd.DataFrame) -> list[tuple[str, int]]:
    """``(theme, count)`` over the annotations' ``themes`` lists, most frequent first, ties
    alphabetical.

    Example:
        >>> a = pd.DataFrame({"themes": [["bureaucracy", "trade-unions"], ["trade-unions"]]})
        >>> theme_counts(a)
        [('trade-unions', 2), ('bureaucracy', 1)]
    """
    counts = Counter(t for themes in annotations["themes"] for t in themes)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

__all__ = ["JUDGEMENTS", "REPORTS", "UNCODED", "provisional_verdict", "substantive", "theme_counts",
           "verdict_counts"]
