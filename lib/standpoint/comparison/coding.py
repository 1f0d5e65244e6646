"""How complete and how reliable the hand codes are:

- :func:`coding_coverage`: every authorial passage that topic attribution assigns to a group
  is coded (a stance, ``reports``, or ``not-about``, which counts a topic-attribution error);
- :func:`double_coding_kappa`: Cohen's kappa between the first coder and a blind second coder
  on the double-coded sample, per field (stance; themes as one yes/no decision per theme).
"""

from __future__ import annotations

import warnings

import pandas as pd


def coding_coverage(passages: pd.DataFrame, topics: pd.DataFrame,
                    annotations: pd.DataFrame) -> dict:
    """Share of the (authorial passage, opposition) pairs of topic attribution that are coded.

    Returns ``{"pairs", "coded", "coverage", "uncoded" (list of pairs), "not_about"}``:
    ``not_about`` counts the coded topic pairs the coder found not to be about the group
    (topic-attribution false positives).

    Example:
        >>> p = pd.DataFrame({"passage_id": ["a", "b"], "voice": ["author", "quotation"]})
        >>> t = pd.DataFrame({"passage_id": ["a", "b"], "opposition": ["x", "x"]})
        >>> a = pd.DataFrame({"passage_id": ["a"], "opposition": ["x"], "stance": ["not-about"]})
        >>> r = coding_coverage(p, t, a)
        >>> r["pairs"], r["coverage"], r["not_about"]
        (1, 1.0, 1)
    """
    if "is_topic" in topics.columns:
        topics = topics[topics["is_topic"].astype(bool)]
    authorial = set(passages.loc[passages["voice"] == "author", "passage_id"])
    pairs = {(p, o) for p, o in zip(topics["passage_id"], topics["opposition"]) if p in authorial}
    coded = dict(zip(zip(annotations["passage_id"], annotations["opposition"]),
                     annotations["stance"]))
    done = pairs & set(coded)
    return {"pairs": len(pairs), "coded": len(done),
            "coverage": round(len(done) / len(pairs), 4) if pairs else 1.0,
            "uncoded": sorted(pairs - done),
            "not_about": sum(coded[k] == "not-about" for k in done)}


def _kappa(a: list, b: list) -> float:
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(a, b))


def double_coding_kappa(double: pd.DataFrame, themes: list[str]) -> dict:
    """Agreement of the two coders on the double-coded sample (``load_double_coding()``).

    Returns ``{"n", "stance_kappa", "stance_agreement", "themes_kappa",
    "themes_agreement", "stance_confusion"}``: stance over the stances as coded; themes as
    one yes/no decision per (pair, theme of ``themes``), pooled; the confusion matrix of
    stances (rows: first coder, columns: second coder).

    Example:
        >>> d = pd.DataFrame({"coder1_stance": ["criticises", "reports", "endorses", "reports"],
        ...                   "coder2_stance": ["criticises", "reports", "reports", "reports"],
        ...                   "coder1_themes": [["a"], ["b"], ["a"], []],
        ...                   "coder2_themes": [["a"], ["b"], ["b"], []]})
        >>> r = double_coding_kappa(d, ["a", "b"])
        >>> r["n"], round(r["stance_kappa"], 3), r["stance_agreement"]
        (4, 0.556, 0.75)
    """
    s1, s2 = list(double["coder1_stance"]), list(double["coder2_stance"])
    t1 = [t in set(row) for row in double["coder1_themes"] for t in themes]
    t2 = [t in set(row) for row in double["coder2_themes"] for t in themes]
    labels = sorted(set(s1) | set(s2))
    confusion = pd.crosstab(pd.Categorical(s1, categories=labels),
                            pd.Categorical(s2, categories=labels), dropna=False)
    confusion.index.name, confusion.columns.name = "coder 1", "coder 2"
    return {"n": len(double), "stance_kappa": _kappa(s1, s2),
            "stance_agreement": round(sum(a == b for a, b in zip(s1, s2)) / len(s1), 4) if s1 else float("nan"),
            "themes_kappa": _kappa(t1, t2),
            "themes_agreement": round(sum(a == b for a, b in zip(t1, t2)) / len(t1), 4) if t1 else float("nan"),
            "stance_confusion": confusion}
