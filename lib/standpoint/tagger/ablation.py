"""The ablation: each modelling choice of the tagger, measured on held-out data.

Example:
    >>> [c["name"] for c in ablation_configs()][:2]
    ['baseline', '+authorial only']
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from standpoint.tagger.evaluation import out_of_fold, scores
from standpoint.tagger.folds import ALL_VOICES, AUTHOR_ONLY, CONTIGUOUS, LODO, LODO_TRADITION

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
    ``change``, ``kept``, ``params`` (for :class:`~standpoint.tagger.linear.LinearTagger`) and
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
        macro, _, per_class, _ = scores(cont, classes)
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
