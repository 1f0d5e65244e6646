"""Position statements (``corpus/positions.csv``): for each tradition and opposition, the
tradition's overall verdict on the group, its central judgement in one or two sentences, and
the one to three passages where the author states it.

Columns of the file: ``tradition, opposition, verdict, statement, passage_1, anchor_1,
passage_2, anchor_2, passage_3, anchor_3``. ``verdict`` is one of the codebook's verdicts
(``criticises``, ``endorses``, ``mixed``, ``neutral``, ``silent``); ``silent`` (no substantive
authorial passage about the group) takes no statement and no evidence; every other verdict
needs a statement and at least one ``passage_k``/``anchor_k`` pair, the anchor a verbatim
excerpt of a passage of that tradition, entirely in the author's own words (outside the
passage's quoted spans). Anchor 1 is the tradition's exemplary quotation on the group.

:func:`load_positions` returns one row per position (file order) with the columns
:data:`POSITION_COLUMNS`; ``evidence`` is a list of ``(passage_id, anchor, anchor_start)``.
Every problem is an :class:`AnnotationError` naming the file, the row and the problem.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.corpus.anchors import locate_anchor
from standpoint.corpus.codebook import SILENT, AnnotationError, Codebook, load_codebook
from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_csv_rows

POSITIONS_FILE = "positions.csv"
MAX_EVIDENCE = 3
POSITION_FIELDS = ["tradition", "opposition", "verdict", "statement"] + [
    f"{kind}_{k}" for k in range(1, MAX_EVIDENCE + 1) for kind in ("passage", "anchor")]
POSITION_COLUMNS = ["tradition", "opposition", "verdict", "statement", "evidence", "line"]


def load_positions(passages: pd.DataFrame, traditions: list[str], oppositions: list[str],
                   codebook: Codebook | None = None,
                   root: Path | str | None = None) -> pd.DataFrame:
    """Read and check ``<root>/positions.csv`` (see the module docstring).

    ``passages``: the corpus's passages (``passage_id``, ``tradition``, ``text`` and
    ``quoted_spans``); ``traditions`` and ``oppositions``: the valid ids. A missing file is an
    error; an empty one (header only) gives no positions. Raises :class:`AnnotationError` for
    an unknown tradition, opposition or verdict, a pair given twice, a ``silent`` row with a
    statement or evidence, another verdict without a statement or evidence, evidence from
    another tradition's passage, or an anchor not found verbatim in the author's own words.

    Example:
        >>> import tempfile
        >>> P = pd.DataFrame({"passage_id": ["d:001"], "tradition": ["icc"],
        ...                   "text": ['It was right, "they said it all."'], "quoted_spans": [[(14, 33)]]})
        >>> rows = ("tradition,opposition,verdict,statement,passage_1,anchor_1\\n"
        ...         "icc,x,endorses,Right.,d:001,It was right\\n")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (Path(d) / "positions.csv").write_text(rows, encoding="utf-8")
        ...     p = load_positions(P, ["icc"], ["x"], load_codebook(), root=d)
        >>> p.loc[0, ["verdict", "evidence"]].tolist()
        ['endorses', [('d:001', 'It was right', 0)]]
    """
    root = Path(root) if root is not None else default_root()
    codebook = codebook if codebook is not None else load_codebook(root)
    path = root / POSITIONS_FILE
    rows = read_csv_rows(path, POSITION_FIELDS[:4] + ["passage_1", "anchor_1"], AnnotationError,
                         allow_empty=True, strip=False)
    info = {pid: (trad, text, spans) for pid, trad, text, spans in zip(
        passages["passage_id"], passages["tradition"], passages["text"],
        passages["quoted_spans"] if "quoted_spans" in passages.columns else [None] * len(passages))}
    verdicts = codebook.verdict_ids
    seen: dict[tuple[str, str], int] = {}
    out = []
    for line, row in rows:
        where = f"{path}: row {line}"
        tradition, opposition = row["tradition"].strip(), row["opposition"].strip()
        verdict, statement = row["verdict"].strip(), " ".join(row["statement"].split())
        if tradition not in traditions:
            raise AnnotationError(f"{where}: unknown tradition '{tradition}' (valid: {', '.join(traditions)})")
        if opposition not in oppositions:
            raise AnnotationError(f"{where}: unknown opposition '{opposition}' (valid: {', '.join(oppositions)})")
        if verdict not in verdicts:
            raise AnnotationError(f"{where}: unknown verdict '{verdict}' (valid: {', '.join(verdicts)})")
        key = (tradition, opposition)
        if key in seen:
            raise AnnotationError(f"{where}: a second position of '{tradition}' on '{opposition}' "
                                  f"(row {seen[key]}; one row per tradition and opposition)")
        seen[key] = line
        evidence = []
        for k in range(1, MAX_EVIDENCE + 1):
            pid, anchor = row.get(f"passage_{k}", "").strip(), row.get(f"anchor_{k}", "")
            if not pid and not anchor.strip():
                continue
            if not pid:
                raise AnnotationError(f"{where}: anchor_{k} has no passage_{k}")
            if pid not in info:
                raise AnnotationError(f"{where}: unknown passage '{pid}' in passage_{k}")
            owner, text, spans = info[pid]
            if owner != tradition:
                raise AnnotationError(f"{where}: passage_{k} '{pid}' is a {owner} passage, not "
                                      f"{tradition}'s (a position is stated in the tradition's own text)")
            start = locate_anchor(anchor, pid, str(text), spans, min_authorial=1.0,
                                  where=f"{where}: anchor_{k}", error=AnnotationError)
            evidence.append((pid, anchor, start))
        if verdict == SILENT and (statement or evidence):
            raise AnnotationError(f"{where}: a '{SILENT}' position takes no statement and no evidence")
        if verdict != SILENT and not statement:
            raise AnnotationError(f"{where}: empty statement (say the tradition's central judgement)")
        if verdict != SILENT and not evidence:
            raise AnnotationError(f"{where}: no evidence (give passage_1 and anchor_1, where the "
                                  "author states the judgement)")
        out.append({"tradition": tradition, "opposition": opposition, "verdict": verdict,
                    "statement": statement, "evidence": evidence, "line": line})
    return pd.DataFrame(out, columns=POSITION_COLUMNS).astype({"line": "int64"})


def missing_positions(positions: pd.DataFrame, traditions: list[str],
                      oppositions: list[str]) -> list[tuple[str, str]]:
    """The (tradition, opposition) pairs without a position, in table order.

    Example:
        >>> p = pd.DataFrame({"tradition": ["icc"], "opposition": ["x"]})
        >>> missing_positions(p, ["icc", "anarchist"], ["x"])
        [('anarchist', 'x')]
    """
    have = set(zip(positions["tradition"], positions["opposition"]))
    return [(t, o) for o in oppositions for t in traditions if (t, o) not in have]
