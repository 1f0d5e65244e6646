"""How far to trust each step, measured against hand-made yardsticks kept in the corpus: one
table (:func:`reliability`) that notebook 04 and the README print, every figure computed from
the files, none typed in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.comparison.coding import coding_coverage, double_coding_kappa

COLUMNS = ["step", "measure", "value", "n", "against"]


def reliability(inputs: dict) -> pd.DataFrame:
    """One row per measurement (columns :data:`COLUMNS`): voice (accuracy against
    ``voice_labels.csv``), topic attribution (precision and recall against
    ``topic_labels.csv``), coding coverage, the second coder's agreement (Cohen's kappa, stance
    and themes, ``double_coding.csv``) and the stance heuristic's (Cohen's kappa against the
    codes). A yardstick the corpus does not have is left out.

    Example:
        >>> from standpoint.comparison import shared_inputs
        >>> r = reliability(shared_inputs())
        >>> r["step"].tolist()[:3]
        ['voice', 'topic attribution', 'topic attribution']
    """
    from standpoint.corpus import (load_double_coding, load_topic_labels, load_voice_labels)
    from standpoint.segment import voice_agreement
    from standpoint.stance import agreement
    from standpoint.topics import evaluate_topics

    root = Path(inputs["corpus"].root)
    rows = []
    if (root / "voice_labels.csv").is_file():
        v = voice_agreement(inputs["passages"], load_voice_labels(root))
        rows.append(("voice", "accuracy", v["accuracy"], v["n"], "voice_labels.csv (blind hand labels)"))
    if (root / "topic_labels.csv").is_file():
        t = evaluate_topics(inputs["topics"], load_topic_labels(root))["micro"]
        rows.append(("topic attribution", "precision", t["precision"], t["passages"], "topic_labels.csv"))
        rows.append(("topic attribution", "recall", t["recall"], t["passages"], "topic_labels.csv"))
    cov = coding_coverage(inputs["passages"], inputs["topics"], inputs["annotations"])
    rows.append(("coding", "coverage of topic pairs", cov["coverage"], cov["pairs"], "annotations.csv"))
    rows.append(("coding", "topic pairs coded not-about", cov["not_about"], cov["pairs"], "annotations.csv"))
    if (root / "double_coding.csv").is_file():
        d = double_coding_kappa(load_double_coding(root), inputs["codebook"].theme_ids)
        rows.append(("second coder", "Cohen's kappa, stance", round(d["stance_kappa"], 3), d["n"], "double_coding.csv"))
        rows.append(("second coder", "Cohen's kappa, themes", round(d["themes_kappa"], 3), d["n"], "double_coding.csv"))
    s = agreement(inputs["stance"], inputs["annotations"])
    rows.append(("stance heuristic", "Cohen's kappa", round(s["kappa"], 3), s["n"], "annotations.csv"))
    rows.append(("stance heuristic", "raw agreement", round(s["agreement"], 3), s["n"], "annotations.csv"))
    return pd.DataFrame(rows, columns=COLUMNS)
