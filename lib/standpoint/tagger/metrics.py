"""The open-set figures of verdicts on held-out passages (every figure a degenerate answer
would maximise is reported beside its false-attribution partner).

Input: a frame with one row per test passage (``fold``, ``kind`` -- ``closed`` if its
tradition was in training, ``open`` if not -- and ``tradition``, the truth) and the verdicts
(a tradition or ``uncertain``), with the reasons for ``uncertain``.

- :func:`fold_table`: per fold, ``n``, ``recognised`` (closed folds), ``false_attribution``
  (verdicts naming a wrong tradition, over all the fold's passages; in an open fold every
  verdict), ``uncertain``, ``uncertain_low_confidence``, ``uncertain_unfamiliar``, and
  ``to_<class>`` (the share named each class);
- :func:`pooled_table`: per named class over every fold, ``named``, ``share`` (an attractor
  shows here) and ``precision``;
- :func:`summary`: the headline numbers (means over folds: every fold counts once).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from standpoint.tagger.abstention import LOW_CONFIDENCE, UNCERTAIN, UNFAMILIAR

CLOSED, OPEN = "closed", "open"


def fold_table(frame: pd.DataFrame, verdict, reason, classes) -> pd.DataFrame:
    """One row per fold, in order of appearance (see the module docstring).

    Example:
        >>> f = pd.DataFrame({"fold": ["a", "a", "b"], "kind": ["closed", "closed", "open"],
        ...                   "tradition": ["x", "x", "z"]})
        >>> t = fold_table(f, ["x", "uncertain", "y"], ["", "low_confidence", ""], ["x", "y"])
        >>> t[["fold", "recognised", "false_attribution", "uncertain"]].values.tolist()
        [['a', 0.5, 0.0, 0.5], ['b', nan, 1.0, 0.0]]
    """
    f = frame.assign(verdict=np.asarray(verdict, dtype=object), reason=np.asarray(reason, dtype=object))
    rows = []
    for name, g in f.groupby("fold", sort=False):
        given = g["verdict"] != UNCERTAIN
        row = {"fold": name, "kind": g["kind"].iloc[0], "n": len(g),
               "recognised": float((g["verdict"] == g["tradition"]).mean())
               if g["kind"].iloc[0] == CLOSED else float("nan"),
               "false_attribution": float((given & (g["verdict"] != g["tradition"])).mean()),
               "uncertain": float((~given).mean()),
               "uncertain_low_confidence": float((g["reason"] == LOW_CONFIDENCE).mean()),
               "uncertain_unfamiliar": float((g["reason"] == UNFAMILIAR).mean())}
        for c in classes:
            row[f"to_{c}"] = float((g["verdict"] == c).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def pooled_table(frame: pd.DataFrame, verdict, classes) -> pd.DataFrame:
    """Per class named (and ``uncertain``), over every fold: ``named`` (passages),
    ``share`` (of all test passages) and ``precision`` (right among those named it).

    Example:
        >>> f = pd.DataFrame({"tradition": ["x", "x", "z"]})
        >>> pooled_table(f, ["x", "y", "x"], ["x", "y"]).values.tolist()
        [['x', 2, 0.6667, 0.5], ['y', 1, 0.3333, 0.0], ['uncertain', 0, 0.0, nan]]
    """
    verdict = np.asarray(verdict, dtype=object)
    truth = frame["tradition"].to_numpy()
    rows = []
    for c in [*classes, UNCERTAIN]:
        named = verdict == c
        precision = (float((truth[named] == c).mean()) if named.any() and c != UNCERTAIN
                     else float("nan"))
        rows.append({"class": c, "named": int(named.sum()),
                     "share": round(float(named.mean()), 4) if len(named) else 0.0,
                     "precision": precision})
    return pd.DataFrame(rows)


def _macro_f1(truth, verdict) -> float:
    labels = sorted(set(truth))
    scores = []
    for c in labels:
        tp = np.sum((verdict == c) & (truth == c))
        named, actual = np.sum(verdict == c), np.sum(truth == c)
        p = tp / named if named else 0.0
        r = tp / actual if actual else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(scores)) if scores else float("nan")


def summary(frame: pd.DataFrame, verdict, reason, classes) -> dict:
    """The headline numbers (means over folds unless said otherwise):

    ``recognised`` (closed folds), ``recognised_<tradition>`` (closed folds of that
    tradition), ``false_attribution`` and ``false_attribution_max`` (open folds: the
    tradition absent from training), ``closed_false_attribution``, ``closed_precision`` and
    ``closed_macro_f1`` (pooled over the closed folds' passages: other works of known
    traditions; ``uncertain`` counts as a miss, the F1 averages the traditions tested there),
    ``coverage`` (share of all passages given a verdict), ``precision`` (pooled, every fold),
    ``uncertain``, ``low_confidence``, ``unfamiliar``, ``share_<class>``.

    Example:
        >>> f = pd.DataFrame({"fold": ["a", "a", "b"], "kind": ["closed", "closed", "open"],
        ...                   "tradition": ["x", "x", "z"]})
        >>> s = summary(f, ["x", "uncertain", "y"], ["", "low_confidence", ""], ["x", "y"])
        >>> s["recognised"], s["false_attribution"], s["closed_precision"], s["coverage"]
        (0.5, 1.0, 1.0, 0.6667)
    """
    verdict = np.asarray(verdict, dtype=object)
    reason = np.asarray(reason, dtype=object)
    table = fold_table(frame, verdict, reason, classes)
    closed_rows = table[table["kind"] == CLOSED]
    open_rows = table[table["kind"] == OPEN]
    closed = (frame["kind"] == CLOSED).to_numpy()
    truth = frame["tradition"].to_numpy()
    given = verdict != UNCERTAIN
    out = {"recognised": float(closed_rows["recognised"].mean()) if len(closed_rows) else float("nan")}
    for c in classes:
        mine = frame[closed & (truth == c)]["fold"].unique()
        rows = closed_rows[closed_rows["fold"].isin(mine)]
        if len(rows):
            out[f"recognised_{c}"] = float(rows["recognised"].mean())
    out.update({
        "false_attribution": float(open_rows["false_attribution"].mean()) if len(open_rows) else float("nan"),
        "false_attribution_max": float(open_rows["false_attribution"].max()) if len(open_rows) else float("nan"),
        "closed_false_attribution": float(closed_rows["false_attribution"].mean()) if len(closed_rows) else float("nan"),
        "closed_precision": float((verdict[closed & given] == truth[closed & given]).mean())
        if (closed & given).any() else float("nan"),
        "closed_macro_f1": _macro_f1(truth[closed], verdict[closed]) if closed.any() else float("nan"),
        "coverage": round(float(given.mean()), 4),
        "precision": float((verdict[given] == truth[given]).mean()) if given.any() else float("nan"),
        "uncertain": float((~given).mean()),
        "low_confidence": float((reason == LOW_CONFIDENCE).mean()),
        "unfamiliar": float((reason == UNFAMILIAR).mean()),
    })
    for c in classes:
        out[f"share_{c}"] = float((verdict == c).mean())
    return out
