"""Hand labels kept with the corpus, the yardsticks the README's figures are measured against:

- ``topic_labels.csv``: which oppositions 255 passages are about (``passage_id``,
  ``oppositions`` ``;``-separated, ``kind``, ``note``), labelled without looking at the rules;
- ``voice_labels.csv``: whose words 160 passages are (``passage_id``, ``voice`` author or
  quotation, ``others_share`` the labeller's estimate of the share of someone else's words,
  ``unmarked_others``, ``author_inside_marks``, ``note``), labelled blind to the voice rules.

Both are read with their line numbers checked (a :class:`LabelsError` names file, row and
problem); passage ids are checked against the passages by the functions that use them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_csv_rows
from standpoint.errors import StandpointError

TOPIC_LABELS = "topic_labels.csv"
VOICE_LABELS = "voice_labels.csv"


class LabelsError(StandpointError, ValueError):
    """A problem with a labels file (the message names file, row and problem)."""


def _read(root, name: str, required: list[str]) -> pd.DataFrame:
    root = Path(root) if root is not None else default_root()
    path = root / name
    rows = read_csv_rows(path, required, LabelsError)
    seen: dict[str, int] = {}
    for line, row in rows:
        pid = row["passage_id"]
        if not pid:
            raise LabelsError(f"{path}: row {line}: empty passage_id")
        if pid in seen:
            raise LabelsError(f"{path}: row {line}: passage '{pid}' labelled twice (row {seen[pid]})")
        seen[pid] = line
    return pd.DataFrame([r for _, r in rows]).astype(str)


def load_topic_labels(root: Path | str | None = None) -> pd.DataFrame:
    """The hand-labelled topics (columns ``passage_id, oppositions, kind, note``).

    Example:
        >>> labels = load_topic_labels()
        >>> len(labels), list(labels.columns)[:3]
        (255, ['passage_id', 'oppositions', 'kind'])
    """
    return _read(root, TOPIC_LABELS, ["passage_id", "oppositions", "kind"])


def load_voice_labels(root: Path | str | None = None) -> pd.DataFrame:
    """The hand-labelled voices (columns ``passage_id, voice, others_share`` (float) and the
    labeller's ``unmarked_others``, ``author_inside_marks``, ``note``).

    Example:
        >>> labels = load_voice_labels()
        >>> len(labels), sorted(set(labels["voice"]))
        (160, ['author', 'quotation'])
    """
    frame = _read(root, VOICE_LABELS, ["passage_id", "voice", "others_share"])
    bad = frame[~frame["voice"].isin(["author", "quotation"])]
    if len(bad):
        raise LabelsError(f"{VOICE_LABELS}: voice must be author or quotation, not "
                          f"'{bad.iloc[0]['voice']}' (passage {bad.iloc[0]['passage_id']})")
    return frame.astype({"others_share": "float64"})
