"""The ablation: each modelling choice of the tagger, measured on held-out documents.

Each configuration is a classifier in a :class:`~standpoint.tagger.open_set.TraditionTagger`
at the same operating point, evaluated in the open-set folds (nested: the abstention is learnt
inside each fold). The kept changes are applied one after another, from scikit-learn's plain
word counts and Complement naive Bayes to the model kept; then alternatives, each applied
alone to the model kept. The criterion: a change is worth keeping when it **lowers the false
attribution on traditions absent from training without losing recognition** of held-out
documents of known traditions. Two configurations at the same target can land at different
false attributions, so they are compared along their curves: ``recognised_at_<level>`` is
the recognition of a configuration's best operating point whose false attribution is at most
``level`` (:func:`~standpoint.tagger.evaluation.at_false_attribution`), and ``criterion_met``
is true when, against the row before it (for an alternative: against the model kept), it
recognises no less at every level of :data:`LEVELS` and more at one of them: the same
recognition at a lower false attribution. Recognition alone is never the criterion: calling
everything ICC maximises the recognition of a held-out ICC text.

Example:
    >>> [c["name"] for c in ablation_configs()][:2]
    ['plain counts + ComplementNB', '+ text preparation']
"""

from __future__ import annotations

import time

import pandas as pd

from standpoint.tagger.baselines import candidate
from standpoint.tagger.evaluation import at_false_attribution, curve, run_folds, verdicts_at
from standpoint.tagger.folds import OPEN_SET
from standpoint.tagger.metrics import summary
from standpoint.tagger.open_set import TARGET_FALSE_ATTRIBUTION

#: the model kept, as TraditionNB parameters (``subjects`` come from the corpus)
KEPT = {"lexicons": True, "names": "delete", "citations": "strip", "documents": False}
#: the false-attribution levels at which configurations are compared
LEVELS = (0.1, 0.2, 0.3)
COLUMNS = ["step", "name", "change", "kept", "false_attribution", "recognised",
           "recognised_icc", "recognised_trotskyist", "closed_precision", "closed_macro_f1",
           "coverage", "share_icc", *[f"recognised_at_{level}" for level in LEVELS],
           "criterion_met"]


def _dominates(row: dict, reference: dict) -> bool:
    pairs = [(row[f"recognised_at_{lv}"], reference[f"recognised_at_{lv}"]) for lv in LEVELS]
    pairs = [(a, b) for a, b in pairs if a == a and b == b]  # (a level neither reaches: nan)
    return bool(pairs) and all(a >= b for a, b in pairs) and any(a > b for a, b in pairs)


def ablation_configs() -> list[dict]:
    """The configurations :func:`ablation` evaluates, in order: ``name``, ``change``, ``kept``
    (a step of the model kept, or an alternative), ``model`` (a name of
    :func:`~standpoint.tagger.baselines.classifier`), ``params`` (for it; ``subjects`` is
    added when ``"subjects"`` is true) and ``tagger`` (TraditionTagger parameters).

    Example:
        >>> configs = ablation_configs()
        >>> [c["name"] for c in configs if c["kept"]][-1]
        '+ neutralising biases (the model kept)'
    """
    prepared = {"lexicons": False, "names": "token", "citations": "tokens", "documents": False}
    steps = [
        ("plain counts + ComplementNB", "CountVectorizer() + ComplementNB(), raw text",
         "counts-complementnb", {}, False, False),
        ("+ text preparation", "quotes, references, numbers, names as tokens; documents "
         "balanced within traditions", "tagger", prepared, False, False),
        ("+ register lexicons", "pooled lexicon tokens (scholarly, hedging, we, terms of art)",
         "tagger", {**prepared, "lexicons": True}, False, False),
        ("+ subjects and names deleted", "opposition names and proper names deleted, not "
         "tokens", "tagger", {**prepared, "lexicons": True, "names": "delete"}, True, False),
        ("+ references deleted", "references deleted, not tokens (one document's house "
         "style)", "tagger", KEPT, True, False),
        ("+ neutralising biases (the model kept)", "biases learnt so that no tradition is "
         "the default answer", "tagger", KEPT, True, True),
    ]
    configs = [{"name": n, "change": c, "kept": True, "model": m, "params": dict(p),
                "subjects": s, "tagger": {"neutralise": neutral}}
               for n, c, m, p, s, neutral in steps]
    alternatives = [
        ("documents as classes (sum)", "each training document a class, a tradition the sum "
         "of its documents (the research's proposal)", "tagger",
         {**KEPT, "documents": True, "aggregate": "sum"}, True, {}),
        ("documents as classes (max)", "each document a class, a tradition its best one",
         "tagger", {**KEPT, "documents": True, "aggregate": "max"}, True, {}),
        ("references as tokens", "_bibref_, _cite_, _page_, _xref_ kept as tokens", "tagger",
         {**KEPT, "citations": "tokens"}, True, {}),
        ("without the unfamiliar rule", "only low_confidence abstains", "tagger", KEPT, True,
         {"unfamiliar_quantile": 0.0}),
        ("previous tagger (TF-IDF, logistic regression)", "word 1-2 and char 2-4 TF-IDF, "
         "LogisticRegression: the tagger before this evaluation", "previous", {}, False, {}),
    ]
    configs += [{"name": n, "change": c, "kept": False, "model": m, "params": dict(p),
                 "subjects": s, "tagger": {"neutralise": True, **t}}
                for n, c, m, p, s, t in alternatives]
    return configs


def ablation(passages_df: pd.DataFrame, configs: list[dict] | None = None, *,
             subjects: tuple[str, ...] = (), target: float = TARGET_FALSE_ATTRIBUTION,
             timing: bool = False) -> pd.DataFrame:
    """Evaluate each configuration (default :func:`ablation_configs`) in the open-set folds:
    its figures at ``target`` and its recognition at each false-attribution level of
    :data:`LEVELS`. One row per configuration: :data:`COLUMNS` (with ``timing``, also
    ``seconds``: wall time of its folds; not deterministic, hence off by default).

    Example:
        >>> from standpoint import load_corpus, passages
        >>> table = ablation(passages(load_corpus()))   # doctest: +SKIP
    """
    configs = ablation_configs() if configs is None else configs
    rows, kept_before, final = [], None, None
    for step, cfg in enumerate(configs):
        t0 = time.perf_counter()
        model = candidate(cfg["model"], tuple(subjects) if cfg.get("subjects") else (),
                          tagger_params={"target_false_attribution": target,
                                         **cfg.get("tagger", {})}, **cfg.get("params", {}))
        run = run_folds(passages_df, model, OPEN_SET, cfg["name"])
        verdict, reason = verdicts_at(run, target)
        s = summary(run.frame, verdict, reason, run.classes)
        row = {"step": step, "name": cfg["name"], "change": cfg.get("change", ""),
               "kept": bool(cfg.get("kept", True))}
        row.update({k: s.get(k, float("nan")) for k in COLUMNS if k in s})
        matched = at_false_attribution({"m": curve(run)}, LEVELS).set_index("level")
        for level in LEVELS:
            row[f"recognised_at_{level}"] = (float(matched.loc[level, "recognised"])
                                             if level in matched.index else float("nan"))
        reference = kept_before if row["kept"] else final
        row["criterion_met"] = None if reference is None else _dominates(row, reference)
        if row["kept"]:
            kept_before = final = row
        if timing:
            row["seconds"] = time.perf_counter() - t0
        rows.append(row)
    columns = COLUMNS + (["seconds"] if timing else [])
    return pd.DataFrame(rows).reindex(columns=columns)
