"""Aggregating the stance heuristic (:func:`stance_table`) and measuring it against the hand
codes (:func:`agreement`, Cohen's kappa with the confusion matrix)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from standpoint.stance.scoring import LABELS, TABLE_COLUMNS, _require


def _top_words(words: pd.Series, k: int) -> str:
    counts: dict[str, int] = {}
    for cell in words:
        for w in str(cell).split("; ") if cell else []:
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return "; ".join(f"{w} ({n})" for w, n in ranked)


def stance_table(passage_stance_df: pd.DataFrame, order: list[str] | None = None, *,
                 opposition_order: list[str] | None = None, top: int = 5) -> pd.DataFrame:
    """Tradition × opposition aggregates of :func:`passage_stance`.

    Columns: ``tradition``, ``opposition``, ``passages`` (pairs scored), ``evaluated``
    (pairs with at least one hit), ``positive`` and ``negative`` (sums), ``balance``
    (``(positive - negative) / (positive + negative)`` of the sums, NaN when both are 0),
    ``endorses``/``criticises``/``mixed``/``reports`` (label counts), ``top_words`` (the
    ``top`` words found in most passages, ``'word (n)'``, ties alphabetical).
    Rows: traditions in ``order`` (others after, alphabetically; traditions of ``order``
    with no row are left out), oppositions in ``opposition_order`` (default alphabetical).

    Example:
        >>> ps = pd.DataFrame({"passage_id": ["a:1", "a:2", "b:1"],
        ...     "opposition": ["wo", "wo", "wo"], "tradition": ["icc", "icc", "anarchist"],
        ...     "positive": [2, 0, 0], "negative": [1, 1, 0], "balance": [1/3, -1.0, float("nan")],
        ...     "words": ["profound; weakness", "weakness", ""],
        ...     "label": ["mixed", "criticises", "reports"], "scope": ["window"] * 3})
        >>> t = stance_table(ps, ["icc", "anarchist"])
        >>> t[["tradition", "passages", "positive", "negative", "balance", "criticises"]]
           tradition  passages  positive  negative  balance  criticises
        0        icc         2         2         2      0.0           1
        1  anarchist         1         0         0      NaN           0
        >>> t.loc[0, "top_words"]
        'weakness (2); profound (1)'
    """
    _require(passage_stance_df, "passage_stance", ["passage_id", "opposition", "tradition",
                                                   "positive", "negative", "words", "label"])
    ps = passage_stance_df
    rows = []
    for (tradition, opposition), g in ps.groupby(["tradition", "opposition"], sort=False):
        pos, neg = int(g["positive"].sum()), int(g["negative"].sum())
        labels = g["label"].value_counts()
        rows.append({
            "tradition": tradition, "opposition": opposition, "passages": len(g),
            "evaluated": int(((g["positive"] + g["negative"]) > 0).sum()),
            "positive": pos, "negative": neg,
            "balance": (pos - neg) / (pos + neg) if pos + neg else np.nan,
            **{label: int(labels.get(label, 0)) for label in LABELS},
            "top_words": _top_words(g["words"], top),
        })
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    order = list(order or [])
    t_rank = {t: k for k, t in enumerate(order)}
    o_rank = {o: k for k, o in enumerate(opposition_order or [])}
    table["_t"] = table["tradition"].map(lambda t: (t_rank.get(t, len(t_rank)), str(t)))
    table["_o"] = table["opposition"].map(lambda o: (o_rank.get(o, len(o_rank)), str(o)))
    table = table.sort_values(["_t", "_o"], kind="stable").drop(columns=["_t", "_o"])
    ints = ["passages", "evaluated", "positive", "negative", *LABELS]
    return table.astype({c: "int64" for c in ints} | {"balance": "float64"}).reset_index(drop=True)


def _collapse(stances: pd.Series) -> str:
    """One annotated stance for a pair annotated several times (several anchors)."""
    found = set(stances)
    evaluative = found - {"reports"}
    if not evaluative:
        return "reports"
    if len(evaluative) == 1:
        return evaluative.pop()
    return "mixed"


def agreement(passage_stance_df: pd.DataFrame, annotations_df: pd.DataFrame) -> dict:
    """Agreement of the heuristic labels with the hand annotations, pair by pair.

    Pairs are (passage_id, opposition) present in both frames. A pair annotated more than
    once (several anchors) is collapsed to one stance: the single evaluative stance if
    there is one, ``mixed`` if the rows disagree (endorses + criticises, or any
    ``mixed``), ``reports`` if all rows report. Annotation rows with an empty opposition
    or a stance outside the four labels (``not-about``: the passage is not about the group, a
    topic-attribution error the heuristic cannot express) are ignored.

    Returns a dict: ``kappa`` (Cohen's kappa, :func:`sklearn.metrics.cohen_kappa_score`,
    NaN when undefined: no pairs, or both sides use one label), ``agreement`` (raw share
    of equal labels, NaN without pairs), ``n`` (pairs), ``confusion`` (DataFrame of
    counts, rows = annotated stance, columns = heuristic label, both in the order
    endorses, criticises, mixed, reports), ``pairs`` (the merged pairs: ``passage_id,
    opposition, annotated, heuristic``).

    Example:
        >>> ps = pd.DataFrame({"passage_id": ["a", "b", "c", "d"], "opposition": ["x"] * 4,
        ...                    "label": ["endorses", "criticises", "criticises", "reports"]})
        >>> an = pd.DataFrame({"passage_id": ["a", "b", "c", "d"], "opposition": ["x"] * 4,
        ...                    "stance": ["endorses", "criticises", "mixed", "reports"]})
        >>> r = agreement(ps, an)
        >>> r["n"], r["agreement"], round(r["kappa"], 3)
        (4, 0.75, 0.667)
    """
    from sklearn.metrics import cohen_kappa_score

    _require(passage_stance_df, "passage_stance", ["passage_id", "opposition", "label"])
    _require(annotations_df, "annotations", ["passage_id", "opposition", "stance"])
    an = annotations_df[["passage_id", "opposition", "stance"]].dropna()
    an = an.assign(stance=an["stance"].astype(str).str.strip(),
                   opposition=an["opposition"].astype(str).str.strip())
    an = an[(an["opposition"] != "") & an["stance"].isin(LABELS)]
    annotated = (an.groupby(["passage_id", "opposition"], sort=True)["stance"]
                 .agg(_collapse).rename("annotated").reset_index())
    heuristic = (passage_stance_df[["passage_id", "opposition", "label"]]
                 .drop_duplicates(["passage_id", "opposition"])
                 .rename(columns={"label": "heuristic"}))
    pairs = annotated.merge(heuristic, on=["passage_id", "opposition"], how="inner")
    pairs = pairs.sort_values(["passage_id", "opposition"]).reset_index(drop=True)
    labels = list(LABELS)
    confusion = pd.crosstab(pd.Categorical(pairs["annotated"], categories=labels),
                            pd.Categorical(pairs["heuristic"], categories=labels),
                            dropna=False).reindex(index=labels, columns=labels, fill_value=0)
    confusion = confusion.astype("int64")
    confusion.index.name, confusion.columns.name = "annotated", "heuristic"
    n = len(pairs)
    if n == 0:
        return {"kappa": float("nan"), "agreement": float("nan"), "n": 0,
                "confusion": confusion, "pairs": pairs}
    raw = float((pairs["annotated"] == pairs["heuristic"]).mean())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = float(cohen_kappa_score(pairs["annotated"], pairs["heuristic"], labels=labels))
    return {"kappa": kappa, "agreement": raw, "n": n, "confusion": confusion, "pairs": pairs}