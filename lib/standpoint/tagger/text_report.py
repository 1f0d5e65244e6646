"""The evaluation as plain text, for ``standpoint evaluate`` (deterministic).

Example:
    >>> from standpoint import load_corpus, passages
    >>> from standpoint.tagger.evaluation import evaluate
    >>> print(format_report(evaluate(passages(load_corpus()))))   # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from standpoint.tagger.folds import LODO, SCHEME_LABELS, SCHEMES

def _table(df: pd.DataFrame, float_format: str = "{:.3f}") -> str:
    return df.to_string(index=False, float_format=float_format.format, na_rep="-")


def format_report(report) -> str:
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
