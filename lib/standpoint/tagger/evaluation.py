"""Honest evaluation of :class:`~standpoint.tagger.TraditionTagger`: three schemes, an
``uncertain`` threshold derived from held-out data, and an ablation of every design choice.

Every score here is computed on passages the model did not see in training. Test sets are
always *authorial* passages (``voice == "author"``): the tagger claims to recognise a
tradition's own voice, not the voices it quotes.

Schemes (:data:`SCHEMES`):

``random-folds``
    5 stratified random folds of authorial passages. *Optimistic: shares documents between
    train and test* -- neighbouring paragraphs of the same text sit on both sides.
``contiguous-blocks``
    5 folds; in fold *k* the test set is the *k*-th contiguous fifth of every document's
    authorial passages (text order), the rest of every document is training. Passages of
    other voices lying inside the held-out block are kept out of training too.
``leave-one-icc-document-out``
    The ICC is the only tradition with two documents: train on everything except one ICC
    text, test on that text; the question is how much of it is still recognised as ICC.
    (Macro-F1 is undefined with a single true class; ``accuracy`` is that share.)

Example:
    >>> from standpoint import load_corpus, passages
    >>> report = evaluate(passages(load_corpus()))      # doctest: +SKIP
    >>> print(format_report(report))                     # doctest: +SKIP
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

RANDOM = "random-folds"
CONTIGUOUS = "contiguous-blocks"
LODO = "leave-one-icc-document-out"
SCHEMES = (RANDOM, CONTIGUOUS, LODO)
SCHEME_LABELS = {
    RANDOM: "optimistic: shares documents between train and test",
    CONTIGUOUS: "held-out contiguous fifth of every document",
    LODO: "held-out ICC text; accuracy = share recognised as ICC",
}
N_SPLITS = 5
LODO_TRADITION = "icc"
AUTHOR_ONLY = ("author",)
ALL_VOICES = ("author", "quotation", "note")


# ---------------------------------------------------------------------- folds ----
def _ordered(passages_df: pd.DataFrame) -> pd.DataFrame:
    """Passages sorted by document (first appearance) then text position."""
    doc_rank = {d: i for i, d in enumerate(pd.unique(passages_df["doc_id"]))}
    key = passages_df["doc_id"].map(doc_rank)
    return passages_df.assign(_doc_rank=key).sort_values(["_doc_rank", "start"], kind="stable")


def folds(passages_df: pd.DataFrame, scheme: str, *, train_voices=AUTHOR_ONLY,
          n_splits: int = N_SPLITS) -> list[tuple[str, pd.Index, pd.Index]]:
    """The train/test splits of ``scheme``, as ``(fold name, train index, test index)``
    with index labels of ``passages_df``. Test sets hold authorial passages only; training
    sets hold passages whose voice is in ``train_voices``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> P = passages(load_corpus())
        >>> [name for name, _, _ in folds(P, "leave-one-icc-document-out")]
        ['icc-communist-left-1', 'icc-fractions-1922-23']
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    P = _ordered(passages_df)
    author = P[P["voice"] == "author"]
    trainable = P["voice"].isin(tuple(train_voices))
    out: list[tuple[str, pd.Index, pd.Index]] = []
    if scheme == RANDOM:
        from sklearn.model_selection import StratifiedKFold

        skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        for k, (_, test_pos) in enumerate(skf.split(np.zeros(len(author)), author["tradition"])):
            test = author.index[np.sort(test_pos)]
            train = P.index[trainable & ~P.index.isin(test)]
            out.append((f"fold {k + 1}", train, test))
    elif scheme == CONTIGUOUS:
        held: list[list] = [[] for _ in range(n_splits)]
        blocked: list[list] = [[] for _ in range(n_splits)]
        for _, doc in P.groupby("doc_id", sort=False):
            doc_author = doc[doc["voice"] == "author"]
            for k, chunk in enumerate(np.array_split(np.arange(len(doc_author)), n_splits)):
                if len(chunk) == 0:
                    continue
                rows = doc_author.iloc[chunk]
                held[k].extend(rows.index)
                lo, hi = rows["start"].min(), rows["start"].max()
                # everything of this document lying inside the held-out block
                blocked[k].extend(doc.index[(doc["start"] >= lo) & (doc["start"] <= hi)])
        for k in range(n_splits):
            test = pd.Index(held[k])
            train = P.index[trainable & ~P.index.isin(blocked[k])]
            out.append((f"block {k + 1}", train, test))
    else:
        docs = pd.unique(P.loc[P["tradition"] == LODO_TRADITION, "doc_id"])
        if len(docs) < 2:
            raise ValueError(f"{LODO}: needs at least two '{LODO_TRADITION}' documents, "
                             f"found {len(docs)}")
        for d in docs:
            test = author.index[author["doc_id"] == d]
            train = P.index[trainable & (P["doc_id"] != d)]
            out.append((str(d), train, test))
    return out


def out_of_fold(passages_df: pd.DataFrame, scheme: str, *, params: dict | None = None,
                train_voices=AUTHOR_ONLY, n_splits: int = N_SPLITS) -> pd.DataFrame:
    """Fit one tagger per fold of ``scheme`` and predict its test passages.

    Returns one row per test passage: ``passage_id, doc_id, fold, tradition`` (true),
    ``predicted``, ``p_<class>`` for every class (sorted), ``top_probability``; rows in
    passage order. Each tagger is ``TraditionTagger(**params)`` fitted with
    ``groups=doc_id``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> oof = out_of_fold(passages(load_corpus()), "contiguous-blocks")  # doctest: +SKIP
        >>> oof.columns[:5].tolist()                                            # doctest: +SKIP
        ['passage_id', 'doc_id', 'fold', 'tradition', 'predicted']
    """
    from standpoint.tagger.model import TraditionTagger

    params = dict(params or {})
    classes = sorted(passages_df["tradition"].unique())
    frames = []
    for name, train_idx, test_idx in folds(passages_df, scheme, train_voices=train_voices,
                                           n_splits=n_splits):
        train, test = passages_df.loc[train_idx], passages_df.loc[test_idx]
        tagger = TraditionTagger(**params).fit(
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
    towards the wrong tradition, from :meth:`TraditionTagger.explain`), ``own_cues`` (the
    strongest terms for its true tradition), ``why`` (one sentence built from those
    figures), ``text``. Rows in passage order.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> wrong = misattributions(passages(load_corpus()))      # doctest: +SKIP
        >>> (wrong["tradition"] != wrong["predicted"]).all()      # doctest: +SKIP
        True
    """
    from standpoint.tagger.model import TraditionTagger

    params = dict(params or {})
    rows = []
    for _, train_idx, test_idx in folds(passages_df, scheme):
        train, test = passages_df.loc[train_idx], passages_df.loc[test_idx]
        tagger = TraditionTagger(**params).fit(
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


# ----------------------------------------------------------------- threshold ----
def choose_threshold(y_true, proba, classes) -> float:
    """The ``uncertain`` threshold, derived from held-out probabilities.

    Rule: a verdict scores +1 if right, -1 if wrong, 0 if the tagger abstains
    (``uncertain``) -- a wrong verdict is as bad as a right one is good. Among thresholds
    *t*, pick the one maximising the total score of the held-out passages whose top
    probability is >= *t* (ties: the smallest *t*, i.e. the most verdicts). This is Chow's
    reject rule with an abstention costing half an error, applied to *observed*
    correctness rather than to the nominal probabilities (which are conservative here).
    No target or cost is tuned. The returned value is the midpoint between the least
    confident passage still given a verdict and the most confident one withheld, so it is
    not glued to one observation; it is ``1 / n_classes`` (never abstain) if abstaining
    never pays, ``1`` if no verdict pays. It always lies in ``[1 / n_classes, 1]``.

    ``y_true``: true labels; ``proba``: ``(n, n_classes)`` out-of-fold probabilities with
    columns in ``classes`` order. :func:`standpoint.tagger.fit_corpus_tagger` feeds it the
    contiguous-block out-of-fold probabilities.

    Example:
        >>> import numpy as np
        >>> p = np.array([[.9, .1], [.8, .2], [.55, .45], [.52, .48]])
        >>> choose_threshold(["a", "a", "b", "b"], p, ["a", "b"])
        0.675
    """
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=np.float64)
    classes = np.asarray(classes)
    if proba.ndim != 2 or proba.shape[1] != len(classes) or len(y_true) != len(proba):
        raise ValueError("proba must be (n, n_classes) with one row per label")
    if len(y_true) == 0:
        raise ValueError("choose_threshold needs at least one held-out prediction")
    floor = 1.0 / len(classes)
    top = proba.max(axis=1)
    gain = np.where(classes[np.argmax(proba, axis=1)] == y_true, 1.0, -1.0)
    order = np.argsort(-top, kind="stable")
    top_sorted, cumulative = top[order], np.cumsum(gain[order])
    # a cut can only fall between distinct probability values
    last_of_value = np.r_[top_sorted[1:] != top_sorted[:-1], True]
    candidates = np.flatnonzero(last_of_value)
    scores = cumulative[candidates]
    best = candidates[np.flatnonzero(scores == scores.max())[-1]]  # ties: most verdicts
    if cumulative[best] <= 0:  # never worth giving a verdict: abstain on everything
        return 1.0
    if best == len(top_sorted) - 1:
        return floor
    threshold = (top_sorted[best] + top_sorted[best + 1]) / 2
    if not top_sorted[best + 1] < threshold:  # two values too close to split in floats
        threshold = top_sorted[best]
    return float(min(1.0, max(floor, threshold)))


# ---------------------------------------------------------------- metrics ----
def _metrics(oof: pd.DataFrame, classes: list[str]):
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
    """Evaluate ``TraditionTagger(**params)`` (trained on authorial passages) under the
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
        macro, acc, pc, conf = _metrics(oof, classes)
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


# ----------------------------------------------------------------- ablation ----
BASELINE_PARAMS = {
    "word_ngrams": (1, 2), "char_ngrams": (2, 5), "sublinear_tf": False, "min_docs": 1,
    "strip_quotes": False, "mask": "none", "citations": "keep", "lexicons": False,
    "model": "svc", "C": 1.0, "balance": None,
}


def ablation_configs() -> list[dict]:
    """The configurations :func:`ablation` evaluates.

    First the planning baseline (word 1-2 + char 2-5 TF-IDF, LinearSVC, all paragraphs),
    then each kept change added to the previous configuration, one at a time; the last of
    these is the tagger's defaults. Then the changes that were measured and *not* kept, each
    applied alone to the final configuration. Each config is a dict with ``name``,
    ``change``, ``kept``, ``params`` (for :class:`~standpoint.tagger.TraditionTagger`) and
    ``train_voices``.

    Example:
        >>> [c["name"] for c in ablation_configs()][:2]
        ['baseline', '+authorial only']
    """
    steps = [
        ("baseline", "word(1-2)+char(2-5) TF-IDF, LinearSVC, all paragraphs", {}, ALL_VOICES),
        ("+authorial only", "train on voice == 'author' passages only", {}, AUTHOR_ONLY),
        ("+strip quotes", "quoted spans -> _quote_; curly quotes normalised",
         {"strip_quotes": True}, AUTHOR_ONLY),
        ("+mask numbers", "years -> _year_, numbers -> _num_", {"mask": "numbers"},
         AUTHOR_ONLY),
        ("+mask names", "proper names -> _name_ (words of doctrine kept)", {"mask": "names"},
         AUTHOR_ONLY),
        ("+sublinear tf", "1 + log(tf)", {"sublinear_tf": True}, AUTHOR_ONLY),
        ("+document balance", "each document equal within its tradition, traditions equal",
         {"balance": "documents"}, AUTHOR_ONLY),
        ("+logistic regression", "multinomial LogisticRegression (C=1) for LinearSVC",
         {"model": "logreg", "C": 1.0}, AUTHOR_ONLY),
        ("+register lexicons", "pooled tokens: scholarly, hedging, we, terms of art",
         {"lexicons": True}, AUTHOR_ONLY),
        ("+char 2-4", "char n-grams 2-4 instead of 2-5 (faster)", {"char_ngrams": (2, 4)},
         AUTHOR_ONLY),
        ("+references as tokens", "references -> _cite_ (author-date), _bibref_ ([..., p. N]), "
         "_page_, _xref_ (see section H.3): the FAQ's house style stays one token; an "
         "author-date citation, never seen in training, carries no tradition",
         {"citations": "tokens"}, AUTHOR_ONLY),
    ]
    rejected = [
        ("final, references stripped", "references and cross-references removed from the text",
         {"citations": "strip"}),
        ("final, references kept", "references left in the text as written",
         {"citations": "keep"}),
        ("final +vocabulary in >=2 docs", "keep only terms seen in 2+ training documents",
         {"min_docs": 2}),
        ("final -char n-grams", "word n-grams only (about 2x faster)", {"char_ngrams": None}),
        ("final, calibrated LinearSVC", "LinearSVC + CalibratedClassifierCV (sigmoid)",
         {"model": "svc-calibrated"}),
    ]
    configs, params = [], dict(BASELINE_PARAMS)
    for name, change, delta, voices in steps:
        params = {**params, **delta}
        configs.append({"name": name, "change": change, "kept": True, "params": dict(params),
                        "train_voices": voices})
    final = dict(params)
    for name, change, delta in rejected:
        configs.append({"name": name, "change": change, "kept": False,
                        "params": {**final, **delta}, "train_voices": AUTHOR_ONLY})
    return configs


def ablation(passages_df: pd.DataFrame, configs: list[dict] | None = None, *,
             timing: bool = False) -> pd.DataFrame:
    """Evaluate each configuration (default :func:`ablation_configs`) on contiguous blocks
    and leave-one-ICC-document-out.

    Returns one row per configuration, in order: ``step, name, change, kept,
    contiguous_macro_f1, contiguous_icc_precision`` (a model that calls everything ICC
    would score well on the next columns; this one shows it), ``lodo_icc_<doc>`` (share of
    each held-out ICC text recognised as ICC), ``lodo_icc_mean``; with ``timing``, also
    ``seconds_per_fit`` (wall time of one fit and prediction, averaged over the folds; not
    deterministic, hence off by default). All test sets are authorial passages, whatever
    the training voices. About 80 s for the default configurations.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> table = ablation(passages(load_corpus()))   # doctest: +SKIP
        >>> table.loc[0, "name"]                          # doctest: +SKIP
        'baseline'
    """
    configs = ablation_configs() if configs is None else configs
    classes = sorted(passages_df["tradition"].unique())
    rows = []
    for step, cfg in enumerate(configs):
        voices = cfg.get("train_voices", AUTHOR_ONLY)
        t0 = time.perf_counter()
        cont = out_of_fold(passages_df, CONTIGUOUS, params=cfg["params"], train_voices=voices)
        lodo = out_of_fold(passages_df, LODO, params=cfg["params"], train_voices=voices)
        seconds = (time.perf_counter() - t0) / (cont["fold"].nunique() + lodo["fold"].nunique())
        macro, _, per_class, _ = _metrics(cont, classes)
        precision = dict(zip(per_class["tradition"], per_class["precision"]))
        row = {"step": step, "name": cfg["name"], "change": cfg.get("change", ""),
               "kept": bool(cfg.get("kept", True)), "contiguous_macro_f1": macro,
               "contiguous_icc_precision": float(precision.get(LODO_TRADITION, float("nan")))}
        shares = []
        for doc, g in lodo.groupby("doc_id", sort=False):
            share = float((g["predicted"] == LODO_TRADITION).mean())
            row[f"lodo_icc_{doc}"] = share
            shares.append(share)
        row["lodo_icc_mean"] = float(np.mean(shares))
        if timing:
            row["seconds_per_fit"] = seconds
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------- report ----
def _table(df: pd.DataFrame, float_format: str = "{:.3f}") -> str:
    return df.to_string(index=False, float_format=float_format.format, na_rep="-")


def format_report(report: EvaluationReport) -> str:
    """The report as plain text (deterministic), for ``standpoint evaluate``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> text = format_report(evaluate(passages(load_corpus())))   # doctest: +SKIP
        >>> text.splitlines()[0]                                        # doctest: +SKIP
        'Tradition tagger: held-out evaluation (test sets: authorial passages only)'
    """
    lines = ["Tradition tagger: held-out evaluation (test sets: authorial passages only)", ""]
    summary = report.summary.copy()
    lines += ["Summary", _table(summary), ""]
    for scheme in SCHEMES:
        lines.append(f"== {scheme} ({SCHEME_LABELS[scheme]})")
        pc = report.per_class[report.per_class["scheme"] == scheme].drop(columns="scheme")
        if scheme != LODO:
            lines += ["per tradition:", _table(pc)]
        conf = report.confusion[scheme]
        lines += ["confusion (rows: true, columns: predicted):",
                  conf.to_string(), ""]
    lines += ["Held-out ICC texts (leave-one-icc-document-out):", _table(report.lodo), ""]
    lines += [
        f"Uncertain threshold: {report.threshold:.3f} (chosen on contiguous-block out-of-fold "
        "probabilities: +1 per right verdict, -1 per wrong one, 0 per 'uncertain')",
        f"  contiguous blocks: {report.uncertain_share:.1%} uncertain; accuracy of the "
        f"remaining verdicts {report.confident_accuracy:.3f} (in-sample for the threshold)",
    ]
    for row in report.lodo.itertuples(index=False):
        lines.append(f"  held-out {row.held_out_doc}: {row.share_uncertain:.1%} uncertain; "
                     f"{row.share_icc_of_confident:.1%} of the remaining verdicts are ICC")
    return "\n".join(lines) + "\n"
