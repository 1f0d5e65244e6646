"""When to say ``uncertain``: the rules, and how their settings are learnt from held-out
documents of the training data (NumPy alone; the estimator that runs the folds is
:class:`standpoint.tagger.open_set.TraditionTagger`).

Calibration folds (:func:`calibration_folds`) hold out, in turn, each training document whose
tradition has other documents (at most :data:`MAX_CLOSED_FOLDS` folds per tradition: beyond
that many documents, consecutive runs of them; *closed*: the right answer is still in training) and each whole
tradition (*open*: the right answer is absent, so every verdict is a false attribution). The
held-out passages' log scores (``-inf`` for a tradition absent from that fold) and
familiarity form a :class:`Calibration`, from which :func:`learn_abstention` learns:

``bias``
    additive log-score biases (mean 0) such that, over the calibration passages, every
    tradition receives the same mean posterior among the passages where it was a possible
    answer (:func:`neutralising_bias`): no tradition is the default answer.
``threshold``
    ``low_confidence`` below it: the smallest margin between the two best traditions at which
    the open folds' mean share of passages still given a verdict is at most
    ``target_false_attribution`` (:func:`learn_threshold`).
``familiarity_threshold``
    ``unfamiliar`` below it: the ``unfamiliar_quantile`` of the familiarity of the closed
    folds' passages (held-out other works of known traditions): about that share of familiar
    text is flagged, by construction.
``temperature``
    the probabilities shown are ``softmax((scores + bias) / temperature)``, with the
    temperature that fits the closed folds' passages best (log loss); it changes no verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

UNCERTAIN = "uncertain"
LOW_CONFIDENCE = "low_confidence"
UNFAMILIAR = "unfamiliar"
REASONS = ("", LOW_CONFIDENCE, UNFAMILIAR)
CLOSED, OPEN = "closed", "open"
#: closed calibration folds per tradition at most (:func:`calibration_folds`)
MAX_CLOSED_FOLDS = 5


def calibration_folds(y, groups, max_folds: int = MAX_CLOSED_FOLDS
                      ) -> list[tuple[str, str, np.ndarray]]:
    """``(name, kind, held-out mask)`` of the calibration folds: the documents of each
    tradition that has several (``closed``), then each tradition whose absence leaves at
    least two (``open``; for a tradition of one document this is that document).

    A tradition of at most ``max_folds`` documents gives one closed fold per document (named
    by it). A tradition of more documents gives ``max_folds`` closed folds: its documents, in
    document order (first appearance in ``groups``), are cut into ``max_folds`` consecutive
    runs of nearly equal numbers of documents (``numpy.array_split``), each held out at once
    and named ``<first document>..<last document>``. So a corpus with many documents per
    tradition has at most ``max_folds`` closed folds per tradition and the calibration's cost
    stays linear in the corpus.

    Example:
        >>> [(n, k) for n, k, _ in calibration_folds(["a", "a", "b", "c"], ["a1", "a2", "b1", "c1"])]
        [('a1', 'closed'), ('a2', 'closed'), ('a', 'open'), ('b', 'open'), ('c', 'open')]
        >>> y, g = ["a"] * 5 + ["b", "c"], ["a1", "a2", "a3", "a4", "a5", "b1", "c1"]
        >>> [n for n, k, _ in calibration_folds(y, g, max_folds=2) if k == "closed"]
        ['a1..a3', 'a4..a5']
    """
    if max_folds < 1:
        raise ValueError(f"max_folds must be at least 1, not {max_folds!r}")
    y = np.asarray(y)
    g = np.asarray(groups, dtype=object)
    folds = []
    traditions = list(dict.fromkeys(y.tolist()))
    order = list(dict.fromkeys(g.tolist()))  # (one pass over the texts: linear)
    code_of = {doc: i for i, doc in enumerate(order)}
    codes = np.asarray([code_of[doc] for doc in g.tolist()], dtype=np.int64)
    tradition_of = dict(zip(g.tolist()[::-1], y.tolist()[::-1]))  # of its first text
    docs_of: dict = {}
    for doc in order:
        docs_of.setdefault(tradition_of[doc], []).append(doc)
    runs = {}  # first document of a run -> the run
    for docs in docs_of.values():
        if len(docs) > 1:
            for run in np.array_split(np.arange(len(docs)), min(max_folds, len(docs))):
                runs[docs[run[0]]] = [docs[i] for i in run]
    for doc in order:
        if doc not in runs:
            continue
        run = runs[doc]
        held = np.isin(codes, [code_of[d] for d in run])
        if len(set(y[~held])) >= 2:
            name = str(doc) if len(run) == 1 else f"{run[0]}..{run[-1]}"
            folds.append((name, CLOSED, held))
    if len(traditions) >= 3:
        for tradition in sorted(traditions):
            folds.append((str(tradition), OPEN, y == tradition))
    return folds


@dataclass
class Calibration:
    """Held-out passages of the calibration folds: ``fold`` and ``kind`` (closed/open) of
    each, its ``truth``, its ``scores`` ``(n, n_classes)`` (``-inf`` where a tradition was
    absent from that fold's training) and ``familiarity`` (``nan`` if the model has none)."""

    classes: np.ndarray
    fold: np.ndarray
    kind: np.ndarray
    truth: np.ndarray
    scores: np.ndarray
    familiarity: np.ndarray

    def frame(self, bias=None):
        """One row per passage: fold, kind, truth, familiarity, ``s_<class>`` (biased if
        ``bias`` is given), margin, predicted.

        Example:
            >>> cal = Calibration(np.array(["a", "b"]), np.array(["d"]), np.array(["open"]),
            ...                   np.array(["c"]), np.array([[0.0, 2.0]]), np.array([0.5]))
            >>> cal.frame()[["predicted", "margin"]].values.tolist()
            [['b', 2.0]]
        """
        import pandas as pd

        scores = self.scores + (0 if bias is None else np.asarray(bias))
        out = pd.DataFrame({"fold": self.fold, "kind": self.kind, "truth": self.truth,
                            "familiarity": self.familiarity})
        for k, c in enumerate(self.classes):
            out[f"s_{c}"] = scores[:, k]
        out["margin"] = margins(scores)
        out["predicted"] = self.classes[scores.argmax(axis=1)] if len(scores) else []
        return out


def margins(scores: np.ndarray) -> np.ndarray:
    """The difference between the best and the second-best score of each row (``inf`` with
    one finite score).

    Example:
        >>> margins(np.array([[1.0, 4.0, 2.5], [0.0, -np.inf, -np.inf]])).tolist()
        [1.5, inf]
    """
    if scores.shape[1] < 2:
        return np.full(len(scores), np.inf)
    top2 = np.sort(scores, axis=1)[:, -2:]
    with np.errstate(invalid="ignore"):
        out = top2[:, 1] - top2[:, 0]
    out[~np.isfinite(top2[:, 0])] = np.inf
    return out


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax (``-inf`` scores get probability 0).

    Example:
        >>> softmax(np.array([[0.0, np.log(3.0)]])).round(2).tolist()
        [[0.25, 0.75]]
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def neutralising_bias(scores: np.ndarray, iters: int = 200) -> np.ndarray:
    """Additive biases (mean 0) after which every class receives the same mean posterior over
    the rows where it was a possible answer (finite score) as a uniform answer would give it.
    ``scores``: ``(n, k)`` log scores, ``-inf`` where a class was absent. Iterative
    proportional fitting, ``iters`` rounds of half steps.

    Example:
        >>> b = neutralising_bias(np.array([[2.0, 0.0], [1.0, 0.0], [3.0, 0.0]]))
        >>> softmax(np.array([[2.0, 0.0], [1.0, 0.0], [3.0, 0.0]]) + b).mean(axis=0).round(2).tolist()
        [0.5, 0.5]
    """
    present = np.isfinite(scores)
    k = scores.shape[1]
    b = np.zeros(k)
    if not len(scores) or not present.any(axis=0).all():
        return b
    share = 1.0 / present.sum(axis=1)
    target = np.array([share[present[:, j]].mean() for j in range(k)])
    for _ in range(iters):
        p = softmax(scores + b)
        mean = np.array([p[present[:, j], j].mean() for j in range(k)])
        b += 0.5 * (np.log(target) - np.log(np.maximum(mean, 1e-300)))
        b -= b.mean()
    return b


def learn_threshold(margin: np.ndarray, wrong: np.ndarray, fold: np.ndarray,
                    target: float) -> float:
    """The smallest margin ``t`` (0 or one of ``margin``) at which the mean over folds of the
    share of passages with ``margin >= t`` (and above 0: a tie is no verdict) and a ``wrong``
    verdict is at most ``target``; ``inf`` if none is (no verdict at all).

    Example:
        >>> learn_threshold(np.array([1.0, 2.0, 3.0, 4.0]), np.array([True] * 4),
        ...                 np.array(["a", "a", "b", "b"]), 0.5)
        3.0
    """
    margin = np.asarray(margin, dtype=float).copy()
    if not len(margin):
        return 0.0
    margin[margin <= 0] = -np.inf  # a tie is never a verdict (as in :func:`decide`)
    wrong = np.asarray(wrong, dtype=bool)
    names = list(dict.fromkeys(np.asarray(fold).tolist()))
    candidates = np.unique(np.r_[0.0, margin[np.isfinite(margin)]])
    share = np.zeros(len(candidates))
    for name in names:
        in_fold = np.asarray(fold) == name
        wrong_margins = np.sort(margin[in_fold & wrong])
        at_least = len(wrong_margins) - np.searchsorted(wrong_margins, candidates, side="left")
        share += at_least / in_fold.sum()
    share /= len(names)
    ok = np.flatnonzero(share <= target + 1e-12)
    return float(candidates[ok[0]]) if len(ok) else float("inf")


def threshold_for(cal: Calibration, bias: np.ndarray, target: float) -> float:
    """The ``low_confidence`` threshold for ``target`` learnt from ``cal`` with the biases
    ``bias``: :func:`learn_threshold` on the open folds' passages (on every passage if there
    is no open fold).

    Example:
        >>> cal = Calibration(np.array(["a", "b", "c"]), np.array(["c", "c"]),
        ...                   np.array(["open", "open"]), np.array(["c", "c"]),
        ...                   np.array([[3.0, 0.0, -np.inf], [1.0, 0.0, -np.inf]]), np.ones(2))
        >>> threshold_for(cal, np.zeros(3), 0.5), threshold_for(cal, np.zeros(3), 0.0)
        (3.0, inf)
    """
    scores = cal.scores + bias
    margin = margins(scores)
    predicted = cal.classes[scores.argmax(axis=1)] if len(scores) else np.zeros(0)
    basis = cal.kind == OPEN
    if not basis.any():
        basis = np.ones(len(margin), dtype=bool)
    return learn_threshold(margin[basis], (predicted != cal.truth)[basis], cal.fold[basis],
                           target)


def learn_temperature(scores: np.ndarray, truth_index: np.ndarray) -> float:
    """The temperature ``T`` (log-spaced grid from 0.1 to 100) minimising the log loss of
    ``softmax(scores / T)`` on rows whose true class is ``truth_index``; 1 for no rows.

    Example:
        >>> s = np.array([[10.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 0.0]])
        >>> round(learn_temperature(s, np.array([0, 0, 1, 1])), 1)
        8.9
    """
    if not len(scores):
        return 1.0
    rows = np.arange(len(scores))
    best, best_loss = 1.0, np.inf
    for t in np.logspace(-1, 2, 121):
        shifted = scores / t
        shifted = shifted - shifted.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_p[rows, truth_index].mean()
        if loss < best_loss - 1e-12:
            best, best_loss = float(t), loss
    return best


def decide(scores: np.ndarray, familiarity: np.ndarray, classes, *, threshold: float,
           familiarity_threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(tradition, reason, margin)`` for (already biased) log ``scores``: the best class, or
    ``uncertain`` with reason ``unfamiliar`` (familiarity below its threshold, or 0: a text
    without words; checked first) or ``low_confidence`` (margin below ``threshold``,
    or a tie).

    Example:
        >>> decide(np.array([[5.0, 0.0], [1.0, 0.0], [9.0, 0.0]]), np.array([0.5, 0.5, 0.01]),
        ...        ["a", "b"], threshold=2.0, familiarity_threshold=0.1)[:2]
        (array(['a', 'uncertain', 'uncertain'], dtype=object), array(['', 'low_confidence', 'unfamiliar'], dtype=object))
    """
    classes = np.asarray(classes)
    margin = margins(scores)
    tradition = classes[scores.argmax(axis=1)].astype(object) if len(scores) else \
        np.zeros(0, dtype=object)
    reason = np.full(len(scores), "", dtype=object)
    low = (margin < threshold) | (margin <= 0)  # a tie is never a verdict
    fam = np.nan_to_num(np.asarray(familiarity, dtype=float), nan=np.inf)
    unfamiliar = (fam < familiarity_threshold) | (fam == 0)  # 0: a text without words
    reason[low] = LOW_CONFIDENCE
    reason[unfamiliar] = UNFAMILIAR
    tradition[low | unfamiliar] = UNCERTAIN
    return tradition, reason, margin


def learn_abstention(cal: Calibration, *, target_false_attribution: float,
                     unfamiliar_quantile: float, neutralise: bool) -> dict:
    """``bias``, ``threshold``, ``familiarity_threshold``, ``temperature`` and
    ``reliability`` learnt from ``cal`` (see the module docstring). ``reliability``: what
    the learnt rules did on the calibration passages themselves: ``closed_precision`` (right
    verdicts among the verdicts on held-out documents of known traditions),
    ``closed_recognised``, ``closed_passages``, ``closed_verdicts``,
    ``open_false_attribution`` (mean over open folds of the share given a verdict),
    ``open_passages``.

    Example:
        >>> cal = Calibration(np.array(["a", "b"]), np.array(["d1", "d2"]),
        ...                   np.array(["closed", "closed"]), np.array(["a", "b"]),
        ...                   np.array([[3.0, 0.0], [0.0, 1.0]]), np.array([0.4, 0.6]))
        >>> learnt = learn_abstention(cal, target_false_attribution=0.2,
        ...                           unfamiliar_quantile=0.0, neutralise=False)
        >>> learnt["threshold"], learnt["reliability"]["closed_precision"]
        (0.0, 1.0)
    """
    k = len(cal.classes)
    bias = neutralising_bias(cal.scores) if neutralise else np.zeros(k)
    scores = cal.scores + bias
    opened, closed = cal.kind == OPEN, cal.kind == CLOSED
    threshold = threshold_for(cal, bias, target_false_attribution)
    fam = cal.familiarity[closed if closed.any() else np.ones(len(scores), dtype=bool)]
    fam = fam[np.isfinite(fam)]
    familiarity_threshold = (float(np.quantile(fam, unfamiliar_quantile))
                             if len(fam) and unfamiliar_quantile > 0 else float("-inf"))
    truth_index = np.searchsorted(cal.classes, cal.truth[closed])
    temperature = learn_temperature(scores[closed], truth_index) if closed.any() else 1.0
    verdict, _, _ = decide(scores, cal.familiarity, cal.classes, threshold=threshold,
                           familiarity_threshold=familiarity_threshold)
    given = verdict != UNCERTAIN
    right = given & (verdict == cal.truth)
    open_shares = [given[opened & (cal.fold == f)].mean() for f in dict.fromkeys(cal.fold[opened])]
    reliability = {
        "closed_passages": int(closed.sum()), "closed_verdicts": int(given[closed].sum()),
        "closed_precision": float(right[closed].sum() / given[closed].sum())
        if given[closed].any() else float("nan"),
        "closed_recognised": float(right[closed].mean()) if closed.any() else float("nan"),
        "open_passages": int(opened.sum()),
        "open_false_attribution": float(np.mean(open_shares)) if open_shares else float("nan"),
    }
    return {"bias": bias, "threshold": float(threshold),
            "familiarity_threshold": familiarity_threshold, "temperature": float(temperature),
            "reliability": reliability}
