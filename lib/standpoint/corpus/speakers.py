"""The registry of speakers (``corpus/speakers.yaml``): the people, groups, documents and
periodicals the texts quote, with every spelling, read and validated like the oppositions.

:func:`load_speakers` returns one row per speaker, in file order:

=========  ====================================================================
column     meaning
=========  ====================================================================
speaker    id, e.g. ``shliapnikov`` (lower-case letters, digits, hyphens)
name       the usual name, e.g. ``Alexander Shliapnikov``
kind       ``person`` | ``group`` | ``document`` | ``periodical``
variants   list of spellings that name the speaker ("Shlyapnikov", "Shlipanikov" ...)
works      list of titles that stand for the speaker ("Collected Works" is Lenin's)
group      the opposition id (``corpus/oppositions.yaml``) the speaker belongs to, or ``''``
author     for a document: the speaker id of its author, or ``''``
=========  ====================================================================

Every problem is a :class:`SpeakersError` naming the file, the entry and the problem.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_yaml
from standpoint.errors import StandpointError
from standpoint.text.quotes import normalise

FILE_NAME = "speakers.yaml"
SPEAKER_COLUMNS = ["speaker", "name", "kind", "variants", "works", "group", "author"]
SPEAKER_KINDS = ("person", "group", "document", "periodical")
ENTRY_FIELDS = {"id", "name", "kind", "variants", "works", "group", "author"}
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class SpeakersError(StandpointError, ValueError):
    """A problem with the speakers registry (the message names file, entry and problem)."""


def _strings(value, where: str, what: str, *, allow_empty: bool = False) -> list[str]:
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or (not value and not allow_empty):
        raise SpeakersError(f"{where}: {what} must be a non-empty list of strings")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise SpeakersError(f"{where}: {what} has an empty or non-text item {item!r}")
        out.append(" ".join(item.split()))
    return out


def _text(entry: dict, key: str, where: str, *, required: bool) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise SpeakersError(f"{where}: {'missing' if value is None else 'empty or non-text'} "
                            f"{key}")
    return value.strip()


def load_speakers(root: Path | str | None = None, *, oppositions: pd.DataFrame | None = None,
                  missing_ok: bool = False) -> pd.DataFrame:
    """Read and validate ``speakers.yaml`` in ``root`` (default: the project's ``corpus/``).
    ``missing_ok``: a corpus without the file has no speakers (an empty table), not an error.

    ``oppositions`` (from :func:`~standpoint.corpus.load_oppositions`; read from ``root`` when
    not given and ``root`` has an ``oppositions.yaml``) checks every ``group:``.

    Raises :class:`SpeakersError` for: a missing or unparsable file, a missing id, name, kind or
    variants, a duplicate id, an unknown field or kind, a spelling (variant or work) registered
    for two speakers, a ``group`` that is not an opposition id, an ``author`` that is not a
    speaker id.

    Example:
        >>> sp = load_speakers().set_index("speaker")
        >>> "Shlyapnikov" in sp.loc["shliapnikov", "variants"], sp.loc["shliapnikov", "group"]
        (True, 'workers-opposition')
        >>> sp.loc["platform-of-the-46", "kind"]
        'document'
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     len(load_speakers(d, missing_ok=True))
        0
    """
    from standpoint.corpus.registry import load_oppositions, registry_path

    root = Path(root) if root is not None else default_root()
    path = root / FILE_NAME
    if missing_ok and not path.exists():
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    data = read_yaml(path, SpeakersError)
    if not isinstance(data, dict) or set(map(str, data)) != {"speakers"}:
        raise SpeakersError(f"{path}: expected a mapping with one 'speakers:' list")
    entries = data["speakers"]
    if not isinstance(entries, list) or not entries:
        raise SpeakersError(f"{path}: 'speakers:' must be a non-empty list")
    if oppositions is None and registry_path(root).is_file():
        oppositions = load_oppositions(root)
    groups = set(oppositions["opposition"]) if oppositions is not None else None
    rows, seen_ids, seen_spelling = [], {}, {}
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: entry {i}"
        if not isinstance(entry, dict):
            raise SpeakersError(f"{where}: must be a mapping (id, name, kind, variants, ...)")
        sid = _text(entry, "id", where, required=True)
        where = f"{path}: speaker '{sid}' (entry {i})"
        if not _ID.match(sid):
            raise SpeakersError(f"{where}: id must be lower-case letters, digits and hyphens")
        if sid in seen_ids:
            raise SpeakersError(f"{where}: duplicate id (first at entry {seen_ids[sid]})")
        seen_ids[sid] = i
        unknown = sorted(set(map(str, entry)) - ENTRY_FIELDS)
        if unknown:
            raise SpeakersError(f"{where}: unknown field(s) {', '.join(unknown)} "
                                f"(allowed: {', '.join(sorted(ENTRY_FIELDS))})")
        name = _text(entry, "name", where, required=True)
        kind = _text(entry, "kind", where, required=True)
        if kind not in SPEAKER_KINDS:
            raise SpeakersError(f"{where}: kind must be one of {', '.join(SPEAKER_KINDS)}, "
                                f"got {kind!r}")
        variants = _strings(entry.get("variants"), where, "variants")
        works = _strings(entry.get("works"), where, "works", allow_empty=True)
        for spelling in variants + works:
            key = normalise(spelling)
            if key in seen_spelling and seen_spelling[key] != sid:
                raise SpeakersError(f"{where}: '{spelling}' is already a spelling of "
                                    f"'{seen_spelling[key]}'")
            seen_spelling[key] = sid
        group = _text(entry, "group", where, required=False)
        if group and groups is not None and group not in groups:
            raise SpeakersError(f"{where}: group '{group}' is not an opposition of "
                                f"{oppositions.attrs.get('source', 'oppositions.yaml')}")
        rows.append({"speaker": sid, "name": name, "kind": kind, "variants": variants,
                     "works": works, "group": group,
                     "author": _text(entry, "author", where, required=False)})
    for row in rows:
        if row["author"] and row["author"] not in seen_ids:
            raise SpeakersError(f"{path}: speaker '{row['speaker']}' (entry "
                                f"{seen_ids[row['speaker']]}): author '{row['author']}' is not "
                                "a speaker id")
    frame = pd.DataFrame(rows, columns=SPEAKER_COLUMNS)
    frame.attrs["source"] = str(path)
    return frame
