"""How well the voice rules agree with hand labels (``corpus/voice_labels.csv``, labelled
blind to the rules): :func:`voice_agreement` for the passages as they are, :func:`voice_curve`
for every threshold of the authorial share, the one measurement that chose
:data:`~standpoint.segment.blocks.AUTHORIAL_MIN`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from standpoint.errors import InputError


def _joined(passages: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    missing = set(labels["passage_id"]) - set(passages["passage_id"])
    if missing:
        raise InputError(f"labels: unknown passage(s) {', '.join(sorted(missing)[:5])}")
    return labels[["passage_id", "voice"]].rename(columns={"voice": "label"}).merge(
        passages[["passage_id", "voice", "authorial_share"]], on="passage_id")


def voice_agreement(passages: pd.DataFrame, labels: pd.DataFrame) -> dict:
    """Accuracy of ``passages['voice']`` against the hand ``labels`` (author / quotation).

    Returns ``{"accuracy", "n", "confusion"}`` (confusion: DataFrame, rows = label, columns =
    rule), and ``"disagreements"`` (the passage ids where they differ).

    Example:
        >>> p = pd.DataFrame({"passage_id": ["a", "b"], "voice": ["author", "quotation"],
        ...                   "authorial_share": [0.9, 0.1]})
        >>> l = pd.DataFrame({"passage_id": ["a", "b"], "voice": ["author", "author"]})
        >>> r = voice_agreement(p, l)
        >>> r["accuracy"], r["n"], r["disagreements"]
        (0.5, 2, ['b'])
    """
    j = _joined(passages, labels)
    confusion = pd.crosstab(j["label"], j["voice"]).rename_axis(index="label", columns="rule")
    return {"accuracy": round(float((j["label"] == j["voice"]).mean()), 4), "n": int(len(j)),
            "confusion": confusion,
            "disagreements": j.loc[j["label"] != j["voice"], "passage_id"].tolist()}


def voice_curve(paragraph_passages: pd.DataFrame, labels: pd.DataFrame,
                thresholds=None, *, folds: int = 5, seed: int = 0) -> pd.DataFrame:
    """Accuracy of the voice rules for each threshold of the authorial share.

    ``paragraph_passages``: passages with the paragraph-level voice only (``passages(corpus,
    authorial_min=0)``); a threshold *t* turns an authorial passage with ``authorial_share <
    t`` into a quotation. Columns: ``threshold``, ``accuracy`` (all labels), ``cv_accuracy``
    (the threshold chosen on four fifths of the labels, scored on the other fifth, averaged over
    ``folds`` random folds: what choosing the threshold on these labels is worth on others),
    ``chosen`` (the threshold with the best accuracy; ties: the lowest).

    Example:
        >>> p = pd.DataFrame({"passage_id": list("abcd"), "voice": ["author"] * 4,
        ...                   "authorial_share": [0.9, 0.6, 0.3, 0.1]})
        >>> l = pd.DataFrame({"passage_id": list("abcd"),
        ...                   "voice": ["author", "author", "quotation", "quotation"]})
        >>> c = voice_curve(p, l, [0.2, 0.5, 0.8], folds=2)
        >>> c[["threshold", "accuracy", "chosen"]].values.tolist()
        [[0.2, 0.75, False], [0.5, 1.0, True], [0.8, 0.75, False]]
    """
    j = _joined(paragraph_passages, labels)
    thresholds = np.round(np.arange(0.0, 0.801, 0.05), 2) if thresholds is None else thresholds
    thresholds = [float(t) for t in thresholds]

    def correct(t: float, rows: pd.DataFrame) -> np.ndarray:
        rule = np.where((rows["voice"] == "author") & (rows["authorial_share"] < t),
                        "quotation", rows["voice"])
        return rule == rows["label"].to_numpy()

    accuracy = [float(correct(t, j).mean()) for t in thresholds]
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(j))
    scores = []
    for k in range(folds):
        test = j.iloc[order[k::folds]]
        train = j.iloc[np.setdiff1d(order, order[k::folds])]
        best = max(thresholds, key=lambda t: (correct(t, train).mean(), -t))
        scores.append(correct(best, test).mean())
    best = max(thresholds, key=lambda t: (accuracy[thresholds.index(t)], -t))
    return pd.DataFrame({"threshold": thresholds, "accuracy": np.round(accuracy, 4),
                         "cv_accuracy": round(float(np.mean(scores)), 4),
                         "chosen": [t == best for t in thresholds]})
