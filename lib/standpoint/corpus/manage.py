"""Making a corpus of one's own: :func:`init_corpus` writes an empty corpus folder with every
file the pipeline reads; :func:`add_document` copies a text in and registers it (with its
checksum); :func:`remove_document` takes it out again.

Both changes are atomic: the new files are written beside their targets and put in place by
renames, with Ctrl-C (SIGINT) and SIGTERM held back for the instant of the renames, so an
interrupted command leaves the corpus as it was. Every refusal is a :class:`CorpusError` (one
line; the CLI exits 2) and changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import signal
import tempfile
from pathlib import Path

from standpoint.corpus.documents import (DOCUMENT_COLUMNS, TRADITION_COLUMNS, CorpusError,
                                         load_corpus, load_traditions)
from standpoint.corpus.files import read_csv_rows

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

_README = """# A standpoint corpus

Every file the pipeline reads; `standpoint add` and `standpoint remove` keep `documents.csv`
and `texts/` in step (with checksums); the others are yours to edit.

| file | columns / content |
|---|---|
| `documents.csv` | doc_id, tradition, author, title, venue, year, file (relative to this folder), sha256 |
| `traditions.csv` | tradition, name, colour (#rrggbb, used in every figure), description |
| `texts/*.txt` | the texts, UTF-8, exactly as given |
| `subjects.yaml` | what comparisons are about: `subjects:` entries with id, name, years [first, last], description, aliases (every spelling in the texts), optional ambiguous phrases and members (name, variants, also) |
| `codebook.yaml` | themes (id, label, description), stances, coding rules, verdicts |
| `annotations.csv` | passage codes: passage_id, anchor (verbatim, the author's words), opposition (a subject id), themes (;-separated), stance, note |
| `positions.csv` | each tradition's verdict on each subject: tradition, opposition, verdict, statement, passage_1, anchor_1 ... passage_3, anchor_3 |
| `claims.csv` | factual claims: question_id, opposition, question, tradition, passage_id, anchor, answer, value |
| `evaluative_lexicon.csv` | word, polarity (-2, -1, +1, +2), note |

Passage ids (`doc_id:NNN`) come from `standpoint passages --corpus DIR`.
"""

_SUBJECTS = """# What the comparisons of this corpus are about. One entry per subject (a party, a group,
# an event, a person): id (lower-case letters, digits, hyphens), name, years [first, last],
# description, aliases (every spelling the texts use), and optionally ambiguous phrases and
# members (name, variants). Replace this example with your own subjects.
subjects:
  - id: example-subject
    name: Example subject
    years: [1900, 1901]
    description: Replace this entry with a subject of your debate.
    aliases:
      - Example subject
"""


def _csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block is over (the main thread only)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # not on this platform / thread
        old = None
    try:
        yield
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new file beside ``path`` (flushed to disk); return its path."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _commit(changes: list[tuple[Path, bytes | None]]) -> None:
    """Apply ``(path, new bytes or None to delete)`` all at once: every new file is staged
    first; then, with signals held, each target's old version is set aside (a hard link) and
    the new one renamed in (or the old one removed). If any step fails, everything done is
    undone from the set-aside versions, so the corpus is as it was; the set-aside and staged
    files are removed either way."""
    staged: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for path, data in changes:
            if data is not None:
                staged[path] = _stage(path, data)
        with _signals_held():
            try:
                for path, data in changes:
                    if path.exists():
                        backup = Path(tempfile.mktemp(prefix=f".{path.name}.", suffix=".old",
                                                      dir=path.parent))
                        os.link(path, backup)
                        backups[path] = backup
                    if data is None:
                        path.unlink()
                    else:
                        os.replace(staged[path], path)
                        del staged[path]
                    done.append(path)
            except OSError:
                for path in reversed(done):
                    if path in backups:
                        os.replace(backups.pop(path), path)
                    else:
                        path.unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise CorpusError(f"cannot write the corpus: {exc.strerror or exc}") from None
    finally:
        for leftover in list(staged.values()) + list(backups.values()):
            leftover.unlink(missing_ok=True)


def init_corpus(folder: Path | str) -> Path:
    """Write an empty corpus in ``folder`` (new or empty): every file the pipeline reads, no
    document yet (add them with :func:`add_document`), and a README of their columns.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     root = init_corpus(Path(d) / "mine")
        ...     sorted(p.name for p in root.iterdir())[:4]
        ['README.md', 'annotations.csv', 'claims.csv', 'codebook.yaml']
    """
    from standpoint.corpus.documents import default_root

    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise CorpusError(f"{root}: exists and is not an empty folder (choose a new folder)")
    template = default_root()
    files = {
        "documents.csv": _csv_text(DOCUMENT_COLUMNS, []),
        "traditions.csv": _csv_text(TRADITION_COLUMNS, []),
        "subjects.yaml": _SUBJECTS,
        "codebook.yaml": (template / "codebook.yaml").read_text(encoding="utf-8"),
        "annotations.csv": "passage_id,anchor,opposition,themes,stance,note\n",
        "positions.csv": "tradition,opposition,verdict,statement,passage_1,anchor_1,passage_2,"
                         "anchor_2,passage_3,anchor_3\n",
        "claims.csv": "question_id,opposition,question,tradition,passage_id,anchor,answer,value\n",
        "evaluative_lexicon.csv": (template / "evaluative_lexicon.csv").read_text(encoding="utf-8"),
        "README.md": _README,
    }
    try:
        (root / "texts").mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CorpusError(f"{root}: cannot write ({exc.strerror or exc})") from None
    return root


def _doc_rows(root: Path) -> list[dict]:
    return [r for _, r in read_csv_rows(root / "documents.csv", DOCUMENT_COLUMNS, CorpusError,
                                        allow_empty=True)]


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")
    return slug or "text"


def add_document(root: Path | str, file: Path | str, *, tradition: str, author: str,
                 title: str, year: str = "", venue: str = "", doc_id: str | None = None,
                 new_tradition: str | None = None, colour: str | None = None) -> str:
    """Copy the UTF-8 text ``file`` into ``root/texts/``, register it in ``documents.csv``
    with its sha256, and return its ``doc_id`` (default: from the author and title).

    Refused (a :class:`CorpusError`, nothing changed): a file that is missing, not UTF-8, or
    empty; a text already in the corpus (same sha256); a ``doc_id`` in use or malformed; an
    unknown tradition, unless ``new_tradition`` (its display name) and ``colour`` (``#rrggbb``)
    are given, which add it to ``traditions.csv``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     root = init_corpus(Path(d) / "c")
        ...     text = Path(d) / "essay.txt"
        ...     _ = text.write_text("The Levellers were right.", encoding="utf-8")
        ...     add_document(root, text, tradition="radical", author="A. Writer", title="An Essay",
        ...                  new_tradition="Radical", colour="#112233")
        'writer-an-essay'
    """
    root, file = Path(root), Path(file)
    if not (root / "documents.csv").is_file():
        raise CorpusError(f"{root}: not a corpus folder (no documents.csv; make one with "
                          "standpoint init)")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{file}: file not found") from None
    except OSError as exc:
        raise CorpusError(f"{file}: cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{file}: not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise CorpusError(f"{file}: empty text")
    for field, value in (("author", author), ("title", title)):
        if not str(value).strip():
            raise CorpusError(f"--{field} is empty")
    digest = hashlib.sha256(data).hexdigest()
    docs = _doc_rows(root)
    same = [r["doc_id"] for r in docs if r["sha256"].lower() == digest]
    if same:
        raise CorpusError(f"{file}: already in the corpus as '{same[0]}' (same sha256)")
    surname = author.split()[-1] if author.split() else "text"
    doc_id = doc_id if doc_id is not None else _slug(f"{surname} {title}")
    if not DOC_ID.match(doc_id):
        raise CorpusError(f"doc_id '{doc_id}' must be lower-case letters, digits and hyphens")
    if doc_id in {r["doc_id"] for r in docs}:
        raise CorpusError(f"doc_id '{doc_id}' is already in the corpus (choose another with --doc-id)")
    target = root / "texts" / f"{doc_id}.txt"
    if target.exists():
        raise CorpusError(f"{target}: exists and is not registered (remove it, or choose another --doc-id)")
    changes: list[tuple[Path, bytes | None]] = []
    traditions = [r for _, r in read_csv_rows(root / "traditions.csv", TRADITION_COLUMNS,
                                              CorpusError, allow_empty=True)]
    if tradition not in {r["tradition"] for r in traditions}:
        if not new_tradition:
            known = ", ".join(r["tradition"] for r in traditions) or "none yet"
            raise CorpusError(f"unknown tradition '{tradition}' (known: {known}); to add it, give "
                              "--new-tradition \"Display name\" --colour \"#rrggbb\"")
        if not re.match(r"^[a-z][a-z0-9-]{0,40}$", tradition):
            raise CorpusError(f"tradition '{tradition}' must be lower-case letters, digits and hyphens")
        if not colour or not COLOUR.match(colour):
            raise CorpusError(f"--colour must be #rrggbb for the new tradition '{tradition}', "
                              f"not {colour!r}")
        traditions.append({"tradition": tradition, "name": new_tradition, "colour": colour,
                           "description": new_tradition})
        changes.append((root / "traditions.csv",
                        _csv_text(TRADITION_COLUMNS, traditions).encode("utf-8")))
    elif new_tradition or colour:
        raise CorpusError(f"tradition '{tradition}' exists already: leave out --new-tradition and --colour")
    docs.append({"doc_id": doc_id, "tradition": tradition, "author": author.strip(),
                 "title": title.strip(), "venue": venue.strip(), "year": str(year).strip(),
                 "file": f"texts/{doc_id}.txt", "sha256": digest})
    changes = [(target, data)] + changes + [
        (root / "documents.csv", _csv_text(DOCUMENT_COLUMNS, docs).encode("utf-8"))]
    _commit(changes)
    return doc_id


def remove_document(root: Path | str, doc_id: str, *, keep_file: bool = False) -> list[Path]:
    """Take ``doc_id`` out of ``documents.csv`` and delete its text (unless ``keep_file``;
    a kept text is moved out of ``texts/`` beside the corpus folder, as ``<doc_id>.txt``,
    so that the corpus still loads). Returns what was removed or moved. A tradition left with
    no document is removed from ``traditions.csv`` too. An unknown ``doc_id`` is a
    :class:`CorpusError` listing the known ones.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     root = init_corpus(Path(d) / "c")
        ...     _ = (Path(d) / "a.txt").write_text("Text.", encoding="utf-8")
        ...     doc = add_document(root, Path(d) / "a.txt", tradition="x", author="A B",
        ...                        title="T", new_tradition="X", colour="#000000")
        ...     [p.name for p in remove_document(root, doc)]
        ['b-t.txt']
    """
    root = Path(root)
    docs = _doc_rows(root)
    match = [r for r in docs if r["doc_id"] == doc_id]
    if not match:
        known = ", ".join(r["doc_id"] for r in docs) or "none"
        raise CorpusError(f"unknown document '{doc_id}' (known: {known})")
    row = match[0]
    rest = [r for r in docs if r["doc_id"] != doc_id]
    text = root / row["file"]
    changes: list[tuple[Path, bytes | None]] = [
        (root / "documents.csv", _csv_text(DOCUMENT_COLUMNS, rest).encode("utf-8"))]
    if row["tradition"] not in {r["tradition"] for r in rest}:
        traditions = [r for _, r in read_csv_rows(root / "traditions.csv", TRADITION_COLUMNS,
                                                  CorpusError, allow_empty=True)
                      if r["tradition"] != row["tradition"]]
        changes.append((root / "traditions.csv",
                        _csv_text(TRADITION_COLUMNS, traditions).encode("utf-8")))
    moved = []
    if text.is_file():
        if keep_file:
            kept = root.parent / f"{doc_id}.txt"
            if kept.exists():
                raise CorpusError(f"{kept}: exists (the kept text would overwrite it)")
            changes.append((kept, text.read_bytes()))
        changes.append((text, None))
        moved.append(root.parent / f"{doc_id}.txt" if keep_file else text)
    _commit(changes)
    return moved


__all__ = ["add_document", "init_corpus", "load_corpus", "load_traditions", "remove_document"]
