"""Factual claims (``corpus/claims.csv``): what each tradition asserts about checkable facts
(a print run, a membership, who signed a platform), so that the comparison can show where the
accounts disagree on facts.

Columns: ``question_id, opposition, question, tradition, passage_id, anchor, answer, value``.
Rows with the same ``question_id`` answer the same factual question (the same ``question``
text on each); ``answer`` says the tradition's answer in a few words; ``value`` is the short
form compared across traditions (two traditions agree when their values are equal; empty:
the answer itself). The anchor is a verbatim excerpt of that tradition's passage, at least
half in the author's own words.

:func:`load_claims` returns one row per claim (columns :data:`CLAIM_COLUMNS`);
:func:`disputes` the questions two or more traditions answer, and whether they disagree.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.corpus.anchors import locate_anchor
from standpoint.corpus.codebook import AnnotationError
from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_csv_rows

CLAIMS_FILE = "claims.csv"
CLAIM_FIELDS = ["question_id", "opposition", "question", "tradition", "passage_id", "anchor",
                "answer", "value"]
CLAIM_COLUMNS = CLAIM_FIELDS + ["anchor_start", "line"]
MIN_AUTHORIAL = 0.5


def load_claims(passages: pd.DataFrame, traditions: list[str], oppositions: list[str],
                root: Path | str | None = None) -> pd.DataFrame:
    """Read and check ``<root>/claims.csv`` (see the module docstring). An empty file (header
    only) gives no claims.

    Example:
        >>> import tempfile
        >>> P = pd.DataFrame({"passage_id": ["d:001"], "tradition": ["icc"],
        ...                   "text": ["About 200 workers joined."], "quoted_spans": [[]]})
        >>> rows = ("question_id,opposition,question,tradition,passage_id,anchor,answer,value\\n"
        ...         "x-size,x,How many?,icc,d:001,About 200 workers,about 200,\\n")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (Path(d) / "claims.csv").write_text(rows, encoding="utf-8")
        ...     c = load_claims(P, ["icc"], ["x"], root=d)
        >>> c.loc[0, ["question_id", "value"]].tolist(), int(c.loc[0, "line"])
        (['x-size', 'about 200'], 2)
    """
    root = Path(root) if root is not None else default_root()
    path = root / CLAIMS_FILE
    rows = read_csv_rows(path, CLAIM_FIELDS[:7], AnnotationError, allow_empty=True, strip=False)
    info = {pid: (trad, text, spans) for pid, trad, text, spans in zip(
        passages["passage_id"], passages["tradition"], passages["text"],
        passages["quoted_spans"] if "quoted_spans" in passages.columns else [None] * len(passages))}
    questions: dict[str, tuple[str, str, int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for line, row in rows:
        where = f"{path}: row {line}"
        r = {k: " ".join(row.get(k, "").split()) for k in CLAIM_FIELDS if k != "anchor"}
        anchor = row["anchor"]
        for field in ("question_id", "question", "passage_id", "answer"):
            if not r[field]:
                raise AnnotationError(f"{where}: empty {field}")
        if r["tradition"] not in traditions:
            raise AnnotationError(f"{where}: unknown tradition '{r['tradition']}' (valid: {', '.join(traditions)})")
        if r["opposition"] not in oppositions:
            raise AnnotationError(f"{where}: unknown opposition '{r['opposition']}' (valid: {', '.join(oppositions)})")
        first = questions.setdefault(r["question_id"], (r["question"], r["opposition"], line))
        if (r["question"], r["opposition"]) != first[:2]:
            raise AnnotationError(f"{where}: question '{r['question_id']}' has another question "
                                  f"text or opposition than on row {first[2]} (one per question)")
        if r["passage_id"] not in info:
            raise AnnotationError(f"{where}: unknown passage '{r['passage_id']}'")
        owner, text, spans = info[r["passage_id"]]
        if owner != r["tradition"]:
            raise AnnotationError(f"{where}: passage '{r['passage_id']}' is a {owner} passage, "
                                  f"not {r['tradition']}'s")
        key = (r["question_id"], r["tradition"], r["passage_id"])
        if key in seen:
            raise AnnotationError(f"{where}: the same claim as row {seen[key]}")
        seen[key] = line
        start = locate_anchor(anchor, r["passage_id"], str(text), spans,
                              min_authorial=MIN_AUTHORIAL, where=where, error=AnnotationError)
        out.append({**r, "anchor": anchor, "value": r["value"] or r["answer"],
                    "anchor_start": start, "line": line})
    return pd.DataFrame(out, columns=CLAIM_COLUMNS).astype({"anchor_start": "int64", "line": "int64"})


def disputes(claims: pd.DataFrame, opposition: str | None = None) -> pd.DataFrame:
    """The questions that two or more traditions answer (of one ``opposition``, or all), one
    row per question: ``question_id, opposition, question, traditions`` (list, in file order),
    ``values`` (tradition -> its value(s), ``; ``-joined), ``disagree`` (bool: the traditions
    give different values). Disagreements first, then file order.

    Example:
        >>> c = pd.DataFrame({"question_id": ["q", "q", "r"], "opposition": ["x"] * 3,
        ...                   "question": ["How many?", "How many?", "When?"],
        ...                   "tradition": ["icc", "anarchist", "icc"], "value": ["200", "300", "1923"]})
        >>> d = disputes(c)
        >>> d[["question_id", "disagree"]].values.tolist(), d.loc[0, "values"]
        ([['q', True]], {'icc': '200', 'anarchist': '300'})
    """
    columns = ["question_id", "opposition", "question", "traditions", "values", "disagree"]
    chosen = claims if opposition is None else claims[claims["opposition"] == opposition]
    rows = []
    for qid, group in chosen.groupby("question_id", sort=False):
        traditions = list(dict.fromkeys(group["tradition"]))
        if len(traditions) < 2:
            continue
        values = {t: "; ".join(dict.fromkeys(group.loc[group["tradition"] == t, "value"]))
                  for t in traditions}
        rows.append({"question_id": qid, "opposition": group["opposition"].iloc[0],
                     "question": group["question"].iloc[0], "traditions": traditions,
                     "values": values, "disagree": len(set(values.values())) > 1})
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    return frame.sort_values("disagree", ascending=False, kind="stable").reset_index(drop=True)
