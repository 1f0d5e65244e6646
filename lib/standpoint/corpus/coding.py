"""The record of the double coding (``corpus/double_coding.csv``: a stratified sample of
(passage, opposition) pairs coded blind by a second coder, beside the first coder's codes) and
its adjudication (``corpus/adjudications.csv``: every disagreement, the decision and why).

:func:`load_double_coding` and :func:`load_adjudications` read and check them;
:func:`standpoint.comparison.coding.double_coding_kappa` measures the agreement.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.corpus.codebook import AnnotationError
from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_csv_rows

DOUBLE_CODING_FILE = "double_coding.csv"
ADJUDICATIONS_FILE = "adjudications.csv"
DOUBLE_CODING_FIELDS = ["passage_id", "opposition", "coder1_stance", "coder1_themes",
                        "coder2_stance", "coder2_themes"]
ADJUDICATION_FIELDS = ["passage_id", "opposition", "field", "coder_1", "coder_2", "decision",
                       "reason"]


def _themes(value: str) -> list[str]:
    return sorted(t.strip() for t in value.split(";") if t.strip())


def load_double_coding(root: Path | str | None = None) -> pd.DataFrame:
    """The double-coded sample: ``passage_id, opposition, coder1_stance, coder1_themes``
    (list), ``coder2_stance, coder2_themes`` (list), ``line``.

    Example:
        >>> d = load_double_coding()
        >>> len(d) >= 80, list(d.columns)[:3]
        (True, ['passage_id', 'opposition', 'coder1_stance'])
    """
    root = Path(root) if root is not None else default_root()
    path = root / DOUBLE_CODING_FILE
    rows = read_csv_rows(path, DOUBLE_CODING_FIELDS, AnnotationError, allow_empty=True)
    out, seen = [], {}
    for line, r in rows:
        key = (r["passage_id"], r["opposition"])
        if key in seen:
            raise AnnotationError(f"{path}: row {line}: pair coded twice (row {seen[key]})")
        seen[key] = line
        out.append({"passage_id": r["passage_id"], "opposition": r["opposition"],
                    "coder1_stance": r["coder1_stance"], "coder1_themes": _themes(r["coder1_themes"]),
                    "coder2_stance": r["coder2_stance"], "coder2_themes": _themes(r["coder2_themes"]),
                    "line": line})
    return pd.DataFrame(out, columns=DOUBLE_CODING_FIELDS + ["line"])


def load_adjudications(root: Path | str | None = None) -> pd.DataFrame:
    """The adjudication record: ``passage_id, opposition, field`` (``stance`` or ``themes``),
    ``coder_1, coder_2, decision, reason, line``.

    Example:
        >>> a = load_adjudications()
        >>> set(a["field"]) <= {"stance", "themes"}, bool(a["reason"].str.len().min() > 10)
        (True, True)
    """
    root = Path(root) if root is not None else default_root()
    path = root / ADJUDICATIONS_FILE
    rows = read_csv_rows(path, ADJUDICATION_FIELDS, AnnotationError, allow_empty=True)
    for line, r in rows:
        if r["field"] not in ("stance", "themes"):
            raise AnnotationError(f"{path}: row {line}: field must be stance or themes, not '{r['field']}'")
        if not r["reason"]:
            raise AnnotationError(f"{path}: row {line}: empty reason")
    return pd.DataFrame([{**r, "line": line} for line, r in rows],
                        columns=ADJUDICATION_FIELDS + ["line"])
