"""Reading the corpus folder's files: UTF-8 text, CSV rows with their line numbers, YAML.

Every reader raises the error type it is given (``CorpusError``, ``AnnotationError`` ...) with
one line naming the file (and the row or line) and the problem.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path


def read_csv_rows(path: Path, required: list[str], error: type[ValueError], *,
                  allow_empty: bool = False, strip: bool = True) -> list[tuple[int, dict[str, str]]]:
    """Records of a CSV file as ``(line number, row)``: the line where the record starts (a
    quoted field may span several lines; the header is line 1); blank records are skipped; a
    short record's missing fields are ``''``; with ``strip`` every value is stripped of
    surrounding whitespace (without, the values are exactly as written, e.g. verbatim
    anchors). Raises ``error`` (one line naming the file and the row) for a missing file,
    non-UTF-8 bytes, a missing column, a malformed record, a record with more fields than
    columns, or no record at all (unless ``allow_empty``).

    Example:
        >>> from standpoint.corpus import CorpusError, default_root
        >>> rows = read_csv_rows(default_root() / "traditions.csv", ["tradition"], CorpusError)
        >>> rows[0][0], rows[0][1]["tradition"]
        (2, 'icc')
    """
    text = read_utf8(path, error)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise error(f"{path}: empty file (no header)") from None
    except csv.Error as exc:
        raise error(f"{path}: row 1: {exc}") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise error(f"{path}: missing column(s) {', '.join(missing)} "
                    f"(expected: {', '.join(required)})")
    rows = []
    while True:
        first = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise error(f"{path}: row {first}: {exc}") from None
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise error(f"{path}: row {first}: {len(values)} fields, but the header has "
                        f"{len(header)} columns (more fields than columns)")
        values = values + [""] * (len(header) - len(values))
        if strip:
            values = [v.strip() for v in values]
        rows.append((first, dict(zip(header, values))))
    if not rows and not allow_empty:
        raise error(f"{path}: no rows")
    return rows


READ_LOG_VARIABLE = "STANDPOINT_READ_LOG"


def note_read(path: Path) -> None:
    """Record that a corpus file is being read: when the environment variable
    ``STANDPOINT_READ_LOG`` names a file, append the file's absolute path to it (the report's
    cache, :mod:`standpoint.publish.cache`, reuses a notebook's page only while every file it
    read is unchanged). Every reader of corpus files calls it; otherwise it does nothing.

    Example:
        >>> import os, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     os.environ["STANDPOINT_READ_LOG"] = f"{d}/log"
        ...     note_read(Path("/corpus/annotations.csv"))
        ...     del os.environ["STANDPOINT_READ_LOG"]
        ...     Path(f"{d}/log").read_text()
        '/corpus/annotations.csv\\n'
    """
    log = os.environ.get(READ_LOG_VARIABLE)
    if not log:
        return
    try:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{Path(path).resolve()}\n")
    except OSError:
        pass  # (the cache then misses the file: the run is simply not stored as reusable)


def read_utf8(path: Path, error: type[ValueError]) -> str:
    """The text of a corpus file (a BOM is tolerated), raising ``error`` (one line naming the
    file) for a missing file or non-UTF-8 bytes.

    Example:
        >>> from standpoint.corpus import CorpusError, default_root
        >>> read_utf8(default_root() / "traditions.csv", CorpusError).splitlines()[0]
        'tradition,name,colour,description'
    """
    note_read(path)
    if not path.is_file():
        raise error(f"{path}: file not found")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 (byte {exc.start})") from None


def read_yaml(path: Path, error: type[ValueError]):
    """Parse a YAML file of the corpus, raising ``error`` (one line naming the file, and the
    line for a syntax error) for a missing file, non-UTF-8 bytes or invalid YAML.

    Example:
        >>> from standpoint.corpus import CorpusError, default_root
        >>> data = read_yaml(default_root() / "codebook.yaml", CorpusError)
        >>> sorted(data)
        ['rules', 'stances', 'themes', 'verdicts']
    """
    import yaml

    note_read(path)
    if not path.is_file():
        raise error(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        at = f" at line {line + 1}" if line is not None else ""
        raise error(f"{path}: not valid YAML{at}") from None
