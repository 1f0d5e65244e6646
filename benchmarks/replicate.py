"""Build a corpus folder holding the project corpus replicated ``k`` times.

Copy 1 keeps the original doc_ids and files, so the 1x corpus is the project corpus byte for
byte (and the hand annotations, which name its passages, still load). Copies 2..k get
suffixed doc_ids (``<doc_id>-x002`` ...) and their own text files, with correct sha256s, so
``load_corpus`` validates every file and nothing is deduplicated anywhere downstream.
Tradition labels, ``traditions.csv``, ``oppositions.yaml``, the codebook, the annotations, the
position statements, the claims and the evaluative lexicon are the project's own.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

#: corpus files copied unchanged into every replicated corpus (besides the texts)
SHARED_FILES = ("traditions.csv", "oppositions.yaml", "codebook.yaml", "annotations.csv",
                "positions.csv", "claims.csv", "evaluative_lexicon.csv")


def suffix(copy: int) -> str:
    """The doc_id suffix of copy ``copy`` (1-based): none for the first.

    Example:
        >>> suffix(1), suffix(2), suffix(100)
        ('', '-x002', '-x100')
    """
    return "" if copy == 1 else f"-x{copy:03d}"


def build(source: Path, target: Path, k: int) -> dict:
    """Write ``source`` replicated ``k`` times into ``target`` (created; must not exist or be
    empty). Returns ``{"copies": k, "documents": n, "bytes": total text bytes}``."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    source, target = Path(source), Path(target)
    (target / "texts").mkdir(parents=True, exist_ok=True)
    for name in SHARED_FILES:
        if (source / name).is_file():
            shutil.copyfile(source / name, target / name)
    with open(source / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    out_rows, total = [], 0
    for copy in range(1, k + 1):
        for row in rows:
            data = (source / row["file"]).read_bytes()
            sfx = suffix(copy)
            new = dict(row)
            new["doc_id"] = row["doc_id"] + sfx
            if sfx:
                stem = Path(row["file"])
                new["file"] = str(stem.with_name(stem.stem + sfx + stem.suffix))
            new["sha256"] = hashlib.sha256(data).hexdigest()
            dest = target / new["file"]
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            total += len(data)
            out_rows.append(new)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out_rows)
    (target / "documents.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return {"copies": k, "documents": len(out_rows), "bytes": total}
