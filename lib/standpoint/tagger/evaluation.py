"""Honest evaluation of the tagger: out-of-fold predictions under each scheme of
:mod:`standpoint.tagger.folds`, per-class scores and confusion matrices, the ``uncertain``
threshold the held-out probabilities give, and the passages it gets wrong.

Every score here is computed on passages the model did not see in training.

Example:
    >>> from standpoint import load_corpus, passages
    >>> report = evaluate(passages(load_corpus()))      # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from standpoint.tagger import LinearTagger, choose_threshold
from standpoint.tagger.folds import (
    AUTHOR_ONLY,
    CONTIGUOUS,
    LODO,
    LODO_TRADITION,
    N_SPLITS,
    SCHEME_LABELS,
    SCHEMES,
    folds,
)
from standpoint.tagger.text_report import format_report  # noqa: F401  (``standpoint evaluate``)

def out_of_fold(passages_df: pd.DataFrame, scheme: str, *, params: dict | None = None,
                train_voices=AUTHOR_ONLY, n_splits: int = N_SPLITS) -> pd.DataFrame:
    """Fit one tagger per fold of ``scheme`` and predict its test passages.

    Returns one row per test passage: ``passage_id, doc_id, fold, tradition`` (true),
    ``predicted``, ``p_<class>`` for every class (sorted), ``top_probability``; rows in
    passage order. Each tagger is ``LinearTagger(**params)`` fitted with
    ``groups=doc_id``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> oof = out_of_fold(passages(load_corpus()), "contiguous-blocks")  # doctest: +SKIP
        >>> oof.columns[:5].tolist()                                            # doctest: +SKIP
        ['passage_id', 'doc_id', 'fold', 'tradition', 'predicted']
    """
    params = dict(params or {})
    classes = sorted(passages_df["tradition"].unique())
    frames = []
    for name, train_idx, test_idx in folds(passages_df, scheme, train_voices=train_voices,
                                           n_splits=n_splits):
        train, test = passages_df.loc[train_idx], passages_df.loc[test_idx]
        tagger = LinearTagger(**params).fit(
            train["text"].tolist(), train["tradition"].to_numpy(), groups=train["doc_id"].to_numpy())
        proba = tagger.predict_proba(test["text"].tolist())
        frame = pd.DataFrame({
            "passage_id": test["passage_id"].to_numpy(),
            "doc_id": test["doc_id"].to_numpy(),
            "fold": name,
            "tradition": test["tradition"].to_numpy(),
            "predicted": tagger.classes_[np.argmax(proba, axis=1)],
        })
        for c in classes:
            k = list(tagger.classes_).index(c) if c in tagger.classes_ else None
            frame[f"p_{c}"] = proba[:, k] if k is not None else 0.0
        frame["top_probability"] = proba.max(axis=1)
        frames.append(frame)
    order = {pid: i for i, pid in enumerate(passages_df["passage_id"])}
    oof = pd.concat(frames, ignore_index=True)
    return oof.sort_values("passage_id", key=lambda s: s.map(order)).reset_index(drop=True)


def misattributions(passages_df: pd.DataFrame, scheme: str = "contiguous-blocks", *,
                    params: dict | None = None, top_terms: int = 4) -> pd.DataFrame:
    """Authorial passages the tagger got wrong under ``scheme``, each explained by the fold
    model that made the mistake (never by a model that saw the passage in training).

    Columns: ``passage_id, doc_id, tradition`` (true), ``predicted``, ``p_predicted``,
    ``p_true``, ``quoted_share``, ``n_words``, ``pushed_by`` (the terms that pushed it
    towards the wrong tradition, from :meth:`~standpoint.tagger.linear.LinearTagger.explain`), ``own_cues`` (the
    strongest terms for its true tradition), ``why`` (one sentence built from those
    figures), ``text``. Rows in passage order.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> wrong = misattributions(passages(load_corpus()))      # doctest: +SKIP
        >>> (wrong["tradition"] != wrong["predicted"]).all()      # doctest: +SKIP
        True
    """
    params = dict(params or {})
    rows = []
    for _, train_idx, test_idx in folds(passages_df, scheme):
        train, test = passages_df.loc[train_idx], passages_df.loc[test_idx]
        tagger = LinearTagger(**params).fit(
            train["text"].tolist(), train["tradition"].to_numpy(), groups=train["doc_id"].to_numpy())
        proba = tagger.predict_proba(test["text"].tolist())
        classes = list(tagger.classes_)
        for (_, row), p in zip(test.iterrows(), proba):
            predicted = classes[int(np.argmax(p))]
            if predicted == row["tradition"]:
                continue
            explained = tagger.explain(row["text"], top=top_terms)
            pushed = explained.loc[explained["tradition"] == predicted, "term"].tolist()
            own = explained.loc[explained["tradition"] == row["tradition"], "term"].tolist()
            p_true = float(p[classes.index(row["tradition"])]) if row["tradition"] in classes else 0.0
            why = (f"Read as {predicted} ({p.max():.0%}) on {_quote_terms(pushed)}; "
                   f"its own {row['tradition']} cues ({_quote_terms(own)}) weighed less "
                   f"({p_true:.0%})")
            if row["quoted_share"] >= 0.3:
                why += f"; {row['quoted_share']:.0%} of it is inside quotation marks"
            if row["n_words"] < 40:
                why += f"; only {row['n_words']} words"
            rows.append({"passage_id": row["passage_id"], "doc_id": row["doc_id"],
                         "tradition": row["tradition"], "predicted": predicted,
                         "p_predicted": round(float(p.max()), 3), "p_true": round(p_true, 3),
                         "quoted_share": row["quoted_share"], "n_words": int(row["n_words"]),
                         "pushed_by": "; ".join(pushed), "own_cues": "; ".join(own),
                         "why": why + ".", "text": row["text"]})
    columns = ["passage_id", "doc_id", "tradition", "predicted", "p_predicted", "p_true",
               "quoted_share", "n_words", "pushed_by", "own_cues", "why", "text"]
    order = {pid: i for i, pid in enumerate(passages_df["passage_id"])}
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("passage_id", key=lambda s: s.map(order)).reset_index(drop=True)


def _quote_terms(terms: list[str]) -> str:
    readable = [t.replace("char:", "").strip() for t in terms]
    return ", ".join(f"'{t}'" for t in readable) if readable else "no strong term"


# ---------------------------------------------------------------- metrics ----
def scores(oof: pd.DataFrame, classes: list[str]):
    """Macro-F1, accuracy, the per-class table (``tradition, precision, recall, f1,
    support``) and the confusion matrix (rows: true, columns: predicted) of out-of-fold
    predictions.

    Example:
        >>> oof = pd.DataFrame({"tradition": ["a", "a", "b"], "predicted": ["a", "b", "b"]})
        >>> macro, accuracy, per_class, confusion = scores(oof, ["a", "b"])
        >>> round(macro, 3), round(accuracy, 3), int(confusion.loc["a", "b"])
        (0.667, 0.667, 1)
    """
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    y, p = oof["tradition"].to_numpy(), oof["predicted"].to_numpy()
    present = [c for c in classes if c in set(y)]
    macro = f1_score(y, p, labels=classes, average="macro", zero_division=0) \
        if len(present) > 1 else float("nan")
    prec, rec, f1, support = precision_recall_fscore_support(
        y, p, labels=classes, zero_division=0)
    per_class = pd.DataFrame({"tradition": classes, "precision": prec, "recall": rec,
                              "f1": f1, "support": support.astype(int)})
    confusion = pd.crosstab(pd.Categorical(y, categories=present),
                            pd.Categorical(p, categories=classes), dropna=False)
    confusion.index.name, confusion.columns.name = "true", "predicted"
    confusion.index = confusion.index.astype(str)
    confusion.columns = confusion.columns.astype(str)
    return float(macro), float(accuracy_score(y, p)), per_class, confusion


@dataclass
class EvaluationReport:
    """Everything :func:`evaluate` measured.

    Attributes:
        summary: one row per scheme: ``scheme, label, macro_f1, accuracy, n_train, n_test``
            (``n_train`` is the mean training-set size over folds).
        per_class: ``scheme, tradition, precision, recall, f1, support``.
        confusion: ``scheme -> DataFrame`` (rows: true tradition, columns: predicted).
        lodo: one row per held-out ICC text: ``held_out_doc, n_test,
            share_recognised_as_icc``, ``share_<tradition>`` for every tradition,
            ``share_uncertain`` (under the chosen threshold) and ``share_icc_of_confident``
            (share recognised as ICC among the passages not ``uncertain``).
        threshold: the ``uncertain`` threshold (:func:`choose_threshold` on contiguous blocks).
        uncertain_share: share of contiguous-block test passages below the threshold.
        confident_accuracy: accuracy of the contiguous-block verdicts that are not
            ``uncertain`` (in-sample for the threshold: it was chosen on these passages).
        out_of_fold: ``scheme -> out_of_fold DataFrame``.
        params: the tagger parameters evaluated.
    """

    summary: pd.DataFrame
    per_class: pd.DataFrame
    confusion: dict[str, pd.DataFrame]
    lodo: pd.DataFrame
    threshold: float
    uncertain_share: float
    confident_accuracy: float
    out_of_fold: dict[str, pd.DataFrame] = field(repr=False)
    params: dict = field(default_factory=dict)


def evaluate(passages_df: pd.DataFrame, *, params: dict | None = None) -> EvaluationReport:
    """Evaluate ``LinearTagger(**params)`` (trained on authorial passages) under the
    three schemes, and derive the ``uncertain`` threshold from the contiguous blocks.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> report = evaluate(passages(load_corpus()))        # doctest: +SKIP
        >>> report.summary["scheme"].tolist()                  # doctest: +SKIP
        ['random-folds', 'contiguous-blocks', 'leave-one-icc-document-out']
    """
    params = dict(params or {})
    classes = sorted(passages_df["tradition"].unique())
    summary, per_class, confusion, oofs = [], [], {}, {}
    for scheme in SCHEMES:
        splits = folds(passages_df, scheme)
        oof = out_of_fold(passages_df, scheme, params=params)
        oofs[scheme] = oof
        macro, acc, pc, conf = scores(oof, classes)
        summary.append({"scheme": scheme, "label": SCHEME_LABELS[scheme], "macro_f1": macro,
                        "accuracy": acc,
                        "n_train": float(np.mean([len(tr) for _, tr, _ in splits])),
                        "n_test": int(len(oof))})
        per_class.append(pc.assign(scheme=scheme))
        confusion[scheme] = conf
    contiguous = oofs[CONTIGUOUS]
    proba = contiguous[[f"p_{c}" for c in classes]].to_numpy()
    threshold = choose_threshold(contiguous["tradition"].to_numpy(), proba, classes)
    confident = contiguous["top_probability"] >= threshold
    confident_accuracy = float((contiguous.loc[confident, "predicted"]
                                == contiguous.loc[confident, "tradition"]).mean()) \
        if confident.any() else float("nan")
    lodo_rows = []
    for doc, g in oofs[LODO].groupby("doc_id", sort=False):
        row = {"held_out_doc": doc, "n_test": len(g),
               "share_recognised_as_icc": float((g["predicted"] == LODO_TRADITION).mean())}
        for c in classes:
            row[f"share_{c}"] = float((g["predicted"] == c).mean())
        confident_rows = g[g["top_probability"] >= threshold]
        row["share_uncertain"] = float(1 - len(confident_rows) / len(g))
        row["share_icc_of_confident"] = (
            float((confident_rows["predicted"] == LODO_TRADITION).mean())
            if len(confident_rows) else float("nan"))
        lodo_rows.append(row)
    per_class_df = pd.concat(per_class, ignore_index=True)[
        ["scheme", "tradition", "precision", "recall", "f1", "support"]]
    return EvaluationReport(
        summary=pd.DataFrame(summary), per_class=per_class_df, confusion=confusion,
        lodo=pd.DataFrame(lodo_rows), threshold=threshold,
        uncertain_share=float(1 - confident.mean()), confident_accuracy=confident_accuracy,
        out_of_fold=oofs, params=params)
