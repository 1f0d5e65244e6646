"""The codebook (``corpus/codebook.yaml``): the themes a passage judges a group on, the stances
(how), the coding rules, and the verdicts of position statements. :func:`load_codebook` reads
and checks it; the annotations (:mod:`standpoint.corpus.annotations`) and the position
statements (:mod:`standpoint.corpus.positions`) are validated against it. The codebook is the
one place where stance and verdict labels are defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_yaml
from standpoint.errors import StandpointError

CODEBOOK_FILE = "codebook.yaml"
THEME_COLUMNS = ["id", "label", "description"]
STANCE_COLUMNS = ["id", "description"]
RULE_COLUMNS = ["id", "title", "text"]
VERDICT_COLUMNS = ["id", "description"]
#: The stance that says the passage is not really about the group (complete coding): it takes no
#: theme, and it is a finding about topic attribution rather than a judgement.
NOT_ABOUT = "not-about"
#: The stance of narration, which is never a verdict.
REPORTS = "reports"
#: The verdict of a tradition that writes nothing substantive about a group.
SILENT = "silent"


class AnnotationError(StandpointError, ValueError):
    """A problem with the codebook or the annotations (the message names file, row, problem)."""


@dataclass(frozen=True)
class Codebook:
    """The codebook (``corpus/codebook.yaml``).

    Attributes:
        themes: DataFrame with :data:`THEME_COLUMNS` (``id``, ``label``, ``description``),
            one row per theme, in file order.
        stances: DataFrame with :data:`STANCE_COLUMNS` (``id``, ``description``), in file order.
        rules: DataFrame with :data:`RULE_COLUMNS`: how the codes are applied (may be empty).
        verdicts: DataFrame with :data:`VERDICT_COLUMNS`: the verdicts of position statements.
        source: the file it was read from.
    """

    themes: pd.DataFrame
    stances: pd.DataFrame
    rules: pd.DataFrame
    verdicts: pd.DataFrame
    source: str = ""

    @property
    def theme_ids(self) -> list[str]:
        """Theme ids in codebook order."""
        return list(self.themes["id"])

    @property
    def stance_ids(self) -> list[str]:
        """Stance ids in codebook order."""
        return list(self.stances["id"])

    @property
    def judgement_ids(self) -> list[str]:
        """The stances that are judgements of the group (all but ``reports`` and
        ``not-about``), in codebook order."""
        return [s for s in self.stance_ids if s not in (REPORTS, NOT_ABOUT)]

    @property
    def verdict_ids(self) -> list[str]:
        """Verdict ids in codebook order."""
        return list(self.verdicts["id"])

    def theme_label(self, theme: str) -> str:
        """The label of a theme id (the id itself if unknown).

        Example:
            >>> load_codebook().theme_label("kronstadt")
            'Kronstadt'
        """
        found = self.themes.loc[self.themes["id"] == theme, "label"]
        return str(found.iloc[0]) if len(found) else theme


def _entries(data, key: str, columns: list[str], path: Path, *, required: bool = True) -> pd.DataFrame:
    entries = data.get(key)
    if entries is None and not required:
        return pd.DataFrame(columns=columns)
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

    Raises :class:`AnnotationError` for a missing or unparsable file, a missing ``themes:``,
    ``stances:`` or ``verdicts:`` list, an entry without its fields, an unknown field, a
    duplicate id, or a verdict list without ``silent``. ``rules:`` is optional.

    Example:
        >>> cb = load_codebook()
        >>> cb.stance_ids
        ['endorses', 'criticises', 'mixed', 'reports', 'not-about']
        >>> cb.judgement_ids, cb.verdict_ids
        (['endorses', 'criticises', 'mixed'], ['criticises', 'endorses', 'mixed', 'neutral', 'silent'])
        >>> cb.theme_ids[:3], list(cb.themes.columns)
        (['trade-unions', 'party-dictatorship', 'bureaucracy'], ['id', 'label', 'description'])
    """
    root = Path(root) if root is not None else default_root()
    path = root / CODEBOOK_FILE
    data = read_yaml(path, AnnotationError)
    if not isinstance(data, dict):
        raise AnnotationError(f"{path}: expected a mapping with 'themes:', 'stances:' and 'verdicts:'")
    unknown = sorted(set(map(str, data)) - {"themes", "stances", "rules", "verdicts"})
    if unknown:
        raise AnnotationError(f"{path}: unknown section(s) {', '.join(unknown)} "
                              "(allowed: themes, stances, rules, verdicts)")
    themes = _entries(data, "themes", THEME_COLUMNS, path)
    stances = _entries(data, "stances", STANCE_COLUMNS, path)
    rules = _entries(data, "rules", RULE_COLUMNS, path, required=False)
    verdicts = _entries(data, "verdicts", VERDICT_COLUMNS, path)
    if SILENT not in set(verdicts["id"]):
        raise AnnotationError(f"{path}: verdicts must include '{SILENT}'")
    if REPORTS in set(verdicts["id"]):
        raise AnnotationError(f"{path}: '{REPORTS}' is a stance, never a verdict")
    return Codebook(themes=themes, stances=stances, rules=rules, verdicts=verdicts,
                    source=str(path))
