"""Load and validate the corpus: the registry of documents, the traditions, the raw texts.

The corpus lives in ``corpus/`` as plain files a scholar can read and edit:

- ``documents.csv``: one row per text. Columns: ``doc_id``, ``tradition``, ``author``,
  ``title``, ``venue``, ``year``, ``file`` (relative to ``corpus/``), ``sha256``.
- ``traditions.csv``: one row per tradition. Columns: ``tradition``, ``name``, ``colour``,
  ``description``. The colour is used by every figure and styled table.
- ``texts/*.txt``: the texts, byte-identical to what the user supplied.

Every problem is a :class:`CorpusError` that names the file, the row and what is wrong;
the command line turns it into one line on stderr and exit code 2. The registry and the
folder must agree: every ``texts/*.txt`` file is registered in ``documents.csv``, and every
tradition of ``traditions.csv`` has at least one document (deleting a row of the registry
is an error, not a silently smaller corpus).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from standpoint.corpus.files import read_csv_rows
from standpoint.errors import InputError, StandpointError

DOCUMENT_COLUMNS = ["doc_id", "tradition", "author", "title", "venue", "year", "file", "sha256"]
TRADITION_COLUMNS = ["tradition", "name", "colour", "description"]
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class CorpusError(StandpointError, ValueError):
    """A problem with the corpus files (the message names the file, row and problem)."""


def project_root() -> Path:
    """The project folder (the one holding ``lib/``, ``corpus/`` and ``notebooks/``).

    Example:
        >>> (project_root() / "lib" / "standpoint").is_dir()
        True
    """
    return Path(__file__).resolve().parents[3]


def default_root() -> Path:
    """The project's ``corpus/`` folder (``lib/standpoint/`` -> ``../../corpus``).

    Example:
        >>> default_root().name
        'corpus'
    """
    return project_root() / "corpus"


@dataclass(frozen=True)
class Corpus:
    """A validated corpus.

    Attributes:
        root: the folder the corpus was read from.
        documents: DataFrame with :data:`DOCUMENT_COLUMNS`, one row per document, in file order.
        traditions: DataFrame with :data:`TRADITION_COLUMNS`, one row per tradition.
        texts: ``doc_id -> raw text`` (decoded UTF-8, exactly the bytes on disk).
    """

    root: Path
    documents: pd.DataFrame
    traditions: pd.DataFrame
    texts: dict[str, str] = field(repr=False)

    @property
    def colours(self) -> dict[str, str]:
        """``tradition -> colour``, the one colour per tradition used in every figure."""
        return dict(zip(self.traditions["tradition"], self.traditions["colour"]))

    @property
    def tradition_order(self) -> list[str]:
        """Tradition ids in the order of ``traditions.csv`` (the order of every table)."""
        return list(self.traditions["tradition"])


def _root(root, function: str) -> Path:
    """The corpus folder ``root`` (None: :func:`default_root`), or an :class:`InputError`
    naming the argument for anything that is not a path."""
    if root is None:
        return default_root()
    path = os.fspath(root) if isinstance(root, (str, os.PathLike)) else None
    if isinstance(path, str) and path.strip():
        return Path(path)
    shown = repr(root) if len(repr(root)) <= 40 else repr(root)[:37] + "..."
    raise InputError(f"{function}: root must be the path of a corpus folder (or None), "
                     f"got {type(root).__name__} {shown}")


def load_traditions(root: Path | str | None = None) -> pd.DataFrame:
    """Read and validate ``traditions.csv``.

    Example:
        >>> list(load_traditions()["tradition"])
        ['icc', 'trotskyist', 'anarchist', 'academic']
    """
    return _read_traditions(_root(root, "load_traditions"))[0]


def _read_traditions(root: Path) -> tuple[pd.DataFrame, list[int]]:
    """:func:`load_traditions`, and the line number of each row in the file."""
    path = root / "traditions.csv"
    rows = read_csv_rows(path, TRADITION_COLUMNS, CorpusError, allow_empty=True)
    seen: set[str] = set()
    for i, row in rows:
        tid = row["tradition"]
        if not tid:
            raise CorpusError(f"{path}: row {i}: empty tradition id")
        if tid in seen:
            raise CorpusError(f"{path}: row {i}: duplicate tradition '{tid}'")
        seen.add(tid)
        if not _HEX_COLOUR.match(row["colour"]):
            raise CorpusError(f"{path}: row {i}: colour '{row['colour']}' is not #RRGGBB")
    frame = pd.DataFrame([r for _, r in rows], columns=TRADITION_COLUMNS).astype(str)
    return frame, [i for i, _ in rows]


def load_corpus(root: Path | str | None = None) -> Corpus:
    """Load ``corpus/``, checking every document against the registry.

    Raises :class:`CorpusError` (naming file, row and problem) for: a missing file, a
    checksum mismatch, non-UTF-8 bytes, an empty text, a duplicate ``doc_id``, an unknown
    tradition, a missing column, a text in ``texts/`` that no row registers, or a tradition
    with no document; :class:`~standpoint.errors.InputError` if ``root`` is not a path.

    Example:
        >>> corpus = load_corpus()
        >>> sorted(corpus.texts)[:2]
        ['afaq-oppositions', 'gaido-review']
        >>> corpus.documents.loc[0, "tradition"]
        'icc'
        >>> load_corpus(123)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: load_corpus: root must be the path of a corpus folder (or None), got int 123
    """
    root = _root(root, "load_corpus")
    traditions, tradition_lines = _read_traditions(root)
    known = set(traditions["tradition"])
    path = root / "documents.csv"
    rows = read_csv_rows(path, DOCUMENT_COLUMNS, CorpusError, allow_empty=True)
    texts: dict[str, str] = {}
    for i, row in rows:
        doc_id = row["doc_id"]
        where = f"{path}: row {i}"
        if not doc_id:
            raise CorpusError(f"{where}: empty doc_id")
        if doc_id in texts:
            raise CorpusError(f"{where}: duplicate doc_id '{doc_id}'")
        if row["tradition"] not in known:
            raise CorpusError(
                f"{where}: unknown tradition '{row['tradition']}' for '{doc_id}' "
                f"(known: {', '.join(sorted(known))})"
            )
        if not row["file"]:
            raise CorpusError(f"{where}: empty file for '{doc_id}'")
        text_path = root / row["file"]
        if not text_path.is_file():
            raise CorpusError(f"{where}: file not found for '{doc_id}': {text_path}")
        data = text_path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"].lower():
            raise CorpusError(
                f"{where}: checksum mismatch for '{doc_id}' ({text_path}): "
                f"registry {row['sha256'][:12] or '(empty)'}..., file {digest[:12]}...; "
                "the text has changed"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{where}: {text_path} is not valid UTF-8 (byte {exc.start})") from None
        if not text.strip():
            raise CorpusError(f"{where}: {text_path} is empty")
        texts[doc_id] = text
    _check_registry_covers(root, path, [root / row["file"] for _, row in rows])
    used = {row["tradition"] for _, row in rows}
    for i, tid in zip(tradition_lines, traditions["tradition"]):
        if tid not in used:
            raise CorpusError(
                f"{root / 'traditions.csv'}: row {i}: tradition '{tid}' has no document in "
                f"{path} (register one, or remove the tradition)"
            )
    documents = pd.DataFrame([r for _, r in rows], columns=DOCUMENT_COLUMNS).astype(str)
    return Corpus(root=root, documents=documents, traditions=traditions, texts=texts)


def _check_registry_covers(root: Path, registry: Path, registered: list[Path]) -> None:
    """Every ``*.txt`` file under ``root/texts`` (hidden files and folders aside) is one of
    the ``registered`` files, or a :class:`CorpusError` names the first one that is not."""
    folder = root / "texts"
    if not folder.is_dir():
        return
    known = {p.resolve() for p in registered}
    found = []
    for top, folders, files in os.walk(folder):  # (symbolic links to folders not followed)
        folders[:] = [f for f in folders if not f.startswith(".")]
        found += [Path(top) / f for f in files
                  if not f.startswith(".") and f.lower().endswith(".txt")]
    for path in sorted(found):
        if path.is_file() and path.resolve() not in known:
            raise CorpusError(
                f"{path}: not registered in {registry} (no row has file "
                f"'{path.relative_to(root).as_posix()}'; add a row, or move the text out of "
                f"{folder})"
            )
