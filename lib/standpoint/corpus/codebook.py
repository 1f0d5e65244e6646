"""The codebook (``corpus/codebook.yaml``): the themes a passage judges a group on, the stances
(how), the coding rules, and the verdicts of position statements. :func:`load_codebook` reads
and checks it; the annotations (:mod:`standpoint.corpus.annotations`) and position statements are
validated against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_yaml
from standpoint.errors import StandpointError


class AnnotationError(StandpointError, ValueError):
    """A problem with the codebook or the annotations (the message names file, row, problem)."""

CODEBOOK_FILE = "codebook.yaml"


THEME_COLUMNS = ["id", "label", "description"]


STANCE_COLUMNS = ["id", "description"]


@dataclass(frozen=True)
class Codebook:
    """The codebook (``corpus/codebook.yaml``).

    Attributes:
        themes: DataFrame with :data:`THEME_COLUMNS` (``id``, ``label``, ``description``),
            one row per theme, in file order.
        stances: DataFrame with :data:`STANCE_COLUMNS` (``id``, ``description``), in file order.
        source: the file it was read from.
    """

    themes: pd.DataFrame
    stances: pd.DataFrame
    source: str = ""

    @property
    def theme_ids(self) -> list[str]:
        """Theme ids in codebook order."""
        return list(self.themes["id"])

    @property
    def stance_ids(self) -> list[str]:
        """Stance ids in codebook order."""
        return list(self.stances["id"])


def _entries(data, key: str, columns: list[str], path: Path) -> pd.DataFrame:
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise AnnotationError(f"{path}: '{key}:' must be a non-empty list")
    rows, seen = [], {}
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: {key} entry {i}"
        if not isinstance(entry, dict):
            raise AnnotationError(f"{where}: must be a mapping with {', '.join(columns)}")
        row = {}
        for column in columns:
            value = entry.get(column)
            if not isinstance(value, str) or not value.strip():
                raise AnnotationError(f"{where}: missing or empty {column}")
            row[column] = " ".join(value.split())
        unknown = sorted(set(map(str, entry)) - set(columns))
        if unknown:
            raise AnnotationError(f"{where}: unknown field(s) {', '.join(unknown)} "
                                  f"(allowed: {', '.join(columns)})")
        if row["id"] in seen:
            raise AnnotationError(f"{where}: duplicate id '{row['id']}' (first at entry {seen[row['id']]})")
        seen[row["id"]] = i
        rows.append(row)
    return pd.DataFrame(rows, columns=columns).astype(str)


def load_codebook(root: Path | str | None = None) -> Codebook:
    """Read and validate ``<root>/codebook.yaml`` (default: the project's ``corpus/``).

    Raises :class:`AnnotationError` for a missing or unparsable file, a missing ``themes:`` or
    ``stances:`` list, an entry without ``id`` / ``label`` / ``description``, an unknown field
    or a duplicate id.

    Example:
        >>> cb = load_codebook()
        >>> cb.stance_ids
        ['endorses', 'criticises', 'mixed', 'reports']
        >>> cb.theme_ids[:3], list(cb.themes.columns)
        (['trade-unions', 'party-dictatorship', 'bureaucracy'], ['id', 'label', 'description'])
    """
    root = Path(root) if root is not None else default_root()
    path = root / CODEBOOK_FILE
    data = read_yaml(path, AnnotationError)
    if not isinstance(data, dict):
        raise AnnotationError(f"{path}: expected a mapping with 'themes:' and 'stances:'")
    themes = _entries(data, "themes", THEME_COLUMNS, path)
    stances = _entries(data, "stances", STANCE_COLUMNS, path)
    return Codebook(themes=themes, stances=stances, source=str(path))
