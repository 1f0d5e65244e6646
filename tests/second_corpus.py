"""Helpers that build the second test corpus (tests/data/second_corpus: a different debate,
the German Revolution of 1918-19, written for the tests) with the library's own commands."""

from __future__ import annotations

import csv
from pathlib import Path

from standpoint.corpus.manage import add_document, init_corpus

SOURCE = Path(__file__).resolve().parent / "data" / "second_corpus"


def build(folder: Path) -> Path:
    """``init`` a corpus in ``folder``, add its subjects registry and every text of the
    manifest (the traditions created on the way), and return its root."""
    root = init_corpus(folder)
    (root / "subjects.yaml").write_text((SOURCE / "subjects.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    traditions = {r["tradition"]: r for r in csv.DictReader((SOURCE / "traditions.csv").open(encoding="utf-8"))}
    seen: set[str] = set()
    for row in csv.DictReader((SOURCE / "manifest.csv").open(encoding="utf-8")):
        t = row["tradition"]
        new = {} if t in seen else {"new_tradition": traditions[t]["name"],
                                    "colour": traditions[t]["colour"]}
        seen.add(t)
        add_document(root, SOURCE / row["file"], tradition=t, author=row["author"],
                     title=row["title"], year=row["year"], venue=row["venue"],
                     doc_id=row["doc_id"], **new)
    return root
