"""The evaluation as plain text, for ``standpoint evaluate`` (deterministic), and the sentence
that says what a verdict means.

Example:
    >>> from standpoint import load_corpus, passages
    >>> from standpoint.tagger.evaluation import evaluate
    >>> print(format_report(evaluate(passages(load_corpus()))))   # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

#: the headline columns of the comparison and the curve
HEADLINE = ["false_attribution", "recognised", "recognised_icc", "recognised_trotskyist",
            "closed_precision", "closed_macro_f1", "coverage", "share_icc"]


def _table(df: pd.DataFrame) -> str:
    return df.to_string(index=False, float_format="{:.3f}".format, na_rep="-")


def _pct(value) -> str:
    return "-" if value is None or value != value else f"{value:.0%}"


def verdict_meaning(summary: dict) -> str:
    """What a verdict means, in the figures of an open-set ``summary``
    (:func:`standpoint.tagger.metrics.summary`).

    Example:
        >>> print(verdict_meaning({"closed_precision": 0.82, "recognised": 0.35,
        ...                        "false_attribution": 0.26}))
        On held-out documents of traditions it knows, a named tradition was right in 82% of cases and 35% of passages were named correctly (the rest uncertain or wrong); on documents of a tradition absent from its training, it still named one for 26% of passages.
    """
    false = summary.get("false_attribution")
    absent = (f"on documents of a tradition absent from its training, it still named one for "
              f"{_pct(false)} of passages." if false is not None and false == false else
              "no tradition of this corpus has a single document, so false attribution on "
              "an absent tradition was not measured.")
    return (f"On held-out documents of traditions it knows, a named tradition was right in "
            f"{_pct(summary.get('closed_precision'))} of cases and "
            f"{_pct(summary.get('recognised'))} of passages were named correctly (the rest "
            f"uncertain or wrong); {absent}")


def verdict_note(tagger) -> str:
    """What a verdict of ``tagger`` (a :class:`~standpoint.tagger.fitted.FittedTagger`) means,
    in the held-out-document figures stored with it (``reliability["held_out"]``), and when
    it says ``uncertain``: the lines that end ``standpoint tag``'s table.

    Example:
        >>> import numpy as np
        >>> from standpoint.tagger.fitted import FittedTagger
        >>> t = FittedTagger(None, np.array(["a", "b"]), np.zeros(2), 2.5, 0.88, reliability={
        ...     "held_out": {"closed_precision": 0.81, "recognised": 0.35, "false_attribution": 0.25,
        ...                  "folds": 7, "passages": 450}})
        >>> print(verdict_note(t))
        # What a verdict means (7 held-out documents, 450 passages): on held-out documents of traditions it knows, a named tradition was right in 81% of cases and 35% of passages were named correctly (the rest uncertain or wrong); on documents of a tradition absent from its training, it still named one for 25% of passages.
        # uncertain: low_confidence = the two best traditions within 2.5 of each other (log-likelihood); unfamiliar = under 88% of its words occur in the training texts.
    """
    held = tagger.reliability.get("held_out")
    if held:
        meaning = verdict_meaning(held)
        meaning = (f"# What a verdict means ({held['folds']} held-out documents, "
                   f"{held['passages']} passages): {meaning[:1].lower()}{meaning[1:]}")
    else:
        meaning = "# (no held-out figures were measured for this model)"
    fam = tagger.familiarity_threshold
    unfamiliar = (f"under {fam:.0%} of its words occur in the training texts"
                  if fam == fam and fam > float("-inf") else "no word occurs in the training texts")
    return (f"{meaning}\n# uncertain: low_confidence = the two best traditions within "
            f"{tagger.threshold:.2g} of each other (log-likelihood); unfamiliar = {unfamiliar}.")


def comparison_table(report) -> pd.DataFrame:
    """The model kept beside the baselines, each with the same abstention and without any:
    one row per model and setting, :data:`HEADLINE` columns.

    Example:
        >>> comparison_table(report)["model"].tolist()[:2]   # doctest: +SKIP
        ['tagger', 'tagger']
    """
    rows = [{"model": report.model["name"], "abstention": "yes", **report.open_set["summary"]},
            {"model": report.model["name"], "abstention": "no", **report.no_abstention["summary"]}]
    for name, figures in report.baselines.items():
        rows.append({"model": name, "abstention": "yes", **figures["summary"]})
        rows.append({"model": name, "abstention": "no", **figures["no_abstention"]})
    return pd.DataFrame(rows).reindex(columns=["model", "abstention", *HEADLINE])


def format_report(report) -> str:
    """The :class:`~standpoint.tagger.evaluation.EvaluationReport` as plain text.

    Example:
        >>> text = format_report(report)               # doctest: +SKIP
        >>> text.splitlines()[0]                        # doctest: +SKIP
        'Tradition tagger: held-out evaluation (test sets: authorial passages only)'
    """
    m, op = report.model, report.operating_point
    s = report.open_set["summary"]
    lines = ["Tradition tagger: held-out evaluation (test sets: authorial passages only)", "",
             f"Model: {m['classifier']} in TraditionTagger(target_false_attribution="
             f"{m['target_false_attribution']}, unfamiliar_quantile={m['unfamiliar_quantile']}, "
             f"neutralise={m['neutralise']}); every threshold and bias learnt inside each fold.",
             "", "== Held-out documents (open set): one fold per document left out; in an "
             "'open' fold its tradition is absent from training and the right answer is "
             "'uncertain'",
             _table(report.open_set["folds"]), "",
             f"false attribution on absent traditions: {s['false_attribution']:.3f} (mean over "
             f"open folds; worst {s['false_attribution_max']:.3f})",
             f"recognised, held-out documents of known traditions: {s['recognised']:.3f} (mean "
             "over closed folds)",
             f"precision of verdicts on them: {s['closed_precision']:.3f}; macro-F1 "
             f"(uncertain = miss): {s['closed_macro_f1']:.3f}", "",
             verdict_meaning(s), "",
             "Pooled over every fold (share: how often each class is named; a verdict naming "
             "a tradition of a single document can never be right here):",
             _table(report.open_set["pooled"]), "",
             "== The model kept beside the baselines (same folds, same abstention, same target)",
             _table(comparison_table(report)), "",
             "Recognition at the same false attribution (each model's best point of its curve "
             "with at most that level):",
             _table(report.comparison), "",
             "== Coverage and precision against the operating point (target_false_attribution)",
             _table(report.open_set["curve"].reindex(
                 columns=["target", *HEADLINE, "precision", "unfamiliar"])), "",
             f"Default operating point {op['default_target']}; the criterion ({op['criterion']}, "
             f"min_precision {op['min_precision']}) chooses {op['best_target']} on this run.", "",
             "== Optimistic bounds (training shares documents with the test passages)",
             _table(report.optimistic) if len(report.optimistic) else "(not run)", "",
             "== What each fold's tagger learnt (threshold: log-margin; familiarity: share of "
             "known words)",
             _table(report.open_set["thresholds"])]
    return "\n".join(lines) + "\n"
