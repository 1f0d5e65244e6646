"""Topics against hand labels: :func:`evaluate_topics` (micro precision, recall and F1, per
opposition and per kind of case) and :func:`parse_label` (the ids of a label cell)."""

from __future__ import annotations

import pandas as pd

def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def parse_label(value) -> set[str]:
    """The set of ids in a label cell: ``"a;b"`` -> ``{"a", "b"}``; empty/NaN -> ``set()``.

    Example:
        >>> sorted(parse_label(" workers-group; workers-truth ")), parse_label(float("nan"))
        (['workers-group', 'workers-truth'], set())
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return set()
    return {part.strip() for part in str(value).split(";") if part.strip()}


def evaluate_topics(topics_df: pd.DataFrame, labels_df: pd.DataFrame) -> dict:
    """Compare topics with hand labels over (passage, opposition) pairs.

    ``labels_df``: columns ``passage_id``, ``oppositions`` (semicolon-separated ids, empty =
    about none) and optionally ``kind`` (the kind of case). Only labelled passages are judged.

    Returns a dict: ``micro`` (dict: precision, recall, f1, tp, fp, fn, passages),
    ``per_opposition`` (DataFrame: opposition, tp, fp, fn, precision, recall, f1),
    ``per_kind`` (DataFrame: kind, passages, tp, fp, fn, precision, recall, f1) and ``errors``
    (DataFrame: passage_id, opposition, error ``fp``/``fn``). With no predicted (or no true)
    pairs, precision (recall) is 1.0.

    Example:
        >>> import pandas as pd
        >>> t = pd.DataFrame({"passage_id": ["a", "a", "b"], "opposition": ["x", "y", "x"]})
        >>> l = pd.DataFrame({"passage_id": ["a", "b"], "oppositions": ["x", ""], "kind": ["k", "k"]})
        >>> r = evaluate_topics(t, l)
        >>> r["micro"]["precision"], r["micro"]["recall"], r["micro"]["tp"]
        (0.3333, 1.0, 1)
    """
    if "is_topic" in topics_df.columns:
        topics_df = topics_df[topics_df["is_topic"].astype(bool)]
    labelled = list(dict.fromkeys(labels_df["passage_id"]))
    truth = {pid: set() for pid in labelled}
    kinds = {}
    for row in labels_df.itertuples(index=False):
        truth[row.passage_id] |= parse_label(row.oppositions)
        kinds[row.passage_id] = str(getattr(row, "kind", "") if "kind" in labels_df.columns else "")
    predicted = {pid: set() for pid in labelled}
    for pid, opp in zip(topics_df["passage_id"], topics_df["opposition"]):
        if pid in predicted:
            predicted[pid].add(opp)
    errors = []
    per_opp: dict[str, list[int]] = {}
    per_kind: dict[str, list[int]] = {}
    for pid in labelled:
        t, p = truth[pid], predicted[pid]
        k = kinds.get(pid, "")
        pk = per_kind.setdefault(k, [0, 0, 0, 0])
        pk[0] += 1
        for opp in t | p:
            po = per_opp.setdefault(opp, [0, 0, 0])
            if opp in t and opp in p:
                po[0] += 1
                pk[1] += 1
            elif opp in p:
                po[1] += 1
                pk[2] += 1
                errors.append((pid, opp, "fp"))
            else:
                po[2] += 1
                pk[3] += 1
                errors.append((pid, opp, "fn"))
    tp = sum(v[0] for v in per_opp.values())
    fp = sum(v[1] for v in per_opp.values())
    fn = sum(v[2] for v in per_opp.values())
    precision, recall, f1 = _prf(tp, fp, fn)
    opp_rows = [(o, *v, *_prf(*v)) for o, v in sorted(per_opp.items())]
    kind_rows = [(k, v[0], v[1], v[2], v[3], *_prf(v[1], v[2], v[3]))
                 for k, v in sorted(per_kind.items())]
    return {
        "micro": {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp,
                  "fn": fn, "passages": len(labelled)},
        "per_opposition": pd.DataFrame(opp_rows, columns=["opposition", "tp", "fp", "fn",
                                                          "precision", "recall", "f1"]),
        "per_kind": pd.DataFrame(kind_rows, columns=["kind", "passages", "tp", "fp", "fn",
                                                     "precision", "recall", "f1"]),
        "errors": pd.DataFrame(errors, columns=["passage_id", "opposition", "error"]),
    }
