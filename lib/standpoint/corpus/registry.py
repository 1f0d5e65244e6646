"""The registry of oppositions inside the Bolshevik party (``corpus/oppositions.yaml``).

The registry is a plain YAML file a scholar can read and edit (its header explains every field).
:func:`load_oppositions` reads it, validates it and returns one row per opposition, in file
(chronological) order:

===============  ======================================================================
column           meaning
===============  ======================================================================
opposition       id, e.g. ``workers-opposition`` (lower-case letters, digits, hyphens)
name             usual English name, e.g. ``Workers' Opposition``
start_year       first year of the group as an organised opposition (int)
end_year         last year (int, >= start_year)
description      one line
aliases          list of names that always mean this group (every spelling in the texts)
ambiguous        list of phrases that mean this group only in context (may be empty)
members          list of dicts ``{"name", "variants" (list), "also" (list of ids),
                 "ambiguous" (bool)}``
===============  ======================================================================

Two registry-wide tables travel in ``DataFrame.attrs`` (so that :func:`standpoint.topics.attribution.mentions`
receives them with the frame): ``attrs["dates"]``, a list of ``(phrase, first_year, last_year)``
for events the texts name without a year ("Brest-Litovsk", "Tenth Congress"),
``attrs["generic"]``, phrases meaning "the opposition being discussed" ("the Opposition"), and
``attrs["not_mentions"]``, phrases that look like a name but are not one ("Natalia Sedova
Trotsky", "Left Social Revolutionaries").

Every problem is an :class:`OppositionsError` (a ``ValueError``) naming the file, the entry and
the problem.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_yaml
from standpoint.errors import StandpointError
from standpoint.text.quotes import normalise

OPPOSITION_COLUMNS = [
    "opposition", "name", "start_year", "end_year", "description",
    "aliases", "ambiguous", "members",
]
#: the registry of what comparisons are about: ``subjects.yaml`` (any debate: parties, events,
#: people), or ``oppositions.yaml`` (the Bolshevik corpus), whichever the corpus has
FILE_NAMES = ("subjects.yaml", "oppositions.yaml")
FILE_NAME = "oppositions.yaml"
LIST_KEYS = ("subjects", "oppositions")
TOP_LEVEL_FIELDS = {"subjects", "oppositions", "generic", "dates", "not_mentions"}
ENTRY_FIELDS = {"id", "name", "years", "description", "aliases", "ambiguous", "members"}
REQUIRED_FIELDS = ("id", "name", "years", "description", "aliases")
MEMBER_FIELDS = {"name", "variants", "also", "ambiguous"}
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_YEAR_KEY = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$")


class OppositionsError(StandpointError, ValueError):
    """A problem with the oppositions registry (the message names file, entry and problem)."""


def _strings(value, where: str, what: str, *, allow_empty: bool = False) -> list[str]:
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or (not value and not allow_empty):
        raise OppositionsError(f"{where}: {what} must be a non-empty list of strings")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise OppositionsError(f"{where}: {what} has an empty or non-text item {item!r}")
        out.append(item.strip())
    return out


def _years(value, where: str) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in value)
    ):
        raise OppositionsError(f"{where}: years must be two integers [start, end], got {value!r}")
    start, end = value
    if start > end:
        raise OppositionsError(f"{where}: years start {start} is after end {end}")
    return start, end


def _members(value, where: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise OppositionsError(f"{where}: members must be a list")
    members = []
    for j, member in enumerate(value, start=1):
        here = f"{where}: member {j}"
        if not isinstance(member, dict):
            raise OppositionsError(f"{here}: must be a mapping with name and variants")
        unknown = sorted(set(member) - MEMBER_FIELDS)
        if unknown:
            raise OppositionsError(
                f"{here}: unknown field(s) {', '.join(unknown)} "
                f"(allowed: {', '.join(sorted(MEMBER_FIELDS))})"
            )
        name = member.get("name")
        if not isinstance(name, str) or not name.strip():
            raise OppositionsError(f"{here}: missing name")
        here = f"{where}: member '{name}'"
        variants = _strings(member.get("variants"), here, "variants")
        also = _strings(member.get("also"), here, "also", allow_empty=True)
        ambiguous = member.get("ambiguous", False)
        if not isinstance(ambiguous, bool):
            raise OppositionsError(f"{here}: ambiguous must be true or false, got {ambiguous!r}")
        members.append({"name": name.strip(), "variants": variants, "also": also,
                        "ambiguous": ambiguous})
    return members


def _dates(value, path: Path) -> list[tuple[str, int, int]]:
    if value is None:
        return []
    if not isinstance(value, dict):
        raise OppositionsError(f"{path}: dates must be a mapping year -> list of phrases")
    out = []
    for key, phrases in value.items():
        m = _YEAR_KEY.match(str(key))
        if not m:
            raise OppositionsError(f"{path}: dates: key {key!r} is not a year or 'YYYY-YYYY'")
        y0 = int(m.group(1))
        y1 = int(m.group(2) or y0)
        if y0 > y1:
            raise OppositionsError(f"{path}: dates: {key!r} starts after it ends")
        for phrase in _strings(phrases, f"{path}: dates: {key}", "phrases"):
            out.append((phrase, y0, y1))
    return out


def registry_path(root: Path | str | None = None) -> Path:
    """The corpus's registry file: ``subjects.yaml`` if there is one, else ``oppositions.yaml``.

    Example:
        >>> registry_path().name
        'oppositions.yaml'
    """
    root = Path(root) if root is not None else default_root()
    for name in FILE_NAMES:
        if (root / name).is_file():
            return root / name
    return root / FILE_NAME


def load_oppositions(root: Path | str | None = None) -> pd.DataFrame:
    """Read and validate the corpus's registry of subjects (:func:`registry_path`:
    ``subjects.yaml`` or ``oppositions.yaml``; default: the project's ``corpus/``). The id
    column is named ``opposition`` whatever the debate (in the Bolshevik corpus the subjects
    are the oppositions).

    Raises :class:`OppositionsError` for: a missing or unparsable file, a missing ``id`` or
    required field, a duplicate id, an unknown field, years that are not two ordered integers,
    an empty alias list, a member ``also:`` naming an unknown id, or the same alias or member
    spelling registered twice.

    Example:
        >>> opp = load_oppositions()
        >>> list(opp["opposition"])[:3]
        ['left-communists', 'democratic-centralists', 'military-opposition']
        >>> row = opp.set_index("opposition").loc["workers-opposition"]
        >>> int(row["start_year"]), int(row["end_year"]), "Shlyapnikov" in row["members"][0]["variants"]
        (1920, 1922, True)
    """
    root = Path(root) if root is not None else default_root()
    path = registry_path(root)
    data = read_yaml(path, OppositionsError)
    keys = [k for k in LIST_KEYS if isinstance(data, dict) and k in data]
    if len(keys) != 1:
        raise OppositionsError(f"{path}: expected a mapping with one 'subjects:' (or "
                               "'oppositions:') list")
    unknown = sorted(set(map(str, data)) - TOP_LEVEL_FIELDS)
    if unknown:
        raise OppositionsError(
            f"{path}: unknown top-level field(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(TOP_LEVEL_FIELDS))})"
        )
    entries = data[keys[0]]
    if not isinstance(entries, list) or not entries:
        raise OppositionsError(f"{path}: '{keys[0]}:' must be a non-empty list")

    rows = []
    seen_ids: dict[str, int] = {}
    seen_alias: dict[str, str] = {}
    seen_variant: dict[str, str] = {}
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: entry {i}"
        if not isinstance(entry, dict):
            raise OppositionsError(f"{where}: must be a mapping (id, name, years, ...)")
        if "id" not in entry or not isinstance(entry["id"], str) or not entry["id"].strip():
            raise OppositionsError(f"{where}: missing id")
        oid = entry["id"].strip()
        where = f"{path}: opposition '{oid}' (entry {i})"
        if not _ID.match(oid):
            raise OppositionsError(f"{where}: id must be lower-case letters, digits and hyphens")
        if oid in seen_ids:
            raise OppositionsError(f"{where}: duplicate id (first at entry {seen_ids[oid]})")
        seen_ids[oid] = i
        unknown = sorted(set(map(str, entry)) - ENTRY_FIELDS)
        if unknown:
            raise OppositionsError(
                f"{where}: unknown field(s) {', '.join(unknown)} "
                f"(allowed: {', '.join(sorted(ENTRY_FIELDS))})"
            )
        for required in REQUIRED_FIELDS:
            if entry.get(required) in (None, ""):
                raise OppositionsError(f"{where}: missing {required}")
        for text_field in ("name", "description"):
            if not isinstance(entry[text_field], str):
                raise OppositionsError(f"{where}: {text_field} must be text")
        start, end = _years(entry["years"], where)
        aliases = _strings(entry["aliases"], where, "aliases")
        ambiguous = _strings(entry.get("ambiguous"), where, "ambiguous", allow_empty=True)
        for alias in aliases:
            key = normalise(alias)
            if key in seen_alias:
                raise OppositionsError(
                    f"{where}: alias '{alias}' is already an alias of '{seen_alias[key]}'"
                )
            seen_alias[key] = oid
        members = _members(entry.get("members"), where)
        for member in members:
            for variant in member["variants"]:
                key = normalise(variant)
                if key in seen_variant:
                    raise OppositionsError(
                        f"{where}: member '{member['name']}': variant '{variant}' is already "
                        f"a variant of '{seen_variant[key]}'"
                    )
                seen_variant[key] = member["name"]
        rows.append({
            "opposition": oid,
            "name": entry["name"].strip(),
            "start_year": start,
            "end_year": end,
            "description": " ".join(entry["description"].split()),
            "aliases": aliases,
            "ambiguous": ambiguous,
            "members": members,
        })
    # cross-references, once every id is known
    for row in rows:
        for member in row["members"]:
            for other in member["also"]:
                if other not in seen_ids:
                    raise OppositionsError(
                        f"{path}: opposition '{row['opposition']}' (entry "
                        f"{seen_ids[row['opposition']]}): member '{member['name']}': also: "
                        f"unknown opposition '{other}'"
                    )
                if other == row["opposition"]:
                    raise OppositionsError(
                        f"{path}: opposition '{row['opposition']}': member '{member['name']}': "
                        "also: names the member's own opposition"
                    )
    for alias, owner in seen_alias.items():
        for row in rows:
            if any(normalise(a) == alias for a in row["ambiguous"]):
                raise OppositionsError(
                    f"{path}: opposition '{row['opposition']}': ambiguous phrase '{alias}' is an "
                    f"unambiguous alias of '{owner}'"
                )
    generic = _strings(data.get("generic"), f"{path}: generic", "phrases", allow_empty=True)
    not_mentions = _strings(data.get("not_mentions"), f"{path}: not_mentions", "phrases",
                            allow_empty=True)
    dates = _dates(data.get("dates"), path)

    frame = pd.DataFrame(rows, columns=OPPOSITION_COLUMNS)
    frame = frame.astype({"start_year": "int64", "end_year": "int64"})
    frame.attrs["dates"] = dates
    frame.attrs["generic"] = generic
    frame.attrs["not_mentions"] = not_mentions
    frame.attrs["source"] = str(path)
    return frame


def opposition_order(oppositions: pd.DataFrame) -> list[str]:
    """Opposition ids in registry (chronological) order: the column order of every table.

    Example:
        >>> opposition_order(load_oppositions())[-1]
        'right-opposition'
    """
    return list(oppositions["opposition"])


def member_index(oppositions: pd.DataFrame) -> pd.DataFrame:
    """One row per member: ``member, opposition`` (where listed), ``also`` (list), ``ambiguous``
    (bool: listed with ``ambiguous: true`` or with ``also:``), ``variants`` (list).

    Example:
        >>> m = member_index(load_oppositions()).set_index("member")
        >>> b = m.loc["Bukharin"]
        >>> b["opposition"], b["also"], bool(b["ambiguous"])
        ('left-communists', ['right-opposition'], True)
        >>> bool(m.loc["Shliapnikov", "ambiguous"])
        False
    """
    rows = []
    for row in oppositions.itertuples(index=False):
        for member in row.members:
            rows.append({
                "member": member["name"],
                "opposition": row.opposition,
                "also": list(member["also"]),
                "ambiguous": bool(member["ambiguous"] or member["also"]),
                "variants": list(member["variants"]),
            })
    return pd.DataFrame(rows, columns=["member", "opposition", "also", "ambiguous", "variants"])
