"""The learning curve: recognition and false attribution against the number of training
documents per tradition (how much a corpus gains from another document of each tradition).

For each ``n``, every document is held out in turn:

- *closed*: if its tradition has ``n`` other documents, the tagger is trained on ``n`` of
  them (the ones that follow it, in document order, cyclically) and on ``n`` documents of
  every other tradition (the first ``n``, or all it has), and the share of the held-out
  document recognised is recorded;
- *open*: the tagger is trained on ``n`` documents of every *other* tradition, so the held-out
  document's tradition is absent, and the share of it still given a verdict (a false
  attribution) is recorded.

Example:
    >>> from standpoint import load_corpus, passages
    >>> curve = learning_curve(passages(load_corpus()), sizes=[1])   # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone

from standpoint.tagger.abstention import UNCERTAIN
from standpoint.tagger.baselines import MODEL, candidate

DETAIL_COLUMNS = ["n_documents", "kind", "held_out", "tradition", "n", "recognised",
                  "false_attribution", "uncertain"]
SUMMARY_COLUMNS = ["n_documents", "recognised", "false_attribution", "closed_precision",
                   "uncertain", "closed_tests", "open_tests"]


def _documents(author: pd.DataFrame) -> dict[str, list[str]]:
    """``tradition -> its documents in order of appearance``."""
    out: dict[str, list[str]] = {}
    for doc, tradition in author.groupby("doc_id", sort=False)["tradition"].first().items():
        out.setdefault(tradition, []).append(doc)
    return out


def _fit(tagger, author: pd.DataFrame, docs: list[str]):
    train = author[author["doc_id"].isin(docs)]
    return clone(tagger).fit(train["text"].tolist(), train["tradition"].to_numpy(),
                             groups=train["doc_id"].to_numpy())


def _row(n, kind, held, tradition, verdict) -> dict:
    given = verdict != UNCERTAIN
    return {"n_documents": n, "kind": kind, "held_out": held, "tradition": tradition,
            "n": len(verdict), "recognised": float((verdict == tradition).mean())
            if kind == "closed" else float("nan"),
            "false_attribution": float((given & (verdict != tradition)).mean()),
            "uncertain": float((~given).mean()), "_verdicts": int(given.sum()),
            "_right": int((verdict == tradition).sum())}


def learning_curve(passages_df: pd.DataFrame, sizes=None, *, tagger=None,
                   subjects: tuple[str, ...] = (), detail: bool = False) -> pd.DataFrame:
    """Recognition and false attribution for ``n`` training documents per tradition, for
    each ``n`` in ``sizes`` (default: 1 up to the most documents a tradition has, minus
    one). ``tagger``: an unfitted :class:`~standpoint.tagger.open_set.TraditionTagger`
    (default: the model kept, with ``subjects``). Test passages: authorial.

    Returns one row per ``n`` (:data:`SUMMARY_COLUMNS`: ``recognised`` and
    ``false_attribution`` are means over the held-out documents, ``closed_precision`` is
    pooled over the closed tests' verdicts); with ``detail``, one row per held-out document
    and ``n`` instead (:data:`DETAIL_COLUMNS`).

    Example:
        >>> learning_curve(passages_df, sizes=[1, 2])   # doctest: +SKIP
    """
    tagger = candidate(MODEL, tuple(subjects)) if tagger is None else tagger
    author = passages_df[passages_df["voice"] == "author"]
    docs = _documents(author)
    traditions = sorted(docs)
    if sizes is None:
        sizes = range(1, max(len(d) for d in docs.values()))
    rows = []
    for n in sizes:
        first = {t: docs[t][:n] for t in traditions}
        for t in traditions:  # open: tradition t absent
            others = [d for u in traditions if u != t for d in first[u]]
            if len({u for u in traditions if u != t}) < 2:
                continue
            model = _fit(tagger, author, others)
            for held in docs[t]:
                test = author[author["doc_id"] == held]
                rows.append(_row(n, "open", held, t, model.verdict(test["text"].tolist())))
        for t in traditions:  # closed: n other documents of t in training
            own = docs[t]
            if len(own) <= n:
                continue
            for i, held in enumerate(own):
                mine = [own[(i + k) % len(own)] for k in range(1, n + 1)]
                others = [d for u in traditions if u != t for d in first[u]]
                model = _fit(tagger, author, mine + others)
                test = author[author["doc_id"] == held]
                rows.append(_row(n, "closed", held, t, model.verdict(test["text"].tolist())))
    frame = pd.DataFrame(rows)
    if detail or frame.empty:
        return frame.reindex(columns=DETAIL_COLUMNS)
    out = []
    for n, g in frame.groupby("n_documents", sort=True):
        closed, opened = g[g["kind"] == "closed"], g[g["kind"] == "open"]
        verdicts = closed["_verdicts"].sum()
        out.append({"n_documents": int(n),
                    "recognised": float(closed["recognised"].mean()) if len(closed) else np.nan,
                    "false_attribution": float(opened["false_attribution"].mean())
                    if len(opened) else np.nan,
                    "closed_precision": float(closed["_right"].sum() / verdicts) if verdicts else np.nan,
                    "uncertain": float(closed["uncertain"].mean()) if len(closed) else np.nan,
                    "closed_tests": len(closed), "open_tests": len(opened)})
    return pd.DataFrame(out, columns=SUMMARY_COLUMNS)
